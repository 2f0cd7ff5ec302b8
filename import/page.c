/*
** page.c — read a ModernGov page of any family into its items (see
** page.h).  The page is first made into lines (cells joined with " |" and
** markdown table rows split into lines, an inline "Minutes:" put on a line
** of its own); its family is then found from its heading, else its
** address, else what it holds; each family's reader cuts it into items,
** and minutes.c reads each item's text.
*/
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "html.h"
#include "page.h"

/* One line of the page as read: w.data + off, n bytes, trimmed. */
struct pg_line {
	size_t off, n;
	int line;           /* in the file */
	int cut;            /* a table cell ends after it (" |", a lone "|") */
	int used;           /* part of a labelled field (pg_fields) */
};

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
static int pg_digit(int c) { return c >= '0' && c <= '9'; }

static const char *pg_s(const struct pg *g, size_t i)
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
static void pg_trim(const char **s, size_t *n)
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
static size_t pg_prefix(const char *s, size_t n, const char *pat)
{
	size_t i;

	for (i = 0; pat[i]; i++)
		if (i >= n || pg_lower((unsigned char)s[i]) != pat[i])
			return 0;
	return i;
}

/* s as a key: its ASCII letters and digits, lower case, at most cap - 1. */
static void pg_key(const char *s, size_t n, char *out, size_t cap)
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

static char *pg_dup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Words in s (runs of non-spaces). */
static size_t pg_words(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			w++;
	return w;
}

/* 1 if s ends a sentence or a block: . ! ? : ; ) ” " ’ ] */
static int pg_ended(const char *s, size_t n)
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
static size_t pg_next(const struct pg *g, size_t i)
{
	while (i < g->n && !g->v[i].n)
		i++;
	return i;
}

/* Index of the last non-blank line before b, or SIZE_MAX. */
static size_t pg_last(const struct pg *g, size_t b)
{
	while (b > 0 && !g->v[b - 1].n)
		b--;
	return b ? b - 1 : SIZE_MAX;
}

/* ---- families ----------------------------------------------------------- */

