/*
** schema.c — the database schema, created and upgraded by numbered
** migrations.  Migration N takes a database at user_version N-1 to N.
** Each migration runs inside the caller's transaction.
*/
#include <assert.h>

#include "store_int.h"

/* Now in ms since the epoch, in SQL any writer can run. */
#define NOW_MS "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"

/* The insert trigger that queues a new item for indexing (no ';'). */
#define SCHEMA_FTS_AI \
"CREATE TRIGGER item_fts_ai AFTER INSERT ON item BEGIN" \
"  INSERT OR IGNORE INTO fts_pending(item_id) VALUES (new.id);" \
"END"

/*
** Every table has created/updated (ms since epoch).  Triggers keep three
** things in step with every write, whoever the writer is:
**   - the parent row's updated time when its listing changes, so that a
**     directory's mtime moves (boards -> meetings -> items -> actions);
**   - the item_fts full-text index;
**   - the change log read by govfs's invalidation thread (store_changes).
** (Since migration 13 the inserts of an item's rows have no triggers:
** their writer in write.c does that work.)
*/
static const char schema_v1[] =
"CREATE TABLE council ("
"  id INTEGER PRIMARY KEY,"
"  slug TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL UNIQUE,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"

"CREATE TABLE board ("
"  id INTEGER PRIMARY KEY,"
"  council_id INTEGER REFERENCES council(id),"
"  slug TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  kind TEXT NOT NULL DEFAULT 'committee',"
"  remit TEXT,"
"  source TEXT, source_id TEXT,"
"  expired INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE UNIQUE INDEX board_source ON board(source, source_id)"
"  WHERE source_id IS NOT NULL;"

"CREATE TABLE meeting ("
"  id INTEGER PRIMARY KEY,"
"  board_id INTEGER NOT NULL REFERENCES board(id) ON DELETE CASCADE,"
"  date TEXT NOT NULL CHECK (date GLOB"
"    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
"  time TEXT, location TEXT, status TEXT,"
"  slug TEXT NOT NULL,"
"  source TEXT, source_id TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (board_id, slug));"
"CREATE INDEX meeting_date ON meeting(date);"
"CREATE UNIQUE INDEX meeting_source ON meeting(source, source_id)"
"  WHERE source_id IS NOT NULL;"

"CREATE TABLE item ("
"  id INTEGER PRIMARY KEY,"
"  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,"
"  number TEXT NOT NULL,"
"  ord INTEGER NOT NULL,"
"  title TEXT NOT NULL,"
"  subtitle TEXT, purpose TEXT, minutes TEXT, decision TEXT,"
"  source_url TEXT,"
"  slug TEXT NOT NULL,"
"  digest TEXT,"
"  source TEXT, source_id TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (meeting_id, slug));"
"CREATE INDEX item_meeting ON item(meeting_id, ord);"
"CREATE UNIQUE INDEX item_source ON item(source, source_id)"
"  WHERE source_id IS NOT NULL;"

"CREATE TABLE resolution ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,"
"  ord INTEGER NOT NULL,"
"  label TEXT NOT NULL DEFAULT '',"
"  text TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN"
"    ('resolved','recommendation','agreed','decision')),"
"  membership TEXT, due TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE INDEX resolution_item ON resolution(item_id, ord);"

"CREATE TABLE document ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,"
"  ord INTEGER NOT NULL,"
"  title TEXT NOT NULL, url TEXT, published TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE INDEX document_item ON document(item_id, ord);"

"CREATE TABLE person ("
"  id INTEGER PRIMARY KEY,"
"  slug TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL UNIQUE,"
"  role TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"

"CREATE TABLE attendance ("
"  id INTEGER PRIMARY KEY,"
"  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,"
"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
"  role TEXT NOT NULL,"
"  note TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (meeting_id, person_id, role));"
"CREATE INDEX attendance_person ON attendance(person_id);"

"CREATE TABLE item_person ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,"
"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
"  role TEXT NOT NULL,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (item_id, person_id, role));"
"CREATE INDEX item_person_person ON item_person(person_id);"

"CREATE TABLE action ("
"  id INTEGER PRIMARY KEY,"
"  board_id INTEGER NOT NULL REFERENCES board(id) ON DELETE CASCADE,"
"  item_id INTEGER REFERENCES item(id) ON DELETE SET NULL,"
"  resolution_id INTEGER REFERENCES resolution(id) ON DELETE SET NULL,"
"  text TEXT NOT NULL,"
"  owner TEXT, due TEXT,"
"  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN"
"    ('open','in_progress','done','deferred','dropped')),"
"  rag TEXT CHECK (rag IN ('red','amber','green','blue')),"
"  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE INDEX action_board ON action(board_id);"
"CREATE INDEX action_item ON action(item_id);"
"CREATE INDEX action_status ON action(status, due);"
"CREATE UNIQUE INDEX action_resolution ON action(resolution_id)"
"  WHERE resolution_id IS NOT NULL;"

"CREATE TABLE action_history ("
"  id INTEGER PRIMARY KEY,"
"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
"  at INTEGER NOT NULL,"
"  change TEXT NOT NULL,"
"  note TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE INDEX action_history_action ON action_history(action_id, at);"

"CREATE TABLE plan ("
"  id INTEGER PRIMARY KEY,"
"  slug TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  period TEXT, priorities TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"

"CREATE TABLE plan_item ("
"  id INTEGER PRIMARY KEY,"
"  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (plan_id, item_id));"
"CREATE INDEX plan_item_item ON plan_item(item_id);"

"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

/* The change log: one row per written row; see store_changes(). */
"CREATE TABLE change ("
"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
"  tbl TEXT NOT NULL,"
"  row_id INTEGER NOT NULL,"
"  parent_id INTEGER,"
"  old_parent_id INTEGER,"
"  name TEXT,"
"  old_name TEXT,"
"  at INTEGER NOT NULL);"
"CREATE INDEX change_tbl ON change(tbl, seq);"

