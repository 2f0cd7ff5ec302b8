/*
** govctl — write and read a govfs database.  One cmd_<verb>() per
** subcommand and a table from names to functions; arguments are parsed
** here and everything else is done by the store library.
*/
#include <errno.h>
#include <fcntl.h>
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
#include "moderngov.h"
#include "store.h"
#include "write.h"

static const char *g_db;      /* --db, else $GOVFS_DB, else default */

/* ---- helpers -------------------------------------------------------------- */

void govctl_usage(const char *verb, const char *msg)
{
	fprintf(stderr, "govctl %s: %s\nTry 'govctl %s --help'.\n", verb, msg,
	        verb);
	exit(EX_USAGE);
}

/* Exit status for a store error code. */
static int exit_code(int rc)
{
	switch (rc) {
	case -EINVAL: case -EEXIST: case -ENOENT: case -ENOTDIR:
	case -ENAMETOOLONG: case -ENOTSUP: case -ELOOP:
		return EX_DATAERR;
	case -EBUSY:
		return EX_TEMPFAIL;
	case -EPROTO:
		return EX_CONFIG;
	case -ENOMEM:
		return EX_OSERR;
	case -EACCES: case -EPERM: case -EROFS:
		return EX_NOPERM;
	default:
		return EX_SOFTWARE;
	}
}

/* Print the store's message and return the matching exit status. */
int govctl_fail(store *s, int rc)
{
	fprintf(stderr, "govctl: %s\n", store_errmsg(s));
	return exit_code(rc);
}

/* The database path: --db, $GOVFS_DB, or ~/.local/share/govfs/govfs.db. */
static const char *db_path(void)
{
	static char path[PATH_MAX];
	const char *home, *xdg;

	if (g_db)
		return g_db;
	if ((g_db = getenv("GOVFS_DB")) && *g_db)
		return g_db;
	xdg = getenv("XDG_DATA_HOME");
	home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/govfs/govfs.db", xdg);
	else
		snprintf(path, sizeof path, "%s/.local/share/govfs/govfs.db",
		         home ? home : ".");
	return g_db = path;
}

/*
** A record reference as typed.  A path into a mounted govfs tree (as tab
** completion gives it: "mnt/boards/x", or absolute) becomes the path
** relative to the tree's root; anything else is returned as it is.
** Returns a pointer into arg or into a static buffer.
*/
const char *govctl_ref(const char *arg)
{
	static char out[PATH_MAX];
	char real[PATH_MAX], line[4096];
	size_t best = 0;
	FILE *m;

	if (!realpath(arg, real) || !(m = fopen("/proc/self/mounts", "r")))
		return arg;
	while (fgets(line, sizeof line, m)) {
		char dev[PATH_MAX], dir[PATH_MAX], type[64];
		size_t n;

		if (sscanf(line, "%4095s %4095s %63s", dev, dir, type) != 3 ||
		    strcmp(type, "fuse.govfs") != 0)
			continue;
		n = strlen(dir);
		if (n > best && strncmp(real, dir, n) == 0 &&
		    (real[n] == '/' || real[n] == '\0')) {
			best = n;
			snprintf(out, sizeof out, "%s", real[n] ? real + n + 1 : "");
		}
	}
	fclose(m);
	return best ? out : arg;
}

/* Open the database or exit with a message. */
store *govctl_open(int flags)
{
	store *s;
	char *err = NULL;
	int rc = store_open(db_path(), flags, &s, &err);

	if (rc) {
		fprintf(stderr, "govctl: %s\n", err ? err : strerror(-rc));
		free(err);
		exit(rc == -ENOENT ? EX_NOINPUT : exit_code(rc));
	}
	return s;
}

/* Parse a whole number in [lo, hi] or exit. */
int govctl_int(const char *verb, const char *what, const char *v,
                     int lo, int hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < lo || n > hi) {
		char msg[128];

		snprintf(msg, sizeof msg, "invalid %s '%s' (expected %d to %d)",
		         what, v, lo, hi);
		govctl_usage(verb, msg);
	}
	return (int)n;
}

static int print_json(json_t *o)
{
	char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (!t)
		return -ENOMEM;
	puts(t);
	free(t);
	return 0;
}

/* Listing output: rows as JSON array (--json) or as aligned text. */
struct out_ctx {
	int json;
	json_t *arr;
	const char *const *cols;     /* text columns */
};

