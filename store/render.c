/*
** render.c — the one renderer of every file in the tree (man/govfs.5).
**
** Text files: "Key: value" header lines (empty values left out), a blank
** line, then the body; always ending in a newline.  JSON files: one object
** with "format" (STORE_FORMAT) and "type" first, two-space indented, a
** final newline.  Tables: a header row, then one row per record.
*/
#include <assert.h>
#include <inttypes.h>

#include "store_int.h"

/* ---- text helpers ------------------------------------------------------- */

/* "Key: value\n", with newlines and tabs in value folded to spaces;
   nothing when value is NULL or empty. */
static void txt_kv(struct buf *b, const char *key, const char *value)
{
	const char *p;

	if (!value || !*value)
		return;
	buf_printf(b, "%s: ", key);
	for (p = value; *p; p++)
		buf_putc(b, *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p);
	buf_putc(b, '\n');
}

static void txt_kvi(struct buf *b, const char *key, int64_t v)
{
	buf_printf(b, "%s: %" PRId64 "\n", key, v);
}

/* A body paragraph: text and a newline; nothing when empty. */
static void txt_para(struct buf *b, const char *text)
{
	if (!text || !*text)
		return;
	buf_puts(b, text);
	buf_putc(b, '\n');
}

/* A table field: tabs and newlines folded to spaces (TSV). */
static void tsv_field(struct buf *b, const char *v)
{
	for (; v && *v; v++)
		buf_putc(b, *v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
}

/* A CSV field, quoted when it must be (RFC 4180). */
static void csv_field(struct buf *b, const char *v)
{
	if (!v)
		v = "";
	if (!v[strcspn(v, ",\"\r\n")]) {
		buf_puts(b, v);
		return;
	}
	buf_putc(b, '"');
	for (; *v; v++) {
		if (*v == '"')
			buf_putc(b, '"');
		buf_putc(b, *v);
	}
	buf_putc(b, '"');
}

/* ---- JSON helpers --------------------------------------------------------- */

/* A column as a JSON string, or null (jw, jsonout.c). */
static void jw_col(struct jw *w, const char *key, sqlite3_stmt *st, int i)
{
	jw_str(w, key, sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
	               : col_text(st, i));
}

static void jw_time(struct jw *w, const char *key, int64_t ms)
{
	char iso[32];

	store_iso_time(ms, iso);
	jw_str(w, key, iso);
}

/* A string made from fmt (a path). */
static void jw_printf(struct jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void jw_printf(struct jw *w, const char *key, const char *fmt, ...)
{
	struct buf t = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&t, fmt, ap);
	va_end(ap);
	if (buf_ok(&t))
		jw_str(w, key, t.data);
	else
		w->err = -ENOMEM;
	buf_free(&t);
}

/* Opens the file's object, with its format, type and id (0: none). */
static void jw_head(struct jw *w, const char *type, int64_t id)
{
	jw_obj(w, NULL);
	jw_int(w, "format", STORE_FORMAT);
	jw_str(w, "type", type);
	if (id)
		jw_int(w, "id", id);
}

/* The path fn gives of row id (a string), or null. */
static void jw_path(store *s, struct jw *w, const char *key,
                    int (*fn)(store *, int64_t, struct buf *), int64_t id)
{
	struct buf p = { 0 };

	if (id && fn(s, id, &p) == 0 && buf_ok(&p))
		jw_str(w, key, p.data);
	else
		jw_null(w, key);
	buf_free(&p);
}

/* The end of a file written with w whose last rows came from st (NULL:
   not prepared) with rc the last step's result: jw_finish, or the error
   (then b as it was). */
static int jw_done(struct jw *w, sqlite3_stmt *st, int rc)
{
	if (!st || rc < 0)
		w->err = rc < 0 ? rc : -EIO;
	return jw_finish(w);
}

/* Fetch one row by id: ROW or -ENOENT / -EIO. */
static int row1(store *s, sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	return rc == SQLITE_ROW ? 0 : rc < 0 ? rc : -ENOENT;
}

/*
** The rows of sql (binding id) as the array "fields": labelled fields
** (label, value) as objects with "label" and "value".  0 or -errno.
*/
static int jw_fields(store *s, struct jw *w, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int rc = 0;

	jw_arr(w, "fields");
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(w, NULL);
		jw_col(w, "label", st, 0);
		jw_col(w, "value", st, 1);
		jw_end(w);
	}
	jw_end(w);
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

/* The rows of sql (binding id), items in date order (date, board, number,
   title, item id), as the array "items" of objects with those and the
   item's path.  0 or -errno. */
static int jw_dated_items(store *s, struct jw *w, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int rc = 0;

	jw_arr(w, "items");
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(w, NULL);
		jw_col(w, "date", st, 0);
		jw_col(w, "board", st, 1);
		jw_col(w, "number", st, 2);
		jw_col(w, "title", st, 3);
		jw_path(s, w, "item", node_item_path,
		        sqlite3_column_int64(st, 4));
		jw_end(w);
	}
	jw_end(w);
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

/* Labelled fields (label, value: the rows of sql binding id) as header
   lines "label: value" (empty values left out).  0 or -errno. */
static int txt_fields(store *s, struct buf *b, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int rc = 0;

	while (st && (rc = store_step(s, st)) == SQLITE_ROW)
		txt_kv(b, col_text(st, 0), col_text(st, 1));
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

/* The same items as body lines "date<TAB>board<TAB>number<TAB>title". */
static int txt_dated_items(store *s, struct buf *b, const char *sql,
                           int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int rc = 0;

	while (st && (rc = store_step(s, st)) == SQLITE_ROW)
		buf_printf(b, "%s\t%s\t%s\t%s\n", col_text(st, 0),
		           col_text(st, 1), col_text(st, 2), col_text(st, 3));
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

/* ---- README ------------------------------------------------------------------ */

static int render_readme(store *s, struct buf *b)
{
	struct store_counts c;
	int rc = store_counts(s, &c);

	if (rc)
		return rc;
	buf_puts(b, "govfs: council governance records as files\n\n");
	txt_kvi(b, "Boards", c.boards);
	txt_kvi(b, "Meetings", c.meetings);
	txt_kvi(b, "Items", c.items);
	txt_kvi(b, "Resolutions", c.resolutions);
	buf_printf(b, "Actions: %" PRId64 " (open %" PRId64 ", overdue %"
	           PRId64 ", done %" PRId64 ")\n", c.actions, c.open,
	           c.overdue, c.done);
	txt_kvi(b, "People", c.people);
	txt_kvi(b, "Plans", c.plans);
	txt_kvi(b, "Issues", c.issues);
	buf_puts(b,
		"\n"
		"boards/<board>/meetings/<date>/items/<nn-title>/\n"
		"            item.txt minutes.txt decisions.txt documents.txt\n"
		"            item.json, and actions/ linking to the actions\n"
		"meetings/   every meeting in date order (links)\n"
		"actions/    every action by number; open/ overdue/ done/ (links);\n"
		"            actions.tsv and actions.csv\n"
		"people/     people named in the minutes, with their items\n"
		"plans/      improvement plans and the items reporting on them\n"
		"issues/     ModernGov issues and the items that took them, by date\n"
		"search/     ls search/\"foster carers\" lists matching items,"
		" best first\n"
		"\n"
		"This tree is read-only; change it with govctl(1).  Its files are"
		" described\nin govfs(5).\n");
	return 0;
}

/* ---- boards ------------------------------------------------------------------- */

static const char render_sql_board[] =
	"SELECT b.slug, b.name, c.name, b.kind, b.remit, b.source,"
	" b.source_id, b.expired, b.deleted, b.created, b.updated,"
	" (SELECT count(*) FROM meeting WHERE board_id = b.id),"
	" (SELECT count(*) FROM action WHERE board_id = b.id"
	"   AND status IN ('open','in_progress')),"
	" (SELECT count(*) FROM action WHERE board_id = b.id)"
	" FROM board b LEFT JOIN council c ON c.id = b.council_id"
	" WHERE b.id = ?";

static int render_board_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_board, "i", id);
	int rc = row1(s, st);

	if (rc)
		return rc;
	txt_kv(b, "Board", col_text(st, 1));
	txt_kv(b, "Slug", col_text(st, 0));
	txt_kv(b, "Council", col_text(st, 2));
	txt_kv(b, "Kind", col_text(st, 3));
	txt_kvi(b, "Meetings", sqlite3_column_int64(st, 11));
	txt_kvi(b, "Actions", sqlite3_column_int64(st, 13));
	txt_kvi(b, "Open actions", sqlite3_column_int64(st, 12));
	if (sqlite3_column_int(st, 7))
		txt_kv(b, "Expired", "yes");
	if (sqlite3_column_int(st, 8))
		txt_kv(b, "Deleted", "yes");
	buf_putc(b, '\n');
	txt_para(b, col_text(st, 4));
	return 0;
}

static int render_board_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_board, "i", id);
	struct jw w;
	int rc = row1(s, st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "board", id);
	jw_col(&w, "slug", st, 0);
	jw_col(&w, "name", st, 1);
	jw_col(&w, "council", st, 2);
	jw_col(&w, "kind", st, 3);
	jw_col(&w, "remit", st, 4);
	jw_col(&w, "source", st, 5);
	jw_col(&w, "source_id", st, 6);
	jw_bool(&w, "expired", sqlite3_column_int(st, 7));
	jw_bool(&w, "deleted", sqlite3_column_int(st, 8));
	jw_printf(&w, "path", "boards/%s", col_text(st, 0));
	jw_time(&w, "created", sqlite3_column_int64(st, 9));
	jw_time(&w, "updated", sqlite3_column_int64(st, 10));
	jw_obj(&w, "actions");
	jw_int(&w, "total", sqlite3_column_int64(st, 13));
	jw_int(&w, "open", sqlite3_column_int64(st, 12));
	jw_end(&w);
	jw_arr(&w, "meetings");
	st = store_stmt(s, "SELECT slug, date, time, status FROM meeting"
	                   " WHERE board_id = ? ORDER BY slug", "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_col(&w, "meeting", st, 0);
		jw_col(&w, "date", st, 1);
		jw_col(&w, "time", st, 2);
		jw_col(&w, "status", st, 3);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	return jw_done(&w, st, rc);
}

