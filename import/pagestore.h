/*
** pagestore.h — store a read page (page.h) through the store's write API:
** its items placed by the meeting it names, what it says beyond minutes
** (decision-record fields, the partial mark, other labelled fields), and
** the issue an issue page is, or its items belong to.
*/
#ifndef GOVFS_PAGESTORE_H
#define GOVFS_PAGESTORE_H

#include <stddef.h>
#include <stdint.h>

#include "page.h"
#include "store.h"
#include "write.h"

struct page_stored {
	int status;          /* IMPORT_ADDED if an item was added, else
	                        IMPORT_REPLACED if one was replaced, else
	                        IMPORT_UNCHANGED */
	int64_t *items;      /* the items, page order (malloc'd) */
	size_t nitems;
	int64_t issue;       /* the issue stored or found, or 0 */
	size_t nres, nactions;   /* the page's resolutions and the actions
	                            they and its further information ask for */
	char msg[512];       /* an error of the page's own, else "" (the
	                        store's message is in store_errmsg) */
};

/*
** Store pg (read from file name) where w says, else where the page says:
** each item in the meeting it names (w->council: its committee is that
** council's board, created if new), its number the page's, else the next
** free one.  An issue page (and the issue an "Issue - meetings" or "Issue -
** decisions" page is of) is stored as the council's issue when the
** council is known (w->council), its items linked to it.  Returns 0 and
** fills *out (free with page_stored_free), or a negative errno with the
** message in out->msg or store_errmsg(): a page that names no meeting
** says what to give ("give --board and --date").
*/
int page_store(store *s, const struct page *pg, const struct import_place *w,
               const char *name, int replace, struct page_stored *out);
void page_stored_free(struct page_stored *r);

#endif
