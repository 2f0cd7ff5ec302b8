/*
** page.c — read a ModernGov page of any family into its items (see
** page.h).  The page is first made into lines (cells joined with " |" and
** markdown table rows split into lines, an inline "Minutes:" put on a line
** of its own); its family is then found from its heading, else its
** address, else what it holds; each family's reader cuts it into items,
** and minutes.c reads each item's text.
**
** This file makes the lines, finds the family and runs its reader:
** page_items.c (agenda item, "Issue - meetings", "Issue - decisions"),
** page_fields.c (decision record, issue details), page_meeting.c
** (meeting pages); what they share is in page_int.h.
*/
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "page_int.h"

static const char *const pg_families[] = {
	"agenda item", "issue meetings", "issue decisions", "decision",
	"issue", "meeting"
};

const char *page_family_name(enum page_family f)
{
	assert((size_t)f < sizeof pg_families / sizeof pg_families[0]);
	return pg_families[f];
}

/* ---- small helpers ------------------------------------------------------ */

static int pg_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

const char *pg_s(const struct pg *g, size_t i)
{
	assert(i < g->n);
	return g->w.data + g->v[i].off;
}

/* Bytes of a blank at s (ASCII blank or control, NBSP, U+2000-U+200B,
   U+202F, U+3000), or 0. */
static size_t pg_blank(const unsigned char *s, size_t n)
{
	if (s[0] <= 0x20 || s[0] == 0x7f)
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8b || s[2] == 0xaf))
		return 3;
	if (n >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

/* Trim blanks from both ends of [*s, *s + *n). */
void pg_trim(const char **s, size_t *n)
{
	size_t k;

	while (*n && (k = pg_blank((const unsigned char *)*s, *n)) != 0) {
		*s += k;
		*n -= k;
	}
	while (*n) {
		const unsigned char *e = (const unsigned char *)*s + *n;

		if (e[-1] <= 0x20 || e[-1] == 0x7f)
			k = 1;
		else if (*n >= 2 && e[-2] == 0xc2 && e[-1] == 0xa0)
			k = 2;
		else if (*n >= 3 && pg_blank(e - 3, 3) == 3)
			k = 3;
		else
			break;
		*n -= k;
	}
}

/* Bytes of s matching pat ignoring case, or 0 if s does not start so. */
size_t pg_prefix(const char *s, size_t n, const char *pat)
{
	size_t i;

	for (i = 0; pat[i]; i++)
		if (i >= n || pg_lower((unsigned char)s[i]) != pat[i])
			return 0;
	return i;
}

/* s as a key: its ASCII letters and digits, lower case, at most cap - 1. */
void pg_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		int c = pg_lower((unsigned char)s[i]);

		if ((c >= 'a' && c <= 'z') || pg_digit(c))
			out[k++] = (char)c;
	}
	out[k] = '\0';
}

static void pg_err(struct pg *g, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void pg_err(struct pg *g, int line, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	if (!g->err || *g->err)
		return;
	if (line > 0)
		buf_printf(&b, "%s:%d: ", g->name, line);
	else
		buf_printf(&b, "%s: ", g->name);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*g->err = buf_ok(&b) ? buf_detach(&b) : NULL;
	buf_free(&b);
}

char *pg_dup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Words in s (runs of non-spaces). */
size_t pg_words(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			w++;
	return w;
}

/* 1 if s ends a sentence or a block: . ! ? : ; ) ” " ’ ] */
int pg_ended(const char *s, size_t n)
{
	if (!n)
		return 1;
	if (strchr(".!?:;)\"]|", s[n - 1]))
		return 1;
	return n >= 3 && (memcmp(s + n - 3, "\xe2\x80\x9d", 3) == 0
	                  || memcmp(s + n - 3, "\xe2\x80\x99", 3) == 0);
}

/* ---- lines -------------------------------------------------------------- */

static int pg_push(struct pg *g, const char *s, size_t n, int line, int cut)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 256;
		struct pg_line *v = realloc(g->v, cap * sizeof *v);

		if (!v)
			return -1;
		g->v = v;
		g->cap = cap;
	}
	g->v[g->n].off = g->w.len;
	g->v[g->n].n = n;
	g->v[g->n].line = line;
	g->v[g->n].cut = cut;
	g->v[g->n].used = 0;
	g->n++;
	buf_add(&g->w, s, n);
	buf_putc(&g->w, '\n');
	return buf_ok(&g->w) ? 0 : -1;
}

