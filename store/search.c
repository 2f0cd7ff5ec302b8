/*
** search.c — full-text search (FTS5, in bm25 order, the best n kept as the
** matches are read) and the registry of queries seen under search/.  A
** query directory's id is a hash of its words, and the registry that maps
** ids back to words is shared by every handle in the process (govfs runs
** one handle per thread), behind a mutex.
*/
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

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
	h &= (UINT64_C(1) << NODE_ID_BITS) - 1;
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

/*
** govfs_mark(item_fts, COL): the text of column COL of the row with every
** token of a match between \1 and \2 (stored text holds no control
** characters but tab and line breaks).  Linear in the text: FTS5's own
** highlight() appends by copying what it has built, and snippet() scores
** every match against every other, so both take minutes on a long text
** with a common word in it.
*/
struct mark_ctx {
	const char *text;
	struct buf out;
	int (*span)[2];            /* the matches in COL: first, last token */
	int n, next;               /* their count, the next one not passed */
	int tok;                   /* the token being read */
	int done;                  /* bytes of text copied to out */
	int open, close_at;        /* in a match, until token close_at */
};

/* qsort order of spans: by first token. */
static int mark_span_cmp(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* xTokenize callback: copy the text up to a matched token, and a match
   (its tokens and what is between them) between the marks. */
static int mark_token(void *ctx, int flags, const char *token, int ntoken,
                      int start, int end)
{
	struct mark_ctx *m = ctx;

	(void)token;
	(void)ntoken;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	for (; m->next < m->n && m->span[m->next][0] <= m->tok; m->next++) {
		if (!m->open && start >= m->done) {
			buf_add(&m->out, m->text + m->done,
			        (size_t)(start - m->done));
			buf_putc(&m->out, '\1');
			m->done = start;
			m->open = 1;
		}
		if (m->span[m->next][1] > m->close_at)
			m->close_at = m->span[m->next][1];
	}
	if (m->open) {
		buf_add(&m->out, m->text + m->done, (size_t)(end - m->done));
		m->done = end;
		if (m->tok >= m->close_at) {
			buf_putc(&m->out, '\2');
			m->open = 0;
		}
	}
	m->tok++;
	return buf_ok(&m->out) ? SQLITE_OK : SQLITE_NOMEM;
}

static void search_mark(const Fts5ExtensionApi *api, Fts5Context *fts,
                        sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct mark_ctx m = { 0 };
	int col, ninst = 0, len = 0, i, ip, ic, io, rc;

	if (nval != 1) {
		sqlite3_result_error(ctx, "govfs_mark: one column", -1);
		return;
	}
	col = sqlite3_value_int(val[0]);
	rc = api->xColumnText(fts, col, &m.text, &len);
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &ninst);
	if (rc == SQLITE_OK && ninst > 0 &&
	    !(m.span = malloc((size_t)ninst * sizeof *m.span)))
		rc = SQLITE_NOMEM;
	for (i = 0; rc == SQLITE_OK && i < ninst; i++) {
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc == SQLITE_OK && ic == col) {
			m.span[m.n][0] = io;
			m.span[m.n++][1] = io + api->xPhraseSize(fts, ip) - 1;
		}
	}
	if (m.n > 1)
		qsort(m.span, (size_t)m.n, sizeof *m.span, mark_span_cmp);
	if (rc == SQLITE_OK && m.text && len > 0)
		rc = api->xTokenize(fts, m.text, len, &m, mark_token);
	if (rc == SQLITE_OK && m.text) {
		if (m.open)
			buf_putc(&m.out, '\2');
		buf_add(&m.out, m.text + m.done, (size_t)(len - m.done));
		rc = buf_ok(&m.out) ? SQLITE_OK : SQLITE_NOMEM;
	}
	if (rc == SQLITE_OK && m.text)
		sqlite3_result_text(ctx, m.out.data ? m.out.data : "",
		                    (int)m.out.len, SQLITE_TRANSIENT);
	else if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	buf_free(&m.out);
	free(m.span);
}

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
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "govfs_mark", NULL,
		                          search_mark, NULL);
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

/* ---- snippets --------------------------------------------------------------
**
** The sentence of an item that matches best: govfs_mark() marks the
** words found (with \1 and \2, which stored text never holds) in each
** column, the text is cut into sentences (at a line break, or after . ? !
** and white space), and the sentence with the most different words found
** wins; among equals the first, minutes first, then decision, subtitle
** and title.  Linear in the text (FTS5's snippet() is quadratic in the
** number of matches: 7 s for a word found 20,000 times).
*/
#define SNIP_MARKS 16        /* different words counted in a sentence */
#define SNIP_WORDS 40        /* a longer sentence is cut around a match */

