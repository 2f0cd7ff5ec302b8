/*
** watch.c — the watcher thread: keeps the kernel's long-lived caches
** fresh.
**
** Every GFS_POLL_MS it asks its own store handle for PRAGMA data_version
** (which moves whenever another connection commits) and for the UTC day
** (actions become overdue at midnight).  When either moved it collects
** what changed (store_changes, store_overdue_changes: work proportional to
** the change), bumps the generation under the write lock, and only then,
** holding no lock, tells the kernel to drop those inodes and directory
** entries.  Handlers never call notify functions; the watcher never holds
** a lock a handler needs while it does.
*/
#include <assert.h>
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "govfs.h"

/* One thing to invalidate: an inode (name NULL) or an entry. */
struct gfs_inval {
	uint64_t ino;
	uint64_t parent;
	char *name;
};

struct gfs_invals {
	struct gfs_inval *v;
	size_t n, cap;
	int oom;
};

static void gfs_inval_add(struct gfs_invals *l, uint64_t ino,
                          uint64_t parent, const char *name)
{
	struct gfs_inval *nv;
	size_t cap;

	if (l->oom)
		return;
	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		nv = realloc(l->v, cap * sizeof *nv);
		if (!nv) {
			l->oom = 1;
			return;
		}
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n].ino = ino;
	l->v[l->n].parent = parent;
	l->v[l->n].name = name ? strdup(name) : NULL;
	if (name && !l->v[l->n].name) {
		l->oom = 1;
		return;
	}
	l->n++;
}

/* store_change_fn: remember one change. */
static void gfs_inval_collect(void *ctx, uint64_t ino, uint64_t parent,
                              const char *name)
{
	gfs_inval_add(ctx, ino, parent, name);
}

static void gfs_invals_clear(struct gfs_invals *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	l->n = 0;
	l->oom = 0;
}

/*
** A search query directory's listing changed (its results are ranked, so
** its entries' names change too).  Invalidating its inode drops the
** listing; invalidating its own entry in search/ also drops every cached
** result name below it.
*/
static void gfs_inval_search(store *s, struct gfs_invals *l)
{
	struct buf path = { 0 };
	size_t i, n = l->n;

	for (i = 0; i < n; i++) {
		if (l->v[i].name || NODE_KIND(l->v[i].ino) != NK_SEARCH_QUERY)
			continue;
		buf_reset(&path);
		if (store_node_path(s, l->v[i].ino, &path) != 0 ||
		    !buf_ok(&path) || !path.data ||
		    strncmp(path.data, "search/", 7) != 0)
			continue;
		gfs_inval_add(l, 0, NODE_INO(NK_SEARCH, 0), path.data + 7);
	}
	buf_free(&path);
}

/* Tell the kernel.  -ENOENT (the kernel does not know it) is normal. */
static void gfs_inval_send(struct gfs_invals *l)
{
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++) {
		struct gfs_inval *v = &l->v[i];

		if (v->name)
			rc = fuse_lowlevel_notify_inval_entry(gfs.se, v->parent,
			                                      v->name,
			                                      strlen(v->name));
		else
			rc = fuse_lowlevel_notify_inval_inode(gfs.se, v->ino,
			                                      0, 0);
		if (gfs.debug)
			gfs_log(LOG_DEBUG, "inval %s %#llx%s%s: %d",
			        v->name ? "entry" : "inode",
			        (unsigned long long)(v->name ? v->parent : v->ino),
			        v->name ? " " : "", v->name ? v->name : "", rc);
		else if (rc && rc != -ENOENT && rc != -ENOTCONN &&
		         rc != -ENODEV && rc != -EBADF)
			gfs_log(LOG_WARNING, "invalidation failed: %s",
			        strerror(-rc));
	}
}

/* Today (UTC) as YYYY-MM-DD. */
static void gfs_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Wait up to GFS_POLL_MS for a stop request: 1 if asked to stop. */
static int gfs_watch_wait(void)
{
	struct timespec ts;
	int stop;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += GFS_POLL_MS * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&gfs.stop_lock);
	while (!gfs.stop &&
	       pthread_cond_timedwait(&gfs.stop_cond, &gfs.stop_lock, &ts) == 0)
		;
	stop = gfs.stop;
	pthread_mutex_unlock(&gfs.stop_lock);
	return stop;
}

/* The watcher's state, set up by gfs_watch_start before any request. */
static store *gfs_watch_store;
static int64_t gfs_watch_seq, gfs_watch_dv;

