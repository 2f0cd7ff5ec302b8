/*
** govctl — write and read a govfs database.  One cmd_<verb>() per
** subcommand (cmd_*.c) and, here, the table from names to functions and
** the helpers the commands share; arguments are parsed in tools/ and
** everything else is done by the store library.
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
#include "store.h"

static const char *g_db;      /* --db, else $GOVFS_DB, else default */

/* ---- helpers -------------------------------------------------------------- */

void govctl_usage(const char *verb, const char *msg)
{
	fprintf(stderr, "govctl %s: %s\nTry 'govctl %s --help'.\n", verb, msg,
	        verb);
	exit(EX_USAGE);
}

/* Exit status for a store error code. */
int govctl_exit_code(int rc)
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
	if (rc == -EBUSY)
		fprintf(stderr, "govctl: --wait SECONDS waits longer\n");
	return govctl_exit_code(rc);
}

/* The database path: --db, $GOVFS_DB, or ~/.local/share/govfs/govfs.db. */
const char *govctl_db_path(void)
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

int govctl_try_open(int flags, store **out)
{
	char *err = NULL;
	int rc = store_open(govctl_db_path(), flags, out, &err);

	if (rc == 0)
		return EX_OK;
	fprintf(stderr, "govctl: %s\n", err ? err : strerror(-rc));
	if (rc == -EBUSY)
		fprintf(stderr, "govctl: --wait SECONDS waits longer\n");
	free(err);
	return rc == -ENOENT ? EX_NOINPUT : govctl_exit_code(rc);
}

/* Open the database or exit with a message. */
store *govctl_open(int flags)
{
	store *s;
	int ex = govctl_try_open(flags, &s);

	if (ex != EX_OK)
		exit(ex);
	return s;
}

/* --wait SECONDS: the writers' busy timeout, 0 to 86400 s (exits on a
   bad value). */
static void govctl_wait(const char *v)
{
	char *end;
	double sec;

	errno = 0;
	sec = strtod(v, &end);
	if (errno || end == v || *end || !(sec >= 0 && sec <= 86400)) {
		fprintf(stderr, "govctl: invalid --wait '%s' (expected 0 to "
		        "86400 seconds)\n", v);
		exit(EX_USAGE);
	}
	store_set_wait((int)(sec * 1000 + 0.5));
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

int govctl_print_json(json_t *o)
{
	char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (!t)
		return -ENOMEM;
	puts(t);
	free(t);
	return 0;
}

int govctl_out_row(void *ctx, json_t *row)
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
int govctl_out_list(store *s, struct out_ctx *o, const char *what, int rc)
{
	json_t *doc;

	if (rc || !o->json) {
		json_decref(o->arr);
		return rc ? govctl_fail(s, rc) : 0;
	}
	doc = json_pack("{s:i, s:o}", "format", STORE_FORMAT, what, o->arr);
	govctl_print_json(doc);
	json_decref(doc);
	return 0;
}

void govctl_verb_help(const char *usage)
{
	fputs(usage, stdout);
	exit(EX_OK);
}

/* Create the folders above path (mode 0700) where missing.  0 or -1. */
int govctl_mkdir_parents(const char *path)
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
	{ "sync",    cmd_sync,    "follow a council's ModernGov site" },
	{ "action",  cmd_action,  "add, update or list actions" },
	{ "plan",    cmd_plan,    "add improvement plans and their items" },
	{ "document", cmd_document, "attach a report (PDF) to an item" },
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

	fprintf(f, "usage: govctl [--db FILE] [--wait SECONDS] COMMAND [ARGS]\n"
	           "       govctl --help | --version | help COMMAND\n\n"
	           "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nThe database is --db FILE, else $GOVFS_DB, else\n"
	           "$XDG_DATA_HOME/govfs/govfs.db (~/.local/share/govfs/"
	           "govfs.db).\nA writer waits --wait SECONDS (default 10) for "
	           "another's lock, then\nexits 75: database is busy, try "
	           "again.\nSee govctl(1) and govfs(5).\n");
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
		} else if (strcmp(argv[i], "--wait") == 0 && i + 1 < argc) {
			govctl_wait(argv[i + 1]);
			i += 2;
		} else if (strncmp(argv[i], "--wait=", 7) == 0) {
			govctl_wait(argv[i++] + 7);
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
