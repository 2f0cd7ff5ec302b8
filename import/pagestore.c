/*
** pagestore.c — store a read page through the store's write API (see
** pagestore.h): the page's labelled fields are mapped onto the item's and
** the issue's named fields by their labels as councils print them; every
** other field is kept as printed.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pagestore.h"

/* Labels (any case) and the named field each fills. */
enum ps_key {
	PK_NONE, PK_MAKER, PK_STATUS, PK_KEY, PK_CALLIN, PK_REASONS, PK_ALT,
	PK_AUTHOR, PK_PUBLISHED, PK_DECIDED, PK_EFFECTIVE, PK_ITEM, PK_DUE,
	PK_LEAD, PK_WARDS, PK_SUMMARY, PK_TYPE
};

static enum ps_key ps_key(const char *label)
{
	static const struct { const char *label; enum ps_key key; } tab[] = {
		{ "decision maker", PK_MAKER }, { "decision status", PK_STATUS },
		{ "is key decision?", PK_KEY }, { "is subject to call in?", PK_CALLIN },
		{ "reasons for the decision", PK_REASONS },
		{ "reason for decision", PK_REASONS },
		{ "reasons for decision", PK_REASONS },
		{ "alternative options considered", PK_ALT },
		{ "alternative options rejected", PK_ALT },
		{ "report author", PK_AUTHOR }, { "publication date", PK_PUBLISHED },
		{ "date of decision", PK_DECIDED }, { "effective from", PK_EFFECTIVE },
		/* the item's own text */
		{ "purpose", PK_ITEM }, { "decision", PK_ITEM }, { "decisions", PK_ITEM },
		/* an issue's */
		{ "decision due", PK_DUE }, { "lead officer", PK_LEAD },
		{ "lead director", PK_LEAD }, { "wards affected", PK_WARDS },
		{ "divisions affected", PK_WARDS }, { "summary", PK_SUMMARY },
		{ "decision type", PK_TYPE },
	};
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcasecmp(label, tab[i].label) == 0)
			return tab[i].key;
	return PK_NONE;
}

/* "Yes" / "No" (first word) as "yes" / "no", else NULL. */
static const char *ps_yesno(const char *v)
{
	if (strncasecmp(v, "yes", 3) == 0)
		return "yes";
	if (strncasecmp(v, "no", 2) == 0 && (v[2] == '\0' || v[2] == ' ' || v[2] == '.'))
		return "no";
	return NULL;
}

/* The date at the start of v as YYYY-MM-DD into iso, or NULL. */
static const char *ps_date(const char *v, char iso[11])
{
	return minutes_date(v, strlen(v), iso) > 0 ? iso : NULL;
}

/* Dates of one item record (ps_fill). */
struct ps_dates { char published[11], decided[11], effective[11]; };

/*
** Fill r's decision-record fields from the page's labelled fields; the
** others (not the item's own purpose and decision) go to *fields (malloc'd,
** borrowing the page's strings).  Returns 0 or -ENOMEM.
*/
static int ps_fill(const struct page *pg, struct item_rec *r, struct ps_dates *d,
                   struct field_rec **fields)
{
	size_t i;

	*fields = calloc(pg->nfields + 1, sizeof **fields);
	if (!*fields)
		return -ENOMEM;
	r->fields = *fields;
	r->nfields = 0;
	for (i = 0; i < pg->nfields; i++) {
		const struct page_field *f = &pg->fields[i];

		switch (ps_key(f->label)) {
		case PK_MAKER:     r->decision_maker = f->value; break;
		case PK_STATUS:    r->decision_status = f->value; break;
		case PK_KEY:       r->key_decision = ps_yesno(f->value); break;
		case PK_CALLIN:    r->call_in = ps_yesno(f->value); break;
		case PK_REASONS:   r->reasons = f->value; break;
		case PK_ALT:       r->alternatives = f->value; break;
		case PK_AUTHOR:    r->author = f->value; break;
		case PK_PUBLISHED: r->published = ps_date(f->value, d->published); break;
		case PK_DECIDED:   r->decided = ps_date(f->value, d->decided); break;
		case PK_EFFECTIVE: r->effective_from = ps_date(f->value, d->effective); break;
		case PK_ITEM:      break;
		default:
			(*fields)[r->nfields].label = f->label;
			(*fields)[r->nfields++].value = f->value;
		}
	}
	return 0;
}