"CREATE VIRTUAL TABLE item_fts USING fts5("
"  title, subtitle, minutes, decision,"
"  content='item', content_rowid='id',"
"  tokenize='unicode61 remove_diacritics 2');"
/* New items are indexed in bulk when the writer commits (fts_pending;
   see store_fts_flush): indexing row by row inside a long transaction
   costs FTS5 a flush per statement.  Updates and deletes of indexed items
   keep the index in step at once. */
"CREATE TABLE fts_pending (item_id INTEGER PRIMARY KEY);"
SCHEMA_FTS_AI ";"
"CREATE TRIGGER item_fts_ad AFTER DELETE ON item"
"  WHEN old.id NOT IN (SELECT item_id FROM fts_pending) BEGIN"
"  INSERT INTO item_fts(item_fts, rowid, title, subtitle, minutes, decision)"
"  VALUES ('delete', old.id, old.title, old.subtitle, old.minutes,"
"          old.decision);"
"END;"
"CREATE TRIGGER item_fts_ad_pending AFTER DELETE ON item"
"  WHEN old.id IN (SELECT item_id FROM fts_pending) BEGIN"
"  DELETE FROM fts_pending WHERE item_id = old.id;"
"END;"
"CREATE TRIGGER item_fts_au AFTER UPDATE OF title, subtitle, minutes,"
"  decision ON item WHEN old.id NOT IN (SELECT item_id FROM fts_pending)"
"  BEGIN"
"  INSERT INTO item_fts(item_fts, rowid, title, subtitle, minutes, decision)"
"  VALUES ('delete', old.id, old.title, old.subtitle, old.minutes,"
"          old.decision);"
"  INSERT INTO item_fts(rowid, title, subtitle, minutes, decision)"
"  VALUES (new.id, new.title, new.subtitle, new.minutes, new.decision);"
"END;"
;

/*
** Change-log and parent-touch triggers, generated per table from this
** list: table, parent column (or NULL), parent table, name column.
*/
struct schema_log {
	const char *tbl, *parent_col, *parent_tbl, *name_col;
};

static const struct schema_log schema_logged[] = {
	{ "council",        NULL,          NULL,      "slug" },
	{ "board",          NULL,          NULL,      "slug" },
	{ "meeting",        "board_id",    "board",   "slug" },
	{ "item",           "meeting_id",  "meeting", "slug" },
	{ "resolution",     "item_id",     "item",    "label" },
	{ "document",       "item_id",     "item",    "title" },
	{ "person",         NULL,          NULL,      "slug" },
	{ "attendance",     "meeting_id",  "meeting", "role" },
	{ "item_person",    "item_id",     "item",    "role" },
	{ "action",         "item_id",     "item",    "status" },
	{ "action_history", "action_id",   "action",  "change" },
	{ "plan",           NULL,          NULL,      "slug" },
	{ "plan_item",      "plan_id",     "plan",    "item_id" },
};

/* The index of table t in schema_logged. */
static size_t schema_find_logged(const char *t)
{
	size_t i, n = sizeof schema_logged / sizeof schema_logged[0];

	for (i = 0; i < n && strcmp(schema_logged[i].tbl, t) != 0; i++)
		;
	assert(i < n);
	return i;
}

/* The statement that moves parent row pt's updated time when a row of t
   pointing to it (column pc) is added. */
static void schema_touch_new(struct buf *sql, const char *pc, const char *pt)
{
	buf_printf(sql, " UPDATE %s SET updated = new.updated"
	           " WHERE id = new.%s AND updated < new.updated;", pt, pc);
}

/*
** Triggers that move parent row pt's updated time when a row of t that
** points to it (column pc) is added, removed or changed: a directory's
** mtime moves when its listing or the counts in its files change.
*/
static void schema_touch_ai(struct buf *sql, const char *t, const char *pc,
                            const char *pt)
{
	buf_printf(sql, "CREATE TRIGGER %s_%s_touch_ai AFTER INSERT ON %s BEGIN",
	           t, pc, t);
	schema_touch_new(sql, pc, pt);
	buf_puts(sql, " END");
}

static void schema_touch(struct buf *sql, const char *t, const char *pc,
                         const char *pt)
{
	schema_touch_ai(sql, t, pc, pt);
	buf_putc(sql, ';');
	buf_printf(sql,
		"CREATE TRIGGER %s_%s_touch_ad AFTER DELETE ON %s BEGIN"
		" UPDATE %s SET updated = " NOW_MS
		" WHERE id = old.%s AND updated < " NOW_MS "; END;",
		t, pc, t, pt, pc);
	buf_printf(sql,
		"CREATE TRIGGER %s_%s_touch_au AFTER UPDATE ON %s BEGIN"
		" UPDATE %s SET updated = new.updated"
		" WHERE id IN (old.%s, new.%s) AND updated < new.updated;"
		" END;", t, pc, t, pt, pc, pc);
}

/* Second parents whose files show counts or lists of these rows. */
static const struct {
	const char *tbl, *col, *parent_tbl;
} schema_touches[] = {
	{ "item_person", "person_id", "person" },
	{ "attendance",  "person_id", "person" },
	{ "action",      "board_id",  "board" },
	{ "plan_item",   "item_id",   "item" },
};

/* The statement that logs the insert of a row of table l. */
static void schema_log_new(struct buf *sql, const struct schema_log *l)
{
	const char *pc = l->parent_col;

	buf_printf(sql,
		" INSERT INTO change(tbl,row_id,parent_id,old_parent_id,name,"
		"old_name,at)"
		" VALUES ('%s', new.id, new.%s, NULL, new.%s, NULL, new.updated);",
		l->tbl, pc ? pc : "id", l->name_col);
}

