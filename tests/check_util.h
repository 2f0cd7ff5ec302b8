/*
** check_util.h — shared by the Check unit tests: a main() that runs one
** suite and prints Check's summary, and small fixture helpers.
*/
#ifndef GOVFS_CHECK_UTIL_H
#define GOVFS_CHECK_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store.h"

#define CHECK_MAIN(suite_fn)                                            \
	int main(void)                                                  \
	{                                                               \
		SRunner *sr = srunner_create(suite_fn());               \
		int nf;                                                 \
		srunner_run_all(sr, CK_NORMAL);                         \
		nf = srunner_ntests_failed(sr);                         \
		srunner_free(sr);                                       \
		return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;           \
	}

/* The whole file at path, malloc'd (caller frees), its size in *len. */
static inline char *check_slurp(const char *path, size_t *len)
{
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	ck_assert(buf_ok(&b));
	*len = b.len;
	return buf_detach(&b);
}

/* Remove the folder dir and all below it (a test's temporary folder). */
static inline void check_rmtree(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The store at path opened with flags (store_open), or the test fails. */
static inline store *check_open(const char *path, int flags)
{
	store *s = NULL;
	char *err = NULL;
	int rc = store_open(path, flags, &s, &err);

	ck_assert_msg(rc == 0, "open %s: %s", path, err ? err : "?");
	return s;
}

/* Compare the rendering of path in the tree of s with tests/golden/<name>
   (and its size with its bytes); with GOVFS_UPDATE_GOLDEN=1 in the
   environment, rewrite the golden file first. */
static inline void check_golden(store *s, const char *path, const char *name)
{
	struct node_attr a;
	struct buf got = { 0 };
	char gpath[256], want[65536];
	FILE *f;
	size_t n;

	ck_assert_msg(store_resolve(s, path, &a) == 0, "resolve %s", path);
	ck_assert_int_eq(store_render(s, a.ino, &got), 0);
	ck_assert_uint_eq(a.size, got.len);
	snprintf(gpath, sizeof gpath, "tests/golden/%s", name);
	if (getenv("GOVFS_UPDATE_GOLDEN")) {
		f = fopen(gpath, "w");
		ck_assert_ptr_nonnull(f);
		fwrite(got.data, 1, got.len, f);
		fclose(f);
	}
	f = fopen(gpath, "r");
	ck_assert_msg(f != NULL, "missing %s", gpath);
	n = fread(want, 1, sizeof want - 1, f);
	fclose(f);
	want[n] = '\0';
	ck_assert_msg(n == got.len && memcmp(want, got.data, n) == 0,
	              "%s differs from %s:\n%s", path, gpath, got.data);
	buf_free(&got);
}

/* Directory of the bundled sample pages, from the tests' working dir. */
#define SAMPLES_DIR "data/samples"

#endif
