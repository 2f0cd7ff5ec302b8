/*
** check_sync.c — what govctl sync decides without a server: the web
** service's URL from the forms users give, the council name a host
** suggests, and the check of an answer before it is imported (the real
** error pages of tests/fixtures/sync among them), and of a document
** (fetch_check_doc).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "fetch.h"
#include "sync.h"

static void base_is(const char *in, const char *want)
{
	char err[256] = "", *out = NULL;
	int rc = sync_base_url(in, &out, err, sizeof err);

	ck_assert_msg(rc == 0, "%s: %s", in, err);
	ck_assert_str_eq(out, want);
	free(out);
}

START_TEST(test_base_url)
{
	const char *m = "https://democracy.manchester.gov.uk/mgWebService.asmx";

	base_is("democracy.manchester.gov.uk", m);
	base_is("democracy.manchester.gov.uk/", m);
	base_is("https://democracy.manchester.gov.uk", m);
	base_is("HTTPS://Democracy.Manchester.gov.uk//", m);
	base_is("https://democracy.manchester.gov.uk/mgWebService.asmx", m);
	base_is("https://democracy.manchester.gov.uk/mgWebService.asmx/"
	        "GetMeeting?lMeetingId=4967", m);
	base_is("https://democracy.manchester.gov.uk/ieListDocuments.aspx"
	        "?CId=144&MId=4967", m);
	base_is("  https://democracy.manchester.gov.uk/#top", m);
	base_is("http://www.example.gov.uk/modern.gov",
	        "http://www.example.gov.uk/modern.gov/mgWebService.asmx");
	base_is("http://www.example.gov.uk//internet//",
	        "http://www.example.gov.uk/internet/mgWebService.asmx");
	base_is("example.gov.uk/moderngov/mgCalendarMonthView.aspx",
	        "https://example.gov.uk/moderngov/mgWebService.asmx");
	base_is("http://127.0.0.1:8080/x/",
	        "http://127.0.0.1:8080/x/mgWebService.asmx");
}
END_TEST

START_TEST(test_base_url_bad)
{
	char err[256], *out = (char *)1;

	ck_assert_int_eq(sync_base_url("ftp://example.org/", &out, err,
	                               sizeof err), -EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(err, "not an http or https URL"));
	ck_assert_int_eq(sync_base_url("https:///x", &out, err, sizeof err),
	                 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "no host"));
	ck_assert_int_eq(sync_base_url("https://user@host/", &out, err,
	                               sizeof err), -EINVAL);
}
END_TEST

/* Document hosts: the site's, its subdomains, those given; http(s). */
START_TEST(test_doc_hosts)
{
	const char *b = "https://democracy.manchester.gov.uk/mgWebService.asmx";
	const char *const extra[] = { "manchester.gov.uk", ".docs.example" };
	const char *const any[] = { "*" };
	char h[64];

	ck_assert_int_eq(sync_host("HTTP://User:pw@Docs.Example.ORG.:8080/x",
	                           h, sizeof h), 0);
	ck_assert_str_eq(h, "docs.example.org");
	ck_assert_int_eq(sync_host("http://[::1]:80/", h, sizeof h), 0);
	ck_assert_str_eq(h, "::1");
	ck_assert_int_eq(sync_host("http:///x", h, sizeof h), -EINVAL);
	ck_assert_int_eq(sync_host("no-scheme", h, sizeof h), -EINVAL);

	ck_assert(sync_host_allowed("https://democracy.manchester.gov.uk/"
	                            "mgConvert2PDF.aspx?ID=1", b, NULL, 0));
	ck_assert(sync_host_allowed("http://DEMOCRACY.manchester.gov.uk:81/d",
	                            b, NULL, 0));
	ck_assert(sync_host_allowed("https://files.democracy.manchester.gov"
	                            ".uk/d.pdf", b, NULL, 0));
	/* not the parent, nor a look-alike, nor a user name */
	ck_assert(!sync_host_allowed("https://www.manchester.gov.uk/d.pdf", b,
	                             NULL, 0));
	ck_assert(!sync_host_allowed("https://evildemocracy.manchester.gov.uk"
	                             "/d", b, NULL, 0));
	ck_assert(!sync_host_allowed("https://democracy.manchester.gov.uk.evil"
	                             ".org/d", b, NULL, 0));
	ck_assert(!sync_host_allowed("https://democracy.manchester.gov.uk@evil"
	                             ".org/d", b, NULL, 0));
	ck_assert(!sync_host_allowed("ftp://democracy.manchester.gov.uk/d", b,
	                             NULL, 0));
	ck_assert(!sync_host_allowed("file:///etc/passwd", b, any, 1));
	/* --document-host */
	ck_assert(sync_host_allowed("https://www.manchester.gov.uk/d.pdf", b,
	                            extra, 2));
	ck_assert(sync_host_allowed("https://a.docs.example/d.pdf", b, extra,
	                            2));
	ck_assert(!sync_host_allowed("https://docs.example.org/d.pdf", b, extra,
	                             2));
	ck_assert(sync_host_allowed("https://docs.example.org/d.pdf", b, any,
	                            1));
}
END_TEST

