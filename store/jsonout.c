/*
** jsonout.c — JSON written straight into a struct buf as the renderer
** goes (jw_*), byte for byte as jansson's json_dumps(v, JSON_INDENT(2) |
** JSON_PRESERVE_ORDER) writes the same value, with no jansson values:
** every JSON file of the tree is written here, and a cold pass over a
** tree renders them all.
**
** jansson's layout: "{" or "[", then each member on a line of its own,
** indented two spaces a level, "key": value, members ended by ","; the
** closing bracket on a line at the level of the opening one; an empty
** object or array is "{}" or "[]".  Strings escape '"', '\\' and the
** control characters (\b \f \n \r \t by name, others as \u00XX in
** capitals); everything else, UTF-8 included, is written as it is.
** Integers print as %lld.
*/
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define JS_INDENT 2
/* c in each byte of a word */
#define JS_BYTES(c) (0x0101010101010101ULL * (uint64_t)(c))

static void js_newline(struct buf *b, size_t depth)
{
	static const char spaces[] = "                                ";
	size_t n = depth * JS_INDENT;

	buf_putc(b, '\n');
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;

		buf_add(b, spaces, k);
		n -= k;
	}
}

static void js_string(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;

	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c;
		char esc[6];
		size_t n = 2;

		/* Eight bytes at a time while none needs escaping (minutes
		   run to kilobytes of plain text). */
		while (len - i >= 8) {
			uint64_t w, q, bs;

			memcpy(&w, s + i, 8);
			q = w ^ JS_BYTES('"');
			bs = w ^ JS_BYTES('\\');
			if (((w - JS_BYTES(0x20)) & ~w) & JS_BYTES(0x80) ||
			    ((q - JS_BYTES(1)) & ~q & JS_BYTES(0x80)) ||
			    ((bs - JS_BYTES(1)) & ~bs & JS_BYTES(0x80)))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"':  esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		buf_add(b, esc, n);
	}
	buf_add(b, s + run, len - run);
	buf_putc(b, '"');
}

/* ---- written as it goes ------------------------------------------------ */

/* Before a value at w's level: the comma, line and key it needs. */
static void jw_member(struct jw *w, const char *key)
{
	if (w->depth == 0)
		return;
	if (w->n[w->depth]++)
		buf_putc(w->b, ',');
	js_newline(w->b, (size_t)w->depth);
	if (key) {
		js_string(w->b, key, strlen(key));
		buf_add(w->b, ": ", 2);
	}
}

void jw_begin(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof *w);
	w->b = b;
	w->start = b->len;
}

static void jw_open(struct jw *w, const char *key, char open, char close)
{
	jw_member(w, key);
	buf_putc(w->b, open);
	if (w->depth + 1 >= JW_DEPTH) {
		w->err = -EINVAL;
		return;
	}
	w->depth++;
	w->n[w->depth] = 0;
	w->close[w->depth] = close;
}

void jw_obj(struct jw *w, const char *key) { jw_open(w, key, '{', '}'); }
void jw_arr(struct jw *w, const char *key) { jw_open(w, key, '[', ']'); }

void jw_end(struct jw *w)
{
	assert(w->depth > 0 || w->err);
	if (w->depth == 0)
		return;
	if (w->n[w->depth])
		js_newline(w->b, (size_t)w->depth - 1);
	buf_putc(w->b, w->close[w->depth]);
	w->depth--;
}

void jw_str(struct jw *w, const char *key, const char *v)
{
	size_t len;

	if (!v) {
		jw_null(w, key);
		return;
	}
	/* (jansson takes no invalid UTF-8 string: the member was left out) */
	len = strlen(v);
	if (!utf8_valid(v, len, NULL))
		return;
	jw_member(w, key);
	js_string(w->b, v, len);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	char num[24];
	int len = snprintf(num, sizeof num, "%" PRId64, v);

	jw_member(w, key);
	buf_add(w->b, num, (size_t)len);
}

void jw_bool(struct jw *w, const char *key, int v)
{
	jw_member(w, key);
	if (v)
		buf_add(w->b, "true", 4);
	else
		buf_add(w->b, "false", 5);
}

void jw_null(struct jw *w, const char *key)
{
	jw_member(w, key);
	buf_add(w->b, "null", 4);
}

int jw_finish(struct jw *w)
{
	int rc = w->err ? w->err : w->depth ? -EINVAL : 0;

	if (rc == 0) {
		buf_putc(w->b, '\n');
		rc = buf_ok(w->b) ? 0 : -ENOMEM;
	}
	if (rc) {
		w->b->len = w->start;
		if (w->b->data)
			w->b->data[w->start] = '\0';
	}
	return rc;
}
