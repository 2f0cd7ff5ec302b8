/*
** sync.c — follow a council's ModernGov web service (see sync.h).
**
** Order of work for one council: GetCommittees; for each committee
** (those of --committee, else all), GetMeetings for each slice of months
** from --from to --to; for each meeting listed, GetMeeting unless it is
** done (see sync_meeting_due).  Every answer is asked for conditionally
** when the last one had an ETag or a Last-Modified; a 304, or a body
** with the digest of the last one, is not imported again.  Each answer
** is imported (mg_import) in its own transaction with its record
** (syncstate.c), so that what is in the database always matches what
** the records say was fetched.
*/
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "fetch.h"
#include "html.h"
#include "moderngov.h"
#include "store.h"
#include "sync.h"
#include "syncstate.h"
#include "write.h"

/* ---- URLs and names ----------------------------------------------------- */

int sync_base_url(const char *in, char **out, char *err, size_t errlen)
{
	struct buf b = { 0 };
	const char *p, *host, *hend, *path, *pend, *seg;
	size_t i;
	int https = 1;

	*out = NULL;
	while (isspace((unsigned char)*in))
		in++;
	p = in;
	if (strncasecmp(p, "https://", 8) == 0) {
		p += 8;
	} else if (strncasecmp(p, "http://", 7) == 0) {
		p += 7;
		https = 0;
	} else if (strstr(p, "://")) {
		snprintf(err, errlen, "%s: not an http or https URL", in);
		return -EINVAL;
	}
	host = p;
	hend = host + strcspn(host, "/?# \t\r\n");
	if (hend == host || memchr(host, '@', (size_t)(hend - host))) {
		snprintf(err, errlen, "%s: no host in the URL", in);
		return -EINVAL;
	}
	path = hend;
	pend = path + strcspn(path, "?# \t\r\n");
	buf_puts(&b, https ? "https://" : "http://");
	for (i = 0; host + i < hend; i++)
		buf_putc(&b, (char)tolower((unsigned char)host[i]));
	/* the path's segments, without empty ones and without the service
	   or a page (".../mgWebService.asmx/GetCommittees", "x.aspx") */
	for (seg = path; seg < pend;) {
		const char *e;
		size_t n;

		while (seg < pend && *seg == '/')
			seg++;
		e = seg;
		while (e < pend && *e != '/')
			e++;
		n = (size_t)(e - seg);
		if (!n)
			break;
		if ((n > 5 && strncasecmp(e - 5, ".asmx", 5) == 0) ||
		    (n > 5 && strncasecmp(e - 5, ".aspx", 5) == 0) ||
		    (n > 4 && strncasecmp(e - 4, ".htm", 4) == 0) ||
		    (n > 5 && strncasecmp(e - 5, ".html", 5) == 0))
			break;
		buf_putc(&b, '/');
		buf_add(&b, seg, n);
		seg = e;
	}
	buf_puts(&b, "/mgWebService.asmx");
	if (!buf_ok(&b)) {
		buf_free(&b);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	*out = buf_detach(&b);
	return 0;
}

char *sync_default_name(const char *base_url)
{
	static const char *const pre[] = {
		"www.", "democracy.", "democratic.", "moderngov.", "modgov.",
		"mg.", "committees.", "committee.", "councillors.",
		"meetings.", "decisions.", "minutes.", "services.", "online.",
		"cmis.", "democraticservices.", "council.", "intranet.",
	};
	const char *h = strstr(base_url, "://"), *e;
	char *name;
	size_t i, n;
	int again = 1;

	h = h ? h + 3 : base_url;
	e = h + strcspn(h, ":/");
	n = (size_t)(e - h);
	/* an address: the address itself */
	if (n && strspn(h, "0123456789.") >= n)
		return strndup(h, n);
	while (again) {
		again = 0;
		for (i = 0; i < sizeof pre / sizeof pre[0]; i++) {
			size_t k = strlen(pre[i]);

			if (n > k && strncmp(h, pre[i], k) == 0 &&
			    memchr(h + k, '.', n - k)) {
				h += k;
				n -= k;
				again = 1;
			}
		}
	}
	name = strndup(h, strcspn(h, ".:/") < n ? strcspn(h, ".:/") : n);
	return name;
}

/* ---- dates -------------------------------------------------------------- */

/* Days since the epoch of "YYYY-MM-DD"; -1 if it is none. */
static long sync_days(const char *iso)
{
	struct tm tm = { 0 };
	const char *end;

	if (!iso || !(end = strptime(iso, "%Y-%m-%d", &tm)) || *end)
		return -1;
	return (long)(timegm(&tm) / 86400);
}

/* "YYYY-MM-DD" (fmt "%Y-%m-%d") or "dd/mm/yyyy" of epoch day d. */
static void sync_fmt(long d, const char *fmt, char out[16])
{
	time_t t = (time_t)d * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, fmt, &tm);
}

