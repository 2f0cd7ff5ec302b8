/*
** node.c — the tree of man/govfs.5 as nodes: getattr, readdir, readlink
** and the paths of nodes, all from indexed queries, and the public entry
** points, each in one snapshot (lookup of a name and of a path: lookup.c).
** fs/ calls these for kernel requests; govctl show and export walk the
** same functions, so the mount and the export cannot disagree.
*/
#include <assert.h>
#include <ctype.h>
#include <inttypes.h>

#include "node_int.h"

const struct node_info node_info[NK__COUNT] = {
	[NK_ROOT]             = { NT_DIR,  R_NONE,    "/",             "*" },
	[NK_README]           = { NT_FILE, R_NONE,    "README",        "*" },
	[NK_BOARDS]           = { NT_DIR,  R_NONE,    "boards",        "board" },
	[NK_BOARD]            = { NT_DIR,  R_BOARD,   "board",         NULL },
	[NK_BOARD_TXT]        = { NT_FILE, R_BOARD,   "board.txt",     NULL },
	[NK_BOARD_JSON]       = { NT_FILE, R_BOARD,   "board.json",    NULL },
	[NK_BOARD_ACTIONS_TSV]= { NT_FILE, R_BOARD,   "actions.tsv",   NULL },
	[NK_BOARD_MEETINGS]   = { NT_DIR,  R_BOARD,   "meetings",      NULL },
	[NK_MEETING]          = { NT_DIR,  R_MEETING, "meeting",       NULL },
	[NK_MEETING_TXT]      = { NT_FILE, R_MEETING, "meeting.txt",   NULL },
	[NK_MEETING_JSON]     = { NT_FILE, R_MEETING, "meeting.json",  NULL },
	[NK_ATTENDANCE_TXT]   = { NT_FILE, R_MEETING, "attendance.txt",NULL },
	[NK_MEETING_ITEMS]    = { NT_DIR,  R_MEETING, "items",         NULL },
	[NK_ITEM]             = { NT_DIR,  R_ITEM,    "item",          NULL },
	[NK_ITEM_TXT]         = { NT_FILE, R_ITEM,    "item.txt",      NULL },
	[NK_ITEM_JSON]        = { NT_FILE, R_ITEM,    "item.json",     NULL },
	[NK_MINUTES_TXT]      = { NT_FILE, R_ITEM,    "minutes.txt",   NULL },
	[NK_DECISIONS_TXT]    = { NT_FILE, R_ITEM,    "decisions.txt", NULL },
	[NK_DOCUMENTS_TXT]    = { NT_FILE, R_ITEM,    "documents.txt", NULL },
	[NK_ITEM_ACTIONS]     = { NT_DIR,  R_ACTS,    "actions",       NULL },
	[NK_ITEM_ACTION_LINK] = { NT_LINK, R_ACTION,  "item action",   NULL },
	[NK_MEETINGS]         = { NT_DIR,  R_NONE,    "meetings",  "meeting board" },
	[NK_MEETING_LINK]     = { NT_LINK, R_MEETING, "meeting link",  NULL },
	[NK_ACTIONS]          = { NT_DIR,  R_NONE,    "actions",       "action" },
	[NK_ACTION]           = { NT_DIR,  R_ACTION,  "action",        NULL },
	[NK_ACTION_TXT]       = { NT_FILE, R_ACTION,  "action.txt",    NULL },
	[NK_ACTION_JSON]      = { NT_FILE, R_ACTION,  "action.json",   NULL },
	[NK_HISTORY_TXT]      = { NT_FILE, R_ACTION,  "history.txt",   NULL },
	[NK_ACTION_ITEM_LINK] = { NT_LINK, R_ACTION,  "retired",       NULL },
	[NK_ACTIONS_OPEN]     = { NT_DIR,  R_NONE,    "open",          "action" },
	[NK_ACTIONS_OVERDUE]  = { NT_DIR,  R_NONE,    "overdue",       "action" },
	[NK_ACTIONS_DONE]     = { NT_DIR,  R_NONE,    "done",          "action" },
	[NK_OPEN_LINK]        = { NT_LINK, R_ACTION,  "open link",     NULL },
	[NK_OVERDUE_LINK]     = { NT_LINK, R_ACTION,  "overdue link",  NULL },
	[NK_DONE_LINK]        = { NT_LINK, R_ACTION,  "done link",     NULL },
	[NK_ACTIONS_TSV]      = { NT_FILE, R_NONE,    "actions.tsv",   "*" },
	[NK_ACTIONS_CSV]      = { NT_FILE, R_NONE,    "actions.csv",   "*" },
	[NK_PEOPLE]           = { NT_DIR,  R_NONE,    "people",        "person" },
	[NK_PERSON]           = { NT_DIR,  R_PERSON,  "person",        NULL },
	[NK_PERSON_TXT]       = { NT_FILE, R_PERSON,  "person.txt",    NULL },
	[NK_PERSON_JSON]      = { NT_FILE, R_PERSON,  "person.json",   NULL },
	[NK_PERSON_ITEMS]     = { NT_DIR,  R_PERSON,  "items",         NULL },
	[NK_PERSON_ITEM_LINK] = { NT_LINK, R_ITEM,    "person item",   NULL },
	[NK_PLANS]            = { NT_DIR,  R_NONE,    "plans",         "plan" },
	[NK_PLAN]             = { NT_DIR,  R_PLAN,    "plan",          NULL },
	[NK_PLAN_TXT]         = { NT_FILE, R_PLAN,    "plan.txt",      NULL },
	[NK_PLAN_JSON]        = { NT_FILE, R_PLAN,    "plan.json",     NULL },
	[NK_PLAN_ITEMS]       = { NT_DIR,  R_PLAN,    "items",         NULL },
	[NK_PLAN_ITEM_LINK]   = { NT_LINK, R_ITEM,    "plan item",     NULL },
	[NK_SEARCH]           = { NT_DIR,  R_NONE,    "search",        "item" },
	[NK_SEARCH_QUERY]     = { NT_DIR,  R_QUERY,   "search query",  "item" },
	[NK_SEARCH_LINK]      = { NT_LINK, R_ITEM,    "search result", NULL },
	[NK_ITEM_DOCUMENTS]   = { NT_DIR,  R_DOCS,    "documents",     NULL },
	[NK_DOCUMENT_TXT]     = { NT_FILE, R_DOCUMENT, "document text", NULL },
	[NK_DOCUMENT_FILE]    = { NT_FILE, R_DOCUMENT, "document file", NULL },
	[NK_ISSUES]           = { NT_DIR,  R_NONE,    "issues",        "issue" },
	[NK_ISSUE]            = { NT_DIR,  R_ISSUE,   "issue",         NULL },
	[NK_ISSUE_TXT]        = { NT_FILE, R_ISSUE,   "issue.txt",     NULL },
	[NK_ISSUE_JSON]       = { NT_FILE, R_ISSUE,   "issue.json",    NULL },
	[NK_ISSUE_ITEMS]      = { NT_DIR,  R_ISSUE,   "items",         NULL },
	[NK_ISSUE_ITEM_LINK]  = { NT_LINK, R_ITEM,    "issue item",    NULL },
};

