/*
** check_store.c — unit tests of the store: schema and migrations, slug
** rules, node encoding and lookup without mounting, writes, the change
** feed, and every renderer against golden files (tests/golden/).
*/
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_util.h"
#include "minutes.h"
#include "store_int.h"

static char tmpdir[] = "/tmp/govfs-check-XXXXXX";
static char dbpath[256];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(strcpy(tmpdir, "/tmp/govfs-check-XXXXXX")));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", tmpdir);
	setenv("GOVCTL_NOW", "2026-11-23T10:00:00Z", 1);
}

static void teardown(void)
{
	check_rmtree(tmpdir);
}

static store *new_store(void)
{
	return check_open(dbpath, STORE_RDWR | STORE_CREATE);
}

/* A small fixed database: one board, meeting, item with two resolutions,
   one action with a history of two entries, a person and a plan. */
static store *fixture(int64_t *item_out, int64_t *action_out)
{
	store *s = new_store();
	struct board_rec b = { .slug = "test-board", .name = "Test Board",
	                       .council = "Test Council", .kind = "scrutiny",
	                       .remit = "Scrutiny of children's services." };
	struct meeting_rec m = { .date = "2026-01-15", .time = "10.00 am",
	                         .location = "Town Hall", .status = "Confirmed" };
	struct item_rec it = { .number = "5", .title = "Children's Services "
	                       "Improvement", .subtitle = "Report of the Director",
	                       .minutes = "The Board discussed foster carers.\n\n"
	                       "Resolved - (a) noted.", .decision = "Noted." };
	struct action_rec a = { .text = "Circulate the complaints report",
	                        .owner = "Clerk", .due = "2026-02-01",
	                        .rag = "amber" };
	struct action_change ch = { .status = "in_progress", .progress = 50,
	                            .note = "Drafted" };
	int64_t board, meeting, item, res, action, person, plan;

	ck_assert_int_eq(store_board_add(s, &b, &board), 0);
	m.board_id = board;
	ck_assert_int_eq(store_meeting_add(s, &m, &meeting), 0);
	it.meeting_id = meeting;
	ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	ck_assert_int_eq(store_resolution_add(s, item, 1, "(a)", "That the "
	                 "report be noted.", "resolved", NULL, NULL, &res), 0);
	ck_assert_int_eq(store_resolution_add(s, item, 2, "(b)", "That the "
	                 "complaints report be circulated.", "resolved", NULL,
	                 "2026-02-01", &res), 0);
	ck_assert_int_eq(store_document_add(s, item, 1, "Report",
	                 "https://example.org/r.pdf", "2026-01-08"), 0);
	a.item_id = item;
	a.resolution_id = res;
	ck_assert_int_eq(store_action_add(s, &a, &action), 0);
	ck_assert_int_eq(store_action_set(s, action, &ch), 0);
	ck_assert_int_eq(store_person_get(s, "Jane Smith", "Director", &person),
	                 0);
	ck_assert_int_eq(store_attendance_add(s, meeting, person, "witness",
	                 NULL), 0);
	ck_assert_int_eq(store_item_person_add(s, item, person, "witness"), 0);
	ck_assert_int_eq(store_plan_add(s, "improvement-plan", "Improvement "
	                 "Plan", "2026", "Workforce; practice", &plan), 0);
	ck_assert_int_eq(store_plan_item_add(s, plan, item), 0);
	if (item_out)
		*item_out = item;
	if (action_out)
		*action_out = action;
	return s;
}

/* ---- schema ------------------------------------------------------------------ */

