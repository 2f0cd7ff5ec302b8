/*
** cache.c — a small bounded cache of immutable byte blobs keyed by
** (inode, generation), with least-recently-used eviction by total bytes.
**
** govfs keeps two: rendered file contents (so a file read in several
** pieces is rendered once) and directory listings (so a listing read in
** several pages is built once).  A key holds at most one blob: putting a
** newer generation replaces the older one, and getting with a newer
** generation than stored drops the stale blob.  Blobs are reference
** counted, so a reader can reply from one without holding the cache lock;
** eviction only unlinks, and the last reference frees.
*/
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "govfs.h"

#define GFS_CACHE_BUCKETS 65536  /* power of two: short chains at 100k blobs */

struct gfs_centry {
	uint64_t ino, gen;
	struct gfs_centry *hnext;        /* hash chain */
	struct gfs_centry *prev, *next;  /* LRU list, most recent first */
	size_t refs;                     /* readers, plus 1 while linked */
	size_t len;
	int linked;                      /* in the table and LRU list */
	int pad_;
	char data[];                     /* len bytes, then a NUL */
};

_Static_assert(offsetof(struct gfs_centry, data) % 8 == 0,
               "blob bytes must be 8-byte aligned (listings hold uint64_t)");

struct gfs_cache {
	pthread_mutex_t lock;
	size_t max_bytes;
	size_t bytes;                    /* of linked entries */
	struct gfs_centry *head, *tail;  /* LRU list */
	struct gfs_centry *bucket[GFS_CACHE_BUCKETS];
};

static size_t gfs_cache_hash(uint64_t ino)
{
	ino ^= ino >> 33;
	ino *= 0xff51afd7ed558ccdULL;
	ino ^= ino >> 33;
	return (size_t)(ino & (GFS_CACHE_BUCKETS - 1));
}

/*
** Create a cache holding at most max_bytes of linked blobs (a single blob
** larger than that is kept until the next insert).  NULL on ENOMEM.
*/
struct gfs_cache *gfs_cache_new(size_t max_bytes)
{
	struct gfs_cache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
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
	free(c);
}

/* Take e out of the table and the LRU list; free it if unused.
   Caller holds the lock. */
static void gfs_cache_unlink(struct gfs_cache *c, struct gfs_centry *e)
{
	struct gfs_centry **pp = &c->bucket[gfs_cache_hash(e->ino)];

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

static struct gfs_centry *gfs_cache_find(struct gfs_cache *c, uint64_t ino)
{
	struct gfs_centry *e = c->bucket[gfs_cache_hash(ino)];

	while (e && e->ino != ino)
		e = e->hnext;
	return e;
}

/*
** Find the blob of (ino, gen).  Returns 1 and a reference in *out (give it
** back with gfs_cache_release), or 0.  A blob of an older generation is
** dropped on the way.
*/
int gfs_cache_get(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  struct gfs_blob *out)
{
	struct gfs_centry *e;
	int found = 0;

	pthread_mutex_lock(&c->lock);
	e = gfs_cache_find(c, ino);
	if (e && e->gen == gen) {
		gfs_cache_touch(c, e);
		e->refs++;
		out->data = e->data;
		out->len = e->len;
		found = 1;
	} else if (e && e->gen < gen) {
		gfs_cache_unlink(c, e);
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

/*
** Store a copy of data[0..len) as the blob of (ino, gen), replacing any
** blob of ino, and return a reference to it in *out.  Evicts the least
** recently used blobs until the cache is within its bound again (never
** the new one).  Returns 0, or -ENOMEM (*out untouched).
*/
int gfs_cache_put(struct gfs_cache *c, uint64_t ino, uint64_t gen,
                  const void *data, size_t len, struct gfs_blob *out)
{
	struct gfs_centry *e, *old, *victim;
	size_t h = gfs_cache_hash(ino);

	e = malloc(sizeof *e + len + 1);
	if (!e)
		return -ENOMEM;
	e->ino = ino;
	e->gen = gen;
	e->len = len;
	e->refs = 2;          /* the table's and the caller's */
	e->linked = 1;
	e->pad_ = 0;
	if (len)
		memcpy(e->data, data, len);
	e->data[len] = '\0';

	pthread_mutex_lock(&c->lock);
	old = gfs_cache_find(c, ino);
	if (old)
		gfs_cache_unlink(c, old);
	e->hnext = c->bucket[h];
	c->bucket[h] = e;
	e->prev = NULL;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	else
		c->tail = e;
	c->head = e;
	c->bytes += len;
	while (c->bytes > c->max_bytes && (victim = c->tail) != e)
		gfs_cache_unlink(c, victim);
	pthread_mutex_unlock(&c->lock);

	out->data = e->data;
	out->len = len;
	return 0;
}

/* Give back a reference from gfs_cache_get or gfs_cache_put. */
void gfs_cache_release(struct gfs_cache *c, struct gfs_blob *b)
{
	struct gfs_centry *e;

	if (!b->data)
		return;
	e = (struct gfs_centry *)(void *)((char *)(uintptr_t)b->data -
	                                  offsetof(struct gfs_centry, data));
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

/* Forget the blob of (ino, gen), if stored. */
void gfs_cache_drop(struct gfs_cache *c, uint64_t ino, uint64_t gen)
{
	struct gfs_centry *e;

	pthread_mutex_lock(&c->lock);
	e = gfs_cache_find(c, ino);
	if (e && e->gen == gen)
		gfs_cache_unlink(c, e);
	pthread_mutex_unlock(&c->lock);
}
