/*
** cache.c — a small bounded cache of immutable byte blobs keyed by inode,
** with least-recently-used eviction by total bytes.
**
** govfs keeps two.  Directory listings are kept per generation
** (GFS_CACHE_BY_GEN): a listing built at one generation is not used at
** another, so every commit drops them all.  Rendered files and link
** targets are kept until forgotten (GFS_CACHE_UNTIL_FORGOTTEN): a blob
** stays the file's content, whatever commits happen, until the watcher
** forgets that one inode, because the kernel may hold its size and some
** of its pages and must be served the same bytes until it is told (see
** govfs.h).  The first blob put for an inode wins; a later put returns
** it.  A put from a request that began before the inode was last
** forgotten is not kept (it may hold older data), and the caller is told:
** a table of "forgotten at generation" slots, indexed by a hash of the
** inode, says so.  Blobs linked in the last two epochs are not evicted
** (gfs_cache_epoch).
**
** Blobs are reference counted, so a reader can reply from one without
** holding the cache lock; eviction only unlinks, and the last reference
** frees.
*/
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "govfs.h"

/* Hash buckets: a power of two, one per GFS_CACHE_BUCKET_BYTES of
   max_bytes (blobs are a few KiB), at least GFS_CACHE_BUCKETS_MIN, so
   that chains stay short however large -o cache_mb makes the cache. */
#define GFS_CACHE_BUCKETS_MIN 65536
#define GFS_CACHE_BUCKETS_MAX ((size_t)1 << 22)
#define GFS_CACHE_BUCKET_BYTES 2048
#define GFS_CACHE_FORGOT 4096    /* power of two: forgotten-at slots */
#define GFS_CACHE_BIGS 4         /* large blobs kept apart */

struct gfs_centry {
	uint64_t ino, gen;
	uint64_t tag;                    /* the caller's: a node id */
	int64_t mtime_ms;                /* the caller's: the file's mtime */
	struct gfs_centry *hnext;        /* hash chain */
	struct gfs_centry *prev, *next;  /* LRU list, most recent first */
	size_t refs;                     /* readers, plus 1 while linked */
	size_t len;
	int linked;                      /* in the table and LRU list */
	unsigned char big;               /* over max_bytes / 4: kept apart */
	unsigned char big_used;          /* got or put since the last idle */
	unsigned short pad_;
	int64_t pinned_until;            /* ms, monotonic: not evicted before */
	uint64_t epoch;                  /* the cache's epoch when linked */
	char data[];                     /* len bytes, then a NUL */
};

_Static_assert(offsetof(struct gfs_centry, data) % 8 == 0,
               "blob bytes must be 8-byte aligned (listings hold uint64_t)");

struct gfs_cache {
	pthread_mutex_t lock;
	enum gfs_cache_mode mode;
	size_t max_bytes;
	size_t bytes;                    /* of linked entries */
	struct gfs_centry *head, *tail;  /* LRU list */
	struct gfs_centry **bucket;
	size_t mask;                     /* buckets - 1 */
	size_t nbig;                     /* linked blobs kept apart */
	uint64_t forgot[GFS_CACHE_FORGOT];  /* generation of the last forget */
	uint64_t epoch;                  /* gfs_cache_epoch */
};

/*
** Is e too new to evict?  In a cache kept until forgotten, a blob linked
** in this epoch or the last one may be a version that a commit not yet
** seen by the watcher has already changed; the watcher must still find
** it here to retire it (see gfs_cache_epoch).  Caller holds the lock.
*/
static int gfs_cache_fresh(const struct gfs_cache *c,
                           const struct gfs_centry *e)
{
	return c->mode == GFS_CACHE_UNTIL_FORGOTTEN && c->epoch - e->epoch < 2;
}

/* ino's bits mixed: the low ones pick a bucket and a forgotten-at slot. */
static size_t gfs_cache_hash(uint64_t ino)
{
	ino ^= ino >> 33;
	ino *= 0xff51afd7ed558ccdULL;
	ino ^= ino >> 33;
	return (size_t)ino;
}

/*
** Create a cache holding at most max_bytes of linked blobs (a single blob
** larger than that is kept until the next insert).  NULL on ENOMEM.
*/
struct gfs_cache *gfs_cache_new(size_t max_bytes, enum gfs_cache_mode mode)
{
	struct gfs_cache *c = calloc(1, sizeof *c);
	size_t n = GFS_CACHE_BUCKETS_MIN;

