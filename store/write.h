/*
** write.h — the store's write and record-level read API, used by govctl
** and the importers.  Every function returns 0 or a negative errno and sets
** store_errmsg(): -EINVAL bad value, -ENOENT unknown reference, -EEXIST
** duplicate, -EBUSY database locked, -EIO anything else.
**
** Writes made between store_begin() and store_commit() are one
** transaction; store_rollback() leaves the database as it was.  Outside a
** transaction each write commits on its own.
*/
#ifndef GOVFS_WRITE_H
#define GOVFS_WRITE_H

#include <stdint.h>

#include "store.h"

struct minutes_page;

int store_begin(store *s);
int store_commit(store *s);
/* How many transactions this process has committed (govctl waits for the
   mounts after one); store_count_commit counts one more. */
unsigned long store_commits(void);
void store_count_commit(void);
int store_rollback(store *s);

/* ---- records ------------------------------------------------------------
** Input records: strings are borrowed for the call; NULL means unset.
*/
struct board_rec {
	const char *slug, *name, *council, *kind, *remit;
	const char *source, *source_id;   /* e.g. "moderngov", "123" */
	int expired, deleted;
};

struct meeting_rec {
	int64_t board_id;
	const char *date;                 /* YYYY-MM-DD, required */
	const char *time, *location, *status;
	const char *source, *source_id;
};

/* A labelled field of a page as printed ("Reason Key", "SLT date"). */
struct field_rec {
	const char *label;                /* required, one line */
	const char *value;                /* NULL: "" */
};

struct item_rec {
	int64_t meeting_id;
	const char *number;               /* as printed: "5", "4a" */
	int ord;                          /* order in the meeting; 0 = last */
	const char *title, *subtitle, *purpose, *minutes, *decision;
	const char *source_url;
	const char *source, *source_id;
	const char *digest;               /* of the imported page, or NULL */
	int partial;                      /* the page was cut off */
	/* Decision-record fields, NULL where the page does not give them. */
	const char *decision_maker, *decision_status;
	const char *key_decision, *call_in;          /* "yes" or "no" */
	const char *reasons, *alternatives, *author;
	const char *published, *decided, *effective_from;  /* YYYY-MM-DD */
	/* Every other labelled field of the page, in page order. */
	const struct field_rec *fields;
	size_t nfields;
};

/* A ModernGov issue of a council (issues/<slug>/). */
struct issue_rec {
	const char *council;              /* council name (created if missing) */
	const char *source_id;            /* the ModernGov IId as printed
	                                     ("10698"), or NULL */
	const char *title;                /* required */
	const char *decision_maker, *decision_due, *key_decision,
	           *lead_officer, *wards, *status, *summary;
	const struct field_rec *fields;   /* other labelled fields */
	size_t nfields;
};

struct action_rec {
	int64_t board_id;                 /* 0: the item's board */
	int64_t item_id, resolution_id;   /* 0: none */
	const char *text, *owner, *due, *status, *rag;
	int progress;
	const char *note;                 /* first history entry's note */
};

/* Changes to an action: NULL / -1 leaves a field as it is. */
struct action_change {
	const char *status, *owner, *due, *rag, *text, *note;
	int progress;
};

/* Creates the council when missing (by name). */
int store_board_add(store *s, const struct board_rec *b, int64_t *id);
/* Updates an existing board found by (source, source_id) or slug. */
int store_board_upsert(store *s, const struct board_rec *b, int64_t *id);
int store_meeting_add(store *s, const struct meeting_rec *m, int64_t *id);
int store_meeting_upsert(store *s, const struct meeting_rec *m, int64_t *id);
int store_item_add(store *s, const struct item_rec *it, int64_t *id);
int store_item_upsert(store *s, const struct item_rec *it, int64_t *id);
/* The next free item number of a meeting: one more than the largest
   leading number of its items ("1" for none), into out. */
int store_item_next_number(store *s, int64_t meeting_id, char out[16]);
/*
** An issue found by (council, source "moderngov", source_id
** "<council-slug>/<IId>") when r->source_id is set, else by (council,
** title), and updated: fields given replace those stored, fields not
** given (NULL) stay, other fields are added or updated by label.  Else
** added, named by its title (issues/<slug>).  The council is created
** when missing.  *id (may be NULL) gets the issue's id.
*/
int store_issue_upsert(store *s, const struct issue_rec *r, int64_t *id);
/* Link an item to an issue (no change if linked). */
int store_item_issue_add(store *s, int64_t item_id, int64_t issue_id);
/*
** The board that is committee `committee` of council `council`: found
** by its name (case- and punctuation-insensitive) among that council's
** boards (else the one board of that name with no council), else
** created when create is set (slug from the committee name, or
** "<council-slug>-<name>" when another board has that, made unique).
** council NULL: any council's board of that name; two of them ->
** -EEXIST naming both boards' paths.  -ENOENT when none and not create.
*/
int store_board_place(store *s, const char *council, const char *committee,
                      int create, int64_t *board_id);