START_TEST(test_schema_create)
{
	store *s = new_store();
	struct stat st;

	ck_assert_int_eq(store_user_version(s), STORE_SCHEMA);
	ck_assert_int_eq(stat(dbpath, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	store_close(s);
	/* Reopening migrates nothing and works read-only too. */
	s = new_store();
	store_close(s);
	ck_assert_int_eq(store_open(dbpath, STORE_RDONLY, &s, NULL), 0);
	store_close(s);
}
END_TEST

/* A reader loads the schema with its first statement that reads a table,
   and sets its small page cache then; holding a snapshot loads none. */
START_TEST(test_reader_schema_lazy)
{
	store *s = new_store(), *r;
	sqlite3_stmt *st;
	int cur = 0, hi = 0;

	store_close(s);
	ck_assert_int_eq(store_open(dbpath, STORE_RDONLY, &r, NULL), 0);
	ck_assert_int_eq(store_file_wal(r), 1);
	ck_assert_int_eq(store_snapshot_hold(r), 0);
	sqlite3_db_status(r->db, SQLITE_DBSTATUS_SCHEMA_USED, &cur, &hi, 0);
	ck_assert_int_eq(cur, 0);
	store_snapshot_release(r);
	st = store_stmt(r, "SELECT count(*) FROM board", NULL);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	sqlite3_reset(st);
	sqlite3_db_status(r->db, SQLITE_DBSTATUS_SCHEMA_USED, &cur, &hi, 0);
	ck_assert_int_gt(cur, 0);
	st = store_stmt(r, "PRAGMA cache_size", NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), -256);
	sqlite3_reset(st);
	store_close(r);
	/* Out of WAL mode: the header says so, and no snapshot is held. */
	s = new_store();
	ck_assert_int_eq(store_exec(s, "PRAGMA journal_mode = DELETE"), 0);
	store_close(s);
	ck_assert_int_eq(store_open(dbpath, STORE_RDONLY, &r, NULL), 0);
	ck_assert_int_eq(store_load_schema(r), 0);
	ck_assert_int_eq(store_file_wal(r), 0);
	ck_assert_int_eq(store_snapshot_hold(r), -ENOTSUP);
	ck_assert_int_ne(sqlite3_get_autocommit(r->db), 0);
	store_close(r);
}
END_TEST

START_TEST(test_schema_too_new)
{
	store *s = new_store();
	char *err = NULL;

	ck_assert_int_eq(store_exec(s, "PRAGMA user_version = 99"), 0);
	store_close(s);
	ck_assert_int_eq(store_open(dbpath, STORE_RDONLY, &s, &err), -EPROTO);
	ck_assert_ptr_nonnull(strstr(err, "schema 99 is newer"));
	free(err);
	err = NULL;
	ck_assert_int_eq(store_open(dbpath, STORE_RDWR, &s, &err), -EPROTO);
	ck_assert_ptr_nonnull(strstr(err, "newer"));
	free(err);
}
END_TEST

START_TEST(test_schema_not_govfs)
{
	store *s = NULL;
	char *err = NULL;
	FILE *f = fopen(dbpath, "w");

	fputs("this is not a database\n", f);
	fclose(f);
	ck_assert_int_eq(store_open(dbpath, STORE_RDONLY, &s, &err), -EPROTO);
	ck_assert_ptr_nonnull(strstr(err, "not a govfs database"));
	free(err);
	err = NULL;
	ck_assert_int_eq(store_open("/nonexistent/x.db", STORE_RDONLY, &s,
	                            &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no such database"));
	free(err);
}
END_TEST

/* ---- slugs ------------------------------------------------------------------- */

START_TEST(test_slug_rules)
{
	char out[SLUG_MAX + 1], big[4097];

	slug_make("Children's Services Improvement Update", out, sizeof out);
	ck_assert_str_eq(out, "childrens-services-improvement-update");
	slug_make("Children\xe2\x80\x99s / ../ Plan", out, sizeof out);
	ck_assert_str_eq(out, "childrens-plan");
	slug_make("..", out, sizeof out);
	ck_assert_str_eq(out, "untitled");
	slug_make("\x01\x02\x1b[31m red", out, sizeof out);
	ck_assert_str_eq(out, "31m-red");
	slug_make(".hidden", out, sizeof out);
	ck_assert_str_eq(out, "hidden");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	slug_make(big, out, sizeof out);
	ck_assert_uint_eq(strlen(out), SLUG_MAX);
	ck_assert(slug_valid(out));
	ck_assert(slug_valid("slough-cabinet"));
	ck_assert(!slug_valid("Slough"));
	ck_assert(!slug_valid("a/b"));
	ck_assert(!slug_valid("-a"));
	ck_assert(!slug_valid(".."));
	ck_assert(!slug_valid(""));
	slug_item("5", "Minutes", out, sizeof out);
	ck_assert_str_eq(out, "05-minutes");
	slug_item("4a", "Budget", out, sizeof out);
	ck_assert_str_eq(out, "04a-budget");
	slug_item("18", "Any Other Business", out, sizeof out);
	ck_assert_str_eq(out, "18-any-other-business");
}
END_TEST

START_TEST(test_slug_unique_items)
{
	int64_t item, i1, i2, i3;
	store *s = fixture(&item, NULL);
	struct item_rec it = { .number = "6", .title = "Same title" };
	struct buf p = { 0 };
	char title[4097];

	ck_assert_int_eq(store_item_find(s, "1", &it.meeting_id), 0);
	it.meeting_id = 1;
	ck_assert_int_eq(store_item_add(s, &it, &i1), 0);
	it.number = "6";
	ck_assert_int_eq(store_item_add(s, &it, &i2), 0);
	memset(title, 'x', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	title[10] = '/';
	it.title = title;
	it.number = "7";
	ck_assert_int_eq(store_item_add(s, &it, &i3), 0);
	ck_assert_int_eq(store_node_path(s, NODE_INO(NK_ITEM, i1), &p), 0);
	ck_assert_str_eq(p.data, "boards/test-board/meetings/2026-01-15/items/"
	                 "06-same-title");
	buf_reset(&p);
	ck_assert_int_eq(store_node_path(s, NODE_INO(NK_ITEM, i2), &p), 0);
	ck_assert_str_eq(p.data, "boards/test-board/meetings/2026-01-15/items/"
	                 "06-same-title-2");
	buf_reset(&p);
	ck_assert_int_eq(store_node_path(s, NODE_INO(NK_ITEM, i3), &p), 0);
	ck_assert_uint_le(strlen(strrchr(p.data, '/') + 1), SLUG_MAX);
	ck_assert_ptr_null(strchr(strrchr(p.data, '/') + 1, '.'));
	buf_free(&p);
	store_close(s);
}
END_TEST

/* ---- nodes --------------------------------------------------------------------- */

START_TEST(test_node_encoding)
{
	uint64_t ino = NODE_INO(NK_ITEM_JSON, 123456789);

	ck_assert_int_eq(NODE_KIND(ino), NK_ITEM_JSON);
	ck_assert_int_eq(NODE_ID(ino), 123456789);
	ck_assert_uint_eq(NODE_INO(NK_ROOT, 1), 1);
	ck_assert_int_eq(node_kind_type(NK_ITEM), NT_DIR);
	ck_assert_int_eq(node_kind_type(NK_ITEM_TXT), NT_FILE);
	ck_assert_int_eq(node_kind_type(NK_MEETING_LINK), NT_LINK);
}
END_TEST

struct names { char buf[4096]; size_t n; };

static int collect(void *ctx, const char *name, const struct node_attr *a)
{
	struct names *c = ctx;

	c->n += (size_t)snprintf(c->buf + c->n, sizeof c->buf - c->n, "%s%s ",
	                         name, a->type == NT_DIR ? "/" :
	                         a->type == NT_LINK ? "@" : "");
	return 0;
}

/* A listing's files (ino and size); with poke, a public call between
   them (its end resets every statement). */
struct sizes { store *s; int poke, n; uint64_t ino[16]; uint64_t size[16]; };

static int note_sizes(void *ctx, const char *name, const struct node_attr *a)
{
	struct sizes *c = ctx;
	struct node_attr g;

	(void)name;
	if (a->type != NT_FILE || c->n == 16)
		return 0;
	c->ino[c->n] = a->ino;
	c->size[c->n++] = a->size;
	if (c->poke)
		ck_assert_int_eq(store_getattr(c->s, NODE_ROOT_INO, &g), 0);
	return 0;
}

/* An item folder's five files start with the same row, read once per
   listing (render.c item_row): the bytes are those of each file alone,
   for two items listed one after the other, with or without other calls
   in between, and after a change. */
START_TEST(test_item_row_memo)
{
	int64_t item, action, item2;
	store *s = fixture(&item, &action);
	struct item_rec it = { .number = "6", .title = "Another item",
	                       .minutes = "Short." };
	struct sizes c = { .s = s };
	struct buf t = { 0 };
	int round, i;

	it.meeting_id = 1;
	ck_assert_int_eq(store_item_add(s, &it, &item2), 0);
	for (round = 0; round < 4; round++) {
		c.poke = round % 2;
		c.n = 0;
		ck_assert_int_eq(store_readdir(s, NODE_INO(NK_ITEM, item),
		                 note_sizes, &c), 0);
		ck_assert_int_eq(store_readdir(s, NODE_INO(NK_ITEM, item2),
		                 note_sizes, &c), 0);
		ck_assert_int_eq(c.n, 10);
		for (i = 0; i < c.n; i++) {
			buf_reset(&t);
			ck_assert_int_eq(store_render(s, c.ino[i], &t), 0);
			ck_assert_uint_eq(t.len, c.size[i]);
		}
		if (round == 1)
			ck_assert_int_eq(store_exec(s, "UPDATE item SET title ="
			                 " 'A longer title than before' WHERE id"
			                 " = 1"), 0);
	}
	buf_free(&t);
	store_close(s);
}
END_TEST

START_TEST(test_node_lookup_readdir)
{
	int64_t item, action;
	store *s = fixture(&item, &action);
	struct node_attr a, b;
	struct names n = { "", 0 };
	struct buf t = { 0 };

	ck_assert_int_eq(store_getattr(s, NODE_ROOT_INO, &a), 0);
	ck_assert_int_eq(a.type, NT_DIR);
	ck_assert_int_eq(a.nlink, 9);
	ck_assert_int_eq(store_readdir(s, NODE_ROOT_INO, collect, &n), 0);
	ck_assert_str_eq(n.buf, "README actions/ boards/ issues/ meetings/ "
	                 "people/ plans/ search/ ");
	ck_assert_int_eq(store_lookup(s, NODE_ROOT_INO, "boards", &a), 0);
	ck_assert_uint_eq(a.ino, NODE_INO(NK_BOARDS, 0));
	ck_assert_int_eq(a.nlink, 3);
	ck_assert_int_eq(store_lookup(s, a.ino, "test-board", &b), 0);
	ck_assert_uint_eq(b.ino, NODE_INO(NK_BOARD, 1));
	ck_assert_int_eq(store_lookup(s, a.ino, "nope", &b), -ENOENT);
	ck_assert_int_eq(store_lookup(s, a.ino, "..", &b), -ENOENT);
	ck_assert_int_eq(store_lookup(s, NODE_INO(NK_README, 0), "x", &b),
	                 -ENOTDIR);

	ck_assert_int_eq(store_resolve(s, "boards/test-board/meetings/"
	                 "2026-01-15/items/05-childrens-services-improvement/"
	                 "item.json", &a), 0);
	ck_assert_uint_eq(a.ino, NODE_INO(NK_ITEM_JSON, item));
	ck_assert_int_eq(store_render(s, a.ino, &t), 0);
	ck_assert_uint_eq(a.size, t.len);
	ck_assert_int_eq(a.mtime_ms, 1795428000000LL);
	/* Links resolve through the tree, and a path through links works. */
	ck_assert_int_eq(store_resolve(s, "plans/improvement-plan/items/"
	                 "2026-01-15-test-board-05-childrens-services-improvement/"
	                 "decisions.txt", &a), 0);
	ck_assert_uint_eq(a.ino, NODE_INO(NK_DECISIONS_TXT, item));
	/* No link from an action back to its item: it made a cycle. */
	ck_assert_int_eq(store_resolve(s, "actions/000001/item", &a), -ENOENT);
	ck_assert_int_eq(store_readlink(s, NODE_INO(NK_ACTION_ITEM_LINK,
	                 action), &t), -ENOENT);
	ck_assert_int_eq(store_getattr(s, NODE_INO(NK_ACTION_ITEM_LINK,
	                 action), &a), -ENOENT);
	ck_assert_int_eq(store_resolve(s, "/meetings/2026-01-15-test-board/"
	                 "items", &a), 0);
	ck_assert_uint_eq(a.ino, NODE_INO(NK_MEETING_ITEMS, 1));
	ck_assert_int_eq(a.nlink, 3);
	buf_reset(&t);
	ck_assert_int_eq(store_readlink(s, NODE_INO(NK_ITEM_ACTION_LINK,
	                 action), &t), 0);
	ck_assert_str_eq(t.data, "../../../../../../../actions/000001");
	buf_reset(&t);
	ck_assert_int_eq(store_readlink(s, NODE_INO(NK_PLAN_ITEM_LINK, item),
	                 &t), 0);
	ck_assert_str_eq(t.data, "../../../boards/test-board/meetings/"
	                 "2026-01-15/items/05-childrens-services-improvement");
	/* The action is in_progress: in open/, not in done/. */
	ck_assert_int_eq(store_resolve(s, "actions/open/000001", &a), 0);
	ck_assert_int_eq(store_resolve(s, "actions/done/000001", &a), -ENOENT);
	ck_assert_int_eq(store_resolve(s, "actions/1", &a), -ENOENT);
	/* Due 2026-02-01, today 2026-11-23: overdue. */
	ck_assert_int_eq(store_resolve(s, "actions/overdue/000001", &a), 0);
	n.n = 0;
	n.buf[0] = '\0';
	ck_assert_int_eq(store_resolve(s, "people/jane-smith/items", &a), 0);
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_str_eq(n.buf, "2026-01-15-test-board-05-childrens-services-"
	                 "improvement@ ");
	buf_free(&t);
	store_close(s);
}
END_TEST

START_TEST(test_node_search)
{
	store *s = fixture(NULL, NULL);
	struct node_attr a;
	struct names n = { "", 0 };

	ck_assert_int_eq(store_resolve(s, "search/foster carers", &a), 0);
	ck_assert_int_eq(a.type, NT_DIR);
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_str_eq(n.buf, "001-2026-01-15-test-board-05-childrens-"
	                 "services-improvement@ ");
	/* FTS5 syntax is harmless; no words means no results. */
	ck_assert_int_eq(store_resolve(s, "search/\"foster\" AND (NEAR OR*",
	                 &a), 0);
	n.n = 0;
	n.buf[0] = '\0';
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_str_eq(n.buf, "");
	ck_assert_int_eq(store_resolve(s, "search/---", &a), 0);
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_int_eq(store_resolve(s, "search/ ", &a), -ENOENT);
	/* search/ itself lists nothing. */
	ck_assert_int_eq(store_resolve(s, "search", &a), 0);
	n.n = 0;
	n.buf[0] = '\0';
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_str_eq(n.buf, "");
	store_close(s);
}
END_TEST

/*
** The query registry keeps every query the kernel may still hold: "foster"
** and "q396" share a slot of the old 1024-slot table (FNV-1a mod 1024), so
** before the fix "foster" was forgotten and its folder listed nothing.
** Thousands of other queries later, a recently used query is still there.
*/
START_TEST(test_search_registry)
{
	store *s = fixture(NULL, NULL);
	struct node_attr a, q;
	struct names n = { "", 0 };
	char name[32];
	int i;

	ck_assert_int_eq(store_resolve(s, "search/foster", &a), 0);
	ck_assert_int_eq(store_resolve(s, "search/q396", &q), 0);
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_str_eq(n.buf, "001-2026-01-15-test-board-05-childrens-"
	                 "services-improvement@ ");
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof name, "search/other %d", i);
		ck_assert_int_eq(store_resolve(s, name, &q), 0);
		if (i % 100 == 0) {     /* still in use: never the one to go */
			n.n = 0;
			n.buf[0] = '\0';
			ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
			ck_assert_str_eq(n.buf, "001-2026-01-15-test-board-05-"
			                 "childrens-services-improvement@ ");
		}
	}
	n.n = 0;
	n.buf[0] = '\0';
	ck_assert_int_eq(store_readdir(s, a.ino, collect, &n), 0);
	ck_assert_str_eq(n.buf, "001-2026-01-15-test-board-05-childrens-"
	                 "services-improvement@ ");
	store_close(s);
}
END_TEST

/* ---- writes and validation ---------------------------------------------------------- */

START_TEST(test_write_validation)
{
	int64_t item, action, id;
	store *s = fixture(&item, &action);
	struct board_rec b = { .slug = "Bad/Slug", .name = "x" };
	struct meeting_rec m = { .board_id = 1, .date = "2026-02-31" };
	struct action_change ch = { .status = "finished", .progress = -1 };
	struct action_rec a = { .item_id = 999, .text = "x" };

	ck_assert_int_eq(store_board_add(s, &b, &id), -EINVAL);
	b.slug = "test-board";
	ck_assert_int_eq(store_board_add(s, &b, &id), -EEXIST);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "already exists"));
	ck_assert_int_eq(store_meeting_add(s, &m, &id), -EINVAL);
	ck_assert_int_eq(store_action_set(s, action, &ch), -EINVAL);
	ch.status = NULL;
	ch.progress = 101;
	ck_assert_int_eq(store_action_set(s, action, &ch), -EINVAL);
	ch.progress = -1;
	ch.rag = "purple";
	ck_assert_int_eq(store_action_set(s, action, &ch), -EINVAL);
	ck_assert_int_eq(store_action_set(s, 999, &(struct action_change){
	                 .status = "done", .progress = -1 }), -ENOENT);
	ck_assert_int_eq(store_action_add(s, &a, &id), -ENOENT);
	ck_assert_int_eq(store_board_find(s, "nope", &id), -ENOENT);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "unknown board"));
	ck_assert_int_eq(store_board_find(s, "boards/test-board", &id), 0);
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(store_item_find(s, "boards/test-board/meetings/"
	                 "2026-01-15/items/05-childrens-services-improvement/",
	                 &id), 0);
	ck_assert_int_eq(id, item);
	ck_assert_int_eq(store_action_find(s, "actions/000001", &id), 0);
	ck_assert_int_eq(store_action_find(s, "000001", &id), 0);
	ck_assert_int_eq(id, action);
	ck_assert(store_valid_date("2024-02-29"));
	ck_assert(!store_valid_date("2023-02-29"));
	ck_assert(!store_valid_date("2023-2-9"));
	store_close(s);
}
END_TEST

