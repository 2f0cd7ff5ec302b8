/*
** check_records.c — unit tests of what pages say beyond minutes (store/
** records.c): an item's decision-record fields, partial mark and other
** labelled fields; issues and their items; placing a page's board by
** committee and council; the next free item number.
*/
#include <string.h>
#include <unistd.h>

#include "check_util.h"
#include "store_int.h"

static char tmpdir[] = "/tmp/govfs-records-XXXXXX";
static char dbpath[256];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(strcpy(tmpdir,
	                                     "/tmp/govfs-records-XXXXXX")));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", tmpdir);
	setenv("GOVCTL_NOW", "2026-11-23T10:00:00Z", 1);
}

static void teardown(void)
{
	check_rmtree(tmpdir);
}

/* The integer sql (binding ?1 = id, when id is not 0) gives. */
static int64_t q_int(store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int64_t v;

	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	if (id)
		sqlite3_bind_int64(st, 1, id);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The text sql (binding ?1 = id) gives, into out ("(null)" for NULL). */
static const char *q_text(store *s, const char *sql, int64_t id,
                          char *out, size_t outsz)
{
	sqlite3_stmt *st;
	const unsigned char *t;

	ck_assert_int_eq(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	t = sqlite3_column_text(st, 0);
	snprintf(out, outsz, "%s", t ? (const char *)t : "(null)");
	sqlite3_finalize(st);
	return out;
}

/* A store with a board "cabinet" (council Slough) and a meeting. */
static store *fixture(int64_t *meeting)
{
	store *s = check_open(dbpath, STORE_RDWR | STORE_CREATE);
	struct board_rec b = { .slug = "slough-cabinet", .name = "Cabinet",
	                       .council = "Slough Borough Council" };
	struct meeting_rec m = { .date = "2021-09-24" };
	int64_t board;

	ck_assert_int_eq(store_board_add(s, &b, &board), 0);
	m.board_id = board;
	ck_assert_int_eq(store_meeting_add(s, &m, meeting), 0);
	return s;
}

static const struct field_rec fields3[] = {
	{ "Reason Key", "Expenditure > £500,000" },
	{ "Divisions Affected", "All Divisions" },
	{ "SLT date", "" },
};

/* ---- items ----------------------------------------------------------------- */

START_TEST(test_item_decision_fields)
{
	int64_t meeting, item, again, changes, updated;
	store *s = fixture(&meeting);
	struct item_rec it = {
		.meeting_id = meeting, .number = "3", .title = "Home to school "
		"transport", .partial = 1, .decision_maker = "Cabinet",
		.decision_status = "Recommendations Approved",
		.key_decision = "yes", .call_in = "no",
		.purpose = "To agree the policy.", .reasons = "Statutory duty.",
		.alternatives = "None.", .author = "Jane Smith",
		.published = "2021-09-27", .decided = "2021-09-24",
		.effective_from = "2021-10-05", .fields = fields3, .nfields = 3,
	};
	char t[256];

	ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	ck_assert_int_eq(q_int(s, "SELECT partial FROM item WHERE id = ?", item),
	                 1);
	ck_assert_str_eq(q_text(s, "SELECT decision_maker || '|' ||"
	                 " decision_status || '|' || key_decision || '|' ||"
	                 " call_in || '|' || reasons || '|' || alternatives"
	                 " || '|' || author || '|' || published || '|' ||"
	                 " decided || '|' || effective_from FROM item"
	                 " WHERE id = ?", item, t, sizeof t),
	                 "Cabinet|Recommendations Approved|yes|no|Statutory "
	                 "duty.|None.|Jane Smith|2021-09-27|2021-09-24|"
	                 "2021-10-05");
	ck_assert_str_eq(q_text(s, "SELECT group_concat(label || '=' || value,"
	                 " ';') FROM (SELECT * FROM item_field WHERE item_id = ?"
	                 " ORDER BY ord)", item, t, sizeof t),
	                 "Reason Key=Expenditure > £500,000;Divisions Affected="
	                 "All Divisions;SLT date=");

	/* The same record again writes nothing: no change logged. */
	changes = q_int(s, "SELECT count(*) FROM change", 0);
	updated = q_int(s, "SELECT updated FROM item WHERE id = ?", item);
	setenv("GOVCTL_NOW", "2030-11-24T10:00:00Z", 1);
	store_close(s);
	s = check_open(dbpath, STORE_RDWR);
	ck_assert_int_eq(store_item_upsert(s, &it, &again), 0);
	ck_assert_int_eq(again, item);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM change", 0), changes);
	ck_assert_int_eq(q_int(s, "SELECT updated FROM item WHERE id = ?",
	                 item), updated);

	/* A changed page: fields replaced in place, the extra one gone, the
	   item's time moved, the partial mark cleared. */
	it.nfields = 1;
	it.partial = 0;
	it.call_in = NULL;
	ck_assert_int_eq(store_item_upsert(s, &it, &again), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM item_field"
	                 " WHERE item_id = ?", item), 1);
	ck_assert_int_eq(q_int(s, "SELECT partial FROM item WHERE id = ?", item),
	                 0);
	ck_assert_int_eq(q_int(s, "SELECT call_in IS NULL FROM item"
	                 " WHERE id = ?", item), 1);
	ck_assert_int_gt(q_int(s, "SELECT updated FROM item WHERE id = ?",
	                 item), updated);
	ck_assert_int_gt(q_int(s, "SELECT count(*) FROM change WHERE"
	                 " tbl = 'item_field' AND parent_id IS NULL", 0), 0);

	/* Only a field's value changing: logged, and the item's time moves. */
	{
		struct field_rec f1 = { "Reason Key", "Changed" };

		setenv("GOVCTL_NOW", "2030-11-25T10:00:00Z", 1);
		store_close(s);
		s = check_open(dbpath, STORE_RDWR);
		updated = q_int(s, "SELECT updated FROM item WHERE id = ?", item);
		it.fields = &f1;
		ck_assert_int_eq(store_item_upsert(s, &it, &again), 0);
		ck_assert_str_eq(q_text(s, "SELECT value FROM item_field WHERE"
		                 " item_id = ?", item, t, sizeof t), "Changed");
		ck_assert_int_gt(q_int(s, "SELECT updated FROM item WHERE"
		                 " id = ?", item), updated);
	}
	store_close(s);
}
END_TEST

START_TEST(test_item_fields_refused)
{
	int64_t meeting, item;
	store *s = fixture(&meeting);
	struct item_rec it = { .meeting_id = meeting, .number = "1",
	                       .title = "T" };
	struct field_rec bad_label[] = { { "", "x" } };
	struct field_rec two_lines[] = { { "A\nB", "x" } };
	struct field_rec ctrl[] = { { "Label", "a\x01" } };
	int64_t items = q_int(s, "SELECT count(*) FROM item", 0);

	it.key_decision = "Yes";
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "key decision"));
	it.key_decision = NULL;
	it.call_in = "maybe";
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "call-in"));
	it.call_in = NULL;
	it.decided = "24/09/2021";
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "date of decision"));
	it.decided = NULL;
	it.effective_from = "2021-02-30";
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	it.effective_from = NULL;
	it.fields = bad_label;
	it.nfields = 1;
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	it.fields = two_lines;
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	it.fields = ctrl;
	ck_assert_int_eq(store_item_add(s, &it, &item), -EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "Label"));
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM item", 0), items);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM item_field", 0), 0);
	store_close(s);
}
END_TEST

