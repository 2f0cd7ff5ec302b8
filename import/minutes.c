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
*/
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "minutes.h"

/* ---- characters and strings --------------------------------------------- */

static int mp_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int mp_isdigit(int c) { return c >= '0' && c <= '9'; }
static int mp_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static int mp_isalpha(int c) { return mp_lower(c) >= 'a' && mp_lower(c) <= 'z'; }

/* 1 if byte c can be part of a word: ASCII letter or digit, or any byte of
   a multi-byte UTF-8 character. */
static int mp_isword(unsigned char c)
{
	return mp_isalpha(c) || mp_isdigit(c) || c >= 0x80;
}

/* 1 if c can start a capitalised word: an ASCII capital or the lead byte
   of a non-ASCII character (whose case we do not know). */
static int mp_iscap(unsigned char c)
{
	return mp_isupper(c) || c >= 0xc0;
}

/* A malloc'd NUL-terminated copy of n bytes at s, or NULL (out of memory). */
static char *mp_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Make room in the array *v (elements of size bytes, *cap of them) for
   element number n.  Returns 0, or -1 with *v unchanged. */
static int mp_grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t nc;
	void *p;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	if (nc > SIZE_MAX / size / 2)
		return -1;
	p = realloc(*v, nc * size);
	if (!p)
		return -1;
	*v = p;
	*cap = nc;
	return 0;
}

/* Bytes of a hyphen, en dash or em dash at s (n bytes), else 0. */
static size_t mp_dash(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '-')
		return 1;
	if (n >= 3 && memcmp(s, "\xe2\x80", 2) == 0
	    && (s[2] == '\x93' || s[2] == '\x94'))
		return 3;
	return 0;
}

/*
** If s (n bytes) starts with pat, ignoring ASCII case, return the number
** of bytes matched, else 0.  In pat (lower case), '/' matches a slash and
** '-' a hyphen, en dash or em dash, either with optional spaces around.
*/
static size_t mp_prefix(const char *s, size_t n, const char *pat)
{
	size_t i = 0, k;

	for (; *pat; pat++) {
		if (*pat == '/' || *pat == '-') {
			if (i < n && s[i] == ' ')
				i++;
			k = *pat == '/' ? (i < n && s[i] == '/') : mp_dash(s + i, n - i);
			if (!k)
				return 0;
			i += k;
			if (i < n && s[i] == ' ')
				i++;
		} else {
			if (i >= n || mp_lower((unsigned char)s[i]) != *pat)
				return 0;
			i++;
		}
	}
	return i;
}

/* If s[i..n) starts with the word w (lower case, ignoring case) followed by
   a non-word byte or the end, return its length, else 0. */
static size_t mp_word(const char *s, size_t n, size_t i, const char *w)
{
	size_t k;

	if (i > n)
		return 0;
	k = mp_prefix(s + i, n - i, w);
	if (!k || (i + k < n && mp_isword((unsigned char)s[i + k])))
		return 0;
	return k;
}

/*
** After a heading keyword ending at s[i]: 1 if the line ends there or
** continues with separators (':', dashes, spaces, at least one ':' or
** dash), setting *rest to the first byte after them; else 0.
*/
static int mp_tail(const char *s, size_t n, size_t i, size_t *rest)
{
	int sep = i == n;
	size_t k;

	while (i < n) {
		if (s[i] == ':') {
			sep = 1;
			i++;
		} else if ((k = mp_dash(s + i, n - i)) != 0) {
			sep = 1;
			i += k;
		} else if (s[i] == ' ') {
			i++;
		} else {
			break;
		}
	}
	if (sep)
		*rest = i;
	return sep;
}

/* Number of decimal digits at s[i..n) (1 to max, not followed by another
   digit) and their value in *val; 0 if none or too many. */
static size_t mp_num(const char *s, size_t n, size_t i, size_t max, int *val)
{
	size_t k = 0;
	int v = 0;

	while (i + k < n && mp_isdigit((unsigned char)s[i + k])) {
		if (++k > max)
			return 0;
		v = v * 10 + (s[i + k - 1] - '0');
	}
	*val = v;
	return k;
}

/* 1 if s[i] (of n bytes) ends a clause: one of ",;:()[]", or a "."
   followed by a space or the end. */
static int mp_clause_break(const char *s, size_t n, size_t i)
{
	if (s[i] == '.')
		return i + 1 == n || s[i + 1] == ' ';
	return s[i] && strchr(",;:()[]", s[i]) != NULL;
}

/*
** The word that ends before s[e]: at most 8 bytes of blanks and
** punctuation are skipped back over, then the word's bytes (mp_isword).
** Returns its length and sets *start; 0 if there is none or it is longer
** than 40 bytes.  *brk is set to 1 if the skipped bytes hold a clause
** break (mp_clause_break), else 0.  Looks at no more than 49 bytes.
*/
static size_t mp_word_before(const char *s, size_t e, size_t *start, int *brk)
{
	size_t b, k;

	*brk = 0;
	for (k = 0; e > 0 && k < 8 && !mp_isword((unsigned char)s[e - 1]); k++, e--)
		if (mp_clause_break(s, e, e - 1))
			*brk = 1;
	for (b = e; b > 0 && e - b <= 40 && mp_isword((unsigned char)s[b - 1]); b--)
		;
	if (b == e || e - b > 40)
		return 0;
	*start = b;
	return e - b;
}