START_TEST(test_transaction_rollback)
{
	store *s = fixture(NULL, NULL);
	struct store_counts before, after;
	struct board_rec b = { .slug = "new-board", .name = "New" };

	ck_assert_int_eq(store_counts(s, &before), 0);
	ck_assert_int_eq(store_begin(s), 0);
	ck_assert_int_eq(store_board_add(s, &b, NULL), 0);
	ck_assert_int_eq(store_rollback(s), 0);
	ck_assert_int_eq(store_counts(s, &after), 0);
	ck_assert_int_eq(before.boards, after.boards);
	store_close(s);
}
END_TEST

/* ---- the change feed ------------------------------------------------------------------ */

struct seen { uint64_t inos[512]; size_t n; char entries[2048]; };

static void seen_fn(void *ctx, uint64_t ino, uint64_t parent,
                    const char *name)
{
	struct seen *c = ctx;
	size_t len = strlen(c->entries);

	if (ino && c->n < 512)
		c->inos[c->n++] = ino;
	if (name)
		snprintf(c->entries + len, sizeof c->entries - len, "%d:%s ",
		         (int)NODE_KIND(parent), name);
}

static int seen_has(struct seen *c, uint64_t ino)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->inos[i] == ino)
			return 1;
	return 0;
}

START_TEST(test_changes)
{
	int64_t item, action, seq = -1, before;
	store *s = fixture(&item, &action);
	struct seen c = { { 0 }, 0, "" };
	struct action_change ch = { .status = "done", .progress = -1 };
	char want[64];

	ck_assert_int_eq(store_changes(s, &seq, seen_fn, &c), 0);
	ck_assert_int_gt(seq, 0);
	ck_assert_int_eq(c.n, 0);
	before = seq;
	ck_assert_int_eq(store_action_set(s, action, &ch), 0);
	ck_assert_int_eq(store_changes(s, &seq, seen_fn, &c), 0);
	ck_assert_int_gt(seq, before);
	ck_assert(seen_has(&c, NODE_INO(NK_ACTION_TXT, action)));
	ck_assert(seen_has(&c, NODE_INO(NK_HISTORY_TXT, action)));
	ck_assert(seen_has(&c, NODE_INO(NK_ACTIONS_DONE, 0)));
	ck_assert(seen_has(&c, NODE_INO(NK_ACTIONS_OPEN, 0)));
	ck_assert(seen_has(&c, NODE_INO(NK_ITEM_JSON, item)));
	ck_assert(seen_has(&c, NODE_INO(NK_README, 0)));
	ck_assert(!seen_has(&c, NODE_INO(NK_PEOPLE, 0)));
	snprintf(want, sizeof want, "%d:000001 ", NK_ACTIONS_OPEN);
	ck_assert_ptr_nonnull(strstr(c.entries, want));
	/* Nothing new: nothing reported. */
	c.n = 0;
	ck_assert_int_eq(store_changes(s, &seq, seen_fn, &c), 0);
	ck_assert_int_eq(c.n, 0);
	store_close(s);
}
END_TEST

