/*
** store_int.h — internals shared by the files of store/.  Not for fs/ or
** tools/, which use store.h only.
*/
#ifndef GOVFS_STORE_INT_H
#define GOVFS_STORE_INT_H

#include <ctype.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "write.h"

#define STORE_NSTMT 512   /* slots in the prepared-statement cache */
#define STORE_NBULK 6     /* counter rows kept by store_bulk_end */
#define STORE_NPEOPLE 1024 /* people touched, remembered by store_bulk_end */
#define SLUG_MAX 64       /* a name's length at most (slug.c) */

struct store_stmt_slot {
	const char *sql;      /* a string literal: the cache key is its address */
	sqlite3_stmt *st;
};

/*
** What store_import_page found for the page before, in this transaction
** (store_begin resets it): the board of a committee name, the meeting of
** a board and date, and when that meeting was added in the transaction,
** the items it has (all added by store_import_page, while items_known).
** The next page of the same meeting needs no query, nor its new item's
** name (store_import_slug_free).  The writes that could change an answer
** forget it (store_board_add and _upsert, store_meeting_add, a meeting's
** new date, store_item_add other than the importer's (adding), and
** store_item_upsert); no other writer runs inside the transaction.
*/
#define STORE_IMPORT_ITEMS 64
struct store_import_last {
	int64_t board;                 /* the board of committee, or 0 */
	char committee[128];
	char council[128];             /* of council ("": any) */
	int64_t meeting;               /* of meeting_board on date, or 0 */
	int64_t meeting_board;
	char date[11];
	int items_known;               /* items[] are all the meeting has */
	int nitems;
	struct {
		int64_t id;
		char number[17];
		char slug[SLUG_MAX + 1];
	} items[STORE_IMPORT_ITEMS];
	int adding;                    /* store_import_page's store_item_add */
	int64_t path_meeting;          /* store_import_item_path's meeting */
	char path[2 * SLUG_MAX + 32];  /* and its path */
};

/*
** Bulk insert of a new item's rows (schema 3; 13): between store_bulk_begin
** and store_bulk_end the writers of item, resolution, document, action,
** action_history, item_person and attendance (which have no insert
** triggers: schema 13) skip the work each does for a row (write.c's
** write_added), and store_bulk_end does it once for the item: its
** change-log row (one for the item, which stands for its actions too:
** store_changes), its parents' updated times and the row counters (those
** at commit, by store_bulk_flush).  Only inside a transaction, and only
** for rows of that one item, all of whose actions belong to its meeting's
** board; struct store_bulk says what was added (NULL: nothing,
** on the way out of a failed import).  0 or -errno.
*/
struct store_bulk {
	int64_t meeting, board;        /* the item's */
	int64_t count[STORE_NBULK];    /* rows added: item (1), resolution,
	                                  document, action, open and done
	                                  actions */
	const char **dues;             /* the due dates of the actions added
	                                  (all open, on the board), in order */
	const char **texts;            /* and their texts (import.c) */
	size_t nactions;
	int64_t *people;               /* the people linked (item_person) */
	size_t npeople;
};

/*
** A new item of a web service's record being written (store_item_new_begin
** to store_item_new_end, import.c): its rows go in bulk (b, while bulk),
** and the writes of its resolutions, documents and actions count them
** there.  The actions' texts and due dates are copies (cap: the room in
** b.texts and b.dues).
*/
struct store_item_new {
	int active;
	int bulk;                      /* in bulk mode (inside a transaction) */
	int64_t item;
	struct store_bulk b;
	size_t cap;
};

struct store {
	sqlite3 *db;
	char *path;
	int flags;
	int in_txn;                    /* inside store_begin/commit */
	int tuned;                     /* a reader's page cache is set
	                                  (store_stmt, with the schema) */
	int64_t now_ms;                /* fixed clock from GOVCTL_NOW, or 0 */
	int64_t txn_ms;                /* the clock of the open transaction */
	int bulk;                      /* in bulk mode: store_bulk_begin to
	                                  store_bulk_end */
	int64_t bulk_count[STORE_NBULK]; /* counter rows owed at commit */
	int64_t bulk_touched[2];       /* meeting, board touched by the last */
	int64_t bulk_people[STORE_NPEOPLE]; /* touched in this transaction,
	                                  at id % STORE_NPEOPLE */
	struct store_import_last imp;  /* (import.c) */
	struct {                       /* the item store_item_add added last */
		int64_t id, meeting;
		char slug[SLUG_MAX + 1];
	} last_item;
	struct store_item_new inew;    /* (import.c) */
	char upgraded[256];            /* "source/council" whose rows
	                                  store_source_upgrade upgraded in
	                                  this transaction, or "" */
	char err[1024];
	/* node.c: within one listing, the last row's mtime (a folder's
	   files all ask their item's); depth > 0 while listing.  render.c:
	   item, the item whose row its item statement stays on (0: none) */
	struct { int depth, row; int64_t id, mtime, item; } memo;
	struct store_stmt_slot stmts[STORE_NSTMT];
};