/* Epoch day of the day before the same day m months after day d. */
static long sync_months_end(long d, int m)
{
	time_t t = (time_t)d * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_mon += m;
	return (long)(timegm(&tm) / 86400) - 1;
}

/* ---- the lists in the answers ------------------------------------------ */

struct sync_entry {
	char id[32];
	char title[256];               /* committees: the title */
	char date[11];                 /* meetings: YYYY-MM-DD, or "" */
};

struct sync_list {
	struct sync_entry *v;
	size_t n;
	int minutes;                   /* GetMeeting: minutepublished */
	char date[11];                 /* GetMeeting: meetingdate */
};

static void sync_list_free(struct sync_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* The first child element of n called name, or NULL. */
static xmlNode *sync_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* The trimmed text of n's child name into out (max bytes). */
static void sync_text(const xmlNode *n, const char *name, char *out,
                      size_t max)
{
	xmlNode *c = sync_child(n, name);
	xmlChar *t = c ? xmlNodeGetContent(c) : NULL;
	const char *p = (const char *)t;
	size_t len;

	out[0] = '\0';
	if (!p)
		return;
	while (isspace((unsigned char)*p))
		p++;
	len = strlen(p);
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	if (len >= max)
		len = max - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	xmlFree(t);
}

/* "dd/mm/yyyy" -> "yyyy-mm-dd" in place-sized out; "" if not one. */
static void sync_iso(const char *dmy, char out[11])
{
	int d, m, y;
	char tail;

	out[0] = '\0';
	if (sscanf(dmy, "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 &&
	    d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1000 && y <= 9999)
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int sync_add(struct sync_list *l, const struct sync_entry *e)
{
	struct sync_entry *v = realloc(l->v, (l->n + 1) * sizeof *v);

	if (!v)
		return -ENOMEM;
	l->v = v;
	v[l->n++] = *e;
	return 0;
}

/*
** What an answer (already imported, so well-formed) lists: committees'
** ids and titles, meetings' ids and dates, or a meeting's date and
** whether its minutes are published.  0, -EINVAL or -ENOMEM.
*/
static int sync_parse(const char *body, size_t len, struct sync_list *l)
{
	xmlDoc *doc;
	xmlNode *root, *c, *m;
	struct sync_entry e;
	char v[16];
	int rc = 0;

	memset(l, 0, sizeof *l);
	doc = xmlReadMemory(body, (int)len, NULL, NULL, XML_PARSE_NONET |
	                    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return -EINVAL;
	root = xmlDocGetRootElement(doc);
	if (root && strcmp((const char *)root->name, "committees") == 0) {
		for (c = root->children; c && rc == 0; c = c->next) {
			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "committee") != 0)
				continue;
			memset(&e, 0, sizeof e);
			sync_text(c, "committeeid", e.id, sizeof e.id);
			sync_text(c, "committeetitle", e.title, sizeof e.title);
			if (e.id[0])
				rc = sync_add(l, &e);
		}
	} else if (root && strcmp((const char *)root->name, "meeting") == 0) {
		sync_text(root, "minutepublished", v, sizeof v);
		l->minutes = strcasecmp(v, "true") == 0;
		sync_text(root, "meetingdate", v, sizeof v);
		sync_iso(v, l->date);
	} else if (root) {
		/* getmeetings: committee/committeemeetings/meeting */
		for (c = root->children; c && rc == 0; c = c->next) {
			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "committee") != 0)
				continue;
			m = sync_child(c, "committeemeetings");
			for (m = m ? m->children : NULL; m && rc == 0;
			     m = m->next) {
				if (m->type != XML_ELEMENT_NODE ||
				    strcmp((const char *)m->name, "meeting"))
					continue;
				memset(&e, 0, sizeof e);
				sync_text(m, "meetingid", e.id, sizeof e.id);
				sync_text(m, "meetingdate", v, sizeof v);
				sync_iso(v, e.date);
				if (e.id[0])
					rc = sync_add(l, &e);
			}
		}
	}
	xmlFreeDoc(doc);
	if (rc)
		sync_list_free(l);
	return rc;
}

