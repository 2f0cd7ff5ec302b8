/*
** page_int.h — what the parts of the page reader share, not for its
** callers (they include page.h): page.c (lines, family recognition,
** page_parse), page_items.c (item lists: agenda item, "Issue - meetings",
** "Issue - decisions"), page_fields.c (labelled fields: decision record,
** issue) and page_meeting.c (meeting pages).  Each function's contract
** is above its definition.
*/
#ifndef GOVFS_PAGE_INT_H
#define GOVFS_PAGE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "page.h"

/* One line of the page as read: w.data + off, n bytes, trimmed. */
struct pg_line {
	size_t off, n;
	int line;           /* in the file */
	int cut;            /* a table cell ends after it (" |", a lone "|") */
	int used;           /* part of a labelled field (pg_fields) */
};

/* The state of one page_parse call: the page as lines, and what it read. */
struct pg {
	const char *name;
	char **err;
	struct page *p;
	struct buf w;       /* the lines, each ended by '\n' */
	struct pg_line *v;
	size_t n, cap;
	size_t cap_items, cap_fields;
	size_t start;       /* first line after the page's heading(s) */
	int headed;         /* the page has its heading ("Decision details") */
};

static inline int pg_digit(int c) { return c >= '0' && c <= '9'; }

/* page.c */
const char *pg_s(const struct pg *g, size_t i);
void pg_trim(const char **s, size_t *n);
size_t pg_prefix(const char *s, size_t n, const char *pat);
void pg_key(const char *s, size_t n, char *out, size_t cap);
char *pg_dup(const char *s, size_t n);
size_t pg_words(const char *s, size_t n);
int pg_ended(const char *s, size_t n);
size_t pg_next(const struct pg *g, size_t i);
size_t pg_last(const struct pg *g, size_t b);
int pg_heading(const char *s, size_t n);
int pg_query(const char *url, const char *key, char *out, size_t cap);
int pg_dated(const struct pg *g, size_t i, size_t *rest, char iso[11]);
int pg_meeting_line(const struct pg *g, size_t i);
int pg_number(const char *s, size_t n);

/* page_items.c */
struct minutes_page *pg_item(struct pg *g, size_t a, size_t b,
                             const char *title, int issue);
char *pg_title(const char *s, size_t n, const char *num);
int pg_titlelike(const struct pg *g, size_t i);
void pg_judge_end(struct pg *g, int ended);
int pg_has(const struct pg *g, size_t a, size_t b, const char *pat);
int pg_agenda_item(struct pg *g);
size_t pg_page_title(struct pg *g, size_t i);
int pg_issue_meetings(struct pg *g);
int pg_decision_block(struct pg *g, size_t a, size_t b, const char *title,
                      const char *iso);
int pg_issue_decisions(struct pg *g);

/* page_fields.c */
int pg_label(const char *s, size_t n, size_t *ln, size_t *val);
int pg_decision(struct pg *g);
int pg_issue(struct pg *g);

/* page_meeting.c */
int pg_meeting(struct pg *g);

#endif