/* ---- renderers against golden files ------------------------------------------------------ */

START_TEST(test_golden)
{
	store *s = fixture(NULL, NULL);
	const char *item = "boards/test-board/meetings/2026-01-15/items/"
	                   "05-childrens-services-improvement/";
	static const char *const files[][2] = {
		{ "README", "README" },
		{ "boards/test-board/board.txt", "board.txt" },
		{ "boards/test-board/board.json", "board.json" },
		{ "boards/test-board/actions.tsv", "board-actions.tsv" },
		{ "boards/test-board/meetings/2026-01-15/meeting.txt",
		  "meeting.txt" },
		{ "boards/test-board/meetings/2026-01-15/meeting.json",
		  "meeting.json" },
		{ "boards/test-board/meetings/2026-01-15/attendance.txt",
		  "attendance.txt" },
		{ "actions/000001/action.txt", "action.txt" },
		{ "actions/000001/action.json", "action.json" },
		{ "actions/000001/history.txt", "history.txt" },
		{ "actions/actions.tsv", "actions.tsv" },
		{ "actions/actions.csv", "actions.csv" },
		{ "people/jane-smith/person.txt", "person.txt" },
		{ "people/jane-smith/person.json", "person.json" },
		{ "plans/improvement-plan/plan.txt", "plan.txt" },
		{ "plans/improvement-plan/plan.json", "plan.json" },
	};
	static const char *const itemfiles[] = {
		"item.txt", "item.json", "minutes.txt", "decisions.txt",
		"documents.txt",
	};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		check_golden(s, files[i][0], files[i][1]);
	for (i = 0; i < sizeof itemfiles / sizeof itemfiles[0]; i++) {
		snprintf(path, sizeof path, "%s%s", item, itemfiles[i]);
		check_golden(s, path, itemfiles[i]);
	}
	store_close(s);
}
END_TEST

