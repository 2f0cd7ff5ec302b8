/*
** state.c — what every file of fs/ shares, at the bottom of the layers:
** the one filesystem's global state (struct gfs), the log, the request
** counts, the "database cannot be read" flag and each thread's store
** handle.  It calls nothing else in fs/; everything else may call it.
*/
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "govfs.h"

struct gfs gfs = {
	.gen = 1,                     /* 0 means "any" to the caches */
	.stop_lock = PTHREAD_MUTEX_INITIALIZER,
};

/* ---- logging ------------------------------------------------------------ */

static int gfs_syslog;   /* daemonized: log to syslog */
static FILE *gfs_logf;   /* -o log=FILE: log there instead */

/* Write one line of the given priority to where messages go. */
static void gfs_log_line(int prio, const char *msg)
{
	static const char *const level[] = {
		"emerg", "alert", "crit", "error", "warning", "notice", "info",
		"debug",
	};
	char when[32];
	struct tm tm;
	time_t t;

	if (gfs_logf) {
		t = time(NULL);
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		flockfile(gfs_logf);
		fprintf(gfs_logf, "%s govfs[%ld] %s: %s\n", when, (long)getpid(),
		        level[prio & 7], msg);
		fflush(gfs_logf);
		funlockfile(gfs_logf);
	} else if (gfs_syslog) {
		syslog(prio, "%s", msg);
	} else {
		fprintf(stderr, "govfs: %s\n", msg);
	}
}

/* Log one line: "govfs: ..." on stderr, to syslog once daemonized, or to
   the file of -o log=FILE. */
void gfs_log(int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (prio == LOG_DEBUG && !gfs.debug)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	gfs_log_line(prio, msg);
}

/*
** libfuse's messages, the same way.  libfuse may build one line from
** several calls, so text is gathered up to each newline; "fuse: x"
** becomes "govfs: x".
*/
static void gfs_fuse_log(enum fuse_log_level level, const char *fmt,
                         va_list ap)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char line[1024];
	static size_t len;
	char *nl, *p;

	if (level == FUSE_LOG_DEBUG && !gfs.debug)
		return;
	pthread_mutex_lock(&lock);
	vsnprintf(line + len, sizeof line - len, fmt, ap);
	len += strlen(line + len);
	while ((nl = memchr(line, '\n', len)) || len == sizeof line - 1) {
		if (nl)
			*nl = '\0';
		p = strncmp(line, "fuse: ", 6) == 0 ? line + 6 : line;
		gfs_log_line((int)level, p);
		if (!nl) {
			len = 0;
			break;
		}
		len -= (size_t)(nl + 1 - line);
		memmove(line, nl + 1, len);
		line[len] = '\0';
	}
	pthread_mutex_unlock(&lock);
}

/*
** Send messages (govfs's and libfuse's) to the file path, appended, if
** path is not NULL; else to standard error until gfs_log_syslog.  0, or
** -errno (nothing changed).
*/
int gfs_log_open(const char *path)
{
	if (path && !(gfs_logf = fopen(path, "ae")))
		return -errno;
	fuse_set_log_func(gfs_fuse_log);
	return 0;
}

/* Daemonized: messages go to syslog, unless they go to a file. */
void gfs_log_syslog(void)
{
	openlog("govfs", LOG_PID, LOG_DAEMON);
	gfs_syslog = 1;
}

/* At exit: close the log. */
void gfs_log_close(void)
{
	if (gfs_syslog)
		closelog();
	gfs_syslog = 0;
	if (gfs_logf)
		fclose(gfs_logf);
	gfs_logf = NULL;
}

/* ---- counts ------------------------------------------------------------- */

uint64_t gfs_counts[GFS_N_COUNT];

void gfs_counts_log(void)
{
	static const char *const name[GFS_N_COUNT] = {
		"lookup", "getattr", "readlink", "open", "read", "readdir",
		"forget", "statfs", "other", "pushed", "notified",
		"prefetched", "taken",
	};
	char line[512];
	size_t used = 0;
	int i;

	for (i = 0; i < GFS_N_COUNT && used < sizeof line; i++)
		used += (size_t)snprintf(line + used, sizeof line - used,
		                         " %s=%llu", name[i],
		                         (unsigned long long)__atomic_load_n(
		                                 &gfs_counts[i], __ATOMIC_RELAXED));
	gfs_log(LOG_INFO, "requests:%s", line);
}

