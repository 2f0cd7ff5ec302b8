/*
** check_cache.c — unit tests of govfs's caches (fs/cache.c): rendered
** files kept until forgotten (first rendering wins, stale renderings go to
** the redo list), listings kept per generation, the LRU bound, the large
** blob kept apart, and reference counts outliving eviction.
*/
#include <string.h>

#include "check_util.h"
#include "../fs/govfs.h"

#define MIB ((size_t)1 << 20)

static struct gfs_cache *c;

static void setup_render(void)
{
	c = gfs_cache_new(MIB, GFS_CACHE_UNTIL_FORGOTTEN);
	ck_assert_ptr_nonnull(c);
}

static void setup_listing(void)
{
	c = gfs_cache_new(MIB, GFS_CACHE_BY_GEN);
	ck_assert_ptr_nonnull(c);
}

static void teardown(void)
{
	gfs_cache_free(c);
	c = NULL;
}

/* put and release at once; returns the length that serves ino */
static size_t put(uint64_t ino, uint64_t gen, uint64_t tag, const char *s)
{
	struct gfs_blob b;
	size_t len;

	ck_assert_int_eq(gfs_cache_put(c, ino, gen, tag, 7, s, strlen(s), &b), 0);
	len = b.len;
	gfs_cache_release(c, &b);
	return len;
}

static int has(uint64_t ino, uint64_t gen, const char *want)
{
	struct gfs_blob b;
	int ok;

	if (!gfs_cache_get(c, ino, gen, &b))
		return 0;
	ok = want == NULL || (b.len == strlen(want) &&
	                      memcmp(b.data, want, b.len) == 0);
	gfs_cache_release(c, &b);
	return ok;
}

START_TEST(first_rendering_wins_until_forgotten)
{
	struct gfs_blob b;

	ck_assert_uint_eq(put(5, 1, 0x105, "old bytes"), 9);
	/* a newer rendering (the database moved on) does not replace it */
	ck_assert_uint_eq(put(5, 1, 0x205, "new longer bytes"), 9);
	ck_assert(gfs_cache_get(c, 5, 99, &b));      /* any generation */
	ck_assert_uint_eq(b.tag, 0x105);
	ck_assert_int_eq(b.mtime_ms, 7);
	ck_assert_mem_eq(b.data, "old bytes", 9);
	ck_assert_int_eq(b.data[b.len], '\0');
	gfs_cache_release(c, &b);
	/* forgotten at generation 2: the next rendering is kept */
	gfs_cache_forget(c, 5, 2);
	ck_assert(!has(5, 2, NULL));
	ck_assert_uint_eq(put(5, 2, 0x205, "new longer bytes"), 16);
	ck_assert(has(5, 2, "new longer bytes"));
}
END_TEST

START_TEST(stale_rendering_goes_to_redo)
{
	uint64_t redo[4];

	gfs_cache_forget(c, 9, 5);
	/* rendered by a request that began at generation 4, before the
	   forget: served, kept, and listed to be forgotten again */
	ck_assert_uint_eq(put(9, 4, 1, "maybe stale"), 11);
	ck_assert(has(9, 5, "maybe stale"));
	ck_assert_uint_eq(gfs_cache_take_redo(c, redo, 4), 1);
	ck_assert_uint_eq(redo[0], 9);
	ck_assert_uint_eq(gfs_cache_take_redo(c, redo, 4), 0);
	/* a request that began at the forget's generation is not stale */
	gfs_cache_forget(c, 9, 6);
	ck_assert_uint_eq(put(9, 6, 1, "fresh"), 5);
	ck_assert_uint_eq(gfs_cache_take_redo(c, redo, 4), 0);
}
END_TEST

START_TEST(clear_forgets_everything)
{
	uint64_t redo[4];

	put(1, 1, 1, "a");
	put(2, 1, 2, "b");
	gfs_cache_clear(c, 3);
	ck_assert(!has(1, 3, NULL));
	ck_assert(!has(2, 3, NULL));
	put(1, 2, 1, "late");                        /* began before the clear */
	ck_assert_uint_eq(gfs_cache_take_redo(c, redo, 4), 1);
}
END_TEST

START_TEST(bounded_lru_keeps_recent)
{
	static char blob[100 * 1024];
	uint64_t i;

	memset(blob, 'x', sizeof blob - 1);
	for (i = 1; i <= 40; i++)                  /* 4 MB through 1 MiB */
		put(i, 1, i, blob);
	ck_assert(has(40, 1, NULL));
	ck_assert(has(33, 1, NULL));
	ck_assert(!has(1, 1, NULL));
	ck_assert(!has(20, 1, NULL));
	/* touching an old entry makes it survive the next insertions */
	ck_assert(has(33, 1, NULL));
	for (i = 41; i <= 45; i++)
		put(i, 1, i, blob);
	ck_assert(has(33, 1, NULL));
	ck_assert(!has(34, 1, NULL));
}
END_TEST