START_TEST(test_item_next_number)
{
	int64_t meeting, item;
	store *s = fixture(&meeting);
	struct item_rec it = { .meeting_id = meeting, .title = "T" };
	const char *numbers[] = { "1", "4a", "3", "B2" };
	char next[16];
	size_t i;

	ck_assert_int_eq(store_item_next_number(s, meeting, next), 0);
	ck_assert_str_eq(next, "1");
	for (i = 0; i < 4; i++) {
		it.number = numbers[i];
		ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	}
	ck_assert_int_eq(store_item_next_number(s, meeting, next), 0);
	ck_assert_str_eq(next, "5");
	it.number = next;
	ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	ck_assert_int_eq(store_item_next_number(s, meeting, next), 0);
	ck_assert_str_eq(next, "6");
	store_close(s);
}
END_TEST

/* ---- issues ------------------------------------------------------------------- */

START_TEST(test_issue_upsert)
{
	int64_t meeting, issue, again, other, found, item;
	store *s = fixture(&meeting);
	struct field_rec f[] = { { "Reason Key", "Cost" },
	                         { "Consultation", "None" } };
	struct issue_rec r = {
		.council = "Slough Borough Council", .source_id = "10698",
		.title = "Children's Services Improvement Plan",
		.decision_maker = "Cabinet", .decision_due = "15 Mar 2021",
		.key_decision = "yes", .lead_officer = "Director of Children's "
		"Services", .wards = "All Wards", .fields = f, .nfields = 2,
	};
	struct item_rec it = { .meeting_id = meeting, .number = "5",
	                       .title = "Improvement plan" };
	char t[256];

	ck_assert_int_eq(store_issue_upsert(s, &r, &issue), 0);
	ck_assert_str_eq(q_text(s, "SELECT slug FROM issue WHERE id = ?",
	                 issue, t, sizeof t),
	                 "childrens-services-improvement-plan");
	ck_assert_str_eq(q_text(s, "SELECT source || ' ' || source_id FROM"
	                 " issue WHERE id = ?", issue, t, sizeof t),
	                 "moderngov slough-borough-council/10698");
	ck_assert_int_eq(q_int(s, "SELECT n FROM counter WHERE name = 'issue'",
	                 0), 1);

	/* Another page of the same issue: by id; fields it does not give
	   stay, those it gives replace; other fields merge by label. */
	{
		struct field_rec g[] = { { "Consultation", "Parents" },
		                         { "Financial impact", "£1m" } };
		struct issue_rec r2 = { .council = "slough borough council",
		                        .source_id = "10698",
		                        .title = r.title, .status = "For "
		                        "determination", .fields = g,
		                        .nfields = 2 };

		ck_assert_int_eq(store_issue_upsert(s, &r2, &again), 0);
		ck_assert_int_eq(again, issue);
	}
	ck_assert_str_eq(q_text(s, "SELECT decision_maker || '|' || status ||"
	                 " '|' || wards FROM issue WHERE id = ?", issue, t,
	                 sizeof t), "Cabinet|For determination|All Wards");
	ck_assert_str_eq(q_text(s, "SELECT group_concat(label || '=' || value,"
	                 " ';') FROM (SELECT * FROM issue_field"
	                 " WHERE issue_id = ? ORDER BY ord)", issue, t, sizeof t),
	                 "Reason Key=Cost;Consultation=Parents;"
	                 "Financial impact=£1m");
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM council", 0), 1);

	/* By title when the page gives no id; a new title renames. */
	r.source_id = NULL;
	r.nfields = 0;
	ck_assert_int_eq(store_issue_upsert(s, &r, &again), 0);
	ck_assert_int_eq(again, issue);
	r.source_id = "10698";
	r.title = "Children's Services Improvement Plan 2021";
	ck_assert_int_eq(store_issue_upsert(s, &r, &again), 0);
	ck_assert_int_eq(again, issue);
	ck_assert_str_eq(q_text(s, "SELECT slug FROM issue WHERE id = ?",
	                 issue, t, sizeof t),
	                 "childrens-services-improvement-plan-2021");

	/* Ids are per council: the same IId of another council, and the
	   same title, is another issue, in a folder of its own. */
	r.council = "Bury Council";
	ck_assert_int_eq(store_issue_upsert(s, &r, &other), 0);
	ck_assert_int_ne(other, issue);
	ck_assert_str_eq(q_text(s, "SELECT slug FROM issue WHERE id = ?",
	                 other, t, sizeof t),
	                 "childrens-services-improvement-plan-2021-2");

	/* Found by id, slug and path. */
	snprintf(t, sizeof t, "%lld", (long long)other);
	ck_assert_int_eq(store_issue_find(s, t, &found), 0);
	ck_assert_int_eq(found, other);
	ck_assert_int_eq(store_issue_find(s, "childrens-services-improvement-"
	                 "plan-2021", &found), 0);
	ck_assert_int_eq(found, issue);
	ck_assert_int_eq(store_issue_find(s, "issues/childrens-services-"
	                 "improvement-plan-2021-2/issue.txt", &found), 0);
	ck_assert_int_eq(found, other);
	ck_assert_int_eq(store_issue_find(s, "issues/nope", &found), -ENOENT);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "no issue issues/nope"));

	/* Links: once each, the item's time moves, bad ids refused. */
	ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	ck_assert_int_eq(store_item_issue_add(s, item, issue), 0);
	ck_assert_int_eq(store_item_issue_add(s, item, issue), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM item_issue", 0), 1);
	ck_assert_int_gt(q_int(s, "SELECT count(*) FROM change WHERE"
	                 " tbl = 'item_issue'", 0), 0);
	ck_assert_int_eq(store_item_issue_add(s, item, 999), -ENOENT);
	ck_assert_int_eq(store_item_issue_add(s, 999, issue), -ENOENT);

	/* Refused: no title, an id with no council, a bad key decision. */
	{
		struct issue_rec bad = { .council = "X", .title = "" };
		int64_t n = q_int(s, "SELECT count(*) FROM issue", 0);

		ck_assert_int_eq(store_issue_upsert(s, &bad, &again), -EINVAL);
		bad.title = "T";
		bad.council = NULL;
		bad.source_id = "1";
		ck_assert_int_eq(store_issue_upsert(s, &bad, &again), -EINVAL);
		bad.council = "X";
		bad.key_decision = "Y";
		ck_assert_int_eq(store_issue_upsert(s, &bad, &again), -EINVAL);
		bad.key_decision = NULL;
		bad.source_id = "1/2";
		ck_assert_int_eq(store_issue_upsert(s, &bad, &again), -EINVAL);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM issue", 0), n);
	}
	store_close(s);
}
END_TEST