/* The trigger that logs the insert of a row of table l (no ';'). */
static void schema_log_ai(struct buf *sql, const struct schema_log *l)
{
	buf_printf(sql, "CREATE TRIGGER %s_log_ai AFTER INSERT ON %s BEGIN",
	           l->tbl, l->tbl);
	schema_log_new(sql, l);
	buf_puts(sql, " END");
}

/* Append the triggers of table l to sql.  Returns 0 or -ENOMEM. */
static int schema_triggers(struct buf *sql, const struct schema_log *l)
{
	const char *t = l->tbl, *pc = l->parent_col;
	const char *pt = l->parent_tbl;
	const char *nc = l->name_col;

	schema_log_ai(sql, l);
	buf_putc(sql, ';');
	buf_printf(sql,
		"CREATE TRIGGER %s_log_au AFTER UPDATE ON %s BEGIN"
		" INSERT INTO change(tbl,row_id,parent_id,old_parent_id,name,"
		"old_name,at)"
		" VALUES ('%s', new.id, new.%s, old.%s, new.%s, old.%s,"
		" new.updated); END;",
		t, t, t, pc ? pc : "id", pc ? pc : "id", nc, nc);
	buf_printf(sql,
		"CREATE TRIGGER %s_log_ad AFTER DELETE ON %s BEGIN"
		" INSERT INTO change(tbl,row_id,parent_id,old_parent_id,name,"
		"old_name,at)"
		" VALUES ('%s', old.id, NULL, old.%s, NULL, old.%s, " NOW_MS ");"
		" END;",
		t, t, t, pc ? pc : "id", nc);
	if (pt)
		schema_touch(sql, t, pc, pt);
	return buf_ok(sql) ? 0 : -ENOMEM;
}

/* Run the statements built in sql, then free it.  0 or -errno. */
static int schema_exec(store *s, struct buf *sql)
{
	int rc = buf_ok(sql) ? store_exec(s, sql->data)
	                     : store_fail(s, -ENOMEM, "out of memory");

	buf_free(sql);
	return rc;
}

/* Migration 1: the whole schema. */
static int schema_migrate_1(store *s)
{
	struct buf sql = { 0 };
	size_t i;

	buf_puts(&sql, schema_v1);
	for (i = 0; i < sizeof schema_logged / sizeof schema_logged[0]; i++)
		schema_triggers(&sql, &schema_logged[i]);
	for (i = 0; i < sizeof schema_touches / sizeof schema_touches[0]; i++)
		schema_touch(&sql, schema_touches[i].tbl, schema_touches[i].col,
		             schema_touches[i].parent_tbl);
	return schema_exec(s, &sql);
}

/*
** Migration 2: row counts kept by triggers, so that README and the link
** counts of the big folders (boards/, actions/, people/, plans/) cost the
** same whatever the size of the corpus.
*/
static const char *const schema_counted[] = {
	"board", "meeting", "item", "resolution", "action", "person", "plan",
	"document",
};

/* The counter row of an action's state, from row r ("new" or "old"). */
#define SCHEMA_STATE(r) " WHERE name = CASE" \
	"  WHEN " r ".status IN ('open', 'in_progress') THEN 'action.open'" \
	"  WHEN " r ".status = 'done' THEN 'action.done' END;"

static int schema_migrate_2(store *s)
{
	struct buf sql = { 0 };
	size_t i;

	buf_puts(&sql, "CREATE TABLE counter (name TEXT PRIMARY KEY,"
	               " n INTEGER NOT NULL) WITHOUT ROWID;");
	for (i = 0; i < sizeof schema_counted / sizeof schema_counted[0]; i++) {
		const char *t = schema_counted[i];

		buf_printf(&sql,
			"INSERT INTO counter VALUES ('%s', (SELECT count(*) FROM %s));"
			"CREATE TRIGGER %s_count_ai AFTER INSERT ON %s BEGIN"
			" UPDATE counter SET n = n + 1 WHERE name = '%s'; END;"
			"CREATE TRIGGER %s_count_ad AFTER DELETE ON %s BEGIN"
			" UPDATE counter SET n = n - 1 WHERE name = '%s'; END;",
			t, t, t, t, t, t, t, t);
	}
	/* Actions by state: open (open or in_progress) and done. */
	buf_puts(&sql,
		"INSERT INTO counter VALUES ('action.open', (SELECT count(*)"
		"  FROM action WHERE status IN ('open', 'in_progress')));"
		"INSERT INTO counter VALUES ('action.done', (SELECT count(*)"
		"  FROM action WHERE status = 'done'));"
		"CREATE TRIGGER action_state_ai AFTER INSERT ON action BEGIN"
		" UPDATE counter SET n = n + 1" SCHEMA_STATE("new") " END;"
		"CREATE TRIGGER action_state_ad AFTER DELETE ON action BEGIN"
		" UPDATE counter SET n = n - 1" SCHEMA_STATE("old") " END;"
		"CREATE TRIGGER action_state_au AFTER UPDATE OF status ON action"
		" BEGIN"
		" UPDATE counter SET n = n - 1" SCHEMA_STATE("old")
		" UPDATE counter SET n = n + 1" SCHEMA_STATE("new") " END;");
	return schema_exec(s, &sql);
}

/*
** Migration 3: one insert trigger for each table the rows of an imported
** item go to, doing what its log, touch and counter triggers did, and
** idle while the table bulk holds a row.  The importer puts one there
** only inside its transaction, around the rows of one new item, and then
** does that work once for the item (store_bulk_end in write.c): one
** change-log row for the item and one per action instead of one per row,
** each parent touched once, the counters added up at commit.  Insert
** triggers were most of an import's time.  Also an index for finding a
** board by the committee name a page gives.
*/
static const char *const schema_bulk[] = {
	"item", "resolution", "document", "action", "action_history",
	"item_person",
};

