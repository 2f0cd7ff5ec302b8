/*
** govctl.h — what the files of govctl share: the helpers every command
** uses (govctl.c), and the cmd_<verb>() of each subcommand, one file per
** family of verbs (cmd_*.c).  tools/ parses arguments and prints; the
** store library does the rest.
*/
#ifndef GOVFS_GOVCTL_H
#define GOVFS_GOVCTL_H

#include <getopt.h>
#include <stdio.h>

#include "store.h"

struct json_t;

/* The database path: --db, $GOVFS_DB, or the default under $XDG_DATA_HOME
   (static storage). */
const char *govctl_db_path(void);
/* Open the database (--db, $GOVFS_DB or the default) or exit. */
store *govctl_open(int flags);
/* The same, but returning: EX_OK and *out (the caller closes it), or the
   exit status, the message printed. */
int govctl_try_open(int flags, store **out);
/* The sysexits code for a store error code (a negative errno). */
int govctl_exit_code(int rc);
/* Print the store's message; return the sysexits code for rc. */
int govctl_fail(store *s, int rc);
/* Print a usage error for verb and exit EX_USAGE. */
void govctl_usage(const char *verb, const char *msg)
	__attribute__((noreturn));
/* The option getopt_long() just refused (opterr is 0), named once; a
   global option after the command gets a hint.  Exits EX_USAGE. */
void govctl_bad_option(const char *verb, char **argv)
	__attribute__((noreturn));
/* A value not among choices (NULL-terminated): exit EX_USAGE naming both. */
void govctl_bad_choice(const char *verb, const char *what, const char *v,
                       const char *const *choices) __attribute__((noreturn));
/* A date, YYYY-MM-DD or DD/MM/YYYY, into out as YYYY-MM-DD: 0, -EINVAL
   (neither form) or -ERANGE (not a calendar date). */
int govctl_parse_date(const char *v, char out[11]);
/* The same for a date option or argument (what: "--due"); exits EX_USAGE
   with a message echoing v when it is not a date.  Returns out. */
const char *govctl_date(const char *verb, const char *what, const char *v,
                        char out[11]);
/* Edits from a to b (Damerau-Levenshtein), 9 at most: "did you mean". */
int govctl_distance(const char *a, const char *b);
/* Print usage (a verb's --help text) on stdout and exit EX_OK. */
void govctl_verb_help(const char *usage) __attribute__((noreturn));
/* Parse a whole number in [lo, hi] or exit with a usage error. */
int govctl_int(const char *verb, const char *what, const char *v, int lo,
               int hi);
/* Create the folders above path (mode 0700) where missing.  0 or -1. */
int govctl_mkdir_parents(const char *path);

/* mounts.c: a reference as typed; paths inside a govfs mount become tree
   paths (static storage). */
const char *govctl_ref(const char *arg);
/* mounts.c: the database of the mount argv's paths or the working
   directory are in, or NULL; exits when given (named by how) differs. */
const char *govctl_mount_db(int argc, char **argv, const char *given,
                            const char *how);
/* mounts.c: wait until every mount of db has told the kernel. */
void govctl_mounts_sync(const char *db);

/* Print a JSON document, indented, on stdout.  0 or -ENOMEM. */
int govctl_print_json(struct json_t *o);

/* Listing output: rows as a JSON array (--json) or as tab-separated text
   of the columns cols (NULL-terminated). */
struct out_ctx {
	int json;
	struct json_t *arr;
	const char *const *cols;
};
/* A store_row_fn: one row into o. */
int govctl_out_row(void *ctx, struct json_t *row);
/* Finish a listing: print the JSON document { "format": N, what: [...] }
   (--json), or the store's error for rc.  Returns the exit status. */
int govctl_out_list(store *s, struct out_ctx *o, const char *what, int rc);

/* getopt_long options of a verb, with --help added. */
#define VERB_OPTS(...) \
	static const struct option opts[] = { __VA_ARGS__ \
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } }

/* The subcommands (argv[0] is the verb). */
int cmd_init(int argc, char **argv);       /* cmd_records.c */
int cmd_board(int argc, char **argv);
int cmd_meeting(int argc, char **argv);
int cmd_item(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_import(int argc, char **argv);     /* cmd_import.c */
int cmd_action(int argc, char **argv);     /* cmd_action.c */
int cmd_show(int argc, char **argv);       /* cmd_read.c */
int cmd_search(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_generate(int argc, char **argv);   /* generate.c */
int cmd_backup(int argc, char **argv);     /* cmd_backup.c */
int cmd_restore(int argc, char **argv);
int cmd_sync(int argc, char **argv);       /* cmd_sync.c */
int cmd_document(int argc, char **argv);   /* cmd_document.c */
int cmd_rm(int argc, char **argv);         /* cmd_correct.c */
int cmd_mv(int argc, char **argv);
int cmd_log(int argc, char **argv);
/* board rename OLD NEW [--name NAME] (slug NULL: the name only) and
   board merge FROM INTO, for cmd_board: the exit status. */
int govctl_board_rename(const char *old, const char *slug, const char *name);
int govctl_board_merge(const char *from, const char *into);

#endif
