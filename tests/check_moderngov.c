/*
** check_moderngov.c — unit tests of the ModernGov XML importer
** (import/moderngov.c): the three real mgWebService.asmx responses and the
** variants in tests/fixtures/moderngov/, imported into a scratch database
** the way govctl does it (store_begin, mg_import, commit or rollback), and
** checked through SQL on a separate read-only connection and through the
** renderer.
*/
#include <check.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check_util.h"
#include "html.h"
#include "moderngov.h"
#include "store.h"
#include "write.h"

#define FIXTURES "tests/fixtures/moderngov"
#define COUNCIL  "Manchester City Council"
#define CSLUG    "manchester-city-council"   /* its ids: CSLUG "/<id>" */
#define KEY(id)  CSLUG "/" id

/* The options of an import of COUNCIL's responses. */
static const struct mg_options council_opt = { COUNCIL, NULL };

/* ---- helpers ------------------------------------------------------------- */

/* A scratch database in its own directory. */
struct tdb {
	char dir[64];
	char path[96];
	store *s;
};

static void tdb_open(struct tdb *t)
{
	char *err = NULL;
	int rc;

	snprintf(t->dir, sizeof t->dir, "/tmp/check_moderngov.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	rc = store_open(t->path, STORE_RDWR | STORE_CREATE, &t->s, &err);
	ck_assert_msg(rc == 0, "store_open: %s", err ? err : "?");
}

static void tdb_close(struct tdb *t)
{
	char p[128];
	static const char *const sfx[] = { "", "-wal", "-shm" };
	size_t i;

	store_close(t->s);
	for (i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, sfx[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

/* Import len bytes as govctl does: one transaction, rolled back on
   error.  Returns mg_import's result. */
static int import_mem(store *s, const char *name, const char *text,
                      size_t len, const struct mg_options *opt,
                      struct mg_result *res)
{
	int rc;

	ck_assert_int_eq(store_begin(s), 0);
	rc = mg_import(s, text, len, name, opt, res);
	if (rc < 0)
		ck_assert_int_eq(store_rollback(s), 0);
	else
		ck_assert_int_eq(store_commit(s), 0);
	return rc;
}

/* Import fixture file (name relative to FIXTURES), which must succeed. */
static void import_ok(store *s, const char *file, const char *council,
                      struct mg_result *res)
{
	struct mg_options opt = { council, NULL };
	struct mg_result dummy;
	char path[256];
	size_t len;
	char *text;
	int rc;

	snprintf(path, sizeof path, "%s/%s", FIXTURES, file);
	text = check_slurp(path, &len);
	rc = import_mem(s, file, text, len, &opt, res ? res : &dummy);
	ck_assert_msg(rc == 0, "%s: %s", file, store_errmsg(s));
	free(text);
}

/* The three real samples, in the order GetCommittees, GetMeetings,
   GetMeeting. */
static void import_samples(store *s)
{
	import_ok(s, "committees.xml", COUNCIL, NULL);
	import_ok(s, "meetings.xml", COUNCIL, NULL);
	import_ok(s, "meeting_with_minutes.xml", COUNCIL, NULL);
}

/* Every row of every table, as text, read on a separate connection. */
static char *dump(const char *path)
{
	struct buf b = { 0 };
	sqlite3 *db;
	sqlite3_stmt *tables, *st;
	int i;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	                                 NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT name FROM"
	                 " sqlite_schema WHERE type = 'table' AND name NOT LIKE"
	                 " 'sqlite_%' ORDER BY name", -1, &tables, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", t);

		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
		                 SQLITE_OK);
		buf_printf(&b, "== %s\n", t);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *v = sqlite3_column_text(st, i);

				buf_printf(&b, "%s%s", i ? "|" : "",
				           v ? (const char *)v : "NULL");
			}
			buf_putc(&b, '\n');
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	ck_assert(buf_ok(&b));
	return buf_detach(&b);
}

/* Assert that two dumps are the same, naming the first line that is
   not (a whole dump is too long for Check's messages). */
static void same_dump(const char *before, const char *after,
                      const char *what)
{
	size_t i = 0, line = 1, k;

	while (before[i] && before[i] == after[i])
		line += before[i++] == '\n';
	while (i > 0 && before[i - 1] != '\n')
		i--;
	k = strcspn(before + i, "\n");
	ck_assert_msg(strcmp(before, after) == 0, "%s: the database changed"
	              " at dump line %zu: \"%.*s\" became \"%.*s\"", what,
	              line, (int)(k < 200 ? k : 200), before + i,
	              (int)(strcspn(after + i, "\n") < 200
	                    ? strcspn(after + i, "\n") : 200), after + i);
}

/* The first column of the first row of printf-style query, as a malloc'd
   string ("NULL" for NULL, "(no row)" for none). */
static char *q(const char *path, const char *fmt, ...)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *sql, *out;
	va_list ap;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	                                 NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	              "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		out = strdup(sqlite3_column_type(st, 0) == SQLITE_NULL ? "NULL"
		             : (const char *)sqlite3_column_text(st, 0));
	else
		out = strdup("(no row)");
	sqlite3_finalize(st);
	sqlite3_close(db);
	sqlite3_free(sql);
	return out;
}

/* Assert that query gives want. */
#define ck_q(path, want, ...)                                           \
	do {                                                            \
		char *got_ = q(path, __VA_ARGS__);                      \
		ck_assert_str_eq(got_, want);                           \
		free(got_);                                             \
	} while (0)

static int64_t qi(const char *path, const char *sql, const char *arg)
{
	char *v = q(path, sql, arg);
	int64_t n = strtoll(v, NULL, 10);

	free(v);
	return n;
}

/* The id of the item with ModernGov id agendaitemid. */
static int64_t item_id(const char *path, const char *agendaitemid)
{
	return qi(path, "SELECT id FROM item WHERE source = 'moderngov' AND"
	          " source_id = '" CSLUG "/' || %Q", agendaitemid);
}

/* The rendered file (kind, id) as a malloc'd string. */
static char *render(store *s, enum node_kind kind, int64_t id)
{
	struct buf b = { 0 };

	ck_assert_int_eq(store_render(s, NODE_INO(kind, id), &b), 0);
	buf_putc(&b, '\0');
	ck_assert(buf_ok(&b));
	return buf_detach(&b);
}

#define ck_render(s, kind, id, want)                                    \
	do {                                                            \
		char *got_ = render(s, kind, id);                       \
		ck_assert_str_eq(got_, want);                           \
		free(got_);                                             \
	} while (0)

/* html_fragment_text of html must give want (NULL: no text). */
static void html_gives(const char *html, const char *want)
{
	char *out = (char *)"x";

	ck_assert_int_eq(html_fragment_text(html, strlen(html), &out), 0);
	if (want)
		ck_assert_pstr_eq(out, want);
	else
		ck_assert_msg(out == NULL, "%s: got \"%s\"", html, out);
	free(out);
}

/* ---- HTML to text -------------------------------------------------------- */

START_TEST(test_is_xml)
{
	ck_assert(mg_is_xml("<a/>", 4));
	ck_assert(mg_is_xml("\xef\xbb\xbf \n <x", 8));
	ck_assert(!mg_is_xml("Minutes\n", 8));
	ck_assert(!mg_is_xml("", 0));
	ck_assert(!mg_is_xml("   ", 3));
}
END_TEST

