/*
** govfs.h — what the files of fs/ share.  fs/ only maps kernel requests
** onto the store (store/store.h): no SQL, no formatting of file contents.
**
** The files, each calling only those listed below it:
**
**   main.c   the mount program: options, checks, mount, daemon, loop
**   ops.c    the low-level request handlers (one ops table)
**   watch.c  the watcher thread: data_version polling and invalidation,
**            and the rounds govctl waits for (GOVFS_IOC_SYNC)
**   guard.c  the unmount guard process (-o auto_unmount)
**   follow.c the database file at the mounted path, when it is replaced
**   past.c   the snapshot the kernel was last told about
**   retire.c the bytes of files' retired versions
**   prefetch.c  folders' listings built ahead of the reader
**   affinity.c  the processor request threads run on
**   cache.c  small bounded LRU caches of rendered files and listings
**   state.c  the global state (struct gfs), the log, the counts, each
**            thread's store handle
**
** The consistency model, step by step.
**
**  1. The kernel caches everything for a day (GFS_TIMEOUT): names,
**     attributes, pages, listings, link targets.  It asks govfs again
**     only when told to.  Each worker thread answers from its own
**     read-only store handle, one SQLite read transaction per request.
**
**  2. A file's node id carries a version made from its mtime (see "node
**     ids" below), so a changed file is a new node.  Its bytes, once
**     rendered, are kept with that node id in the render cache (cache.c)
**     until the watcher forgets the inode: every READ of one node id gets
**     the same bytes, and the size the kernel was given always matches.
**
**  3. The watcher (watch.c) polls PRAGMA data_version every GFS_POLL_MS.
**     When it moved, it reads what changed from the change log (a table
**     the store's triggers fill), in a snapshot held for the purpose.
**
**  4. It bumps the generation (gfs_gen).  Listings are cached per
**     generation, so every older listing is dropped; a file rendered by a
**     request begun before the bump is not kept in the render cache.
**
**  5. It takes each changed file's bytes out of the render cache and
**     retires its node id (retire.c): whoever has the old version open
**     reads it to the end, as after a rename(2) over it.  If the render
**     cache had let those bytes go, they are rendered again from the
**     snapshot the kernel was last told about (past.c).
**
**  6. Only then it tells the kernel: a changed file's old name goes
**     (notify_delete), folders' listings and entries are invalidated.
**     The views at the top of the tree are told by a thread of their own
**     at most every GFS_VIEWS_MS.  Handlers never notify and never wait
**     for the watcher.
**
**  7. The snapshot it read the changes from becomes the past (past.c)
**     for step 5 of the next round.
**
**  8. A reply built from older data that reaches the kernel after an
**     invalidation is discarded by the kernel itself (attribute
**     versions, page locks, directory locks), so handlers take no lock.
**     A file rendered by a request older than a forget goes to the kernel
**     as a version no longer current (past.c keeps its bytes), whose name
**     the watcher's next round takes away; a listing read on after a
**     commit names no nodes.
**
**  9. Read your writes: govctl, after a commit, asks every mount of the
**     database for GOVFS_IOC_SYNC (ctl.h).  The handler pokes the
**     watcher and waits (bounded) until a round that began after the
**     request is done, views included (gfs_watch_sync), so the change
**     has been told to the kernel before govctl returns.
**
** 10. The file at the mounted path replaced (follow.c): the watcher moves
**     the epoch carried in node ids (below), closes every thread's handle
**     of the old file between two requests, empties the caches and has
**     the kernel forget every name under the root.  A request with a node
**     id of an older epoch gets ESTALE, so nothing of the old file is
**     taken for the new one's.
*/
#ifndef GOVFS_FS_H
#define GOVFS_FS_H

#define FUSE_USE_VERSION 35

#include <fuse_lowlevel.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "store.h"

/* Kernel cache timeouts in seconds: long, freshness comes from the
   watcher's explicit invalidations. */
#define GFS_TIMEOUT 86400.0

/*
** Cache bounds in bytes.  The kernel keeps pages, listings and link
** targets for GFS_TIMEOUT too, but may drop them under memory pressure
** (or proactive reclaim); these caches make the next request cheap then.
** Rendered files and link targets share the render cache.
*/
#define GFS_RENDER_CACHE_BYTES  ((size_t)8 << 20)   /* -o cache_mb=N */
#define GFS_CACHE_MB_MAX 65536
/* The listing cache is half the render cache. */

/* A file's first READ also pushes its folder's other files up to this
   size into the kernel's page cache (ops.c). */
#define GFS_PUSH_MAX ((size_t)64 << 10)