START_TEST(pinned_blob_survives_eviction)
{
	static char blob[100 * 1024];
	struct gfs_blob b;
	uint64_t i;

	memset(blob, 'p', sizeof blob - 1);
	ck_assert_int_eq(gfs_cache_put(c, 500, 1, 5, 0, "being read", 10, &b), 0);
	gfs_cache_pin(c, &b, 60000);        /* the kernel reads on */
	for (i = 1; i <= 40; i++)
		put(i, 1, i, blob);
	ck_assert(has(500, 1, "being read"));
	gfs_cache_pin(c, &b, 0);            /* read to the end */
	gfs_cache_release(c, &b);
	for (i = 41; i <= 60; i++)
		put(i, 1, i, blob);
	ck_assert(!has(500, 1, NULL));
}
END_TEST

START_TEST(large_blob_kept_apart)
{
	char *big = malloc(MIB / 2), *big2 = malloc(MIB / 2);
	static char small[64 * 1024];
	struct gfs_blob b;
	uint64_t i;

	memset(big, 'B', MIB / 2 - 1);
	big[MIB / 2 - 1] = '\0';
	memset(big2, 'C', MIB / 2 - 1);
	big2[MIB / 2 - 1] = '\0';
	memset(small, 's', sizeof small - 1);
	put(1000, 1, 1, big);
	for (i = 1; i <= 100; i++)                 /* 6 MB of small files */
		put(i, 1, i, small);
	ck_assert(has(1000, 1, big));               /* read in many pieces */
	put(2000, 1, 2, big2);                       /* the next large one */
	ck_assert(!has(1000, 1, NULL));
	ck_assert(has(2000, 1, big2));
	/* unused between two idle calls, the large blob goes */
	gfs_cache_idle(c);
	ck_assert(has(2000, 1, big2));
	gfs_cache_idle(c);
	gfs_cache_idle(c);
	ck_assert(!has(2000, 1, NULL));
	put(2000, 1, 2, big2);
	/* a reference outlives eviction and forgetting */
	ck_assert(gfs_cache_get(c, 2000, 1, &b));
	gfs_cache_forget(c, 2000, 2);
	ck_assert(!has(2000, 2, NULL));
	ck_assert_int_eq(b.data[0], 'C');
	ck_assert_int_eq(b.data[b.len - 1], 'C');
	gfs_cache_release(c, &b);
	free(big);
	free(big2);
}
END_TEST

START_TEST(extra_references)
{
	struct gfs_blob a, b;

	ck_assert_int_eq(gfs_cache_put(c, 3, 1, 33, 0, "abc", 3, &a), 0);
	gfs_cache_ref(c, &a, &b);
	gfs_cache_forget(c, 3, 2);
	gfs_cache_release(c, &a);
	ck_assert_mem_eq(b.data, "abc", 3);         /* still ours */
	ck_assert_uint_eq(b.tag, 33);
	gfs_cache_release(c, &b);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(listing_serves_its_generation_only)
{
	put(7, 1, 0, "listing at 1");
	ck_assert(has(7, 1, "listing at 1"));
	ck_assert(!has(7, 2, NULL));                 /* and it is dropped */
	ck_assert(!has(7, 1, NULL));
	put(7, 2, 0, "listing at 2");
	put(7, 2, 0, "rebuilt at 2");                /* replaces */
	ck_assert(has(7, 2, "rebuilt at 2"));
	/* generation 0: whatever is there (a listing read on from an
	   offset), and it is not dropped */
	ck_assert(has(7, 0, "rebuilt at 2"));
	ck_assert(has(7, 2, "rebuilt at 2"));
}
END_TEST

static Suite *cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *r = tcase_create("render"), *l = tcase_create("listing");

	tcase_add_checked_fixture(r, setup_render, teardown);
	tcase_add_test(r, first_rendering_wins_until_forgotten);
	tcase_add_test(r, stale_rendering_goes_to_redo);
	tcase_add_test(r, clear_forgets_everything);
	tcase_add_test(r, bounded_lru_keeps_recent);
	tcase_add_test(r, pinned_blob_survives_eviction);
	tcase_add_test(r, large_blob_kept_apart);
	tcase_add_test(r, extra_references);
	suite_add_tcase(s, r);
	tcase_add_checked_fixture(l, setup_listing, teardown);
	tcase_add_test(l, listing_serves_its_generation_only);
	suite_add_tcase(s, l);
	return s;
}

CHECK_MAIN(cache_suite)