/* Adds, or updates the item's resolution at ord in place. */
int store_resolution_add(store *s, int64_t item_id, int ord,
                         const char *label, const char *text,
                         const char *kind, const char *membership,
                         const char *due, int64_t *id);
int store_document_add(store *s, int64_t item_id, int ord, const char *title,
                       const char *url, const char *published);
/* For a re-import in place: drop an item's documents and people links and
   its resolutions after the first keep (resolution_add updates those in
   place, by order, so derived actions stay linked). */
int store_item_clear(store *s, int64_t item_id, int keep);
/* Find the person by name or create them; role is set when given. */
int store_person_get(store *s, const char *name, const char *role,
                     int64_t *id);
int store_attendance_add(store *s, int64_t meeting_id, int64_t person_id,
                         const char *role, const char *note);
int store_item_person_add(store *s, int64_t item_id, int64_t person_id,
                          const char *role);
int store_action_add(store *s, const struct action_rec *a, int64_t *id);
int store_action_set(store *s, int64_t id, const struct action_change *c);
int store_plan_add(store *s, const char *slug, const char *name,
                   const char *period, const char *priorities, int64_t *id);
int store_plan_item_add(store *s, int64_t plan_id, int64_t item_id);

/* ---- references --------------------------------------------------------
** A reference is a record's path in the tree (relative to its root, as
** tab completion in a mount gives it) or its numeric id.
*/
int store_board_find(store *s, const char *ref, int64_t *id);
int store_meeting_find(store *s, int64_t board_id, const char *date_or_ref,
                       int64_t *id);
int store_item_find(store *s, const char *ref, int64_t *id);
int store_action_find(store *s, const char *ref, int64_t *id);
int store_plan_find(store *s, const char *ref, int64_t *id);
int store_issue_find(store *s, const char *ref, int64_t *id);
/* The item's resolution labelled label (as printed: "(a)", "2."). */
int store_resolution_find(store *s, int64_t item_id, const char *label,
                          int64_t *id);
/* Record where an item's page came from (no change if the same). */
int store_item_source_url(store *s, int64_t item_id, const char *url);
int store_item_by_number(store *s, int64_t meeting_id, const char *number,
                         int64_t *id);

/* ---- records by source --------------------------------------------------
** For the importers of a web service's records (import/moderngov.c):
** rows found by their source ("moderngov") and source id, and writes that
** leave a re-imported record as the source has it now.
*/
#define STORE_SLUG_MAX 64   /* a name in the tree, at most */

/* Set the store's error message (as store_errmsg gives it) and return rc,
   a negative errno: for an importer's message naming file and line. */