/* The family a heading line names, or -1. */
static int pg_heading(const char *s, size_t n)
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
static int pg_query(const char *url, const char *key, char *out, size_t cap)
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
static int pg_dated(const struct pg *g, size_t i, size_t *rest, char iso[11])
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
static int pg_meeting_line(const struct pg *g, size_t i)
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
static int pg_number(const char *s, size_t n)
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
static struct minutes_page *pg_item(struct pg *g, size_t a, size_t b,
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
static char *pg_title(const char *s, size_t n, const char *num)
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
static int pg_titlelike(const struct pg *g, size_t i)
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

static int pg_label(const char *s, size_t n, size_t *ln, size_t *val);

/* Whether the page stops cut off: no end marker and its last line ends
   mid-sentence.  Marks the page and its last item. */
static void pg_judge_end(struct pg *g, int ended)
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
static int pg_has(const struct pg *g, size_t a, size_t b, const char *pat)
{
	for (; a < b; a++)
		if (g->v[a].n && pg_prefix(pg_s(g, a), g->v[a].n, pat))
			return 1;
	return 0;
}

/* An agenda item page: one item. */
static int pg_agenda_item(struct pg *g)
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
static size_t pg_page_title(struct pg *g, size_t i)
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
static int pg_issue_meetings(struct pg *g)
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
static int pg_decision_block(struct pg *g, size_t a, size_t b, const char *title,
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
static int pg_issue_decisions(struct pg *g)
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

/* ---- labelled fields ---------------------------------------------------- */

/* Labels of decision records and issue pages whose value is the lines
   below them (a block), and headings printed without a colon. */
static const char *const pg_blocks[] = {
	"purpose", "decision", "decisions", "reasons for the decision",
	"reason for decision", "reasons for decision",
	"alternative options considered", "alternative options rejected",
	"alternative options", "other reasons / organisations consulted",
	"consultation process", "summary", "access to information",
	"documents to be submitted", "accompanying documents", "documents",
	"agenda items", "interests and exemptions", "consultees",
	"what we will consult on", NULL
};

/* The labels that end a block. */
static const char *const pg_known[] = {
	"decision maker", "decision status", "is key decision?",
	"is subject to call in?", "report author", "publication date",
	"date of decision", "decided at meeting", "effective from",
	"reason key", "divisions affected", "wards affected", "contact",
	"decision type", "decision due", "lead member", "lead director",
	"department", "notice of proposed decision first published",
	"relevant scrutiny committee", "relevant overview and scrutiny committee",
	"call-in", "date of meeting", NULL
};

static int pg_in(const char *s, size_t n, const char *const *tab)
{
	for (; *tab; tab++)
		if (strlen(*tab) == n && pg_prefix(s, n, *tab) == n)
			return 1;
	return 0;
}

/*
** Line s as "Label: value": sets *ln (the label's length, colons and
** blanks before them cut) and *val (where the value starts).  Returns 2
** for a label of pg_known or pg_blocks, 1 for another short label, 0 for
** no label.
*/
static int pg_label(const char *s, size_t n, size_t *ln, size_t *val)
{
	size_t i, c;

	for (c = 0; c < n && c < 80 && s[c] != ':'; c++)
		;
	if (c == n || c == 80 || c == 0) {
		/* a heading printed without its colon */
		if (n < 50 && pg_in(s, n, pg_blocks) && !pg_in(s, n, (const char *const[]){
		        "decision", "decisions", NULL })) {
			*ln = n;
			*val = n;
			return 2;
		}
		return 0;
	}
	i = c;
	while (i < n && s[i] == ':')
		i++;
	if (i < n && s[i] != ' ')
		return 0;   /* "http://", "10:30" */
	while (i < n && s[i] == ' ')
		i++;
	*val = i;
	while (c && s[c - 1] == ' ')
		c--;
	*ln = c;
	if (pg_in(s, c, pg_known) || pg_in(s, c, pg_blocks))
		return 2;
	if (!(s[0] >= 'A' && s[0] <= 'Z') || pg_words(s, c) > 10 || memchr(s, '.', c)
	    || pg_prefix(s, c, "resolved") || pg_prefix(s, c, "minutes")
	    || pg_prefix(s, c, "that ") || pg_prefix(s, c, "email"))
		return 0;
	return 1;
}

static int pg_field_add(struct pg *g, const char *label, size_t ln,
                        const char *val, size_t vn, int line)
{
	struct page *p = g->p;
	struct page_field *f;

	if (p->nfields == g->cap_fields) {
		size_t cap = g->cap_fields ? 2 * g->cap_fields : 16;
		struct page_field *v = realloc(p->fields, cap * sizeof *v);

		if (!v)
			return -1;
		p->fields = v;
		g->cap_fields = cap;
	}
	f = &p->fields[p->nfields];
	f->line = line;
	f->label = pg_dup(label, ln);
	if (minutes_clean(val, vn, &f->value) < 0 || !f->label
	    || (!f->value && !(f->value = pg_dup("", 0)))) {
		free(f->label);
		free(f->value);
		return -1;
	}
	p->nfields++;
	return 0;
}

/*
** The labelled fields of lines [a, b): a label's value runs to the next
** label (a block: the next known one) or, for a one-line value, to the
** next blank line.  Lines before the first label are given to *lead as
** [a, *lead).  Returns 0 or -1 (OOM).
*/
static int pg_fields(struct pg *g, size_t a, size_t b, size_t *lead)
{
	size_t i, j, ln, val, e, ln2, val2;
	int kind, block;

	*lead = b;
	for (i = a; i < b; i = j) {
		const char *s = pg_s(g, i);
		size_t n = g->v[i].n;

		j = i + 1;
		if (!n || !(kind = pg_label(s, n, &ln, &val)))
			continue;
		if (*lead == b)
			*lead = i;
		block = val == n || pg_in(s, ln, pg_blocks);
		/* a known one-line field is that line ("Is subject to call in?:
		   No" with the decision text on the lines below) */
		for (; j < b && !(kind == 2 && !block); j++) {
			if (!g->v[j].n) {
				if (!block)
					break;
				continue;
			}
			kind = pg_label(pg_s(g, j), g->v[j].n, &ln2, &val2);
			if (kind == 2 || (kind == 1 && !block))
				break;
		}
		e = pg_last(g, j);
		e = e == SIZE_MAX || e < i ? i : e;
		for (size_t k = i; k <= e; k++)
			g->v[k].used = 1;
		if (pg_field_add(g, s, ln, s + val,
		                 g->v[e].off + g->v[e].n - g->v[i].off - val,
		                 g->v[i].line) < 0)
			return -1;
	}
	return 0;
}

const char *page_field(const struct page *p, const char *label)
{
	size_t i, n = strlen(label);

	for (i = 0; i < p->nfields; i++)
		if (strlen(p->fields[i].label) == n
		    && pg_prefix(p->fields[i].label, n, "") == 0
		    && strncasecmp(p->fields[i].label, label, n) == 0)
			return p->fields[i].value;
	return NULL;
}

/* "DD/MM/YYYY - Committee" into iso and the committee (malloc'd). */
static int pg_date_committee(const char *v, char iso[11], char **committee)
{
	size_t n = strlen(v), k;
	long len = minutes_date(v, n, iso);

	*committee = NULL;
	if (len <= 0)
		return 0;
	k = (size_t)len;
	while (k < n && (v[k] == ' ' || v[k] == '-'))
		k++;
	if (k < n && !(*committee = pg_dup(v + k, n - k)))
		return -1;
	return 1;
}

/* A decision record: one item, every labelled field kept. */
static int pg_decision(struct pg *g)
{
	size_t i, lead, fi;
	struct minutes_page *it;
	const char *v;
	char iso[11];
	char *committee = NULL;
	int rc;

	i = pg_next(g, g->start);
	if (g->headed && i < g->n)
		i = pg_page_title(g, i);
	else if (i < g->n && pg_titlelike(g, i) && !pg_label(pg_s(g, i), g->v[i].n, &lead, &fi)
	         && pg_next(g, i + 1) < g->n
	         && pg_label(pg_s(g, pg_next(g, i + 1)), g->v[pg_next(g, i + 1)].n, &lead, &fi) == 2)
		i = pg_page_title(g, i);   /* the heading lost, the title kept */
	if (i == SIZE_MAX || pg_fields(g, i, g->n, &lead) < 0)
		return -1;
	if (!page_field(g->p, "decision") && !page_field(g->p, "decisions")) {
		/* labels stripped: the decision is the text outside the fields */
		size_t a, b;

		for (a = lead; a < g->n && (g->v[a].used || !g->v[a].n); a++)
			;
		for (b = a; b < g->n && !g->v[b].used; b++)
			;
		if (a < g->n) {
			if (pg_decision_block(g, a, b, g->p->title ? g->p->title
			                      : "Untitled decision", NULL) < 0)
				return -1;
			it = &g->p->items[g->p->nitems - 1];
			goto placed;
		}
	}
	if (!(it = pg_item(g, i, i, g->p->title ? g->p->title : "Untitled decision", 0)))
		return -1;
	for (fi = 0; fi < g->p->nfields; fi++) {
		struct page_field *f = &g->p->fields[fi];
		struct minutes_resolution *res = NULL;
		size_t nres = 0;

		if (strcasecmp(f->label, "purpose") == 0 && !it->purpose && *f->value) {
			if (!(it->purpose = strdup(f->value)))
				return -1;
		} else if ((strcasecmp(f->label, "decision") == 0
		            || strcasecmp(f->label, "decisions") == 0) && !it->decision) {
			if (!(it->decision = strdup(f->value)))
				return -1;
			if (*f->value && minutes_resolutions_as(f->value, f->line + 1,
			                                         RK_DECISION, &res, &nres) < 0)
				return -1;
			it->res = res;
			it->nres = nres;
		}
	}
	/* labels stripped: resolutions in the text before the first label */
	if (!it->decision && lead > i) {
		char *txt = NULL;
		struct minutes_resolution *res = NULL;
		size_t nres = 0;

		if (minutes_clean(g->w.data + g->v[i].off,
		                  g->v[lead - 1].off + g->v[lead - 1].n - g->v[i].off, &txt) < 0)
			return -1;
		if (txt && minutes_resolutions(txt, g->v[i].line, &res, &nres) < 0) {
			free(txt);
			return -1;
		}
		if (it->purpose)
			free(txt);   /* the "Purpose:" field's is the purpose */
		else
			it->purpose = txt;
		free(it->res);
		it->res = res;
		it->nres = nres;
	}
placed:
	if ((v = page_field(g->p, "decided at meeting"))
	    && (rc = pg_date_committee(v, iso, &committee)) != 0) {
		if (rc < 0 || !(it->meeting_date = pg_dup(iso, 10)))
			goto oom;
		it->committee = committee;
		committee = NULL;
	} else {
		if ((v = page_field(g->p, "decision maker")) && *v
		    && !(it->committee = strdup(v)))
			goto oom;
		if ((v = page_field(g->p, "date of decision")) && minutes_date(v, strlen(v), iso) > 0
		    && !(it->meeting_date = pg_dup(iso, 10)))
			goto oom;
	}
	pg_judge_end(g, page_field(g->p, "accompanying documents") != NULL);
	return 0;
oom:
	free(committee);
	return -1;
}

/* An issue's page: its title and fields; no item. */
static int pg_issue(struct pg *g)
{
	size_t i, lead;

	i = pg_next(g, g->start);
	if (g->headed && i < g->n)
		i = pg_page_title(g, i);
	if (i == SIZE_MAX || pg_fields(g, i, g->n, &lead) < 0)
		return -1;
	if (lead > i && pg_next(g, i) < lead
	    && pg_field_add(g, "Summary", 7, g->w.data + g->v[i].off,
	                    g->v[lead - 1].off + g->v[lead - 1].n - g->v[i].off,
	                    g->v[i].line) < 0)
		return -1;
	pg_judge_end(g, page_field(g->p, "agenda items") != NULL
	                || page_field(g->p, "documents") != NULL);
	return 0;
}

/* ---- meeting pages ------------------------------------------------------ */

/* Line i as "<Committee> - <Weekday>, <date> <time>", or a date alone
   with the committee on the line before.  Sets the page's committee,
   date and title.  Returns 1 if it was, 0 if not, -1 (OOM). */
static int pg_meeting_head(struct pg *g, size_t i)
{
	const char *s = pg_s(g, i);
	size_t n = g->v[i].n, k, w, prev;
	char iso[11];

	for (k = n; k > 3; k--) {
		if (!(s[k - 3] == ' ' && s[k - 2] == '-' && s[k - 1] == ' '))
			continue;
		w = k;
		while (w < n && !pg_digit((unsigned char)s[w]) && s[w] != ',' && w - k < 12)
			w++;
		w += w < n && s[w] == ',';
		while (w < n && s[w] == ' ')
			w++;
		if (minutes_date(s + w, n - w, iso) > 0 || minutes_date(s + k, n - k, iso) > 0) {
			if (!(g->p->committee = pg_dup(s, k - 3))
			    || !(g->p->meeting_date = pg_dup(iso, 10))
			    || !(g->p->title = pg_dup(s, n)))
				return -1;
			return 1;
		}
	}
	w = 0;
	while (w < n && !pg_digit((unsigned char)s[w]) && s[w] != ',' && w < 12)
		w++;
	w += w < n && s[w] == ',';
	while (w < n && s[w] == ' ')
		w++;
	if (w < 12 && minutes_date(s + w, n - w, iso) > 0 && i > 0
	    && (prev = pg_last(g, i)) != SIZE_MAX && pg_heading(pg_s(g, prev), g->v[prev].n) < 0
	    && !pg_label(pg_s(g, prev), g->v[prev].n, &k, &w)) {
		struct buf t = {0};

		buf_add(&t, pg_s(g, prev), g->v[prev].n);
		buf_puts(&t, " - ");
		buf_add(&t, s, n);
		if (!buf_ok(&t) || !(g->p->committee = pg_dup(pg_s(g, prev), g->v[prev].n))
		    || !(g->p->meeting_date = pg_dup(iso, 10))) {
			buf_free(&t);
			return -1;
		}
		g->p->title = buf_detach(&t);
		return 1;
	}
	return 0;
}

/* 1 if line i is the meeting page's furniture: "Venue:", "Contact:",
   "Items", "No. Item", "Link: ...", "Item Description". */
static int pg_furniture(const struct pg *g, size_t i)
{
	const char *s = pg_s(g, i);
	size_t n = g->v[i].n;
	char key[24];

	pg_key(s, n, key, sizeof key);
	return pg_prefix(s, n, "venue:") || pg_prefix(s, n, "contact:")
	       || pg_prefix(s, n, "link:") || strcmp(key, "items") == 0
	       || strcmp(key, "noitem") == 0 || strcmp(key, "no") == 0
	       || strcmp(key, "item") == 0 || strcmp(key, "itemdescription") == 0
	       || strcmp(key, "description") == 0;
}

/* Where " To <lower-case word>" starts the purpose joined to a title on
   line s ("Apologies for absence To receive ..."), or 0. */
static size_t pg_to(const char *s, size_t n)
{
	size_t k;

	for (k = 1; k + 4 < n && k < 120; k++)
		if (s[k] == ' ' && s[k + 1] == 'T' && s[k + 2] == 'o' && s[k + 3] == ' '
		    && s[k + 4] >= 'a' && s[k + 4] <= 'z')
			return k;
	return 0;
}

/* An unnumbered meeting item's first line: "Title To note ..." gives
   the title before " To "; else the line if title-like. */
static char *pg_split_title(const struct pg *g, size_t i, size_t *body_off)
{
	const char *s = pg_s(g, i);
	size_t n = g->v[i].n, k;

	*body_off = n;
	if ((k = pg_to(s, n)) != 0) {
		*body_off = k + 1;
		return pg_title(s, k, NULL);
	}
	for (k = 1; k + 3 < n; k++)
		if (s[k] == ' ' && s[k + 1] == '-' && s[k + 2] == ' ' && k < 120) {
			*body_off = k + 3;
			return pg_title(s, k, NULL);
		}
	if (pg_titlelike(g, i)) {
		return pg_title(s, n, NULL);
	}
	*body_off = 0;
	return NULL;
}

/* Read the item of lines [a, b) of a meeting page; its first line gives
   its title (when it has none, the first words are its purpose). */
static int pg_meeting_item(struct pg *g, size_t a, size_t b, const char *num)
{
	struct minutes_page *it;
	size_t off;
	char *title;

	a = pg_next(g, a);
	if (a >= b)
		return 0;
	if (pg_prefix(pg_s(g, a), g->v[a].n, "minutes:")) {
		title = NULL;
		off = 0;
	} else if (num && g->v[a].n <= 150 && !pg_to(pg_s(g, a), g->v[a].n)) {
		title = pg_title(pg_s(g, a), g->v[a].n, NULL);
		off = g->v[a].n;
	} else {
		title = pg_split_title(g, a, &off);
	}
	if (off == g->v[a].n)
		a++;
	else if (off) {   /* the rest of the line is the purpose */
		g->v[a].off += off;
		g->v[a].n -= off;
	}
	it = pg_item(g, a, b, title, 0);
	free(title);
	if (!it)
		return -1;
	/* the page's meeting, over a "Meeting:" line in the item's text */
	if (num) {
		free(it->item_number);
		if (!(it->item_number = pg_dup(num, strlen(num) - (num[strlen(num) - 1] == '.'))))
			return -1;
	}
	if (g->p->meeting_date) {
		free(it->meeting_date);
		if (!(it->meeting_date = strdup(g->p->meeting_date)))
			return -1;
	}
	if (g->p->committee) {
		free(it->committee);
		if (!(it->committee = strdup(g->p->committee)))
			return -1;
	}
	return 0;
}

/* 1 if line i starts an unnumbered item on a meeting page with neither
   numbers nor cells: a title-like line before "To ..." or long prose. */
static int pg_item_start(const struct pg *g, size_t i)
{
	size_t nx, pv;

	if (!pg_titlelike(g, i) || strchr(".:;,!?", pg_s(g, i)[g->v[i].n - 1]))
		return 0;
	if (strstr(pg_s(g, i), " pdf icon") && strstr(pg_s(g, i), " pdf icon") < pg_s(g, i) + g->v[i].n)
		return 1;
	nx = pg_next(g, i + 1);
	if (nx >= g->n)
		return 0;
	if (pg_prefix(pg_s(g, nx), g->v[nx].n, "to "))
		return 1;
	pv = pg_last(g, i);
	return (pv == SIZE_MAX || pg_ended(pg_s(g, pv), g->v[pv].n))
	       && pg_words(pg_s(g, i), g->v[i].n) <= 12 && g->v[nx].n > 150;
}

/* A meeting's agenda page: the meeting, then every item on it. */
static int pg_meeting(struct pg *g)
{
	size_t i, a, b, first = SIZE_MAX, numbers = 0, cuts = 0;
	char num[16], df[32];
	int r;

	/* the header: the meeting line, furniture */
	for (i = pg_next(g, g->start); i < g->n; i = pg_next(g, i + 1)) {
		if (!g->p->committee && (r = pg_meeting_head(g, i)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (pg_furniture(g, i) || pg_heading(pg_s(g, i), g->v[i].n) >= 0)
			continue;
		/* the committee on a line of its own, the date below it */
		if (!g->p->committee && pg_next(g, i + 1) < g->n
		    && (r = pg_meeting_head(g, pg_next(g, i + 1))) != 0) {
			if (r < 0)
				return -1;
			i = pg_next(g, i + 1);
			continue;
		}
		/* "Contact:" wrapped onto a phone line ("020 ... Email:") */
		if (i > 0 && g->v[i].n < 80 && pg_digit((unsigned char)pg_s(g, i)[0])
		    && !pg_number(pg_s(g, i), g->v[i].n) && pg_last(g, i) != SIZE_MAX
		    && pg_prefix(pg_s(g, pg_last(g, i)), g->v[pg_last(g, i)].n, "contact:"))
			continue;
		/* "Contact: Name" wraps onto a phone line */
		if (pg_label(pg_s(g, i), g->v[i].n, &a, &b) && first == SIZE_MAX
		    && g->v[i].n < 120 && !pg_prefix(pg_s(g, i), g->v[i].n, "minutes:"))
			continue;
		break;
	}
	first = i;
	if (!g->p->meeting_date && pg_query(g->p->url, "df", df, sizeof df)) {
		/* CeListDocuments: DF=18%2F09%2F2017 */
		char d[16], iso[11];
		size_t k, j = 0;

		for (k = 0; df[k] && j + 1 < sizeof d; k++) {
			if (df[k] == '%' && df[k + 1] == '2' && (df[k + 2] == 'F' || df[k + 2] == 'f')) {
				d[j++] = '/';
				k += 2;
			} else {
				d[j++] = df[k];
			}
		}
		d[j] = '\0';
		if (minutes_date(d, j, iso) > 0 && !(g->p->meeting_date = pg_dup(iso, 10)))
			return -1;
	}
	for (i = first; i < g->n; i++) {
		numbers += g->v[i].n && pg_number(pg_s(g, i), g->v[i].n);
		cuts += g->v[i].cut;
	}
	if (numbers) {
		for (a = first; a < g->n && !(g->v[a].n && pg_number(pg_s(g, a), g->v[a].n)); a++)
			;
		for (; a < g->n; a = b) {
			for (b = a + 1; b < g->n && !(g->v[b].n && pg_number(pg_s(g, b), g->v[b].n)); b++)
				;
			snprintf(num, sizeof num, "%.*s", (int)g->v[a].n, pg_s(g, a));
			if (pg_meeting_item(g, a + 1, b, num) < 0)
				return -1;
		}
	} else if (cuts) {
		for (a = first; a < g->n; a = b) {
			int minutes = 0;

			/* to the cell's end, or a second "Minutes:" (the next
			   item's, its title lost) */
			for (b = a; b < g->n; b++) {
				if (g->v[b].n && pg_prefix(pg_s(g, b), g->v[b].n, "minutes:")
				    && minutes++) {
					/* from the title split off its line */
					while (b > a + 1 && g->v[b - 1].line == g->v[b].line)
						b--;
					break;
				}
				if (g->v[b].cut) {
					b++;
					break;
				}
			}
			if (pg_meeting_item(g, a, b, NULL) < 0)
				return -1;
		}
	} else {
		for (a = first; a < g->n; a = b) {
			for (b = pg_next(g, a + 1); b < g->n && !pg_item_start(g, b); b = pg_next(g, b + 1))
				;
			if (pg_meeting_item(g, a, b, NULL) < 0)
				return -1;
		}
	}
	pg_judge_end(g, pg_has(g, first, g->n, "issue date"));
	return 0;
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
