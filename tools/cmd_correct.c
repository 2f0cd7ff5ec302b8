/*
** cmd_correct.c — govctl rm, mv and log: corrections of records and the
** log that records them (store/correct.c does the work).
*/
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "govctl.h"
#include "store.h"
#include "write.h"

/* The record kind named by word (REC_*), or 0. */
static int correct_kind(const char *word)
{
	static const char *const names[] = {
		[REC_BOARD] = "board", [REC_MEETING] = "meeting",
		[REC_ITEM] = "item", [REC_ACTION] = "action",
		[REC_ISSUE] = "issue",
	};
	size_t i;

	for (i = 1; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(word, names[i]) == 0)
			return (int)i;
	return 0;
}

/* Print what a correction did (said), or its error: the exit status.
   Nothing to change is not an error. */
static int correct_done(store *s, int rc, struct buf *said)
{
	if (rc == -EALREADY) {
		printf("%s (unchanged)\n", store_errmsg(s));
		return EX_OK;
	}
	if (rc)
		return govctl_fail(s, rc);
	if (said->len)
		printf("%s\n", said->data);
	return EX_OK;
}

/* ---- rm --------------------------------------------------------------------- */

static const char usage_rm[] =
"usage: govctl rm [--recursive] [[KIND] REF]...\n"
"Remove records: boards, meetings, items, actions, issues.  REF is the\n"
"record's path in the tree (boards/B/meetings/D/items/I, actions/ID,\n"
"issues/SLUG) or, after a KIND (board, meeting, item, action, issue),\n"
"its id or slug.  A board with meetings or actions, or a meeting with\n"
"items, is refused unless --recursive (-r) removes what is in it too.\n"
"An item's actions stay, detached from it, unless --recursive.  All\n"
"the REFs are one transaction, each recorded in the log (govctl log).\n";

int cmd_rm(int argc, char **argv)
{
	VERB_OPTS({ "recursive", no_argument, NULL, 'r' },);
	struct buf said = { 0 }, all = { 0 };
	int c, rc = 0, kind = 0, recursive = 0, k, status = EX_OK;
	int64_t id;
	store *s;

	while ((c = getopt_long(argc, argv, "rh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': recursive = 1; break;
		case 'h': govctl_verb_help(usage_rm); break;
		default: govctl_usage("rm", "bad option");
		}
	}
	if (optind < argc && (kind = correct_kind(argv[optind])) != 0)
		optind++;
	if (optind >= argc)
		govctl_usage("rm", "expected the records to remove");
	s = govctl_open(STORE_RDWR);
	rc = store_begin(s);
	for (; rc == 0 && optind < argc; optind++) {
		/* a kind word applies to the references after it */
		if (optind + 1 < argc && correct_kind(argv[optind])) {
			kind = correct_kind(argv[optind]);
			continue;
		}
		k = kind;
		buf_reset(&said);
		rc = store_record_find(s, govctl_ref(argv[optind]), &k, &id);
		if (rc)
			break;
		switch (k) {
		case REC_BOARD:
			rc = store_board_rm(s, id, recursive, &said);
			break;
		case REC_MEETING:
			rc = store_meeting_rm(s, id, recursive, &said);
			break;
		case REC_ITEM:
			rc = store_item_rm(s, id, recursive, &said);
			break;
		case REC_ACTION:
			rc = store_action_rm(s, id, &said);
			break;
		default:
			rc = store_issue_rm(s, id, &said);
			break;
		}
		if (rc == 0 && said.len)
			buf_printf(&all, "%s\n", said.data);
	}
	if (rc) {
		status = govctl_fail(s, rc);
		store_rollback(s);
	} else if ((rc = store_commit(s)) != 0) {
		status = govctl_fail(s, rc);
		store_rollback(s);
	} else if (all.len) {
		fputs(all.data, stdout);   /* once it is done */
	}
	buf_free(&said);
	buf_free(&all);
	store_close(s);
	return status;
}

/* ---- mv --------------------------------------------------------------------- */

static const char usage_mv[] =
"usage: govctl mv [item] ITEM [--meeting MEETING] [--number N]\n"
"       govctl mv [meeting] MEETING [--board BOARD] [--date YYYY-MM-DD]\n"
"Move an item to another meeting or number, or a meeting to another\n"
"board or date.  References are paths in the tree or, after the word\n"
"item or meeting, ids.  A meeting moved to a date its board already has\n"
"is named DATE-2.  The actions of the items moved follow them (a line\n"
"in each action's history).  One transaction, recorded in govctl log.\n";

int cmd_mv(int argc, char **argv)
{
	VERB_OPTS({ "meeting", required_argument, NULL, 'm' },
	          { "number", required_argument, NULL, 'n' },
	          { "board", required_argument, NULL, 'b' },
	          { "date", required_argument, NULL, 'd' },);
	const char *meeting = NULL, *number = NULL, *board = NULL,
	           *date = NULL;
	struct buf said = { 0 };
	int64_t id, to = 0;
	int c, rc, kind = 0, status;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': meeting = govctl_ref(optarg); break;
		case 'n': number = optarg; break;
		case 'b': board = govctl_ref(optarg); break;
		case 'd': date = optarg; break;
		case 'h': govctl_verb_help(usage_mv); break;
		default: govctl_usage("mv", "bad option");
		}
	}
	if (optind < argc && (kind = correct_kind(argv[optind])) != 0) {
		if (kind != REC_ITEM && kind != REC_MEETING)
			govctl_usage("mv", "only items and meetings move (a board "
			             "is renamed: govctl board rename)");
		optind++;
	}
	if (optind + 1 != argc)
		govctl_usage("mv", "expected one item or meeting");
	if (!meeting && !number && !board && !date)
		govctl_usage("mv", "expected where to: --meeting, --number, "
		             "--board or --date");
	if ((meeting || number) && (board || date))
		govctl_usage("mv", "--meeting and --number move an item, "
		             "--board and --date a meeting");
	s = govctl_open(STORE_RDWR);
	rc = store_record_find(s, govctl_ref(argv[optind]), &kind, &id);
	if (rc == 0 && kind == REC_ITEM && (board || date)) {
		fprintf(stderr, "govctl mv: %s is an item: it moves with "
		        "--meeting or --number\n", argv[optind]);
		store_close(s);
		return EX_USAGE;
	}
	if (rc == 0 && kind == REC_MEETING && (meeting || number)) {
		fprintf(stderr, "govctl mv: %s is a meeting: it moves with "
		        "--board or --date\n", argv[optind]);
		store_close(s);
		return EX_USAGE;
	}
	if (rc == 0 && kind != REC_ITEM && kind != REC_MEETING) {
		fprintf(stderr, "govctl mv: %s is not an item or a meeting\n",
		        argv[optind]);
		store_close(s);
		return EX_DATAERR;
	}
	if (rc == 0 && meeting)
		rc = store_meeting_find(s, 0, meeting, &to);
	if (rc == 0 && board)
		rc = store_board_find(s, board, &to);
	if (rc == 0 && kind == REC_ITEM)
		rc = store_item_mv(s, id, to, number, &said);
	else if (rc == 0)
		rc = store_meeting_mv(s, id, to, date, &said);
	status = correct_done(s, rc, &said);
	buf_free(&said);
	store_close(s);
	return status;
}

