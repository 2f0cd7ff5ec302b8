/*
** check_pages.c — the page reader (import/page.c, import/html.c) on the
** real ModernGov captures in tests/fixtures/pages and tests/fixtures/html.
**
** Each page's expectation below was written by reading the page: its
** family, its (first) item's title as printed ("Untitled item" /
** "Untitled decision" where the capture lost it, NULL for an issue page
** with no title), the meeting it names (date, committee, item number;
** NULL where the page does not say), how many items it holds and how many
** resolutions a reader counts in it (a numbered list under "Resolved" is
** one per number; narrative is none).  Every page must be read, as the
** family written; the figure of pages read exactly as written is printed
** and may not fall below what it was when this was written.
**
** test_digest_fields stores decision records (pagestore.c, store/import.c):
** a page differing from the one stored in a decision-record field only is
** no unchanged page.
*/
#include <check.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "html.h"
#include "page.h"
#include "pagestore.h"
#include "write.h"

#define PAGES_DIR "tests/fixtures/pages"
#define HTML_DIR  "tests/fixtures/html"

/* The figures measured when the expectations were written: a change that
   reads fewer pages exactly fails. */
#define PAGES_EXACT_AT_LEAST 61
#define HTML_EXACT_AT_LEAST  5

struct want {
	const char *file;
	const char *family;
	const char *title;      /* first item's, or the page's if no item */
	const char *date;       /* first item's meeting, YYYY-MM-DD */
	const char *committee;
	const char *number;
	int nitems;
	int nres;               /* over all items */
};

#define AI "agenda item"
#define IM "issue meetings"
#define ID "issue decisions"
#define DE "decision"
#define IS "issue"
#define ME "meeting"

