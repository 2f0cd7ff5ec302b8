/*
** minutes_text.c — the text under the minutes parser (minutes_int.h):
** character classes and words, the checks of raw input (size, NUL bytes,
** UTF-8), the page as normalised lines in one arena, headings, labels and
** bullets, and a hash set of string pairs for finding duplicates.
*/
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "minutes_int.h"

/* ---- characters and strings --------------------------------------------- */

/* 1 if byte c can be part of a word: ASCII letter or digit, or any byte of
   a multi-byte UTF-8 character. */
int mp_isword(unsigned char c)
{
	return mp_isalpha(c) || mp_isdigit(c) || c >= 0x80;
}

/* 1 if c can start a capitalised word: an ASCII capital or the lead byte
   of a non-ASCII character (whose case we do not know). */
int mp_iscap(unsigned char c)
{
	return mp_isupper(c) || c >= 0xc0;
}

/* A malloc'd NUL-terminated copy of n bytes at s, or NULL (out of memory). */
char *mp_strndup(const char *s, size_t n)
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
int mp_grow(void **v, size_t *cap, size_t n, size_t size)
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
size_t mp_dash(const char *s, size_t n)
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
size_t mp_prefix(const char *s, size_t n, const char *pat)
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
size_t mp_word(const char *s, size_t n, size_t i, const char *w)
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
int mp_tail(const char *s, size_t n, size_t i, size_t *rest)
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
size_t mp_num(const char *s, size_t n, size_t i, size_t max, int *val)
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
int mp_clause_break(const char *s, size_t n, size_t i)
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

/* Fill b with up to max (<= MP_BACK) words before s[e], stopping early
   at a word mp_word_before cannot return. */
void mp_back(struct mp_back *b, const char *s, size_t e, size_t max)
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
int mp_in(const char *w, size_t n, const char *const *tab)
{
	for (; *tab; tab++)
		if (strlen(*tab) == n && mp_prefix(w, n, *tab) == n)
			return 1;
	return 0;
}

/* 1 if b has a word i and it is in tab (mp_in). */
int mp_back_is(const struct mp_back *b, size_t i, const char *const *tab)
{
	return i < b->n && mp_in(b->s + b->at[i], b->len[i], tab);
}

/* Length of s without trailing bytes from set. */
size_t mp_rtrim(const char *s, size_t n, const char *set)
{
	while (n && strchr(set, s[n - 1]) && s[n - 1])
		n--;
	return n;
}

/* ---- input checks ------------------------------------------------------- */

/* Set *err (if err and *err is still NULL) to a malloc'd "name:line: ..."
   message, or "name: ..." when line is 0.  Out of memory leaves it NULL. */
void mp_err(char **err, const char *name, int line, const char *fmt, ...)
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
int mp_check(const char *text, size_t len, const char *name, char **err)
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

/* Line i of t as a pointer and a length. */
const char *mp_ls(const struct mp_text *t, size_t i)
{
	assert(i < t->n);
	return t->arena + t->v[i].off;
}
size_t mp_ln(const struct mp_text *t, size_t i)
{
	assert(i < t->n);
	return t->v[i].n;
}

/* Line number of line i (saturates rather than overflow). */
int mp_lineno(const struct mp_text *t, size_t i)
{
	long long v = (long long)t->first + (long long)i;

	return v > INT32_MAX ? INT32_MAX : (int)v;
}

/* Make line i start at byte k of itself (drop a heading before its text). */
void mp_cut(struct mp_text *t, size_t i, size_t k)
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
int mp_split(const char *s, size_t len, int first, struct mp_text *t)
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

void mp_text_free(struct mp_text *t)
{
	free(t->v);
	free(t->arena);
	memset(t, 0, sizeof *t);
}

/* Join lines [a, b) of t into *out: lines separated by '\n', paragraphs by
   one blank line.  *out is NULL if all are blank.  Returns 0 or -1. */
int mp_join(const struct mp_text *t, size_t a, size_t b, char **out)
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
size_t mp_next(const struct mp_text *t, size_t i)
{
	while (i < t->n && !mp_ln(t, i))
		i++;
	return i;
}

/* ---- headings, labels, bullets ------------------------------------------ */

/*
** Which section heading line s (n bytes) is, ignoring case: "Minutes:",
** "Supporting documents:", ...; the colon may be a dash or missing if
** nothing follows.  *rest is set to where text on the same line starts.
*/
enum mp_sec mp_section(const char *s, size_t n, size_t *rest)
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
int mp_resheading(const char *s, size_t n, enum res_kind *kind, size_t *rest)
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
int mp_isheading(const char *s, size_t n)
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
size_t mp_label(const char *s, size_t n, int *form, unsigned *mask)
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
size_t mp_bullet(const char *s, size_t n)
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
int mp_colon_heading(const char *s, size_t n)
{
	int form;
	unsigned mask;

	return n && n <= 120 && s[n - 1] == ':' && !mp_bullet(s, n)
	       && !mp_label(s, n, &form, &mask);
}

/* ---- a hash set of string pairs ----------------------------------------- */

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
int mp_set_put(struct mp_set *s, const void *vec, mp_keyfn key,
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

void mp_set_free(struct mp_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
