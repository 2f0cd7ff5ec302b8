/*
** moderngov.c — import ModernGov web-service XML (mgWebService.asmx) with
** libxml2: GetCommittees -> boards, GetMeetings / GetMeetingsByDate ->
** meetings, GetMeeting -> one meeting with its items, resolutions,
** documents, attendance (moderngov_attendance.c) and the actions they
** ask for.  What the two files share: moderngov_int.h.
**
** Every record keeps source "moderngov" and, as source_id, the web
** service's id (committeeid, meetingid, agendaitemid) after the slug of
** its council ("manchester-city-council/144"): ids are per council
** installation, so the council (--council, required: a response never
** names it) is part of a record's identity.  A response imported again
** updates rows in place and never duplicates them; the same ids of
** another council are other records.  The XML parser never
** touches the network, never loads a DTD and never substitutes entities;
** a document with a DOCTYPE is refused outright, before any entity
** declaration in it is read (billion laughs, XXE).
**
** HTML inside the XML (agenda text, minutes, decisions) becomes clean
** text with libxml2's HTML parser: see html_fragment_text() in html.h.
*/
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "minutes.h"
#include "moderngov_int.h"

#define MG_SOURCE      "moderngov"
#define MG_LAYERS      4    /* entity-encoding layers unwrapped at most */
#define MG_LIST_DEPTH  16   /* nested HTML lists that get numbered */
#define MG_COMMENTS    4    /* commentlabelN/commenttextN pairs read */

/* No network, no DTD, no entity substitution, no huge documents. */
#define MG_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR |            \
                        XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |        \
                        XML_PARSE_BIG_LINES)
#define MG_HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR |         \
                         HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC)

int mg_is_xml(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	return i < len && data[i] == '<';
}

/* ==== the XML document ==================================================== */

/* (The state of one mg_import call, struct mg_ctx, and the strings of one
   record, struct mg_pool: moderngov_int.h.) */

static long mg_line(const xmlNode *n)
{
	long line = n ? xmlGetLineNo(n) : 0;

	return line > 0 ? line : 1;
}

/* Set the message "NAME:LINE: ..." (the line of node at) and return rc. */
int mg_fail(struct mg_ctx *c, const xmlNode *at, int rc,
            const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return store_error(c->s, rc, "%s:%ld: %s", c->name, mg_line(at), msg);
}

/* rc of a store call: a failure's message gets the file and line of at. */
int mg_stored(struct mg_ctx *c, const xmlNode *at, int rc)
{
	char msg[1024];

	if (rc >= 0)
		return rc;
	snprintf(msg, sizeof msg, "%s", rc == -ENOMEM ? "out of memory"
	         : store_errmsg(c->s));
	return mg_fail(c, at, rc, "%s", msg);
}

/* ---- strings of one record ----------------------------------------------- */

/* Keep s (malloc'd, or NULL after a failed allocation) in p; returns s,
   or NULL (s freed, p->oom set). */
char *mg_keep(struct mg_pool *p, char *s)
{
	char **nv;
	size_t cap;

	if (s && p->n == p->cap) {
		cap = p->cap ? p->cap * 2 : 16;
		nv = realloc(p->v, cap * sizeof *nv);
		if (!nv) {
			free(s);
			s = NULL;
		} else {
			p->v = nv;
			p->cap = cap;
		}
	}
	if (!s) {
		p->oom = 1;
		return NULL;
	}
	p->v[p->n++] = s;
	return s;
}

void mg_pool_free(struct mg_pool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* The -ENOMEM error if p ran out of memory, else 0. */
int mg_oom(struct mg_ctx *c, const struct mg_pool *p,
           const xmlNode *at)
{
	return p->oom ? mg_fail(c, at, -ENOMEM, "out of memory") : 0;
}

/* t (libxml2's, freed here) on one line, its character references
   decoded (a title encoded twice too), white space normalised, in p;
   NULL if empty. */
static char *mg_oneline(struct mg_pool *p, xmlChar *t)
{
	char *v = NULL;

	if (!t)
		return NULL;
	if (html_oneline((const char *)t, strlen((const char *)t), &v) < 0)
		p->oom = 1;
	xmlFree(t);
	return v ? mg_keep(p, v) : NULL;
}

/* The first child element of n named name, or NULL (also for n NULL). */
xmlNode *mg_child(const xmlNode *n, const char *name)
{
	xmlNode *e;

	for (e = n ? n->children : NULL; e; e = e->next)
		if (e->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)e->name, name) == 0)
			return e;
	return NULL;
}

/* The next sibling element named as n, or NULL. */
xmlNode *mg_next(const xmlNode *n)
{
	xmlNode *e;

	for (e = n->next; e; e = e->next)
		if (e->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)e->name, (const char *)n->name) == 0)
			return e;
	return NULL;
}

/* The text of n's child element name on one line, or NULL when the
   element is missing or empty. */
static char *mg_get(struct mg_pool *p, const xmlNode *n, const char *name)
{
	xmlNode *e = mg_child(n, name);

	return e ? mg_oneline(p, xmlNodeGetContent(e)) : NULL;
}

/* The value of n's attribute name on one line, or NULL. */
char *mg_attr(struct mg_pool *p, const xmlNode *n, const char *name)
{
	return mg_oneline(p, xmlGetProp(n, (const xmlChar *)name));
}

/* ---- values -------------------------------------------------------------- */

/* n's child name into *out; missing or empty is an error if required. */
static int mg_value(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                    const char *name, int required, const char **out)
{
	*out = mg_get(p, n, name);
	if (*out || p->oom)
		return mg_oom(c, p, n);
	if (required)
		return mg_fail(c, n, -EINVAL, "%s: missing %s",
		               (const char *)n->name, name);
	return 0;
}

