/*
** minutes.c — parse one ModernGov "Agenda item" page (see minutes.h).
**
** The page is checked (size, NUL bytes, UTF-8), split into lines and every
** line normalised (trimmed, blank runs collapsed to one space) into one
** arena.  Every later pass reads that array of lines, so line numbers in
** messages and in resolutions are the page's own:
**
**   mp_sections   header, title, preamble (subtitle, purpose, "Meeting:"),
**                 the "Decision:", "Minutes:" and "Supporting documents:"
**                 ranges
**   mp_scan       resolution blocks, over the Decision block and the minutes
**   mp_people     witnesses, arrivals and departures, then memberships
**   mp_further    "Actions/further information to be provided:" entries
**   mp_docs       the supporting documents
**
** Every pass is linear in the size of the page; duplicates are found with
** a small hash set (mp_set), never by comparing all pairs.
**
** The parts: minutes_text.c (characters, input checks, lines, headings,
** labels, bullets, the hash set), minutes_dates.c (dates and deadlines),
** minutes_res.c (mp_scan: resolution blocks) and this file (the page:
** its sections, people, further information and documents); what they
** share is in minutes_int.h.
*/
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minutes_int.h"

/* ---- the page ------------------------------------------------------------ */

/* State of one minutes_parse call. */
struct mp_ctx {
	const char *name;	/* for messages */
	char **err;
	struct minutes_page *p;	/* being filled */
	struct mp_text t;	/* the page's lines */
	struct mp_resv res;
	size_t cap_people, cap_further, cap_docs;
	struct mp_set people;	/* p->people by (name, attendance) */
	int issue;		/* an "Issue - meetings" page */
	size_t title;		/* index of the title line */
	size_t body;		/* index of the first line after the title */
	size_t docs;		/* index of "Supporting documents:" (or t.n) */
	const struct minutes_opts *o;
};

static void mp_person_key(const void *vec, size_t idx, const char **a,
                          const char **b)
{
	const struct minutes_person *pp = vec;

	*a = pp[idx].name;
	*b = pp[idx].attendance;
}

/* The role given to a person whose name had a councillor's title. */
static const char mp_councillor[] = "Councillor";

/*
** If s (n bytes) starts with a councillor's title and a space ("Councillor
** ", "Councillors ", "Cllr ", "Cllr. ", "Cllrs ", any case) and more text
** follows, return the title's length with the space and set *plural to 1
** for a plural title, else 0; else return 0.
*/
static size_t mp_title(const char *s, size_t n, int *plural)
{
	static const struct { const char *pat; int plural; } tab[] = {
		{ "councillors ", 1 }, { "councillor ", 0 }, { "cllrs. ", 1 },
		{ "cllrs ", 1 }, { "cllr. ", 0 }, { "cllr ", 0 },
	};
	size_t i, k;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		k = mp_prefix(s, n, tab[i].pat);
		if (k && k < n) {
			*plural = tab[i].plural;
			return k;
		}
	}
	return 0;
}

/*
** Add a person to the page unless one with that name and attendance is
** already there.  A councillor's title (mp_title) is cut from the name and
** becomes the role if role is empty.  role and note may have length 0
** (stored as NULL).  Returns 0 or -1 (OOM).
*/
static int mp_person(struct mp_ctx *c, const char *name, size_t nn,
                     const char *role, size_t rn, const char *att,
                     const char *note, size_t notelen)
{
	struct minutes_page *p = c->p;
	struct minutes_person x = {0};
	size_t k;
	int hit, plural, rc = -1;

	k = mp_title(name, nn, &plural);
	if (k) {
		name += k;
		nn -= k;
		if (!rn) {
			role = mp_councillor;
			rn = sizeof mp_councillor - 1;
		}
	}
	if (mp_grow((void **)&p->people, &c->cap_people, p->npeople, sizeof x) < 0)
		return -1;
	x.name = mp_strndup(name, nn);
	x.attendance = mp_strndup(att, strlen(att));
	x.role = rn ? mp_strndup(role, rn) : NULL;
	x.note = notelen ? mp_strndup(note, notelen) : NULL;
	if (!x.name || !x.attendance || (rn && !x.role) || (notelen && !x.note))
		goto fail;
	p->people[p->npeople] = x;
	hit = mp_set_put(&c->people, p->people, mp_person_key, x.name,
	                 x.attendance, p->npeople);
	if (hit == 0) {
		p->npeople++;
		return 0;
	}
	rc = hit < 0 ? -1 : 0;	/* a duplicate is not an error */
fail:
	free(x.name);
	free(x.attendance);
	free(x.role);
	free(x.note);
	return rc;
}

/* Capitalised words that start a sentence or a list entry rather than a
   name ("The Chair", "During the meeting ...", "None"). */
static const char *const mp_not_name[] = {
	"the", "a", "an", "then", "also", "later", "at", "after", "during",
	"before", "when", "while", "subsequently", "none", "nil", "no", "all",
	"apologies", "there", NULL
};

/* 1 for the lower-case particles of names: "de", "van", "von", ... */
static int mp_particle(const char *w, size_t n)
{
	static const char *const tab[] = {
		"de", "van", "von", "der", "den", "la", "le", "du", "da", "di",
		"del", "della", "bin", "al", "ter", "ten",
	};
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strlen(tab[i]) == n && memcmp(w, tab[i], n) == 0)
			return 1;
	return 0;
}

/* 1 if w (n bytes) can be a word of a person's name: capitalised (or a
   particle), letters, hyphens, apostrophes and dots only. */
static int mp_nameword(const char *w, size_t n)
{
	size_t i;

	if (n == 0 || n > 40)
		return 0;
	if (!mp_iscap((unsigned char)w[0]) && !mp_particle(w, n))
		return 0;
	if (w[n - 1] == '.' && n > 5)
		return 0;	/* the end of a sentence, not "Dr." or "J." */
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];

		if (!mp_isalpha(ch) && ch < 0x80 && !strchr("-'.", ch))
			return 0;
	}
	return 1;
}

