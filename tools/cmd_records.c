/*
** cmd_records.c — govctl init, board, meeting, item and plan: the records
** a user adds by hand.
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
#include "minutes.h"
#include "readahead.h"
#include "store.h"
#include "write.h"

/* ---- init ------------------------------------------------------------------ */

static const char usage_init[] =
"usage: govctl init\n"
"Create the database (mode 0600) or upgrade its schema.\n";

int cmd_init(int argc, char **argv)
{
	VERB_OPTS();
	store *s;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? govctl_verb_help(usage_init) : govctl_bad_option("init", argv);
	if (optind != argc)
		govctl_usage("init", "no arguments expected");
	if (govctl_mkdir_parents(govctl_db_path()) != 0) {
		fprintf(stderr, "govctl: %s: %s\n", govctl_db_path(), strerror(errno));
		return EX_CANTCREAT;
	}
	s = govctl_open(STORE_RDWR | STORE_CREATE);
	printf("%s: govfs database, schema %d\n", govctl_db_path(), STORE_SCHEMA);
	store_close(s);
	return EX_OK;
}

/* ---- board ------------------------------------------------------------------ */

static const char usage_board[] =
"usage: govctl board add SLUG --name NAME [--council NAME] [--kind KIND]\n"
"                        [--remit TEXT]\n"
"       govctl board list [--json]\n"
"       govctl board rename BOARD NEW-SLUG [--name NAME]\n"
"       govctl board merge FROM INTO\n"
"Add a board, or list the boards.  SLUG is the board's folder name:\n"
"lowercase letters, digits and dashes.  KIND: cabinet, scrutiny,\n"
"improvement board, panel, committee (the default), ...\n"
"rename gives a board a new folder name (and, with --name, a new name);\n"
"merge moves FROM's meetings and actions to INTO and removes FROM (a\n"
"meeting on a date INTO has too joins it, unless item numbers clash:\n"
"then it is named DATE-2).  Both are recorded in govctl log.\n";

int cmd_board(int argc, char **argv)
{
	VERB_OPTS({ "name", required_argument, NULL, 'n' },
	          { "council", required_argument, NULL, 'c' },
	          { "kind", required_argument, NULL, 'k' },
	          { "remit", required_argument, NULL, 'r' },
	          { "json", no_argument, NULL, 'j' },);
	static const char *const cols[] = { "board", "name", "council", "kind",
	                                    "meetings", NULL };
	struct board_rec b = { 0 };
	struct out_ctx o = { 0, NULL, cols };
	store *s;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': b.name = optarg; break;
		case 'c': b.council = optarg; break;
		case 'k': b.kind = optarg; break;
		case 'r': b.remit = optarg; break;
		case 'j': o.json = 1; break;
		case 'h': govctl_verb_help(usage_board); break;
		default: govctl_bad_option("board", argv);
		}
	}
	if (optind >= argc)
		govctl_usage("board", "expected add, list, rename or merge");
	if (strcmp(argv[optind], "list") == 0) {
		s = govctl_open(STORE_RDONLY);
		o.arr = json_array();
		rc = govctl_out_list(s, &o, "boards", store_list_boards(s, govctl_out_row, &o));
		store_close(s);
		return rc;
	}
	if (strcmp(argv[optind], "rename") == 0) {
		if (optind + 3 != argc)
			govctl_usage("board", "expected rename BOARD NEW-SLUG");
		return govctl_board_rename(argv[optind + 1], argv[optind + 2],
		                           b.name);
	}
	if (strcmp(argv[optind], "merge") == 0) {
		if (optind + 3 != argc)
			govctl_usage("board", "expected merge FROM INTO");
		return govctl_board_merge(argv[optind + 1], argv[optind + 2]);
	}
	if (strcmp(argv[optind], "add") != 0 || optind + 2 != argc)
		govctl_usage("board", "expected add SLUG, list, rename or merge");
	b.slug = argv[optind + 1];
	if (!b.name)
		govctl_usage("board", "--name is required");
	s = govctl_open(STORE_RDWR);
	rc = store_board_add(s, &b, NULL);
	if (rc == 0)
		printf("boards/%s\n", b.slug);
	rc = rc ? govctl_fail(s, rc) : EX_OK;
	store_close(s);
	return rc;
}

/* ---- meeting ----------------------------------------------------------------- */

