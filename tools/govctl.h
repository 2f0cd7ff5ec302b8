/*
** govctl.h — what the files of govctl share: the helpers every command
** uses, and the commands that live outside govctl.c.
*/
#ifndef GOVFS_GOVCTL_H
#define GOVFS_GOVCTL_H

#include "store.h"

/* Open the database (--db, $GOVFS_DB or the default) or exit. */
store *govctl_open(int flags);
/* Print the store's message; return the sysexits code for rc. */
int govctl_fail(store *s, int rc);
/* Print a usage error for verb and exit EX_USAGE. */
void govctl_usage(const char *verb, const char *msg)
	__attribute__((noreturn));
/* Parse a whole number in [lo, hi] or exit with a usage error. */
int govctl_int(const char *verb, const char *what, const char *v, int lo,
               int hi);

/* A reference as typed; paths inside a govfs mount become tree paths. */
const char *govctl_ref(const char *arg);

int cmd_generate(int argc, char **argv);

#endif