/* 1 if s (n bytes) looks like a person's name: one to six name words,
   at least one capitalised. */
static int mp_namelike(const char *s, size_t n)
{
	size_t i = 0, j, words = 0;
	int cap = 0;

	if (n == 0 || n > 120)
		return 0;
	while (i < n) {
		for (j = i; j < n && s[j] != ' '; j++)
			;
		if (!mp_nameword(s + i, j - i) || ++words > 6)
			return 0;
		cap |= !mp_particle(s + i, j - i);
		i = j + 1;
	}
	return cap;
}

/*
** The name that ends just before s[end] (a space): the longest run of up to
** six name words going back from there, not crossing from, with leading
** sentence words (mp_not_name: "The", "During") and particles dropped.
** Sets *start;
** returns its length (0 if none).
*/
static size_t mp_name_before(const char *s, size_t from, size_t end,
                             size_t *start)
{
	size_t b = end, ws, we, words = 0;

	while (b > from && words < 6) {
		we = b == end ? end : b - 1;
		if (b != end && (b - 1 < from || s[b - 1] != ' '))
			break;
		for (ws = we; ws > from && s[ws - 1] != ' ' && s[ws - 1] != '('
		     && we - ws <= 40; ws--)
			;
		if (!mp_nameword(s + ws, we - ws))
			break;
		b = ws;
		words++;
	}
	for (;;) {
		for (we = b; we < end && s[we] != ' '; we++)
			;
		if (we >= end)
			break;
		if (!mp_in(s + b, we - b, mp_not_name) && !mp_particle(s + b, we - b))
			break;
		b = we + 1;
	}
	*start = b;
	return end > b && !mp_particle(s + b, end - b) ? end - b : 0;
}

/*
** 1 if the "." at s[i] (of n bytes) ends a sentence: it is the last byte,
** or a space follows and it does not close an initial or an abbreviated
** title ("J. Smith", "Dr. Patel", "Cllr. Jones") unless a sentence word
** (mp_not_name) comes next ("Councillors A, B and C. The Chair ...").
*/
static int mp_sentence_end(const char *s, size_t n, size_t i)
{
	static const char *const abbr[] = {
		"mr", "mrs", "ms", "dr", "st", "cllr", "cllrs", "prof", "rev",
		"revd", NULL
	};
	struct mp_back b;
	size_t w;

	if (s[i] != '.')
		return 0;
	if (i + 1 == n)
		return 1;
	if (s[i + 1] != ' ')
		return 0;
	mp_back(&b, s, i, 1);
	if (b.n == 1 && b.at[0] + b.len[0] == i
	    && ((b.len[0] == 1 && mp_isupper((unsigned char)s[i - 1]))
	        || mp_back_is(&b, 0, abbr))) {
		for (w = i + 2; w < n && w - i < 16 && mp_isalpha((unsigned char)s[w]); w++)
			;
		return mp_in(s + i + 2, w - i - 2, mp_not_name);
	}
	return 1;
}

/* Count byte c into the bracket depth *depth; 1 if c is outside
   brackets and not a bracket itself. */
static int mp_outside(char c, size_t *depth)
{
	if (c == '(') {
		(*depth)++;
		return 0;
	}
	if (c == ')') {
		*depth -= *depth > 0;
		return 0;
	}
	return *depth == 0;
}

/*
** In list s (n bytes), the end of the entry starting at i: the next ",",
** ";", " and " or " & " outside brackets.  Sets *sep to the separator's
** length (0 at the end).
*/
static size_t mp_list_next(const char *s, size_t n, size_t i, size_t *sep)
{
	size_t depth = 0;

	for (*sep = 0; i < n; i++) {
		if (!mp_outside(s[i], &depth)) {
			continue;
		} else if (s[i] == ',' || s[i] == ';') {
			*sep = 1;
			break;
		} else if (s[i] == ' ' && mp_word(s, n, i + 1, "and")) {
			*sep = 4;
			break;
		} else if (s[i] == ' ' && i + 1 < n && s[i + 1] == '&') {
			*sep = 2;
			break;
		}
	}
	return i;
}

/* One entry of a list of people (mp_entry). */
struct mp_entry {
	const char *name, *role;	/* name keeps its title */
	size_t nn, rn;			/* rn 0: no role */
};

/*
** Parse the list entry s[a..b): "Councillor Ann Lee (Chair)", "and Bob
** Hart".  A leading "and" is dropped; the name is what comes before a
** bracket, the role what is inside it.  A plural title ("Councillors A, B
** and C") sets *carry, and while it is set entries with neither title nor
** role get role "Councillor"; a singular title or an honorific ("Mr",
** "Dr", ...) clears it.  Returns 1 if the name without its title looks
** like a person's (mp_namelike; without a title, not starting with a word
** of mp_not_name such as "The" unless it is one letter), else 0.
*/
static int mp_entry(const char *s, size_t a, size_t b, int *carry,
                    struct mp_entry *x)
{
	static const char *const honorific[] = {
		"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir",
		"dame", "lord", "lady", "rev", "revd", NULL
	};
	size_t k, p, q, w;
	int plural;

	while (a < b && s[a] == ' ')
		a++;
	if (mp_word(s, b, a, "and"))
		a += 3 + (a + 3 < b);
	for (p = a; p < b && s[p] != '('; p++)
		;
	x->name = s + a;
	x->nn = mp_rtrim(s + a, p - a, " ,;:");
	x->role = NULL;
	x->rn = 0;
	if (p < b) {
		for (q = b; q > p + 1 && s[q - 1] != ')'; q--)
			;
		q = q > p + 1 ? q - 1 : b;	/* the last ")", or the end */
		for (p++; p < q && s[p] == ' '; p++)
			;
		x->role = s + p;
		x->rn = mp_rtrim(s + p, q - p, " ");
	}
	k = mp_title(x->name, x->nn, &plural);
	for (w = k; w < x->nn && x->name[w] != ' '; w++)
		;
	if (k)
		*carry = plural;
	else if (mp_in(x->name, mp_rtrim(x->name, w, "."), honorific))
		*carry = 0;
	if (!k && !x->rn && *carry) {
		x->role = mp_councillor;
		x->rn = sizeof mp_councillor - 1;
	}
	return mp_namelike(x->name + k, x->nn - k)
	       && (k || x->nn == 1 || !mp_in(x->name, w, mp_not_name));
}

