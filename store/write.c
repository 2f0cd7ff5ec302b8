/*
** write.c — inserts and updates (references: ref.c; listings: list.c).
** Each write sets created/updated from the store's clock; triggers do the
** rest (parents' mtimes, full-text index, change log), but for the rows of
** an item, whose inserts do it here (write_added, schema 13).
*/
#include <assert.h>
#include <inttypes.h>
#include <time.h>

#include "store_int.h"

/* ---- validation ---------------------------------------------------------- */

/* 1 if s is a real date YYYY-MM-DD: a year of four digits from 1000, a
   month, a day of that month in the Gregorian calendar.  (Counted, not a
   round trip through strptime, timegm and strftime as before: the same
   answer for each of 7.6 M strings tried, at a hundredth of the cost.) */
int store_valid_date(const char *s)
{
	static const unsigned char mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, m, d, i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1000 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	                                       y % 400 == 0));
}

const char *const store_statuses[] = {
	"open", "in_progress", "done", "deferred", "dropped", NULL
};
const char *const store_rags[] = {
	"red", "amber", "green", "blue", NULL
};

static int write_in(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

int store_valid_status(const char *s) { return write_in(s, store_statuses); }
int store_valid_rag(const char *s) { return write_in(s, store_rags); }

/*
** Text stored as given reaches every file of the tree (and the terminal of
** whoever reads one): it must be UTF-8 (JSON cannot hold anything else)
** without control characters other than tab and line breaks.  0, or
** -EINVAL naming the field.
*/
int write_text(store *s, const char *what, const char *v)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	size_t bad, i, len;
	uint64_t w, d;

	if (!v)
		return 0;
	len = strlen(v);
	if (!utf8_valid(v, len, &bad))
		return store_fail(s, -EINVAL, "%s: invalid UTF-8 at byte %zu",
		                  what, bad);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		/* Eight bytes at a time while none is below 0x20 or 0x7f. */
		if (len - i >= 8) {
			memcpy(&w, v + i, 8);
			d = w ^ (ones * 0x7f);
			if (!((w - ones * 0x20) & ~w & highs) &&
			    !((d - ones) & ~d & highs)) {
				i += 7;
				continue;
			}
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			return store_fail(s, -EINVAL, "%s: control character "
			                  "0x%02x at byte %zu", what, c, i);
	}
	return 0;
}

static int write_board_text(store *s, const struct board_rec *b)
{
	int rc = write_text(s, "name", b->name);

	if (rc == 0)
		rc = write_text(s, "council", b->council);
	if (rc == 0)
		rc = write_text(s, "kind", b->kind);
	if (rc == 0)
		rc = write_text(s, "remit", b->remit);
	return rc;
}

static int write_meeting_text(store *s, const struct meeting_rec *m)
{
	int rc = write_text(s, "time", m->time);

	if (rc == 0)
		rc = write_text(s, "location", m->location);
	if (rc == 0)
		rc = write_text(s, "status", m->status);
	return rc;
}

/* Run a write statement to completion.  0 or -errno. */
int write_run(store *s, sqlite3_stmt *st, const char *what)
{
	int rc;

	if (!st)
		return -EIO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	rc = store_sqlfail(s, what);
	sqlite3_reset(st);
	return rc;
}

/* Find a single integer (an id) by query: 0, -ENOENT or -EIO. */
int write_id(store *s, sqlite3_stmt *st, int64_t *id)
{
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc < 0 ? rc : -ENOENT;
	}
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* ---- what an inserted row of an item sets off (schema 13) ------------------ */

/*
** The rows of an item (item, resolution, document, action, action_history,
** item_person, attendance) have no insert triggers (schema.c, migration
** 13): their writers below do what those triggers did, statement for
** statement and in their order, after the insert; inside an import's bulk
** mode store_bulk_end does it once for the item instead.  Outside a
** transaction the insert and its work are one (a savepoint).
*/
static int write_group_begin(store *s, int *own)
{
	*own = !s->in_txn;
	return *own ? store_exec(s, "SAVEPOINT write_row") : 0;
}

/* End what write_group_begin began, with rc the outcome; rc or -errno. */
static int write_group_end(store *s, int own, int rc)
{
	if (!own)
		return rc;
	if (rc) {
		store_exec(s, "ROLLBACK TO write_row");
		store_exec(s, "RELEASE write_row");
		return rc;
	}
	return store_exec(s, "RELEASE write_row");
}

/* The change-log row of a row added to tbl (parent 0: none). */
static int write_log_added(store *s, const char *tbl, int64_t id,
                           int64_t parent, const char *name, int64_t at)
{
	return write_run(s, store_stmt(s, "INSERT INTO change(tbl, row_id,"
	                 " parent_id, name, at) VALUES (?, ?, nullif(?, 0), ?,"
	                 " ?)", "tiiti", tbl, id, parent, name, at), "log");
}

/* The parents a row's insert touches (write_touch_sql). */
enum write_parent { WP_ITEM, WP_MEETING, WP_BOARD, WP_PERSON, WP_ACTION };

static const char *const write_touch_sql[] = {
	[WP_ITEM] = "UPDATE item SET updated = ?2"
	            " WHERE id = ?1 AND updated < ?2",
	[WP_MEETING] = "UPDATE meeting SET updated = ?2"
	               " WHERE id = ?1 AND updated < ?2",
	[WP_BOARD] = "UPDATE board SET updated = ?2"
	             " WHERE id = ?1 AND updated < ?2",
	[WP_PERSON] = "UPDATE person SET updated = ?2"
	              " WHERE id = ?1 AND updated < ?2",
	[WP_ACTION] = "UPDATE action SET updated = ?2"
	              " WHERE id = ?1 AND updated < ?2",
};

/* Move parent row id of table p to time at, unless it is there already. */
static int write_touch(store *s, enum write_parent p, int64_t id, int64_t at)
{
	return write_run(s, store_stmt(s, write_touch_sql[p], "ii", id, at),
	                 "touch");
}

/* Add one to counter row name. */
static int write_count_one(store *s, const char *name)
{
	return write_run(s, store_stmt(s, "UPDATE counter SET n = n + 1"
	                 " WHERE name = ?", "t", name), "count");
}

