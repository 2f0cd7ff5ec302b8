/*
** html.c — HTML to clean text with libxml2's HTML parser: the bodies
** inside ModernGov XML (agenda text, minutes, decisions) and whole pages
** saved from a browser, which then go through the page parser (page.c).
** See html.h.
*/
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"

#define HTML_LAYERS      4    /* entity-encoding layers unwrapped at most */
#define HTML_LIST_DEPTH  16   /* nested HTML lists that get numbered */

/* No network, no errors printed, the encoding as given (UTF-8). */
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR |         \
                      HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC)


/*
** Text being built with white space normalised: a run of white space
** becomes one space, breaks asked for between two pieces of text become a
** newline or a blank line, nothing is written before the first or after
** the last piece, so lines come out trimmed.  The HTML walk adds the
** state of the elements it is inside.
*/
struct html_out {
	struct buf b;
	int brk;          /* pending: 0 none, 1 newline, 2 blank line */
	int sep;          /* pending: 0 none, 1 space, 2 tab */
	int cell;         /* inside a table cell: breaks become spaces */
	int li;           /* inside a list item: no blank lines */
	int hold;         /* a bullet was written: no break before its text */
	int page;         /* a whole page: cells joined with " | ", the site's
	                     navigation dropped */
	int nlists;       /* open lists; the first HTML_LIST_DEPTH in lists[] */
	struct {
		const xmlNode *node;
		int ordered, n;
	} lists[HTML_LIST_DEPTH];
};

/* Bytes of the white-space character at s (n > 0 bytes left): ASCII
   space and controls, NBSP, U+2000-U+200A, U+202F, U+205F, U+3000. */
static size_t html_space(const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xaf))
		return 3;
	if ((s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) ||
	    (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80))
		return 3;
	return 0;
}

/* Bytes of an invisible character at s, dropped from text: U+200B zero
   width space, U+FEFF byte order mark. */
static size_t html_invisible(const unsigned char *s, size_t n)
{
	if (n >= 3 && ((s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0x8b) ||
	               (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)))
		return 3;
	return 0;
}

/* Append n bytes of text, white space normalised. */
static void html_out_text(struct html_out *o, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k;

	while (i < n) {
		if ((k = html_space(s + i, n - i)) != 0) {
			if (!o->sep)
				o->sep = 1;
			i += k;
			continue;
		}
		if ((k = html_invisible(s + i, n - i)) != 0) {
			i += k;
			continue;
		}
		if (o->b.len && o->brk)
			buf_puts(&o->b, o->brk == 2 ? "\n\n" : "\n");
		else if (o->b.len && o->sep)
			buf_puts(&o->b, o->sep != 2 ? " " : o->page ? " | " : "\t");
		o->brk = o->sep = o->hold = 0;
		/* (printable ASCII is neither, and most of the text) */
		for (k = i + 1; k < n && ((s[k] > ' ' && s[k] < 0x80) ||
		     (!html_space(s + k, n - k) &&
		      !html_invisible(s + k, n - k))); k++)
			;
		buf_add(&o->b, s + i, k - i);
		i = k;
	}
}

/* Ask for a break (1 newline, 2 blank line) before the next text. */
static void html_out_break(struct html_out *o, int level)
{
	if (o->cell) {
		if (!o->sep)
			o->sep = 1;
		return;
	}
	if (o->hold)
		return;
	if (o->li && level > 1)
		level = 1;
	if (level > o->brk)
		o->brk = level;
}