	if (!c)
		return NULL;
	while (n < GFS_CACHE_BUCKETS_MAX &&
	       n < max_bytes / GFS_CACHE_BUCKET_BYTES)
		n <<= 1;
	c->bucket = calloc(n, sizeof *c->bucket);
	if (!c->bucket) {
		free(c);
		return NULL;
	}
	c->mask = n - 1;
	pthread_mutex_init(&c->lock, NULL);
	c->mode = mode;
	c->max_bytes = max_bytes;
	return c;
}

/* Free the cache and every blob.  No reference may be outstanding. */
void gfs_cache_free(struct gfs_cache *c)
{
	struct gfs_centry *e, *next;

	if (!c)
		return;
	for (e = c->head; e; e = next) {
		next = e->next;
		assert(e->refs == 1);   /* only the table's reference */
		free(e);
	}
	pthread_mutex_destroy(&c->lock);
	free(c->bucket);
	free(c);
}

/* Take e out of the table and the LRU list; free it if unused.
   Caller holds the lock. */
static void gfs_cache_unlink(struct gfs_cache *c, struct gfs_centry *e)
{
	struct gfs_centry **pp = &c->bucket[gfs_cache_hash(e->ino) & c->mask];

	assert(e->linked);
	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->linked = 0;
	if (e->big)
		c->nbig--;
	else
		c->bytes -= e->len;
	if (--e->refs == 0)
		free(e);
}

/* Move e to the front of the LRU list.  Caller holds the lock. */
static void gfs_cache_touch(struct gfs_cache *c, struct gfs_centry *e)
{
	if (c->head == e)
		return;
	e->prev->next = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = NULL;
	e->next = c->head;
	c->head->prev = e;
	c->head = e;
}

/* The entry whose bytes b refers to. */
static struct gfs_centry *gfs_cache_entry(const struct gfs_blob *b)
{
	return (struct gfs_centry *)(void *)((char *)(uintptr_t)b->data -
	                                     offsetof(struct gfs_centry, data));
}

/* Milliseconds on the monotonic clock. */
static int64_t gfs_cache_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void gfs_cache_out(const struct gfs_centry *e, struct gfs_blob *out)
{
	out->data = e->data;
	out->len = e->len;
	out->tag = e->tag;
	out->mtime_ms = e->mtime_ms;
}

static struct gfs_centry *gfs_cache_find(struct gfs_cache *c, uint64_t ino)
{
	struct gfs_centry *e = c->bucket[gfs_cache_hash(ino) & c->mask];

	while (e && e->ino != ino)
		e = e->hnext;
	return e;
}

