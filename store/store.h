/*
** store.h — the govfs store: schema, queries, writes and the one renderer
** of every file in the tree (see man/govfs.5).
**
** Every program links this library.  fs/ maps kernel requests onto the node
** functions below; tools/ parses arguments and calls the write functions.
** Nothing outside store/ runs SQL or formats a file.
**
** A struct store is one SQLite connection plus its prepared statements.  It
** is not thread-safe: use one per thread.  Functions return 0 on success or
** a negative errno (-ENOENT, -EIO, -EINVAL, ...).  Writers also fill the
** handle's error message, read with store_errmsg().
*/
#ifndef GOVFS_STORE_H
#define GOVFS_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"

#define GOVFS_VERSION "0.1.0"
#define STORE_FORMAT  1   /* "format" field of every JSON file */
#define STORE_SCHEMA  13  /* PRAGMA user_version after migrations */

/* Limits of one import (govctl(1)): past them the import fails with the
   database unchanged.  A meeting's agenda items (ModernGov XML), and the
   resolutions of one item (a page's, or an agenda item's). */
#define STORE_MAX_ITEMS       100000
#define STORE_MAX_RESOLUTIONS 10000

typedef struct store store;

/* ---- opening ------------------------------------------------------------ */

enum {
	STORE_RDONLY = 0,      /* read-only: govfs, govctl show/export/search */
	STORE_RDWR   = 1,      /* read-write, migrate to STORE_SCHEMA, WAL */
	STORE_CREATE = 2,      /* with STORE_RDWR: create the file (mode 0600) */
};

/*
** Open the database at path.  On success *out owns a new handle, to be
** freed with store_close().  On failure returns a negative errno and, when
** errmsg is non-NULL, sets *errmsg to a malloc'd one-line message (caller
** frees) such as "x.db: not a govfs database" or "x.db: schema 7 is newer
** than this govfs (1)".
*/
int store_open(const char *path, int flags, store **out, char **errmsg);
void store_close(store *s);
/*
** How long the handles opened from now on wait for another writer's lock
** (ms; default 10,000) before a call fails with -EBUSY and the message
** "database is busy, try again".  Not thread-safe: call before opening.
*/
void store_set_wait(int ms);

/*
** Back the database up into the file path (backup.c): one snapshot of it,
** through SQLite's online backup API (writers and the mount carry on),
** written beside path, checked and renamed over it (mode 0600).  Refuses
** a path that is in use as a database (it has a -wal).  0 or -errno,
** message set.
*/
int store_backup(store *s, const char *path);
/*
** Replace the contents of the database with those of the govfs database
** in the file path (a backup), through the backup API into the live file:
** one commit, seen by readers and mounts like any other, with the change
** log telling a mount what changed.  An older schema is upgraded on the
** way.  Refuses, with the database unchanged, a file that is not a govfs
** database, is damaged (quick_check) or is of a newer schema: -EPROTO;
** -ENOENT, -EBUSY (another writer held the lock past the wait).
*/
int store_restore(store *s, const char *path);
const char *store_errmsg(store *s);        /* last error; owned by s */
const char *store_path(store *s);

/* PRAGMA data_version: changes whenever another connection commits. */
int64_t store_data_version(store *s);

/* Load the schema now: a handle loads it with its first statement that
   reads a table (6 ms at schema 13 on a slow machine), so that one opened
   ahead of need answers its first request sooner.  0, or -errno. */
int store_load_schema(store *s);

/* 1 if the database file is in WAL mode (its header says so), else 0.
   Reads the header only: not the schema.  Within a read transaction. */
int store_file_wal(store *s);

