/*
** follow.c — govfs follows the database file at its path.
**
** A database is replaced by renaming another file over it (a restore, a
** replica's copy), or removed and created again (govctl init).  The
** watcher (watch.c) asks at every poll whether the file at the mounted
** path is still the one it opened (gfs_follow_check).  When it is not, the
** watcher moves to the new file at once: the epoch in every node id moves
** (govfs.h), every thread's handle of the old file is closed between two
** requests, the caches are emptied, and the kernel is told to forget
** every name under the root (gfs_follow_forget), so every path is looked
** up again in the new file and nothing is ever served from both.
**
** The old file's WAL: SQLite finds a database's log by name (DB-wal), not
** by the file it belongs to, so the log the old file left at the path
** would be read as the new file's, overlaying its pages with the old
** file's.  A log at the path that is the one the mount had open with the
** old file, and its index (DB-shm), are moved aside (DB-wal.replaced-N,
** DB-shm.replaced-N, N the old file's inode number) and logged: nothing is
** lost, and nothing of the old file is applied to the new one.
*/
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "govfs.h"

/* The file the mount serves and, while it is open, its WAL and index. */
static struct {
	int known;            /* dev and ino name the file opened */
	dev_t dev;
	ino_t ino;
	struct stat wal, shm; /* st_nlink 0: none seen */
	int gone;             /* no valid database at the path (logged) */
} gfs_file;

/* stat path into *st, or clear it (st_nlink 0) when there is none. */
static void gfs_follow_stat(const char *path, struct stat *st)
{
	if (stat(path, st) != 0)
		memset(st, 0, sizeof *st);
}

/* sprintf into a new string, or NULL. */
static char *gfs_follow_name(const char *suffix)
{
	char *p;

	return asprintf(&p, "%s%s", gfs.db, suffix) < 0 ? NULL : p;
}

/*
** The watcher has the file at the path open (at mount, and after a
** switch): remember it, and its WAL and index as they are now.
*/
void gfs_follow_note(void)
{
	struct stat st;
	char *wal = gfs_follow_name("-wal"), *shm = gfs_follow_name("-shm");

	if (stat(gfs.db, &st) == 0) {
		gfs_file.known = 1;
		gfs_file.dev = st.st_dev;
		gfs_file.ino = st.st_ino;
	}
	if (wal)
		gfs_follow_stat(wal, &gfs_file.wal);
	if (shm)
		gfs_follow_stat(shm, &gfs_file.shm);
	free(wal);
	free(shm);
}

/*
** Is the file at the path still the one opened?  0 if so (its WAL is
** noted again, as SQLite may start it over); 1 if another file is there
** or none.  *missing: no file at the path.
*/
int gfs_follow_check(int *missing)
{
	struct stat st;

	*missing = stat(gfs.db, &st) != 0;
	if (!gfs_file.known)
		return !*missing;         /* gone before: back? */
	if (!*missing && st.st_dev == gfs_file.dev && st.st_ino == gfs_file.ino)
		return 0;
	return 1;
}

/* Move suffix's file aside if it is old's (the same inode): 1 if moved,
   and what was done appended to said (cap bytes). */
static int gfs_follow_aside_one(const char *suffix, const struct stat *old,
                                unsigned long long oldino, char *said,
                                size_t cap)
{
	char *path = gfs_follow_name(suffix), *to = NULL;
	size_t n = strlen(said);
	struct stat st;
	int moved = 0;

	if (!path || !old->st_nlink || stat(path, &st) != 0 ||
	    st.st_dev != old->st_dev || st.st_ino != old->st_ino)
		goto out;
	if (asprintf(&to, "%s.replaced-%llu", path, oldino) < 0) {
		to = NULL;
		goto out;
	}
	if (rename(path, to) == 0) {
		snprintf(said + n, cap - n, "; its %s moved aside to %s",
		         suffix + 1, to);
		moved = 1;
	} else {
		snprintf(said + n, cap - n, "; its %s could not be moved "
		         "aside: %s", suffix + 1, strerror(errno));
	}
out:
	free(path);
	free(to);
	return moved;
}

/* What happened to the old file, for the one log line of the move. */
static char gfs_follow_said[2 * PATH_MAX + 256];

/*
** The file at the path is not the one opened (gfs_follow_check): move the
** old file's WAL and index aside if they are still at the path.  Then the
** watcher opens what is there and calls gfs_follow_opened or
** gfs_follow_unusable, which log the move in one line.
*/
void gfs_follow_replaced(int missing)
{
	unsigned long long oldino = (unsigned long long)gfs_file.ino;
	char *said = gfs_follow_said;

	said[0] = '\0';
	if (gfs_file.known) {
		snprintf(said, sizeof gfs_follow_said, "the database was %s",
		         missing ? "removed" : "replaced");
		if (!missing)
			snprintf(said + strlen(said),
			         sizeof gfs_follow_said - strlen(said),
			         " (it was inode %llu)", oldino);
		gfs_follow_aside_one("-wal", &gfs_file.wal, oldino, said,
		                     sizeof gfs_follow_said);
		gfs_follow_aside_one("-shm", &gfs_file.shm, oldino, said,
		                     sizeof gfs_follow_said);
	}
	gfs_file.known = 0;
	memset(&gfs_file.wal, 0, sizeof gfs_file.wal);
	memset(&gfs_file.shm, 0, sizeof gfs_file.shm);
}

/*
** Nothing usable at the path (msg says why; NULL: no file): one line,
** through gfs_db_error, so the failing reads log nothing more until a
** database is back.
*/
void gfs_follow_unusable(const char *msg)
{
	char line[sizeof gfs_follow_said + 512];

	snprintf(line, sizeof line, "%s: %s%sno usable database at the path"
	         " (%s): every read fails (EIO) until there is one", gfs.db,
	         gfs_follow_said, gfs_follow_said[0] ? ": " : "",
	         msg ? msg : "no such file");
	gfs_follow_said[0] = '\0';
	gfs_file.gone = 1;
	gfs_db_error(line);
}

/* The watcher opened the file at the path: say what happened. */
void gfs_follow_opened(void)
{
	if (gfs_follow_said[0])
		gfs_log(LOG_WARNING, "%s: %s: the mount now shows the new "
		        "file", gfs.db, gfs_follow_said);
	else if (gfs_file.gone)
		gfs_log(LOG_INFO, "%s: a database is there again: the mount "
		        "shows it", gfs.db);
	gfs_follow_said[0] = '\0';
	gfs_file.gone = 0;
	gfs_follow_note();
}

/* store_dirent_fn: tell the kernel to forget root entry name. */
static int gfs_follow_forget_one(void *ctx, const char *name,
                                 const struct node_attr *a)
{
	(void)ctx;
	(void)a;
	fuse_lowlevel_notify_inval_entry(gfs.se, NODE_ROOT_INO, name,
	                                 strlen(name));
	gfs_count(GFS_N_NOTIFIED);
	return 0;
}

/*
** Tell the kernel that everything changed: the root's attributes and
** listing, and each of its names (which takes every name below with it).
** s lists the root (the new file, or any govfs database: the root's
** names are the same in every one).
*/
void gfs_follow_forget(store *s)
{
	static const char *const fixed[] = {
		"README", "actions", "boards", "issues", "meetings", "people",
		"plans", "search",
	};
	size_t i;

	fuse_lowlevel_notify_inval_inode(gfs.se, NODE_ROOT_INO, 0, 0);
	if (!s || store_readdir(s, NODE_ROOT_INO, gfs_follow_forget_one,
	                        NULL) != 0)
		for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
			gfs_follow_forget_one(NULL, fixed[i], NULL);
}