/* Children with fixed names, in the order readdir lists them. */
const struct node_fixed node_fixed[] = {
	{ NK_ROOT,    NK_README,            "README" },
	{ NK_ROOT,    NK_ACTIONS,           "actions" },
	{ NK_ROOT,    NK_BOARDS,            "boards" },
	{ NK_ROOT,    NK_ISSUES,            "issues" },
	{ NK_ROOT,    NK_MEETINGS,          "meetings" },
	{ NK_ROOT,    NK_PEOPLE,            "people" },
	{ NK_ROOT,    NK_PLANS,             "plans" },
	{ NK_ROOT,    NK_SEARCH,            "search" },
	{ NK_BOARD,   NK_BOARD_TXT,         "board.txt" },
	{ NK_BOARD,   NK_BOARD_JSON,        "board.json" },
	{ NK_BOARD,   NK_BOARD_ACTIONS_TSV, "actions.tsv" },
	{ NK_BOARD,   NK_BOARD_MEETINGS,    "meetings" },
	{ NK_MEETING, NK_MEETING_TXT,       "meeting.txt" },
	{ NK_MEETING, NK_MEETING_JSON,      "meeting.json" },
	{ NK_MEETING, NK_ATTENDANCE_TXT,    "attendance.txt" },
	{ NK_MEETING, NK_MEETING_ITEMS,     "items" },
	{ NK_ITEM,    NK_ITEM_TXT,          "item.txt" },
	{ NK_ITEM,    NK_ITEM_JSON,         "item.json" },
	{ NK_ITEM,    NK_MINUTES_TXT,       "minutes.txt" },
	{ NK_ITEM,    NK_DECISIONS_TXT,     "decisions.txt" },
	{ NK_ITEM,    NK_DOCUMENTS_TXT,     "documents.txt" },
	{ NK_ACTIONS, NK_ACTIONS_TSV,       "actions.tsv" },
	{ NK_ACTIONS, NK_ACTIONS_CSV,       "actions.csv" },
	{ NK_ACTIONS, NK_ACTIONS_OPEN,      "open" },
	{ NK_ACTIONS, NK_ACTIONS_OVERDUE,   "overdue" },
	{ NK_ACTIONS, NK_ACTIONS_DONE,      "done" },
	{ NK_ACTION,  NK_ACTION_TXT,        "action.txt" },
	{ NK_ACTION,  NK_ACTION_JSON,       "action.json" },
	{ NK_ACTION,  NK_HISTORY_TXT,       "history.txt" },
	{ NK_PERSON,  NK_PERSON_TXT,        "person.txt" },
	{ NK_PERSON,  NK_PERSON_JSON,       "person.json" },
	{ NK_PERSON,  NK_PERSON_ITEMS,      "items" },
	{ NK_PLAN,    NK_PLAN_TXT,          "plan.txt" },
	{ NK_PLAN,    NK_PLAN_JSON,         "plan.json" },
	{ NK_PLAN,    NK_PLAN_ITEMS,        "items" },
	{ NK_ISSUE,   NK_ISSUE_TXT,         "issue.txt" },
	{ NK_ISSUE,   NK_ISSUE_JSON,        "issue.json" },
	{ NK_ISSUE,   NK_ISSUE_ITEMS,       "items" },
};
const size_t node_nfixed = sizeof node_fixed / sizeof node_fixed[0];

enum node_type node_kind_type(enum node_kind k)
{
	return (unsigned)k < NK__COUNT ? node_info[k].type : 0;
}

const char *node_kind_name(enum node_kind k)
{
	return (unsigned)k < NK__COUNT ? node_info[k].name : "?";
}

int node_kind_singleton(enum node_kind k)
{
	return k < NK__COUNT && node_info[k].row == R_NONE;
}

/* Child id of a fixed child: singletons have id 0, others the parent's. */
int64_t node_fixed_id(enum node_kind child, int64_t parent_id)
{
	return node_info[child].row == R_NONE ? 0 : parent_id;
}

int node_action_name(int64_t id, char *out, size_t outsz)
{
	return snprintf(out, outsz, "%06" PRId64, id);
}

/* ---- paths --------------------------------------------------------------- */

static const char node_sql_item_path[] =
	"SELECT b.slug, m.slug, i.slug FROM item i"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id WHERE i.id = ?";

