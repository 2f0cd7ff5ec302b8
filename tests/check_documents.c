/*
** check_documents.c — supporting documents: the extractor (import/pdf.c)
** on PDFs made by tests/mkpdfs.sh, hostile ones included, under its limits;
** and the store side (store/document.c): files kept once per digest,
** attached to items, rendered in documents/, refused when unfit; the
** records of govctl sync --documents (which URLs are due, fetched,
** failed).
*/
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check_util.h"
#include "document.h"
#include "pdf.h"
#include "write.h"

static char fx[64];          /* the fixtures' folder */

static void fx_setup(void)
{
	char cmd[256];

	snprintf(fx, sizeof fx, "/tmp/check_documents.%d", (int)getpid());
	snprintf(cmd, sizeof cmd, "bash tests/mkpdfs.sh %s", fx);
	ck_assert_int_eq(system(cmd), 0);
}

static void fx_teardown(void)
{
	check_rmtree(fx);
}

/* Extract fixture name under lim (NULL: defaults) into *d. */
static void extract(const char *name, const struct pdf_limits *lim,
                    struct pdf_doc *d)
{
	char path[128];
	size_t len;
	char *bytes;

	snprintf(path, sizeof path, "%s/%s", fx, name);
	bytes = check_slurp(path, &len);
	ck_assert_int_eq(pdf_extract(bytes, len, lim, d), 0);
	free(bytes);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(media_types)
{
	ck_assert_str_eq(pdf_media_type("%PDF-1.4\n", 9), "application/pdf");
	ck_assert_str_eq(pdf_media_type("junk\n%PDF-1.7", 14), "application/pdf");
	ck_assert_str_eq(pdf_media_type("\n <!DOCTYPE html><p>", 20), "text/html");
	ck_assert_str_eq(pdf_media_type("<HTML>", 6), "text/html");
	ck_assert_str_eq(pdf_media_type("<?xml version", 13), "application/xml");
	ck_assert_str_eq(pdf_media_type("PK\3\4zz", 6), "application/zip");
	ck_assert_str_eq(pdf_media_type("a\0b", 3), "application/octet-stream");
	ck_assert_str_eq(pdf_media_type("plain words", 11), "text/plain");
	ck_assert_str_eq(pdf_media_type("", 0), "text/plain");
}
END_TEST

START_TEST(digest_is_sha256)
{
	char d[65];

	pdf_digest("abc", 3, d);
	ck_assert_str_eq(d, "ba7816bf8f01cfea414140de5dae2223"
	                    "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(report_text)
{
	struct pdf_doc d;

	extract("report.pdf", NULL, &d);
	ck_assert_msg(d.ok, "failed: %s", d.reason);
	ck_assert_int_eq(d.pages, 2);
	ck_assert_str_eq(d.media_type, "application/pdf");
	ck_assert_int_eq(strlen(d.digest), 64);
	ck_assert_uint_eq(strlen(d.text), d.text_len);
	ck_assert_ptr_nonnull(strstr(d.text, "Multi-Agency Safeguarding Hub"));
	/* page 1, a form feed, page 2 */
	ck_assert_ptr_nonnull(strstr(d.text, "reviewed.\n\fImprovement plan"));
	ck_assert_ptr_null(strchr(strchr(d.text, '\f') + 1, '\f'));
	pdf_doc_free(&d);
}
END_TEST

START_TEST(big_report)
{
	struct pdf_doc d;
	double t = now_s();
	size_t ff = 0, i;

	extract("big.pdf", NULL, &d);
	t = now_s() - t;
	ck_assert_msg(d.ok, "failed: %s", d.reason);
	ck_assert_int_eq(d.pages, 500);
	for (i = 0; i < d.text_len; i++)
		ff += d.text[i] == '\f';
	ck_assert_uint_eq(ff, 499);
	ck_assert_ptr_nonnull(strstr(d.text, "report page 500 zq500q"));
	printf("big_report: 500 pages in %.3f s (%.0f pages/s)\n", t, 500 / t);
	pdf_doc_free(&d);
}
END_TEST

START_TEST(hostile_files)
{
	static const struct { const char *file, *reason; } cases[] = {
		{ "broken.pdf", "not readable as PDF" },
		{ "encrypted.pdf", "encrypted (needs a password)" },
		{ "html.pdf", "not a PDF (text/html)" },
	};
	struct pdf_doc d;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		extract(cases[i].file, NULL, &d);
		ck_assert_msg(!d.ok, "%s extracted", cases[i].file);
		ck_assert_msg(strstr(d.reason, cases[i].reason), "%s: %s",
		              cases[i].file, d.reason);
		ck_assert_ptr_null(d.text);
		ck_assert_int_eq(d.pages, 0);
		ck_assert_int_eq(strlen(d.digest), 64);
	}
}
END_TEST

START_TEST(bomb_time_limit)
{
	struct pdf_limits lim;
	struct pdf_doc d;
	double t;

	pdf_limits_default(&lim);
	lim.max_seconds = 1;
	t = now_s();
	extract("bomb.pdf", &lim, &d);
	t = now_s() - t;
	ck_assert(!d.ok);
	ck_assert_str_eq(d.reason, "time limit (1 s) exceeded");
	ck_assert_msg(t < 3.0, "took %.2f s", t);
}
END_TEST

START_TEST(page_text_size_limits)
{
	struct pdf_limits lim;
	struct pdf_doc d;

	pdf_limits_default(&lim);
	lim.max_pages = 10;
	extract("big.pdf", &lim, &d);
	ck_assert(!d.ok);
	ck_assert_str_eq(d.reason, "500 pages (more than 10)");

	pdf_limits_default(&lim);
	lim.max_text = 1000;
	extract("big.pdf", &lim, &d);
	ck_assert(!d.ok);
	ck_assert_str_eq(d.reason, "text larger than 1000 bytes");

	pdf_limits_default(&lim);
	lim.max_bytes = 100;
	extract("report.pdf", &lim, &d);
	ck_assert(!d.ok);
	ck_assert_str_eq(d.reason, "larger than 100 bytes (1004)");
}
END_TEST

/* ---- the store ------------------------------------------------------------ */

static store *st_new(const char *dir, int64_t *item)
{
	char path[128];
	struct board_rec b = { .slug = "cab", .name = "Cabinet",
	                       .council = "Town" };
	struct meeting_rec m = { .date = "2026-01-15" };
	struct item_rec it = { .number = "5", .title = "Ofsted" };
	int64_t board;
	store *s;

	snprintf(path, sizeof path, "%s/g.db", dir);
	s = check_open(path, STORE_RDWR | STORE_CREATE);
	ck_assert_int_eq(store_board_add(s, &b, &board), 0);
	m.board_id = board;
	ck_assert_int_eq(store_meeting_add(s, &m, &it.meeting_id), 0);
	ck_assert_int_eq(store_item_add(s, &it, item), 0);
	return s;
}

/* The file at tree path p rendered into b (reset first). */
static int st_render(store *s, const char *p, struct buf *b)
{
	struct node_attr a;
	int rc = store_resolve(s, p, &a);

	buf_reset(b);
	return rc ? rc : store_render(s, a.ino, b);
}

/* The st_mtime of tree path p, in ms. */
static int64_t st_mtime(store *s, const char *p)
{
	struct node_attr a;

	ck_assert_int_eq(store_resolve(s, p, &a), 0);
	return a.mtime_ms;
}

/* The documents the store counts. */
static int64_t st_ndocs(store *s)
{
	struct store_counts c;

	ck_assert_int_eq(store_counts(s, &c), 0);
	return c.documents;
}

#define ITEM "boards/cab/meetings/2026-01-15/items/05-ofsted"

/* What store_search_hits gave last, and how many times. */
struct st_hits { int n, page; char path[128], doc[64]; };

static int st_hit(void *ctx, const struct search_hit_info *h)
{
	struct st_hits *c = ctx;

	c->n++;
	c->page = h->page;
	snprintf(c->path, sizeof c->path, "%s", h->path);
	snprintf(c->doc, sizeof c->doc, "%s", h->doc ? h->doc : "");
	return 0;
}

START_TEST(store_keep_attach_render)
{
	char dir[] = "/tmp/check_documents_st.XXXXXX";
	struct pdf_doc d;
	struct docfile_rec f = { 0 };
	struct buf b = { 0 };
	char path[128];
	size_t len;
	char *bytes;
	int64_t item, doc, doc2;
	struct st_hits hit;
	store *s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = st_new(dir, &item);
	snprintf(path, sizeof path, "%s/report.pdf", fx);
	bytes = check_slurp(path, &len);
	ck_assert_int_eq(pdf_extract(bytes, len, NULL, &d), 0);
	f = (struct docfile_rec){ d.digest, bytes, len, d.media_type, d.ok,
	                          d.pages, d.text, d.text_len, d.reason };
	ck_assert_int_eq(store_docfile_put(s, &f), 0);
	ck_assert_int_eq(store_docfile_put(s, &f), 0);   /* kept already */
	ck_assert_int_eq(store_document_attach(s, item, "Ofsted letter", NULL,
	                 d.digest, &doc), 0);
	ck_assert_int_eq(store_document_attach(s, item, "Same bytes",
	                 "https://example.org/a.pdf", d.digest, &doc2), 0);
	ck_assert_int_ne(doc, doc2);
	ck_assert_int_eq(st_ndocs(s), 2);

	ck_assert_int_eq(st_render(s, ITEM "/documents/01-ofsted-letter.pdf",
	                           &b), 0);
	ck_assert_uint_eq(b.len, len);
	ck_assert(memcmp(b.data, bytes, len) == 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents/02-same-bytes.txt", &b),
	                 0);
	ck_assert_ptr_nonnull(strstr(b.data, "Title: Same bytes\n"
	                             "Source: https://example.org/a.pdf\n"
	                             "Pages: 2\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "\n\nOfsted monitoring letter\n"));
	ck_assert_int_eq(st_render(s, ITEM "/documents.txt", &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "  File: documents/"
	                             "01-ofsted-letter.pdf (application/pdf, "
	                             "1004 bytes, 2 pages)\n"));
	ck_assert_int_eq(st_render(s, ITEM "/documents/03-x.txt", &b), -ENOENT);

	/* search: the item, by the document alone, with the page */
	memset(&hit, 0, sizeof hit);
	ck_assert_int_eq(store_search_hits(s, "XYLOPHONIC", 10, st_hit, &hit),
	                 0);
	ck_assert_int_eq(hit.n, 1);
	ck_assert_str_eq(hit.doc, "documents/01-ofsted-letter.txt");
	ck_assert_int_eq(hit.page, 2);
	ck_assert_str_eq(hit.path, ITEM);
	memset(&hit, 0, sizeof hit);
	ck_assert_int_eq(store_search_hits(s, "nowhere words", 10, st_hit,
	                 &hit), 0);
	ck_assert_int_eq(hit.n, 0);

	/* attaching by URL again renames that document, adds none */
	ck_assert_int_eq(store_document_attach(s, item, "Renamed",
	                 "https://example.org/a.pdf", d.digest, &doc), 0);
	ck_assert_int_eq(doc, doc2);
	ck_assert_int_eq(st_render(s, ITEM "/documents/02-renamed.txt", &b), 0);

	/* a re-import drops the item's documents: the URL's file comes back
	   with a document of the same URL; the unreferenced file goes */
	ck_assert_int_eq(store_item_clear(s, item, 0), 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents", &b), -ENOENT);
	ck_assert_int_eq(store_document_add(s, item, 1, "Again",
	                 "https://example.org/a.pdf", NULL), 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents/01-again.pdf", &b), 0);
	ck_assert_uint_eq(b.len, len);

	buf_free(&b);
	free(bytes);
	pdf_doc_free(&d);
	store_close(s);
	check_rmtree(dir);
}
END_TEST

START_TEST(store_refuses)
{
	char dir[] = "/tmp/check_documents_st.XXXXXX";
	static const char digest[] =
		"0000000000000000000000000000000000000000000000000000000000000000";
	struct docfile_rec f = { digest, "x", 1, "text/plain", 1, 1,
	                         "bad\001text", 8, NULL };
	int64_t item, doc;
	store *s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = st_new(dir, &item);
	ck_assert_int_eq(store_docfile_put(s, &f), -EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(s), "control character"));
	f.digest = "ABC";
	ck_assert_int_eq(store_docfile_put(s, &f), -EINVAL);
	f.digest = digest;
	f.text = "fine\ftext";
	f.text_len = 9;
	ck_assert_int_eq(store_docfile_put(s, &f), 0);
	ck_assert_int_eq(store_document_attach(s, item + 1, "T", NULL, digest,
	                 &doc), -ENOENT);
	ck_assert_int_eq(store_document_attach(s, item, "T", NULL,
	                 "1111111111111111111111111111111111111111111111111111111111111111",
	                 &doc), -ENOENT);
	ck_assert_int_eq(store_document_attach(s, item, NULL, NULL, digest,
	                 &doc), -EINVAL);
	store_close(s);
	check_rmtree(dir);
}
END_TEST

/* store_docurl_due's callback: the URLs, "url state" lines, into a buf. */
static int st_due(void *ctx, const struct docurl_due *u)
{
	buf_printf(ctx, "%s %s%s\n", u->url, *u->state ? u->state : "new",
	           *u->etag ? " etag" : "");
	return 0;
}

/* The due URLs of council Town as of since, as st_due lines. */
static const char *st_due_list(store *s, const char *since, struct buf *b)
{
	buf_reset(b);
	buf_puts(b, "");
	ck_assert_int_eq(store_docurl_due(s, "Town", since, st_due, b), 0);
	return b->data;
}

START_TEST(store_docurl_records)
{
	char dir[] = "/tmp/check_documents_st.XXXXXX";
	static const char *const u1 = "https://example.org/a.pdf",
	                  *const u2 = "https://example.org/b.pdf";
	struct pdf_doc d;
	struct docfile_rec f = { 0 };
	struct buf b = { 0 };
	char path[128];
	size_t len;
	char *bytes;
	int64_t item, t0, t1;
	store *s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = st_new(dir, &item);
	ck_assert_int_eq(store_document_add(s, item, 1, "A", u1, NULL), 0);
	ck_assert_int_eq(store_document_add(s, item, 2, "B", u2, NULL), 0);
	ck_assert_int_eq(store_document_add(s, item, 3, "C", "ftp://x/c", NULL),
	                 0);
	ck_assert_int_eq(store_document_add(s, item, 4, "D", NULL, NULL), 0);
	/* never fetched: due, http(s) only, newest meeting first, by URL */
	ck_assert_str_eq(st_due_list(s, "2026-01-01", &b),
	                 "https://example.org/a.pdf new\n"
	                 "https://example.org/b.pdf new\n");
	ck_assert_str_eq(st_due_list(s, "2027-01-01", &b),
	                 "https://example.org/a.pdf new\n"
	                 "https://example.org/b.pdf new\n");
	ck_assert_int_eq(store_docurl_ok(s, u1, NULL, NULL, NULL), -EINVAL);

	/* a's file kept, with an ETag: due while its meeting is recent */
	snprintf(path, sizeof path, "%s/report.pdf", fx);
	bytes = check_slurp(path, &len);
	ck_assert_int_eq(pdf_extract(bytes, len, NULL, &d), 0);
	f = (struct docfile_rec){ d.digest, bytes, len, d.media_type, d.ok,
	                          d.pages, d.text, d.text_len, d.reason };
	ck_assert_int_eq(store_docfile_put(s, &f), 0);
	t0 = st_mtime(s, ITEM "/documents.txt");
	ck_assert_int_eq(store_docurl_ok(s, u1, d.digest, "\"e1\"", NULL), 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents/01-a.txt", &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "Source: https://example.org/a.pdf"));
	ck_assert_int_eq(st_render(s, ITEM "/documents/01-a.pdf", &b), 0);
	ck_assert_uint_eq(b.len, len);
	ck_assert_int_ge(st_mtime(s, ITEM "/documents.txt"), t0);
	ck_assert_str_eq(st_due_list(s, "2026-01-01", &b),
	                 "https://example.org/a.pdf ok etag\n"
	                 "https://example.org/b.pdf new\n");
	ck_assert_str_eq(st_due_list(s, "2026-02-01", &b),
	                 "https://example.org/b.pdf new\n");
	/* a 304: the same file, its validators kept */
	ck_assert_int_eq(store_docurl_ok(s, u1, NULL, "\"e2\"", NULL), 0);
	ck_assert_str_eq(st_due_list(s, "2026-01-01", &b),
	                 "https://example.org/a.pdf ok etag\n"
	                 "https://example.org/b.pdf new\n");

	/* b fails: recorded, shown, due again; its reason is checked */
	ck_assert_int_eq(store_docurl_failed(s, u2, "bad\nreason"), -EINVAL);
	ck_assert_int_eq(store_docurl_failed(s, u2, "HTTP 404 (not found)"),
	                 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents.txt", &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "B\thttps://example.org/b.pdf\n"
	                             "  Fetch failed: HTTP 404 (not found)\n"));
	ck_assert_int_eq(st_render(s, ITEM "/item.json", &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "\"fetch_error\": \"HTTP 404 "
	                             "(not found)\""));
	ck_assert_str_eq(st_due_list(s, "2026-02-01", &b),
	                 "https://example.org/b.pdf failed\n");
	/* the same failure again touches nothing */
	t0 = st_mtime(s, ITEM "/documents.txt");
	usleep(5000);
	ck_assert_int_eq(store_docurl_failed(s, u2, "HTTP 404 (not found)"),
	                 0);
	t1 = st_mtime(s, ITEM "/documents.txt");
	ck_assert_int_eq(t0, t1);
	/* then had: the failure is gone */
	ck_assert_int_eq(store_docurl_ok(s, u2, d.digest, NULL, NULL), 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents.txt", &b), 0);
	ck_assert_ptr_null(strstr(b.data, "Fetch failed"));
	ck_assert_int_eq(st_render(s, ITEM "/documents/02-b.txt", &b), 0);

	/* a failed fetch of a URL whose file is kept: the file stays */
	ck_assert_int_eq(store_docurl_failed(s, u1, "HTTP 500 (server error)"),
	                 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents/01-a.pdf", &b), 0);
	ck_assert_uint_eq(b.len, len);

	buf_free(&b);
	free(bytes);
	pdf_doc_free(&d);
	store_close(s);
	check_rmtree(dir);
}
END_TEST

START_TEST(store_retext)
{
	char dir[] = "/tmp/check_documents_st.XXXXXX";
	static const char digest[] =
		"2222222222222222222222222222222222222222222222222222222222222222";
	struct docfile_rec f = { digest, "%PDF-x", 6, "application/pdf", 0, 0,
	                         NULL, 0, "time limit (30 s) exceeded" };
	struct buf b = { 0 };
	int64_t item, doc;
	store *s;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = st_new(dir, &item);
	ck_assert_int_eq(store_docfile_put(s, &f), 0);
	ck_assert_int_eq(store_document_attach(s, item, "Slow", NULL, digest,
	                 &doc), 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents/01-slow.txt", &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "State: failed\n"));
	/* failing again changes nothing; text at last replaces the failure */
	ck_assert_int_eq(store_docfile_put(s, &f), 0);
	f.ok = 1;
	f.pages = 1;
	f.text = "at last";
	f.text_len = 7;
	ck_assert_int_eq(store_docfile_put(s, &f), 0);
	ck_assert_int_eq(st_render(s, ITEM "/documents/01-slow.txt", &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "State: ok\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "\n\nat last\n"));
	ck_assert_ptr_null(strstr(b.data, "Reason:"));
	buf_free(&b);
	store_close(s);
	check_rmtree(dir);
}
END_TEST

static Suite *documents_suite(void)
{
	Suite *su = suite_create("documents");
	TCase *tc = tcase_create("extract");

	tcase_add_unchecked_fixture(tc, fx_setup, fx_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, media_types);
	tcase_add_test(tc, digest_is_sha256);
	tcase_add_test(tc, report_text);
	tcase_add_test(tc, big_report);
	tcase_add_test(tc, hostile_files);
	tcase_add_test(tc, bomb_time_limit);
	tcase_add_test(tc, page_text_size_limits);
	tcase_add_test(tc, store_keep_attach_render);
	tcase_add_test(tc, store_refuses);
	tcase_add_test(tc, store_docurl_records);
	tcase_add_test(tc, store_retext);
	suite_add_tcase(su, tc);
	return su;
}

CHECK_MAIN(documents_suite)
