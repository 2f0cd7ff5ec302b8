/*
** pagerec.h — one item of a page as the store imports it
** (store_import_page, write.h): its text, resolutions, people, further
** information and documents.  The minutes parser (import/minutes.h) fills
** it; it is defined here, on the store's side, so that the store takes
** the parser's output without depending on the parser.
*/
#ifndef GOVFS_PAGEREC_H
#define GOVFS_PAGEREC_H

#include <stddef.h>

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
	/* Not the parser's: the page's digest (store_page_digest), taken on
	   the import's reader thread (import/readahead.c), or "" (minutes_parse
	   leaves it so; store_import_page then takes it). */
	char digest[17];
};

/* Kind name as stored and shown: "resolved", "recommendation", ... */
const char *res_kind_name(enum res_kind k);

#endif