START_TEST(test_html_blocks)
{
	html_gives("", NULL);
	html_gives(" \n\t ", NULL);
	html_gives("<p> </p><div>&nbsp;</div>", NULL);
	html_gives("<p>a</p><p>b</p>", "a\n\nb");
	html_gives("<div class=\"WordSection1\">\n<p>x  \n  y</p>\n</div>\n",
	        "x y");
	html_gives("a<br>b<br/><br>c", "a\nb\n\nc");
	html_gives("<h1>Title</h1>text<hr>more", "Title\n\ntext\n\nmore");
	html_gives("<p>x&nbsp;&nbsp;y\xc2\xa0z</p>", "x y z");
	html_gives("<p>caf\xc3\xa9 \xe2\x80\x93 ok\xe2\x80\x8b!</p>",
	        "caf\xc3\xa9 \xe2\x80\x93 ok!");
	html_gives("<script>x()</script><style>p{}</style><!-- c --><p>ok</p>",
	        "ok");
	html_gives("<html><head><title>T</title></head><body><p>b</p></body>"
	        "</html>", "b");
	html_gives("<table><tr><th>A</th><th>B</th></tr>"
	        "<tr><td><p>1</p></td><td>2</td></tr></table>after",
	        "A\tB\n1\t2\n\nafter");
}
END_TEST

START_TEST(test_html_lists)
{
	html_gives("<p>Points:</p><ul><li>one</li><li>two</li></ul><p>End</p>",
	        "Points:\n\n- one\n- two\n\nEnd");
	html_gives("<ol><li>one</li><li><p>two</p><p>more</p></li></ol>",
	        "1. one\n2. two\nmore");
	html_gives("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
	        "- a\n- b\n- c");
	html_gives("<ol><li>a<ol><li>b</li><li>c</li></ol></li><li>d</li></ol>",
	        "1. a\n1. b\n2. c\n2. d");
	/* Word's own bullets: a Symbol-font dot and padding. */
	html_gives("<p class=MsoListParagraph><span style='font-family:Symbol'>"
	        "\xc2\xb7<span style='font:7.0pt'>&nbsp;&nbsp;&nbsp; </span>"
	        "</span>Item</p>", "\xc2\xb7 Item");
}
END_TEST

START_TEST(test_html_encoding)
{
	/* Markup encoded once and twice more than it should be. */
	html_gives("&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;", "Tom & Jerry");
	html_gives("&amp;lt;p&amp;gt;a&amp;lt;/p&amp;gt;&amp;lt;p&amp;gt;b"
	        "&amp;lt;/p&amp;gt;", "a\n\nb");
	/* References left in text after one decoding. */
	html_gives("<p>Tom &amp;amp; Jerry &amp;#8217;s</p>",
	        "Tom & Jerry \xe2\x80\x99s");
	html_gives("<p>&amp;bogus; &amp;#0; &amp;</p>", "&bogus; &#0; &");
	/* Text with no markup keeps its lines. */
	html_gives("line one\nline two\n\n\n  para two  \n", "line one\nline "
	        "two\n\npara two");
	html_gives("x &lt; y &amp;&amp; y &gt; z", "x < y && y > z");
	html_gives("Children&apos;s &#x2019; &#39;", "Children's \xe2\x80\x99 '");
}
END_TEST

/* Nesting as deep as libxml2's HTML parser goes (256), and deeper: the
   parser stops at its limit, the walk costs no stack either way. */
START_TEST(test_html_deep)
{
	struct buf b = { 0 };
	char *out = NULL;
	int i;

	for (i = 0; i < 120; i++)
		buf_puts(&b, "<div><span>");
	buf_puts(&b, "deep");
	ck_assert(buf_ok(&b));
	html_gives(b.data, "deep");
	for (i = 0; i < 50000; i++)
		buf_puts(&b, "<div><b>");
	buf_puts(&b, "deeper");
	ck_assert(buf_ok(&b));
	ck_assert_int_eq(html_fragment_text(b.data, b.len, &out), 0);
	ck_assert_pstr_eq(out, "deep");
	free(out);
	buf_free(&b);
}
END_TEST

/* ---- the real samples ---------------------------------------------------- */

START_TEST(test_committees)
{
	struct tdb t;
	struct mg_result r;

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, &r);
	ck_assert_str_eq(r.root, "committees");
	ck_assert_int_eq(r.boards, 3);
	ck_assert_int_eq(r.meetings + r.items + r.documents + r.people +
	                 r.actions, 0);
	ck_q(t.path, "3", "SELECT count(*) FROM board");
	ck_q(t.path, "appointment-sub-committee-for-director-of-adult-social-"
	     "services|Appointment Sub Committee for Director of Adult Social"
	     " Services|Governance and Decision Making Committees|1|0|"
	     COUNCIL, "SELECT b.slug || '|' || b.name || '|' || b.kind || '|'"
	     " || b.expired || '|' || b.deleted || '|' || c.name FROM board b"
	     " JOIN council c ON c.id = b.council_id WHERE b.source ="
	     " 'moderngov' AND b.source_id = '" CSLUG "/312'");
	ck_q(t.path, "art-galleries-committee|0", "SELECT slug || '|' ||"
	     " expired FROM board WHERE source_id = '" CSLUG "/163'");
	ck_q(t.path, "audit-committee|Audit Committee|0", "SELECT slug || '|'"
	     " || name || '|' || expired FROM board WHERE source_id = '" CSLUG "/144'");
	ck_q(t.path, "3", "SELECT count(*) FROM board b JOIN council c ON"
	     " c.id = b.council_id WHERE c.name = %Q", COUNCIL);
	tdb_close(&t);
}
END_TEST

/* Two committees of one title (an old one and its successor), and a
   board of that name added by hand before any import. */
static const char same_title_xml[] =
	"<committees>\n"
	"<committee><committeeid>144</committeeid><committeetitle>Audit"
	" Committee</committeetitle></committee>\n"
	"<committee><committeeid>90</committeeid><committeetitle>Audit"
	" Committee</committeetitle><committeeexpired>True</committeeexpired>"
	"</committee>\n"
	"</committees>\n";

START_TEST(test_same_title)
{
	struct board_rec b = { .slug = "audit-committee", .name = "Audit",
	                       .kind = "scrutiny" };
	struct mg_result r;
	struct tdb t;
	int64_t id;

	tdb_open(&t);
	ck_assert_int_eq(store_board_add(t.s, &b, &id), 0);
	ck_assert_int_eq(import_mem(t.s, "same.xml", same_title_xml,
	                 strlen(same_title_xml), &council_opt, &r), 0);
	ck_assert_int_eq(r.boards, 2);
	ck_q(t.path, "audit-committee|" KEY("144") "|Audit Committee|scrutiny|0;"
	     "audit-committee-90|" KEY("90") "|Audit Committee|committee|1",
	     "SELECT group_concat(slug || '|' || source_id || '|' || name ||"
	     " '|' || kind || '|' || expired, ';') FROM (SELECT * FROM board"
	     " ORDER BY id)");
	ck_assert_int_eq(qi(t.path, "SELECT id FROM board WHERE source_id ="
	                    " %Q", KEY("144")), id);
	tdb_close(&t);
}
END_TEST

/* Text fields are HTML, their references encoded once more than XML
   needs, sometimes twice: titles are decoded as the bodies are. */
static const char entities_xml[] =
	"<committees>\n"
	"<committee><committeeid>201</committeeid><committeetitle>RBC"
	" Children&amp;#39;s Services Improvement Board</committeetitle>"
	"</committee>\n"
	"<committee><committeeid>202</committeeid><committeetitle>Health"
	" &amp;amp;amp; Wellbeing&amp;nbsp;Board &amp;#8211; Joint"
	"</committeetitle></committee>\n"
	"<committee><committeeid>203</committeeid><committeetitle>Fish &amp;"
	" Chips &amp;lt;3 &amp;amp;c &amp;bogus; AT&amp;amp;T</committeetitle>"
	"</committee>\n"
	"</committees>\n";

START_TEST(test_title_entities)
{
	struct mg_result r;
	struct tdb t;

	tdb_open(&t);
	ck_assert_int_eq(import_mem(t.s, "entities.xml", entities_xml,
	                 strlen(entities_xml), &council_opt, &r), 0);
	ck_assert_int_eq(r.boards, 3);
	ck_q(t.path, "rbc-childrens-services-improvement-board|RBC Children's"
	     " Services Improvement Board", "SELECT slug || '|' || name FROM"
	     " board WHERE source_id = %Q", KEY("201"));
	ck_q(t.path, "Health & Wellbeing Board \u2013 Joint", "SELECT name FROM"
	     " board WHERE source_id = %Q", KEY("202"));
	/* What is no reference is kept. */
	ck_q(t.path, "Fish & Chips <3 &c &bogus; AT&T", "SELECT name FROM"
	     " board WHERE source_id = %Q", KEY("203"));
	tdb_close(&t);
}
END_TEST