/* ---- actions tables ------------------------------------------------------------ */

static const char *const render_action_cols[] = {
	"id", "status", "rag", "progress", "due", "owner", "board", "item",
	"resolution", "text", NULL
};

struct table_ctx {
	struct buf *b;
	int csv;
	int col[sizeof render_action_cols / sizeof *render_action_cols];
	                                /* each column's index in the row,
	                                   -1: none (found at the first row) */
	int found;
};

/* One line of the table: the row's columns as store_list_actions gives
   them in JSON (a number, a string, or empty for null), as fields. */
static int table_row(void *ctx, sqlite3_stmt *row)
{
	struct table_ctx *t = ctx;
	int i, j, n = sqlite3_column_count(row);

	if (!t->found) {
		for (i = 0; render_action_cols[i]; i++) {
			t->col[i] = -1;
			for (j = 0; j < n; j++)
				if (strcmp(sqlite3_column_name(row, j),
				           render_action_cols[i]) == 0)
					t->col[i] = j;
		}
		t->found = 1;
	}
	for (i = 0; render_action_cols[i]; i++) {
		char num[32];
		const char *text = "";

		j = t->col[i];
		if (j < 0 || sqlite3_column_type(row, j) == SQLITE_NULL) {
			/* empty */
		} else if (sqlite3_column_type(row, j) == SQLITE_INTEGER) {
			snprintf(num, sizeof num, "%lld",
			         (long long)sqlite3_column_int64(row, j));
			text = num;
		} else {
			text = col_text(row, j);
			/* (not valid UTF-8: no JSON string, so empty) */
			if (!utf8_valid(text, strlen(text), NULL))
				text = "";
		}
		if (i)
			buf_putc(t->b, t->csv ? ',' : '\t');
		if (t->csv)
			csv_field(t->b, text);
		else
			tsv_field(t->b, text);
	}
	buf_puts(t->b, t->csv ? "\r\n" : "\n");
	return 0;
}

