/*
** page_meeting.c — the reader of a meeting's agenda page (page_int.h):
** its committee and date from the heading, and every numbered item on
** it with its minutes and resolutions where printed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_int.h"

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

/* 1 if line i stands after a wider gap than paragraphs have (two blank
   lines or more) and before a narrower one (one): an item's title where
   the page set its items apart so. */
static int pg_gapped(const struct pg *g, size_t i)
{
	return i >= 2 && !g->v[i - 1].n && !g->v[i - 2].n && i + 2 < g->n
	       && !g->v[i + 1].n && g->v[i + 2].n;
}

/* 1 if line i starts an unnumbered item on a meeting page with neither
   numbers nor cells: a title-like line before "To ..." or long prose, or
   set apart from the item before it (pg_gapped). */
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
	       && pg_words(pg_s(g, i), g->v[i].n) <= 12
	       && (g->v[nx].n > 150 || pg_gapped(g, i));
}

/* A meeting's agenda page: the meeting, then every item on it. */
int pg_meeting(struct pg *g)
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