/* GetMeetingsByDate with meetings that name their committee. */
static const char by_date_xml[] =
	"<getmeetingsbydate>\n"
	"  <meetings>\n"
	"    <meeting><meetingid>4967</meetingid><meetingdate>10/02/2026"
	"</meetingdate><committeeid>144</committeeid></meeting>\n"
	"    <meeting><meetingid>6000</meetingid><meetingdate>11/02/2026"
	"</meetingdate><meetingstatus>Confirmed</meetingstatus>"
	"<committeeid>555</committeeid><committeetitle>Licensing"
	" Committee</committeetitle></meeting>\n"
	"  </meetings>\n"
	"</getmeetingsbydate>\n";

START_TEST(test_by_date)
{
	struct mg_result r;
	struct tdb t;

	tdb_open(&t);
	import_samples(t.s);
	ck_assert_int_eq(import_mem(t.s, "bydate.xml", by_date_xml,
	                 strlen(by_date_xml), &council_opt, &r), 0);
	ck_assert_str_eq(r.root, "getmeetingsbydate");
	ck_assert_int_eq(r.boards, 2);
	ck_assert_int_eq(r.meetings, 2);
	ck_q(t.path, "3", "SELECT count(*) FROM meeting");
	ck_q(t.path, "licensing-committee|2026-02-11|Confirmed|" COUNCIL,
	     "SELECT b.slug || '|' || m.date || '|' || m.status || '|' ||"
	     " c.name FROM meeting m JOIN board b ON b.id = m.board_id JOIN"
	     " council c ON c.id = b.council_id WHERE m.source_id = '" CSLUG "/6000'");
	/* Nothing the response left out was cleared. */
	ck_q(t.path, "Confirmed|10.00 am|Council Antechamber, Level 2, Town"
	     " Hall Extension", "SELECT status || '|' || time || '|' ||"
	     " location FROM meeting WHERE source_id = '" CSLUG "/4967'");
	tdb_close(&t);
}
END_TEST

/* ---- councils ----------------------------------------------------------- */

#define COUNCIL_B "Leeds City Council"
#define KEY_B(id) "leeds-city-council/" id

/* A response of council B, made from the fixture file: every from[i]
   replaced by to[i] (n pairs).  A malloc'd string, its length in *len. */
static char *council_b(const char *file, const char *const *from,
                       const char *const *to, size_t n, size_t *len)
{
	struct buf b = { 0 };
	char path[256], *text, *at;
	const char *s;
	size_t i, k;

	snprintf(path, sizeof path, "%s/%s", FIXTURES, file);
	text = check_slurp(path, len);
	for (s = text; *s; ) {
		for (i = 0, at = NULL; i < n; i++) {
			char *f = strstr(s, from[i]);

			if (f && (!at || f < at)) {
				at = f;
				k = i;
			}
		}
		if (!at) {
			buf_puts(&b, s);
			break;
		}
		buf_add(&b, s, (size_t)(at - s));
		buf_puts(&b, to[k]);
		s = at + strlen(from[k]);
	}
	free(text);
	ck_assert(buf_ok(&b));
	*len = b.len;
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* Import the samples as council B's: same ids, another committee name,
   other minutes. */
static void import_council_b(store *s)
{
	static const char *const from[] = {
		"Art Galleries Committee", "25 November 2025",
		"democracy.manchester.gov.uk",
	};
	static const char *const to[] = {
		"Licensing Committee", "2 December 2025",
		"democracy.leeds.gov.uk",
	};
	static const char *const files[] = {
		"committees.xml", "meetings.xml", "meeting_with_minutes.xml",
	};
	struct mg_options opt = { COUNCIL_B, NULL };
	struct mg_result r;
	size_t i, len;
	char *text;

	for (i = 0; i < 3; i++) {
		text = council_b(files[i], from, to, 3, &len);
		ck_assert_msg(import_mem(s, files[i], text, len, &opt, &r) == 0,
		              "%s: %s", files[i], store_errmsg(s));
		free(text);
	}
}

/* Two councils with the same ModernGov ids in one database: each its
   own boards, meetings and items, with its own data; re-importing either
   council's responses changes nothing. */
START_TEST(test_two_councils)
{
	struct tdb t;
	char *before, *after;

	tdb_open(&t);
	import_samples(t.s);
	import_council_b(t.s);
	ck_q(t.path, "6|4|4|4|2", "SELECT (SELECT count(*) FROM board) || '|'"
	     " || (SELECT count(*) FROM meeting) || '|' || (SELECT count(*)"
	     " FROM item) || '|' || (SELECT count(*) FROM document) || '|' ||"
	     " (SELECT count(*) FROM attendance)");
	ck_q(t.path, "Leeds City Council:3;Manchester City Council:3",
	     "SELECT group_concat(n, ';') FROM (SELECT c.name || ':' ||"
	     " count(*) AS n FROM board b JOIN council c ON c.id ="
	     " b.council_id GROUP BY c.name ORDER BY c.name)");
	/* The same committee title: the second council's board is named
	   after its council. */
	ck_q(t.path, "audit-committee|Manchester City Council|" KEY("144"),
	     "SELECT b.slug || '|' || c.name || '|' || b.source_id FROM board"
	     " b JOIN council c ON c.id = b.council_id WHERE b.source_id = %Q",
	     KEY("144"));
	ck_q(t.path, "leeds-city-council-audit-committee|Leeds City Council",
	     "SELECT b.slug || '|' || c.name FROM board b JOIN council c ON"
	     " c.id = b.council_id WHERE b.source_id = %Q", KEY_B("144"));
	ck_q(t.path, "Art Galleries Committee", "SELECT name FROM board WHERE"
	     " source_id = %Q", KEY("163"));
	ck_q(t.path, "licensing-committee", "SELECT slug FROM board WHERE"
	     " source_id = %Q", KEY_B("163"));
	/* Meetings on their own council's board, items in their own
	   meetings, with their own minutes. */
	ck_q(t.path, "audit-committee:2026-01-13,2026-02-10", "SELECT b.slug"
	     " || ':' || group_concat(m.date) FROM meeting m JOIN board b ON"
	     " b.id = m.board_id WHERE m.source_id IN (%Q, %Q) GROUP BY b.slug",
	     KEY("4966"), KEY("4967"));
	ck_q(t.path, "leeds-city-council-audit-committee:2026-01-13,2026-02-10",
	     "SELECT b.slug || ':' || group_concat(m.date) FROM meeting m JOIN"
	     " board b ON b.id = m.board_id WHERE m.source_id IN (%Q, %Q)"
	     " GROUP BY b.slug", KEY_B("4966"), KEY_B("4967"));
	ck_q(t.path, "To approve the minutes of the meeting held on 25 November"
	     " 2025 as a correct record.|" KEY("4967"), "SELECT i.minutes ||"
	     " '|' || m.source_id FROM item i JOIN meeting m ON m.id ="
	     " i.meeting_id WHERE i.source_id = %Q", KEY("18831"));
	ck_q(t.path, "To approve the minutes of the meeting held on 2 December"
	     " 2025 as a correct record.|" KEY_B("4967"), "SELECT i.minutes ||"
	     " '|' || m.source_id FROM item i JOIN meeting m ON m.id ="
	     " i.meeting_id WHERE i.source_id = %Q", KEY_B("18831"));
	ck_q(t.path, "https://democracy.leeds.gov.uk/mgConvert2PDF.aspx?"
	     "ID=60909", "SELECT d.url FROM document d JOIN item i ON i.id ="
	     " d.item_id WHERE i.source_id = %Q", KEY_B("18833"));

	/* Re-imports of either council, in either order, change nothing. */
	before = dump(t.path);
	import_council_b(t.s);
	import_samples(t.s);
	import_council_b(t.s);
	after = dump(t.path);
	same_dump(before, after, "re-import of two councils");
	free(after);
	free(before);
	tdb_close(&t);
}
END_TEST

/* Without --council a response is refused: ids are per council and the
   XML does not say whose it is, so no default (not even the only council
   so far) is taken; nor is a council whose slug is another council's. */
START_TEST(test_council_required)
{
	static const struct mg_options twin = { "Manchester City-Council!",
	                                        NULL };
	static const struct mg_options empty = { "", NULL };
	struct mg_result r;
	struct tdb t;
	char *text, *before, *after;
	size_t len;

	tdb_open(&t);
	text = check_slurp(FIXTURES "/committees.xml", &len);
	before = dump(t.path);
	ck_assert_int_eq(import_mem(t.s, "committees.xml", text, len, NULL,
	                            &r), -EDESTADDRREQ);
	ck_assert_str_eq(store_errmsg(t.s), "committees.xml:2: ModernGov ids"
	                 " are per council and this response does not say whose"
	                 " it is: give --council NAME");
	ck_assert_int_eq(import_mem(t.s, "committees.xml", text, len, &empty,
	                            &r), -EDESTADDRREQ);
	after = dump(t.path);
	same_dump(before, after, "no council");
	free(after);
	free(before);
	free(text);

	/* One council's records in the database: still required. */
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	ck_q(t.path, "(no row)", "SELECT value FROM meta WHERE key ="
	     " 'moderngov.council'");
	text = check_slurp(FIXTURES "/meetings.xml", &len);
	before = dump(t.path);
	ck_assert_int_eq(import_mem(t.s, "meetings.xml", text, len, NULL, &r),
	                 -EDESTADDRREQ);
	ck_assert_str_eq(store_errmsg(t.s), "meetings.xml:2: ModernGov ids"
	                 " are per council and this response does not say whose"
	                 " it is: give --council NAME");
	ck_assert_int_eq(import_mem(t.s, "meetings.xml", text, len, &twin, &r),
	                 -EDESTADDRREQ);
	ck_assert_str_eq(store_errmsg(t.s), "meetings.xml:2: --council"
	                 " 'Manchester City-Council!' cannot be told from"
	                 " council 'Manchester City Council' (both are"
	                 " 'manchester-city-council')");
	after = dump(t.path);
	same_dump(before, after, "no council, one in the database");
	free(after);
	free(before);
	free(text);
	tdb_close(&t);
}
END_TEST

/* Rows as an older govctl stored them, source_id the bare id: in
   sql's tables, every ModernGov row of path. */
static void make_old_style(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
	              "%s", err ? err : "?");
	sqlite3_close(db);
}