int store_actions_table(store *s, const struct action_filter *f,
                        const char *format, struct buf *out)
{
	struct table_ctx t = { .b = out, .csv = strcmp(format, "csv") == 0 };
	size_t i;

	for (i = 0; render_action_cols[i]; i++) {
		if (i)
			buf_putc(out, t.csv ? ',' : '\t');
		buf_puts(out, render_action_cols[i]);
	}
	buf_puts(out, t.csv ? "\r\n" : "\n");
	return store_list_actions_stream(s, f, table_row, &t);
}

/* ---- meetings ------------------------------------------------------------------ */

static const char render_sql_meeting[] =
	"SELECT b.name, b.slug, m.date, m.time, m.location, m.status, m.slug,"
	" m.source, m.source_id, m.created, m.updated,"
	" (SELECT count(*) FROM item WHERE meeting_id = m.id)"
	" FROM meeting m JOIN board b ON b.id = m.board_id WHERE m.id = ?";

static const char render_sql_meeting_items[] =
	"SELECT number, title, slug, id FROM item WHERE meeting_id = ?"
	" ORDER BY ord, slug";

static const char render_sql_attendance[] =
	"SELECT p.name, a.role, a.note, p.slug, p.role FROM attendance a"
	" JOIN person p ON p.id = a.person_id WHERE a.meeting_id = ?"
	" ORDER BY a.role, p.name";

static int render_meeting_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_meeting, "i", id);
	int rc = row1(s, st);

	if (rc)
		return rc;
	txt_kv(b, "Board", col_text(st, 0));
	txt_kv(b, "Date", col_text(st, 2));
	txt_kv(b, "Time", col_text(st, 3));
	txt_kv(b, "Location", col_text(st, 4));
	txt_kv(b, "Status", col_text(st, 5));
	txt_kvi(b, "Items", sqlite3_column_int64(st, 11));
	buf_putc(b, '\n');
	st = store_stmt(s, render_sql_meeting_items, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW)
		buf_printf(b, "%s\t%s\n", col_text(st, 0), col_text(st, 1));
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

static int render_meeting_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_meeting, "i", id);
	struct jw w;
	int rc = row1(s, st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "meeting", id);
	jw_col(&w, "board", st, 1);
	jw_col(&w, "board_name", st, 0);
	jw_col(&w, "date", st, 2);
	jw_col(&w, "time", st, 3);
	jw_col(&w, "location", st, 4);
	jw_col(&w, "status", st, 5);
	jw_col(&w, "source", st, 7);
	jw_col(&w, "source_id", st, 8);
	jw_printf(&w, "path", "boards/%s/meetings/%s", col_text(st, 1),
	          col_text(st, 6));
	jw_time(&w, "created", sqlite3_column_int64(st, 9));
	jw_time(&w, "updated", sqlite3_column_int64(st, 10));
	/* the items (up to 100,000) written as they are read */
	jw_arr(&w, "items");
	st = store_stmt(s, render_sql_meeting_items, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_int(&w, "id", sqlite3_column_int64(st, 3));
		jw_col(&w, "number", st, 0);
		jw_col(&w, "title", st, 1);
		jw_col(&w, "item", st, 2);
		jw_end(&w);
	}
	jw_end(&w);
	if (!st || rc < 0)
		return jw_done(&w, st, rc);
	jw_arr(&w, "attendance");
	st = store_stmt(s, render_sql_attendance, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_col(&w, "name", st, 0);
		jw_col(&w, "person", st, 3);
		jw_col(&w, "role", st, 4);
		jw_col(&w, "attendance", st, 1);
		jw_col(&w, "note", st, 2);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	return jw_done(&w, st, rc);
}

static int render_attendance_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_meeting, "i", id);
	struct buf body = { 0 };
	int64_t n = 0;
	int rc = row1(s, st);

	if (rc)
		return rc;
	txt_kv(b, "Board", col_text(st, 0));
	txt_kv(b, "Date", col_text(st, 2));
	st = store_stmt(s, render_sql_attendance, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		buf_printf(&body, "%s\t%s", col_text(st, 1), col_text(st, 0));
		if (*col_text(st, 2))
			buf_printf(&body, "\t%s", col_text(st, 2));
		buf_putc(&body, '\n');
		n++;
	}
	txt_kvi(b, "Attendees", n);
	buf_putc(b, '\n');
	buf_add(b, body.data, body.len);
	buf_free(&body);
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

/* ---- items ---------------------------------------------------------------------- */

static const char render_sql_item[] =
	"SELECT i.number, i.title, i.subtitle, i.purpose, i.minutes,"
	" i.decision, i.source_url, b.name, b.slug, m.date, m.slug, i.slug,"
	" i.source, i.source_id, i.created, i.updated, i.ord,"
	" (SELECT count(*) FROM resolution WHERE item_id = i.id),"
	" (SELECT count(*) FROM action WHERE item_id = i.id),"
	" (SELECT count(*) FROM document WHERE item_id = i.id),"
	" i.partial, i.decision_maker, i.decision_status, i.key_decision,"
	" i.call_in, i.reasons, i.alternatives, i.author, i.published,"
	" i.decided, i.effective_from"
	" FROM item i JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id WHERE i.id = ?";