/*
** The people in list s (n bytes), "Councillors A (Chair), B and C", up to
** the end of its first sentence (mp_sentence_end outside brackets; *ended
** is set to 1 if there is one, else 0).  Entries are split by
** mp_list_next and parsed by mp_entry.  With add set, each that is a name
** is added with attendance att and the note (notelen bytes, 0 for none)
** and the others skipped; without, nothing is added.  Returns the number
** of names (without add: 0 unless every non-empty entry is one), or -1
** (OOM).
*/
static long mp_list_people(struct mp_ctx *c, const char *s, size_t n,
                           const char *att, const char *note, size_t notelen,
                           int add, int *ended)
{
	struct mp_entry x;
	size_t i, j, e, sep, depth = 0;
	long count = 0;
	int carry = 0;

	for (e = 0; e < n; e++)
		if (mp_outside(s[e], &depth) && mp_sentence_end(s, n, e))
			break;
	*ended = e < n;
	for (i = 0; i < e; i = j + sep) {
		j = mp_list_next(s, e, i, &sep);
		while (i < j && s[i] == ' ')
			i++;
		if (i == j)
			continue;
		if (!mp_entry(s, i, j, &carry, &x)) {
			if (!add)
				return 0;
			continue;
		}
		if (add && mp_person(c, x.name, x.nn, x.role, x.rn, att, note,
		                     notelen) < 0)
			return -1;
		count++;
	}
	return count;
}

/*
** Arrivals and departures on line s (n bytes): "[Dorothy Ross-Tomlin
** arrived at 10.15 am]", "[Councillors A and B left the meeting at 11.30
** am]", and outside brackets "X arrived late", "X arrived at the meeting",
** "X joined the meeting", "X left the meeting".  Who: the words from the
** bracket, the sentence or the previous verb to the verb if they are a
** list of names (mp_list_people), else the name just before the verb
** (mp_name_before).  Returns 0 or -1 (OOM).
*/
static int mp_comings(struct mp_ctx *c, const char *s, size_t n)
{
	static const struct { const char *verb, *need, *att; } tab[] = {
		{ "arrived", " late", "arrived late" },
		{ "arrived", " at the meeting", "arrived late" },
		{ "joined", " the meeting", "arrived late" },
		{ "left", " the meeting", "left early" },
		{ "left", " the room", "left early" },
	};
	size_t i, k, v = 0, e, st, nl, from = 0;
	int inbr = 0, ended;
	long rc;

	for (i = 0; i < n; i++) {
		if (s[i] == '[' || s[i] == ']') {
			inbr = s[i] == '[';
			from = i + 1;
		} else if (s[i] == ';' || mp_sentence_end(s, n, i)) {
			from = i + 1;
		}
		if (!i || s[i - 1] != ' ')
			continue;
		for (k = 0; k < sizeof tab / sizeof tab[0]; k++) {
			if (tab[k].verb[0] != mp_lower((unsigned char)s[i]))
				continue;   /* cheap: this is tried at every word */
			v = mp_word(s, n, i, tab[k].verb);
			if (v && (inbr || mp_prefix(s + i + v, n - i - v, tab[k].need)))
				break;
		}
		if (k == sizeof tab / sizeof tab[0])
			continue;
		for (e = i; e < n && e - i < 200 && s[e] != ']' && s[e] != ';'
		     && !(s[e] == '.' && (e + 1 == n || s[e + 1] == ' ')); e++)
			;
		e = mp_rtrim(s + i, e - i, ". ");
		rc = 0;
		if (from < i && i - 1 - from <= 300
		    && mp_list_people(c, s + from, i - 1 - from, tab[k].att, NULL, 0,
		                      0, &ended) > 0)
			rc = mp_list_people(c, s + from, i - 1 - from, tab[k].att,
			                    s + i, e, 1, &ended);
		else if ((nl = mp_name_before(s, from, i - 1, &st)) != 0
		         && mp_namelike(s + st, nl))
			rc = mp_person(c, s + st, nl, NULL, 0, tab[k].att, s + i, e);
		if (rc < 0)
			return -1;
		from = i + v;	/* the next verb's people come after this one */
	}
	return 0;
}

/*
** The witnesses listed after the "Witnesses:" heading at line h (text on
** the heading line counts): one "Name, Role" per line until a heading or
** a line that does not start with a name.  Returns the line to go on
** from, or SIZE_MAX if out of memory.
*/
static size_t mp_witnesses(struct mp_ctx *c, size_t h, size_t rest)
{
	const struct mp_text *t = &c->t;
	const char *s;
	size_t i, n, k, nn, r;

	for (i = h; i < c->docs; i++) {
		s = mp_ls(t, i) + (i == h ? rest : 0);
		n = mp_ln(t, i) - (i == h ? rest : 0);
		if (!n)
			continue;
		if (i != h && (mp_isheading(s, n) || mp_colon_heading(s, n)))
			break;
		k = mp_bullet(s, n);
		s += k;
		n -= k;
		for (nn = 0; nn < n && s[nn] != ','; nn++)
			if (nn + 1 < n && s[nn] == ' ' && mp_dash(s + nn + 1, n - nn - 1))
				break;
		if (!mp_namelike(s, nn))
			break;
		for (r = nn + 1; r < n; r += k)
			if (!(k = s[r] == ' ' ? 1 : mp_dash(s + r, n - r)))
				break;
		k = r < n ? mp_rtrim(s + r, n - r, ".,; ") : 0;
		if (mp_person(c, s, nn, s + r, k, "witness", NULL, 0) < 0)
			return SIZE_MAX;
	}
	return i > h ? i : h + 1;
}