#define OLD_STYLE(t) "UPDATE " t " SET source_id = substr(source_id," \
	" instr(source_id, '/') + 1) WHERE source = 'moderngov';"

/* A database of an older govctl: its rows are upgraded to the council
   form by the next import, keep their ids, and are updated, not
   duplicated, by a re-import of that council's responses. */
START_TEST(test_old_style_upgraded)
{
	static const char count_sql[] = "SELECT (SELECT count(*) FROM board)"
		" || ',' || (SELECT count(*) FROM meeting) || ',' || (SELECT"
		" count(*) FROM item) || ',' || (SELECT count(*) FROM document)"
		" || ',' || (SELECT count(*) FROM attendance)";
	static const char ids_sql[] = "SELECT (SELECT group_concat(id || '=' ||"
		" source_id) FROM board) || ';' || (SELECT group_concat(id || '='"
		" || source_id) FROM meeting) || ';' || (SELECT group_concat(id ||"
		" '=' || source_id) FROM item)";
	struct tdb t;
	char *counts, *ids, *before, *after;

	/* Boards with their council, the council remembered in meta. */
	tdb_open(&t);
	import_samples(t.s);
	counts = q(t.path, count_sql);
	ids = q(t.path, ids_sql);
	make_old_style(t.path, OLD_STYLE("board") OLD_STYLE("meeting")
	               OLD_STYLE("item") "INSERT OR REPLACE INTO meta VALUES"
	               " ('moderngov.council', '" COUNCIL "');");
	ck_q(t.path, "18831", "SELECT source_id FROM item WHERE title ="
	     " 'Minutes'");
	import_ok(t.s, "meeting_with_minutes.xml", COUNCIL, NULL);
	ck_q(t.path, KEY("144") " " KEY("4967") " " KEY("18831"),
	     "SELECT (SELECT source_id FROM board WHERE name = 'Audit"
	     " Committee') || ' ' || (SELECT source_id FROM meeting WHERE date"
	     " = '2026-02-10') || ' ' || (SELECT group_concat(source_id) FROM"
	     " item WHERE title = 'Minutes')");
	ck_q(t.path, ids, "%s", ids_sql);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_ok(t.s, "meetings.xml", COUNCIL, NULL);
	ck_q(t.path, counts, "%s", count_sql);
	ck_q(t.path, ids, "%s", ids_sql);
	before = dump(t.path);
	import_samples(t.s);
	after = dump(t.path);
	same_dump(before, after, "re-import after the upgrade");
	free(after);
	free(before);
	tdb_close(&t);

	/* No council ever given: the rows become the first named one's (the
	   same imports as above: the same rows, counts and ids). */
	tdb_open(&t);
	import_samples(t.s);
	make_old_style(t.path, OLD_STYLE("board") OLD_STYLE("meeting")
	               OLD_STYLE("item") "UPDATE board SET council_id = NULL;"
	               "DELETE FROM council;");
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_ok(t.s, "meetings.xml", COUNCIL, NULL);
	import_ok(t.s, "meeting_with_minutes.xml", COUNCIL, NULL);
	ck_q(t.path, counts, "%s", count_sql);
	ck_q(t.path, ids, "%s", ids_sql);
	ck_q(t.path, "3", "SELECT count(*) FROM board b JOIN council c ON"
	     " c.id = b.council_id WHERE c.name = %Q", COUNCIL);
	free(counts);
	free(ids);
	tdb_close(&t);
}
END_TEST