/* ---- councillors ------------------------------------------------------- */

struct sync_run;
static int sync_councillors(struct sync_run *r, const char *body, size_t len,
                            const char *url);
static void sync_councillors_step(struct sync_run *r);

/* ---- one answer --------------------------------------------------------- */

struct sync_run {
	store *s;
	fetch *f;
	const struct sync_opts *opt;
	struct sync_summary *sum;
	struct sync_council c;
	struct sync_progress prog;
	char today[11];
	int optional;                  /* an answer the site may not offer
	                                  (GetCouncillorsByWard) */
	char err[1024];
};

/* opt->report of the message fmt, ... when there is one. */
static void sync_vtell(const struct sync_opts *opt, const char *fmt,
                       va_list ap)
{
	char msg[1200];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (opt->report)
		opt->report(opt->ctx, msg);
}

void sync_tell(const struct sync_opts *opt, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sync_vtell(opt, fmt, ap);
	va_end(ap);
}

static void sync_report(struct sync_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sync_report(struct sync_run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sync_vtell(r->opt, fmt, ap);
	va_end(ap);
}

static void sync_progress(struct sync_run *r)
{
	if (r->opt->progress) {
		r->prog.net = fetch_stats(r->f);
		r->opt->progress(r->opt->ctx, &r->prog);
	}
}

/* The end of a transaction of the sync's own records that did rc so far:
   committed, or (rc, or the commit, failed) rolled back, reported and
   counted as failed.  0 or -errno. */
static int sync_commit(struct sync_run *r, int rc)
{
	if (rc == 0)
		rc = store_commit(r->s);
	if (rc) {
		sync_report(r, "%s", store_errmsg(r->s));
		store_rollback(r->s);
		r->sum->failed++;
	}
	return rc;
}

/*
** Fetch one answer (kind, ref) at url and, when it is new, import it with
** its record in one transaction.  keep: the body is kept (lists), and
** *body gets it (new, or the one kept when the answer is unchanged;
** malloc'd, NULL if none).  Returns 1 imported, 0 unchanged, or -1
** failed (reported; nothing of it imported).  With r->optional, an
** answer that says the site does not offer it (an HTTP error status, what
** is not its XML, an answer the importer refuses) is -2 instead, neither
** reported nor counted, with r->err saying what came back.
*/
static int sync_answer(struct sync_run *r, const char *kind, const char *ref,
                       const char *url, int keep, char **body, size_t *blen)
{
	struct sync_doc old, rec = { 0 };
	struct fetch_resp resp = { 0 };
	struct mg_options mo = { 0 };
	struct mg_result res;
	struct sync_list info = { 0 };
	int rc, out = -1;

	if (body)
		*body = NULL;
	if (store_sync_get(r->s, r->c.id, kind, ref, &old) != 0) {
		sync_report(r, "%s", store_errmsg(r->s));
		r->sum->failed++;
		return -1;
	}
	rc = fetch_get(r->f, url, old.digest ? old.etag : NULL,
	               old.digest ? old.last_modified : NULL, &resp, r->err,
	               sizeof r->err);
	if (rc == -EPROTO && r->optional) {
		out = -2;
		goto done;
	}
	if (rc < 0) {
		sync_report(r, "%s", r->err);
		r->sum->failed++;
		goto done;
	}
	if (rc == FETCH_NOT_MODIFIED ||
	    (old.digest && strcmp(old.digest, resp.digest) == 0)) {
		/* unchanged: nothing to import; new validators are kept */
		if (rc == FETCH_OK && ((resp.etag && (!old.etag ||
		     strcmp(resp.etag, old.etag))) || (resp.last_modified &&
		     (!old.last_modified ||
		      strcmp(resp.last_modified, old.last_modified))))) {
			rec = old;
			rec.url = url;
			rec.etag = resp.etag;
			rec.last_modified = resp.last_modified;
			if (store_sync_put(r->s, r->c.id, kind, ref, &rec))
				sync_report(r, "%s", store_errmsg(r->s));
		}
		r->sum->unchanged++;
		if (keep && body && old.body) {
			*body = old.body;
			*blen = old.body_len;
			old.body = NULL;
		}
		out = 0;
		goto done;
	}
	if (strcmp(kind, SYNC_MEETING) == 0 &&
	    sync_parse(resp.body.data, resp.body.len, &info) != 0)
		memset(&info, 0, sizeof info);
	mo.council = r->c.name;
	r->err[0] = '\0';
	rc = store_begin(r->s);
	if (rc == 0 && strcmp(kind, SYNC_COUNCILLORS) == 0)
		rc = sync_councillors(r, resp.body.data, resp.body.len, url);
	else if (rc == 0)
		rc = mg_import(r->s, resp.body.data, resp.body.len, url, &mo,
		               &res);
	if (rc == 0) {
		rec.url = url;
		rec.etag = resp.etag;
		rec.last_modified = resp.last_modified;
		rec.digest = resp.digest;
		rec.minutes = -1;
		if (strcmp(kind, SYNC_MEETING) == 0) {
			rec.minutes = info.minutes;
			rec.meeting_date = info.date[0] ? info.date : NULL;
		}
		rec.body = keep ? resp.body.data : NULL;
		rc = store_sync_put(r->s, r->c.id, kind, ref, &rec);
	}
	if (rc == 0)
		rc = store_commit(r->s);
	if (rc == -EINVAL && r->optional && r->err[0]) {
		store_rollback(r->s);
		out = -2;
		goto done;
	}
	if (rc) {
		sync_report(r, "%s (nothing of it imported)",
		            r->err[0] ? r->err : store_errmsg(r->s));
		store_rollback(r->s);
		r->sum->failed++;
		goto done;
	}
	r->sum->fetched++;
	r->sum->meetings += strcmp(kind, SYNC_MEETING) == 0;
	if (keep && body) {
		*blen = resp.body.len;
		*body = buf_detach(&resp.body);
	}
	out = 1;
done:
	sync_list_free(&info);
	store_sync_doc_free(&old);
	fetch_resp_free(&resp);
	return out;
}

/* ModernGov text (HTML, entity-encoded or not) as one clean line into
   out; "" when none. */
static void sync_clean(const xmlNode *n, const char *name, char *out,
                       size_t max)
{
	char raw[1024], *t = NULL, *p;

	sync_text(n, name, raw, sizeof raw);
	out[0] = '\0';
	if (!raw[0] || html_fragment_text(raw, strlen(raw), &t) != 0 || !t)
		return;
	for (p = t; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	snprintf(out, max, "%s", t);
	free(t);
}

/*
** Import a GetCouncillorsByWard answer (root councillorsbyward: wards,
** each with its title and councillors): each councillor (fullusername) a
** person with their party (politicalpartytitle), their ward and, when
** they have any, their key posts as their role.  Inside the caller's
** transaction.  0, or -EINVAL with r->err set (not that XML, a DOCTYPE,
** a councillor with no name, no councillor at all), or a store error.
*/
static int sync_councillors(struct sync_run *r, const char *body, size_t len,
                            const char *url)
{
	xmlDoc *doc;
	xmlNode *root, *w, *c;
	char ward[256], name[256], party[256], posts[512];
	int64_t id;
	int rc = 0, n = 0, nwards = 0;

	doc = xmlReadMemory(body, (int)len, NULL, NULL, XML_PARSE_NONET |
	                    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!doc || doc->intSubset || !root ||
	    strcmp((const char *)root->name, "councillorsbyward") != 0) {
		snprintf(r->err, sizeof r->err, "%s: not a GetCouncillorsByWard "
		         "answer (%s)", url, !doc ? "malformed XML" :
		         doc->intSubset ? "a DOCTYPE" : "another root element");
		xmlFreeDoc(doc);
		return -EINVAL;
	}
	w = sync_child(root, "wards");
	for (w = w ? w->children : NULL; w && rc == 0; w = w->next) {
		if (w->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)w->name, "ward") != 0)
			continue;
		sync_clean(w, "wardtitle", ward, sizeof ward);
		nwards++;
		c = sync_child(w, "councillors");
		for (c = c ? c->children : NULL; c && rc == 0; c = c->next) {
			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "councillor") != 0)
				continue;
			sync_clean(c, "fullusername", name, sizeof name);
			sync_clean(c, "politicalpartytitle", party,
			           sizeof party);
			sync_clean(c, "keyposts", posts, sizeof posts);
			if (!name[0]) {
				snprintf(r->err, sizeof r->err, "%s:%ld: a "
				         "councillor with no name", url,
				         (long)xmlGetLineNo(c));
				rc = -EINVAL;
				break;
			}
			rc = store_person_councillor(r->s, name,
			                             party[0] ? party : NULL,
			                             ward[0] ? ward : NULL,
			                             posts, &id);
			n++;
		}
	}
	xmlFreeDoc(doc);
	if (rc == 0 && n == 0) {
		snprintf(r->err, sizeof r->err, "%s: a GetCouncillorsByWard "
		         "answer with no councillor (%d ward%s)", url, nwards,
		         nwards == 1 ? "" : "s");
		rc = -EINVAL;
	}
	return rc;
}

