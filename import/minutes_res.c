/*
** minutes_res.c — resolution blocks ("Resolved –", "RESOLVED:", "It was
** agreed:", "Recommendations:", "Decision:") cut into resolutions, each
** with its label, kind, membership, whether it asks for an action and
** its deadline; a Decision block repeated by the minutes kept once.
*/
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "minutes_int.h"

/* ---- resolutions -------------------------------------------------------- */

/*
** 1 if the action phrase at s[i] is negated: "not", "no", "never",
** "cannot" or "nor" among the three words before it, within its clause
** ("That the report not be circulated", "That no report be submitted").
*/
static int mp_negated(const char *s, size_t i)
{
	static const char *const neg[] = { "not", "no", "never", "cannot", "nor", NULL };
	struct mp_back b;
	size_t j;

	mp_back(&b, s, i, 3);
	for (j = 0; j < b.n && !b.brk[j]; j++)
		if (mp_back_is(&b, j, neg))
			return 1;
	return 0;
}

/*
** 1 if resolution text s (n bytes) asks for something to be done: one of
** the phrases below, ignoring case, as whole words, not negated
** (mp_negated) and not in a clause that says "no action" or "no further
** action" (mp_clause_break ends a clause).  "be noted",
** "be endorsed", "be approved", "acknowledged", "welcomed" are not in it.
*/
static int mp_is_action(const char *s, size_t n)
{
	static const char *const tab[] = {
		"be circulated", "circulate", "circulates",
		"clarify", "clarifies", "be clarified",
		"receives an update", "receive an update",
		"receives a further update", "receive a further update",
		"receives a report", "receive a report",
		"receives a further report", "receive a further report",
		"report back", "reports back", "be reported",
		"be moved to", "be deferred to", "be taken on", "be taken to",
		"be brought", "bring back", "brings back",
		"establish", "establishes", "be established",
		"be provided", "provide", "provides",
		"be submitted", "submit", "submits",
		"investigate", "investigates", "be investigated",
		"write to", "writes to", "be written to",
		"arrange", "arranges", "be arranged",
		"be asked to", "be requested to", "be instructed to",
		"request that", "requests that", "be invited to",
		"invite", "invites", "be sent", "send", "sends",
		"be shared", "to share", "be prepared", "prepare", "prepares",
		"be presented", "be scheduled", "be added to", "be reviewed",
		"to review", "be considered at", "be considered by",
		"be followed up", "follow up", "follows up",
		"be explored", "explore", "explores", "be developed",
		"develop", "develops", "be produced", "produce", "produces",
		"be undertaken", "undertake", "undertakes", "be actioned",
		"be monitored", "be published", "be forwarded", "be referred",
		"be escalated", "be included in", "be updated",
	};
	size_t i, k;
	int none = 0;		/* in a "no action" clause */

	for (i = 0; i < n; i++) {
		if (mp_clause_break(s, n, i))
			none = 0;
		if ((i && mp_isword((unsigned char)s[i - 1]))
		    || !mp_isalpha((unsigned char)s[i]))
			continue;
		if (mp_word(s, n, i, "no action") || mp_word(s, n, i, "no further action"))
			none = 1;
		if (none)
			continue;
		for (k = 0; k < sizeof tab / sizeof tab[0]; k++)
			if (tab[k][0] == mp_lower((unsigned char)s[i])
			    && mp_word(s, n, i, tab[k]) && !mp_negated(s, i))
				return 1;
	}
	return 0;
}

void mp_res_free(struct minutes_resolution *r)
{
	free(r->label);
	free(r->text);
	free(r->membership);
	free(r->due);
	memset(r, 0, sizeof *r);
}

