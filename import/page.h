/*
** page.h — read one ModernGov page of any family (as text, or as saved
** HTML) into the items it holds.  Pure: no database, no I/O.  The
** families (by what the page says, else by its address):
**
**   agenda item       mgAi.aspx: one item ("Agenda item", title, purpose,
**                     "Minutes:", "Supporting documents:"), also the newer
**                     layout's "- Meeting of <Committee>, <date> (Item N.)"
**   issue meetings    ieIssueDetails.aspx?Opt=3 ("Issue - meetings"): each
**                     "Meeting: DD/MM/YYYY - Committee (Item N)" block an
**                     item of that meeting
**   issue decisions   mgDecisionDetails.aspx ("Issue - decisions"): each
**                     "DD/MM/YYYY - Title" block a decision, an item
**   decision          ieDecisionDetails.aspx ("Decision details"): one
**                     item, every labelled field kept; "Decided at meeting:
**                     DD/MM/YYYY - Committee" (else the decision maker and
**                     the date of decision) places it
**   issue             mgIssueHistoryHome.aspx ("Issue details"): an issue,
**                     its labelled fields; no item
**   meeting           ieListDocuments.aspx, CeListDocuments.aspx,
**                     ecminutes/ ("Agenda and minutes"): the meeting's
**                     committee and date, and every item on it
**
** Captures as they come are read: headings and labels missing, cells
** joined with " |", markdown tables, hard wraps, NBSP paragraphs.  A page
** cut off (it stops without its end or mid-sentence) gives what it has,
** marked partial.
*/
#ifndef GOVFS_PAGE_H
#define GOVFS_PAGE_H

#include <stddef.h>

#include "minutes.h"

enum page_family {
	PAGE_AGENDA_ITEM, PAGE_ISSUE_MEETINGS, PAGE_ISSUE_DECISIONS,
	PAGE_DECISION, PAGE_ISSUE, PAGE_MEETING
};

/* "agenda item", "issue meetings", "issue decisions", "decision",
   "issue", "meeting". */
const char *page_family_name(enum page_family f);

/* A labelled field as printed: "Decision status" "Recommendations
   Approved".  Block fields ("Purpose:", "Decision:") hold their
   paragraphs. */
struct page_field {
	char *label;        /* without its colon(s) */
	char *value;        /* normalised as minutes text is; "" if empty */
	int line;
};

struct page {
	enum page_family family;
	char *url;          /* the "SOURCE: <url>" line's, else the one given,
	                       else NULL */
	int html;           /* read from HTML */
	int partial;        /* the page is cut off ... */
	int partial_line;   /* ... after this line */
	char *title;        /* the page's own heading: the issue's or the
	                       decision's title, "Committee - date" of a
	                       meeting page; NULL if the capture lost it */
	char *source_id;    /* the ModernGov id in the address (IId=, ID=,
	                       MId=, MeetingId=), or NULL */
	char *committee;    /* the meeting the page is of (meeting page, decision
	                       record), or NULL */
	char *meeting_date; /* YYYY-MM-DD, or NULL */
	struct page_field *fields; size_t nfields;  /* page order */
	struct minutes_page *items; size_t nitems;  /* page order; each has its
	                       meeting_date / committee / item_number when the
	                       page gives them, and partial on the one the page
	                       is cut off in.  An item's title is never NULL */
};

/*
** Parse len bytes (text, or HTML: a page starting with "<!DOCTYPE" or
** "<html") named name (for messages; NULL: "input").  url (may be NULL)
** is the page's address when the caller knows it; a first line "SOURCE:
** <url>" gives it too.  Returns 0 and fills *out (free with page_free),
** or -1 with *err set (caller frees) to "name:L: ..." — minutes_parse's
** messages for bad input (empty, binary, invalid UTF-8, too large), and
**   "name:L: not a ModernGov page (expected \"Agenda item\", \"Issue -
**    meetings\", \"Issue - decisions\", \"Decision details\", \"Issue
**    details\" or a meeting's agenda)"
** for text that is none of the families.
*/
int page_parse(const char *text, size_t len, const char *name,
               const char *url, struct page *out, char **err);
void page_free(struct page *p);

/* The value of the first field labelled label (any case), or NULL. */
const char *page_field(const struct page *p, const char *label);

#endif
