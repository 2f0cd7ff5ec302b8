/*
** document.h — the files and text of an item's supporting documents
** (store/document.c).  A file is kept once per digest (docfile, its bytes
** in docblob); a document row of an item names it.  What a document's
** files look like in the tree: man/govfs.5, "Documents".
*/
#ifndef GOVFS_DOCUMENT_H
#define GOVFS_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* A document's file and what extraction made of it (borrowed). */
struct docfile_rec {
	const char *digest;         /* SHA-256, 64 lowercase hex digits */
	const void *bytes;
	size_t size;
	const char *media_type;     /* "application/pdf", ... */
	int ok;                     /* 1: text extracted; 0: failed */
	int pages;
	const char *text;           /* ok: UTF-8, pages separated by '\f' */
	size_t text_len;
	const char *reason;         /* failed: why, one line */
};

/*
** Keep file f, unless a file of the same digest is kept already (then
** nothing changes: text is extracted once per digest).  0, or -EINVAL
** (a bad digest, text with control bytes) or -EIO, message set.
*/
int store_docfile_put(store *s, const struct docfile_rec *f);

/*
** Attach the kept file of digest to item item_id as a supporting
** document.  When url is given and the item has a document with that URL,
** that document gets the file (and title, when given); otherwise a new
** document is added after the item's others, titled title.  A url also
** records that the URL's file is this one (docurl), so that a document
** re-imported with the URL shows it again.  *doc_id (if not NULL) gets
** the document's id.  0, -ENOENT (no such item or file) or -errno.
*/
int store_document_attach(store *s, int64_t item_id, const char *title,
                          const char *url, const char *digest,
                          int64_t *doc_id);

/* What is known of one of an item's documents (valid during a callback). */
struct doc_info {
	int64_t id;                 /* document row */
	int ord;
	const char *title, *url, *published;
	const char *digest;         /* "" when no file is kept */
	const char *media_type, *state, *reason;   /* "" when no file */
	int64_t size;
	int pages;
	const char *fetch_state;    /* its URL's last fetch: "ok", "failed",
	                               "" (never) */
	const char *fetch_reason;   /* failed: why ("" otherwise) */
};
typedef int (*store_doc_fn)(void *ctx, const struct doc_info *d);

/* Each document of item_id in order (fn returns non-zero to stop).
   0 or -errno. */
int store_documents(store *s, int64_t item_id, store_doc_fn fn, void *ctx);

/* A document URL a sync is to fetch (valid during the callback). */
struct docurl_due {
	const char *url;
	const char *digest;         /* of the file kept from it, or "" */
	const char *etag, *modified;   /* its validators, or "" */
	const char *state;          /* its last fetch: "", "ok", "failed" */
	const char *file_state;     /* its file's text: "", "ok", "failed" */
	const char *date;           /* the last meeting that links it */
};
typedef int (*store_docurl_fn)(void *ctx, const struct docurl_due *u);

/*
** The http and https document URLs of the items of council's boards that
** a sync is to fetch, newest meeting first: those never fetched, those
** whose last fetch failed, those whose file's text could not be
** extracted, and those with a file and a validator (ETag or
** Last-Modified) linked from a meeting on or after since (YYYY-MM-DD), to
** be asked for conditionally.  A document with a file of its own
** (govctl document add) is not.  fn's non-zero return stops the walk and
** is returned.  0 or -errno.
*/
int store_docurl_due(store *s, const char *council, const char *since,
                     store_docurl_fn fn, void *ctx);

/*
** Record that url was fetched: its file is the kept one of digest (NULL:
** the one kept before, as after a 304), with its validators (NULL: none).
** The documents of that URL are touched when what they show changes; a
** file that no document or URL names any more goes.  0 or -errno.
*/
int store_docurl_ok(store *s, const char *url, const char *digest,
                    const char *etag, const char *modified);

/*
** Record that url's fetch failed, and why (one line); what was kept of
** it before stays shown.  The documents of that URL are touched when the
** reason is new.  0 or -errno.
*/
int store_docurl_failed(store *s, const char *url, const char *reason);

#endif
