/*
** fetch.c — HTTP GET for govctl sync with libcurl (see fetch.h).
*/
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "fetch.h"
#include "store.h"

struct fetch {
	CURL *curl;
	struct fetch_opts opts;
	struct fetch_stats stats;
	struct timespec last;          /* start of the last request */
	int sent;                      /* a request was sent */
	char ua[64];
	/* the attempt under way */
	struct fetch_resp *r;
	long retry_after;              /* s, or -1 */
	size_t max_bytes;              /* a larger body is aborted */
	int too_big;
	char curl_err[CURL_ERROR_SIZE];
};

static const struct fetch_opts fetch_defaults = { 1.0, 60, 3, 1.0, NULL };

/* ---- small helpers ------------------------------------------------------ */

static void fetch_errf(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fetch_errf(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!err || !n)
		return;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
}

/* Sleep for sec seconds (fractions too); nothing for sec <= 0. */
static void fetch_sleep(double sec)
{
	struct timespec ts;

	if (sec <= 0)
		return;
	ts.tv_sec = (time_t)sec;
	ts.tv_nsec = (long)((sec - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double fetch_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void fetch_digest(const void *p, size_t len, char out[40])
{
	const unsigned char *c = p;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= c[i];
		h *= 1099511628211ULL;
	}
	snprintf(out, 40, "fnv1a64:%016llx:%zu", (unsigned long long)h, len);
}

/* A copy of the header value v (n bytes), trimmed; NULL when empty. */
static char *fetch_hval(const char *v, size_t n)
{
	char *s;

	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (!n)
		return NULL;
	s = malloc(n + 1);
	if (s) {
		memcpy(s, v, n);
		s[n] = '\0';
	}
	return s;
}

/* ---- libcurl callbacks -------------------------------------------------- */

static size_t fetch_body_cb(char *p, size_t size, size_t n, void *ctx)
{
	fetch *f = ctx;
	size_t len = size * n;

	if (f->r->body.len + len > f->max_bytes) {
		f->too_big = 1;
		return 0;                 /* CURLE_WRITE_ERROR */
	}
	buf_add(&f->r->body, p, len);
	return buf_ok(&f->r->body) ? len : 0;
}

/* Each header line; a status line starts a new answer (after a redirect
   or a 100 Continue), which forgets the headers of the one before. */
static size_t fetch_header_cb(char *p, size_t size, size_t n, void *ctx)
{
	fetch *f = ctx;
	struct fetch_resp *r = f->r;
	size_t len = size * n, k;
	char **slot = NULL;
	const char *colon;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(r->etag);
		free(r->last_modified);
		free(r->content_type);
		r->etag = r->last_modified = r->content_type = NULL;
		f->retry_after = -1;
		return len;
	}
	colon = memchr(p, ':', len);
	if (!colon)
		return len;
	k = (size_t)(colon - p);
	if (k == 4 && strncasecmp(p, "etag", 4) == 0)
		slot = &r->etag;
	else if (k == 13 && strncasecmp(p, "last-modified", 13) == 0)
		slot = &r->last_modified;
	else if (k == 12 && strncasecmp(p, "content-type", 12) == 0)
		slot = &r->content_type;
	if (slot) {
		free(*slot);
		*slot = fetch_hval(colon + 1, len - k - 1);
	} else if (k == 11 && strncasecmp(p, "retry-after", 11) == 0) {
		char *v = fetch_hval(colon + 1, len - k - 1), *end;
		long sec;

		if (v) {
			sec = strtol(v, &end, 10);
			if (*end) {             /* an HTTP date */
				time_t t = curl_getdate(v, NULL);

				sec = t > 0 ? (long)(t - time(NULL)) : -1;
				if (t > 0 && sec < 0)
					sec = 0;
			}
			f->retry_after = sec;
			free(v);
		}
	}
	return len;
}

/* ---- opening ------------------------------------------------------------ */

int fetch_open(const struct fetch_opts *opts, fetch **out)
{
	fetch *f;
	static int inited;

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return -ENOMEM;
		inited = 1;
	}
	f = calloc(1, sizeof *f);
	if (!f)
		return -ENOMEM;
	f->opts = opts ? *opts : fetch_defaults;
	f->curl = curl_easy_init();
	if (!f->curl) {
		free(f);
		return -ENOMEM;
	}
	snprintf(f->ua, sizeof f->ua, "govfs/%s (govctl sync)", GOVFS_VERSION);
	*out = f;
	return 0;
}

