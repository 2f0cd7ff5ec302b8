/*
** list.c — the listings govctl prints: boards, meetings and actions as
** JSON rows (one object a row, streamed), and the counts of the root's
** README.
*/
#include <jansson.h>

#include "store_int.h"

/* Build a JSON object from the current row, one member per column, named
   by the column names: integers stay integers, NULL is null. */
static json_t *write_row_json(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int i, n = sqlite3_column_count(st);

	for (i = 0; o && i < n; i++) {
		json_t *v;

		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default:
			v = json_string(col_text(st, i));
		}
		json_object_set_new(o, sqlite3_column_name(st, i), v);
	}
	return o;
}

/*
** Call fn with st stepped to each of its rows, one row at a time: for
** callbacks that do not use the store while the statement is stepped (the
** tables of actions.tsv and actions.csv, which read the columns as they
** are, with no JSON object per row).  0 or -errno.
*/
static int write_rows_stream(store *s, sqlite3_stmt *st,
                             int (*fn)(void *ctx, sqlite3_stmt *row),
                             void *ctx)
{
	int rc;

	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		if (fn(ctx, st)) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/* Call fn with each row of st as JSON.  0 or -errno. */
int write_rows(store *s, sqlite3_stmt *st, store_row_fn fn, void *ctx)
{
	json_t **rows = NULL, **nr;
	size_t n = 0, cap = 0, i;
	int rc;

	if (!st)
		return -EIO;
	/* Collect first: fn may run other queries (paths). */
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nr = realloc(rows, cap * sizeof *rows);
			if (!nr) {
				rc = -ENOMEM;
				goto out;
			}
			rows = nr;
		}
		if (!(rows[n++] = write_row_json(st))) {
			rc = -ENOMEM;
			goto out;
		}
	}
	sqlite3_reset(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < n && rc == 0; i++)
		if (fn(ctx, rows[i]))
			break;
out:
	for (i = 0; i < n; i++)
		json_decref(rows[i]);
	free(rows);
	return rc;
}

int store_list_boards(store *s, store_row_fn fn, void *ctx)
{
	return write_rows(s, store_stmt(s, "SELECT b.id AS id, b.slug AS board,"
		" b.name AS name, c.name AS council, b.kind AS kind,"
		" (SELECT count(*) FROM meeting WHERE board_id = b.id) AS meetings,"
		" 'boards/' || b.slug AS path"
		" FROM board b LEFT JOIN council c ON c.id = b.council_id"
		" ORDER BY b.slug", NULL), fn, ctx);
}

int store_list_meetings(store *s, int64_t board_id, store_row_fn fn,
                        void *ctx)
{
	return write_rows(s, store_stmt(s, "SELECT m.id AS id, b.slug AS board,"
		" m.date AS date, m.time AS time, m.status AS status,"
		" m.location AS location,"
		" (SELECT count(*) FROM item WHERE meeting_id = m.id) AS items,"
		" 'boards/' || b.slug || '/meetings/' || m.slug AS path"
		" FROM meeting m JOIN board b ON b.id = m.board_id"
		" WHERE ?1 = 0 OR m.board_id = ?1"
		" ORDER BY m.date, b.slug, m.slug", "i", board_id), fn, ctx);
}

/* The actions f lets through, as store_list_actions lists them, with
   today in the caller's buffer: it is bound to the statement as it is,
   so it must outlive the stepping. */
static sqlite3_stmt *write_actions_stmt(store *s, const struct action_filter *f,
                                        char today[11])
{
	const char *status = f->status;

	store_today(s, today);
	return store_stmt(s,
		"SELECT a.id AS id,"
		" a.status AS status, a.rag AS rag, a.progress AS progress,"
		" a.due AS due, a.owner AS owner, b.slug AS board,"
		" CASE WHEN i.id IS NULL THEN NULL ELSE"
		"  'boards/' || b.slug || '/meetings/' || m.slug || '/items/'"
		"  || i.slug END AS item,"
		" r.label AS resolution, a.text AS text"
		" FROM action a JOIN board b ON b.id = a.board_id"
		" LEFT JOIN item i ON i.id = a.item_id"
		" LEFT JOIN meeting m ON m.id = i.meeting_id"
		" LEFT JOIN resolution r ON r.id = a.resolution_id"
		" WHERE (?1 IS NULL OR a.status = ?1 OR (?1 = 'open' AND"
		"        a.status = 'in_progress'))"
		" AND (?2 = 0 OR (a.status IN ('open', 'in_progress')"
		"        AND a.due IS NOT NULL AND a.due < ?3))"
		" AND (?4 = 0 OR a.board_id = ?4)"
		" AND (?5 IS NULL OR instr(lower(a.owner), lower(?5)) > 0)"
		" AND (?6 IS NULL OR a.due < ?6)"
		" ORDER BY a.id", "tdtitt", status, f->overdue, today,
		f->board_id, f->owner, f->due_before);
}

int store_list_actions(store *s, const struct action_filter *f,
                       store_row_fn fn, void *ctx)
{
	char today[11];

	return write_rows(s, write_actions_stmt(s, f, today), fn, ctx);
}

int store_list_actions_stream(store *s, const struct action_filter *f,
                              int (*fn)(void *ctx, sqlite3_stmt *row),
                              void *ctx)
{
	char today[11];

	return write_rows_stream(s, write_actions_stmt(s, f, today), fn, ctx);
}

int store_counts(store *s, struct store_counts *c)
{
	char today[11];
	sqlite3_stmt *st;
	int rc;

	/* Kept by triggers (schema 2), so this costs the same at any size;
	   overdue depends on the day: the open actions' per-day counters
	   (schema 5) of the days before today. */
	store_today(s, today);
	st = store_stmt(s, "SELECT"
		" (SELECT n FROM counter WHERE name = 'board'),"
		" (SELECT n FROM counter WHERE name = 'meeting'),"
		" (SELECT n FROM counter WHERE name = 'item'),"
		" (SELECT n FROM counter WHERE name = 'resolution'),"
		" (SELECT n FROM counter WHERE name = 'action'),"
		" (SELECT n FROM counter WHERE name = 'action.open'),"
		" (SELECT coalesce(sum(n), 0) FROM counter"
		"   WHERE name >= 'due:' AND name < 'due:' || ?),"
		" (SELECT n FROM counter WHERE name = 'action.done'),"
		" (SELECT n FROM counter WHERE name = 'person'),"
		" (SELECT n FROM counter WHERE name = 'plan'),"
		" (SELECT n FROM counter WHERE name = 'document'),"
		" (SELECT n FROM counter WHERE name = 'issue')", "t", today);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -EIO;
	c->boards = sqlite3_column_int64(st, 0);
	c->meetings = sqlite3_column_int64(st, 1);
	c->items = sqlite3_column_int64(st, 2);
	c->resolutions = sqlite3_column_int64(st, 3);
	c->actions = sqlite3_column_int64(st, 4);
	c->open = sqlite3_column_int64(st, 5);
	c->overdue = sqlite3_column_int64(st, 6);
	c->done = sqlite3_column_int64(st, 7);
	c->people = sqlite3_column_int64(st, 8);
	c->plans = sqlite3_column_int64(st, 9);
	c->documents = sqlite3_column_int64(st, 10);
	c->issues = sqlite3_column_int64(st, 11);
	sqlite3_reset(st);
	return 0;
}
