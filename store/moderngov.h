/*
** moderngov.h — import ModernGov web-service XML (mgWebService.asmx:
** GetCommittees, GetMeetings / GetMeetingsByDate, GetMeeting) with libxml2.
*/
#ifndef GOVFS_MODERNGOV_H
#define GOVFS_MODERNGOV_H

#include <stddef.h>

#include "store.h"

struct mg_options {
	const char *council;   /* --council: for committees (remembered) */
	const char *board;     /* --board: where a GetMeeting goes if nothing
	                          else places it */
};

/* Counts of what an import did, for govctl's report. */
struct mg_result {
	const char *root;      /* "committees", "getmeetings", "meeting" */
	int boards, meetings, items, documents, people, actions;
};

/* 1 if data looks like XML (after a BOM and white space: '<'). */
int mg_is_xml(const char *data, size_t len);

/*
** Import one XML document of len bytes (name for messages) inside the
** caller's transaction.  Returns 0 and fills *res, or a negative errno with
** store_errmsg() set to "NAME:LINE: message" (malformed XML, unknown
** root element, missing ids, invalid dates, entity tricks).  Network
** access and entity expansion are off.
*/
int mg_import(store *s, const char *data, size_t len, const char *name,
              const struct mg_options *opt, struct mg_result *res);

#endif
