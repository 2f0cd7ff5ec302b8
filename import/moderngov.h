/*
** moderngov.h — import ModernGov web-service XML (mgWebService.asmx:
** GetCommittees, GetMeetings / GetMeetingsByDate, GetMeeting) with libxml2.
*/
#ifndef GOVFS_MODERNGOV_H
#define GOVFS_MODERNGOV_H

#include <stddef.h>

#include "store.h"

#define MG_MAX_BYTES (64u << 20)   /* larger documents are refused */

struct mg_options {
	const char *council;   /* --council: whose web service the XML came
	                          from (required) */
	const char *board;     /* --board: where a GetMeeting goes if nothing
	                          else places it */
};

/*
** Counts of what an import did, for govctl's report.  boards, meetings,
** items, documents and people count the records of the document that were
** stored (added, updated or already up to date; agenda section headings
** are not items); actions counts the actions added (none on a re-import).
*/
struct mg_result {
	const char *root;      /* "committees", "getmeetings",
	                          "getmeetingsbydate", "meeting" */
	int boards, meetings, items, documents, people, actions;
};

/* 1 if data looks like XML (after a BOM and white space: '<'). */
int mg_is_xml(const char *data, size_t len);

/*
** Import one XML document of len bytes (name for messages) inside the
** caller's transaction.  Returns 0 and fills *res, or a negative errno with
** store_errmsg() set to "NAME:LINE: message" (malformed XML, unknown
** root element, missing ids, invalid dates, times, booleans or counts,
** a DOCTYPE of any kind, a meeting with no known committee), or
** -EDESTADDRREQ when opt gives no council (or one whose slug is another
** council's); the caller then rolls back, as writes may already have been
** made.  Network access, DTD loading and entity expansion are off.
**
** ModernGov ids are per council: every record gets source "moderngov"
** and source_id "<council slug>/<id>".  committees -> boards (slug of the
** title; source_id from committeeid); getmeetings / getmeetingsbydate ->
** meetings of each committee (meetingid); meeting -> the meeting, its
** items (agendaitemid), their resolutions, documents and derived actions,
** and the attendance.  Importing the same response again updates rows in
** place and never duplicates them.  Rows stored by an older govctl with
** the bare id are upgraded to the council form first (their board's
** council, else the one it remembered, else opt's).
*/
int mg_import(store *s, const char *data, size_t len, const char *name,
              const struct mg_options *opt, struct mg_result *res);

/*
** mg_import in two steps, the first on any thread (govctl import does it
** on the reader's, ahead of the writer: import/readahead.c): mg_prepare
** parses the document (name for messages) and works out the text of
** its items' HTML fields and their resolutions, touching no store; its
** failure (too large, empty, malformed, a DOCTYPE) is kept for
** mg_import_prepared, which then stores what mg_import would, or fails as
** it would, with the same message.  mg_prepare returns 0, or -ENOMEM with
** nothing made.  Free with mg_prepared_free (also NULL), on any thread.
*/
struct mg_prepared;
int mg_prepare(const char *data, size_t len, const char *name,
               struct mg_prepared **out);
int mg_import_prepared(store *s, struct mg_prepared *p, const char *name,
                       const struct mg_options *opt, struct mg_result *res);
void mg_prepared_free(struct mg_prepared *p);

/* ModernGov HTML to text: html_fragment_text() in import/html.h. */

#endif