static int out_row(void *ctx, json_t *row)
{
	struct out_ctx *o = ctx;
	size_t i;

	if (o->json) {
		json_array_append(o->arr, row);
		return 0;
	}
	for (i = 0; o->cols[i]; i++) {
		json_t *v = json_object_get(row, o->cols[i]);

		if (i)
			putchar('\t');
		if (json_is_string(v))
			fputs(json_string_value(v), stdout);
		else if (json_is_integer(v))
			printf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	}
	putchar('\n');
	return 0;
}

/* Wrap a listing: JSON output carries the format version. */
static int out_list(store *s, struct out_ctx *o, const char *what, int rc)
{
	json_t *doc;

	if (rc || !o->json) {
		json_decref(o->arr);
		return rc ? govctl_fail(s, rc) : 0;
	}
	doc = json_pack("{s:i, s:o}", "format", STORE_FORMAT, what, o->arr);
	print_json(doc);
	json_decref(doc);
	return 0;
}

/* getopt_long over argv with a per-verb usage text for --help. */
#define VERB_OPTS(...) \
	static const struct option opts[] = { __VA_ARGS__ \
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } }

static void verb_help(const char *usage)
{
	fputs(usage, stdout);
	exit(EX_OK);
}

/* Create the folders above path (mode 0700) where missing.  0 or -1. */
static int mkdir_parents(const char *path)
{
	char dir[PATH_MAX], *p;

	snprintf(dir, sizeof dir, "%s", path);
	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* ---- init ------------------------------------------------------------------ */

static const char usage_init[] =
"usage: govctl init\n"
"Create the database (mode 0600) or upgrade its schema.\n";

static int cmd_init(int argc, char **argv)
{
	VERB_OPTS();
	store *s;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? verb_help(usage_init) : govctl_usage("init", "bad option");
	if (optind != argc)
		govctl_usage("init", "no arguments expected");
	if (mkdir_parents(db_path()) != 0) {
		fprintf(stderr, "govctl: %s: %s\n", db_path(), strerror(errno));
		return EX_CANTCREAT;
	}
	s = govctl_open(STORE_RDWR | STORE_CREATE);
	printf("%s: govfs database, schema %d\n", db_path(), STORE_SCHEMA);
	store_close(s);
	return EX_OK;
}

/* ---- board ------------------------------------------------------------------ */

static const char usage_board[] =
"usage: govctl board add SLUG --name NAME [--council NAME] [--kind KIND]\n"
"                        [--remit TEXT]\n"
"       govctl board list [--json]\n"
"Add a board, or list the boards.  SLUG is the board's folder name:\n"
"lowercase letters, digits and dashes.  KIND: cabinet, scrutiny,\n"
"improvement board, panel, committee (the default), ...\n";

static int cmd_board(int argc, char **argv)
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
		case 'h': verb_help(usage_board); break;
		default: govctl_usage("board", "bad option");
		}
	}
	if (optind >= argc)
		govctl_usage("board", "expected add or list");
	if (strcmp(argv[optind], "list") == 0) {
		s = govctl_open(STORE_RDONLY);
		o.arr = json_array();
		rc = out_list(s, &o, "boards", store_list_boards(s, out_row, &o));
		store_close(s);
		return rc;
	}
	if (strcmp(argv[optind], "add") != 0 || optind + 2 != argc)
		govctl_usage("board", "expected add SLUG or list");
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
"usage: govctl meeting add BOARD YYYY-MM-DD [--time T] [--location L]\n"
"                          [--status S]\n"
"       govctl meeting list [BOARD] [--json]\n"
"Add a meeting of a board (a second one on the same day is named\n"
"YYYY-MM-DD-2), or list meetings in date order.\n";

static int cmd_meeting(int argc, char **argv)
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
	struct buf path = { 0 };
	store *s;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't': m.time = optarg; break;
		case 'l': m.location = optarg; break;
		case 's': m.status = optarg; break;
		case 'j': o.json = 1; break;
		case 'h': verb_help(usage_meeting); break;
		default: govctl_usage("meeting", "bad option");
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
			rc = store_list_meetings(s, board, out_row, &o);
		rc = out_list(s, &o, "meetings", rc);
		store_close(s);
		return rc;
	}
	if (strcmp(argv[optind], "add") != 0 || optind + 3 != argc)
		govctl_usage("meeting", "expected add BOARD DATE or list");
	s = govctl_open(STORE_RDWR);
	rc = store_board_find(s, govctl_ref(argv[optind + 1]), &board);
	m.board_id = board;
	m.date = argv[optind + 2];
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

	rc = store_read_file(path, max, out, len, &msg);
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
"missing).  --minutes-file - reads the minutes from standard input.\n";

