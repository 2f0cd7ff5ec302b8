/*
** check_correct.c — unit tests of the corrections (store/correct.c):
** remove, move, rename and merge, each one transaction, recorded in the
** correction log and the actions' history, refusals leaving the database
** as it was, and the change log naming what a mount must forget.
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_util.h"
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

/* Ids of the fixture's records. */
struct fx {
	int64_t b1, b2, m1, m2, m3, i1, i2, i3, a1, a2, a3, person, plan;
};

static int64_t add_item(store *s, int64_t meeting, const char *number,
                        const char *title)
{
	struct item_rec it = { .meeting_id = meeting, .number = number,
	                       .title = title, .minutes = "Minutes." };
	int64_t id;

	ck_assert_int_eq(store_item_add(s, &it, &id), 0);
	return id;
}

static int64_t add_action(store *s, int64_t item, int64_t board,
                          const char *text)
{
	struct action_rec a = { .item_id = item, .board_id = board,
	                        .text = text, .due = "2026-12-01" };
	int64_t id;

	ck_assert_int_eq(store_action_add(s, &a, &id), 0);
	return id;
}

/*
** Two boards: cabinet (meeting 2026-01-15 with items 5 and 6, meeting
** 2026-02-01 with item 5) and panel (meeting 2026-01-15 with item 5).
** Item 5 of the first meeting has an action, a person and a plan; the
** panel has an action of its item and one of its own.
*/
static store *fixture(struct fx *f)
{
	store *s = check_open(dbpath, STORE_RDWR | STORE_CREATE);
	struct board_rec b1 = { .slug = "cabinet", .name = "Cabinet" };
	struct board_rec b2 = { .slug = "panel", .name = "Panel" };
	struct meeting_rec m = { .date = "2026-01-15" };
	int64_t panel_item;

	ck_assert_int_eq(store_board_add(s, &b1, &f->b1), 0);
	ck_assert_int_eq(store_board_add(s, &b2, &f->b2), 0);
	m.board_id = f->b1;
	ck_assert_int_eq(store_meeting_add(s, &m, &f->m1), 0);
	m.date = "2026-02-01";
	ck_assert_int_eq(store_meeting_add(s, &m, &f->m2), 0);
	m.board_id = f->b2;
	m.date = "2026-01-15";
	ck_assert_int_eq(store_meeting_add(s, &m, &f->m3), 0);
	f->i1 = add_item(s, f->m1, "5", "Budget");
	f->i2 = add_item(s, f->m1, "6", "Schools");
	f->i3 = add_item(s, f->m2, "5", "Housing");
	panel_item = add_item(s, f->m3, "5", "Panel budget");
	f->a1 = add_action(s, f->i1, 0, "Report back");
	f->a2 = add_action(s, panel_item, 0, "Panel follow-up");
	f->a3 = add_action(s, 0, f->b2, "Panel's own");
	ck_assert_int_eq(store_person_get(s, "Jane Smith", NULL, &f->person),
	                 0);
	ck_assert_int_eq(store_item_person_add(s, f->i1, f->person, "witness"),
	                 0);
	ck_assert_int_eq(store_plan_add(s, "plan", "Plan", NULL, NULL,
	                 &f->plan), 0);
	ck_assert_int_eq(store_plan_item_add(s, f->plan, f->i1), 0);
	return s;
}

/* Does path resolve in the tree? */
static int exists(store *s, const char *path)
{
	struct node_attr a;

	return store_resolve(s, path, &a) == 0;
}