/* ---- views ---------------------------------------------------------------------- */

/* The names store_readdir gives, space-separated, into a buf. */
static int names_add(void *ctx, const char *name, const struct node_attr *a)
{
	struct buf *b = ctx;

	(void)a;
	buf_printf(b, "%s%s", b->len ? " " : "", name);
	return 0;
}

/* What store_changes reports, as "kind:id" and "kind:id/name" words. */
static void changes_add(void *ctx, uint64_t ino, uint64_t parent,
                        const char *name)
{
	struct buf *b = ctx;

	if (name)
		buf_printf(b, " %s:%lld/%s", node_kind_name(NODE_KIND(parent)),
		           (long long)NODE_ID(parent), name);
	else
		buf_printf(b, " %s:%lld", node_kind_name(NODE_KIND(ino)),
		           (long long)NODE_ID(ino));
}

/* The changes since *seq, as changes_add writes them, with a trailing
   space: "item.txt:3 " can be looked for. */
static char *changes_since(store *s, int64_t *seq)
{
	struct buf b = { 0 };

	ck_assert_int_eq(store_changes(s, seq, changes_add, &b), 0);
	buf_putc(&b, ' ');
	ck_assert(buf_ok(&b));
	return buf_detach(&b);
}

#define ck_has(hay, needle) \
	ck_assert_msg(strstr(hay, needle) != NULL, "no \"%s\" in:%s", \
	              needle, hay)

