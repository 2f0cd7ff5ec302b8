/*
** watch.c — the watcher thread: keeps the kernel's long-lived caches
** fresh.
**
** Every GFS_POLL_MS it asks its own store handle for PRAGMA data_version
** (which moves whenever another connection commits) and for the UTC day
** (actions become overdue at midnight).  When either moved it collects
** what changed (store_changes, store_overdue_changes: work proportional to
** the change), retires the changed files' node ids, bumps the generation,
** forgets those inodes' bytes in the render cache, and only then tells
** the kernel: changed files' names go (notify_delete, which never waits
** for a reader), folders' listings and links are invalidated (see the
** consistency note in govfs.h).  Handlers never call notify functions and
** never wait for the watcher.
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
	uint64_t retired;       /* a file: the node id retired, or 0 */
	int quiet;              /* done: its delete went through */
};

struct gfs_invals {
	struct gfs_inval *v;
	size_t n, cap;
	int oom;
};

/* Append v to l; its name, if any, passes to l (or is freed if l is out
   of memory, which l then says). */
static void gfs_inval_push(struct gfs_invals *l, const struct gfs_inval *v)
{
	struct gfs_inval *nv;
	size_t cap;

	if (!l->oom && l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		nv = realloc(l->v, cap * sizeof *nv);
		if (nv) {
			l->v = nv;
			l->cap = cap;
		} else {
			l->oom = 1;
		}
	}
	if (l->oom) {
		free(v->name);
		return;
	}
	l->v[l->n++] = *v;
}

/* Append an inode (name NULL) or an entry (parent, a copy of name). */
static void gfs_inval_add(struct gfs_invals *l, uint64_t ino,
                          uint64_t parent, const char *name)
{
	struct gfs_inval v = { ino, parent, NULL, 0, 0 };

	if (name && !(v.name = strdup(name))) {
		l->oom = 1;
		return;
	}
	gfs_inval_push(l, &v);
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

static int gfs_inval_cmp(const void *pa, const void *pb)
{
	const struct gfs_inval *x = pa, *y = pb;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->retired != y->retired)
		return x->retired < y->retired ? -1 : 1;
	if (!x->name || !y->name)
		return !!x->name - !!y->name;
	return strcmp(x->name, y->name);
}

/*
** Sort the list and drop repeats (a file retired twice would lose the
** bytes kept for its old version).  A file both retired and changed again
** (while the views waited) keeps its retirements only: an entry
** invalidation first would take its name away from notify_delete.
*/
static void gfs_inval_unique(struct gfs_invals *l)
{
	size_t i, n = 0;

	if (l->n < 2)
		return;
	qsort(l->v, l->n, sizeof *l->v, gfs_inval_cmp);
	for (i = 0; i < l->n; i++) {
		struct gfs_inval *v = &l->v[i];

		if ((n > 0 && gfs_inval_cmp(v, &l->v[n - 1]) == 0) ||
		    (!v->name && !v->retired && i + 1 < l->n &&
		     !l->v[i + 1].name && l->v[i + 1].ino == v->ino &&
		     l->v[i + 1].retired)) {
			free(v->name);
			continue;
		}
		l->v[n++] = *v;
	}
	l->n = n;
}

