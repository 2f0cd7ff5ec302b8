/*
** backup.c — copying a live database out (store_backup) and back in
** (store_restore) through SQLite's online backup API, so that neither
** needs the writers stopped or the mount taken down.
**
** A backup reads one snapshot of the database (in WAL mode a reader
** blocks no writer) into a new file beside the destination, makes it a
** rollback-journal database (one file, nothing beside it), checks it,
** and renames it into place: the destination is the old backup or the
** new one, never half of one.
**
** A restore never puts another file at the database's path (that is what
** confuses a mount: see govfs(1)).  It writes the backup's pages INTO the
** live database, as one write transaction of its connection, so that a
** mount, or any reader, sees the restore as it sees any commit: before or
** after, never between.  On its way the backup is copied to a scratch
** file beside the database, brought to this program's schema, and given
** a change log that tells a mount what the restore changed
** (schema_log_replaced).
*/
#include <assert.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

/* fsync the file at path (a folder too).  0 or -errno. */
static int backup_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = -errno;
	close(fd);
	return rc;
}

/* The folder of path, into out (PATH_MAX bytes). */
static void backup_dir(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Remove path and its -wal, -journal and -shm. */
static void backup_unlink(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-journal", "-shm" };
	char p[4096];
	size_t i;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, ext[i]);
		unlink(p);
	}
}

/*
** Copy every page of schema "main" of from into to, in one step (the
** source's snapshot is one read transaction; the destination's write is
** one write transaction, waited for with to's busy timeout).  Errors are
** told in s's message, what naming the operation.  0 or -errno.
*/
static int backup_copy(store *s, sqlite3 *to, sqlite3 *from, const char *what)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (!b)
		return store_fail(s, -EIO, "%s: %s", what, sqlite3_errmsg(to));
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return store_fail(s, -EBUSY, "%s: database is busy, try again"
		                  " (another writer held it too long)", what);
	if (rc == SQLITE_READONLY)
		return store_fail(s, -EROFS, "%s: %s (a database of another page"
		                  " size cannot be restored into one in WAL mode)",
		                  what, sqlite3_errstr(rc));
	return store_fail(s, -EIO, "%s: %s", what, sqlite3_errstr(rc));
}

/*
** What the database file path holds: 0 if a govfs database of a schema
** this program reads (an older one is upgraded by the restore), else
** -EPROTO (not one, newer, or damaged) or -ENOENT, the message in s naming
** path.  db is a read-only connection to it.
*/
static int backup_check(store *s, sqlite3 *db, const char *path)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1, tables = 0;
	const char *ok = "";
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM"
	                        " pragma_user_version), (SELECT count(*) FROM"
	                        " sqlite_schema WHERE type = 'table' AND name IN"
	                        " ('board', 'meeting', 'item', 'action', 'change',"
	                        " 'counter'))", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		tables = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (v < 0)
		return store_fail(s, -EPROTO, "%s: not a govfs database (%s)",
		                  path, sqlite3_errmsg(db));
	if (v == 0 || tables != 6)
		return store_fail(s, -EPROTO, "%s: not a govfs database", path);
	if (v > STORE_SCHEMA)
		return store_fail(s, -EPROTO, "%s: schema %lld is newer than this"
		                  " govfs (%d)", path, (long long)v, STORE_SCHEMA);
	st = NULL;
	rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		ok = (const char *)sqlite3_column_text(st, 0);
	rc = ok && strcmp(ok, "ok") == 0 ? 0 :
	     store_fail(s, -EPROTO, "%s: a damaged database (%s)", path,
	                ok && *ok ? ok : sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

/* Create path (mode 0600, not there before) and open it.  0 or -errno. */
static int backup_create(store *s, const char *path, sqlite3 **out)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	*out = NULL;
	if (fd < 0)
		return store_fail(s, -errno, "%s: %s", path, strerror(errno));
	close(fd);
	if (sqlite3_open_v2(path, out, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		store_fail(s, -EIO, "%s: %s", path, sqlite3_errmsg(*out));
		sqlite3_close(*out);
		*out = NULL;
		unlink(path);
		return -EIO;
	}
	return 0;
}

int store_backup(store *s, const char *path)
{
	char tmp[4096], dir[4096], wal[4096];
	sqlite3 *to = NULL;
	struct stat st;
	int rc;

	assert(!s->in_txn);
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0)
		return store_fail(s, -EEXIST, "%s: in use as a database (it has "
		                  "a -wal): back up to another name", path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return store_fail(s, -EEXIST, "%s: not a regular file", path);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path,
	                     (long)getpid()) >= sizeof tmp)
		return store_fail(s, -ENAMETOOLONG, "%s: name too long", path);
	backup_unlink(tmp);
	rc = backup_create(s, tmp, &to);
	if (rc)
		return rc;
	rc = backup_copy(s, to, s->db, path);
	/* a rollback-journal database, one file whole in itself (the live
	   one's header, copied, says WAL): reading it leaves no -wal */
	if (rc == 0 && sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL,
	                            NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, -EIO, "%s: %s", tmp, sqlite3_errmsg(to));
	if (rc == 0)
		rc = backup_check(s, to, tmp);
	sqlite3_close(to);
	if (rc == 0 && (rc = backup_sync(tmp)) != 0)
		store_fail(s, rc, "%s: %s", tmp, strerror(-rc));
	if (rc == 0 && rename(tmp, path) != 0)
		rc = store_fail(s, -errno, "%s: %s", path, strerror(errno));
	if (rc) {
		backup_unlink(tmp);
		return rc;
	}
	backup_dir(path, dir, sizeof dir);
	backup_sync(dir);
	return 0;
}