/*
** The work of the insert trigger of table tbl (migrations 3 and 9) for
** row id added at time at: its log row (parent, name), the parents
** touched (p1, then p2, each with its id; -1: none), the counter row
** (NULL: none).  0 or -errno.
*/
static int write_added(store *s, const char *tbl, int64_t id, int64_t parent,
                       const char *name, int64_t at, int p1, int64_t id1,
                       int p2, int64_t id2, const char *counter)
{
	int rc = write_log_added(s, tbl, id, parent, name, at);

	if (rc == 0 && p1 >= 0)
		rc = write_touch(s, (enum write_parent)p1, id1, at);
	if (rc == 0 && p2 >= 0)
		rc = write_touch(s, (enum write_parent)p2, id2, at);
	if (rc == 0 && counter)
		rc = write_count_one(s, counter);
	return rc;
}

/* Record the database's creation time once (for the views' mtime). */
int write_meta_created(store *s)
{
	char v[32];

	snprintf(v, sizeof v, "%" PRId64, store_now_ms(s));
	return write_run(s, store_stmt(s, "INSERT OR IGNORE INTO meta(key, value)"
	                 " VALUES ('created', ?)", "t", v), "meta");
}

/* ---- boards, meetings, items ------------------------------------------------ */

int write_council(store *s, const char *name, int64_t *id)
{
	char slug[SLUG_MAX + 1];
	int64_t now = store_now_ms(s);
	int rc;

	*id = 0;
	if (!name || !*name)
		return 0;
	rc = write_id(s, store_stmt(s, "SELECT id FROM council WHERE name = ?",
	                            "t", name), id);
	if (rc != -ENOENT)
		return rc;
	slug_make(name, slug, sizeof slug);
	rc = write_run(s, store_stmt(s, "INSERT INTO council(slug, name,"
	               " created, updated) VALUES (?, ?, ?, ?)", "ttii", slug,
	               name, now, now), "add council");
	if (rc == -EEXIST)
		return store_fail(s, rc, "council slug %s already used by "
		                  "another council", slug);
	*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_board_add(store *s, const struct board_rec *b, int64_t *id)
{
	int64_t council = 0, now = store_now_ms(s);
	int rc;

	if (!b->slug || !slug_valid(b->slug))
		return store_fail(s, -EINVAL, "invalid board name '%s': use "
		                  "lowercase letters, digits and single dashes "
		                  "(at most %d)", b->slug ? b->slug : "",
		                  SLUG_MAX);
	if (!b->name || !*b->name)
		return store_fail(s, -EINVAL, "board %s: a name is required",
		                  b->slug);
	rc = write_board_text(s, b);
	if (rc == 0)
		rc = write_meta_created(s);
	if (rc == 0)
		rc = write_council(s, b->council, &council);
	if (rc)
		return rc;
	s->imp.board = 0;   /* (store_import_last) */
	rc = write_run(s, store_stmt(s, "INSERT INTO board(council_id, slug,"
	               " name, kind, remit, source, source_id, expired, deleted,"
	               " created, updated)"
	               " VALUES (nullif(?, 0), ?, ?, coalesce(?, 'committee'),"
	               " ?, ?, ?, ?, ?, ?, ?)", "ittttttddii", council, b->slug,
	               b->name, b->kind, b->remit, b->source, b->source_id,
	               b->expired, b->deleted, now, now), "add board");
	if (rc == -EEXIST)
		return store_fail(s, rc, "board %s already exists", b->slug);
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_board_upsert(store *s, const struct board_rec *b, int64_t *id)
{
	int64_t found = 0, council = 0;
	int rc = write_board_text(s, b);

	if (rc)
		return rc;
	rc = -ENOENT;
	if (b->source && b->source_id)
		rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE"
		              " source = ? AND source_id = ?", "tt", b->source,
		              b->source_id), &found);
	if (rc == -ENOENT && b->slug)
		rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE"
		              " slug = ?", "t", b->slug), &found);
	if (rc == -ENOENT)
		return store_board_add(s, b, id);
	if (rc == 0)
		rc = write_council(s, b->council, &council);
	if (rc)
		return rc;
	s->imp.board = 0;   /* (store_import_last) */
	rc = write_run(s, store_stmt(s, "UPDATE board SET"
	               " name = coalesce(?, name), kind = coalesce(?, kind),"
	               " remit = coalesce(?, remit),"
	               " council_id = coalesce(nullif(?, 0), council_id),"
	               " source = coalesce(?, source),"
	               " source_id = coalesce(?, source_id),"
	               " expired = ?, deleted = ?, updated = ?"
	               " WHERE id = ? AND (name IS NOT coalesce(?1, name)"
	               " OR kind IS NOT coalesce(?2, kind)"
	               " OR remit IS NOT coalesce(?3, remit)"
	               " OR source_id IS NOT coalesce(?6, source_id)"
	               " OR expired <> ?7 OR deleted <> ?8)",
	               "tttittddii", b->name, b->kind, b->remit, council,
	               b->source, b->source_id, b->expired, b->deleted,
	               store_now_ms(s), found), "update board");
	if (rc == 0 && id)
		*id = found;
	return rc;
}

/* A slug not yet used among the rows that sql (binding ?1 parent, ?2
   slug) finds: base, else base-2, base-3, ... */
int write_unique_slug(store *s, const char *sql, int64_t parent,
                      const char *base, char *out, size_t outsz)
{
	int64_t other;
	int n, rc;

	for (n = 1; n < 10000; n++) {
		if (n == 1)
			snprintf(out, outsz, "%s", base);
		else
			snprintf(out, outsz, "%.*s-%d", SLUG_MAX - 6, base, n);
		rc = write_id(s, store_stmt(s, sql, "it", parent, out), &other);
		if (rc == -ENOENT)
			return 0;
		if (rc)
			return rc;
	}
	return store_fail(s, -EEXIST, "too many entries named %s", base);
}

static int write_board_exists(store *s, int64_t board_id)
{
	int64_t x;
	int rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE id = ?",
	                  "i", board_id), &x);

	if (rc == -ENOENT)
		return store_fail(s, rc, "no board with id %" PRId64, board_id);
	return rc;
}