/* A required id: 1 to 18 digits. */
static int mg_id(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                 const char *name, const char **out)
{
	int rc = mg_value(c, p, n, name, 1, out);

	if (rc == 0 && (strlen(*out) > 18 ||
	                strspn(*out, "0123456789") != strlen(*out)))
		rc = mg_fail(c, mg_child(n, name), -EINVAL,
		             "%s: invalid id '%.40s'", name, *out);
	return rc;
}

/* min to max decimal digits at s, not followed by another: their value
   in *v and the end, or NULL. */
static const char *mg_digits(const char *s, int min, int max, unsigned *v)
{
	int k;

	*v = 0;
	for (k = 0; k < max && isdigit((unsigned char)s[k]); k++)
		*v = *v * 10 + (unsigned)(s[k] - '0');
	return k >= min && !isdigit((unsigned char)s[k]) ? s + k : NULL;
}

/* dd/mm/yyyy s as "yyyy-mm-dd" in iso: 1 if s is a real date. */
static int mg_iso_date(const char *s, char iso[32])
{
	unsigned d, m, y;

	if (!(s = mg_digits(s, 1, 2, &d)) || *s != '/' ||
	    !(s = mg_digits(s + 1, 1, 2, &m)) || *s != '/' ||
	    !(s = mg_digits(s + 1, 4, 4, &y)) || *s)
		return 0;
	/* "%04u-%02u-%02u" (y has four digits, m and d at most two) */
	memcpy(iso, "0000-00-00", 11);
	iso[0] = (char)('0' + y / 1000);
	iso[1] = (char)('0' + y / 100 % 10);
	iso[2] = (char)('0' + y / 10 % 10);
	iso[3] = (char)('0' + y % 10);
	iso[5] = (char)('0' + m / 10);
	iso[6] = (char)('0' + m % 10);
	iso[8] = (char)('0' + d / 10);
	iso[9] = (char)('0' + d % 10);
	return store_valid_date(iso);
}

/* A dd/mm/yyyy date, as ISO into *out (NULL when absent). */
static int mg_date(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                   const char *name, int required, const char **out)
{
	const char *v;
	char iso[32];
	int rc = mg_value(c, p, n, name, required, &v);

	*out = NULL;
	if (rc || !v)
		return rc;
	if (!mg_iso_date(v, iso))
		return mg_fail(c, mg_child(n, name), -EINVAL,
		               "%s: invalid date '%.40s'", name, v);
	*out = mg_keep(p, strdup(iso));
	return mg_oom(c, p, n);
}

/* 1 if s is a time as ModernGov prints it: "10.00 am", "2.30pm",
   "14:00". */
static int mg_time_ok(const char *s)
{
	unsigned h, m;

	if (!(s = mg_digits(s, 1, 2, &h)) || (*s != '.' && *s != ':') ||
	    !(s = mg_digits(s + 1, 2, 2, &m)) || m > 59)
		return 0;
	if (*s == ' ')
		s++;
	if (!*s)
		return h <= 23;
	return (tolower((unsigned char)s[0]) == 'a' ||
	        tolower((unsigned char)s[0]) == 'p') &&
	       tolower((unsigned char)s[1]) == 'm' && !s[2] &&
	       h >= 1 && h <= 12;
}

/* A time, kept as published (NULL when absent). */
static int mg_time(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                   const char *name, const char **out)
{
	int rc = mg_value(c, p, n, name, 0, out);

	if (rc == 0 && *out && !mg_time_ok(*out))
		rc = mg_fail(c, mg_child(n, name), -EINVAL, "%s: invalid time "
		             "'%.40s' (expected H.MM am/pm)", name, *out);
	return rc;
}

/* A True/False boolean; absent is false. */
static int mg_bool(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                   const char *name, int *out)
{
	const char *v;
	int rc = mg_value(c, p, n, name, 0, &v);

	*out = 0;
	if (rc || !v)
		return rc;
	if (strcasecmp(v, "true") == 0)
		*out = 1;
	else if (strcasecmp(v, "false") != 0)
		return mg_fail(c, mg_child(n, name), -EINVAL, "%s: invalid "
		               "boolean '%.40s' (expected True or False)",
		               name, v);
	return 0;
}

/* A count (" 3": ModernGov pads them).  Only checked: a count that does
   not match the elements present is no error. */
static int mg_count(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                    const char *name)
{
	const char *v;
	int rc = mg_value(c, p, n, name, 0, &v);

	if (rc == 0 && v && (strlen(v) > 9 ||
	                     strspn(v, "0123456789") != strlen(v)))
		rc = mg_fail(c, mg_child(n, name), -EINVAL,
		             "%s: invalid count '%.40s'", name, v);
	return rc;
}

/* The text of HTML field name of n (agendatext, ...) into *out
   (malloc'd; NULL if none): 0 or -ENOMEM.  Touches no store. */
static int mg_html_text(const xmlNode *n, const char *name, char **out)
{
	xmlNode *e = mg_child(n, name);
	xmlChar *raw;
	int rc;

	*out = NULL;
	raw = e ? xmlNodeGetContent(e) : NULL;
	if (!raw)
		return 0;
	rc = html_fragment_text((const char *)raw, strlen((const char *)raw), out);
	xmlFree(raw);
	return rc;
}

/* The text of HTML field name of n (agendatext, ...), NULL if none. */
static int mg_html(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                   const char *name, const char **out)
{
	char *t;
	int rc = mg_html_text(n, name, &t);

	*out = NULL;
	if (rc)
		return mg_fail(c, mg_child(n, name), rc, "out of memory");
	*out = t ? mg_keep(p, t) : NULL;
	return mg_oom(c, p, mg_child(n, name));
}

/* The resolutions of an item's minutes and decision (either may be NULL)
   into *res and *nres (minutes_resolutions'), the decision as a
   "Decision:" block: 0 or -ENOMEM.  Touches no store. */