/* "boards/<b>/meetings/<m>/items/<i>" for item_id.  0 or -ENOENT. */
int node_item_path(store *s, int64_t item_id, struct buf *out)
{
	sqlite3_stmt *st = store_stmt(s, node_sql_item_path, "i", item_id);
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	buf_printf(out, "boards/%s/meetings/%s/items/%s", col_text(st, 0),
	           col_text(st, 1), col_text(st, 2));
	return 0;
}

int node_meeting_path(store *s, int64_t meeting_id, struct buf *out)
{
	sqlite3_stmt *st = store_stmt(s,
		"SELECT b.slug, m.slug FROM meeting m"
		" JOIN board b ON b.id = m.board_id WHERE m.id = ?",
		"i", meeting_id);
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	buf_printf(out, "boards/%s/meetings/%s", col_text(st, 0),
	           col_text(st, 1));
	return 0;
}

/* The name of an item's link in people/, plans/, issues/:
   "<meeting>-<board>-<item>",
   so that a listing sorts by date. */
static const char node_sql_item_link[] =
	"SELECT m.slug || '-' || b.slug || '-' || i.slug FROM item i"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id WHERE i.id = ?";

static int node_item_link_name(store *s, int64_t item_id, struct buf *out)
{
	sqlite3_stmt *st = store_stmt(s, node_sql_item_link, "i", item_id);
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	buf_puts(out, col_text(st, 0));
	return 0;
}

/* Name of a row-named directory (board, meeting, item, person, plan,
   issue). */
static int node_row_name(store *s, enum node_kind k, int64_t id,
                         struct buf *out)
{
	static const char *const sql[] = {
		[R_BOARD]   = "SELECT slug FROM board WHERE id = ?",
		[R_MEETING] = "SELECT slug FROM meeting WHERE id = ?",
		[R_ITEM]    = "SELECT slug FROM item WHERE id = ?",
		[R_PERSON]  = "SELECT slug FROM person WHERE id = ?",
		[R_PLAN]    = "SELECT slug FROM plan WHERE id = ?",
		[R_ISSUE]   = "SELECT slug FROM issue WHERE id = ?",
	};
	enum node_row r = node_info[k].row;
	sqlite3_stmt *st;
	int rc;

	assert(r < sizeof sql / sizeof sql[0] && sql[r]);
	st = store_stmt(s, sql[r], "i", id);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	buf_puts(out, col_text(st, 0));
	return 0;
}

/* Item of an action, or 0. */
static int64_t node_action_item(store *s, int64_t action_id)
{
	sqlite3_stmt *st = store_stmt(s,
		"SELECT item_id FROM action WHERE id = ?", "i", action_id);

	if (!st || store_step(s, st) != SQLITE_ROW)
		return 0;
	return sqlite3_column_int64(st, 0);
}

static int node_node_path_(store *s, uint64_t ino, struct buf *out)
{
	enum node_kind k = NODE_KIND(ino);
	int64_t id = NODE_ID(ino);
	size_t i;
	char name[32];
	int rc;

	if (k >= NK__COUNT)
		return -ENOENT;
	switch (k) {
	case NK_ROOT:
		return 0;
	case NK_BOARD:
		buf_puts(out, "boards/");
		return node_row_name(s, k, id, out);
	case NK_MEETING:
		return node_meeting_path(s, id, out);
	case NK_ITEM:
		return node_item_path(s, id, out);
	case NK_ACTION:
		node_action_name(id, name, sizeof name);
		buf_printf(out, "actions/%s", name);
		return 0;
	case NK_PERSON:
		buf_puts(out, "people/");
		return node_row_name(s, k, id, out);
	case NK_PLAN:
		buf_puts(out, "plans/");
		return node_row_name(s, k, id, out);
	case NK_ISSUE:
		buf_puts(out, "issues/");
		return node_row_name(s, k, id, out);
	case NK_SEARCH_QUERY:
		buf_puts(out, "search/");
		return search_words(id, out);
	case NK_MEETING_LINK:
		buf_puts(out, "meetings/");
		rc = node_meeting_path(s, id, &(struct buf){ 0 });
		if (rc)
			return rc;
		{
			sqlite3_stmt *st = store_stmt(s,
				"SELECT m.slug || '-' || b.slug FROM meeting m"
				" JOIN board b ON b.id = m.board_id WHERE m.id = ?",
				"i", id);
			if (!st || store_step(s, st) != SQLITE_ROW)
				return -ENOENT;
			buf_puts(out, col_text(st, 0));
		}
		return 0;
	case NK_ITEM_ACTION_LINK:
		rc = node_item_path(s, node_action_item(s, id), out);
		if (rc)
			return rc;
		node_action_name(id, name, sizeof name);
		buf_printf(out, "/actions/%s", name);
		return 0;
	case NK_OPEN_LINK: case NK_OVERDUE_LINK: case NK_DONE_LINK:
		node_action_name(id, name, sizeof name);
		buf_printf(out, "actions/%s/%s", k == NK_OPEN_LINK ? "open" :
		           k == NK_DONE_LINK ? "done" : "overdue", name);
		return 0;
	case NK_PERSON_ITEM_LINK: case NK_PLAN_ITEM_LINK: case NK_SEARCH_LINK:
	case NK_ISSUE_ITEM_LINK:
		return -EINVAL;   /* one node, many folders: no single path */
	case NK_ITEM_DOCUMENTS: case NK_ITEM_ACTIONS:
		rc = node_item_path(s, id, out);
		if (rc == 0)
			buf_puts(out, k == NK_ITEM_ACTIONS ? "/actions"
			                                  : "/documents");
		return rc;
	case NK_DOCUMENT_TXT: case NK_DOCUMENT_FILE: {
		struct buf n = { 0 };
		int64_t item = 0;

		rc = doc_node_name(s, k, id, &n, &item);
		if (rc == 0)
			rc = node_item_path(s, item, out);
		if (rc == 0)
			buf_printf(out, "/documents/%s", n.data);
		buf_free(&n);
		return rc;
	}
	default:
		break;
	}
	/* A fixed child: its parent's path and its name. */
	for (i = 0; i < NODE_NFIXED; i++) {
		const struct node_fixed *f = &node_fixed[i];

		if (f->kind != k)
			continue;
		rc = store_node_path(s, NODE_INO(f->parent,
		                     f->parent == NK_ROOT ? 1 : id), out);
		if (rc)
			return rc;
		if (out->len)
			buf_putc(out, '/');
		buf_puts(out, f->name);
		return 0;
	}
	return -ENOENT;
}