START_TEST(test_samples)
{
	struct tdb t;
	struct mg_result r;
	int64_t it;

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_ok(t.s, "meetings.xml", COUNCIL, &r);
	ck_assert_str_eq(r.root, "getmeetings");
	ck_assert_int_eq(r.boards, 1);
	ck_assert_int_eq(r.meetings, 2);
	import_ok(t.s, "meeting_with_minutes.xml", COUNCIL, &r);
	ck_assert_str_eq(r.root, "meeting");
	ck_assert_int_eq(r.boards, 0);
	ck_assert_int_eq(r.meetings, 1);
	ck_assert_int_eq(r.items, 2);
	ck_assert_int_eq(r.documents, 2);
	ck_assert_int_eq(r.people, 1);
	ck_assert_int_eq(r.actions, 0);

	/* Meetings: ISO dates, times and statuses as published. */
	ck_q(t.path, "2", "SELECT count(*) FROM meeting");
	ck_q(t.path, "audit-committee|2026-01-13|10.00 am|Cancelled|NULL",
	     "SELECT b.slug || '|' || m.date || '|' || m.time || '|' ||"
	     " m.status || '|' || ifnull(m.location, 'NULL') FROM meeting m"
	     " JOIN board b ON b.id = m.board_id WHERE m.source = 'moderngov'"
	     " AND m.source_id = '" CSLUG "/4966'");
	ck_render(t.s, NK_MEETING_TXT, qi(t.path, "SELECT id FROM meeting"
	          " WHERE source_id = %Q", KEY("4967")),
	          "Board: Audit Committee\n"
	          "Date: 2026-02-10\n"
	          "Time: 10.00 am\n"
	          "Location: Council Antechamber, Level 2, Town Hall Extension\n"
	          "Status: Confirmed\n"
	          "Items: 2\n"
	          "\n"
	          "1\tMinutes\n"
	          "9\tWork Programme\n");

	/* Items: the numbers shown, titles, agenda text, minutes. */
	it = item_id(t.path, "18831");
	ck_q(t.path, "1|1|Minutes|01-minutes", "SELECT number || '|' || ord ||"
	     " '|' || title || '|' || slug FROM item WHERE id = %lld",
	     (long long)it);
	ck_q(t.path, "To approve as a correct record the minutes of the"
	     " meeting held on 25 November 2025.", "SELECT purpose FROM item"
	     " WHERE id = %lld", (long long)it);
	ck_q(t.path, "NULL", "SELECT ifnull(decision, 'NULL') FROM item WHERE"
	     " id = %lld", (long long)it);
	ck_render(t.s, NK_MINUTES_TXT, it,
	          "Title: Minutes\n"
	          "Number: 1\n"
	          "Board: Audit Committee\n"
	          "Date: 2026-02-10\n"
	          "\n"
	          "To approve the minutes of the meeting held on 25 November"
	          " 2025 as a correct record.\n");
	ck_render(t.s, NK_DOCUMENTS_TXT, it,
	          "Title: Minutes\n"
	          "Number: 1\n"
	          "Board: Audit Committee\n"
	          "Date: 2026-02-10\n"
	          "Documents: 1\n"
	          "\n"
	          "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025\t"
	          "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?"
	          "ID=60860\t2026-02-02\n");
	it = item_id(t.path, "18833");
	ck_q(t.path, "9|2|Work Programme|09-work-programme", "SELECT number ||"
	     " '|' || ord || '|' || title || '|' || slug FROM item WHERE id ="
	     " %lld", (long long)it);
	ck_q(t.path, "The Committee considered a report of the Governance and"
	     " Scrutiny Support Unit which set out its future Work Programme"
	     " for the remainder of 2025/26 municipal year.", "SELECT minutes"
	     " FROM item WHERE id = %lld", (long long)it);
	ck_q(t.path, "DRAFT WP FEBRUARY 2026|https://democracy.manchester.gov"
	     ".uk/mgConvert2PDF.aspx?ID=60909|2026-02-02|1", "SELECT title ||"
	     " '|' || url || '|' || published || '|' || ord FROM document"
	     " WHERE item_id = %lld", (long long)it);
	ck_q(t.path, "0", "SELECT count(*) FROM resolution");
	ck_q(t.path, "0", "SELECT count(*) FROM action");

	/* The attendee, from the element's attributes. */
	ck_q(t.path, "Councillor Basil Curley|LAB, Charlestown ward|expected|"
	     "Committee Member", "SELECT p.name || '|' || p.role || '|' ||"
	     " a.role || '|' || a.note FROM attendance a JOIN person p ON"
	     " p.id = a.person_id");
	tdb_close(&t);
}
END_TEST

/* GetMeeting before GetMeetings: placed by the items' refertocommittee
   (a title here); the later GetMeetings finds the same meeting. */
START_TEST(test_meeting_first)
{
	struct tdb t;

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_ok(t.s, "meeting_with_minutes.xml", COUNCIL, NULL);
	ck_q(t.path, "audit-committee|2026-02-10|Confirmed", "SELECT b.slug ||"
	     " '|' || m.date || '|' || m.status FROM meeting m JOIN board b ON"
	     " b.id = m.board_id");
	import_ok(t.s, "meetings.xml", COUNCIL, NULL);
	ck_q(t.path, "2", "SELECT count(*) FROM meeting");
	ck_q(t.path, "1", "SELECT count(*) FROM meeting WHERE source_id ="
	     " '" CSLUG "/4967'");
	ck_q(t.path, "Council Antechamber, Level 2, Town Hall Extension",
	     "SELECT location FROM meeting WHERE source_id = '" CSLUG "/4967'");
	tdb_close(&t);
}
END_TEST

/* A meeting and item recorded before from text (no source ids) are the
   ones the XML updates: same board and date, same item number. */
START_TEST(test_text_first)
{
	struct meeting_rec m = { 0 };
	struct item_rec it = { 0 };
	struct tdb t;
	int64_t board, meeting, item;

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	ck_assert_int_eq(store_board_find(t.s, "audit-committee", &board), 0);
	m.board_id = board;
	m.date = "2026-02-10";
	ck_assert_int_eq(store_meeting_add(t.s, &m, &meeting), 0);
	it.meeting_id = meeting;
	it.number = "1";
	it.title = "Minutes of the last meeting";
	ck_assert_int_eq(store_item_add(t.s, &it, &item), 0);
	import_ok(t.s, "meeting_with_minutes.xml", COUNCIL, NULL);
	ck_q(t.path, "1", "SELECT count(*) FROM meeting");
	ck_assert_int_eq(qi(t.path, "SELECT id FROM meeting WHERE source_id ="
	                    " %Q", KEY("4967")), meeting);
	ck_assert_int_eq(item_id(t.path, "18831"), item);
	ck_q(t.path, "Minutes|01-minutes", "SELECT title || '|' || slug FROM"
	     " item WHERE id = %lld", (long long)item);
	ck_q(t.path, "2", "SELECT count(*) FROM item");
	tdb_close(&t);
}
END_TEST

START_TEST(test_meeting_unplaced)
{
	struct mg_options opt = { COUNCIL, "audit" };
	struct board_rec b = { .slug = "audit", .name = "Audit" };
	struct mg_result r;
	struct tdb t;
	char *text, *before, *after;
	size_t len;

	tdb_open(&t);
	text = check_slurp(FIXTURES "/meeting_with_minutes.xml", &len);
	before = dump(t.path);
	ck_assert_int_lt(import_mem(t.s, "mwm.xml", text, len, &council_opt, &r), 0);
	ck_assert_str_eq(store_errmsg(t.s), "mwm.xml:3: cannot tell which "
	                 "committee meeting 4967 belongs to: import GetMeetings"
	                 " first or give --board");
	after = dump(t.path);
	same_dump(before, after, "mwm.xml");
	free(after);

	/* --board names an unknown board, then a known one. */
	ck_assert_int_lt(import_mem(t.s, "mwm.xml", text, len, &opt, &r), 0);
	ck_assert_str_eq(store_errmsg(t.s), "mwm.xml:2: unknown board 'audit'"
	                 " (see: govctl board list)");
	ck_assert_int_eq(store_board_add(t.s, &b, NULL), 0);
	ck_assert_int_eq(import_mem(t.s, "mwm.xml", text, len, &opt, &r), 0);
	ck_q(t.path, "audit|2|1", "SELECT b.slug || '|' || (SELECT count(*)"
	     " FROM item) || '|' || (SELECT count(*) FROM attendance) FROM"
	     " meeting m JOIN board b ON b.id = m.board_id");
	free(before);
	free(text);
	tdb_close(&t);
}
END_TEST

/* ---- a meeting with resolutions, actions, lists and tables --------------- */