static int mg_res_parse(const char *minutes, const char *decision,
                        struct minutes_resolution **res, size_t *nres)
{
	struct buf text = { 0 };
	int rc = 0;

	*res = NULL;
	*nres = 0;
	buf_puts(&text, minutes);
	if (decision) {
		buf_puts(&text, minutes ? "\n\nDecision:\n" : "Decision:\n");
		buf_puts(&text, decision);
	}
	if (!buf_ok(&text) || (text.len && minutes_resolutions(text.data, 1,
	                       res, nres) < 0))
		rc = -ENOMEM;
	buf_free(&text);
	return rc;
}

/* An agenda item's HTML fields as text and their resolutions, worked out
   ahead of the writer (mg_prepare), on the item element's _private. */
struct mg_pre {
	char *purpose, *minutes, *decision;   /* NULL: none */
	struct minutes_resolution *res;
	size_t nres;
};

static void mg_pre_free(struct mg_pre *pre)
{
	struct minutes_page pg = { 0 };   /* only res: minutes_free frees it */

	if (!pre)
		return;
	free(pre->purpose);
	free(pre->minutes);
	free(pre->decision);
	pg.res = pre->res;
	pg.nres = pre->nres;
	minutes_free(&pg);
	free(pre);
}

/*
** The council of this import (root: the document's root element, for
** messages): --council, required, since ModernGov ids are per council and
** a response never says whose it is.  c->cslug gets its slug, the prefix
** of every ModernGov id stored ("<cslug>/<id>"); a council not recorded
** yet must not have the slug of another.  Then old-style rows are
** upgraded (store_source_upgrade).  0, -EDESTADDRREQ (no council, or a council
** that cannot be told from another) or -errno.
*/
static int mg_council(struct mg_ctx *c, const xmlNode *root)
{
	const char *name = c->opt->council;
	char *other = NULL;
	int rc;

	if (!name || !*name)
		return mg_fail(c, root, -EDESTADDRREQ, "ModernGov ids are per "
		               "council and this response does not say whose it"
		               " is: give --council NAME");
	c->council = name;
	rc = store_council_slug(c->s, name, c->cslug, &other);
	if (rc == 0 && other) {
		rc = mg_fail(c, root, -EDESTADDRREQ, "--council '%.80s' cannot "
		             "be told from council '%.80s' (both are '%s')", name,
		             other, c->cslug);
		free(other);
		return rc;
	}
	if (rc == 0)
		rc = store_source_upgrade(c->s, MG_SOURCE, name);
	return mg_stored(c, root, rc);
}

/* "<council>/<id>": ModernGov id as stored, in p (NULL and p->oom set
   when out of memory). */
static const char *mg_key(struct mg_ctx *c, struct mg_pool *p,
                          const char *id)
{
	char *key;

	return mg_keep(p, asprintf(&key, "%s/%s", c->cslug, id) < 0 ? NULL
	                                                            : key);
}

/* A required id (mg_id) in *id and as stored (mg_key) in *key. */
static int mg_id_key(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                     const char *name, const char **id, const char **key)
{
	int rc = mg_id(c, p, n, name, id);

	if (rc == 0)
		*key = mg_key(c, p, *id);
	return rc ? rc : mg_oom(c, p, n);
}

/* ---- boards -------------------------------------------------------------- */

/* The board of ModernGov committee key ("<council>/<id>"): 0, -ENOENT
   or -EIO. */
static int mg_board_by_id(store *s, const char *key, int64_t *board)
{
	return store_source_find(s, STORE_SOURCE_BOARD, MG_SOURCE, key, board,
	                         NULL);
}

/* Into out, the slug of "<pre> <text>" (pre may be NULL) followed by
   "-<suf>" (suf may be NULL), cut to STORE_SLUG_MAX with suf kept
   whole. */
static void mg_slug(char *out, const char *pre, const char *text,
                    const char *suf)
{
	char both[4 * STORE_SLUG_MAX];

	snprintf(both, sizeof both, "%s %s", pre ? pre : "", text);
	store_slug(both, out, STORE_SLUG_MAX + 1 -
	           (suf ? strlen(suf) + 1 : 0));
	if (suf)
		snprintf(out + strlen(out), STORE_SLUG_MAX + 1 - strlen(out),
		         "-%s", suf);
}

/*
** Add or update the board of committee b (source and source_id set; id
** is the bare committeeid).  A new board is named by the slug of its
** title; when a board has that name already, by "<council>-<title>" if
** that board is another council's, else by "<title>-<id>" (an expired
** committee of the same name, say); then "<council>-<title>-<id>".  A
** board of that name recorded by hand, with no council or this one,
** becomes this committee's.
*/
static int mg_board_put(struct mg_ctx *c, const xmlNode *at,
                        struct board_rec *b, const char *id, int64_t *board)
{
	char slug[STORE_SLUG_MAX + 1];
	int64_t other;
	int rc, foreign;

	assert(b->source && b->source_id && b->name);
	rc = mg_board_by_id(c->s, b->source_id, &other);
	if (rc == -ENOENT) {
		mg_slug(slug, NULL, b->name, NULL);
		rc = store_board_slug_free(c->s, slug, c->council, &foreign);
		if (rc == 0) {
			mg_slug(slug, foreign ? c->cslug : NULL, b->name,
			        foreign ? NULL : id);
			rc = store_board_slug_free(c->s, slug, c->council, &foreign);
		}
		if (rc == 0) {
			mg_slug(slug, c->cslug, b->name, id);
			rc = store_board_slug_free(c->s, slug, c->council, &foreign);
		}
		if (rc == 0)
			return mg_fail(c, at, -EEXIST, "committee %s: board %s "
			               "exists already", id, slug);
		b->slug = slug;
		if (rc == 1)
			rc = 0;
	}
	if (rc == 0)
		rc = store_board_upsert(c->s, b, board);
	b->slug = NULL;
	rc = mg_stored(c, at, rc);
	if (rc == 0)
		c->res->boards++;
	return rc;
}