/*
** GetCouncillorsByWard, which many sites do not offer: they answer with
** an error status, an error page or a redirect to mgError.aspx, or list
** no councillor.  Such an answer is no failure of the sync: it is
** recorded (sync_doc: digest SYNC_NOT_OFFERED, the answer's description
** as body), said once as a warning, and the call is not made again
** until SYNC_COUNCILLORS_RETRY_DAYS later (then quietly while it is
** still not offered).  An answer that never came (a timeout, a reset) is
** a failure as any other.
*/
static void sync_councillors_step(struct sync_run *r)
{
	struct sync_doc d, rec = { 0 };
	char url[1024];
	const char *why;
	int64_t now = store_sync_now_ms(r->s);
	size_t n;
	int was = 0, rc;

	snprintf(url, sizeof url, "%s/GetCouncillorsByWard", r->c.base_url);
	if (store_sync_get(r->s, r->c.id, SYNC_COUNCILLORS, "", &d) == 0 &&
	    d.found && d.digest && strcmp(d.digest, SYNC_NOT_OFFERED) == 0) {
		was = 1;
		if (now - d.fetched <
		    (int64_t)SYNC_COUNCILLORS_RETRY_DAYS * 86400000) {
			store_sync_doc_free(&d);
			return;
		}
	}
	store_sync_doc_free(&d);
	r->optional = 1;
	rc = sync_answer(r, SYNC_COUNCILLORS, "", url, 0, NULL, NULL);
	r->optional = 0;
	sync_progress(r);
	if (rc != -2)
		return;
	/* what came back, without the URL that starts the message */
	why = r->err;
	n = strlen(url);
	if (strncmp(why, url, n) == 0 && why[n] == ':' && why[n + 1] == ' ')
		why += n + 2;
	rec.url = url;
	rec.digest = SYNC_NOT_OFFERED;
	rec.minutes = -1;
	rec.body = (char *)why;
	rc = store_begin(r->s);
	if (rc == 0)
		rc = store_sync_put(r->s, r->c.id, SYNC_COUNCILLORS, "", &rec);
	if (sync_commit(r, rc))
		return;
	if (!was)
		sync_report(r, "warning: %s: the site does not offer its "
		            "councillors (%s): none imported; the rest of the "
		            "sync goes on, and they are asked for again in %d "
		            "days", url, why, SYNC_COUNCILLORS_RETRY_DAYS);
}

