/*
** check_upgrade.c — a database of schema 2 (tests/fixtures/schema2.sql,
** written by the govctl of that time) opened by this store: migrated in
** place to STORE_SCHEMA, every row of every old table kept with its
** values, integrity ok, the schema that of a new database, the counters
** right (migration 5 counts the open actions by due day), search,
** rendering, writes and imports working; a second open changes nothing;
** a read-only open of the old file, and any open of a file newer than this
** build, are refused with a clear message and change nothing.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_util.h"
#include "store_int.h"

#define FIXTURE "tests/fixtures/schema2.sql"
#define FIXTURE12 "tests/fixtures/schema12.sql"
#define PANEL "boards/slough-education-childrens-scrutiny-panel"
#define CARE_LEAVERS PANEL "/meetings/2017-03-15/items/04a-care-leavers-accommodation"
#define DELIVERY_PLAN PANEL "/meetings/2016-12-08/items/05-slough-joint-delivery-plan"

static char tmpdir[] = "/tmp/govfs-check-upgrade-XXXXXX";
static char dbpath[256];

/* Load the fixture file into a new file at path with SQLite alone. */
static void load_fixture_file(const char *path, const char *fixture)
{
	size_t len;
	char *sql = check_slurp(fixture, &len), *err = NULL;
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	                                 SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
	              "%s: %s", fixture, err ? err : "?");
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	free(sql);
}

static void load_fixture(const char *path)
{
	load_fixture_file(path, FIXTURE);
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(strcpy(tmpdir,
	                                     "/tmp/govfs-check-upgrade-XXXXXX")));
	snprintf(dbpath, sizeof dbpath, "%s/old.db", tmpdir);
	/* "today", for the overdue count */
	setenv("GOVCTL_NOW", "2026-11-23T10:00:00Z", 1);
	load_fixture(dbpath);
}

/* The schema-12 fixture instead (the schema12 cases). */
static void setup12(void)
{
	ck_assert_ptr_nonnull(mkdtemp(strcpy(tmpdir,
	                                     "/tmp/govfs-check-upgrade-XXXXXX")));
	snprintf(dbpath, sizeof dbpath, "%s/old.db", tmpdir);
	setenv("GOVCTL_NOW", "2026-12-02T10:00:00Z", 1);
	load_fixture_file(dbpath, FIXTURE12);
}

static void teardown(void)
{
	check_rmtree(tmpdir);
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	                                 NULL), SQLITE_OK);
	return db;
}

/* Every row of a query, one line each: columns as SQL literals (quote()),
   so that types and values both count. */
static void dump_query(sqlite3 *db, const char *sql, struct buf *out)
{
	sqlite3_stmt *st;
	int i, n, rc;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	              "%s: %s", sql, sqlite3_errmsg(db));
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const unsigned char *v = sqlite3_column_text(st, i);

			buf_printf(out, "%s%s", i ? "|" : "",
			           v ? (const char *)v : "NULL");
		}
		buf_putc(out, '\n');
	}
	ck_assert_int_eq(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	ck_assert(buf_ok(out));
}

/* The column list "quote(a), quote(b), ..." of table t into cols, and
   the number of columns. */