/* The index of table t in list (of n names), or n. */
static size_t schema_find(const char *const *list, size_t n, const char *t)
{
	size_t i;

	for (i = 0; i < n && strcmp(list[i], t) != 0; i++)
		;
	return i;
}

/*
** Append the statements (each ending in ';') of the bulk-idle insert
** trigger of table t (one of schema_bulk): what its log, touch and
** counter triggers of migrations 1 and 2 did.  The one place that work is
** written as SQL; store_bulk_end (write.c) does it in C.
*/
static void schema_bulk_body(struct buf *body, const char *t)
{
	const size_t ntouches = sizeof schema_touches / sizeof schema_touches[0];
	const size_t ncounted = sizeof schema_counted / sizeof schema_counted[0];
	size_t i = schema_find_logged(t), j;

	assert(schema_logged[i].parent_col);
	schema_log_new(body, &schema_logged[i]);
	schema_touch_new(body, schema_logged[i].parent_col,
	                 schema_logged[i].parent_tbl);
	for (j = 0; j < ntouches; j++)
		if (strcmp(schema_touches[j].tbl, t) == 0)
			schema_touch_new(body, schema_touches[j].col,
			                 schema_touches[j].parent_tbl);
	if (schema_find(schema_counted, ncounted, t) < ncounted)
		buf_printf(body, " UPDATE counter SET n = n + 1"
		           " WHERE name = '%s';", t);
	if (strcmp(t, "action") == 0)
		buf_puts(body, " UPDATE counter SET n = n + 1"
		         SCHEMA_STATE("new"));
}

/*
** Append the CREATE TRIGGER statement (no ';') of the bulk-idle insert
** trigger of table t, its body between the statements pre and post (SQL
** whose statements end in ';', or "").
*/
static void schema_bulk_trigger(struct buf *sql, const char *t,
                                const char *pre, const char *post)
{
	struct buf body = { 0 };

	buf_puts(&body, pre);
	schema_bulk_body(&body, t);
	buf_puts(&body, post);
	buf_printf(sql, "CREATE TRIGGER %s_ai AFTER INSERT ON %s"
	           " WHEN NOT EXISTS (SELECT 1 FROM bulk) BEGIN%s END",
	           t, t, body.data ? body.data : "");
	if (!buf_ok(&body))
		sql->oom = 1;
	buf_free(&body);
}

static int schema_migrate_3(store *s)
{
	const size_t ntouches = sizeof schema_touches / sizeof schema_touches[0];
	const size_t ncounted = sizeof schema_counted / sizeof schema_counted[0];
	struct buf sql = { 0 };
	size_t b, i, j;

	buf_puts(&sql, "CREATE TABLE bulk (id INTEGER PRIMARY KEY);"
	               "CREATE INDEX board_name ON board(name COLLATE NOCASE);");
	for (b = 0; b < sizeof schema_bulk / sizeof schema_bulk[0]; b++) {
		const char *t = schema_bulk[b];

		i = schema_find_logged(t);
		assert(schema_logged[i].parent_col);
		buf_printf(&sql, "DROP TRIGGER %s_log_ai;"
		           "DROP TRIGGER %s_%s_touch_ai;", t, t,
		           schema_logged[i].parent_col);
		for (j = 0; j < ntouches; j++)
			if (strcmp(schema_touches[j].tbl, t) == 0)
				buf_printf(&sql, "DROP TRIGGER %s_%s_touch_ai;", t,
				           schema_touches[j].col);
		if (schema_find(schema_counted, ncounted, t) < ncounted)
			buf_printf(&sql, "DROP TRIGGER %s_count_ai;", t);
		if (strcmp(t, "action") == 0)
			buf_puts(&sql, "DROP TRIGGER action_state_ai;");
		schema_bulk_trigger(&sql, t, "", "");
		buf_putc(&sql, ';');
	}
	return schema_exec(s, &sql);
}

/*
** Migration 4: the same CHECK constraints on resolution.kind, action.status
** and action.rag, written as "x = a OR x = b ..." instead of "x IN (a, b,
** ...)".  SQLite builds a temporary index of an IN list of more than two
** values each time such a CHECK runs; that was a sixth of an import's
** instructions.  The two are equal for every value, NULL included, so the
** tables' text is edited in place, as SQLite's ALTER TABLE documentation
** describes for constraint changes that every row already meets
** (writable_schema, then a new schema_version).
*/
struct schema_edit {
	const char *tbl, *from, *to;
};

static const struct schema_edit schema_checks[] = {
	{ "resolution",
	  "CHECK (kind IN    ('resolved','recommendation','agreed','decision'))",
	  "CHECK (kind = 'resolved' OR kind = 'recommendation'"
	  " OR kind = 'agreed' OR kind = 'decision')" },
	{ "action",
	  "CHECK (status IN    ('open','in_progress','done','deferred',"
	  "'dropped'))",
	  "CHECK (status = 'open' OR status = 'in_progress'"
	  " OR status = 'done' OR status = 'deferred' OR status = 'dropped')" },
	{ "action",
	  "CHECK (rag IN ('red','amber','green','blue'))",
	  "CHECK (rag = 'red' OR rag = 'amber' OR rag = 'green'"
	  " OR rag = 'blue')" },
};