/*
** 1 if line s (n bytes) starts a list of the people present or sending
** apologies: "Present:", "Also present:", "In attendance:", "Apologies:",
** "Apologies for absence -", or "Apologies for absence were received from"
** (the list follows "from" or "by" in the same sentence, within 80
** bytes).  Sets *att ("present" or "apologies") and *rest to where the
** list starts (n if on the next lines).
*/
static int mp_roster(const char *s, size_t n, const char **att, size_t *rest)
{
	static const char *const present[] = {
		"present", "also present", "members present",
		"councillors present", "officers present", "in attendance",
		"also in attendance", "officers in attendance",
	};
	size_t i, k, m;

	for (i = 0; i < sizeof present / sizeof present[0]; i++) {
		k = mp_prefix(s, n, present[i]);
		if (k && mp_tail(s, n, k, rest)) {
			*att = "present";
			return 1;
		}
	}
	k = mp_word(s, n, 0, "apologies");
	if (!k)
		k = mp_word(s, n, 0, "apology");
	if (!k)
		return 0;
	*att = "apologies";
	if (k < n && s[k] == ' ' && (m = mp_word(s, n, k + 1, "for absence")) != 0)
		k += 1 + m;
	if (mp_tail(s, n, k, rest))
		return 1;
	for (i = k; i < n && i < k + 80 && s[i] != '.'; i++) {
		if (s[i] != ' ')
			continue;
		m = mp_word(s, n, i + 1, "from");
		if (!m)
			m = mp_word(s, n, i + 1, "by");
		if (m) {
			*rest = i + 1 + m + (i + 1 + m < n);
			return 1;
		}
	}
	return 0;
}

/*
** The people listed after a mp_roster heading at line h (the list starting
** at byte rest of it), with attendance att: the rest of the line and the
** lines after it in its paragraph until a sentence ends, or, if the
** heading line has nothing after it, the lines after it (blank lines
** between allowed).  It stops at a heading or a line that names nobody.
** Lines it takes are also searched for arrivals and departures.  Returns
** the line to go on from, or SIZE_MAX if out of memory.
*/
static size_t mp_roll(struct mp_ctx *c, size_t h, size_t rest, const char *att)
{
	const struct mp_text *t = &c->t;
	const char *s, *a;
	size_t i, n, k, r;
	int ended = 0, below = rest == mp_ln(t, h);
	long got;

	for (i = h; i < c->docs && !ended; i++) {
		s = mp_ls(t, i) + (i == h ? rest : 0);
		n = mp_ln(t, i) - (i == h ? rest : 0);
		if (!n) {
			if (i != h && !below)
				break;
			continue;
		}
		if (i != h && (mp_isheading(s, n) || mp_colon_heading(s, n)
		               || mp_roster(s, n, &a, &r)))
			break;
		k = mp_bullet(s, n);
		got = mp_list_people(c, s + k, n - k, att, NULL, 0, 1, &ended);
		if (got < 0)
			return SIZE_MAX;
		if (got == 0 && i != h)
			break;
		if (mp_comings(c, mp_ls(t, i), mp_ln(t, i)) < 0)
			return SIZE_MAX;
	}
	return i > h ? i : h + 1;
}

/* Add the people named in a resolution's membership, "A, B and C", each
   with a note naming the resolution.  Returns 0 or -1 (OOM). */
static int mp_members(struct mp_ctx *c, const struct minutes_resolution *r)
{
	static const char *const noun[] = {
		[RK_RESOLVED] = "resolution", [RK_RECOMMENDATION] = "recommendation",
		[RK_AGREED] = "agreement", [RK_DECISION] = "decision",
	};
	struct buf note = {0};
	size_t ln;
	int ended, rc = -1;

	ln = mp_rtrim(r->label, strlen(r->label), ".");
	buf_printf(&note, "Membership named in %s%s%.*s.", noun[r->kind],
	           ln ? " " : "", (int)ln, r->label);
	if (buf_ok(&note)
	    && mp_list_people(c, r->membership, strlen(r->membership), "member",
	                      note.data, note.len, 1, &ended) >= 0)
		rc = 0;
	buf_free(&note);
	return rc;
}

/* People: witnesses, lists of those present or sending apologies, and
   comings and goings in page order, then members of bodies set up by a
   resolution.  Returns 0 or -1 (OOM). */
static int mp_people(struct mp_ctx *c)
{
	const struct mp_text *t = &c->t;
	const char *att;
	size_t i, rest;

	for (i = c->body; i < c->docs; i++) {
		if (!mp_ln(t, i))
			continue;
		if (mp_section(mp_ls(t, i), mp_ln(t, i), &rest) == MS_WITNESSES)
			i = mp_witnesses(c, i, rest);
		else if (mp_roster(mp_ls(t, i), mp_ln(t, i), &att, &rest))
			i = mp_roll(c, i, rest, att);
		else if (mp_comings(c, mp_ls(t, i), mp_ln(t, i)) < 0)
			return -1;
		else
			continue;
		if (i == SIZE_MAX)
			return -1;
		i--;
	}
	for (i = 0; i < c->p->nres; i++)
		if (c->p->res[i].membership && mp_members(c, &c->p->res[i]) < 0)
			return -1;
	return 0;
}

/* Add entry e to p->further unless it says there is none.  Returns 0 or
   -1 (OOM). */
static int mp_further_add(struct mp_ctx *c, struct buf *e)
{
	struct minutes_page *p = c->p;
	size_t n = mp_rtrim(e->data ? e->data : "", e->len, ". ");
	int rc = -1;

	if (!buf_ok(e))
		goto out;
	rc = 0;
	if (e->len == 0 || (n == 4 && mp_prefix(e->data, n, "none"))
	    || (n == 3 && (mp_prefix(e->data, n, "n/a") || mp_prefix(e->data, n, "nil"))))
		goto out;
	rc = -1;
	if (mp_grow((void **)&p->further, &c->cap_further, p->nfurther,
	            sizeof *p->further) < 0)
		goto out;
	p->further[p->nfurther] = mp_strndup(e->data, e->len);
	if (!p->further[p->nfurther])
		goto out;
	p->nfurther++;
	rc = 0;
out:
	buf_reset(e);
	return rc;
}

