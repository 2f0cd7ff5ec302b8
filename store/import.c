/*
** import.c — store a parsed minutes page (minutes.h) as an item with its
** resolutions, people, documents and the actions its resolutions ask for.
*/
#include <inttypes.h>

#include "minutes.h"
#include "store_int.h"

/* FNV-1a over the parsed page: equal digests mean the same page. */
static void import_digest(const struct minutes_page *p, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	const char *parts[6] = { p->title, p->subtitle, p->purpose, p->decision,
	                         p->minutes, NULL };
	size_t i;

	for (i = 0; i < 6; i++) {
		const unsigned char *c = (const unsigned char *)
		                         (i < 5 ? parts[i] : "");
		for (; c && *c; c++)
			h = (h ^ *c) * 1099511628211ULL;
		h = (h ^ 0x1f) * 1099511628211ULL;   /* field separator */
	}
	for (i = 0; i < p->ndocs; i++) {
		const unsigned char *c = (const unsigned char *)p->docs[i].title;

		for (; c && *c; c++)
			h = (h ^ *c) * 1099511628211ULL;
		c = (const unsigned char *)(p->docs[i].url ? p->docs[i].url : "");
		for (; *c; c++)
			h = (h ^ *c) * 1099511628211ULL;
	}
	snprintf(out, 17, "%016" PRIx64, h);
}

/* Find the board: the given reference, else the page's committee name. */
static int import_board(store *s, const struct minutes_page *p,
                        const struct import_place *w, const char *name,
                        int64_t *board)
{
	sqlite3_stmt *st;
	int rc;

	if (w->board)
		return store_board_find(s, w->board, board);
	if (!p->committee)
		return store_fail(s, -EINVAL, "%s: the page does not say its "
		                  "committee: give --board", name);
	st = store_stmt(s, "SELECT id FROM board WHERE name = ? COLLATE NOCASE"
	                   " ORDER BY id LIMIT 1", "t", p->committee);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*board = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	return store_fail(s, rc < 0 ? rc : -ENOENT, "%s: unknown board '%s' "
	                  "(from the page's Meeting: line): add it with govctl "
	                  "board add, or give --board", name, p->committee);
}

int store_import_action(store *s, int64_t item, int64_t resolution,
                        const char *text, const char *due, const char *note)
{
	struct action_rec a = { 0 };
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(s, "SELECT id FROM action WHERE item_id = ? AND"
	                   " (resolution_id = nullif(?, 0) OR text = ?)",
	                "iit", item, resolution, text);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc < 0)
		return rc;
	a.item_id = item;
	a.resolution_id = resolution;
	a.text = text;
	a.due = due;
	a.note = note;
	rc = store_action_add(s, &a, NULL);
	return rc ? rc : 1;
}

static int import_people(store *s, const struct minutes_page *p,
                         int64_t meeting, int64_t item)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < p->npeople; i++) {
		const struct minutes_person *m = &p->people[i];
		int64_t person;

		rc = store_person_get(s, m->name, m->role, &person);
		if (rc == 0 && strcmp(m->attendance, "member") != 0)
			rc = store_attendance_add(s, meeting, person,
			                          m->attendance, m->note);
		if (rc == 0)
			rc = store_item_person_add(s, item, person, m->attendance);
	}
	return rc;
}