static int table_cols(sqlite3 *db, const char *t, struct buf *cols)
{
	sqlite3_stmt *st;
	int i, n;
	char q[300];

	snprintf(q, sizeof q, "SELECT * FROM \"%s\"", t);
	ck_assert_int_eq(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	n = sqlite3_column_count(st);
	for (i = 0; i < n; i++)
		buf_printf(cols, "%squote(\"%s\")", i ? ", " : "",
		           sqlite3_column_name(st, i));
	sqlite3_finalize(st);
	ck_assert(buf_ok(cols));
	return n;
}

/* The rows of table t (a WHERE clause may follow its name), the columns
   it has now (or those of the list old, from table_cols) quoted, in the
   order of those columns. */
static void dump_table_cols(sqlite3 *db, const char *t, const char *old,
                            const char *where, struct buf *out)
{
	struct buf cols = { 0 }, sql = { 0 };
	int i, n;

	n = table_cols(db, t, &cols);
	if (old) {
		buf_reset(&cols);
		buf_puts(&cols, old);
		for (n = 1, i = 0; old[i]; i++)
			n += old[i] == ',';
	}
	buf_printf(&sql, "SELECT %s FROM \"%s\" %s ORDER BY ", cols.data, t,
	           where ? where : "");
	for (i = 1; i <= n; i++)
		buf_printf(&sql, "%s%d", i > 1 ? ", " : "", i);
	ck_assert(buf_ok(&sql));
	dump_query(db, sql.data, out);
	buf_free(&cols);
	buf_free(&sql);
}

/* The rows of table t, every column quoted (dump_table_cols). */
static void dump_table(sqlite3 *db, const char *t, const char *where,
                       struct buf *out)
{
	dump_table_cols(db, t, NULL, where, out);
}

/* The names of the ordinary tables (not virtual ones), by name. */
static int table_names(sqlite3 *db, char names[][64], int max)
{
	sqlite3_stmt *st;
	int n = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema"
		" WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
		" ORDER BY name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ck_assert_int_lt(n, max);
		snprintf(names[n++], 64, "%s", sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return n;
}

/* Everything in the file: user_version, schema_version, the schema and
   every row of every table. */
static void dump_all(sqlite3 *db, struct buf *out)
{
	char names[64][64];
	int i, n = table_names(db, names, 64);

	dump_query(db, "PRAGMA user_version", out);
	dump_query(db, "PRAGMA schema_version", out);
	dump_query(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema"
	               " ORDER BY type, name", out);
	for (i = 0; i < n; i++) {
		buf_printf(out, "== %s\n", names[i]);
		dump_table(db, names[i], NULL, out);
	}
}

/* a and b are the same text; if not, fail naming the first line that
   differs (Check's messages are short: whole dumps do not fit). */
static void same_text(const char *what, const char *a, const char *b)
{
	size_t line = 1, i = 0, la, lb;

	a = a ? a : "";
	b = b ? b : "";
	while (a[i] && a[i] == b[i]) {
		if (a[i] == '\n') {
			a += i + 1;
			b += i + 1;
			i = 0;
			line++;
		} else {
			i++;
		}
	}
	if (a[i] == b[i])
		return;
	la = strcspn(a, "\n");
	lb = strcspn(b, "\n");
	ck_abort_msg("%s: line %zu differs:\n  want: %.*s\n  got:  %.*s", what,
	             line, (int)(la > 400 ? 400 : la), a,
	             (int)(lb > 400 ? 400 : lb), b);
}

/* Everything in the file at dbpath (dump_all). */
static void dump_file(struct buf *out)
{
	sqlite3 *db = raw_open(dbpath);

	dump_all(db, out);
	sqlite3_close(db);
}

/* The file at dbpath still holds what before (dump_file) says; frees it. */
static void unchanged(struct buf *before)
{
	struct buf now = { 0 };

	dump_file(&now);
	same_text("the whole database", before->data, now.data);
	buf_free(before);
	buf_free(&now);
}

static int64_t int_query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	              "%s: %s", sql, sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The one-line text of a query's first row ("" if none). */
static char *text_query(sqlite3 *db, const char *sql)
{
	struct buf b = { 0 };

	dump_query(db, sql, &b);
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return b.len ? buf_detach(&b) : strdup("");
}

/* Open read-write (which migrates) and close. */
/* db passes SQLite's integrity and foreign key checks, and its FTS
   index agrees with the items it indexes. */
static void check_integrity(sqlite3 *db)
{
	char *v = text_query(db, "PRAGMA integrity_check");

	ck_assert_str_eq(v, "ok");
	free(v);
	v = text_query(db, "PRAGMA foreign_key_check");
	ck_assert_str_eq(v, "");
	free(v);
	ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO item_fts(item_fts, rank)"
	                 " VALUES ('integrity-check', 1)", NULL, NULL, NULL),
	                 SQLITE_OK);
}