/* Push one cell's text, an inline " Minutes: " starting a line of its own. */
static int pg_cell(struct pg *g, const char *s, size_t n, int line, int cut)
{
	const char *t, *hit;
	size_t i, k;

	pg_trim(&s, &n);
	for (i = 1; n > 10 && i + 9 < n; i++) {
		/* " Minutes:" at i - 1: "Minutes:" at i */
		if (!(hit = memmem(s + i - 1, n - i + 1, " Minutes:", 9)))
			break;
		i = (size_t)(hit - s) + 1;
		if (i + 8 < n && s[i + 8] != ' ')
			continue;
		t = s;
		k = i;
		pg_trim(&t, &k);
		if (pg_push(g, t, k, line, 0) < 0)
			return -1;
		s += i;
		n -= i;
		i = 0;
	}
	return pg_push(g, s, n, line, cut);
}

/* 1 if s is a markdown table's rule row ("|---|:--|"). */
static int pg_rule(const char *s, size_t n)
{
	size_t i, dashes = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dashes++;
		else if (!strchr("|: ", s[i]))
			return 0;
	}
	return dashes >= 3 && memchr(s, '|', n);
}

/*
** Split the text into lines: "SOURCE: <url>" first gives the address; a
** table row's cells (" | ", "| a | b |") become lines, the last marked
** cut.  Returns 0 or -1 (OOM).
*/
static int pg_lines(struct pg *g, const char *text, size_t len)
{
	const char *p = text, *e = text + len, *nl, *s;
	size_t n, i, a;
	int line = 0, seen = 0, cut, pipes;

	while (p < e) {
		for (nl = p; nl < e && *nl != '\n' && *nl != '\r'; nl++)
			;
		s = p;
		n = (size_t)(nl - p);
		line++;
		p = nl < e ? nl + 1 + (*nl == '\r' && nl + 1 < e && nl[1] == '\n') : e;
		pg_trim(&s, &n);
		if (!seen && n && pg_prefix(s, n, "source:")) {
			const char *u = s + 7;
			size_t un = n - 7;

			pg_trim(&u, &un);
			if (!g->p->url && un && !(g->p->url = pg_dup(u, un)))
				return -1;
			seen = 1;
			if (pg_push(g, "", 0, line, 0) < 0)
				return -1;
			continue;
		}
		seen |= n > 0;
		if (pg_rule(s, n) || (n == 1 && s[0] == '|')) {
			if (g->n && n == 1)
				g->v[g->n - 1].cut = 1;
			if (pg_push(g, "", 0, line, 0) < 0)
				return -1;
			continue;
		}
		if (n && s[0] == '|') {
			s++;
			n--;
		}
		cut = n >= 2 && s[n - 1] == '|' && s[n - 2] == ' ';
		pipes = memchr(s, '|', n) != NULL;
		if (cut)
			n -= 2;
		else if (n == 1 && s[0] == '|')
			n = 0;
		for (a = 0, i = 0; i + 2 < n && pipes; i++) {
			if (s[i] == ' ' && s[i + 1] == '|' && s[i + 2] == ' ') {
				if (pg_cell(g, s + a, i - a, line, 0) < 0)
					return -1;
				a = i + 3;
				i = a - 1;   /* " | | ": the next cell starts at a */
			}
		}
		if (pg_cell(g, s + a, n - a, line, cut) < 0)
			return -1;
	}
	return 0;
}