void mp_resv_free(struct mp_resv *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		mp_res_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* Block styles, from the block's first resolution. */
enum { MP_ST_NONE, MP_ST_PLAIN, MP_ST_BULLET, MP_ST_LABEL };

/* State of one pass over lines looking for resolution blocks. */
struct mp_scan {
	struct mp_resv *out;
	int inblock;		/* inside a resolution block */
	enum res_kind kind;	/* of the block */
	int style;		/* MP_ST_* */
	int lform;		/* with MP_ST_LABEL: label form ... */
	unsigned lmask;		/* ... and classes still possible */
	int open;		/* cur holds a resolution being read */
	struct minutes_resolution cur;	/* label, membership, line */
	struct buf text;	/* cur's text so far */
	const char *lead;	/* a lead-in line not yet taken ("The Cabinet
				   Member:", "That"): dropped before labelled
				   items, else their first line */
	size_t nlead;
	int lead_line;
	int implied;		/* still in the block the scan started in
				   (mp_scan's implied) ... */
	size_t first;		/* ... whose resolutions start at out->v[first] */
};

/* Finish the open resolution, if any: compute is_action and due and move
   it to sc->out (dropped if it has no text).  Returns 0 or -1 (OOM). */
static int mp_scan_close(struct mp_scan *sc)
{
	struct minutes_resolution *r = &sc->cur;
	int rc = -1;

	if (!sc->open)
		return 0;
	sc->open = 0;
	if (!buf_ok(&sc->text))
		goto out;
	if (sc->text.len == 0) {
		rc = 0;
		goto out;
	}
	r->text = mp_strndup(sc->text.data, sc->text.len);
	if (!r->text)
		goto out;
	r->is_action = mp_is_action(r->text, sc->text.len);
	if (mp_due(r->text, sc->text.len, r->is_action, &r->due) < 0)
		goto out;
	if (mp_grow((void **)&sc->out->v, &sc->out->cap, sc->out->n, sizeof *r) < 0)
		goto out;
	sc->out->v[sc->out->n++] = *r;
	memset(r, 0, sizeof *r);
	rc = 0;
out:
	mp_res_free(r);
	buf_reset(&sc->text);
	return rc;
}

static int mp_scan_start(struct mp_scan *sc, const char *s, size_t n,
                         size_t lab, size_t skip, int line);

/* A lead-in left standing alone is a resolution of its own, unless it is
   only "that". */
static int mp_scan_lead(struct mp_scan *sc)
{
	const char *s = sc->lead;
	size_t n = sc->nlead;

	sc->lead = NULL;
	if (!s || (mp_rtrim(s, n, " ,;:") && mp_prefix(s, mp_rtrim(s, n, " ,;:"), "that")
	           == mp_rtrim(s, n, " ,;:")))
		return 0;
	sc->style = MP_ST_PLAIN;
	return mp_scan_start(sc, s, n, 0, 0, sc->lead_line);
}

/* Close the open resolution and leave the block. */
static int mp_scan_end(struct mp_scan *sc)
{
	sc->inblock = 0;
	if (!sc->open && sc->lead && mp_scan_lead(sc) < 0)
		return -1;
	return mp_scan_close(sc);
}

/* 1 if s (an unlabelled first line of a block) leads in to the items
   below it: "That", "that:", "The Cabinet Member:", "I agree to:". */
static int mp_is_lead(const char *s, size_t n)
{
	size_t k = mp_rtrim(s, n, " ,;:");

	return n <= 160 && (s[n - 1] == ':' || s[n - 1] == ';'
	                    || (k && mp_prefix(s, k, "that") == k));
}

/* Append line text s (n bytes) to the open resolution, after a space. */
static void mp_scan_append(struct mp_scan *sc, const char *s, size_t n)
{
	assert(sc->open);
	if (sc->text.len && n)
		buf_putc(&sc->text, ' ');
	buf_add(&sc->text, s, n);
}

/* Start a new resolution at line s: label the first lab bytes ("" if 0),
   text after skip bytes.  Returns 0 or -1. */
static int mp_scan_start(struct mp_scan *sc, const char *s, size_t n,
                         size_t lab, size_t skip, int line)
{
	if (mp_scan_close(sc) < 0)
		return -1;
	sc->cur.label = mp_strndup(s, lab);
	if (!sc->cur.label)
		return -1;
	sc->cur.kind = sc->kind;
	sc->cur.line = line;
	sc->open = 1;
	if (skip < n)
		mp_scan_append(sc, s + skip, n - skip);
	return 0;
}

/*
** One line of a resolution block that is not a heading: a new resolution,
** a continuation of the open one, or (a new paragraph that does not look
** like either) the end of the block.
*/
static int mp_scan_item(struct mp_scan *sc, const char *s, size_t n, int line,
                        int newpara)
{
	int form = 0;
	unsigned mask = 0;
	size_t lab = mp_label(s, n, &form, &mask);
	size_t bul = lab ? 0 : mp_bullet(s, n);
	size_t skip = lab ? lab + (lab < n) : bul;

	if (!sc->open && !lab && !bul && !sc->lead && mp_is_lead(s, n)) {
		sc->lead = s;
		sc->nlead = n;
		sc->lead_line = line;
		return 0;
	}
	if (!sc->open && sc->lead && !lab) {
		if (mp_scan_lead(sc) < 0)
			return -1;
		if (sc->open) {
			mp_scan_append(sc, s, n);
			return 0;
		}
	}
	sc->lead = NULL;
	if (!sc->open) {
		sc->style = lab ? MP_ST_LABEL : bul ? MP_ST_BULLET : MP_ST_PLAIN;
		sc->lform = form;
		sc->lmask = mask;
		return mp_scan_start(sc, s, n, lab, skip, line);
	}
	if (lab && sc->style == MP_ST_LABEL && form == sc->lform
	    && (mask & sc->lmask)) {
		sc->lmask &= mask;
		return mp_scan_start(sc, s, n, lab, skip, line);
	}
	if (bul && sc->style == MP_ST_BULLET)
		return mp_scan_start(sc, s, n, 0, skip, line);
	/* "That ..." on the line after a finished one, with no blank line
	   between (pages captured with single line breaks) */
	if (!newpara && sc->style == MP_ST_PLAIN && s[0] == 'T' && mp_word(s, n, 0, "that")
	    && sc->text.len && strchr(".;", sc->text.data[sc->text.len - 1]))
		return mp_scan_start(sc, s, n, 0, 0, line);
	if (lab || bul || !newpara || sc->text.len == 0
	    || (s[0] >= 'a' && s[0] <= 'z')) {
		mp_scan_append(sc, s, n);	/* nested item or continuation */
		return 0;
	}
	if (mp_word(s, n, 0, "that"))
		return mp_scan_start(sc, s, n, 0, 0, line);
	return mp_scan_end(sc);
}

/*
** A resolution heading not at the start of line s (n bytes): after a
** minute's paragraph number ("17.4 Resolved – That ...": *rest at its
** text), or ending a line that names who resolved ("The Executive Mayor
** and Cabinet, RESOLVED to;", "The Committee resolved that:", "It was
** therefore agreed:": *rest n, the items follow).  "Resolved" and
** "agreed" only.  Returns 1 (*kind set) or 0.
*/
static int mp_late_heading(const char *s, size_t n, enum res_kind *kind,
                           size_t *rest)
{
	static const char *const ends[] = { "to", "that", "as follows", NULL };
	size_t e, k, w, i;
	int form;
	unsigned mask;

	k = mp_label(s, n, &form, &mask);
	if (k && form == 4 && k < n && mp_resheading(s + k + 1, n - k - 1, kind, rest)
	    && (*kind == RK_RESOLVED || *kind == RK_AGREED)) {
		*rest += k + 1;
		return 1;
	}
	e = mp_rtrim(s, n, " :;");
	if (e == n || n > 200 || (s[e] != ':' && s[e] != ';'))
		return 0;
	for (i = 0; ends[i]; i++) {
		w = strlen(ends[i]);
		if (e > w + 1 && s[e - w - 1] == ' ' && mp_word(s, e, e - w, ends[i])) {
			e -= w + 1;
			break;
		}
	}
	for (w = e; w > 0 && s[w - 1] != ' '; w--)
		;
	if (w < 2 || (!mp_word(s, e, w, "resolved") && !mp_word(s, e, w, "agreed"))
	    || w + 8 < e)
		return 0;
	*kind = mp_lower((unsigned char)s[w]) == 'r' ? RK_RESOLVED : RK_AGREED;
	*rest = n;
	return 1;
}

/* Drop the resolutions read so far in the block the scan started in (a
   "Decision:" block that is an account, a "Resolved" block in it the
   decision). */
static void mp_scan_drop_implied(struct mp_scan *sc)
{
	while (sc->out->n > sc->first)
		mp_res_free(&sc->out->v[--sc->out->n]);
}

/* One non-blank line s (n bytes) of a scan.  Returns 0 or -1 (OOM). */
static int mp_scan_line(struct mp_scan *sc, const char *s, size_t n, int line,
                        int newpara)
{
	enum res_kind kind;
	size_t rest, k;

	if (mp_resheading(s, n, &kind, &rest) || mp_late_heading(s, n, &kind, &rest)) {
		if (mp_scan_end(sc) < 0)
			return -1;
		if (sc->implied && (kind == RK_RESOLVED || kind == RK_AGREED))
			mp_scan_drop_implied(sc);
		sc->implied = 0;
		sc->inblock = 1;
		sc->kind = kind;
		return rest < n ? mp_scan_item(sc, s + rest, n - rest, line, 1) : 0;
	}
	if (!sc->inblock)
		return 0;
	if (mp_section(s, n, &rest) != MS_NONE)
		return mp_scan_end(sc);
	k = mp_prefix(s, n, "membership");
	if (k && mp_tail(s, n, k, &rest) && rest < n) {
		if (!sc->open || sc->cur.membership)
			return mp_scan_end(sc);
		n = mp_rtrim(s, n, ". ");
		sc->cur.membership = mp_strndup(s + rest, n > rest ? n - rest : 0);
		return sc->cur.membership ? 0 : -1;
	}
	return mp_scan_item(sc, s, n, line, newpara);
}

/*
** Find resolution blocks in lines [a, b) of t, appending to out.  With
** implied >= 0 the lines start inside a block of that kind (the page's
** "Decision:" block); a "Resolved" or "Agreed" block in it makes what came
** before an account, dropped.  Returns 0 or -1 (OOM).
*/
int mp_scan(const struct mp_text *t, size_t a, size_t b, int implied,
            struct mp_resv *out)
{
	struct mp_scan sc;
	size_t i;
	int rc = 0, newpara = 1;

	memset(&sc, 0, sizeof sc);
	sc.out = out;
	if (implied >= 0) {
		sc.inblock = 1;
		sc.kind = (enum res_kind)implied;
		sc.implied = 1;
		sc.first = out->n;
	}
	for (i = a; i < b && rc == 0; i++) {
		if (!mp_ln(t, i)) {
			newpara = 1;
			continue;
		}
		rc = mp_scan_line(&sc, mp_ls(t, i), mp_ln(t, i), mp_lineno(t, i),
		                  newpara);
		newpara = 0;
	}
	if (mp_scan_end(&sc) < 0)
		rc = -1;
	mp_res_free(&sc.cur);
	buf_free(&sc.text);
	return rc;
}

static void mp_res_key(const void *vec, size_t idx, const char **a, const char **b)
{
	const struct minutes_resolution *r = vec;

	*a = r[idx].label;
	*b = r[idx].text;
}

/* Drop every RK_DECISION resolution whose label and text another kind of
   resolution also has (the Decision block repeats the minutes' Resolved
   block).  Order is kept.  Returns 0 or -1 (OOM, r unchanged). */
int mp_dedup(struct mp_resv *r)
{
	struct mp_set set = {0};
	size_t i, o, ndec = 0;
	int rc = 0, hit;

	for (i = 0; i < r->n; i++) {
		if (r->v[i].kind == RK_DECISION)
			ndec++;
		else if (mp_set_put(&set, r->v, mp_res_key, r->v[i].label,
		                    r->v[i].text, i) < 0)
			rc = -1;
	}
	if (rc < 0 || ndec == 0 || ndec == r->n)
		goto out;
	for (i = o = 0; i < r->n; i++) {
		hit = r->v[i].kind == RK_DECISION
		      && mp_set_put(&set, r->v, mp_res_key, r->v[i].label,
		                    r->v[i].text, SIZE_MAX) == 1;
		if (hit)
			mp_res_free(&r->v[i]);
		else
			r->v[o++] = r->v[i];
	}
	r->n = o;
out:
	mp_set_free(&set);
	return rc;
}

int minutes_resolutions(const char *text, int first_line,
                        struct minutes_resolution **res, size_t *nres)
{
	return minutes_resolutions_as(text, first_line, -1, res, nres);
}

int minutes_resolutions_as(const char *text, int first_line, int implied,
                           struct minutes_resolution **res, size_t *nres)
{
	struct mp_text t;
	struct mp_resv r = {0};
	struct minutes_resolution *v;
	int rc = -1;

	if (!text)
		return 0;
	if (mp_split(text, strlen(text), first_line, &t) < 0)
		return -1;
	if (mp_scan(&t, 0, t.n, implied, &r) < 0 || mp_dedup(&r) < 0)
		goto out;
	rc = 0;
	if (r.n == 0)
		goto out;
	rc = -1;
	if (*nres > SIZE_MAX / sizeof *v / 2 - r.n)
		goto out;
	v = realloc(*res, (*nres + r.n) * sizeof *v);
	if (!v)
		goto out;
	memcpy(v + *nres, r.v, r.n * sizeof *v);
	*res = v;
	*nres += r.n;
	free(r.v);
	memset(&r, 0, sizeof r);
	rc = 0;
out:
	mp_resv_free(&r);
	mp_text_free(&t);
	return rc;
}