/* The board of the committee whose committeeid (and committeetitle, for
   a new board) element n holds; added when missing. */
static int mg_board_of(struct mg_ctx *c, struct mg_pool *p, const xmlNode *n,
                       int64_t *board)
{
	struct board_rec b = { 0 };
	const char *id;
	int rc;

	b.source = MG_SOURCE;
	b.council = c->council;
	rc = mg_id_key(c, p, n, "committeeid", &id, &b.source_id);
	if (rc)
		return rc;
	rc = mg_board_by_id(c->s, b.source_id, board);
	if (rc == 0)
		c->res->boards++;
	if (rc != -ENOENT)
		return mg_stored(c, n, rc);
	rc = mg_value(c, p, n, "committeetitle", 1, &b.name);
	return rc ? rc : mg_board_put(c, n, &b, id, board);
}

/* One GetCommittees committee as a board. */
static int mg_committee(struct mg_ctx *c, const xmlNode *n)
{
	struct mg_pool p = { 0 };
	struct board_rec b = { 0 };
	const char *id;
	int64_t board;
	int rc;

	b.source = MG_SOURCE;
	b.council = c->council;
	rc = mg_id_key(c, &p, n, "committeeid", &id, &b.source_id);
	if (rc == 0)
		rc = mg_value(c, &p, n, "committeetitle", 1, &b.name);
	if (rc == 0)
		rc = mg_value(c, &p, n, "committeecategory", 0, &b.kind);
	if (rc == 0)
		rc = mg_bool(c, &p, n, "committeedeleted", &b.deleted);
	if (rc == 0)
		rc = mg_bool(c, &p, n, "committeeexpired", &b.expired);
	if (rc == 0)
		rc = mg_board_put(c, n, &b, id, &board);
	mg_pool_free(&p);
	return rc;
}

/* committees: every committee as a board. */
static int mg_committees(struct mg_ctx *c, const xmlNode *root)
{
	struct mg_pool p = { 0 };
	xmlNode *n;
	int rc = mg_count(c, &p, root, "committeescount");

	for (n = mg_child(root, "committee"); n && rc == 0; n = mg_next(n))
		rc = mg_committee(c, n);
	mg_pool_free(&p);
	return rc;
}

/* ---- meetings ------------------------------------------------------------ */

/* The meeting record in element n (a GetMeetings meeting or a GetMeeting
   root). */
static int mg_meeting_rec(struct mg_ctx *c, struct mg_pool *p,
                          const xmlNode *n, struct meeting_rec *m)
{
	const char *id;
	int rc;

	m->source = MG_SOURCE;
	rc = mg_id_key(c, p, n, "meetingid", &id, &m->source_id);
	if (rc == 0)
		rc = mg_date(c, p, n, "meetingdate", 1, &m->date);
	if (rc == 0)
		rc = mg_time(c, p, n, "meetingtime", &m->time);
	if (rc == 0)
		rc = mg_value(c, p, n, "meetingstatus", 0, &m->status);
	if (rc == 0)
		rc = mg_value(c, p, n, "meetinglocation", 0, &m->location);
	return rc;
}

/* The meeting in element n, on board. */
static int mg_meeting_put(struct mg_ctx *c, struct mg_pool *p,
                          const xmlNode *n, int64_t board, int64_t *meeting)
{
	struct meeting_rec m = { 0 };
	int rc = mg_meeting_rec(c, p, n, &m);

	m.board_id = board;
	if (rc == 0)
		rc = mg_stored(c, n, store_meeting_upsert(c->s, &m, meeting));
	if (rc == 0)
		c->res->meetings++;
	return rc;
}

/* The meetings of one GetMeetings committee element. */
static int mg_committee_meetings(struct mg_ctx *c, const xmlNode *cm)
{
	struct mg_pool p = { 0 };
	xmlNode *n;
	int64_t board, meeting;
	int rc;

	rc = mg_count(c, &p, cm, "committeemeetingcount");
	if (rc == 0)
		rc = mg_board_of(c, &p, cm, &board);
	for (n = mg_child(mg_child(cm, "committeemeetings"), "meeting");
	     n && rc == 0; n = mg_next(n))
		rc = mg_meeting_put(c, &p, n, board, &meeting);
	mg_pool_free(&p);
	return rc;
}

/* A GetMeetings meeting outside a committee element, naming its
   committee itself. */
static int mg_loose_meeting(struct mg_ctx *c, const xmlNode *n)
{
	struct mg_pool p = { 0 };
	int64_t board, meeting;
	int rc = mg_board_of(c, &p, n, &board);

	if (rc == 0)
		rc = mg_meeting_put(c, &p, n, board, &meeting);
	mg_pool_free(&p);
	return rc;
}

/* getmeetings, getmeetingsbydate: the meetings of each committee (and
   meetings outside a committee element that name their committee). */
static int mg_getmeetings(struct mg_ctx *c, const xmlNode *root)
{
	struct mg_pool p = { 0 };
	xmlNode *n;
	int rc = mg_count(c, &p, root, "meetingscount");

	if (rc == 0)
		rc = mg_count(c, &p, root, "committeescount");
	for (n = mg_child(root, "committee"); n && rc == 0; n = mg_next(n))
		rc = mg_committee_meetings(c, n);
	n = mg_child(root, "meeting");
	if (!n)
		n = mg_child(mg_child(root, "meetings"), "meeting");
	for (; n && rc == 0; n = mg_next(n))
		rc = mg_loose_meeting(c, n);
	mg_pool_free(&p);
	return rc;
}

