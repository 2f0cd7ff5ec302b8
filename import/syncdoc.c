/*
** syncdoc.c — govctl sync --documents: download the supporting documents
** that a council's items link to, extract their text and keep them
** (see sync.h, sync_documents).
**
** Which URLs: store_docurl_due (never fetched, failed, or a file without
** text; and those with validators linked from a meeting of the last
** SYNC_RECHECK_DAYS).  Where a file is kept the request is conditional.  Each document is fetched
** by fetch_doc with the council's fetcher (its connection, delay and
** retries), its text extracted by pdf_extract in a bounded child before
** any write, then kept in one short transaction with its URL's record:
** a sync killed at any moment loses at most the document in flight.
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "document.h"
#include "fetch.h"
#include "pdf.h"
#include "store.h"
#include "sync.h"
#include "syncstate.h"
#include "write.h"

/* A URL to fetch, copied out of the walk (the walk is a read). */
struct sdoc {
	char *url, *digest, *etag, *modified;
	int tried;                     /* fetched (or skipped) before */
};

struct sdoc_list {
	struct sdoc *v;
	size_t n, cap;
	int oom;
};

/* What one sync_documents call works with. */
struct sdoc_run {
	store *s;
	fetch *f;
	const struct sync_opts *opt;
	struct sync_progress *prog;
	struct sync_summary *sum;
	char err[1024];
};

static void sdoc_list_free(struct sdoc_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].digest);
		free(l->v[i].etag);
		free(l->v[i].modified);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* store_docurl_due's callback: a copy of u at the end of the list.
   0, or -ENOMEM (stops the walk). */
static int sdoc_collect(void *ctx, const struct docurl_due *u)
{
	struct sdoc_list *l = ctx;
	struct sdoc *d;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		d = realloc(l->v, cap * sizeof *d);
		if (!d)
			return -ENOMEM;
		l->v = d;
		l->cap = cap;
	}
	d = &l->v[l->n++];
	d->url = strdup(u->url);
	d->digest = strdup(u->digest);
	d->etag = strdup(u->etag);
	d->modified = strdup(u->modified);
	d->tried = *u->state != '\0';
	if (!d->url || !d->digest || !d->etag || !d->modified)
		return -ENOMEM;
	return 0;
}

/* "YYYY-MM-DD" of SYNC_RECHECK_DAYS before today (today as
   store_sync_today says). */
static void sdoc_since(store *s, char out[11])
{
	char today[11];
	struct tm tm = { 0 };
	time_t t;

	store_sync_today(s, today);
	if (!strptime(today, "%Y-%m-%d", &tm)) {
		snprintf(out, 11, "0000-00-00");
		return;
	}
	t = timegm(&tm) - (time_t)SYNC_RECHECK_DAYS * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The reason to record from a fetch's message err (made one line in
   place): without the URL that starts it (the URL is the record's
   key). */
