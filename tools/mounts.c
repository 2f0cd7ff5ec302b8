/*
** mounts.c — govctl and the govfs mounts of this machine: which mount a
** path is in, which database a mount serves, and, after a commit, waiting
** until every mount of the database has told the kernel (read your
** writes).  The mounts answer the control requests of fs/ctl.h.
*/
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "../fs/ctl.h"
#include "govctl.h"

/*
** Undo the octal escapes of /proc/mounts (\040 for a space, \011, \012,
** \134) in place.
*/
static void mounts_unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
			              (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* The govfs mounts (type fuse.govfs) of /proc/self/mounts, in mount
   order, read once a run (mounts_list). */
static struct {
	char **dir;
	size_t n;
	int loaded;
} mounts;

/* Read the mounts if not read yet; an unreadable table or no memory
   leaves the list shorter (govctl then acts as outside any mount). */
static void mounts_list(void)
{
	char *line = NULL, dev[PATH_MAX], dir[PATH_MAX], type[64], **v;
	size_t cap = 0;
	FILE *m;

	if (mounts.loaded)
		return;
	mounts.loaded = 1;
	if (!(m = fopen("/proc/self/mounts", "re")))
		return;
	while (getline(&line, &cap, m) > 0) {
		if (sscanf(line, "%4095s %4095s %63s", dev, dir, type) != 3 ||
		    strcmp(type, "fuse.govfs") != 0)
			continue;
		mounts_unescape(dir);
		v = realloc(mounts.dir, (mounts.n + 1) * sizeof *v);
		if (!v || !(v[mounts.n] = strdup(dir))) {
			mounts.dir = v ? v : mounts.dir;
			break;
		}
		mounts.dir = v;
		mounts.n++;
	}
	free(line);
	fclose(m);
}

/*
** The govfs mount holding the real (absolute, resolved) path real, the
** innermost: its folder in dir (PATH_MAX bytes) and the length of its
** prefix in real (1 for "/"), or 0 when real is in none.
*/
static size_t mounts_holding(const char *real, char *dir)
{
	size_t i, n, best = 0;

	mounts_list();
	for (i = 0; i < mounts.n; i++) {
		n = strcmp(mounts.dir[i], "/") == 0 ? 0 : strlen(mounts.dir[i]);
		if (n >= best && strncmp(real, mounts.dir[i], n) == 0 &&
		    (real[n] == '/' || real[n] == '\0')) {
			strcpy(dir, mounts.dir[i]);
			best = n ? n : 1;
		}
	}
	return best;
}

const char *govctl_ref(const char *arg)
{
	static char out[PATH_MAX];
	char real[PATH_MAX], dir[PATH_MAX];
	size_t n;

	if (!realpath(arg, real) || !(n = mounts_holding(real, dir)))
		return arg;
	if (n == 1 && strcmp(dir, "/") == 0)
		n = 0;
	snprintf(out, sizeof out, "%s", real[n] ? real + n + 1 : "");
	return out;
}

/*
** Ask the mount whose folder fd is open for its database's path, into
** db (PATH_MAX bytes): 0, or -errno (an older govfs answers -ENOTTY).
*/
static int mounts_db_fd(int fd, char *db)
{
	char path[GOVFS_CTL_PATH];

	if (ioctl(fd, GOVFS_IOC_DB, path) != 0)
		return -errno;
	if (!memchr(path, '\0', sizeof path) || strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	strcpy(db, path);
	return 0;
}

/* The same for the mount at dir. */
static int mounts_db(const char *dir, char *db)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	rc = mounts_db_fd(fd, db);
	close(fd);
	return rc;
}

/* Are a and b the same file (both exist), or the same path?  1 or 0. */
static int mounts_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char ra[PATH_MAX], rb[PATH_MAX];

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (realpath(a, ra) && realpath(b, rb))
		return strcmp(ra, rb) == 0;
	return strcmp(a, b) == 0;
}