static void upgrade(void)
{
	store_close(check_open(dbpath, STORE_RDWR));
}

/* The counters that triggers keep equal what they count. */
static void check_counters(sqlite3 *db)
{
	static const char *const counted[] = {
		"board", "meeting", "item", "resolution", "action", "person",
		"plan", "document",
	};
	char *got, *want;
	char sql[256];
	size_t i;

	for (i = 0; i < sizeof counted / sizeof counted[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT (SELECT n FROM counter WHERE"
		         " name = '%s') - (SELECT count(*) FROM %s)",
		         counted[i], counted[i]);
		ck_assert_msg(int_query(db, sql) == 0, "counter %s is wrong",
		              counted[i]);
	}
	ck_assert_int_eq(int_query(db, "SELECT (SELECT n FROM counter WHERE"
		" name = 'action.open') - (SELECT count(*) FROM action"
		" WHERE status IN ('open', 'in_progress'))"), 0);
	ck_assert_int_eq(int_query(db, "SELECT (SELECT n FROM counter WHERE"
		" name = 'action.done') - (SELECT count(*) FROM action"
		" WHERE status = 'done')"), 0);
	got = text_query(db, "SELECT group_concat(name || '=' || n, ' ') FROM"
		" (SELECT name, n FROM counter WHERE name GLOB 'due:*' AND n > 0"
		"  ORDER BY name)");
	want = text_query(db, "SELECT group_concat(d, ' ') FROM"
		" (SELECT 'due:' || due || '=' || count(*) AS d FROM action"
		"  WHERE status IN ('open', 'in_progress') AND due IS NOT NULL"
		"  GROUP BY due ORDER BY due)");
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}

/* The bytes store_render gives for path (must exist). */
static char *render(store *s, const char *path)
{
	struct node_attr a;
	struct buf b = { 0 };

	ck_assert_msg(store_resolve(s, path, &a) == 0, "no %s", path);
	ck_assert_msg(store_render(s, a.ino, &b) == 0, "cannot render %s", path);
	ck_assert(buf_ok(&b));
	return buf_detach(&b);
}

static int list_add(void *ctx, const char *name, const struct node_attr *a)
{
	struct buf *b = ctx;

	(void)a;
	buf_printf(b, "%s%s", b->len ? " " : "", name);
	return 0;
}

/* A folder's names, space-separated. */
static char *list(store *s, const char *path)
{
	struct node_attr a;
	struct buf b = { 0 };

	ck_assert_msg(store_resolve(s, path, &a) == 0, "no %s", path);
	ck_assert_int_eq(store_readdir(s, a.ino, list_add, &b), 0);
	ck_assert(buf_ok(&b));
	return b.len ? buf_detach(&b) : strdup("");
}

static int hit_add(void *ctx, int64_t id, const char *path)
{
	struct buf *b = ctx;

	(void)id;
	buf_printf(b, "%s%s", b->len ? " " : "", path);
	return 0;
}

static char *search(store *s, const char *words)
{
	struct buf b = { 0 };

	ck_assert_int_eq(store_search(s, words, 10, hit_add, &b), 0);
	ck_assert(buf_ok(&b));
	return b.len ? buf_detach(&b) : strdup("");
}

#define ck_assert_contains(hay, needle) \
	ck_assert_msg(strstr(hay, needle) != NULL, "no \"%s\" in:\n%s", \
	              needle, hay)

/* ---- the upgrade ------------------------------------------------------- */

START_TEST(test_fixture_is_schema2)
{
	sqlite3 *db = raw_open(dbpath);

	ck_assert_int_eq(int_query(db, "PRAGMA user_version"), 2);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM sqlite_schema"
	                 " WHERE name = 'bulk' OR name = 'action_due_ai'"), 0);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM counter"), 10);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM action"), 6);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_upgrade_keeps_every_row)
{
	char names[64][64], *v;
	struct buf before[64] = { { 0 } }, cols[64] = { { 0 } }, after = { 0 };
	sqlite3 *db = raw_open(dbpath);
	int i, n = table_names(db, names, 64);

	ck_assert_int_ge(n, 20);
	for (i = 0; i < n; i++) {
		dump_table(db, names[i], NULL, &before[i]);
		table_cols(db, names[i], &cols[i]);
	}
	sqlite3_close(db);

	upgrade();

	db = raw_open(dbpath);
	ck_assert_int_eq(int_query(db, "PRAGMA user_version"), STORE_SCHEMA);
	check_integrity(db);
	/* every old table, every row, every old column's value; the
	   counters gained the open actions' per-day rows (migration 5) and
	   the issues' (migration 6), nothing else */
	for (i = 0; i < n; i++) {
		int counter = strcmp(names[i], "counter") == 0;

		buf_reset(&after);
		dump_table_cols(db, names[i], cols[i].data, counter ?
		                "WHERE name NOT GLOB 'due:*' AND name <> 'issue'"
		                : NULL, &after);
		same_text(names[i], before[i].data, after.data);
		buf_free(&before[i]);
		buf_free(&cols[i]);
	}
	buf_free(&after);
	/* the items' new columns (migration 6): nothing said, not partial */
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM item WHERE"
	                 " partial <> 0 OR coalesce(decision_maker,"
	                 " decision_status, key_decision, call_in, reasons,"
	                 " alternatives, author, published, decided,"
	                 " effective_from) IS NOT NULL"), 0);
	ck_assert_int_eq(int_query(db, "SELECT n FROM counter WHERE"
	                 " name = 'issue'"), 0);
	v = text_query(db, "SELECT group_concat(name || '=' || n, ' ') FROM"
	               " (SELECT * FROM counter WHERE name GLOB 'due:*'"
	               "  ORDER BY name)");
	ck_assert_str_eq(v, "due:2017-05-01=1 due:2099-06-30=1");
	free(v);
	check_counters(db);
	/* some values, spelt out */
	v = text_query(db, "SELECT status, owner, due, rag, progress FROM"
	               " action WHERE id = 3");
	ck_assert_str_eq(v, "open|Scrutiny Officer|2017-05-01|red|0");
	free(v);
	v = text_query(db, "SELECT group_concat(change || ':' || note, ' / ')"
	               " FROM (SELECT * FROM action_history WHERE action_id = 1"
	               " ORDER BY at, id)");
	ck_assert_contains(v, "Draft in preparation");
	ck_assert_contains(v, "Circulated");
	free(v);
	v = text_query(db, "SELECT slug, time, location, status FROM meeting"
	               " WHERE slug = '2015-07-13-2'");
	ck_assert_str_eq(v, "2015-07-13-2|18:30|Council Chamber|Cancelled");
	free(v);
	sqlite3_close(db);
}
END_TEST