/* ---- links ---------------------------------------------------------------- */

static int node_readlink_(store *s, uint64_t ino, struct buf *out)
{
	enum node_kind k = NODE_KIND(ino);
	int64_t id = NODE_ID(ino);
	char name[32];

	if (k >= NK__COUNT)
		return -ENOENT;
	if (node_info[k].type != NT_LINK)
		return -EINVAL;
	switch (k) {
	case NK_ACTION_ITEM_LINK:
		return -ENOENT;   /* retired (see store.h) */
	case NK_MEETING_LINK:
		buf_puts(out, "../");
		return node_meeting_path(s, id, out);
	case NK_ITEM_ACTION_LINK:
		/* from boards/b/meetings/m/items/i/actions/ up to the root */
		node_action_name(id, name, sizeof name);
		buf_printf(out, "../../../../../../../actions/%s", name);
		return 0;
	case NK_OPEN_LINK: case NK_OVERDUE_LINK: case NK_DONE_LINK:
		node_action_name(id, name, sizeof name);
		buf_printf(out, "../%s", name);
		return 0;
	case NK_PERSON_ITEM_LINK: case NK_PLAN_ITEM_LINK:
	case NK_ISSUE_ITEM_LINK:
		buf_puts(out, "../../../");
		return node_item_path(s, id, out);
	case NK_SEARCH_LINK:
		buf_puts(out, "../../");
		return node_item_path(s, id, out);
	default:
		return -EINVAL;
	}
}

/* ---- attributes ------------------------------------------------------------ */

/* Count of rows for a directory's nlink. */
static int64_t node_count(store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, id ? "i" : NULL, id);

	if (!st || store_step(s, st) != SQLITE_ROW)
		return 0;
	return sqlite3_column_int64(st, 0);
}

static uint32_t node_nlink(store *s, enum node_kind k, int64_t id)
{
	uint32_t n = 2;
	size_t i;

	for (i = 0; i < NODE_NFIXED; i++)
		if (node_fixed[i].parent == k &&
		    node_info[node_fixed[i].kind].type == NT_DIR)
			n++;
	switch (k) {
	case NK_BOARDS:
		return n + node_count(s, "SELECT n FROM counter"
		                         " WHERE name = 'board'", 0);
	case NK_BOARD_MEETINGS:
		return n + node_count(s,
			"SELECT count(*) FROM meeting WHERE board_id = ?", id);
	case NK_MEETING_ITEMS:
		return n + node_count(s,
			"SELECT count(*) FROM item WHERE meeting_id = ?", id);
	case NK_ACTIONS:
		return n + node_count(s, "SELECT n FROM counter"
		                         " WHERE name = 'action'", 0);
	case NK_PEOPLE:
		return n + node_count(s, "SELECT n FROM counter"
		                         " WHERE name = 'person'", 0);
	case NK_PLANS:
		return n + node_count(s, "SELECT n FROM counter"
		                         " WHERE name = 'plan'", 0);
	case NK_ITEM: {
		int64_t mtime;

		return n + (node_row_mtime(s, NK_ITEM_ACTIONS, id, &mtime) == 0) +
		       (node_row_mtime(s, NK_ITEM_DOCUMENTS, id, &mtime) == 0);
	}
	case NK_ISSUES:
		return n + node_count(s, "SELECT n FROM counter"
		                         " WHERE name = 'issue'", 0);
	default:
		return n;
	}
}

/* mtime of a singleton view: the last change to the tables it shows. */
static int64_t node_view_mtime(store *s, const char *views)
{
	sqlite3_stmt *st;
	int64_t best = 0;
	char tbl[32];
	const char *p = views;

	if (strcmp(views, "*") == 0) {
		st = store_stmt(s, "SELECT at FROM change ORDER BY seq DESC"
		                   " LIMIT 1", NULL);
		if (st && store_step(s, st) == SQLITE_ROW)
			best = sqlite3_column_int64(st, 0);
		goto out;
	}
	while (*p) {
		size_t n = strcspn(p, " ");

		snprintf(tbl, sizeof tbl, "%.*s", (int)n, p);
		st = store_stmt(s, "SELECT at FROM change WHERE tbl = ?"
		                   " ORDER BY seq DESC LIMIT 1", "t", tbl);
		if (st && store_step(s, st) == SQLITE_ROW &&
		    sqlite3_column_int64(st, 0) > best)
			best = sqlite3_column_int64(st, 0);
		p += n + (p[n] == ' ');
	}
out:
	if (best == 0) {
		st = store_stmt(s, "SELECT value FROM meta WHERE key ="
		                   " 'created'", NULL);
		if (st && store_step(s, st) == SQLITE_ROW)
			best = sqlite3_column_int64(st, 0);
	}
	return best;
}