START_TEST(test_views)
{
	int64_t meeting, june, item, older, issue, seq = -1;
	store *s = fixture(&meeting);
	struct board_rec bb = { .slug = "bury-cabinet", .name = "Cabinet",
	                        .council = "Bury Council" };
	struct meeting_rec m = { .date = "2021-06-01" };
	struct field_rec f[] = { { "Reason Key", "Expenditure > £500,000" },
	                         { "SLT date", "" } };
	struct item_rec it = {
		.meeting_id = meeting, .number = "3", .title = "Home to school "
		"transport policy", .partial = 1, .decision_maker = "Cabinet",
		.decision_status = "Recommendations Approved",
		.key_decision = "yes", .call_in = "no",
		.purpose = "To agree the policy for 2022.",
		.reasons = "The council must publish\na policy.",
		.alternatives = "None.", .author = "Jane Smith",
		.published = "2021-09-27", .decided = "2021-09-24",
		.effective_from = "2021-10-05", .fields = f, .nfields = 2,
	};
	struct item_rec it2 = { .number = "7", .title = "Transport review" };
	struct field_rec g[] = { { "Consultation", "Parents and schools" } };
	struct issue_rec r = {
		.council = "Slough Borough Council", .source_id = "10698",
		.title = "Home to School Transport", .decision_maker = "Cabinet",
		.decision_due = "24 Sep 2021", .key_decision = "yes",
		.lead_officer = "Director of Place", .wards = "All Wards",
		.status = "Decided", .summary = "A new policy for transport.",
		.fields = g, .nfields = 1,
	};
	const char *ipath = "boards/slough-cabinet/meetings/2021-09-24/items/"
	                    "03-home-to-school-transport-policy/";
	struct node_attr a;
	struct buf b = { 0 };
	char path[512], want[64], *c;
	int64_t board;

	ck_assert_int_eq(store_board_add(s, &bb, &board), 0);
	m.board_id = board;
	ck_assert_int_eq(store_meeting_add(s, &m, &june), 0);
	ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	it2.meeting_id = june;
	ck_assert_int_eq(store_item_add(s, &it2, &older), 0);
	ck_assert_int_eq(store_issue_upsert(s, &r, &issue), 0);
	ck_assert_int_eq(store_changes(s, &seq, changes_add, &b), 0);
	ck_assert_int_eq(store_item_issue_add(s, item, issue), 0);
	c = changes_since(s, &seq);
	snprintf(want, sizeof want, " item.txt:%lld ", (long long)item);
	ck_has(c, want);
	snprintf(want, sizeof want, " items:%lld ", (long long)issue);
	ck_has(c, want);
	snprintf(want, sizeof want, " issue.json:%lld ", (long long)issue);
	ck_has(c, want);
	snprintf(want, sizeof want, " items:%lld/2021-09-24-slough-cabinet-"
	         "03-", (long long)issue);
	ck_has(c, want);
	free(c);
	ck_assert_int_eq(store_item_issue_add(s, older, issue), 0);

	/* The files, against golden files. */
	snprintf(path, sizeof path, "%sitem.txt", ipath);
	check_golden(s, path, "decision-item.txt");
	snprintf(path, sizeof path, "%sitem.json", ipath);
	check_golden(s, path, "decision-item.json");
	check_golden(s, "issues/home-to-school-transport/issue.txt",
	             "issue.txt");
	check_golden(s, "issues/home-to-school-transport/issue.json",
	             "issue.json");

	/* issues/: the folder, its items in date order, the links. */
	buf_reset(&b);
	ck_assert_int_eq(store_resolve(s, "issues", &a), 0);
	ck_assert_int_eq(a.nlink, 3);
	ck_assert_int_eq(store_readdir(s, a.ino, names_add, &b), 0);
	ck_assert_str_eq(b.data, "home-to-school-transport");
	buf_reset(&b);
	ck_assert_int_eq(store_resolve(s, "issues/home-to-school-transport",
	                 &a), 0);
	ck_assert_int_eq(store_readdir(s, a.ino, names_add, &b), 0);
	ck_assert_str_eq(b.data, "issue.txt issue.json items");
	buf_reset(&b);
	ck_assert_int_eq(store_resolve(s, "issues/home-to-school-transport/"
	                 "items", &a), 0);
	ck_assert_int_eq(store_readdir(s, a.ino, names_add, &b), 0);
	ck_assert_str_eq(b.data, "2021-06-01-bury-cabinet-07-transport-review "
	                 "2021-09-24-slough-cabinet-03-home-to-school-transport-"
	                 "policy");
	buf_reset(&b);
	ck_assert_int_eq(store_lookup(s, a.ino, "2021-09-24-slough-cabinet-03-"
	                 "home-to-school-transport-policy", &a), 0);
	ck_assert_uint_eq(a.ino, NODE_INO(NK_ISSUE_ITEM_LINK, item));
	ck_assert_int_eq(store_readlink(s, a.ino, &b), 0);
	snprintf(path, sizeof path, "../../../%.*s", (int)strlen(ipath) - 1,
	         ipath);
	ck_assert_str_eq(b.data, path);
	ck_assert_int_eq(store_resolve(s, "issues/home-to-school-transport/"
	                 "items/2021-06-01-bury-cabinet-07-transport-review/"
	                 "item.txt", &a), 0);
	ck_assert_uint_eq(a.ino, NODE_INO(NK_ITEM_TXT, older));
	ck_assert_int_eq(store_resolve(s, "issues/home-to-school-transport/"
	                 "items/2021-06-01-bury-cabinet-07-nope", &a), -ENOENT);
	ck_assert_int_eq(store_issue_find(s, "issues/home-to-school-transport/"
	                 "items", &board), 0);
	ck_assert_int_eq(board, issue);
	ck_assert_int_eq(store_item_find(s, "issues/home-to-school-transport/"
	                 "items/2021-06-01-bury-cabinet-07-transport-review",
	                 &board), 0);
	ck_assert_int_eq(board, older);
	buf_reset(&b);
	ck_assert_int_eq(store_node_path(s, NODE_INO(NK_ISSUE_JSON, issue),
	                 &b), 0);
	ck_assert_str_eq(b.data, "issues/home-to-school-transport/issue.json");

	/* A new title renames the folder: the items' files say so. */
	r.title = "Home to School Transport Policy";
	r.nfields = 0;
	ck_assert_int_eq(store_issue_upsert(s, &r, &issue), 0);
	c = changes_since(s, &seq);
	ck_has(c, " issues:0/home-to-school-transport ");
	ck_has(c, " issues:0/home-to-school-transport-policy ");
	snprintf(want, sizeof want, " item.json:%lld ", (long long)older);
	ck_has(c, want);
	free(c);
	buf_reset(&b);
	ck_assert_int_eq(store_resolve(s, path + 9, &a), 0);  /* the item */
	ck_assert_int_eq(store_resolve(s, "README", &a), 0);
	ck_assert_int_eq(store_render(s, a.ino, &b), 0);
	ck_has(b.data, "\nIssues: 1\n");
	buf_reset(&b);
	snprintf(path, sizeof path, "%sitem.txt", ipath);
	ck_assert_int_eq(store_resolve(s, path, &a), 0);
	ck_assert_int_eq(store_render(s, a.ino, &b), 0);
	ck_has(b.data, "\nIssue: issues/home-to-school-transport-policy\n");

	/* An issue's field, an item's field: their files change. */
	r.nfields = 1;
	g[0].value = "Parents only";
	ck_assert_int_eq(store_issue_upsert(s, &r, &issue), 0);
	c = changes_since(s, &seq);
	snprintf(want, sizeof want, " issue.txt:%lld ", (long long)issue);
	ck_has(c, want);
	free(c);
	it.nfields = 1;
	ck_assert_int_eq(store_item_upsert(s, &it, &item), 0);
	c = changes_since(s, &seq);
	snprintf(want, sizeof want, " item.json:%lld ", (long long)item);
	ck_has(c, want);
	free(c);
	buf_free(&b);
	store_close(s);
}
END_TEST

