/*
** page_items.c — the readers of the pages that are a list of items
** (page_int.h): an agenda item (either layout), "Issue - meetings" (each
** "Meeting:" block an item) and "Issue - decisions" (each dated
** decision), and what each item of any family is made with: its text
** read by minutes_parse_part, its title, and the partial mark of a page
** cut off.
*/
#include <stdlib.h>
#include <string.h>

#include "page_int.h"

/* ---- items -------------------------------------------------------------- */

static struct minutes_page *pg_item_new(struct pg *g)
{
	struct page *p = g->p;

	if (p->nitems == g->cap_items) {
		size_t cap = g->cap_items ? 2 * g->cap_items : 4;
		struct minutes_page *v = realloc(p->items, cap * sizeof *v);

		if (!v)
			return NULL;
		p->items = v;
		g->cap_items = cap;
	}
	memset(&p->items[p->nitems], 0, sizeof p->items[0]);
	return &p->items[p->nitems++];
}

/*
** Read lines [a, b) as one item with minutes_parse_part: title given (or
** NULL: none, "Untitled item"), the end open.  issue: an "Issue -
** meetings" item.  decision_from: the line where the decision starts in a
** decision's text with no labels, or SIZE_MAX.  Returns the item, or NULL
** with *err set.
*/
struct minutes_page *pg_item(struct pg *g, size_t a, size_t b,
                             const char *title, int issue)
{
	struct minutes_opts o = { 0 };
	struct minutes_page *it;
	size_t off, end;

	if (a >= g->n)
		a = g->n ? g->n - 1 : 0;
	if (b < a)
		b = a;
	o.first_line = g->n ? g->v[a].line : 1;
	o.title = title ? title : "Untitled item";
	o.open_end = 1;
	o.issue = issue;
	off = g->n ? g->v[a].off : 0;
	end = b > a ? g->v[b - 1].off + g->v[b - 1].n : off;
	if (!(it = pg_item_new(g)))
		return NULL;
	if (minutes_parse_part(g->w.data ? g->w.data + off : "", end - off, g->name,
	                       &o, it, g->err) < 0) {
		g->p->nitems--;
		return NULL;
	}
	return it;
}

/* A title as printed, without an agenda's "pdf icon PDF 127 KB" and a
   leading item number num (if given).  Malloc'd, or NULL (OOM). */
char *pg_title(const char *s, size_t n, const char *num)
{
	size_t i, k;

	for (i = 0; i + 9 <= n; i++)
		if (pg_prefix(s + i, n - i, " pdf icon")) {
			n = i;
			break;
		}
	if (num && (k = strlen(num)) && n > k + 1 && memcmp(s, num, k) == 0
	    && (s[k] == ' ' || (s[k] == '.' && s[k + 1] == ' '))) {
		k += s[k] == '.';
		s += k + 1;
		n -= k + 1;
	}
	pg_trim(&s, &n);
	return pg_dup(s, n);
}

/* 1 if line i can be an item's title: short, not a label, not prose. */
int pg_titlelike(const struct pg *g, size_t i)
{
	const char *s = pg_s(g, i);
	size_t n = g->v[i].n;

	if (!n || n > 150 || s[n - 1] == ':' || s[n - 1] == ',' || s[n - 1] == ';')
		return 0;
	if (s[n - 1] == '.' && pg_words(s, n) > 12)
		return 0;
	if (pg_prefix(s, n, "report of") || pg_prefix(s, n, "reports of")
	    || pg_prefix(s, n, "report by") || pg_prefix(s, n, "minutes:")
	    || pg_prefix(s, n, "- ") || pg_prefix(s, n, "that ")
	    || pg_prefix(s, n, "resolved") || pg_prefix(s, n, "to ")
	    || pg_prefix(s, n, "meeting:"))
		return 0;
	return 1;
}

/* Whether the page stops cut off: no end marker and its last line ends
   mid-sentence.  Marks the page and its last item. */
void pg_judge_end(struct pg *g, int ended)
{
	size_t l = pg_last(g, g->n), ln, val, k;
	char iso[11];

	if (l == SIZE_MAX || ended || pg_ended(pg_s(g, l), g->v[l].n))
		return;
	/* the last item's documents: its end ("Supporting documents:" and
	   the links below it) */
	for (k = l + 1; k-- > 0;) {
		const char *s = pg_s(g, k);
		size_t n = g->v[k].n;

		if (!n)
			continue;
		if (pg_prefix(s, n, "supporting documents") || pg_prefix(s, n, "accompanying documents"))
			return;
		if (pg_meeting_line(g, k) || pg_dated(g, k, &val, iso) || pg_number(s, n))
			break;
	}
	if ((g->p->family == PAGE_DECISION || g->p->family == PAGE_ISSUE)
	    && pg_label(pg_s(g, l), g->v[l].n, &ln, &val) == 2)
		return;   /* a field's line: "Effective from: 18/04/2018" */
	g->p->partial = 1;
	g->p->partial_line = g->v[l].line;
	if (g->p->nitems)
		g->p->items[g->p->nitems - 1].partial = 1;
}

