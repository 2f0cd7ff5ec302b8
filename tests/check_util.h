/*
** check_util.h — shared by the Check unit tests: a main() that runs one
** suite and prints Check's summary, and small fixture helpers.
*/
#ifndef GOVFS_CHECK_UTIL_H
#define GOVFS_CHECK_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"

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

/* Directory of the bundled sample pages, from the tests' working dir. */
#define SAMPLES_DIR "data/samples"

#endif