/*
** The database of the govfs mount that the paths among argv (argc of
** them; options and what is no path are skipped) or else the working
** directory are in: the first path in a mount decides.  given is the
** database named by --db or $GOVFS_DB (how says which), or NULL.
** Returns the mount's database (static storage), or NULL when no path is
** in a mount.  Exits with a message when paths are in mounts of
** different databases or given names another one (EX_USAGE), or when a
** mount cannot say its database (EX_UNAVAILABLE).
*/
const char *govctl_mount_db(int argc, char **argv, const char *given,
                            const char *how)
{
	static char db[PATH_MAX];
	char real[PATH_MAX], dir[PATH_MAX], mnt[PATH_MAX], other[PATH_MAX];
	int i, found = 0, rc;

	/* No govfs mount at all (the common case): no path is in one, and
	   no path is resolved (an import of 1,002 files would resolve
	   each); the mounts are read once a run (mounts_list). */
	mounts_list();
	if (mounts.n == 0)
		return NULL;
	for (i = 0; i <= argc; i++) {
		const char *p = i < argc ? argv[i] : ".";

		if (i == argc && found)
			break;
		if (i < argc && (p[0] == '-' || !*p))
			continue;
		if (!realpath(p, real) || !mounts_holding(real, dir))
			continue;
		if ((rc = mounts_db(dir, other)) != 0) {
			fprintf(stderr, "govctl: %s is in the govfs mount %s,"
			        " which does not say its database (%s)\n",
			        p, dir, strerror(-rc));
			exit(EX_UNAVAILABLE);
		}
		if (!found) {
			strcpy(db, other);
			strcpy(mnt, dir);
			found = 1;
		} else if (!mounts_same_file(db, other)) {
			fprintf(stderr, "govctl: %s is in the mount %s of %s, "
			        "but an earlier path is in the mount %s of %s:"
			        " one database at a time\n", p, dir, other,
			        mnt, db);
			exit(EX_USAGE);
		}
	}
	if (!found)
		return NULL;
	if (given && !mounts_same_file(given, db)) {
		fprintf(stderr, "govctl: %s names %s, but %s is the mount of "
		        "%s: work in the mount's database (leave out %s) or "
		        "outside the mount\n", how, given,
		        mnt, db, how);
		exit(EX_USAGE);
	}
	return db;
}

/* Waiting for the mounts of one database (mounts_sync_one). */
struct mounts_sync {
	const char *db;
	int n;               /* mounts waited for */
	double ms;           /* the longest wait */
};

static double mounts_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Wait for the mount at dir if it serves w->db. */
static void mounts_sync_one(struct mounts_sync *w, const char *dir)
{
	char db[PATH_MAX];
	double t0 = mounts_now_ms(), ms;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return;
	if (mounts_db_fd(fd, db) != 0 || !mounts_same_file(db, w->db))
		goto out;
	if (ioctl(fd, GOVFS_IOC_SYNC) != 0)
		rc = errno;
	ms = mounts_now_ms() - t0;
	if (rc == ETIMEDOUT)
		fprintf(stderr, "govctl: %s: the mount did not confirm the "
		        "change within %d ms; it shows it shortly\n", dir,
		        GOVFS_SYNC_MS);
	w->n++;
	if (ms > w->ms)
		w->ms = ms;
out:
	close(fd);
}

/*
** After a commit: return once every govfs mount of the database db has
** told the kernel (GOVFS_SYNC_MS at most each), so that a reader started
** after govctl returns sees the change.  With $GOVCTL_SYNC_TRACE set,
** says on stderr how many mounts it waited for and how long.
*/
void govctl_mounts_sync(const char *db)
{
	struct mounts_sync w = { db, 0, 0 };
	size_t i;

	mounts_list();
	for (i = 0; i < mounts.n; i++)
		mounts_sync_one(&w, mounts.dir[i]);
	if (getenv("GOVCTL_SYNC_TRACE"))
		fprintf(stderr, "govctl: waited for %d mount%s, %.3f ms\n",
		        w.n, w.n == 1 ? "" : "s", w.ms);
}