static const struct want pages[] = {
	/* Cheshire East, cells joined with " |"; no header: no meeting */
	{ "01.txt", ME, "Apologies for Absence", NULL, NULL, NULL, 5, 1 },
	{ "02.txt", ME, "Apologies for absence", "2018-03-08",
	  "Children and Young People Overview and Scrutiny Committee", "801", 4, 0 },
	/* "Decision" sub-headings in the minutes of 21 and 22 */
	{ "03.txt", ME, "Appointment of Chair", "2018-10-02",
	  "Overview and Scrutiny Ofsted Subgroup", "21", 3, 2 },
	{ "04.txt", AI, "Ofsted Inspection Reports", NULL, NULL, NULL, 1, 0 },
	/* decision text only: 1) and 2) */
	{ "05.txt", ID, "Untitled item", NULL, NULL, NULL, 1, 2 },
	/* the Public Speaking item's title is lost: still an item */
	{ "06.txt", ME, "Apologies for Absence", NULL, NULL, NULL, 5, 1 },
	{ "07.txt", AI, "Untitled item", NULL, NULL, NULL, 1, 0 },
	{ "08.txt", ID, "Petitions", "2018-11-29", NULL, NULL, 1, 1 },
	{ "09.txt", IM, "Children, Young People and Education Committee Work Programme",
	  "2021-09-13", "Children Young People and Education Committee", "30", 1, 4 },
	{ "10.txt", AI, "Public Questions", NULL, NULL, NULL, 1, 0 },
	{ "11.txt", IM, "Minutes", "2011-10-11",
	  "Joint meeting of Corporate Parenting Advisory Committee &Children's "
	  "Safeguarding Policy and Practice Committee", "12", 1, 0 },
	/* 17.1-17.3 are an account; 17.4 "Resolved – That ..." is the one */
	{ "12.txt", DE, "Update to Constitution: Corporate Parenting Panel Terms of Reference",
	  "2021-09-24", "Governance Committee", NULL, 1, 1 },
	{ "15.txt", IS, "Declarations of interest, if any.", NULL, NULL, NULL, 0, 0 },
	{ "16.txt", IS, NULL, NULL, NULL, NULL, 0, 0 },
	{ "17.txt", ID, "Strategy for Children and Young People with SEND: Findings from "
	  "Strategy Consultation and Proposed New Strategy", "2018-03-22", NULL, NULL, 1, 5 },
	{ "18.txt", AI, "SPECIAL EDUCATIONAL NEEDS AND DISABILITY (SEND) STRATEGY",
	  NULL, NULL, NULL, 1, 1 },
	/* (2) cut off mid-sentence: still a resolution */
	{ "19.txt", AI, "Special Education Needs and Disabilities - Strategic Update",
	  NULL, NULL, NULL, 1, 2 },
	{ "20.txt", ME, "Apologies", "2020-07-08", "Corporate Parenting Committee", "1", 9, 0 },
	/* no "Decided at meeting": the decision maker on the date of decision */
	{ "21.txt", DE, "Children and Young People - Residential Options", "2018-04-12",
	  "Cabinet", NULL, 1, 1 },
	{ "24.txt", IS, NULL, NULL, NULL, NULL, 0, 0 },
	/* labels stripped: (a) and (b) */
	{ "25.txt", DE, "Untitled decision", "2024-03-13", "Cabinet", NULL, 1, 2 },
	{ "26.txt", DE, "Untitled decision", "2024-02-01", "Cabinet", NULL, 1, 2 },
	{ "27.txt", IS, "Improvement Plan Progress Report", NULL, NULL, NULL, 0, 0 },
	/* "noted the update" with no resolution printed */
	{ "28.txt", AI, "Improvement update", NULL, NULL, NULL, 1, 0 },
	{ "29.txt", AI, "Improvement and Innovation Board: Priorities", NULL, NULL, NULL, 1, 4 },
	{ "30.txt", IM, "Children's Improvement Update", "2018-12-07",
	  "Scrutiny Advisory Board - Children and Young People", "27", 1, 3 },
	/* starts at the purpose: no title, no meeting */
	{ "31.txt", IM, "Untitled item", NULL, NULL, NULL, 1, 0 },
	{ "32.txt", AI, "Such other business", NULL, NULL, NULL, 1, 0 },
	/* the "RESOLVED" heading lost; (1)-(4) are what was resolved */
	{ "34.txt", AI, "Untitled item", NULL, NULL, NULL, 1, 4 },
	{ "37.txt", IM, "Statement from the Chair", "2020-01-23",
	  "Children and Families Scrutiny Panel", "25", 1, 1 },
	{ "40.txt", DE, "Corporate Parenting Strategy 2019-2021", "2019-04-16", "Cabinet",
	  NULL, 1, 1 },
	{ "41.txt", ID, "20/00022 - Supported Lodgings for Young People Leaving Care",
	  "2020-04-01", NULL, NULL, 1, 3 },
	{ "42.txt", AI, "Youth Support Review Consultation Process", NULL, NULL, NULL, 1, 1 },
	{ "44.txt", ME, "Final Decision for Expansion of Specialist Provisions", "2021-07-16",
	  "Executive Lead Member for Children's Services Decision Day", NULL, 1, 0 },
	{ "45.txt", ID, "Adoption Plan", "2005-09-27", NULL, NULL, 1, 1 },
	{ "48.txt", DE, "Youth Justice Plan 2014 - 2015", "2014-07-16", "Cabinet", NULL, 1, 2 },
	{ "50.txt", ID, "Youth Justice Plan", "2019-07-10", NULL, NULL, 1, 3 },
	/* three decisions, newest first: 1 + a) b) + 1 */
	{ "51.txt", ID, "Youth Justice Strategic Plan 2014/15.", "2014-07-03", NULL, NULL, 3, 4 },
	{ "52.txt", IS, "Youth Justice Plan", NULL, NULL, NULL, 0, 0 },
	{ "54.txt", IS, "Special Educational Needs (SEN) Home to School Transport "
	  "Consultation and Policy Review", NULL, NULL, NULL, 0, 0 },
	/* cut off in the discussion, before the decision */
	{ "55.txt", ID, "Children's Transport Policy: Permission to Consult on Proposed "
	  "Changes to Transport Assistance for Post-16 Learners with Special Educational "
	  "Needs and Disabilities (SEND)", "2024-06-24", NULL, NULL, 1, 0 },
	{ "56.txt", IM, "Transport for Post-16 Learners with Special Educational Needs and "
	  "Disabilities (SEND)", "2018-03-21", "Cabinet Member for Education", "16", 1, 2 },
	{ "57.txt", ID, "SEND Home to School and Post-16 Travel Assistance Policies 2021/22",
	  "2021-03-17", NULL, NULL, 1, 2 },
	/* two "That ..." lines, no heading */
	{ "58.txt", ID, "Untitled item", NULL, NULL, NULL, 1, 2 },
	{ "59.txt", IM, "Inspection of Local Authority Children Services", "2020-07-30",
	  "Executive Board", "3", 1, 1 },
	{ "61.txt", AI, "OFSTED Inspection Report", "2025-10-13",
	  "Children, Adults, Health and Wellbeing Policy Development and Scrutiny Panel",
	  "47", 1, 0 },
	{ "62.txt", IM, "Inspection of Local Authority Children's Services (ILACS) - "
	  "Outcomes and Action Plan", "2023-06-15", "Cabinet", "8", 1, 0 },
	/* table flattened with " |": six items, two of them untitled */
	{ "63.txt", ME, "Welcome and Introductions", NULL, NULL, NULL, 6, 0 },
	{ "65.txt", ME, "Apologies for Absence", NULL, NULL, NULL, 4, 1 },
	{ "66.txt", ME, "Apologies for Absence", "2026-01-19", "Children and Families Committee",
	  "48", 4, 1 },
	{ "67.txt", ID, "Request from Children, Families and Skills Scrutiny Committee - SEND "
	  "Strategy 2025-2028 Deep Dive Session and Working Group", "2024-11-22", NULL, NULL,
	  1, 2 },
	{ "68.txt", IM, "SEND Written Statement of Action Update", "2022-10-12",
	  "Children, Young People & Education Committee", "33", 1, 2 },
	{ "69.txt", AI, "SEND Written Statement of Action", NULL, NULL, NULL, 1, 1 },
	/* numbers and "Minutes:" stripped: five items; the minutes' "That
	   the minutes ... be approved" is resolved (its heading lost) */
	{ "70.txt", ME, "Apologies for Absence", "2022-07-11", "Children and Families Committee",
	  NULL, 5, 1 },
	/* "The Executive Mayor and Cabinet, RESOLVED to;" 2.1, 2.2 */
	{ "71.txt", AI, "Outcome of the Ofsted Inspecting Local Authority Children's Services "
	  "Inspection (Publication of Report to Follow)", NULL, NULL, NULL, 1, 2 },
	{ "72.txt", ME, "Apologies for absence", "2019-11-05",
	  "Scrutiny Children & Young People Sub-Committee", NULL, 4, 0 },
	/* the meeting's date only in the address (DF=18/09/2017) */
	{ "74.txt", ME, "Apologies for absence", "2017-09-18", NULL, "1", 4, 0 },
	{ "75.txt", IS, NULL, NULL, NULL, NULL, 0, 0 },
	/* "RESOLVED:" with its text absent */
	{ "76.txt", DE, "Untitled decision", "2021-03-30", "Cabinet", NULL, 1, 0 },
	{ "77.txt", IS, NULL, NULL, NULL, NULL, 0, 0 },
	{ "78.txt", IS, NULL, NULL, NULL, NULL, 0, 0 },
};