/* The schema of db (open, closed here) is a new database's, object for
   object. */
static void schema_is_new(sqlite3 *db)
{
	char newdb[300];
	struct buf a = { 0 }, b = { 0 };
	const char *q = "SELECT type, name, tbl_name, sql FROM sqlite_schema"
	                " ORDER BY type, name";

	dump_query(db, q, &a);
	sqlite3_close(db);
	snprintf(newdb, sizeof newdb, "%s/new.db", tmpdir);
	store_close(check_open(newdb, STORE_RDWR | STORE_CREATE));
	db = raw_open(newdb);
	dump_query(db, q, &b);
	sqlite3_close(db);
	same_text("the schema of a new database", b.data, a.data);
	buf_free(&a);
	buf_free(&b);
}

START_TEST(test_upgrade_schema_is_new)
{
	upgrade();
	schema_is_new(raw_open(dbpath));
}
END_TEST

START_TEST(test_upgrade_then_use)
{
	struct action_change ch = { .status = "done", .progress = -1,
	                            .note = "Taken in April" };
	store *s;
	sqlite3 *db;
	char *v, cmd[1024];

	upgrade();
	s = check_open(dbpath, STORE_RDONLY);
	/* search: the index of schema 2 answers */
	v = search(s, "kingfisher");
	ck_assert_str_eq(v, CARE_LEAVERS);
	free(v);
	v = search(s, "fostering adoption");
	ck_assert_str_eq(v, DELIVERY_PLAN);
	free(v);
	v = search(s, "complaints");
	ck_assert_contains(v, "boards/slough-cabinet/meetings/2015-07-13/items/"
	                   "03-annual-complaints-report");
	ck_assert_contains(v, DELIVERY_PLAN);
	free(v);
	/* rendering */
	v = render(s, "README");
	ck_assert_contains(v, "\nBoards: 2\nMeetings: 6\nItems: 4\n"
	                   "Resolutions: 5\nActions: 6 (open 2, overdue 1, "
	                   "done 2)\nPeople: 13\nPlans: 2\n");
	free(v);
	v = render(s, "actions/000003/action.txt");
	ck_assert_contains(v, "Status: open\n");
	ck_assert_contains(v, "Owner: Scrutiny Officer\n");
	ck_assert_contains(v, "Due: 2017-05-01\n");
	ck_assert_contains(v, "RAG: red\n");
	ck_assert_contains(v, "Item: " DELIVERY_PLAN "\n");
	free(v);
	v = render(s, "actions/000001/history.txt");
	ck_assert_contains(v, "Circulated");
	free(v);
	v = render(s, CARE_LEAVERS "/minutes.txt");
	ck_assert_contains(v, "kingfisher placements for care leavers");
	free(v);
	v = render(s, CARE_LEAVERS "/item.json");
	ck_assert_contains(v, "\"title\": \"Care leavers' accommodation\"");
	free(v);
	v = list(s, "actions/overdue");
	ck_assert_str_eq(v, "000003");
	free(v);
	v = list(s, "boards/slough-cabinet/meetings");
	ck_assert_str_eq(v, "2015-07-13 2015-07-13-2 2015-07-13-3");
	free(v);
	v = list(s, "plans/slough-childrens-improvement/items");
	ck_assert_str_eq(v, "2015-07-13-slough-cabinet-03-annual-complaints-report"
	                 " 2017-03-15-slough-education-childrens-scrutiny-panel-"
	                 "04a-care-leavers-accommodation");
	free(v);
	v = render(s, PANEL "/meetings/2017-01-19/attendance.txt");
	ck_assert_contains(v, "Ann Lee");
	free(v);
	store_close(s);

	/* a write: the per-day counters follow (migration 5's triggers) */
	s = check_open(dbpath, STORE_RDWR);
	ck_assert_int_eq(store_action_set(s, 3, &ch), 0);
	v = render(s, "README");
	ck_assert_contains(v, "Actions: 6 (open 1, overdue 0, done 3)");
	free(v);
	store_close(s);
	/* an import (its bulk triggers are those of a new database) */
	snprintf(cmd, sizeof cmd, "tools/govctl --db '%s' board add surrey"
	         " --name 'Select Committee' --kind scrutiny >/dev/null &&"
	         " tools/govctl --db '%s' import --board surrey --date"
	         " 2015-10-08 --number 6 data/samples/001_31e7cda6a7ce159b.txt"
	         " >/dev/null", dbpath, dbpath);
	ck_assert_int_eq(system(cmd), 0);
	db = raw_open(dbpath);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM item"), 5);
	check_integrity(db);
	check_counters(db);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_second_open_is_noop)
{
	struct buf a = { 0 };

	upgrade();
	dump_file(&a);
	upgrade();
	store_close(check_open(dbpath, STORE_RDONLY));
	unchanged(&a);
}
END_TEST

