/*
** minutes_int.h — what the parts of the minutes parser share, not for its
** callers (they include minutes.h): minutes_text.c (characters, lines,
** headings, a hash set), minutes_dates.c (dates and deadlines),
** minutes_res.c (resolutions) and minutes.c (the page).  Each function's
** contract is above its definition.
*/
#ifndef GOVFS_MINUTES_INT_H
#define GOVFS_MINUTES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "minutes.h"

#define MP_BACK 8   /* words struct mp_back looks back over */

/* The words before a point in a text, nearest first (word 0). */
struct mp_back {
	const char *s;
	size_t n;			/* words found, at most MP_BACK */
	size_t at[MP_BACK], len[MP_BACK];
	int brk[MP_BACK];		/* a clause break follows word i */
};

/* mp_back_is for one word. */
#define MP_IS(b, i, w) mp_back_is((b), (i), (const char *const[]){ (w), NULL })

/* One normalised line of a struct mp_text. */
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

/* The section headings of an item (mp_section). */
enum mp_sec {
	MS_NONE, MS_DECISION, MS_MINUTES, MS_DOCS, MS_WITNESSES, MS_FURTHER,
	MS_NEXT, MS_MEETING, MS_ADDDOCS
};

/* A growable array of resolutions. */
struct mp_resv {
	struct minutes_resolution *v;
	size_t n, cap;
};

/* One slot of a struct mp_set. */
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

static inline int mp_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static inline int mp_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int mp_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int mp_isalpha(int c) { return mp_lower(c) >= 'a' && mp_lower(c) <= 'z'; }

/* minutes_text.c */
int mp_isword(unsigned char c);
int mp_iscap(unsigned char c);
char *mp_strndup(const char *s, size_t n);
int mp_grow(void **v, size_t *cap, size_t n, size_t size);
size_t mp_dash(const char *s, size_t n);
size_t mp_prefix(const char *s, size_t n, const char *pat);
size_t mp_word(const char *s, size_t n, size_t i, const char *w);
int mp_tail(const char *s, size_t n, size_t i, size_t *rest);
size_t mp_num(const char *s, size_t n, size_t i, size_t max, int *val);
int mp_clause_break(const char *s, size_t n, size_t i);
void mp_back(struct mp_back *b, const char *s, size_t e, size_t max);
int mp_in(const char *w, size_t n, const char *const *tab);
int mp_back_is(const struct mp_back *b, size_t i, const char *const *tab);
size_t mp_rtrim(const char *s, size_t n, const char *set);
void mp_err(char **err, const char *name, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int mp_check(const char *text, size_t len, const char *name, char **err);
const char *mp_ls(const struct mp_text *t, size_t i);
size_t mp_ln(const struct mp_text *t, size_t i);
int mp_lineno(const struct mp_text *t, size_t i);
void mp_cut(struct mp_text *t, size_t i, size_t k);
int mp_split(const char *s, size_t len, int first, struct mp_text *t);
void mp_text_free(struct mp_text *t);
int mp_join(const struct mp_text *t, size_t a, size_t b, char **out);
size_t mp_next(const struct mp_text *t, size_t i);
enum mp_sec mp_section(const char *s, size_t n, size_t *rest);
int mp_resheading(const char *s, size_t n, enum res_kind *kind, size_t *rest);
int mp_isheading(const char *s, size_t n);
size_t mp_label(const char *s, size_t n, int *form, unsigned *mask);
size_t mp_bullet(const char *s, size_t n);
int mp_colon_heading(const char *s, size_t n);
int mp_set_put(struct mp_set *s, const void *vec, mp_keyfn key,
               const char *a, const char *b, size_t idx);
void mp_set_free(struct mp_set *s);

/* minutes_dates.c */
long mp_date_at(const char *s, size_t n, int *y, int *m, int *d);
int mp_due(const char *s, size_t n, int action, char **out);

/* minutes_res.c */
void mp_res_free(struct minutes_resolution *r);
void mp_resv_free(struct mp_resv *r);
int mp_scan(const struct mp_text *t, size_t a, size_t b, int implied,
            struct mp_resv *out);
int mp_dedup(struct mp_resv *r);

#endif