enum { IT_NUMBER, IT_TITLE, IT_SUBTITLE, IT_PURPOSE, IT_MINUTES,
       IT_DECISION, IT_URL, IT_BOARD_NAME, IT_BOARD, IT_DATE, IT_MEETING,
       IT_SLUG, IT_SOURCE, IT_SOURCE_ID, IT_CREATED, IT_UPDATED, IT_ORD,
       IT_NRES, IT_NACT, IT_NDOC, IT_PARTIAL, IT_DECISION_MAKER };

/* The decision-record fields of an item: the header line of item.txt and
   the member of item.json's "decision_record", in the columns of
   render_sql_item from IT_DECISION_MAKER on (purpose, the item's own, is
   given after decision status). */
static const struct { const char *key, *member; } render_record[] = {
	{ "Decision maker",   "decision_maker" },
	{ "Decision status",  "status" },
	{ "Key decision",     "key_decision" },
	{ "Call-in",          "call_in" },
	{ "Reasons",          "reasons" },
	{ "Alternatives",     "alternatives" },
	{ "Author",           "author" },
	{ "Published",        "published" },
	{ "Decided",          "decided" },
	{ "Effective from",   "effective_from" },
};
#define RENDER_NRECORD (sizeof render_record / sizeof render_record[0])

static const char render_sql_item_fields[] =
	"SELECT label, value FROM item_field WHERE item_id = ? ORDER BY ord";

static const char render_sql_item_issues[] =
	"SELECT s.slug FROM item_issue x JOIN issue s ON s.id = x.issue_id"
	" WHERE x.item_id = ? ORDER BY s.slug";

static const char render_sql_resolutions[] =
	"SELECT r.label, r.text, r.kind, r.membership, r.due, a.id"
	" FROM resolution r LEFT JOIN action a ON a.resolution_id = r.id"
	" WHERE r.item_id = ? ORDER BY r.ord";

static const char render_sql_documents[] =
	"SELECT title, url, published, id FROM document WHERE item_id = ?"
	" ORDER BY ord";

/*
** The row of item id (render_sql_item) in *st, stepped to: within one
** listing the statement stays on the row of the item asked last, and the
** next file of the same item takes it as it is (an item's folder lists
** five files that start with the same row); render_memo_end resets it.
** 0, or -ENOENT / -EIO.
*/
static int item_row(store *s, int64_t id, sqlite3_stmt **st)
{
	int rc;

	if (s->memo.depth > 0 && s->memo.item == id && id &&
	    (*st = store_stmt_kept(s, render_sql_item)))
		return 0;
	*st = store_stmt(s, render_sql_item, "i", id);
	rc = row1(s, *st);
	s->memo.item = rc == 0 && s->memo.depth > 0 ? id : 0;
	return rc;
}

void render_memo_end(store *s)
{
	if (s->memo.item) {
		sqlite3_reset(store_stmt_kept(s, render_sql_item));
		s->memo.item = 0;
	}
}

/* The header lines every item file starts with. */
static void item_head(struct buf *b, sqlite3_stmt *st)
{
	txt_kv(b, "Title", col_text(st, IT_TITLE));
	txt_kv(b, "Number", col_text(st, IT_NUMBER));
	txt_kv(b, "Board", col_text(st, IT_BOARD_NAME));
	txt_kv(b, "Date", col_text(st, IT_DATE));
}

static int render_item_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st;
	char *purpose;
	size_t i;
	int rc = item_row(s, id, &st);

	if (rc)
		return rc;
	item_head(b, st);
	txt_kv(b, "Subtitle", col_text(st, IT_SUBTITLE));
	txt_kv(b, "Source", col_text(st, IT_URL));
	for (i = 0; i < RENDER_NRECORD; i++)
		txt_kv(b, render_record[i].key,
		       col_text(st, IT_DECISION_MAKER + (int)i));
	if (sqlite3_column_int(st, IT_PARTIAL))
		txt_kv(b, "Partial", "yes");
	txt_kvi(b, "Resolutions", sqlite3_column_int64(st, IT_NRES));
	txt_kvi(b, "Actions", sqlite3_column_int64(st, IT_NACT));
	txt_kvi(b, "Documents", sqlite3_column_int64(st, IT_NDOC));
	purpose = strdup(col_text(st, IT_PURPOSE));
	if (!purpose)
		return -ENOMEM;
	/* The page's other labelled fields, then its issues. */
	rc = txt_fields(s, b, render_sql_item_fields, id);
	st = rc ? NULL : store_stmt(s, render_sql_item_issues, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW)
		buf_printf(b, "Issue: issues/%s\n", col_text(st, 0));
	if (!st || rc < 0) {
		free(purpose);
		return rc < 0 ? rc : -EIO;
	}
	buf_putc(b, '\n');
	txt_para(b, purpose);
	free(purpose);
	return 0;
}

static int render_minutes_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st;
	int rc = item_row(s, id, &st);

	if (rc)
		return rc;
	item_head(b, st);
	buf_putc(b, '\n');
	txt_para(b, col_text(st, IT_MINUTES));
	return 0;
}

static const char *const render_kind_heading[][2] = {
	{ "resolved", "Resolved" },
	{ "recommendation", "Recommendations" },
	{ "agreed", "Agreed" },
	{ "decision", "Decisions" },
};

static const char *kind_heading(const char *kind)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(kind, render_kind_heading[i][0]) == 0)
			return render_kind_heading[i][1];
	return kind;
}