START_TEST(test_rich)
{
	struct tdb t;
	struct mg_result r;
	int64_t it;

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_ok(t.s, "meeting_rich.xml", COUNCIL, &r);
	ck_assert_int_eq(r.meetings, 1);
	ck_assert_int_eq(r.items, 2);      /* the PART A heading is none */
	ck_assert_int_eq(r.documents, 2);
	ck_assert_int_eq(r.people, 3);
	ck_assert_int_eq(r.actions, 3);
	ck_q(t.path, "audit-committee|2026-03-03|2.00 pm|Council Chamber, Town"
	     " Hall|Confirmed", "SELECT b.slug || '|' || m.date || '|' ||"
	     " m.time || '|' || m.location || '|' || m.status FROM meeting m"
	     " JOIN board b ON b.id = m.board_id WHERE m.source_id = '" CSLUG "/5001'");
	ck_q(t.path, "2", "SELECT count(*) FROM item");
	ck_q(t.path, "0", "SELECT count(*) FROM item WHERE source_id ="
	     " '" CSLUG "/18900'");

	it = item_id(t.path, "18901");
	ck_q(t.path, "3|1|Children's Services Improvement Plan", "SELECT number"
	     " || '|' || ord || '|' || title FROM item WHERE id = %lld",
	     (long long)it);
	/* agendatext was encoded twice. */
	ck_q(t.path, "To receive the report of the Strategic Director & the"
	     " Leader.", "SELECT purpose FROM item WHERE id = %lld",
	     (long long)it);
	ck_render(t.s, NK_MINUTES_TXT, it,
	          "Title: Children's Services Improvement Plan\n"
	          "Number: 3\n"
	          "Board: Audit Committee\n"
	          "Date: 2026-03-03\n"
	          "\n"
	          "The Committee considered a report of the Strategic Director"
	          " (Children\xe2\x80\x99s Services) on progress against the"
	          " improvement plan.\n"
	          "\n"
	          "Key points raised:\n"
	          "\n"
	          "- recruitment of social workers\n"
	          "- caseloads in the MASH\n"
	          "\n"
	          "Members asked about agency staff.\n"
	          "The Director responded.\n"
	          "\n"
	          "RESOLVED \xe2\x80\x93\n"
	          "\n"
	          "(a) That the report be noted.\n"
	          "\n"
	          "(b) That officers report back to the Committee on 15 March"
	          " 2026 with the caseload figures.\n");
	/* The decision body repeats the resolutions: stored once. */
	ck_q(t.path, "2", "SELECT count(*) FROM resolution WHERE item_id ="
	     " %lld", (long long)it);
	ck_q(t.path, "1|(a)|resolved|That the report be noted.|NULL|NULL",
	     "SELECT r.ord || '|' || r.label || '|' || r.kind || '|' ||"
	     " r.text || '|' || ifnull(r.due, 'NULL') || '|' || ifnull(a.id,"
	     " 'NULL') FROM resolution r LEFT JOIN action a ON"
	     " a.resolution_id = r.id WHERE r.item_id = %lld AND r.ord = 1",
	     (long long)it);
	ck_q(t.path, "(b)|2026-03-15|open|2026-03-15|That officers report back"
	     " to the Committee on 15 March 2026 with the caseload figures.",
	     "SELECT r.label || '|' || r.due || '|' || a.status || '|' ||"
	     " a.due || '|' || a.text FROM resolution r JOIN action a ON"
	     " a.resolution_id = r.id WHERE r.item_id = %lld AND r.ord = 2",
	     (long long)it);
	/* The Actions field: one action per bullet. */
	ck_q(t.path, "Director to circulate the caseload data;Clerk to add MASH"
	     " to the work programme", "SELECT group_concat(text, ';') FROM"
	     " (SELECT text FROM action WHERE item_id = %lld AND resolution_id"
	     " IS NULL ORDER BY id)", (long long)it);
	ck_render(t.s, NK_DOCUMENTS_TXT, it,
	          "Title: Children's Services Improvement Plan\n"
	          "Number: 3\n"
	          "Board: Audit Committee\n"
	          "Date: 2026-03-03\n"
	          "Documents: 2\n"
	          "\n"
	          "Improvement Plan update\thttps://democracy.manchester.gov.uk"
	          "/mgConvert2PDF.aspx?ID=70001\t2026-02-20\n"
	          "Appendix 1 - Caseloads\thttps://democracy.manchester.gov.uk"
	          "/documents/s70002/Appendix.pdf\n");

	it = item_id(t.path, "18902");
	ck_q(t.path, "4a|2|Performance Report|04a-performance-report", "SELECT"
	     " number || '|' || ord || '|' || title || '|' || slug FROM item"
	     " WHERE id = %lld", (long long)it);
	ck_q(t.path, "Performance summary:\n\nMeasure\tTarget\tActual\nVisits"
	     " on time\t90%\t87%\n\n1. First point\n2. Second point\n\nNext"
	     " steps\n\nNone.", "SELECT minutes FROM item WHERE id = %lld",
	     (long long)it);
	ck_q(t.path, "To approve the revised plan.|decision|To approve the"
	     " revised plan.", "SELECT i.decision || '|' || r.kind || '|' ||"
	     " r.text FROM item i JOIN resolution r ON r.item_id = i.id WHERE"
	     " i.id = %lld", (long long)it);
	ck_q(t.path, "0", "SELECT count(*) FROM action WHERE item_id = %lld",
	     (long long)it);

	/* Attendance as published, lowercased; role on the committee and
	   key posts as the note; party and ward as the person's role. */
	ck_render(t.s, NK_ATTENDANCE_TXT, qi(t.path, "SELECT id FROM meeting"
	          " WHERE source_id = %Q", KEY("5001")),
	          "Board: Audit Committee\n"
	          "Date: 2026-03-03\n"
	          "Attendees: 3\n"
	          "\n"
	          "apologies\tCouncillor Jane Doe\tCommittee Member\n"
	          "expected\tCouncillor Basil Curley\tChair, Chair of Health"
	          " Scrutiny Committee\n"
	          "in attendance\tPaul Smith\tStrategic Director (Children's"
	          " Services)\n");
	ck_q(t.path, "LAB, Charlestown ward", "SELECT role FROM person WHERE"
	     " name = 'Councillor Basil Curley'");
	ck_q(t.path, "LD, Didsbury West ward", "SELECT role FROM person WHERE"
	     " name = 'Councillor Jane Doe'");
	ck_q(t.path, "NULL", "SELECT ifnull(role, 'NULL') FROM person WHERE"
	     " name = 'Paul Smith'");
	ck_q(t.path, "0", "SELECT count(*) FROM item_person");
	tdb_close(&t);
}
END_TEST

/* ---- re-imports ---------------------------------------------------------- */

START_TEST(test_idempotent)
{
	static const char *const files[] = {
		"committees.xml", "meetings.xml", "meeting_with_minutes.xml",
		"meeting_rich.xml",
	};
	struct mg_result r;
	struct tdb t;
	char *before, *after;
	size_t i;

	tdb_open(&t);
	for (i = 0; i < 4; i++)
		import_ok(t.s, files[i], COUNCIL, NULL);
	before = dump(t.path);
	for (i = 0; i < 4; i++) {
		import_ok(t.s, files[i], COUNCIL, &r);
		ck_assert_int_eq(r.actions, 0);
	}
	/* Not a row written: not even the change log moved. */
	after = dump(t.path);
	same_dump(before, after, "re-import");
	free(after);
	/* In the other order too. */
	for (i = 4; i-- > 0; )
		import_ok(t.s, files[i], COUNCIL, NULL);
	after = dump(t.path);
	same_dump(before, after, "re-import in reverse");
	free(after);
	free(before);
	tdb_close(&t);
}
END_TEST

/* A GetMeeting answer of meeting id on date (dd/mm/yyyy) with attendees
   att (attendee elements), no items. */
static void import_attendees(store *s, const char *id, const char *date,
                             const char *att)
{
	struct mg_options opt = { COUNCIL, "audit-committee" };
	struct mg_result r;
	char *x = NULL;
	int rc, n;

	n = asprintf(&x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	             "<meeting>\n  <meetingid>%s</meetingid>\n"
	             "  <meetingdate>%s</meetingdate>\n"
	             "  <meetingstatus>Confirmed</meetingstatus>\n"
	             "  <agendaitems>\n  </agendaitems>\n"
	             "  <attendees>\n%s  </attendees>\n</meeting>\n",
	             id, date, att);
	ck_assert_int_gt(n, 0);
	rc = import_mem(s, "attendees.xml", x, (size_t)n, &opt, &r);
	ck_assert_msg(rc == 0, "%s", store_errmsg(s));
	free(x);
}

#define ATT(name, role, att, party) \
	"    <attendee membertype=\"U\" name=\"" name "\" roledescription=\"" \
	role "\" attendance=\"" att "\" politicalparty=\"" party "\"" \
	" ward=\"Charlestown\"/>\n"