/*
** The last midnight (UTC, in ms) at which an action became overdue with no
** change to the database: the day after the latest due date of an open
** or in-progress action due before today, or 0.  actions/overdue/ and
** README change then, so their times are at least that.
*/
static int64_t node_overdue_since(store *s)
{
	sqlite3_stmt *st;
	char today[11];
	int64_t ms = 0;

	store_today(s, today);
	st = store_stmt(s, "SELECT CAST(strftime('%s', max(d), '+1 day')"
	                   " AS INTEGER) * 1000 FROM (SELECT max(due) AS d"
	                   " FROM action WHERE status = 'open' AND due <> ''"
	                   " AND due < ?1 UNION ALL SELECT max(due) FROM action"
	                   " WHERE status = 'in_progress' AND due <> ''"
	                   " AND due < ?1)", "t", today);
	if (st && store_step(s, st) == SQLITE_ROW)
		ms = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return ms;
}

/* Does row (r, id) exist (and, for status links, fit the view)? Sets
   *mtime.  0 or -ENOENT / -EIO. */
int node_row_mtime(store *s, enum node_kind k, int64_t id,
                   int64_t *mtime)
{
	static const char *const sql[] = {
		[R_BOARD]   = "SELECT updated FROM board WHERE id = ?",
		[R_MEETING] = "SELECT updated FROM meeting WHERE id = ?",
		[R_ITEM]    = "SELECT updated FROM item WHERE id = ?",
		[R_ACTION]  = "SELECT updated, status, due, item_id FROM action"
		              " WHERE id = ?",
		[R_PERSON]  = "SELECT updated FROM person WHERE id = ?",
		[R_PLAN]    = "SELECT updated FROM plan WHERE id = ?",
		[R_DOCS]    = "SELECT i.updated FROM item i WHERE i.id = ?1"
		              " AND EXISTS (SELECT 1 FROM document d JOIN docfile f"
		              " ON f.digest = coalesce(d.digest, (SELECT u.digest"
		              " FROM docurl u WHERE u.url = d.url))"
		              " WHERE d.item_id = ?1)",
		[R_ACTS]    = "SELECT i.updated FROM item i WHERE i.id = ?1"
		              " AND EXISTS (SELECT 1 FROM action a"
		              " WHERE a.item_id = ?1)",
		[R_DOCUMENT] = "SELECT d.updated FROM document d JOIN docfile f"
		              " ON f.digest = coalesce(d.digest, (SELECT u.digest"
		              " FROM docurl u WHERE u.url = d.url)) WHERE d.id = ?",
		[R_ISSUE]   = "SELECT updated FROM issue WHERE id = ?",
	};
	enum node_row r = node_info[k].row;
	sqlite3_stmt *st;
	const char *status;
	char today[11];
	int rc;

	if (r == R_NONE) {
		if (id != (k == NK_ROOT ? 1 : 0))
			return -ENOENT;
		*mtime = node_view_mtime(s, node_info[k].views);
		if (k == NK_ACTIONS_OVERDUE || k == NK_README) {
			int64_t since = node_overdue_since(s);

			if (since > *mtime)
				*mtime = since;
		}
		return 0;
	}
	if (r == R_QUERY) {
		struct buf w = { 0 };

		rc = search_words(id, &w);
		buf_free(&w);
		if (rc)
			return rc;
		*mtime = node_view_mtime(s, node_info[k].views);
		return 0;
	}
	/* a plain row asked again within one listing: its files */
	if (r != R_ACTION && s->memo.depth > 0 && s->memo.row == (int)r &&
	    s->memo.id == id) {
		*mtime = s->memo.mtime;
		return 0;
	}
	st = store_stmt(s, sql[r], "i", id);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	*mtime = sqlite3_column_int64(st, 0);
	if (r != R_ACTION) {
		s->memo.row = (int)r;
		s->memo.id = id;
		s->memo.mtime = *mtime;
		return 0;
	}
	status = col_text(st, 1);
	switch (k) {
	case NK_OPEN_LINK:
		return strcmp(status, "open") == 0 ||
		       strcmp(status, "in_progress") == 0 ? 0 : -ENOENT;
	case NK_DONE_LINK:
		return strcmp(status, "done") == 0 ? 0 : -ENOENT;
	case NK_OVERDUE_LINK:
		store_today(s, today);
		return (strcmp(status, "open") == 0 ||
		        strcmp(status, "in_progress") == 0) &&
		       *col_text(st, 2) && strcmp(col_text(st, 2), today) < 0
		       ? 0 : -ENOENT;
	case NK_ITEM_ACTION_LINK:
		return sqlite3_column_type(st, 3) == SQLITE_NULL ? -ENOENT : 0;
	case NK_ACTION_ITEM_LINK:
		return -ENOENT;   /* retired (see store.h) */
	default:
		return 0;
	}
}

static int node_getattr_(store *s, uint64_t ino, struct node_attr *out)
{
	return node_getattr_keep(s, ino, out, NULL);
}

/* What getattr says of ino before measuring a file or link: its type,
   mtime, and a folder's link count (others: 1, size 0). */
static int node_getattr_meta_(store *s, uint64_t ino, struct node_attr *out)
{
	enum node_kind k = NODE_KIND(ino);
	int rc;

	if (k >= NK__COUNT)
		return -ENOENT;
	memset(out, 0, sizeof *out);
	out->ino = ino;
	out->type = node_info[k].type;
	rc = node_row_mtime(s, k, NODE_ID(ino), &out->mtime_ms);
	if (rc == 0)
		out->nlink = out->type == NT_DIR ? node_nlink(s, k, NODE_ID(ino))
		                                 : 1;
	return rc;
}

/* Attributes of ino; a file's bytes or link's target go to keep (if not
   NULL), else are dropped once measured. */
int node_getattr_keep(store *s, uint64_t ino, struct node_attr *out,
                      struct buf *keep)
{
	enum node_kind k = NODE_KIND(ino);
	int64_t id = NODE_ID(ino);
	struct buf own = { 0 }, *b = keep ? keep : &own;
	size_t start = b->len;
	int rc;

