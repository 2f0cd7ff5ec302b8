/*
** check_cache.c — unit tests of govfs's caches (fs/cache.c): rendered
** files kept until forgotten (first rendering wins, stale renderings are
** not kept, a forget hands the blob over), listings kept per generation,
** the LRU bound, fresh and pinned blobs outliving it, large blobs kept
** apart, and reference counts outliving eviction.
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

/* two epochs: the watcher has polled since every blob so far was put,
   and they may be evicted again */
static void age(void)
{
	gfs_cache_epoch(c);
	gfs_cache_epoch(c);
}

/* put, then age */
static void put_aged(uint64_t ino, uint64_t gen, uint64_t tag, const char *s)
{
	put(ino, gen, tag, s);
	age();
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

START_TEST(stale_rendering_is_not_kept)
{
	struct gfs_blob b;

	gfs_cache_forget(c, 9, 5);
	/* rendered by a request that began at generation 4, before the
	   forget: served to that request, not kept, and it is told */
	ck_assert_int_eq(gfs_cache_put(c, 9, 4, 1, 0, "maybe stale", 11, &b),
	                 1);
	ck_assert_mem_eq(b.data, "maybe stale", 11);
	gfs_cache_release(c, &b);
	ck_assert(!has(9, 5, NULL));
	/* a request that began at the forget's generation is not stale */
	ck_assert_int_eq(gfs_cache_put(c, 9, 5, 1, 0, "fresh", 5, &b), 0);
	gfs_cache_release(c, &b);
	ck_assert(has(9, 5, "fresh"));
	/* a blob there already is returned even to a stale request */
	ck_assert_int_eq(gfs_cache_put(c, 9, 4, 1, 0, "older", 5, &b), 0);
	ck_assert_mem_eq(b.data, "fresh", 5);
	gfs_cache_release(c, &b);
}
END_TEST

START_TEST(take_hands_the_blob_over)
{
	struct gfs_blob b;

	put(4, 1, 0x104, "version one");
	ck_assert(gfs_cache_take(c, 4, 2, &b));
	ck_assert(!has(4, 2, NULL));
	ck_assert_mem_eq(b.data, "version one", 11);
	ck_assert_uint_eq(b.tag, 0x104);
	gfs_cache_release(c, &b);
	ck_assert(!gfs_cache_take(c, 4, 3, &b));
	/* what began before the take is not kept */
	ck_assert_int_eq(gfs_cache_put(c, 4, 2, 0x104, 0, "late", 4, &b), 1);
	gfs_cache_release(c, &b);
	ck_assert(!has(4, 3, NULL));
}
END_TEST

START_TEST(clear_forgets_everything)
{
	struct gfs_blob b;

	put(1, 1, 1, "a");
	put(2, 1, 2, "b");
	gfs_cache_clear(c, 3);
	ck_assert(!has(1, 3, NULL));
	ck_assert(!has(2, 3, NULL));
	/* began before the clear */
	ck_assert_int_eq(gfs_cache_put(c, 1, 2, 1, 0, "late", 4, &b), 1);
	gfs_cache_release(c, &b);
	ck_assert(!has(1, 3, NULL));
}
END_TEST

START_TEST(bounded_lru_keeps_recent)
{
	static char blob[100 * 1024];
	uint64_t i;

	memset(blob, 'x', sizeof blob - 1);
	for (i = 1; i <= 40; i++)                  /* 4 MB through 1 MiB */
		put_aged(i, 1, i, blob);
	ck_assert(has(40, 1, NULL));
	ck_assert(has(33, 1, NULL));
	ck_assert(!has(1, 1, NULL));
	ck_assert(!has(20, 1, NULL));
	/* touching an old entry makes it survive the next insertions */
	ck_assert(has(33, 1, NULL));
	for (i = 41; i <= 45; i++)
		put_aged(i, 1, i, blob);
	ck_assert(has(33, 1, NULL));
	ck_assert(!has(34, 1, NULL));
}
END_TEST

/* A cache as large as -o cache_mb=1024 holds 300,000 small blobs of node
   ids like the tree's (kind << 48 | id) and finds each again. */
START_TEST(large_cache_finds_every_blob)
{
	uint64_t k, id, n = 0;
	char s[32];

	gfs_cache_free(c);
	c = gfs_cache_new((size_t)1 << 30, GFS_CACHE_UNTIL_FORGOTTEN);
	ck_assert_ptr_nonnull(c);
	for (k = 1; k <= 10; k++)
		for (id = 1; id <= 30000; id++, n++) {
			snprintf(s, sizeof s, "%llu/%llu", (unsigned long long)k,
			         (unsigned long long)id);
			put(k << 48 | id, 1, n, s);
		}
	for (k = 1; k <= 10; k++)
		for (id = 1; id <= 30000; id += 7) {
			snprintf(s, sizeof s, "%llu/%llu", (unsigned long long)k,
			         (unsigned long long)id);
			ck_assert(has(k << 48 | id, 0, s));
		}
	ck_assert(!has(11ULL << 48 | 1, 0, NULL));
	ck_assert(!has(1ULL << 48 | 30001, 0, NULL));
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
		put_aged(i, 1, i, blob);
	ck_assert(has(500, 1, "being read"));
	gfs_cache_pin(c, &b, 0);            /* read to the end */
	gfs_cache_release(c, &b);
	for (i = 41; i <= 60; i++)
		put_aged(i, 1, i, blob);
	ck_assert(!has(500, 1, NULL));
}
END_TEST

START_TEST(large_blobs_kept_apart)
{
	char *big[5];
	static char small[64 * 1024];
	struct gfs_blob b;
	uint64_t i;

	for (i = 0; i < 5; i++) {
		big[i] = malloc(MIB / 2);
		memset(big[i], 'B' + (int)i, MIB / 2 - 1);
		big[i][MIB / 2 - 1] = '\0';
	}
	memset(small, 's', sizeof small - 1);
	put_aged(1000, 1, 1, big[0]);
	for (i = 1; i <= 100; i++)                 /* 6 MB of small files */
		put_aged(i, 1, i, small);
	ck_assert(has(1000, 1, big[0]));            /* read in many pieces */
	for (i = 1; i < 4; i++)                     /* four large ones fit */
		put_aged(1000 + i, 1, i, big[i]);
	for (i = 0; i < 4; i++)
		ck_assert(has(1000 + i, 1, big[i]));
	ck_assert(has(1000, 1, big[0]));            /* now the most recent */
	put_aged(1004, 1, 4, big[4]);               /* a fifth: 1001 goes */
	ck_assert(!has(1001, 1, NULL));
	ck_assert(has(1000, 1, big[0]));
	ck_assert(has(1004, 1, big[4]));
	/* unused between two idle calls, a large blob goes */
	gfs_cache_idle(c);
	ck_assert(has(1004, 1, big[4]));
	gfs_cache_idle(c);
	gfs_cache_idle(c);
	ck_assert(!has(1004, 1, NULL));
	ck_assert(!has(1000, 1, NULL));
	put_aged(2000, 1, 2, big[2]);
	/* a reference outlives eviction and forgetting */
	ck_assert(gfs_cache_get(c, 2000, 1, &b));
	gfs_cache_forget(c, 2000, 2);
	ck_assert(!has(2000, 2, NULL));
	ck_assert_int_eq(b.data[0], 'D');
	ck_assert_int_eq(b.data[b.len - 1], 'D');
	gfs_cache_release(c, &b);
	for (i = 0; i < 5; i++)
		free(big[i]);
}
END_TEST

/* A blob linked since the watcher's last poll began may be a version that
   a commit the watcher has not seen yet changed: it stays, over the bound,
   until two epochs have begun (gfs_cache_epoch), large ones too. */
START_TEST(fresh_blobs_outlive_the_bound)
{
	static char blob[100 * 1024];
	uint64_t i;

	memset(blob, 'f', sizeof blob - 1);
	put(500, 1, 5, "just rendered");
	for (i = 1; i <= 20; i++)                   /* 2 MB: over 1 MiB */
		put(i, 1, i, blob);
	ck_assert(has(500, 1, "just rendered"));
	ck_assert(has(1, 1, NULL));
	gfs_cache_epoch(c);                          /* one poll began */
	put(21, 1, 21, blob);
	ck_assert(has(500, 1, "just rendered"));
	ck_assert(has(1, 1, NULL));
	gfs_cache_epoch(c);                          /* and ended */
	for (i = 30; i <= 45; i++)                  /* the next 1.6 MB */
		put_aged(i, 1, i, blob);
	ck_assert(!has(500, 1, NULL));
	ck_assert(!has(1, 1, NULL));
	ck_assert(!has(21, 1, NULL));
	ck_assert(has(45, 1, NULL));
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
	tcase_add_test(r, stale_rendering_is_not_kept);
	tcase_add_test(r, take_hands_the_blob_over);
	tcase_add_test(r, clear_forgets_everything);
	tcase_add_test(r, bounded_lru_keeps_recent);
	tcase_add_test(r, large_cache_finds_every_blob);
	tcase_add_test(r, pinned_blob_survives_eviction);
	tcase_add_test(r, large_blobs_kept_apart);
	tcase_add_test(r, fresh_blobs_outlive_the_bound);
	tcase_add_test(r, extra_references);
	suite_add_tcase(s, r);
	tcase_add_checked_fixture(l, setup_listing, teardown);
	tcase_add_test(l, listing_serves_its_generation_only);
	suite_add_tcase(s, l);
	return s;
}

CHECK_MAIN(cache_suite)
