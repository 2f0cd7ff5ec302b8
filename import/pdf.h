/*
** pdf.h — a supporting document's bytes to what the store keeps of it:
** its digest, media type, page count and text.  The text of a PDF comes
** from poppler (its GLib API), run in a child process bounded in time,
** memory, pages and output, so that a hostile file (broken, encrypted,
** a decompression bomb, HTML named .pdf) gives a recorded failure with a
** reason, never a crash or a hang of the caller.  No database here: the
** caller stores the result (store_docfile_put).
*/
#ifndef GOVFS_PDF_H
#define GOVFS_PDF_H

#include <stddef.h>

#define PDF_MAX_BYTES   (64u << 20)   /* a larger document is refused */
#define PDF_MAX_PAGES   2000          /* pages extracted at most */
#define PDF_MAX_TEXT    (32u << 20)   /* text kept at most, in bytes */
#define PDF_MAX_SECONDS 30            /* wall-clock time per document */
#define PDF_MAX_MEMORY  (1024u << 20) /* address space of the extractor */

/* What limits one extraction; pdf_limits_default() fills the above,
   with the time limit from GOVCTL_EXTRACT_SECONDS when set (1..3600). */
struct pdf_limits {
	size_t max_bytes, max_text, max_memory;
	int max_pages, max_seconds;
};
void pdf_limits_default(struct pdf_limits *lim);

struct pdf_doc {
	char digest[65];        /* SHA-256 of the bytes, lowercase hex */
	char media_type[64];    /* "application/pdf", "text/html", ... */
	int pages;              /* pages extracted (0 on failure) */
	char *text;             /* malloc'd UTF-8, pages joined by '\f', no
	                           other control bytes but tab and newline;
	                           NULL on failure */
	size_t text_len;
	int ok;                 /* 1: text extracted; 0: failed, reason set */
	char reason[256];       /* why it failed: "encrypted (needs a
	                           password)", "time limit (30 s) exceeded" */
};

/*
** Extract the text of len bytes at data (a document's whole file) under
** lim (NULL: the defaults).  Fills *out (caller frees with pdf_doc_free)
** and returns 0, whether or not the text could be extracted (out->ok,
** out->reason); returns -ENOMEM or -EAGAIN (no child process) only when
** nothing could be tried.
*/
int pdf_extract(const void *data, size_t len, const struct pdf_limits *lim,
                struct pdf_doc *out);
void pdf_doc_free(struct pdf_doc *d);

/* The media type of a file from its first bytes (static string). */
const char *pdf_media_type(const void *data, size_t len);

/* SHA-256 of len bytes at data as 64 lowercase hex digits and a NUL. */
void pdf_digest(const void *data, size_t len, char out[65]);

#endif