	rc = node_getattr_meta_(s, ino, out);
	if (rc)
		return rc;
	switch (out->type) {
	case NT_DIR:
		return 0;
	case NT_FILE:
		rc = render_file(s, k, id, b);
		break;
	case NT_LINK:
		rc = node_readlink_(s, ino, b);
		break;
	}
	if (rc == 0 && !buf_ok(b))
		rc = -ENOMEM;
	out->size = b->len - start;
	out->nlink = 1;
	buf_free(&own);
	return rc;
}

static int node_render_(store *s, uint64_t ino, struct buf *out)
{
	enum node_kind k = NODE_KIND(ino);
	int64_t mtime;
	int rc;

	if (k >= NK__COUNT)
		return -ENOENT;
	if (node_info[k].type == NT_DIR)
		return -EISDIR;
	if (node_info[k].type != NT_FILE)
		return -EINVAL;
	rc = node_row_mtime(s, k, NODE_ID(ino), &mtime);
	if (rc)
		return rc;
	rc = render_file(s, k, NODE_ID(ino), out);
	if (rc == 0 && !buf_ok(out))
		rc = -ENOMEM;
	return rc;
}

/* ---- listing ----------------------------------------------------------------- */

struct node_emit {
	store *s;
	store_dirent_fn fn;
	void *ctx;
	int stop;
	int rc;
};

/* Give one entry to the caller, with its attributes. */
static void node_emit(struct node_emit *e, const char *name, uint64_t ino)
{
	struct node_attr a;
	int rc;

	struct buf data = { 0 };

	if (e->stop)
		return;
	rc = node_getattr_keep(e->s, ino, &a, &data);
	if (rc == -ENOENT)
		goto out;         /* e.g. an action link whose item is gone */
	if (rc) {
		e->rc = rc;
		e->stop = 1;
		goto out;
	}
	a.data = a.type == NT_DIR ? NULL : data.data ? data.data : "";
	if (e->fn(e->ctx, name, &a))
		e->stop = 1;
out:
	buf_free(&data);
}

/*
** Run a listing query whose rows are (id, name) and emit (name, kind:id)
** for each.  The statement is consumed into a list first, since emitting
** runs other queries (possibly the same cached statement, recursively).
*/
struct node_row_ent { int64_t id; char *name; };

static int node_emit_rows(struct node_emit *e, sqlite3_stmt *st,
                          enum node_kind kind)
{
	struct node_row_ent *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	int rc;

	if (!st)
		return -EIO;
	while ((rc = store_step(e->s, st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				rc = -ENOMEM;
				goto out;
			}
			v = nv;
		}
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].name = strdup(col_text(st, 1));
		if (!v[n].name) {
			rc = -ENOMEM;
			goto out;
		}
		n++;
	}
	if (rc < 0)
		goto out;
	sqlite3_reset(st);
	for (i = 0; i < n && !e->stop; i++)
		node_emit(e, v[i].name, NODE_INO(kind, v[i].id));
	rc = e->rc;
out:
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return rc;
}

/* The action status views, as SQL.  today is the caller's: the overdue
   view binds it (SQLITE_STATIC), so it must outlive the statement's steps. */
static sqlite3_stmt *node_status_stmt(store *s, enum node_kind k,
                                      char today[11])
{
	switch (k) {
	case NK_ACTIONS_OPEN:
		return store_stmt(s, "SELECT id, printf('%06d', id) FROM action"
			" WHERE status IN ('open', 'in_progress') ORDER BY id", NULL);
	case NK_ACTIONS_DONE:
		return store_stmt(s, "SELECT id, printf('%06d', id) FROM action"
			" WHERE status = 'done' ORDER BY id", NULL);
	default:
		store_today(s, today);
		return store_stmt(s, "SELECT id, printf('%06d', id) FROM action"
			" WHERE status IN ('open', 'in_progress') AND due IS NOT NULL"
			" AND due <> '' AND due < ? ORDER BY id", "t", today);
	}
}

/* Search results as (item id, name): names "NNN-<meeting>-<board>-<item>"
   so that ls shows them best first. */
struct node_search_ctx { struct node_row_ent *v; size_t n, cap; int oom; };

static int node_search_collect(void *ctx, int64_t item_id, const char *path)
{
	struct node_search_ctx *c = ctx;

	(void)path;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct node_row_ent *nv = realloc(c->v, cap * sizeof *nv);

		if (!nv) {
			c->oom = 1;
			return 1;
		}
		c->v = nv;
		c->cap = cap;
	}
	c->v[c->n].id = item_id;
	c->v[c->n].name = NULL;
	c->n++;
	return 0;
}

#define NODE_SEARCH_LIMIT 100   /* search/<words>/ lists the best 100 */

static int node_search_list(store *s, int64_t qid, struct node_search_ctx *c)
{
	struct buf words = { 0 }, name = { 0 };
	size_t i;
	int rc;

	rc = search_words(qid, &words);
	if (rc == 0)
		rc = store_search(s, words.data, NODE_SEARCH_LIMIT,
		                  node_search_collect, c);
	if (rc == 0 && c->oom)
		rc = -ENOMEM;
	for (i = 0; rc == 0 && i < c->n; i++) {
		buf_reset(&name);
		buf_printf(&name, "%03zu-", i + 1);
		rc = node_item_link_name(s, c->v[i].id, &name);
		if (rc == 0 && !(c->v[i].name = buf_detach(&name)))
			rc = -ENOMEM;
	}
	buf_free(&words);
	buf_free(&name);
	return rc;
}

static void node_search_free(struct node_search_ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
}