/* The different marked words in [p, end): at most SNIP_MARKS. */
static int snip_score(const char *p, const char *end)
{
	const char *seen[SNIP_MARKS];
	size_t len[SNIP_MARKS];
	int n = 0, j;

	while (p < end && (p = memchr(p, '\1', (size_t)(end - p)))) {
		const char *q;
		size_t l;

		p++;
		q = memchr(p, '\2', (size_t)(end - p));
		l = q ? (size_t)(q - p) : (size_t)(end - p);

		for (j = 0; j < n; j++)
			if (len[j] == l && strncasecmp(seen[j], p, l) == 0)
				break;
		if (j == n && n < SNIP_MARKS)
			seen[n] = p, len[n++] = l;
		p += l;
	}
	return n;
}

/* The best sentence of text into *best (score *bscore), if one beats it. */
static void snip_sentences(const char *text, struct buf *best, int *bscore)
{
	const char *start = text, *p;

	for (p = text; ; p++) {
		int end = *p == '\0' || *p == '\n' ||
		          (strchr(".?!", *p) && *p && (p[1] == ' ' ||
		           p[1] == '\n' || p[1] == '\t' || p[1] == '\0'));
		const char *stop = *p == '\n' || *p == '\0' ? p : p + 1;
		int sc;

		if (!end)
			continue;
		if ((sc = snip_score(start, stop)) > *bscore) {
			*bscore = sc;
			buf_reset(best);
			buf_add(best, start, (size_t)(stop - start));
		}
		if (!*p)
			break;
		start = p + 1;
	}
}

/* sentence (marked with \1 \2), its words one space apart, cut to
   SNIP_WORDS around its first mark, into out with the marks open, close. */
static void snip_format(const char *sentence, const char *open,
                        const char *close, struct buf *out)
{
	struct buf w = { 0 };
	size_t nw = 1, first = 0, from, to, i, k;
	char *p;

	buf_put_words(&w, sentence);
	if (!w.len || !buf_ok(&w))
		goto out;
	for (p = w.data; *p; p++) {
		if (*p == '\1' && !first)
			first = nw;
		nw += *p == ' ';
	}
	from = 1, to = nw;
	if (nw > SNIP_WORDS) {
		from = first > 8 ? first - 8 : 1;
		if (from + SNIP_WORDS - 1 > nw)
			from = nw - SNIP_WORDS + 1;
		to = from + SNIP_WORDS - 1;
	}
	if (from > 1)
		buf_puts(out, "\xE2\x80\xA6");
	for (i = 1, k = 0; k < w.len; k++) {
		char c = w.data[k];

		if (c == ' ' && ++i > to)
			break;
		if (i < from || (c == ' ' && i == from))
			continue;
		if (c == '\1')
			buf_puts(out, open);
		else if (c == '\2')
			buf_puts(out, close);
		else
			buf_putc(out, c);
	}
	/* a mark cut in two: close it */
	if (k < w.len) {
		char *o = memrchr(w.data, '\1', k), *c = memrchr(w.data, '\2', k);

		if (o && (!c || o > c))
			buf_puts(out, close);
	}
	if (to < nw)
		buf_puts(out, "\xE2\x80\xA6");
out:
	buf_free(&w);
}

int store_search_snippet(store *s, const char *words, int64_t id,
                         const char *open, const char *close,
                         struct buf *out)
{
	static const int cols[] = { 2, 3, 1, 0 };  /* minutes decision ... */
	struct buf q = { 0 }, best = { 0 };
	int rc = 0, score = 0;
	size_t i;

	search_fts_query(words, &q);
	if (!buf_ok(&q))
		rc = -ENOMEM;
	if (rc == 0 && q.len)
		rc = search_rank_setup(s);    /* govfs_mark too */
	for (i = 0; rc == 0 && q.len && i < sizeof cols / sizeof cols[0]; i++) {
		sqlite3_stmt *st = store_stmt(s, "SELECT govfs_mark(item_fts,"
		                              " ?1) FROM item_fts WHERE item_fts"
		                              " MATCH ?2 AND rowid = ?3", "dti",
		                              cols[i], q.data, id);

		if (!st) {
			rc = -EIO;
			break;
		}
		rc = store_step(s, st);
		if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
			snip_sentences((const char *)sqlite3_column_text(st, 0),
			               &best, &score);
		sqlite3_reset(st);
		rc = rc < 0 ? rc : 0;
	}
	if (rc == 0 && score == 0)
		rc = -ENOENT;
	if (rc == 0) {
		snip_format(best.data, open, close, out);
		rc = buf_ok(out) && buf_ok(&best) ? 0 : -ENOMEM;
	}
	buf_free(&q);
	buf_free(&best);
	return rc;
}
