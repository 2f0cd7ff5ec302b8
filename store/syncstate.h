/*
** syncstate.h — what govctl sync remembers (schema 7): the councils it
** follows, and per answer of their web services its validators (ETag,
** Last-Modified), its body's digest and when it was fetched; for a
** meeting its date and whether its minutes were published.  Functions
** return 0 or a negative errno with store_errmsg() set.
*/
#ifndef GOVFS_SYNCSTATE_H
#define GOVFS_SYNCSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The kinds of answer kept (sync_doc.kind). */
#define SYNC_COMMITTEES  "committees"
#define SYNC_MEETINGS    "meetings"
#define SYNC_MEETING     "meeting"
#define SYNC_COUNCILLORS "councillors"

/* The digest of a record of an answer the site does not offer (its body:
   what came back instead). */
#define SYNC_NOT_OFFERED "none"

/* A followed council; strings malloc'd (store_sync_council_free). */
struct sync_council {
	int64_t id;
	char *name, *base_url;
	int64_t last_sync;             /* ms, or 0: never finished */
};
void store_sync_council_free(struct sync_council *c);

/*
** Follow council name at base_url.  When base_url is followed already,
** *out is that council and name must be NULL or its name (-EEXIST with a
** message naming both otherwise); when it is not, name (required) must
** be no other followed URL's (-EEXIST).  Returns 0 and fills *out.
*/
int store_sync_follow(store *s, const char *name, const char *base_url,
                      struct sync_council *out);

/* The council followed at base_url: 0, or -ENOENT. */
int store_sync_council_get(store *s, const char *base_url,
                           struct sync_council *out);

/* Every followed council, by name: fn gets each (its strings are valid
   during the call); fn's non-zero return stops the walk and is returned. */
typedef int (*store_sync_council_fn)(void *ctx, const struct sync_council *c);
int store_sync_councils(store *s, store_sync_council_fn fn, void *ctx);

/* Forget council id if nothing of it was ever fetched (its first sync
   could not even list its committees).  0 or -errno. */
int store_sync_unfollow_empty(store *s, int64_t council);

/* Record that a sync of council id finished now. */
int store_sync_finished(store *s, int64_t council);

/* One answer's record.  Strings borrowed for store_sync_put; malloc'd
   by store_sync_get (store_sync_doc_free). */
struct sync_doc {
	int found;                     /* store_sync_get: a row exists */
	const char *url;
	char *etag, *last_modified, *digest;
	int64_t fetched;               /* ms */
	char *meeting_date;            /* YYYY-MM-DD (meetings only) */
	int minutes;                   /* published: 1, 0, or -1 unknown */
	char *body;                    /* the body (lists only), NUL-ended */
	size_t body_len;
};
void store_sync_doc_free(struct sync_doc *d);

/* The record of answer (kind, ref) of council: 0 (d->found 0 or 1). */
int store_sync_get(store *s, int64_t council, const char *kind,
                   const char *ref, struct sync_doc *d);

/* Add or replace that record; fetched is set to now.  0 or -errno. */
int store_sync_put(store *s, int64_t council, const char *kind,
                   const char *ref, const struct sync_doc *d);

/*
** A councillor of GetCouncillorsByWard: the person called name (created
** if new) gets party and ward (NULL: none), and role when it is given
** (their key posts).  Sets *id.  0 or -errno.
*/
int store_person_councillor(store *s, const char *name, const char *party,
                            const char *ward, const char *role,
                            int64_t *id);

/* The mark a meeting's status gets when the site no longer lists it:
   "<status>; withdrawn from the site on YYYY-MM-DD", or "Withdrawn from
   the site on YYYY-MM-DD" alone. */
#define SYNC_WITHDRAWN "withdrawn from the site on "

/* A meeting newly marked withdrawn (valid during the callback). */
struct sync_withdrawn {
	const char *id;                /* its ModernGov id */
	const char *date;              /* YYYY-MM-DD */
	const char *path;              /* boards/<board>/meetings/<slug> */
};
typedef void (*store_sync_withdrawn_fn)(void *ctx,
                                        const struct sync_withdrawn *w);

/*
** GetMeetings of committee (its ModernGov id) of council (its name) from
** day from to day to listed the meetings ids[0..n) (ModernGov ids).  The
** meetings of that committee's board on those days that the list does
** not hold are marked withdrawn on day today (SYNC_WITHDRAWN, in their
** status; nothing of them is deleted), once: each newly marked goes to
** fn, and *marked counts them.  Those the list holds lose the mark
** (listed again).  Inside the caller's transaction.  0 or -errno.
*/
int store_sync_withdrawn(store *s, const char *council,
                         const char *committee, const char *from,
                         const char *to, const char *const *ids, size_t n,
                         const char *today, store_sync_withdrawn_fn fn,
                         void *ctx, int *marked);

/* Now, in ms since the epoch, as the store's records say it (GOVCTL_NOW
   fixes it). */
int64_t store_sync_now_ms(store *s);

/* Today, "YYYY-MM-DD" (GOVCTL_NOW if set). */
void store_sync_today(store *s, char out[11]);

#endif