/* 1 if s (n bytes) is only white space. */
static int html_blank(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k;

	while (i < n) {
		k = html_space(s + i, n - i);
		if (!k)
			k = html_invisible(s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* Plain text: its lines kept, blank lines as paragraph breaks. */
static void html_out_plain(struct html_out *o, const char *s)
{
	int blank = 0;
	size_t n;

	for (; *s; s += n + (s[n] == '\n')) {
		n = strcspn(s, "\n");
		if (html_blank(s, n)) {
			blank = 1;
			continue;
		}
		html_out_break(o, blank ? 2 : 1);
		html_out_text(o, s, n);
		blank = 0;
	}
}

/* The text built, as a malloc'd string or NULL if empty: 0 or -ENOMEM. */
static int html_out_done(struct html_out *o, char **out)
{
	*out = NULL;
	if (!buf_ok(&o->b)) {
		buf_free(&o->b);
		return -ENOMEM;
	}
	if (o->b.len)
		*out = buf_detach(&o->b);
	buf_free(&o->b);
	return 0;
}

/* ---- character references ------------------------------------------------ */

/*
** Length of the HTML character reference at s ("&amp;", "&#39;",
** "&#x2019;", with its ';') and its code point in *cp; 0 if s does not
** start with a known, well-formed one.
*/
static size_t html_ref(const char *s, unsigned *cp)
{
	const htmlEntityDesc *e;
	char name[40];
	unsigned long v = 0;
	size_t k, start;
	int hex;

	assert(s[0] == '&');
	if (s[1] == '#') {
		hex = s[2] == 'x' || s[2] == 'X';
		k = start = 2 + (size_t)hex;
		for (; k - start < 8 && (hex ? isxdigit((unsigned char)s[k])
		                              : isdigit((unsigned char)s[k])); k++)
			v = v * (hex ? 16 : 10) + (unsigned long)(isdigit(
			    (unsigned char)s[k]) ? s[k] - '0'
			    : tolower((unsigned char)s[k]) - 'a' + 10);
		if (k == start || s[k] != ';' || v == 0 || v > 0x10ffff ||
		    (v >= 0xd800 && v <= 0xdfff))
			return 0;
		*cp = (unsigned)v;
		return k + 1;
	}
	for (k = 1; k < sizeof name && isalnum((unsigned char)s[k]); k++)
		name[k - 1] = s[k];
	if (k == 1 || k == sizeof name || s[k] != ';')
		return 0;
	name[k - 1] = '\0';
	e = htmlEntityLookup((const xmlChar *)name);
	if (!e)
		return 0;
	*cp = e->value;
	return k + 1;
}

/* s with its character references decoded once ("&amp;lt;" -> "&lt;");
   others kept as they are.  A malloc'd string, or NULL (out of memory). */
static char *html_entities(const char *s)
{
	struct buf b = { 0 };
	xmlChar u[8];
	const char *amp;
	unsigned cp;
	size_t k;

	buf_puts(&b, "");
	while ((amp = strchr(s, '&')) != NULL) {
		buf_add(&b, s, (size_t)(amp - s));
		k = html_ref(amp, &cp);
		if (k)
			buf_add(&b, u, (size_t)xmlCopyCharMultiByte(u, (int)cp));
		else
			buf_putc(&b, '&');
		s = amp + (k ? k : 1);
	}
	buf_puts(&b, s);
	if (!buf_ok(&b) || !b.data) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* 1 if s has markup: '<' starting a tag, an end tag, a comment or a
   declaration. */
static int html_has_tag(const char *s)
{
	for (s = strchr(s, '<'); s; s = strchr(s + 1, '<'))
		if (isalpha((unsigned char)s[1]) || s[1] == '/' || s[1] == '!' ||
		    s[1] == '?')
			return 1;
	return 0;
}

/* ---- HTML ---------------------------------------------------------------- */

enum html_hk {
	HK_INLINE, HK_SKIP, HK_PARA, HK_LINE, HK_BR, HK_CELL, HK_LI, HK_LIST
};

/* What an HTML element (lowercase name, as the parser gives it) does to
   the text. */
static enum html_hk html_kind(const char *name)
{
	static const struct { const char *name; enum html_hk kind; } tab[] = {
		{ "p", HK_PARA }, { "div", HK_PARA }, { "table", HK_PARA },
		{ "blockquote", HK_PARA }, { "pre", HK_PARA },
		{ "hr", HK_PARA }, { "dl", HK_PARA }, { "section", HK_PARA },
		{ "article", HK_PARA }, { "header", HK_PARA },
		{ "footer", HK_PARA }, { "aside", HK_PARA }, { "nav", HK_PARA },
		{ "main", HK_PARA }, { "address", HK_PARA },
		{ "center", HK_PARA }, { "form", HK_PARA },
		{ "fieldset", HK_PARA }, { "figure", HK_PARA },
		{ "figcaption", HK_PARA }, { "caption", HK_PARA },
		{ "details", HK_PARA }, { "summary", HK_PARA },
		{ "tr", HK_LINE }, { "dt", HK_LINE }, { "dd", HK_LINE },
		{ "br", HK_BR }, { "td", HK_CELL }, { "th", HK_CELL },
		{ "li", HK_LI }, { "ul", HK_LIST }, { "ol", HK_LIST },
		{ "script", HK_SKIP }, { "style", HK_SKIP },
		{ "head", HK_SKIP }, { "title", HK_SKIP },
		{ "noscript", HK_SKIP }, { "template", HK_SKIP },
		{ "object", HK_SKIP }, { "iframe", HK_SKIP },
	};
	size_t i;

	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
		return HK_PARA;
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(name, tab[i].name) == 0)
			return tab[i].kind;
	return HK_INLINE;
}

/* The text of a text node, its leftover references decoded once. */
static void html_chars(struct html_out *o, const xmlNode *n)
{
	const char *t = (const char *)n->content;
	char *d = NULL;

	if (!t)
		return;
	if (strchr(t, '&')) {
		d = html_entities(t);
		if (!d)
			o->b.oom = 1;
		else
			t = d;
	}
	html_out_text(o, t, strlen(t));
	free(d);
}

/* The bullet of list item li: "-", or its number in an ol. */
static void html_bullet(struct html_out *o, const xmlNode *li)
{
	char mark[16] = "-";

	if (o->nlists > 0 && o->nlists <= HTML_LIST_DEPTH &&
	    o->lists[o->nlists - 1].node == li->parent &&
	    o->lists[o->nlists - 1].ordered)
		snprintf(mark, sizeof mark, "%d.",
		         ++o->lists[o->nlists - 1].n);
	html_out_text(o, mark, strlen(mark));
	o->sep = 1;
	o->hold = 1;
}

/* 1 if element n follows another element among its siblings. */
static int html_after_element(const xmlNode *n)
{
	for (n = n->prev; n; n = n->prev)
		if (n->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/*
** 1 if element n of a whole page is the site around the record: its
** navigation, forms, hidden text and links bar ("nav", "form", class or
** id "mgHide", "mgLinks", "breadcrumb", "menu", "cookie", "search",
** "footer", "sidebar", "skip").
*/
static int html_chrome(const xmlNode *n)
{
	static const char *const tags[] = { "nav", "footer", "aside", "form",
		"select", "button", "input", "noscript", "svg", NULL };
	static const char *const marks[] = { "mghide", "mglinks", "breadcrumb",
		"menu", "cookie", "search", "footer", "sidebar", "skip", "banner",
		"mgactionlist", NULL };
	const char *const *t;
	const char *attrs[] = { "class", "id" };
	size_t i, k;

	for (t = tags; *t; t++)
		if (strcmp((const char *)n->name, *t) == 0)
			return 1;
	for (i = 0; i < 2; i++) {
		xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)attrs[i]);
		char low[128];
		int hit = 0;

		if (!v)
			continue;
		for (k = 0; v[k] && k + 1 < sizeof low; k++)
			low[k] = (char)tolower(v[k]);
		low[k] = '\0';
		for (t = marks; *t && !hit; t++)
			hit = strstr(low, *t) != NULL;
		xmlFree(v);
		if (hit)
			return 1;
	}
	return 0;
}

/* Start of node n.  Returns 1 to visit its children and then call
   html_leave(), 0 to skip it. */
static int html_enter(struct html_out *o, const xmlNode *n)
{
	const char *name = (const char *)n->name;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		html_chars(o, n);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (o->page && html_chrome(n))
		return 0;
	switch (html_kind(name)) {
	case HK_SKIP:
		return 0;
	case HK_BR:
		html_out_break(o, o->brk ? 2 : 1);
		return 0;
	case HK_PARA:
		html_out_break(o, 2);
		break;
	case HK_LINE:
		html_out_break(o, 1);
		break;
	case HK_CELL:
		if (html_after_element(n) && o->sep < 2)
			o->sep = 2;
		o->cell++;
		break;
	case HK_LI:
		html_out_break(o, 1);
		html_bullet(o, n);
		o->li++;
		break;
	case HK_LIST:
		html_out_break(o, o->nlists ? 1 : 2);
		if (o->nlists < HTML_LIST_DEPTH) {
			o->lists[o->nlists].node = n;
			o->lists[o->nlists].ordered = name[0] == 'o';
			o->lists[o->nlists].n = 0;
		}
		o->nlists++;
		break;
	case HK_INLINE:
		break;
	}
	return 1;
}

/* End of element n, entered with html_enter() returning 1. */
static void html_leave(struct html_out *o, const xmlNode *n)
{
	switch (html_kind((const char *)n->name)) {
	case HK_PARA:
		html_out_break(o, 2);
		break;
	case HK_LINE:
		html_out_break(o, 1);
		break;
	case HK_CELL:
		assert(o->cell > 0);
		o->cell--;
		break;
	case HK_LI:
		assert(o->li > 0);
		o->li--;
		o->hold = 0;
		html_out_break(o, 1);
		break;
	case HK_LIST:
		assert(o->nlists > 0);
		o->nlists--;
		html_out_break(o, o->nlists ? 1 : 2);
		break;
	default:
		break;
	}
}

/* Parse len bytes of html and append its text.  The walk is iterative:
   nesting depth costs no stack. */
static void html_walk(struct html_out *o, const char *html, size_t len)
{
	htmlDocPtr doc = len > INT32_MAX ? NULL
	                 : htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_OPTIONS);
	xmlNode *n;

	if (!doc) {
		html_out_plain(o, html);
		return;
	}
	n = doc->children;
	while (n) {
		if (html_enter(o, n)) {
			if (n->children) {
				n = n->children;
				continue;
			}
			html_leave(o, n);
		}
		while (!n->next) {
			n = n->parent;
			if (!n || n == (xmlNode *)doc)
				goto out;
			html_leave(o, n);
		}
		n = n->next;
	}
out:
	xmlFreeDoc(doc);
}

/* ---- simple fragments, without the parser -------------------------------- */

/*
** Most bodies in ModernGov XML are paragraphs and divisions of text with
** a few inline elements: "<div class="WordSection1"><p class="MsoNormal">
** ...</p></div>".  For those libxml2's HTML parser builds the obvious tree
** (no element it closes or implies on its own, no character it drops or
** changes), and the walk above gives its text: html_simple walks the
** fragment itself, which is a tenth of the parser's work.  Anything else
** (other elements, comments, a misnested or unclosed element, a character
** reference or a byte the parser would treat otherwise) goes to the
** parser.  What the parser would do differently on the accepted subset,
** and why it does not change the text:
** - it drops some white space between elements (areBlanks): only next to
**   a br, before the first element or directly in html, where a break is
**   pending or nothing has been written;
** - it turns CR LF into LF: both are white space here.
*/
#define HTML_SIMPLE_DEPTH 32

/* Elements of simple fragments and what they are. */
enum html_sk { HS_NONE, HS_BLOCK, HS_INLINE, HS_BR };
static const struct {
	const char *name;
	enum html_sk kind;
} html_simple_tags[] = {
	{ "p", HS_BLOCK }, { "div", HS_BLOCK }, { "br", HS_BR },
	{ "span", HS_INLINE }, { "strong", HS_INLINE }, { "b", HS_INLINE },
	{ "em", HS_INLINE }, { "i", HS_INLINE }, { "u", HS_INLINE },
};

/* The entry of the n-byte element name at s (any case) in
   html_simple_tags, or -1. */
static int html_simple_tag_id(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof html_simple_tags / sizeof html_simple_tags[0];
	     i++)
		if (strlen(html_simple_tags[i].name) == n &&
		    strncasecmp(s, html_simple_tags[i].name, n) == 0)
			return (int)i;
	return -1;
}

/* 1 if libxml2 takes code point c as a character (IS_CHAR). */
static int html_simple_char(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* Bytes of the character at s (not '<' or '&') that the parser passes
   through as it is: printable ASCII, tab and line breaks, or well-formed
   UTF-8 of a character (IS_CHAR); 0 for anything else. */
static size_t html_simple_byte(const unsigned char *s)
{
	unsigned long c;
	size_t n, i;

	if (s[0] < 0x80)
		return (s[0] >= 0x20 && s[0] < 0x7f) || s[0] == '\t' ||
		       s[0] == '\n' || s[0] == '\r';
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    !html_simple_char(c))
		return 0;
	return n;
}

/*
** Length of the character reference at s ('&') in the forms the parser
** decodes as html_ref does: "&name;" of a known entity, "&#123;" or
** "&#x1F;" of a character (IS_CHAR), at most 8 digits; its code point in
** *cp.  0 for any other '&'.
*/
static size_t html_simple_ref(const char *s, unsigned *cp)
{
	size_t k = html_ref(s, cp);

	if (!k || !html_simple_char(*cp))
		return 0;
	/* a name as libxml2 reads it: a letter, then letters and digits */
	if (s[1] != '#' && !isalpha((unsigned char)s[1]))
		return 0;
	return k;
}

/*
** Length of the tag at s ('<') if it is one of a simple fragment: "<name
** attr="v" ...>" (br also "<br/>"), or "</name>"; its entry in *id and
** in *end whether it is an end tag.  0 otherwise.  Attribute values are
** quoted, without '<', of characters html_simple_byte takes and '&'
** (what the parser makes of a value is not read).
*/
static size_t html_simple_tag(const char *s, int *id, int *end)
{
	const char *q = s + 1;
	size_t n, k;
	char quote;
	int blanks;

	*end = *q == '/';
	q += *end;
	for (n = 0; isalpha((unsigned char)q[n]); n++)
		;
	if (n == 0 || (*id = html_simple_tag_id(q, n)) < 0)
		return 0;
	q += n;
	if (*end)
		return *q == '>' ? (size_t)(q + 1 - s) : 0;
	for (;;) {
		for (blanks = 0; *q == ' ' || *q == '\t' || *q == '\n' ||
		     *q == '\r'; q++)
			blanks = 1;
		if (*q == '>')
			return (size_t)(q + 1 - s);
		if (q[0] == '/' && q[1] == '>' &&
		    html_simple_tags[*id].kind == HS_BR)
			return (size_t)(q + 2 - s);
		if (!blanks || !(isalpha((unsigned char)*q) || *q == '_' ||
		                 *q == ':'))
			return 0;
		while (isalnum((unsigned char)*q) || *q == '_' || *q == ':' ||
		       *q == '.' || *q == '-')
			q++;
		if (*q++ != '=' || (*q != '"' && *q != '\''))
			return 0;
		quote = *q++;
		for (; *q != quote; q += k)
			if (*q == '<' || !(k = *q == '&' ? 1
			    : html_simple_byte((const unsigned char *)q)))
				return 0;
		q++;
	}
}

/* Append the text between two tags (n bytes at s, checked by
   html_simple_pass): its references decoded as the parser does, then
   what is left of them once more, as html_chars does. */
static void html_simple_text(struct html_out *o, const char *s, size_t n)
{
	struct buf t = { 0 };
	xmlChar u[8];
	unsigned cp;
	size_t i, k;
	char *d;

	if (!memchr(s, '&', n)) {
		html_out_text(o, s, n);
		return;
	}
	for (i = 0; i < n; i += k) {
		if (s[i] != '&') {
			for (k = 1; i + k < n && s[i + k] != '&'; k++)
				;
			buf_add(&t, s + i, k);
			continue;
		}
		k = html_simple_ref(s + i, &cp);
		buf_add(&t, u, (size_t)xmlCopyCharMultiByte(u, (int)cp));
	}
	buf_putc(&t, '\0');
	if (!buf_ok(&t)) {
		o->b.oom = 1;
	} else if (strchr(t.data, '&')) {
		d = html_entities(t.data);
		if (!d)
			o->b.oom = 1;
		else
			html_out_text(o, d, strlen(d));
		free(d);
	} else {
		html_out_text(o, t.data, t.len - 1);
	}
	buf_free(&t);
}

/*
** One pass over fragment s: checks that it is simple (see above) and
** with emit set, appends its text to o as html_walk would.  A simple
** fragment starts with an element; blocks (p, div) are only in divs;
** every element is closed, in order.  1 if simple, else 0.
*/
static int html_simple_pass(struct html_out *o, const char *s, int emit)
{
	int stack[HTML_SIMPLE_DEPTH], depth = 0, id, end;
	enum html_sk kind;
	const char *q;
	unsigned cp;
	size_t k;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s != '<')
		return 0;
	while (*s) {
		if (*s != '<') {
			for (q = s; *q && *q != '<'; q += k) {
				k = 1;
				if (*q >= ' ' && *q < 0x7f && *q != '&')
					continue;   /* (most of the text) */
				k = *q == '&' ? html_simple_ref(q, &cp)
				    : html_simple_byte((const unsigned char *)q);
				if (!k)
					return 0;
			}
			if (emit)
				html_simple_text(o, s, (size_t)(q - s));
			s = q;
			continue;
		}
		if (!(k = html_simple_tag(s, &id, &end)))
			return 0;
		s += k;
		kind = html_simple_tags[id].kind;
		if (end) {
			if (!depth || stack[depth - 1] != id)
				return 0;
			depth--;
		} else if (kind == HS_BR) {
			if (emit)
				html_out_break(o, o->brk ? 2 : 1);
			continue;
		} else {
			if (depth == HTML_SIMPLE_DEPTH || (kind == HS_BLOCK &&
			    depth && strcmp(html_simple_tags[stack[depth - 1]]
			                    .name, "div") != 0))
				return 0;
			stack[depth++] = id;
		}
		if (emit && kind == HS_BLOCK)
			html_out_break(o, 2);
	}
	return depth == 0;
}