/*
** Edit the text of tables in place (each edit: in the CREATE TABLE of tbl,
** every from becomes to), as SQLite's ALTER TABLE documentation describes
** for changes that every row already meets: writable_schema, then a new
** schema_version.  Inside the migration's transaction.  0 or -errno.
*/
static int schema_edit(store *s, const struct schema_edit *e, size_t n)
{
	sqlite3_stmt *st;
	int64_t version;
	char sql[64];
	size_t i;
	int rc;

	st = store_stmt(s, "PRAGMA schema_version", NULL);
	if (!st || store_step(s, st) != SQLITE_ROW)
		return -EIO;
	version = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	rc = store_exec(s, "PRAGMA writable_schema = ON");
	for (i = 0; rc == 0 && i < n; i++) {
		st = store_stmt(s, "UPDATE sqlite_schema SET sql = replace(sql,"
		                " ?2, ?3) WHERE type = 'table' AND name = ?1", "ttt",
		                e[i].tbl, e[i].from, e[i].to);
		rc = st ? store_step(s, st) : -EIO;
		if (st)
			sqlite3_reset(st);
		rc = rc < 0 ? rc : 0;
	}
	snprintf(sql, sizeof sql, "PRAGMA schema_version = %lld",
	         (long long)version + 1);
	if (rc == 0)
		rc = store_exec(s, sql);
	store_exec(s, "PRAGMA writable_schema = OFF");
	return rc;
}

static int schema_migrate_4(store *s)
{
	return schema_edit(s, schema_checks, sizeof schema_checks /
	                   sizeof *schema_checks);
}

/*
** Migration 5: open actions counted by due day ('due:YYYY-MM-DD' rows of
** counter), so that the overdue count (README, actions/overdue/) is a
** sum over the days before today, a few thousand rows at most, and no
** longer a count of the (status, due) index range: at 1,000,000 items
** that was 400,000 index entries and 300 ms on a cold page cache.  While
** the importer's bulk row is set (migration 3) the triggers are idle and
** store_bulk_end adds up the new item's actions as they are then.
*/
#define SCHEMA_OPEN(r) r ".status IN ('open', 'in_progress') AND " \
	r ".due IS NOT NULL"

/* The insert trigger of the per-day counters (bulk-idle, see
   schema_bulk_trigger), without its ';'. */
static void schema_bulk_due(struct buf *sql)
{
	buf_puts(sql,
		"CREATE TRIGGER action_due_ai AFTER INSERT ON action"
		" WHEN " SCHEMA_OPEN("new") " AND NOT EXISTS (SELECT 1 FROM bulk)"
		" BEGIN INSERT INTO counter VALUES ('due:' || new.due, 1)"
		" ON CONFLICT(name) DO UPDATE SET n = n + 1; END");
}

static int schema_migrate_5(store *s)
{
	struct buf sql = { 0 };

	buf_puts(&sql,
		"INSERT INTO counter SELECT 'due:' || due, count(*) FROM action"
		" WHERE " SCHEMA_OPEN("action") " GROUP BY due;");
	schema_bulk_due(&sql);
	buf_puts(&sql, ";"
		"CREATE TRIGGER action_due_ad AFTER DELETE ON action"
		" WHEN " SCHEMA_OPEN("old") " AND NOT EXISTS (SELECT 1 FROM bulk)"
		" BEGIN"
		" UPDATE counter SET n = n - 1 WHERE name = 'due:' || old.due; END;"
		"CREATE TRIGGER action_due_au AFTER UPDATE OF status, due ON action"
		" WHEN NOT EXISTS (SELECT 1 FROM bulk) BEGIN"
		" UPDATE counter SET n = n - 1 WHERE name = 'due:' || old.due"
		"  AND " SCHEMA_OPEN("old") ";"
		" INSERT INTO counter SELECT 'due:' || new.due, 1"
		"  WHERE " SCHEMA_OPEN("new")
		"  ON CONFLICT(name) DO UPDATE SET n = n + 1; END;");
	return schema_exec(s, &sql);
}

/*
** Migration 6: what a ModernGov page says beyond minutes.  An item's
** decision-record fields (decision maker, status, key decision, call-in,
** reasons, alternative options, report author, publication date, date of
** decision, effective from) and its partial mark (the page was cut off)
** are columns of item; every other labelled field of the page, in page
** order, a row of item_field.  Issues (a ModernGov issue of a council:
** its title, decision maker, due, key decision, lead officer, wards,
** status, summary and other fields, issue_field) and the items that took
** them (item_issue).  The new tables are logged and touch their parents
** like the others; their rows are few (decision records and issue pages),
** so their triggers stay on in bulk mode.
*/
static const struct schema_log schema_logged_6[] = {
	{ "item_field",  "item_id",  "item",  "label" },
	{ "issue",       NULL,       NULL,    "slug" },
	{ "issue_field", "issue_id", "issue", "label" },
	{ "item_issue",  "issue_id", "issue", "item_id" },
};

static const char schema_v6[] =
"ALTER TABLE item ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE item ADD COLUMN decision_maker TEXT;"
"ALTER TABLE item ADD COLUMN decision_status TEXT;"
"ALTER TABLE item ADD COLUMN key_decision TEXT;"
"ALTER TABLE item ADD COLUMN call_in TEXT;"
"ALTER TABLE item ADD COLUMN reasons TEXT;"
"ALTER TABLE item ADD COLUMN alternatives TEXT;"
"ALTER TABLE item ADD COLUMN author TEXT;"
"ALTER TABLE item ADD COLUMN published TEXT;"
"ALTER TABLE item ADD COLUMN decided TEXT;"
"ALTER TABLE item ADD COLUMN effective_from TEXT;"

"CREATE TABLE item_field ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,"
"  ord INTEGER NOT NULL,"
"  label TEXT NOT NULL,"
"  value TEXT NOT NULL,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (item_id, ord));"

"CREATE TABLE issue ("
"  id INTEGER PRIMARY KEY,"
"  council_id INTEGER REFERENCES council(id),"
"  slug TEXT NOT NULL UNIQUE,"
"  title TEXT NOT NULL,"
"  decision_maker TEXT, decision_due TEXT, key_decision TEXT,"
"  lead_officer TEXT, wards TEXT, status TEXT, summary TEXT,"
"  source TEXT, source_id TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE UNIQUE INDEX issue_source ON issue(source, source_id)"
"  WHERE source_id IS NOT NULL;"
"CREATE INDEX issue_council ON issue(council_id, title);"

