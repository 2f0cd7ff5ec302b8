/*
** past.c — the database as the kernel was last told about it, to render
** again a file version that changed before the kernel heard.
**
** A file's node id names one version (govfs.h), and the kernel may hold
** its size and some of its pages for long after: every READ of that node
** must get the same bytes.  The render cache, and after a change the
** retired table, keep them; but the render cache also lets blobs go when
** it is full.  If such a file then changes while the kernel still holds
** the old node, its bytes are no longer those of the database.  This
** file keeps them reachable: a store handle of its own holds a read
** snapshot (store_snapshot_hold) of the state that the watcher's last
** round told the kernel about.  A READ or GETATTR of a version that is
** no longer current renders it from there (gfs_past_bytes); the watcher
** renders from there the old versions of the files a commit changed,
** before it tells the kernel (gfs_past_retire), and only then moves the
** snapshot on to the state it has just read the changes from
** (gfs_past_next, gfs_past_advance).
**
** Only for a database in WAL mode (a held read transaction in a rollback
** journal would keep every writer out); otherwise none of this is on and
** an evicted old version is served as the file is now.
**
** A held snapshot also keeps SQLite from starting its WAL file over (the
** writer may only do that when no reader uses the log), so the log would
** grow with every commit for as long as the tree is mounted.  So the past
** lets go of its snapshot until the next round whenever the log has
** outgrown the database (and 4 MiB): the next commit's checkpoint then
** completes, the log starts over, and only the old versions of that one
** commit are not kept.  The mount never makes the log larger than the
** database and one transaction (see RELIABILITY.md).
*/
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "govfs.h"

/*
** The views at the top of the tree (singleton files: actions/actions.tsv
** and the like) grow with the whole record, to 27 MB at 100,000 items:
** the watcher renders their old versions only up to this size, as last
** rendered (gfs_past_note), so that a round stays short.
*/
#define GFS_PAST_VIEW_MAX ((size_t)4 << 20)
static size_t gfs_past_view_len[256];
_Static_assert(NK__COUNT <= 256, "a view's length per node kind");

/* The past lets go until the next round when the WAL is larger than the
   database file and than this (see above). */
#define GFS_PAST_WAL_MIN ((off_t)4 << 20)

static struct {
	pthread_mutex_t lock;
	char *wal;                    /* the database's WAL file */
	int held;                     /* cur holds a snapshot */
	unsigned quiet;               /* polls since the last round */
	store *cur;                   /* holds the last round's snapshot */
	store *next;                  /* the coming round's, while it runs */
	uint64_t *pending;            /* gfs_past_keep: names to take away */
	size_t npending, cap;
	int on;
} gfs_past = { .lock = PTHREAD_MUTEX_INITIALIZER };

/*
** Open the two handles and hold the first snapshot.  Call before the
** first request is answered, so that whatever the kernel is told is at
** least as new as the snapshot.  0, or -errno (then the past stays off;
** -ENOTSUP: not a WAL database).
*/
int gfs_past_start(void)
{
	char *msg = NULL;
	int rc;

	assert(!gfs_past.on);
	if (asprintf(&gfs_past.wal, "%s-wal", gfs.db) < 0) {
		gfs_past.wal = NULL;
		return -ENOMEM;
	}
	/* (next is opened with the first round: gfs_past_next) */
	rc = store_open(gfs.db, STORE_RDONLY, &gfs_past.cur, &msg);
	if (rc == 0)
		rc = store_snapshot_hold(gfs_past.cur);
	if (rc) {
		if (rc != -ENOTSUP)
			gfs_log(LOG_WARNING, "%s", msg ? msg :
			        "cannot hold a snapshot of the database");
		free(msg);
		gfs_past_stop();
		return rc;
	}
	gfs_past.on = 1;
	gfs_past.held = 1;
	return 0;
}

/* Close the handles (after the watcher has stopped). */
void gfs_past_stop(void)
{
	pthread_mutex_lock(&gfs_past.lock);
	gfs_past.on = 0;
	if (gfs_past.cur)
		store_close(gfs_past.cur);
	if (gfs_past.next)
		store_close(gfs_past.next);
	gfs_past.cur = gfs_past.next = NULL;
	gfs_past.held = 0;
	free(gfs_past.pending);
	gfs_past.pending = NULL;
	gfs_past.npending = gfs_past.cap = 0;
	free(gfs_past.wal);
	gfs_past.wal = NULL;
	pthread_mutex_unlock(&gfs_past.lock);
}