/*
** After the bump: forget the changed inodes in the render cache, so that
** no rendering by a request begun before the bump is kept (cache.c).  A
** changed file whose bytes were there was given to the kernel as the node
** id of those bytes: retire that node id, keeping the bytes for whoever
** has it open.  The version of the snapshot the kernel was last told
** about is retired too, rendered again if the render cache had let it go
** (past.c), and so are the versions that reads rendered from there since
** the last round.  Then the list is made unique again.
*/
static void gfs_inval_retire(struct gfs_invals *l, uint64_t gen)
{
	struct gfs_inval add = { 0, 0, NULL, 0, 0 };
	uint64_t taken[64], id;
	struct gfs_blob b;
	size_t i, n, k;

	for (i = 0, n = l->n; i < n; i++) {
		struct gfs_inval *v = &l->v[i];
		uint64_t skip = 0;

		if (v->name)
			continue;
		if (!gfs_cache_take(gfs.render, v->ino, gen, &b))
			b.data = NULL;
		if (!gfs_is_file(v->ino)) {
			gfs_cache_release(gfs.render, &b);
			continue;
		}
		if (b.data) {
			skip = v->retired = b.tag;
			gfs_retire_put(b.tag, &b);
		}
		id = gfs_past_retire(v->ino, skip);
		if (id && !v->retired) {
			v->retired = id;
		} else if (id) {
			add.ino = v->ino;
			add.retired = id;
			gfs_inval_push(l, &add);   /* l->v may move: v unused */
		}
	}
	while ((n = gfs_past_take(taken, 64)))
		for (k = 0; k < n; k++) {
			add.ino = gfs_ino(taken[k]);
			add.retired = taken[k];
			gfs_inval_push(l, &add);
		}
	gfs_inval_unique(l);
}

/* Log a notification's result: -ENOENT (the kernel does not know it) is
   normal, and so are the errors of a connection going away. */
static void gfs_inval_log(const char *what, uint64_t ino, const char *name,
                          int rc)
{
	gfs_count(GFS_N_NOTIFIED);
	if (gfs.debug)
		gfs_log(LOG_DEBUG, "%s %#llx%s%s: %d", what,
		        (unsigned long long)ino, name ? " " : "",
		        name ? name : "", rc);
	else if (rc && rc != -ENOENT && rc != -ENOTCONN && rc != -ENODEV &&
	         rc != -EBADF)
		gfs_log(LOG_WARNING, "invalidation failed: %s", strerror(-rc));
}

/*
** Tell the kernel.  A changed file's name goes from its folder: a retired
** node id with notify_delete (the kernel keeps that inode, with no links,
** for those who have it open, and forgets it when they close it), else
** with an entry invalidation.  Folders and links are invalidated in place.
** None of these waits for a read in progress, except a link's.  Every
** delete goes first: a file may have two retired versions, and an entry
** invalidation for one would take the name away from the other's delete.
*/
static void gfs_inval_send(struct gfs_invals *l)
{
	const char *fname;
	uint64_t parent;
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++) {
		struct gfs_inval *v = &l->v[i];

		if (v->quiet || v->name || !v->retired ||
		    store_file_parent(v->ino, &parent, &fname) != 0)
			continue;
		rc = fuse_lowlevel_notify_delete(gfs.se, gfs_nodeid(parent),
		                                 v->retired, fname,
		                                 strlen(fname));
		gfs_inval_log("delete", v->retired, fname, rc);
		if (rc == 0) {
			gfs_retire_deleted(v->retired);
			v->quiet = 1;
		}
	}
	for (i = 0; i < l->n; i++) {
		struct gfs_inval *v = &l->v[i];

		if (v->quiet) {
			continue;
		} else if (v->name) {
			rc = fuse_lowlevel_notify_inval_entry(gfs.se,
			                                      gfs_nodeid(v->parent),
			                                      v->name,
			                                      strlen(v->name));
			gfs_inval_log("inval entry", v->parent, v->name, rc);
		} else if (store_file_parent(v->ino, &parent, &fname) == 0) {
			if (v->retired) {
				/* not under that name (a listing gave the
				   name a newer version): readers may still
				   have it open, so its pages go but its bytes
				   stay until it is forgotten, unless the
				   kernel does not have it at all */
				rc = fuse_lowlevel_notify_inval_inode(gfs.se,
				                                      v->retired,
				                                      0, 0);
				gfs_inval_log("inval inode", v->retired, NULL, rc);
				if (rc == -ENOENT)
					gfs_retire_drop(v->retired);
			}
			/* whatever version the name holds goes */
			rc = fuse_lowlevel_notify_inval_entry(gfs.se,
			                                      gfs_nodeid(parent),
			                                      fname,
			                                      strlen(fname));
			gfs_inval_log("inval entry", parent, fname, rc);
		} else {
			rc = fuse_lowlevel_notify_inval_inode(gfs.se,
			                                      gfs_nodeid(v->ino),
			                                      0, 0);
			gfs_inval_log("inval inode", v->ino, NULL, rc);
		}
	}
}