int store_import_page(store *s, const struct minutes_page *p,
                      const struct import_place *w, const char *name,
                      int replace, int64_t *item_id)
{
	struct meeting_rec mr = { 0 };
	struct item_rec ir = { 0 };
	const char *date = w->date ? w->date : p->meeting_date;
	const char *number = w->number ? w->number : p->item_number;
	int64_t board, meeting, item = 0, res, nact = 0;
	char digest[17], note[96];
	sqlite3_stmt *st;
	int rc, existed;
	size_t i;

	rc = import_board(s, p, w, name, &board);
	if (rc)
		return rc;
	if (!date)
		return store_fail(s, -EINVAL, "%s: the page does not say its "
		                  "meeting date: give --date", name);
	if (!store_valid_date(date))
		return store_fail(s, -EINVAL, "%s: invalid date '%s': expected "
		                  "YYYY-MM-DD", name, date);
	if (!number)
		return store_fail(s, -EINVAL, "%s: the page does not say its "
		                  "item number: give --number", name);
	mr.board_id = board;
	mr.date = date;
	rc = store_meeting_find(s, board, date, &meeting);
	if (rc == -ENOENT)
		rc = store_meeting_add(s, &mr, &meeting);
	if (rc)
		return rc;
	import_digest(p, digest);
	existed = store_item_by_number(s, meeting, number, &item) == 0;
	if (existed) {
		st = store_stmt(s, "SELECT digest IS ? FROM item WHERE id = ?",
		                "ti", digest, item);
		if (st && store_step(s, st) == SQLITE_ROW &&
		    sqlite3_column_int(st, 0)) {
			sqlite3_reset(st);
			if (item_id)
				*item_id = item;
			/* The same page; a source URL given now is recorded. */
			rc = !w->url ? 0 : store_item_source_url(s, item, w->url);
			return rc ? rc : IMPORT_UNCHANGED;
		}
		if (st)
			sqlite3_reset(st);
		if (!replace)
			return store_fail(s, -EEXIST, "%s: item %s of the %s "
			                  "meeting already holds a different page "
			                  "(use --replace to overwrite it)", name,
			                  number, date);
	}
	ir.meeting_id = meeting;
	ir.number = number;
	ir.title = p->title;
	ir.subtitle = p->subtitle;
	ir.purpose = p->purpose;
	ir.minutes = p->minutes;
	ir.decision = p->decision;
	ir.source_url = w->url;
	ir.digest = digest;
	if (existed) {
		rc = store_item_upsert(s, &ir, &item);
		if (rc == 0)
			rc = store_item_clear(s, item, (int)p->nres);
	} else {
		/* A new item: its rows go in with the triggers idle. */
		rc = store_bulk_begin(s);
		if (rc == 0)
			rc = store_item_add(s, &ir, &item);
	}
	for (i = 0; rc == 0 && i < p->nres; i++) {
		const struct minutes_resolution *r = &p->res[i];

		rc = store_resolution_add(s, item, (int)i + 1, r->label, r->text,
		                          res_kind_name(r->kind), r->membership,
		                          r->due, &res);
		if (rc == 0 && r->is_action) {
			snprintf(note, sizeof note, "from %s%s%s",
			         res_kind_name(r->kind), *r->label ? " " : "",
			         r->label);
			rc = store_import_action(s, item, res, r->text, r->due, note);
			nact += rc > 0;
			rc = rc > 0 ? 0 : rc;
		}
	}
	for (i = 0; rc == 0 && i < p->nfurther; i++) {
		rc = store_import_action(s, item, 0, p->further[i], NULL,
		                         "further information to be provided");
		nact += rc > 0;
		rc = rc > 0 ? 0 : rc;
	}
	if (rc == 0)
		rc = import_people(s, p, meeting, item);
	for (i = 0; rc == 0 && i < p->ndocs; i++)
		rc = store_document_add(s, item, (int)i + 1, p->docs[i].title,
		                        p->docs[i].url, NULL);
	if (!existed) {
		/* Imported actions are open (store_action_add). */
		struct store_bulk b = { meeting, board, { 1, (int64_t)p->nres,
		                        (int64_t)p->ndocs, nact, nact, 0 },
		                        p->npeople > 0 };
		int end = store_bulk_end(s, item, rc ? NULL : &b);

		rc = rc ? rc : end;
	}
	if (rc)
		return rc;
	if (item_id)
		*item_id = item;
	return existed ? IMPORT_REPLACED : IMPORT_ADDED;
}