/* ---- meetings ----------------------------------------------------------- */

/*
** Is meeting e (listed with its date) to be asked for?  One never had;
** one today or ahead (its agenda may change); a past one whose minutes
** were not published, until SYNC_RECHECK_DAYS after it.  Not a past one
** with its minutes.
*/
static int sync_meeting_due(struct sync_run *r, const struct sync_entry *e)
{
	struct sync_doc d;
	long day = sync_days(e->date), today = sync_days(r->today);
	int due;

	if (store_sync_get(r->s, r->c.id, SYNC_MEETING, e->id, &d) != 0)
		return 1;
	if (!d.found || !d.digest)
		due = 1;
	else if (day < 0 || day >= today)
		due = 1;
	else if (d.minutes == 1)
		due = 0;
	else
		due = today - day <= SYNC_RECHECK_DAYS;
	store_sync_doc_free(&d);
	return due;
}

/* store_sync_withdrawn's callback: say it. */
struct sync_gone {
	struct sync_run *r;
	const char *url;
};

static void sync_gone_tell(void *ctx, const struct sync_withdrawn *w)
{
	struct sync_gone *g = ctx;

	sync_report(g->r, "warning: %s no longer lists meeting %s of %s: "
	            "kept, marked withdrawn from the site on %s (%s)", g->url,
	            w->id, w->date, g->r->today, w->path);
}

