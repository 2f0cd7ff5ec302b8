/*
** import.c — store a parsed page's item (pagerec.h) as an item with its
** resolutions, people, documents and the actions its resolutions ask for;
** the page digest that tells an unchanged page.  The files are read and
** parsed on the input side (import/readahead.c).
*/
#include <assert.h>
#include <inttypes.h>

#include "buf.h"
#include "pagerec.h"
#include "store_int.h"

#define IMPORT_FNV 1099511628211ULL

/* h with the bytes of the string c (NULL: none) hashed in (FNV-1a). */
static uint64_t import_fnv(uint64_t h, const char *c)
{
	for (; c && *c; c++)
		h = (h ^ (unsigned char)*c) * IMPORT_FNV;
	return h;
}

/* FNV-1a over the parsed page: equal digests mean the same page. */
void store_page_digest(const struct minutes_page *p, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	const char *parts[6] = { p->title, p->subtitle, p->purpose, p->decision,
	                         p->minutes, "" };
	size_t i;

	for (i = 0; i < 6; i++)
		h = (import_fnv(h, parts[i]) ^ 0x1f) * IMPORT_FNV;   /* separator */
	for (i = 0; i < p->ndocs; i++)
		h = import_fnv(import_fnv(h, p->docs[i].title),
		               p->docs[i].url ? p->docs[i].url : "");
	snprintf(out, 17, "%016" PRIx64, h);
}

/*
** Fold into digest (store_page_digest's) what the page says beyond its
** minutes (m: the decision-record fields and the other labelled fields),
** so that pages differing only there differ.  A page that says none of it
** (m NULL or empty) keeps its digest: that of every page before these
** fields were read.
*/
static void import_digest_more(const struct item_rec *m, char digest[17])
{
	const char *parts[11];
	uint64_t h;
	size_t i, any = 0;

	if (!m)
		return;
	parts[0] = m->decision_maker;  parts[1] = m->decision_status;
	parts[2] = m->key_decision;    parts[3] = m->call_in;
	parts[4] = m->reasons;         parts[5] = m->alternatives;
	parts[6] = m->author;          parts[7] = m->published;
	parts[8] = m->decided;         parts[9] = m->effective_from;
	parts[10] = NULL;
	for (i = 0; i < 10; i++)
		any += parts[i] != NULL;
	if (!any && !m->nfields)
		return;
	h = (strtoull(digest, NULL, 16) ^ 0x1d) * IMPORT_FNV;
	for (i = 0; i < 10; i++)   /* a field given, even empty, is not one absent */
		h = (import_fnv((h ^ (parts[i] ? 1 : 0)) * IMPORT_FNV, parts[i])
		     ^ 0x1f) * IMPORT_FNV;
	for (i = 0; i < m->nfields; i++)
		h = (import_fnv((import_fnv(h, m->fields[i].label) ^ 0x1e) * IMPORT_FNV,
		                m->fields[i].value) ^ 0x1f) * IMPORT_FNV;
	snprintf(digest, 17, "%016" PRIx64, h);
}

/* The kind of a resolution as stored and shown (pagerec.h). */
const char *res_kind_name(enum res_kind k)
{
	switch (k) {
	case RK_RESOLVED:	return "resolved";
	case RK_RECOMMENDATION:	return "recommendation";
	case RK_AGREED:		return "agreed";
	case RK_DECISION:	return "decision";
	}
	return "resolved";
}

/* Find the board: the given reference, else the page's committee name
   (that of the page before again: store_import_last). */
