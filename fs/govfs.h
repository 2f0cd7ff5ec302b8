/*
** govfs.h — what the files of fs/ share.  fs/ only maps kernel requests
** onto the store (store/store.h): no SQL, no formatting of file contents.
**
**   main.c   the mount program: options, checks, mount, daemon, loop
**   ops.c    the low-level request handlers (one ops table)
**   cache.c  small bounded LRU caches of rendered files and listings
**   watch.c  the watcher thread: data_version polling and invalidation
**
** Consistency rule.  Every handler runs between gfs_enter() and
** gfs_leave(), which hold the generation lock for reading; the watcher
** bumps the generation under the same lock for writing BEFORE it sends
** invalidations.  So a reply built from data older than a commit always
** reaches the kernel before the invalidation for that commit, and no cache
** entry keyed by an old generation is used after the bump.
*/
#ifndef GOVFS_FS_H
#define GOVFS_FS_H

#define FUSE_USE_VERSION 35

#include <fuse_lowlevel.h>
#include <pthread.h>
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
#define GFS_RENDER_CACHE_BYTES  ((size_t)16 << 20)
#define GFS_LISTING_CACHE_BYTES ((size_t)8 << 20)

/* How often the watcher polls PRAGMA data_version and the UTC day (ms). */
#define GFS_POLL_MS 100
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
	pthread_rwlock_t gen_lock;    /* handlers read, watcher bumps */
	uint64_t gen;                 /* bumped after each batch of changes */
	int no_open;                  /* kernel skips OPEN after ENOSYS */
	int no_opendir;               /* kernel skips OPENDIR after ENOSYS */
	struct gfs_cache *render;     /* (ino, gen) -> file bytes or link */
	struct gfs_cache *listing;    /* (ino, gen) -> directory listing */
	/* the watcher */
	pthread_t watcher;
	int watcher_running;
	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;
	int stop;
};

extern struct gfs gfs;

/* main.c */
void gfs_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ops.c */
extern const struct fuse_lowlevel_ops gfs_ops;
/* This thread's store handle (opened lazily), or NULL (logged). */
store *gfs_store(void);
/* Close the calling thread's store handle, if any. */
void gfs_store_release(void);

/* cache.c
**
** A cache maps (ino, gen) to an immutable blob of bytes, bounded by the
** total bytes it holds (least recently used blobs go first; a blob in use
** is never freed).  Safe for concurrent use.
*/
struct gfs_blob {
	const char *data;
	size_t len;
};
struct gfs_cache *gfs_cache_new(size_t max_bytes);
void gfs_cache_free(struct gfs_cache *c);
/* Find (ino, gen): 1 and a reference in *out, or 0. */
int gfs_cache_get(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  struct gfs_blob *out);
/* Insert a copy of data under (ino, gen) (replacing any older one) and
   return a reference to it in *out: 0, or -ENOMEM. */
int gfs_cache_put(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  const void *data, size_t len, struct gfs_blob *out);
/* Release a reference from get or put. */
void gfs_cache_release(struct gfs_cache *c, struct gfs_blob *b);
/* Forget (ino, gen) (its bytes go when the last reference does). */
void gfs_cache_drop(struct gfs_cache *c, uint64_t ino, uint64_t gen);

/* watch.c */
int gfs_watch_start(void);
void gfs_watch_stop(void);

#endif