static int64_t count(store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A fingerprint of every row of the tables a correction writes. */
static int64_t fingerprint(store *s)
{
	return count(s, "SELECT (SELECT total(id * 7 + board_id + length(slug))"
	             " FROM meeting) + (SELECT total(id * 11 + meeting_id +"
	             " length(slug)) FROM item) + (SELECT total(id * 13 +"
	             " board_id + coalesce(item_id, 0)) FROM action) +"
	             " (SELECT count(*) FROM action_history) * 17 +"
	             " (SELECT total(id * 19 + length(slug)) FROM board) +"
	             " (SELECT count(*) FROM change) * 23 +"
	             " (SELECT count(*) FROM correction) * 29");
}

/* What store_changes says since seq: entries "parent-kind:name" and
   inodes, each line "E <kind> <id> <name>" or "I <kind> <id>". */
static void collect(void *ctx, uint64_t ino, uint64_t parent,
                    const char *name)
{
	struct buf *b = ctx;

	if (name)
		buf_printf(b, "E %d %lld %s\n", (int)NODE_KIND(parent),
		           (long long)NODE_ID(parent), name);
	else
		buf_printf(b, "I %d %lld\n", (int)NODE_KIND(ino),
		           (long long)NODE_ID(ino));
}

static void changes_since(store *s, int64_t *seq, struct buf *out)
{
	buf_reset(out);
	ck_assert_int_eq(store_changes(s, seq, collect, out), 0);
	ck_assert(buf_ok(out));
}

START_TEST(test_item_rm)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 }, ch = { 0 }, want = { 0 };
	int64_t seq = -1;

	ck_assert_int_eq(store_changes(s, &seq, NULL, NULL), 0);
	ck_assert_int_eq(store_item_rm(s, f.i1, 0, &said), 0);
	ck_assert_str_eq(said.data, "removed boards/cabinet/meetings/"
	                 "2026-01-15/items/05-budget (1 action kept, detached)");
	ck_assert(!exists(s, "boards/cabinet/meetings/2026-01-15/items/"
	                  "05-budget"));
	/* The action stays, detached, its history says why. */
	ck_assert(exists(s, "actions/000001/action.txt"));
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE id = 1"
	                 " AND item_id IS NULL AND board_id = 1"), 1);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action_history WHERE"
	                 " action_id = 1 AND change = 'item removed: boards/"
	                 "cabinet/meetings/2026-01-15/items/05-budget'"), 1);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM correction WHERE"
	                 " verb = 'rm' AND kind = 'item' AND new IS NULL AND"
	                 " old = 'boards/cabinet/meetings/2026-01-15/items/"
	                 "05-budget'"), 1);
	/* A mount forgets the links in people/ and plans/. */
	changes_since(s, &seq, &ch);
	buf_printf(&want, "E %d %lld 2026-01-15-cabinet-05-budget\n",
	           NK_PERSON_ITEMS, (long long)f.person);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	buf_reset(&want);
	buf_printf(&want, "E %d %lld 2026-01-15-cabinet-05-budget\n",
	           NK_PLAN_ITEMS, (long long)f.plan);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	buf_reset(&want);
	buf_printf(&want, "I %d %lld\n", NK_PERSON_TXT, (long long)f.person);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	/* Recursive: the item's actions go with it. */
	buf_reset(&said);
	ck_assert_int_eq(store_item_rm(s, f.i3, 1, &said), 0);
	ck_assert_int_eq(store_item_rm(s, f.i3, 1, &said), -ENOENT);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM item"), 2);
	buf_free(&said);
	buf_free(&ch);
	buf_free(&want);
	store_close(s);
}
END_TEST

START_TEST(test_refusals_change_nothing)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 };
	int64_t before = fingerprint(s), id;
	int kind;

	ck_assert_int_eq(store_meeting_rm(s, f.m1, 0, &said), -ENOTEMPTY);
	ck_assert_str_eq(store_errmsg(s), "boards/cabinet/meetings/2026-01-15"
	                 " has 2 items: remove them first, or use --recursive");
	ck_assert_int_eq(store_board_rm(s, f.b2, 0, &said), -ENOTEMPTY);
	ck_assert_str_eq(store_errmsg(s), "boards/panel has 1 meeting, 2 "
	                 "actions: remove them first, or use --recursive");
	ck_assert_int_eq(store_item_mv(s, f.i2, 0, "5", &said), -EEXIST);
	ck_assert_int_eq(store_item_mv(s, f.i2, 0, "", &said), -EINVAL);
	ck_assert_int_eq(store_item_mv(s, f.i2, 9999, NULL, &said), -ENOENT);
	ck_assert_int_eq(store_item_mv(s, f.i2, f.m1, "6", &said), -EALREADY);
	ck_assert_int_eq(store_meeting_mv(s, f.m1, 0, "2026-02-30", &said),
	                 -EINVAL);
	ck_assert_int_eq(store_meeting_mv(s, f.m1, f.b1, "2026-01-15", &said),
	                 -EALREADY);
	ck_assert_int_eq(store_board_rename(s, f.b1, "panel", NULL, &said),
	                 -EEXIST);
	ck_assert_int_eq(store_board_rename(s, f.b1, "Bad Slug", NULL, &said),
	                 -EINVAL);
	ck_assert_int_eq(store_board_merge(s, f.b1, f.b1, &said), -EINVAL);
	ck_assert_int_eq(store_board_merge(s, f.b1, 99, &said), -ENOENT);
	ck_assert_int_eq(store_action_rm(s, 99, &said), -ENOENT);
	ck_assert_int_eq(store_issue_rm(s, 99, &said), -ENOENT);
	kind = 0;
	ck_assert_int_eq(store_record_find(s, "boards/nope", &kind, &id),
	                 -ENOENT);
	kind = 0;
	ck_assert_int_eq(store_record_find(s, "boards/cabinet/board.txt",
	                 &kind, &id), -EINVAL);
	kind = REC_ITEM;
	ck_assert_int_eq(store_record_find(s, "12345", &kind, &id), -ENOENT);
	ck_assert_int_eq(fingerprint(s), before);
	ck_assert_uint_eq(said.len, 0);
	/* Inside the caller's transaction: rolled back with it. */
	ck_assert_int_eq(store_begin(s), 0);
	ck_assert_int_eq(store_board_rm(s, f.b1, 1, &said), 0);
	ck_assert_int_eq(store_item_rm(s, f.i1, 0, &said), -ENOENT);
	ck_assert_int_eq(store_rollback(s), 0);
	ck_assert_int_eq(fingerprint(s), before);
	buf_free(&said);
	store_close(s);
}
END_TEST

