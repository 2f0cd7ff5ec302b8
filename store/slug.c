/*
** slug.c — the names of the tree.  A slug is lowercase ASCII letters,
** digits and single dashes, never empty, never starting with a dash or a
** dot, at most SLUG_MAX bytes: so never "/", a control byte, "." or "..".
*/
#include <assert.h>
#include <ctype.h>
#include <string.h>

#include "store_int.h"

/*
** Write the slug of text into out (outsz bytes, at least 2): letters and
** digits kept and lowercased, apostrophes dropped ("Children's" ->
** "childrens"), every other run of bytes (including non-ASCII) one dash,
** cut at a dash to fit SLUG_MAX.  Empty results become "untitled".
*/
void slug_make(const char *text, char *out, size_t outsz)
{
	size_t n = 0, max = outsz - 1 < SLUG_MAX ? outsz - 1 : SLUG_MAX;
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	int dash = 0;

	assert(outsz >= 2);
	for (; *p && n < max; p++) {
		if (*p == '\'')
			continue;
		/* U+2019 RIGHT SINGLE QUOTATION MARK, as in "Children’s" */
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x99 || p[2] == 0x98)) {
			p += 2;
			continue;
		}
		if (isalnum(*p)) {
			if (dash && n > 0) {
				if (n + 2 > max)
					break;
				out[n++] = '-';
			}
			dash = 0;
			out[n++] = (char)tolower(*p);
		} else {
			dash = 1;
		}
	}
	if (*p && n == max) {
		/* Cut back to the last whole word when we ran out of room. */
		char *d = memrchr(out, '-', n);

		if (d && d - out > (long)max / 2)
			n = (size_t)(d - out);
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	if (n == 0) {
		strncpy(out, "untitled", outsz - 1);
		out[outsz - 1] = '\0';
		return;
	}
	out[n] = '\0';
}

/* 1 if s is a valid slug as defined above, else 0. */
int slug_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(islower(c) || isdigit(c) || c == '-'))
			return 0;
		if (c == '-' && s[i + 1] == '-')
			return 0;
	}
	return 1;
}

/*
** An item's folder name: its number with the leading digits padded to
** two ("5" -> "05", "4a" -> "04a"), a dash, the title's slug:
** "05-childrens-services-improvement-update".
*/
void slug_item(const char *number, const char *title, char *out,
               size_t outsz)
{
	char num[24], t[SLUG_MAX + 1];
	size_t digits = strspn(number, "0123456789");

	slug_make(number, num, sizeof num);
	if (digits == 1 && isdigit((unsigned char)num[0])) {
		memmove(num + 1, num, strlen(num) + 1);
		num[0] = '0';
	}
	slug_make(title, t, sizeof t);
	snprintf(out, outsz, "%s-%s", num, t);
	if (strlen(out) > SLUG_MAX) {
		char *d;

		out[SLUG_MAX] = '\0';
		d = strrchr(out, '-');
		if (d && d > out + strlen(num))
			*d = '\0';
	}
}
