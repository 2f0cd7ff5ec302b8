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
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "govctl.h"
#include "store.h"
#include "write.h"

static const char *g_db;      /* --db, else $GOVFS_DB, else default */
static int g_no_wait;         /* --no-wait: do not wait for the mounts */

/* ---- helpers -------------------------------------------------------------- */

void govctl_usage(const char *verb, const char *msg)
{
	fprintf(stderr, "govctl %s: %s\nTry 'govctl %s --help'.\n", verb, msg,
	        verb);
	exit(EX_USAGE);
}

/*
** The option getopt_long() has just refused (opterr is 0: govctl says it
** once, with one prefix).  argv is the verb's.  A global option given
** after the command gets the hint to put it first.
*/
void govctl_bad_option(const char *verb, char **argv)
{
	static const char *const global[][2] = {
		{ "--db", "FILE" }, { "--wait", "SECONDS" }, { "--version", NULL },
		{ "-V", NULL }, { "--no-wait", NULL },
	};
	const char *bad = optind > 0 ? argv[optind - 1] : "?";
	char msg[256];
	size_t i, n;

	for (i = 0; i < sizeof global / sizeof global[0]; i++) {
		n = strlen(global[i][0]);
		if (strncmp(bad, global[i][0], n) != 0 ||
		    (bad[n] && !(bad[n] == '=' && global[i][1])))
			continue;
		if (global[i][1])
			fprintf(stderr, "govctl %s: %s is a global option: it "
			        "goes before the command, as in 'govctl %s %s "
			        "%s ...'\n", verb, global[i][0], global[i][0],
			        global[i][1], verb);
		else
			fprintf(stderr, "govctl %s: %s is a global option: "
			        "'govctl %s' alone\n", verb, global[i][0],
			        global[i][0]);
		exit(EX_USAGE);
	}
	if (optopt && strncmp(bad, "--", 2) == 0)
		snprintf(msg, sizeof msg, "option '%s' needs a value", bad);
	else if (optopt && bad[0] == '-' && bad[1] != '-')
		snprintf(msg, sizeof msg, "unknown option '-%c'", optopt);
	else
		snprintf(msg, sizeof msg, "unknown option '%s'", bad);
	govctl_usage(verb, msg);
}

/*
** A date as the pages print it: YYYY-MM-DD, or DD/MM/YYYY (day and month
** of one or two digits), into out as YYYY-MM-DD.  Returns 0, -EINVAL when
** v has neither form, -ERANGE when it has one but is no calendar date
** (2020-02-31).
*/
int govctl_parse_date(const char *v, char out[11])
{
	unsigned d, m, y;
	int n = -1;

	if (strlen(v) == 10 && sscanf(v, "%4u-%2u-%2u%n", &y, &m, &d, &n) == 3 &&
	    n == 10 && v[4] == '-' && v[7] == '-' &&
	    strspn(v, "0123456789-") == 10) {
		memcpy(out, v, 11);
	} else if (sscanf(v, "%2u/%2u/%4u%n", &d, &m, &y, &n) == 3 &&
	           (size_t)n == strlen(v) && strspn(v, "0123456789/") ==
	           (size_t)n && strlen(strrchr(v, '/') + 1) == 4) {
		snprintf(out, 11, "%04u-%02u-%02u", y % 10000, m % 100,
		         d % 100);
	} else {
		return -EINVAL;
	}
	return store_valid_date(out) ? 0 : -ERANGE;
}

/* The date option or argument what of verb, normalised; exits with a
   usage error naming the value when it is not a date. */
const char *govctl_date(const char *verb, const char *what, const char *v,
                        char out[11])
{
	char msg[256];
	int rc = govctl_parse_date(v, out);

	if (rc == -ERANGE)
		snprintf(msg, sizeof msg, "%s: not a calendar date", v);
	else if (rc)
		snprintf(msg, sizeof msg, "%s%sinvalid date '%s': expected "
		         "YYYY-MM-DD or DD/MM/YYYY", what[0] == '-' ? what : "",
		         what[0] == '-' ? ": " : "", v);
	if (rc)
		govctl_usage(verb, msg);
	return out;
}

/*
** The number of single-character edits (insert, delete, substitute, swap
** two neighbours) from a to b, stopping at 9.  For "did you mean".
*/
int govctl_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int d[16][16];

	if (la > 15 || lb > 15)
		return 9;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb] < 9 ? d[la][lb] : 9;
}

/* A value of option what that is not one of choices (a NULL-terminated
   list): exit with a usage error naming the value and the choices. */
void govctl_bad_choice(const char *verb, const char *what, const char *v,
                       const char *const *choices)
{
	char msg[512];
	size_t n, i;

	n = (size_t)snprintf(msg, sizeof msg, "invalid %s '%s' (choose ", what,
	                     v);
	for (i = 0; choices[i] && n < sizeof msg; i++)
		n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s",
		                      i ? ", " : "", choices[i]);
	if (n < sizeof msg)
		snprintf(msg + n, sizeof msg - n, ")");
	govctl_usage(verb, msg);
}