static int import_board(store *s, const struct minutes_page *p,
                        const struct import_place *w, const char *name,
                        int64_t *board)
{
	struct store_import_last *l = &s->imp;
	sqlite3_stmt *st;
	int rc;

	if (w->board)
		return store_board_find(s, w->board, board);
	if (!p->committee)
		return store_fail(s, -EINVAL, "%s: the page does not say its "
		                  "committee: give --board", name);
	if (s->in_txn && l->board && strcmp(l->committee, p->committee) == 0
	    && strcmp(l->council, w->council ? w->council : "") == 0) {
		*board = l->board;
		return 0;
	}
	/* a board of that name, the page's first: before the council's
	   boards were told apart, a board named as the committee was it */
	st = w->council ? NULL : store_stmt(s, "SELECT count(*), min(id) FROM board"
	                                       " WHERE name = ? COLLATE NOCASE", "t",
	                                    p->committee);
	if (st && store_step(s, st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1) {
		*board = sqlite3_column_int64(st, 1);
		rc = 0;
	} else {
		rc = store_board_place(s, w->council, p->committee, w->council != NULL,
		                       board);
	}
	if (st)
		sqlite3_reset(st);
	if (rc == -EEXIST) {
		char why[sizeof s->err];

		snprintf(why, sizeof why, "%s", store_errmsg(s));
		return store_fail(s, rc, "%s: %s", name, why);
	}
	if (rc == -ENOENT)
		return store_fail(s, rc, "%s: no board for committee '%s' (from the "
		                  "page): give --council to file it under that "
		                  "council's board (created if new), or --board",
		                  name, p->committee);
	if (rc)
		return rc;
	if (s->in_txn && strlen(p->committee) < sizeof l->committee
	    && strlen(w->council ? w->council : "") < sizeof l->council) {
		l->board = *board;
		strcpy(l->committee, p->committee);
		strcpy(l->council, w->council ? w->council : "");
	}
	return 0;
}

/*
** The board's meeting on date (valid), found or else added; that of the
** page before again (store_import_last).  0 or -errno.
*/
static int import_meeting(store *s, int64_t board, const char *date,
                          int64_t *meeting)
{
	struct store_import_last *l = &s->imp;
	struct meeting_rec mr = { 0 };
	int rc, added = 0;

	if (s->in_txn && l->meeting && l->meeting_board == board &&
	    strcmp(l->date, date) == 0) {
		*meeting = l->meeting;
		return 0;
	}
	rc = store_meeting_find(s, board, date, meeting);
	if (rc == -ENOENT) {
		mr.board_id = board;
		mr.date = date;
		rc = store_meeting_add(s, &mr, meeting);
		added = rc == 0;
	}
	if (rc == 0 && s->in_txn) {
		l->meeting = *meeting;
		l->meeting_board = board;
		memcpy(l->date, date, sizeof l->date);
		l->items_known = added;   /* (it has none) */
		l->nitems = 0;
	}
	return rc;
}

/*
** The meeting's first item numbered number (store_item_by_number): from
** what the import noted of a meeting it added in this transaction, else
** by query.  0 or -ENOENT (-errno).
*/
static int import_item_by_number(store *s, int64_t meeting,
                                 const char *number, int64_t *item)
{
	struct store_import_last *l = &s->imp;
	int i;

	if (!s->in_txn || !l->items_known || l->meeting != meeting)
		return store_item_by_number(s, meeting, number, item);
	for (i = 0; i < l->nitems; i++)
		if (strcmp(l->items[i].number, number) == 0) {
			*item = l->items[i].id;
			return 0;
		}
	return -ENOENT;
}

/* Note the import's new item of the meeting it remembers (its name: that
   store_item_add gave it). */
static void import_item_added(store *s, int64_t meeting, const char *number,
                              int64_t item)
{
	struct store_import_last *l = &s->imp;

	if (!l->items_known || l->meeting != meeting)
		return;
	if (l->nitems == STORE_IMPORT_ITEMS ||
	    strlen(number) >= sizeof l->items[0].number ||
	    s->last_item.id != item) {
		l->items_known = 0;
		return;
	}
	l->items[l->nitems].id = item;
	memcpy(l->items[l->nitems].slug, s->last_item.slug,
	       sizeof l->items[0].slug);
	strcpy(l->items[l->nitems++].number, number);
}

int store_import_slug_free(store *s, int64_t meeting, const char *slug)
{
	struct store_import_last *l = &s->imp;
	int i;

	if (!s->in_txn || !l->adding || !l->items_known || l->meeting != meeting)
		return 0;
	for (i = 0; i < l->nitems; i++)
		if (strcmp(l->items[i].slug, slug) == 0)
			return 0;
	return 1;
}

int store_import_item_path(store *s, int64_t item, struct buf *out)
{
	struct store_import_last *l = &s->imp;
	int rc;

	if (!s->in_txn || !item || item != s->last_item.id)
		return store_node_path(s, NODE_INO(NK_ITEM, item), out);
	if (l->path_meeting != s->last_item.meeting) {
		struct buf m = { 0 };

		l->path_meeting = 0;
		rc = store_node_path(s, NODE_INO(NK_MEETING,
		                                 s->last_item.meeting), &m);
		if (rc == 0 && m.data && m.len < sizeof l->path) {
			memcpy(l->path, m.data, m.len + 1);
			l->path_meeting = s->last_item.meeting;
		}
		buf_free(&m);
		if (!l->path_meeting)
			return store_node_path(s, NODE_INO(NK_ITEM, item), out);
	}
	buf_printf(out, "%s/items/%s", l->path, s->last_item.slug);
	return buf_ok(out) ? 0 : -ENOMEM;
}

/* Note a new item's action added (store_item_new_begin): copies of its
   text and due date in s->inew.b.  1, or -ENOMEM. */
static int import_new_keep(store *s, const char *text, const char *due)
{
	struct store_item_new *n = &s->inew;
	struct store_bulk *b = &n->b;
	size_t cap = n->cap ? n->cap * 2 : 8;
	const char **v;

	if (b->nactions == n->cap) {
		v = realloc(b->texts, cap * sizeof *v);
		if (v)
			b->texts = v;
		v = v ? realloc(b->dues, cap * sizeof *v) : NULL;
		if (!v)
			return store_fail(s, -ENOMEM, "out of memory");
		b->dues = v;
		n->cap = cap;
	}
	b->texts[b->nactions] = strdup(text);
	b->dues[b->nactions] = due ? strdup(due) : NULL;
	if (!b->texts[b->nactions] || (due && !b->dues[b->nactions])) {
		free((char *)b->texts[b->nactions]);
		free((char *)b->dues[b->nactions]);
		return store_fail(s, -ENOMEM, "out of memory");
	}
	b->count[3]++;
	b->nactions++;
	return 1;
}

/*
** The action a resolution asks for, unless the item has it already; with
** b (a new item's rows in bulk mode), on the board given, and noted in b
** for store_bulk_end.  1 added, 0 there already, or -errno.
*/
static int import_action(store *s, int64_t item, int64_t board,
                         int64_t resolution, const char *text,
                         const char *due, const char *note,
                         struct store_bulk *b)
{
	struct action_rec a = { 0 };
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (b) {
		/* A new item's actions are those in b (and none has the
		   resolution, new too): the query below, in memory. */
		for (i = 0; i < b->nactions; i++)
			if (strcmp(b->texts[i], text) == 0)
				return 0;
	} else {
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
	}
	a.board_id = b ? board : 0;
	a.item_id = item;
	a.resolution_id = resolution;
	a.text = text;
	a.due = due;
	a.note = note;
	rc = store_action_add(s, &a, NULL);
	if (rc)
		return rc;
	if (b == &s->inew.b)
		return import_new_keep(s, text, due);
	if (b) {
		b->dues[b->nactions] = due;
		b->texts[b->nactions++] = text;
	}
	return 1;
}

int store_import_action(store *s, int64_t item, int64_t resolution,
                        const char *text, const char *due, const char *note)
{
	struct store_item_new *n = &s->inew;

	return import_action(s, item, n->b.board, resolution, text, due,
	                     note, n->active && n->bulk && n->item == item
	                     ? &n->b : NULL);
}

int store_item_new_begin(store *s, const struct item_rec *r, int64_t board,
                         int64_t *id)
{
	struct store_item_new *n = &s->inew;
	int rc;

	assert(!n->active && !s->bulk);
	memset(&n->b.count, 0, sizeof n->b.count);
	n->b.meeting = r->meeting_id;
	n->b.board = board;
	n->b.nactions = 0;
	n->b.people = NULL;
	n->b.npeople = 0;
	rc = store_bulk_begin(s);
	if (rc)
		return rc;
	n->bulk = s->bulk;
	rc = store_item_add(s, r, id);
	if (rc) {
		store_bulk_end(s, 0, NULL);
		return rc;
	}
	n->active = 1;
	n->item = *id;
	n->b.count[0] = 1;
	return 0;
}

int store_item_new_end(store *s, int ok)
{
	struct store_item_new *n = &s->inew;
	size_t i;
	int rc = 0;

	if (!n->active)
		return 0;
	n->active = 0;
	if (n->bulk) {
		n->b.count[4] = n->b.count[3];   /* imported actions are open */
		rc = store_bulk_end(s, n->item, ok ? &n->b : NULL);
	}
	for (i = 0; i < n->b.nactions; i++) {
		free((char *)n->b.texts[i]);
		free((char *)n->b.dues[i]);
	}
	n->b.nactions = 0;
	return rc;
}

/* The page's people, linked to the item (and the meeting when not plain
   members); with b, their ids noted in it. */
static int import_people(store *s, const struct minutes_page *p,
                         int64_t meeting, int64_t item, struct store_bulk *b)
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
		if (rc == 0 && b)
			b->people[b->npeople++] = person;
	}
	return rc;
}