/* ---- nodes ---------------------------------------------------------------
**
** Every name in the tree is a node: a kind plus a row id.  The inode number
** is (kind << 48 | id); the root is inode 1 (kind NK_ROOT, id 1).  Inode
** numbers are stable for the life of the row they name.
*/
enum node_kind {
	NK_ROOT = 0,            /* /                                   id 1    */
	NK_README,              /* /README                             id 0    */
	NK_BOARDS,              /* /boards/                            id 0    */
	NK_BOARD,               /* /boards/<b>/                        board   */
	NK_BOARD_TXT,           /* board.txt                           board   */
	NK_BOARD_JSON,          /* board.json                          board   */
	NK_BOARD_ACTIONS_TSV,   /* actions.tsv                         board   */
	NK_BOARD_MEETINGS,      /* /boards/<b>/meetings/               board   */
	NK_MEETING,             /* .../meetings/<date>/                meeting */
	NK_MEETING_TXT,         /* meeting.txt                         meeting */
	NK_MEETING_JSON,        /* meeting.json                        meeting */
	NK_ATTENDANCE_TXT,      /* attendance.txt                      meeting */
	NK_MEETING_ITEMS,       /* .../<date>/items/                   meeting */
	NK_ITEM,                /* .../items/<nn-title>/               item    */
	NK_ITEM_TXT,            /* item.txt                            item    */
	NK_ITEM_JSON,           /* item.json                           item    */
	NK_MINUTES_TXT,         /* minutes.txt                         item    */
	NK_DECISIONS_TXT,       /* decisions.txt                       item    */
	NK_DOCUMENTS_TXT,       /* documents.txt                       item    */
	NK_ITEM_ACTIONS,        /* .../<nn-title>/actions/             item    */
	NK_ITEM_ACTION_LINK,    /* .../actions/<id> -> actions/<id>    action  */
	NK_MEETINGS,            /* /meetings/                          id 0    */
	NK_MEETING_LINK,        /* /meetings/<date>-<board> ->         meeting */
	NK_ACTIONS,             /* /actions/                           id 0    */
	NK_ACTION,              /* /actions/<id>/                      action  */
	NK_ACTION_TXT,          /* action.txt                          action  */
	NK_ACTION_JSON,         /* action.json                         action  */
	NK_HISTORY_TXT,         /* history.txt                         action  */
	NK_ACTION_ITEM_LINK,    /* retired: no node (a link back to the item
	                           made a cycle; action.txt names it) */
	NK_ACTIONS_OPEN,        /* /actions/open/                      id 0    */
	NK_ACTIONS_OVERDUE,     /* /actions/overdue/                   id 0    */
	NK_ACTIONS_DONE,        /* /actions/done/                      id 0    */
	NK_OPEN_LINK,           /* /actions/open/<id> -> ../<id>       action  */
	NK_OVERDUE_LINK,        /* /actions/overdue/<id> -> ../<id>    action  */
	NK_DONE_LINK,           /* /actions/done/<id> -> ../<id>       action  */
	NK_ACTIONS_TSV,         /* /actions/actions.tsv                id 0    */
	NK_ACTIONS_CSV,         /* /actions/actions.csv                id 0    */
	NK_PEOPLE,              /* /people/                            id 0    */
	NK_PERSON,              /* /people/<p>/                        person  */
	NK_PERSON_TXT,          /* person.txt                          person  */
	NK_PERSON_JSON,         /* person.json                         person  */
	NK_PERSON_ITEMS,        /* /people/<p>/items/                  person  */
	NK_PERSON_ITEM_LINK,    /* /people/<p>/items/<x> ->            item    */
	NK_PLANS,               /* /plans/                             id 0    */
	NK_PLAN,                /* /plans/<p>/                         plan    */
	NK_PLAN_TXT,            /* plan.txt                            plan    */
	NK_PLAN_JSON,           /* plan.json                           plan    */
	NK_PLAN_ITEMS,          /* /plans/<p>/items/                   plan    */
	NK_PLAN_ITEM_LINK,      /* /plans/<p>/items/<x> ->             item    */
	NK_SEARCH,              /* /search/ (lists nothing)            id 0    */
	NK_SEARCH_QUERY,        /* /search/<words>/                    query   */
	NK_SEARCH_LINK,         /* /search/<words>/<x> ->              item    */
	NK_ITEM_DOCUMENTS,      /* .../<nn-title>/documents/           item    */
	NK_DOCUMENT_TXT,        /* documents/<nn>-<slug>.txt           document */
	NK_DOCUMENT_FILE,       /* documents/<nn>-<slug>.pdf (original) document */
	NK_ISSUES,              /* /issues/                            id 0    */
	NK_ISSUE,               /* /issues/<i>/                        issue   */
	NK_ISSUE_TXT,           /* issue.txt                           issue   */
	NK_ISSUE_JSON,          /* issue.json                          issue   */
	NK_ISSUE_ITEMS,         /* /issues/<i>/items/                  issue   */
	NK_ISSUE_ITEM_LINK,     /* /issues/<i>/items/<x> ->            item    */
	NK__COUNT
};

/* Record ids stay below 2^NODE_ID_BITS (govfs keeps the bits above for
   itself: fs/govfs.h). */
#define NODE_ID_BITS 40
#define NODE_INO(kind, id) (((uint64_t)(kind) << 48) | (uint64_t)(id))
#define NODE_KIND(ino)     ((enum node_kind)((uint64_t)(ino) >> 48))
#define NODE_ID(ino)       ((int64_t)((uint64_t)(ino) & 0xffffffffffffULL))
#define NODE_ROOT_INO      ((uint64_t)1)

enum node_type { NT_DIR = 1, NT_FILE = 2, NT_LINK = 3 };

/* What stat(2) shows of a node. */
struct node_attr {
	uint64_t ino;
	enum node_type type;
	uint64_t size;          /* exact bytes of a file or link target */
	int64_t mtime_ms;       /* the row's updated time, ms since epoch */
	uint32_t nlink;         /* 2 + subdirectories for a directory */
	const char *data;       /* in store_readdir callbacks: the file's
	                           bytes or the link's target (size bytes,
	                           NUL-terminated), so that nothing renders
	                           twice; NULL otherwise */
};

/* Kind of node, its type, and a short name for logs ("item.json"). */
enum node_type node_kind_type(enum node_kind k);
const char *node_kind_name(enum node_kind k);
/* Is there one node of kind k (id 0, or the root)? */
int node_kind_singleton(enum node_kind k);