/*
** The watcher, at the start of a round: a handle holding a snapshot of
** the database as it is now, to read the round's changes from (the
** watcher's alone until gfs_past_advance or gfs_past_abort).  NULL if
** the past is off or the snapshot cannot be had.
*/
store *gfs_past_next(void)
{
	char *msg = NULL;
	store *n;

	/* Opened here, not at the start: the first ls waits for less. */
	if (gfs_past.on && !gfs_past.next) {
		if (store_open(gfs.db, STORE_RDONLY, &n, &msg) != 0) {
			/* (logged once, as for the watcher's own reads) */
			gfs_db_error(msg ? msg : "out of memory");
			free(msg);
			return NULL;
		}
		pthread_mutex_lock(&gfs_past.lock);
		gfs_past.next = n;
		pthread_mutex_unlock(&gfs_past.lock);
	}
	if (!gfs_past.on || store_snapshot_hold(gfs_past.next) != 0)
		return NULL;
	return gfs_past.next;
}

/* The watcher: the round failed; let the next snapshot go. */
void gfs_past_abort(void)
{
	if (gfs_past.on)
		store_snapshot_release(gfs_past.next);
}

/* Let go of the snapshot if the WAL file has outgrown the database and
   GFS_PAST_WAL_MIN (see above). */
static void gfs_past_let_go(void)
{
	struct stat st, db;

	if (!gfs_past.on || !gfs_past.held || stat(gfs_past.wal, &st) != 0 ||
	    st.st_size <= GFS_PAST_WAL_MIN ||
	    (stat(gfs.db, &db) == 0 && st.st_size <= db.st_size))
		return;
	pthread_mutex_lock(&gfs_past.lock);
	store_snapshot_release(gfs_past.cur);
	gfs_past.held = 0;
	pthread_mutex_unlock(&gfs_past.lock);
	if (gfs.debug)
		gfs_log(LOG_DEBUG, "past: snapshot let go until the next"
		        " commit, so that the WAL (%lld bytes) starts over",
		        (long long)st.st_size);
}

/*
** The watcher, once the kernel has been told about the round: the
** snapshot of gfs_past_next becomes the past, the old one goes.
*/
void gfs_past_advance(void)
{
	store *old;
	int held;

	if (!gfs_past.on)
		return;
	pthread_mutex_lock(&gfs_past.lock);
	old = gfs_past.cur;
	held = gfs_past.held;
	gfs_past.cur = gfs_past.next;
	gfs_past.next = old;
	gfs_past.held = 1;
	pthread_mutex_unlock(&gfs_past.lock);
	if (held)
		store_snapshot_release(old);
	gfs_past_let_go();
}

/* The watcher, after a poll that found no commit. */
void gfs_past_idle(void)
{
	gfs_past_let_go();
}

/*
** Render file ino as it was in the past snapshot, if that version's node
** id is want, into a new blob: 1 with the only reference in *out, or 0.
** Caller holds the lock.
*/
static int gfs_past_render(uint64_t ino, uint64_t want, struct gfs_blob *out)
{
	struct buf data = { 0 };
	struct node_attr a;
	int64_t mtime;
	int found = 0;

	if (!gfs_past.held || store_mtime(gfs_past.cur, ino, &mtime) != 0 ||
	    gfs_file_nodeid(ino, mtime) != want)
		return 0;
	if (store_getattr_data(gfs_past.cur, ino, &a, &data) == 0 &&
	    buf_ok(&data) && a.type == NT_FILE &&
	    gfs_cache_blob(gfs_file_nodeid(ino, a.mtime_ms), a.mtime_ms,
	                   data.data, data.len, out) == 0)
		found = 1;
	buf_free(&data);
	return found;
}

