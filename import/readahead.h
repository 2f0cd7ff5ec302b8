/*
** readahead.h — the files of an import (govctl import FILE...), read and
** parsed on threads of their own ahead of the one writer: text and HTML
** pages by page_parse (page.h), ModernGov XML by mg_prepare for
** mg_import_prepared (moderngov.h).  Touches no database.
*/
#ifndef GOVFS_READAHEAD_H
#define GOVFS_READAHEAD_H

#include <stddef.h>

#include "page.h"

/*
** Read a whole file ("-": standard input) of at most max bytes into *out
** (malloc'd, NUL-terminated, length in *len).  Returns 0, or a negative
** errno (-EFBIG: larger than max) with *msg set to a malloc'd message
** naming the file ("pages/1.txt: No such file or directory"; NULL when
** out of memory).  Touches no database: safe on any thread.
*/
int import_read_file(const char *path, size_t max, char **out, size_t *len,
                     char **msg);

#define IMPORT_MAX_BYTES (64u << 20)   /* larger files are refused */

/* What readahead_next() gives for one file. */
enum { IMPORT_FILE_PAGE, IMPORT_FILE_XML, IMPORT_FILE_UNREADABLE,
       IMPORT_FILE_BAD };
struct import_file {
	const char *name;          /* as given to readahead_open */
	int kind;                  /* IMPORT_FILE_* */
	int rc;                    /* UNREADABLE: import_read_file's errno */
	char *msg;                 /* UNREADABLE, BAD: the message, or NULL
	                              (out of memory) */
	struct page *page;         /* PAGE: the parsed page (page.h), each
	                              item's digest set */
	struct mg_prepared *mg;    /* XML: the document parsed ahead
	                              (mg_prepare, moderngov.h), or NULL
	                              (out of memory): then xml */
	char *xml;                 /* XML: the file's bytes (mg_import) */
	size_t len;
};
void import_file_free(struct import_file *f);

/*
** Files to import, read and parsed (page_parse; url: the pages' address
** when given, may be NULL; each item's digest taken: store_page_digest)
** ahead of the writer on up to jobs threads of their own (0: each in readahead_next, on the
** caller's thread; negative: one thread when there are two CPUs or more
** and two files or more), through a bounded queue.  readahead_next
** gives them in the order of names, one per call, the same whatever
** jobs is; a file after one that failed may have been read.  names must
** outlive the reader.  Returns 0 or -ENOMEM.
*/
struct readahead;
int readahead_open(const char *const *names, int n, int jobs,
                   const char *url, struct readahead **out);
/* The next file, in order, into *f (free with import_file_free).
   Returns 0, or -ENOENT after the last. */
int readahead_next(struct readahead *r, struct import_file *f);
/* Give back f, taken with readahead_next and done with: what it holds is
   freed on a reader thread (else at once).  f is left empty. */
void readahead_done(struct readahead *r, struct import_file *f);
/* Stop the threads and free what was read and not taken. */
void readahead_close(struct readahead *r);

#endif