#define MP_BACK 8

/* The words before a point in a text, nearest first (word 0). */
struct mp_back {
	const char *s;
	size_t n;			/* words found, at most MP_BACK */
	size_t at[MP_BACK], len[MP_BACK];
	int brk[MP_BACK];		/* a clause break follows word i */
};

/* Fill b with up to max (<= MP_BACK) words before s[e], stopping early
   at a word mp_word_before cannot return. */
static void mp_back(struct mp_back *b, const char *s, size_t e, size_t max)
{
	assert(max <= MP_BACK);
	b->s = s;
	for (b->n = 0; b->n < max; b->n++) {
		b->len[b->n] = mp_word_before(s, e, &b->at[b->n], &b->brk[b->n]);
		if (!b->len[b->n])
			break;
		e = b->at[b->n];
	}
}

/* 1 if the word w (n bytes) is one of the NULL-terminated list tab (lower
   case; the word's ASCII case is ignored). */
static int mp_in(const char *w, size_t n, const char *const *tab)
{
	for (; *tab; tab++)
		if (strlen(*tab) == n && mp_prefix(w, n, *tab) == n)
			return 1;
	return 0;
}

/* 1 if b has a word i and it is in tab (mp_in). */
static int mp_back_is(const struct mp_back *b, size_t i, const char *const *tab)
{
	return i < b->n && mp_in(b->s + b->at[i], b->len[i], tab);
}

/* mp_back_is for one word. */
#define MP_IS(b, i, w) mp_back_is((b), (i), (const char *const[]){ (w), NULL })

/* Length of s without trailing bytes from set. */
static size_t mp_rtrim(const char *s, size_t n, const char *set)
{
	while (n && strchr(set, s[n - 1]) && s[n - 1])
		n--;
	return n;
}

/* ---- input checks ------------------------------------------------------- */

/* Set *err (if err and *err is still NULL) to a malloc'd "name:line: ..."
   message, or "name: ..." when line is 0.  Out of memory leaves it NULL. */