/*
** After every slice of committee cm's meetings from day from to day to
** was had (listing all), the meetings it no longer lists are marked
** withdrawn (store_sync_withdrawn), each said once, and those listed
** again lose the mark; in one transaction.
*/
static void sync_withdrawn(struct sync_run *r, const struct sync_entry *cm,
                           const struct sync_list *all, long from, long to)
{
	struct sync_gone g = { r, NULL };
	const char **ids = malloc((all->n + 1) * sizeof *ids);
	char url[1024], d1[16], d2[16];
	size_t i;
	int rc, marked = 0;

	if (!ids) {
		sync_report(r, "out of memory");
		r->sum->failed++;
		return;
	}
	for (i = 0; i < all->n; i++)
		ids[i] = all->v[i].id;
	snprintf(url, sizeof url, "%s/GetMeetings?lCommitteeId=%s",
	         r->c.base_url, cm->id);
	g.url = url;
	sync_fmt(from, "%Y-%m-%d", d1);
	sync_fmt(to, "%Y-%m-%d", d2);
	rc = store_begin(r->s);
	if (rc == 0)
		rc = store_sync_withdrawn(r->s, r->c.name, cm->id, d1, d2, ids,
		                          all->n, r->today, sync_gone_tell, &g,
		                          &marked);
	if (sync_commit(r, rc) == 0)
		r->sum->withdrawn += marked;
	free(ids);
}

/* The meetings of committee cm from day from to day to, slice by slice,
   then each of them that is due; then those no longer listed. */
static void sync_committee(struct sync_run *r, const struct sync_entry *cm,
                           long from, long to)
{
	struct sync_list all = { 0 };
	long a, b;
	size_t i;
	char url[1024], ref[96], d1[16], d2[16];
	int whole = 1;                 /* every slice had and read */

	for (a = from; a <= to; a = b + 1) {
		struct sync_list l;
		char *body = NULL;
		size_t blen = 0;

		b = sync_months_end(a, SYNC_SLICE_MONTHS);
		if (b > to)
			b = to;
		sync_fmt(a, "%d%%2F%m%%2F%Y", d1);
		sync_fmt(b, "%d%%2F%m%%2F%Y", d2);
		snprintf(url, sizeof url, "%s/GetMeetings?lCommitteeId=%s"
		         "&sFromDate=%s&sToDate=%s", r->c.base_url, cm->id,
		         d1, d2);
		sync_fmt(a, "%Y-%m-%d", d1);
		sync_fmt(b, "%Y-%m-%d", d2);
		snprintf(ref, sizeof ref, "%s/%s/%s", cm->id, d1, d2);
		sync_answer(r, SYNC_MEETINGS, ref, url, 1, &body, &blen);
		if (body && sync_parse(body, blen, &l) == 0) {
			for (i = 0; i < l.n; i++)
				if (sync_add(&all, &l.v[i]) != 0) {
					whole = 0;
					break;
				}
			sync_list_free(&l);
		} else {
			whole = 0;
		}
		free(body);
		sync_progress(r);
	}
	r->prog.meetings = (int)all.n;
	for (i = 0; i < all.n; i++) {
		r->prog.meeting = (int)i + 1;
		if (!sync_meeting_due(r, &all.v[i])) {
			r->sum->skipped++;
			continue;
		}
		snprintf(url, sizeof url, "%s/GetMeeting?lMeetingId=%s",
		         r->c.base_url, all.v[i].id);
		sync_answer(r, SYNC_MEETING, all.v[i].id, url, 0, NULL, NULL);
		sync_progress(r);
	}
	r->prog.meeting = r->prog.meetings = 0;
	if (whole)
		sync_withdrawn(r, cm, &all, from, to);
	sync_list_free(&all);
}