/*
** Is v about a view at the top of the tree (README, actions/ and its
** tables and folders, meetings/, people/, plans/, search/)?  Their
** folders are large, and the kernel holds a folder's lock while it lists
** it or looks a name up in it, which an invalidation in that folder has
** to wait for (a listing of actions/ renders its 27 MB tables to size
** them on a 100,000-item tree).  They are sent by a thread of their own,
** so that the records' changes are never held up behind them, and at
** most every GFS_VIEWS_MS: under a stream of commits every commit touches
** them, and each invalidation makes the next reader list actions/ again.
*/
static int gfs_inval_is_view(const struct gfs_inval *v)
{
	const char *fname;
	uint64_t target = v->name ? v->parent : v->ino;
	enum node_kind k;

	if (!v->name && store_file_parent(v->ino, &target, &fname) != 0)
		target = v->ino;
	k = NODE_KIND(target);
	return node_kind_singleton(k) || k == NK_SEARCH_QUERY;
}

/* The views' sender: a queue the watcher fills and the thread empties. */
static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct gfs_invals q;
	int stop, running;
} gfs_views = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Someone waits for this round: whatever the views' queue holds joins
   l, to be sent now. */
static void gfs_views_join(struct gfs_invals *l)
{
	size_t i;

	if (!gfs_views.running)
		return;
	pthread_mutex_lock(&gfs_views.lock);
	for (i = 0; i < gfs_views.q.n; i++)
		gfs_inval_push(l, &gfs_views.q.v[i]);   /* the name moves */
	if (gfs_views.q.oom)
		l->oom = 1;
	gfs_views.q.n = 0;
	gfs_views.q.oom = 0;
	pthread_mutex_unlock(&gfs_views.lock);
}

/* Move l's views to the views' queue (the names go with them); l keeps
   the rest, in order. */
static void gfs_views_take(struct gfs_invals *l)
{
	size_t i, n = 0;

	if (!gfs_views.running)
		return;
	pthread_mutex_lock(&gfs_views.lock);
	for (i = 0; i < l->n; i++) {
		struct gfs_inval *v = &l->v[i];

		if (!gfs_inval_is_view(v)) {
			l->v[n++] = *v;
			continue;
		}
		gfs_inval_push(&gfs_views.q, v);      /* the name moves */
	}
	l->n = n;
	pthread_cond_signal(&gfs_views.cond);
	pthread_mutex_unlock(&gfs_views.lock);
}

static void *gfs_views_main(void *arg)
{
	struct gfs_invals mine = { NULL, 0, 0, 0 }, t;
	struct timespec next = { 0, 0 };

	(void)arg;
	pthread_mutex_lock(&gfs_views.lock);
	for (;;) {
		while (!gfs_views.stop && gfs_views.q.n == 0)
			pthread_cond_wait(&gfs_views.cond, &gfs_views.lock);
		if (gfs_views.q.n == 0)
			break;                  /* stopping, and all sent */
		/* not before GFS_VIEWS_MS after the last batch (the
		   queue gathers meanwhile) */
		while (!gfs_views.stop &&
		       pthread_cond_timedwait(&gfs_views.cond, &gfs_views.lock,
		                              &next) == 0)
			;
		clock_gettime(CLOCK_MONOTONIC, &next);
		next.tv_nsec += GFS_VIEWS_MS * 1000000L;
		next.tv_sec += next.tv_nsec / 1000000000L;
		next.tv_nsec %= 1000000000L;
		t = gfs_views.q;
		gfs_views.q = mine;
		mine = t;
		pthread_mutex_unlock(&gfs_views.lock);
		if (mine.oom)
			gfs_log(LOG_ERR, "watcher: out of memory: some changes"
			        " may show late");
		gfs_tls_epoch = __atomic_load_n(&gfs.epoch, __ATOMIC_ACQUIRE);
		gfs_inval_unique(&mine);
		gfs_inval_send(&mine);
		gfs_invals_clear(&mine);
		pthread_mutex_lock(&gfs_views.lock);
	}
	pthread_mutex_unlock(&gfs_views.lock);
	free(mine.v);
	return NULL;
}

