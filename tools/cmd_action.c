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
"                         [--owner O] [--due DATE] [--rag RAG]\n"
"                         [--resolution LABEL] [--note TEXT]\n"
"       govctl action set ID [--status S] [--owner O] [--due DATE]\n"
"                         [--rag RAG] [--progress 0-100] [--text T]\n"
"                         [--note TEXT]\n"
"       govctl action show ID [--json]\n"
"       govctl action list [--status S] [--overdue] [--board B]\n"
"                          [--owner NAME] [--due-before DATE]\n"
"                          [--format text|tsv|csv|json] [--json] [--bom]\n"
"Record an action, change it (every change adds a dated history entry),\n"
"print one (its action.txt, or action.json with --json), or list actions.\n"
"REF and ID are paths in the tree or numbers.  set needs at least one\n"
"change.  DATE is YYYY-MM-DD or DD/MM/YYYY.\n"
"Status: open, in_progress, done, deferred, dropped (list --status open\n"
"includes in_progress).  RAG: red, amber, green, blue.\n"
"list filters: --owner NAME, owners containing NAME in any case;\n"
"--due-before DATE, due strictly before DATE; --overdue, open and past\n"
"due.  --bom starts tsv or csv output with a UTF-8 byte order mark, for\n"
"spreadsheets such as Excel that need it to read UTF-8.\n";

/* Add the action a (to item or board; label: the item's resolution) and
   print its path.  Returns the exit status. */
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
			govctl_usage("action", "--resolution needs --item");
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

/* Print the action ref's action.txt (json: action.json) as the tree
   shows it, through the store's renderer.  Returns the exit status. */
static int action_show(store *s, const char *ref, int json)
{
	struct buf path = { 0 }, b = { 0 };
	struct node_attr a;
	int64_t id;
	int rc;

	rc = store_action_find(s, ref, &id);
	if (rc == 0)
		rc = store_node_path(s, NODE_INO(NK_ACTION, id), &path);
	if (rc == 0) {
		buf_puts(&path, json ? "/action.json" : "/action.txt");
		rc = store_resolve(s, path.data, &a);
	}
	if (rc == 0)
		rc = store_render(s, a.ino, &b);
	if (rc == 0)
		fwrite(b.data ? b.data : "", 1, b.len, stdout);
	rc = rc ? govctl_fail(s, rc) : EX_OK;
	buf_free(&path);
	buf_free(&b);
	return rc;
}

/* List the actions f selects in format (text, tsv, csv, json); bom: a
   UTF-8 byte order mark first (tsv, csv).  Returns the exit status. */
static int action_list(store *s, struct action_filter *f, const char *board,
                       const char *format, int bom)
{
	static const char *const cols[] = { "id", "status", "due", "owner",
	                                    "board", "text", NULL };
	struct out_ctx o = { strcmp(format, "json") == 0, NULL, cols };
	struct buf b = { 0 };
	int rc;

	rc = board ? store_board_find(s, board, &f->board_id) : 0;
	if (rc)
		return govctl_fail(s, rc);
	if (strcmp(format, "tsv") == 0 || strcmp(format, "csv") == 0) {
		if (bom)
			buf_puts(&b, "\xEF\xBB\xBF");
		rc = store_actions_table(s, f, format, &b);
		if (rc == 0)
			fwrite(b.data, 1, b.len, stdout);
		buf_free(&b);
		return rc ? govctl_fail(s, rc) : EX_OK;
	}
	o.arr = json_array();
	return govctl_out_list(s, &o, "actions",
	                       store_list_actions(s, f, govctl_out_row, &o));
}