int store_meeting_add(store *s, const struct meeting_rec *m, int64_t *id)
{
	char slug[SLUG_MAX + 1];
	int64_t now = store_now_ms(s);
	int rc;

	if (!store_valid_date(m->date))
		return store_fail(s, -EINVAL, "invalid date '%s': expected "
		                  "YYYY-MM-DD", m->date ? m->date : "");
	rc = write_meeting_text(s, m);
	if (rc == 0)
		rc = write_board_exists(s, m->board_id);
	if (rc == 0)
		rc = write_unique_slug(s, "SELECT id FROM meeting WHERE"
		                       " board_id = ?1 AND slug = ?2", m->board_id,
		                       m->date, slug, sizeof slug);
	if (rc)
		return rc;
	s->imp.meeting = 0;   /* (store_import_last) */
	rc = write_run(s, store_stmt(s, "INSERT INTO meeting(board_id, date,"
	               " time, location, status, slug, source, source_id,"
	               " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttttttii", m->board_id, m->date, m->time, m->location,
	               m->status, slug, m->source, m->source_id, now, now),
	               "add meeting");
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

/* A meeting moved to another date takes that date's folder name. */
static int write_meeting_date(store *s, int64_t meeting, const char *date)
{
	char slug[SLUG_MAX + 1];
	int64_t board;
	int rc;

	rc = write_id(s, store_stmt(s, "SELECT board_id FROM meeting WHERE"
	              " id = ? AND date <> ?", "it", meeting, date), &board);
	if (rc == -ENOENT)
		return 0;   /* same date */
	if (rc == 0)
		rc = write_unique_slug(s, "SELECT id FROM meeting WHERE"
		                       " board_id = ?1 AND slug = ?2", board, date,
		                       slug, sizeof slug);
	s->imp.meeting = 0;   /* (store_import_last) */
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "UPDATE meeting SET date = ?,"
		               " slug = ?, updated = ? WHERE id = ?", "ttii", date,
		               slug, store_now_ms(s), meeting), "move meeting");
	return rc;
}

int store_meeting_upsert(store *s, const struct meeting_rec *m, int64_t *id)
{
	int64_t found = 0;
	int rc = -ENOENT;

	if (!store_valid_date(m->date))
		return store_fail(s, -EINVAL, "invalid date '%s': expected "
		                  "YYYY-MM-DD", m->date ? m->date : "");
	rc = write_meeting_text(s, m);
	if (rc)
		return rc;
	rc = -ENOENT;
	if (m->source && m->source_id)
		rc = write_id(s, store_stmt(s, "SELECT id FROM meeting WHERE"
		              " source = ? AND source_id = ?", "tt", m->source,
		              m->source_id), &found);
	/* The same meeting imported before from text: same board and date,
	   not yet tied to another source id. */
	if (rc == -ENOENT)
		rc = write_id(s, store_stmt(s, "SELECT id FROM meeting WHERE"
		              " board_id = ? AND date = ? AND (source_id IS NULL"
		              " OR ? IS NULL) ORDER BY slug LIMIT 1", "itt",
		              m->board_id, m->date, m->source_id), &found);
	if (rc == -ENOENT)
		return store_meeting_add(s, m, id);
	if (rc == 0)
		rc = write_meeting_date(s, found, m->date);
	if (rc)
		return rc;
	rc = write_run(s, store_stmt(s, "UPDATE meeting SET"
	               " time = coalesce(?1, time),"
	               " location = coalesce(?2, location),"
	               " status = coalesce(?3, status),"
	               " source = coalesce(?4, source),"
	               " source_id = coalesce(?5, source_id), updated = ?6"
	               " WHERE id = ?7 AND (time IS NOT coalesce(?1, time)"
	               " OR location IS NOT coalesce(?2, location)"
	               " OR status IS NOT coalesce(?3, status)"
	               " OR source_id IS NOT coalesce(?5, source_id))",
	               "tttttii", m->time, m->location, m->status, m->source,
	               m->source_id, store_now_ms(s), found), "update meeting");
	if (rc == 0 && id)
		*id = found;
	return rc;
}

/* Default order of an item: the number's leading digits. */
int write_item_ord(const char *number)
{
	long v = strtol(number, NULL, 10);

	return v > 0 && v < 1000000 ? (int)v : 0;
}

static int write_item_check(store *s, const struct item_rec *it)
{
	if (!it->number || !*it->number || strlen(it->number) > 16)
		return store_fail(s, -EINVAL, "an item number is required "
		                  "(at most 16 characters)");
	if (!it->title || !*it->title)
		return store_fail(s, -EINVAL, "item %s: a title is required",
		                  it->number);
	{
		const char *what[] = { "number", "title", "subtitle", "purpose",
		                       "minutes", "decision", "url" };
		const char *v[] = { it->number, it->title, it->subtitle,
		                    it->purpose, it->minutes, it->decision,
		                    it->source_url };
		size_t i;
		int rc;

		for (i = 0; i < sizeof v / sizeof v[0]; i++)
			if ((rc = write_text(s, what[i], v[i])) != 0)
				return rc;
	}
	return records_item_check(s, it);
}

int store_item_add(store *s, const struct item_rec *it, int64_t *id)
{
	char base[SLUG_MAX + 1], slug[SLUG_MAX + 1];
	int64_t now = store_now_ms(s), x;
	int rc, own;

	rc = write_item_check(s, it);
	if (rc)
		return rc;
	/* (A bulk insert's caller has just found or added the meeting.) */
	rc = s->bulk ? 0 : write_id(s, store_stmt(s, "SELECT id FROM meeting"
	                            " WHERE id = ?", "i", it->meeting_id), &x);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no meeting with id %" PRId64,
		                  it->meeting_id);
	slug_item(it->number, it->title, base, sizeof base);
	/* (the importer may know every item of the meeting: no query) */
	if (rc == 0 && store_import_slug_free(s, it->meeting_id, base))
		memcpy(slug, base, sizeof slug);
	else if (rc == 0)
		rc = write_unique_slug(s, "SELECT id FROM item WHERE"
		                       " meeting_id = ?1 AND slug = ?2",
		                       it->meeting_id, base, slug, sizeof slug);
	if (rc)
		return rc;
	if (!s->imp.adding)
		s->imp.items_known = 0;   /* (store_import_last) */
	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT OR FAIL INTO item(meeting_id, number,"
	               " ord, title, subtitle, purpose, minutes, decision,"
	               " source_url, slug, digest, source, source_id, created,"
	               " updated, partial, decision_maker, decision_status,"
	               " key_decision, call_in, reasons, alternatives, author,"
	               " published, decided, effective_from) VALUES (?, ?, ?, ?,"
	               " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	               " ?, ?, ?)", "itdttttttttttiidtttttttttt", it->meeting_id,
	               it->number,
	               it->ord ? it->ord : write_item_ord(it->number), it->title,
	               it->subtitle, it->purpose, it->minutes, it->decision,
	               it->source_url, slug, it->digest, it->source,
	               it->source_id, now, now, it->partial != 0,
	               it->decision_maker, it->decision_status, it->key_decision,
	               it->call_in, it->reasons, it->alternatives, it->author,
	               it->published, it->decided, it->effective_from),
	               "add item");
	x = sqlite3_last_insert_rowid(s->db);
	if (rc == 0) {
		s->last_item.id = x;
		s->last_item.meeting = it->meeting_id;
		memcpy(s->last_item.slug, slug, sizeof slug);
	}
	/* What the insert trigger did (bulk mode: store_bulk_end does it
	   but the queueing for the index). */
	if (rc == 0 && !s->bulk)
		rc = write_added(s, "item", x, it->meeting_id, slug, now,
		                 WP_MEETING, it->meeting_id, -1, 0, "item");
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "INSERT OR IGNORE INTO"
		               " fts_pending(item_id) VALUES (?)", "i", x),
		               "add item");
	if (rc == 0 && id)
		*id = x;
	if (rc == 0 && it->nfields)
		rc = records_item_fields(s, x, it->fields, it->nfields, 1);
	rc = write_group_end(s, own, rc);
	if (rc == 0 && !s->in_txn)
		rc = store_fts_flush(s);
	return rc;
}