/* ---- board rename / merge (cmd_board) -------------------------------------- */

int govctl_board_rename(const char *old, const char *slug, const char *name)
{
	struct buf said = { 0 };
	int64_t id;
	int rc, status;
	store *s = govctl_open(STORE_RDWR);

	rc = store_board_find(s, govctl_ref(old), &id);
	if (rc == 0)
		rc = store_board_rename(s, id, slug, name, &said);
	status = correct_done(s, rc, &said);
	buf_free(&said);
	store_close(s);
	return status;
}

int govctl_board_merge(const char *from, const char *into)
{
	struct buf said = { 0 };
	int64_t f, t;
	int rc, status;
	store *s = govctl_open(STORE_RDWR);

	rc = store_board_find(s, govctl_ref(from), &f);
	if (rc == 0)
		rc = store_board_find(s, govctl_ref(into), &t);
	if (rc == 0)
		rc = store_board_merge(s, f, t, &said);
	status = correct_done(s, rc, &said);
	buf_free(&said);
	store_close(s);
	return status;
}

/* ---- log -------------------------------------------------------------------- */

static const char usage_log[] =
"usage: govctl log [--json]\n"
"The corrections made to the database (rm, mv, board rename, board\n"
"merge), oldest first: time, verb, kind, the record's path before and\n"
"after (empty when removed), and what else was done.\n";

int cmd_log(int argc, char **argv)
{
	VERB_OPTS({ "json", no_argument, NULL, 'j' },);
	static const char *const cols[] = { "at", "verb", "kind", "old", "new",
	                                    "detail", NULL };
	struct out_ctx o = { 0, NULL, cols };
	int c, rc;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = 1; break;
		case 'h': govctl_verb_help(usage_log); break;
		default: govctl_usage("log", "bad option");
		}
	}
	if (optind != argc)
		govctl_usage("log", "expected no arguments");
	s = govctl_open(STORE_RDONLY);
	o.arr = json_array();
	rc = govctl_out_list(s, &o, "corrections",
	                     store_list_corrections(s, govctl_out_row, &o));
	store_close(s);
	return rc;
}