/*
** "Actions/further information to be provided:" entries: one per
** paragraph, or per bulleted or labelled line (bullets dropped), until the
** next heading ("Board next steps:" ...).  Returns 0 or -1 (OOM).
*/
static int mp_further(struct mp_ctx *c)
{
	const struct mp_text *t = &c->t;
	struct buf e = {0};
	const char *s;
	size_t i, n, rest, k;
	int in = 0, newpara = 0, form, rc = 0;
	unsigned mask;

	for (i = c->body; i < c->docs && rc == 0; i++) {
		s = mp_ls(t, i);
		n = mp_ln(t, i);
		if (!n) {
			newpara = 1;
			continue;
		}
		if (mp_section(s, n, &rest) == MS_FURTHER) {
			rc = mp_further_add(c, &e);
			in = 1;
			s += rest;
			n -= rest;
		} else if (in && (mp_isheading(s, n)
		                  || (newpara && mp_colon_heading(s, n)))) {
			rc = mp_further_add(c, &e);
			in = 0;
		} else if (in && (newpara || mp_bullet(s, n) || mp_label(s, n, &form, &mask))) {
			rc = mp_further_add(c, &e);
		}
		newpara = 0;
		if (!in || !n || rc < 0)
			continue;
		k = mp_bullet(s, n);
		if (e.len)
			buf_putc(&e, ' ');
		buf_add(&e, s + k, n - k);
	}
	if (rc == 0)
		rc = mp_further_add(c, &e);
	buf_free(&e);
	return rc;
}

/* Length of title s (n bytes) without a trailing file type and size
   ("PDF 250 KB", "(DOCX 1.2 MB)"). */
static size_t mp_drop_size(const char *s, size_t n)
{
	static const char *const units[] = { "kb", "mb", "gb", "bytes" };
	size_t e = n, k, u, d, ty;
	int paren = n && s[n - 1] == ')';

	e -= (size_t)paren;
	for (u = 0; u < 4; u++) {
		k = strlen(units[u]);
		if (e > k && s[e - k - 1] == ' ' && mp_prefix(s + e - k, k, units[u]))
			break;
	}
	if (u == 4)
		return n;
	e -= k + 1;
	for (d = e; d > 0 && (mp_isdigit((unsigned char)s[d - 1]) || s[d - 1] == '.'); d--)
		;
	if (d == e || d < 2 || s[d - 1] != ' ')
		return n;
	for (ty = d - 1; ty > 0 && (mp_isupper((unsigned char)s[ty - 1])
	                            || mp_isdigit((unsigned char)s[ty - 1])); ty--)
		;
	if (d - 1 - ty < 2 || d - 1 - ty > 5)
		return n;
	if (paren ? ty == 0 || s[ty - 1] != '(' : ty > 0 && s[ty - 1] != ' ')
		return n;
	ty -= (size_t)paren;
	return mp_rtrim(s, ty, " -:|");
}

/* 1 if s (n bytes) starts with "http://" or "https://" (any case). */
static int mp_url_at(const char *s, size_t n)
{
	size_t k = mp_prefix(s, n, "http");

	if (k && k < n && mp_lower((unsigned char)s[k]) == 's')
		k++;
	return k && n - k >= 3 && memcmp(s + k, "://", 3) == 0;
}

/* One "Supporting documents:" line: title and (first) http(s) URL.
   Returns 0 or -1 (OOM). */
static int mp_doc(struct mp_ctx *c, const char *s, size_t n)
{
	struct minutes_page *p = c->p;
	struct minutes_document d = {0};
	struct buf title = {0};
	size_t i, u0 = n, u1 = n, b, a;
	int rc = -1;

	for (i = 0; i < n; i++)
		if ((!i || !mp_isword((unsigned char)s[i - 1]))
		    && mp_url_at(s + i, n - i))
			break;
	if (i < n) {
		u0 = i;
		for (u1 = u0; u1 < n && !strchr(" \"<>", s[u1]); u1++)
			;
		u1 = u0 + mp_rtrim(s + u0, u1 - u0, ".,;:)]");
		d.url = mp_strndup(s + u0, u1 - u0);
		if (!d.url)
			goto out;
	}
	b = mp_rtrim(s, u0, " -:|([<");
	for (a = u1; a < n && strchr(" )]>", s[a]); a++)
		;
	buf_add(&title, s, b);
	if (b && a < n)
		buf_putc(&title, ' ');
	buf_add(&title, s + a, n - a);
	if (!buf_ok(&title))
		goto out;
	title.len = mp_drop_size(title.data ? title.data : "", title.len);
	if (title.len == 0 && d.url)
		buf_puts(&title, d.url);
	rc = 0;
	if (title.len == 0)
		goto out;
	rc = -1;
	d.title = mp_strndup(title.data, title.len);
	if (!d.title || mp_grow((void **)&p->docs, &c->cap_docs, p->ndocs, sizeof d) < 0)
		goto out;
	p->docs[p->ndocs++] = d;
	memset(&d, 0, sizeof d);
	rc = 0;
out:
	free(d.title);
	free(d.url);
	buf_free(&title);
	return rc;
}

/* The supporting documents: each non-blank line after the heading, up to a
   further "Meeting:" line.  Returns 0 or -1 (OOM). */
static int mp_docs(struct mp_ctx *c)
{
	const struct mp_text *t = &c->t;
	const char *s;
	size_t i, n, rest, k;

	for (i = c->docs; i < t->n; i++) {
		s = mp_ls(t, i);
		n = mp_ln(t, i);
		if (!n)
			continue;
		if (i > c->docs && mp_section(s, n, &rest) == MS_MEETING)
			break;
		k = mp_bullet(s, n);
		if (mp_doc(c, s + k, n - k) < 0)
			return -1;
	}
	return 0;
}

