/*
** search.c — full-text search (FTS5, in bm25 order, the best n kept as the
** matches are read) and the registry of queries seen under search/.  A
** query directory's id is a hash of its words, and the registry that maps
** ids back to words is shared by every handle in the process (govfs runs
** one handle per thread), behind a mutex.
*/
#include <math.h>
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

/* ---- ranking -------------------------------------------------------------
**
** Results are ranked by FTS5's bm25() with column weights 10 (title),
** 5 (subtitle), 1 (minutes), 2 (decision), ties by item id: the order of
** "ORDER BY bm25(item_fts, 10.0, 5.0, 1.0, 2.0), rowid".  That query costs
** bm25() one look-up of the row's size in tokens (item_fts_docsize) for
** every matching row, and two common words match half of a generated
** corpus: 55,000 look-ups, 25 of its 38 ms at 100,000 items.
**
** search_rank() is the same function, computed the same way (so the same
** doubles), as an FTS5 auxiliary function that also keeps the best limit
** rows seen so far.  A row's score only falls as its size grows, and the
** row is at least as long as its matches reach in each column; a row whose
** score at that smallest possible size cannot beat the worst row kept is
** dropped without the look-up.  Every operation in the formula is
** monotonic in IEEE arithmetic, so the bound holds for the computed values
** too, and the rows kept are exactly the best limit ones.
*/
#define SEARCH_NCOL 4
static const double search_weight[SEARCH_NCOL] = { 10.0, 5.0, 1.0, 2.0 };

struct search_hit {
	double score;              /* bm25(): lower is better */
	int64_t id;
};

struct search_rank {
	struct search_hit *heap;   /* the best rows so far, worst on top */
	size_t n, cap, limit;
	int nphrase;               /* -1 until the first row */
	double avgdl;              /* average row size in tokens */
	double *idf;               /* per phrase */
	double *freq;              /* per phrase: this row's weighted hits */
};

/* Whether a ranks after b. */
static int search_after(const struct search_hit *a, const struct search_hit *b)
{
	return a->score > b->score || (a->score == b->score && a->id > b->id);
}

/* qsort order of hits: best first. */
static int search_hit_cmp(const void *a, const void *b)
{
	return search_after(a, b) ? 1 : search_after(b, a) ? -1 : 0;
}

/* Restore the heap property from slot i down (the worst row on top). */
static void search_heap_down(struct search_rank *r, size_t i)
{
	struct search_hit t;
	size_t c, w;

	for (;;) {
		w = i;
		c = 2 * i + 1;
		if (c < r->n && search_after(&r->heap[c], &r->heap[w]))
			w = c;
		if (c + 1 < r->n && search_after(&r->heap[c + 1], &r->heap[w]))
			w = c + 1;
		if (w == i)
			return;
		t = r->heap[i];
		r->heap[i] = r->heap[w];
		r->heap[w] = t;
		i = w;
	}
}

/* Keep h if it is among the best limit rows.  SQLITE_OK or SQLITE_NOMEM. */
static int search_keep(struct search_rank *r, const struct search_hit *h)
{
	struct search_hit *nh, t;
	size_t i, p;

	if (r->n == r->limit) {
		if (!search_after(&r->heap[0], h))
			return SQLITE_OK;
		r->heap[0] = *h;
		search_heap_down(r, 0);
		return SQLITE_OK;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 128;

		if (cap > r->limit)
			cap = r->limit;
		nh = realloc(r->heap, cap * sizeof *nh);
		if (!nh)
			return SQLITE_NOMEM;
		r->heap = nh;
		r->cap = cap;
	}
	i = r->n++;
	r->heap[i] = *h;
	while (i > 0) {
		p = (i - 1) / 2;
		if (!search_after(&r->heap[i], &r->heap[p]))
			break;
		t = r->heap[i];
		r->heap[i] = r->heap[p];
		r->heap[p] = t;
		i = p;
	}
	return SQLITE_OK;
}

/*
** xQueryPhrase callback: count the rows that hold a phrase, up to half of
** all rows (c[1]).  From there on the IDF is floored whatever the count,
** so the rest of the phrase's rows need not be read (SQLITE_DONE stops
** xQueryPhrase, which then returns SQLITE_OK).
*/
static int search_count_row(const Fts5ExtensionApi *api, Fts5Context *fts,
                            void *ctx)
{
	sqlite3_int64 *c = ctx;

	(void)api;
	(void)fts;
	return 2 * ++c[0] >= c[1] ? SQLITE_DONE : SQLITE_OK;
}

