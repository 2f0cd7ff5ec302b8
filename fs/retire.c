/*
** retire.c — the bytes of files' retired versions, by node id, until the
** kernel forgets those nodes.
**
** When a file changes, the watcher retires its node id (see govfs.h) and
** moves the render cache's reference to the old bytes here: a reader that
** still has the old node open reads them to the end.  The kernel sends
** FORGET for the old node when its last user closes it (the node has no
** links left after notify_delete), and the bytes go then.  Usually only a
** few versions are here at a time; each holds a reference into the render
** cache (cache.c), whose entries are reference counted.
*/
#include <pthread.h>
#include <stdlib.h>

#include "govfs.h"

#define GFS_RETIRE_BUCKETS 1024  /* power of two */

struct gfs_retired {
	uint64_t nodeid;
	struct gfs_blob blob;            /* a reference into gfs.render */
	int deleted;                     /* its name is gone: no links */
	struct gfs_retired *next;
};

static pthread_mutex_t gfs_retire_lock = PTHREAD_MUTEX_INITIALIZER;
static struct gfs_retired *gfs_retire_table[GFS_RETIRE_BUCKETS];

static struct gfs_retired **gfs_retire_slot(uint64_t nodeid)
{
	uint64_t h = nodeid * 0x9e3779b97f4a7c15ULL;

	return &gfs_retire_table[(h >> 40) & (GFS_RETIRE_BUCKETS - 1)];
}

/* Take r out of the table (caller holds the lock); NULL if absent. */
static struct gfs_retired *gfs_retire_unlink(uint64_t nodeid)
{
	struct gfs_retired **pp = gfs_retire_slot(nodeid), *r;

	for (; (r = *pp); pp = &r->next) {
		if (r->nodeid == nodeid) {
			*pp = r->next;
			return r;
		}
	}
	return NULL;
}

/*
** Keep b as the bytes of nodeid: the reference in b passes to the table
** (and b is cleared).  A version already kept under nodeid is replaced.
** Out of memory, b is released and nodeid serves no old bytes.
*/
void gfs_retire_put(uint64_t nodeid, struct gfs_blob *b)
{
	struct gfs_retired *r = malloc(sizeof *r), *old;

	if (!r) {
		gfs_cache_release(gfs.render, b);
		return;
	}
	r->nodeid = nodeid;
	r->blob = *b;
	r->deleted = 0;
	b->data = NULL;
	b->len = 0;
	pthread_mutex_lock(&gfs_retire_lock);
	old = gfs_retire_unlink(nodeid);
	r->next = *gfs_retire_slot(nodeid);
	*gfs_retire_slot(nodeid) = r;
	pthread_mutex_unlock(&gfs_retire_lock);
	if (old) {
		gfs_cache_release(gfs.render, &old->blob);
		free(old);
	}
}

/* The bytes of retired nodeid: 1 and a new reference in *out, or 0;
   *deleted says whether its name is gone yet. */
int gfs_retire_get(uint64_t nodeid, struct gfs_blob *out, int *deleted)
{
	struct gfs_retired *r;
	int found = 0;

	pthread_mutex_lock(&gfs_retire_lock);
	for (r = *gfs_retire_slot(nodeid); r; r = r->next) {
		if (r->nodeid == nodeid) {
			gfs_cache_ref(gfs.render, &r->blob, out);
			*deleted = r->deleted;
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&gfs_retire_lock);
	return found;
}

/* Is nodeid retired (and not yet forgotten by the kernel)? */
int gfs_retire_has(uint64_t nodeid)
{
	struct gfs_retired *r;
	int found = 0;

	pthread_mutex_lock(&gfs_retire_lock);
	for (r = *gfs_retire_slot(nodeid); r && !found; r = r->next)
		found = r->nodeid == nodeid;
	pthread_mutex_unlock(&gfs_retire_lock);
	return found;
}

/* The name of retired nodeid is gone (notify_delete): it has no links. */
void gfs_retire_deleted(uint64_t nodeid)
{
	struct gfs_retired *r;

	pthread_mutex_lock(&gfs_retire_lock);
	for (r = *gfs_retire_slot(nodeid); r; r = r->next)
		if (r->nodeid == nodeid)
			r->deleted = 1;
	pthread_mutex_unlock(&gfs_retire_lock);
}

/* Drop the bytes of nodeid, if kept. */
void gfs_retire_drop(uint64_t nodeid)
{
	struct gfs_retired *r;

	pthread_mutex_lock(&gfs_retire_lock);
	r = gfs_retire_unlink(nodeid);
	pthread_mutex_unlock(&gfs_retire_lock);
	if (r) {
		gfs_cache_release(gfs.render, &r->blob);
		free(r);
	}
}

/* Drop every retired version. */
void gfs_retire_clear(void)
{
	struct gfs_retired *r, *next;
	size_t i;

	pthread_mutex_lock(&gfs_retire_lock);
	for (i = 0; i < GFS_RETIRE_BUCKETS; i++) {
		for (r = gfs_retire_table[i]; r; r = next) {
			next = r->next;
			gfs_cache_release(gfs.render, &r->blob);
			free(r);
		}
		gfs_retire_table[i] = NULL;
	}
	pthread_mutex_unlock(&gfs_retire_lock);
}
