/*
** fetch.h — HTTP GET for govctl sync, with libcurl: one easy handle (one
** connection per host, kept alive), TLS, redirects (at most
** FETCH_MAX_REDIRS), compression, a timeout, retries with backoff on 5xx,
** 429, timeouts and resets (Retry-After honoured), a delay between
** requests, conditional requests (If-None-Match, If-Modified-Since), the
** body's digest, and a check that the body is the XML the web service
** sends (fetch_get) or a document (fetch_doc) and not one of the pages
** servers send instead.  Both go through fetch_raw, bytes as they come
** under a size limit.
*/
#ifndef GOVFS_FETCH_H
#define GOVFS_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define FETCH_MAX_REDIRS   5
#define FETCH_MAX_BYTES    (64u << 20)  /* larger bodies are refused */
#define FETCH_DOC_MAX_BYTES (64u << 20) /* default limit of a document
                                           (govctl sync --max-document) */
#define FETCH_RETRY_AFTER_MAX 300       /* s: a longer Retry-After fails */

struct fetch_opts {
	double delay;          /* s between the starts of two requests (1) */
	long timeout;          /* s for one attempt, all of it (60) */
	int retries;           /* more attempts after a failed one (3) */
	double backoff;        /* s before the first retry, doubled after
	                          each (1) */
	const char *cainfo;    /* PEM file of the certificates trusted for
	                          https instead of the system's (NULL) */
};

struct fetch_stats {
	long requests;         /* HTTP requests sent (retries included) */
	long conditional;      /* of which conditional */
	long not_modified;     /* 304 answers */
	long long bytes;       /* body bytes received, as sent (compressed) */
};

/* One answer.  Strings are malloc'd (fetch_resp_free). */
struct fetch_resp {
	long status;           /* 200, 304, ... */
	struct buf body;       /* decoded body (NUL-terminated) */
	char *etag, *last_modified, *content_type;
	char *url;             /* where the last redirect led */
	char digest[40];       /* of the body: "fnv1a64:<hex>:<length>" */
};

typedef struct fetch fetch;

/* A fetcher with opts (NULL: the defaults).  0 or -ENOMEM; *out is freed
   with fetch_close. */
int fetch_open(const struct fetch_opts *opts, fetch **out);
void fetch_close(fetch *f);
const struct fetch_stats *fetch_stats(const fetch *f);

enum { FETCH_OK = 0, FETCH_NOT_MODIFIED = 1 };

/* One GET. */
struct fetch_req {
	const char *url;
	const char *etag, *last_modified;  /* conditional when either is
	                                      given (NULL or "": not) */
	const char *accept;                /* Accept header (NULL: any) */
	size_t max_bytes;                  /* a body larger is aborted
	                                      (0: FETCH_MAX_BYTES) */
};

/*
** GET q->url as bytes, whatever they are: with the fetcher's delay before
** it and its retries (5xx, 408, 429, timeouts, resets; Retry-After),
** following redirects.  A body over q->max_bytes (by Content-Length, or
** as it comes) aborts the transfer: -EFBIG, not retried.  Returns FETCH_OK
** (a 2xx, its body in r), FETCH_NOT_MODIFIED (a 304), or a negative errno
** as fetch_get's, with err naming the URL and what came back (a redirect
** to ModernGov's mgError.aspx is -EPROTO).  r is filled in every case and
** freed by the caller with fetch_resp_free.
*/
int fetch_raw(fetch *f, const struct fetch_req *q, struct fetch_resp *r,
              char *err, size_t errlen);

/*
** GET url, conditionally when etag or last_modified (either may be NULL)
** are given.  Returns FETCH_OK with a body that passed fetch_check,
** FETCH_NOT_MODIFIED (a 304: no body), or a negative errno with err set to
** one line naming the URL and what came back (-ETIMEDOUT, -ECONNRESET,
** -EPROTO for an HTTP error status or an answer that is not XML, -ELOOP
** for too many redirects, -EPERM for a TLS certificate not trusted,
** -EFBIG, -EIO).  r is filled in every case and
** freed by the caller with fetch_resp_free.
*/
int fetch_get(fetch *f, const char *url, const char *etag,
              const char *last_modified, struct fetch_resp *r,
              char *err, size_t errlen);
void fetch_resp_free(struct fetch_resp *r);

/*
** GET a supporting document at url (fetch_raw with max_bytes, 0:
** FETCH_DOC_MAX_BYTES) and check it with fetch_check_doc: as fetch_get,
** but any bytes but an HTML page will do.
*/
int fetch_doc(fetch *f, const char *url, const char *etag,
              const char *last_modified, size_t max_bytes,
              struct fetch_resp *r, char *err, size_t errlen);

/*
** Is body (len bytes from url, Content-Type ctype or NULL) a document
** rather than what a server sends instead?  0 (a PDF by its header,
** whatever ctype says, or any other bytes but HTML), or -EPROTO with err
** saying what it is: empty, or an HTML page (by ctype or its first tags:
** an error page, a login form, a JavaScript stub) with its title.
*/
int fetch_check_doc(const char *url, const char *body, size_t len,
                    const char *ctype, char *err, size_t errlen);

/*
** Is body (len bytes, as it came from url, its Content-Type ctype or NULL)
** a complete XML document?  0, or -EPROTO with err saying what it is
** instead: empty, an HTML or SharePoint error page, a JavaScript redirect
** stub, ModernGov's mgError.aspx, a short non-XML answer (a firewall
** challenge), other text, or XML cut off before its root element closes.
*/
int fetch_check(const char *url, const char *body, size_t len,
                const char *ctype, char *err, size_t errlen);

/* The digest of len bytes at p, as fetch_resp.digest. */
void fetch_digest(const void *p, size_t len, char out[40]);

#endif