/* A person listed twice at one meeting (as chair and as member, or with
   another attendance) keeps both; each meeting keeps each attendee's own
   role and attendance; the person's party and ward are their latest
   meeting's, whatever the order of the imports. */
START_TEST(test_attendee_roles)
{
	static const char first[] =
		ATT("Councillor Basil Curley", "Chair", "Present", "LAB")
		ATT("Councillor Jane Doe", "Committee Member", "Present", "LD")
		ATT("Councillor Basil Curley", "Committee Member", "Present",
		    "LAB")
		ATT("Councillor Jane Doe", "Substitute", "Apologies", "LD")
		ATT("Councillor Basil Curley", "Chair", "Present", "LAB")
		ATT("Councillor Paul Vice", "Vice-Chair", "Present", "LD")
		ATT("Councillor Paul Vice", "Chair", "Present", "LD");
	static const char want_first[] =
		"Board: Audit Committee\n"
		"Date: 2026-03-10\n"
		"Attendees: 4\n"
		"\n"
		"apologies\tCouncillor Jane Doe\tSubstitute\n"
		"present\tCouncillor Basil Curley\tChair; Committee Member\n"
		"present\tCouncillor Jane Doe\tCommittee Member\n"
		"present\tCouncillor Paul Vice\tVice-Chair; Chair\n";
	struct tdb t;
	char *before, *after;
	int64_t m1;

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_attendees(t.s, "7001", "10/03/2026", first);
	m1 = qi(t.path, "SELECT id FROM meeting WHERE source_id = %Q",
	        KEY("7001"));
	ck_render(t.s, NK_ATTENDANCE_TXT, m1, want_first);
	/* again: nothing written */
	before = dump(t.path);
	import_attendees(t.s, "7001", "10/03/2026", first);
	after = dump(t.path);
	same_dump(before, after, "re-import of attendees");
	free(before);
	free(after);
	/* an earlier meeting, other roles and a party since left */
	import_attendees(t.s, "7000", "10/02/2026",
		ATT("Councillor Basil Curley", "Vice-Chair", "Apologies",
		    "IND"));
	ck_render(t.s, NK_ATTENDANCE_TXT, m1, want_first);
	ck_q(t.path, "apologies|Vice-Chair", "SELECT a.role || '|' || a.note"
	     " FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE"
	     " m.source_id = %Q", KEY("7000"));
	ck_q(t.path, "LAB, Charlestown ward", "SELECT role FROM person WHERE"
	     " name = 'Councillor Basil Curley'");
	/* a later one changes it */
	import_attendees(t.s, "7002", "10/04/2026",
		ATT("Councillor Basil Curley", "Chair", "Present", "IND"));
	ck_q(t.path, "IND, Charlestown ward", "SELECT role FROM person WHERE"
	     " name = 'Councillor Basil Curley'");
	/* the first meeting re-listed: an attendance that changed replaces
	   the old one; a listing gone with it */
	import_attendees(t.s, "7001", "10/03/2026",
		ATT("Councillor Basil Curley", "Chair", "Present", "LAB")
		ATT("Councillor Basil Curley", "Committee Member", "Present",
		    "LAB")
		ATT("Councillor Jane Doe", "Committee Member", "Present", "LD")
		ATT("Councillor Paul Vice", "Vice-Chair", "Present", "LD")
		ATT("Councillor Paul Vice", "Chair", "Present", "LD"));
	ck_render(t.s, NK_ATTENDANCE_TXT, m1,
		"Board: Audit Committee\n"
		"Date: 2026-03-10\n"
		"Attendees: 3\n"
		"\n"
		"present\tCouncillor Basil Curley\tChair; Committee Member\n"
		"present\tCouncillor Jane Doe\tCommittee Member\n"
		"present\tCouncillor Paul Vice\tVice-Chair; Chair\n");
	ck_q(t.path, "IND, Charlestown ward", "SELECT role FROM person WHERE"
	     " name = 'Councillor Basil Curley'");
	tdb_close(&t);
}
END_TEST

START_TEST(test_update_in_place)
{
	struct tdb t;
	char *counts, *again;
	int64_t it, meeting, res_b;
	static const char count_sql[] = "SELECT (SELECT count(*) FROM board)"
		" || ',' || (SELECT count(*) FROM meeting) || ',' || (SELECT"
		" count(*) FROM item) || ',' || (SELECT count(*) FROM resolution)"
		" || ',' || (SELECT count(*) FROM document) || ',' || (SELECT"
		" count(*) FROM person) || ',' || (SELECT count(*) FROM"
		" attendance) || ',' || (SELECT count(*) FROM action)";

	tdb_open(&t);
	import_ok(t.s, "committees.xml", COUNCIL, NULL);
	import_ok(t.s, "meeting_rich.xml", COUNCIL, NULL);
	it = item_id(t.path, "18901");
	meeting = qi(t.path, "SELECT id FROM meeting WHERE source_id = %Q",
	             KEY("5001"));
	res_b = qi(t.path, "SELECT id FROM resolution WHERE label = %Q",
	           "(b)");
	counts = q(t.path, count_sql);
	ck_assert_str_eq(counts, "3,1,2,3,2,3,3,3");

	import_ok(t.s, "meeting_rich_changed.xml", COUNCIL, NULL);
	again = q(t.path, count_sql);
	ck_assert_str_eq(again, counts);
	free(again);
	ck_assert_int_eq(item_id(t.path, "18901"), it);
	ck_q(t.path, "Cancelled", "SELECT status FROM meeting WHERE id = %lld",
	     (long long)meeting);
	ck_q(t.path, "Children's Services Improvement Plan - update|03-"
	     "childrens-services-improvement-plan-update", "SELECT title ||"
	     " '|' || slug FROM item WHERE id = %lld", (long long)it);
	ck_q(t.path, "Appendix 1 - Caseloads (revised)", "SELECT title FROM"
	     " document WHERE item_id = %lld AND ord = 2", (long long)it);
	ck_q(t.path, "That officers report back to the Committee on 22 March"
	     " 2026 with the caseload figures.|2026-03-22|1", "SELECT text ||"
	     " '|' || due || '|' || (SELECT count(*) FROM action WHERE"
	     " resolution_id = %lld) FROM resolution WHERE id = %lld",
	     (long long)res_b, (long long)res_b);
	/* "Expected" became "Present": one attendance row, not two. */
	ck_q(t.path, "present", "SELECT group_concat(a.role) FROM attendance a"
	     " JOIN person p ON p.id = a.person_id WHERE p.name ="
	     " 'Councillor Basil Curley'");

	/* And back. */
	import_ok(t.s, "meeting_rich.xml", COUNCIL, NULL);
	again = q(t.path, count_sql);
	ck_assert_str_eq(again, counts);
	free(again);
	ck_q(t.path, "Confirmed|Children's Services Improvement Plan", "SELECT"
	     " m.status || '|' || i.title FROM item i JOIN meeting m ON m.id ="
	     " i.meeting_id WHERE i.id = %lld", (long long)it);
	free(counts);
	tdb_close(&t);
}
END_TEST

/* ---- bad input ----------------------------------------------------------- */

struct bad_case {
	const char *name, *xml, *msg;
};