/*
** Keep b (another reference is taken) as the bytes of file node nodeid,
** a version that is no longer the file's current one although the kernel
** has it or is being given it: as a retired version (retire.c) until the
** kernel forgets the node, and the watcher's next round takes its name
** away.  Caller holds the lock.
*/
static void gfs_past_keep_(uint64_t nodeid, const struct gfs_blob *b)
{
	struct gfs_blob keep;
	uint64_t *v;
	size_t cap;

	if (gfs_past.npending == gfs_past.cap) {
		cap = gfs_past.cap ? gfs_past.cap * 2 : 64;
		v = realloc(gfs_past.pending, cap * sizeof *v);
		if (!v) {
			gfs_log(LOG_ERR, "out of memory: a changed file may"
			        " show its old version until it changes again");
			return;
		}
		gfs_past.pending = v;
		gfs_past.cap = cap;
	}
	gfs_past.pending[gfs_past.npending++] = nodeid;
	gfs_cache_ref(gfs.render, b, &keep);
	gfs_retire_put(nodeid, &keep);
}

void gfs_past_keep(uint64_t nodeid, const struct gfs_blob *b)
{
	pthread_mutex_lock(&gfs_past.lock);
	gfs_past_keep_(nodeid, b);
	pthread_mutex_unlock(&gfs_past.lock);
}

/* Has a version been kept since the last round (gfs_past_take)? */
int gfs_past_pending(void)
{
	return __atomic_load_n(&gfs_past.npending, __ATOMIC_RELAXED) > 0;
}

/*
** The bytes of file node nodeid, a version that is not the file's
** current one, rendered again from the past snapshot if that is the
** version there: 1 with a reference in *out, or 0.  They are kept
** (gfs_past_keep).
*/
int gfs_past_bytes(uint64_t nodeid, struct gfs_blob *out)
{
	int found;

	pthread_mutex_lock(&gfs_past.lock);
	found = gfs_past_render(gfs_ino(nodeid), nodeid, out);
	if (found)
		gfs_past_keep_(nodeid, out);
	pthread_mutex_unlock(&gfs_past.lock);
	return found;
}

/* A rendering of file ino, len bytes, is being handed out. */
void gfs_past_note(uint64_t ino, size_t len)
{
	enum node_kind k = NODE_KIND(ino);

	if (node_kind_singleton(k))
		__atomic_store_n(&gfs_past_view_len[k], len, __ATOMIC_RELAXED);
}

/* Is an old version of file ino worth rendering in a watcher round?
   Not a view that was never handed out or is too large. */
static int gfs_past_worth(uint64_t ino)
{
	enum node_kind k = NODE_KIND(ino);
	size_t len;

	if (!node_kind_singleton(k))
		return 1;
	len = __atomic_load_n(&gfs_past_view_len[k], __ATOMIC_RELAXED);
	return len > 0 && len <= GFS_PAST_VIEW_MAX;
}

/*
** The watcher, for file ino changed by the round (skip: the node id
** retired for it from the render cache, or 0): keep its version of the
** past snapshot as a retired version, unless that is skip's.  Returns
** the node id kept, or 0.
*/
uint64_t gfs_past_retire(uint64_t ino, uint64_t skip)
{
	struct gfs_blob b;
	uint64_t nodeid = 0;
	int64_t mtime;

	pthread_mutex_lock(&gfs_past.lock);
	if (gfs_past.held && gfs_past_worth(ino) &&
	    store_mtime(gfs_past.cur, ino, &mtime) == 0) {
		nodeid = gfs_file_nodeid(ino, mtime);
		if (nodeid == skip)
			nodeid = 0;
		else if (gfs_retire_has(nodeid))
			;                       /* kept already (a read) */
		else if (gfs_past_render(ino, nodeid, &b))
			gfs_retire_put(nodeid, &b);
		else
			nodeid = 0;
	}
	pthread_mutex_unlock(&gfs_past.lock);
	return nodeid;
}

/* The watcher: take up to max node ids kept since the last round
   (gfs_past_keep: their names must go); how many went to out. */
size_t gfs_past_take(uint64_t *out, size_t max)
{
	size_t n;

	pthread_mutex_lock(&gfs_past.lock);
	n = gfs_past.npending < max ? gfs_past.npending : max;
	if (n > 0)
		memcpy(out, gfs_past.pending + gfs_past.npending - n,
		       n * sizeof *out);
	gfs_past.npending -= n;
	pthread_mutex_unlock(&gfs_past.lock);
	return n;
}
