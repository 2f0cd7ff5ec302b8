/*
** store.c — opening the database, the prepared-statement cache, errors,
** transactions and the clock.
*/
#include <assert.h>
#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "store_int.h"

#define STORE_BUSY_MS 10000   /* wait this long for another writer */

/* The busy timeout of the handles opened from now on (store_set_wait). */
static int store_wait_ms = STORE_BUSY_MS;

void store_set_wait(int ms)
{
	assert(ms >= 0);
	store_wait_ms = ms;
}

int store_fail(store *s, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return rc;
}

int store_sqlfail(store *s, const char *what)
{
	int ec = sqlite3_extended_errcode(s->db);
	int rc = -EIO;

	if ((ec & 0xff) == SQLITE_CONSTRAINT)
		rc = -EEXIST;
	else if ((ec & 0xff) == SQLITE_BUSY || (ec & 0xff) == SQLITE_LOCKED)
		return store_fail(s, -EBUSY, "%s: database is busy, try again "
		                  "(another writer held it for %d.%d s)", s->path,
		                  store_wait_ms / 1000, store_wait_ms % 1000 / 100);
	else if ((ec & 0xff) == SQLITE_READONLY)
		rc = -EROFS;
	return store_fail(s, rc, "%s: %s: %s", s->path, what,
	                  sqlite3_errmsg(s->db));
}

const char *store_errmsg(store *s) { return s->err; }
const char *store_path(store *s) { return s->path; }

int store_load_schema(store *s)
{
	if (s->tuned)
		return 0;
	s->tuned = 1;
	/* the pragma loads the schema (a writer's open has loaded it) */
	if (!(s->flags & STORE_RDWR) && sqlite3_exec(s->db,
	    "PRAGMA cache_size = -256", NULL, NULL, NULL) != SQLITE_OK)
		return store_sqlfail(s, "load the schema");
	return 0;
}

/* 0 for a statement that reads no table (so loads no schema): a pragma,
   or the start or end of a transaction; else 1. */
static int store_sql_reads(const char *sql)
{
	static const char *const none[] = { "PRAGMA", "BEGIN", "COMMIT",
	                                    "ROLLBACK", "SAVEPOINT", "RELEASE" };
	size_t i;

	for (i = 0; i < sizeof none / sizeof *none; i++)
		if (strncmp(sql, none[i], strlen(none[i])) == 0)
			return 0;
	return 1;
}

/* The slot of sql: its own, or the free one it is to take. */
static struct store_stmt_slot *store_slot(store *s, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STORE_NSTMT, n;
	struct store_stmt_slot *slot = NULL;

	for (n = 0; n < STORE_NSTMT; n++) {
		slot = &s->stmts[(h + n) % STORE_NSTMT];
		if (slot->sql == sql || !slot->sql)
			break;
	}
	assert(n < STORE_NSTMT);  /* more distinct statements than slots */
	return slot;
}

sqlite3_stmt *store_stmt_kept(store *s, const char *sql)
{
	struct store_stmt_slot *slot = store_slot(s, sql);

	return slot->sql == sql ? slot->st : NULL;
}

sqlite3_stmt *store_stmt(store *s, const char *sql, const char *fmt, ...)
{
	struct store_stmt_slot *slot = store_slot(s, sql);
	sqlite3_stmt *st;
	va_list ap;
	int i, rc;

	if (!slot->sql) {
		/* A reader's page cache is set with its first statement that
		   reads a table: the pragma loads the schema, as that
		   statement would (opening stays cheap: govfs(1) checks the
		   database before it forks, and some handles never read
		   one). */
		if (!s->tuned && store_sql_reads(sql) &&
		    store_load_schema(s) != 0)
			return NULL;
		rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		                        &slot->st, NULL);
		if (rc != SQLITE_OK) {
			store_sqlfail(s, "prepare");
			sqlite3_finalize(slot->st);
			slot->st = NULL;
			return NULL;
		}
		slot->sql = sql;
	}
	st = slot->st;
	sqlite3_reset(st);
	/* (Every parameter bound below: none keeps an old value.) */
	if ((fmt ? (int)strlen(fmt) : 0) != sqlite3_bind_parameter_count(st))
		sqlite3_clear_bindings(st);
	va_start(ap, fmt);
	for (i = 1; fmt && *fmt; fmt++, i++) {
		const char *t;

		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 't':
			t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC)
			       : sqlite3_bind_null(st, i);
			break;
		default:
			assert(!"bad bind format");
			rc = SQLITE_MISUSE;
		}
		if (rc != SQLITE_OK) {
			va_end(ap);
			store_sqlfail(s, "bind");
			return NULL;
		}
	}
	va_end(ap);
	return st;
}