/*
** Is the item's decision its resolutions as they are listed ("(a) That
** ...  (b) That ..."), word for word?  Then decisions.txt shows them once,
** as the list.  1, 0, or a negative errno.
*/
static int decision_is_resolutions(store *s, int64_t id, const char *decision)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_resolutions, "i", id);
	struct buf dec = { 0 }, res = { 0 };
	int rc, n = 0;

	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (n++)
			buf_putc(&res, ' ');
		buf_put_words(&res, col_text(st, 0));
		if (*col_text(st, 0))
			buf_putc(&res, ' ');
		buf_put_words(&res, col_text(st, 1));
	}
	sqlite3_reset(st);
	buf_put_words(&dec, decision);
	if (rc >= 0)
		rc = n > 0 && dec.len == res.len &&
		     memcmp(dec.data, res.data, dec.len) == 0;
	buf_free(&dec);
	buf_free(&res);
	return rc;
}

static int render_decisions_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st;
	char last[32] = "", name[32];
	int rc = item_row(s, id, &st);

	if (rc)
		return rc;
	item_head(b, st);
	txt_kvi(b, "Resolutions", sqlite3_column_int64(st, IT_NRES));
	buf_putc(b, '\n');
	rc = *col_text(st, IT_DECISION) ?
	     decision_is_resolutions(s, id, col_text(st, IT_DECISION)) : 1;
	if (rc < 0)
		return rc;
	if (rc == 0) {
		buf_puts(b, "Decision:\n");
		txt_para(b, col_text(st, IT_DECISION));
		buf_putc(b, '\n');
	}
	st = store_stmt(s, render_sql_resolutions, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		const char *kind = col_text(st, 2), *label = col_text(st, 0);

		if (strcmp(kind, last) != 0) {
			if (*last)
				buf_putc(b, '\n');
			buf_printf(b, "%s:\n", kind_heading(kind));
			snprintf(last, sizeof last, "%s", kind);
		}
		buf_printf(b, "%s%s%s\n", label, *label ? " " : "",
		           col_text(st, 1));
		if (*col_text(st, 3))
			buf_printf(b, "  Membership: %s\n", col_text(st, 3));
		if (*col_text(st, 4))
			buf_printf(b, "  Due: %s\n", col_text(st, 4));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			node_action_name(sqlite3_column_int64(st, 5), name,
			                 sizeof name);
			buf_printf(b, "  Action: %s\n", name);
		}
	}
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

static int render_documents_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st;
	int rc = item_row(s, id, &st);

	if (rc)
		return rc;
	item_head(b, st);
	txt_kvi(b, "Documents", sqlite3_column_int64(st, IT_NDOC));
	buf_putc(b, '\n');
	st = store_stmt(s, render_sql_documents, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		tsv_field(b, col_text(st, 0));
		buf_putc(b, '\t');
		tsv_field(b, col_text(st, 1));
		if (*col_text(st, 2)) {
			buf_putc(b, '\t');
			tsv_field(b, col_text(st, 2));
		}
		buf_putc(b, '\n');
		rc = doc_txt_lines(s, sqlite3_column_int64(st, 3), b);
		if (rc < 0)
			return rc;
	}
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

static int render_item_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st;
	struct jw w;
	size_t i;
	int rc = item_row(s, id, &st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "item", id);
	jw_col(&w, "board", st, IT_BOARD);
	jw_col(&w, "board_name", st, IT_BOARD_NAME);
	jw_col(&w, "date", st, IT_DATE);
	jw_col(&w, "meeting", st, IT_MEETING);
	jw_col(&w, "number", st, IT_NUMBER);
	jw_int(&w, "order", sqlite3_column_int64(st, IT_ORD));
	jw_col(&w, "title", st, IT_TITLE);
	jw_col(&w, "subtitle", st, IT_SUBTITLE);
	jw_col(&w, "purpose", st, IT_PURPOSE);
	jw_col(&w, "decision", st, IT_DECISION);
	jw_col(&w, "minutes", st, IT_MINUTES);
	jw_col(&w, "source_url", st, IT_URL);
	jw_col(&w, "source", st, IT_SOURCE);
	jw_col(&w, "source_id", st, IT_SOURCE_ID);
	jw_bool(&w, "partial", sqlite3_column_int(st, IT_PARTIAL));
	jw_obj(&w, "decision_record");
	for (i = 0; i < RENDER_NRECORD; i++) {
		jw_col(&w, render_record[i].member, st,
		       IT_DECISION_MAKER + (int)i);
		if (i == 1)
			jw_col(&w, "purpose", st, IT_PURPOSE);
	}
	jw_end(&w);
	jw_printf(&w, "path", "boards/%s/meetings/%s/items/%s",
	          col_text(st, IT_BOARD), col_text(st, IT_MEETING),
	          col_text(st, IT_SLUG));
	jw_time(&w, "created", sqlite3_column_int64(st, IT_CREATED));
	jw_time(&w, "updated", sqlite3_column_int64(st, IT_UPDATED));

	jw_arr(&w, "resolutions");
	st = store_stmt(s, render_sql_resolutions, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_col(&w, "label", st, 0);
		jw_col(&w, "text", st, 1);
		jw_col(&w, "kind", st, 2);
		jw_col(&w, "membership", st, 3);
		jw_col(&w, "due", st, 4);
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			jw_null(&w, "action");
		else
			jw_int(&w, "action", sqlite3_column_int64(st, 5));
		jw_end(&w);
	}
	jw_end(&w);
	if (!st || rc < 0)
		goto fail;

	jw_arr(&w, "documents");
	st = store_stmt(s, render_sql_documents, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_col(&w, "title", st, 0);
		jw_col(&w, "url", st, 1);
		jw_col(&w, "published", st, 2);
		rc = doc_json_fields(s, sqlite3_column_int64(st, 3), &w);
		jw_end(&w);
		if (rc < 0)
			break;
	}
	jw_end(&w);
	if (!st || rc < 0)
		goto fail;

	jw_arr(&w, "people");
	st = store_stmt(s, "SELECT p.name, p.slug, ip.role FROM item_person ip"
	                   " JOIN person p ON p.id = ip.person_id"
	                   " WHERE ip.item_id = ? ORDER BY ip.id", "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_col(&w, "name", st, 0);
		jw_col(&w, "person", st, 1);
		jw_col(&w, "role", st, 2);
		jw_end(&w);
	}
	jw_end(&w);
	if (!st || rc < 0)
		goto fail;

	jw_arr(&w, "actions");
	st = store_stmt(s, "SELECT id, status FROM action WHERE item_id = ?"
	                   " ORDER BY id", "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_int(&w, "id", sqlite3_column_int64(st, 0));
		jw_col(&w, "status", st, 1);
		jw_end(&w);
	}
	jw_end(&w);
	if (!st || rc < 0)
		goto fail;

	jw_arr(&w, "plans");
	st = store_stmt(s, "SELECT p.slug FROM plan_item pi"
	                   " JOIN plan p ON p.id = pi.plan_id"
	                   " WHERE pi.item_id = ? ORDER BY p.slug", "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW)
		jw_col(&w, NULL, st, 0);
	jw_end(&w);
	if (!st || rc < 0)
		goto fail;

	rc = jw_fields(s, &w, render_sql_item_fields, id);
	if (rc)
		goto fail;

	jw_arr(&w, "issues");
	st = store_stmt(s, render_sql_item_issues, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW)
		jw_printf(&w, NULL, "issues/%s", col_text(st, 0));
	jw_end(&w);
	jw_end(&w);
	return jw_done(&w, st, rc);
fail:
	w.err = rc < 0 ? rc : -EIO;
	return jw_finish(&w);
}