static void mp_err(char **err, const char *name, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void mp_err(char **err, const char *name, int line, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	if (!err || *err)
		return;
	if (line > 0)
		buf_printf(&b, "%s:%d: ", name, line);
	else
		buf_printf(&b, "%s: ", name);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	*err = buf_detach(&b);
}

/*
** The end of the line that starts at p (p <= e): the first CR or LF before
** e, or e.  *next is set to the start of the following line, past the
** line break (LF, CR, CR LF, or CR CR LF: a CRLF file converted again), or
** to NULL if the line runs to e.
*/
static const char *mp_eol(const char *p, const char *e, const char **next)
{
	/* (memchr: lines are long, CR is rare.) */
	const char *lf = memchr(p, '\n', (size_t)(e - p));
	const char *cr = memchr(p, '\r', (size_t)((lf ? lf : e) - p));

	if (cr)
		p = cr;
	else if (lf)
		p = lf;
	else
		p = e;
	for (; p < e; p++) {
		if (*p == '\n') {
			*next = p + 1;
			return p;
		}
		if (*p == '\r') {
			*next = p + 1;
			if (e - p >= 3 && p[1] == '\r' && p[2] == '\n')
				*next = p + 3;
			else if (e - p >= 2 && p[1] == '\n')
				*next = p + 2;
			return p;
		}
	}
	*next = NULL;
	return e;
}

/* 1-based line number of byte offset off in s. */
static int mp_line_of(const char *s, size_t off)
{
	int line = 1;
	const char *p = s, *e = s + off;

	for (mp_eol(p, e, &p); p; mp_eol(p, e, &p))
		line++;
	return line;
}

/*
** Check the raw page: size, emptiness, NUL bytes, UTF-8.  Returns the
** number of bytes of a leading byte-order mark to skip, or -1 with *err
** set.
*/
static int mp_check(const char *text, size_t len, const char *name, char **err)
{
	const char *nul;
	size_t bad;

	if (len > MINUTES_MAX_BYTES) {
		mp_err(err, name, 0, "file too large (%zu bytes; at most %u)",
		       len, MINUTES_MAX_BYTES);
		return -1;
	}
	if (!text || len == 0) {
		mp_err(err, name, 1, "empty input");
		return -1;
	}
	nul = memchr(text, '\0', len);
	if ((len >= 2 && (memcmp(text, "\xff\xfe", 2) == 0 ||
	                  memcmp(text, "\xfe\xff", 2) == 0)) ||
	    (nul && len >= 2 && (text[0] == '\0') != (text[1] == '\0'))) {
		/* a byte-order mark, or every other byte NUL from the start
		   (without a mark iconv's "UTF-16" would read it big-endian) */
		const char *enc = (unsigned char)text[0] >= 0xfe ? "UTF-16" :
		                  text[0] == '\0' ? "UTF-16BE" : "UTF-16LE";

		mp_err(err, name, 1, "UTF-16 text, not UTF-8: convert it first "
		       "(iconv -f %s -t UTF-8 %s > %s.utf8)", enc, name, name);
		return -1;
	}
	if (nul) {
		mp_err(err, name, mp_line_of(text, (size_t)(nul - text)),
		       "binary data (NUL byte)");
		return -1;
	}
	if (!utf8_valid(text, len, &bad)) {
		mp_err(err, name, mp_line_of(text, bad),
		       "invalid UTF-8 (byte 0x%02x)", (unsigned char)text[bad]);
		return -1;
	}
	return len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

int minutes_check(const char *text, size_t len, const char *name, char **err)
{
	if (err)
		*err = NULL;
	return mp_check(text, len, name ? name : "input", err);
}

/* ---- lines -------------------------------------------------------------- */

struct mp_line {
	uint32_t off;		/* into mp_text.arena */
	uint32_t n;		/* bytes; 0 for a blank line */
};

/* A text split into normalised lines. */
struct mp_text {
	char *arena;		/* the lines back to back, no separators */
	struct mp_line *v;
	size_t n;
	int first;		/* line number of v[0] */
};

/* Line i of t as a pointer and a length. */
static const char *mp_ls(const struct mp_text *t, size_t i)
{
	assert(i < t->n);
	return t->arena + t->v[i].off;
}
static size_t mp_ln(const struct mp_text *t, size_t i)
{
	assert(i < t->n);
	return t->v[i].n;
}

/* Line number of line i (saturates rather than overflow). */
static int mp_lineno(const struct mp_text *t, size_t i)
{
	long long v = (long long)t->first + (long long)i;

	return v > INT32_MAX ? INT32_MAX : (int)v;
}

/* Make line i start at byte k of itself (drop a heading before its text). */
static void mp_cut(struct mp_text *t, size_t i, size_t k)
{
	assert(k <= t->v[i].n);
	t->v[i].off += (uint32_t)k;
	t->v[i].n -= (uint32_t)k;
}

/*
** Bytes of the blank character at s (n > 0 bytes): 1 for ASCII space and
** control bytes, 2 or 3 for NBSP and the other Unicode spaces (U+2000 to
** U+200A, U+202F, U+205F, U+3000); 0 if not blank.
*/
static size_t mp_blank(const unsigned char *s, size_t n)
{
	if (s[0] <= 0x20 || s[0] == 0x7f)
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] <= 0x8a || s[2] == 0xaf))
		return 3;
	if ((s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
	    || (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80))
		return 3;
	return 0;
}

/*
** Bytes of the invisible character at s (n > 0 bytes), which is dropped
** without leaving a space: U+00AD soft hyphen, U+200B zero-width space,
** U+200C and U+200D joiners, U+2060 word joiner, U+FEFF (a byte-order mark
** not at the start); 0 if s does not start with one.
*/
static size_t mp_invisible(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xad)
		return 2;
	if (n < 3)
		return 0;
	if ((s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x8b && s[2] <= 0x8d)
	    || (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0xa0)
	    || (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf))
		return 3;
	return 0;
}

/* Copy n bytes at s to out trimmed, invisible characters dropped and blank
   runs made one space.  Returns the length written (never more than n). */
static size_t mp_norm(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s, *e = u + n;
	size_t o = 0, k;
	int space = 0;

	while (u < e) {
		if (*u > 0x20 && *u < 0x7f) {   /* neither invisible nor blank */
			if (space && o)
				out[o++] = ' ';
			space = 0;
			out[o++] = (char)*u++;
			continue;
		}
		k = mp_invisible(u, (size_t)(e - u));
		if (k) {
			u += k;
			continue;
		}
		k = mp_blank(u, (size_t)(e - u));
		if (k) {
			space = 1;
			u += k;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)*u++;
	}
	assert(o <= n);
	return o;
}

/*
** Split len bytes at s into lines (see mp_eol: LF, CRLF or a lone CR ends
** a line) into t, line numbers counted from first.  Returns 0, or -1 (out
** of memory, or too long) with t empty.
*/
static int mp_split(const char *s, size_t len, int first, struct mp_text *t)
{
	const char *p, *e = s + len, *nl;
	size_t count = 1, i = 0, off = 0;

	memset(t, 0, sizeof *t);
	t->first = first;
	if (len >= UINT32_MAX)
		return -1;
	for (mp_eol(s, e, &p); p; mp_eol(p, e, &p))
		count++;
	t->v = malloc(count * sizeof *t->v);
	t->arena = malloc(len + 1);
	if (!t->v || !t->arena) {
		free(t->v);
		free(t->arena);
		memset(t, 0, sizeof *t);
		return -1;
	}
	for (p = s; p; p = nl) {
		const char *end = mp_eol(p, e, &nl);

		assert(i < count);
		t->v[i].off = (uint32_t)off;
		t->v[i].n = (uint32_t)mp_norm(p, (size_t)(end - p), t->arena + off);
		off += t->v[i].n;
		i++;
	}
	t->n = i;
	return 0;
}