static const char usage_meeting[] =
"usage: govctl meeting add BOARD DATE [--time T] [--location L]\n"
"                          [--status S]\n"
"       govctl meeting list [BOARD] [--json]\n"
"Add a meeting of a board on DATE, YYYY-MM-DD or DD/MM/YYYY (a second\n"
"one on the same day is named YYYY-MM-DD-2), or list meetings in date\n"
"order.  --status is free text, such as Cancelled.\n";

int cmd_meeting(int argc, char **argv)
{
	VERB_OPTS({ "time", required_argument, NULL, 't' },
	          { "location", required_argument, NULL, 'l' },
	          { "status", required_argument, NULL, 's' },
	          { "json", no_argument, NULL, 'j' },);
	static const char *const cols[] = { "date", "board", "time", "status",
	                                    "items", "path", NULL };
	struct meeting_rec m = { 0 };
	struct out_ctx o = { 0, NULL, cols };
	int64_t board = 0, id;
	char date[11];
	struct buf path = { 0 };
	store *s;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': m.time = optarg; break;
		case 'l': m.location = optarg; break;
		case 's': m.status = optarg; break;
		case 'j': o.json = 1; break;
		case 'h': govctl_verb_help(usage_meeting); break;
		default: govctl_bad_option("meeting", argv);
		}
	}
	if (optind >= argc)
		govctl_usage("meeting", "expected add or list");
	if (strcmp(argv[optind], "list") == 0) {
		if (optind + 2 < argc)
			govctl_usage("meeting", "list takes one board at most");
		s = govctl_open(STORE_RDONLY);
		rc = optind + 1 < argc ? store_board_find(s,
		                                          govctl_ref(argv[optind + 1]),
		                                          &board) : 0;
		o.arr = json_array();
		if (rc == 0)
			rc = store_list_meetings(s, board, govctl_out_row, &o);
		rc = govctl_out_list(s, &o, "meetings", rc);
		store_close(s);
		return rc;
	}
	if (strcmp(argv[optind], "add") != 0 || optind + 3 != argc)
		govctl_usage("meeting", "expected add BOARD DATE or list");
	m.date = govctl_date("meeting", "date", argv[optind + 2], date);
	s = govctl_open(STORE_RDWR);
	rc = store_board_find(s, govctl_ref(argv[optind + 1]), &board);
	m.board_id = board;
	if (rc == 0)
		rc = store_meeting_add(s, &m, &id);
	if (rc == 0 && store_node_path(s, NODE_INO(NK_MEETING, id), &path) == 0)
		printf("%s\n", path.data);
	buf_free(&path);
	rc = rc ? govctl_fail(s, rc) : EX_OK;
	store_close(s);
	return rc;
}

/* ---- item --------------------------------------------------------------------- */

/* Read a whole file (at most max bytes) into *out.  0 or -errno, with a
   message naming the file on stderr. */
static int read_file(const char *path, size_t max, char **out, size_t *len)
{
	char *msg = NULL;
	int rc;

	rc = import_read_file(path, max, out, len, &msg);
	if (msg)
		fprintf(stderr, "govctl: %s\n", msg);
	free(msg);
	return rc;
}

static const char usage_item[] =
"usage: govctl item add BOARD DATE --number N --title TITLE\n"
"                       [--subtitle S] [--minutes-file FILE]\n"
"                       [--decision TEXT] [--url URL]\n"
"Add an agenda item to a board's meeting (the meeting is created if\n"
"missing).  DATE is YYYY-MM-DD or DD/MM/YYYY, or a meeting's folder\n"
"name such as 2015-07-13-2.  --minutes-file - reads the minutes from\n"
"standard input.\n";