/* ---- refusals ---------------------------------------------------------- */

START_TEST(test_old_readonly_refused)
{
	struct buf a = { 0 };
	store *s = NULL;
	char *err = NULL, want[512];

	dump_file(&a);
	ck_assert_int_eq(store_open(dbpath, STORE_RDONLY, &s, &err), -EPROTO);
	ck_assert_ptr_null(s);
	snprintf(want, sizeof want, "%s: schema 2 is older than this govfs"
	         " (%d): run govctl init to upgrade", dbpath, STORE_SCHEMA);
	ck_assert_str_eq(err, want);
	free(err);
	unchanged(&a);
}
END_TEST

START_TEST(test_newer_refused)
{
	struct buf a = { 0 };
	store *s = NULL;
	char *err = NULL, want[512], sql[64];
	sqlite3 *db;
	int f;

	upgrade();
	db = raw_open(dbpath);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA + 1);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	dump_file(&a);
	snprintf(want, sizeof want, "%s: schema %d is newer than this govfs"
	         " (%d)", dbpath, STORE_SCHEMA + 1, STORE_SCHEMA);
	for (f = 0; f < 2; f++) {
		ck_assert_int_eq(store_open(dbpath, f ? STORE_RDWR : STORE_RDONLY,
		                            &s, &err), -EPROTO);
		ck_assert_ptr_null(s);
		ck_assert_str_eq(err, want);
		free(err);
		err = NULL;
	}
	unchanged(&a);
}
END_TEST