int store_item_upsert(store *s, const struct item_rec *it, int64_t *id)
{
	char base[SLUG_MAX + 1], slug[SLUG_MAX + 1];
	int64_t found = 0;
	int rc = -ENOENT;

	rc = write_item_check(s, it);
	if (rc)
		return rc;
	s->imp.items_known = 0;   /* (store_import_last) */
	rc = -ENOENT;
	if (it->source && it->source_id)
		rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE"
		              " source = ? AND source_id = ?", "tt", it->source,
		              it->source_id), &found);
	if (rc == -ENOENT)
		rc = store_item_by_number(s, it->meeting_id, it->number, &found);
	if (rc == -ENOENT)
		return store_item_add(s, it, id);
	if (rc)
		return rc;
	slug_item(it->number, it->title, base, sizeof base);
	rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE id = ? AND"
	              " slug = ?", "it", found, base), &found);
	if (rc == -ENOENT) {
		/* The name changes only when the number or title did. */
		rc = write_unique_slug(s, "SELECT id FROM item WHERE"
		                       " meeting_id = ?1 AND slug = ?2",
		                       it->meeting_id, base, slug, sizeof slug);
		if (rc)
			return rc;
		rc = write_run(s, store_stmt(s, "UPDATE item SET slug = ?"
		               " WHERE id = ?", "ti", slug, found), "rename item");
	}
	if (rc)
		return rc;
	rc = write_run(s, store_stmt(s, "UPDATE item SET number = ?1,"
	               " ord = ?2, title = ?3, subtitle = ?4, purpose = ?5,"
	               " minutes = ?6, decision = ?7,"
	               " source_url = coalesce(?8, source_url),"
	               " digest = ?9, source = coalesce(?10, source),"
	               " source_id = coalesce(?11, source_id), updated = ?12,"
	               " partial = ?14, decision_maker = ?15,"
	               " decision_status = ?16, key_decision = ?17,"
	               " call_in = ?18, reasons = ?19, alternatives = ?20,"
	               " author = ?21, published = ?22, decided = ?23,"
	               " effective_from = ?24"
	               " WHERE id = ?13 AND (number IS NOT ?1 OR ord IS NOT ?2"
	               " OR title IS NOT ?3 OR subtitle IS NOT ?4"
	               " OR purpose IS NOT ?5 OR minutes IS NOT ?6"
	               " OR decision IS NOT ?7 OR digest IS NOT ?9"
	               " OR source_id IS NOT coalesce(?11, source_id)"
	               " OR partial IS NOT ?14 OR decision_maker IS NOT ?15"
	               " OR decision_status IS NOT ?16 OR key_decision IS NOT ?17"
	               " OR call_in IS NOT ?18 OR reasons IS NOT ?19"
	               " OR alternatives IS NOT ?20 OR author IS NOT ?21"
	               " OR published IS NOT ?22 OR decided IS NOT ?23"
	               " OR effective_from IS NOT ?24)",
	               "tdtttttttttiidtttttttttt", it->number,
	               it->ord ? it->ord : write_item_ord(it->number),
	               it->title, it->subtitle, it->purpose, it->minutes,
	               it->decision, it->source_url, it->digest, it->source,
	               it->source_id, store_now_ms(s), found, it->partial != 0,
	               it->decision_maker, it->decision_status, it->key_decision,
	               it->call_in, it->reasons, it->alternatives, it->author,
	               it->published, it->decided, it->effective_from),
	               "update item");
	if (rc == 0)
		rc = records_item_fields(s, found, it->fields, it->nfields, 0);
	if (rc == 0 && id)
		*id = found;
	return rc;
}

int store_resolution_find(store *s, int64_t item_id, const char *label,
                          int64_t *id)
{
	int rc = write_id(s, store_stmt(s, "SELECT id FROM resolution WHERE"
	                  " item_id = ? AND label = ? ORDER BY ord LIMIT 1",
	                  "it", item_id, label), id);

	if (rc == -ENOENT)
		return store_fail(s, rc, "the item has no resolution labelled "
		                  "'%s'", label);
	return rc;
}

int store_item_source_url(store *s, int64_t item_id, const char *url)
{
	return write_run(s, store_stmt(s, "UPDATE item SET source_url = ?1,"
	                 " updated = ?2 WHERE id = ?3 AND source_url IS NOT ?1",
	                 "tii", url, store_now_ms(s), item_id), "set source");
}

int store_item_by_number(store *s, int64_t meeting_id, const char *number,
                         int64_t *id)
{
	/* (min(id), not ORDER BY id: no sort of the meeting's items.) */
	return write_id(s, store_stmt(s, "SELECT id FROM item WHERE id ="
	                " (SELECT min(id) FROM item WHERE meeting_id = ?"
	                " AND number = ?)", "it", meeting_id, number), id);
}

