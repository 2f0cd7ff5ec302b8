/*
** fuzz_moderngov.c — libFuzzer target for the ModernGov XML importer: any
** bytes must import or fail cleanly inside a transaction, with no crash,
** leak, hang or network access.
**
** One store on a fresh temporary database is opened on the first input
** and kept (static): it holds one board and the committees and meetings
** of the samples, so GetMeeting documents can be placed by meeting id,
** by refertocommittee or by the board option.  Every input runs between
** store_begin and store_rollback, so no input changes what the next one
** sees.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moderngov.h"
#include "write.h"

static store *fz_store;
static char fz_dir[] = "/tmp/fuzz_moderngov.XXXXXX";
static char fz_db[sizeof fz_dir + 16];

static void fz_cleanup(void)
{
	char p[sizeof fz_db + 8];

	store_close(fz_store);
	fz_store = NULL;
	unlink(fz_db);
	snprintf(p, sizeof p, "%s-wal", fz_db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fz_db);
	unlink(p);
	rmdir(fz_dir);
}

/* Import a sample file once at setup, if it is there (committed). */
static void fz_seed(const char *path)
{
	struct mg_options opt = { "Fuzz Council", "fuzz-board" };
	struct mg_result res;
	FILE *f = fopen(path, "rb");
	char *data;
	long len;

	if (!f)
		return;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(data = malloc((size_t)len))) {
		fclose(f);
		return;
	}
	if (fread(data, 1, (size_t)len, f) == (size_t)len &&
	    store_begin(fz_store) == 0) {
		if (mg_import(fz_store, data, (size_t)len, path, &opt,
		              &res) == 0)
			store_commit(fz_store);
		else
			store_rollback(fz_store);
	}
	free(data);
	fclose(f);
}

static int fz_setup(void)
{
	struct board_rec b = { 0 };
	char *msg = NULL;
	int64_t id;

	if (!mkdtemp(fz_dir))
		return -1;
	snprintf(fz_db, sizeof fz_db, "%s/fuzz.db", fz_dir);
	if (store_open(fz_db, STORE_RDWR | STORE_CREATE, &fz_store,
	               &msg) != 0) {
		fprintf(stderr, "fuzz_moderngov: %s\n", msg ? msg : "open");
		free(msg);
		rmdir(fz_dir);
		return -1;
	}
	atexit(fz_cleanup);
	b.slug = "fuzz-board";
	b.name = "Fuzz Board";
	b.council = "Fuzz Council";
	b.kind = "committee";
	if (store_board_add(fz_store, &b, &id) != 0)
		return -1;
	fz_seed("tests/fixtures/moderngov/committees.xml");
	fz_seed("tests/fixtures/moderngov/meetings.xml");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mg_options opt = { "Fuzz Council", "fuzz-board" };
	static int ready;
	struct mg_result res;

	if (!ready) {
		if (fz_setup() != 0)
			abort();
		ready = 1;
	}
	if (store_begin(fz_store) != 0)
		abort();
	(void)mg_import(fz_store, (const char *)data, size, "fuzz", &opt,
	                &res);
	if (store_rollback(fz_store) != 0)
		abort();
	return 0;
}
