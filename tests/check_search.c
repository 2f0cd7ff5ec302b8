/*
** check_search.c — store_search ranks exactly as
** "ORDER BY bm25(item_fts, 10.0, 5.0, 1.0, 2.0), rowid LIMIT n" does, on a
** generated corpus whose common words match most items and whose repeated
** sentences make many ties; and its ranking function survives connections
** coming and going.
*/
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_util.h"
#include "store.h"

static char tmpdir[] = "/tmp/govfs-check-search-XXXXXX";
static char dbpath[256];

/* One generated corpus for the whole suite (built outside the forks). */
static void corpus_setup(void)
{
	char cmd[1024];

	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(dbpath, sizeof dbpath, "%s/g.db", tmpdir);
	snprintf(cmd, sizeof cmd, "tools/govctl --db '%s' init >/dev/null &&"
	         " tools/govctl --db '%s' generate --items 3000 >/dev/null",
	         dbpath, dbpath);
	ck_assert_int_eq(system(cmd), 0);
}

static void corpus_teardown(void)
{
	check_rmtree(tmpdir);
}

static store *open_ro(void)
{
	return check_open(dbpath, STORE_RDONLY);
}

struct ids { int64_t v[4000]; size_t n; };

static int collect(void *ctx, int64_t id, const char *path)
{
	struct ids *l = ctx;

	ck_assert(path && strncmp(path, "boards/", 7) == 0);
	ck_assert_uint_lt(l->n, sizeof l->v / sizeof l->v[0]);
	l->v[l->n++] = id;
	return 0;
}

/* The reference: each word quoted, as search.c does, ranked by bm25(). */
static void reference(sqlite3 *db, const char *words, int limit,
                      struct ids *out)
{
	const unsigned char *p = (const unsigned char *)words;
	struct buf q = { 0 };
	sqlite3_stmt *st;

	while (*p) {
		size_t n = 0;

		while (p[n] && (p[n] >= 0x80 || isalnum(p[n])))
			n++;
		if (n) {
			buf_printf(&q, "%s\"%.*s\"", q.len ? " " : "", (int)n,
			           (const char *)p);
			p += n;
		} else {
			p++;
		}
	}
	out->n = 0;
	if (q.len) {
		ck_assert_int_eq(sqlite3_prepare_v2(db,
			"SELECT rowid FROM item_fts WHERE item_fts MATCH ?"
			" ORDER BY bm25(item_fts, 10.0, 5.0, 1.0, 2.0), rowid"
			" LIMIT ?", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, q.data, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, limit);
		while (sqlite3_step(st) == SQLITE_ROW)
			out->v[out->n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	buf_free(&q);
}

static const char *const queries[] = {
	"foster carers", "care leavers", "social workers", "early help",
	"complaints report", "the", "the board", "board the", "ofsted",
	"improvement plan update", "children's services", "foster foster",
	"mash safeguarding hub", "sickness absence critical", "report of the",
	"members were assured", "number", "looked after children", "x",
	"zzzz", "\"foster\" AND carers* OR NEAR(", "—", "foster —",
	"caf\xc3\xa9 na\xc3\xafve", "2015", "48 54",
};

START_TEST(test_search_is_bm25)
{
	static const int limits[] = { 1, 3, 10, 100, 3000 };
	store *s = open_ro();
	struct ids *got = calloc(1, sizeof *got), *want = calloc(1, sizeof *want);
	sqlite3 *db;
	size_t i, j, k;

	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_nonnull(want);
	ck_assert_int_eq(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY,
	                                 NULL), SQLITE_OK);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
		for (j = 0; j < sizeof limits / sizeof limits[0]; j++) {
			got->n = 0;
			ck_assert_int_eq(store_search(s, queries[i], limits[j],
			                              collect, got), 0);
			reference(db, queries[i], limits[j], want);
			ck_assert_msg(got->n == want->n, "%s, limit %d: %zu hits,"
			              " bm25 has %zu", queries[i], limits[j],
			              got->n, want->n);
			for (k = 0; k < got->n; k++)
				ck_assert_msg(got->v[k] == want->v[k], "%s, limit %d:"
				              " hit %zu is %lld, bm25 has %lld",
				              queries[i], limits[j], k + 1,
				              (long long)got->v[k],
				              (long long)want->v[k]);
		}
	/* the corpus is one the ranking has to work on */
	got->n = 0;
	ck_assert_int_eq(store_search(s, "foster carers", 3000, collect, got),
	                 0);
	ck_assert_uint_gt(got->n, 500);
	sqlite3_close(db);
	free(got);
	free(want);
	store_close(s);
}
END_TEST

/* Each connection gets the ranking function once, and a connection that
   opens where a closed one was gets it again. */
START_TEST(test_search_connections)
{
	struct ids *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	store *s1, *s2;
	int i;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	s1 = open_ro();
	ck_assert_int_eq(store_search(s1, "foster carers", 50, collect, a), 0);
	ck_assert_uint_eq(a->n, 50);
	for (i = 0; i < 20; i++) {
		s2 = open_ro();
		b->n = 0;
		ck_assert_int_eq(store_search(s2, "foster carers", 50, collect,
		                              b), 0);
		ck_assert_int_eq(memcmp(a->v, b->v, sizeof a->v[0] * 50), 0);
		store_close(s2);
		b->n = 0;
		ck_assert_int_eq(store_search(s1, "foster carers", 50, collect,
		                              b), 0);
		ck_assert_int_eq(memcmp(a->v, b->v, sizeof a->v[0] * 50), 0);
	}
	store_close(s1);
	free(a);
	free(b);
}
END_TEST

static Suite *search_suite(void)
{
	Suite *su = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_add_unchecked_fixture(tc, corpus_setup, corpus_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_search_is_bm25);
	tcase_add_test(tc, test_search_connections);
	suite_add_tcase(su, tc);
	return su;
}

CHECK_MAIN(search_suite)
