/*
** check_minutes.c — unit tests of the minutes page parser (import/minutes.c)
** on the five real pages in data/samples/, the variants in
** tests/fixtures/minutes/, and bad input built in memory.
*/
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "check_util.h"
#include "minutes.h"

#define FIXTURES "tests/fixtures/minutes"
#define RSQUO "\xe2\x80\x99"	/* ’ as the pages print it */

/* ---- helpers ------------------------------------------------------------ */

/* Parse the file at path into *p, failing the test on an error. */
static void parse_path(const char *path, struct minutes_page *p)
{
	size_t len;
	char *text = check_slurp(path, &len), *err = NULL;
	int rc = minutes_parse(text, len, path, p, &err);

	ck_assert_msg(rc == 0, "%s: %s", path, err ? err : "(no message)");
	ck_assert_ptr_null(err);
	free(text);
}

static void parse_sample(const char *file, struct minutes_page *p)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", SAMPLES_DIR, file);
	parse_path(path, p);
}

static void parse_fixture(const char *file, struct minutes_page *p)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", FIXTURES, file);
	parse_path(path, p);
}

/* Parse len bytes expecting failure; returns the message (caller frees)
   after checking the page was left empty. */
static char *parse_fail(const char *text, size_t len, const char *name)
{
	struct minutes_page p;
	char *err = NULL;

	memset(&p, 0xab, sizeof p);
	ck_assert_int_eq(minutes_parse(text, len, name, &p, &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_null(p.title);
	ck_assert_ptr_null(p.res);
	ck_assert_uint_eq(p.nres, 0);
	ck_assert_uint_eq(p.npeople, 0);
	minutes_free(&p);	/* harmless */
	return err;
}

static void assert_fails_with(const char *text, size_t len, const char *name,
                              const char *want)
{
	char *err = parse_fail(text, len, name);

	ck_assert_str_eq(err, want);
	free(err);
}

/* Check resolution i: label, kind, action flag, due (NULL for none) and
   text. */
static void assert_res(const struct minutes_page *p, size_t i, const char *label,
                       enum res_kind kind, int action, const char *due,
                       const char *text)
{
	const struct minutes_resolution *r;

	ck_assert_msg(i < p->nres, "no resolution %zu (have %zu)", i, p->nres);
	r = &p->res[i];
	ck_assert_str_eq(r->label, label);
	ck_assert_str_eq(res_kind_name(r->kind), res_kind_name(kind));
	ck_assert_msg(r->is_action == action, "resolution %s \"%s\": is_action %d",
	              r->label, r->text, r->is_action);
	if (due)
		ck_assert_pstr_eq(r->due, due);
	else
		ck_assert_ptr_null(r->due);
	ck_assert_str_eq(r->text, text);
}

/* Resolutions in an appended list, freed. */
static void free_res(struct minutes_resolution *res, size_t nres)
{
	size_t i;

	for (i = 0; i < nres; i++) {
		free(res[i].label);
		free(res[i].text);
		free(res[i].membership);
		free(res[i].due);
	}
	free(res);
}

/* The person named name with attendance att, or NULL. */
static const struct minutes_person *
find_person(const struct minutes_page *p, const char *name, const char *att)
{
	size_t i;

	for (i = 0; i < p->npeople; i++)
		if (strcmp(p->people[i].name, name) == 0
		    && strcmp(p->people[i].attendance, att) == 0)
			return &p->people[i];
	return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Normalised text never holds NBSP, tabs, CR, blank runs or 3 newlines,
   nor starts or ends with whitespace. */
static void assert_clean(const char *s)
{
	size_t n;

	ck_assert_ptr_nonnull(s);
	n = strlen(s);
	ck_assert_uint_gt(n, 0);
	ck_assert_ptr_null(strstr(s, "\xc2\xa0"));
	ck_assert_ptr_null(strchr(s, '\t'));
	ck_assert_ptr_null(strchr(s, '\r'));
	ck_assert_ptr_null(strstr(s, "  "));
	ck_assert_ptr_null(strstr(s, "\n\n\n"));
	ck_assert_ptr_null(strstr(s, " \n"));
	ck_assert_ptr_null(strstr(s, "\n "));
	ck_assert(s[0] != ' ' && s[0] != '\n');
	ck_assert(s[n - 1] != ' ' && s[n - 1] != '\n');
}

/* ---- the five real pages ------------------------------------------------ */

START_TEST(test_seed000)
{
	struct minutes_page p;

	parse_sample("000_439b1d9f8b781ec6.txt", &p);
	ck_assert_str_eq(p.title, "Children's Services Improvement Update");
	ck_assert_ptr_null(p.subtitle);
	ck_assert_ptr_null(p.purpose);
	ck_assert_str_eq(p.decision,
		"(a) That the new Single Improvement Plan be endorsed; and\n\n"
		"(b) That the progress being made in improving the services "
		"provided be noted.");
	assert_clean(p.minutes);
	ck_assert(starts_with(p.minutes, "The Interim Director of Children" RSQUO
	                      "s Services introduced a report"));
	ck_assert_ptr_nonnull(strstr(p.minutes, "autumn 2015.\n\nA new Single"));
	ck_assert_ptr_nonnull(strstr(p.minutes, "priorities for improving service "
	                             "delivery. The plan included"));
	ck_assert_ptr_nonnull(strstr(p.minutes, "in Slough.\n\nResolved \xe2\x80\x93"
	                             "\n\n(a) That the new"));
	ck_assert_uint_eq(p.nres, 2);
	assert_res(&p, 0, "(a)", RK_RESOLVED, 0, NULL,
	           "That the new Single Improvement Plan be endorsed; and");
	assert_res(&p, 1, "(b)", RK_RESOLVED, 0, NULL,
	           "That the progress being made in improving the services "
	           "provided be noted.");
	ck_assert_int_eq(p.res[0].line, 35);
	ck_assert_int_eq(p.res[1].line, 39);
	ck_assert_ptr_null(p.res[0].membership);
	ck_assert_uint_eq(p.npeople, 0);
	ck_assert_uint_eq(p.nfurther, 0);
	ck_assert_uint_eq(p.ndocs, 0);
	ck_assert_ptr_null(p.meeting_date);
	ck_assert_ptr_null(p.committee);
	ck_assert_ptr_null(p.item_number);
	minutes_free(&p);
	ck_assert_ptr_null(p.title);
}
END_TEST

START_TEST(test_seed001)
{
	static const char *const members[] = {
		"Keith Witham", "Margaret Hicks", "Ken Gulati", "Yvonna Lay",
		"Ramon Gray", "Ernest Mallet", "Fiona White",
	};
	struct minutes_page p;
	const struct minutes_person *w;
	size_t i;

	parse_sample("001_31e7cda6a7ce159b.txt", &p);
	/* The title has a straight apostrophe, the purpose a curly one. */
	ck_assert_str_eq(p.title, "CHILDREN'S IMPROVEMENT PLAN 2015 - UPDATE");
	ck_assert_str_eq(p.subtitle, "Scrutiny of Services and Budgets");
	ck_assert_str_eq(p.purpose,
		"An update on the Children" RSQUO "s Improvement Plan 2015 is "
		"presented following its publication in September 2015. This "
		"will enable the Board to review and understand the arrangements "
		"in place to scrutinise delivery of the Plan.");
	ck_assert_ptr_null(p.decision);
	assert_clean(p.minutes);
	ck_assert(starts_with(p.minutes, "Witnesses:\n\nCaroline Budden, Deputy"));
	ck_assert_ptr_nonnull(strstr(p.minutes, "\n\n1. Officers outlined the context"));

	ck_assert_uint_eq(p.nres, 4);
	assert_res(&p, 0, "1.", RK_RECOMMENDATION, 1, NULL,
	           "That the Board to establish a Performance and Finance "
	           "Sub-Group that will track Children, Schools and Families "
	           "progress against key performance milestones set out in the "
	           "plan, in addition to budget planning.");
	assert_res(&p, 1, "2.", RK_RECOMMENDATION, 1, NULL,
	           "That officers clarify the formal mechanisms by which District "
	           "and Borough Councils can share information and concerns "
	           "related to safeguarding issues, particularly in relation to "
	           "housing, taxi and premises licensing.");
	assert_res(&p, 2, "3.", RK_RECOMMENDATION, 1, NULL,
	           "That the board receives an update on what actions have to be "
	           "taken in line with the Improvement Plan to ensure the views "
	           "of children and young people are heard.");
	assert_res(&p, 3, "4.", RK_RECOMMENDATION, 1, NULL,
	           "That the report receives a further report on the step-down "
	           "processes in place for children" RSQUO "s and families "
	           "receiving support from children" RSQUO "s services.");
	ck_assert_str_eq(p.res[0].membership,
		"Keith Witham, Margaret Hicks, Ken Gulati, Yvonna Lay, Ramon "
		"Gray, Ernest Mallet and Fiona White");
	for (i = 1; i < 4; i++)
		ck_assert_ptr_null(p.res[i].membership);

	ck_assert_uint_eq(p.npeople, 9);
	w = find_person(&p, "Caroline Budden", "witness");
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->role, "Deputy Director for Children, Schools and Families");
	ck_assert_ptr_null(w->note);
	w = find_person(&p, "Dorothy Ross-Tomlin", "arrived late");
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_null(w->role);
	ck_assert_str_eq(w->note, "arrived at 10.15 am");
	for (i = 0; i < sizeof members / sizeof members[0]; i++) {
		w = find_person(&p, members[i], "member");
		ck_assert_msg(w != NULL, "member %s missing", members[i]);
		ck_assert_str_eq(w->note, "Membership named in recommendation 1.");
		ck_assert_ptr_null(w->role);
	}
	ck_assert_uint_eq(p.nfurther, 0);
	ck_assert_uint_eq(p.ndocs, 0);
	minutes_free(&p);
}
END_TEST

START_TEST(test_seed002)
{
	struct minutes_page p;

	parse_sample("002_d8cedbe0f94e1940.txt", &p);
	ck_assert_str_eq(p.title, "Slough Joint Delivery Plan");
	ck_assert_ptr_null(p.subtitle);
	ck_assert_ptr_null(p.purpose);
	ck_assert_ptr_null(p.decision);
	assert_clean(p.minutes);
	ck_assert_ptr_nonnull(strstr(p.minutes, "in discussion:\n\n\xc2\xb7 The letter "
	                             "was largely in line"));
	ck_assert_uint_eq(p.nres, 3);
	assert_res(&p, 0, "1.", RK_RESOLVED, 1, NULL,
	           "That the annual Complaints Report be circulated to members "
	           "of the Panel.");
	assert_res(&p, 1, "2.", RK_RESOLVED, 1, "2017-03-15",
	           "That the item on fostering and adoption be moved to 15th "
	           "March 2017.");
	assert_res(&p, 2, "3.", RK_RESOLVED, 1, "2017-04-19",
	           "That an item on the Ofsted monitoring visit be taken on 19th "
	           "April 2017.");
	ck_assert_int_eq(p.res[0].line, 41);
	ck_assert_uint_eq(p.npeople, 0);
	ck_assert_uint_eq(p.ndocs, 0);
	minutes_free(&p);
}
END_TEST

START_TEST(test_seed003)
{
	struct minutes_page p;

	parse_sample("003_440f2cde27dec6c3.txt", &p);
	ck_assert_str_eq(p.title, "IMPROVEMENT PLAN UPDATE");
	ck_assert_str_eq(p.subtitle, "Reports Attached");
	ck_assert_ptr_null(p.purpose);
	assert_clean(p.minutes);
	ck_assert_ptr_nonnull(strstr(p.minutes, "Key points covered were:\n\n"
	                             "- Quality assurance and performance\n\n"
	                             "- Systems and support for workers\n\n"));
	ck_assert_ptr_nonnull(strstr(p.minutes, "\n\n- Workforce\n\n"));
	ck_assert(strstr(p.minutes, "It was agreed:\n\n- The report be noted")
	          + strlen("It was agreed:\n\n- The report be noted")
	          == p.minutes + strlen(p.minutes));
	/* The narrative's "-" bullets are not resolutions. */
	ck_assert_uint_eq(p.nres, 1);
	assert_res(&p, 0, "", RK_AGREED, 0, NULL, "The report be noted");
	ck_assert_uint_eq(p.npeople, 0);
	minutes_free(&p);
}
END_TEST

START_TEST(test_seed004)
{
	struct minutes_page p;

	parse_sample("004_b803ee5abb8285f8.txt", &p);
	ck_assert_str_eq(p.title, "Children's Services Improvement");
	ck_assert_str_eq(p.subtitle, "Briefing Note of the Deputy Chief Executive (People)");
	ck_assert_ptr_null(p.purpose);
	assert_clean(p.minutes);
	ck_assert_uint_eq(p.nres, 1);
	/* "RESOLVED that ...": the text keeps "that" as printed. */
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL,
	           "that the Scrutiny Board acknowledged the progress in the "
	           "improvement report and thanked officers for the visit that "
	           "had been arranged to Broadgate House to talk to social workers");
	ck_assert_int_eq(p.res[0].line, 63);
	ck_assert_uint_eq(p.npeople, 0);
	minutes_free(&p);
}
END_TEST

/* ---- label styles and headings ------------------------------------------ */

START_TEST(test_resolved_paren_num)
{
	struct minutes_page p;

	parse_fixture("resolved_paren_num.txt", &p);
	ck_assert_uint_eq(p.nres, 3);
	assert_res(&p, 0, "(1)", RK_RESOLVED, 0, NULL, "That the annual report be noted.");
	/* A line break inside a resolution joins with a space. */
	assert_res(&p, 1, "(2)", RK_RESOLVED, 1, "2016-10-03",
	           "That the Director write to the Department for Education about "
	           "the funding of care leavers, the letter to be circulated by "
	           "3 October 2016.");
	/* Nested (a)/(b) stay in their parent; the narrative after ends the block. */
	assert_res(&p, 2, "(3)", RK_RESOLVED, 0, NULL,
	           "That the following be approved: (a) the revised terms of "
	           "reference; and (b) the work programme for 2016/17.");
	ck_assert_int_eq(p.res[2].line, 16);
	minutes_free(&p);
}
END_TEST

START_TEST(test_resolved_dash_paren)
{
	struct minutes_page p;

	parse_fixture("resolved_dash_paren.txt", &p);
	ck_assert_uint_eq(p.nres, 2);
	assert_res(&p, 0, "1)", RK_RESOLVED, 0, NULL,
	           "That the outcome of the monitoring visit be noted.");
	assert_res(&p, 1, "2)", RK_RESOLVED, 1, "2017-02-01",
	           "That a further report be submitted to the Panel on 1st "
	           "February 2017.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_alpha_dot)
{
	struct minutes_page p;

	parse_fixture("alpha_dot.txt", &p);
	ck_assert_uint_eq(p.nres, 3);
	assert_res(&p, 0, "a.", RK_RESOLVED, 0, NULL, "That the framework be approved.");
	assert_res(&p, 1, "b.", RK_RESOLVED, 1, "2017-03-15",
	           "That officers investigate the audit findings and report back "
	           "by March 15, 2017.");
	assert_res(&p, 2, "c.", RK_RESOLVED, 0, NULL, "That the Panel thanks the auditors.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_roman_paren)
{
	struct minutes_page p;

	parse_fixture("roman_paren.txt", &p);
	ck_assert_uint_eq(p.nres, 4);
	assert_res(&p, 0, "(i)", RK_RESOLVED, 0, NULL, "That the strategy be endorsed.");
	assert_res(&p, 1, "(ii)", RK_RESOLVED, 1, NULL,
	           "That the Cabinet Member be asked to arrange a briefing for "
	           "all Members.");
	assert_res(&p, 2, "(iii)", RK_RESOLVED, 0, NULL, "That the action plan be noted.");
	/* 31st February is not a date: the next one is taken. */
	assert_res(&p, 3, "(iv)", RK_RESOLVED, 1, "2017-03-02",
	           "That progress be reported to the Board on 31st February 2017 "
	           "or 2 March 2017.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_roman_dot)
{
	struct minutes_page p;

	parse_fixture("roman_dot.txt", &p);
	ck_assert_uint_eq(p.nres, 2);
	assert_res(&p, 0, "i.", RK_RESOLVED, 0, NULL, "That the report be noted.");
	assert_res(&p, 1, "ii.", RK_RESOLVED, 1, NULL,
	           "That the sufficiency statement be provided to all Members.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_decision_only)
{
	struct minutes_page p;

	parse_fixture("decision_only.txt", &p);
	ck_assert_str_eq(p.title, "Children's Services Budget 2016/17");
	ck_assert_ptr_null(p.minutes);
	ck_assert_str_eq(p.decision,
		"(a) That the budget be approved; and\n\n"
		"(b) That the Chief Executive establish a savings board by "
		"15.06.2016.\n\n"
		"Reason for decision: to set a balanced budget.");
	ck_assert_uint_eq(p.nres, 2);
	assert_res(&p, 0, "(a)", RK_DECISION, 0, NULL, "That the budget be approved; and");
	assert_res(&p, 1, "(b)", RK_DECISION, 1, "2016-06-15",
	           "That the Chief Executive establish a savings board by 15.06.2016.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_agreed)
{
	struct minutes_page p;

	parse_fixture("agreed.txt", &p);
	ck_assert_uint_eq(p.nres, 3);
	assert_res(&p, 0, "", RK_AGREED, 0, NULL, "That the update be noted.");
	assert_res(&p, 1, "", RK_AGREED, 1, NULL,
	           "That officers clarify the use of agency staff at the next meeting.");
	assert_res(&p, 2, "", RK_AGREED, 0, "2016-11-22",
	           "That the next meeting be held on 22/11/2016.");
	ck_assert_int_eq(p.res[2].line, 17);
	minutes_free(&p);
}
END_TEST

START_TEST(test_resolved_inline)
{
	struct minutes_page p;

	parse_fixture("resolved_inline.txt", &p);
	/* A title that reads like a heading is still the title. */
	ck_assert_str_eq(p.title, "Minutes of the Previous Meeting");
	ck_assert_uint_eq(p.nres, 1);
	/* "the meeting held on 2nd June 2016" looks back: no due date. */
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL,
	           "that the minutes of the meeting held on 2nd June 2016 be "
	           "approved as a correct record.");
	ck_assert_int_eq(p.res[0].line, 7);
	minutes_free(&p);
}
END_TEST

START_TEST(test_issue_meetings)
{
	struct minutes_page p;

	parse_fixture("issue_meetings.txt", &p);
	ck_assert_str_eq(p.title, "Children's Services Improvement Update");
	ck_assert_str_eq(p.meeting_date, "2015-06-15");
	ck_assert_str_eq(p.committee, "Cabinet");
	ck_assert_str_eq(p.item_number, "5");
	/* Neither the Meeting: line nor the repeated "5 Title" is a subtitle. */
	ck_assert_ptr_null(p.subtitle);
	ck_assert_ptr_null(p.purpose);
	ck_assert_str_eq(p.decision, "(a) That the new Single Improvement Plan be endorsed.");
	ck_assert_str_eq(p.minutes, "The Cabinet welcomed the report.\n\nResolved \xe2\x80\x93"
	                 "\n\n(a) That the new Single Improvement Plan be endorsed.");
	/* The Decision block repeats the minutes' resolution: kept once. */
	ck_assert_uint_eq(p.nres, 1);
	assert_res(&p, 0, "(a)", RK_RESOLVED, 0, NULL,
	           "That the new Single Improvement Plan be endorsed.");
	minutes_free(&p);

	parse_fixture("issue_item4a.txt", &p);
	ck_assert_str_eq(p.meeting_date, "2016-03-02");
	ck_assert_str_eq(p.committee, "Children and Young People's Scrutiny Committee");
	ck_assert_str_eq(p.item_number, "4a");
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL, "That the inspection report be noted.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_departures)
{
	struct minutes_page p;
	const struct minutes_person *w;

	parse_fixture("departures.txt", &p);
	/* The repeated arrival is listed once; "The Chairman welcomed" is
	   nobody's arrival. */
	ck_assert_uint_eq(p.npeople, 3);
	/* "Councillor" is a title: it goes to the role. */
	w = find_person(&p, "Jane Smith", "arrived late");
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->role, "Councillor");
	ck_assert_str_eq(w->note, "arrived at 10.05 am");
	w = find_person(&p, "Dorothy Ross-Tomlin", "left early");
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_null(w->role);
	ck_assert_str_eq(w->note, "left the meeting at 11.30 am");
	w = find_person(&p, "Peter Brown", "left early");
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->role, "Councillor");
	ck_assert_str_eq(w->note, "left the meeting");
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL, "That the report be noted.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_documents)
{
	struct minutes_page p;

	parse_fixture("documents.txt", &p);
	ck_assert_uint_eq(p.nres, 1);
	ck_assert_uint_eq(p.ndocs, 4);
	ck_assert_str_eq(p.docs[0].title, "Complaints Report 2016");
	ck_assert_str_eq(p.docs[0].url,
		"https://democracy.example.gov.uk/documents/s1234/Complaints.pdf");
	ck_assert_str_eq(p.docs[1].title, "Appendix A - Complaints by service");
	ck_assert_str_eq(p.docs[1].url,
		"http://democracy.example.gov.uk/documents/s1235/AppA.pdf");
	/* A bare URL is its own title. */
	ck_assert_str_eq(p.docs[2].title, p.docs[2].url);
	ck_assert_str_eq(p.docs[2].url,
		"https://democracy.example.gov.uk/documents/s1236/AppB.pdf");
	ck_assert_str_eq(p.docs[3].title, "Equality Impact Assessment");
	ck_assert_ptr_null(p.docs[3].url);
	minutes_free(&p);
}
END_TEST

START_TEST(test_further_witnesses)
{
	struct minutes_page p;
	const struct minutes_person *w;

	parse_fixture("further.txt", &p);
	ck_assert_uint_eq(p.npeople, 2);
	w = find_person(&p, "Jo Bloggs", "witness");
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->role, "Head of Safeguarding");
	w = find_person(&p, "Dr. Sam Patel", "witness");
	ck_assert_ptr_nonnull(w);
	ck_assert_str_eq(w->role, "Designated Doctor");
	/* The recommendation block ends at the further-information heading. */
	ck_assert_uint_eq(p.nres, 1);
	assert_res(&p, 0, "1.", RK_RECOMMENDATION, 0, NULL, "That the update be noted.");
	/* Entries keep their labels, lose their bullets; "Board next steps:"
	   ends the list and its "None." is not an entry. */
	ck_assert_uint_eq(p.nfurther, 2);
	ck_assert_str_eq(p.further[0], "1. Officers to provide the number of "
	                 "return interviews completed in 2016.");
	ck_assert_str_eq(p.further[1], "The Head of Safeguarding to share the "
	                 "protocol with Members.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_crlf)
{
	struct minutes_page p;

	parse_fixture("crlf.txt", &p);
	ck_assert_str_eq(p.title, "Looked After Children Sufficiency");
	ck_assert_str_eq(p.minutes, "The Panel noted the\nreport.\n\nResolved:\n\n"
	                 "(a) That the report be noted.");
	ck_assert_uint_eq(p.nres, 1);
	assert_res(&p, 0, "(a)", RK_RESOLVED, 0, NULL, "That the report be noted.");
	ck_assert_int_eq(p.res[0].line, 12);
	minutes_free(&p);
}
END_TEST

START_TEST(test_bom)
{
	struct minutes_page p;

	parse_fixture("bom.txt", &p);
	ck_assert_str_eq(p.title, "Fostering Recruitment");
	ck_assert_uint_eq(p.nres, 1);
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL, "That the recruitment campaign be noted.");
	ck_assert_int_eq(p.res[0].line, 7);
	minutes_free(&p);
}
END_TEST

/* Check person i: name, attendance and role (NULL for none). */
static void assert_person(const struct minutes_page *p, size_t i, const char *name,
                          const char *att, const char *role)
{
	const struct minutes_person *w;

	ck_assert_msg(i < p->npeople, "no person %zu (have %zu)", i, p->npeople);
	w = &p->people[i];
	ck_assert_str_eq(w->name, name);
	ck_assert_str_eq(w->attendance, att);
	if (role)
		ck_assert_pstr_eq(w->role, role);
	else
		ck_assert_msg(w->role == NULL, "%s: role %s", name, w->role);
}

START_TEST(test_attendance_lists)
{
	struct minutes_page p;

	parse_fixture("attendance.txt", &p);
	/* A "Present:" line is not a subtitle. */
	ck_assert_ptr_null(p.subtitle);
	ck_assert_str_eq(p.purpose, "Present: Councillor Ann Lee (Chair), Bob Hart, "
	                 "Cllr Carol Dunn");
	ck_assert_uint_eq(p.npeople, 13);
	/* "Present:": a bracketed role wins over the title. */
	assert_person(&p, 0, "Ann Lee", "present", "Chair");
	assert_person(&p, 1, "Bob Hart", "present", NULL);
	assert_person(&p, 2, "Carol Dunn", "present", "Councillor");
	/* A plural title covers the whole list; the sentence after is not in it. */
	assert_person(&p, 3, "Dev Patel", "apologies", "Councillor");
	assert_person(&p, 4, "Eve Shaw", "apologies", "Councillor");
	assert_person(&p, 5, "Frank Moss", "apologies", "Councillor");
	assert_person(&p, 6, "Ian Cole", "apologies", NULL);
	assert_person(&p, 7, "Jo Fry", "apologies", NULL);
	/* Both arrivals in one bracket. */
	assert_person(&p, 8, "Gina Ford", "arrived late", "Councillor");
	ck_assert_str_eq(p.people[8].note, "arrived at 10.15 am");
	assert_person(&p, 9, "Hal Green", "arrived late", "Councillor");
	ck_assert_str_eq(p.people[9].note, "arrived at 10.15 am");
	/* "Also present:" with one name a paragraph; commas in brackets stay. */
	assert_person(&p, 10, "Kim Wu", "present",
	              "Cabinet Member for Children, Young People and Families");
	assert_person(&p, 11, "Dr. Sam Patel", "present", NULL);
	assert_person(&p, 12, "Peter Brown", "left early", "Councillor");
	ck_assert_ptr_null(find_person(&p, "The Chair", "apologies"));
	ck_assert_uint_eq(p.nres, 1);
	minutes_free(&p);
}
END_TEST

START_TEST(test_attendance_inline)
{
	static const char page[] =
		"Agenda item\n\nApologies\n\nMinutes:\n\n"
		"Apologies: None.\n\n"
		"Apologies were received from Councillor A. Smith and Cllr Jones "
		"(substituted by Councillor Brown).\n\n"
		"[Cllr Ray Dale, Councillor Sue Ash and Tom Hill left the meeting "
		"at 11.30 am]\n\n"
		"Supporting documents:\n";
	struct minutes_page p;
	char *err = NULL;

	ck_assert_int_eq(minutes_parse(page, sizeof page - 1, "a.txt", &p, &err), 0);
	ck_assert_uint_eq(p.npeople, 5);
	/* "A." is an initial, not the end of the sentence. */
	assert_person(&p, 0, "A. Smith", "apologies", "Councillor");
	assert_person(&p, 1, "Jones", "apologies", "substituted by Councillor Brown");
	assert_person(&p, 2, "Ray Dale", "left early", "Councillor");
	assert_person(&p, 3, "Sue Ash", "left early", "Councillor");
	/* A singular title does not carry over to the next name. */
	assert_person(&p, 4, "Tom Hill", "left early", NULL);
	ck_assert_str_eq(p.people[4].note, "left the meeting at 11.30 am");
	minutes_free(&p);
}
END_TEST

START_TEST(test_cr_only)
{
	struct minutes_page p;
	static const char crcrlf[] = "Agenda item\r\r\n\r\r\nTitle\r\r\n\r\r\n"
		"Minutes:\r\r\nResolved: That it\r\r\nbe noted.\r\r\nSupporting documents:\r\r\n";
	static const char bad[] = "Agenda item\rTitle\r\rMinutes:\r\xff\r";
	char *err = NULL;

	parse_fixture("cr.txt", &p);
	ck_assert_str_eq(p.title, "Looked After Children Sufficiency");
	ck_assert_str_eq(p.minutes, "The Panel noted the\nreport.\n\nResolved:\n\n"
	                 "(a) That the report be noted.");
	ck_assert_uint_eq(p.nres, 1);
	assert_res(&p, 0, "(a)", RK_RESOLVED, 0, NULL, "That the report be noted.");
	ck_assert_int_eq(p.res[0].line, 12);
	minutes_free(&p);
	/* CR CR LF (a CRLF file converted again) ends one line. */
	ck_assert_int_eq(minutes_parse(crcrlf, sizeof crcrlf - 1, "c.txt", &p, &err), 0);
	ck_assert_str_eq(p.title, "Title");
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL, "That it be noted.");
	ck_assert_int_eq(p.res[0].line, 6);
	minutes_free(&p);
	/* Messages count CR-only lines too. */
	assert_fails_with(bad, sizeof bad - 1, "b.txt", "b.txt:5: invalid UTF-8 (byte 0xff)");
}
END_TEST

START_TEST(test_invisible)
{
	/* U+200B, U+FEFF, U+2060 and soft hyphens vanish; NBSP is a space. */
	static const char page[] =
		"\xe2\x80\x8b" "Agenda item\n\nFoster\xe2\x80\x8b" "care Review\n\n"
		"Minutes:\n\nResolved: That the re\xef\xbb\xbfport be\xc2\xa0"
		"no\xe2\x81\xa0ted by the Sub\xc2\xad" "Group.\n\n"
		"\xe2\x80\x8b\n\nSupporting documents:\n";
	struct minutes_page p;
	char *err = NULL;

	ck_assert_int_eq(minutes_parse(page, sizeof page - 1, "z.txt", &p, &err), 0);
	ck_assert_str_eq(p.title, "Fostercare Review");
	ck_assert_str_eq(p.minutes, "Resolved: That the report be noted by the SubGroup.");
	assert_res(&p, 0, "", RK_RESOLVED, 0, NULL, "That the report be noted by the SubGroup.");
	minutes_free(&p);
}
END_TEST

START_TEST(test_decimal_labels)
{
	struct minutes_resolution *res = NULL;
	size_t nres = 0;
	const char *text =
		"RESOLVED:\n\n1.1 That the report be noted.\n\n"
		"1.2 That officers report back by 1 May 2017.\n\n"
		"1.2.1. That the plan be approved.\n\n"
		"10.15 am The meeting resumed.\n";

	ck_assert_int_eq(minutes_resolutions(text, 1, &res, &nres), 0);
	ck_assert_uint_eq(nres, 3);
	ck_assert_str_eq(res[0].label, "1.1");
	ck_assert_str_eq(res[0].text, "That the report be noted.");
	ck_assert_str_eq(res[1].label, "1.2");
	ck_assert_pstr_eq(res[1].due, "2017-05-01");
	ck_assert_int_eq(res[1].is_action, 1);
	/* A time is not a label: the narrative ends the block. */
	ck_assert_str_eq(res[2].label, "1.2.1.");
	ck_assert_str_eq(res[2].text, "That the plan be approved.");
	free_res(res, nres);
}
END_TEST

/* ---- bad input ------------------------------------------------------------ */

START_TEST(test_err_empty)
{
	static const char blank[] = " \n\xc2\xa0\n\t\n";

	assert_fails_with("", 0, "empty.txt", "empty.txt:1: empty input");
	assert_fails_with(NULL, 0, "null.txt", "null.txt:1: empty input");
	assert_fails_with(blank, sizeof blank - 1, "blank.txt", "blank.txt:1: empty input");
	assert_fails_with("\xef\xbb\xbf", 3, "bom.txt", "bom.txt:1: empty input");
}
END_TEST

START_TEST(test_err_nul)
{
	static const char page[] = "Agenda item\n\nTitle\n\0\n\nSupporting documents:\n";

	assert_fails_with(page, sizeof page - 1, "bin.txt", "bin.txt:4: binary data (NUL byte)");
}
END_TEST

START_TEST(test_err_utf8)
{
	static const char bad[] = "Agenda item\n\nTitle\n\nMinutes:\n\nBad \xff byte\n";
	static const char overlong[] = "Agenda item\n\xc0\xaf\n";
	static const char cut[] = "Agenda item\n\nT\n\n\xe2\x80";

	assert_fails_with(bad, sizeof bad - 1, "bad.txt", "bad.txt:7: invalid UTF-8 (byte 0xff)");
	assert_fails_with(overlong, sizeof overlong - 1, "o.txt", "o.txt:2: invalid UTF-8 (byte 0xc0)");
	assert_fails_with(cut, sizeof cut - 1, "c.txt", "c.txt:5: invalid UTF-8 (byte 0xe2)");
}
END_TEST

START_TEST(test_err_too_large)
{
	size_t len = MINUTES_MAX_BYTES + 1;
	char *big = malloc(len);

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', len);
	assert_fails_with(big, len, "big.txt",
	                  "big.txt: file too large (8388609 bytes; at most 8388608)");
	free(big);
}
END_TEST

START_TEST(test_err_no_header)
{
	static const char page[] = "Minutes of a meeting\n\nTitle\n\nSupporting documents:\n";

	assert_fails_with(page, sizeof page - 1, "x.txt",
	                  "x.txt:1: not a ModernGov agenda item page (expected \"Agenda item\")");
}
END_TEST

START_TEST(test_err_no_title)
{
	static const char page[] = "Agenda item\n\nMinutes:\n\nText.\n\nSupporting documents:\n";
	static const char only[] = "Agenda item\n\n\n";
	char *err;

	err = parse_fail(page, sizeof page - 1, "x.txt");
	ck_assert(starts_with(err, "x.txt:3: no title"));
	free(err);
	err = parse_fail(only, sizeof only - 1, "y.txt");
	ck_assert(starts_with(err, "y.txt:1: no title"));
	free(err);
}
END_TEST

START_TEST(test_err_truncated)
{
	size_t len;
	char *text = check_slurp(SAMPLES_DIR "/000_439b1d9f8b781ec6.txt", &len);

	ck_assert_uint_gt(len, 600);
	assert_fails_with(text, 600, "000.txt",
	                  "000.txt:19: truncated page (no \"Supporting documents:\" line)");
	free(text);
}
END_TEST

START_TEST(test_err_meeting_date)
{
	static const char page[] = "Issue - meetings\n\nTitle\n\n"
		"Meeting: 31/02/2015 - Cabinet (Item 5)\n\nSupporting documents:\n";

	assert_fails_with(page, sizeof page - 1, "i.txt",
	                  "i.txt:5: invalid meeting date \"31/02/2015\"");
}
END_TEST

/* ---- size and speed --------------------------------------------------------- */

START_TEST(test_many_resolutions)
{
	struct buf b = {0};
	struct minutes_page p;
	char *err = NULL;
	clock_t t0;
	double secs;
	int i;

	buf_puts(&b, "Agenda item\n\nA Very Long Item\n\nMinutes:\n\nRESOLVED:\n\n");
	for (i = 1; i <= 10000; i++)
		buf_printf(&b, "%d.\xc2\xa0 That report %d be circulated by %d March 2017.\n\n",
		           i, i, i % 28 + 1);
	buf_puts(&b, "Supporting documents:\n");
	ck_assert(buf_ok(&b));
	t0 = clock();
	ck_assert_int_eq(minutes_parse(b.data, b.len, "many.txt", &p, &err), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_msg(secs < 5.0, "10,000 resolutions took %.2f s", secs);
	ck_assert_uint_eq(p.nres, 10000);
	assert_res(&p, 0, "1.", RK_RESOLVED, 1, "2017-03-02",
	           "That report 1 be circulated by 2 March 2017.");
	assert_res(&p, 9999, "10000.", RK_RESOLVED, 1, "2017-03-05",
	           "That report 10000 be circulated by 5 March 2017.");
	ck_assert_int_eq(p.res[9999].line, 9 + 2 * 9999);
	minutes_free(&p);
	buf_free(&b);
}
END_TEST

START_TEST(test_long_title)
{
	struct buf b = {0};
	struct minutes_page p;
	char *err = NULL;
	size_t i;

	buf_puts(&b, "Agenda item\n\n");
	for (i = 0; i < 4096 / 8; i++)
		buf_puts(&b, "Title   ");	/* runs of spaces collapse */
	buf_puts(&b, "End\n\nMinutes:\n\nResolved: That it be noted.\n\nSupporting documents:\n");
	ck_assert(buf_ok(&b));
	ck_assert_int_eq(minutes_parse(b.data, b.len, "long.txt", &p, &err), 0);
	ck_assert_uint_eq(strlen(p.title), 4096 / 8 * 6 + 3);
	ck_assert(starts_with(p.title, "Title Title "));
	assert_clean(p.title);
	ck_assert_uint_eq(p.nres, 1);
	minutes_free(&p);
	buf_free(&b);
}
END_TEST

/*
** Feed the seeds, cut and mutated by a fixed pseudo-random sequence,
** through the parser: every call must either succeed or fail with a
** message, and (under ASan/UBSan) touch no bad memory.
*/
START_TEST(test_mutations)
{
	static const char *const files[] = {
		"000_439b1d9f8b781ec6.txt", "001_31e7cda6a7ce159b.txt",
		"002_d8cedbe0f94e1940.txt", "003_440f2cde27dec6c3.txt",
		"004_b803ee5abb8285f8.txt",
	};
	static const char *const inserts[] = {
		"\nResolved:\n", "\n(a) ", "\nMembership: A, B and C.\n", "[X Y left ",
		"\nWitnesses:\n", "\nMeeting: 1/1/2000 - C (Item 1)\n", "\xc2\xa0",
		"\nActions/further information to be provided:\n", "31st February 2017",
		"\nSupporting documents:\nhttp://x PDF 1 KB\n", "\r\n", "(ii)", "·",
		"\r", "\r\r\n", "\xe2\x80\x8b", "\xef\xbb\xbf", "\n1.1 ", "\n10.15 am ",
		"\nPresent:\n", "\nApologies for absence were received from Councillors ",
		"[Councillors A and B arrived ", " (Chair, ", " by March 2017", " not ",
		" no further action ", "Cllr. J. ",
	};
	uint32_t seed = 12345;
	char path[256], *text, *err;
	struct minutes_page p;
	struct buf m = {0};
	size_t len, f, k, at, cut;
	int i;

	for (f = 0; f < 5; f++) {
		snprintf(path, sizeof path, "%s/%s", SAMPLES_DIR, files[f]);
		text = check_slurp(path, &len);
		for (i = 0; i < 400; i++) {
			buf_reset(&m);
			seed = seed * 1103515245u + 12345u;
			at = (seed >> 8) % (len + 1);
			seed = seed * 1103515245u + 12345u;
			k = (seed >> 8) % (sizeof inserts / sizeof inserts[0]);
			seed = seed * 1103515245u + 12345u;
			cut = (seed >> 8) % 64;
			buf_add(&m, text, at);
			buf_puts(&m, inserts[k]);
			if (at + cut < len)
				buf_add(&m, text + at + cut, len - at - cut);
			ck_assert(buf_ok(&m));
			err = NULL;
			if (minutes_parse(m.data, m.len, "mut.txt", &p, &err) == 0) {
				ck_assert_ptr_nonnull(p.title);
				ck_assert_ptr_null(err);
				minutes_free(&p);
			} else {
				ck_assert(starts_with(err, "mut.txt:"));
				free(err);
			}
		}
		free(text);
	}
	buf_free(&m);
}
END_TEST

/* ---- the other API functions ------------------------------------------------ */

START_TEST(test_resolutions_api)
{
	struct minutes_resolution *res = NULL;
	size_t nres = 0;
	const char *text =
		"Narrative.\n\nDecision:\n\n(a) That X be noted.\n\n"
		"Resolved \xe2\x80\x93\n\n(a) That X be noted.\n\n(b) That Y be "
		"brought back in\nsix months.\n";

	ck_assert_int_eq(minutes_resolutions(text, 10, &res, &nres), 0);
	ck_assert_uint_eq(nres, 2);
	ck_assert_str_eq(res[0].label, "(a)");
	ck_assert_int_eq(res[0].kind, RK_RESOLVED);
	ck_assert_int_eq(res[0].line, 18);
	ck_assert_str_eq(res[1].text, "That Y be brought back in six months.");
	ck_assert_int_eq(res[1].is_action, 1);
	/* A second call appends. */
	ck_assert_int_eq(minutes_resolutions("Agreed: That Z be noted.", 1, &res, &nres), 0);
	ck_assert_uint_eq(nres, 3);
	ck_assert_int_eq(res[2].kind, RK_AGREED);
	ck_assert_str_eq(res[2].text, "That Z be noted.");
	/* Text without a block appends nothing. */
	ck_assert_int_eq(minutes_resolutions("Nothing resolved here.", 1, &res, &nres), 0);
	ck_assert_int_eq(minutes_resolutions(NULL, 1, &res, &nres), 0);
	ck_assert_uint_eq(nres, 3);
	free_res(res, nres);
}
END_TEST

/* The resolutions of text (minutes_resolutions_as with implied), their
   count in *nres (caller frees with free_res). */
static struct minutes_resolution *res_of(const char *text, int implied, size_t *nres)
{
	struct minutes_resolution *res = NULL;

	*nres = 0;
	ck_assert_int_eq(minutes_resolutions_as(text, 1, implied, &res, nres), 0);
	return res;
}

/* Headings not at the start of their line: after a minute's number, and
   ending a line naming who resolved; a Decision block that is an account
   with a Resolved block in it gives that block only. */
START_TEST(test_late_headings)
{
	struct minutes_resolution *res;
	size_t nres;
	const char *numbered =
		"17.3 Cllr Lord commented on the terms of reference.\n\n"
		"17.4 Resolved \xe2\x80\x93 That the revised terms of reference be "
		"approved.\n";
	const char *named =
		"The Executive Mayor and Cabinet, RESOLVED to;\n\n"
		"2.1 Note the outcome of the inspection.\n\n"
		"2.2 Note that plans will be refreshed.\n\n"
		"The Executive Mayor introduced the report.\n";
	const char *plain =
		"1.1 The Committee considered the report.\n\n"
		"1.2 Members resolved to ask for more detail next time.\n\n"
		"1.3 Agreed with the Chair that the meeting be adjourned.\n";

	res = res_of(numbered, -1, &nres);
	ck_assert_uint_eq(nres, 1);
	ck_assert_str_eq(res[0].label, "");
	ck_assert_int_eq(res[0].kind, RK_RESOLVED);
	ck_assert_str_eq(res[0].text, "That the revised terms of reference be approved.");
	ck_assert_int_eq(res[0].line, 3);
	free_res(res, nres);
	/* as a decision record's "Decisions:" text: 17.3 is an account */
	res = res_of(numbered, RK_DECISION, &nres);
	ck_assert_uint_eq(nres, 1);
	ck_assert_int_eq(res[0].kind, RK_RESOLVED);
	free_res(res, nres);
	/* a Decision block of its own decisions keeps them */
	res = res_of(plain, RK_DECISION, &nres);
	ck_assert_uint_eq(nres, 3);
	free_res(res, nres);
	res = res_of(named, -1, &nres);
	ck_assert_uint_eq(nres, 2);
	ck_assert_str_eq(res[0].label, "2.1");
	ck_assert_str_eq(res[1].text, "Note that plans will be refreshed.");
	free_res(res, nres);
	/* "resolved" inside a sentence, "Agreed with": no heading */
	res = res_of(plain, -1, &nres);
	ck_assert_uint_eq(nres, 0);
	free_res(res, nres);
}
END_TEST

/* Minutes whose "RESOLVED" heading the capture lost: a "That ... be ..."
   paragraph, or a labelled list of clauses continuing "that"; not prose
   with "could be", nor when a block has a heading. */
START_TEST(test_headless)
{
	static const struct { const char *minutes; size_t nres; const char *first; } t[] = {
		{ "The Chair opened the meeting.\n\nThat the minutes of the meeting held "
		  "on 23 May 2022 be approved as a correct record.\n", 1,
		  "That the minutes of the meeting held on 23 May 2022 be approved as a "
		  "correct record." },
		{ "Members raised issues on the following:\n(1) the progress made, be "
		  "noted;\n(2) the Director be requested to report back;\n", 2,
		  "the progress made, be noted;" },
		{ "Members asked:\n(1) whether the report could be circulated;\n"
		  "(2) when it would be ready.\n", 0, NULL },
		{ "That said, the Board noted the update.\n", 0, NULL },
		{ "RESOLVED: That the report be noted.\n\nThat the next meeting be held "
		  "in May.\n", 2, "That the report be noted." },
	};
	struct minutes_page p;
	char text[1024], *err = NULL;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		snprintf(text, sizeof text, "Agenda item\n\nTitle\n\nMinutes:\n\n%s\n"
		         "Supporting documents:\n", t[i].minutes);
		ck_assert_msg(minutes_parse(text, strlen(text), "t.txt", &p, &err) == 0,
		              "%s", err);
		ck_assert_msg(p.nres == t[i].nres, "case %zu: %zu resolutions", i, p.nres);
		if (t[i].first) {
			ck_assert_str_eq(p.res[0].text, t[i].first);
			ck_assert_int_eq(p.res[0].kind, RK_RESOLVED);
		}
		minutes_free(&p);
	}
}
END_TEST

/* Parse "RESOLVED: <text>" and return its one resolution (caller frees
   with free_one). */
static struct minutes_resolution *one(const char *text)
{
	struct minutes_resolution *res = NULL;
	size_t nres = 0;
	char line[512];

	snprintf(line, sizeof line, "RESOLVED: %s", text);
	ck_assert_int_eq(minutes_resolutions(line, 1, &res, &nres), 0);
	ck_assert_msg(nres == 1, "\"%s\": %zu resolutions", text, nres);
	return res;
}

static void free_one(struct minutes_resolution *r)
{
	free(r->label);
	free(r->text);
	free(r->membership);
	free(r->due);
	free(r);
}

START_TEST(test_dates)
{
	static const struct { const char *text, *due; } tab[] = {
		{ "That it be moved to 15th March 2017.", "2017-03-15" },
		{ "That it be moved to 15 March 2017.", "2017-03-15" },
		{ "That it be moved to 1st March 2017.", "2017-03-01" },
		{ "That it be moved to 2nd March 2017.", "2017-03-02" },
		{ "That it be moved to 3rd March 2017.", "2017-03-03" },
		{ "That it be moved to 22nd March 2017.", "2017-03-22" },
		{ "That it be moved to March 15, 2017.", "2017-03-15" },
		{ "That it be moved to March 15th 2017.", "2017-03-15" },
		{ "That it be moved to 15/03/2017.", "2017-03-15" },
		{ "That it be moved to 15.03.2017.", "2017-03-15" },
		{ "That it be moved to 5/3/2017.", "2017-03-05" },
		{ "That it be moved to 19th December, 2019.", "2019-12-19" },
		{ "That it be moved to 7 Sept 2017.", "2017-09-07" },
		{ "That it be moved to 7 Sep. 2017.", "2017-09-07" },
		{ "That it be moved to the 4th of July 2018.", "2018-07-04" },
		{ "That it be moved to 29 February 2016.", "2016-02-29" },
		{ "That it be moved to 29 February 2017.", NULL },
		{ "That it be moved to 31st February 2017.", NULL },
		{ "That it be moved to 31/04/2017.", NULL },
		{ "That it be moved to 15 March.", NULL },
		{ "That it be moved to 10.15 am.", NULL },
		{ "That it be moved to 2017.", NULL },
		{ "That it be moved to 115/03/2017.", NULL },
		{ "That it be moved to May.", NULL },
		{ "That it be moved to 31 June 2017 or 1 July 2017.", "2017-07-01" },
	};
	struct minutes_resolution *r;
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		r = one(tab[i].text);
		if (tab[i].due)
			ck_assert_msg(r->due && strcmp(r->due, tab[i].due) == 0,
			              "\"%s\": due %s", tab[i].text, r->due ? r->due : "NULL");
		else
			ck_assert_msg(r->due == NULL, "\"%s\": due %s", tab[i].text, r->due);
		free_one(r);
	}
}
END_TEST

START_TEST(test_actions)
{
	static const struct { const char *text; int action; } tab[] = {
		{ "That the report be noted.", 0 },
		{ "That the plan be endorsed.", 0 },
		{ "That the budget be approved.", 0 },
		{ "That the Board acknowledged the progress.", 0 },
		{ "That the Board welcomed the report.", 0 },
		{ "That the progress on the services provided be noted.", 0 },
		{ "That the visit that had been arranged be noted.", 0 },
		{ "That the paper be circulated to Members.", 1 },
		{ "That officers clarify the process.", 1 },
		{ "That the Board receives an update in June.", 1 },
		{ "That the Board receives a further report.", 1 },
		{ "That officers report back to the Panel.", 1 },
		{ "That the item be moved to the next meeting.", 1 },
		{ "That the item be taken on 3 May 2017.", 1 },
		{ "That the Board ESTABLISH a sub-group.", 1 },
		{ "That a briefing be provided to Members.", 1 },
		{ "That the plan be submitted to Cabinet.", 1 },
		{ "That the matter be brought back in the autumn.", 1 },
		{ "That officers investigate the complaint.", 1 },
		{ "That the Chairman write to the Minister.", 1 },
		{ "That officers arrange a visit.", 1 },
	};
	struct minutes_resolution *r;
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		r = one(tab[i].text);
		ck_assert_msg(r->is_action == tab[i].action, "\"%s\": is_action %d",
		              tab[i].text, r->is_action);
		free_one(r);
	}
}
END_TEST

/* Only deadlines and scheduled slots are due dates. */
START_TEST(test_due_cues)
{
	static const struct { const char *text, *due; } tab[] = {
		{ "That the report be circulated by 15 March 2017.", "2017-03-15" },
		{ "That the report be circulated by the 1st of May, 2017.", "2017-05-01" },
		{ "That the report be submitted before 1 April 2017.", "2017-04-01" },
		{ "That the plan be provided no later than 30/06/2017.", "2017-06-30" },
		{ "That the plan be provided not later than 30.06.2017.", "2017-06-30" },
		{ "That the plan be provided on or before 1 July 2017.", "2017-07-01" },
		{ "That the item be deferred to 5 May 2017.", "2017-05-05" },
		{ "That the item be deferred until 5 May 2017.", "2017-05-05" },
		{ "That the item be postponed to June 6, 2017.", "2017-06-06" },
		{ "That the item be taken at the meeting on 15 March 2017.", "2017-03-15" },
		{ "That the next meeting be held on Tuesday, 15 March 2017.", "2017-03-15" },
		{ "That officers report back in March 2017.", "2017-03-31" },
		{ "That officers report back in February 2016.", "2016-02-29" },
		{ "That officers report back by December 2017.", "2017-12-31" },
		{ "That the review be completed before March 2017.", "2017-02-28" },
		{ "That the review be completed before January 2017.", "2016-12-31" },
		{ "That the Board receives an update in the June 2017 meeting.", "2017-06-30" },
		{ "That officers report back within 28 days.", NULL },
		{ "That the minutes of the meeting held on 2nd June 2016 be approved.", NULL },
		{ "That the minutes of the meeting on 2nd June 2016 be approved.", NULL },
		{ "That the minutes of 2 June 2016 be approved.", NULL },
		{ "That the report dated 2 May 2016 be circulated.", NULL },
		{ "That the decisions taken on 3 May 2016 be noted.", NULL },
		{ "That the action plan agreed on 3 May 2016 be circulated.", NULL },
		{ "That the strategy published in March 2017 be noted.", NULL },
		{ "That the strategy published in March 2017 be circulated.", NULL },
		/* "in March 2017" is a slot only for an action. */
		{ "That the plan's publication in March 2017 be noted.", NULL },
		{ "That it be noted that 15 March 2017 is a bank holiday.", NULL },
		{ "That the Board receives a report in 2017.", NULL },
		{ "That the report dated 2 May 2016 be circulated by 15 March 2017.",
		  "2017-03-15" },
		{ "That the visit be scheduled on 4 April 2017.", "2017-04-04" },
		{ "That the event planned on 4 April 2017 be circulated.", "2017-04-04" },
	};
	struct minutes_resolution *r;
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		r = one(tab[i].text);
		if (tab[i].due)
			ck_assert_msg(r->due && strcmp(r->due, tab[i].due) == 0,
			              "\"%s\": due %s", tab[i].text, r->due ? r->due : "NULL");
		else
			ck_assert_msg(r->due == NULL, "\"%s\": due %s", tab[i].text, r->due);
		free_one(r);
	}
}
END_TEST

START_TEST(test_action_negation)
{
	static const struct { const char *text; int action; } tab[] = {
		{ "That the report not be circulated.", 0 },
		{ "That the report should not be circulated further.", 0 },
		{ "That no further action be taken.", 0 },
		{ "That no action be taken to establish a sub-group.", 0 },
		{ "That no further report be submitted.", 0 },
		{ "That the Board agreed not to establish a sub-group.", 0 },
		{ "That officers need not report back.", 0 },
		{ "That the Board does not receive a report.", 0 },
		{ "No action.", 0 },
		/* The negation covers its own clause only. */
		{ "That no action be taken; officers to write to the family.", 1 },
		{ "That the report not be published, and that officers circulate it.", 1 },
		{ "That it be noted that there is no action plan yet, and officers "
		  "prepare one.", 1 },
		{ "That the Board receives a report on why the notice was not sent.", 1 },
	};
	struct minutes_resolution *r;
	size_t i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		r = one(tab[i].text);
		ck_assert_msg(r->is_action == tab[i].action, "\"%s\": is_action %d",
		              tab[i].text, r->is_action);
		free_one(r);
	}
}
END_TEST

START_TEST(test_utf8_valid)
{
	size_t bad = 99;

	ck_assert_int_eq(utf8_valid("", 0, &bad), 1);
	ck_assert_int_eq(utf8_valid("caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x98\x80", 14, &bad), 1);
	ck_assert_int_eq(utf8_valid("ab\0c", 4, &bad), 0);
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(utf8_valid("a\xc0\x80", 3, &bad), 0);		/* overlong */
	ck_assert_uint_eq(bad, 1);
	ck_assert_int_eq(utf8_valid("a\xe0\x80\xaf", 4, &bad), 0);	/* overlong */
	ck_assert_int_eq(utf8_valid("\xed\xa0\x80", 3, &bad), 0);	/* surrogate */
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(utf8_valid("\xf4\x90\x80\x80", 4, &bad), 0);	/* > U+10FFFF */
	ck_assert_int_eq(utf8_valid("ab\xe2\x80", 4, &bad), 0);		/* cut short */
	ck_assert_uint_eq(bad, 2);
	ck_assert_int_eq(utf8_valid("\x80", 1, &bad), 0);
	ck_assert_int_eq(utf8_valid("\xc3\xa9", 2, NULL), 1);
}
END_TEST

START_TEST(test_kind_names)
{
	ck_assert_str_eq(res_kind_name(RK_RESOLVED), "resolved");
	ck_assert_str_eq(res_kind_name(RK_RECOMMENDATION), "recommendation");
	ck_assert_str_eq(res_kind_name(RK_AGREED), "agreed");
	ck_assert_str_eq(res_kind_name(RK_DECISION), "decision");
}
END_TEST

static Suite *minutes_suite(void)
{
	Suite *s = suite_create("minutes");
	TCase *seeds = tcase_create("seeds");
	TCase *variants = tcase_create("variants");
	TCase *bad = tcase_create("bad input");
	TCase *big = tcase_create("size");
	TCase *api = tcase_create("api");

	tcase_add_test(seeds, test_seed000);
	tcase_add_test(seeds, test_seed001);
	tcase_add_test(seeds, test_seed002);
	tcase_add_test(seeds, test_seed003);
	tcase_add_test(seeds, test_seed004);
	suite_add_tcase(s, seeds);

	tcase_add_test(variants, test_resolved_paren_num);
	tcase_add_test(variants, test_resolved_dash_paren);
	tcase_add_test(variants, test_alpha_dot);
	tcase_add_test(variants, test_roman_paren);
	tcase_add_test(variants, test_roman_dot);
	tcase_add_test(variants, test_decision_only);
	tcase_add_test(variants, test_agreed);
	tcase_add_test(variants, test_resolved_inline);
	tcase_add_test(variants, test_issue_meetings);
	tcase_add_test(variants, test_departures);
	tcase_add_test(variants, test_documents);
	tcase_add_test(variants, test_further_witnesses);
	tcase_add_test(variants, test_crlf);
	tcase_add_test(variants, test_bom);
	tcase_add_test(variants, test_attendance_lists);
	tcase_add_test(variants, test_attendance_inline);
	tcase_add_test(variants, test_cr_only);
	tcase_add_test(variants, test_invisible);
	tcase_add_test(variants, test_decimal_labels);
	suite_add_tcase(s, variants);

	tcase_add_test(bad, test_err_empty);
	tcase_add_test(bad, test_err_nul);
	tcase_add_test(bad, test_err_utf8);
	tcase_add_test(bad, test_err_too_large);
	tcase_add_test(bad, test_err_no_header);
	tcase_add_test(bad, test_err_no_title);
	tcase_add_test(bad, test_err_truncated);
	tcase_add_test(bad, test_err_meeting_date);
	suite_add_tcase(s, bad);

	tcase_set_timeout(big, 60);
	tcase_add_test(big, test_many_resolutions);
	tcase_add_test(big, test_long_title);
	tcase_add_test(big, test_mutations);
	suite_add_tcase(s, big);

	tcase_add_test(api, test_resolutions_api);
	tcase_add_test(api, test_late_headings);
	tcase_add_test(api, test_headless);
	tcase_add_test(api, test_dates);
	tcase_add_test(api, test_actions);
	tcase_add_test(api, test_due_cues);
	tcase_add_test(api, test_action_negation);
	tcase_add_test(api, test_utf8_valid);
	tcase_add_test(api, test_kind_names);
	suite_add_tcase(s, api);
	return s;
}

CHECK_MAIN(minutes_suite)