/* ---- actions --------------------------------------------------------------------- */

static const char render_sql_action[] =
	"SELECT a.text, a.status, a.owner, a.due, a.rag, a.progress,"
	" b.slug, b.name, a.item_id, r.label, a.created, a.updated"
	" FROM action a JOIN board b ON b.id = a.board_id"
	" LEFT JOIN resolution r ON r.id = a.resolution_id WHERE a.id = ?";

static const char render_sql_history[] =
	"SELECT at, change, note FROM action_history WHERE action_id = ?"
	" ORDER BY at, id";

static int render_action_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_action, "i", id);
	struct buf item = { 0 };
	char name[32], pct[16];
	char *text = NULL;
	int rc = row1(s, st);

	if (rc)
		return rc;
	node_action_name(id, name, sizeof name);
	txt_kv(b, "Action", name);
	txt_kv(b, "Status", col_text(st, 1));
	txt_kv(b, "Board", col_text(st, 7));
	txt_kv(b, "Resolution", col_text(st, 9));
	txt_kv(b, "Owner", col_text(st, 2));
	txt_kv(b, "Due", col_text(st, 3));
	txt_kv(b, "RAG", col_text(st, 4));
	snprintf(pct, sizeof pct, "%d%%", sqlite3_column_int(st, 5));
	txt_kv(b, "Progress", pct);
	text = strdup(col_text(st, 0));
	if (!text)
		return -ENOMEM;
	if (sqlite3_column_type(st, 8) != SQLITE_NULL &&
	    node_item_path(s, sqlite3_column_int64(st, 8), &item) == 0)
		txt_kv(b, "Item", item.data);
	buf_putc(b, '\n');
	txt_para(b, text);
	free(text);
	buf_free(&item);
	return 0;
}

static int render_history_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st;
	char name[32], iso[32];
	struct buf body = { 0 };
	int64_t n = 0;
	int rc;

	node_action_name(id, name, sizeof name);
	txt_kv(b, "Action", name);
	st = store_stmt(s, render_sql_history, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		store_iso_time(sqlite3_column_int64(st, 0), iso);
		buf_printf(&body, "%s\t%s", iso, col_text(st, 1));
		if (*col_text(st, 2)) {
			buf_putc(&body, '\t');
			tsv_field(&body, col_text(st, 2));
		}
		buf_putc(&body, '\n');
		n++;
	}
	txt_kvi(b, "Entries", n);
	buf_putc(b, '\n');
	buf_add(b, body.data, body.len);
	buf_free(&body);
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

static int render_action_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_action, "i", id);
	struct jw w;
	int64_t item_id;
	int rc = row1(s, st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "action", id);
	jw_col(&w, "text", st, 0);
	jw_col(&w, "status", st, 1);
	jw_col(&w, "owner", st, 2);
	jw_col(&w, "due", st, 3);
	jw_col(&w, "rag", st, 4);
	jw_int(&w, "progress", sqlite3_column_int(st, 5));
	jw_col(&w, "board", st, 6);
	jw_col(&w, "resolution", st, 9);
	jw_time(&w, "created", sqlite3_column_int64(st, 10));
	jw_time(&w, "updated", sqlite3_column_int64(st, 11));
	item_id = sqlite3_column_int64(st, 8);
	jw_path(s, &w, "item", node_item_path, item_id);
	jw_arr(&w, "history");
	st = store_stmt(s, render_sql_history, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_time(&w, "at", sqlite3_column_int64(st, 0));
		jw_col(&w, "change", st, 1);
		jw_col(&w, "note", st, 2);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	return jw_done(&w, st, rc);
}

/* ---- people and plans ---------------------------------------------------------------- */

static const char render_sql_person[] =
	"SELECT name, slug, role, created, updated,"
	" (SELECT count(DISTINCT item_id) FROM item_person WHERE person_id = ?1),"
	" party, ward"
	" FROM person WHERE id = ?1";

static const char render_sql_person_att[] =
	"SELECT m.date, b.slug, a.role, a.note, m.slug FROM attendance a"
	" JOIN meeting m ON m.id = a.meeting_id"
	" JOIN board b ON b.id = m.board_id WHERE a.person_id = ?"
	" ORDER BY m.date, b.slug, a.role";