static const struct want htmls[] = {
	{ "01.html", DE, "Minutes of Previous Meeting", "2015-10-19", "Policy Committee",
	  NULL, 1, 1 },
	{ "02.html", DE, "To enable the Council's waste treatment contractor to consult on "
	  "alternative processing arrangements", "2026-08-04",
	  "Strategic Director for Environment", NULL, 1, 1 },
	/* the second paragraph is a note on who authorised it */
	{ "03.html", DE, "Appointment of contractor to demolish Holme Park Court", "2021-07-27",
	  "Service Director - Homes & Neighbourhoods", NULL, 1, 1 },
	/* a list of decisions: each row a decision */
	{ "04.html", ID, "Settlement Agreement with Network Rail Infrastructure Limited (NRIL) "
	  "in respect of land adjacent to the George Hotel, Railway Street, Huddersfield",
	  "2025-04-01", NULL, NULL, 3, 0 },
	{ "05.html", ID, "Admission of the Public", "2025-11-03", NULL, NULL, 1, 0 },
};

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Read dir/w->file; assert it is read and of the family written; return
   1 if everything else is as written too (else print what differs). */
static int check_page(const char *dir, const struct want *w)
{
	char path[256], *text, *err = NULL;
	const char *title, *date = NULL, *committee = NULL, *number = NULL;
	struct page p;
	size_t len, i;
	int nres = 0, exact;

	snprintf(path, sizeof path, "%s/%s", dir, w->file);
	text = check_slurp(path, &len);
	ck_assert_msg(page_parse(text, len, path, NULL, &p, &err) == 0,
	              "%s refused: %s", path, err ? err : "?");
	ck_assert_msg(strcmp(page_family_name(p.family), w->family) == 0,
	              "%s: family %s, expected %s", path, page_family_name(p.family),
	              w->family);
	title = p.title;
	if (p.nitems) {
		title = p.items[0].title;
		date = p.items[0].meeting_date;
		committee = p.items[0].committee;
		number = p.items[0].item_number;
		ck_assert(title != NULL);
	}
	for (i = 0; i < p.nitems; i++)
		nres += (int)p.items[i].nres;
	exact = same(title, w->title) && same(date, w->date) && same(committee, w->committee)
	        && same(number, w->number) && (int)p.nitems == w->nitems && nres == w->nres;
	if (!exact)
		printf("%s: not as written: title [%s] date %s committee [%s] number %s, "
		       "%zu items, %d resolutions (written: [%s] %s [%s] %s, %d, %d)\n",
		       path, title ? title : "-", date ? date : "-",
		       committee ? committee : "-", number ? number : "-", p.nitems, nres,
		       w->title ? w->title : "-", w->date ? w->date : "-",
		       w->committee ? w->committee : "-", w->number ? w->number : "-",
		       w->nitems, w->nres);
	page_free(&p);
	free(text);
	return exact;
}