/* Append the text of fragment s to o if it is simple: 1, else 0 (o
   untouched). */
static int html_simple(struct html_out *o, const char *s)
{
	if (!html_simple_pass(o, s, 0))
		return 0;
	html_simple_pass(o, s, 1);
	return 1;
}

int html_fragment_text(const char *html, size_t len, char **out)
{
	struct html_out o = { 0 };
	char *s, *t;
	int layer, same;

	*out = NULL;
	s = strndup(html, len);
	if (!s)
		return -ENOMEM;
	/* "&lt;p&gt;..." is markup encoded once more than it should be. */
	for (layer = 0; layer < HTML_LAYERS && !html_has_tag(s) && strchr(s, '&');
	     layer++) {
		t = html_entities(s);
		if (!t) {
			free(s);
			return -ENOMEM;
		}
		same = strcmp(s, t) == 0;
		free(s);
		s = t;
		if (same)
			break;
	}
	if (!html_has_tag(s))
		html_out_plain(&o, s);
	else if (!html_simple(&o, s))
		html_walk(&o, s, strlen(s));
	free(s);
	return html_out_done(&o, out);
}

int html_is(const char *s, size_t n)
{
	static const char *const roots[] = { "!doctype html", "html", "head",
		"body", "div", "p", "table", "h1", "h2", "span", "ul", "section",
		"article", "main", "meta", "title", "!--", NULL };
	const char *const *r;
	size_t i = 0, k;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i + 1 >= n || s[i] != '<')
		return 0;
	i++;
	for (r = roots; *r; r++) {
		k = strlen(*r);
		if (n - i > k && strncasecmp(s + i, *r, k) == 0
		    && (!isalnum((unsigned char)s[i + k]) || strcmp(*r, "!--") == 0))
			return strcmp(*r, "!--") != 0 || strstr(s + i, "<html") || strstr(s + i, "<HTML")
			       || strstr(s + i, "<div");
	}
	return 0;
}

int html_text(const char *html, size_t len, char **out, size_t *outlen)
{
	struct html_out o = { 0 };
	int rc;

	char *s;

	*out = NULL;
	*outlen = 0;
	o.page = 1;
	/* (the parser's fallback reads a string) */
	if (!(s = strndup(html, len)))
		return -ENOMEM;
	html_walk(&o, s, strlen(s));
	free(s);
	rc = html_out_done(&o, out);
	if (rc == 0 && !*out && !(*out = strdup("")))
		rc = -ENOMEM;
	if (rc == 0)
		*outlen = strlen(*out);
	return rc;
}

int html_oneline(const char *s, size_t n, char **out)
{
	struct html_out o = { 0 };
	char *d, *t;
	int layer;

	*out = NULL;
	if (!(d = strndup(s, n)))
		return -ENOMEM;
	for (layer = 0; layer < HTML_LAYERS && strchr(d, '&'); layer++) {
		if (!(t = html_entities(d))) {
			free(d);
			return -ENOMEM;
		}
		layer = strcmp(t, d) == 0 ? HTML_LAYERS : layer;
		free(d);
		d = t;
	}
	html_out_text(&o, d, strlen(d));
	free(d);
	return html_out_done(&o, out);
}