/*
** 1 if item holds what m says (import_digest_more: the decision-record
** fields and the other labelled fields, NULL as absent): an item stored
** with the page's digest before that took them in is then the same page.
** 0 if not, or -errno.  Writes nothing.
*/
static int import_legacy_same(store *s, int64_t item, const struct item_rec *m)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	st = store_stmt(s, "SELECT 1 FROM item WHERE id = ?1"
	                   " AND decision_maker IS ?2 AND decision_status IS ?3"
	                   " AND key_decision IS ?4 AND call_in IS ?5"
	                   " AND reasons IS ?6 AND alternatives IS ?7"
	                   " AND author IS ?8 AND published IS ?9"
	                   " AND decided IS ?10 AND effective_from IS ?11"
	                   " AND (SELECT count(*) FROM item_field"
	                   "      WHERE item_id = ?1) = ?12",
	                "itttttttttti", item, m->decision_maker,
	                m->decision_status, m->key_decision, m->call_in,
	                m->reasons, m->alternatives, m->author, m->published,
	                m->decided, m->effective_from, (int64_t)m->nfields);
	for (i = 0; ; i++) {
		if (!st)
			return -EIO;
		rc = store_step(s, st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return rc < 0 ? rc : 0;
		if (i == m->nfields)
			return 1;
		st = store_stmt(s, "SELECT 1 FROM item_field WHERE item_id = ?"
		                   " AND ord = ? AND label = ? AND value = ?", "iitt",
		                item, (int64_t)i + 1, m->fields[i].label,
		                m->fields[i].value ? m->fields[i].value : "");
	}
}