/* How often the watcher polls PRAGMA data_version and the UTC day (ms). */
#define GFS_POLL_MS 100
/* The views at the top of the tree are invalidated at most this often
   (ms); see watch.c. */
#define GFS_VIEWS_MS 500
/* Every this many polls the watcher returns freed memory (malloc_trim). */
#define GFS_TRIM_POLLS 20

struct gfs_cache;

/* The one mounted filesystem: global state shared by every thread. */
struct gfs {
	char *db;                     /* absolute path of the database */
	uid_t uid;                    /* owner shown for every node */
	gid_t gid;
	int foreground;               /* log to stderr, else syslog */
	int debug;                    /* -d: log more */
	struct fuse_session *se;
	pthread_key_t store_key;      /* per-thread store handle */
	int store_key_made;
	uint64_t gen;                 /* bumped by the watcher: gfs_gen() */
	uint64_t epoch;               /* bumped when the file is replaced */
	int no_open;                  /* kernel skips OPEN after ENOSYS */
	int no_opendir;               /* kernel skips OPENDIR after ENOSYS */
	int single;                   /* -s: one thread serves every request */
	struct gfs_cache *render;     /* (ino, gen) -> file bytes or link */
	struct gfs_cache *listing;    /* (ino, gen) -> directory listing */
	/* the watcher */
	pthread_t watcher;
	int watcher_running;
	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;
	int stop;
	volatile sig_atomic_t want_counts;  /* SIGUSR1: log gfs_counts */
};

extern struct gfs gfs;

/* state.c: the log */
void gfs_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int gfs_log_open(const char *path);
void gfs_log_syslog(void);
void gfs_log_close(void);

/* state.c: the counts
**
** What the daemon did since it mounted: requests by kind, files pushed
** into the page cache, notifications sent, listings built ahead and
** those of them a request took.  Counted by whoever does it;
** logged on SIGUSR1 and at unmount (gfs_counts_log), for benchmarks.
*/
enum gfs_counter {
	GFS_N_LOOKUP, GFS_N_GETATTR, GFS_N_READLINK, GFS_N_OPEN,
	GFS_N_READ, GFS_N_READDIR, GFS_N_FORGET, GFS_N_STATFS, GFS_N_OTHER,
	GFS_N_PUSHED, GFS_N_NOTIFIED, GFS_N_PREFETCHED, GFS_N_AHEAD_TAKEN,
	GFS_N_COUNT
};
extern uint64_t gfs_counts[GFS_N_COUNT];
#define gfs_count(c) __atomic_add_fetch(&gfs_counts[c], 1, __ATOMIC_RELAXED)
/* Log one line "requests: lookup=N ... notified=N" at LOG_INFO. */
void gfs_counts_log(void);

/* state.c: the database and the threads' handles */
/* The database cannot be read: msg is logged once until gfs_db_ok. */
void gfs_db_error(const char *msg);
/* The watcher read the database: the next trouble is logged again. */
void gfs_db_ok(void);
/*
** This thread's store handle, opened lazily on the database file now at
** gfs.db, for one request: gfs_store_enter returns it, or NULL when the
** database cannot be opened (logged), and sets the thread's epoch
** (gfs_nodeid); gfs_store_leave ends the request, either way.  Not
** nested.
*/
store *gfs_store_enter(void);
void gfs_store_leave(void);
/* The last message of this thread's handle, or NULL. */
const char *gfs_store_errmsg(void);
/* The watcher, after bumping gfs.epoch: close every thread's handle of
   an older epoch, each once its request in flight is done. */
void gfs_store_close_stale(void);
/* Close the calling thread's store handle, if any. */
void gfs_store_release(void);
/* Open a handle ahead, on a thread of its own, for the first request
   (main, after daemonizing; gfs_state_fini joins the thread). */
void gfs_spare_start(void);
/* The key of the threads' handles (main, before the session): 0 or
   -errno; and at exit. */
int gfs_state_init(void);
void gfs_state_fini(void);

/* cache.c
**
** A cache maps (ino, gen) to an immutable blob of bytes, bounded by the
** total bytes it holds (least recently used blobs go first; a blob in use
** is never freed).  Safe for concurrent use.
*/
struct gfs_blob {
	const char *data;
	size_t len;
	uint64_t tag;                 /* render cache: the file's node id */
	int64_t mtime_ms;             /* render cache: the file's mtime */
};
enum gfs_cache_mode {
	GFS_CACHE_BY_GEN,             /* a blob serves its generation only */
	GFS_CACHE_UNTIL_FORGOTTEN,    /* a blob serves until forgotten */
};
struct gfs_cache *gfs_cache_new(size_t max_bytes, enum gfs_cache_mode mode);
void gfs_cache_free(struct gfs_cache *c);
/* Find ino's blob (of generation gen, if by generation, unless gen is
   0): 1 and a reference in *out, or 0. */
