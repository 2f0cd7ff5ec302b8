/*
** minutes.h — parse one ModernGov "Agenda item" page (plain text, as in
** data/samples/) into its parts (struct minutes_page, store/pagerec.h).
** Pure: no database, no I/O.  The store (store_import_page) stores what
** this returns; the XML importer runs converted HTML minutes through
** minutes_resolutions() the same way.
*/
#ifndef GOVFS_MINUTES_H
#define GOVFS_MINUTES_H

#include <stddef.h>

#include "buf.h"   /* utf8_valid */
#include "pagerec.h"   /* struct minutes_page, what the parser fills */

#define MINUTES_MAX_BYTES (8u << 20)   /* larger pages are refused */

/*
** Parse len bytes of text (need not be NUL-terminated; LF, CRLF and
** old-Mac CR line ends and a UTF-8 BOM are fine).  name is used in messages only (NULL: "input").  Returns 0
** and fills *out (free with minutes_free), or -1 and sets *err (if err is
** not NULL) to a malloc'd message (caller frees; NULL if even that failed):
**   "name:1: empty input"                 nothing but blanks
**   "name:L: binary data (NUL byte)"
**   "name:L: invalid UTF-8 (byte 0xff)"   L: line of the first bad byte
**   "name: file too large (N bytes; at most 8388608)"
**   "name:L: not a ModernGov agenda item page (expected \"Agenda item\")"
**                                         first non-blank line is neither
**                                         "Agenda item" nor "Issue - meetings"
**   "name:L: no title (...)"
**   "name:L: truncated page (no \"Supporting documents:\" line)"
**                                         L: the last line
**   "name:L: invalid meeting date \"31/02/2015\""
**   "name: out of memory"
** On failure *out is left empty (nothing to free, but minutes_free on it
** is harmless).  Text fields are normalised: lines trimmed, invisible
** characters (U+200B zero-width space, U+FEFF, U+2060, U+200C, U+200D,
** soft hyphen) dropped, runs of blanks (spaces, tabs, NBSP and other
** Unicode spaces, control bytes) made one space, lines separated by '\n'
** and paragraphs by one blank line, no leading or trailing blank lines.
*/
int minutes_parse(const char *text, size_t len, const char *name,
                  struct minutes_page *out, char **err);
void minutes_free(struct minutes_page *p);

/* What minutes_parse_part expects of its text (one item of a page). */
struct minutes_opts {
	int first_line;     /* line number of the text's first line */
	int headed;         /* 1: "Agenda item" / "Issue - meetings", then the
	                       title, must come first (minutes_parse) */
	const char *title;  /* not headed: the item's title when the page
	                       gives it elsewhere; NULL: the first line, if it
	                       is no "Label:" heading (else no title: NULL) */
	int open_end;       /* 1: no "Supporting documents:" line is no error
	                       (the item ends with the text), and with no
	                       "Minutes:" label the minutes start after the
	                       first paragraph or an "Additional documents:"
	                       line */
	int issue;          /* not headed: an "Issue - meetings" item */
};

/*
** Parse one item's text as minutes_parse does, relaxed by *o; text must
** have passed minutes_check (no BOM).  Returns 0 (out->title may be NULL
** when not headed) or -1 with *err set.
*/
int minutes_parse_part(const char *text, size_t len, const char *name,
                       const struct minutes_opts *o, struct minutes_page *out,
                       char **err);

/* minutes_parse's checks of raw input (size, empty, NUL, UTF-8): returns
   the bytes of a BOM to skip, or -1 with *err set (the messages above). */
int minutes_check(const char *text, size_t len, const char *name, char **err);

/* The date at s ("15/03/2017", "15th March 2017", "March 15, 2017") into
   iso ("2017-03-15"): returns its length, 0 if none starts there (a month
   alone is none), or minus its length if it is no real date. */
long minutes_date(const char *s, size_t n, char iso[11]);

/*
** Find the resolution blocks ("Resolved –", "RESOLVED:", "RESOLVED that",
** "It was agreed:", "Recommendations:", "Decision:") in already-clean text
** (lines separated by '\n'), appending to *res / *nres.  Used by
** minutes_parse and by the ModernGov XML importer.  Lines are numbered
** from first_line.  Returns 0, or -1 (OOM) with *res and *nres unchanged.
** Each appended resolution's strings are the caller's to free.
*/
int minutes_resolutions(const char *text, int first_line,
                        struct minutes_resolution **res, size_t *nres);

/* minutes_resolutions, with implied >= 0 (an enum res_kind): the text is
   a resolution block of that kind from its first line ("Decision:"
   text). */
int minutes_resolutions_as(const char *text, int first_line, int implied,
                           struct minutes_resolution **res, size_t *nres);

/* n bytes at s normalised as the parser's text fields are (lines trimmed,
   blanks made one space, paragraphs separated by one blank line) into
   *out (malloc'd; NULL if all blank).  Returns 0 or -1 (OOM). */
int minutes_clean(const char *s, size_t n, char **out);


#endif