/* Today (UTC) as YYYY-MM-DD. */
static void gfs_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
** The watcher's rounds, for those who wait for one (gfs_watch_sync):
** under gfs.stop_lock.  A round counts as started once it is about to
** read data_version, and as done once the kernel has been told what it
** found, views included.
*/
static struct {
	pthread_cond_t cond;          /* a round is done */
	uint64_t started, done;
	int waiters;                  /* threads in gfs_watch_sync */
	int poke;                     /* start a round now */
} gfs_sync;

/*
** Wait up to GFS_POLL_MS for a stop request or a poke, then start a
** round: its number in *round, and in *urgent whether anyone waits for
** it (its views are then sent at once).  1 if asked to stop.
*/
static int gfs_watch_wait(uint64_t *round, int *urgent)
{
	struct timespec ts;
	int stop;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += GFS_POLL_MS * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&gfs.stop_lock);
	while (!gfs.stop && !gfs_sync.poke &&
	       pthread_cond_timedwait(&gfs.stop_cond, &gfs.stop_lock, &ts) == 0)
		;
	stop = gfs.stop;
	gfs_sync.poke = 0;
	*round = ++gfs_sync.started;
	*urgent = gfs_sync.waiters > 0;
	pthread_mutex_unlock(&gfs.stop_lock);
	return stop;
}

/* Round number round is done: wake those who wait for it. */
static void gfs_watch_done(uint64_t round)
{
	pthread_mutex_lock(&gfs.stop_lock);
	gfs_sync.done = round;
	if (gfs_sync.waiters)
		pthread_cond_broadcast(&gfs_sync.cond);
	pthread_mutex_unlock(&gfs.stop_lock);
}

/*
** Return once a whole round of the watcher has run after the call began,
** so that every commit made before it has been told to the kernel (views
** too, without their GFS_VIEWS_MS delay): 0, or -ETIMEDOUT after ms
** milliseconds, or -ESHUTDOWN when the watcher is stopping.  Called by
** a request handler (ops.c); pokes the watcher so that it does not wait
** for its next poll.
*/
int gfs_watch_sync(int ms)
{
	struct timespec ts;
	uint64_t want;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&gfs.stop_lock);
	if (!gfs.watcher_running || gfs.stop) {
		pthread_mutex_unlock(&gfs.stop_lock);
		return -ESHUTDOWN;
	}
	want = gfs_sync.started + 1;
	gfs_sync.waiters++;
	gfs_sync.poke = 1;
	pthread_cond_signal(&gfs.stop_cond);
	while (gfs_sync.done < want && !gfs.stop && rc == 0)
		rc = pthread_cond_timedwait(&gfs_sync.cond, &gfs.stop_lock, &ts);
	gfs_sync.waiters--;
	rc = gfs_sync.done >= want ? 0 : gfs.stop ? -ESHUTDOWN : -ETIMEDOUT;
	if (rc == -ETIMEDOUT)       /* a long round: govctl says so */
		gfs_log(LOG_NOTICE, "sync: round %llu not done within %d ms"
		        " (started %llu, done %llu)", (unsigned long long)want,
		        ms, (unsigned long long)gfs_sync.started,
		        (unsigned long long)gfs_sync.done);
	pthread_mutex_unlock(&gfs.stop_lock);
	return rc;
}

/* The watcher's state, set up by gfs_watch_start before any request. */
static store *gfs_watch_store;
static int64_t gfs_watch_seq, gfs_watch_dv;