int gfs_cache_get(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  struct gfs_blob *out);
/* Insert a copy of data, rendered at generation gen, as ino's blob and
   return a reference to the blob serving ino in *out (see cache.c):
   0, 1 (stale: ino was forgotten after gen, the blob is not kept), or
   -ENOMEM. */
int gfs_cache_put(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  uint64_t tag, int64_t mtime_ms, const void *data,
                  size_t len, struct gfs_blob *out);
/* A blob holding a copy of data that no cache keeps: *out is its only
   reference.  0, or -ENOMEM. */
int gfs_cache_blob(uint64_t tag, int64_t mtime_ms, const void *data,
                   size_t len, struct gfs_blob *out);
/* Another reference to b's blob, in *out. */
void gfs_cache_ref(struct gfs_cache *c, const struct gfs_blob *b,
                   struct gfs_blob *out);
/* Release a reference from get or put. */
void gfs_cache_release(struct gfs_cache *c, struct gfs_blob *b);
/* Forget ino's blob at generation gen, the current one, handing over its
   reference: 1 and *out, or 0 if it had none. */
int gfs_cache_take(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                   struct gfs_blob *out);
/* The same, dropping it (its bytes go when the last reference does). */
void gfs_cache_forget(struct gfs_cache *c, uint64_t ino, uint64_t gen);
/* Keep b's blob from eviction for ms milliseconds (0: unpin). */
void gfs_cache_pin(struct gfs_cache *c, const struct gfs_blob *b, int ms);
/* How long a file read part of the way stays in the render cache (ms). */
#define GFS_PIN_MS 2000
/* A new epoch: blobs linked in the last two are never evicted. */
void gfs_cache_epoch(struct gfs_cache *c);
/* Drop the large blobs unused since the last call. */
void gfs_cache_idle(struct gfs_cache *c);
/* Forget every blob at generation gen. */
void gfs_cache_clear(struct gfs_cache *c, uint64_t gen);

/* The current generation. */
static inline uint64_t gfs_gen(void)
{
	return __atomic_load_n(&gfs.gen, __ATOMIC_ACQUIRE);
}

/* ---- node ids ------------------------------------------------------------
**
** The kernel's node id of a folder or a link is its store inode.  A file's
** carries a version in its top 8 bits, made from its mtime, so that a
** changed file is a new node: the watcher retires the old node id
** (fuse_lowlevel_notify_delete: the name goes, the old inode stays with
** whoever has it open) and keeps the old bytes (retire.c) until the kernel
** forgets that node.  A reader that opened a file before a commit reads
** the old version to the end, as after a rename(2) over it; the next open
** finds the new one.  stat(2) shows the inode without the version.
*/
#define GFS_VER_SHIFT 56
#define GFS_INO_MASK  ((UINT64_C(1) << GFS_VER_SHIFT) - 1)
_Static_assert(NK__COUNT < 256, "node kinds must leave 8 bits for versions");

/*
** The database file's epoch, in bits 40-47 of every node id but the
** root's: when the file at the mounted path is replaced (watch.c), the
** epoch moves, so the nodes the kernel holds of the old file are never
** taken for the new file's (a request on one gets ESTALE) and every path
** is looked up again.  Record ids stay below 2^40 (NODE_ID_BITS).
*/
#define GFS_EPOCH_SHIFT NODE_ID_BITS
#define GFS_EPOCH_MASK  (UINT64_C(0xff) << GFS_EPOCH_SHIFT)

/* The epoch of this thread's request (gfs_store_enter), or of the
   watcher's round. */
extern __thread uint64_t gfs_tls_epoch;

/* The store inode of a node id. */
static inline uint64_t gfs_ino(uint64_t nodeid)
{
	return nodeid & GFS_INO_MASK & ~GFS_EPOCH_MASK;
}

/* The node id of store inode ino (a folder or link, or a file without
   its version) in this thread's epoch. */
static inline uint64_t gfs_nodeid(uint64_t ino)
{
	if (ino == NODE_ROOT_INO)
		return ino;
	return ino | (gfs_tls_epoch << GFS_EPOCH_SHIFT & GFS_EPOCH_MASK);
}

/* Is nodeid of this thread's epoch (the root always is)?  Else it names
   a node of a database file no longer mounted. */
