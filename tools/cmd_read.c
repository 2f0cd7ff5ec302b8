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
		c == 'h' ? govctl_verb_help(usage_show) : govctl_usage("show", "bad option");
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
"usage: govctl search [--limit N] [--json] WORDS...\n"
"Full-text search of item titles, minutes and decisions, then of the\n"
"text of their supporting documents; prints the matching items' paths,\n"
"best first.  An item found by a document alone is followed by a tab,\n"
"that document's text (documents/NN-TITLE.txt) and the page where the\n"
"first word occurs (\"page N\").\n";

struct search_ctx { store *s; json_t *arr; };

static int search_hit(void *ctx, const struct search_hit_info *h)
{
	struct search_ctx *c = ctx;
	json_t *o;

	if (!c->arr) {
		if (h->doc)
			printf("%s\t%s page %d\n", h->path, h->doc, h->page);
		else
			printf("%s\n", h->path);
		return 0;
	}
	o = json_pack("{s:I, s:s}", "id", (json_int_t)h->item_id, "path",
	              h->path);
	if (o && h->doc) {
		json_object_set_new(o, "document", json_string(h->doc));
		json_object_set_new(o, "page", json_integer(h->page));
	}
	json_array_append_new(c->arr, o);
	return 0;
}

int cmd_search(int argc, char **argv)
{
	VERB_OPTS({ "limit", required_argument, NULL, 'l' },
	          { "json", no_argument, NULL, 'j' },);
	struct search_ctx sc = { 0 };
	struct buf words = { 0 };
	int limit = 100, json = 0, c, rc, i;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': limit = govctl_int("search", "limit", optarg, 1,
		                            100000); break;
		case 'j': json = 1; break;
		case 'h': govctl_verb_help(usage_search); break;
		default: govctl_usage("search", "bad option");
		}
	}
	if (optind >= argc)
		govctl_usage("search", "no words given");
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_putc(&words, ' ');
		buf_puts(&words, argv[i]);
	}
	sc.s = govctl_open(STORE_RDONLY);
	sc.arr = json ? json_array() : NULL;
	rc = store_search_hits(sc.s, words.data, limit, search_hit, &sc);
	if (rc == 0 && json) {
		json_t *doc = json_pack("{s:i, s:s, s:o}", "format", STORE_FORMAT,
		                        "query", words.data, "items", sc.arr);
		govctl_print_json(doc);
		json_decref(doc);
	}
	rc = rc ? govctl_fail(sc.s, rc) : EX_OK;
	buf_free(&words);
	store_close(sc.s);
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
		         : govctl_usage("export", "bad option");
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