/*
** The cached prepared statement for sql (a string literal), reset, with
** its parameters bound from fmt: 'i' int64_t, 'd' int, 't' const char *
** (NULL binds NULL).  Returns NULL (error message set) on failure.
*/
sqlite3_stmt *store_stmt(store *s, const char *sql, const char *fmt, ...);
/* The cached statement of sql as it is (not reset: still on the row it
   was stepped to), or NULL if sql was never prepared. */
sqlite3_stmt *store_stmt_kept(store *s, const char *sql);

/* Reset every statement still stepping: no read transaction stays open.
   Called on the way out of every public entry point. */
void store_idle(store *s);

/* sqlite3_step: SQLITE_ROW or SQLITE_DONE, or -EIO (message set). */
int store_step(store *s, sqlite3_stmt *st);

/* Run statements with no results (schema, BEGIN, ...). 0 or -EIO. */
int store_exec(store *s, const char *sql);

/* Set the error message and return rc (a negative errno). */
int store_fail(store *s, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same from the connection's last SQLite error; returns -EIO or
   -EEXIST (constraint), -EBUSY (locked). */
int store_sqlfail(store *s, const char *what);

int64_t store_user_version(store *s);
int64_t store_now_ms(store *s);
void store_today(store *s, char out[11]);   /* "YYYY-MM-DD", UTC */
void store_iso_time(int64_t ms, char out[32]); /* "2026-11-23T16:00:00Z" */

/* Column text, never NULL ("" for NULL). */
static inline const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

int schema_migrate(store *s);
/* The change log of a restored database, the one it replaces attached as
   old (schema.c, for store_restore).  0 or -errno. */
int schema_log_replaced(store *s, const char *old, int64_t now);

/* Index the items waiting in fts_pending (done by store_commit, and by
   writes that add items outside a transaction).  0 or -errno. */
int store_fts_flush(store *s);

/* Bulk insert of a new item's rows: see struct store_bulk above. */
int store_bulk_begin(store *s);
int store_bulk_end(store *s, int64_t item, const struct store_bulk *b);
int store_bulk_flush(store *s);

/* 1 if an item of meeting may be named slug (base) with no query: the
   import knows every item of the meeting (store_import_last), and none is
   named that.  0: ask. */
int store_import_slug_free(store *s, int64_t meeting, const char *slug);

/* slug.c */
void slug_make(const char *text, char *out, size_t outsz);
int slug_valid(const char *s);
void slug_item(const char *number, const char *title, char *out, size_t outsz);

/* write.c: helpers of the writers (write.c, records.c).
   write_text: text fit to store (UTF-8, no control characters but tab and
   line breaks), else -EINVAL naming what.  write_run: run a write
   statement to completion, 0 or -errno (-EEXIST for a constraint).
   write_id: the first column of the first row of st, 0, -ENOENT or -EIO.
   write_meta_created: record the database's creation time once.
   write_council: the council named name (0 when name is NULL or ""),
   created when missing.  write_unique_slug: a slug not yet used among
   the rows sql (binding ?1 parent, ?2 slug) finds: base, base-2, ... */
int write_text(store *s, const char *what, const char *v);
int write_run(store *s, sqlite3_stmt *st, const char *what);
int write_id(store *s, sqlite3_stmt *st, int64_t *id);
int write_meta_created(store *s);
int write_council(store *s, const char *name, int64_t *id);
int write_unique_slug(store *s, const char *sql, int64_t parent,
                      const char *base, char *out, size_t outsz);
/* ref.c: references.
   write_numeric: a reference that is all digits as a number, else 0.
   write_ref_path: the row id of the node a path reference names, of kind
   want (a folder: NK_BOARD, NK_ITEM, NK_ISSUE, ...) or a file or folder
   in it; else -EINVAL or -ENOENT with a message naming what. */
int64_t write_numeric(const char *ref);
int write_slug_find(store *s, const char *ref, const char *sql_id,
                    const char *sql_slug, enum node_kind kind,
                    const char *what, int64_t *id);
int write_ref_path(store *s, const char *ref, enum node_kind want,
                   const char *what, int64_t *id);
/* write_history: a line of an action's history (change, and note or
   NULL), at the transaction's time.  write_item_ord: an item's default
   order from its number's leading digits.  write_rows: every row of st
   as a JSON object to fn (store_list_*).  0 or -errno. */
int write_history(store *s, int64_t action_id, const char *change,
                  const char *note);
int write_item_ord(const char *number);
int write_rows(store *s, sqlite3_stmt *st, store_row_fn fn, void *ctx);

/* records.c: an item's decision-record fields checked (write_item_check
   calls it), and its other labelled fields written in page order (fresh:
   the item is new, nothing to replace).  0 or -errno. */
int records_item_check(store *s, const struct item_rec *it);
int records_item_fields(store *s, int64_t item_id,
                        const struct field_rec *f, size_t n, int fresh);

/*
** jsonout.c: JSON written straight into a buffer, laid out as
** json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER) lays out the same
** value v.  jw_begin, then values: each with its key inside an
** object, key NULL inside an array or for the whole; jw_obj and jw_arr
** open a value that jw_end closes.  A string NULL is written as null; an
** invalid UTF-8 one is left out (as jansson left it out).  jw_finish
** adds the newline: 0, or -ENOMEM or -EINVAL (unclosed, or nested deeper
** than JW_DEPTH), b then as it was at jw_begin.
*/
#define JW_DEPTH 16
struct jw {
	struct buf *b;
	size_t start;                  /* b's length at jw_begin */
	int depth, err;
	unsigned n[JW_DEPTH];          /* values written at each level */
	char close[JW_DEPTH];
};
void jw_begin(struct jw *w, struct buf *b);
void jw_obj(struct jw *w, const char *key);
void jw_arr(struct jw *w, const char *key);
void jw_end(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *v);
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_bool(struct jw *w, const char *key, int v);
void jw_null(struct jw *w, const char *key);
int jw_finish(struct jw *w);

/* render.c: the bytes of file node (kind, id), appended to out;
   render_memo_end, when a listing ends (s->memo), lets go of the row it
   kept for the files of one item. */
int render_file(store *s, enum node_kind kind, int64_t id, struct buf *out);
void render_memo_end(store *s);

/* list.c: store_list_actions, each row passed on as it is read, as the
   statement stepped to it (fn reads its columns, by the names that
   store_list_actions gives its members, and must not use the store;
   non-zero stops). */
int store_list_actions_stream(store *s, const struct action_filter *f,
                              int (*fn)(void *ctx, sqlite3_stmt *row),
                              void *ctx);

/* search.c */
int64_t search_register(const char *words);
int search_words(int64_t qid, struct buf *out);
void search_each(void (*fn)(void *ctx, int64_t qid), void *ctx);

/* document.c: the documents/ folder of an item (documents with a kept
   file: its text, then its original), the name of one of its files and
   its item, the two files, and the lines documents.txt and item.json add
   for a document's file (doc_json_fields writes them into w). */
struct doc_ent { enum node_kind kind; int64_t id; char *name; };
int doc_list(store *s, int64_t item_id, struct doc_ent **out, size_t *n);
void doc_list_free(struct doc_ent *v, size_t n);
int doc_node_name(store *s, enum node_kind k, int64_t id, struct buf *out,
                  int64_t *item_id);
int doc_render_txt(store *s, int64_t id, struct buf *b);
int doc_render_file(store *s, int64_t id, struct buf *b);
int doc_txt_lines(store *s, int64_t doc_id, struct buf *b);
int doc_json_fields(store *s, int64_t doc_id, struct jw *w);
/* Items (not among skip[0..nskip)) whose documents' text matches the
   FTS5 query fts, best document first, at most limit, each once, to fn
   (store_search_hits).  0 or -errno. */
int doc_search(store *s, const char *fts, const int64_t *skip, size_t nskip,
               size_t limit, store_hit_fn fn, void *ctx);

/* node.c (what it shares with lookup.c only: node_int.h) */
int node_item_path(store *s, int64_t item_id, struct buf *out);
int node_meeting_path(store *s, int64_t meeting_id, struct buf *out);
int node_action_name(int64_t id, char *out, size_t outsz);

#endif
