/*
** moderngov_int.h — what the parts of the ModernGov XML importer share,
** not for its callers (they include moderngov.h): moderngov.c (the
** document, its values, committees, meetings and agenda items, parsing)
** and moderngov_attendance.c (a meeting's attendees).  Each function's
** contract is above its definition.
*/
#ifndef GOVFS_MODERNGOV_INT_H
#define GOVFS_MODERNGOV_INT_H

#include <stdint.h>

#include <libxml/tree.h>

#include "moderngov.h"
#include "write.h"

/* State of one mg_import call. */
struct mg_ctx {
	store *s;
	const char *name;              /* file name for messages */
	const struct mg_options *opt;
	struct mg_result *res;
	const char *council;           /* --council: the boards' council */
	char cslug[STORE_SLUG_MAX + 1]; /* its slug: ids are "<cslug>/<id>" */
};

/* malloc'd strings that live while one record is imported.  oom is set
   when one could not be made. */
struct mg_pool {
	char **v;
	size_t n, cap;
	int oom;
};

/* moderngov.c: a message naming the file and line of an element, the
   strings of one record, elements by name. */
int mg_fail(struct mg_ctx *c, const xmlNode *at, int rc,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int mg_stored(struct mg_ctx *c, const xmlNode *at, int rc);
char *mg_keep(struct mg_pool *p, char *s);
void mg_pool_free(struct mg_pool *p);
int mg_oom(struct mg_ctx *c, const struct mg_pool *p, const xmlNode *at);
xmlNode *mg_child(const xmlNode *n, const char *name);
xmlNode *mg_next(const xmlNode *n);
char *mg_attr(struct mg_pool *p, const xmlNode *n, const char *name);

/* moderngov_attendance.c */
int mg_attendees(struct mg_ctx *c, const xmlNode *list, int64_t meeting);

#endif