static int cmd_item(int argc, char **argv)
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
		case 'h': verb_help(usage_item); break;
		default: govctl_usage("item", "bad option");
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
	s = govctl_open(STORE_RDWR);
	rc = store_begin(s);
	if (rc == 0)
		rc = store_board_find(s, govctl_ref(argv[optind + 1]), &board);
	m.board_id = board;
	m.date = argv[optind + 2];
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

/* ---- import -------------------------------------------------------------------- */

static const char usage_import[] =
"usage: govctl import [--board B] [--date YYYY-MM-DD] [--number N]\n"
"                     [--url URL] [--council NAME] [--replace] [--jobs N]\n"
"                     [--files-from LIST [--null]] FILE...\n"
"Import ModernGov minutes: agenda-item pages as text, or web-service XML\n"
"(GetCommittees, GetMeetings, GetMeeting).  XML needs --council NAME, the\n"
"council whose web service answered: ModernGov ids are per council, so\n"
"the same ids of two councils are different records.  All files are one\n"
"transaction: on any error nothing is imported.  The same page imported\n"
"again changes nothing; --replace overwrites an item whose page changed.\n"
"--jobs N reads and parses files ahead on N threads (0: none; default:\n"
"one when there are two CPUs or more).  --files-from LIST imports the\n"
"files named in LIST too, one a line (- reads standard input; --null:\n"
"names end with a NUL, as find -print0 writes them), in the same\n"
"transaction: more files than a command line holds.\n";

