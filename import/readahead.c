/*
** readahead.c — read and parse an import's files ahead of the writer (see
** readahead.h): each file whole (import_read_file), then told apart (XML,
** else a page of any family, text or HTML) and parsed, each item's digest
** taken, on reader threads feeding a bounded queue in the files' order.
*/
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "buf.h"
#include "html.h"
#include "moderngov.h"
#include "readahead.h"
#include "write.h"

#define PAGES_DEPTH 256             /* files read ahead, at most */
#define PAGES_BYTES (32u << 20)     /* bytes read ahead before pausing */
#define PAGES_THREADS 16
#define PAGES_TRASH 8               /* files given back: a reader frees them */

/*
** Read path ("-": standard input) whole, at most max bytes, into *out.
** 0, or a negative errno with *msg the message (NULL: out of memory).
** No shared state: the reader threads call it.
*/
int import_read_file(const char *path, size_t max, char **out, size_t *len,
                     char **msg)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct buf b = { 0 }, m = { 0 };
	char chunk[65536], ebuf[128];
	size_t n;
	int rc = 0;

	*msg = NULL;
	if (!f) {
		rc = -errno;
		buf_printf(&m, "%s: %s", path, strerror_r(-rc, ebuf, sizeof ebuf));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			buf_printf(&m, "%s: file too large (more than %zu bytes)",
			           path, max);
			rc = -EFBIG;
			goto out;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		buf_printf(&m, "%s: %s", path, strerror_r(errno, ebuf, sizeof ebuf));
		rc = -EIO;
		goto out;
	}
	if (!buf_ok(&b)) {
		rc = -ENOMEM;
		goto out;
	}
	*len = b.len;
	*out = buf_detach(&b);
	if (!*out)
		*out = strdup("");
	if (!*out)
		rc = -ENOMEM;
out:
	if (rc && rc != -ENOMEM)
		*msg = buf_detach(&m);
	buf_free(&m);
	buf_free(&b);
	if (f && f != stdin)
		fclose(f);
	return rc;
}

/* Free what readahead_next gave; *f is left empty. */
void import_file_free(struct import_file *f)
{
	if (f->page)
		page_free(f->page);
	free(f->page);
	mg_prepared_free(f->mg);
	free(f->xml);
	free(f->msg);
	memset(f, 0, sizeof *f);
}

/* Read and parse one file (url: its address, or NULL) into *f, touching
   nothing shared. */
static void pages_fill(const char *name, const char *url, struct import_file *f)
{
	char *text = NULL, *err = NULL;
	size_t len = 0;
	int rc;

	memset(f, 0, sizeof *f);
	f->name = name;
	rc = import_read_file(name, IMPORT_MAX_BYTES, &text, &len, &f->msg);
	if (rc) {
		f->kind = IMPORT_FILE_UNREADABLE;
		f->rc = rc;
		return;
	}
	f->len = len;
	if (mg_is_xml(text, len) && !html_is(text, len)) {
		f->kind = IMPORT_FILE_XML;
		f->xml = text;
		if (mg_prepare(text, len, name, &f->mg) == 0) {
			free(text);
			f->xml = NULL;
		}
		return;
	}
	f->kind = IMPORT_FILE_BAD;
	f->page = calloc(1, sizeof *f->page);
	if (f->page && page_parse(text, len, name, url, f->page, &err) == 0) {
		size_t i;

		f->kind = IMPORT_FILE_PAGE;
		/* (here, on the reader thread, not on the writer's) */
		for (i = 0; i < f->page->nitems; i++)
			store_page_digest(&f->page->items[i], f->page->items[i].digest);
	}
	else if (!f->page)
		err = strdup("out of memory");
	if (f->kind == IMPORT_FILE_BAD) {
		free(f->page);
		f->page = NULL;
		f->msg = err;
	}
	free(text);
}

/*
** The queue: file i, once read, waits in slot[i % PAGES_DEPTH] until the
** writer takes it.  Readers claim files in order (next) while fewer than
** PAGES_DEPTH wait past the writer's (taken) and those hold less than
** PAGES_BYTES.  A reader that stopped for room is woken when the queue is
** down to half of both, and the writer only when it waits: not a thread
** switch per file.
*/
struct pages_slot {
	struct import_file f;
	int ready;
};

struct readahead {
	const char *const *names;
	const char *url;
	int n;
	int nthreads;
	pthread_t threads[PAGES_THREADS];
	pthread_mutex_t mu;
	pthread_cond_t ready;          /* a slot was filled */
	pthread_cond_t room;           /* a slot was taken, or stop */
	int next;                      /* the next file to claim */
	int taken;                     /* files given to the writer */
	size_t bytes;                  /* bytes of files read, not taken */
	int idle;                      /* readers waiting for room */
	int writer_waits;              /* the writer waits for a file */
	int stop;
	struct import_file *trash;     /* given back (readahead_done), to be
	                                  freed by a reader */
	size_t ntrash, captrash;
	struct pages_slot slot[PAGES_DEPTH];
};

/* A reader thread: free the files given back, claim the next file while
   there is room and fill its slot, until the reader is closed. */