static void mp_text_free(struct mp_text *t)
{
	free(t->v);
	free(t->arena);
	memset(t, 0, sizeof *t);
}

/* Join lines [a, b) of t into *out: lines separated by '\n', paragraphs by
   one blank line.  *out is NULL if all are blank.  Returns 0 or -1. */
static int mp_join(const struct mp_text *t, size_t a, size_t b, char **out)
{
	struct buf o = {0};
	size_t i;
	int brk = 0;

	*out = NULL;
	for (i = a; i < b; i++) {
		if (!mp_ln(t, i)) {
			brk = 1;
			continue;
		}
		if (o.len)
			buf_add(&o, "\n\n", brk ? 2 : 1);
		buf_add(&o, mp_ls(t, i), mp_ln(t, i));
		brk = 0;
	}
	if (!buf_ok(&o)) {
		buf_free(&o);
		return -1;
	}
	if (o.len)
		*out = buf_detach(&o);
	return 0;
}

int minutes_clean(const char *s, size_t n, char **out)
{
	struct mp_text t;
	int rc;

	*out = NULL;
	if (mp_split(s, n, 1, &t) < 0)
		return -1;
	rc = mp_join(&t, 0, t.n, out);
	mp_text_free(&t);
	return rc;
}

/* Index of the first non-blank line at or after i, or t->n. */
static size_t mp_next(const struct mp_text *t, size_t i)
{
	while (i < t->n && !mp_ln(t, i))
		i++;
	return i;
}

/* ---- headings, labels, bullets ------------------------------------------ */

enum mp_sec {
	MS_NONE, MS_DECISION, MS_MINUTES, MS_DOCS, MS_WITNESSES, MS_FURTHER,
	MS_NEXT, MS_MEETING, MS_ADDDOCS
};

/*
** Which section heading line s (n bytes) is, ignoring case: "Minutes:",
** "Supporting documents:", ...; the colon may be a dash or missing if
** nothing follows.  *rest is set to where text on the same line starts.
*/
static enum mp_sec mp_section(const char *s, size_t n, size_t *rest)
{
	static const struct { const char *pat; enum mp_sec sec; } tab[] = {
		{ "supporting documents", MS_DOCS },
		{ "additional documents", MS_ADDDOCS },
		{ "minutes", MS_MINUTES },
		{ "decisions", MS_DECISION },
		{ "decision", MS_DECISION },
		{ "witnesses", MS_WITNESSES },
		{ "witness", MS_WITNESSES },
		{ "actions/further information to be provided", MS_FURTHER },
		{ "action/further information to be provided", MS_FURTHER },
		{ "further information to be provided", MS_FURTHER },
		{ "board next steps", MS_NEXT },
		{ "next steps", MS_NEXT },
		{ "meeting", MS_MEETING },
	};
	size_t i, k;

	for (i = 0; n && i < sizeof tab / sizeof tab[0]; i++) {
		if (tab[i].pat[0] != mp_lower((unsigned char)s[0]))
			continue;   /* cheap: this is tried at every line */
		k = mp_prefix(s, n, tab[i].pat);
		if (k && mp_tail(s, n, k, rest))
			return tab[i].sec;
	}
	return MS_NONE;
}

/*
** 1 if line s (n bytes) opens a resolution block: "Resolved –",
** "RESOLVED:", "RESOLVED that ...", "It was agreed:", "Agreed:",
** "Recommendations:", "Decision:"; sets *kind and *rest to where the
** text on the same line starts ("that ..." is kept as printed).
*/
static int mp_resheading(const char *s, size_t n, enum res_kind *kind, size_t *rest)
{
	static const struct { const char *pat; enum res_kind kind; } tab[] = {
		{ "resolved", RK_RESOLVED },
		{ "agreed", RK_AGREED },
		{ "recommendations", RK_RECOMMENDATION },
		{ "recommendation", RK_RECOMMENDATION },
		{ "recommended", RK_RECOMMENDATION },
		{ "decisions", RK_DECISION },
		{ "decision", RK_DECISION },
	};
	size_t i, j, k, m, lead = mp_prefix(s, n, "it was ");

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		k = mp_prefix(s + lead, n - lead, tab[i].pat);
		if (!k)
			continue;
		j = lead + k;
		*kind = tab[i].kind;
		if (mp_tail(s, n, j, rest))
			return 1;
		if (j < n && (s[j] == ' ' || s[j] == ',')) {
			m = j + 1 + (s[j] == ',' && j + 1 < n && s[j + 1] == ' ');
			if (mp_word(s, n, m, "that")) {
				*rest = m;
				return 1;
			}
		}
	}
	return 0;
}