int store_resolution_add(store *s, int64_t item_id, int ord,
                         const char *label, const char *text,
                         const char *kind, const char *membership,
                         const char *due, int64_t *id)
{
	int64_t now = store_now_ms(s), found, x;
	int rc, own;

	if (!text || !*text)
		return store_fail(s, -EINVAL, "a resolution needs text");
	/* (A bulk insert is of a new item's rows: there is none.) */
	rc = s->bulk ? -ENOENT : write_id(s, store_stmt(s, "SELECT id FROM"
	                         " resolution WHERE item_id = ? AND ord = ?", "id",
	                         item_id, ord), &found);
	if (rc == 0) {
		rc = write_run(s, store_stmt(s, "UPDATE resolution SET"
		               " label = ?1, text = ?2, kind = ?3, membership = ?4,"
		               " due = ?5, updated = ?6 WHERE id = ?7 AND"
		               " (label IS NOT ?1 OR text IS NOT ?2 OR kind IS NOT ?3"
		               " OR membership IS NOT ?4 OR due IS NOT ?5)",
		               "tttttii", label ? label : "", text, kind,
		               membership, due, now, found), "update resolution");
		if (rc == 0 && id)
			*id = found;
		return rc;
	}
	if (rc != -ENOENT)
		return rc;
	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT OR FAIL INTO resolution(item_id, ord,"
	               " label, text, kind, membership, due, created, updated)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "idtttttii",
	               item_id, ord, label ? label : "", text, kind, membership,
	               due, now, now), "add resolution");
	x = sqlite3_last_insert_rowid(s->db);
	if (rc == 0 && !s->bulk)
		rc = write_added(s, "resolution", x, item_id, label ? label : "",
		                 now, WP_ITEM, item_id, -1, 0, "resolution");
	rc = write_group_end(s, own, rc);
	if (rc == 0 && id)
		*id = x;
	if (rc == 0 && s->inew.active && s->inew.item == item_id)
		s->inew.b.count[1]++;   /* (store_item_new_begin) */
	return rc;
}

int store_document_add(store *s, int64_t item_id, int ord, const char *title,
                       const char *url, const char *published)
{
	int64_t now = store_now_ms(s);
	int rc, own;

	if (!title || !*title)
		return store_fail(s, -EINVAL, "a document needs a title");
	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT OR FAIL INTO document(item_id, ord,"
	               " title, url, published, created, updated)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?)", "idtttii", item_id,
	               ord, title, url, published, now, now), "add document");
	if (rc == 0 && !s->bulk)
		rc = write_added(s, "document", sqlite3_last_insert_rowid(s->db),
		                 item_id, title, now, WP_ITEM, item_id, -1, 0,
		                 "document");
	rc = write_group_end(s, own, rc);
	if (rc == 0 && s->inew.active && s->inew.item == item_id)
		s->inew.b.count[2]++;   /* (store_item_new_begin) */
	return rc;
}

int store_item_clear(store *s, int64_t item_id, int keep)
{
	int rc;

	rc = write_run(s, store_stmt(s, "DELETE FROM document WHERE"
	               " item_id = ?", "i", item_id), "clear documents");
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "DELETE FROM item_person WHERE"
		               " item_id = ?", "i", item_id), "clear people");
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "DELETE FROM resolution WHERE"
		               " item_id = ? AND ord > ?", "id", item_id, keep),
		               "clear resolutions");
	return rc;
}

/* ---- people ------------------------------------------------------------------ */

int store_person_get(store *s, const char *name, const char *role,
                     int64_t *id)
{
	char base[SLUG_MAX + 1], slug[SLUG_MAX + 1];
	int64_t now = store_now_ms(s);
	sqlite3_stmt *st;
	int rc, same = 0;

	if (!name || !*name)
		return store_fail(s, -EINVAL, "a person needs a name");
	st = store_stmt(s, "SELECT id, role FROM person WHERE name = ?", "t",
	                name);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		/* (The UPDATE's own test, without the statement.) */
		same = role && sqlite3_column_type(st, 1) == SQLITE_TEXT &&
		       strcmp(col_text(st, 1), role) == 0;
		sqlite3_reset(st);
		rc = 0;
	} else {
		rc = rc < 0 ? rc : -ENOENT;
	}
	if (rc == 0 && role && *role && !same)
		rc = write_run(s, store_stmt(s, "UPDATE person SET role = ?,"
		               " updated = ? WHERE id = ? AND role IS NOT ?1",
		               "tii", role, now, *id), "update person");
	if (rc != -ENOENT)
		return rc;
	slug_make(name, base, sizeof base);
	rc = write_unique_slug(s, "SELECT id FROM person WHERE ?1 = ?1 AND"
	                       " slug = ?2", 0, base, slug, sizeof slug);
	if (rc)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT INTO person(slug, name, role,"
	               " created, updated) VALUES (?, ?, ?, ?, ?)", "tttii",
	               slug, name, role && *role ? role : NULL, now, now),
	               "add person");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_person_attendee(store *s, const char *name, const char *role,
                          int64_t meeting, int64_t *id)
{
	sqlite3_stmt *st;
	int rc, later = 0;

	if (role && *role && name) {
		st = store_stmt(s, "SELECT 1 FROM person p JOIN attendance a ON"
		                   " a.person_id = p.id JOIN meeting m ON"
		                   " m.id = a.meeting_id WHERE p.name = ? AND"
		                   " m.date > (SELECT date FROM meeting WHERE"
		                   " id = ?) LIMIT 1", "ti", name, meeting);
		if (!st)
			return -EIO;
		rc = store_step(s, st);
		sqlite3_reset(st);
		if (rc < 0)
			return rc;
		later = rc == SQLITE_ROW;
	}
	return store_person_get(s, name, later ? NULL : role, id);
}

/* A person touched in this transaction, or note that p is (bulk mode). */
static int write_person_touched(store *s, int64_t p, int note)
{
	int64_t *slot = &s->bulk_people[p % STORE_NPEOPLE];

	if (*slot == p)
		return 1;
	if (note)
		*slot = p;
	return 0;
}

/*
** The touches of the bulk path (the work the insert triggers did): move
** person p's, or meeting m's, updated time to now, once a transaction.
** One touched before in it has that time already (no write sets an
** earlier one): for people, those noted (write_person_touched); for
** meetings, the last one (an import's pages come meeting by meeting).
** 0 or -errno.
*/
static int write_touch_person(store *s, int64_t p, int64_t now)
{
	int rc;

	if (write_person_touched(s, p, 0))
		return 0;
	rc = write_run(s, store_stmt(s, "UPDATE person SET updated = ?2"
	               " WHERE id = ?1 AND updated < ?2", "ii", p, now),
	               "touch person");
	if (rc == 0)
		write_person_touched(s, p, 1);
	return rc;
}

static int write_touch_meeting(store *s, int64_t m, int64_t now)
{
	int rc;

	if (m == s->bulk_touched[0])
		return 0;
	rc = write_run(s, store_stmt(s, "UPDATE meeting SET updated = ?2"
	               " WHERE id = ?1 AND updated < ?2", "ii", m, now),
	               "touch meeting");
	if (rc == 0)
		s->bulk_touched[0] = m;
	return rc;
}

