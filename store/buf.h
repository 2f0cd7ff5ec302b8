/*
** buf.h — a growable byte buffer.  The one way store/ builds file contents.
**
** A zeroed struct buf is empty and valid.  data is always NUL-terminated
** once anything has been appended (data may be NULL while len == 0).
** On allocation failure the buffer sets oom and drops further appends, so
** callers check once at the end (buf_ok) instead of after every call.
*/
#ifndef GOVFS_BUF_H
#define GOVFS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	int oom;
};

void buf_free(struct buf *b);
void buf_reset(struct buf *b);                       /* len = 0, keeps memory */
void buf_add_grow(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);         /* s may be NULL */

/* Append n bytes at p (inline while they fit: files are built a few
   bytes at a time). */
static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len > n && !b->oom) {
		if (n)
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		buf_add_grow(b, p, n);
	}
}

static inline void buf_putc(struct buf *b, char c)
{
	if (b->cap - b->len > 1 && !b->oom) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else {
		buf_add_grow(b, &c, 1);
	}
}
/* s's words (runs of other than space, tab, CR, LF) one space apart, with
   no space before the first or after the last.  s may be NULL. */
void buf_put_words(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
char *buf_detach(struct buf *b);                     /* caller frees */
static inline int buf_ok(const struct buf *b) { return !b->oom; }

/* 1 if s (len bytes) is valid UTF-8 with no NUL byte, else 0; on 0 sets
   *bad_offset (if not NULL) to the first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad_offset);

#endif