/*
** Look up name in directory parent.  Fills *out and returns 0, or returns
** -ENOENT (no such entry), -ENOTDIR, -ENAMETOOLONG or -EIO.  A lookup in
** /search/ registers the name as a query (see store_search_*).
*/
int store_lookup(store *s, uint64_t parent, const char *name,
                 struct node_attr *out);

/* Attributes of ino: 0, -ENOENT (row gone) or -EIO. */
int store_getattr(store *s, uint64_t ino, struct node_attr *out);

/*
** The same, also appending to data the bytes of a file or the target of a
** link (which their size needs anyway); data is untouched for folders.
*/
int store_lookup_data(store *s, uint64_t parent, const char *name,
                      struct node_attr *out, struct buf *data);
int store_getattr_data(store *s, uint64_t ino, struct node_attr *out,
                       struct buf *data);
/* The mtime of ino, without rendering it: 0, -ENOENT or -EIO. */
int store_mtime(store *s, uint64_t ino, int64_t *mtime_ms);

/*
** Hold a snapshot: begin a read transaction on s and fix it with a read,
** so that every call on s sees the database as it is now, until
** store_snapshot_release.  Only for a database in WAL mode, where a
** reader keeps no writer out: 0, -ENOTSUP (another journal mode) or
** -EIO.
*/
int store_snapshot_hold(store *s);
void store_snapshot_release(store *s);
/* Regular files only: the folder holding ino (*parent) and its fixed name
   there (*name, static).  0, or -ENOENT for any other node. */
int store_file_parent(uint64_t ino, uint64_t *parent, const char **name);

/*
** List directory ino in its sorted order, calling fn once per entry (not
** "." or "..").  name and attr are valid only during the call; fn returns
** non-zero to stop early.  Returns 0, -ENOTDIR, -ENOENT or -EIO.
*/
typedef int (*store_dirent_fn)(void *ctx, const char *name,
                               const struct node_attr *attr);
int store_readdir(store *s, uint64_t ino, store_dirent_fn fn, void *ctx);

/*
** The bytes of file ino, or the target of link ino, appended to out.
** Returns 0, -ENOENT, -EISDIR, -EINVAL (wrong type) or -EIO.
*/
int store_render(store *s, uint64_t ino, struct buf *out);
int store_readlink(store *s, uint64_t ino, struct buf *out);

/*
** Resolve a path relative to the tree's root ("boards/x/meetings/...",
** leading "/" and "./" allowed, trailing "/" ignored) by successive
** lookups.  Symlinks inside the path are followed.  Returns 0 or -errno.
*/
int store_resolve(store *s, const char *path, struct node_attr *out);

/* Path of ino from the root, no leading "/", appended to out. */
int store_node_path(store *s, uint64_t ino, struct buf *out);

/*
** Changes since *seq (the change log filled by triggers): calls fn for
** each inode whose attributes, contents or listing changed (name NULL), and
** for each directory entry (parent, name) that appeared or went away.
** Advances *seq.  A *seq of -1 just reads the current sequence number.
** Work is proportional to the number of changes.
*/
typedef void (*store_change_fn)(void *ctx, uint64_t ino, uint64_t parent,
                                const char *name);
int store_changes(store *s, int64_t *seq, store_change_fn fn, void *ctx);

/*
** The day changed from from_day to to_day (YYYY-MM-DD): calls fn for the
** overdue view and the actions that became overdue in between.
*/
int store_overdue_changes(store *s, const char *from_day, const char *to_day,
                          store_change_fn fn, void *ctx);

/* ---- search ----------------------------------------------------------- */

/*
** Full-text search over item titles, minutes and decisions, best first.
** words is free text (quoted and joined into an FTS5 AND query, so FTS5
** syntax characters are harmless).  fn gets each item's id and its path.
*/
typedef int (*store_item_fn)(void *ctx, int64_t item_id, const char *path);
int store_search(store *s, const char *words, int limit,
                 store_item_fn fn, void *ctx);

/*
** The same, saying why each item matched.  Items whose title, minutes or
** decisions match come first, in rank order (doc NULL); then, while
** fewer than limit, items that match only by the text of a supporting
** document (store/document.c), best document first: doc is that text's
** path below the item ("documents/01-ofsted-letter.txt") and page the
** page (from 1) where the first word first occurs in it, or 0.  Strings
** are valid during the call; fn does not use the store.
*/
struct search_hit_info {
	int64_t item_id;
	const char *path;       /* the item's, from the tree's root */
	const char *doc;        /* NULL, or the matching document's text */
	int page;
};
typedef int (*store_hit_fn)(void *ctx, const struct search_hit_info *h);
int store_search_hits(store *s, const char *words, int limit,
                      store_hit_fn fn, void *ctx);

/*
** The sentence of item id that matches words best (the most different
** words found; minutes, then decision, subtitle, title), on one line,
** cut to 40 words around its first match with "\u2026" where it is cut,
** each word found between open and close, appended to out.  0, -ENOENT
** when the item does not match, or a negative errno.
*/
int store_search_snippet(store *s, const char *words, int64_t id,
                         const char *open, const char *close,
                         struct buf *out);

#endif