int store_attendance_add(store *s, int64_t meeting_id, int64_t person_id,
                         const char *role, const char *note)
{
	int64_t now = store_now_ms(s), id;
	int rc, own;

	/* A new row, else the note of the one there (as an upsert's DO
	   UPDATE would, whose update triggers every insert would carry). */
	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	sqlite3_set_last_insert_rowid(s->db, 0);
	rc = write_run(s, store_stmt(s, "INSERT OR FAIL INTO attendance(meeting_id,"
	               " person_id, role, note, created, updated)"
	               " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	               " ON CONFLICT (meeting_id, person_id, role) DO NOTHING",
	               "iitti", meeting_id, person_id, role, note, now),
	               "add attendance");
	id = sqlite3_last_insert_rowid(s->db);
	if (rc == 0 && !id)
		rc = write_run(s, store_stmt(s, "UPDATE attendance SET"
		               " note = ?4, updated = ?5 WHERE meeting_id = ?1"
		               " AND person_id = ?2 AND role = ?3"
		               " AND note IS NOT ?4", "iitti", meeting_id,
		               person_id, role, note, now), "add attendance");
	if (rc == 0 && id && !s->bulk)
		rc = write_added(s, "attendance", id, meeting_id, role, now,
		                 WP_MEETING, meeting_id, WP_PERSON, person_id,
		                 NULL);
	if (rc || !s->bulk || !id)
		return write_group_end(s, own, rc);
	/* A row added in bulk mode (store_bulk_begin): what the trigger
	   did, in its order: the log, the meeting's touch, the person's,
	   each parent once a transaction. */
	rc = write_log_added(s, "attendance", id, meeting_id, role, now);
	if (rc == 0)
		rc = write_touch_meeting(s, meeting_id, now);
	if (rc == 0)
		rc = write_touch_person(s, person_id, now);
	return write_group_end(s, own, rc);
}

int store_item_person_add(store *s, int64_t item_id, int64_t person_id,
                          const char *role)
{
	int64_t now = store_now_ms(s);
	int rc, own;

	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT OR IGNORE INTO"
	               " item_person(item_id, person_id, role, created,"
	               " updated) VALUES (?, ?, ?, ?, ?)", "iitii", item_id,
	               person_id, role, now, now), "link person");
	/* (a link there already: no row, nothing to do) */
	if (rc == 0 && !s->bulk && sqlite3_changes(s->db) == 1)
		rc = write_added(s, "item_person", sqlite3_last_insert_rowid(s->db),
		                 item_id, role, now, WP_ITEM, item_id, WP_PERSON,
		                 person_id, NULL);
	return write_group_end(s, own, rc);
}

/* ---- actions ------------------------------------------------------------------ */

int write_history(store *s, int64_t action_id, const char *change,
                         const char *note)
{
	int64_t now = store_now_ms(s);
	int rc, own;

	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT OR FAIL INTO action_history("
	               "action_id, at, change, note, created, updated)"
	               " VALUES (?, ?, ?, ?, ?, ?)", "iittii", action_id, now,
	               change, note && *note ? note : NULL, now, now),
	               "add history");
	if (rc == 0 && !s->bulk)
		rc = write_added(s, "action_history",
		                 sqlite3_last_insert_rowid(s->db), action_id, change,
		                 now, WP_ACTION, action_id, -1, 0, NULL);
	return write_group_end(s, own, rc);
}

static int write_action_check(store *s, const char *status, const char *rag,
                              const char *due, int progress)
{
	if (status && !store_valid_status(status))
		return store_fail(s, -EINVAL, "invalid status '%s': expected "
		                  "open, in_progress, done, deferred or dropped",
		                  status);
	if (rag && *rag && !store_valid_rag(rag))
		return store_fail(s, -EINVAL, "invalid RAG rating '%s': "
		                  "expected red, amber, green or blue", rag);
	if (due && *due && !store_valid_date(due))
		return store_fail(s, -EINVAL, "invalid due date '%s': expected "
		                  "YYYY-MM-DD", due);
	if (progress > 100 || progress < -1)
		return store_fail(s, -EINVAL, "invalid progress %d: expected "
		                  "0 to 100", progress);
	return 0;
}

/*
** What the insert trigger of action did (migration 9) for action id added
** at time at on item (0: none) and board, with status and due (NULL or
** "": none): the open action's day counted, the log row, the item and the
** board touched, the counters of actions and of its state.
*/
static int write_action_added(store *s, int64_t id, int64_t item,
                              int64_t board, const char *status,
                              const char *due, int64_t at)
{
	int open = strcmp(status, "open") == 0 ||
	           strcmp(status, "in_progress") == 0;
	int rc = 0;

	if (open && due && *due)
		rc = write_run(s, store_stmt(s, "INSERT INTO counter"
		               " VALUES ('due:' || ?1, 1) ON CONFLICT(name)"
		               " DO UPDATE SET n = n + 1", "t", due),
		               "count due days");
	if (rc == 0)
		rc = write_added(s, "action", id, item, status, at, WP_ITEM, item,
		                 WP_BOARD, board, "action");
	if (rc == 0 && (open || strcmp(status, "done") == 0))
		rc = write_count_one(s, open ? "action.open" : "action.done");
	return rc;
}

