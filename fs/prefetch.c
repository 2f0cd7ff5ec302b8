/*
** prefetch.c — folders' listings built ahead of the reader, on a thread
** of their own.
**
** A cold pass (find, grep -r, ls -lR) is one chain of requests: the
** reader lists a folder, then each of its subfolders, and every listing
** costs the daemon the rendering of the folder's files (their sizes go
** with the names).  While the reader and the kernel work through one
** listing, the second core would idle.  So when a request lists a folder,
** its subfolders are handed to the prefetcher, which builds their
** listings into the listing cache (ops.c's builder, given at start): the
** request for one finds it there, or finds it being built and waits for
** it instead of building it twice (gfs_build_claim).
**
** The queue is a bounded stack: the folders of the latest listing come
** out first, its first subfolder first, as a depth-first reader goes;
** when it is full the oldest go.  A listing the prefetcher built queues
** its own subfolders too, so it walks ahead of the reader, but never more
** than GFS_AHEAD listings ahead of what requests have taken: the files
** it rendered wait in the bounded render cache for the reader's READs.
** When the reader stops following, the prefetcher stops.
**
** The prefetcher only builds what a request would have built, at the
** generation it finds (a listing of an older generation is never
** served), so it changes no answer.
*/
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "govfs.h"

#define GFS_PREFETCH_MAX 256   /* folders waiting */
#define GFS_BUILDING_MAX 64    /* listings being built at once */
/* At most this many listings built ahead that no request has asked for
   yet: the files they rendered wait in the render cache for the reader,
   who must come for them before they are evicted. */
#define GFS_AHEAD 32
/* No request took one of them for this long: the reader went elsewhere,
   and what waits is dropped (ms). */
#define GFS_AHEAD_MS 200

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work;          /* the stack is not empty, or stop */
	pthread_cond_t built;         /* a listing being built is done */
	uint64_t stack[GFS_PREFETCH_MAX];  /* store inodes; top at n - 1 */
	size_t n;
	uint64_t building[GFS_BUILDING_MAX];  /* 0: a free slot */
	uint64_t ahead[GFS_AHEAD];    /* built, not yet asked for; 0: free */
	size_t n_ahead;
	gfs_prefetch_fn *build;
	pthread_t thread;
	int running;
	int stop;
} gfs_pf = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.work = PTHREAD_COND_INITIALIZER,
	.built = PTHREAD_COND_INITIALIZER,
};

/* Is ino being built?  Its slot, or -1.  Under the lock. */
static int gfs_pf_slot(uint64_t ino)
{
	int i;

	for (i = 0; i < GFS_BUILDING_MAX; i++)
		if (gfs_pf.building[i] == ino)
			return i;
	return -1;
}

/*
** Before building the listing of folder ino: 1 if the caller is to build
** it (gfs_build_done when it has), 0 if another thread was building it and
** has finished (the caller looks in the cache again).  Waits meanwhile.
*/
int gfs_build_claim(uint64_t ino)
{
	int slot;

	assert(ino != 0);
	pthread_mutex_lock(&gfs_pf.lock);
	if (gfs_pf_slot(ino) >= 0) {
		while (gfs_pf_slot(ino) >= 0)
			pthread_cond_wait(&gfs_pf.built, &gfs_pf.lock);
		pthread_mutex_unlock(&gfs_pf.lock);
		return 0;
	}
	slot = gfs_pf_slot(0);
	if (slot >= 0)
		gfs_pf.building[slot] = ino;  /* else built unannounced */
	pthread_mutex_unlock(&gfs_pf.lock);
	return 1;
}

/* The listing of ino is built (or failed): wake whoever waits for it. */
void gfs_build_done(uint64_t ino)
{
	int slot;

	pthread_mutex_lock(&gfs_pf.lock);
	slot = gfs_pf_slot(ino);
	if (slot >= 0) {
		gfs_pf.building[slot] = 0;
		pthread_cond_broadcast(&gfs_pf.built);
	}
	pthread_mutex_unlock(&gfs_pf.lock);
}