/*
** What bm25() works out once per query: the number of phrases, the
** average row size and each phrase's IDF (from the rows that hold it,
** counted by a query of its own).  SQLITE_OK or an SQLite error code.
*/
static int search_rank_start(struct search_rank *r,
                             const Fts5ExtensionApi *api, Fts5Context *fts)
{
	sqlite3_int64 nrow = 0, ntok = 0, c[2];
	int i, rc;

	r->nphrase = api->xPhraseCount(fts);
	r->idf = calloc((size_t)r->nphrase + 1, sizeof *r->idf);
	r->freq = calloc((size_t)r->nphrase + 1, sizeof *r->freq);
	if (!r->idf || !r->freq)
		return SQLITE_NOMEM;
	rc = api->xRowCount(fts, &nrow);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntok);
	if (rc != SQLITE_OK)
		return rc;
	r->avgdl = (double)ntok / (double)nrow;
	for (i = 0; i < r->nphrase; i++) {
		double idf;

		c[0] = 0;
		c[1] = nrow;
		rc = api->xQueryPhrase(fts, i, c, search_count_row);
		if (rc != SQLITE_OK)
			return rc;
		/* bm25's IDF, floored at 1e-6 for words in half the rows or
		   more (then nrow - c[0] <= c[0], the log <= 0) */
		idf = log((nrow - c[0] + 0.5) / (c[0] + 0.5));
		r->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	return SQLITE_OK;
}

/* bm25() of a row of size ntok tokens, from r->freq; as bm25() has it. */
static double search_bm25(const struct search_rank *r, double ntok)
{
	const double k1 = 1.2, b = 0.75;
	double score = 0.0;
	int i;

	for (i = 0; i < r->nphrase; i++)
		score += r->idf[i] * ((r->freq[i] * (k1 + 1.0)) /
		         (r->freq[i] + k1 * (1 - b + b * ntok / r->avgdl)));
	return -1.0 * score;
}

/*
** govfs_rank(item_fts, ?): the auxiliary function behind store_search.
** Its argument is the struct search_rank (bound as a pointer), which it
** fills; it returns NULL, so that in a WHERE clause it passes no row.
*/
static void search_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
                        sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct search_rank *r = nval == 1 ?
		sqlite3_value_pointer(val[0], "govfs_rank") : NULL;
	int reach[SEARCH_NCOL] = { 0 };
	struct search_hit h;
	int i, n = 0, ip, ic, io, end, ntok, rc = SQLITE_OK;

	if (!r) {
		sqlite3_result_error(ctx, "govfs_rank: no ranking", -1);
		return;
	}
	if (r->nphrase < 0 && (rc = search_rank_start(r, api, fts)))
		goto out;
	memset(r->freq, 0, (size_t)r->nphrase * sizeof *r->freq);
	rc = api->xInstCount(fts, &n);
	for (i = 0; rc == SQLITE_OK && i < n; i++) {
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc != SQLITE_OK)
			break;
		r->freq[ip] += ic < SEARCH_NCOL ? search_weight[ic] : 1.0;
		end = io + api->xPhraseSize(fts, ip);
		if (ic >= 0 && ic < SEARCH_NCOL && end > reach[ic])
			reach[ic] = end;
	}
	if (rc != SQLITE_OK)
		goto out;
	h.id = api->xRowid(fts);
	if (r->n == r->limit) {
		/* the best this row can score: at the least size it can have */
		h.score = search_bm25(r, (double)reach[0] + reach[1] + reach[2] +
		                         reach[3]);
		if (!search_after(&r->heap[0], &h))
			goto out;
	}
	rc = api->xColumnSize(fts, -1, &ntok);
	if (rc != SQLITE_OK)
		goto out;
	h.score = search_bm25(r, (double)ntok);
	rc = search_keep(r, &h);
out:
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_null(ctx);
}

/*
** Connections that have govfs_rank.  An entry goes when its connection
** closes (FTS5 then calls search_rank_gone), so a new connection at the
** same address is never taken for one that had it.
*/
struct search_conn {
	sqlite3 *db;
	struct search_conn *next;
};

static struct search_conn *search_conns;
static pthread_mutex_t search_conn_lock = PTHREAD_MUTEX_INITIALIZER;

static void search_rank_gone(void *p)
{
	struct search_conn **pp;

	pthread_mutex_lock(&search_conn_lock);
	for (pp = &search_conns; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = (*pp)->next;
			break;
		}
	pthread_mutex_unlock(&search_conn_lock);
	free(p);
}