/* 1 if line s is any heading: a section or a resolution block. */
static int mp_isheading(const char *s, size_t n)
{
	enum res_kind kind;
	size_t rest;

	return mp_section(s, n, &rest) != MS_NONE
	       || mp_resheading(s, n, &kind, &rest);
}

/* Label classes, as a mask (an "i" is both a letter and a numeral). */
enum {
	ML_DIGIT = 1, ML_LOWER = 2, ML_UPPER = 4, ML_RLOWER = 8, ML_RUPPER = 16
};

/* Value of the roman numeral t (k bytes, i/v/x in one case), or 0 if it
   is not one written the usual way (up to 39). */
static int mp_roman(const char *t, size_t k)
{
	static const char *const units[] = {
		"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"
	};
	char lc[8];
	size_t i, tens = 0, ul;

	if (k == 0 || k >= sizeof lc)
		return 0;
	for (i = 0; i < k; i++)
		lc[i] = (char)mp_lower((unsigned char)t[i]);
	while (tens < k && tens < 3 && lc[tens] == 'x')
		tens++;
	for (i = 0; i < 10; i++) {
		ul = strlen(units[i]);
		if (tens + ul == k && memcmp(lc + tens, units[i], ul) == 0)
			return (int)(tens * 10 + i);
	}
	return 0;
}

/* Class mask of label token t (k bytes: "12", "a", "iv"), 0 if none. */
static unsigned mp_label_mask(const char *t, size_t k)
{
	size_t i;
	int upper;

	for (i = 0; i < k && mp_isdigit((unsigned char)t[i]); i++)
		;
	if (i == k)
		return k <= 5 ? ML_DIGIT : 0;
	upper = mp_isupper((unsigned char)t[0]);
	for (i = 0; i < k; i++)
		if (!mp_isalpha((unsigned char)t[i])
		    || mp_isupper((unsigned char)t[i]) != upper)
			return 0;
	if (k == 1 && !strchr("ivxIVX", t[0]))
		return upper ? ML_UPPER : ML_LOWER;
	if (!mp_roman(t, k))
		return 0;
	if (k == 1)
		return upper ? ML_UPPER | ML_RUPPER : ML_LOWER | ML_RLOWER;
	return upper ? ML_RUPPER : ML_RLOWER;
}

/*
** The end of a decimal label "1.1", "1.2.3" or "1.1." at s (n bytes):
** two or three numbers of up to three digits joined by dots, maybe a final
** dot, then a space or the end, and not a time ("10.15 am").  Returns its
** length, or 0.
*/
static size_t mp_decimal_label(const char *s, size_t n)
{
	size_t i = 0, k, parts = 0;
	int v;

	for (;;) {
		k = mp_num(s, n, i, 3, &v);
		if (!k)
			return 0;
		i += k;
		parts++;
		if (parts == 3 || i >= n || s[i] != '.' || i + 1 == n
		    || !mp_isdigit((unsigned char)s[i + 1]))
			break;
		i++;
	}
	if (parts < 2)
		return 0;
	i += i < n && s[i] == '.';
	if (i < n && s[i] != ' ')
		return 0;
	if (i < n && (mp_word(s, n, i + 1, "am") || mp_word(s, n, i + 1, "pm")
	              || mp_prefix(s + i + 1, n - i - 1, "a.m")
	              || mp_prefix(s + i + 1, n - i - 1, "p.m")))
		return 0;
	return i;
}

/*
** If line s (n bytes) starts with a label — "(a)", "(1)", "(ii)", "1)",
** "a)", "1.", "a.", "iv.", "1.1", "1.2.3." — followed by a space or the
** end, return its length and set *form (1 "(x)", 2 "x)", 3 "x.", 4 "x.y")
** and *mask; else 0.
*/
static size_t mp_label(const char *s, size_t n, int *form, unsigned *mask)
{
	size_t i = 0, a;
	int paren = n && s[0] == '(';

	if ((i = mp_decimal_label(s, n)) != 0) {
		*form = 4;
		*mask = ML_DIGIT;
		return i;
	}
	i = a = (size_t)paren;
	while (i < n && i - a < 8 && (mp_isalpha((unsigned char)s[i])
	                              || mp_isdigit((unsigned char)s[i])))
		i++;
	if (i == a || i >= n)
		return 0;
	*mask = mp_label_mask(s + a, i - a);
	if (!*mask)
		return 0;
	if (paren)
		*form = s[i] == ')' ? 1 : 0;
	else
		*form = s[i] == ')' ? 2 : s[i] == '.' ? 3 : 0;
	if (!*form)
		return 0;
	i++;
	return i == n || s[i] == ' ' ? i : 0;
}

/* If line s starts with a bullet ("-", "·", "•", ...) and a space (or is
   only a bullet), return the bytes to skip, else 0. */
