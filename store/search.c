/*
** search.c — full-text search (FTS5) and the registry of queries seen
** under search/.  A query directory's id is a hash of its words, and the
** registry that maps ids back to words is shared by every handle in the
** process (govfs runs one handle per thread), behind a mutex.
*/
#include <pthread.h>

#include "store_int.h"

/*
** The registry maps a query's id back to its words for as long as the
** kernel may still hold the query's folder (govfs caches entries for a
** day).  Ids are chained, so two queries never share a place; only when
** SEARCH_MAX queries are remembered does the least recently used one go.
** (A single table of 1024 slots indexed by id, as before, dropped a query
** as soon as any other query's id fell in its slot: with a few dozen
** queries that happened, and the dropped query's folder then listed
** nothing.)
*/
#define SEARCH_MAX     4096   /* queries remembered */
#define SEARCH_BUCKETS 4096   /* power of two */

struct search_ent {
	int64_t id;
	uint64_t used;               /* search_tick when last used */
	struct search_ent *next;     /* bucket chain */
	char words[];
};

static struct search_ent *search_tab[SEARCH_BUCKETS];
static size_t search_count;
static uint64_t search_tick;
static pthread_mutex_t search_lock = PTHREAD_MUTEX_INITIALIZER;

/* FNV-1a, folded to 47 bits so the id fits a node id and is > 0. */
static int64_t search_hash(const char *w)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 1099511628211ULL;
	h &= 0x7fffffffffffULL;
	return h ? (int64_t)h : 1;
}

/* Where id is, or would go, in its chain.  Caller holds the lock. */
static struct search_ent **search_place(int64_t id)
{
	struct search_ent **pp = &search_tab[(uint64_t)id & (SEARCH_BUCKETS - 1)];

	while (*pp && (*pp)->id != id)
		pp = &(*pp)->next;
	return pp;
}

/* Forget the least recently used query.  Caller holds the lock. */
static void search_evict(void)
{
	struct search_ent **victim = NULL, **pp, *e;
	size_t b;

	for (b = 0; b < SEARCH_BUCKETS; b++)
		for (pp = &search_tab[b]; *pp; pp = &(*pp)->next)
			if (!victim || (*pp)->used < (*victim)->used)
				victim = pp;
	if (!victim)
		return;
	e = *victim;
	*victim = e->next;
	free(e);
	search_count--;
}

/*
** Remember words as a query and return its id (> 0), or -ENOMEM.  Two
** different queries with the same 47-bit hash: the newer one takes the id.
*/
int64_t search_register(const char *words)
{
	int64_t id = search_hash(words);
	struct search_ent **pp, *e;
	size_t len = strlen(words);

	pthread_mutex_lock(&search_lock);
	pp = search_place(id);
	if (*pp && strcmp((*pp)->words, words) == 0) {
		(*pp)->used = ++search_tick;
		goto out;
	}
	e = malloc(sizeof *e + len + 1);
	if (!e) {
		id = -ENOMEM;
		goto out;
	}
	e->id = id;
	e->used = ++search_tick;
	memcpy(e->words, words, len + 1);
	if (*pp) {                        /* a hash collision: replace */
		e->next = (*pp)->next;
		free(*pp);
		*pp = e;
		goto out;
	}
	if (search_count >= SEARCH_MAX) {
		search_evict();
		pp = search_place(id);
	}
	e->next = NULL;
	*pp = e;
	search_count++;
out:
	pthread_mutex_unlock(&search_lock);
	return id;
}

/* The words of query qid, appended to out: 0, or -ENOENT if forgotten. */
int search_words(int64_t qid, struct buf *out)
{
	struct search_ent *e;
	int rc = -ENOENT;

	if (qid <= 0)
		return rc;
	pthread_mutex_lock(&search_lock);
	e = *search_place(qid);
	if (e) {
		e->used = ++search_tick;
		buf_puts(out, e->words);
		rc = 0;
	}
	pthread_mutex_unlock(&search_lock);
	return rc;
}

/* Call fn for every remembered query (for invalidation). */
void search_each(void (*fn)(void *ctx, int64_t qid), void *ctx)
{
	int64_t ids[SEARCH_MAX];
	struct search_ent *e;
	size_t b, i, n = 0;

	pthread_mutex_lock(&search_lock);
	for (b = 0; b < SEARCH_BUCKETS; b++)
		for (e = search_tab[b]; e && n < SEARCH_MAX; e = e->next)
			ids[n++] = e->id;
	pthread_mutex_unlock(&search_lock);
	for (i = 0; i < n; i++)
		fn(ctx, ids[i]);
}

/*
** Turn free text into an FTS5 query: every word a quoted string (quotes
** doubled), joined by spaces (AND).  Words are runs of letters, digits
** and non-ASCII bytes; everything else separates them, so FTS5 syntax in
** the input is harmless.  Returns 0 with an empty out when there are no
** words.
*/
static void search_fts_query(const char *words, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)words;

	while (*p) {
		size_t n = 0;

		while (p[n] && (p[n] >= 0x80 || isalnum(p[n])))
			n++;
		if (n) {
			if (out->len)
				buf_putc(out, ' ');
			buf_putc(out, '"');
			buf_add(out, p, n);
			buf_putc(out, '"');
			p += n;
		} else {
			p++;
		}
	}
}

int store_search(store *s, const char *words, int limit,
                 store_item_fn fn, void *ctx)
{
	struct buf q = { 0 }, path = { 0 };
	struct { int64_t id; } *hits = NULL;
	size_t n = 0, i;
	sqlite3_stmt *st;
	int rc = 0;

	search_fts_query(words, &q);
	if (!buf_ok(&q))
		return -ENOMEM;
	if (q.len == 0)
		goto out;
	st = store_stmt(s, "SELECT rowid FROM item_fts WHERE item_fts MATCH ?"
	                   " ORDER BY bm25(item_fts, 10.0, 5.0, 1.0, 2.0), rowid"
	                   " LIMIT ?", "td", q.data, limit);
	if (!st) {
		rc = -EIO;
		goto out;
	}
	hits = calloc((size_t)(limit > 0 ? limit : 1), sizeof *hits);
	if (!hits) {
		rc = -ENOMEM;
		goto out;
	}
	while (n < (size_t)limit && (rc = store_step(s, st)) == SQLITE_ROW)
		hits[n++].id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		if (node_item_path(s, hits[i].id, &path) != 0)
			continue;
		if (fn(ctx, hits[i].id, path.data))
			break;
	}
out:
	store_idle(s);
	free(hits);
	buf_free(&q);
	buf_free(&path);
	return rc;
}