/* ---- from schema 12 (migration 13: no insert triggers on an item's rows) */

#define ITEM_TABLES "('item', 'resolution', 'document', 'action'," \
	" 'action_history', 'item_person', 'attendance')"
#define ITEM_INSERT_TRIGGERS "SELECT count(*) FROM sqlite_schema" \
	" WHERE type = 'trigger' AND sql LIKE '% AFTER INSERT ON %'" \
	" AND tbl_name IN " ITEM_TABLES

START_TEST(test_fixture_is_schema12)
{
	sqlite3 *db = raw_open(dbpath);

	ck_assert_int_eq(int_query(db, "PRAGMA user_version"), 12);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM sqlite_schema"
	                 " WHERE name = 'bulk'"), 1);
	ck_assert_int_eq(int_query(db, ITEM_INSERT_TRIGGERS), 7);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM item"), 7);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM action"), 8);
	check_counters(db);
	sqlite3_close(db);
}
END_TEST

/* Every row kept, the insert triggers and bulk gone, the schema that of a
   new database. */
START_TEST(test_upgrade12_keeps_every_row)
{
	char names[64][64];
	struct buf before[64] = { { 0 } }, after = { 0 };
	sqlite3 *db = raw_open(dbpath);
	int i, n = table_names(db, names, 64);

	for (i = 0; i < n; i++)
		dump_table(db, names[i], NULL, &before[i]);
	sqlite3_close(db);

	upgrade();

	db = raw_open(dbpath);
	ck_assert_int_eq(int_query(db, "PRAGMA user_version"), STORE_SCHEMA);
	check_integrity(db);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "bulk") == 0)
			continue;
		buf_reset(&after);
		dump_table(db, names[i], NULL, &after);
		same_text(names[i], before[i].data, after.data);
	}
	for (i = 0; i < n; i++)
		buf_free(&before[i]);
	buf_free(&after);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM sqlite_schema"
	                 " WHERE name = 'bulk' OR sql LIKE '%FROM bulk%'"), 0);
	ck_assert_int_eq(int_query(db, ITEM_INSERT_TRIGGERS), 0);
	check_counters(db);
	schema_is_new(db);
}
END_TEST