void store_idle(store *s)
{
	sqlite3_stmt *p = NULL;

	while ((p = sqlite3_next_stmt(s->db, p)))
		if (sqlite3_stmt_busy(p))
			sqlite3_reset(p);
	s->memo.item = 0;      /* (its row is gone with it: render.c) */
}

int store_step(store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	rc = store_sqlfail(s, sqlite3_sql(st) ? "query" : "step");
	sqlite3_reset(st);
	return rc;
}

int store_exec(store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = store_sqlfail(s, "exec");

		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* The integer a one-row statement (a literal) returns, or -1. */
static int64_t store_int(store *s, const char *sql)
{
	sqlite3_stmt *st = store_stmt(s, sql, NULL);
	int64_t v;

	if (!st || store_step(s, st) != SQLITE_ROW)
		return -1;
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

int64_t store_user_version(store *s)
{
	return store_int(s, "PRAGMA user_version");
}

int64_t store_data_version(store *s)
{
	return store_int(s, "PRAGMA data_version");
}

int store_file_wal(store *s)
{
	sqlite3_file *f = NULL;
	unsigned char h[20];

	/* The header's read and write versions: 2 for WAL (fileformat). */
	return sqlite3_file_control(s->db, "main", SQLITE_FCNTL_FILE_POINTER,
	                            &f) == SQLITE_OK && f && f->pMethods &&
	       f->pMethods->xRead(f, h, sizeof h, 0) == SQLITE_OK &&
	       h[18] == 2 && h[19] == 2;
}

/*
** GOVCTL_NOW fixes the clock (for reproducible output and tests): epoch
** seconds, "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ".  Returns ms or 0.
*/
static int64_t store_env_now(void)
{
	const char *e = getenv("GOVCTL_NOW");
	struct tm tm = { 0 };
	char *end;
	long long v;

	if (!e || !*e)
		return 0;
	if (strptime(e, "%Y-%m-%dT%H:%M:%SZ", &tm) ||
	    strptime(e, "%Y-%m-%d", &tm))
		return (int64_t)timegm(&tm) * 1000;
	v = strtoll(e, &end, 10);
	return *end ? 0 : (int64_t)v * 1000;
}

/* The real clock in ms since the epoch. */
static int64_t store_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
** GOVCTL_NOW if set; inside a transaction the time it began, so that every
** row one transaction writes has the same time (the parents' touches by
** triggers then run once, not again at each tick of the clock); else now.
*/
int64_t store_now_ms(store *s)
{
	if (s->now_ms)
		return s->now_ms;
	if (s->in_txn)
		return s->txn_ms;
	return store_clock_ms();
}

void store_iso_time(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void store_today(store *s, char out[11])
{
	char iso[32];

	store_iso_time(store_now_ms(s), iso);
	memcpy(out, iso, 10);
	out[10] = '\0';
}

/* Is this file a govfs database (or an empty new one)? 0 or -EPROTO. */
/* The database is on a read-only file system: the message, -EROFS. */
static int store_rofs(store *s)
{
	return store_fail(s, -EROFS, "%s: on a read-only file system: %s "
	                  "(copy it to a writable folder)", s->path,
	                  s->flags & STORE_RDWR ? "it cannot be written" :
	                  "SQLite cannot create the -wal and -shm that it"
	                  " needs beside it to read it");
}

/*
** Why the database could not be read, when SQLite says no more than
** "unable to open database file" (SQLITE_CANTOPEN): a database in WAL
** mode is read through its -wal and -shm, which SQLite creates beside it,
** so that a read-only file system, or a folder or file the user may not
** write, stops readers as well as writers.  Sets the message and returns
** -EROFS, -EACCES or -EBUSY; else -EPROTO ("not a govfs database").
*/
static int store_open_trouble(store *s)
{
	int ec = sqlite3_errcode(s->db);
	char dir[4096], *slash;
	struct statvfs fs;

	if (ec == SQLITE_BUSY || ec == SQLITE_LOCKED)
		return store_sqlfail(s, "open");
	snprintf(dir, sizeof dir, "%s", s->path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		slash[slash == dir] = '\0';
	if (ec != SQLITE_NOTADB && statvfs(dir, &fs) == 0 &&
	    (fs.f_flag & ST_RDONLY))
		return store_rofs(s);
	if (ec != SQLITE_NOTADB && (access(s->path, R_OK) != 0 ||
	    access(dir, W_OK | X_OK) != 0 ||
	    ((s->flags & STORE_RDWR) && access(s->path, W_OK) != 0)))
		return store_fail(s, -EACCES, "%s: permission denied (to read "
		                  "it, or to write it or the -wal and -shm beside "
		                  "it in %s)", s->path, dir);
	return store_fail(s, -EPROTO, "%s: not a govfs database (%s)",
	                  s->path, sqlite3_errmsg(s->db));
}

static int store_check_app(store *s)
{
	sqlite3_stmt *st;
	int64_t v = store_user_version(s);

	if (v < 0)
		return store_open_trouble(s);
	if (v > 0)
		return 0;
	st = store_stmt(s, "SELECT count(*) FROM sqlite_schema", NULL);
	if (!st || store_step(s, st) != SQLITE_ROW)
		return store_fail(s, -EPROTO, "%s: not a govfs database",
		                  s->path);
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (v > 0)     /* another application's tables: init refuses it too */
		return store_fail(s, -EPROTO, "%s: not a govfs database (an "
		                  "SQLite database of another application; "
		                  "govctl init leaves it alone: choose another "
		                  "file)", s->path);
	if ((s->flags & STORE_RDWR) == 0)
		return store_fail(s, -EPROTO, "%s: an empty database (run: "
		                  "govctl --db %s init)", s->path, s->path);
	return 0;
}

/*
** Process-wide SQLite settings, before SQLite initialises: no memory
** statistics (nothing reads them, and keeping them takes a global mutex
** and some accounting on every allocation, a tenth of an import's time).
*/
static void store_config_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(const char *path, int flags, store **out, char **errmsg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	store *s;
	int oflags, rc, fd;

	pthread_once(&once, store_config_once);
	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		if (errmsg)
			*errmsg = strdup("out of memory");
		return -ENOMEM;
	}
	s->flags = flags;
	s->now_ms = store_env_now();
	if (flags & STORE_CREATE) {
		/* Create the file ourselves so it is 0600 from the start. */
		struct stat st;

		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			rc = errno == EROFS ? store_rofs(s) :
			     store_fail(s, -errno, "%s: %s", path, strerror(errno));
			goto fail;
		}
		/* An empty file given to become the database: 0600 too. */
		if (fstat(fd, &st) == 0 && st.st_size == 0 && S_ISREG(st.st_mode))
			fchmod(fd, 0600);
		close(fd);
	} else if (access(path, F_OK) != 0) {
		rc = store_fail(s, -ENOENT, "%s: no such database (run: "
		                "govctl init)", path);
		goto fail;
	}
	oflags = (flags & STORE_RDWR) ? SQLITE_OPEN_READWRITE
	                              : SQLITE_OPEN_READONLY;
	rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = store_fail(s, -EIO, "%s: %s", path,
		                s->db ? sqlite3_errmsg(s->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, store_wait_ms);
	sqlite3_extended_result_codes(s->db, 1);
	rc = store_check_app(s);
	if (rc)
		goto fail;
	/* Readers (one per govfs thread, up to ten): the OS caches the
	   file, so a small page cache each (the b-trees' upper levels) is
	   enough; store_stmt sets it. */
	if (flags & STORE_RDWR) {
		rc = store_exec(s, "PRAGMA journal_mode = WAL;"
		                   "PRAGMA synchronous = NORMAL;"
		                   "PRAGMA foreign_keys = ON;"
		                   "PRAGMA cache_size = -262144;"
		                   "PRAGMA temp_store = MEMORY;"
		                   /* a log started over is cut back to 4 MiB
		                      (a mount keeps it from being removed) */
		                   "PRAGMA journal_size_limit = 4194304;");
		if (rc == 0)
			rc = schema_migrate(s);
	} else if (store_user_version(s) > STORE_SCHEMA) {
		rc = store_fail(s, -EPROTO,
			"%s: schema %lld is newer than this govfs (%d)",
			path, (long long)store_user_version(s), STORE_SCHEMA);
	} else if (store_user_version(s) < STORE_SCHEMA) {
		rc = store_fail(s, -EPROTO, "%s: schema %lld is older than "
		                "this govfs (%d): run govctl init to upgrade",
		                path, (long long)store_user_version(s),
		                STORE_SCHEMA);
	}
	if (rc)
		goto fail;
	*out = s;
	return 0;
fail:
	if (errmsg)
		*errmsg = strdup(s->err);
	store_close(s);
	return rc;
}

void store_close(store *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < STORE_NSTMT; i++)
		sqlite3_finalize(s->stmts[i].st);
	free(s->inew.b.texts);
	free(s->inew.b.dues);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int store_begin(store *s)
{
	int rc;

	assert(!s->in_txn);
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == 0) {
		s->in_txn = 1;
		s->txn_ms = store_clock_ms();
		/* The importer's bulk state (write.c) is that of one
		   transaction: it starts here, the one place it is reset. */
		memset(s->bulk_count, 0, sizeof s->bulk_count);
		memset(s->bulk_touched, 0, sizeof s->bulk_touched);
		memset(s->bulk_people, 0, sizeof s->bulk_people);
		memset(&s->imp, 0, sizeof s->imp);
		memset(&s->last_item, 0, sizeof s->last_item);
		s->upgraded[0] = '\0';
	}
	return rc;
}

int store_fts_flush(store *s)
{
	int rc = store_exec(s,
		"INSERT INTO item_fts(rowid, title, subtitle, minutes, decision)"
		" SELECT id, title, subtitle, minutes, decision FROM item"
		" WHERE id IN (SELECT item_id FROM fts_pending);"
		"DELETE FROM fts_pending;");

	return rc;
}

/* Commits made by this process (store_commits). */
static unsigned long store_ncommits;

unsigned long store_commits(void)
{
	return __atomic_load_n(&store_ncommits, __ATOMIC_RELAXED);
}

void store_count_commit(void)
{
	__atomic_add_fetch(&store_ncommits, 1, __ATOMIC_RELAXED);
}

int store_commit(store *s)
{
	int rc;

	assert(s->in_txn);
	assert(!s->bulk);
	rc = store_bulk_flush(s);
	if (rc == 0)
		rc = store_fts_flush(s);
	if (rc == 0)
		rc = store_exec(s, "COMMIT");
	if (rc == 0) {
		s->in_txn = 0;
		store_count_commit();
	}
	return rc;
}

int store_rollback(store *s)
{
	if (!s->in_txn)
		return 0;
	s->in_txn = 0;
	memset(&s->last_item, 0, sizeof s->last_item);
	return store_exec(s, "ROLLBACK");
}