/* Index of the first non-blank line at or after i, or g->n. */
size_t pg_next(const struct pg *g, size_t i)
{
	while (i < g->n && !g->v[i].n)
		i++;
	return i;
}

/* Index of the last non-blank line before b, or SIZE_MAX. */
size_t pg_last(const struct pg *g, size_t b)
{
	while (b > 0 && !g->v[b - 1].n)
		b--;
	return b ? b - 1 : SIZE_MAX;
}

/* ---- families ----------------------------------------------------------- */

/* The family a heading line names, or -1. */
int pg_heading(const char *s, size_t n)
{
	static const struct { const char *key; int fam; } tab[] = {
		{ "agendaitem", PAGE_AGENDA_ITEM },
		{ "issuemeetings", PAGE_ISSUE_MEETINGS },
		{ "issuedecisions", PAGE_ISSUE_DECISIONS },
		{ "decisiondetails", PAGE_DECISION },
		{ "issuedetails", PAGE_ISSUE },
		{ "issuehistory", PAGE_ISSUE },
		{ "agendaandminutes", PAGE_MEETING },
		{ "agendaanddecisions", PAGE_MEETING },
		{ "agendadecisionsandminutes", PAGE_MEETING },
		{ "agendaanddraftminutes", PAGE_MEETING },
		{ "agenda", PAGE_MEETING },
		{ "minutes", PAGE_MEETING },
		{ "draftminutes", PAGE_MEETING },
		{ "decisions", PAGE_MEETING },
		{ "decisionspublished", PAGE_ISSUE_DECISIONS },
		{ "officerdecisions", PAGE_ISSUE_DECISIONS },
		{ "delegateddecisions", PAGE_ISSUE_DECISIONS },
		{ "recentdecisions", PAGE_ISSUE_DECISIONS },
	};
	char key[32];
	size_t i;

	if (n > 40 || (n && s[n - 1] == ':'))
		return -1;
	pg_key(s, n, key, sizeof key);
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(key, tab[i].key) == 0)
			return tab[i].fam;
	return -1;
}

/* The family the page's address names (its file name), or -1. */
static int pg_url_family(const char *url)
{
	static const struct { const char *file; int fam; } tab[] = {
		{ "mgai.aspx", PAGE_AGENDA_ITEM },
		{ "ieissuedetails.aspx", PAGE_ISSUE_MEETINGS },
		{ "mgdecisiondetails.aspx", PAGE_ISSUE_DECISIONS },
		{ "iedecisiondetails.aspx", PAGE_DECISION },
		{ "mgissuehistoryhome.aspx", PAGE_ISSUE },
		{ "mgissuehistorychamber.aspx", PAGE_ISSUE },
		{ "ielistdocuments.aspx", PAGE_MEETING },
		{ "celistdocuments.aspx", PAGE_MEETING },
		{ "ielistmeetings.aspx", PAGE_MEETING },
		{ "mgminutes.aspx", PAGE_MEETING },
		{ "mgdelegateddecisions.aspx", PAGE_ISSUE_DECISIONS },
		{ "mglistofficerdecisions.aspx", PAGE_ISSUE_DECISIONS },
	};
	char low[512];
	size_t i, n;

	if (!url)
		return -1;
	for (n = 0; url[n] && url[n] != '?' && url[n] != '#' && n + 1 < sizeof low; n++)
		low[n] = (char)pg_lower((unsigned char)url[n]);
	low[n] = '\0';
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		size_t k = strlen(tab[i].file);

		if (n >= k && strcmp(low + n - k, tab[i].file) == 0
		    && (n == k || low[n - k - 1] == '/'))
			return tab[i].fam;
	}
	return -1;
}