"CREATE TABLE issue_field ("
"  id INTEGER PRIMARY KEY,"
"  issue_id INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,"
"  ord INTEGER NOT NULL,"
"  label TEXT NOT NULL,"
"  value TEXT NOT NULL,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (issue_id, ord));"

"CREATE TABLE item_issue ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,"
"  issue_id INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL,"
"  UNIQUE (issue_id, item_id));"
"CREATE INDEX item_issue_item ON item_issue(item_id);"

"INSERT INTO counter VALUES ('issue', 0);"
"CREATE TRIGGER issue_count_ai AFTER INSERT ON issue BEGIN"
" UPDATE counter SET n = n + 1 WHERE name = 'issue'; END;"
"CREATE TRIGGER issue_count_ad AFTER DELETE ON issue BEGIN"
" UPDATE counter SET n = n - 1 WHERE name = 'issue'; END;"
;

static int schema_migrate_6(store *s)
{
	struct buf sql = { 0 };
	size_t i;

	buf_puts(&sql, schema_v6);
	for (i = 0; i < sizeof schema_logged_6 / sizeof schema_logged_6[0]; i++)
		schema_triggers(&sql, &schema_logged_6[i]);
	/* An item's files show its issues: a link touches the item too. */
	schema_touch(&sql, "item_issue", "item_id", "item");
	return schema_exec(s, &sql);
}

/*
** Migration 7: what govctl sync fetched (syncstate.c).  A followed
** council: its name, its web service's URL, its last sync.  Per answer
** of the service (GetCommittees; GetMeetings of a committee and months;
** GetMeeting; GetCouncillorsByWard): its ETag, Last-Modified and body
** digest, when it was fetched; for a meeting its date and whether its
** minutes were published; for the lists, the body itself, so that a 304
** still tells what they list.  Not part of the tree: no change log.
*/
static int schema_migrate_7(store *s)
{
	return store_exec(s,
		"CREATE TABLE sync_council ("
		"  id INTEGER PRIMARY KEY,"
		"  name TEXT NOT NULL UNIQUE,"
		"  base_url TEXT NOT NULL UNIQUE,"
		"  last_sync INTEGER,"
		"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
		"CREATE TABLE sync_doc ("
		"  id INTEGER PRIMARY KEY,"
		"  council_id INTEGER NOT NULL"
		"    REFERENCES sync_council(id) ON DELETE CASCADE,"
		"  kind TEXT NOT NULL CHECK (kind IN"
		"    ('committees','meetings','meeting','councillors')),"
		"  ref TEXT NOT NULL,"
		"  url TEXT NOT NULL,"
		"  etag TEXT, last_modified TEXT, digest TEXT,"
		"  fetched INTEGER,"
		"  meeting_date TEXT, minutes INTEGER,"
		"  body BLOB,"
		"  UNIQUE (council_id, kind, ref));");
}

/* Migration 8: a person's party and ward (GetCouncillorsByWard). */
static int schema_migrate_8(store *s)
{
	return store_exec(s, "ALTER TABLE person ADD COLUMN party TEXT;"
	                     "ALTER TABLE person ADD COLUMN ward TEXT;");
}