/* Give s's connection govfs_rank if it has not got it.  0 or -errno. */
static int search_rank_setup(store *s)
{
	struct search_conn *c;
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc;

	pthread_mutex_lock(&search_conn_lock);
	for (c = search_conns; c && c->db != s->db; c = c->next)
		;
	pthread_mutex_unlock(&search_conn_lock);
	if (c)
		return 0;
	st = store_stmt(s, "SELECT fts5(?1)", NULL);
	if (!st)
		return -EIO;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (!api || api->iVersion < 2)
		return store_fail(s, -EIO, "%s: no FTS5", s->path);
	c = malloc(sizeof *c);
	if (!c)
		return -ENOMEM;
	c->db = s->db;
	rc = api->xCreateFunction(api, "govfs_rank", c, search_rank,
	                          search_rank_gone);
	if (rc != SQLITE_OK) {
		free(c);
		return store_fail(s, -EIO, "%s: govfs_rank: %s", s->path,
		                  sqlite3_errstr(rc));
	}
	pthread_mutex_lock(&search_conn_lock);
	c->next = search_conns;
	search_conns = c;
	pthread_mutex_unlock(&search_conn_lock);
	return 0;
}

/*
** The best limit items matching words, best first, into r (r->heap,
** r->n).  0 or -errno.
*/
static int search_run(store *s, const char *words, int limit,
                      struct search_rank *r)
{
	struct buf q = { 0 };
	sqlite3_stmt *st;
	int rc;

	r->limit = limit > 0 ? (size_t)limit : 0;
	r->nphrase = -1;
	search_fts_query(words, &q);
	if (!buf_ok(&q)) {
		rc = -ENOMEM;
		goto out;
	}
	rc = 0;
	if (q.len == 0 || r->limit == 0)
		goto out;
	rc = search_rank_setup(s);
	if (rc)
		goto out;
	/* govfs_rank is NULL for every row, so no row comes back: one step */
	st = store_stmt(s, "SELECT 1 FROM item_fts WHERE item_fts MATCH ?1"
	                   " AND govfs_rank(item_fts, ?2)", "t", q.data);
	if (!st) {
		rc = -EIO;
		goto out;
	}
	sqlite3_bind_pointer(st, 2, r, "govfs_rank", NULL);
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	if (rc < 0)
		goto out;
	rc = 0;
	if (r->n > 1)
		qsort(r->heap, r->n, sizeof *r->heap, search_hit_cmp);
out:
	buf_free(&q);
	return rc;
}

int store_search_hits(store *s, const char *words, int limit,
                      store_hit_fn fn, void *ctx)
{
	struct search_rank r = { 0 };
	struct search_hit_info h = { 0 };
	struct buf path = { 0 }, q = { 0 };
	int64_t *seen = NULL;
	size_t i;
	int rc, stop = 0;

	rc = search_run(s, words, limit, &r);
	for (i = 0; rc == 0 && i < r.n && !stop; i++) {
		buf_reset(&path);
		if (node_item_path(s, r.heap[i].id, &path) != 0)
			continue;
		h.item_id = r.heap[i].id;
		h.path = path.data;
		stop = fn(ctx, &h);
	}
	/* then items found by their documents' text alone */
	if (rc == 0 && !stop && limit > 0 && r.n < (size_t)limit) {
		seen = malloc((r.n + 1) * sizeof *seen);
		search_fts_query(words, &q);
		if (!seen || !buf_ok(&q))
			rc = -ENOMEM;
		for (i = 0; rc == 0 && i < r.n; i++)
			seen[i] = r.heap[i].id;
		if (rc == 0 && q.len)
			rc = doc_search(s, q.data, seen, r.n,
			                (size_t)limit - r.n, fn, ctx);
	}
	store_idle(s);
	free(seen);
	free(r.heap);
	free(r.idf);
	free(r.freq);
	buf_free(&path);
	buf_free(&q);
	return rc;
}

struct search_items { store_item_fn fn; void *ctx; };

static int search_items_hit(void *ctx, const struct search_hit_info *h)
{
	struct search_items *c = ctx;

	return c->fn(c->ctx, h->item_id, h->path);
}

int store_search(store *s, const char *words, int limit,
                 store_item_fn fn, void *ctx)
{
	struct search_items c = { fn, ctx };

	return store_search_hits(s, words, limit, search_items_hit, &c);
}