static size_t mp_bullet(const char *s, size_t n)
{
	static const char *const tab[] = {
		"-", "*", "\xc2\xb7", "\xe2\x80\xa2", "\xe2\x80\x93",
		"\xe2\x80\xa3", "\xe2\x96\xaa", "\xe2\x97\xa6", "\xef\x82\xb7",
	};
	size_t i, k;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		k = strlen(tab[i]);
		if (n >= k && memcmp(s, tab[i], k) == 0) {
			if (n == k)
				return k;
			if (s[k] == ' ')
				return k + 1;
		}
	}
	return 0;
}

/* 1 if line s (n bytes) is a generic heading such as "Key points raised
   during the discussion:": short, unlabelled, ending in a colon. */
static int mp_colon_heading(const char *s, size_t n)
{
	int form;
	unsigned mask;

	return n && n <= 120 && s[n - 1] == ':' && !mp_bullet(s, n)
	       && !mp_label(s, n, &form, &mask);
}

/* ---- dates -------------------------------------------------------------- */

/* If s[i..n) starts with a month name or abbreviation ("March", "Mar",
   "Mar.", "Sept") not followed by a letter, return its number and set
   *len; else 0. */
static int mp_month(const char *s, size_t n, size_t i, size_t *len)
{
	static const char *const names[12] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	char abbr[4];
	const char *cand[3];
	size_t k, j;
	int m;

	if (i >= n || !mp_isalpha((unsigned char)s[i]))
		return 0;
	for (m = 0; m < 12; m++) {
		if (names[m][0] != mp_lower((unsigned char)s[i]))
			continue;   /* cheap: this is tried at every word */
		memcpy(abbr, names[m], 3);
		abbr[3] = '\0';
		cand[0] = names[m];
		cand[1] = m == 8 ? "sept" : abbr;
		cand[2] = abbr;
		for (j = 0; j < 3; j++) {
			k = mp_prefix(s + i, n - i, cand[j]);
			if (k && j && i + k < n && s[i + k] == '.')
				k++;
			if (k && (i + k == n || !mp_isalpha((unsigned char)s[i + k]))) {
				*len = k;
				return m + 1;
			}
		}
	}
	return 0;
}

/* Days in month m (1 to 12) of year y. */
static int mp_mdays(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mdays[m - 1] + (m == 2 && leap);
}

/* 1 if y-m-d is a real calendar date. */
static int mp_date_ok(int y, int m, int d)
{
	return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= mp_mdays(y, m);
}

/* Skip an ordinal suffix ("st", "nd", "rd", "th") at s[i]; return new i. */
static size_t mp_ordinal(const char *s, size_t n, size_t i)
{
	static const char *const sfx[] = { "st", "nd", "rd", "th" };
	size_t k;

	for (k = 0; k < 4; k++)
		if (mp_word(s, n, i, sfx[k]))
			return i + 2;
	return i;
}

/* Parse " YYYY" at s[i] (after an optional comma).  Returns the index after
   it with *y set, or 0. */
static size_t mp_year(const char *s, size_t n, size_t i, int *y)
{
	if (i < n && s[i] == ',')
		i++;
	if (i >= n || s[i] != ' ')
		return 0;
	i++;
	if (mp_num(s, n, i, 4, y) != 4)
		return 0;
	return i + 4;
}

/*
** Parse a date at the start of s (n bytes): "15/03/2017", "15.03.2017",
** "15-03-2017", "15th March 2017", "15 of March, 2017", "March 15, 2017",
** or a month alone, "March 2017" (*d set to 0).  Returns its length with
** *y, *m, *d set; 0 if no date starts there; minus its length if one does
** but is not a real date.  Only a date starting with a letter can be a
** month alone.
*/
static long mp_date_at(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t i, k, ml;
	char sep;

	if ((k = mp_num(s, n, 0, 2, d)) != 0) {
		i = k;
		if (i < n && (s[i] == '/' || s[i] == '.' || s[i] == '-')) {
			sep = s[i];
			k = mp_num(s, n, i + 1, 2, m);
			if (k && i + 1 + k < n && s[i + 1 + k] == sep
			    && mp_num(s, n, i + 2 + k, 4, y) == 4)
				return (mp_date_ok(*y, *m, *d) ? 1 : -1) * (long)(i + 6 + k);
			return 0;
		}
		i = mp_ordinal(s, n, i);
		if (i >= n || s[i] != ' ')
			return 0;
		i++;
		i += mp_word(s, n, i, "of") ? 3 : 0;
		if (!(*m = mp_month(s, n, i, &ml)) || !(i = mp_year(s, n, i + ml, y)))
			return 0;
		return (mp_date_ok(*y, *m, *d) ? 1 : -1) * (long)i;
	}
	if (!(*m = mp_month(s, n, 0, &ml)) || ml >= n || s[ml] != ' ')
		return 0;
	if (mp_num(s, n, ml + 1, 4, y) == 4) {
		*d = 0;
		return (*y >= 1000 ? 1 : -1) * (long)(ml + 5);
	}
	if (!(k = mp_num(s, n, ml + 1, 2, d)))
		return 0;
	i = mp_ordinal(s, n, ml + 1 + k);
	if (!(i = mp_year(s, n, i, y)))
		return 0;
	return (mp_date_ok(*y, *m, *d) ? 1 : -1) * (long)i;
}