/* Set *out to a copy of n bytes at s, or leave it NULL if n is 0.
   Returns 0 or -1. */
static int mp_set_str(char **out, const char *s, size_t n)
{
	assert(*out == NULL);
	if (!n)
		return 0;
	*out = mp_strndup(s, n);
	return *out ? 0 : -1;
}

/*
** An "Issue - meetings" line "Meeting: 15/06/2015 - Cabinet (Item 5)" at
** line i (text after the heading at rest): sets meeting_date, committee
** and item_number and blanks the line.  Lines whose text does not start
** with a digit are left alone.  Returns 0, or -1 with *err set.
*/
static int mp_meeting(struct mp_ctx *c, size_t i, size_t rest)
{
	struct minutes_page *p = c->p;
	const char *s = mp_ls(&c->t, i) + rest;
	size_t n = mp_ln(&c->t, i) - rest, e, o, k;
	int y, m, d;
	long len;

	if (!n || !mp_isdigit((unsigned char)s[0]) || p->meeting_date)
		return 0;
	len = mp_date_at(s, n, &y, &m, &d);
	if (len <= 0) {
		for (k = 0; k < n && s[k] != ' '; k++)
			;
		mp_err(c->err, c->name, mp_lineno(&c->t, i),
		       "invalid meeting date \"%.*s\"", (int)k, s);
		return -1;
	}
	if (!(p->meeting_date = malloc(11)))
		return -1;
	snprintf(p->meeting_date, 11, "%04d-%02d-%02d", y, m, d);
	k = (size_t)len;
	k += mp_prefix(s + k, n - k, "-");
	while (k < n && s[k] == ' ')
		k++;
	e = n;
	if (e > k && s[e - 1] == ')') {
		for (o = e - 1; o > k && s[o] != '('; o--)
			;
		if (s[o] == '(' && mp_prefix(s + o + 1, n - o - 1, "item ")) {
			if (mp_set_str(&p->item_number, s + o + 6,
			               mp_rtrim(s + o + 6, e - 1 - (o + 6), " .")) < 0)
				return -1;
			e = o;
		}
	}
	if (mp_set_str(&p->committee, s + k, mp_rtrim(s + k, e - k, " -")) < 0)
		return -1;
	mp_cut(&c->t, i, mp_ln(&c->t, i));
	return 0;
}

/* Bytes of a weekday name at s[i] with the comma and space after it
   ("Monday ", "Thursday, "), or 0. */
static size_t mp_weekday(const char *s, size_t n, size_t i)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday", "sunday" };
	size_t j, k;

	for (j = 0; j < 7; j++) {
		k = mp_prefix(s + i, n - i, days[j]);
		if (!k)
			continue;
		k += i;
		k += k < n && s[k] == ',';
		while (k < n && s[k] == ' ')
			k++;
		return k - i;
	}
	return 0;
}

/*
** The newer agenda item layout's lines under the title: "- Meeting of
** <Committee>, Monday 13th October 2025 9.30 am (Item 47.)" sets the
** meeting's date, committee and the item's number; "- View the
** declarations of interest for item 47." and "- View the background to
** item 47." are links, dropped.  Line i is blanked if it was one of them.
** Returns 0, or -1 (OOM).
*/
static int mp_meeting_of(struct mp_ctx *c, size_t i)
{
	struct minutes_page *p = c->p;
	const char *s = mp_ls(&c->t, i);
	size_t n = mp_ln(&c->t, i), k = mp_bullet(s, n), j, e, o;
	int y, m, d;
	long len = 0;

	if (mp_prefix(s + k, n - k, "view the ")) {
		mp_cut(&c->t, i, n);
		return 0;
	}
	if (!mp_prefix(s + k, n - k, "meeting of "))
		return 0;
	k += mp_prefix(s + k, n - k, "meeting of ");
	for (j = n; j > k + 1; j--) {
		if (s[j - 1] != ',' || j >= n || s[j] != ' ')
			continue;
		o = j + 1;
		o += mp_weekday(s, n, o);
		if ((len = mp_date_at(s + o, n - o, &y, &m, &d)) > 0 && d)
			break;
	}
	if (j <= k + 1 || p->meeting_date)
		return 0;
	if (!(p->meeting_date = malloc(11)))
		return -1;
	snprintf(p->meeting_date, 11, "%04d-%02d-%02d", y, m, d);
	if (!p->committee && mp_set_str(&p->committee, s + k, j - 1 - k) < 0)
		return -1;
	e = n;
	if (e > 0 && s[e - 1] == ')') {
		for (o = e - 1; o > j && s[o] != '('; o--)
			;
		if (s[o] == '(' && mp_prefix(s + o + 1, n - o - 1, "item ") && !p->item_number
		    && mp_set_str(&p->item_number, s + o + 6,
		                  mp_rtrim(s + o + 6, e - 1 - (o + 6), " .")) < 0)
			return -1;
	}
	mp_cut(&c->t, i, n);
	return 0;
}

/* On an "Issue - meetings" page, 1 if line s is the item's number and
   title again ("5 Children's Services Improvement Update"). */
static int mp_issue_title(struct mp_ctx *c, const char *s, size_t n)
{
	const char *num = c->p->item_number, *title = c->p->title;
	size_t k = num ? strlen(num) : 0, tl = title ? strlen(title) : 0;

	if (!k || !tl || n <= k || memcmp(s, num, k) != 0)
		return 0;
	k += s[k] == '.';
	if (k >= n || s[k] != ' ')
		return 0;
	k++;
	if (n - k != tl)
		return 0;
	for (; k < n; k++, title++)
		if (mp_lower((unsigned char)s[k]) != mp_lower((unsigned char)*title))
			return 0;
	return 1;
}

