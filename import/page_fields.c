/*
** page_fields.c — the labelled fields of a page ("Decision maker:",
** "Is key decision?", "Purpose:" blocks), and the readers of the
** families made of them (page_int.h): the decision record ("Decision
** details") and the issue ("Issue details").
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page_int.h"

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
int pg_label(const char *s, size_t n, size_t *ln, size_t *val)
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
int pg_decision(struct pg *g)
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
int pg_issue(struct pg *g)
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