/* ---- records by source ------------------------------------------------------------ */

START_TEST(test_sources)
{
	int64_t meeting, item, id, parent, person, res, changes;
	store *s = fixture(&meeting);
	struct board_rec b = { .slug = "hand-made", .name = "Hand Made" };
	struct meeting_rec m = { .date = "2021-10-01", .source = "moderngov",
	                         .source_id = "slough-borough-council/4967" };
	struct item_rec it = { .meeting_id = meeting, .number = "2",
	                       .title = "T", .source = "moderngov",
	                       .source_id = "slough-borough-council/18831" };
	struct document_rec d[2] = { { "Report", "https://x.org/r.pdf", NULL },
	                             { "Appendix", NULL, "2021-09-20" } };
	char slug[STORE_SLUG_MAX + 1], *other = NULL;
	int foreign, sourced;

	/* A council's slug, and another council that has it. */
	ck_assert_int_eq(store_council_slug(s, "Slough Borough Council", slug,
	                 &other), 0);
	ck_assert_str_eq(slug, "slough-borough-council");
	ck_assert_ptr_null(other);
	ck_assert_int_eq(store_council_slug(s, "Slough Borough Council!", slug,
	                 &other), 0);
	ck_assert_str_eq(slug, "slough-borough-council");
	ck_assert_str_eq(other, "Slough Borough Council");
	free(other);

	/* Rows by source id, with their parents. */
	m.board_id = q_int(s, "SELECT min(id) FROM board", 0);
	ck_assert_int_eq(store_meeting_add(s, &m, &id), 0);
	ck_assert_int_eq(store_source_find(s, STORE_SOURCE_MEETING, "moderngov",
	                 m.source_id, &id, &parent), 0);
	ck_assert_int_eq(parent, m.board_id);
	ck_assert_int_eq(store_item_add(s, &it, &item), 0);
	ck_assert_int_eq(store_source_find(s, STORE_SOURCE_ITEM, "moderngov",
	                 it.source_id, &id, &parent), 0);
	ck_assert_int_eq(id, item);
	ck_assert_int_eq(parent, meeting);
	ck_assert_int_eq(store_source_find(s, STORE_SOURCE_BOARD, "moderngov",
	                 "slough-borough-council/1", &id, NULL), -ENOENT);
	ck_assert_int_eq(store_item_number_sourced(s, meeting, "2", &sourced),
	                 0);
	ck_assert_int_eq(sourced, 1);
	ck_assert_int_eq(store_item_number_sourced(s, meeting, "9", &sourced),
	                 -ENOENT);

	/* A board name: free, taken by a board made by hand (which the
	   council may take), by another council's. */
	ck_assert_int_eq(store_board_slug_free(s, "new-one", "X", &foreign), 1);
	ck_assert_int_eq(store_board_add(s, &b, &id), 0);
	ck_assert_int_eq(store_board_slug_free(s, "hand-made", "X", &foreign),
	                 1);
	ck_assert_int_eq(store_board_slug_free(s, "slough-cabinet", "X",
	                 &foreign), 0);
	ck_assert_int_eq(foreign, 1);
	ck_assert_int_eq(store_board_slug_free(s, "slough-cabinet",
	                 "Slough Borough Council", &foreign), 1);
	ck_assert_int_eq(store_board_by_name(s, "CABINET", "Slough Borough "
	                 "Council", "moderngov", &id), 0);
	ck_assert_int_eq(id, m.board_id);

	/* Documents set: written once, the same again writes nothing. */
	ck_assert_int_eq(store_item_documents_set(s, item, d, 2), 0);
	changes = q_int(s, "SELECT count(*) FROM change", 0);
	ck_assert_int_eq(store_item_documents_set(s, item, d, 2), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM change", 0), changes);
	ck_assert_int_eq(store_item_documents_set(s, item, d + 1, 1), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM document WHERE"
	                 " item_id = ? AND title = 'Appendix' AND ord = 1",
	                 item), 1);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM document", 0), 1);

	/* Resolutions after the first keep go. */
	ck_assert_int_eq(store_resolution_add(s, item, 1, "(a)", "A.",
	                 "resolved", NULL, NULL, &res), 0);
	ck_assert_int_eq(store_resolution_add(s, item, 2, "(b)", "B.",
	                 "resolved", NULL, NULL, &res), 0);
	ck_assert_int_eq(store_resolutions_trim(s, item, 1), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM resolution WHERE"
	                 " item_id = ?", item), 1);

	/* One attendance record of a person at a meeting. */
	ck_assert_int_eq(store_person_get(s, "Ann Smith", NULL, &person), 0);
	ck_assert_int_eq(store_attendance_set(s, meeting, person, "expected",
	                 NULL), 0);
	ck_assert_int_eq(store_attendance_set(s, meeting, person, "present",
	                 "Chair"), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM attendance WHERE"
	                 " person_id = ? AND role = 'present'", person), 1);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM attendance WHERE"
	                 " person_id = ?", person), 1);

	/* An error message set from outside the store. */
	ck_assert_int_eq(store_error(s, -EINVAL, "%s:%d: bad", "f.xml", 3),
	                 -EINVAL);
	ck_assert_str_eq(store_errmsg(s), "f.xml:3: bad");
	store_slug("Children's Services: Scrutiny", slug, sizeof slug);
	ck_assert_str_eq(slug, "childrens-services-scrutiny");
	store_close(s);
}
END_TEST