/* Every page of a table: each read, of its family; the figure exact. */
static void check_all(const char *dir, const struct want *w, size_t n,
                      const char *what, int at_least)
{
	size_t i;
	int exact = 0;

	for (i = 0; i < n; i++)
		exact += check_page(dir, &w[i]);
	printf("%s: %d of %zu exact\n", what, exact, n);
	ck_assert_int_ge(exact, at_least);
}

START_TEST(test_real_pages)
{
	ck_assert_int_eq((int)(sizeof pages / sizeof pages[0]), 61);
	check_all(PAGES_DIR, pages, sizeof pages / sizeof pages[0], "pages",
	          PAGES_EXACT_AT_LEAST);
}
END_TEST

START_TEST(test_real_html)
{
	check_all(HTML_DIR, htmls, sizeof htmls / sizeof htmls[0], "html pages",
	          HTML_EXACT_AT_LEAST);
}
END_TEST

/* The five bundled agenda items read as page_parse reads them. */
START_TEST(test_seeds)
{
	static const char *const files[] = { "000_439b1d9f8b781ec6.txt",
		"001_31e7cda6a7ce159b.txt", "002_d8cedbe0f94e1940.txt",
		"003_440f2cde27dec6c3.txt", "004_b803ee5abb8285f8.txt" };
	static const int res[] = { 2, 4, 3, 1, 1 };
	char path[256], *text, *err = NULL;
	struct page p;
	size_t i, len;

	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s/%s", SAMPLES_DIR, files[i]);
		text = check_slurp(path, &len);
		ck_assert_msg(page_parse(text, len, path, NULL, &p, &err) == 0, "%s", err);
		ck_assert_str_eq(page_family_name(p.family), "agenda item");
		ck_assert_int_eq((int)p.nitems, 1);
		ck_assert_int_eq((int)p.items[0].nres, res[i]);
		ck_assert_int_eq(p.partial, 0);
		page_free(&p);
		free(text);
	}
}
END_TEST