static int render_person_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_person, "i", id);
	int rc = row1(s, st);

	if (rc)
		return rc;
	txt_kv(b, "Name", col_text(st, 0));
	txt_kv(b, "Role", col_text(st, 2));
	txt_kv(b, "Party", col_text(st, 6));
	txt_kv(b, "Ward", col_text(st, 7));
	txt_kvi(b, "Items", sqlite3_column_int64(st, 5));
	buf_putc(b, '\n');
	st = store_stmt(s, render_sql_person_att, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		buf_printf(b, "%s\t%s\t%s", col_text(st, 0), col_text(st, 1),
		           col_text(st, 2));
		if (*col_text(st, 3))
			buf_printf(b, "\t%s", col_text(st, 3));
		buf_putc(b, '\n');
	}
	return st ? (rc < 0 ? rc : 0) : -EIO;
}

static int render_person_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_person, "i", id);
	struct jw w;
	int rc = row1(s, st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "person", id);
	jw_col(&w, "name", st, 0);
	jw_col(&w, "slug", st, 1);
	jw_col(&w, "role", st, 2);
	jw_col(&w, "party", st, 6);
	jw_col(&w, "ward", st, 7);
	jw_printf(&w, "path", "people/%s", col_text(st, 1));
	jw_time(&w, "created", sqlite3_column_int64(st, 3));
	jw_time(&w, "updated", sqlite3_column_int64(st, 4));
	jw_arr(&w, "attendance");
	st = store_stmt(s, render_sql_person_att, "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_col(&w, "date", st, 0);
		jw_col(&w, "board", st, 1);
		jw_col(&w, "meeting", st, 4);
		jw_col(&w, "attendance", st, 2);
		jw_col(&w, "note", st, 3);
		jw_end(&w);
	}
	jw_end(&w);
	if (!st || rc < 0)
		return jw_done(&w, st, rc);
	jw_arr(&w, "items");
	st = store_stmt(s, "SELECT ip.item_id, ip.role FROM item_person ip"
	                   " WHERE ip.person_id = ? ORDER BY ip.id", "i", id);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		jw_obj(&w, NULL);
		jw_path(s, &w, "item", node_item_path,
		        sqlite3_column_int64(st, 0));
		jw_col(&w, "role", st, 1);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	return jw_done(&w, st, rc);
}

static const char render_sql_plan[] =
	"SELECT name, slug, period, priorities, created, updated,"
	" (SELECT count(*) FROM plan_item WHERE plan_id = ?1)"
	" FROM plan WHERE id = ?1";

static const char render_sql_plan_items[] =
	"SELECT m.date, b.slug, i.number, i.title, i.id FROM plan_item p"
	" JOIN item i ON i.id = p.item_id"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id WHERE p.plan_id = ?"
	" ORDER BY m.date, b.slug, m.slug, i.slug";

static int render_plan_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_plan, "i", id);
	int rc = row1(s, st);

	if (rc)
		return rc;
	txt_kv(b, "Plan", col_text(st, 0));
	txt_kv(b, "Period", col_text(st, 2));
	txt_kvi(b, "Items", sqlite3_column_int64(st, 6));
	buf_putc(b, '\n');
	if (*col_text(st, 3)) {
		txt_para(b, col_text(st, 3));
		buf_putc(b, '\n');
	}
	return txt_dated_items(s, b, render_sql_plan_items, id);
}

static int render_plan_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_plan, "i", id);
	struct jw w;
	int rc = row1(s, st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "plan", id);
	jw_col(&w, "name", st, 0);
	jw_col(&w, "slug", st, 1);
	jw_col(&w, "period", st, 2);
	jw_col(&w, "priorities", st, 3);
	jw_printf(&w, "path", "plans/%s", col_text(st, 1));
	jw_time(&w, "created", sqlite3_column_int64(st, 4));
	jw_time(&w, "updated", sqlite3_column_int64(st, 5));
	rc = jw_dated_items(s, &w, render_sql_plan_items, id);
	jw_end(&w);
	if (rc)
		w.err = rc;
	return jw_finish(&w);
}

/* ---- issues ---------------------------------------------------------------------------- */

static const char render_sql_issue[] =
	"SELECT s.title, s.slug, c.name, s.source_id, s.decision_maker,"
	" s.decision_due, s.key_decision, s.lead_officer, s.wards, s.status,"
	" s.summary, s.source, s.created, s.updated,"
	" (SELECT count(*) FROM item_issue WHERE issue_id = s.id)"
	" FROM issue s LEFT JOIN council c ON c.id = s.council_id"
	" WHERE s.id = ?";

enum { IS_TITLE, IS_SLUG, IS_COUNCIL, IS_SOURCE_ID, IS_DECISION_MAKER,
       IS_DUE, IS_KEY, IS_LEAD, IS_WARDS, IS_STATUS, IS_SUMMARY, IS_SOURCE,
       IS_CREATED, IS_UPDATED, IS_NITEMS };

/* The fields of an issue after its council and id: header line of
   issue.txt and member of issue.json, from column IS_DECISION_MAKER. */
static const struct { const char *key, *member; } render_issue_cols[] = {
	{ "Decision maker", "decision_maker" },
	{ "Decision due",   "decision_due" },
	{ "Key decision",   "key_decision" },
	{ "Lead officer",   "lead_officer" },
	{ "Wards",          "wards" },
	{ "Status",         "status" },
};
#define RENDER_NISSUE (sizeof render_issue_cols / sizeof render_issue_cols[0])

static const char render_sql_issue_fields[] =
	"SELECT label, value FROM issue_field WHERE issue_id = ? ORDER BY ord";