static const char *sdoc_reason(const char *url, char *err)
{
	size_t n = strlen(url);
	char *p;

	for (p = err; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (strncmp(err, url, n) == 0 && err[n] == ':' && err[n + 1] == ' ')
		return err + n + 2;
	return *err ? err : "unknown failure";
}

/* Record that d could not be had, why (reason), in its own
   transaction.  0 or -errno (reported). */
static int sdoc_record_failure(struct sdoc_run *r, const struct sdoc *d,
                               const char *reason)
{
	int rc = store_begin(r->s);

	if (rc == 0)
		rc = store_docurl_failed(r->s, d->url, reason);
	if (rc == 0)
		rc = store_commit(r->s);
	if (rc) {
		sync_tell(r->opt, "%s", store_errmsg(r->s));
		store_rollback(r->s);
	}
	return rc;
}

/* Keep what came from d's URL (resp's body, its text in pd) with the
   URL's record, in one transaction.  0 or -errno (reported). */
static int sdoc_keep(struct sdoc_run *r, const struct sdoc *d,
                     const struct fetch_resp *resp, const struct pdf_doc *pd)
{
	struct docfile_rec f = { 0 };
	int rc;

	f.digest = pd->digest;
	f.bytes = resp->body.data;
	f.size = resp->body.len;
	f.media_type = pd->media_type;
	f.ok = pd->ok;
	f.pages = pd->pages;
	f.text = pd->text;
	f.text_len = pd->text_len;
	f.reason = pd->reason;
	rc = store_begin(r->s);
	if (rc == 0)
		rc = store_docfile_put(r->s, &f);
	if (rc == 0)
		rc = store_docurl_ok(r->s, d->url, pd->digest, resp->etag,
		                     resp->last_modified);
	if (rc == 0)
		rc = store_commit(r->s);
	if (rc) {
		sync_tell(r->opt, "%s: %s (not kept)", d->url,
		            store_errmsg(r->s));
		store_rollback(r->s);
	}
	return rc;
}

/*
** Fetch, extract and keep document d.  Returns 1 (kept: new bytes), 0
** (unchanged), -1 (failed, recorded) or -2 (failed as a server that is
** down or overloaded fails: no answer, a 5xx, a 429).
*/
static int sdoc_one(struct sdoc_run *r, const struct sdoc *d)
{
	struct fetch_resp resp = { 0 };
	struct pdf_doc pd = { 0 };
	int cond = *d->digest != '\0', rc, out = -1;

	/* conditional when a file is kept, also one without text: the same
	   bytes would give the same failure; new ones are extracted */
	rc = fetch_doc(r->f, d->url, cond ? d->etag : NULL,
	               cond ? d->modified : NULL, r->opt->max_document, &resp,
	               r->err, sizeof r->err);
	if (rc < 0) {
		sync_tell(r->opt, "%s", r->err);
		r->sum->doc_failed++;
		sdoc_record_failure(r, d, sdoc_reason(d->url, r->err));
		if (rc == -ETIMEDOUT || rc == -ECONNRESET ||
		    resp.status >= 500 || resp.status == 429)
			out = -2;
		goto done;
	}
	if (rc == FETCH_NOT_MODIFIED) {
		rc = store_begin(r->s);
		if (rc == 0)
			rc = store_docurl_ok(r->s, d->url, NULL,
			                     resp.etag ? resp.etag : d->etag,
			                     resp.last_modified ?
			                     resp.last_modified : d->modified);
		if (rc == 0)
			rc = store_commit(r->s);
		if (rc) {
			sync_tell(r->opt, "%s", store_errmsg(r->s));
			store_rollback(r->s);
			r->sum->doc_failed++;
			goto done;
		}
		r->sum->doc_unchanged++;
		out = 0;
		goto done;
	}
	rc = pdf_extract(resp.body.data ? resp.body.data : "", resp.body.len,
	                 NULL, &pd);
	if (rc) {
		snprintf(r->err, sizeof r->err, "%s: its text could not be "
		         "extracted: %s", d->url, strerror(-rc));
		sync_tell(r->opt, "%s", r->err);
		r->sum->doc_failed++;
		sdoc_record_failure(r, d, sdoc_reason(d->url, r->err));
		goto done;
	}
	if (sdoc_keep(r, d, &resp, &pd) != 0) {
		r->sum->doc_failed++;
		goto done;
	}
	out = strcmp(d->digest, pd.digest) != 0;
	if (out)
		r->sum->doc_fetched++;
	else
		r->sum->doc_unchanged++;
	if (!pd.ok) {
		r->sum->doc_no_text++;
		sync_tell(r->opt, "warning: %s: kept, but no text extracted: %s",
		            d->url, pd.reason);
	}
done:
	pdf_doc_free(&pd);
	fetch_resp_free(&resp);
	return out;
}

int sync_host(const char *url, char *out, size_t max)
{
	const char *h = strstr(url, "://"), *e, *at;
	size_t n;

	out[0] = '\0';
	if (!h)
		return -EINVAL;
	h += 3;
	e = h + strcspn(h, "/?#\\");
	/* user[:password]@host: the host is after the last '@' */
	for (at = h; at < e; at++)
		if (*at == '@')
			h = at + 1;
	if (*h == '[') {
		h++;
		for (e = h; *e && *e != ']'; e++)
			;
	} else {
		for (at = h; at < e && *at != ':'; at++)
			;
		e = at;
	}
	n = (size_t)(e - h);
	if (!n || n >= max)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)h[i]);
	out[n] = '\0';
	while (n && out[n - 1] == '.')     /* "example.org." */
		out[--n] = '\0';
	return n ? 0 : -EINVAL;
}