/*
** Find the blob of ino: in a GFS_CACHE_BY_GEN cache only one of generation
** gen (an older one is dropped on the way), or any if gen is 0; in a
** GFS_CACHE_UNTIL_FORGOTTEN cache any.  Returns 1 and a reference in *out (give it back with
** gfs_cache_release), or 0.
*/
int gfs_cache_get(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  struct gfs_blob *out)
{
	struct gfs_centry *e;
	int found = 0;

	pthread_mutex_lock(&c->lock);
	e = gfs_cache_find(c, ino);
	if (e && (e->gen == gen || gen == 0 ||
	          c->mode == GFS_CACHE_UNTIL_FORGOTTEN)) {
		gfs_cache_touch(c, e);
		e->refs++;
		gfs_cache_out(e, out);
		found = 1;
		e->big_used = 1;
	} else if (e && e->gen < gen) {
		gfs_cache_unlink(c, e);
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

/*
** The least recently used blob that may go to make room for e: a large
** one (kept apart) or not, as big says; never e, a pinned blob or a fresh
** one.  NULL if there is none.  Caller holds the lock.
*/
static struct gfs_centry *gfs_cache_victim(struct gfs_cache *c,
                                           const struct gfs_centry *e,
                                           int big, int64_t now)
{
	struct gfs_centry *v;

	for (v = c->tail; v; v = v->prev)
		if (v != e && !v->big == !big && v->pinned_until <= now &&
		    !gfs_cache_fresh(c, v))
			return v;
	return NULL;
}

/*
** Link e in as the most recent blob, and evict the least recently used
** ones (never e) until the cache is within its bound.  A blob over a
** quarter of the bound is not counted: up to GFS_CACHE_BIGS such blobs
** are kept apart, the least recently used going first, so that large
** files read in many pieces (the tables of actions/, 27 MB each at
** 100,000 items) are rendered once each; in a listing cache, one (the
** listing of actions/ read page by page).  Caller holds the lock.
*/
static void gfs_cache_link(struct gfs_cache *c, struct gfs_centry *e)
{
	size_t h = gfs_cache_hash(e->ino) & c->mask;
	struct gfs_centry *victim;
	int64_t now;

	e->hnext = c->bucket[h];
	c->bucket[h] = e;
	e->prev = NULL;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	else
		c->tail = e;
	c->head = e;
	e->linked = 1;
	e->refs++;
	e->epoch = c->epoch;
	now = gfs_cache_now_ms();
	if (e->len > c->max_bytes / 4) {
		e->big = e->big_used = 1;
		if (++c->nbig > (c->mode == GFS_CACHE_BY_GEN ? 1
		                                             : GFS_CACHE_BIGS) &&
		    (victim = gfs_cache_victim(c, e, 1, now)))
			gfs_cache_unlink(c, victim);
	} else {
		c->bytes += e->len;
	}
	while (c->bytes > c->max_bytes &&
	       (victim = gfs_cache_victim(c, e, 0, now)))
		gfs_cache_unlink(c, victim);   /* none: over the bound a while */
}

/*
** Store a copy of data[0..len), rendered by a request that began at
** generation gen, as the blob of ino with the caller's tag and mtime_ms
** (in a GFS_CACHE_BY_GEN cache they may be 0), and return a reference to
** the blob now serving ino in *out.  In a GFS_CACHE_BY_GEN cache the new
** blob replaces any other.  In a GFS_CACHE_UNTIL_FORGOTTEN cache a blob
** already there is kept and returned instead (the kernel may have its
** size); else the new one is kept, unless ino was forgotten after gen:
** then it is only returned, and the result is 1 (stale: it may be older
** than what the watcher has told the kernel).  Evicts the least recently
** used blobs until the cache is within its bound again (never the new
** one).  Returns 0, 1 (stale), or -ENOMEM (*out untouched).
*/
/* A new entry holding a copy of data[0..len), with one reference (the
   caller's), linked nowhere; NULL if out of memory. */
static struct gfs_centry *gfs_cache_entry_new(uint64_t ino, uint64_t gen,
                                              uint64_t tag, int64_t mtime_ms,
                                              const void *data, size_t len)
{
	struct gfs_centry *e = malloc(sizeof *e + len + 1);

	if (!e)
		return NULL;
	e->ino = ino;
	e->gen = gen;
	e->tag = tag;
	e->mtime_ms = mtime_ms;
	e->len = len;
	e->refs = 1;
	e->linked = 0;
	e->big = e->big_used = 0;
	e->pad_ = 0;
	e->pinned_until = 0;
	if (len)
		memcpy(e->data, data, len);
	e->data[len] = '\0';
	return e;
}

int gfs_cache_put(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  uint64_t tag, int64_t mtime_ms, const void *data,
                  size_t len, struct gfs_blob *out)
{
	struct gfs_centry *e, *old;
	int stale = 0;

	e = gfs_cache_entry_new(ino, gen, tag, mtime_ms, data, len);
	if (!e)
		return -ENOMEM;
	pthread_mutex_lock(&c->lock);
	old = gfs_cache_find(c, ino);
	if (c->mode == GFS_CACHE_BY_GEN) {
		if (old)
			gfs_cache_unlink(c, old);
		gfs_cache_link(c, e);
	} else if (old) {
		gfs_cache_touch(c, old);
		old->refs++;
		free(e);
		e = old;
	} else if (c->forgot[gfs_cache_hash(ino) & (GFS_CACHE_FORGOT - 1)] <=
	           gen) {
		gfs_cache_link(c, e);
	} else {
		stale = 1;
	}
	gfs_cache_out(e, out);
	pthread_mutex_unlock(&c->lock);
	return stale;
}

/*
** A blob holding a copy of data[0..len), with tag and mtime_ms, that no
** cache keeps: *out is its only reference (release it with
** gfs_cache_release on any cache).  0, or -ENOMEM.
*/
int gfs_cache_blob(uint64_t tag, int64_t mtime_ms, const void *data,
                   size_t len, struct gfs_blob *out)
{
	struct gfs_centry *e = gfs_cache_entry_new(0, 0, tag, mtime_ms, data,
	                                           len);

	if (!e)
		return -ENOMEM;
	gfs_cache_out(e, out);
	return 0;
}

/* Another reference to the blob b refers to, in *out. */
void gfs_cache_ref(struct gfs_cache *c, const struct gfs_blob *b,
                   struct gfs_blob *out)
{
	struct gfs_centry *e = gfs_cache_entry(b);

	pthread_mutex_lock(&c->lock);
	assert(e->refs > 0);
	e->refs++;
	pthread_mutex_unlock(&c->lock);
	*out = *b;
}

/*
** Keep b's blob from eviction for ms milliseconds (0: no longer): a file
** the kernel is in the middle of reading must still be there for its next
** READ, even if it changes meanwhile (the watcher retires the bytes it
** finds here).
*/
void gfs_cache_pin(struct gfs_cache *c, const struct gfs_blob *b, int ms)
{
	struct gfs_centry *e = gfs_cache_entry(b);

	pthread_mutex_lock(&c->lock);
	e->pinned_until = ms ? gfs_cache_now_ms() + ms : 0;
	pthread_mutex_unlock(&c->lock);
}

/* Give back a reference from gfs_cache_get, _put or _ref. */
void gfs_cache_release(struct gfs_cache *c, struct gfs_blob *b)
{
	struct gfs_centry *e;

	if (!b->data)
		return;
	e = gfs_cache_entry(b);
	pthread_mutex_lock(&c->lock);
	assert(e->refs > 0);
	if (--e->refs == 0) {
		assert(!e->linked);
		free(e);
	}
	pthread_mutex_unlock(&c->lock);
	b->data = NULL;
	b->len = 0;
}

/*
** Forget the blob of ino at generation gen (the one now current), and
** hand it over: 1 with the cache's reference in *out, or 0 if there was
** none.  A put from a request that began before gen is not kept.
*/
int gfs_cache_take(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                   struct gfs_blob *out)
{
	struct gfs_centry *e;
	uint64_t *slot = &c->forgot[gfs_cache_hash(ino) & (GFS_CACHE_FORGOT - 1)];
	int found = 0;

	pthread_mutex_lock(&c->lock);
	e = gfs_cache_find(c, ino);
	if (e) {
		e->refs++;
		gfs_cache_out(e, out);
		gfs_cache_unlink(c, e);
		found = 1;
	}
	if (*slot < gen)
		*slot = gen;
	pthread_mutex_unlock(&c->lock);
	return found;
}

/* The same, dropping the blob (its bytes go with the last reference). */
void gfs_cache_forget(struct gfs_cache *c, uint64_t ino, uint64_t gen)
{
	struct gfs_blob b;

	if (gfs_cache_take(c, ino, gen, &b))
		gfs_cache_release(c, &b);
}

/* Forget every blob at generation gen, as if each inode was forgotten. */
void gfs_cache_clear(struct gfs_cache *c, uint64_t gen)
{
	size_t i;

	pthread_mutex_lock(&c->lock);
	while (c->head)
		gfs_cache_unlink(c, c->head);
	for (i = 0; i < GFS_CACHE_FORGOT; i++)
		if (c->forgot[i] < gen)
			c->forgot[i] = gen;
	pthread_mutex_unlock(&c->lock);
}

/*
** Start a new epoch (the watcher, at the start of each poll): blobs linked
** before the last epoch began may be evicted again.  A blob is linked
** after its rendering began; by the time two epochs have begun since, the
** watcher has finished a poll that began after the rendering, which saw
** every commit that could have changed it and retired the blob if one
** did.  Until then it stays, whatever the bound.
*/
void gfs_cache_epoch(struct gfs_cache *c)
{
	pthread_mutex_lock(&c->lock);
	c->epoch++;
	pthread_mutex_unlock(&c->lock);
}

/*
** Let the large blobs go that nobody got since the last call (the
** watcher calls this every few seconds, so a 27 MB table does not stay
** in memory once it is read).
*/
void gfs_cache_idle(struct gfs_cache *c)
{
	struct gfs_centry *e, *prev;

	pthread_mutex_lock(&c->lock);
	for (e = c->tail; e && c->nbig > 0; e = prev) {
		prev = e->prev;
		if (e->big && !e->big_used)
			gfs_cache_unlink(c, e);
		else
			e->big_used = 0;
	}
	pthread_mutex_unlock(&c->lock);
}