void fetch_close(fetch *f)
{
	if (!f)
		return;
	curl_easy_cleanup(f->curl);
	free(f);
}

const struct fetch_stats *fetch_stats(const fetch *f)
{
	return &f->stats;
}

void fetch_resp_free(struct fetch_resp *r)
{
	buf_free(&r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->url);
	memset(r, 0, sizeof *r);
}

static const char *fetch_find(const char *hay, size_t n, const char *needle);

/* ---- one attempt -------------------------------------------------------- */

/* Set up the handle for url (it keeps its connections between calls). */
static int fetch_setup(fetch *f, const char *url, struct curl_slist *hdrs)
{
	CURL *c = f->curl;
	CURLcode e = CURLE_OK;

	curl_easy_reset(c);
#define SET(opt, v) do { if (e == CURLE_OK) e = curl_easy_setopt(c, opt, v); } while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_TIMEOUT, f->opts.timeout);
	SET(CURLOPT_CONNECTTIMEOUT, f->opts.timeout < 30 ? f->opts.timeout : 30L);
	SET(CURLOPT_USERAGENT, f->ua);
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_WRITEFUNCTION, fetch_body_cb);
	SET(CURLOPT_WRITEDATA, f);
	SET(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	SET(CURLOPT_HEADERDATA, f);
	SET(CURLOPT_ERRORBUFFER, f->curl_err);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	if (f->opts.cainfo)
		SET(CURLOPT_CAINFO, f->opts.cainfo);
	SET(CURLOPT_MAXCONNECTS, 1L);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_bytes);
#undef SET
	return e == CURLE_OK ? 0 : -EINVAL;
}

/* What went wrong in one attempt, and whether another may do better. */
struct fetch_fail {
	int rc;                        /* 0: none */
	int retry;                     /* worth another attempt */
	char what[320];
};

/* One request of url into r; fills *ff when it did not give an answer
   that can be used (a 2xx or a 304). */
static void fetch_once(fetch *f, const char *url, struct curl_slist *hdrs,
                       int conditional, struct fetch_resp *r,
                       struct fetch_fail *ff)
{
	CURLcode e;
	curl_off_t dl = 0;
	char *eff = NULL;
	double wait;

	memset(ff, 0, sizeof *ff);
	fetch_resp_free(r);
	f->r = r;
	f->retry_after = -1;
	f->too_big = 0;
	f->curl_err[0] = '\0';
	if (f->sent && (wait = f->opts.delay - fetch_since(&f->last)) > 0)
		fetch_sleep(wait);
	clock_gettime(CLOCK_MONOTONIC, &f->last);
	f->sent = 1;
	if (fetch_setup(f, url, hdrs) != 0) {
		ff->rc = -EINVAL;
		snprintf(ff->what, sizeof ff->what, "cannot set up the request");
		return;
	}
	f->stats.requests++;
	f->stats.conditional += conditional;
	e = curl_easy_perform(f->curl);
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &r->status);
	if (curl_easy_getinfo(f->curl, CURLINFO_SIZE_DOWNLOAD_T, &dl) ==
	    CURLE_OK)
		f->stats.bytes += (long long)dl;
	if (curl_easy_getinfo(f->curl, CURLINFO_EFFECTIVE_URL, &eff) ==
	    CURLE_OK && eff)
		r->url = strdup(eff);
	fetch_digest(r->body.data ? r->body.data : "", r->body.len, r->digest);
	switch (e) {
	case CURLE_OK:
		break;
	case CURLE_OPERATION_TIMEDOUT:
		ff->rc = -ETIMEDOUT;
		ff->retry = 1;
		snprintf(ff->what, sizeof ff->what, "timed out after %ld s "
		         "(%zu bytes came)", f->opts.timeout, r->body.len);
		return;
	case CURLE_RECV_ERROR: case CURLE_SEND_ERROR: case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE: case CURLE_COULDNT_CONNECT:
	case CURLE_HTTP2: case CURLE_HTTP2_STREAM:
		ff->rc = -ECONNRESET;
		ff->retry = 1;
		snprintf(ff->what, sizeof ff->what, "connection failed after "
		         "%zu bytes: %.200s", r->body.len,
		         f->curl_err[0] ? f->curl_err : curl_easy_strerror(e));
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		ff->rc = -EPERM;
		snprintf(ff->what, sizeof ff->what, "the server's certificate "
		         "is not trusted (%.150s); to trust it, give its CA's "
		         "certificate with --cacert FILE or $CURL_CA_BUNDLE",
		         f->curl_err[0] ? f->curl_err : curl_easy_strerror(e));
		return;
	case CURLE_TOO_MANY_REDIRECTS:
		ff->rc = -ELOOP;
		snprintf(ff->what, sizeof ff->what, "more than %d redirects "
		         "(a redirect loop?)", FETCH_MAX_REDIRS);
		return;
	case CURLE_FILESIZE_EXCEEDED:
		f->too_big = 1;
		/* fall through */
	case CURLE_WRITE_ERROR:
		ff->rc = f->too_big ? -EFBIG : -ENOMEM;
		if (f->too_big)
			snprintf(ff->what, sizeof ff->what, "larger than the "
			         "limit of %zu bytes (%.1f MiB): transfer "
			         "aborted", f->max_bytes,
			         (double)f->max_bytes / (1 << 20));
		else
			snprintf(ff->what, sizeof ff->what, "out of memory");
		return;
	default:
		ff->rc = -EIO;
		snprintf(ff->what, sizeof ff->what, "%.200s",
		         f->curl_err[0] ? f->curl_err : curl_easy_strerror(e));
		return;
	}
	if (r->status == 304) {
		f->stats.not_modified++;
		return;
	}
	if (r->status >= 200 && r->status < 300)
		return;
	ff->rc = -EPROTO;
	ff->retry = r->status >= 500 || r->status == 429 || r->status == 408;
	snprintf(ff->what, sizeof ff->what, "HTTP %ld%s", r->status,
	         r->status == 404 ? " (not found)" :
	         r->status == 403 ? " (forbidden)" :
	         r->status == 429 ? " (too many requests)" :
	         r->status >= 500 ? " (server error)" : "");
}

