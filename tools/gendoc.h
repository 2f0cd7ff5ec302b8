/*
** gendoc.h — the reports of `govctl generate --documents` (gendoc.c):
** one PDF per item, distinct, made in memory, its text extracted by
** pdf_extract (as govctl document add does) in worker processes, kept
** and attached to the item in the caller's transaction, in item order.
*/
#ifndef GOVFS_GENDOC_H
#define GOVFS_GENDOC_H

#include <stdint.h>

#include "store.h"

struct buf;
struct gendoc;

/* What making the reports took (gendoc_stats). */
struct gendoc_stats {
	long made, failed;          /* reports; those without text */
	long long pages;            /* pages extracted */
	int64_t extract_ns;         /* in pdf_extract, summed over workers */
	int jobs;                   /* extracting processes */
};

/*
** Into out, the PDF report of the made-th item of the corpus of seed:
** pages pages headed title, its prose, tables and figures its own (the
** same arguments, the same bytes).  0 or -ENOMEM.
*/
int gendoc_pdf(struct buf *out, const char *title, long seed, long made,
               int pages);

/*
** Start making reports of pages pages for the corpus of seed, extracted
** in jobs worker processes (1: in this one).  Fork before opening the
** database.  *out is freed by gendoc_end.  0 or -errno.
*/
int gendoc_start(struct gendoc **out, int pages, int jobs, long seed);

/*
** The made-th item (item id in s, titled title) gets its report: made
** and extracted (by a worker), then kept and attached to item with the
** URL its page links (url), once the reports before it are.  0, or an
** exit status (the message printed).
*/
int gendoc_add(struct gendoc *g, store *s, long made, const char *title,
               int64_t item, const char *url);

/* Keep the reports still in the workers.  0, or an exit status. */
int gendoc_finish(struct gendoc *g, store *s);

/* The made-th item's report as DIR/NNNNNNNN.pdf (generate --pages).
   0, or an exit status. */
int gendoc_write(struct gendoc *g, long made, const char *title,
                 const char *dir);

void gendoc_stats(const struct gendoc *g, struct gendoc_stats *st);

/* Stop the workers, free g (NULL: nothing). */
void gendoc_end(struct gendoc *g);

#endif
