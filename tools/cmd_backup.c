/*
** cmd_backup.c — govctl backup and restore: the database copied out and
** back in through SQLite's online backup API (store/backup.c), while
** mounted and while other writers run.
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "govctl.h"
#include "store.h"

static const char usage_backup[] =
"usage: govctl backup FILE\n"
"Copy the database into FILE: one consistent snapshot, taken while\n"
"writers and mounts carry on, written beside FILE, checked and renamed\n"
"over it (mode 0600).  FILE is a complete database (no -wal beside it).\n";

static const char usage_restore[] =
"usage: govctl restore FILE\n"
"Replace the records of the database with those of FILE (a backup)\n"
"through SQLite, as one commit: a mount shows the restored records as\n"
"after any change, and never a mix.  FILE must be a govfs database of\n"
"this schema or an older one (upgraded on the way); any other file is\n"
"refused with the database unchanged.  Writes that other writers commit\n"
"while it runs are replaced too; they wait for it as for any writer\n"
"(their --wait).\n";

/* One FILE argument of verb, or exit with a usage error. */
static const char *backup_file(int argc, char **argv, const char *verb,
                               const char *usage)
{
	VERB_OPTS();
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		c == 'h' ? govctl_verb_help(usage) : govctl_usage(verb, "bad option");
	if (optind + 1 != argc)
		govctl_usage(verb, "expected one FILE");
	return argv[optind];
}

int cmd_backup(int argc, char **argv)
{
	const char *file = backup_file(argc, argv, "backup", usage_backup);
	store *s = govctl_open(STORE_RDONLY);
	int rc = store_backup(s, file);

	if (rc == 0)
		fprintf(stderr, "%s: backup of %s\n", file, govctl_db_path());
	rc = rc == -EEXIST ? (govctl_fail(s, rc), EX_CANTCREAT)
	   : rc ? govctl_fail(s, rc) : EX_OK;
	store_close(s);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	const char *file = backup_file(argc, argv, "restore", usage_restore);
	store *s = govctl_open(STORE_RDWR);
	int rc = store_restore(s, file);

	if (rc == 0)
		fprintf(stderr, "%s: restored from %s\n", govctl_db_path(), file);
	else
		fprintf(stderr, "govctl: %s\ngovctl: nothing restored (the "
		        "database is unchanged)\n", store_errmsg(s));
	rc = rc == -ENOENT ? EX_NOINPUT : rc ? govctl_exit_code(rc) : EX_OK;
	store_close(s);
	return rc;
}