static void name_is(const char *url, const char *want)
{
	char *n = sync_default_name(url);

	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n, want);
	free(n);
}

START_TEST(test_default_name)
{
	name_is("https://democracy.manchester.gov.uk/mgWebService.asmx",
	        "manchester");
	name_is("https://mycouncil.moderngov.co.uk/mgWebService.asmx",
	        "mycouncil");
	name_is("https://www.democracy.example.gov.uk/x/mgWebService.asmx",
	        "example");
	name_is("http://modgov.leeds.gov.uk:8080/mgWebService.asmx", "leeds");
	name_is("http://127.0.0.1:8080/mgWebService.asmx", "127.0.0.1");
}
END_TEST

/* fetch_check of text: its result, and err holding want. */
static void check_is(const char *url, const char *body, size_t len, int rc,
                     const char *want)
{
	char err[512] = "";

	ck_assert_int_eq(fetch_check(url, body, len, NULL, err, sizeof err),
	                 rc);
	if (want)
		ck_assert_msg(strstr(err, want) != NULL, "got: %s", err);
	if (rc)
		ck_assert_msg(strncmp(err, url, strlen(url)) == 0,
		              "names no URL: %s", err);
}

static void check_text(const char *body, int rc, const char *want)
{
	check_is("http://h/mgWebService.asmx/GetMeeting", body, strlen(body),
	         rc, want);
}

static void check_file(const char *name, int rc, const char *want)
{
	char path[256];
	size_t len;
	char *data;

	snprintf(path, sizeof path, "tests/fixtures/sync/%s", name);
	data = check_slurp(path, &len);
	ck_assert_ptr_nonnull(data);
	check_is("http://h/mgWebService.asmx/GetCouncillorsByWard", data, len,
	         rc, want);
	free(data);
}

START_TEST(test_check_real)
{
	check_file("committees.xml", 0, NULL);
	check_file("meeting_with_minutes.xml", 0, NULL);
	check_file("councillors_01.xml", 0, NULL);
	check_file("councillors_05.xml", 0, NULL);
	check_file("councillors_02.xml", -EPROTO, "a JavaScript redirect stub");
	check_file("councillors_03.xml", -EPROTO,
	           "a SharePoint error page (title \"Error\")");
	check_file("error.html", -EPROTO, "title \"Runtime Error\"");
	check_file("firewall.txt", -EPROTO, "(a firewall challenge?)");
}
END_TEST