/* A search result's name (lookup.c's node_lookup_ asks): its place in
   the ranked list. */
int node_lookup_search(store *s, int64_t qid, const char *name,
                       int64_t *id)
{
	struct node_search_ctx sc = { 0 };
	size_t i;
	int rc;

	rc = node_search_list(s, qid, &sc);
	for (i = 0; rc == 0 && i < sc.n; i++)
		if (strcmp(sc.v[i].name, name) == 0) {
			*id = sc.v[i].id;
			break;
		}
	if (rc == 0 && i == sc.n)
		rc = -ENOENT;
	node_search_free(&sc);
	return rc;
}

static int node_readdir_(store *s, uint64_t ino, store_dirent_fn fn, void *ctx)
{
	enum node_kind k = NODE_KIND(ino);
	int64_t id = NODE_ID(ino), mtime;
	struct node_emit e = { s, fn, ctx, 0, 0 };
	struct node_search_ctx sc = { 0 };
	char today[11];
	size_t i;
	int rc;

	if (k >= NK__COUNT)
		return -ENOENT;
	if (node_info[k].type != NT_DIR)
		return -ENOTDIR;
	rc = node_row_mtime(s, k, id, &mtime);
	if (rc)
		return rc;
	for (i = 0; i < NODE_NFIXED && !e.stop; i++)
		if (node_fixed[i].parent == k)
			node_emit(&e, node_fixed[i].name,
			          NODE_INO(node_fixed[i].kind,
			                   node_fixed_id(node_fixed[i].kind, id)));
	if (e.rc || e.stop)
		return e.rc;
	switch (k) {
	case NK_BOARDS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, slug FROM board ORDER BY slug", NULL), NK_BOARD);
	case NK_BOARD_MEETINGS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, slug FROM meeting WHERE board_id = ?"
			" ORDER BY slug", "i", id), NK_MEETING);
	case NK_MEETING_ITEMS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, slug FROM item WHERE meeting_id = ?"
			" ORDER BY slug", "i", id), NK_ITEM);
	case NK_ITEM_ACTIONS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, printf('%06d', id) FROM action WHERE item_id = ?"
			" ORDER BY id", "i", id), NK_ITEM_ACTION_LINK);
	case NK_MEETINGS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT m.id, m.slug || '-' || b.slug FROM meeting m"
			" JOIN board b ON b.id = m.board_id"
			" ORDER BY m.date, b.slug, m.slug", NULL), NK_MEETING_LINK);
	case NK_ACTIONS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, printf('%06d', id) FROM action ORDER BY id",
			NULL), NK_ACTION);
	case NK_ACTIONS_OPEN:
		return node_emit_rows(&e, node_status_stmt(s, k, today),
		                      NK_OPEN_LINK);
	case NK_ACTIONS_OVERDUE:
		return node_emit_rows(&e, node_status_stmt(s, k, today),
		                      NK_OVERDUE_LINK);
	case NK_ACTIONS_DONE:
		return node_emit_rows(&e, node_status_stmt(s, k, today),
		                      NK_DONE_LINK);
	case NK_PEOPLE:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, slug FROM person ORDER BY slug", NULL),
			NK_PERSON);
	case NK_PERSON_ITEMS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT DISTINCT i.id, m.slug || '-' || b.slug || '-' ||"
			" i.slug AS name FROM item_person p"
			" JOIN item i ON i.id = p.item_id"
			" JOIN meeting m ON m.id = i.meeting_id"
			" JOIN board b ON b.id = m.board_id"
			" WHERE p.person_id = ? ORDER BY name", "i", id),
			NK_PERSON_ITEM_LINK);
	case NK_PLANS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, slug FROM plan ORDER BY slug", NULL), NK_PLAN);
	case NK_PLAN_ITEMS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT i.id, m.slug || '-' || b.slug || '-' ||"
			" i.slug AS name FROM plan_item p"
			" JOIN item i ON i.id = p.item_id"
			" JOIN meeting m ON m.id = i.meeting_id"
			" JOIN board b ON b.id = m.board_id"
			" WHERE p.plan_id = ? ORDER BY name", "i", id),
			NK_PLAN_ITEM_LINK);
	case NK_ISSUES:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT id, slug FROM issue ORDER BY slug", NULL), NK_ISSUE);
	case NK_ISSUE_ITEMS:
		return node_emit_rows(&e, store_stmt(s,
			"SELECT i.id, m.slug || '-' || b.slug || '-' ||"
			" i.slug AS name FROM item_issue x"
			" JOIN item i ON i.id = x.item_id"
			" JOIN meeting m ON m.id = i.meeting_id"
			" JOIN board b ON b.id = m.board_id"
			" WHERE x.issue_id = ? ORDER BY name", "i", id),
			NK_ISSUE_ITEM_LINK);
	case NK_SEARCH_QUERY:
		rc = node_search_list(s, id, &sc);
		for (i = 0; rc == 0 && i < sc.n && !e.stop; i++)
			node_emit(&e, sc.v[i].name,
			          NODE_INO(NK_SEARCH_LINK, sc.v[i].id));
		node_search_free(&sc);
		return rc ? rc : e.rc;
	case NK_ITEM:
		/* actions/ only where there are actions, documents/ where
		   there are documents' files */
		node_emit(&e, "actions", NODE_INO(NK_ITEM_ACTIONS, id));
		node_emit(&e, "documents", NODE_INO(NK_ITEM_DOCUMENTS, id));
		return e.rc;
	case NK_ITEM_DOCUMENTS: {
		struct doc_ent *v;
		size_t n;

		rc = doc_list(s, id, &v, &n);
		for (i = 0; rc == 0 && i < n && !e.stop; i++)
			node_emit(&e, v[i].name, NODE_INO(v[i].kind, v[i].id));
		if (rc == 0)
			doc_list_free(v, n);
		return rc ? rc : e.rc;
	}
	default:
		return 0;
	}
}