/*
** The file at the mounted path is not the one *sp has open (follow.c;
** missing: there is none): move to it.  Unless nothing was open and
** nothing can be, the epoch moves, every thread's old handle is closed,
** the watcher's own handle, the change log position and the past start
** again on the new file (*sp NULL when it cannot be opened: requests
** then fail with EIO), the caches empty, and the kernel forgets every
** name.  Returns the new generation, or 0 if nothing moved.
*/
static uint64_t gfs_watch_follow(store **sp, int64_t *seq, int64_t *dv,
                                 int missing)
{
	store *ns = NULL;
	char *msg = NULL;
	uint64_t gen;
	int rc;

	gfs_follow_replaced(missing);
	rc = missing ? -ENOENT : store_open(gfs.db, STORE_RDONLY, &ns, &msg);
	if (rc) {
		gfs_follow_unusable(missing ? NULL : msg ? msg : strerror(-rc));
		free(msg);
		ns = NULL;
		if (!*sp)
			return 0;
	}
	gfs_tls_epoch = __atomic_add_fetch(&gfs.epoch, 1, __ATOMIC_ACQ_REL);
	gfs_store_close_stale();
	gfs_past_stop();
	if (*sp)
		store_close(*sp);
	*sp = ns;
	if (ns) {
		*dv = store_data_version(ns);
		*seq = -1;
		if (store_changes(ns, seq, NULL, NULL) == 0)
			gfs_past_start();
		gfs_db_ok();
		gfs_follow_opened();
	}
	gen = __atomic_add_fetch(&gfs.gen, 1, __ATOMIC_ACQ_REL);
	gfs_cache_clear(gfs.render, gen);
	gfs_cache_clear(gfs.listing, gen);
	gfs_follow_forget(ns);
	return gen;
}