static inline int gfs_current(uint64_t nodeid)
{
	return nodeid == NODE_ROOT_INO ||
	       (nodeid & GFS_EPOCH_MASK) ==
	       (gfs_tls_epoch << GFS_EPOCH_SHIFT & GFS_EPOCH_MASK);
}

/* Is ino (a store inode) a regular file? */
static inline int gfs_is_file(uint64_t ino)
{
	return node_kind_type(NODE_KIND(ino)) == NT_FILE;
}

/* The node id of file ino (a store inode) as of mtime_ms (see
   gfs_new_nodeid in ops.c for a new rendering). */
static inline uint64_t gfs_file_nodeid(uint64_t ino, int64_t mtime_ms)
{
	return gfs_nodeid(ino) | (1 + (uint64_t)mtime_ms % 255) << GFS_VER_SHIFT;
}

/* retire.c: the bytes of files' old versions, by node id. */
/* Keep b (the reference passes to the table) as the bytes of nodeid. */
void gfs_retire_put(uint64_t nodeid, struct gfs_blob *b);
/* The bytes of retired nodeid: 1 and a new reference in *out, or 0;
   *deleted: its name is gone already (notify_delete). */
int gfs_retire_get(uint64_t nodeid, struct gfs_blob *out, int *deleted);
/* Is nodeid retired (its bytes kept)? */
int gfs_retire_has(uint64_t nodeid);
/* The name of retired nodeid is gone: it has no links now. */
void gfs_retire_deleted(uint64_t nodeid);
/* The kernel forgot nodeid (or never had it): drop its bytes. */
void gfs_retire_drop(uint64_t nodeid);
/* Drop every retired version (at exit). */
void gfs_retire_clear(void);

/* past.c: the snapshot the kernel was last told about (WAL databases). */
int gfs_past_start(void);
void gfs_past_stop(void);
/* The bytes of file node nodeid, no longer the file's current version,
   rendered again from the past snapshot: 1 and a reference, or 0. */
int gfs_past_bytes(uint64_t nodeid, struct gfs_blob *out);
/* A rendering of file ino, len bytes, is being handed out. */
void gfs_past_note(uint64_t ino, size_t len);
/* Keep b as the bytes of nodeid, a version no longer current that the
   kernel has or is given; the watcher's next round takes its name away. */
void gfs_past_keep(uint64_t nodeid, const struct gfs_blob *b);
/* The watcher's side: see past.c. */
int gfs_past_pending(void);
store *gfs_past_next(void);
void gfs_past_abort(void);
void gfs_past_advance(void);
void gfs_past_idle(void);
uint64_t gfs_past_retire(uint64_t ino, uint64_t skip);
size_t gfs_past_take(uint64_t *out, size_t max);

/* follow.c: the database file at the mounted path (see follow.c). */
void gfs_follow_note(void);
int gfs_follow_check(int *missing);
void gfs_follow_replaced(int missing);
void gfs_follow_unusable(const char *msg);
void gfs_follow_opened(void);
void gfs_follow_forget(store *s);

/* affinity.c: request threads on one processor while requests come one
   at a time, on all of them while they overlap */
void gfs_affinity_init(void);
void gfs_affinity_background(void);
/* A request begins (gfs_store_enter); is answered (just before the
   reply, and at gfs_store_leave). */
void gfs_affinity_begin(void);
void gfs_affinity_done(void);

/* prefetch.c: folders' listings built ahead of the reader */
/* Build folder ino's listing into the listing cache: 1 if it did (0: it
   was there, or failed). */
typedef int gfs_prefetch_fn(uint64_t ino);
int gfs_prefetch_start(gfs_prefetch_fn *build);
void gfs_prefetch_stop(void);
/* Queue folders (store inodes) for building, inos[0] first. */
void gfs_prefetch(const uint64_t *inos, size_t n);
/* A request took folder ino's listing (from the cache or built). */
void gfs_prefetch_taken(uint64_t ino);
/* Around building folder ino's listing: claim is 1 if the caller builds
   it (then done), 0 if another thread just did (look again). */
int gfs_build_claim(uint64_t ino);
void gfs_build_done(uint64_t ino);

/* ops.c */
extern const struct fuse_lowlevel_ops gfs_ops;
/* The prefetcher's builder (gfs_prefetch_fn). */
int gfs_listing_warm(uint64_t ino);

/* guard.c */
int gfs_guard_start(const char *mnt, int argc, char **argv);
void gfs_guard_done(void);

/* watch.c */
int gfs_watch_start(void);
void gfs_watch_stop(void);
/* Wait (at most ms) for a whole round of the watcher: 0 or -errno. */
int gfs_watch_sync(int ms);

#endif