/*
** The meeting's first item stored with digest (and with m not NULL, that
** holds what m says: import_legacy_same): 1 (*item set), 0 if none, or
** -errno.
*/
static int import_item_by_digest(store *s, int64_t meeting, const char *digest,
                                 const struct item_rec *m, int64_t *item)
{
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(s, "SELECT id FROM item WHERE meeting_id = ? AND digest = ?"
	                   " ORDER BY id", "it", meeting, digest);
	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		*item = sqlite3_column_int64(st, 0);
		if (!m || (rc = import_legacy_same(s, *item, m)) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == 1 ? 1 : rc < 0 ? rc : 0;
}

/*
** An item whose page gives no number: the meeting's item holding the same
** page (digest; or base, the digest before import_digest_more, when not
** NULL, with what m says) if any (1, *item set), else 0 with next set to
** the next free number (one past the highest whole number).  -errno on
** error.
*/
static int import_unnumbered(store *s, int64_t meeting, const char *digest,
                             const char *base, const struct item_rec *m,
                             int64_t *item, char next[24])
{
	sqlite3_stmt *st;
	int rc;

	rc = import_item_by_digest(s, meeting, digest, NULL, item);
	if (rc == 0 && base)
		rc = import_item_by_digest(s, meeting, base, m, item);
	if (rc)
		return rc;
	st = store_stmt(s, "SELECT coalesce(max(CAST(number AS INTEGER)), 0) + 1"
	                   " FROM item WHERE meeting_id = ?", "i", meeting);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	snprintf(next, 24, "%lld", rc == SQLITE_ROW
	         ? (long long)sqlite3_column_int64(st, 0) : 1LL);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -EIO;
	/* the import's note of the meeting's items misses this one */
	s->imp.items_known = 0;
	return 0;
}

/*
** 1 if item holds the page of digest (or of base, when not NULL, with
** what m says: import_unnumbered), 0 if not, or -errno.
*/
static int import_holds(store *s, int64_t item, const char *digest,
                        const char *base, const struct item_rec *m)
{
	sqlite3_stmt *st;
	int rc, same = 0, old = 0;

	st = store_stmt(s, "SELECT digest IS ?, digest IS ? FROM item WHERE id = ?",
	                "tti", digest, base, item);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		same = sqlite3_column_int(st, 0);
		old = base && sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	return same ? 1 : old ? import_legacy_same(s, item, m) : 0;
}

int store_import_page(store *s, const struct minutes_page *p,
                      const struct import_place *w, const char *name,
                      int replace, int64_t *item_id)
{
	struct item_rec ir = { 0 };
	const char *date = w->date ? w->date : p->meeting_date;
	const char *number = w->number ? w->number : p->item_number;
	int64_t board, meeting, item = 0, res;
	char digest[17], base[17], note[96], next[24];
	const char *legacy;
	struct store_bulk b = { 0 }, *bp = NULL;
	int rc, existed;
	size_t i;

	if (p->nres > STORE_MAX_RESOLUTIONS)
		return store_fail(s, -EINVAL, "%s: %zu resolutions, more than the"
		                  " %d an item may have", name, p->nres,
		                  STORE_MAX_RESOLUTIONS);
	rc = import_board(s, p, w, name, &board);
	if (rc)
		return rc;
	if (!date)
		return store_fail(s, -EINVAL, "%s: the page does not say its "
		                  "meeting date: give --date", name);
	if (!store_valid_date(date))
		return store_fail(s, -EINVAL, "%s: invalid date '%s': expected "
		                  "YYYY-MM-DD", name, date);
	rc = import_meeting(s, board, date, &meeting);
	if (rc)
		return rc;
	if (p->digest[0])
		memcpy(base, p->digest, sizeof base);
	else
		store_page_digest(p, base);
	memcpy(digest, base, sizeof digest);
	import_digest_more(w->more, digest);
	/* base: what an import before import_digest_more stored */
	legacy = strcmp(base, digest) != 0 ? base : NULL;
	if (!number) {
		rc = import_unnumbered(s, meeting, digest, legacy, w->more, &item,
		                       next);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			if (item_id)
				*item_id = item;
			rc = !w->url ? 0 : store_item_source_url(s, item, w->url);
			return rc ? rc : IMPORT_UNCHANGED;
		}
		number = next;
	}
	existed = import_item_by_number(s, meeting, number, &item) == 0;
	if (existed) {
		rc = import_holds(s, item, digest, legacy, w->more);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			if (item_id)
				*item_id = item;
			/* The same page; a source URL given now is recorded. */
			rc = !w->url ? 0 : store_item_source_url(s, item, w->url);
			return rc ? rc : IMPORT_UNCHANGED;
		}
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
	if (w->more) {
		const struct item_rec *m = w->more;

		ir.partial = m->partial;
		ir.decision_maker = m->decision_maker;
		ir.decision_status = m->decision_status;
		ir.key_decision = m->key_decision;
		ir.call_in = m->call_in;
		ir.reasons = m->reasons;
		ir.alternatives = m->alternatives;
		ir.author = m->author;
		ir.published = m->published;
		ir.decided = m->decided;
		ir.effective_from = m->effective_from;
		ir.fields = m->fields;
		ir.nfields = m->nfields;
	}
	if (existed) {
		rc = store_item_upsert(s, &ir, &item);
		if (rc == 0)
			rc = store_item_clear(s, item, (int)p->nres);
	} else {
		/* A new item: its rows go in bulk mode, and b
		   notes what store_bulk_end is to do for them. */
		bp = &b;
		b.meeting = meeting;
		b.board = board;
		b.dues = calloc(p->nres + p->nfurther + 1, sizeof *b.dues);
		b.texts = calloc(p->nres + p->nfurther + 1, sizeof *b.texts);
		b.people = calloc(p->npeople + 1, sizeof *b.people);
		rc = b.dues && b.texts && b.people ? 0 :
		     store_fail(s, -ENOMEM, "out of memory");
		if (rc == 0)
			rc = store_bulk_begin(s);
		s->imp.adding = 1;
		if (rc == 0)
			rc = store_item_add(s, &ir, &item);
		s->imp.adding = 0;
		if (rc == 0)
			import_item_added(s, meeting, number, item);
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
			rc = import_action(s, item, board, res, r->text, r->due,
			                   note, bp);
			rc = rc > 0 ? 0 : rc;
		}
	}
	for (i = 0; rc == 0 && i < p->nfurther; i++) {
		rc = import_action(s, item, board, 0, p->further[i], NULL,
		                   "further information to be provided", bp);
		rc = rc > 0 ? 0 : rc;
	}
	if (rc == 0)
		rc = import_people(s, p, meeting, item, bp);
	for (i = 0; rc == 0 && i < p->ndocs; i++)
		rc = store_document_add(s, item, (int)i + 1, p->docs[i].title,
		                        p->docs[i].url, NULL);
	if (!existed) {
		/* Imported actions are open (store_action_add). */
		int64_t counts[STORE_NBULK] = { 1, (int64_t)p->nres,
		                                (int64_t)p->ndocs,
		                                (int64_t)b.nactions,
		                                (int64_t)b.nactions, 0 };
		int end;

		memcpy(b.count, counts, sizeof counts);
		end = store_bulk_end(s, item, rc ? NULL : &b);
		rc = rc ? rc : end;
		free(b.dues);
		free(b.texts);
		free(b.people);
	}
	if (rc)
		return rc;
	if (item_id)
		*item_id = item;
	return existed ? IMPORT_REPLACED : IMPORT_ADDED;
}
