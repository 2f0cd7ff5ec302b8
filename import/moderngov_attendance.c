/*
** moderngov_attendance.c — the attendees of a GetMeeting response (its
** attendees element) as the meeting's attendance: each person (name,
** party and ward), how they attended and in what role, one record per
** person and attendance however often they are listed.  moderngov.c
** reads the rest of the document and calls mg_attendees last.
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moderngov_int.h"

/* "a, b<suffix>" of two attributes of attendee a, either missing; NULL
   if both are. */
static const char *mg_attr_pair(struct mg_pool *p, const xmlNode *a,
                                const char *name1, const char *name2,
                                const char *suffix)
{
	const char *v1 = mg_attr(p, a, name1), *v2 = mg_attr(p, a, name2);
	struct buf b = { 0 };

	buf_puts(&b, v1);
	if (v2) {
		buf_puts(&b, v1 ? ", " : "");
		buf_puts(&b, v2);
		buf_puts(&b, suffix);
	}
	if (!buf_ok(&b))
		p->oom = 1;
	if (!buf_ok(&b) || !b.len) {
		buf_free(&b);
		return NULL;
	}
	return mg_keep(p, buf_detach(&b));
}

/* One attendee element, its strings in the meeting's pool. */
struct mg_att {
	const xmlNode *at;
	const char *name, *role, *att, *note;
	int done;                      /* merged into another, or written */
};

/*
** Attendee a: the person (name attribute; role "LAB, Charlestown ward"
** from politicalparty and ward), attending as the attendance attribute
** says, lowercased ("expected", "present", "apologies"; "member" if it is
** missing), noted with their role on the committee and their key posts
** at the time ("Chair, Chair of Health Scrutiny Committee":
** roledescription, keyposts).  Into *out, its strings in p.
*/
static int mg_attendee(struct mg_ctx *c, struct mg_pool *p, const xmlNode *a,
                       struct mg_att *out)
{
	char *att, *q;

	memset(out, 0, sizeof *out);
	out->at = a;
	out->name = mg_attr(p, a, "name");
	att = mg_attr(p, a, "attendance");
	out->role = mg_attr_pair(p, a, "politicalparty", "ward", " ward");
	out->note = mg_attr_pair(p, a, "roledescription", "keyposts", "");
	if (p->oom)
		return mg_oom(c, p, a);
	if (!out->name)
		return mg_fail(c, a, -EINVAL, "attendee: missing name");
	for (q = att; q && *q; q++)
		*q = (char)tolower((unsigned char)*q);
	out->att = att ? att : "member";
	return 0;
}

/* Is x one of the "; "-separated parts of list? */
static int mg_note_has(const char *list, const char *x)
{
	size_t n = strlen(x);
	const char *q;

	for (q = list; (q = strstr(q, x)) != NULL; q++)
		if ((q == list || (q - list >= 2 && q[-2] == ';' &&
		     q[-1] == ' ')) && (q[n] == '\0' || q[n] == ';'))
			return 1;
	return 0;
}

/* The note "a; b" of two listings' notes (either NULL), in p; b not added
   when a has it already. */
static const char *mg_note_join(struct mg_pool *p, const char *a,
                                const char *b)
{
	char *both;

	if (!a)
		return b;
	if (!b || mg_note_has(a, b))
		return a;
	return mg_keep(p, asprintf(&both, "%s; %s", a, b) < 0 ? NULL : both);
}

/*
** The attendees of meeting (the attendees element), as its whole
** attendance record: each person's records there become those of this
** list (one listed "expected" before the minutes said "present" has
** that one only).  A person listed more than once keeps each
** attendance, and each of their roles: the notes of the listings of
** one attendance are joined ("Chair; Committee Member").  The person's
** role is set from the meeting when it is their latest.
*/
int mg_attendees(struct mg_ctx *c, const xmlNode *list, int64_t meeting)
{
	struct mg_pool p = { 0 };
	struct mg_att *v = NULL, *t;
	struct attendance_rec *rec = NULL;
	const xmlNode *n;
	size_t len = 0, i, j, k;
	int64_t person;
	int rc = 0;

	for (n = mg_child(list, "attendee"); n && rc == 0; n = mg_next(n)) {
		t = realloc(v, (len + 1) * sizeof *v);
		if (!t) {
			rc = mg_fail(c, n, -ENOMEM, "out of memory");
			break;
		}
		v = t;
		rc = mg_attendee(c, &p, n, &v[len]);
		len += rc == 0;
	}
	/* the same person and attendance twice: one record, notes joined */
	for (i = 0; rc == 0 && i < len; i++)
		for (j = i + 1; j < len; j++)
			if (!v[j].done && strcmp(v[i].name, v[j].name) == 0 &&
			    strcmp(v[i].att, v[j].att) == 0) {
				v[i].note = mg_note_join(&p, v[i].note,
				                         v[j].note);
				if (!v[i].role)
					v[i].role = v[j].role;
				v[j].done = 1;
				if (p.oom)
					rc = mg_oom(c, &p, v[j].at);
			}
	if (rc == 0 && len && !(rec = calloc(len, sizeof *rec)))
		rc = mg_fail(c, list, -ENOMEM, "out of memory");
	/* each person: their records */
	for (i = 0; rc == 0 && i < len; i++) {
		const char *role = v[i].role;

		if (v[i].done)
			continue;
		k = 0;
		for (j = i; j < len; j++)
			if (!v[j].done && strcmp(v[i].name, v[j].name) == 0) {
				rec[k].role = v[j].att;
				rec[k++].note = v[j].note;
				if (!role)
					role = v[j].role;
				if (j > i)
					v[j].done = 1;
			}
		rc = store_person_attendee(c->s, v[i].name, role, meeting,
		                           &person);
		if (rc == 0)
			rc = store_attendance_set_n(c->s, meeting, person, rec,
			                            k);
		rc = mg_stored(c, v[i].at, rc);
		if (rc == 0)
			c->res->people += (int)k;
	}
	free(rec);
	free(v);
	mg_pool_free(&p);
	return rc;
}