/* The value of query parameter key (any case) in url into out, or 0. */
int pg_query(const char *url, const char *key, char *out, size_t cap)
{
	const char *q = url ? strchr(url, '?') : NULL;
	size_t k = strlen(key), i;

	while (q && *q) {
		q++;
		if (pg_prefix(q, strlen(q), key) == k && q[k] == '=') {
			q += k + 1;
			for (i = 0; q[i] && q[i] != '&' && q[i] != '#' && i + 1 < cap; i++)
				out[i] = q[i];
			out[i] = '\0';
			return i > 0;
		}
		q = strchr(q, '&');
	}
	return 0;
}

/* 1 if line i is "DD/MM/YYYY - Title" (an "Issue - decisions" heading);
   sets *rest to the title's offset and iso to the date. */
int pg_dated(const struct pg *g, size_t i, size_t *rest, char iso[11])
{
	const char *s = pg_s(g, i);
	size_t n = g->v[i].n, k;
	long len;

	if (n < 14 || !pg_digit((unsigned char)s[0]) || s[2] != '/')
		return 0;
	len = minutes_date(s, n, iso);
	if (len != 10)
		return 0;
	k = 10;
	while (k < n && s[k] == ' ')
		k++;
	if (k + 1 >= n || s[k] != '-' || s[k + 1] != ' ')
		return 0;
	*rest = k + 2;
	return 1;
}

/* 1 if line i is an "Issue - meetings" "Meeting: DD/MM/YYYY ..." line. */
int pg_meeting_line(const struct pg *g, size_t i)
{
	const char *s = pg_s(g, i);
	size_t n = g->v[i].n, k = pg_prefix(s, n, "meeting:");

	while (k && k < n && s[k] == ' ')
		k++;
	return k && k < n && pg_digit((unsigned char)s[k]);
}

/* 1 if the label of line s (key) says which family: a decision record's,
   an issue's. */
static int pg_clue(const char *s, size_t n)
{
	static const struct { const char *pat; int fam; } tab[] = {
		{ "decided at meeting:", PAGE_DECISION },
		{ "date of decision:", PAGE_DECISION },
		{ "is key decision?:", PAGE_DECISION },
		{ "is subject to call in?:", PAGE_DECISION },
		{ "effective from:", PAGE_DECISION },
		{ "decision type:", PAGE_ISSUE },
		{ "decision due:", PAGE_ISSUE },
		{ "notice of proposed decision first published:", PAGE_ISSUE },
		{ "reason key:", PAGE_ISSUE },
	};
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (pg_prefix(s, n, tab[i].pat))
			return tab[i].fam;
	return -1;
}

/* 1 if line s is an item number alone ("801.", "5", "12a."). */
int pg_number(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 4 && pg_digit((unsigned char)s[i]))
		i++;
	if (!i)
		return 0;
	if (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < n && s[i] == '.')
		i++;
	return i == n;
}

/*
** The page's family: its heading (g->start set after it); else what it
** holds; else its address.  Returns the family, or -1 when it is no
** ModernGov page at all.
*/
static int pg_family(struct pg *g)
{
	size_t i = pg_next(g, 0), j, rest;
	int fam = -1, h, minutes = 0, clue = -1, dec = 0, numbers = 0, table = 0;
	char iso[11];

	g->start = i;
	if (i < g->n && (h = pg_heading(pg_s(g, i), g->v[i].n)) >= 0) {
		fam = h;
		g->headed = 1;
		g->start = i + 1;
		/* a heading printed twice */
		j = pg_next(g, i + 1);
		if (j < g->n && pg_heading(pg_s(g, j), g->v[j].n) == h)
			g->start = j + 1;
		return fam;
	}
	for (i = 0; i < g->n; i++) {
		const char *s = pg_s(g, i);
		size_t n = g->v[i].n;

		if (!n)
			continue;
		if (clue < 0)
			clue = pg_clue(s, n);
		if (pg_meeting_line(g, i))
			return PAGE_ISSUE_MEETINGS;
		if (pg_dated(g, i, &rest, iso))
			dec = 1;
		if (pg_prefix(s, n, "minutes:"))
			minutes++;
		if (pg_number(s, n))
			numbers++;
		if (pg_prefix(s, n, "no.") && (n == 3 || pg_prefix(s + 3, n - 3, " item")))
			table = 1;
		if (g->v[i].cut)
			table = 1;
	}
	fam = pg_url_family(g->p->url);
	if (fam >= 0)
		return fam;
	if (clue >= 0)
		return clue;
	if (dec)
		return PAGE_ISSUE_DECISIONS;
	if (table || minutes > 1 || numbers > 1)
		return PAGE_MEETING;
	for (i = 0; i < g->n; i++)
		if (g->v[i].n && (pg_prefix(pg_s(g, i), g->v[i].n, "minutes:")
		                  || pg_prefix(pg_s(g, i), g->v[i].n, "supporting documents:")))
			return PAGE_AGENDA_ITEM;
	return -1;
}

