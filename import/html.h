/*
** html.h — HTML to clean text (libxml2's HTML parser; never the network).
*/
#ifndef GOVFS_HTML_H
#define GOVFS_HTML_H

#include <stddef.h>

/*
** ModernGov HTML (agendatext, minutes and decision bodies, comments) as
** clean text.  Entity-encoded markup ("&lt;p&gt;...", encoded once or
** twice more) is unwrapped first; text with no markup keeps its lines.
** Block elements (p, div, h1-h6, ul, ol, table, blockquote, ...) become
** paragraphs separated by one blank line; br, li, tr, dt and dd start a
** new line (two br in a row, a blank line); li gets "- ", or "1. ", "2. "
** in an ol; table cells are separated by a tab; script, style, head and
** comments are dropped.  White space runs (NBSP and the other Unicode
** spaces too) become one space, lines are trimmed, leftover character
** references in text ("&amp;amp;") are decoded once more.
** Returns 0 and sets *out to a malloc'd string (caller frees), or to NULL
** when there is no text; or -ENOMEM.
*/
int html_fragment_text(const char *html, size_t len, char **out);

/*
** A whole page saved from a browser as text for the page parser: as
** html_fragment_text, but a table row's cells joined with " | " and the
** site around the record dropped (navigation, forms, links bar, hidden
** text, scripts, styles).  *out is malloc'd ("" for no text), *outlen its
** length.  Returns 0 or -ENOMEM.
*/
int html_text(const char *html, size_t len, char **out, size_t *outlen);

/* 1 if the n bytes at s are HTML: "<!DOCTYPE html", or an HTML element
   ("<html", "<div", "<p", "<table", ...) first. */
int html_is(const char *s, size_t n);

/* n bytes of text on one line: character references decoded (encoded
   twice or more, too: "&amp;#39;" gives "'"), white space made one space,
   trimmed.  *out malloc'd, NULL if empty.  Returns 0 or -ENOMEM. */
int html_oneline(const char *s, size_t n, char **out);

#endif