/* 1 if a line in [a, b) starts with pat (a label such as "supporting
   documents:"). */
int pg_has(const struct pg *g, size_t a, size_t b, const char *pat)
{
	for (; a < b; a++)
		if (g->v[a].n && pg_prefix(pg_s(g, a), g->v[a].n, pat))
			return 1;
	return 0;
}

/* An agenda item page: one item. */
int pg_agenda_item(struct pg *g)
{
	size_t a = pg_next(g, g->start);
	char *title = NULL;
	int rc = -1;

	if (a < g->n && pg_titlelike(g, a)) {
		if (!(title = pg_title(pg_s(g, a), g->v[a].n, NULL)))
			return -1;
		a++;
	}
	if (pg_item(g, a, g->n, title, 0))
		rc = 0;
	free(title);
	if (rc == 0)
		pg_judge_end(g, pg_has(g, g->start, g->n, "supporting documents"));
	return rc;
}

/* The page's own title: line i if it is one (sets g->p->title), and the
   line after it.  Right under the page's heading any line but a field is
   ("To enable the Council's ..."). */
size_t pg_page_title(struct pg *g, size_t i)
{
	size_t ln, val;

	i = pg_next(g, i);
	if (i < g->n && (pg_titlelike(g, i)
	                 || (g->headed && i == pg_next(g, g->start) && g->v[i].n <= 250
	                     && pg_label(pg_s(g, i), g->v[i].n, &ln, &val) < 2))) {
		if (!(g->p->title = pg_title(pg_s(g, i), g->v[i].n, NULL)))
			return SIZE_MAX;
		return i + 1;
	}
	return i;
}

/* "Issue - meetings": each "Meeting:" block an item. */
int pg_issue_meetings(struct pg *g)
{
	size_t i, a, b, t, k;
	char *title;
	const char *s;

	i = pg_next(g, g->start);
	if (i < g->n && !pg_meeting_line(g, i)) {
		if ((i = pg_page_title(g, i)) == SIZE_MAX)
			return -1;
	}
	for (a = i; a < g->n && !pg_meeting_line(g, a); a++)
		;
	if (a == g->n)   /* no "Meeting:" line: the capture starts below it */
		return pg_item(g, i, g->n, g->p->title, 1) ? 0 : -1;
	for (; a < g->n; a = b) {
		for (b = a + 1; b < g->n && !pg_meeting_line(g, b); b++)
			;
		/* the item's own title: "30 Title pdf icon PDF 82 KB" */
		title = NULL;
		t = pg_next(g, a + 1);
		if (t < b) {
			s = pg_s(g, t);
			for (k = 0; k < g->v[t].n && pg_digit((unsigned char)s[k]); k++)
				;
			if (k && k < g->v[t].n && s[k] == ' ' && (!g->p->title
			    || strstr(s, "pdf icon") || pg_titlelike(g, t)))
				title = pg_title(s + k + 1, g->v[t].n - k - 1, NULL);
			else if (!k && pg_titlelike(g, t) && !pg_ended(s, g->v[t].n))
				title = pg_title(s, g->v[t].n, NULL);   /* no number */
			if (title)   /* the title line is read: blank it */
				memset(g->w.data + g->v[t].off, ' ', g->v[t].n);
		}
		if (!pg_item(g, a, b, title ? title : g->p->title, 1)) {
			free(title);
			return -1;
		}
		free(title);
	}
	pg_judge_end(g, 0);
	return 0;
}

/* 1 if line s opens a decision's resolutions: "That ...", "RESOLVED",
   "(1)", "1)", "a)", "1.", "(i)", "2.1". */
static int pg_res_start(const char *s, size_t n)
{
	size_t i = 0;

	if (pg_prefix(s, n, "that ") || pg_prefix(s, n, "resolved")
	    || pg_prefix(s, n, "\xe2\x80\x9cthat ") || pg_prefix(s, n, "agreed"))
		return 1;
	if (i < n && s[i] == '(')
		i++;
	if (i < n && (pg_digit((unsigned char)s[i]) || (s[i] >= 'a' && s[i] <= 'z'))) {
		size_t j = i;

		while (j < n && j - i < 4 && (pg_digit((unsigned char)s[j])
		                              || (s[j] >= 'a' && s[j] <= 'z') || s[j] == '.'))
			j++;
		if (j < n && (s[j] == ')' || (s[j - 1] == '.' && s[j] == ' ')))
			return j - i <= 4 && (pg_digit((unsigned char)s[i]) || j - i <= 3);
	}
	return 0;
}