long minutes_date(const char *s, size_t n, char iso[11])
{
	int y = 0, m = 0, d = 0;
	long len = mp_date_at(s, n, &y, &m, &d);

	if (len > 0 && d == 0)
		return 0;   /* a month alone is no day */
	if (len > 0)
		snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
	return len;
}

/* How the words before a date present it (mp_cue). */
enum { MC_NONE, MC_DATE, MC_BEFORE, MC_IN };

/*
** 1 if word k of b, just before "on" or "in", makes the date look back
** rather than ahead: a past participle ("held", "taken", most words in
** "-ed" but not "scheduled", "planned", ...) unless after "be" ("be held
** on" is ahead), "took place", or "meeting" after "of" ("the minutes of
** the last meeting on").
*/
static int mp_lookback(const struct mp_back *b, size_t k)
{
	static const char *const past[] = {
		"held", "met", "made", "sent", "given", "taken", "written",
		"seen", "done", "begun", "began", "came", "went", "issued", NULL
	};
	static const char *const ahead[] = {
		"scheduled", "planned", "arranged", "proposed", "timetabled",
		"programmed", "rearranged", "rescheduled", "needed", "required",
		"expected", "intended", "deferred", "moved", "postponed",
		"adjourned", NULL
	};
	static const char *const det[] = {
		"the", "its", "their", "this", "next", "last", "previous", NULL
	};
	const char *w;
	size_t n, j;

	if (k >= b->n)
		return 0;
	w = b->s + b->at[k];
	n = b->len[k];
	if (MP_IS(b, k, "place"))
		return MP_IS(b, k + 1, "took");
	if (mp_back_is(b, k, (const char *const[]){ "meeting", "meetings", NULL })) {
		for (j = k + 1; j < k + 3 && mp_back_is(b, j, det); j++)
			;
		return MP_IS(b, j, "of");
	}
	if (!mp_back_is(b, k, past)
	    && !(n > 3 && mp_lower((unsigned char)w[n - 2]) == 'e'
	         && mp_lower((unsigned char)w[n - 1]) == 'd'))
		return 0;
	return !mp_back_is(b, k, ahead) && !MP_IS(b, k + 1, "be");
}

/*
** How the words before the date at s[i] present it:
**   MC_DATE    as a deadline or a slot: "by", "until", "till", "no (or
**              not) later than", "moved / deferred / postponed / adjourned
**              / rescheduled / brought back / ... to", "on" ("taken on",
**              "at the meeting on", "be held on")
**   MC_BEFORE  "before" ("on or before" too)
**   MC_IN      "in" ("report back in March 2017")
**   MC_NONE    anything else, or "on" / "in" after words that look back
**              (mp_lookback: "the meeting held on", "published in")
** "the" and a weekday ("on Tuesday, 15 March 2017") may come between.
** After "or", a date gets chain_cue if the word before the "or" ends at
** chain (the end of the date before: "on 31 June 2017 or 1 July 2017").
** Looks at a bounded number of bytes.
*/
static int mp_cue(const char *s, size_t i, size_t chain, int chain_cue)
{
	static const char *const skip[] = {
		"the", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", NULL
	};
	static const char *const until[] = { "by", "until", "till", NULL };
	static const char *const moved[] = {
		"moved", "deferred", "postponed", "adjourned", "rescheduled",
		"changed", "back", "forward", NULL
	};
	struct mp_back b;
	size_t j;

	mp_back(&b, s, i, MP_BACK);
	for (j = 0; j < 2 && mp_back_is(&b, j, skip); j++)
		;
	if (mp_back_is(&b, j, until))
		return MC_DATE;
	if (MP_IS(&b, j, "before"))
		return MC_BEFORE;
	if (MP_IS(&b, j, "than") && MP_IS(&b, j + 1, "later")
	    && mp_back_is(&b, j + 2, (const char *const[]){ "no", "not", NULL }))
		return MC_DATE;
	if (MP_IS(&b, j, "to") && mp_back_is(&b, j + 1, moved))
		return MC_DATE;
	if (MP_IS(&b, j, "or") && j + 1 < b.n && b.at[j + 1] + b.len[j + 1] == chain)
		return chain_cue;
	if (MP_IS(&b, j, "on"))
		return mp_lookback(&b, j + 1) ? MC_NONE : MC_DATE;
	if (MP_IS(&b, j, "in"))
		return mp_lookback(&b, j + 1) ? MC_NONE : MC_IN;
	return MC_NONE;
}