/* Is committee e one of --committee's (by id or title), or are there
   none? */
static int sync_wanted(const struct sync_opts *o, const struct sync_entry *e)
{
	int i;

	if (o->ncommittees == 0)
		return 1;
	for (i = 0; i < o->ncommittees; i++)
		if (strcmp(o->committees[i], e->id) == 0 ||
		    strcasecmp(o->committees[i], e->title) == 0)
			return 1;
	return 0;
}

/* ---- a council ---------------------------------------------------------- */

/* Sync the committees, meetings and councillors of council r->c: 0 when
   all went well, else 1. */
static int sync_meetings(struct sync_run *r, long from, long to)
{
	struct sync_list cms = { 0 };
	char url[1024], *body = NULL;
	size_t blen = 0, i;
	int failed = r->sum->failed, n = 0, k = 0, j;

	sync_progress(r);
	snprintf(url, sizeof url, "%s/GetCommittees", r->c.base_url);
	sync_answer(r, SYNC_COMMITTEES, "", url, 1, &body, &blen);
	if (!body) {
		sync_report(r, "%s: no list of committees; council '%s' not "
		            "synced%s", r->c.base_url, r->c.name,
		            r->c.last_sync ? "" : " (nor followed)");
		if (!r->c.last_sync)
			store_sync_unfollow_empty(r->s, r->c.id);
		return 1;
	}
	if (sync_parse(body, blen, &cms) != 0) {
		sync_report(r, "%s: cannot read its list of committees",
		            url);
		r->sum->failed++;
		free(body);
		return 1;
	}
	free(body);
	for (i = 0; i < cms.n; i++)
		n += sync_wanted(r->opt, &cms.v[i]);
	for (j = 0; j < r->opt->ncommittees; j++) {
		for (i = 0; i < cms.n; i++)
			if (strcmp(r->opt->committees[j], cms.v[i].id) == 0 ||
			    strcasecmp(r->opt->committees[j],
			               cms.v[i].title) == 0)
				break;
		if (i == cms.n) {
			sync_report(r, "%s: no committee '%s' in its list",
			            url, r->opt->committees[j]);
			r->sum->failed++;
		}
	}
	r->prog.committees = n;
	for (i = 0; i < cms.n; i++) {
		if (!sync_wanted(r->opt, &cms.v[i]))
			continue;
		r->prog.committee = ++k;
		sync_committee(r, &cms.v[i], from, to);
	}
	sync_list_free(&cms);
	if (r->opt->ncommittees == 0)
		sync_councillors_step(r);
	if (store_sync_finished(r->s, r->c.id) != 0) {
		sync_report(r, "%s", store_errmsg(r->s));
		r->sum->failed++;
	}
	return r->sum->failed > failed;
}

/* Sync the council r->c: its meetings (unless --documents-only), then its
   documents (--documents).  0 when all went well, else 1. */
static int sync_run_council(struct sync_run *r, long from, long to)
{
	int rc = 0;

	r->sum->councils++;
	r->prog.council = r->c.name;
	r->prog.committee = r->prog.committees = 0;
	if (r->opt->documents != SYNC_DOCS_ONLY)
		rc = sync_meetings(r, from, to);
	if (r->opt->documents != SYNC_DOCS_NONE &&
	    sync_documents(r->s, r->f, r->c.name, r->c.base_url, r->opt,
	                   &r->prog, r->sum))
		rc = 1;
	return rc;
}