/* The request headers of q: Accept and the conditional ones.  NULL when
   out of memory; *conditional set. */
static struct curl_slist *fetch_headers(const struct fetch_req *q,
                                        int *conditional)
{
	struct curl_slist *hdrs = NULL, *h;
	struct buf line = { 0 };

	*conditional = 0;
	buf_printf(&line, "Accept: %s", q->accept ? q->accept : "*/*");
	hdrs = buf_ok(&line) ? curl_slist_append(NULL, line.data) : NULL;
	if (hdrs && q->etag && *q->etag) {
		buf_reset(&line);
		buf_printf(&line, "If-None-Match: %s", q->etag);
		h = buf_ok(&line) ? curl_slist_append(hdrs, line.data) : NULL;
		hdrs = h ? h : (curl_slist_free_all(hdrs), NULL);
		*conditional = 1;
	}
	if (hdrs && q->last_modified && *q->last_modified) {
		buf_reset(&line);
		buf_printf(&line, "If-Modified-Since: %s", q->last_modified);
		h = buf_ok(&line) ? curl_slist_append(hdrs, line.data) : NULL;
		hdrs = h ? h : (curl_slist_free_all(hdrs), NULL);
		*conditional = 1;
	}
	buf_free(&line);
	return hdrs;
}

int fetch_raw(fetch *f, const struct fetch_req *q, struct fetch_resp *r,
              char *err, size_t errlen)
{
	struct curl_slist *hdrs;
	struct fetch_fail ff;
	double backoff = f->opts.backoff;
	int attempt, conditional;

	assert(f && q && q->url && r);
	hdrs = fetch_headers(q, &conditional);
	if (!hdrs) {
		fetch_errf(err, errlen, "%s: out of memory", q->url);
		return -ENOMEM;
	}
	f->max_bytes = q->max_bytes ? q->max_bytes : FETCH_MAX_BYTES;
	for (attempt = 0;; attempt++) {
		fetch_once(f, q->url, hdrs, conditional, r, &ff);
		if (!ff.rc || !ff.retry || attempt >= f->opts.retries)
			break;
		if (f->retry_after > FETCH_RETRY_AFTER_MAX) {
			snprintf(ff.what + strlen(ff.what),
			         sizeof ff.what - strlen(ff.what),
			         "; Retry-After %ld s is too long",
			         f->retry_after);
			break;
		}
		fetch_sleep(f->retry_after > backoff ? (double)f->retry_after
		                                     : backoff);
		backoff *= 2;
	}
	curl_slist_free_all(hdrs);
	if (ff.rc) {
		if (attempt)
			fetch_errf(err, errlen, "%s: %s (%d attempts)", q->url,
			           ff.what, attempt + 1);
		else
			fetch_errf(err, errlen, "%s: %s", q->url, ff.what);
		return ff.rc;
	}
	if (r->status == 304)
		return FETCH_NOT_MODIFIED;
	if (r->url && fetch_find(r->url, strlen(r->url), "mgerror.aspx")) {
		fetch_errf(err, errlen, "%s: redirected to %s, ModernGov's "
		           "error page, not %s", q->url, r->url,
		           q->accept && strstr(q->accept, "xml") ?
		           "the web service's XML" : "the document");
		return -EPROTO;
	}
	return FETCH_OK;
}