START_TEST(test_rm_recursive)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 };
	int kind = 0;
	int64_t id;

	ck_assert_int_eq(store_record_find(s, "boards/cabinet/meetings/"
	                 "2026-01-15", &kind, &id), 0);
	ck_assert_int_eq(kind, REC_MEETING);
	ck_assert_int_eq(id, f.m1);
	ck_assert_int_eq(store_meeting_rm(s, f.m1, 1, &said), 0);
	ck_assert_str_eq(said.data, "removed boards/cabinet/meetings/2026-01-15"
	                 " (with 2 items, 1 action)");
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE id = 1"),
	                 0);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM item_fts WHERE"
	                 " item_fts MATCH 'budget'"), 1);   /* the panel's */
	buf_reset(&said);
	ck_assert_int_eq(store_board_rm(s, f.b2, 1, &said), 0);
	ck_assert_str_eq(said.data, "removed boards/panel (with 1 meeting, 1 "
	                 "item, 2 actions)");
	ck_assert(!exists(s, "boards/panel"));
	ck_assert(!exists(s, "meetings/2026-01-15-panel"));
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action"), 0);
	ck_assert_int_eq(count(s, "SELECT n FROM counter WHERE name = 'item'"),
	                 1);
	ck_assert_int_eq(count(s, "SELECT n FROM counter WHERE"
	                 " name = 'action.open'"), 0);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM correction"), 2);
	ck_assert_int_eq(count(s, "PRAGMA foreign_key_check"), -1);
	buf_free(&said);
	store_close(s);
}
END_TEST

START_TEST(test_item_mv)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 }, ch = { 0 }, want = { 0 };
	int64_t seq = -1;

	ck_assert_int_eq(store_changes(s, &seq, NULL, NULL), 0);
	ck_assert_int_eq(store_item_mv(s, f.i1, 0, "7", &said), 0);
	ck_assert_str_eq(said.data, "boards/cabinet/meetings/2026-01-15/items/"
	                 "05-budget -> boards/cabinet/meetings/2026-01-15/items/"
	                 "07-budget");
	ck_assert(exists(s, "boards/cabinet/meetings/2026-01-15/items/07-budget"
	                 "/item.txt"));
	ck_assert(exists(s, "people/jane-smith/items/2026-01-15-cabinet-"
	                 "07-budget"));
	ck_assert(!exists(s, "people/jane-smith/items/2026-01-15-cabinet-"
	                  "05-budget"));
	changes_since(s, &seq, &ch);
	buf_printf(&want, "E %d %lld 2026-01-15-cabinet-05-budget\n",
	           NK_PERSON_ITEMS, (long long)f.person);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	buf_reset(&want);
	buf_printf(&want, "E %d %lld 05-budget\n", NK_MEETING_ITEMS,
	           (long long)f.m1);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	/* To the panel's meeting: its action follows it to the panel. */
	buf_reset(&said);
	ck_assert_int_eq(store_item_mv(s, f.i1, f.m3, "8", &said), 0);
	ck_assert_int_eq(count(s, "SELECT board_id FROM action WHERE id = 1"),
	                 f.b2);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action_history WHERE"
	                 " action_id = 1 AND change LIKE 'item moved: %'"), 2);
	ck_assert(exists(s, "boards/panel/meetings/2026-01-15/items/08-budget"));
	ck_assert_int_eq(count(s, "SELECT count(*) FROM correction WHERE"
	                 " verb = 'mv'"), 2);
	buf_free(&said);
	buf_free(&ch);
	buf_free(&want);
	store_close(s);
}
END_TEST