static void *gfs_watch_main(void *arg)
{
	struct gfs_invals l = { NULL, 0, 0, 0 };
	store *s = gfs_watch_store;
	int64_t seq = gfs_watch_seq, dv = gfs_watch_dv, ndv;
	int fixed_clock = getenv("GOVCTL_NOW") && *getenv("GOVCTL_NOW");
	char day[11], today[11];
	int rc, moved, failing = 0;
	unsigned polls = 0;

	(void)arg;
	gfs_today(day);
	while (!gfs_watch_wait()) {
		/* Every few seconds hand freed cache memory back to the
		   system, so the daemon's RSS follows what the caches hold. */
		if (++polls % GFS_TRIM_POLLS == 0)
			malloc_trim(0);
		ndv = store_data_version(s);
		gfs_today(today);
		moved = 0;
		if (ndv != dv) {
			moved = 1;
			rc = store_changes(s, &seq, gfs_inval_collect, &l);
			if (rc == 0) {
				dv = ndv;
				failing = 0;
			} else if (!failing++) {
				/* dv stays: the rest is read at the next poll */
				gfs_log(LOG_WARNING, "watcher: %s",
				        *store_errmsg(s) ? store_errmsg(s)
				                         : strerror(-rc));
			}
		}
		if (strcmp(today, day) != 0) {
			/* after midnight UTC: actions due yesterday are
			   overdue now (retried at the next poll on error) */
			if (fixed_clock) {
				memcpy(day, today, sizeof day);
			} else if (store_overdue_changes(s, day, today,
			                                 gfs_inval_collect,
			                                 &l) == 0) {
				memcpy(day, today, sizeof day);
				moved = 1;
			}
		}
		/* A commit moves the generation even when it logged nothing
		   that a kernel cache holds: govfs's own caches go anyway. */
		if (!moved && l.n == 0 && !l.oom)
			continue;
		gfs_inval_search(s, &l);
		/* Bump first: no cache keyed by the old generation is used
		   again, and every reply built from older data is already
		   with the kernel before the invalidations below. */
		pthread_rwlock_wrlock(&gfs.gen_lock);
		gfs.gen++;
		pthread_rwlock_unlock(&gfs.gen_lock);
		if (l.oom)
			gfs_log(LOG_ERR, "watcher: out of memory: some changes"
			        " may show late");
		gfs_inval_send(&l);
		gfs_invals_clear(&l);
	}
	gfs_invals_clear(&l);
	free(l.v);
	return NULL;
}

/*
** Start the watcher.  Call after daemonizing and before the session loop:
** its own store handle is opened and the change log position read here,
** so no commit after the first reply can be missed.  0 or -errno (logged).
*/
int gfs_watch_start(void)
{
	pthread_condattr_t ca;
	char *msg = NULL;
	int rc;

	assert(!gfs.watcher_running);
	rc = store_open(gfs.db, STORE_RDONLY, &gfs_watch_store, &msg);
	if (rc) {
		gfs_log(LOG_ERR, "%s", msg ? msg : "cannot open the database");
		free(msg);
		return rc;
	}
	gfs_watch_dv = store_data_version(gfs_watch_store);
	gfs_watch_seq = -1;
	rc = store_changes(gfs_watch_store, &gfs_watch_seq, NULL, NULL);
	if (rc || gfs_watch_dv < 0) {
		gfs_log(LOG_ERR, "%s: cannot read the change log: %s", gfs.db,
		        store_errmsg(gfs_watch_store));
		rc = rc ? rc : -EIO;
		goto fail;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&gfs.stop_cond, &ca);
	pthread_condattr_destroy(&ca);
	gfs.stop = 0;
	rc = pthread_create(&gfs.watcher, NULL, gfs_watch_main, NULL);
	if (rc) {
		gfs_log(LOG_ERR, "cannot start the watcher: %s", strerror(rc));
		pthread_cond_destroy(&gfs.stop_cond);
		rc = -rc;
		goto fail;
	}
	gfs.watcher_running = 1;
	return 0;
fail:
	store_close(gfs_watch_store);
	gfs_watch_store = NULL;
	return rc;
}

/* Stop the watcher and wait for it (before the session goes). */
void gfs_watch_stop(void)
{
	if (!gfs.watcher_running)
		return;
	pthread_mutex_lock(&gfs.stop_lock);
	gfs.stop = 1;
	pthread_cond_signal(&gfs.stop_cond);
	pthread_mutex_unlock(&gfs.stop_lock);
	pthread_join(gfs.watcher, NULL);
	pthread_cond_destroy(&gfs.stop_cond);
	store_close(gfs_watch_store);
	gfs_watch_store = NULL;
	gfs.watcher_running = 0;
}