int fetch_get(fetch *f, const char *url, const char *etag,
              const char *last_modified, struct fetch_resp *r,
              char *err, size_t errlen)
{
	struct fetch_req q = { url, etag, last_modified,
	                       "text/xml, application/xml", FETCH_MAX_BYTES };
	int rc = fetch_raw(f, &q, r, err, errlen);

	if (rc != FETCH_OK)
		return rc;
	if (fetch_check(url, r->body.data, r->body.len, r->content_type, err,
	                errlen) != 0)
		return -EPROTO;
	return FETCH_OK;
}

int fetch_doc(fetch *f, const char *url, const char *etag,
              const char *last_modified, size_t max_bytes,
              struct fetch_resp *r, char *err, size_t errlen)
{
	struct fetch_req q = { url, etag, last_modified,
	                       "application/pdf, */*;q=0.8", max_bytes };
	int rc = fetch_raw(f, &q, r, err, errlen);

	if (rc != FETCH_OK)
		return rc;
	if (fetch_check_doc(url, r->body.data, r->body.len, r->content_type,
	                    err, errlen) != 0)
		return -EPROTO;
	return FETCH_OK;
}

/* ---- what came back ---------------------------------------------------- */

/* A printable one-line excerpt of s (at most max chars) into out. */
static void fetch_excerpt(const char *s, size_t len, char *out, size_t max)
{
	size_t i, o = 0;
	int space = 0;

	for (i = 0; i < len && o + 2 < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c) || c < 0x20 || c == 0x7f) {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		out[o++] = c >= 0x80 ? '?' : (char)c;
	}
	out[o] = '\0';
}

/* Case-insensitive search for needle in the first n bytes of hay. */
static const char *fetch_find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (strncasecmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* The <title> of an HTML page, as an excerpt, or "". */
static void fetch_title(const char *s, size_t n, char *out, size_t max)
{
	const char *t = fetch_find(s, n, "<title"), *end, *close;

	out[0] = '\0';
	if (!t || !(end = memchr(t, '>', n - (size_t)(t - s))))
		return;
	end++;
	close = fetch_find(end, n - (size_t)(end - s), "</title");
	if (close)
		fetch_excerpt(end, (size_t)(close - end), out, max);
}

/*
** The name of the root element of an XML document (after the XML
** declaration, processing instructions, comments and white space) into
** name; returns a pointer past the start tag's name, or NULL.
*/
static const char *fetch_root(const char *p, const char *end, char *name,
                              size_t max)
{
	size_t n = 0;

	for (;;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			const char *c = fetch_find(p, (size_t)(end - p), "-->");

			if (!c)
				return NULL;
			p = c + 3;
		} else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			const char *c = fetch_find(p, (size_t)(end - p), "?>");

			if (!c)
				return NULL;
			p = c + 2;
		} else {
			break;
		}
	}
	if (p >= end || *p != '<')
		return NULL;
	for (p++; p < end && n + 1 < max && !isspace((unsigned char)*p) &&
	     *p != '>' && *p != '/'; p++)
		name[n++] = *p;
	name[n] = '\0';
	return n ? p : NULL;
}