int store_restore(store *s, const char *path)
{
	char tmp[4096] = "", *err = NULL;
	sqlite3 *from = NULL, *to = NULL;
	sqlite3_stmt *st;
	store *t = NULL;
	int rc;

	assert(!s->in_txn);
	if (access(path, F_OK) != 0)
		return store_fail(s, -ENOENT, "%s: %s", path, strerror(errno));
	if (sqlite3_open_v2(path, &from, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = store_fail(s, -EPROTO, "%s: not a govfs database (%s)",
		                path, sqlite3_errmsg(from));
		goto out;
	}
	rc = backup_check(s, from, path);
	if (rc)
		goto out;
	/* a scratch copy beside the database, at this program's schema */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.restore-%ld", s->path,
	                     (long)getpid()) >= sizeof tmp) {
		rc = store_fail(s, -ENAMETOOLONG, "%s: name too long", s->path);
		goto out;
	}
	backup_unlink(tmp);
	rc = backup_create(s, tmp, &to);
	if (rc)
		goto out;
	rc = backup_copy(s, to, from, tmp);
	sqlite3_close(to);
	to = NULL;
	if (rc)
		goto out;
	rc = store_open(tmp, STORE_RDWR, &t, &err);
	if (rc) {
		store_fail(s, rc, "%s", err ? err : "cannot open the copy");
		goto out;
	}
	/* its change log: what the restore changes, after the live log */
	st = store_stmt(t, "ATTACH ? AS live", "t", s->path);
	rc = st ? store_step(t, st) : -EIO;
	if (st)
		sqlite3_reset(st);
	if (rc < 0) {
		store_fail(s, rc, "%s", store_errmsg(t));
		goto out;
	}
	rc = store_begin(t);
	if (rc == 0)
		rc = schema_log_replaced(t, "live", store_now_ms(s));
	rc = rc ? rc : store_commit(t);
	if (rc) {
		store_rollback(t);
		store_fail(s, rc, "%s", store_errmsg(t));
	}
	store_exec(t, "DETACH live");
	if (rc)
		goto out;
	/* and into the live database, as one commit */
	rc = backup_copy(s, s->db, t->db, s->path);
out:
	store_close(t);
	free(err);
	sqlite3_close(to);
	sqlite3_close(from);
	if (tmp[0])
		backup_unlink(tmp);
	return rc;
}
