/*
** minutes.h — parse one ModernGov "Agenda item" page (plain text, as in
** data/samples/) into its parts.  Pure: no database, no I/O.  The importer
** (import.c) stores what this returns; the XML importer runs converted
** HTML minutes through minutes_resolutions() the same way.
*/
#ifndef GOVFS_MINUTES_H
#define GOVFS_MINUTES_H

#include <stddef.h>

#define MINUTES_MAX_BYTES (8u << 20)   /* larger pages are refused */

enum res_kind { RK_RESOLVED, RK_RECOMMENDATION, RK_AGREED, RK_DECISION };

struct minutes_resolution {
	char *label;        /* as printed: "(a)", "1.", "(ii)", or "" if none */
	char *text;         /* whitespace-normalised, label removed */
	enum res_kind kind; /* from the block heading */
	char *membership;   /* "Keith Witham, Margaret Hicks, ..." or NULL */
	int is_action;      /* asks for something to be done */
	char *due;          /* ISO date named in the text ("moved to 15th March
	                       2017" -> "2017-03-15"), or NULL */
	int line;           /* 1-based line where it starts */
};

/* A person named on the page. */
struct minutes_person {
	char *name;         /* "Caroline Budden" */
	char *role;         /* "Deputy Director for Children, ..." or NULL */
	char *attendance;   /* "witness", "arrived late", "left early" */
	char *note;         /* "arrived at 10.15 am", or NULL */
};

struct minutes_document {
	char *title;
	char *url;          /* or NULL */
};

struct minutes_page {
	char *title;        /* required */
	char *subtitle;     /* the one line under the title ("Reports
	                       Attached", "Briefing Note of ..."), or the
	                       value of "Purpose of the report:"; or NULL */
	char *purpose;      /* further paragraphs before "Minutes:"/"Decision:"
	                       (the report's summary), or NULL */
	char *decision;     /* text of the "Decision:" block, or NULL */
	char *minutes;      /* the "Minutes:" narrative as published:
	                       paragraphs separated by one blank line, lines
	                       trimmed, NBSP-only lines dropped, bullets kept */
	struct minutes_resolution *res;   size_t nres;
	struct minutes_person *people;    size_t npeople;
	char **further;     size_t nfurther;  /* "Actions/further information
	                       to be provided:" entries, "None." left out */
	struct minutes_document *docs;    size_t ndocs;
	/* From an "Issue - meetings" page's
	   "Meeting: DD/MM/YYYY - Committee Name (Item N)" line, else NULL. */
	char *meeting_date; /* ISO "YYYY-MM-DD" */
	char *committee;
	char *item_number;
};

/*
** Parse len bytes of text (need not be NUL-terminated).  name is used in
** messages only.  Returns 0 and fills *out (free with minutes_free), or -1
** and sets *err to a malloc'd "name:LINE: message" (caller frees) for:
** empty input, NUL bytes / binary, invalid UTF-8, more than
** MINUTES_MAX_BYTES, no title, or a truncated page.  On failure *out is
** left empty (nothing to free, but minutes_free on it is harmless).
*/
int minutes_parse(const char *text, size_t len, const char *name,
                  struct minutes_page *out, char **err);
void minutes_free(struct minutes_page *p);

/*
** Find the resolution blocks ("Resolved –", "RESOLVED:", "RESOLVED that",
** "It was agreed:", "Recommendations:", "Decision:") in already-clean text
** (lines separated by '\n'), appending to *res / *nres.  Used by
** minutes_parse and by the ModernGov XML importer.  Returns 0 or -1 (OOM).
*/
int minutes_resolutions(const char *text, int first_line,
                        struct minutes_resolution **res, size_t *nres);

/* Kind name as stored and shown: "resolved", "recommendation", ... */
const char *res_kind_name(enum res_kind k);

/* 1 if s (len bytes) is valid UTF-8 with no NUL byte, else 0; on 0 sets
   *bad_offset to the first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad_offset);

#endif