/* ---- the importer on the bundled pages ---------------------------------------------------- */

static int64_t import_sample(store *s, const char *file, const char *board,
                             const char *date, const char *number)
{
	struct minutes_page p = { 0 };
	struct import_place w = { board, date, number, NULL, NULL, NULL };
	char path[256], *err = NULL, data[65536];
	int64_t item = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, SAMPLES_DIR "/%s", file);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(data, 1, sizeof data, f);
	fclose(f);
	ck_assert_msg(minutes_parse(data, n, path, &p, &err) == 0, "%s", err);
	ck_assert_int_eq(store_import_page(s, &p, &w, path, 0, &item),
	                 IMPORT_ADDED);
	/* The same page again changes nothing. */
	ck_assert_int_eq(store_import_page(s, &p, &w, path, 0, &item),
	                 IMPORT_UNCHANGED);
	minutes_free(&p);
	return item;
}

static int64_t count(store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int64_t n;

	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(store_step(s, st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

START_TEST(test_import_seeds)
{
	store *s = new_store();
	struct board_rec b = { .slug = "panel", .name = "Panel" };
	int64_t i000, i001, i002;
	struct buf t = { 0 };

	ck_assert_int_eq(store_board_add(s, &b, NULL), 0);
	i000 = import_sample(s, "000_439b1d9f8b781ec6.txt", "panel",
	                     "2015-06-15", "5");
	i001 = import_sample(s, "001_31e7cda6a7ce159b.txt", "panel",
	                     "2015-10-08", "6");
	i002 = import_sample(s, "002_d8cedbe0f94e1940.txt", "panel",
	                     "2016-12-08", "5");
	ck_assert_int_eq(count(s, "SELECT count(*) FROM resolution WHERE"
	                 " item_id = ?", i000), 2);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE"
	                 " item_id = ?", i000), 0);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM resolution WHERE"
	                 " item_id = ? AND kind = 'recommendation'", i001), 4);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE"
	                 " item_id = ?", i001), 4);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM attendance a JOIN"
	                 " person p ON p.id = a.person_id WHERE"
	                 " p.name = 'Dorothy Ross-Tomlin' AND"
	                 " a.role = 'arrived late' AND a.meeting_id = ?", 2), 1);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE"
	                 " item_id = ? AND status = 'open'", i002), 3);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE"
	                 " item_id = ?1 AND due = '2017-03-15' OR item_id = ?1"
	                 " AND due = '2017-04-19'", i002), 2);
	ck_assert_int_eq(store_render(s, NODE_INO(NK_DECISIONS_TXT, i002), &t),
	                 0);
	ck_assert_ptr_nonnull(strstr(t.data, "2. That the item on fostering and "
	                      "adoption be moved to 15th March 2017.\n"
	                      "  Due: 2017-03-15\n  Action: 000006\n"));
	buf_free(&t);
	store_close(s);
}
END_TEST

/* The store's triggers as text, those of a table and event in the order
   they fire (the order of their rows in sqlite_schema). */
static char *triggers(store *s)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT group_concat(name || ' '"
	                   " || sql, char(10)) FROM (SELECT name, sql FROM"
	                   " sqlite_schema WHERE type = 'trigger' ORDER BY"
	                   " tbl_name, substr(sql, instr(sql, ' AFTER '), 14),"
	                   " rowid)", NULL);
	char *t;

	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(store_step(s, st), SQLITE_ROW);
	t = strdup(col_text(st, 0));
	sqlite3_reset(st);
	return t;
}

static void triggers_are(store *s, const char *want)
{
	char *t = triggers(s);

	ck_assert_msg(strcmp(t, want) == 0, "the triggers differ");
	free(t);
}

/* The counters kept by triggers and by the importer's bulk path agree
   with the rows. */