int cmd_item(int argc, char **argv)
{
	VERB_OPTS({ "number", required_argument, NULL, 'n' },
	          { "title", required_argument, NULL, 't' },
	          { "subtitle", required_argument, NULL, 's' },
	          { "minutes-file", required_argument, NULL, 'm' },
	          { "decision", required_argument, NULL, 'd' },
	          { "url", required_argument, NULL, 'u' },);
	struct item_rec it = { 0 };
	struct meeting_rec m = { 0 };
	const char *mfile = NULL;
	char *minutes = NULL;
	struct buf path = { 0 };
	size_t mlen = 0, bad;
	int64_t board, id;
	char date[11];
	store *s;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': it.number = optarg; break;
		case 't': it.title = optarg; break;
		case 's': it.subtitle = optarg; break;
		case 'm': mfile = optarg; break;
		case 'd': it.decision = optarg; break;
		case 'u': it.source_url = optarg; break;
		case 'h': govctl_verb_help(usage_item); break;
		default: govctl_bad_option("item", argv);
		}
	}
	if (optind + 3 != argc || strcmp(argv[optind], "add") != 0)
		govctl_usage("item", "expected add BOARD DATE");
	if (!it.number || !it.title)
		govctl_usage("item", "--number and --title are required");
	if (mfile) {
		rc = read_file(mfile, MINUTES_MAX_BYTES, &minutes, &mlen);
		if (rc)
			return rc == -EFBIG ? EX_DATAERR : EX_NOINPUT;
		if (!utf8_valid(minutes, mlen, &bad)) {
			fprintf(stderr, "govctl: %s: invalid UTF-8 or NUL byte at "
			        "byte %zu\n", mfile, bad);
			free(minutes);
			return EX_DATAERR;
		}
		while (mlen > 0 && strchr(" \t\r\n", minutes[mlen - 1]))
			minutes[--mlen] = '\0';
		it.minutes = minutes;
	}
	/* a date, or a meeting's folder name ("2015-07-13-2") */
	m.date = argv[optind + 2];
	if (govctl_parse_date(m.date, date) != -EINVAL)
		m.date = govctl_date("item", "DATE", m.date, date);
	s = govctl_open(STORE_RDWR);
	rc = store_begin(s);
	if (rc == 0)
		rc = store_board_find(s, govctl_ref(argv[optind + 1]), &board);
	m.board_id = board;
	if (rc == 0) {
		rc = store_meeting_find(s, board, m.date, &it.meeting_id);
		if (rc == -ENOENT)
			rc = store_meeting_add(s, &m, &it.meeting_id);
	}
	if (rc == 0 && store_item_by_number(s, it.meeting_id, it.number,
	                                    &id) == 0)
		rc = -EEXIST, fprintf(stderr, "govctl: item %s already exists "
		                      "in that meeting\n", it.number);
	if (rc == 0)
		rc = store_item_add(s, &it, &id);
	if (rc == 0)
		rc = store_commit(s);
	if (rc == 0 && store_node_path(s, NODE_INO(NK_ITEM, id), &path) == 0)
		printf("%s\n", path.data);
	if (rc) {
		store_rollback(s);
		rc = rc == -EEXIST && !*store_errmsg(s) ? EX_DATAERR
		                                         : govctl_fail(s, rc);
	}
	buf_free(&path);
	free(minutes);
	store_close(s);
	return rc;
}


/* ---- plan -------------------------------------------------------------------------- */

static const char usage_plan[] =
"usage: govctl plan add SLUG --name NAME [--period P] [--priorities TEXT]\n"
"       govctl plan item PLAN ITEM...\n"
"Add an improvement plan, or record items that report on it (they appear\n"
"in plans/PLAN/items/ in date order).\n";

int cmd_plan(int argc, char **argv)
{
	VERB_OPTS({ "name", required_argument, NULL, 'n' },
	          { "period", required_argument, NULL, 'p' },
	          { "priorities", required_argument, NULL, 'P' },);
	const char *name = NULL, *period = NULL, *prio = NULL;
	int64_t plan, item;
	int c, rc, i;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'p': period = optarg; break;
		case 'P': prio = optarg; break;
		case 'h': govctl_verb_help(usage_plan); break;
		default: govctl_bad_option("plan", argv);
		}
	}
	if (optind + 2 <= argc && strcmp(argv[optind], "add") == 0) {
		if (optind + 2 != argc || !name)
			govctl_usage("plan", "add takes SLUG and --name");
		s = govctl_open(STORE_RDWR);
		rc = store_plan_add(s, argv[optind + 1], name, period, prio, NULL);
		if (rc == 0)
			printf("plans/%s\n", argv[optind + 1]);
	} else if (optind + 3 <= argc && strcmp(argv[optind], "item") == 0) {
		s = govctl_open(STORE_RDWR);
		rc = store_begin(s);
		if (rc == 0)
			rc = store_plan_find(s, govctl_ref(argv[optind + 1]), &plan);
		for (i = optind + 2; rc == 0 && i < argc; i++) {
			rc = store_item_find(s, govctl_ref(argv[i]), &item);
			if (rc == 0)
				rc = store_plan_item_add(s, plan, item);
		}
		rc = rc ? rc : store_commit(s);
		if (rc)
			store_rollback(s);
	} else {
		govctl_usage("plan", "expected add SLUG or item PLAN ITEM...");
		return EX_USAGE;
	}
	rc = rc ? govctl_fail(s, rc) : EX_OK;
	store_close(s);
	return rc;
}