/* The board the agenda items refer to (refertocommittee: a committee id
   or title), the first that names a known board of this council (or, by
   title, of none): 0, -ENOENT or -errno. */
static int mg_refer_board(struct mg_ctx *c, const xmlNode *root,
                          int64_t *board)
{
	struct mg_pool p = { 0 };
	xmlNode *it;
	const char *ref;
	int rc = -ENOENT;

	for (it = mg_child(mg_child(root, "agendaitems"), "agendaitem");
	     it && rc == -ENOENT; it = mg_next(it)) {
		ref = mg_get(&p, it, "refertocommittee");
		if (!ref)
			continue;
		if (strspn(ref, "0123456789") == strlen(ref)) {
			ref = mg_key(c, &p, ref);
			rc = ref ? mg_board_by_id(c->s, ref, board) : -ENOMEM;
		} else {
			rc = store_board_by_name(c->s, ref, c->council,
			                         MG_SOURCE, board);
		}
	}
	if (p.oom)
		rc = mg_oom(c, &p, root);
	else if (rc != -ENOENT)
		rc = mg_stored(c, root, rc);
	mg_pool_free(&p);
	return rc;
}

/*
** The board of GetMeeting root (its meetingid element is id, key as
** stored): where an earlier GetMeetings import put the meeting, else the
** board the items refer to, else --board.
*/
static int mg_meeting_board(struct mg_ctx *c, const xmlNode *root,
                            const char *id, const char *key, int64_t *board)
{
	int64_t meeting;
	int rc = store_source_find(c->s, STORE_SOURCE_MEETING, MG_SOURCE, key,
	                           &meeting, board);

	if (rc != -ENOENT)
		return mg_stored(c, root, rc);
	rc = mg_refer_board(c, root, board);
	if (rc != -ENOENT)
		return rc;
	if (c->opt->board && *c->opt->board)
		return mg_stored(c, root, store_board_find(c->s, c->opt->board,
		                 board));
	return mg_fail(c, mg_child(root, "meetingid"), -ENOENT, "cannot tell "
	               "which committee meeting %s belongs to: import "
	               "GetMeetings first or give --board", id);
}

/* ---- items --------------------------------------------------------------- */

/*
** The number agenda item it shows: fulldisplaynumberformat without its
** trailing dot ("1." -> "1"), else agendaitemnumber and
** agendaitemsubnumber ("4", "a" -> "4a").  NULL for a section heading
** (no number, or 0).
*/
static const char *mg_item_number(struct mg_pool *p, const xmlNode *it)
{
	char *v = mg_get(p, it, "fulldisplaynumberformat"), *sub, *both;
	size_t n;

	if (v) {
		n = strlen(v);
		while (n > 0 && (v[n - 1] == '.' || v[n - 1] == ' '))
			v[--n] = '\0';
	}
	if (!v || !*v) {
		v = mg_get(p, it, "agendaitemnumber");
		sub = mg_get(p, it, "agendaitemsubnumber");
		if (v && sub)
			v = mg_keep(p, asprintf(&both, "%s%s", v, sub) < 0 ? NULL
			                                                   : both);
	}
	return v && *v && strcmp(v, "0") != 0 ? v : NULL;
}

/* Store item r of a meeting on board: found by its agendaitemid, else
   (store_item_upsert) by its number in the meeting unless that item is
   another ModernGov item.  A new item is written with its rows
   (store_item_new_begin; mg_item ends it). */
static int mg_item_put(struct mg_ctx *c, const xmlNode *it,
                       const struct item_rec *r, int64_t board, int64_t *id)
{
	int rc, taken = 0, fresh = 0;

	rc = store_source_find(c->s, STORE_SOURCE_ITEM, MG_SOURCE,
	                       r->source_id, id, NULL);
	if (rc == -ENOENT) {
		rc = store_item_number_sourced(c->s, r->meeting_id, r->number,
		                               &taken);
		fresh = rc == -ENOENT || taken;
		if (rc == -ENOENT)
			rc = 0;
	}
	if (rc == 0)
		rc = fresh ? store_item_new_begin(c->s, r, board, id)
		           : store_item_upsert(c->s, r, id);
	rc = mg_stored(c, it, rc);
	if (rc == 0)
		c->res->items++;
	return rc;
}

/* An open action on item unless it has one for this resolution or with
   this text already. */
static int mg_action(struct mg_ctx *c, const xmlNode *at, int64_t item,
                     int64_t resolution, const char *text, const char *due,
                     const char *note)
{
	int rc = store_import_action(c->s, item, resolution, text, due, note);

	if (rc > 0) {
		c->res->actions++;
		rc = 0;
	}
	return mg_stored(c, at, rc);
}

/* 1 if resolution i repeats an earlier one (label and text). */
static int mg_res_repeated(const struct minutes_resolution *r, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(r[j].label, r[i].label) == 0 &&
		    strcmp(r[j].text, r[i].text) == 0)
			return 1;
	return 0;
}

