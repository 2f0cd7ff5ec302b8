/*
** cmd_document.c — govctl document: attach a local file to an item as a
** supporting document.  The text is extracted (import/pdf.c) before the
** database is opened for writing, so the write transaction stays short.
*/
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "document.h"
#include "govctl.h"
#include "pdf.h"
#include "readahead.h"
#include "write.h"

static const char usage_document[] =
"usage: govctl document add ITEM FILE [--title TITLE] [--url URL]\n"
"Attach FILE (a PDF report, say) to ITEM as a supporting document: its\n"
"bytes are kept once per SHA-256 digest and its text extracted, page\n"
"breaks as form feeds.  The item's documents/ folder then holds\n"
"NN-TITLE.txt (the text) and NN-TITLE.pdf (the original).  With --url,\n"
"the item's document of that URL gets the file, else a new one is added\n"
"(TITLE defaults to FILE's name without its extension).  A file whose\n"
"text cannot be extracted (encrypted, broken, not a PDF, over the limits)\n"
"is still kept, with the reason: a warning, exit status 0.\n"
"Limits: 64 MiB per file, 2000 pages, 30 s (GOVCTL_EXTRACT_SECONDS).\n";

/* The default title: FILE's base name without its extension. */
static char *document_title(const char *file)
{
	char *copy = strdup(file), *base, *dot, *t;

	if (!copy)
		return NULL;
	base = basename(copy);
	dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	t = strdup(base);
	free(copy);
	return t;
}

static int document_add(const char *ref, const char *file, const char *title,
                        const char *url)
{
	struct pdf_doc d = { 0 };
	struct docfile_rec f = { 0 };
	struct buf path = { 0 };
	char *bytes = NULL, *msg = NULL, *deftitle = NULL;
	size_t len = 0;
	int64_t item = 0, doc = 0;
	store *s = NULL;
	int rc;

	rc = import_read_file(file, PDF_MAX_BYTES, &bytes, &len, &msg);
	if (rc) {
		fprintf(stderr, "govctl: %s\n", msg ? msg : strerror(-rc));
		free(msg);
		return rc == -EFBIG ? EX_DATAERR : EX_NOINPUT;
	}
	rc = pdf_extract(bytes, len, NULL, &d);
	if (rc) {
		fprintf(stderr, "govctl: %s: %s\n", file, strerror(-rc));
		rc = EX_OSERR;
		goto out;
	}
	if (!title && !(title = deftitle = document_title(file))) {
		rc = EX_OSERR;
		goto out;
	}
	f.digest = d.digest;
	f.bytes = bytes;
	f.size = len;
	f.media_type = d.media_type;
	f.ok = d.ok;
	f.pages = d.pages;
	f.text = d.text;
	f.text_len = d.text_len;
	f.reason = d.reason;
	s = govctl_open(STORE_RDWR);
	rc = store_begin(s);
	if (rc == 0)
		rc = store_item_find(s, govctl_ref(ref), &item);
	if (rc == 0)
		rc = store_docfile_put(s, &f);
	if (rc == 0)
		rc = store_document_attach(s, item, title, url, d.digest, &doc);
	if (rc == 0)
		rc = store_commit(s);
	if (rc) {
		store_rollback(s);
		rc = govctl_fail(s, rc);
		goto out;
	}
	if (store_node_path(s, NODE_INO(NK_DOCUMENT_TXT, doc), &path) == 0)
		printf("%s\n", path.data);
	if (!d.ok)
		fprintf(stderr, "govctl: warning: %s: no text extracted: %s"
		        " (the file is kept, the reason recorded)\n", file,
		        d.reason);
	rc = EX_OK;
out:
	buf_free(&path);
	pdf_doc_free(&d);
	free(deftitle);
	free(bytes);
	if (s)
		store_close(s);
	return rc;
}

int cmd_document(int argc, char **argv)
{
	VERB_OPTS({ "title", required_argument, NULL, 't' },
	          { "url", required_argument, NULL, 'u' },);
	const char *title = NULL, *url = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': title = optarg; break;
		case 'u': url = optarg; break;
		case 'h': govctl_verb_help(usage_document); break;
		default: govctl_usage("document", "bad option");
		}
	}
	if (optind + 3 != argc || strcmp(argv[optind], "add") != 0)
		govctl_usage("document", "expected add ITEM FILE");
	return document_add(argv[optind + 1], argv[optind + 2], title, url);
}
