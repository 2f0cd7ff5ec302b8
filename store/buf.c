/*
** buf.c — growable byte buffer (see buf.h).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Make room for n more bytes plus a NUL.  Returns 0 or -1 (sets oom). */
static int buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	if (n > ((size_t)-1) / 2 - b->len) {
		b->oom = 1;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* buf_add when the bytes do not fit: grow first. */
void buf_add_grow(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	if (s)
		buf_add(b, s, strlen(s));
}

/* Formatted straight into the room left (most lines fit: one pass), else
   again once the buffer has grown. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room;
	int n;

	if (buf_grow(b, 64) < 0)
		return;
	room = b->cap - b->len;
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		if (buf_grow(b, (size_t)n) < 0) {
			b->data[b->len] = '\0';
			return;
		}
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_detach(struct buf *b)
{
	char *p;

	if (b->oom) {
		buf_free(b);
		return NULL;
	}
	if (!b->data)
		buf_grow(b, 0);
	p = b->data;
	memset(b, 0, sizeof *b);
	return p;
}

int utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, k;
	unsigned cp, min;

	while (i < len) {
		unsigned c = u[i];
		uint64_t w;

		/* Eight bytes at a time while they are ASCII and not NUL. */
		if (len - i >= 8) {
			memcpy(&w, u + i, 8);
			if (!(w & 0x8080808080808080ULL) &&
			    !((w - 0x0101010101010101ULL) & ~w &
			      0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3; cp = c & 0x07; min = 0x10000;
		} else {
			goto bad;
		}
		if (k >= len - i)
			goto bad;
		for (j = 1; j <= k; j++) {
			if ((u[i + j] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (u[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		i += k + 1;
	}
	return 1;
bad:
	if (bad_offset)
		*bad_offset = i;
	return 0;
}

void buf_put_words(struct buf *b, const char *s)
{
	int words = 0, gap = 0;

	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			gap = 1;
			continue;
		}
		if (gap && words)
			buf_putc(b, ' ');
		buf_putc(b, *s);
		words = 1;
		gap = 0;
	}
}
