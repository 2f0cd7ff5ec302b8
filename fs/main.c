/*
** main.c — govfs, the mount program: govfs [options] DB MOUNTPOINT
**
** Checks the database and the mountpoint before mounting (one clear line
** and a non-zero exit on any problem), mounts read-only with libfuse's
** low-level API, daemonizes unless -f, starts the watcher and runs the
** (multi-threaded) session loop until unmounted.  See man/govfs.1.
*/
#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "govfs.h"

/* Exit statuses (see man/govfs.1). */
enum { GFS_EXIT_OK = 0, GFS_EXIT_FAIL = 1, GFS_EXIT_USAGE = 2 };

/* Worker threads kept when idle (libfuse starts at most 10). */
#define GFS_MAX_IDLE 10

/* SIGUSR1: the watcher logs the request counts at its next poll. */
static void gfs_on_usr1(int sig)
{
	(void)sig;
	gfs.want_counts = 1;
}

/* Install gfs_on_usr1: 0, or -1 (errno set). */
static int gfs_set_usr1(void)
{
	struct sigaction sa = { .sa_handler = gfs_on_usr1,
	                        .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	return sigaction(SIGUSR1, &sa, NULL);
}

/* ---- options ------------------------------------------------------------ */

struct gfs_args {
	const char *db;          /* as given */
	const char *mnt;
	int help, version, single;
	int has_fsname, has_subtype;
	int auto_unmount;        /* -o auto_unmount: start the guard */
	long cache_mb;           /* -o cache_mb=N: the render cache (MiB) */
	char *log;               /* -o log=FILE (a copy) */
	int bad;                 /* a usage error was printed */
};

enum {
	GFS_KEY_HELP, GFS_KEY_VERSION, GFS_KEY_FG, GFS_KEY_DEBUG,
	GFS_KEY_SINGLE,
};

static const struct fuse_opt gfs_optspec[] = {
	FUSE_OPT_KEY("-h", GFS_KEY_HELP),
	FUSE_OPT_KEY("--help", GFS_KEY_HELP),
	FUSE_OPT_KEY("-V", GFS_KEY_VERSION),
	FUSE_OPT_KEY("--version", GFS_KEY_VERSION),
	FUSE_OPT_KEY("-f", GFS_KEY_FG),
	FUSE_OPT_KEY("-d", GFS_KEY_DEBUG),
	FUSE_OPT_KEY("debug", GFS_KEY_DEBUG),
	FUSE_OPT_KEY("-s", GFS_KEY_SINGLE),
	FUSE_OPT_END
};

/*
** Mount options that make no sense for a read-only FUSE tree, or that
** belong to fstab and mount(8) rather than to the filesystem: accepted and
** dropped, so that an fstab line with "defaults" or "rw" works.  "ro" is
** always added.  nodev, nosuid and noexec are passed on (they only
** restrict).
*/
static const char *const gfs_ignored[] = {
	"defaults", "rw", "ro", "dev", "suid", "exec", "auto", "noauto",
	"user", "nouser", "users", "owner", "group", "_netdev", "nofail",
	"atime", "noatime", "diratime", "nodiratime", "relatime",
	"norelatime", "strictatime", "nostrictatime", "lazytime",
	"nolazytime", "async", "sync", "dirsync", "mand", "nomand", "silent",
	"loud", "iversion", "noiversion", "nosymfollow", "symfollow",
	"bg", "fg", NULL
};

static int gfs_ignored_opt(const char *opt)
{
	size_t i;

	if (strncmp(opt, "x-", 2) == 0 || strncmp(opt, "comment=", 8) == 0)
		return 1;
	for (i = 0; gfs_ignored[i]; i++)
		if (strcmp(opt, gfs_ignored[i]) == 0)
			return 1;
	return 0;
}

/* fuse_opt_proc_t: 0 drops arg, 1 keeps it for libfuse, -1 fails. */
static int gfs_opt_proc(void *data, const char *arg, int key,
                        struct fuse_args *outargs)
{
	struct gfs_args *a = data;

	(void)outargs;
	switch (key) {
	case GFS_KEY_HELP:
		a->help = 1;
		return 0;
	case GFS_KEY_VERSION:
		a->version = 1;
		return 0;
	case GFS_KEY_FG:
		gfs.foreground = 1;
		return 0;
	case GFS_KEY_DEBUG:
		gfs.foreground = 1;
		gfs.debug = 1;
		return 1;                   /* libfuse logs every request */
	case GFS_KEY_SINGLE:
		a->single = 1;
		return 0;
	case FUSE_OPT_KEY_NONOPT:
		if (!a->db) {
			a->db = arg;
		} else if (!a->mnt) {
			a->mnt = arg;
		} else {
			fprintf(stderr, "govfs: too many arguments: '%s'\n", arg);
			a->bad = 1;
			return -1;
		}
		return 0;
	case FUSE_OPT_KEY_OPT:
		if (arg[0] == '-') {
			fprintf(stderr, "govfs: unknown option '%s'"
			        " (see govfs --help)\n", arg);
			a->bad = 1;
			return -1;
		}
		if (gfs_ignored_opt(arg))
			return 0;
		if (strncmp(arg, "cache_mb=", 9) == 0) {
			char *end;

			errno = 0;
			a->cache_mb = strtol(arg + 9, &end, 10);
			if (errno || end == arg + 9 || *end ||
			    a->cache_mb < 1 || a->cache_mb > GFS_CACHE_MB_MAX) {
				fprintf(stderr, "govfs: bad option '%s' (cache_mb"
				        " is 1 to %d MiB)\n", arg,
				        GFS_CACHE_MB_MAX);
				a->bad = 1;
				return -1;
			}
			return 0;
		}
		if (strncmp(arg, "log=", 4) == 0) {
			free(a->log);       /* the option group's copy goes */
			a->log = strdup(arg + 4);
			if (!a->log || !*a->log) {
				fprintf(stderr, "govfs: bad option '%s'\n", arg);
				a->bad = 1;
				return -1;
			}
			return 0;
		}
		if (strcmp(arg, "auto_unmount") == 0)
			a->auto_unmount = 1;
		if (strncmp(arg, "fsname=", 7) == 0)
			a->has_fsname = 1;
		if (strncmp(arg, "subtype=", 8) == 0)
			a->has_subtype = 1;
		return 1;                   /* libfuse checks the rest */
	default:
		return 1;
	}
}

static void gfs_usage(FILE *f)
{
	fprintf(f,
"usage: govfs [options] DB MOUNTPOINT\n"
"       govfs --help | --version\n"
"Mount the govfs database DB, read-only, as a tree of files at MOUNTPOINT.\n"
"\n"
"  -f              stay in the foreground, log to standard error\n"
"  -d              debug: -f and log every request\n"
"  -s              single-threaded\n"
"  -o OPT[,OPT]    mount options:\n"
"      allow_other          let every user see the tree\n"
"      allow_root           let the owner and root see the tree\n"
"      default_permissions  let the kernel check file modes\n"
"      auto_unmount         unmount when govfs exits\n"
"      cache_mb=N           MiB of rendered files govfs keeps (8);\n"
"                           its folder listings get half as much\n"
"      log=FILE             append messages to FILE, not to syslog\n"
"      fsname=NAME          the source shown in /proc/mounts (govfs)\n"
"      subtype=NAME         the type shown is fuse.NAME (fuse.govfs)\n"
"      nodev,nosuid,noexec  passed on; ro is always set, rw is ignored,\n"
"                           fstab options (defaults, noauto, user,\n"
"                           _netdev, nofail, ...) are ignored\n"
"  -h, --help      show this help\n"
"  -V, --version   show the version\n"
"\n"
"Signals: SIGUSR1 logs the request counts; SIGTERM, SIGINT, SIGHUP unmount.\n"
"Environment: GOVCTL_NOW fixes today (for tests), as for govctl.\n"
"Unmount with: fusermount3 -u MOUNTPOINT.  See govfs(1) and govfs(5).\n");
}

/* ---- checks ------------------------------------------------------------- */

/*
** Is DB a govfs database this govfs can read?  On success sets gfs.db to
** its absolute path.  Prints one line and returns -1 otherwise.
*/
static int gfs_check_db(const char *db)
{
	char *msg = NULL;
	struct stat st;
	store *s;
	int rc;

	if (stat(db, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			fprintf(stderr, "govfs: %s: no such database\n", db);
		else
			fprintf(stderr, "govfs: %s: %s\n", db, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "govfs: %s: is a directory, not a govfs"
		        " database\n", db);
		return -1;
	}
	rc = store_open(db, STORE_RDONLY, &s, &msg);
	if (rc) {
		fprintf(stderr, "govfs: %s\n", msg ? msg : strerror(-rc));
		free(msg);
		return -1;
	}
	/* Closed again: a connection must not cross fuse_daemonize's fork. */
	store_close(s);
	gfs.db = realpath(db, NULL);
	if (!gfs.db) {
		fprintf(stderr, "govfs: %s: %s\n", db, strerror(errno));
		return -1;
	}
	return 0;
}

/* Is path the root of a mount?  1, 0, or -1 (unknown). */
static int gfs_is_mount_root(const char *path, const struct stat *st)
{
	struct statx stx;
	struct stat up;
	char *parent;
	int rc;

	if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx) == 0 &&
	    (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return !!(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	if (asprintf(&parent, "%s/..", path) < 0)
		return -1;
	rc = stat(parent, &up) == 0 ? up.st_dev != st->st_dev : -1;
	free(parent);
	return rc;
}

/*
** Is mnt a directory we can mount on?  Returns its absolute path
** (malloc'd), or prints one line and returns NULL.
*/
static char *gfs_check_mountpoint(const char *mnt)
{
	struct stat st;
	char *abs;

	abs = realpath(mnt, NULL);
	if (!abs) {
		if (errno == ENOENT)
			fprintf(stderr, "govfs: %s: mountpoint does not exist\n",
			        mnt);
		else if (errno == ENOTCONN)
			fprintf(stderr, "govfs: %s: mountpoint is busy (a dead"
			        " mount: fusermount3 -u %s)\n", mnt, mnt);
		else
			fprintf(stderr, "govfs: %s: %s\n", mnt, strerror(errno));
		return NULL;
	}
	if (stat(abs, &st) != 0) {
		fprintf(stderr, "govfs: %s: %s\n", mnt, strerror(errno));
		goto fail;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "govfs: %s: mountpoint is not a directory\n",
		        mnt);
		goto fail;
	}
	if (gfs_is_mount_root(abs, &st) == 1) {
		fprintf(stderr, "govfs: %s: mountpoint is busy (already"
		        " mounted)\n", mnt);
		goto fail;
	}
	return abs;
fail:
	free(abs);
	return NULL;
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct gfs_args a;
	size_t cache;
	/* FUSE_USE_VERSION 35: the public (v1) loop config.  Idle workers
	   stay: a new one would have to open a new store handle. */
	struct fuse_loop_config cfg = {
		.clone_fd = 0,
		.max_idle_threads = GFS_MAX_IDLE,
	};
	struct fuse_session *se = NULL;
	char *mnt = NULL;
	int rc = GFS_EXIT_FAIL, mounted = 0, sig = 0;

	/* One malloc arena per worker thread would keep freed render and
	   listing memory per thread; two arenas bound the daemon's RSS.
	   A fixed mmap threshold: glibc's moving one rises to the size of
	   the largest block freed (up to 32 MiB), after which a 27 MB table
	   or a large listing being built comes from an arena, which the
	   small cache blobs allocated after it keep from shrinking again
	   (98 MiB after a grep -r of 100,000 items instead of about 70).
	   Blocks from 256 KiB up are mapped and go back whole when freed. */
	mallopt(M_ARENA_MAX, 2);
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
	memset(&a, 0, sizeof a);
	if (fuse_opt_parse(&args, &a, gfs_optspec, gfs_opt_proc) != 0) {
		if (!a.bad)
			fprintf(stderr, "govfs: bad arguments (see govfs"
			        " --help)\n");
		rc = GFS_EXIT_USAGE;
		goto out;
	}
	if (a.help) {
		gfs_usage(stdout);
		rc = GFS_EXIT_OK;
		goto out;
	}
	if (a.version) {
		printf("govfs %s (libfuse %s)\n", GOVFS_VERSION,
		       fuse_pkgversion());
		rc = GFS_EXIT_OK;
		goto out;
	}
	if (!a.db || !a.mnt) {
		fprintf(stderr, "govfs: missing %s (usage: govfs [options] DB"
		        " MOUNTPOINT)\n", a.db ? "MOUNTPOINT" : "DB and MOUNTPOINT");
		rc = GFS_EXIT_USAGE;
		goto out;
	}
	rc = gfs_log_open(a.log);
	if (rc) {
		fprintf(stderr, "govfs: %s: %s\n", a.log, strerror(-rc));
		rc = GFS_EXIT_FAIL;
		goto out;
	}
	rc = GFS_EXIT_FAIL;
	if (gfs_check_db(a.db) != 0)
		goto out;
	mnt = gfs_check_mountpoint(a.mnt);
	if (!mnt)
		goto out;

	/* Read-only always; default names unless given. */
	if (fuse_opt_add_arg(&args, "-oro") != 0 ||
	    (!a.has_fsname && fuse_opt_add_arg(&args, "-ofsname=govfs")) ||
	    (!a.has_subtype && fuse_opt_add_arg(&args, "-osubtype=govfs"))) {
		fprintf(stderr, "govfs: out of memory\n");
		goto out;
	}
	gfs.uid = getuid();
	gfs.gid = getgid();
	cache = a.cache_mb ? (size_t)a.cache_mb << 20 : GFS_RENDER_CACHE_BYTES;
	gfs.render = gfs_cache_new(cache, GFS_CACHE_UNTIL_FORGOTTEN);
	gfs.listing = gfs_cache_new(cache / 2, GFS_CACHE_BY_GEN);
	if (!gfs.render || !gfs.listing || gfs_state_init() != 0) {
		fprintf(stderr, "govfs: out of memory\n");
		goto out;
	}

	se = fuse_session_new(&args, &gfs_ops, sizeof gfs_ops, NULL);
	if (!se)
		goto out;           /* libfuse said why */
	gfs.se = se;
	if (fuse_set_signal_handlers(se) != 0 || gfs_set_usr1() != 0)
		goto out;
	if (fuse_session_mount(se, mnt) != 0)
		goto out;           /* libfuse said why */
	mounted = 1;
	if (!gfs.foreground)
		gfs_log_syslog();
	if (fuse_daemonize(gfs.foreground) != 0)
		goto out;
	if (a.auto_unmount)
		gfs_guard_start(mnt, argc, argv);
	gfs_spare_start();
	if (gfs_watch_start() != 0)
		goto out;
	gfs_log(LOG_INFO, "mounted %s at %s", gfs.db, mnt);

	gfs.single = a.single;
	gfs_affinity_init();
	if (!a.single && gfs_prefetch_start(gfs_listing_warm) != 0)
		gfs_log(LOG_WARNING, "no prefetcher: listings built on demand");
	if (a.single) {
		sig = fuse_session_loop(se);
	} else {
		sig = fuse_session_loop_mt(se, &cfg);
	}
	/* 0, or the signal that stopped us: both are a clean unmount. */
	rc = sig < 0 ? GFS_EXIT_FAIL : GFS_EXIT_OK;
	if (sig < 0)
		gfs_log(LOG_ERR, "session loop: %s", strerror(-sig));
	else
		gfs_log(LOG_INFO, "unmounted %s", mnt);
	gfs_counts_log();
out:
	gfs_prefetch_stop();
	gfs_watch_stop();
	if (mounted)
		fuse_session_unmount(se);
	gfs_guard_done();
	if (se) {
		fuse_remove_signal_handlers(se);
		fuse_session_destroy(se);
	}
	gfs_state_fini();
	gfs_retire_clear();
	gfs_cache_free(gfs.render);
	gfs_cache_free(gfs.listing);
	gfs_log_close();
	free(a.log);
	fuse_opt_free_args(&args);
	free(mnt);
	free(gfs.db);
	return rc;
}