/*
** The resolutions of the minutes and the decision (as a "Decision:"
** block), by order 1..n, a repeated one (a decision body repeating the
** minutes' RESOLVED block) once,
** with an action for each that asks for something to be done.  Those left
** from an earlier import past n are deleted.
*/
static int mg_resolutions(struct mg_ctx *c, xmlNode *it, int64_t item,
                          const char *minutes, const char *decision)
{
	struct minutes_page pg = { 0 };   /* only res: minutes_free frees it */
	struct mg_pre *pre = it->_private;
	char note[96];
	int64_t res;
	size_t i;
	int rc = 0, ord = 0;

	if (pre) {
		/* (mg_prepare parsed them) */
		pg.res = pre->res;
		pg.nres = pre->nres;
		pre->res = NULL;
		pre->nres = 0;
	} else if (mg_res_parse(minutes, decision, &pg.res, &pg.nres)) {
		rc = mg_fail(c, it, -ENOMEM, "out of memory");
	}
	if (rc == 0 && pg.nres > STORE_MAX_RESOLUTIONS)
		rc = mg_fail(c, it, -EINVAL, "%zu resolutions, more than the %d"
		             " an item may have", pg.nres, STORE_MAX_RESOLUTIONS);
	for (i = 0; rc == 0 && i < pg.nres; i++) {
		const struct minutes_resolution *r = &pg.res[i];

		if (mg_res_repeated(pg.res, i))
			continue;
		rc = mg_stored(c, it, store_resolution_add(c->s, item, ++ord,
		               r->label, r->text, res_kind_name(r->kind),
		               r->membership, r->due, &res));
		if (rc || !r->is_action)
			continue;
		snprintf(note, sizeof note, "from %s%s%.40s",
		         res_kind_name(r->kind), *r->label ? " " : "", r->label);
		rc = mg_action(c, it, item, res, r->text, r->due, note);
	}
	if (rc == 0)
		rc = mg_stored(c, it, store_resolutions_trim(c->s, item, ord));
	minutes_free(&pg);
	return rc;
}

/* Bytes of the bullet or number ("- ", "· ", "3. ") starting line s. */
static size_t mg_bullet(const char *s)
{
	static const char *const marks[] = {
		"- ", "* ", "\xc2\xb7 ", "\xe2\x80\xa2 "
	};
	size_t i, k = strspn(s, "0123456789");

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strncmp(s, marks[i], strlen(marks[i])) == 0)
			return strlen(marks[i]);
	if (k > 0 && k < 4 && (s[k] == '.' || s[k] == ')') && s[k + 1] == ' ')
		return k + 2;
	return 0;
}

/*
** Actions from an "Actions" comment (clean text): one per paragraph, or
** one per line in a paragraph whose lines are all bullets.
*/
static int mg_text_actions(struct mg_ctx *c, const xmlNode *at, int64_t item,
                           const char *text)
{
	const char *para, *end, *line, *eol;
	char *one, *q;
	int rc = 0, bullets;

	for (para = text; *para && rc == 0; para = *end ? end + 2 : end) {
		end = strstr(para, "\n\n");
		if (!end)
			end = para + strlen(para);
		bullets = 1;
		for (line = para; line < end && bullets; line = eol + 1) {
			eol = memchr(line, '\n', (size_t)(end - line));
			if (!eol)
				eol = end;
			bullets = mg_bullet(line) != 0;
		}
		for (line = para; line < end && rc == 0; line = eol + 1) {
			eol = bullets ? memchr(line, '\n', (size_t)(end - line))
			              : NULL;
			if (!eol)
				eol = end;
			line += bullets ? mg_bullet(line) : 0;
			one = strndup(line, (size_t)(eol - line));
			if (!one)
				return mg_fail(c, at, -ENOMEM, "out of memory");
			for (q = strchr(one, '\n'); q; q = strchr(q, '\n'))
				*q = ' ';
			if (*one)
				rc = mg_action(c, at, item, 0, one, NULL,
				               "from the ModernGov Actions field");
			free(one);
		}
	}
	return rc;
}

/* The actions of item it's commentlabelN "Actions" / commenttextN. */
static int mg_comment_actions(struct mg_ctx *c, struct mg_pool *p,
                              const xmlNode *it, int64_t item)
{
	static const char *const labels[MG_COMMENTS] = {
		"commentlabel1", "commentlabel2", "commentlabel3", "commentlabel4"
	}, *const fields[MG_COMMENTS] = {
		"commenttext1", "commenttext2", "commenttext3", "commenttext4"
	};
	const char *v, *text;
	int rc = 0, k;

	for (k = 0; k < MG_COMMENTS && rc == 0; k++) {
		rc = mg_value(c, p, it, labels[k], 0, &v);
		if (rc || !v || strcasecmp(v, "Actions") != 0)
			continue;
		rc = mg_html(c, p, it, fields[k], &text);
		if (rc == 0 && text)
			rc = mg_text_actions(c, mg_child(it, fields[k]), item,
			                     text);
	}
	return rc;
}

/* item it's linkeddocuments as the item's documents, replaced only when
   they changed. */
static int mg_documents(struct mg_ctx *c, const xmlNode *it, int64_t item)
{
	xmlNode *list = mg_child(it, "linkeddocuments"), *ld;
	struct mg_pool p = { 0 };
	struct document_rec *d = NULL;
	size_t n = 0, i;
	int rc = 0;

	for (ld = mg_child(list, "linkeddoc"); ld; ld = mg_next(ld))
		n++;
	if (n && !(d = calloc(n, sizeof *d)))
		return mg_fail(c, it, -ENOMEM, "out of memory");
	for (i = 0, ld = mg_child(list, "linkeddoc"); ld && rc == 0;
	     ld = mg_next(ld), i++) {
		rc = mg_value(c, &p, ld, "url", 0, &d[i].url);
		if (rc == 0)
			rc = mg_value(c, &p, ld, "title", 0, &d[i].title);
		if (rc == 0 && !d[i].title)
			d[i].title = d[i].url ? d[i].url : "Document";
		if (rc == 0)
			rc = mg_date(c, &p, ld, "publicationdate", 0,
			             &d[i].published);
	}
	if (rc == 0)
		rc = mg_stored(c, list, store_item_documents_set(c->s, item, d,
		                                                 n));
	if (rc == 0)
		c->res->documents += (int)n;
	free(d);
	mg_pool_free(&p);
	return rc;
}

/* One agenda item of meeting (ord: items stored so far).  Section
   headings are skipped. */