/*
** The lines between the title and the first section [a, b): "Meeting:"
** lines, the subtitle (a short one-line paragraph, or the value of
** "Purpose of the report:"; not a "Present:" line), and the rest as
** purpose.  Returns 0, or -1
** with *err set (or OOM).
*/
static int mp_preamble(struct mp_ctx *c, size_t a, size_t b)
{
	struct mp_text *t = &c->t;
	struct minutes_page *p = c->p;
	const char *s, *att;
	size_t i, n, rest, k;

	for (i = a; i < b; i++) {
		if (!mp_ln(t, i))
			continue;
		if (mp_section(mp_ls(t, i), mp_ln(t, i), &rest) == MS_MEETING
		    && mp_meeting(c, i, rest) < 0)
			return -1;
		if (mp_ln(t, i) && mp_meeting_of(c, i) < 0)
			return -1;
	}
	i = mp_next(t, a);
	if (i < b && c->issue && mp_issue_title(c, mp_ls(t, i), mp_ln(t, i))) {
		mp_cut(t, i, mp_ln(t, i));
		i = mp_next(t, i);
	}
	if (i < b) {
		s = mp_ls(t, i);
		n = mp_ln(t, i);
		k = mp_prefix(s, n, "purpose of the report");
		if (k && mp_tail(s, n, k, &rest)) {
			if (mp_set_str(&p->subtitle, s + rest, n - rest) < 0)
				return -1;
			mp_cut(t, i, n);
		} else if ((i + 1 == b || !mp_ln(t, i + 1)) && n <= 200 && s[n - 1] != '.'
		           && !mp_roster(s, n, &att, &rest)) {
			if (mp_set_str(&p->subtitle, s, n) < 0)
				return -1;
			mp_cut(t, i, n);
		}
	}
	return mp_join(t, a, b, &p->purpose);
}

/* 1 if line s is the page header: "Agenda item" or "Issue - meetings"
   (2 for the latter); 0 if neither. */
static int mp_header(const char *s, size_t n)
{
	if (mp_prefix(s, n, "agenda item") == n)
		return 1;
	if (mp_prefix(s, n, "issue-meetings") == n)
		return 2;
	return 0;
}

/* 1 if line i of t is a section heading with a colon ("Minutes:"): not
   a title. */
static int mp_is_label(const struct mp_text *t, size_t i)
{
	size_t rest;

	return mp_section(mp_ls(t, i), mp_ln(t, i), &rest) != MS_NONE
	       && memchr(mp_ls(t, i), ':', mp_ln(t, i));
}

/*
** With no "Minutes:" or "Decision:" label in [a, b): where the minutes
** start.  After an "Additional documents:" line if there is one; else
** after the first paragraph when more follow and it opens no resolution
** block; else at a (all of it is minutes).
*/
static size_t mp_unlabelled(const struct mp_text *t, size_t a, size_t b)
{
	size_t i, rest, first = mp_next(t, a);
	enum res_kind kind;

	for (i = a; i < b; i++)
		if (mp_ln(t, i) && mp_section(mp_ls(t, i), mp_ln(t, i), &rest) == MS_ADDDOCS)
			return i;
	if (first >= b || mp_resheading(mp_ls(t, first), mp_ln(t, first), &kind, &rest))
		return a;
	for (i = first; i < b && mp_ln(t, i); i++)
		;
	return mp_next(t, i) < b ? i : a;
}

/*
** 1 if s (n bytes) holds a clause in the subjunctive of a resolution:
** "be" after a word that is no modal, "to" or "not" ("the report be
** noted", "the Director be requested to"; not "could be circulated").
*/
static int mp_subjunctive(const char *s, size_t n)
{
	static const char *const modal[] = { "would", "could", "should", "will",
		"can", "cannot", "may", "might", "must", "shall", "to", "not",
		"also", "then", NULL };
	struct mp_back b;
	size_t i;

	for (i = 1; i + 4 < n; i++)
		if (s[i - 1] == ' ' && mp_word(s, n, i, "be") && s[i + 2] == ' '
		    && mp_isalpha((unsigned char)s[i + 3])) {
			mp_back(&b, s, i - 1, 1);
			if (b.n == 1 && !mp_back_is(&b, 0, modal))
				return 1;
		}
	return 0;
}

/*
** In minutes [a, b) with no resolution block: where resolutions start
** whose "RESOLVED" heading the capture lost, or b.  A paragraph "That
** ... be approved ...", or a labelled line continuing an elided "that"
** ("(1) the progress made be noted;"), each in the subjunctive.
*/
static size_t mp_headless(const struct mp_text *t, size_t a, size_t b)
{
	size_t i, n, k;
	const char *s;
	int form;
	unsigned mask;

	for (i = a; i < b; i++) {
		s = mp_ls(t, i);
		n = mp_ln(t, i);
		if (!n)
			continue;
		if (s[0] == 'T' && mp_word(s, n, 0, "that") && (i == a || !mp_ln(t, i - 1))
		    && mp_subjunctive(s, n))
			return i;
		k = mp_label(s, n, &form, &mask);
		if (k && k + 1 < n && s[k + 1] >= 'a' && s[k + 1] <= 'z'
		    && strchr(";.", s[n - 1]) && mp_subjunctive(s + k, n - k))
			return i;
	}
	return b;
}