START_TEST(test_check_made)
{
	check_text("", -EPROTO, "empty body");
	check_text(" \n\t", -EPROTO, "empty body");
	check_text("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<meeting>\n</meeting>\n",
	           0, NULL);
	check_text("<?xml version=\"1.0\"?><!-- x --><committees/>", 0, NULL);
	check_text("<?xml version=\"1.0\"?>\n<meeting>\n<agendaitems>", -EPROTO,
	           "XML cut off before </meeting>");
	check_text("<?xml version=\"1.0\"?>\n<meeting><x/></meetin", -EPROTO,
	           "cut off");
	check_text("<?xml version=\"1.0\"?>\n<meeting/><", -EPROTO, "cut off");
	check_text("<?xml version=\"1.0\"?>", -EPROTO, "not XML");
	check_text("<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD></HTML>",
	           -EPROTO, "an HTML page (");
	check_text("<script>window.location.href='/x';</script>", -EPROTO,
	           "JavaScript redirect stub");
	check_text("Access denied", -EPROTO, "13-byte answer that is not XML");
	check_is("http://h/mgError.aspx?e=1", "<html/>", 7, -EPROTO,
	         "mgError.aspx");
}
END_TEST

START_TEST(test_digest)
{
	char a[40], b[40], c[40];

	fetch_digest("abc", 3, a);
	fetch_digest("abc", 3, b);
	fetch_digest("abd", 3, c);
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, c);
	ck_assert_str_eq(a, "fnv1a64:e71fa2190541574b:3");
}
END_TEST

/* fetch_check_doc of len bytes at body (Content-Type ctype): rc, and a
   message naming the URL and holding want. */
static void doc_is(const char *body, size_t len, const char *ctype, int rc,
                   const char *want)
{
	static const char url[] = "http://h/mgConvert2PDF.aspx?ID=1";
	char err[512] = "";

	ck_assert_int_eq(fetch_check_doc(url, body, len, ctype, err,
	                                 sizeof err), rc);
	if (want)
		ck_assert_msg(strstr(err, want) != NULL, "got: %s", err);
	if (rc)
		ck_assert_msg(strncmp(err, url, strlen(url)) == 0,
		              "names no URL: %s", err);
}

START_TEST(test_check_doc)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj\n";
	static const char zip[] = "PK\3\4\0\0";
	static const char signin[] = "<!DOCTYPE html><html><head><title>Sign "
	                             "in</title></head>";
	static const char bom[] = "\xef\xbb\xbf  <html><body>Not found</body>"
	                          "</html>";
	static const char stub[] = "<script>location.replace('/x')</script>";

	doc_is(pdf, sizeof pdf - 1, "application/pdf", 0, NULL);
	/* a PDF by its header, whatever the server calls it */
	doc_is(pdf, sizeof pdf - 1, "text/html", 0, NULL);
	doc_is(pdf, sizeof pdf - 1, NULL, 0, NULL);
	doc_is(zip, sizeof zip - 1, "application/octet-stream", 0, NULL);
	doc_is("plain", 5, "text/plain", 0, NULL);
	doc_is("", 0, "application/pdf", -EPROTO, "empty body");
	doc_is(signin, strlen(signin), "application/pdf", -EPROTO,
	       "an HTML page (56 bytes, title \"Sign in\", application/pdf) "
	       "where a document was expected");
	doc_is(bom, strlen(bom), NULL, -EPROTO,
	       "starting \"<html><body>Not found");
	doc_is(stub, strlen(stub), NULL, -EPROTO, "an HTML page");
	doc_is("Access denied", 13, "text/html; charset=utf-8", -EPROTO,
	       "an HTML page (13 bytes");
}
END_TEST

static Suite *sync_suite(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_base_url);
	tcase_add_test(tc, test_base_url_bad);
	tcase_add_test(tc, test_default_name);
	tcase_add_test(tc, test_check_real);
	tcase_add_test(tc, test_check_made);
	tcase_add_test(tc, test_digest);
	tcase_add_test(tc, test_check_doc);
	tcase_add_test(tc, test_doc_hosts);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(sync_suite)