/* Parse a string; returns the page (caller frees) or fails. */
static void parse_ok(const char *text, struct page *p)
{
	char *err = NULL;

	ck_assert_msg(page_parse(text, strlen(text), "t.txt", NULL, p, &err) == 0, "%s",
	              err ? err : "?");
}

START_TEST(test_source_and_partial)
{
	struct page p;

	parse_ok("SOURCE: https://x.example/mgAi.aspx?ID=5\nAgenda item\n\nTitle\n\n"
	         "Minutes:\n\nThe Board noted the rep", &p);
	ck_assert_str_eq(p.url, "https://x.example/mgAi.aspx?ID=5");
	ck_assert_str_eq(p.source_id, "5");
	ck_assert_int_eq(p.partial, 1);
	ck_assert_int_eq(p.partial_line, 8);
	ck_assert_int_eq(p.items[0].partial, 1);
	page_free(&p);
	/* ends a sentence: not cut off */
	parse_ok("Agenda item\n\nTitle\n\nMinutes:\n\nThe Board noted the report.\n", &p);
	ck_assert_int_eq(p.partial, 0);
	page_free(&p);
}
END_TEST

START_TEST(test_refused)
{
	struct page p;
	char *err = NULL;
	const char *m = "Dear all,\n\nplease find the agenda.\n";

	ck_assert_int_eq(page_parse(m, strlen(m), "m.txt", NULL, &p, &err), -1);
	ck_assert(strncmp(err, "m.txt:1: not a ModernGov page", 29) == 0);
	free(err);
	ck_assert_int_eq(page_parse("Agenda item\n\nT\xff\n", 15, "u.txt", NULL, &p, &err), -1);
	ck_assert_str_eq(err, "u.txt:3: invalid UTF-8 (byte 0xff)");
	free(err);
	ck_assert_int_eq(page_parse("Agenda item\n\nT\0x\n", 15, "n.txt", NULL, &p, &err), -1);
	ck_assert_str_eq(err, "n.txt:3: binary data (NUL byte)");
	free(err);
}
END_TEST

/* One heading, many variations: a meeting by its "Meeting of" line, the
   family by the address given, an issue's decisions by date. */