int store_action_add(store *s, const struct action_rec *a, int64_t *id)
{
	int64_t now = store_now_ms(s), board = a->board_id, newid;
	const char *status = a->status ? a->status : "open";
	char change[64];
	int rc, own;

	if (!a->text || !*a->text)
		return store_fail(s, -EINVAL, "an action needs text");
	if ((rc = write_text(s, "text", a->text)) != 0 ||
	    (rc = write_text(s, "owner", a->owner)) != 0 ||
	    (rc = write_text(s, "note", a->note)) != 0)
		return rc;
	rc = write_action_check(s, status, a->rag, a->due, a->progress);
	if (rc)
		return rc;
	/* (A bulk insert's caller gives the board of the item's meeting,
	   which it has just found.) */
	if (a->item_id && !(s->bulk && board)) {
		rc = write_id(s, store_stmt(s, "SELECT m.board_id FROM item i"
		              " JOIN meeting m ON m.id = i.meeting_id"
		              " WHERE i.id = ?", "i", a->item_id), &board);
		if (rc == -ENOENT)
			return store_fail(s, rc, "no item with id %" PRId64,
			                  a->item_id);
		if (rc)
			return rc;
	} else if (!board) {
		return store_fail(s, -EINVAL, "an action needs an item or a "
		                  "board");
	} else if (!s->bulk && (rc = write_board_exists(s, board)) != 0) {
		return rc;
	}
	if ((rc = write_group_begin(s, &own)) != 0)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT OR FAIL INTO action(board_id, item_id,"
	               " resolution_id, text, owner, due, status, rag, progress,"
	               " created, updated) VALUES (?, nullif(?, 0), nullif(?, 0),"
	               " ?, ?, nullif(?, ''), ?, nullif(?, ''), ?, ?, ?)",
	               "iiitttttdii", board, a->item_id, a->resolution_id,
	               a->text, a->owner, a->due, status, a->rag,
	               a->progress > 0 ? a->progress : 0, now, now),
	               "add action");
	if (rc)
		write_group_end(s, own, rc);
	if (rc == -EEXIST) {
		int64_t other = 0;
		sqlite3_stmt *st = store_stmt(s, "SELECT a.id, r.label FROM"
		                              " action a JOIN resolution r ON"
		                              " r.id = a.resolution_id WHERE"
		                              " a.resolution_id = ?", "i",
		                              a->resolution_id);

		if (st && store_step(s, st) == SQLITE_ROW) {
			other = sqlite3_column_int64(st, 0);
			rc = store_fail(s, -EEXIST, "resolution %s already has "
			                "an action: actions/%06" PRId64,
			                (const char *)sqlite3_column_text(st, 1),
			                other);
		}
		if (st)
			sqlite3_reset(st);
		return other ? rc : store_fail(s, -EEXIST, "that resolution "
		                               "already has an action");
	}
	if (rc)
		return rc;
	newid = sqlite3_last_insert_rowid(s->db);
	if (!s->bulk)
		rc = write_action_added(s, newid, a->item_id, board, status, a->due,
		                        now);
	snprintf(change, sizeof change, "created (%s)", status);
	if (rc == 0)
		rc = write_history(s, newid, change, a->note);
	rc = write_group_end(s, own, rc);
	if (rc == 0 && id)
		*id = newid;
	return rc;
}

/* Append "field a -> b; " to change when a and b differ. */
static void write_diff(struct buf *change, const char *field, const char *a,
                       const char *b)
{
	if (!b || strcmp(a, b) == 0)
		return;
	if (change->len)
		buf_puts(change, "; ");
	buf_printf(change, "%s %s -> %s", field, *a ? a : "(none)",
	           *b ? b : "(none)");
}

int store_action_set(store *s, int64_t id, const struct action_change *c)
{
	struct buf change = { 0 };
	char oldp[16], newp[16];
	sqlite3_stmt *st;
	int rc;

	if ((rc = write_text(s, "text", c->text)) != 0 ||
	    (rc = write_text(s, "owner", c->owner)) != 0 ||
	    (rc = write_text(s, "note", c->note)) != 0)
		return rc;
	rc = write_action_check(s, c->status, c->rag, c->due, c->progress);
	if (rc)
		return rc;
	st = store_stmt(s, "SELECT status, owner, due, rag, progress, text"
	                   " FROM action WHERE id = ?", "i", id);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc < 0 ? rc : store_fail(s, -ENOENT, "no action %06"
		                                PRId64, id);
	}
	write_diff(&change, "status", col_text(st, 0), c->status);
	write_diff(&change, "owner", col_text(st, 1), c->owner);
	write_diff(&change, "due", col_text(st, 2), c->due);
	write_diff(&change, "rag", col_text(st, 3), c->rag);
	snprintf(oldp, sizeof oldp, "%d%%", sqlite3_column_int(st, 4));
	snprintf(newp, sizeof newp, "%d%%", c->progress);
	write_diff(&change, "progress", oldp, c->progress >= 0 ? newp : NULL);
	write_diff(&change, "text", col_text(st, 5), c->text);
	sqlite3_reset(st);
	if (!buf_ok(&change)) {
		rc = -ENOMEM;
		goto out;
	}
	rc = 0;
	if (change.len == 0 && !(c->note && *c->note))
		goto out;   /* nothing to record */
	/* An empty owner, due date or RAG clears it. */
	rc = write_run(s, store_stmt(s, "UPDATE action SET"
	               " status = coalesce(?1, status),"
	               " owner = CASE WHEN ?2 IS NULL THEN owner"
	               "   ELSE nullif(?2, '') END,"
	               " due = CASE WHEN ?3 IS NULL THEN due"
	               "   ELSE nullif(?3, '') END,"
	               " rag = CASE WHEN ?4 IS NULL THEN rag"
	               "   ELSE nullif(?4, '') END,"
	               " progress = CASE WHEN ?5 >= 0 THEN ?5 ELSE progress END,"
	               " text = coalesce(?6, text), updated = ?7 WHERE id = ?8",
	               "ttttdtii", c->status, c->owner, c->due, c->rag,
	               c->progress, c->text, store_now_ms(s), id),
	               "update action");
	if (rc == 0)
		rc = write_history(s, id, change.len ? change.data : "note",
		                   c->note);
out:
	buf_free(&change);
	return rc;
}

/* ---- bulk insert of an item (schema 3) --------------------------------------- */

/* The counter rows store_bulk_end adds to, in the order of bulk_count. */
static const char *const write_bulk_counters[STORE_NBULK] = {
	"item", "resolution", "document", "action", "action.open",
	"action.done",
};

int store_bulk_begin(store *s)
{
	if (s->in_txn)
		s->bulk = 1;
	return 0;
}

static int write_cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Move the updated time of the people of the item to now, in the order
   of their ids, as "UPDATE person ... WHERE id IN (...)" did. */
static int write_touch_people(store *s, const struct store_bulk *b,
                              int64_t now)
{
	size_t i;
	int rc = 0;

	if (b->npeople > 1)     /* qsort(NULL, 0, ...) is undefined */
		qsort(b->people, b->npeople, sizeof *b->people, write_cmp_id);
	for (i = 0; rc == 0 && i < b->npeople; i++)
		rc = write_touch_person(s, b->people[i], now);
	return rc;
}

/*
** The per-day counters of the item's open actions (schema 5), one upsert
** per action with a due day, as the trigger would, and at once: an action
** changed later in the transaction (govctl generate sets some) has its
** counter row to move.
*/
static int write_count_due(store *s, const struct store_bulk *b)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < b->nactions; i++)
		if (b->dues[i] && *b->dues[i])
			rc = write_run(s, store_stmt(s, "INSERT INTO counter"
			               " VALUES ('due:' || ?1, 1) ON CONFLICT(name)"
			               " DO UPDATE SET n = n + 1", "t", b->dues[i]),
			               "count due days");
	return rc;
}