/* The days from and to of opt (defaults about today); -EINVAL reported. */
static int sync_range(struct sync_run *r, long *from, long *to)
{
	long today = sync_days(r->today);

	*from = r->opt->from ? sync_days(r->opt->from)
	                     : today - SYNC_BACK_DAYS;
	*to = r->opt->to ? sync_days(r->opt->to) : today + SYNC_AHEAD_DAYS;
	if (*from < 0 || *to < 0 || *from > *to) {
		sync_report(r, "--from and --to must be dates YYYY-MM-DD, "
		            "--from not after --to");
		return -EINVAL;
	}
	return 0;
}

/* Set up r for a sync: 0, or -errno (reported). */
static int sync_start(struct sync_run *r, store *s,
                      const struct sync_opts *opt, struct sync_summary *sum)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->s = s;
	r->opt = opt;
	r->sum = sum;
	store_sync_today(s, r->today);
	rc = fetch_open(&opt->fetch, &r->f);
	if (rc)
		sync_report(r, "cannot start libcurl");
	return rc;
}

static void sync_end(struct sync_run *r)
{
	const struct fetch_stats *st = fetch_stats(r->f);

	r->sum->requests += st->requests;
	r->sum->conditional += st->conditional;
	r->sum->bytes += st->bytes;
	fetch_close(r->f);
	store_sync_council_free(&r->c);
}

int sync_council(store *s, const char *url, const struct sync_opts *opt,
                 struct sync_summary *sum)
{
	struct sync_run r;
	char *base = NULL, *name = NULL;
	long from, to;
	int rc;

	rc = sync_start(&r, s, opt, sum);
	if (rc)
		return rc;
	rc = sync_range(&r, &from, &to);
	if (rc == 0) {
		rc = sync_base_url(url, &base, r.err, sizeof r.err);
		if (rc)
			sync_report(&r, "%s", r.err);
	}
	if (rc == 0 && opt->documents == SYNC_DOCS_ONLY &&
	    store_sync_council_get(s, base, &r.c) != 0) {
		sync_report(&r, "%s is not followed yet: sync it without "
		            "--documents-only first", base);
		rc = -ENOENT;
	} else if (rc == 0 && opt->documents == SYNC_DOCS_ONLY) {
		store_sync_council_free(&r.c);
	}
	if (rc == 0 && !opt->council &&
	    store_sync_council_get(s, base, &r.c) == 0) {
		store_sync_council_free(&r.c);
	} else if (rc == 0 && !opt->council) {
		name = sync_default_name(base);
		rc = name ? 0 : -ENOMEM;
	}
	if (rc == 0) {
		rc = store_sync_follow(s, opt->council ? opt->council : name,
		                       base, &r.c);
		if (rc)
			sync_report(&r, "%s", store_errmsg(s));
	}
	if (rc == 0)
		rc = sync_run_council(&r, from, to);
	free(base);
	free(name);
	sync_end(&r);
	return rc;
}

struct sync_all_ctx {
	struct sync_run *r;
	long from, to;
	int rc;
};

static int sync_all_one(void *ctx, const struct sync_council *c)
{
	struct sync_all_ctx *a = ctx;

	a->r->c = *c;
	if (sync_run_council(a->r, a->from, a->to))
		a->rc = 1;
	memset(&a->r->c, 0, sizeof a->r->c);   /* c is the walk's */
	return 0;
}

int sync_all(store *s, const struct sync_opts *opt, struct sync_summary *sum)
{
	struct sync_run r;
	struct sync_all_ctx a = { &r, 0, 0, 0 };
	int rc;

	assert(!opt->council);
	rc = sync_start(&r, s, opt, sum);
	if (rc)
		return rc;
	rc = sync_range(&r, &a.from, &a.to);
	if (rc == 0)
		rc = store_sync_councils(s, sync_all_one, &a);
	if (rc == 0 && sum->councils == 0) {
		sync_report(&r, "no council is followed yet: give the URL of "
		            "its ModernGov site");
		rc = -ENOENT;
	}
	sync_end(&r);
	return rc ? rc : a.rc;
}
