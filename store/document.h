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
};
typedef int (*store_doc_fn)(void *ctx, const struct doc_info *d);

/* Each document of item_id in order (fn returns non-zero to stop).
   0 or -errno. */
int store_documents(store *s, int64_t item_id, store_doc_fn fn, void *ctx);

#endif