/*
** The due date of resolution text s (n bytes) as a malloc'd "YYYY-MM-DD"
** in *out, or NULL: the first real date that mp_cue presents as a deadline
** or a slot ("in" only if the resolution is an action).  A month alone
** gives its last day ("report back in March 2017": 2017-03-31), or after
** "before" the last day of the month before.  Returns 0 or -1 (out of
** memory).
*/
static int mp_due(const char *s, size_t n, int action, char **out)
{
	size_t i, len, chain = SIZE_MAX;
	int y, m, d, cue, chain_cue = MC_NONE;
	long got;

	*out = NULL;
	for (i = 0; i < n; i++) {
		if ((i && mp_isword((unsigned char)s[i - 1]))
		    || (!mp_isdigit((unsigned char)s[i]) && !mp_isalpha((unsigned char)s[i])))
			continue;
		got = mp_date_at(s + i, n - i, &y, &m, &d);
		if (!got)
			continue;
		cue = mp_cue(s, i, chain, chain_cue);
		if (cue == MC_IN && !action)
			cue = MC_NONE;
		if (got > 0 && cue != MC_NONE) {
			if (d == 0 && cue == MC_BEFORE && --m == 0) {
				m = 12;
				y--;
			}
			if (d == 0)
				d = mp_mdays(y, m);
			*out = malloc(11);
			if (!*out)
				return -1;
			snprintf(*out, 11, "%04d-%02d-%02d", y, m, d);
			return 0;
		}
		len = (size_t)(got < 0 ? -got : got);
		chain = i + len;
		chain_cue = cue;
		i = chain - 1;
	}
	return 0;
}

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

static void mp_res_free(struct minutes_resolution *r)
{
	free(r->label);
	free(r->text);
	free(r->membership);
	free(r->due);
	memset(r, 0, sizeof *r);
}

/* A growable array of resolutions. */
struct mp_resv {
	struct minutes_resolution *v;
	size_t n, cap;
};

static void mp_resv_free(struct mp_resv *r)
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

/* One non-blank line s (n bytes) of a scan.  Returns 0 or -1 (OOM). */
static int mp_scan_line(struct mp_scan *sc, const char *s, size_t n, int line,
                        int newpara)
{
	enum res_kind kind;
	size_t rest, k;

	if (mp_resheading(s, n, &kind, &rest)) {
		if (mp_scan_end(sc) < 0)
			return -1;
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
** "Decision:" block).  Returns 0 or -1 (OOM).
*/
static int mp_scan(const struct mp_text *t, size_t a, size_t b, int implied,
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

/* ---- a hash set of string pairs ----------------------------------------- */

struct mp_slot {
	size_t idx1;		/* element index + 1; 0 for an empty slot */
	uint64_t h;
};

/* Indexes into some array, found by a pair of strings each element has. */
struct mp_set {
	struct mp_slot *v;
	size_t cap, n;		/* cap is 0 or a power of two */
};

/* Returns the key strings of element idx of the array vec. */
typedef void (*mp_keyfn)(const void *vec, size_t idx, const char **a,
                         const char **b);

static uint64_t mp_hash(const char *a, const char *b)
{
	uint64_t h = 14695981039346656037u;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211u;
	h = (h ^ 0xff) * 1099511628211u;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211u;
	return h;
}

/* Double the table.  Returns 0 or -1 with s unchanged. */
static int mp_set_grow(struct mp_set *s)
{
	size_t cap = s->cap ? s->cap * 2 : 16, i, j;
	struct mp_slot *v = calloc(cap, sizeof *v);

	if (!v)
		return -1;
	for (i = 0; i < s->cap; i++) {
		if (!s->v[i].idx1)
			continue;
		for (j = s->v[i].h & (cap - 1); v[j].idx1; j = (j + 1) & (cap - 1))
			;
		v[j] = s->v[i];
	}
	free(s->v);
	s->v = v;
	s->cap = cap;
	return 0;
}

/*
** Look up the key (a, b) among the elements of vec in s.  Returns 1 if an
** element has it; else 0, after adding idx unless idx is SIZE_MAX; -1 if
** out of memory.
*/
static int mp_set_put(struct mp_set *s, const void *vec, mp_keyfn key,
                      const char *a, const char *b, size_t idx)
{
	uint64_t h = mp_hash(a, b);
	const char *ka, *kb;
	size_t j;

	if (idx != SIZE_MAX && (s->n + 1) * 2 > s->cap && mp_set_grow(s) < 0)
		return -1;
	if (!s->cap)
		return 0;
	for (j = h & (s->cap - 1); s->v[j].idx1; j = (j + 1) & (s->cap - 1)) {
		if (s->v[j].h != h)
			continue;
		key(vec, s->v[j].idx1 - 1, &ka, &kb);
		if (strcmp(ka, a) == 0 && strcmp(kb, b) == 0)
			return 1;
	}
	if (idx != SIZE_MAX) {
		s->v[j].idx1 = idx + 1;
		s->v[j].h = h;
		s->n++;
	}
	return 0;
}

static void mp_set_free(struct mp_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
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
static int mp_dedup(struct mp_resv *r)
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

const char *res_kind_name(enum res_kind k)
{
	switch (k) {
	case RK_RESOLVED:	return "resolved";
	case RK_RECOMMENDATION:	return "recommendation";
	case RK_AGREED:		return "agreed";
	case RK_DECISION:	return "decision";
	}
	return "resolved";
}

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