/*
** Find the page's parts: header, title, preamble, "Decision:" block,
** "Minutes:" block and "Supporting documents:" (c->docs), and fill title,
** subtitle, purpose, meeting fields, decision and minutes.  Heading lines
** are cut to the text after the heading.  What c->o relaxes: the header,
** the title (given, or the first line), the end ("Supporting
** documents:"), the "Minutes:" label.  Returns 0, or -1 with *err set
** (or OOM).
*/
static int mp_sections(struct mp_ctx *c)
{
	const struct minutes_opts *o = c->o;
	struct mp_text *t = &c->t;
	struct minutes_page *p = c->p;
	size_t h, i, rest, dec = SIZE_MAX, min = SIZE_MAX, pre_end;
	enum mp_sec sec;

	h = mp_next(t, 0);
	if (h == t->n && o->headed) {
		mp_err(c->err, c->name, mp_lineno(t, 0), "empty input");
		return -1;
	}
	if (o->headed) {
		c->issue = mp_header(mp_ls(t, h), mp_ln(t, h)) == 2;
		if (!mp_header(mp_ls(t, h), mp_ln(t, h))) {
			mp_err(c->err, c->name, mp_lineno(t, h),
			       "not a ModernGov agenda item page (expected \"Agenda item\")");
			return -1;
		}
		c->title = mp_next(t, h + 1);
		if (c->title == t->n || mp_is_label(t, c->title)) {
			mp_err(c->err, c->name, mp_lineno(t, c->title < t->n ? c->title : h),
			       "no title (expected the item's title after the header)");
			return -1;
		}
		c->body = c->title + 1;
	} else {
		c->issue = o->issue;
		c->title = SIZE_MAX;
		c->body = 0;
		if (!o->title && h < t->n && !mp_is_label(t, h)) {
			c->title = h;
			c->body = h + 1;
		}
	}
	for (i = c->body; i < t->n; i++)
		if (mp_ln(t, i) && mp_section(mp_ls(t, i), mp_ln(t, i), &rest) == MS_DOCS)
			break;
	if (i == t->n && !o->open_end) {
		i = t->n - 1 - (t->n > 1 && !mp_ln(t, t->n - 1));
		mp_err(c->err, c->name, mp_lineno(t, i),
		       "truncated page (no \"Supporting documents:\" line)");
		return -1;
	}
	c->docs = i;
	if (c->docs < t->n)
		mp_cut(t, c->docs, rest);
	if (o->title)
		p->title = mp_strndup(o->title, strlen(o->title));
	else if (c->title != SIZE_MAX)
		p->title = mp_strndup(mp_ls(t, c->title), mp_ln(t, c->title));
	if ((o->title || c->title != SIZE_MAX) && !p->title)
		return -1;
	for (i = c->body; i < c->docs && min == SIZE_MAX; i++) {
		sec = mp_ln(t, i) ? mp_section(mp_ls(t, i), mp_ln(t, i), &rest) : MS_NONE;
		if (sec == MS_DECISION && dec == SIZE_MAX)
			dec = i;
		else if (sec == MS_MINUTES)
			min = i;
		else
			continue;
		mp_cut(t, i, rest);
	}
	if (o->open_end && dec == SIZE_MAX && min == SIZE_MAX)
		min = mp_unlabelled(t, c->body, c->docs);
	for (i = c->body; i < c->docs; i++)
		if (mp_ln(t, i) && mp_section(mp_ls(t, i), mp_ln(t, i), &rest) == MS_ADDDOCS)
			mp_cut(t, i, mp_ln(t, i));
	pre_end = dec < min ? dec : min < c->docs ? min : c->docs;
	if (mp_preamble(c, c->body, pre_end) < 0)
		return -1;
	if (dec != SIZE_MAX) {
		i = min < c->docs ? min : c->docs;
		if (mp_join(t, dec, i, &p->decision) < 0
		    || mp_scan(t, dec, i, RK_DECISION, &c->res) < 0)
			return -1;
	}
	if (min != SIZE_MAX
	    && (mp_join(t, min, c->docs, &p->minutes) < 0
	        || mp_scan(t, min, c->docs, -1, &c->res) < 0))
		return -1;
	if (min != SIZE_MAX && dec == SIZE_MAX && c->res.n == 0
	    && (i = mp_headless(t, min, c->docs)) < c->docs
	    && mp_scan(t, i, c->docs, RK_RESOLVED, &c->res) < 0)
		return -1;
	if (mp_dedup(&c->res) < 0)
		return -1;
	p->res = c->res.v;
	p->nres = c->res.n;
	memset(&c->res, 0, sizeof c->res);
	return 0;
}

int minutes_parse_part(const char *text, size_t len, const char *name,
                       const struct minutes_opts *o, struct minutes_page *out,
                       char **err)
{
	struct mp_ctx c;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	c.name = name ? name : "input";
	c.err = err;
	c.p = out;
	c.o = o;
	if (mp_split(text, len, o->first_line, &c.t) < 0
	    || mp_sections(&c) < 0 || mp_people(&c) < 0 || mp_further(&c) < 0
	    || (c.docs < c.t.n && mp_docs(&c) < 0))
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		mp_err(err, c.name, 0, "out of memory");
		minutes_free(out);
	}
	mp_resv_free(&c.res);
	mp_set_free(&c.people);
	mp_text_free(&c.t);
	return rc;
}

int minutes_parse(const char *text, size_t len, const char *name,
                  struct minutes_page *out, char **err)
{
	static const struct minutes_opts whole = { 1, 1, NULL, 0, 0 };
	int skip;

	memset(out, 0, sizeof *out);
	if (err)
		*err = NULL;
	skip = mp_check(text, len, name ? name : "input", err);
	if (skip < 0)
		return -1;
	return minutes_parse_part(text + skip, len - (size_t)skip, name, &whole,
	                          out, err);
}

void minutes_free(struct minutes_page *p)
{
	size_t i;

	if (!p)
		return;
	free(p->title);
	free(p->subtitle);
	free(p->purpose);
	free(p->decision);
	free(p->minutes);
	for (i = 0; i < p->nres; i++)
		mp_res_free(&p->res[i]);
	free(p->res);
	for (i = 0; i < p->npeople; i++) {
		free(p->people[i].name);
		free(p->people[i].role);
		free(p->people[i].attendance);
		free(p->people[i].note);
	}
	free(p->people);
	for (i = 0; i < p->nfurther; i++)
		free(p->further[i]);
	free(p->further);
	for (i = 0; i < p->ndocs; i++) {
		free(p->docs[i].title);
		free(p->docs[i].url);
	}
	free(p->docs);
	free(p->meeting_date);
	free(p->committee);
	free(p->item_number);
	memset(p, 0, sizeof *p);
}
