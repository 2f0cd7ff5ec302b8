/*
** affinity.c — the processor request threads run on.
**
** A reader that walks the tree (find, grep -r, ls -lR) sends one request
** at a time and sleeps until it is answered.  libfuse hands each request
** to whichever idle worker thread waited longest, on whatever processor
** it last ran: the wake-up crosses processors (an interrupt, ~60 us on a
** VM), the reply crosses back, and a cold pass of 100,000 requests spends
** seconds there.  So while requests come one at a time, every request
** thread runs on one processor, its home: the reader, woken by its
** replies, is drawn there too, and the wake-ups stay on one processor.
** The prefetcher (prefetch.c) keeps the whole machine and builds ahead on
** the others.
**
** As soon as two requests are in flight at once, several readers are at
** work and the threads may use every processor again, for as long as
** requests keep overlapping (GFS_AFF_PARALLEL_MS after the last overlap).
** A thread changes its own affinity, at the start of a request, only when
** the mode changed since its last request: one system call per change.
** With one processor allowed, or -s, nothing is done.
*/
#include <sched.h>
#include <stdint.h>
#include <time.h>

#include "govfs.h"

#define GFS_AFF_PARALLEL_MS 1000

static cpu_set_t gfs_aff_all;         /* the processors allowed at start */
static int gfs_aff_on;                /* more than one of them */
static int gfs_aff_home = -1;         /* the home processor, once chosen */
static unsigned gfs_aff_inflight;     /* requests being answered */
static int64_t gfs_aff_parallel_until; /* ms: use every processor until */
static __thread int gfs_aff_mine = -2; /* this thread's: a processor,
                                          -1 all, -2 never set */
static __thread int gfs_aff_background;
static __thread int gfs_aff_counted;  /* this thread's request counted */

static int64_t gfs_aff_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* At start, before the worker threads: read the processors allowed. */
void gfs_affinity_init(void)
{
	if (gfs.single || sched_getaffinity(0, sizeof gfs_aff_all,
	                                    &gfs_aff_all) != 0)
		return;
	gfs_aff_on = CPU_COUNT(&gfs_aff_all) > 1;
}

/* The calling thread is not a request thread (the prefetcher). */
void gfs_affinity_background(void)
{
	gfs_aff_background = 1;
}

/* Set this thread to processor cpu, or to all of them (-1). */
static void gfs_aff_set(int cpu)
{
	cpu_set_t one;

	if (cpu < 0) {
		pthread_setaffinity_np(pthread_self(), sizeof gfs_aff_all,
		                       &gfs_aff_all);
	} else {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		pthread_setaffinity_np(pthread_self(), sizeof one, &one);
	}
	gfs_aff_mine = cpu;
}

/*
** A request is answered: it no longer counts as in flight.  Called just
** before the reply (the reader sends its next request as soon as it has
** it, and a serial reader must not look like two) and again, harmlessly,
** when the request ends.
*/
void gfs_affinity_done(void)
{
	if (gfs_aff_counted) {
		gfs_aff_counted = 0;
		__atomic_sub_fetch(&gfs_aff_inflight, 1, __ATOMIC_RELAXED);
	}
}

/* A request begins on the calling thread: count it, and move the thread
   if the mode changed. */
void gfs_affinity_begin(void)
{
	int64_t now;
	unsigned n;
	int home, want, cpu;

	if (!gfs_aff_on || gfs_aff_background)
		return;
	gfs_affinity_done();
	gfs_aff_counted = 1;
	n = __atomic_add_fetch(&gfs_aff_inflight, 1, __ATOMIC_RELAXED);
	now = gfs_aff_now_ms();
	if (n >= 2)
		__atomic_store_n(&gfs_aff_parallel_until,
		                 now + GFS_AFF_PARALLEL_MS, __ATOMIC_RELAXED);
	if (now < __atomic_load_n(&gfs_aff_parallel_until, __ATOMIC_RELAXED)) {
		want = -1;
	} else {
		home = __atomic_load_n(&gfs_aff_home, __ATOMIC_RELAXED);
		if (home < 0) {
			cpu = sched_getcpu();
			if (cpu < 0 || !CPU_ISSET(cpu, &gfs_aff_all))
				return;
			home = cpu;
			__atomic_store_n(&gfs_aff_home, home,
			                 __ATOMIC_RELAXED);
		}
		want = home;
	}
	if (want != gfs_aff_mine)
		gfs_aff_set(want);
}