static int mg_item(struct mg_ctx *c, xmlNode *it, int64_t meeting,
                   int64_t board, int *ord)
{
	struct mg_pre *pre = it->_private;
	struct mg_pool p = { 0 };
	struct item_rec r = { 0 };
	const char *mgid;
	int64_t id;
	int rc, end;

	r.number = mg_item_number(&p, it);
	if (!r.number) {
		rc = mg_oom(c, &p, it);
		goto out;
	}
	r.meeting_id = meeting;
	r.ord = ++*ord;
	r.source = MG_SOURCE;
	rc = mg_id_key(c, &p, it, "agendaitemid", &mgid, &r.source_id);
	if (rc == 0)
		rc = mg_value(c, &p, it, "agendaitemtitle", 1, &r.title);
	if (rc == 0)
		rc = mg_count(c, &p, it, "declarationcount");
	if (rc == 0 && pre) {
		/* (mg_prepare worked them out) */
		r.purpose = pre->purpose ? mg_keep(&p, pre->purpose) : NULL;
		r.minutes = pre->minutes ? mg_keep(&p, pre->minutes) : NULL;
		r.decision = pre->decision ? mg_keep(&p, pre->decision) : NULL;
		pre->purpose = pre->minutes = pre->decision = NULL;
		rc = mg_oom(c, &p, it);
	}
	if (rc == 0 && !pre)
		rc = mg_html(c, &p, it, "agendatext", &r.purpose);
	if (rc == 0 && !pre)
		rc = mg_html(c, &p, it, "minutesnonemptyhtmlbody", &r.minutes);
	if (rc == 0 && !pre)
		rc = mg_html(c, &p, it, "decisionnonemptyhtmlbody", &r.decision);
	if (rc == 0)
		rc = mg_item_put(c, it, &r, board, &id);
	if (rc == 0)
		rc = mg_resolutions(c, it, id, r.minutes, r.decision);
	if (rc == 0)
		rc = mg_comment_actions(c, &p, it, id);
	if (rc == 0)
		rc = mg_documents(c, it, id);
	end = store_item_new_end(c->s, rc == 0);
	if (rc == 0)
		rc = mg_stored(c, it, end);
out:
	mg_pool_free(&p);
	return rc;
}

/* ---- the meeting --------------------------------------------------------- */

/* meeting: the meeting, its agenda items and its attendees. */
static int mg_meeting(struct mg_ctx *c, const xmlNode *root)
{
	struct mg_pool p = { 0 };
	const char *id, *key;
	xmlNode *n;
	int64_t board, meeting;
	int rc, ord = 0;
	size_t nitems = 0;

	for (n = mg_child(mg_child(root, "agendaitems"), "agendaitem"); n;
	     n = mg_next(n))
		nitems++;
	if (nitems > STORE_MAX_ITEMS)
		return mg_fail(c, root, -EINVAL, "%zu agenda items, more than the"
		               " %d a meeting may have", nitems, STORE_MAX_ITEMS);
	rc = mg_id_key(c, &p, root, "meetingid", &id, &key);
	if (rc == 0)
		rc = mg_meeting_board(c, root, id, key, &board);
	if (rc == 0)
		rc = mg_meeting_put(c, &p, root, board, &meeting);
	for (n = mg_child(mg_child(root, "agendaitems"), "agendaitem");
	     n && rc == 0; n = mg_next(n))
		rc = mg_item(c, n, meeting, board, &ord);
	if (rc == 0 && mg_child(root, "attendees"))
		rc = mg_attendees(c, mg_child(root, "attendees"), meeting);
	mg_pool_free(&p);
	return rc;
}

/* ---- parsing ------------------------------------------------------------- */

/* The first reason a document is refused, seen while parsing it. */
struct mg_parse {
	int line;
	char msg[512];
};

static void mg_parse_refuse(xmlParserCtxtPtr p, int line, const char *msg)
{
	struct mg_parse *st = p->_private;
	size_t n;

	if (st->msg[0])
		return;
	st->line = line;
	snprintf(st->msg, sizeof st->msg, "%s", msg);
	n = strlen(st->msg);
	while (n > 0 && isspace((unsigned char)st->msg[n - 1]))
		st->msg[--n] = '\0';
}

/* libxml2's structured error handler: errors refuse the document. */
static void mg_sax_error(void *ctx, xmlErrorPtr e)
{
	char msg[512];

	if (e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof msg, "malformed XML: %s",
	         e->message ? e->message : "parse error");
	mg_parse_refuse(ctx, e->line, msg);
}

/* <!DOCTYPE ...>: refused, and the parser stops before its subset. */
static void mg_sax_doctype(void *ctx, const xmlChar *name,
                           const xmlChar *external, const xmlChar *system)
{
	(void)name, (void)external, (void)system;
	mg_parse_refuse(ctx, xmlSAX2GetLineNumber(ctx),
	                "DOCTYPE/entity declarations are not allowed");
	xmlStopParser(ctx);
}

static void mg_sax_entity(void *ctx, const xmlChar *name, int type,
                          const xmlChar *public_id, const xmlChar *system_id,
                          xmlChar *content)
{
	(void)name, (void)type, (void)public_id, (void)system_id,
	(void)content;
	mg_sax_doctype(ctx, NULL, NULL, NULL);
}

/* Parse data (name for messages) into *doc (caller frees): 0, or
   -EFBIG, -EINVAL or -ENOMEM with msg the message "NAME:LINE: ...".
   Touches no store: safe on any thread. */
