/*
** search.c — full-text search (FTS5) and the registry of queries seen
** under search/.  A query directory's id is a hash of its words, and the
** registry that maps ids back to words is shared by every handle in the
** process (govfs runs one handle per thread), behind a mutex.
*/
#include <pthread.h>

#include "store_int.h"

#define SEARCH_SLOTS 1024   /* queries remembered; older ones fall out */

static struct search_slot {
	int64_t id;
	char *words;
} search_reg[SEARCH_SLOTS];
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

/*
** Remember words as a query and return its id (> 0), or -ENOMEM.  Two
** different queries whose hashes collide: the newer one takes the slot.
*/
int64_t search_register(const char *words)
{
	int64_t id = search_hash(words);
	struct search_slot *sl = &search_reg[id % SEARCH_SLOTS];
	char *w;

	pthread_mutex_lock(&search_lock);
	if (sl->id == id && strcmp(sl->words, words) == 0)
		goto out;
	w = strdup(words);
	if (!w) {
		id = -ENOMEM;
		goto out;
	}
	free(sl->words);
	sl->words = w;
	sl->id = id;
out:
	pthread_mutex_unlock(&search_lock);
	return id;
}

/* The words of query qid, appended to out: 0, or -ENOENT if forgotten. */
int search_words(int64_t qid, struct buf *out)
{
	struct search_slot *sl = &search_reg[(uint64_t)qid % SEARCH_SLOTS];
	int rc = -ENOENT;

	pthread_mutex_lock(&search_lock);
	if (qid > 0 && sl->id == qid) {
		buf_puts(out, sl->words);
		rc = 0;
	}
	pthread_mutex_unlock(&search_lock);
	return rc;
}

/* Call fn for every remembered query (for invalidation). */
void search_each(void (*fn)(void *ctx, int64_t qid), void *ctx)
{
	int64_t ids[SEARCH_SLOTS];
	size_t i, n = 0;

	pthread_mutex_lock(&search_lock);
	for (i = 0; i < SEARCH_SLOTS; i++)
		if (search_reg[i].id)
			ids[n++] = search_reg[i].id;
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