int fetch_check(const char *url, const char *body, size_t len,
                const char *ctype, char *err, size_t errlen)
{
	const char *p = body, *end = body + len, *after;
	size_t head;
	char ex[96], title[96], root[64];

	if (!body)
		p = end = "";
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	len = (size_t)(end - p);
	head = len < 16384 ? len : 16384;
	fetch_excerpt(p, len, ex, 64);
	if (url && fetch_find(url, strlen(url), "mgerror.aspx")) {
		fetch_errf(err, errlen, "%s: redirected to ModernGov's error "
		           "page mgError.aspx, not the web service's XML", url);
		return -EPROTO;
	}
	if (len == 0) {
		fetch_errf(err, errlen, "%s: empty body where XML was "
		           "expected", url);
		return -EPROTO;
	}
	if (fetch_find(p, head, "sharepoint")) {
		fetch_title(p, head, title, 60);
		fetch_errf(err, errlen, "%s: a SharePoint error page (title "
		           "\"%s\"), not the web service's XML", url, title);
		return -EPROTO;
	}
	if (fetch_find(p, head, "<script") &&
	    (fetch_find(p, head, "window.location") ||
	     fetch_find(p, head, "location.href") ||
	     fetch_find(p, head, "location.replace"))) {
		fetch_errf(err, errlen, "%s: a JavaScript redirect stub (%zu "
		           "bytes: \"%s\"), not the web service's XML", url,
		           len, ex);
		return -EPROTO;
	}
	if (fetch_find(p, head, "<html") || fetch_find(p, head, "<!doctype")) {
		fetch_title(p, head, title, 60);
		fetch_errf(err, errlen, "%s: an HTML page (%zu bytes, title "
		           "\"%s\"%s%s), not the web service's XML", url, len,
		           title, ctype ? ", " : "", ctype ? ctype : "");
		return -EPROTO;
	}
	if (*p != '<') {
		if (len < 1024)
			fetch_errf(err, errlen, "%s: a %zu-byte answer that is "
			           "not XML (a firewall challenge?): \"%s\"",
			           url, len, ex);
		else
			fetch_errf(err, errlen, "%s: not XML (%zu bytes): "
			           "\"%s\"", url, len, ex);
		return -EPROTO;
	}
	after = fetch_root(p, end, root, sizeof root);
	if (!after) {
		fetch_errf(err, errlen, "%s: not XML, or cut off before its "
		           "root element (%zu bytes): \"%s\"", url, len, ex);
		return -EPROTO;
	}
	/* the root closes at the end: "</root>" or a start tag "<root/>" */
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	{
		const char *lt = end, *q;
		size_t rl = strlen(root);
		int closed = 0;

		while (lt > p && lt[-1] != '<')
			lt--;
		if (lt > p && end[-1] == '>') {
			q = lt;
			if (*q == '/' && (size_t)(end - q) > rl &&
			    memcmp(q + 1, root, rl) == 0) {
				for (q += 1 + rl; q < end - 1 &&
				     isspace((unsigned char)*q); q++)
					;
				closed = q == end - 1;
			} else if (lt - 1 == after - rl - 1 && end[-2] == '/') {
				closed = 1;       /* <root .../> alone */
			}
		}
		if (!closed) {
			fetch_errf(err, errlen, "%s: XML cut off before </%s> "
			           "(truncated: %zu bytes)", url, root, len);
			return -EPROTO;
		}
	}
	return 0;
}

int fetch_check_doc(const char *url, const char *body, size_t len,
                    const char *ctype, char *err, size_t errlen)
{
	const char *p = body ? body : "";
	size_t head = len < 1024 ? len : 1024, i;
	char title[96], ex[96];

	if (len == 0) {
		fetch_errf(err, errlen, "%s: empty body where a document was "
		           "expected", url);
		return -EPROTO;
	}
	for (i = 0; i + 5 <= head; i++)
		if (memcmp(p + i, "%PDF-", 5) == 0)
			return 0;          /* a PDF, whatever the type says */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, len -= 3;
	while (len && isspace((unsigned char)*p))
		p++, len--;
	head = len < 16384 ? len : 16384;
	if ((ctype && strncasecmp(ctype, "text/html", 9) == 0) ||
	    (len && *p == '<' && (fetch_find(p, head, "<html") ||
	                          fetch_find(p, head, "<!doctype") ||
	                          fetch_find(p, head, "<body") ||
	                          fetch_find(p, head, "<script")))) {
		fetch_title(p, head, title, 60);
		fetch_excerpt(p, len, ex, 64);
		fetch_errf(err, errlen, "%s: an HTML page (%zu bytes, %s \"%s\""
		           "%s%s) where a document was expected", url, len,
		           title[0] ? "title" : "starting", title[0] ? title : ex,
		           ctype ? ", " : "", ctype ? ctype : "");
		return -EPROTO;
	}
	return 0;
}