static void counters_agree(store *s)
{
	ck_assert_int_eq(count(s, "SELECT ?1 + (SELECT n FROM counter WHERE"
	                 " name = 'item') - (SELECT count(*) FROM item)", 0), 0);
	ck_assert_int_eq(count(s, "SELECT ?1 + (SELECT n FROM counter WHERE"
	                 " name = 'action') - (SELECT count(*) FROM action)", 0),
	                 0);
	ck_assert_int_eq(count(s, "SELECT ?1 + (SELECT n FROM counter WHERE"
	                 " name = 'action.open') - (SELECT count(*) FROM action"
	                 " WHERE status IN ('open', 'in_progress'))", 0), 0);
	ck_assert_int_eq(count(s, "SELECT ?1 + (SELECT n FROM counter WHERE"
	                 " name = 'resolution') - (SELECT count(*) FROM"
	                 " resolution)", 0), 0);
	ck_assert_int_eq(count(s, "SELECT ?1 + (SELECT n FROM counter WHERE"
	                 " name = 'document') - (SELECT count(*) FROM"
	                 " document)", 0), 0);
	ck_assert_int_eq(count(s, "SELECT ?1 + count(*) FROM (SELECT 'due:'"
	                 " || due AS name, count(*) AS n FROM action WHERE"
	                 " status IN ('open', 'in_progress') AND due IS NOT NULL"
	                 " GROUP BY due) d LEFT JOIN counter c USING (name)"
	                 " WHERE c.n IS NOT d.n", 0), 0);
}

/* An import changes no schema (other connections would have to read it
   again, and concurrent imports failed when they did): its triggers and
   the schema version are the same inside its transaction and after it;
   the item's rows go in bulk, and a row added outside bulk mode in the
   same transaction has its log, touches and counts. */
START_TEST(test_import_bulk_triggers)
{
	store *s = new_store();
	struct board_rec b = { .slug = "panel", .name = "Panel" };
	struct action_rec a = { .text = "Report back", .due = "2017-03-15" };
	struct action_rec alone = { .board_id = 1, .text = "Write to Ofsted" };
	struct action_change ch = { .status = "done", .progress = -1 };
	const char *version = "SELECT ?1 + schema_version FROM"
	                      " pragma_schema_version";
	int64_t item, seq, action, seen_seq = -1, v0;
	struct seen c = { { 0 }, 0, "" };
	char *before;

	ck_assert_int_eq(store_board_add(s, &b, NULL), 0);
	ck_assert_int_eq(store_changes(s, &seen_seq, NULL, NULL), 0);
	before = triggers(s);
	v0 = count(s, version, 0);
	ck_assert_int_eq(store_begin(s), 0);
	import_sample(s, "000_439b1d9f8b781ec6.txt", "panel", "2015-06-15", "5");
	triggers_are(s, before);
	ck_assert_int_eq(count(s, version, 0), v0);
	ck_assert_int_eq(store_rollback(s), 0);
	triggers_are(s, before);
	ck_assert_int_eq(count(s, "SELECT ?1 + count(*) FROM item", 0), 0);
	/* Outside a transaction the rolled-back one's bulk state is not
	   read: a row of a bulk table goes in with its triggers. */
	ck_assert_int_eq(store_action_add(s, &alone, NULL), 0);
	triggers_are(s, before);

	ck_assert_int_eq(store_begin(s), 0);
	item = import_sample(s, "001_31e7cda6a7ce159b.txt", "panel",
	                     "2015-10-08", "6");
	triggers_are(s, before);
	/* the rows of an item have no insert triggers (schema 13) */
	ck_assert_int_eq(count(s, "SELECT ?1 + count(*) FROM sqlite_schema"
	                 " WHERE type = 'trigger' AND sql LIKE '% AFTER INSERT ON %'"
	                 " AND tbl_name IN ('item', 'resolution', 'document',"
	                 " 'action', 'action_history', 'item_person',"
	                 " 'attendance')", 0), 0);
	seq = count(s, "SELECT ?1 + max(seq) FROM change", 0);
	a.item_id = item;
	ck_assert_int_eq(store_action_add(s, &a, NULL), 0);
	/* logged by its writer (as its insert trigger did) */
	ck_assert_int_eq(count(s, "SELECT count(*) FROM change WHERE seq > ?"
	                 " AND tbl = 'action'", seq), 1);
	item = import_sample(s, "002_d8cedbe0f94e1940.txt", "panel",
	                     "2016-12-08", "5");
	/* An imported action closed in the same transaction (as govctl
	   generate does) leaves its day's counter. */
	ck_assert_int_eq(store_action_set(s, count(s, "SELECT id FROM action"
	                 " WHERE item_id = ? AND due = '2017-04-19'", item), &ch),
	                 0);
	ck_assert_int_eq(store_commit(s), 0);
	triggers_are(s, before);
	ck_assert_int_eq(count(s, version, 0), v0);
	/* One change-log row for each imported item, standing for its
	   actions too: the watcher hears of them. */
	ck_assert_int_eq(count(s, "SELECT count(*) FROM change WHERE"
	                 " tbl = 'item' AND row_id = ?", item), 1);
	ck_assert_int_eq(count(s, "SELECT ?1 + count(*) FROM change WHERE"
	                 " tbl = 'action' AND old_name IS NULL", 0), 2);
	ck_assert_int_eq(store_changes(s, &seen_seq, seen_fn, &c), 0);
	action = count(s, "SELECT min(id) FROM action WHERE item_id = ?", item);
	ck_assert(seen_has(&c, NODE_INO(NK_ACTION_TXT, action)));
	ck_assert(seen_has(&c, NODE_INO(NK_ITEM_ACTION_LINK, action)));
	ck_assert(seen_has(&c, NODE_INO(NK_OPEN_LINK, action)));
	ck_assert(seen_has(&c, NODE_INO(NK_ITEM_ACTIONS, item)));
	ck_assert(seen_has(&c, NODE_INO(NK_ACTIONS, 0)));
	counters_agree(s);

	/* The next transaction likewise. */
	ck_assert_int_eq(store_begin(s), 0);
	import_sample(s, "003_440f2cde27dec6c3.txt", "panel", "2017-01-10", "4");
	ck_assert_int_eq(store_commit(s), 0);
	triggers_are(s, before);
	ck_assert_int_eq(count(s, version, 0), v0);
	counters_agree(s);
	free(before);
	store_close(s);
}
END_TEST

/* Import a page naming its committee and meeting (an "Issue - meetings"
   page), without --board or --date: what store_import_page returns, and
   the item in *item. */