static const struct bad_case bad_cases[] = {
	{ "wrong.xml", "<?xml version=\"1.0\"?>\n<html><body/></html>\n",
	  "wrong.xml:2: unknown ModernGov XML root <html> (expected "
	  "committees, getmeetings, getmeetingsbydate or meeting)" },
	{ "noid.xml", "<?xml version=\"1.0\"?>\n<meeting>\n"
	  "<meetingdate>10/02/2026</meetingdate>\n</meeting>\n",
	  "noid.xml:2: meeting: missing meetingid" },
	{ "badid.xml", "<committees>\n<committee>\n<committeeid>12a"
	  "</committeeid>\n<committeetitle>X</committeetitle></committee>"
	  "</committees>", "badid.xml:3: committeeid: invalid id '12a'" },
	{ "notitle.xml", "<committees>\n<committee>\n<committeeid>12"
	  "</committeeid>\n<committeetitle> </committeetitle></committee>"
	  "</committees>", "notitle.xml:2: committee: missing committeetitle" },
	/* The first meeting is written before the second fails. */
	{ "baddate.xml", "<getmeetings>\n<committee><committeeid>144"
	  "</committeeid>\n<committeemeetings>\n<meeting><meetingid>1"
	  "</meetingid><meetingdate>01/03/2026</meetingdate></meeting>\n"
	  "<meeting><meetingid>2</meetingid>\n<meetingdate>31/02/2026"
	  "</meetingdate></meeting>\n</committeemeetings></committee>"
	  "</getmeetings>\n", "baddate.xml:6: meetingdate: invalid date "
	  "'31/02/2026'" },
	{ "isodate.xml", "<meeting><meetingid>4967</meetingid>\n<meetingdate>"
	  "2026-02-10</meetingdate></meeting>",
	  "isodate.xml:2: meetingdate: invalid date '2026-02-10'" },
	{ "badtime.xml", "<meeting><meetingid>4967</meetingid><meetingdate>"
	  "10/02/2026</meetingdate>\n<meetingtime>13.00 pm</meetingtime>"
	  "</meeting>", "badtime.xml:2: meetingtime: invalid time '13.00 pm'"
	  " (expected H.MM am/pm)" },
	{ "badbool.xml", "<committees><committee><committeeid>1</committeeid>"
	  "<committeetitle>X</committeetitle>\n\n<committeeexpired>Yes"
	  "</committeeexpired></committee></committees>",
	  "badbool.xml:3: committeeexpired: invalid boolean 'Yes' (expected "
	  "True or False)" },
	{ "badcount.xml", "<committees>\n  <committeescount> three"
	  "</committeescount></committees>",
	  "badcount.xml:2: committeescount: invalid count 'three'" },
	{ "baddoc.xml", "<meeting><meetingid>4967</meetingid><meetingdate>"
	  "10/02/2026</meetingdate><agendaitems><agendaitem><agendaitemid>1"
	  "</agendaitemid><agendaitemtitle>T</agendaitemtitle>"
	  "<fulldisplaynumberformat>1.</fulldisplaynumberformat>"
	  "<linkeddocuments><linkeddoc><title>D</title>\n<publicationdate>"
	  "00/01/2026</publicationdate></linkeddoc></linkeddocuments>"
	  "</agendaitem></agendaitems></meeting>",
	  "baddoc.xml:2: publicationdate: invalid date '00/01/2026'" },
	{ "noitemid.xml", "<meeting><meetingid>4967</meetingid><meetingdate>"
	  "10/02/2026</meetingdate><agendaitems>\n<agendaitem>"
	  "<agendaitemtitle>T</agendaitemtitle><agendaitemnumber>2"
	  "</agendaitemnumber></agendaitem></agendaitems></meeting>",
	  "noitemid.xml:2: agendaitem: missing agendaitemid" },
	{ "noname.xml", "<meeting><meetingid>4967</meetingid><meetingdate>"
	  "10/02/2026</meetingdate><attendees>\n\n<attendee attendance="
	  "\"Present\"/></attendees></meeting>",
	  "noname.xml:3: attendee: missing name" },
	{ "dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE meeting SYSTEM "
	  "\"http://example.com/mg.dtd\">\n<meeting/>",
	  "dtd.xml:2: DOCTYPE/entity declarations are not allowed" },
};

/* Each bad document is refused with its message and leaves the database
   exactly as it was. */
START_TEST(test_bad_input)
{
	struct mg_result r;
	struct tdb t;
	char *before, *after;
	size_t i;

	tdb_open(&t);
	import_samples(t.s);
	before = dump(t.path);
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		int rc = import_mem(t.s, c->name, c->xml, strlen(c->xml), &council_opt,
		                    &r);

		ck_assert_msg(rc < 0, "%s: accepted", c->name);
		ck_assert_str_eq(store_errmsg(t.s), c->msg);
		after = dump(t.path);
		same_dump(before, after, c->name);
		free(after);
	}
	free(before);
	tdb_close(&t);
}
END_TEST

/* Import file, expecting msg (or, with prefix, a message starting so and
   containing contains), and no change. */
static void refused(struct tdb *t, const char *name, const char *text,
                    size_t len, const char *msg, const char *contains)
{
	struct mg_result r;
	char *before = dump(t->path), *after;

	ck_assert_int_lt(import_mem(t->s, name, text, len, &council_opt, &r), 0);
	if (contains) {
		ck_assert_msg(strncmp(store_errmsg(t->s), msg, strlen(msg)) == 0
		              && strstr(store_errmsg(t->s), contains),
		              "%s: got \"%s\"", name, store_errmsg(t->s));
	} else {
		ck_assert_str_eq(store_errmsg(t->s), msg);
	}
	after = dump(t->path);
	same_dump(before, after, name);
	free(before);
	free(after);
}

START_TEST(test_malformed)
{
	static const char bad_utf8[] = "<committees>\n<committee>"
		"<committeetitle>\xc3\x28</committeetitle></committee>"
		"</committees>";
	struct tdb t;
	char *text;
	size_t len;

	tdb_open(&t);
	import_samples(t.s);
	text = check_slurp(FIXTURES "/meeting_with_minutes.xml", &len);
	refused(&t, "truncated.xml", text, 1500, "truncated.xml:",
	        ": malformed XML: ");
	refused(&t, "truncated.xml", text, len - 20, "truncated.xml:",
	        ": malformed XML: ");
	free(text);
	refused(&t, "utf8.xml", bad_utf8, strlen(bad_utf8), "utf8.xml:2: ",
	        "malformed XML");
	refused(&t, "lt.xml", "<<<", 3, "lt.xml:1: ", "malformed XML");
	refused(&t, "two.xml", "<meeting/><meeting/>", 20, "two.xml:1: ",
	        "malformed XML");
	refused(&t, "empty.xml", "", 0, "empty.xml:1: empty document", NULL);
	tdb_close(&t);
}
END_TEST

START_TEST(test_entities_refused)
{
	struct tdb t;
	char *text;
	size_t len;

	tdb_open(&t);
	import_samples(t.s);
	text = check_slurp(FIXTURES "/billion_laughs.xml", &len);
	refused(&t, "billion_laughs.xml", text, len, "billion_laughs.xml:2: "
	        "DOCTYPE/entity declarations are not allowed", NULL);
	free(text);
	text = check_slurp(FIXTURES "/xxe.xml", &len);
	refused(&t, "xxe.xml", text, len, "xxe.xml:2: DOCTYPE/entity "
	        "declarations are not allowed", NULL);
	free(text);
	tdb_close(&t);
}
END_TEST

static Suite *moderngov_suite(void)
{
	Suite *s = suite_create("moderngov");
	TCase *tc = tcase_create("html");

	tcase_add_test(tc, test_is_xml);
	tcase_add_test(tc, test_html_blocks);
	tcase_add_test(tc, test_html_lists);
	tcase_add_test(tc, test_html_encoding);
	tcase_add_test(tc, test_html_deep);
	suite_add_tcase(s, tc);
	tc = tcase_create("import");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_committees);
	tcase_add_test(tc, test_same_title);
	tcase_add_test(tc, test_title_entities);
	tcase_add_test(tc, test_two_councils);
	tcase_add_test(tc, test_council_required);
	tcase_add_test(tc, test_old_style_upgraded);
	tcase_add_test(tc, test_samples);
	tcase_add_test(tc, test_by_date);
	tcase_add_test(tc, test_meeting_first);
	tcase_add_test(tc, test_text_first);
	tcase_add_test(tc, test_meeting_unplaced);
	tcase_add_test(tc, test_rich);
	tcase_add_test(tc, test_idempotent);
	tcase_add_test(tc, test_update_in_place);
	tcase_add_test(tc, test_attendee_roles);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_entities_refused);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(moderngov_suite)