/* Exit status for a store error code. */
int govctl_exit_code(int rc)
{
	switch (rc) {
	case -EINVAL: case -EEXIST: case -ENOENT: case -ENOTDIR:
	case -ENAMETOOLONG: case -ENOTSUP: case -ELOOP: case -ENOTEMPTY:
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
** The database of the command's paths or working directory when they are
** in a govfs mount (as git finds its repository); --db or $GOVFS_DB may
** name that one only (tools/mounts.c says so and exits otherwise).
*/
static void govctl_choose_db(int argc, char **argv)
{
	const char *env = getenv("GOVFS_DB"), *given = g_db, *how = "--db";
	const char *db;

	if (!given && env && *env)
		given = env, how = "$GOVFS_DB";
	db = govctl_mount_db(argc, argv, given, how);
	if (db)
		g_db = db;
}

/* At exit: once the command committed, wait until every mount of the
   database shows it (unless --no-wait). */
static void govctl_after(void)
{
	if (!g_no_wait && store_commits() > 0)
		govctl_mounts_sync(govctl_db_path());
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
	{ "rm",      cmd_rm,      "remove boards, meetings, items, actions, issues" },
	{ "mv",      cmd_mv,      "move an item or a meeting" },
	{ "log",     cmd_log,     "list the corrections made (rm, mv, rename, merge)" },
	{ "show",    cmd_show,    "print a file or folder of the tree" },
	{ "search",  cmd_search,  "full-text search of the minutes" },
	{ "export",  cmd_export,  "write the tree as plain files" },
	{ "backup",  cmd_backup,  "copy the database into a file, while in use" },
	{ "restore", cmd_restore, "replace the records with a backup's, while in use" },
	{ "generate", cmd_generate, "generate a realistic corpus for benchmarks" },
	{ "help",    cmd_help,    "show help for a command" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: govctl [--db FILE] [--wait SECONDS] [--no-wait] COMMAND [ARGS]\n"
	           "       govctl --help | -V | --version | help COMMAND\n\n"
	           "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nThe database is --db FILE, else $GOVFS_DB, else\n"
	           "$XDG_DATA_HOME/govfs/govfs.db (~/.local/share/govfs/"
	           "govfs.db).\nA writer waits --wait SECONDS (default 10) for "
	           "another's lock, then\nexits 75: database is busy, try "
	           "again.\nInside a govfs mount (a path argument or the working "
	           "directory), the\nmount's database.  After a commit govctl "
	           "returns once every mount of\nthe database shows it "
	           "(--no-wait: at once).\nSee govctl(1) and govfs(5).\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* An unknown command: name it, and the nearest command when one is
   close (two edits at most, or a prefix).  Returns EX_USAGE. */
static int unknown_command(const char *name)
{
	const char *best = NULL;
	int bestd = 3, d;
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		d = govctl_distance(name, commands[i].name);
		if (d < bestd || (!best && strlen(name) >= 2 &&
		    strncmp(commands[i].name, name, strlen(name)) == 0))
			best = commands[i].name, bestd = d < bestd ? d : bestd;
	}
	fprintf(stderr, "govctl: unknown command '%s'", name);
	if (best)
		fprintf(stderr, "; did you mean '%s'?", best);
	fprintf(stderr, "\nTry 'govctl --help' for the list of commands.\n");
	return EX_USAGE;
}

/*
** The bundled manual page, govctl.1, found beside the program: in the
** source tree (tools/govctl -> man/govctl.1) or where `make install` put
** it (bin/govctl -> share/man/man1/govctl.1).  path is PATH_MAX bytes.
** 0 or -ENOENT.
*/
static int manual_path(char *path)
{
	static const char *const rel[] = { "/../man/govctl.1",
	                                   "/../share/man/man1/govctl.1" };
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	size_t i;

	if (n <= 0)
		return -ENOENT;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return -ENOENT;
	*slash = '\0';
	for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
		if (strlen(exe) + strlen(rel[i]) >= PATH_MAX)
			return -ENOENT;
		strcpy(path, exe);
		strcat(path, rel[i]);
		if (access(path, R_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

/* Does the formatted manual line (with man's overstrikes for bold and
   underline) read exactly text?  1 or 0. */
static int manual_line_is(const char *line, const char *text)
{
	char plain[256];
	size_t n = 0;

	for (; *line && *line != '\n' && n + 1 < sizeof plain; line++) {
		if (line[1] == '\b' && line[2])
			continue;          /* "x\bx": bold, "_\bx": underlined */
		if (*line == '\b')
			continue;
		if (*line == '\033') {    /* an SGR sequence */
			while (line[1] && line[1] != 'm')
				line++;
			line += !!line[1];
			continue;
		}
		plain[n++] = *line;
	}
	plain[n] = '\0';
	return strcmp(plain, text) == 0;
}

/* A section heading of a formatted page: ".SH" at column 0, ".SS" at 3. */
static int manual_heading(const char *line)
{
	if (line[0] != ' ' && line[0] != '\n' && line[0] != '\0')
		return 1;
	return strncmp(line, "   ", 3) == 0 && line[3] != ' ' &&
	       line[3] != '\n';
}

/*
** Show verb's section of the bundled govctl(1), formatted by `man -l`,
** through $MANPAGER, $PAGER or less.  Returns 0, or -ENOENT when there is
** no page, no man(1) or no such section (the caller falls back to the
** verb's --help).
*/
static int manual_section(const char *verb)
{
	char path[PATH_MAX], want[64], *line = NULL;
	const char *pager;
	size_t cap = 0, nlines = 0;
	int fd[2], status, in = 0;
	struct buf out = { 0 };
	FILE *f;
	pid_t pid;

	if (manual_path(path) != 0 || pipe(fd) != 0)
		return -ENOENT;
	snprintf(want, sizeof want, "   %s", verb);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(fd[0]);
		close(fd[1]);
		setenv("MAN_KEEP_FORMATTING", "1", 1);
		if (!getenv("MANWIDTH"))
			setenv("MANWIDTH", "80", 1);
		execlp("man", "man", "-l", "-P", "cat", path, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if (pid < 0 || !(f = fdopen(fd[0], "r"))) {
		close(fd[0]);
		return -ENOENT;
	}
	while (getline(&line, &cap, f) > 0) {
		if (in && manual_heading(line))
			in = 0;
		if (!in && nlines == 0 && manual_line_is(line, want))
			in = 1;
		if (in) {
			buf_puts(&out, line);
			nlines++;
		}
	}
	free(line);
	fclose(f);
	waitpid(pid, &status, 0);
	if (nlines == 0) {
		buf_free(&out);
		return -ENOENT;
	}
	fflush(stdout);
	pager = getenv("MANPAGER");
	if (!pager || !*pager)
		pager = getenv("PAGER");
	if (!pager || !*pager)
		pager = "less";
	setenv("LESS", "-R", 0);
	f = popen(pager, "w");
	if (f) {
		signal(SIGPIPE, SIG_IGN);
		fwrite(out.data, 1, out.len, f);
		status = pclose(f);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			f = NULL;     /* the shell found no such pager */
	}
	if (!f)       /* no pager: the page as it is */
		fwrite(out.data, 1, out.len, stdout);
	buf_free(&out);
	return 0;
}

static const char usage_help[] =
"usage: govctl help [COMMAND]\n"
"Without COMMAND, the list of commands (as govctl --help).  With it, on a\n"
"terminal, COMMAND's section of the manual govctl(1), from the page\n"
"installed with govctl or the one in the source tree (formatted by\n"
"man -l, shown by $MANPAGER, $PAGER or less); otherwise, or without\n"
"man(1), the command's usage as 'govctl COMMAND --help' prints it.\n";

/* help [COMMAND]: the command's manual section on a terminal, else its
   usage. */
static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *av[] = { NULL, "--help", NULL };

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	                  strcmp(argv[1], "-h") == 0))
		govctl_verb_help(usage_help);
	if (argc > 2)
		govctl_usage("help", "expected one COMMAND at most");
	if (argc < 2) {
		usage(stdout);
		return EX_OK;
	}
	if (!(c = find_command(argv[1])))
		return unknown_command(argv[1]);
	if (isatty(1) && manual_section(c->name) == 0)
		return EX_OK;
	if (c->fn == cmd_help)
		govctl_verb_help(usage_help);
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
		} else if (strcmp(argv[i], "--no-wait") == 0) {
			g_no_wait = 1;
			i++;
		} else if (strcmp(argv[i], "--help") == 0 ||
		           strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EX_OK;
		} else if (strcmp(argv[i], "--version") == 0 ||
		           strcmp(argv[i], "-V") == 0) {
			printf("govctl %s (schema %d, JSON format %d)\n",
			       GOVFS_VERSION, STORE_SCHEMA, STORE_FORMAT);
			return EX_OK;
		} else {
			fprintf(stderr, "govctl: unknown option '%s'\nTry "
			        "'govctl --help'.\n", argv[i]);
			return EX_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	c = find_command(argv[i]);
	if (!c)
		return unknown_command(argv[i]);
	if (c->fn != cmd_help)
		govctl_choose_db(argc - i - 1, argv + i + 1);
	atexit(govctl_after);
	optind = 1;
	opterr = 0;         /* govctl_bad_option() says it, once */
	return c->fn(argc - i, argv + i);
}