/*
** Queue folders inos[0..n) (store inodes) for building, inos[0] to be
** built first.  Nothing without the prefetcher (-s).
*/
void gfs_prefetch(const uint64_t *inos, size_t n)
{
	size_t i, drop;

	if (!gfs_pf.running || n == 0)
		return;
	if (n > GFS_PREFETCH_MAX)
		n = GFS_PREFETCH_MAX;
	pthread_mutex_lock(&gfs_pf.lock);
	if (gfs_pf.n + n > GFS_PREFETCH_MAX) {
		drop = gfs_pf.n + n - GFS_PREFETCH_MAX;
		memmove(gfs_pf.stack, gfs_pf.stack + drop,
		        (gfs_pf.n - drop) * sizeof gfs_pf.stack[0]);
		gfs_pf.n -= drop;
	}
	for (i = n; i-- > 0; )
		gfs_pf.stack[gfs_pf.n++] = inos[i];
	pthread_cond_signal(&gfs_pf.work);
	pthread_mutex_unlock(&gfs_pf.lock);
}

/* A request has the listing of folder ino: it is no longer ahead. */
void gfs_prefetch_taken(uint64_t ino)
{
	size_t i;

	if (!gfs_pf.running)
		return;
	pthread_mutex_lock(&gfs_pf.lock);
	for (i = 0; i < GFS_AHEAD && gfs_pf.n_ahead > 0; i++)
		if (gfs_pf.ahead[i] == ino) {
			gfs_count(GFS_N_AHEAD_TAKEN);
			gfs_pf.ahead[i] = 0;
			gfs_pf.n_ahead--;
			pthread_cond_signal(&gfs_pf.work);
			break;
		}
	pthread_mutex_unlock(&gfs_pf.lock);
}

/* Wait on the work condition for at most ms milliseconds: 1 if it timed
   out.  Under the lock. */
static int gfs_pf_wait(int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += (long)ms * 1000000L;
	t.tv_sec += t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return pthread_cond_timedwait(&gfs_pf.work, &gfs_pf.lock, &t) ==
	       ETIMEDOUT;
}

static void *gfs_prefetch_main(void *arg)
{
	uint64_t ino;
	size_t i;

	(void)arg;
	gfs_affinity_background();
	pthread_mutex_lock(&gfs_pf.lock);
	for (;;) {
		while (!gfs_pf.stop && gfs_pf.n == 0)
			pthread_cond_wait(&gfs_pf.work, &gfs_pf.lock);
		if (gfs_pf.stop)
			break;
		if (gfs_pf.n_ahead >= GFS_AHEAD) {
			if (gfs_pf_wait(GFS_AHEAD_MS) &&
			    gfs_pf.n_ahead >= GFS_AHEAD) {
				/* the reader is not following: stop */
				memset(gfs_pf.ahead, 0, sizeof gfs_pf.ahead);
				gfs_pf.n_ahead = 0;
				gfs_pf.n = 0;
			}
			continue;
		}
		ino = gfs_pf.stack[--gfs_pf.n];
		pthread_mutex_unlock(&gfs_pf.lock);
		if (gfs_pf.build(ino)) {
			gfs_count(GFS_N_PREFETCHED);
			pthread_mutex_lock(&gfs_pf.lock);
			for (i = 0; i < GFS_AHEAD; i++)
				if (gfs_pf.ahead[i] == 0) {
					gfs_pf.ahead[i] = ino;
					gfs_pf.n_ahead++;
					break;
				}
		} else {
			pthread_mutex_lock(&gfs_pf.lock);
		}
	}
	pthread_mutex_unlock(&gfs_pf.lock);
	gfs_store_release();
	return NULL;
}

/* Start the prefetcher with build, which makes ino's listing current in
   the listing cache: 0, or -errno. */
int gfs_prefetch_start(gfs_prefetch_fn *build)
{
	int rc;

	gfs_pf.build = build;
	gfs_pf.stop = 0;
	rc = pthread_create(&gfs_pf.thread, NULL, gfs_prefetch_main, NULL);
	if (rc)
		return -rc;
	gfs_pf.running = 1;
	return 0;
}

/* Stop it (its listing in progress is finished first). */
void gfs_prefetch_stop(void)
{
	if (!gfs_pf.running)
		return;
	pthread_mutex_lock(&gfs_pf.lock);
	gfs_pf.stop = 1;
	gfs_pf.n = 0;
	pthread_cond_signal(&gfs_pf.work);
	pthread_mutex_unlock(&gfs_pf.lock);
	pthread_join(gfs_pf.thread, NULL);
	gfs_pf.running = 0;
}