START_TEST(test_variations)
{
	struct page p;
	char *err = NULL;
	const char *t = "Decision Maker: Cabinet\nDecision status: Approved\n"
	                "Decision:\nThat the plan be approved.\n"
	                "Decided at meeting: 02/03/2020 - Cabinet\n";

	/* a decision record with its heading and title lost */
	ck_assert_int_eq(page_parse(t, strlen(t), "d.txt",
	                            "https://x.example/ieDecisionDetails.aspx?ID=7", &p, &err), 0);
	ck_assert_str_eq(page_family_name(p.family), "decision");
	ck_assert_str_eq(p.items[0].meeting_date, "2020-03-02");
	ck_assert_str_eq(p.items[0].committee, "Cabinet");
	ck_assert_int_eq((int)p.items[0].nres, 1);
	ck_assert_str_eq(page_field(&p, "decision status"), "Approved");
	page_free(&p);
	/* a markdown table of a meeting */
	parse_ok("Agenda and minutes\n\nCabinet - Monday, 2nd March, 2020 10.00 am\n\n"
	         "| No. | Item |\n|---|---|\n| 1. | Apologies |\n| 2. | Budget |\n", &p);
	ck_assert_str_eq(page_family_name(p.family), "meeting");
	ck_assert_int_eq((int)p.nitems, 2);
	ck_assert_str_eq(p.items[1].title, "Budget");
	ck_assert_str_eq(p.items[1].item_number, "2");
	ck_assert_str_eq(p.items[1].meeting_date, "2020-03-02");
	page_free(&p);
	/* neither numbers nor cells: items set apart by wider gaps, a lost
	   "RESOLVED" heading */
	parse_ok("Agenda and minutes\n\nCabinet - Monday, 2nd March, 2020 10.00 am\n\n"
	         "Apologies\n\nTo note apologies.\n\n\nNone were received.\n\n\n"
	         "Public Speaking\n\nThere were no public speakers.\n\n\n"
	         "Budget\n\nTo approve the budget.\n\n\n\nThat the budget be approved.\n", &p);
	ck_assert_int_eq((int)p.nitems, 3);
	ck_assert_str_eq(p.items[1].title, "Public Speaking");
	ck_assert_str_eq(p.items[2].title, "Budget");
	ck_assert_int_eq((int)p.items[2].nres, 1);
	page_free(&p);
	/* NBSP paragraphs and an "Issue - meetings" with two meetings */
	parse_ok("Issue - meetings\n\nBudget\n\nMeeting: 02/03/2020 - Cabinet (Item 4)\n\n"
	         "4 Budget pdf icon PDF 1 MB\n\xc2\xa0\nResolved \xe2\x80\x93 That the budget be "
	         "approved.\n\nMeeting: 03/02/2020 - Scrutiny (Item 7)\n\nMinutes:\n\nNoted.\n", &p);
	ck_assert_int_eq((int)p.nitems, 2);
	ck_assert_str_eq(p.items[0].item_number, "4");
	ck_assert_int_eq((int)p.items[0].nres, 1);
	ck_assert_str_eq(p.items[1].committee, "Scrutiny");
	ck_assert_str_eq(p.items[1].title, "Budget");
	page_free(&p);
}
END_TEST

START_TEST(test_html)
{
	struct page p;
	char *out = NULL;
	const char *h = "<!DOCTYPE html><html><head><title>x</title><script>var a;</script>"
	                "</head><body><nav>Home | Meetings</nav><h1>Agenda item</h1>"
	                "<h2>Children&amp;#39;s Services</h2><p>Minutes:</p>"
	                "<p>RESOLVED: That the report be noted.</p>"
	                "<table><tr><td>Venue</td><td>Town Hall</td></tr></table>"
	                "<p>Supporting documents:</p></body></html>";

	ck_assert(html_is(h, strlen(h)));
	ck_assert(!html_is("Agenda item\n", 12));
	ck_assert(!html_is("<?xml version=\"1.0\"?><x/>", 25));
	parse_ok(h, &p);
	ck_assert_int_eq(p.html, 1);
	ck_assert_str_eq(page_family_name(p.family), "agenda item");
	ck_assert_str_eq(p.items[0].title, "Children's Services");
	ck_assert_int_eq((int)p.items[0].nres, 1);
	/* the row's cells, each a line (" | " as converted) */
	ck_assert(strstr(p.items[0].minutes, "Venue\nTown Hall") != NULL);
	ck_assert(strstr(p.items[0].minutes, "Home") == NULL);
	page_free(&p);
	ck_assert_int_eq(html_oneline("RBC Children&amp;#39;s  Board", 29, &out), 0);
	ck_assert_str_eq(out, "RBC Children's Board");
	free(out);
}
END_TEST

/* Inputs the fuzzer found crashing or leaking once (tests/fixtures/
   fuzz-pages): read or refused, cleanly (make asan checks for leaks). */
START_TEST(test_fuzz_regressions)
{
	static const char *const files[] = { "01-crash.bin", "02-leak.bin",
		"03-leak.bin", "04-empty.bin" };
	char path[256], *text, *err = NULL;
	struct page p;
	size_t i, len;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "tests/fixtures/fuzz-pages/%s", files[i]);
		text = check_slurp(path, &len);
		if (page_parse(text, len, path, NULL, &p, &err) == 0)
			page_free(&p);
		free(err);
		err = NULL;
		free(text);
	}
}
END_TEST

/* The text of a decision record into b, whose labelled field label (as
   printed) has value v (NULL: all as below). */