START_TEST(test_meeting_mv)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 }, ch = { 0 }, want = { 0 };
	int64_t seq = -1;

	/* To a date the board has: named <date>-2. */
	ck_assert_int_eq(store_changes(s, &seq, NULL, NULL), 0);
	ck_assert_int_eq(store_meeting_mv(s, f.m2, 0, "2026-01-15", &said), 0);
	ck_assert_str_eq(said.data, "boards/cabinet/meetings/2026-02-01 -> "
	                 "boards/cabinet/meetings/2026-01-15-2");
	ck_assert(exists(s, "meetings/2026-01-15-2-cabinet/items/05-housing"));
	ck_assert(!exists(s, "meetings/2026-02-01-cabinet"));
	changes_since(s, &seq, &ch);
	buf_printf(&want, "E %d 0 2026-02-01-cabinet\n", NK_MEETINGS);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	/* To the other board: the actions of its items follow. */
	buf_reset(&said);
	ck_assert_int_eq(store_meeting_mv(s, f.m1, f.b2, NULL, &said), 0);
	ck_assert_str_eq(said.data, "boards/cabinet/meetings/2026-01-15 -> "
	                 "boards/panel/meetings/2026-01-15-2");
	ck_assert_int_eq(count(s, "SELECT board_id FROM action WHERE id = 1"),
	                 f.b2);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action_history WHERE"
	                 " action_id = 1 AND change = 'meeting moved: boards/"
	                 "cabinet/meetings/2026-01-15 -> boards/panel/meetings/"
	                 "2026-01-15-2'"), 1);
	buf_free(&said);
	buf_free(&ch);
	buf_free(&want);
	store_close(s);
}
END_TEST

START_TEST(test_board_rename)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 }, ch = { 0 }, want = { 0 }, t = { 0 };
	int64_t seq = -1;

	ck_assert_int_eq(store_changes(s, &seq, NULL, NULL), 0);
	ck_assert_int_eq(store_board_rename(s, f.b1, "the-cabinet",
	                 "The Cabinet", &said), 0);
	ck_assert_str_eq(said.data, "boards/cabinet -> boards/the-cabinet, "
	                 "named The Cabinet");
	ck_assert(!exists(s, "boards/cabinet"));
	ck_assert(exists(s, "boards/the-cabinet/meetings/2026-01-15/items/"
	                 "05-budget"));
	ck_assert(exists(s, "meetings/2026-01-15-the-cabinet"));
	ck_assert(exists(s, "plans/plan/items/2026-01-15-the-cabinet-"
	                 "05-budget"));
	ck_assert_int_eq(store_readlink(s, NODE_INO(NK_MEETING_LINK, f.m1),
	                 &t), 0);
	ck_assert_str_eq(t.data, "../boards/the-cabinet/meetings/2026-01-15");
	changes_since(s, &seq, &ch);
	buf_printf(&want, "E %d 0 2026-01-15-cabinet\n", NK_MEETINGS);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	buf_reset(&want);
	buf_printf(&want, "E %d %lld 2026-01-15-cabinet-05-budget\n",
	           NK_PLAN_ITEMS, (long long)f.plan);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	buf_reset(&want);
	buf_printf(&want, "E %d 0 cabinet\n", NK_BOARDS);
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	buf_reset(&want);
	buf_printf(&want, "I %d 1\n", NK_ACTION_TXT);   /* Board: line */
	ck_assert_msg(strstr(ch.data, want.data), "%s", ch.data);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action_history WHERE"
	                 " action_id = 1 AND change LIKE 'board renamed: %'"),
	                 1);
	/* The name alone. */
	buf_reset(&said);
	ck_assert_int_eq(store_board_rename(s, f.b1, NULL, "Cabinet", &said),
	                 0);
	ck_assert_int_eq(store_board_rename(s, f.b1, "the-cabinet", NULL,
	                 &said), -EALREADY);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM correction WHERE"
	                 " verb = 'rename'"), 2);
	buf_free(&said);
	buf_free(&ch);
	buf_free(&want);
	buf_free(&t);
	store_close(s);
}
END_TEST