static void *gfs_watch_main(void *arg)
{
	struct gfs_invals l = { NULL, 0, 0, 0 };
	store *s = gfs_watch_store;
	int64_t seq = gfs_watch_seq, dv = gfs_watch_dv, ndv;
	int fixed_clock = getenv("GOVCTL_NOW") && *getenv("GOVCTL_NOW");
	char day[11], today[11];
	int rc, moved, urgent, missing;
	unsigned polls = 0;
	store *past, *cs;
	uint64_t gen, round;

	(void)arg;
	gfs_today(day);
	while (!gfs_watch_wait(&round, &urgent)) {
		if (gfs.want_counts) {
			gfs.want_counts = 0;
			gfs_counts_log();
		}
		/* Every few seconds hand freed cache memory back to the
		   system, so the daemon's RSS follows what the caches hold. */
		if (++polls % GFS_TRIM_POLLS == 0) {
			gfs_cache_idle(gfs.render);
			malloc_trim(0);
		}
		gfs_cache_epoch(gfs.render);
		if (gfs_follow_check(&missing) != 0 &&
		    gfs_watch_follow(&s, &seq, &dv, missing) != 0) {
			/* everything was forgotten: neither this round's
			   changes nor the views queued are left to tell */
			gfs_views_join(&l);
			gfs_invals_clear(&l);
			gfs_watch_done(round);
			continue;
		}
		if (!s) {
			gfs_watch_done(round);
			continue;
		}
		ndv = store_data_version(s);
		gfs_today(today);
		moved = 0;
		past = NULL;
		if (ndv != dv) {
			moved = 1;
			/* read the changes in the snapshot that becomes the
			   past once the kernel has been told (past.c) */
			past = gfs_past_next();
			cs = past ? past : s;
			rc = store_changes(cs, &seq, gfs_inval_collect, &l);
			if (rc == 0) {
				dv = ndv;
				gfs_db_ok();
			} else {
				/* dv stays: the rest is read at the next poll */
				gfs_db_error(*store_errmsg(cs) ? store_errmsg(cs)
				                               : strerror(-rc));
			}
			if (rc && past) {
				gfs_past_abort();
				past = NULL;
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
		if (!moved && l.n == 0 && !l.oom && !gfs_past_pending()) {
			gfs_past_idle();
			if (urgent) {
				/* views an earlier round queued */
				gfs_views_join(&l);
				gfs_inval_unique(&l);
				gfs_inval_send(&l);
				gfs_invals_clear(&l);
			}
			gfs_watch_done(round);
			continue;
		}
		assert(!past || moved);
		gfs_inval_search(past ? past : s, &l);
		gfs_inval_unique(&l);
		/* Bump first: no listing of the old generation is used
		   again, and no file rendered by a request older than the
		   bump is kept once its inode is forgotten. */
		gen = __atomic_add_fetch(&gfs.gen, 1, __ATOMIC_ACQ_REL);
		gfs_inval_retire(&l, gen);
		if (urgent) {
			gfs_views_join(&l);
			gfs_inval_unique(&l);
		} else {
			gfs_views_take(&l);
		}
		if (l.oom) {
			/* some changes are unknown: no rendered file stays */
			gfs_cache_clear(gfs.render, gen);
			gfs_log(LOG_ERR, "watcher: out of memory: some changes"
			        " may show late");
		}
		gfs_inval_send(&l);
		gfs_invals_clear(&l);
		if (past)
			gfs_past_advance();
		gfs_watch_done(round);
	}
	gfs_invals_clear(&l);
	free(l.v);
	gfs_watch_store = s;      /* closed by gfs_watch_stop */
	return NULL;
}

/* Stop the views' sender once it has sent what is queued. */
static void gfs_views_stop(void)
{
	if (!gfs_views.running)
		return;
	pthread_mutex_lock(&gfs_views.lock);
	gfs_views.stop = 1;
	pthread_cond_signal(&gfs_views.cond);
	pthread_mutex_unlock(&gfs_views.lock);
	pthread_join(gfs_views.thread, NULL);
	pthread_cond_destroy(&gfs_views.cond);
	free(gfs_views.q.v);
	gfs_views.q.v = NULL;
	gfs_views.running = 0;
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
	gfs_follow_note();
	gfs_watch_dv = store_data_version(gfs_watch_store);
	gfs_watch_seq = -1;
	rc = store_changes(gfs_watch_store, &gfs_watch_seq, NULL, NULL);
	/* the kernel has been told nothing yet: the past starts here, if
	   the database is in WAL mode (else it stays off) */
	if (rc == 0)
		gfs_past_start();
	if (rc || gfs_watch_dv < 0) {
		gfs_log(LOG_ERR, "%s: cannot read the change log: %s", gfs.db,
		        store_errmsg(gfs_watch_store));
		rc = rc ? rc : -EIO;
		goto fail;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&gfs.stop_cond, &ca);
	pthread_cond_init(&gfs_sync.cond, &ca);
	pthread_condattr_destroy(&ca);
	gfs.stop = 0;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&gfs_views.cond, &ca);
	pthread_condattr_destroy(&ca);
	gfs_views.stop = 0;
	rc = pthread_create(&gfs_views.thread, NULL, gfs_views_main, NULL);
	if (rc) {
		gfs_log(LOG_ERR, "cannot start the watcher: %s", strerror(rc));
		pthread_cond_destroy(&gfs_views.cond);
		pthread_cond_destroy(&gfs.stop_cond);
		pthread_cond_destroy(&gfs_sync.cond);
		rc = -rc;
		goto fail;
	}
	gfs_views.running = 1;
	rc = pthread_create(&gfs.watcher, NULL, gfs_watch_main, NULL);
	if (rc) {
		gfs_log(LOG_ERR, "cannot start the watcher: %s", strerror(rc));
		gfs_views_stop();
		pthread_cond_destroy(&gfs.stop_cond);
		pthread_cond_destroy(&gfs_sync.cond);
		rc = -rc;
		goto fail;
	}
	gfs.watcher_running = 1;
	return 0;
fail:
	gfs_past_stop();
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
	gfs_views_stop();
	pthread_cond_destroy(&gfs.stop_cond);
	pthread_cond_destroy(&gfs_sync.cond);
	gfs_past_stop();
	store_close(gfs_watch_store);
	gfs_watch_store = NULL;
	gfs.watcher_running = 0;
}