static void decision_text(struct buf *b, const char *label, const char *v)
{
	static const char *const fields[][2] = {
		{ "Decision Maker", "Cabinet" },
		{ "Decision status", "Recommendations Approved" },
		{ "Is Key decision?", "Yes" },
		{ "Is subject to call in?", "No" },
		{ "Reasons for the decision", "The plan is needed." },
		{ "Alternative options considered", "To do nothing." },
		{ "Report author", "Steve Comb" },
		{ "Publication date", "18/04/2019" },
		{ "Date of decision", "16/04/2019" },
		{ "Effective from", "26/04/2019" },
	};
	size_t i;

	buf_printf(b, "Decision details\n\nCorporate Parenting Strategy\n\n");
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		int mine = label && strcmp(fields[i][0], label) == 0;

		if (strstr(fields[i][0], "Reasons") || strstr(fields[i][0], "Alternative"))
			buf_printf(b, "%s:\n\n%s\n\n", fields[i][0], mine ? v : fields[i][1]);
		else
			buf_printf(b, "%s: %s\n\n", fields[i][0], mine ? v : fields[i][1]);
		if (i == 3)
			buf_printf(b, "Purpose:\n\nA strategy.\n\nDecision:\n\n"
			           "That the strategy be approved.\n\n");
	}
	buf_printf(b, "Decided at meeting: 16/04/2019 - Cabinet\n");
	ck_assert(buf_ok(b));
}

/* decision_text(label, v) stored through page_store on the Cabinet's
   2019-04-16 meeting, as item number (NULL: the page's, none).  Returns
   page_store's rc; *status the page's IMPORT_*, and *digest (if not NULL)
   the item's digest as an import before the decision-record fields were
   in it took it (store_page_digest). */
static int store_decision(store *s, const char *label, const char *v,
                          const char *number, int replace, int *status,
                          char *digest)
{
	struct import_place w = { .board = "cabinet", .date = "2019-04-16",
	                          .number = number };
	struct page_stored r;
	struct buf b = { 0 };
	struct page p;
	char *err = NULL;
	int rc;

	decision_text(&b, label, v);
	ck_assert_msg(page_parse(b.data, b.len, "d.txt", NULL, &p, &err) == 0, "%s", err);
	ck_assert_str_eq(page_family_name(p.family), "decision");
	if (label)
		ck_assert_str_eq(page_field(&p, label), v);
	if (digest)
		store_page_digest(&p.items[0], digest);
	rc = page_store(s, &p, &w, "d.txt", replace, &r);
	*status = r.status;
	page_stored_free(&r);
	page_free(&p);
	buf_free(&b);
	return rc;
}

/* A new database in the temporary folder dir (its template filled in),
   path[256] its file, with a board "cabinet" (store_decision's). */
static store *cabinet_db(char *dir, char *path)
{
	struct board_rec br = { .slug = "cabinet", .name = "Cabinet" };
	int64_t board;
	store *s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, 256, "%s/t.db", dir);
	setenv("GOVCTL_NOW", "2026-11-23T10:00:00Z", 1);
	s = check_open(path, STORE_RDWR | STORE_CREATE);
	ck_assert_int_eq(store_board_add(s, &br, &board), 0);
	return s;
}

/* Two decision records differing only in one decision-record field: the
   second is no "unchanged" page (at the same number: refused without
   --replace, replaced with it; with no number: another item); the same
   page again is unchanged. */
