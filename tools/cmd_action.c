/*
** cmd_action.c — govctl action: add, set and list actions.
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

/* ---- action ---------------------------------------------------------------------- */

static const char usage_action[] =
"usage: govctl action add (--item REF | --board B) --text TEXT\n"
"                         [--owner O] [--due YYYY-MM-DD] [--rag RAG]\n"
"                         [--resolution LABEL] [--note TEXT]\n"
"       govctl action set ID [--status S] [--owner O] [--due DATE]\n"
"                         [--rag RAG] [--progress 0-100] [--text T]\n"
"                         [--note TEXT]\n"
"       govctl action list [--status S] [--overdue] [--board B]\n"
"                          [--format text|tsv|csv|json] [--json]\n"
"Record an action, change it (every change adds a dated history entry),\n"
"or list actions.  REF and ID are paths in the tree or numbers.\n"
"Status: open, in_progress, done, deferred, dropped.  RAG: red, amber,\n"
"green, blue.\n";

static int action_add(store *s, struct action_rec *a, const char *item,
                      const char *board, const char *label)
{
	struct buf path = { 0 };
	int64_t id;
	int rc = 0;

	if (item)
		rc = store_item_find(s, item, &a->item_id);
	else if (board)
		rc = store_board_find(s, board, &a->board_id);
	if (rc == 0 && label) {
		if (!a->item_id)
			return fprintf(stderr, "govctl: --resolution needs "
			               "--item\n"), EX_USAGE;
		rc = store_resolution_find(s, a->item_id, label,
		                           &a->resolution_id);
	}
	if (rc == 0)
		rc = store_action_add(s, a, &id);
	if (rc)
		return govctl_fail(s, rc);
	store_node_path(s, NODE_INO(NK_ACTION, id), &path);
	printf("%s\n", path.data);
	buf_free(&path);
	return EX_OK;
}

int cmd_action(int argc, char **argv)
{
	VERB_OPTS({ "item", required_argument, NULL, 'i' },
	          { "board", required_argument, NULL, 'b' },
	          { "text", required_argument, NULL, 't' },
	          { "owner", required_argument, NULL, 'o' },
	          { "due", required_argument, NULL, 'd' },
	          { "rag", required_argument, NULL, 'r' },
	          { "resolution", required_argument, NULL, 'R' },
	          { "status", required_argument, NULL, 's' },
	          { "progress", required_argument, NULL, 'p' },
	          { "note", required_argument, NULL, 'N' },
	          { "overdue", no_argument, NULL, 'O' },
	          { "format", required_argument, NULL, 'f' },
	          { "json", no_argument, NULL, 'j' },);
	const char *item = NULL, *board = NULL, *label = NULL,
	           *format = "text";
	struct action_rec a = { 0 };
	struct action_change ch = { .progress = -1 };
	struct action_filter f = { 0 };
	const char *verb;
	int c, rc;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'i': item = govctl_ref(optarg); break;
		case 'b': board = govctl_ref(optarg); break;
		case 't': a.text = ch.text = optarg; break;
		case 'o': a.owner = ch.owner = optarg; break;
		case 'd': a.due = ch.due = optarg; break;
		case 'r': a.rag = ch.rag = optarg; break;
		case 'R': label = optarg; break;
		case 's': a.status = ch.status = f.status = optarg; break;
		case 'p':
			a.progress = ch.progress = govctl_int("action", "progress",
			                                     optarg, 0, 100);
			break;
		case 'N': a.note = ch.note = optarg; break;
		case 'O': f.overdue = 1; break;
		case 'f': format = optarg; break;
		case 'j': format = "json"; break;
		case 'h': govctl_verb_help(usage_action); break;
		default: govctl_usage("action", "bad option");
		}
	}
	if (optind >= argc)
		govctl_usage("action", "expected add, set or list");
	verb = argv[optind];
	if (strcmp(verb, "add") == 0) {
		if (optind + 1 != argc)
			govctl_usage("action", "add takes options only");
		if (!a.text || (!item && !board))
			govctl_usage("action", "add needs --text and --item or "
			          "--board");
		s = govctl_open(STORE_RDWR);
		rc = action_add(s, &a, item, board, label);
	} else if (strcmp(verb, "set") == 0) {
		int64_t id;

		if (optind + 2 != argc)
			govctl_usage("action", "set takes one action ID");
		s = govctl_open(STORE_RDWR);
		rc = store_action_find(s, govctl_ref(argv[optind + 1]), &id);
		if (rc == 0)
			rc = store_action_set(s, id, &ch);
		rc = rc ? govctl_fail(s, rc) : EX_OK;
	} else if (strcmp(verb, "list") == 0) {
		static const char *const cols[] = { "id", "status", "due",
		                                    "owner", "board", "text",
		                                    NULL };
		struct out_ctx o = { strcmp(format, "json") == 0, NULL, cols };

		if (optind + 1 != argc)
			govctl_usage("action", "list takes options only");
		if (f.status && !store_valid_status(f.status))
			govctl_usage("action", "unknown --status");
		s = govctl_open(STORE_RDONLY);
		rc = board ? store_board_find(s, board, &f.board_id) : 0;
		if (rc == 0 && (strcmp(format, "tsv") == 0 ||
		                strcmp(format, "csv") == 0)) {
			struct buf b = { 0 };

			rc = store_actions_table(s, &f, format, &b);
			if (rc == 0)
				fwrite(b.data, 1, b.len, stdout);
			buf_free(&b);
			rc = rc ? govctl_fail(s, rc) : EX_OK;
		} else if (rc == 0 && (o.json || strcmp(format, "text") == 0)) {
			o.arr = json_array();
			rc = govctl_out_list(s, &o, "actions",
			              store_list_actions(s, &f, govctl_out_row, &o));
		} else if (rc == 0) {
			store_close(s);
			govctl_usage("action", "--format is text, tsv, csv or json");
		} else {
			rc = govctl_fail(s, rc);
		}
	} else {
		govctl_usage("action", "expected add, set or list");
		return EX_USAGE;
	}
	store_close(s);
	return rc;
}
