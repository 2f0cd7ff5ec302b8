/*
** cmd_read.c — govctl show, search and export: the tree as the mount
** shows it, through the store's one renderer.
*/
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "govctl.h"
#include "store.h"
#include "write.h"

/* ---- show, search, export ------------------------------------------------------------ */

static const char usage_show[] =
"usage: govctl show PATH\n"
"Print what the mounted tree shows at PATH (relative to its root): a\n"
"file's exact bytes, or a folder's names one per line.  Links are\n"
"followed.\n";

static int show_entry(void *ctx, const char *name, const struct node_attr *a)
{
	(void)ctx;
	printf("%s%s\n", name, a->type == NT_DIR ? "/" : "");
	return 0;
}

int cmd_show(int argc, char **argv)
{
	VERB_OPTS();
	struct node_attr a;
	struct buf b = { 0 };
	int c, rc;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? govctl_verb_help(usage_show) : govctl_bad_option("show", argv);
	if (optind + 1 != argc)
		govctl_usage("show", "expected one PATH");
	s = govctl_open(STORE_RDONLY);
	rc = store_resolve(s, govctl_ref(argv[optind]), &a);
	if (rc == 0 && a.type == NT_DIR)
		rc = store_readdir(s, a.ino, show_entry, NULL);
	else if (rc == 0)
		rc = store_render(s, a.ino, &b);
	if (rc == 0)
		fwrite(b.data ? b.data : "", 1, b.len, stdout);
	else
		fprintf(stderr, "govctl: %s: %s\n", argv[optind],
		        rc == -ENOENT ? "no such file or folder in the tree"
		                      : strerror(-rc));
	buf_free(&b);
	store_close(s);
	return rc ? govctl_exit_code(rc) : EX_OK;
}

static const char usage_search[] =
"usage: govctl search [--limit N] [--paths | --json] WORDS...\n"
"Full-text search of item titles, minutes and decisions, then of the\n"
"text of their supporting documents, best first: each matching item's\n"
"path, then, indented, its sentence with the most of the words (cut to\n"
"40 words), the words found marked [thus] (in bold on a terminal).  An\n"
"item found by a document alone is followed by a tab, that document's\n"
"text (documents/NN-TITLE.txt) and the page where the first word occurs\n"
"(\"page N\"), and no sentence.  --paths prints these first lines only;\n"
"--json a document with each item's id, path, snippet (marked with\n"
"[ ]; null for a document's item), and document and page.  --limit N:\n"
"N items at most (default 100).\n";

/* A store_hit_fn: the hit into the array ctx (the store is not used
   during the search; snippets are made after it). */
static int search_hit(void *ctx, const struct search_hit_info *h)
{
	json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)h->item_id,
	                      "path", h->path);

	if (o && h->doc) {
		json_object_set_new(o, "document", json_string(h->doc));
		json_object_set_new(o, "page", json_integer(h->page));
	}
	return o && json_array_append_new(ctx, o) == 0 ? 0 : -ENOMEM;
}

/* Print the hits (or add their snippets, json): marks open and close
   around the words found; paths: no snippets.  0 or a negative errno. */
static int search_print(store *s, const char *words, json_t *hits,
                        int json, int paths, const char *open,
                        const char *close)
{
	struct buf snip = { 0 };
	json_t *o;
	size_t i;
	int rc = 0;

	json_array_foreach(hits, i, o) {
		json_t *doc = json_object_get(o, "document");

		buf_reset(&snip);
		rc = paths || doc ? -ENOENT : store_search_snippet(s, words,
		     json_integer_value(json_object_get(o, "id")), open, close,
		     &snip);
		if (rc && rc != -ENOENT)
			break;
		rc = 0;
		if (json) {
			json_object_set_new(o, "snippet", snip.len ?
			                    json_string(snip.data) : json_null());
			continue;
		}
		fputs(json_string_value(json_object_get(o, "path")), stdout);
		if (doc)
			printf("\t%s page %" JSON_INTEGER_FORMAT,
			       json_string_value(doc), json_integer_value(
			       json_object_get(o, "page")));
		putchar('\n');
		if (snip.len)
			printf("    %s\n", snip.data);
	}
	buf_free(&snip);
	return rc;
}

int cmd_search(int argc, char **argv)
{
	VERB_OPTS({ "limit", required_argument, NULL, 'l' },
	          { "json", no_argument, NULL, 'j' },
	          { "paths", no_argument, NULL, 'p' },);
	const char *open = "[", *close = "]";
	struct buf words = { 0 };
	int limit = 100, json = 0, paths = 0, c, rc, i;
	json_t *hits;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': limit = govctl_int("search", "limit", optarg, 1,
		                            100000); break;
		case 'j': json = 1; break;
		case 'p': paths = 1; break;
		case 'h': govctl_verb_help(usage_search); break;
		default: govctl_bad_option("search", argv);
		}
	}
	if (optind >= argc)
		govctl_usage("search", "no words given");
	if (json && paths)
		govctl_usage("search", "--paths and --json: choose one");
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_putc(&words, ' ');
		buf_puts(&words, argv[i]);
	}
	if (!json && isatty(1))
		open = "\033[1m", close = "\033[0m";
	s = govctl_open(STORE_RDONLY);
	hits = json_array();
	rc = hits ? store_search_hits(s, words.data, limit, search_hit, hits)
	          : -ENOMEM;
	if (rc == 0)
		rc = search_print(s, words.data, hits, json, paths, open, close);
	if (rc == 0 && json) {
		json_t *doc = json_pack("{s:i, s:s, s:O}", "format", STORE_FORMAT,
		                        "query", words.data, "items", hits);
		govctl_print_json(doc);
		json_decref(doc);
	}
	json_decref(hits);
	rc = rc ? govctl_fail(s, rc) : EX_OK;
	buf_free(&words);
	store_close(s);
	return rc;
}

static const char usage_export[] =
"usage: govctl export DIR\n"
"Write the whole tree as govfs mounts it under DIR as plain files,\n"
"folders and relative symlinks (search/ is written empty: it answers\n"
"queries only when mounted).  DIR must be missing or empty.\n"
"diff -r --no-dereference against a mount shows nothing.\n";

int cmd_export(int argc, char **argv)
{
	VERB_OPTS();
	struct export_counts n = { 0 };
	int c, rc;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? govctl_verb_help(usage_export)
		         : govctl_bad_option("export", argv);
	if (optind + 1 != argc)
		govctl_usage("export", "expected one DIR");
	s = govctl_open(STORE_RDONLY);
	rc = store_export(s, argv[optind], &n);
	if (rc == 0)
		fprintf(stderr, "%s: %" PRId64 " folders, %" PRId64 " files, %"
		        PRId64 " links, %" PRId64 " bytes\n", argv[optind],
		        n.dirs, n.files, n.links, n.bytes);
	rc = rc ? govctl_fail(s, rc) : EX_OK;
	store_close(s);
	return rc;
}