/* The change-log rows after seq, "tbl row_id parent_id name" each. */
static char *changes_after(sqlite3 *db, int64_t seq)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT group_concat(c, ', ') FROM (SELECT"
	         " tbl || ' ' || row_id || ' ' || coalesce(parent_id, '-') ||"
	         " ' ' || coalesce(name, '-') AS c FROM change WHERE seq > %lld"
	         " ORDER BY seq)", (long long)seq);
	return text_query(db, sql);
}

/* After the upgrade a row of an item added outside an import is logged,
   touches its parents and is counted, as its insert trigger did. */
START_TEST(test_upgrade12_writes_log)
{
	struct action_rec a = { .item_id = 1, .text = "Write to the DfE",
	                        .due = "2027-04-01" };
	int64_t seq, id, person, t0, updated;
	sqlite3 *db;
	store *s;
	char *v;

	upgrade();
	db = raw_open(dbpath);
	seq = int_query(db, "SELECT max(seq) FROM change");
	t0 = int_query(db, "SELECT updated FROM item WHERE id = 1");
	s = check_open(dbpath, STORE_RDWR);
	/* outside a transaction: each insert and its work are one */
	ck_assert_int_eq(store_action_add(s, &a, &id), 0);
	ck_assert_int_eq(store_resolution_add(s, 1, 9, "(z)", "That it be"
	                 " noted.", "resolved", NULL, NULL, NULL), 0);
	ck_assert_int_eq(store_document_add(s, 1, 9, "Annex", NULL, NULL), 0);
	ck_assert_int_eq(store_person_get(s, "Ann Example", NULL, &person), 0);
	ck_assert_int_eq(store_item_person_add(s, 1, person, "officer"), 0);
	/* a link there already: nothing */
	ck_assert_int_eq(store_item_person_add(s, 1, person, "officer"), 0);
	ck_assert_int_eq(store_attendance_add(s, 1, person, "officer", NULL),
	                 0);
	store_close(s);
	v = changes_after(db, seq);
	/* the action's touch of its item moved the meeting and the board:
	   their update triggers logged them */
	ck_assert_str_eq(v, "action 9 1 open, board 1 1 c1-cabinet, meeting 1 1"
	                 " 2012-01-01, item 1 1 01-improvement-plan-update,"
	                 " action_history 10 9 created (open), resolution 20 1"
	                 " (z), document 4 1 Annex, person 4 4 ann-example,"
	                 " item_person 4 1 officer, attendance 4 1 officer");
	free(v);
	updated = int_query(db, "SELECT updated FROM item WHERE id = 1");
	ck_assert_int_gt(updated, t0);
	ck_assert_int_eq(int_query(db, "SELECT updated FROM action WHERE"
	                 " id = 9"), updated);
	ck_assert_int_eq(int_query(db, "SELECT count(*) FROM fts_pending"), 0);
	check_counters(db);
	check_integrity(db);
	sqlite3_close(db);
}
END_TEST

static Suite *upgrade_suite(void)
{
	Suite *su = suite_create("upgrade");
	TCase *tc = tcase_create("schema2");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fixture_is_schema2);
	tcase_add_test(tc, test_upgrade_keeps_every_row);
	tcase_add_test(tc, test_upgrade_schema_is_new);
	tcase_add_test(tc, test_upgrade_then_use);
	tcase_add_test(tc, test_second_open_is_noop);
	tcase_add_test(tc, test_old_readonly_refused);
	tcase_add_test(tc, test_newer_refused);
	suite_add_tcase(su, tc);
	tc = tcase_create("schema12");
	tcase_add_checked_fixture(tc, setup12, teardown);
	tcase_add_test(tc, test_fixture_is_schema12);
	tcase_add_test(tc, test_upgrade12_keeps_every_row);
	tcase_add_test(tc, test_upgrade12_writes_log);
	suite_add_tcase(su, tc);
	return su;
}

CHECK_MAIN(upgrade_suite)