static int import_page_rc(store *s, const char *committee, const char *day,
                          const char *number, int64_t *item)
{
	struct minutes_page p = { 0 };
	struct import_place w = { 0 };
	char text[512], *err = NULL;
	int n, rc;

	n = snprintf(text, sizeof text, "Issue - meetings\n\nItem %s\n\n"
	             "Meeting: %s - %s (Item %s)\n\nMinutes:\n\nNoted.\n\n"
	             "Supporting documents:\n", number, day, committee, number);
	ck_assert_msg(minutes_parse(text, (size_t)n, "t.txt", &p, &err) == 0,
	              "%s", err);
	rc = store_import_page(s, &p, &w, "t.txt", 0, item);
	minutes_free(&p);
	return rc;
}

/* The same, added: the item's meeting id. */
static int64_t import_text(store *s, const char *committee, const char *day,
                           const char *number)
{
	int64_t item = 0;

	ck_assert_int_eq(import_page_rc(s, committee, day, number, &item),
	                 IMPORT_ADDED);
	return count(s, "SELECT meeting_id FROM item WHERE id = ?", item);
}

/* An import remembers the board and meeting of the page before in its
   transaction; a write that could change them has them looked up again. */
START_TEST(test_import_remembers)
{
	store *s = new_store();
	struct board_rec b = { .slug = "panel", .name = "Panel" };
	struct board_rec b2 = { .slug = "panel-new", .name = "Panel" };
	struct meeting_rec m = { .board_id = 1, .date = "2015-06-15",
	                         .source = "mg", .source_id = "7" };
	struct item_rec it = { .number = "5", .title = "Added by hand" };
	int64_t m1, m2, item;

	ck_assert_int_eq(store_board_add(s, &b, NULL), 0);
	ck_assert_int_eq(store_begin(s), 0);
	m1 = import_text(s, "Panel", "15/06/2015", "1");
	ck_assert_int_eq(import_text(s, "Panel", "15/06/2015", "2"), m1);
	/* An item added to the new meeting other than by the import: a page
	   of its number finds it. */
	it.meeting_id = m1;
	ck_assert_int_eq(store_item_add(s, &it, NULL), 0);
	ck_assert_int_eq(import_page_rc(s, "Panel", "15/06/2015", "5", &item),
	                 -EEXIST);
	/* The meeting moves to the 16th: the next page of the 15th is of a
	   new meeting. */
	ck_assert_int_eq(store_meeting_upsert(s, &m, NULL), 0);
	m.date = "2015-06-16";
	ck_assert_int_eq(store_meeting_upsert(s, &m, NULL), 0);
	m2 = import_text(s, "Panel", "15/06/2015", "3");
	ck_assert_int_ne(m2, m1);
	ck_assert_int_eq(count(s, "SELECT ?1 + count(*) FROM meeting WHERE"
	                 " date = '2015-06-15'", 0), 1);
	/* The board is renamed: "Panel" is no board's; then another takes
	   the name: the next page of "Panel" is that board's. */
	b.name = "Old Panel";
	ck_assert_int_eq(store_board_upsert(s, &b, NULL), 0);
	ck_assert_int_eq(import_page_rc(s, "Panel", "15/06/2015", "9", &item),
	                 -ENOENT);
	ck_assert_int_eq(store_board_add(s, &b2, NULL), 0);
	m2 = import_text(s, "Panel", "15/06/2015", "4");
	ck_assert_int_eq(count(s, "SELECT board_id FROM meeting WHERE id = ?",
	                 m2), count(s, "SELECT id FROM board WHERE slug ="
	                 " 'panel-new' AND ?1 = ?1", 0));
	ck_assert_int_eq(store_commit(s), 0);
	counters_agree(s);
	store_close(s);
}
END_TEST

/* Many items indexed at commit (with a larger FTS5 hash for the time):
   the stored FTS5 configuration is as it was, and every item is found. */
START_TEST(test_import_fts_config)
{
	store *s = new_store();
	struct board_rec b = { .slug = "panel", .name = "Panel" };
	const char *nohash = "SELECT ?1 + count(*) FROM item_fts_config WHERE"
	                     " k = 'hashsize'";
	const char *found = "SELECT ?1 + count(*) FROM item_fts WHERE"
	                    " item_fts MATCH 'noted'";
	char number[16];
	int i, round;

	ck_assert_int_eq(store_board_add(s, &b, NULL), 0);
	for (round = 0; round < 2; round++) {
		ck_assert_int_eq(store_begin(s), 0);
		for (i = 0; i < 100; i++) {
			snprintf(number, sizeof number, "%d", round * 100 + i + 1);
			import_text(s, "Panel", "15/06/2015", number);
		}
		ck_assert_int_eq(store_commit(s), 0);
		ck_assert_int_eq(count(s, found, 0), 100 * (round + 1));
		if (round == 0) {
			/* none stored: none after */
			ck_assert_int_eq(count(s, nohash, 0), 0);
			ck_assert_int_eq(store_exec(s, "INSERT INTO item_fts("
			                 "item_fts, rank) VALUES ('hashsize',"
			                 " 2000000)"), 0);
		}
	}
	/* one stored: the same after */
	ck_assert_int_eq(count(s, "SELECT ?1 + v FROM item_fts_config WHERE"
	                 " k = 'hashsize'", 0), 2000000);
	ck_assert_int_eq(count(s, "SELECT ?1 + count(*) FROM fts_pending", 0),
	                 0);
	store_close(s);
}
END_TEST

/* jw writes strings and keys as json_dumps(INDENT(2) | PRESERVE_ORDER)
   does: every control character, quotes, backslashes, UTF-8, integers at
   their limits; and each escaped byte at each place of a long string
   (plain bytes are skipped eight at a time). */