int store_error(store *s, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The slug (a name in the tree) of text into out (outsz bytes, >= 2):
   lowercase letters, digits and single dashes, never empty. */
void store_slug(const char *text, char *out, size_t outsz);
/* The slug of council name: the recorded council's, else the slug of the
   name (as it will be recorded); *other gets the name of another council
   with that slug (malloc'd, caller frees) or NULL.  0 or -errno. */
int store_council_slug(store *s, const char *name,
                       char slug[STORE_SLUG_MAX + 1], char **other);
/* Rows of source stored by an older govctl with a bare id (all digits)
   get "<council-slug>/<id>": the council of the row's board, else the
   one remembered in meta "<source>.council", else council, which a
   board with no council gets too.  0 or -errno. */
int store_source_upgrade(store *s, const char *source, const char *council);
enum store_source_table {
	STORE_SOURCE_BOARD, STORE_SOURCE_MEETING, STORE_SOURCE_ITEM
};
/* The row of table t with that source and source id into *id, and its
   parent (a meeting's board, an item's meeting; 0 for a board) into
   *parent (may be NULL).  0, -ENOENT or -EIO; no message. */
int store_source_find(store *s, enum store_source_table t,
                      const char *source, const char *source_id,
                      int64_t *id, int64_t *parent);
/* May a new board of council be named slug?  1 if no board is, or the one
   that is was recorded by hand (no source id) for no council or this one;
   0 if not, with *foreign set when it is another council's; or -errno. */
int store_board_slug_free(store *s, const char *slug, const char *council,
                          int *foreign);
/* The board named name (any case) of council or of none, the council's
   first, then live ones, then those of source: 0, -ENOENT or -EIO. */
int store_board_by_name(store *s, const char *name, const char *council,
                        const char *source, int64_t *id);
/* Is the meeting's first item numbered number from a source (*sourced)?
   0, or -ENOENT when the meeting has no such item. */
int store_item_number_sourced(store *s, int64_t meeting, const char *number,
                              int *sourced);
/* Delete the item's resolutions after the first keep. */
int store_resolutions_trim(store *s, int64_t item, int keep);
/* The item's documents become d[0..n), in order; nothing is written when
   they are those already. */
struct document_rec { const char *title, *url, *published; };
int store_item_documents_set(store *s, int64_t item,
                             const struct document_rec *d, size_t n);
/* The person's one attendance record at the meeting: role (and note),
   any record of another role there replaced. */
int store_attendance_set(store *s, int64_t meeting, int64_t person,
                         const char *role, const char *note);
/* The person's attendance records at the meeting become v[0..n) (each
   role once, with its note): their records of other roles there go,
   those of the same roles are kept (their note updated when it
   changed). */
struct attendance_rec { const char *role, *note; };
int store_attendance_set_n(store *s, int64_t meeting, int64_t person,
                           const struct attendance_rec *v, size_t n);
/* store_person_get for an attendee of meeting: role is set only when the
   person attends no meeting dated after this one (their latest
   meeting's role, whatever the order of the imports). */
int store_person_attendee(store *s, const char *name, const char *role,
                          int64_t meeting, int64_t *id);
/* ---- corrections (correct.c) -------------------------------------------
** Remove, move and rename records.  Each is one transaction (its own, or
** the caller's), recorded in the correction log (store_list_corrections)
** and, for each action it changes, in the action's history.  A mount
** shows the change within a second like any other write.  said (may be
** NULL) gets what was done, for people: one line, or for a merge one
** line per meeting and a last line.  Errors: -ENOENT unknown record,
** -ENOTEMPTY a board or meeting with records in it and not recursive,
** -EEXIST the new name or number is taken, -EALREADY nothing to change,
** -EINVAL a bad value; the database is then unchanged.
*/
/* An item; its actions are kept, detached from it, with a line of
   history naming it, or removed with it when recursive. */
int store_item_rm(store *s, int64_t id, int recursive, struct buf *said);
/* A meeting; one with items only when recursive (items and their actions
   go too). */
int store_meeting_rm(store *s, int64_t id, int recursive, struct buf *said);
/* A board; one with meetings or actions only when recursive. */
int store_board_rm(store *s, int64_t id, int recursive, struct buf *said);
int store_action_rm(store *s, int64_t id, struct buf *said);
/* An issue; the items that took it stay. */
int store_issue_rm(store *s, int64_t id, struct buf *said);
/* An item to meeting (0: its own) as number (NULL: its own); its actions
   follow it to the meeting's board.  Another item of that meeting with
   that number: -EEXIST. */
int store_item_mv(store *s, int64_t id, int64_t meeting, const char *number,
                  struct buf *said);
/* A meeting to board (0: its own) on date (NULL: its own), named
   <date>, or <date>-2 ... when the board has one that day; the actions
   of its items follow it. */
int store_meeting_mv(store *s, int64_t id, int64_t board, const char *date,
                     struct buf *said);
/* A board's slug (NULL: the same) and name (NULL: the same): the old
   path is gone, every record stays. */
int store_board_rename(store *s, int64_t id, const char *slug,
                       const char *name, struct buf *said);
/* Board from into board into: its meetings move (a meeting on a date
   into has one too joins that one, unless item numbers clash: then it
   becomes <date>-2), its actions move, and board from is removed. */
int store_board_merge(store *s, int64_t from, int64_t into,
                      struct buf *said);

/* The record a reference names.  With *kind REC_* the reference is read
   as that kind's (store_*_find: ids, slugs, paths); with 0, as a path in
   the tree (or issues/<slug>), and *kind is set.  0 or -errno. */
enum { REC_BOARD = 1, REC_MEETING, REC_ITEM, REC_ACTION, REC_ISSUE };
int store_record_find(store *s, const char *ref, int *kind, int64_t *id);

/* ---- import ------------------------------------------------------------ */

/* Where a text page goes when the page does not say. */
struct import_place {
	const char *board;       /* board reference */
	const char *date;        /* YYYY-MM-DD */
	const char *number;      /* item number */
	const char *url;         /* source URL */
	const char *council;     /* the page's council: its committee is that
	                            council's board, created if new
	                            (store_board_place); NULL: a board of that
	                            name of any council */
	const struct item_rec *more;  /* what the page says beyond minutes
	                            (partial, decision-record and other
	                            fields; the rest of it unused), or NULL */
};

enum { IMPORT_ADDED = 1, IMPORT_UNCHANGED = 2, IMPORT_REPLACED = 3 };

/*
** Store one parsed page (one item of it) as an item with its
** resolutions, people, documents and derived actions.  name is the file
** name for messages.  Placed by where, else by what the page says; an
** item with no number is the meeting's item of the same page (digest) if
** there is one, else takes the next free number.  The same page imported
** again is a no-op (IMPORT_UNCHANGED); a different page at the same
** board, date and number is an error (-EEXIST) unless replace is set.
** Returns IMPORT_* (>0) or a negative errno.
*/
int store_import_page(store *s, const struct minutes_page *p,
                      const struct import_place *where, const char *name,
                      int replace, int64_t *item_id);

/* The path of item (store_node_path's), without a query for an item
   the transaction has just added (its meeting's path asked once). */
int store_import_item_path(store *s, int64_t item, struct buf *out);

/* The digest of a page's item p (16 hex digits into out): equal digests,
   the same page.  No shared state: safe on any thread (the import's
   readers take it ahead of the writer, into p->digest). */
void store_page_digest(const struct minutes_page *p, char out[17]);

/*
** An open action on item for text (from resolution, or 0), unless the
** item already has one for that resolution or with that text.  Returns 1
** when it added one, 0 when it was there, or a negative errno.
*/
int store_import_action(store *s, int64_t item, int64_t resolution,
                        const char *text, const char *due, const char *note);

/*
** A new item of a web service's record, written at once as
** store_import_page writes a page's: store_item_new_begin adds item r
** (its meeting on board, both found or added in this transaction) and
** until store_item_new_end its resolutions (store_resolution_add),
** documents (store_document_add, store_item_documents_set) and actions
** (store_import_action) go in with the insert triggers idle; the end does
** their work once (ok 0: the import failed and is rolled back).  Outside
** a transaction the rows go in one by one.  0 or -errno.
*/
int store_item_new_begin(store *s, const struct item_rec *r, int64_t board,
                         int64_t *id);
int store_item_new_end(store *s, int ok);

/* ---- listings ----------------------------------------------------------
** For govctl's list commands: each row as a JSON object (jansson), which
** govctl prints as text, TSV or JSON.  The callback borrows the object.
*/
struct json_t;
typedef int (*store_row_fn)(void *ctx, struct json_t *row);
int store_list_boards(store *s, store_row_fn fn, void *ctx);
int store_list_meetings(store *s, int64_t board_id, store_row_fn fn,
                        void *ctx);

/* Actions filtered by status ("open" means open or in_progress), overdue
   only, and board (0 = all).  Rows are the columns of actions.tsv. */
struct action_filter {
	const char *status;
	int overdue;
	int64_t board_id;
	const char *owner;       /* owner contains it (any case), or NULL */
	const char *due_before;  /* due before this YYYY-MM-DD, or NULL */
};
int store_list_actions(store *s, const struct action_filter *f,
                       store_row_fn fn, void *ctx);

/* The correction log, oldest first: id, at, verb (rm, mv, rename,
   merge), kind, record (its id), old and new (paths; new is null for a
   removal), detail. */
int store_list_corrections(store *s, store_row_fn fn, void *ctx);

/* Rendered table of actions in the given format: "tsv" or "csv". */
int store_actions_table(store *s, const struct action_filter *f,
                        const char *format, struct buf *out);

/* Counts for README and `govctl stats`. */
struct store_counts {
	int64_t boards, meetings, items, resolutions, actions, open, overdue,
	        done, people, plans, documents, issues;
};
int store_counts(store *s, struct store_counts *c);

/*
** Write the whole tree (without search/) under dir as plain files,
** folders and relative symlinks, with the tree's mtimes.  dir must be
** missing or empty.  Counts what it wrote in *n (may be NULL).
*/
struct export_counts { int64_t dirs, files, links, bytes; };
int store_export(store *s, const char *dir, struct export_counts *n);

/* Validation shared by govctl and the importers. */
int store_valid_date(const char *s);     /* YYYY-MM-DD, a real date */
int store_valid_status(const char *s);
int store_valid_rag(const char *s);
/* The statuses and RAG ratings an action may have (NULL-terminated). */
extern const char *const store_statuses[];
extern const char *const store_rags[];

#endif