/*
** Append the file names listed in file list ("-": standard input), one a
** line, or ending with a NUL if nul, to *names (*n of them, the array
** grown with realloc; each name malloc'd).  Empty names are skipped.
** Returns 0, or an exit status (the message printed).
*/
static int import_names(const char *list, int nul, char ***names, int *n)
{
	FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
	char *line = NULL, **v;
	size_t cap = 0;
	ssize_t len;
	int rc = EX_OK;

	if (!f) {
		fprintf(stderr, "govctl: %s: %s\n", list, strerror(errno));
		return EX_NOINPUT;
	}
	while ((len = getdelim(&line, &cap, nul ? '\0' : '\n', f)) > 0) {
		if (line[len - 1] == (nul ? '\0' : '\n'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (*n == INT_MAX - 1 ||
		    !(v = realloc(*names, (size_t)(*n + 1) * sizeof *v))) {
			rc = EX_OSERR;
			break;
		}
		*names = v;
		if (!(v[*n] = strdup(line))) {
			rc = EX_OSERR;
			break;
		}
		(*n)++;
	}
	if (rc == EX_OK && ferror(f)) {
		fprintf(stderr, "govctl: %s: %s\n", list, strerror(errno));
		rc = EX_IOERR;
	} else if (rc == EX_OSERR) {
		fprintf(stderr, "govctl: out of memory\n");
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int cmd_import(int argc, char **argv)
{
	VERB_OPTS({ "board", required_argument, NULL, 'b' },
	          { "date", required_argument, NULL, 'd' },
	          { "number", required_argument, NULL, 'n' },
	          { "url", required_argument, NULL, 'u' },
	          { "council", required_argument, NULL, 'c' },
	          { "replace", no_argument, NULL, 'r' },
	          { "jobs", required_argument, NULL, 'j' },
	          { "files-from", required_argument, NULL, 'T' },
	          { "null", no_argument, NULL, '0' },);
	struct import_place w = { 0 };
	struct mg_options mo = { 0 };
	int replace = 0, jobs = -1, c, rc = 0, i, nfiles, nargs, progress, nul = 0;
	int added = 0, unchanged = 0, replaced = 0, xml = 0;
	struct store_pages *pages = NULL;
	struct buf path = { 0 };
	const char *list = NULL;
	char *end, **names = NULL;
	store *s = NULL;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': w.board = mo.board = govctl_ref(optarg); break;
		case 'd': w.date = optarg; break;
		case 'n': w.number = optarg; break;
		case 'u': w.url = optarg; break;
		case 'c': mo.council = optarg; break;
		case 'r': replace = 1; break;
		case 'j':
			errno = 0;
			jobs = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || jobs < 0 ||
			    jobs > 16)
				govctl_usage("import", "--jobs expects 0 to 16");
			break;
		case 'T': list = optarg; break;
		case '0': nul = 1; break;
		case 'h': verb_help(usage_import); break;
		default: govctl_usage("import", "bad option");
		}
	}
	if (nul && !list)
		govctl_usage("import", "--null applies to --files-from");
	for (i = optind; list && strcmp(list, "-") == 0 && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			govctl_usage("import", "--files-from - and the page -"
			             " both read standard input");
	/* the names given (argv's), then those listed (names[nargs..],
	   import_names's) */
	nargs = nfiles = argc - optind;
	names = malloc((size_t)(nargs + 1) * sizeof *names);
	if (!names) {
		fprintf(stderr, "govctl: out of memory\n");
		return EX_OSERR;
	}
	memcpy(names, argv + optind, (size_t)nargs * sizeof *names);
	if (list && (rc = import_names(list, nul, &names, &nfiles)) != EX_OK)
		goto out;
	if (nfiles < 1)
		govctl_usage("import", "no files given");
	if (nfiles > 1 && w.number)
		govctl_usage("import", "--number applies to one file only");
	if (w.date && !store_valid_date(w.date))
		govctl_usage("import", "--date expects YYYY-MM-DD");
	progress = nfiles >= 50 && isatty(2);
	s = govctl_open(STORE_RDWR);
	rc = store_begin(s);
	if (rc) {
		rc = govctl_fail(s, rc);
		goto out;
	}
	/* Files are read and parsed ahead of this loop, which writes them in
	   the order given. */
	if (store_pages_open((const char *const *)names, nfiles, jobs,
	                     &pages) != 0) {
		fprintf(stderr, "govctl: out of memory\n");
		rc = EX_OSERR;
	}
	for (i = 0; pages && i < nfiles; i++) {
		struct import_file f = { 0 };
		struct mg_result mr = { 0 };
		int64_t item;

		store_pages_next(pages, &f);
		if (f.kind == IMPORT_FILE_UNREADABLE) {
			if (f.msg)
				fprintf(stderr, "govctl: %s\n", f.msg);
			rc = f.rc == -EFBIG ? EX_DATAERR : EX_NOINPUT;
			store_import_file_free(&f);
			break;
		}
		if (f.kind == IMPORT_FILE_XML) {
			rc = mg_import(s, f.xml, f.len, f.name, &mo, &mr);
			store_import_file_free(&f);
			if (rc < 0) {
				int ex = govctl_fail(s, rc);

				/* no --council, or one that cannot be told apart */
				rc = rc == -EDESTADDRREQ ? EX_USAGE : ex;
				break;
			}
			printf("%s: %s: %d boards, %d meetings, %d items, "
			       "%d documents, %d people, %d actions\n",
			       names[i], mr.root, mr.boards, mr.meetings,
			       mr.items, mr.documents, mr.people, mr.actions);
			xml++;
			continue;
		}
		if (f.kind == IMPORT_FILE_BAD) {
			fprintf(stderr, "govctl: %s\n", f.msg ? f.msg : "parse error");
			store_import_file_free(&f);
			rc = EX_DATAERR;
			break;
		}
		rc = store_import_page(s, f.page, &w, f.name, replace, &item);
		store_import_file_free(&f);
		if (rc < 0) {
			rc = govctl_fail(s, rc);
			break;
		}
		buf_reset(&path);
		store_node_path(s, NODE_INO(NK_ITEM, item), &path);
		if (!progress)
			printf("%s %s\n", rc == IMPORT_ADDED ? "added" :
			       rc == IMPORT_REPLACED ? "replaced" : "unchanged",
			       path.data ? path.data : "");
		added += rc == IMPORT_ADDED;
		replaced += rc == IMPORT_REPLACED;
		unchanged += rc == IMPORT_UNCHANGED;
		rc = 0;
		if (progress)
			fprintf(stderr, "\rimporting %d/%d", i + 1, nfiles);
	}
	store_pages_close(pages);
	if (progress)
		fputc('\n', stderr);
	if (rc == 0) {
		rc = store_commit(s);
		rc = rc ? govctl_fail(s, rc) : EX_OK;
	}
	if (rc != EX_OK) {
		store_rollback(s);
		fprintf(stderr, "govctl: nothing imported (the database is "
		        "unchanged)\n");
	} else if (progress || nfiles > 1) {
		fprintf(stderr, "%d pages added, %d replaced, %d unchanged; "
		        "%d XML files\n", added, replaced, unchanged, xml);
	}
out:
	buf_free(&path);
	store_close(s);
	for (i = nargs; i < nfiles; i++)
		free(names[i]);
	free(names);
	return rc;
}

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

static int cmd_action(int argc, char **argv)
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
		case 'h': verb_help(usage_action); break;
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
			rc = out_list(s, &o, "actions",
			              store_list_actions(s, &f, out_row, &o));
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

/* ---- plan -------------------------------------------------------------------------- */

static const char usage_plan[] =
"usage: govctl plan add SLUG --name NAME [--period P] [--priorities TEXT]\n"
"       govctl plan item PLAN ITEM...\n"
"Add an improvement plan, or record items that report on it (they appear\n"
"in plans/PLAN/items/ in date order).\n";

static int cmd_plan(int argc, char **argv)
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
		case 'h': verb_help(usage_plan); break;
		default: govctl_usage("plan", "bad option");
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

static int cmd_show(int argc, char **argv)
{
	VERB_OPTS();
	struct node_attr a;
	struct buf b = { 0 };
	int c, rc;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? verb_help(usage_show) : govctl_usage("show", "bad option");
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
	return rc ? exit_code(rc) : EX_OK;
}

static const char usage_search[] =
"usage: govctl search [--limit N] [--json] WORDS...\n"
"Full-text search of item titles, minutes and decisions; prints the\n"
"matching items' paths, best first.\n";

struct search_ctx { store *s; json_t *arr; };

static int search_hit(void *ctx, int64_t id, const char *path)
{
	struct search_ctx *c = ctx;

	if (!c->arr)
		printf("%s\n", path);
	else
		json_array_append_new(c->arr, json_pack("{s:I, s:s}", "id",
		                      (json_int_t)id, "path", path));
	return 0;
}

static int cmd_search(int argc, char **argv)
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
		case 'h': verb_help(usage_search); break;
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
	rc = store_search(sc.s, words.data, limit, search_hit, &sc);
	if (rc == 0 && json) {
		json_t *doc = json_pack("{s:i, s:s, s:o}", "format", STORE_FORMAT,
		                        "query", words.data, "items", sc.arr);
		print_json(doc);
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

static int cmd_export(int argc, char **argv)
{
	VERB_OPTS();
	struct export_counts n = { 0 };
	int c, rc;
	store *s;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? verb_help(usage_export)
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

/* ---- the command table ------------------------------------------------------------------ */

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init",    cmd_init,    "create or upgrade the database" },
	{ "board",   cmd_board,   "add or list boards" },
	{ "meeting", cmd_meeting, "add or list meetings" },
	{ "item",    cmd_item,    "add an agenda item" },
	{ "import",  cmd_import,  "import minutes pages or ModernGov XML" },
	{ "action",  cmd_action,  "add, update or list actions" },
	{ "plan",    cmd_plan,    "add improvement plans and their items" },
	{ "show",    cmd_show,    "print a file or folder of the tree" },
	{ "search",  cmd_search,  "full-text search of the minutes" },
	{ "export",  cmd_export,  "write the tree as plain files" },
	{ "generate", cmd_generate, "generate a realistic corpus for benchmarks" },
	{ "help",    cmd_help,    "show help for a command" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: govctl [--db FILE] COMMAND [ARGS]\n"
	           "       govctl --help | --version | help COMMAND\n\n"
	           "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nThe database is --db FILE, else $GOVFS_DB, else\n"
	           "$XDG_DATA_HOME/govfs/govfs.db (~/.local/share/govfs/"
	           "govfs.db).\nSee govctl(1) and govfs(5).\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* help [COMMAND]: the command's usage, then govctl(1) when on a terminal. */
static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *av[] = { NULL, "--help", NULL };

	if (argc < 2) {
		usage(stdout);
		return EX_OK;
	}
	c = find_command(argv[1]);
	if (!c || c->fn == cmd_help) {
		fprintf(stderr, "govctl: no command '%s'\n", argv[1]);
		return EX_USAGE;
	}
	if (isatty(1)) {
		fflush(stdout);
		execlp("man", "man", "1", "govctl", (char *)NULL);
	}
	av[0] = argv[1];
	optind = 1;
	return c->fn(2, av);
}

int main(int argc, char **argv)
{
	const struct command *c;
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			g_db = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			g_db = argv[i++] + 5;
		} else if (strcmp(argv[i], "--help") == 0 ||
		           strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EX_OK;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("govctl %s (schema %d, JSON format %d)\n",
			       GOVFS_VERSION, STORE_SCHEMA, STORE_FORMAT);
			return EX_OK;
		} else {
			fprintf(stderr, "govctl: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	c = find_command(argv[i]);
	if (!c) {
		fprintf(stderr, "govctl: unknown command '%s'\n", argv[i]);
		usage(stderr);
		return EX_USAGE;
	}
	optind = 1;
	return c->fn(argc - i, argv + i);
}