START_TEST(test_jw_escapes)
{
	json_t *o = json_object();
	char ctl[40], *want;
	struct buf b = { 0 };
	struct jw w;
	int i, round;

	for (i = 0; i < 32; i++)
		ctl[i] = (char)(i + 1 == 32 ? 'x' : i + 1);
	memcpy(ctl + 31, "\"\\/\x7f", 5);
	json_object_set_new(o, "ctl", json_string(ctl));
	json_object_set_new(o, "utf8", json_string("Children\u2019s \u00a3 \U0001F600"));
	json_object_set_new(o, "k\"ey\n", json_integer(INT64_MIN));
	json_object_set_new(o, "max", json_integer(INT64_MAX));
	want = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	ck_assert_ptr_nonnull(want);
	jw_begin(&w, &b);
	jw_obj(&w, NULL);
	jw_str(&w, "ctl", ctl);
	jw_str(&w, "utf8", "Children\u2019s \u00a3 \U0001F600");
	jw_int(&w, "k\"ey\n", INT64_MIN);
	jw_int(&w, "max", INT64_MAX);
	jw_end(&w);
	ck_assert_int_eq(jw_finish(&w), 0);
	ck_assert_uint_eq(b.len, strlen(want) + 1);
	ck_assert(memcmp(b.data, want, strlen(want)) == 0);
	free(want);
	json_decref(o);
	for (round = 0; round < 5 * 24; round++) {
		char str[25];

		memset(str, 'a', 24);
		str[24] = '\0';
		str[round % 24] = "\"\\\n\x01\x1f"[round / 24];
		if (round % 7 == 0 && (round + 11) % 24 < 23 &&
		    (round + 11) % 24 != round % 24 - 1) {
			str[(round + 11) % 24] = '\xc3';
			str[(round + 11) % 24 + 1] = '\xa9';
		}
		o = json_string(str);
		ck_assert_ptr_nonnull(o);
		want = json_dumps(o, JSON_ENCODE_ANY);
		buf_reset(&b);
		jw_begin(&w, &b);
		jw_str(&w, NULL, str);
		ck_assert_int_eq(jw_finish(&w), 0);
		ck_assert_uint_eq(b.len, strlen(want) + 1);
		ck_assert(memcmp(b.data, want, strlen(want)) == 0);
		free(want);
		json_decref(o);
	}
	buf_free(&b);
}
END_TEST

/* jw writes what json_dumps writes for the same value, as it goes; an
   invalid UTF-8 string is left out, as jansson leaves it out. */
START_TEST(test_jw)
{
	json_t *o = json_object(), *a = json_array(), *inner = json_object();
	char *want;
	struct buf b = { 0 };
	struct jw w;

	json_object_set_new(o, "format", json_integer(1));
	json_object_set_new(o, "s", json_string("a \"q\"\n\ttab \u00a3"));
	json_object_set_new(o, "bad", json_string("\xff"));   /* NULL: not set */
	json_object_set_new(o, "n", json_null());
	json_object_set_new(o, "min", json_integer(INT64_MIN));
	json_object_set_new(o, "t", json_true());
	json_object_set_new(o, "f", json_false());
	json_object_set_new(o, "empty_o", json_object());
	json_object_set_new(o, "empty_a", json_array());
	json_array_append_new(a, json_string("x"));
	json_array_append_new(a, json_string("\xc3("));      /* not appended */
	json_array_append_new(a, json_array());
	json_object_set_new(inner, "k", json_integer(-7));
	json_object_set_new(inner, "l", json_array());
	json_array_append_new(json_object_get(inner, "l"), json_null());
	json_array_append_new(a, inner);
	json_object_set_new(o, "nested", a);
	want = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	ck_assert_ptr_nonnull(want);

	buf_puts(&b, "prefix ");
	jw_begin(&w, &b);
	jw_obj(&w, NULL);
	jw_int(&w, "format", 1);
	jw_str(&w, "s", "a \"q\"\n\ttab \u00a3");
	jw_str(&w, "bad", "\xff");
	jw_str(&w, "n", NULL);
	jw_int(&w, "min", INT64_MIN);
	jw_bool(&w, "t", 1);
	jw_bool(&w, "f", 0);
	jw_obj(&w, "empty_o");
	jw_end(&w);
	jw_arr(&w, "empty_a");
	jw_end(&w);
	jw_arr(&w, "nested");
	jw_str(&w, NULL, "x");
	jw_str(&w, NULL, "\xc3(");
	jw_arr(&w, NULL);
	jw_end(&w);
	jw_obj(&w, NULL);
	jw_int(&w, "k", -7);
	jw_arr(&w, "l");
	jw_null(&w, NULL);
	jw_end(&w);
	jw_end(&w);
	jw_end(&w);
	jw_end(&w);
	ck_assert_int_eq(jw_finish(&w), 0);
	ck_assert_uint_eq(b.len, 7 + strlen(want) + 1);
	ck_assert(memcmp(b.data + 7, want, strlen(want)) == 0);
	ck_assert_int_eq(b.data[b.len - 1], '\n');
	free(want);
	json_decref(o);

	/* Unclosed, or an error set: b as it was. */
	jw_begin(&w, &b);
	jw_obj(&w, NULL);
	jw_str(&w, "k", "v");
	ck_assert_int_eq(jw_finish(&w), -EINVAL);
	ck_assert_uint_eq(b.len, 7 + strlen(b.data + 7));
	jw_begin(&w, &b);
	jw_obj(&w, NULL);
	jw_end(&w);
	w.err = -EIO;
	ck_assert_int_eq(jw_finish(&w), -EIO);
	ck_assert_uint_eq(strlen(b.data), b.len);
	buf_free(&b);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *su = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_schema_create);
	tcase_add_test(tc, test_schema_too_new);
	tcase_add_test(tc, test_reader_schema_lazy);
	tcase_add_test(tc, test_schema_not_govfs);
	tcase_add_test(tc, test_slug_rules);
	tcase_add_test(tc, test_slug_unique_items);
	tcase_add_test(tc, test_node_encoding);
	tcase_add_test(tc, test_node_lookup_readdir);
	tcase_add_test(tc, test_item_row_memo);
	tcase_add_test(tc, test_node_search);
	tcase_add_test(tc, test_search_registry);
	tcase_add_test(tc, test_write_validation);
	tcase_add_test(tc, test_transaction_rollback);
	tcase_add_test(tc, test_changes);
	tcase_add_test(tc, test_golden);
	tcase_add_test(tc, test_import_seeds);
	tcase_add_test(tc, test_import_bulk_triggers);
	tcase_add_test(tc, test_import_remembers);
	tcase_add_test(tc, test_import_fts_config);
	tcase_add_test(tc, test_jw_escapes);
	tcase_add_test(tc, test_jw);
	suite_add_tcase(su, tc);
	return su;
}

CHECK_MAIN(store_suite)