/* Is host h domain d or under it ("a.d")? */
static int sdoc_under(const char *h, const char *d)
{
	size_t nh = strlen(h), nd = strlen(d);

	if (nd && d[0] == '.')
		d++, nd--;
	if (!nd)
		return 0;
	return (nh == nd && strcasecmp(h, d) == 0) ||
	       (nh > nd && h[nh - nd - 1] == '.' &&
	        strcasecmp(h + nh - nd, d) == 0);
}

int sync_host_allowed(const char *url, const char *base_url,
                      const char *const *hosts, int nhosts)
{
	char h[256], site[256];
	int i;

	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return 0;
	if (sync_host(url, h, sizeof h) != 0)
		return 0;
	if (base_url && sync_host(base_url, site, sizeof site) == 0 &&
	    sdoc_under(h, site))
		return 1;
	for (i = 0; i < nhosts; i++)
		if (strcmp(hosts[i], "*") == 0 || sdoc_under(h, hosts[i]))
			return 1;
	return 0;
}

/* Record that d is not fetched, being on another host than the site's;
   said on standard error the first time.  One whose file is kept (had
   when its host was allowed) keeps it, unrecorded.  0 or -errno
   (reported). */
static int sdoc_skip(struct sdoc_run *r, const struct sdoc *d,
                     const char *base_url)
{
	char h[256], site[256], reason[1000];

	if (sync_host(d->url, h, sizeof h) != 0)
		snprintf(h, sizeof h, "?");
	if (sync_host(base_url, site, sizeof site) != 0)
		snprintf(site, sizeof site, "?");
	snprintf(reason, sizeof reason, "not fetched: its host %s is not "
	         "the site's (%s); govctl sync --document-host %s fetches "
	         "it", h, site, h);
	r->sum->doc_skipped++;
	if (*d->digest)
		return 0;
	if (!d->tried)
		sync_tell(r->opt, "warning: %s: %s", d->url, reason);
	return sdoc_record_failure(r, d, reason);
}

int sync_documents(store *s, fetch *f, const char *council,
                   const char *base_url, const struct sync_opts *opt,
                   struct sync_progress *prog, struct sync_summary *sum)
{
	struct sdoc_run r = { s, f, opt, prog, sum, "" };
	struct sdoc_list l = { 0 };
	char since[11];
	size_t i;
	int rc, failed = sum->doc_failed, trouble = 0;

	sdoc_since(s, since);
	rc = store_docurl_due(s, council, since, sdoc_collect, &l);
	if (rc) {
		sync_tell(opt, "%s", rc == -ENOMEM ? "out of memory" :
		            store_errmsg(s));
		sum->doc_failed++;
		sdoc_list_free(&l);
		return 1;
	}
	prog->documents = (int)l.n;
	for (i = 0; i < l.n; i++) {
		prog->document = (int)i + 1;
		prog->net = fetch_stats(f);
		if (opt->progress)
			opt->progress(opt->ctx, prog);
		if (!sync_host_allowed(l.v[i].url, base_url, opt->doc_hosts,
		                       opt->ndoc_hosts)) {
			sdoc_skip(&r, &l.v[i], base_url);
			continue;
		}
		rc = sdoc_one(&r, &l.v[i]);
		trouble = rc == -2 ? trouble + 1 : 0;
		if (trouble >= SYNC_DOC_GIVE_UP && i + 1 < l.n) {
			sync_tell(opt, "%s: %d documents in a row could not be "
			            "had from the server; the other %zu of "
			            "council '%s' are left for the next sync",
			            l.v[i].url, trouble, l.n - i - 1, council);
			break;
		}
	}
	prog->document = prog->documents = 0;
	sdoc_list_free(&l);
	return sum->doc_failed > failed;
}