/*
** One decision's text, lines [a, b): narrative first, then what was
** decided ("That ...", a numbered list, a line ending in ":" before it).
** The item is titled title and dated iso (may be NULL).
*/
int pg_decision_block(struct pg *g, size_t a, size_t b, const char *title,
                      const char *iso)
{
	struct minutes_page *it;
	struct minutes_resolution *res = NULL;
	size_t i, d = SIZE_MAX, nres = 0, p;
	char *txt = NULL, *purpose = NULL;
	int rc = -1;

	for (i = a; i < b && d == SIZE_MAX; i++)
		if (g->v[i].n && pg_res_start(pg_s(g, i), g->v[i].n))
			d = i;
	if (d == SIZE_MAX) {
		/* no "That ...": one paragraph is the decision; more are
		   an account of the discussion with no decision (yet) */
		size_t f = pg_next(g, a), e = f;

		while (e < b && g->v[e].n)
			e++;
		d = pg_next(g, e) < b ? b : f;
	}
	p = pg_last(g, d);
	if (p != SIZE_MAX && p >= a && g->v[p].n && pg_s(g, p)[g->v[p].n - 1] == ':')
		d = p;
	if (!(it = pg_item(g, a, a, title, 0)))
		return -1;
	if (d > a && g->v[d - 1].off + g->v[d - 1].n > g->v[a].off
	    && minutes_clean(g->w.data + g->v[a].off,
	                     g->v[d - 1].off + g->v[d - 1].n - g->v[a].off, &purpose) < 0)
		goto out;
	if (d < b && minutes_clean(g->w.data + g->v[d].off,
	                           g->v[b - 1].off + g->v[b - 1].n - g->v[d].off, &txt) < 0)
		goto out;
	if (txt && minutes_resolutions_as(txt, g->v[d].line, RK_DECISION, &res, &nres) < 0)
		goto out;
	free(it->purpose);
	it->purpose = purpose;
	purpose = NULL;
	it->decision = txt;
	txt = NULL;
	it->res = res;
	it->nres = nres;
	res = NULL;
	if (iso && !(it->meeting_date = pg_dup(iso, 10)))
		goto out;
	rc = 0;
out:
	free(purpose);
	free(txt);
	free(res);
	return rc;
}

/* 1 if line i is a date alone ("03/11/2025"), into iso. */
static int pg_date_line(const struct pg *g, size_t i, char iso[11])
{
	return g->v[i].n && minutes_date(pg_s(g, i), g->v[i].n, iso) == (long)g->v[i].n;
}

/*
** A list of decisions (a table: "Title | Date | ..." rows, one cell a
** line): each row whose second cell is a date an item.  Returns the
** number of rows read (0: none, the page is no list), or -1 (OOM).
*/
static int pg_rows(struct pg *g, size_t a)
{
	size_t i, d, before = g->p->nitems;
	char iso[11], *title;
	struct minutes_page *it;

	for (i = pg_next(g, a); i < g->n; i = pg_next(g, i + 1)) {
		d = pg_next(g, i + 1);
		if (d >= g->n || !pg_date_line(g, d, iso) || pg_date_line(g, i, iso))
			continue;
		pg_date_line(g, d, iso);
		if (!(title = pg_title(pg_s(g, i), g->v[i].n, NULL)))
			return -1;
		it = pg_item(g, i, i, title, 0);
		free(title);
		if (!it || !(it->meeting_date = pg_dup(iso, 10)))
			return -1;
	}
	return (int)(g->p->nitems - before);
}

/* "Issue - decisions": each "DD/MM/YYYY - Title" block a decision. */
int pg_issue_decisions(struct pg *g)
{
	size_t i, a, b, rest;
	char iso[11], iso2[11];
	char *title;
	int rc;

	i = pg_next(g, g->start);
	if (i < g->n && !pg_dated(g, i, &rest, iso)) {
		size_t t = i;

		if (pg_titlelike(g, t) && pg_next(g, t + 1) < g->n
		    && pg_dated(g, pg_next(g, t + 1), &rest, iso))
			i = pg_page_title(g, t);
		if (i == SIZE_MAX)
			return -1;
	}
	for (a = i; a < g->n && !pg_dated(g, a, &rest, iso); a++)
		;
	if (a == g->n && (rc = pg_rows(g, i)) != 0)
		return rc < 0 ? -1 : 0;
	if (a == g->n) {
		rc = pg_decision_block(g, i, g->n, g->p->title, NULL);
		if (rc == 0)
			pg_judge_end(g, 0);
		return rc;
	}
	for (; a < g->n; a = b) {
		pg_dated(g, a, &rest, iso);
		for (b = a + 1; b < g->n && !pg_dated(g, b, &rest, iso2); b++)
			;
		pg_dated(g, a, &rest, iso);
		if (!(title = pg_title(pg_s(g, a) + rest, g->v[a].n - rest, NULL)))
			return -1;
		rc = pg_decision_block(g, a + 1, b, title, iso);
		free(title);
		if (rc < 0)
			return -1;
	}
	pg_judge_end(g, 0);
	return 0;
}