/* ---- placement ---------------------------------------------------------------------- */

START_TEST(test_board_place)
{
	int64_t meeting, cabinet, id, bury, scrutiny;
	store *s = fixture(&meeting);
	struct board_rec b = { .slug = "bury-cabinet", .name = "Cabinet",
	                       .council = "Bury Council" };
	char t[256];

	cabinet = q_int(s, "SELECT id FROM board WHERE slug = 'slough-cabinet'",
	                0);
	/* Found by name, any case or punctuation, among the council's. */
	ck_assert_int_eq(store_board_place(s, "Slough Borough Council",
	                 "CABINET", 0, &id), 0);
	ck_assert_int_eq(id, cabinet);
	ck_assert_int_eq(store_board_place(s, "slough borough council",
	                 " Cabinet. ", 1, &id), 0);
	ck_assert_int_eq(id, cabinet);
	ck_assert_int_eq(store_board_place(s, NULL, "cabinet", 0, &id), 0);
	ck_assert_int_eq(id, cabinet);

	/* Another council's "Cabinet": by council they differ; with no
	   council it is ambiguous, and the message names both boards. */
	ck_assert_int_eq(store_board_add(s, &b, &bury), 0);
	ck_assert_int_eq(store_board_place(s, "Bury Council", "Cabinet", 0,
	                 &id), 0);
	ck_assert_int_eq(id, bury);
	ck_assert_int_eq(store_board_place(s, NULL, "Cabinet", 1, &id),
	                 -EEXIST);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "boards/slough-cabinet"));
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "boards/bury-cabinet"));

	/* Not there: -ENOENT unless create; created as that council's. */
	ck_assert_int_eq(store_board_place(s, "Slough Borough Council",
	                 "Children's Services Scrutiny Panel", 0, &id), -ENOENT);
	ck_assert_int_eq(store_board_place(s, "Slough Borough Council",
	                 "Children's Services Scrutiny Panel", 1, &scrutiny),
	                 0);
	ck_assert_str_eq(q_text(s, "SELECT b.slug || '|' || b.name || '|' ||"
	                 " c.name FROM board b JOIN council c ON c.id ="
	                 " b.council_id WHERE b.id = ?", scrutiny, t, sizeof t),
	                 "childrens-services-scrutiny-panel|Children's Services "
	                 "Scrutiny Panel|Slough Borough Council");
	ck_assert_int_eq(store_board_place(s, "Slough Borough Council",
	                 "Childrens’ Services – Scrutiny Panel", 0, &id), 0);
	ck_assert_int_eq(id, scrutiny);
	/* The same committee of another council: the council's slug first. */
	ck_assert_int_eq(store_board_place(s, "Bury Council",
	                 "Children's Services Scrutiny Panel", 1, &id), 0);
	ck_assert_int_ne(id, scrutiny);
	ck_assert_str_eq(q_text(s, "SELECT slug FROM board WHERE id = ?", id, t,
	                 sizeof t), "bury-council-childrens-services-scrutiny-"
	                 "panel");
	/* A new council is created with its board (the slug is free). */
	ck_assert_msg(store_board_place(s, "Kent County Council", "Cabinet",
	              1, &id) == 0, "%s", store_errmsg(s));
	ck_assert_str_eq(q_text(s, "SELECT b.slug || '|' || c.slug FROM board b"
	                 " JOIN council c ON c.id = b.council_id WHERE b.id = ?",
	                 id, t, sizeof t),
	                 "cabinet|kent-county-council");
	/* A board with no council is that of a council with no such board. */
	{
		struct board_rec nc = { .slug = "audit", .name = "Audit Committee" };
		int64_t audit;

		ck_assert_int_eq(store_board_add(s, &nc, &audit), 0);
		ck_assert_int_eq(store_board_place(s, "Bury Council",
		                 "audit committee", 0, &id), 0);
		ck_assert_int_eq(id, audit);
	}
	ck_assert_int_eq(store_board_place(s, "Bury Council", "", 1, &id),
	                 -EINVAL);
	ck_assert_int_eq(store_board_place(s, "Bury Council", " - ", 1, &id),
	                 -EINVAL);
	store_close(s);
}
END_TEST

static Suite *records_suite(void)
{
	Suite *su = suite_create("records");
	TCase *tc = tcase_create("records");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_item_decision_fields);
	tcase_add_test(tc, test_item_fields_refused);
	tcase_add_test(tc, test_item_next_number);
	tcase_add_test(tc, test_issue_upsert);
	tcase_add_test(tc, test_views);
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_board_place);
	suite_add_tcase(su, tc);
	return su;
}

CHECK_MAIN(records_suite)