/* ---- the page ------------------------------------------------------------ */

int page_parse(const char *text, size_t len, const char *name,
               const char *url, struct page *out, char **err)
{
	struct pg g;
	char *conv = NULL, id[64];
	int skip, fam, rc = -1;
	size_t i;

	memset(out, 0, sizeof *out);
	memset(&g, 0, sizeof g);
	if (err)
		*err = NULL;
	g.name = name ? name : "input";
	g.err = err;
	g.p = out;
	skip = minutes_check(text, len, g.name, err);
	if (skip < 0)
		return -1;
	text += skip;
	len -= (size_t)skip;
	if (url && !(out->url = strdup(url)))
		goto oom;
	if (html_is(text, len)) {
		size_t clen;

		if (html_text(text, len, &conv, &clen) < 0)
			goto oom;
		out->html = 1;
		text = conv;
		len = clen;
	}
	if (pg_lines(&g, text, len) < 0)
		goto oom;
	fam = pg_family(&g);
	if (fam < 0) {
		i = pg_next(&g, 0);
		pg_err(&g, i < g.n ? g.v[i].line : 1, "not a ModernGov page (expected \"Agenda item\", "
		       "\"Issue - meetings\", \"Issue - decisions\", \"Decision details\", "
		       "\"Issue details\" or a meeting's agenda)");
		goto out;
	}
	out->family = (enum page_family)fam;
	if (pg_query(out->url, "iid", id, sizeof id) || pg_query(out->url, "id", id, sizeof id)
	    || pg_query(out->url, "mid", id, sizeof id) || pg_query(out->url, "meetingid", id, sizeof id)) {
		if (!(out->source_id = strdup(id)))
			goto oom;
	}
	switch (out->family) {
	case PAGE_AGENDA_ITEM:     rc = pg_agenda_item(&g); break;
	case PAGE_ISSUE_MEETINGS:  rc = pg_issue_meetings(&g); break;
	case PAGE_ISSUE_DECISIONS: rc = pg_issue_decisions(&g); break;
	case PAGE_DECISION:        rc = pg_decision(&g); break;
	case PAGE_ISSUE:           rc = pg_issue(&g); break;
	case PAGE_MEETING:         rc = pg_meeting(&g); break;
	}
	if (rc < 0)
		goto oom;
	goto out;
oom:
	rc = -1;
	pg_err(&g, 0, "out of memory");
out:
	if (rc < 0)
		page_free(out);
	free(conv);
	free(g.v);
	buf_free(&g.w);
	return rc;
}

void page_free(struct page *p)
{
	size_t i;

	if (!p)
		return;
	free(p->url);
	free(p->title);
	free(p->source_id);
	free(p->committee);
	free(p->meeting_date);
	for (i = 0; i < p->nfields; i++) {
		free(p->fields[i].label);
		free(p->fields[i].value);
	}
	free(p->fields);
	for (i = 0; i < p->nitems; i++)
		minutes_free(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof *p);
}