/* ---- the database's trouble --------------------------------------------- */

/*
** The database cannot be read (removed, damaged, truncated): log msg (it
** names the file), but only the first time until the watcher finds it
** readable again (gfs_db_ok), so that a damaged database gives one log
** line, not one per request.
*/
static int gfs_db_failing;

void gfs_db_error(const char *msg)
{
	if (!__atomic_exchange_n(&gfs_db_failing, 1, __ATOMIC_ACQ_REL))
		gfs_log(LOG_ERR, "%s", msg);
}

void gfs_db_ok(void)
{
	__atomic_store_n(&gfs_db_failing, 0, __ATOMIC_RELEASE);
}

/* ---- per-thread store handles -------------------------------------------
**
** Each thread that answers requests has a connection of its own: a store
** handle, the epoch of the file it was opened on (govfs.h), and a lock
** held for the length of a request (gfs_store_enter .. _leave), so that
** the watcher can close it between two requests when the file is
** replaced (gfs_store_close_stale).  The connections are kept in a list
** for that.
*/
struct gfs_conn {
	pthread_mutex_t lock;         /* held during a request */
	store *s;                     /* NULL: open at the next request */
	uint64_t epoch;               /* of the file s was opened on */
	struct gfs_conn *next, *prev;
};

static pthread_mutex_t gfs_conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct gfs_conn *gfs_conns;
__thread uint64_t gfs_tls_epoch;