static const char render_sql_issue_items[] =
	"SELECT m.date, b.slug, i.number, i.title, i.id FROM item_issue x"
	" JOIN item i ON i.id = x.item_id"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id WHERE x.issue_id = ?"
	" ORDER BY m.slug, b.slug, i.slug";

/* The issue's id as the council prints it: source_id after the
   "<council-slug>/". */
static const char *issue_own_id(sqlite3_stmt *st)
{
	const char *v = col_text(st, IS_SOURCE_ID), *slash = strchr(v, '/');

	return slash ? slash + 1 : v;
}

static int render_issue_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_issue, "i", id);
	char *summary;
	size_t i;
	int rc = row1(s, st);

	if (rc)
		return rc;
	txt_kv(b, "Issue", col_text(st, IS_TITLE));
	txt_kv(b, "Council", col_text(st, IS_COUNCIL));
	txt_kv(b, "Id", issue_own_id(st));
	for (i = 0; i < RENDER_NISSUE; i++)
		txt_kv(b, render_issue_cols[i].key,
		       col_text(st, IS_DECISION_MAKER + (int)i));
	txt_kvi(b, "Items", sqlite3_column_int64(st, IS_NITEMS));
	summary = strdup(col_text(st, IS_SUMMARY));
	if (!summary)
		return -ENOMEM;
	rc = txt_fields(s, b, render_sql_issue_fields, id);
	if (rc) {
		free(summary);
		return rc;
	}
	buf_putc(b, '\n');
	if (*summary) {
		txt_para(b, summary);
		buf_putc(b, '\n');
	}
	free(summary);
	return txt_dated_items(s, b, render_sql_issue_items, id);
}

static int render_issue_json(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, render_sql_issue, "i", id);
	struct jw w;
	size_t i;
	int rc = row1(s, st);

	if (rc)
		return rc;
	jw_begin(&w, b);
	jw_head(&w, "issue", id);
	jw_col(&w, "title", st, IS_TITLE);
	jw_col(&w, "slug", st, IS_SLUG);
	jw_col(&w, "council", st, IS_COUNCIL);
	jw_str(&w, "issue_id", sqlite3_column_type(st, IS_SOURCE_ID) ==
	       SQLITE_NULL ? NULL : issue_own_id(st));
	for (i = 0; i < RENDER_NISSUE; i++)
		jw_col(&w, render_issue_cols[i].member, st,
		       IS_DECISION_MAKER + (int)i);
	jw_col(&w, "summary", st, IS_SUMMARY);
	jw_col(&w, "source", st, IS_SOURCE);
	jw_col(&w, "source_id", st, IS_SOURCE_ID);
	jw_printf(&w, "path", "issues/%s", col_text(st, IS_SLUG));
	jw_time(&w, "created", sqlite3_column_int64(st, IS_CREATED));
	jw_time(&w, "updated", sqlite3_column_int64(st, IS_UPDATED));
	rc = jw_fields(s, &w, render_sql_issue_fields, id);
	if (rc == 0)
		rc = jw_dated_items(s, &w, render_sql_issue_items, id);
	jw_end(&w);
	if (rc)
		w.err = rc;
	return jw_finish(&w);
}

/* ---- dispatch ------------------------------------------------------------------------- */

static int render_actions_tsv(store *s, int64_t id, struct buf *b)
{
	struct action_filter f = { .status = NULL };

	return store_actions_table(s, &f, "tsv", b);
}

static int render_actions_csv(store *s, int64_t id, struct buf *b)
{
	struct action_filter f = { .status = NULL };

	return store_actions_table(s, &f, "csv", b);
}

static int render_board_actions_tsv(store *s, int64_t id, struct buf *b)
{
	struct action_filter f = { .board_id = id };

	return store_actions_table(s, &f, "tsv", b);
}

static int render_readme_id(store *s, int64_t id, struct buf *b)
{
	return render_readme(s, b);
}

static int (*const render_table[NK__COUNT])(store *, int64_t, struct buf *) = {
	[NK_README]            = render_readme_id,
	[NK_BOARD_TXT]         = render_board_txt,
	[NK_BOARD_JSON]        = render_board_json,
	[NK_BOARD_ACTIONS_TSV] = render_board_actions_tsv,
	[NK_MEETING_TXT]       = render_meeting_txt,
	[NK_MEETING_JSON]      = render_meeting_json,
	[NK_ATTENDANCE_TXT]    = render_attendance_txt,
	[NK_ITEM_TXT]          = render_item_txt,
	[NK_ITEM_JSON]         = render_item_json,
	[NK_MINUTES_TXT]       = render_minutes_txt,
	[NK_DECISIONS_TXT]     = render_decisions_txt,
	[NK_DOCUMENTS_TXT]     = render_documents_txt,
	[NK_ACTION_TXT]        = render_action_txt,
	[NK_ACTION_JSON]       = render_action_json,
	[NK_HISTORY_TXT]       = render_history_txt,
	[NK_ACTIONS_TSV]       = render_actions_tsv,
	[NK_ACTIONS_CSV]       = render_actions_csv,
	[NK_PERSON_TXT]        = render_person_txt,
	[NK_PERSON_JSON]       = render_person_json,
	[NK_PLAN_TXT]          = render_plan_txt,
	[NK_PLAN_JSON]         = render_plan_json,
	[NK_DOCUMENT_TXT]      = doc_render_txt,
	[NK_DOCUMENT_FILE]     = doc_render_file,
	[NK_ISSUE_TXT]         = render_issue_txt,
	[NK_ISSUE_JSON]        = render_issue_json,
};

int render_file(store *s, enum node_kind kind, int64_t id, struct buf *out)
{
	assert(kind < NK__COUNT);
	if (!render_table[kind])
		return -EINVAL;
	return render_table[kind](s, id, out);
}