int cmd_action(int argc, char **argv)
{
	VERB_OPTS({ "item", required_argument, NULL, 'i' },
	          { "board", required_argument, NULL, 'b' },
	          { "text", required_argument, NULL, 't' },
	          { "owner", required_argument, NULL, 'o' },
	          { "due", required_argument, NULL, 'd' },
	          { "due-before", required_argument, NULL, 'D' },
	          { "rag", required_argument, NULL, 'r' },
	          { "resolution", required_argument, NULL, 'R' },
	          { "status", required_argument, NULL, 's' },
	          { "progress", required_argument, NULL, 'p' },
	          { "note", required_argument, NULL, 'N' },
	          { "overdue", no_argument, NULL, 'O' },
	          { "format", required_argument, NULL, 'f' },
	          { "json", no_argument, NULL, 'j' },
	          { "bom", no_argument, NULL, 'B' },);
	static const char *const formats[] = { "text", "tsv", "csv", "json",
	                                       NULL };
	const char *item = NULL, *board = NULL, *label = NULL,
	           *format = "text";
	struct action_rec a = { 0 };
	struct action_change ch = { .progress = -1 };
	struct action_filter f = { 0 };
	char due[11], before[11];
	const char *verb;
	int c, rc, bom = 0, nset = 0;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		nset += strchr("todrspN", c) != NULL;
		switch (c) {
		case 'i': item = govctl_ref(optarg); break;
		case 'b': board = govctl_ref(optarg); break;
		case 't': a.text = ch.text = optarg; break;
		case 'o': a.owner = ch.owner = f.owner = optarg; break;
		case 'd':
			a.due = ch.due = *optarg ? govctl_date("action", "--due",
			                                       optarg, due) : "";
			break;
		case 'D':
			f.due_before = govctl_date("action", "--due-before",
			                           optarg, before);
			break;
		case 'r':
			if (*optarg && !store_valid_rag(optarg))
				govctl_bad_choice("action", "--rag", optarg,
				                  store_rags);
			a.rag = ch.rag = optarg;
			break;
		case 'R': label = optarg; break;
		case 's':
			if (!store_valid_status(optarg))
				govctl_bad_choice("action", "--status", optarg,
				                  store_statuses);
			a.status = ch.status = f.status = optarg;
			break;
		case 'p':
			a.progress = ch.progress = govctl_int("action", "progress",
			                                     optarg, 0, 100);
			break;
		case 'N': a.note = ch.note = optarg; break;
		case 'O': f.overdue = 1; break;
		case 'f':
			for (rc = 0; formats[rc] && strcmp(formats[rc], optarg);
			     rc++)
				;
			if (!formats[rc])
				govctl_bad_choice("action", "--format", optarg,
				                  formats);
			format = optarg;
			break;
		case 'j': format = "json"; break;
		case 'B': bom = 1; break;
		case 'h': govctl_verb_help(usage_action); break;
		default: govctl_bad_option("action", argv);
		}
	}
	if (optind >= argc)
		govctl_usage("action", "expected add, set, show or list");
	verb = argv[optind];
	if (strcmp(verb, "add") == 0) {
		if (optind + 1 != argc)
			govctl_usage("action", "add takes options only");
		if (!a.text || (!item && !board))
			govctl_usage("action", "add needs --text and --item or "
			          "--board");
		if (label && !item)
			govctl_usage("action", "--resolution needs --item");
		s = govctl_open(STORE_RDWR);
		rc = action_add(s, &a, item, board, label);
	} else if (strcmp(verb, "set") == 0) {
		int64_t id;

		if (optind + 2 != argc)
			govctl_usage("action", "set takes one action ID");
		if (nset == 0)
			govctl_usage("action", "set needs something to change: "
			             "--status, --owner, --due, --rag, --progress, "
			             "--text or --note");
		s = govctl_open(STORE_RDWR);
		rc = store_action_find(s, govctl_ref(argv[optind + 1]), &id);
		if (rc == 0)
			rc = store_action_set(s, id, &ch);
		rc = rc ? govctl_fail(s, rc) : EX_OK;
	} else if (strcmp(verb, "show") == 0) {
		if (optind + 2 != argc)
			govctl_usage("action", "show takes one action ID");
		s = govctl_open(STORE_RDONLY);
		rc = action_show(s, govctl_ref(argv[optind + 1]),
		                 strcmp(format, "json") == 0);
	} else if (strcmp(verb, "list") == 0) {
		if (optind + 1 != argc)
			govctl_usage("action", "list takes options only");
		if (bom && strcmp(format, "tsv") != 0 &&
		    strcmp(format, "csv") != 0)
			govctl_usage("action", "--bom applies to --format csv "
			             "or tsv");
		s = govctl_open(STORE_RDONLY);
		rc = action_list(s, &f, board, format, bom);
	} else {
		govctl_usage("action", "expected add, set, show or list");
		return EX_USAGE;
	}
	store_close(s);
	return rc;
}
