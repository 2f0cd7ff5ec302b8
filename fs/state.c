/*
** state.c — what every file of fs/ shares, at the bottom of the layers:
** the one filesystem's global state (struct gfs), the log, the request
** counts, the "database cannot be read" flag and each thread's store
** handle.  It calls nothing else in fs/; everything else may call it.
*/
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

/* ---- per-thread store handles ------------------------------------------- */

/* The thread-key destructor: a worker thread's store handle. */
static void gfs_store_destroy(void *p)
{
	store_close(p);
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

/* At exit, after the session: the main thread's handle, and the key. */
void gfs_state_fini(void)
{
	if (!gfs.store_key_made)
		return;
	gfs_store_release();
	pthread_key_delete(gfs.store_key);
	gfs.store_key_made = 0;
}

/*
** The calling thread's store handle, opened read-only on first use and
** closed by the thread-key destructor.  NULL when the database cannot be
** opened (logged).
*/
store *gfs_store(void)
{
	store *s = pthread_getspecific(gfs.store_key);
	char *msg = NULL;
	int rc;

	if (s)
		return s;
	rc = store_open(gfs.db, STORE_RDONLY, &s, &msg);
	if (rc) {
		gfs_db_error(msg ? msg : "cannot open the database");
		free(msg);
		return NULL;
	}
	if (pthread_setspecific(gfs.store_key, s) != 0) {
		store_close(s);
		return NULL;
	}
	return s;
}

/* Close the calling thread's handle now (the main thread, at exit). */
void gfs_store_release(void)
{
	store *s = pthread_getspecific(gfs.store_key);

	if (s) {
		pthread_setspecific(gfs.store_key, NULL);
		store_close(s);
	}
}