static void *pages_thread(void *arg)
{
	struct readahead *r = arg;
	struct import_file f;
	int i, claim;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (!r->stop && !r->ntrash && (r->next >= r->n ||
		       r->next >= r->taken + PAGES_DEPTH ||
		       r->bytes >= PAGES_BYTES)) {
			r->idle++;
			pthread_cond_wait(&r->room, &r->mu);
			r->idle--;
		}
		if (r->stop)
			break;
		claim = r->next < r->n && r->next < r->taken + PAGES_DEPTH &&
		        r->bytes < PAGES_BYTES;
		/* (a file the writer waits for before the trash) */
		if (r->ntrash && !(claim && r->writer_waits)) {
			f = r->trash[--r->ntrash];
			pthread_mutex_unlock(&r->mu);
			import_file_free(&f);
			pthread_mutex_lock(&r->mu);
			continue;
		}
		i = r->next++;
		pthread_mutex_unlock(&r->mu);
		pages_fill(r->names[i], r->url, &f);
		pthread_mutex_lock(&r->mu);
		r->slot[i % PAGES_DEPTH].f = f;
		r->slot[i % PAGES_DEPTH].ready = 1;
		r->bytes += f.len;
		if (r->writer_waits)
			pthread_cond_signal(&r->ready);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* The number of reader threads for jobs (see readahead_open). */
static int pages_threads(const char *const *names, int n, int jobs)
{
	int i;

	if (jobs < 0)
		jobs = n >= 2 && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
	if (jobs > PAGES_THREADS)
		jobs = PAGES_THREADS;
	/* Standard input is read once, in order: by one thread. */
	for (i = 0; jobs > 1 && i < n; i++)
		if (strcmp(names[i], "-") == 0)
			jobs = 1;
	return jobs;
}

/* Start reading names ahead on the threads jobs asks for (readahead.h).
   0, or -ENOMEM with *out NULL. */
int readahead_open(const char *const *names, int n, int jobs,
                   const char *url, struct readahead **out)
{
	struct readahead *r;
	int i, want;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (!r)
		return -ENOMEM;
	r->names = names;
	r->url = url;
	r->n = n;
	want = pages_threads(names, n, jobs);
	/* libxml2 set up once, before its parsers run on the threads */
	xmlInitParser();
	if (want > 0) {
		pthread_mutex_init(&r->mu, NULL);
		pthread_cond_init(&r->ready, NULL);
		pthread_cond_init(&r->room, NULL);
	}
	/* A thread that cannot start leaves its share to the others, or to
	   the caller's thread. */
	for (i = 0; i < want; i++)
		if (pthread_create(&r->threads[r->nthreads], NULL, pages_thread,
		                   r) == 0)
			r->nthreads++;
	if (want > 0 && r->nthreads == 0) {
		pthread_cond_destroy(&r->room);
		pthread_cond_destroy(&r->ready);
		pthread_mutex_destroy(&r->mu);
	}
	*out = r;
	return 0;
}

/* The next file in the order of names, waiting for its reader if need
   be.  0, or -ENOENT when all were given. */
int readahead_next(struct readahead *r, struct import_file *f)
{
	struct pages_slot *sl;

	if (r->taken >= r->n)
		return -ENOENT;
	if (r->nthreads == 0) {
		pages_fill(r->names[r->taken++], r->url, f);
		return 0;
	}
	sl = &r->slot[r->taken % PAGES_DEPTH];
	pthread_mutex_lock(&r->mu);
	while (!sl->ready) {
		r->writer_waits = 1;
		pthread_cond_wait(&r->ready, &r->mu);
		r->writer_waits = 0;
	}
	*f = sl->f;
	sl->ready = 0;
	r->bytes -= f->len;
	r->taken++;
	if (r->idle && r->next < r->n && r->next - r->taken <= PAGES_DEPTH / 2 &&
	    r->bytes <= PAGES_BYTES / 2)
		pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->mu);
	return 0;
}

/* Give back file f, taken with readahead_next: what it holds (an XML
   document's tree: many small blocks of the reader's) is freed on a
   reader thread, woken for a few files at a time, else here.  f is left
   empty. */
void readahead_done(struct readahead *r, struct import_file *f)
{
	struct import_file *t;
	size_t cap;

	if (r->nthreads == 0) {
		import_file_free(f);
		return;
	}
	pthread_mutex_lock(&r->mu);
	if (r->ntrash == r->captrash) {
		cap = r->captrash ? r->captrash * 2 : 2 * PAGES_TRASH;
		t = realloc(r->trash, cap * sizeof *t);
		if (!t) {
			pthread_mutex_unlock(&r->mu);
			import_file_free(f);
			return;
		}
		r->trash = t;
		r->captrash = cap;
	}
	r->trash[r->ntrash++] = *f;
	memset(f, 0, sizeof *f);
	if (r->idle && r->ntrash >= PAGES_TRASH)
		pthread_cond_signal(&r->room);
	pthread_mutex_unlock(&r->mu);
}

/* Stop the readers (each finishes the file it is on), join them and
   free the files not taken, and r.  r may be NULL. */
void readahead_close(struct readahead *r)
{
	int i;

	if (!r)
		return;
	if (r->nthreads > 0) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->room);
		pthread_mutex_unlock(&r->mu);
		for (i = 0; i < r->nthreads; i++)
			pthread_join(r->threads[i], NULL);
		for (i = 0; i < PAGES_DEPTH; i++)
			if (r->slot[i].ready)
				import_file_free(&r->slot[i].f);
		while (r->ntrash)
			import_file_free(&r->trash[--r->ntrash]);
		free(r->trash);
		pthread_cond_destroy(&r->room);
		pthread_cond_destroy(&r->ready);
		pthread_mutex_destroy(&r->mu);
	}
	free(r);
}