/*
** The work of the item's rows' writers (write_added) for all of them, which b
** describes.  The rows of one transaction share its time (store_now_ms),
** so the item's own rows never move the item or its actions: what moves
** is the meeting, the board of the actions and the people linked.  The
** item's change-log row stands for its resolutions, documents, people
** links and actions with their history (store_changes).  The counters are
** added at commit (store_bulk_flush).
*/
int store_bulk_end(store *s, int64_t item, const struct store_bulk *b)
{
	int64_t now = store_now_ms(s);
	int rc, i;

	if (!s->bulk)
		return 0;
	s->bulk = 0;
	if (!b)
		return 0;
	/* The item's row as its trigger logged it (its name is its slug:
	   that store_item_add noted, else the row's); it stands for the
	   item's actions too. */
	if (item == s->last_item.id)
		rc = write_log_added(s, "item", item, b->meeting,
		                     s->last_item.slug, now);
	else
		rc = write_run(s, store_stmt(s, "INSERT INTO change(tbl, row_id,"
		               " parent_id, name, at) VALUES ('item', ?1, ?2,"
		               " (SELECT slug FROM item WHERE id = ?1), ?3)", "iii",
		               item, b->meeting, now), "log item");
	/* A parent touched once in the transaction has its time (no write
	   sets an earlier one): the next item of the meeting need not. */
	if (rc == 0)
		rc = write_touch_meeting(s, b->meeting, now);
	if (rc == 0 && b->count[3] && b->board != s->bulk_touched[1])
		rc = write_run(s, store_stmt(s, "UPDATE board SET updated = ?2"
		               " WHERE id = ?1 AND updated < ?2", "ii", b->board,
		               now), "touch board");
	if (rc == 0 && b->count[3])
		s->bulk_touched[1] = b->board;
	if (rc == 0)
		rc = write_touch_people(s, b, now);
	if (rc == 0)
		rc = write_count_due(s, b);
	for (i = 0; rc == 0 && i < STORE_NBULK; i++)
		s->bulk_count[i] += b->count[i];
	return rc;
}

#define WRITE_FTS_MANY 64           /* items waiting: index them at once */
#define WRITE_FTS_HASH (32 << 20)   /* FTS5 'hashsize' to do it with */

/*
** Index the items waiting in fts_pending (store_fts_flush), many of them
** with FTS5's 'hashsize' raised for the time: the new index data goes to
** disk as one segment at commit instead of one a megabyte (the default),
** segments which FTS5 then merges.  Indexing the 20,000 generated pages
** in five transactions took 2,802 M instructions, 2,418 M so; in ten of
** 2,000, 3,090 M and 2,798 M, leaving 4 segments instead of 8.  The
** table's stored configuration ends as it was: the value set back, or
** its row deleted if it had none (FTS5 writes the default as a row).
** 0 or -errno; inside a transaction, which undoes all of it on failure.
*/
static int write_fts_index(store *s)
{
	sqlite3_stmt *st;
	int64_t n, old;
	int rc, had;

	st = store_stmt(s, "SELECT count(*), (SELECT v FROM item_fts_config"
	                   " WHERE k = 'hashsize') FROM fts_pending", NULL);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -EIO;
	n = sqlite3_column_int64(st, 0);
	had = sqlite3_column_type(st, 1) != SQLITE_NULL;
	old = had ? sqlite3_column_int64(st, 1) : 1024 * 1024;
	sqlite3_reset(st);
	if (n < WRITE_FTS_MANY || old >= WRITE_FTS_HASH)
		return store_fts_flush(s);
	rc = write_run(s, store_stmt(s, "INSERT INTO item_fts(item_fts, rank)"
	               " VALUES ('hashsize', ?)", "i", (int64_t)WRITE_FTS_HASH),
	               "index");
	if (rc == 0)
		rc = store_fts_flush(s);
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "INSERT INTO item_fts(item_fts,"
		               " rank) VALUES ('hashsize', ?)", "i", old), "index");
	if (rc == 0 && !had)
		rc = write_run(s, store_stmt(s, "DELETE FROM item_fts_config"
		               " WHERE k = 'hashsize'", NULL), "index");
	return rc;
}

/* Add the counts store_bulk_end kept to the counter rows (each once,
   should the commit be tried again), and index the new items
   (write_fts_index), before the commit. */
int store_bulk_flush(store *s)
{
	int rc = 0, i;

	for (i = 0; rc == 0 && i < STORE_NBULK; i++) {
		if (s->bulk_count[i])
			rc = write_run(s, store_stmt(s, "UPDATE counter SET"
			               " n = n + ? WHERE name = ?", "it",
			               s->bulk_count[i], write_bulk_counters[i]),
			               "count");
		if (rc == 0)
			s->bulk_count[i] = 0;
	}
	if (rc == 0)
		rc = write_fts_index(s);
	return rc;
}

/* ---- plans -------------------------------------------------------------------- */

int store_plan_add(store *s, const char *slug, const char *name,
                   const char *period, const char *priorities, int64_t *id)
{
	int64_t now = store_now_ms(s);
	int rc;

	if (!slug || !slug_valid(slug))
		return store_fail(s, -EINVAL, "invalid plan name '%s': use "
		                  "lowercase letters, digits and single dashes",
		                  slug ? slug : "");
	if ((rc = write_text(s, "name", name)) != 0 ||
	    (rc = write_text(s, "period", period)) != 0 ||
	    (rc = write_text(s, "priorities", priorities)) != 0)
		return rc;
	rc = write_meta_created(s);
	if (rc)
		return rc;
	rc = write_run(s, store_stmt(s, "INSERT INTO plan(slug, name, period,"
	               " priorities, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
	               "ttttii", slug, name && *name ? name : slug, period,
	               priorities, now, now), "add plan");
	if (rc == -EEXIST)
		return store_fail(s, rc, "plan %s already exists", slug);
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_plan_item_add(store *s, int64_t plan_id, int64_t item_id)
{
	int64_t now = store_now_ms(s);

	return write_run(s, store_stmt(s, "INSERT OR IGNORE INTO plan_item("
	                 "plan_id, item_id, created, updated) VALUES (?, ?, ?, ?)",
	                 "iiii", plan_id, item_id, now, now), "link plan item");
}