START_TEST(test_board_merge)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 };
	int64_t m4;
	struct meeting_rec m = { .board_id = 0, .date = "2026-02-01",
	                         .location = "Town Hall" };

	/* The panel also met on 2026-02-01, with an item 6: that meeting
	   joins the cabinet's of that day (no number clash); its 2026-01-15
	   meeting has an item 5 as the cabinet's has: it becomes -2. */
	m.board_id = f.b2;
	ck_assert_int_eq(store_meeting_add(s, &m, &m4), 0);
	add_item(s, m4, "6", "Parks");
	ck_assert_int_eq(store_board_merge(s, f.b2, f.b1, &said), 0);
	ck_assert_str_eq(said.data,
		"boards/panel/meetings/2026-01-15 -> boards/cabinet/meetings/"
		"2026-01-15-2 (boards/cabinet/meetings/2026-01-15 has items with"
		" the same numbers)\n"
		"boards/panel/meetings/2026-02-01 -> boards/cabinet/meetings/"
		"2026-02-01 (joined: 1 item, same date)\n"
		"boards/panel -> boards/cabinet (2 meetings, 2 actions moved; "
		"boards/panel removed)");
	ck_assert(!exists(s, "boards/panel"));
	ck_assert(exists(s, "boards/cabinet/meetings/2026-02-01/items/"
	                 "06-parks"));
	ck_assert(exists(s, "boards/cabinet/meetings/2026-01-15-2/items/"
	                 "05-panel-budget"));
	ck_assert_int_eq(count(s, "SELECT count(*) FROM meeting WHERE id = 2"
	                 " AND location = 'Town Hall'"), 1);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action WHERE"
	                 " board_id = 1"), 3);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM action_history WHERE"
	                 " change = 'board merged: boards/panel -> "
	                 "boards/cabinet'"), 2);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM correction WHERE"
	                 " verb = 'merge' AND old = 'boards/panel' AND"
	                 " new = 'boards/cabinet' AND detail LIKE"
	                 " '2 meetings, 2 actions: %; %'"), 1);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM board"), 1);
	buf_free(&said);
	store_close(s);
}
END_TEST

START_TEST(test_action_issue_rm)
{
	struct fx f;
	store *s = fixture(&f);
	struct buf said = { 0 };
	struct issue_rec r = { .council = "Council", .title = "School places",
	                      .source_id = "77" };
	int64_t issue;
	int kind = 0;
	int64_t id;

	ck_assert_int_eq(store_record_find(s, "actions/000003", &kind, &id), 0);
	ck_assert_int_eq(kind, REC_ACTION);
	ck_assert_int_eq(store_action_rm(s, id, &said), 0);
	ck_assert_str_eq(said.data, "removed actions/000003");
	ck_assert(!exists(s, "actions/000003"));
	ck_assert_int_eq(count(s, "SELECT count(*) FROM correction WHERE"
	                 " kind = 'action' AND detail = 'Panel''s own'"), 1);
	ck_assert_int_eq(store_issue_upsert(s, &r, &issue), 0);
	ck_assert_int_eq(store_item_issue_add(s, f.i1, issue), 0);
	buf_reset(&said);
	ck_assert_int_eq(store_issue_rm(s, issue, &said), 0);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM issue"), 0);
	ck_assert_int_eq(count(s, "SELECT count(*) FROM item WHERE id = 1"), 1);
	buf_free(&said);
	store_close(s);
}
END_TEST

static Suite *correct_suite(void)
{
	Suite *su = suite_create("correct");
	TCase *tc = tcase_create("correct");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_item_rm);
	tcase_add_test(tc, test_refusals_change_nothing);
	tcase_add_test(tc, test_rm_recursive);
	tcase_add_test(tc, test_item_mv);
	tcase_add_test(tc, test_meeting_mv);
	tcase_add_test(tc, test_board_rename);
	tcase_add_test(tc, test_board_merge);
	tcase_add_test(tc, test_action_issue_rm);
	suite_add_tcase(su, tc);
	return su;
}

CHECK_MAIN(correct_suite)
