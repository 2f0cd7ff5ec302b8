/*
** check_util.h — shared by the Check unit tests: a main() that runs one
** suite and prints Check's summary, and small fixture helpers.
*/
#ifndef GOVFS_CHECK_UTIL_H
#define GOVFS_CHECK_UTIL_H

#include <check.h>
#include <stdlib.h>

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

/* Directory of the bundled sample pages, from the tests' working dir. */
#define SAMPLES_DIR "data/samples"

#endif