/* The issue the page is (or is of), stored for council. */
static int ps_issue(store *s, const struct page *pg, const char *council, int64_t *id)
{
	struct issue_rec r = { 0 };
	struct field_rec *fields;
	size_t i;
	int rc;

	r.council = council;
	r.source_id = pg->source_id;
	r.title = pg->title;
	if (!(fields = calloc(pg->nfields + 1, sizeof *fields)))
		return -ENOMEM;
	for (i = 0; i < pg->nfields; i++) {
		const struct page_field *f = &pg->fields[i];

		switch (ps_key(f->label)) {
		case PK_MAKER:   r.decision_maker = f->value; break;
		case PK_STATUS:  r.status = f->value; break;
		case PK_DUE:     if (!r.decision_due) r.decision_due = f->value;
		                 else goto other;   /* the second "Decision due:" */
		                 break;
		case PK_LEAD:    r.lead_officer = f->value; break;
		case PK_WARDS:   r.wards = f->value; break;
		case PK_SUMMARY: r.summary = f->value; break;
		case PK_TYPE:
			r.key_decision = strncasecmp(f->value, "key", 3) == 0 ? "yes"
			                 : strncasecmp(f->value, "non", 3) == 0 ? "no" : NULL;
			goto other;
		default:
		other:
			fields[r.nfields].label = f->label;
			fields[r.nfields++].value = f->value;
		}
	}
	r.fields = fields;
	rc = store_issue_upsert(s, &r, id);
	free(fields);
	return rc;
}

int page_store(store *s, const struct page *pg, const struct import_place *w,
               const char *name, int replace, struct page_stored *out)
{
	struct import_place at = *w;
	struct item_rec more = { 0 };
	struct field_rec *fields = NULL;
	struct ps_dates dates;
	size_t i, k;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->status = IMPORT_UNCHANGED;
	if (!at.url)
		at.url = pg->url;
	if (w->number && pg->nitems > 1) {
		snprintf(out->msg, sizeof out->msg, "%s: the page holds %zu items: "
		         "--number applies to a page of one", name, pg->nitems);
		return -EINVAL;
	}
	if (!pg->nitems && pg->family == PAGE_ISSUE && !w->council) {
		snprintf(out->msg, sizeof out->msg, "%s: an issue page is the issue "
		         "of a council: give --council", name);
		return -EINVAL;
	}
	if (pg->title && w->council && (pg->family == PAGE_ISSUE
	    || ((pg->family == PAGE_ISSUE_MEETINGS || pg->family == PAGE_ISSUE_DECISIONS)
	        && pg->source_id)) && (rc = ps_issue(s, pg, w->council, &out->issue)) < 0)
		return rc;
	if (pg->nitems && !(out->items = calloc(pg->nitems, sizeof *out->items)))
		return -ENOMEM;
	if (pg->family == PAGE_DECISION && ps_fill(pg, &more, &dates, &fields) < 0)
		return -ENOMEM;
	at.more = &more;
	for (i = 0; i < pg->nitems; i++) {
		const struct minutes_page *it = &pg->items[i];
		int nob = !w->board && !it->committee, nod = !w->date && !it->meeting_date;

		if (nob || nod) {
			snprintf(out->msg, sizeof out->msg, "%s: the page names no %s: give %s%s%s",
			         name, nob && nod ? "meeting" : nob ? "committee" : "meeting date",
			         nob ? "--board" : "", nob && nod ? " and " : "",
			         nod ? "--date" : "");
			rc = -EINVAL;
			break;
		}
		more.partial = it->partial;
		rc = store_import_page(s, it, &at, name, replace, &out->items[i]);
		if (rc < 0)
			break;
		if (rc == IMPORT_ADDED || (rc == IMPORT_REPLACED && out->status != IMPORT_ADDED))
			out->status = rc;
		rc = 0;
		out->nitems++;
		out->nres += it->nres;
		out->nactions += it->nfurther;
		for (k = 0; k < it->nres; k++)
			out->nactions += it->res[k].is_action != 0;
		if (out->issue && (rc = store_item_issue_add(s, out->items[i], out->issue)) < 0)
			break;
	}
	free(fields);
	return rc;
}

void page_stored_free(struct page_stored *r)
{
	free(r->items);
	memset(r, 0, sizeof *r);
}