/* ---- public entry points: each leaves no statement active, so the
** connection holds no read transaction between requests.  Each reads
** one snapshot of the database (node_snap_begin), so that a file's bytes,
** size and mtime, or a whole listing, belong to the same commit. ---- */

/* Run one of the prepared BEGIN, COMMIT or ROLLBACK: 0 or -errno. */
static int node_txn(store *s, const char *sql)
{
	sqlite3_stmt *st = store_stmt(s, sql, NULL);
	int rc = st ? store_step(s, st) : -EIO;

	if (st)
		sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc : -EIO;
}

/* Begin a read transaction unless one is open: 1 if begun, else 0.
   Every request of the mount comes here, so the statements are the
   cached prepared ones, not parsed again each time. */
static int node_snap_begin(store *s)
{
	return sqlite3_get_autocommit(s->db) && node_txn(s, "BEGIN") == 0;
}

/* End what node_snap_begin began (begun: its result). */
static void node_snap_end(store *s, int begun)
{
	store_idle(s);
	if (begun && node_txn(s, "COMMIT") != 0)
		node_txn(s, "ROLLBACK");
}

/*
** Hold a snapshot on s (a connection of its own): a read transaction,
** begun and fixed by a read, that every later call on s shares until
** store_snapshot_release.  WAL mode only: in a rollback journal a reader
** keeps every writer out.
*/
int store_snapshot_hold(store *s)
{
	sqlite3_stmt *st;
	int rc;

	assert(sqlite3_get_autocommit(s->db));
	rc = node_txn(s, "BEGIN");
	if (rc)
		return rc;
	/* (Neither statement loads the schema: a handle that holds a
	   snapshot may never read from it.) */
	st = store_stmt(s, "PRAGMA schema_version", NULL);
	rc = st ? store_step(s, st) : -EIO;  /* the snapshot starts */
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_ROW && store_file_wal(s))
		return 0;
	node_txn(s, "ROLLBACK");
	return rc == SQLITE_ROW ? -ENOTSUP : rc < 0 ? rc : -EIO;
}

void store_snapshot_release(store *s)
{
	node_snap_end(s, !sqlite3_get_autocommit(s->db));
}

int store_mtime(store *s, uint64_t ino, int64_t *mtime_ms)
{
	struct node_attr a;
	int begun = node_snap_begin(s);
	int rc = node_getattr_meta_(s, ino, &a);

	node_snap_end(s, begun);
	if (rc == 0)
		*mtime_ms = a.mtime_ms;
	return rc;
}

int store_lookup(store *s, uint64_t parent, const char *name,
                 struct node_attr *out)
{
	int begun = node_snap_begin(s);
	int rc = node_lookup_(s, parent, name, out, NULL);

	node_snap_end(s, begun);
	return rc;
}

int store_getattr(store *s, uint64_t ino, struct node_attr *out)
{
	int begun = node_snap_begin(s);
	int rc = node_getattr_(s, ino, out);

	node_snap_end(s, begun);
	return rc;
}

/* A listing reads one snapshot and writes nothing, so the rows' times it
   reads stay good until it ends (s->memo; nested listings share it). */
int store_readdir(store *s, uint64_t ino, store_dirent_fn fn, void *ctx)
{
	int begun = node_snap_begin(s);
	int rc;

	if (s->memo.depth++ == 0)
		s->memo.id = 0;
	rc = node_readdir_(s, ino, fn, ctx);
	if (--s->memo.depth == 0) {
		s->memo.id = 0;
		render_memo_end(s);
	}
	node_snap_end(s, begun);
	return rc;
}

int store_render(store *s, uint64_t ino, struct buf *out)
{
	int begun = node_snap_begin(s);
	int rc = node_render_(s, ino, out);

	node_snap_end(s, begun);
	return rc;
}

int store_readlink(store *s, uint64_t ino, struct buf *out)
{
	int begun = node_snap_begin(s);
	int rc = node_readlink_(s, ino, out);

	node_snap_end(s, begun);
	return rc;
}

int store_resolve(store *s, const char *path, struct node_attr *out)
{
	int begun = node_snap_begin(s);
	int rc = node_resolve_(s, path, out);

	node_snap_end(s, begun);
	return rc;
}

int store_node_path(store *s, uint64_t ino, struct buf *out)
{
	int begun = node_snap_begin(s);
	int rc = node_node_path_(s, ino, out);

	node_snap_end(s, begun);
	return rc;
}

int store_lookup_data(store *s, uint64_t parent, const char *name,
                      struct node_attr *out, struct buf *data)
{
	int begun = node_snap_begin(s);
	int rc = node_lookup_(s, parent, name, out, data);

	node_snap_end(s, begun);
	return rc;
}

int store_getattr_data(store *s, uint64_t ino, struct node_attr *out,
                       struct buf *data)
{
	int begun = node_snap_begin(s);
	int rc = node_getattr_keep(s, ino, out, data);

	node_snap_end(s, begun);
	return rc;
}

int store_file_parent(uint64_t ino, uint64_t *parent, const char **name)
{
	enum node_kind k = NODE_KIND(ino);
	size_t i;

	if (k >= NK__COUNT || node_info[k].type != NT_FILE)
		return -ENOENT;
	for (i = 0; i < NODE_NFIXED; i++) {
		enum node_kind p = node_fixed[i].parent;

		if (node_fixed[i].kind != k)
			continue;
		*parent = NODE_INO(p, p == NK_ROOT ? 1 :
		                      node_info[p].row == R_NONE ? 0 :
		                      NODE_ID(ino));
		*name = node_fixed[i].name;
		return 0;
	}
	return -ENOENT;
}