/* The thread-key destructor: a worker thread's connection. */
static void gfs_store_destroy(void *p)
{
	struct gfs_conn *c = p;

	pthread_mutex_lock(&gfs_conns_lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		gfs_conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&gfs_conns_lock);
	store_close(c->s);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Create the key of the threads' store handles: 0, or -errno. */
int gfs_state_init(void)
{
	int rc = pthread_key_create(&gfs.store_key, gfs_store_destroy);

	if (rc)
		return -rc;
	gfs.store_key_made = 1;
	return 0;
}

/*
** A handle opened ahead, on a thread of its own while the watcher starts,
** for the first request to take: a new handle loads the schema, and the
** first ls of a new mount would wait for that (store_load_schema).
*/
static struct {
	pthread_mutex_t lock;
	pthread_cond_t done;
	pthread_t thread;
	int started;                  /* the thread was started */
	int busy;                     /* it is opening */
	int pending;                  /* not taken yet (atomic) */
	store *s;
	uint64_t epoch;               /* gfs.epoch when it was opened */
} gfs_spare = { .lock = PTHREAD_MUTEX_INITIALIZER,
                .done = PTHREAD_COND_INITIALIZER };

static void *gfs_spare_main(void *arg)
{
	uint64_t epoch = __atomic_load_n(&gfs.epoch, __ATOMIC_ACQUIRE);
	char *msg = NULL;
	store *s = NULL;

	(void)arg;
	if (store_open(gfs.db, STORE_RDONLY, &s, &msg) == 0 &&
	    store_load_schema(s) != 0) {
		store_close(s);
		s = NULL;
	}
	free(msg);      /* (the request that finds none opens and says why) */
	pthread_mutex_lock(&gfs_spare.lock);
	gfs_spare.s = s;
	gfs_spare.epoch = epoch;
	gfs_spare.busy = 0;
	pthread_cond_broadcast(&gfs_spare.done);
	pthread_mutex_unlock(&gfs_spare.lock);
	return NULL;
}

void gfs_spare_start(void)
{
	assert(!gfs_spare.started);
	gfs_spare.busy = 1;
	__atomic_store_n(&gfs_spare.pending, 1, __ATOMIC_RELEASE);
	if (pthread_create(&gfs_spare.thread, NULL, gfs_spare_main, NULL) == 0) {
		gfs_spare.started = 1;
	} else {
		gfs_spare.busy = 0;
		__atomic_store_n(&gfs_spare.pending, 0, __ATOMIC_RELEASE);
	}
}

/* The handle opened ahead, if it is of epoch (waiting while it opens),
   once: the caller owns it.  NULL if none. */
static store *gfs_spare_take(uint64_t epoch)
{
	store *s;

	pthread_mutex_lock(&gfs_spare.lock);
	while (gfs_spare.busy)
		pthread_cond_wait(&gfs_spare.done, &gfs_spare.lock);
	s = gfs_spare.s;
	gfs_spare.s = NULL;
	__atomic_store_n(&gfs_spare.pending, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&gfs_spare.lock);
	if (s && gfs_spare.epoch != epoch) {
		store_close(s);
		s = NULL;
	}
	return s;
}

/* At exit, after the session: the main thread's handle, and the key. */
void gfs_state_fini(void)
{
	if (gfs_spare.started) {
		pthread_join(gfs_spare.thread, NULL);
		gfs_spare.started = 0;
		store_close(gfs_spare.s);
		gfs_spare.s = NULL;
	}
	if (!gfs.store_key_made)
		return;
	gfs_store_release();
	pthread_key_delete(gfs.store_key);
	gfs.store_key_made = 0;
}

/* The calling thread's connection, made and listed on first use, or
   NULL (out of memory). */
static struct gfs_conn *gfs_conn(void)
{
	struct gfs_conn *c = pthread_getspecific(gfs.store_key);

	if (c)
		return c;
	c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	if (pthread_setspecific(gfs.store_key, c) != 0) {
		pthread_mutex_destroy(&c->lock);
		free(c);
		return NULL;
	}
	pthread_mutex_lock(&gfs_conns_lock);
	c->next = gfs_conns;
	if (gfs_conns)
		gfs_conns->prev = c;
	gfs_conns = c;
	pthread_mutex_unlock(&gfs_conns_lock);
	return c;
}

store *gfs_store_enter(void)
{
	struct gfs_conn *c = gfs_conn();
	uint64_t epoch;
	char *msg = NULL;
	int rc;

	gfs_affinity_begin();
	if (!c)
		return NULL;
	pthread_mutex_lock(&c->lock);
	epoch = __atomic_load_n(&gfs.epoch, __ATOMIC_ACQUIRE);
	gfs_tls_epoch = epoch;
	if (c->s && c->epoch != epoch) {
		store_close(c->s);
		c->s = NULL;
	}
	__atomic_store_n(&c->epoch, epoch, __ATOMIC_RELEASE);
	if (!c->s && __atomic_load_n(&gfs_spare.pending, __ATOMIC_ACQUIRE))
		c->s = gfs_spare_take(epoch);
	if (!c->s) {
		rc = store_open(gfs.db, STORE_RDONLY, &c->s, &msg);
		if (rc) {
			gfs_db_error(msg ? msg : "cannot open the database");
			free(msg);
			c->s = NULL;
		}
	}
	return c->s;
}

const char *gfs_store_errmsg(void)
{
	struct gfs_conn *c = pthread_getspecific(gfs.store_key);

	return c && c->s ? store_errmsg(c->s) : NULL;
}

void gfs_store_leave(void)
{
	struct gfs_conn *c = pthread_getspecific(gfs.store_key);

	if (c)
		pthread_mutex_unlock(&c->lock);
	gfs_affinity_done();
}

void gfs_store_close_stale(void)
{
	uint64_t epoch = __atomic_load_n(&gfs.epoch, __ATOMIC_ACQUIRE);
	struct gfs_conn *c;

	pthread_mutex_lock(&gfs_conns_lock);
	for (c = gfs_conns; c; c = c->next) {
		/* a thread that began a request since has moved by itself
		   (and may be busy with the next: do not wait for it) */
		if (__atomic_load_n(&c->epoch, __ATOMIC_ACQUIRE) == epoch)
			continue;
		pthread_mutex_lock(&c->lock);
		if (c->s && c->epoch != epoch) {
			store_close(c->s);
			c->s = NULL;
		}
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&gfs_conns_lock);
}

/* Close the calling thread's connection now (the main thread, at exit). */
void gfs_store_release(void)
{
	struct gfs_conn *c = pthread_getspecific(gfs.store_key);

	if (c) {
		pthread_setspecific(gfs.store_key, NULL);
		gfs_store_destroy(c);
	}
}