static int mg_parse(const char *name, const char *data, size_t len,
                    xmlDoc **doc, char *msg, size_t msgsz)
{
	struct mg_parse st = { 0 };
	xmlParserCtxtPtr p;
	int rc = 0;

	*doc = NULL;
	if (len > MG_MAX_BYTES) {
		snprintf(msg, msgsz, "%s:1: document too large (more than %u "
		         "MiB)", name, MG_MAX_BYTES >> 20);
		return -EFBIG;
	}
	if (len == 0) {
		snprintf(msg, msgsz, "%s:1: empty document", name);
		return -EINVAL;
	}
	p = xmlCreateMemoryParserCtxt(data, (int)len);
	if (!p) {
		snprintf(msg, msgsz, "%s:1: out of memory", name);
		return -ENOMEM;
	}
	xmlCtxtUseOptions(p, MG_XML_OPTIONS);
	p->_private = &st;
	p->sax->serror = mg_sax_error;
	p->sax->internalSubset = mg_sax_doctype;
	p->sax->externalSubset = mg_sax_doctype;
	p->sax->entityDecl = mg_sax_entity;
	xmlParseDocument(p);
	if (!st.msg[0] && (!p->wellFormed || !p->myDoc))
		mg_parse_refuse(p, 1, "malformed XML");
	if (!st.msg[0] && (p->myDoc->intSubset || p->myDoc->extSubset))
		mg_parse_refuse(p, 1, "DOCTYPE/entity declarations are not "
		                "allowed");
	if (st.msg[0]) {
		snprintf(msg, msgsz, "%s:%d: %s", name,
		         st.line > 0 ? st.line : 1, st.msg);
		rc = -EINVAL;
	} else {
		*doc = p->myDoc;
	}
	if (rc)
		xmlFreeDoc(p->myDoc);
	p->myDoc = NULL;
	xmlFreeParserCtxt(p);
	return rc;
}

static const struct {
	const char *root;
	int (*fn)(struct mg_ctx *, const xmlNode *);
} mg_roots[] = {
	{ "committees", mg_committees },
	{ "getmeetings", mg_getmeetings },
	{ "getmeetingsbydate", mg_getmeetings },
	{ "meeting", mg_meeting },
};

/* What mg_prepare made of a document. */
struct mg_prepared {
	xmlDoc *doc;                   /* NULL when it was refused */
	int rc;                        /* then why, and the message */
	char *msg;
};

/* The item elements of a GetMeeting root, or NULL. */
static xmlNode *mg_items(const xmlNode *root)
{
	if (!root || strcmp((const char *)root->name, "meeting") != 0)
		return NULL;
	return mg_child(mg_child(root, "agendaitems"), "agendaitem");
}

/*
** Work out ahead the text of agenda item it's HTML fields and the
** resolutions in them (what mg_item and mg_resolutions would), on its
** element's _private.  Nothing when out of memory: mg_item does it then.
*/
static void mg_pre_item(xmlNode *it)
{
	struct mg_pre *pre = calloc(1, sizeof *pre);

	if (!pre)
		return;
	if (mg_html_text(it, "agendatext", &pre->purpose) ||
	    mg_html_text(it, "minutesnonemptyhtmlbody", &pre->minutes) ||
	    mg_html_text(it, "decisionnonemptyhtmlbody", &pre->decision) ||
	    mg_res_parse(pre->minutes, pre->decision, &pre->res, &pre->nres)) {
		mg_pre_free(pre);
		return;
	}
	it->_private = pre;
}

int mg_prepare(const char *data, size_t len, const char *name,
               struct mg_prepared **out)
{
	struct mg_prepared *p = calloc(1, sizeof *p);
	char msg[1024];
	xmlNode *it;

	*out = p;
	if (!p)
		return -ENOMEM;
	xmlInitParser();
	p->rc = mg_parse(name ? name : "-", data, len, &p->doc, msg,
	                 sizeof msg);
	if (p->rc) {
		p->msg = strdup(msg);
		return 0;
	}
	for (it = mg_items(xmlDocGetRootElement(p->doc)); it; it = mg_next(it))
		mg_pre_item(it);
	return 0;
}

void mg_prepared_free(struct mg_prepared *p)
{
	xmlNode *it;

	if (!p)
		return;
	for (it = mg_items(xmlDocGetRootElement(p->doc)); it; it = mg_next(it)) {
		mg_pre_free(it->_private);
		it->_private = NULL;
	}
	xmlFreeDoc(p->doc);
	free(p->msg);
	free(p);
}

int mg_import_prepared(store *s, struct mg_prepared *p, const char *name,
                       const struct mg_options *opt, struct mg_result *res)
{
	static const struct mg_options none = { 0 };
	struct mg_result dummy;
	struct mg_ctx c = { 0 };
	xmlNode *root;
	size_t i;
	int rc;

	c.s = s;
	c.name = name ? name : "-";
	c.opt = opt ? opt : &none;
	c.res = res ? res : &dummy;
	memset(c.res, 0, sizeof *c.res);
	if (p->rc)
		return store_error(s, p->rc, "%s", p->msg ? p->msg
		                   : "out of memory");
	root = xmlDocGetRootElement(p->doc);
	for (i = 0; i < sizeof mg_roots / sizeof mg_roots[0]; i++)
		if (root && strcmp((const char *)root->name,
		                   mg_roots[i].root) == 0)
			break;
	if (i == sizeof mg_roots / sizeof mg_roots[0])
		return mg_fail(&c, root, -EINVAL, "unknown ModernGov XML root "
		               "<%.40s> (expected committees, getmeetings, "
		               "getmeetingsbydate or meeting)",
		               root ? (const char *)root->name : "");
	c.res->root = mg_roots[i].root;
	rc = mg_council(&c, root);
	if (rc == 0)
		rc = mg_roots[i].fn(&c, root);
	return rc;
}

int mg_import(store *s, const char *data, size_t len, const char *name,
              const struct mg_options *opt, struct mg_result *res)
{
	struct mg_prepared *p;
	int rc;

	if (res)
		memset(res, 0, sizeof *res);
	if (mg_prepare(data, len, name, &p) != 0)
		return store_error(s, -ENOMEM, "%s:1: out of memory",
		                   name ? name : "-");
	rc = mg_import_prepared(s, p, name, opt, res);
	mg_prepared_free(p);
	return rc;
}