/*
** Migration 9: one insert trigger per row of an imported item.  Inside an
** import the bulk row idles them (migration 3), but each trigger still
** costs SQLite a frame per row; the importer used to drop them for its
** transaction instead, a schema change that every other connection then
** had to read again, and that made concurrent imports fail.  Now the
** triggers of one insert are one, which keeps the order in which those
** it replaces fired (the newest first): item_ai also queues the item for
** indexing (item_fts_ai; store_item_add does it in bulk mode), action_ai
** counts the due day first (action_due_ai), and attendance's log and
** touches are one bulk-idle attendance_ai.
**
** And an insert into a table with triggers runs in a statement journal
** (a savepoint, and a copy of every page it changes) whenever it may
** abort half done; inserts of these rows no longer may: their foreign
** keys are DEFERRABLE INITIALLY DEFERRED (checked at commit, which then
** fails and rolls back; cascades still run at once), edited in place as
** migration 4 edits CHECK constraints, and the writer's inserts of them
** are INSERT OR FAIL (a single row: it fails before it is written).
*/
#define SCHEMA_CASCADE "ON DELETE CASCADE"
#define SCHEMA_SET_NULL "ON DELETE SET NULL"
#define SCHEMA_DEFERRED " DEFERRABLE INITIALLY DEFERRED"
static const struct schema_edit schema_deferred[] = {
	{ "item", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
	{ "resolution", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
	{ "document", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
	{ "action", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
	{ "action", SCHEMA_SET_NULL, SCHEMA_SET_NULL SCHEMA_DEFERRED },
	{ "action_history", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
	{ "item_person", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
	{ "attendance", SCHEMA_CASCADE, SCHEMA_CASCADE SCHEMA_DEFERRED },
};

static int schema_migrate_9(store *s)
{
	struct buf sql = { 0 };
	int rc;

	rc = schema_edit(s, schema_deferred, sizeof schema_deferred /
	                 sizeof *schema_deferred);
	if (rc)
		return rc;
	buf_puts(&sql, "DROP TRIGGER item_fts_ai; DROP TRIGGER item_ai;"
	               "DROP TRIGGER action_due_ai; DROP TRIGGER action_ai;"
	               "DROP TRIGGER attendance_log_ai;"
	               "DROP TRIGGER attendance_meeting_id_touch_ai;"
	               "DROP TRIGGER attendance_person_id_touch_ai;");
	schema_bulk_trigger(&sql, "item", "", " INSERT OR IGNORE INTO"
	                    " fts_pending(item_id) VALUES (new.id);");
	buf_putc(&sql, ';');
	schema_bulk_trigger(&sql, "action", " INSERT INTO counter"
	                    " SELECT 'due:' || new.due, 1 WHERE "
	                    SCHEMA_OPEN("new") " ON CONFLICT(name) DO UPDATE"
	                    " SET n = n + 1;", "");
	buf_putc(&sql, ';');
	schema_bulk_trigger(&sql, "attendance", "", "");
	buf_putc(&sql, ';');
	return schema_exec(s, &sql);
}

/*
** Migration 10: the supporting documents' files and text.  docfile holds a
** file once per SHA-256 digest (content-addressed): size, media type,
** pages, extraction state ('ok', or 'failed' with the reason) and text
** (pages separated by form feeds); docblob its bytes, apart so that scans
** of docfile read no file; docfile_fts the text's full-text index.  A
** document row names its file (document.digest, set by "govctl document
** add"); docurl maps a URL to the file fetched from it, so that a
** document re-imported with the same URL finds its file again, and keeps
** a failed fetch's reason.  A file goes when no document and no URL
** names it any more.  Writers touch the documents that show a file
** (store/document.c), so the change log and the items' times follow.
*/
static const char schema_v10[] =
"CREATE TABLE docfile ("
"  id INTEGER PRIMARY KEY,"
"  digest TEXT NOT NULL UNIQUE,"
"  size INTEGER NOT NULL,"
"  media_type TEXT NOT NULL,"
"  pages INTEGER NOT NULL DEFAULT 0,"
"  state TEXT NOT NULL CHECK (state IN ('ok','failed')),"
"  reason TEXT,"
"  text TEXT,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE TABLE docblob ("
"  id INTEGER PRIMARY KEY REFERENCES docfile(id) ON DELETE CASCADE,"
"  bytes BLOB NOT NULL);"
"CREATE VIRTUAL TABLE docfile_fts USING fts5("
"  text, content='docfile', content_rowid='id',"
"  tokenize='unicode61 remove_diacritics 2');"
"CREATE TRIGGER docfile_fts_ai AFTER INSERT ON docfile BEGIN"
"  INSERT INTO docfile_fts(rowid, text) VALUES (new.id, new.text);"
"END;"
"CREATE TRIGGER docfile_fts_ad AFTER DELETE ON docfile BEGIN"
"  INSERT INTO docfile_fts(docfile_fts, rowid, text)"
"  VALUES ('delete', old.id, old.text);"
"END;"
"CREATE TRIGGER docfile_fts_au AFTER UPDATE OF text ON docfile BEGIN"
"  INSERT INTO docfile_fts(docfile_fts, rowid, text)"
"  VALUES ('delete', old.id, old.text);"
"  INSERT INTO docfile_fts(rowid, text) VALUES (new.id, new.text);"
"END;"
"CREATE TABLE docurl ("
"  url TEXT PRIMARY KEY,"
"  digest TEXT,"
"  state TEXT NOT NULL CHECK (state IN ('ok','failed')),"
"  reason TEXT, etag TEXT, modified TEXT,"
"  tried INTEGER NOT NULL,"
"  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
"CREATE INDEX docurl_digest ON docurl(digest);"
"ALTER TABLE document ADD COLUMN digest TEXT;"
"CREATE INDEX document_digest ON document(digest) WHERE digest IS NOT NULL;"
"CREATE INDEX document_url ON document(url) WHERE url IS NOT NULL;"
"CREATE TRIGGER document_file_ad AFTER DELETE ON document"
"  WHEN old.digest IS NOT NULL BEGIN"
"  DELETE FROM docfile WHERE digest = old.digest"
"   AND NOT EXISTS (SELECT 1 FROM document WHERE digest = old.digest)"
"   AND NOT EXISTS (SELECT 1 FROM docurl WHERE digest = old.digest);"
"END;"
;

static int schema_migrate_10(store *s)
{
	return store_exec(s, schema_v10);
}

/*
** Migration 11: an index for finding an item by its number in a meeting
** (store_item_by_number, and the ModernGov importer's check of who holds
** a number), the one lookup of the import path without one: each looked
** through every item of the meeting, so that a meeting of n items took
** time in n squared to import (a GetMeeting of 20,000 items 31.9 s).
*/
static int schema_migrate_11(store *s)
{
	return store_exec(s, "CREATE INDEX item_number ON item(meeting_id,"
	                     " number);");
}

/*
** Migration 12: the correction log (store/correct.c, govctl log): one row
** per correction (rm, mv, rename, merge), what it named before (old) and
** after (new, NULL for a removal), and what else it did (detail).  Not
** in the tree, so not logged for mounts.
*/
static int schema_migrate_12(store *s)
{
	return store_exec(s,
		"CREATE TABLE correction ("
		"  id INTEGER PRIMARY KEY,"
		"  at INTEGER NOT NULL,"
		"  verb TEXT NOT NULL,"
		"  kind TEXT NOT NULL,"
		"  record_id INTEGER NOT NULL,"
		"  old TEXT NOT NULL,"
		"  new TEXT,"
		"  detail TEXT,"
		"  created INTEGER NOT NULL, updated INTEGER NOT NULL);");
}

/*
** Migration 13: no insert triggers on the rows of an item.  Migrations 3
** and 9 left one per table (item, resolution, document, action,
** action_history, item_person, attendance), idle while the table bulk held
** a row, and the importer did their work itself (store_bulk_end).  An
** idle trigger still cost SQLite a frame per row (its program's registers
** allocated and cleared, its WHEN's query run): a third of the importer's
** instructions for these rows, 206 M of 605 M for 2,000 generated pages.
** Now every writer of these rows (write.c, the only one) does that work
** in C: for a row added outside an import what the trigger did, in its
** order (write_added_*), so that the change log, the parents' times, the
** counters and the index queue come out row for row the same.  Update
** and delete triggers, and those of every other table, stay.
*/
static int schema_migrate_13(store *s)
{
	return store_exec(s, "DROP TRIGGER item_ai; DROP TRIGGER resolution_ai;"
		"DROP TRIGGER document_ai; DROP TRIGGER action_ai;"
		"DROP TRIGGER action_history_ai; DROP TRIGGER item_person_ai;"
		"DROP TRIGGER attendance_ai;"
		/* migration 5's, without their test of bulk: they only
		   count, and bulk never held a row when they fired */
		"DROP TRIGGER action_due_ad; DROP TRIGGER action_due_au;"
		"DROP TABLE bulk;"
		"CREATE TRIGGER action_due_ad AFTER DELETE ON action"
		" WHEN " SCHEMA_OPEN("old") " BEGIN"
		" UPDATE counter SET n = n - 1 WHERE name = 'due:' || old.due; END;"
		"CREATE TRIGGER action_due_au AFTER UPDATE OF status, due ON action"
		" BEGIN"
		" UPDATE counter SET n = n - 1 WHERE name = 'due:' || old.due"
		"  AND " SCHEMA_OPEN("old") ";"
		" INSERT INTO counter SELECT 'due:' || new.due, 1"
		"  WHERE " SCHEMA_OPEN("new")
		"  ON CONFLICT(name) DO UPDATE SET n = n + 1; END;");
}

static int (*const schema_migrations[])(store *) = {
	schema_migrate_1,
	schema_migrate_2,
	schema_migrate_3,
	schema_migrate_4,
	schema_migrate_5,
	schema_migrate_6,
	schema_migrate_7,
	schema_migrate_8,
	schema_migrate_9,
	schema_migrate_10,
	schema_migrate_11,
	schema_migrate_12,
	schema_migrate_13,
};

/*
** Bring the database to STORE_SCHEMA inside one write transaction, and
** index items a writer left waiting in fts_pending (store_fts_flush), in
** the same transaction: nothing a writer does on opening runs outside
** the write lock.  Returns 0, or a negative errno with the store's error
** message set: -EPROTO when the file's schema is newer than this
** program's, -EBUSY when another writer held the lock too long.
*/
int schema_migrate(store *s)
{
	int64_t v;
	int rc;

	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc)
		return rc;
	v = store_user_version(s);
	if (v > STORE_SCHEMA) {
		rc = store_fail(s, -EPROTO,
			"%s: schema %lld is newer than this govfs (%d)",
			store_path(s), (long long)v, STORE_SCHEMA);
		goto fail;
	}
	for (; v < STORE_SCHEMA; v++) {
		char pragma[64];

		rc = schema_migrations[v](s);
		if (rc)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %lld",
		         (long long)v + 1);
		rc = store_exec(s, pragma);
		if (rc)
			goto fail;
	}
	rc = store_fts_flush(s);
	if (rc)
		goto fail;
	rc = store_exec(s, "COMMIT");
	if (rc == 0)
		store_count_commit();
	return rc;
fail:
	store_exec(s, "ROLLBACK");
	return rc;
}

/* Append the change-log rows of a restore for table t (see
   schema_log_replaced). */
static void schema_log_diff(struct buf *sql, const struct schema_log *t,
                            const char *old, int64_t now)
{
	const char *pc = t->parent_col ? t->parent_col : "id";

	/* rows there now: added or changed (old parent and name if any) */
	buf_printf(sql, "INSERT INTO main.change(tbl, row_id, parent_id,"
	           " old_parent_id, name, old_name, at) SELECT '%s', n.id,"
	           " n.%s, o.%s, n.%s, o.%s, %lld FROM main.%s n"
	           " LEFT JOIN %s.%s o ON o.id = n.id;",
	           t->tbl, pc, pc, t->name_col, t->name_col, (long long)now,
	           t->tbl, old, t->tbl);
	/* rows gone */
	buf_printf(sql, "INSERT INTO main.change(tbl, row_id, parent_id,"
	           " old_parent_id, name, old_name, at) SELECT '%s', o.id,"
	           " NULL, o.%s, NULL, o.%s, %lld FROM %s.%s o"
	           " WHERE o.id NOT IN (SELECT id FROM main.%s);",
	           t->tbl, pc, t->name_col, (long long)now, old, t->tbl,
	           t->tbl);
}

/*
** The change log of a database that is to replace another (store_restore):
** inside the caller's transaction on s (the new contents, at STORE_SCHEMA),
** with the database it replaces attached as schema old, the new file's
** own log is emptied and one row written for every row of every logged
** table that is there now or was there before, numbered after the old
** log's last, with room for the commits other writers may make before
** the restore takes the lock (SCHEMA_RESTORE_GAP).  A mount reading the
** old log from where it was then sees the restore as one commit that
** changed all of them.  0 or -errno.
*/
#define SCHEMA_RESTORE_GAP 1000000
int schema_log_replaced(store *s, const char *old, int64_t now)
{
	struct buf sql = { 0 };
	size_t i;

	buf_printf(&sql, "DELETE FROM main.change;"
	           "DELETE FROM main.sqlite_sequence WHERE name = 'change';"
	           "INSERT INTO main.sqlite_sequence(name, seq) SELECT 'change',"
	           " coalesce((SELECT max(seq) FROM %s.change), 0) + %d;", old,
	           SCHEMA_RESTORE_GAP);
	for (i = 0; i < sizeof schema_logged / sizeof schema_logged[0]; i++)
		schema_log_diff(&sql, &schema_logged[i], old, now);
	for (i = 0; i < sizeof schema_logged_6 / sizeof schema_logged_6[0]; i++)
		schema_log_diff(&sql, &schema_logged_6[i], old, now);
	return schema_exec(s, &sql);
}
