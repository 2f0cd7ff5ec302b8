/*
** minutes.h — parse one ModernGov "Agenda item" page (plain text, as in
** data/samples/) into its parts.  Pure: no database, no I/O.  The importer
** (import.c) stores what this returns; the XML importer runs converted
** HTML minutes through minutes_resolutions() the same way.
*/
#ifndef GOVFS_MINUTES_H
#define GOVFS_MINUTES_H

#include <stddef.h>

#include "buf.h"   /* utf8_valid */

#define MINUTES_MAX_BYTES (8u << 20)   /* larger pages are refused */

enum res_kind { RK_RESOLVED, RK_RECOMMENDATION, RK_AGREED, RK_DECISION };

struct minutes_resolution {
	char *label;        /* as printed: "(a)", "1.", "(ii)", "1.1", or ""
	                       if none */
	char *text;         /* whitespace-normalised, label or bullet removed,
	                       lines joined with a space; otherwise as printed:
	                       "RESOLVED that the Board ..." gives "that the
	                       Board ..." (no case change).  Nested items
	                       ("(1) ... (a) ... (b) ...") stay in their parent's
	                       text with their labels */
	enum res_kind kind; /* from the block heading */
	char *membership;   /* "Keith Witham, Margaret Hicks, ..." from a
	                       "Membership:" paragraph after it (final period
	                       dropped), or NULL */
	int is_action;      /* asks for something to be done: "be circulated",
	                       "clarify", "receives an update", "report back",
	                       "establish", "be provided", "write to", ...
	                       (whole words, any case); "be noted", "be
	                       approved", "welcomed" are not actions, nor is a
	                       phrase negated in its clause ("That the report
	                       not be circulated", "no report be submitted")
	                       or in a clause saying "no (further) action" */
	char *due;          /* first date in the text read as a deadline or a
	                       scheduled slot, as ISO, or NULL: after "by",
	                       "before", "on or before", "until", "no later
	                       than", "moved / deferred / postponed / ... to",
	                       "on" ("taken on 19th April 2017", "at the meeting
	                       on ...", "be held on ..."; not "the meeting held
	                       on ...", "agreed on ...": those look back), and
	                       in an action "in" ("report back in March 2017").
	                       Dates: "15th March 2017", "15 March 2017",
	                       "March 15, 2017", "15/03/2017", "15.03.2017"; a
	                       month alone ("March 2017") is its last day, or
	                       after "before" the last day of the month before.
	                       "within 28 days" is no date */
	int line;           /* 1-based line where it starts */
};

/* A person named on the page; each (name, attendance) once.  Witnesses,
   "Present:" and apologies lists and arrivals/departures come in page
   order, then members. */
struct minutes_person {
	char *name;         /* "Caroline Budden", "Jane Smith": a title
	                       "Councillor", "Councillors", "Cllr" is cut */
	char *role;         /* "Deputy Director for Children, ...", "Chair"
	                       (in brackets after the name in a list), else
	                       "Councillor" if the name had that title (a
	                       plural title covers the names after it in its
	                       list), or NULL */
	char *attendance;   /* "witness" (a "Name, Role" line under
	                       "Witnesses:"), "present" ("Present:", "Also
	                       present:", "In attendance:" lists), "apologies"
	                       ("Apologies: A, B", "Apologies for absence were
	                       received from Councillors A, B and C."),
	                       "arrived late" ("[X arrived at 10.15 am]",
	                       "[Councillors A and B arrived ...]", "X joined
	                       the meeting"), "left early" ("[X left ...]", "X
	                       left the meeting"), "member" (named in a
	                       resolution's membership).  The importer records
	                       all but "member" as meeting attendance */
	char *note;         /* "arrived at 10.15 am", "Membership named in
	                       recommendation 1.", or NULL */
};

/* One non-blank line after "Supporting documents:". */
struct minutes_document {
	char *title;        /* the line without its URL and a trailing size
	                       ("PDF 250 KB"); the URL itself if nothing else */
	char *url;          /* first http(s) URL on the line, or NULL */
};

struct minutes_page {
	char *title;        /* required */
	char *subtitle;     /* the one line under the title ("Reports
	                       Attached", "Briefing Note of ..."), or the
	                       value of "Purpose of the report:"; or NULL.
	                       A one-line paragraph of at most 200 bytes not
	                       ending in "." counts; anything else is purpose */
	char *purpose;      /* further paragraphs before "Minutes:"/"Decision:"
	                       (the report's summary), or NULL */
	char *decision;     /* text of a "Decision:" block before "Minutes:",
	                       or NULL */
	char *minutes;      /* the "Minutes:" narrative as published:
	                       paragraphs separated by one blank line, lines
	                       trimmed, NBSP-only lines dropped, bullets kept */
	struct minutes_resolution *res;   size_t nres;  /* from the Decision
	                       block then the minutes; a Decision resolution
	                       repeated (same label and text) by a Resolved /
	                       Agreed / Recommendations block is kept once, as
	                       the latter */
	struct minutes_person *people;    size_t npeople;
	char **further;     size_t nfurther;  /* "Actions/further information
	                       to be provided:" entries up to the next heading
	                       ("Board next steps:", ...): one per paragraph or
	                       bulleted/labelled line, bullets dropped, labels
	                       kept; "None."/"N/A" left out */
	struct minutes_document *docs;    size_t ndocs;
	/* From an "Issue - meetings" page's
	   "Meeting: DD/MM/YYYY - Committee Name (Item N)" line, else NULL. */
	char *meeting_date; /* ISO "YYYY-MM-DD" */
	char *committee;
	char *item_number;
	/* Not minutes_parse's: set by page_parse (page.h) on the item a page
	   cut off ends in. */
	int partial;
	/* Not the parser's: the importer's digest of the page (import.c),
	   taken on its reader thread, or "" (minutes_parse leaves it so). */
	char digest[17];
};

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

/* Kind name as stored and shown: "resolved", "recommendation", ... */
const char *res_kind_name(enum res_kind k);


#endif
