/*
** sync.h — follow a council's ModernGov web service (govctl sync):
** GetCommittees, then GetMeetings per committee in slices of
** SYNC_SLICE_MONTHS months, then GetMeeting per meeting, each answer
** checked (fetch.c) and imported by mg_import in its own transaction
** together with what was fetched (syncstate.h), so that a sync killed at
** any moment leaves a consistent database and the next one goes on.
*/
#ifndef GOVFS_SYNC_H
#define GOVFS_SYNC_H

#include <stddef.h>

#include "fetch.h"
#include "store.h"

#define SYNC_SLICE_MONTHS  3     /* months per GetMeetings request */
#define SYNC_RECHECK_DAYS  120   /* a past meeting without minutes is
                                    fetched again for this many days */
#define SYNC_BACK_DAYS     365   /* default --from: a year ago */
#define SYNC_AHEAD_DAYS    180   /* default --to: six months ahead */
#define SYNC_COUNCILLORS_RETRY_DAYS 30
                                 /* GetCouncillorsByWard found not offered
                                    is asked for again after this long */
#define SYNC_DOC_GIVE_UP   5     /* documents failing in a row (no answer,
                                    or a server error) end a council's
                                    documents for this sync */

/* Where a sync is, for a progress line. */
struct sync_progress {
	const char *council;
	int committee, committees;     /* k of n (1-based; 0: none yet) */
	int meeting, meetings;         /* k of n in this committee */
	int document, documents;       /* k of n (--documents) */
	const struct fetch_stats *net;
};

struct sync_opts {
	const char *council;           /* --council, or NULL */
	const char *const *committees; /* --committee ID|NAME..., or none */
	int ncommittees;
	const char *from, *to;         /* YYYY-MM-DD, or NULL: defaults */
	struct fetch_opts fetch;
	int documents;                 /* SYNC_DOCS_*: fetch the documents */
	size_t max_document;           /* bytes a document may have (0:
	                                  FETCH_DOC_MAX_BYTES) */
	const char *const *doc_hosts;  /* --document-host: hosts (and their
	                                  subdomains) documents are fetched
	                                  from besides the site's; "*": any */
	int ndoc_hosts;
	/* called at each step (NULL: none) */
	void (*progress)(void *ctx, const struct sync_progress *p);
	/* called with each failure's one-line message */
	void (*report)(void *ctx, const char *msg);
	void *ctx;
};

/* What of the councils' supporting documents a sync fetches. */
enum { SYNC_DOCS_NONE = 0, SYNC_DOCS_ALSO, SYNC_DOCS_ONLY };

/* What a sync did (added up over councils). */
struct sync_summary {
	int councils;
	int fetched;                   /* answers imported (new or changed) */
	int unchanged;                 /* 304, or the same body as before */
	int skipped;                   /* meetings not asked for: minutes in,
	                                  or past SYNC_RECHECK_DAYS */
	int failed;                    /* answers refused or not had */
	int meetings;                  /* GetMeeting answers imported */
	int withdrawn;                 /* meetings the site no longer lists,
	                                  newly marked so (never deleted) */
	int doc_fetched;               /* documents kept (new or changed) */
	int doc_unchanged;             /* 304, or the same bytes */
	int doc_failed;                /* not had: recorded, tried again
	                                  next sync */
	int doc_no_text;               /* of doc_fetched and doc_unchanged:
	                                  kept, but no text extracted */
	int doc_skipped;               /* not fetched: on another host than
	                                  the site's (recorded) */
	long requests;
	long conditional;
	long long bytes;
};

/*
** The web service's URL of a site given in any form: a host, a host with
** a path, with or without a trailing slash, http or https (https when no
** scheme is given), a page of the site or the service itself
** (".../mgWebService.asmx[/Method]").  Sets *out to a malloc'd
** "scheme://host[:port]/path/mgWebService.asmx" (never a doubled slash)
** and returns 0, or -EINVAL with err set.
*/
int sync_base_url(const char *in, char **out, char *err, size_t errlen);

/* The council name a service URL's host suggests ("democracy.manchester
   .gov.uk" -> "manchester"), malloc'd; NULL when out of memory. */
char *sync_default_name(const char *base_url);

/*
** Sync the council at url (any form sync_base_url takes), named
** opt->council or as remembered, or as its host suggests.  Adds to *sum.
** Returns 0 when every answer was had and imported; 1 when some failed
** (each reported, the rest done); or a negative errno when it could not
** start (bad URL, the name taken, the database) with store_errmsg or the
** report saying why.
*/
int sync_council(store *s, const char *url, const struct sync_opts *opt,
                 struct sync_summary *sum);

/* Sync every council followed (opt->council must be NULL).  As
   sync_council; 0 councils followed is -ENOENT. */
int sync_all(store *s, const struct sync_opts *opt,
             struct sync_summary *sum);

/* (for syncdoc.c) Report the message fmt, ... through opt->report. */
void sync_tell(const struct sync_opts *opt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
** (syncdoc.c, for sync.c) Fetch the supporting documents of council's
** items that are due (store_docurl_due) with f, one transaction each,
** those on the host of base_url (the site's service URL), its
** subdomains and opt->doc_hosts; the others are recorded as not fetched
** with the reason and counted in sum->doc_skipped:
** new bytes are extracted (pdf_extract, outside the transaction) and
** kept; a failure is recorded with its reason.  prog is updated and
** shown through opt->progress.  Adds to *sum; returns 1 when some
** document could not be had (each reported), else 0.
*/
int sync_documents(store *s, fetch *f, const char *council,
                   const char *base_url, const struct sync_opts *opt,
                   struct sync_progress *prog, struct sync_summary *sum);

/*
** (for syncdoc.c and its tests) The host of an http or https url,
** lowercased, without user, port or brackets, into out (max bytes): 0,
** or -EINVAL when it has none.  sync_host_allowed: is url's host that of
** base_url, a subdomain of it, or one of hosts (each with its
** subdomains; "*" any)?
*/
int sync_host(const char *url, char *out, size_t max);
int sync_host_allowed(const char *url, const char *base_url,
                      const char *const *hosts, int nhosts);

#endif