START_TEST(test_digest_fields)
{
	static const char *const changed[][2] = {
		{ "Decision Maker", "Council" },
		{ "Decision status", "Recommendations Rejected" },
		{ "Is Key decision?", "No" },
		{ "Is subject to call in?", "Yes" },
		{ "Reasons for the decision", "The plan is no longer needed." },
		{ "Alternative options considered", "To wait a year." },
		{ "Report author", "Jane Smith" },
		{ "Publication date", "19/04/2019" },
		{ "Date of decision", "17/04/2019" },
		{ "Effective from", "27/04/2019" },
	};
	char dir[] = "/tmp/govfs-check-XXXXXX", path[256];
	store *s = cabinet_db(dir, path);
	int status;
	size_t i;

	ck_assert_int_eq(store_decision(s, NULL, NULL, "1", 0, &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_ADDED);
	ck_assert_int_eq(store_decision(s, NULL, NULL, "1", 0, &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	for (i = 0; i < sizeof changed / sizeof changed[0]; i++) {
		const char *l = changed[i][0], *v = changed[i][1];

		ck_assert_msg(store_decision(s, l, v, "1", 0, &status, NULL) == -EEXIST,
		              "%s changed: taken as the same page (status %d)", l, status);
		ck_assert_int_eq(store_decision(s, l, v, "1", 1, &status, NULL), 0);
		ck_assert_int_eq(status, IMPORT_REPLACED);
		ck_assert_int_eq(store_decision(s, l, v, "1", 0, &status, NULL), 0);
		ck_assert_int_eq(status, IMPORT_UNCHANGED);
		/* back to the first page */
		ck_assert_int_eq(store_decision(s, NULL, NULL, "1", 1, &status, NULL), 0);
		ck_assert_int_eq(status, IMPORT_REPLACED);
		/* numbered by the store: the same page is its item, another is
		   a new one */
		ck_assert_int_eq(store_decision(s, l, v, NULL, 0, &status, NULL), 0);
		ck_assert_int_eq(status, IMPORT_ADDED);
		ck_assert_int_eq(store_decision(s, l, v, NULL, 0, &status, NULL), 0);
		ck_assert_int_eq(status, IMPORT_UNCHANGED);
	}
	ck_assert_int_eq(store_decision(s, NULL, NULL, NULL, 0, &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	store_close(s);
	check_rmtree(dir);
}
END_TEST

/* A database from before the decision-record fields were in the digest:
   the same page is still unchanged (numbered or not), a page differing in
   such a field is not. */
START_TEST(test_digest_legacy)
{
	char dir[] = "/tmp/govfs-check-XXXXXX", path[256], old[17], sql[256];
	store *s = cabinet_db(dir, path);
	sqlite3 *db;
	int status;

	ck_assert_int_eq(store_decision(s, NULL, NULL, "1", 0, &status, old), 0);
	ck_assert_int_eq(store_decision(s, NULL, NULL, NULL, 0, &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	ck_assert_int_eq(store_decision(s, "Report author", "Jane Smith", NULL, 0,
	                                &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_ADDED);   /* item 2 */
	store_close(s);
	/* both items as an import before stored them */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "UPDATE item SET digest = '%s'", old);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_changes(db), 2);
	sqlite3_close(db);
	s = check_open(path, STORE_RDWR);
	ck_assert_int_eq(store_decision(s, NULL, NULL, "1", 0, &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	ck_assert_int_eq(store_decision(s, NULL, NULL, NULL, 0, &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	ck_assert_int_eq(store_decision(s, "Report author", "Jane Smith", "2", 0,
	                                &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	/* item 2, found past item 1 of the same old digest */
	ck_assert_int_eq(store_decision(s, "Report author", "Jane Smith", NULL, 0,
	                                &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_UNCHANGED);
	ck_assert_int_eq(store_decision(s, "Decision status", "Deferred", "1", 0,
	                                &status, NULL), -EEXIST);
	ck_assert_int_eq(store_decision(s, "Decision status", "Deferred", NULL, 0,
	                                &status, NULL), 0);
	ck_assert_int_eq(status, IMPORT_ADDED);   /* item 3 */
	store_close(s);
	check_rmtree(dir);
}
END_TEST

static Suite *pages_suite(void)
{
	Suite *s = suite_create("pages");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_real_pages);
	tcase_add_test(tc, test_real_html);
	tcase_add_test(tc, test_seeds);
	tcase_add_test(tc, test_source_and_partial);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_variations);
	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_fuzz_regressions);
	tcase_add_test(tc, test_digest_fields);
	tcase_add_test(tc, test_digest_legacy);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(pages_suite)
