/*
** changes.c — what changed since a point in the change log, as the inodes
** and directory entries a mount must invalidate.  The log is filled by
** triggers (schema.c), so any writer's commits are seen.  The work done is
** proportional to the number of logged changes, never to the corpus.
*/
#include <assert.h>

#include "store_int.h"

struct chg_ent { uint64_t ino, parent; char *name; };

struct chg {
	store *s;
	struct chg_ent *v;
	size_t n, cap;
	int oom;
};

static void chg_add(struct chg *c, uint64_t ino, uint64_t parent,
                    const char *name)
{
	if (c->oom)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct chg_ent *nv = realloc(c->v, cap * sizeof *nv);

		if (!nv) {
			c->oom = 1;
			return;
		}
		c->v = nv;
		c->cap = cap;
	}
	c->v[c->n].ino = ino;
	c->v[c->n].parent = parent;
	c->v[c->n].name = name ? strdup(name) : NULL;
	if (name && !c->v[c->n].name) {
		c->oom = 1;
		return;
	}
	c->n++;
}

static void chg_ino(struct chg *c, enum node_kind k, int64_t id)
{
	chg_add(c, NODE_INO(k, id), 0, NULL);
}

static void chg_entry(struct chg *c, enum node_kind k, int64_t id,
                      const char *name)
{
	if (name && *name)
		chg_add(c, 0, NODE_INO(k, id), name);
}

/* The inodes of every file and folder of a row-named directory. */
static void chg_dir(struct chg *c, enum node_kind dir, int64_t id)
{
	static const struct { enum node_kind dir, k[8]; } kids[] = {
		{ NK_BOARD, { NK_BOARD, NK_BOARD_TXT, NK_BOARD_JSON,
		              NK_BOARD_ACTIONS_TSV, NK_BOARD_MEETINGS } },
		{ NK_MEETING, { NK_MEETING, NK_MEETING_TXT, NK_MEETING_JSON,
		                NK_ATTENDANCE_TXT, NK_MEETING_ITEMS,
		                NK_MEETING_LINK } },
		{ NK_ITEM, { NK_ITEM, NK_ITEM_TXT, NK_ITEM_JSON, NK_MINUTES_TXT,
		             NK_DECISIONS_TXT, NK_DOCUMENTS_TXT, NK_ITEM_ACTIONS,
		             NK_ITEM_DOCUMENTS } },
		{ NK_ACTION, { NK_ACTION, NK_ACTION_TXT, NK_ACTION_JSON,
		               NK_HISTORY_TXT, NK_ITEM_ACTION_LINK, NK_OPEN_LINK,
		               NK_DONE_LINK } },
		{ NK_PERSON, { NK_PERSON, NK_PERSON_TXT, NK_PERSON_JSON,
		               NK_PERSON_ITEMS } },
		{ NK_PLAN, { NK_PLAN, NK_PLAN_TXT, NK_PLAN_JSON, NK_PLAN_ITEMS } },
		{ NK_ISSUE, { NK_ISSUE, NK_ISSUE_TXT, NK_ISSUE_JSON,
		              NK_ISSUE_ITEMS } },
	};
	size_t i, j;

	for (i = 0; i < sizeof kids / sizeof kids[0]; i++) {
		if (kids[i].dir != dir)
			continue;
		for (j = 0; j < 8 && (j == 0 || kids[i].k[j]); j++)
			chg_ino(c, kids[i].k[j], id);
	}
	if (dir == NK_ACTION)
		chg_ino(c, NK_OVERDUE_LINK, id);
}

/* The ids sql (binding ?1 = id) returns, collected first (the callers
   run other queries with each): *n of them in *ids, to free. */
static int64_t *chg_ids(struct chg *c, const char *sql, int64_t id,
                        size_t *n)
{
	sqlite3_stmt *st = store_stmt(c->s, sql, "i", id);
	int64_t *ids = NULL, *nv;
	size_t cap = 0;

	*n = 0;
	while (st && store_step(c->s, st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(ids, cap * sizeof *ids);
			if (!nv) {
				c->oom = 1;
				break;
			}
			ids = nv;
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (st)
		sqlite3_reset(st);
	return ids;
}

/* Run sql (binding ?1 = id) and call fn for each id it returns. */
static void chg_each(struct chg *c, const char *sql, int64_t id,
                     void (*fn)(struct chg *, int64_t))
{
	size_t n, i;
	int64_t *ids = chg_ids(c, sql, id, &n);

	for (i = 0; i < n; i++)
		fn(c, ids[i]);
	free(ids);
}

static void chg_board_files(struct chg *c, int64_t board)
{
	chg_ino(c, NK_BOARD_TXT, board);
	chg_ino(c, NK_BOARD_JSON, board);
	chg_ino(c, NK_BOARD_ACTIONS_TSV, board);
}

static void chg_item_files(struct chg *c, int64_t item)
{
	chg_dir(c, NK_ITEM, item);
}

static void chg_person_items(struct chg *c, int64_t person)
{
	chg_ino(c, NK_PERSON_ITEMS, person);
	chg_ino(c, NK_PERSON_TXT, person);
	chg_ino(c, NK_PERSON_JSON, person);
}

static void chg_plan_items(struct chg *c, int64_t plan)
{
	chg_ino(c, NK_PLAN_ITEMS, plan);
	chg_ino(c, NK_PLAN_TXT, plan);
	chg_ino(c, NK_PLAN_JSON, plan);
}

static void chg_issue_items(struct chg *c, int64_t issue)
{
	chg_ino(c, NK_ISSUE_ITEMS, issue);
	chg_ino(c, NK_ISSUE_TXT, issue);
	chg_ino(c, NK_ISSUE_JSON, issue);
}

static void chg_action_files(struct chg *c, int64_t action)
{
	chg_ino(c, NK_ACTION_TXT, action);
	chg_ino(c, NK_ACTION_JSON, action);
}

static void chg_search_query(void *ctx, int64_t qid)
{
	chg_ino(ctx, NK_SEARCH_QUERY, qid);
}

/* The views an action appears in, and the board's files. */
static void chg_action_views(struct chg *c, int64_t id, const char *name)
{
	chg_ino(c, NK_ACTIONS, 0);
	chg_ino(c, NK_ACTIONS_OPEN, 0);
	chg_ino(c, NK_ACTIONS_OVERDUE, 0);
	chg_ino(c, NK_ACTIONS_DONE, 0);
	chg_ino(c, NK_ACTIONS_TSV, 0);
	chg_ino(c, NK_ACTIONS_CSV, 0);
	chg_entry(c, NK_ACTIONS_OPEN, 0, name);
	chg_entry(c, NK_ACTIONS_OVERDUE, 0, name);
	chg_entry(c, NK_ACTIONS_DONE, 0, name);
	chg_each(c, "SELECT board_id FROM action WHERE id = ?1", id,
	         chg_board_files);
}

/* The entry meetings/<meeting>-<board> of a meeting named name. */
static void chg_meeting_link(struct chg *c, const char *name, int64_t board)
{
	sqlite3_stmt *st;

	if (!name || !board)
		return;
	st = store_stmt(c->s, "SELECT ? || '-' || slug FROM board WHERE id = ?",
	                "ti", name, board);
	if (st && store_step(c->s, st) == SQLITE_ROW)
		chg_entry(c, NK_MEETINGS, 0, col_text(st, 0));
	if (st)
		sqlite3_reset(st);
}

/* An item link (owner id, name) from sql binding the link row's id. */
static void chg_link_entry(struct chg *c, const char *sql, int64_t id,
                           enum node_kind dir)
{
	sqlite3_stmt *st = store_stmt(c->s, sql, "i", id);

	if (st && store_step(c->s, st) == SQLITE_ROW)
		chg_entry(c, dir, sqlite3_column_int64(st, 0), col_text(st, 1));
	if (st)
		sqlite3_reset(st);
}

/* The entries named meeting-board-name of an item's links in people/,
   plans/ and issues/: those of its old name when it was renamed, and
   those of its name when it was added (its people links, imported with
   it, are not logged on their own: see store_bulk_end). */
static void chg_item_links(struct chg *c, int64_t item, int64_t meeting,
                           const char *name)
{
	static const char *const sql[3] = {
		"SELECT p.person_id, m.slug || '-' || b.slug || '-' || ?3"
		" FROM item_person p, meeting m JOIN board b ON b.id = m.board_id"
		" WHERE p.item_id = ?1 AND m.id = ?2",
		"SELECT p.plan_id, m.slug || '-' || b.slug || '-' || ?3"
		" FROM plan_item p, meeting m JOIN board b ON b.id = m.board_id"
		" WHERE p.item_id = ?1 AND m.id = ?2",
		"SELECT p.issue_id, m.slug || '-' || b.slug || '-' || ?3"
		" FROM item_issue p, meeting m JOIN board b ON b.id = m.board_id"
		" WHERE p.item_id = ?1 AND m.id = ?2",
	};
	static const enum node_kind dir[3] = { NK_PERSON_ITEMS, NK_PLAN_ITEMS,
	                                       NK_ISSUE_ITEMS };
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < 3; i++) {
		st = store_stmt(c->s, sql[i], "iit", item, meeting, name);
		while (st && store_step(c->s, st) == SQLITE_ROW)
			chg_entry(c, dir[i], sqlite3_column_int64(st, 0),
			          col_text(st, 1));
		if (st)
			sqlite3_reset(st);
	}
}

/* Work out what one logged change touches. */
static void chg_one(struct chg *c, const char *tbl, int64_t id,
                    int64_t parent, int64_t old_parent, const char *new_name,
                    const char *old_name, int gone)
{
	char name[32];
	int64_t *ids;
	size_t n, i;

	if (strcmp(tbl, "entry") == 0) {
		/* A name that went away, logged by a correction before the
		   change (correct.c): row_id is its folder's inode. */
		chg_add(c, (uint64_t)id, 0, NULL);
		if (old_name && *old_name)
			chg_add(c, 0, (uint64_t)id, old_name);
	} else if (strcmp(tbl, "board") == 0) {
		chg_dir(c, NK_BOARD, id);
		chg_ino(c, NK_BOARDS, 0);
		chg_entry(c, NK_BOARDS, 0, old_name);
		chg_entry(c, NK_BOARDS, 0, new_name);
		chg_ino(c, NK_MEETINGS, 0);
	} else if (strcmp(tbl, "meeting") == 0) {
		chg_dir(c, NK_MEETING, id);
		chg_ino(c, NK_MEETINGS, 0);
		chg_ino(c, NK_BOARD_MEETINGS, parent);
		chg_board_files(c, parent);
		chg_ino(c, NK_BOARD_MEETINGS, old_parent);
		chg_board_files(c, old_parent);
		chg_entry(c, NK_BOARD_MEETINGS, old_parent, old_name);
		chg_entry(c, NK_BOARD_MEETINGS, parent, new_name);
		chg_meeting_link(c, old_name, old_parent);
		chg_meeting_link(c, new_name, parent);
		chg_each(c, "SELECT id FROM item WHERE meeting_id = ?1", id,
		         chg_item_files);
	} else if (strcmp(tbl, "item") == 0) {
		chg_dir(c, NK_ITEM, id);
		chg_ino(c, NK_PERSON_ITEM_LINK, id);
		chg_ino(c, NK_PLAN_ITEM_LINK, id);
		chg_ino(c, NK_SEARCH_LINK, id);
		chg_ino(c, NK_MEETING_ITEMS, parent);
		chg_ino(c, NK_MEETING_TXT, parent);
		chg_ino(c, NK_MEETING_JSON, parent);
		chg_ino(c, NK_MEETING_ITEMS, old_parent);
		chg_ino(c, NK_MEETING_TXT, old_parent);
		chg_ino(c, NK_MEETING_JSON, old_parent);
		chg_entry(c, NK_MEETING_ITEMS, old_parent, old_name);
		chg_entry(c, NK_MEETING_ITEMS, parent, new_name);
		chg_ino(c, NK_SEARCH, 0);
		search_each(chg_search_query, c);
		chg_each(c, "SELECT person_id FROM item_person WHERE"
		         " item_id = ?1", id, chg_person_items);
		chg_each(c, "SELECT plan_id FROM plan_item WHERE item_id = ?1",
		         id, chg_plan_items);
		chg_each(c, "SELECT issue_id FROM item_issue WHERE item_id = ?1",
		         id, chg_issue_items);
		chg_ino(c, NK_ISSUE_ITEM_LINK, id);
		if (old_name && (!new_name || strcmp(old_name, new_name) != 0))
			chg_item_links(c, id, old_parent, old_name);
		if (!old_name && !old_parent && new_name)
			chg_item_links(c, id, parent, new_name);
		/* A new item's row stands for its actions too (store_bulk_end
		   logs no row of their own): all it has now, each as if
		   logged (on the item, its parent).  One added later, changed
		   or gone has its own. */
		ids = chg_ids(c, "SELECT id FROM action WHERE item_id = ?1", id,
		              &n);
		for (i = 0; i < n; i++) {
			chg_action_files(c, ids[i]);
			if (!old_name && !old_parent && new_name)
				chg_one(c, "action", ids[i], id, 0, NULL, NULL,
				        0);
		}
		free(ids);
	} else if (strcmp(tbl, "resolution") == 0 ||
	           strcmp(tbl, "item_field") == 0) {
		chg_item_files(c, parent);
		chg_item_files(c, old_parent);
	} else if (strcmp(tbl, "document") == 0) {
		/* its files' names hold its number and title: the folder's
		   listing changes with them */
		chg_item_files(c, parent);
		chg_item_files(c, old_parent);
		chg_ino(c, NK_DOCUMENT_TXT, id);
		chg_ino(c, NK_DOCUMENT_FILE, id);
		chg_entry(c, NK_ITEM, parent, "documents");
		chg_entry(c, NK_ITEM, old_parent, "documents");
	} else if (strcmp(tbl, "person") == 0) {
		chg_dir(c, NK_PERSON, id);
		chg_ino(c, NK_PEOPLE, 0);
		chg_entry(c, NK_PEOPLE, 0, old_name);
		chg_entry(c, NK_PEOPLE, 0, new_name);
	} else if (strcmp(tbl, "attendance") == 0) {
		chg_ino(c, NK_ATTENDANCE_TXT, parent);
		chg_ino(c, NK_MEETING_JSON, parent);
		chg_ino(c, NK_ATTENDANCE_TXT, old_parent);
		chg_ino(c, NK_MEETING_JSON, old_parent);
		chg_each(c, "SELECT person_id FROM attendance WHERE id = ?1", id,
		         chg_person_items);
	} else if (strcmp(tbl, "item_person") == 0) {
		chg_item_files(c, parent);
		chg_item_files(c, old_parent);
		chg_each(c, "SELECT person_id FROM item_person WHERE id = ?1",
		         id, chg_person_items);
		chg_link_entry(c, "SELECT ip.person_id, m.slug || '-' || b.slug"
		               " || '-' || i.slug FROM item_person ip"
		               " JOIN item i ON i.id = ip.item_id"
		               " JOIN meeting m ON m.id = i.meeting_id"
		               " JOIN board b ON b.id = m.board_id"
		               " WHERE ip.id = ?", id, NK_PERSON_ITEMS);
	} else if (strcmp(tbl, "action") == 0) {
		node_action_name(id, name, sizeof name);
		chg_dir(c, NK_ACTION, id);
		chg_action_views(c, id, name);
		chg_entry(c, NK_ACTIONS, 0, name);
		chg_item_files(c, parent);
		chg_item_files(c, old_parent);
		chg_entry(c, NK_ITEM_ACTIONS, old_parent, name);
		chg_entry(c, NK_ITEM_ACTIONS, parent, name);
		/* an item's actions/ is there while it has actions */
		chg_entry(c, NK_ITEM, old_parent, "actions");
		chg_entry(c, NK_ITEM, parent, "actions");
		(void)gone;
	} else if (strcmp(tbl, "action_history") == 0) {
		chg_ino(c, NK_HISTORY_TXT, parent);
		chg_ino(c, NK_ACTION_JSON, parent);
	} else if (strcmp(tbl, "plan") == 0) {
		chg_dir(c, NK_PLAN, id);
		chg_ino(c, NK_PLANS, 0);
		chg_entry(c, NK_PLANS, 0, old_name);
		chg_entry(c, NK_PLANS, 0, new_name);
	} else if (strcmp(tbl, "plan_item") == 0) {
		chg_plan_items(c, parent);
		chg_plan_items(c, old_parent);
		chg_each(c, "SELECT item_id FROM plan_item WHERE id = ?1", id,
		         chg_item_files);
		chg_link_entry(c, "SELECT pi.plan_id, m.slug || '-' || b.slug"
		               " || '-' || i.slug FROM plan_item pi"
		               " JOIN item i ON i.id = pi.item_id"
		               " JOIN meeting m ON m.id = i.meeting_id"
		               " JOIN board b ON b.id = m.board_id"
		               " WHERE pi.id = ?", id, NK_PLAN_ITEMS);
	} else if (strcmp(tbl, "issue") == 0) {
		/* The items' files name the issue's folder. */
		chg_dir(c, NK_ISSUE, id);
		chg_ino(c, NK_ISSUES, 0);
		chg_entry(c, NK_ISSUES, 0, old_name);
		chg_entry(c, NK_ISSUES, 0, new_name);
		chg_each(c, "SELECT item_id FROM item_issue WHERE issue_id = ?1",
		         id, chg_item_files);
	} else if (strcmp(tbl, "issue_field") == 0) {
		chg_ino(c, NK_ISSUE_TXT, parent);
		chg_ino(c, NK_ISSUE_JSON, parent);
		chg_ino(c, NK_ISSUE_TXT, old_parent);
		chg_ino(c, NK_ISSUE_JSON, old_parent);
	} else if (strcmp(tbl, "item_issue") == 0) {
		chg_issue_items(c, parent);
		chg_issue_items(c, old_parent);
		chg_each(c, "SELECT item_id FROM item_issue WHERE id = ?1", id,
		         chg_item_files);
		chg_link_entry(c, "SELECT x.issue_id, m.slug || '-' || b.slug"
		               " || '-' || i.slug FROM item_issue x"
		               " JOIN item i ON i.id = x.item_id"
		               " JOIN meeting m ON m.id = i.meeting_id"
		               " JOIN board b ON b.id = m.board_id"
		               " WHERE x.id = ?", id, NK_ISSUE_ITEMS);
	}
}

static int chg_cmp(const void *a, const void *b)
{
	const struct chg_ent *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (!x->name || !y->name)
		return !!x->name - !!y->name;
	return strcmp(x->name, y->name);
}

/* Sort, drop duplicates and ids of 0 (no parent), give each to fn. */
static void chg_flush(struct chg *c, store_change_fn fn, void *ctx)
{
	size_t i;

	if (c->n == 0)
		return;
	qsort(c->v, c->n, sizeof *c->v, chg_cmp);
	for (i = 0; i < c->n; i++) {
		struct chg_ent *e = &c->v[i];

		if (i > 0 && chg_cmp(e, &c->v[i - 1]) == 0)
			continue;
		/* A row kind with id 0 came from a NULL parent: nothing. */
		if (e->ino && NODE_ID(e->ino) == 0 &&
		    !node_kind_singleton(NODE_KIND(e->ino)))
			continue;
		if (e->parent && NODE_ID(e->parent) == 0 &&
		    !node_kind_singleton(NODE_KIND(e->parent)))
			continue;
		fn(ctx, e->ino, e->parent, e->name);
	}
	for (i = 0; i < c->n; i++)
		free(c->v[i].name);
	c->n = 0;
}

#define CHG_BATCH 4096

int store_changes(store *s, int64_t *seq, store_change_fn fn, void *ctx)
{
	struct chg c = { s, NULL, 0, 0, 0 };
	sqlite3_stmt *st;
	int rc = 0, rows;

	if (*seq < 0) {
		st = store_stmt(s, "SELECT coalesce(max(seq), 0) FROM change",
		                NULL);
		if (!st || store_step(s, st) != SQLITE_ROW)
			return -EIO;
		*seq = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	do {
		struct { int64_t seq, id, parent, old_parent; char *tbl, *old,
		         *name; int gone; } *v;
		int i;

		v = calloc(CHG_BATCH, sizeof *v);
		if (!v)
			return -ENOMEM;
		st = store_stmt(s, "SELECT seq, tbl, row_id, parent_id,"
		                   " old_parent_id, old_name, name,"
		                   " parent_id IS NULL AND old_parent_id IS NOT NULL"
		                   " FROM change WHERE seq > ? ORDER BY seq LIMIT ?",
		                "id", *seq, CHG_BATCH);
		rows = 0;
		while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
			v[rows].seq = sqlite3_column_int64(st, 0);
			v[rows].tbl = strdup(col_text(st, 1));
			v[rows].id = sqlite3_column_int64(st, 2);
			v[rows].parent = sqlite3_column_int64(st, 3);
			v[rows].old_parent = sqlite3_column_int64(st, 4);
			v[rows].old = sqlite3_column_type(st, 5) == SQLITE_NULL
			              ? NULL : strdup(col_text(st, 5));
			v[rows].name = sqlite3_column_type(st, 6) == SQLITE_NULL
			               ? NULL : strdup(col_text(st, 6));
			v[rows].gone = sqlite3_column_int(st, 7);
			rows++;
		}
		if (st)
			sqlite3_reset(st);
		if (rc < 0 || !st) {
			rows = 0;
			rc = rc < 0 ? rc : -EIO;
		} else {
			rc = 0;
		}
		for (i = 0; i < rows; i++) {
			if (v[i].tbl)
				chg_one(&c, v[i].tbl, v[i].id, v[i].parent,
				        v[i].old_parent, v[i].name, v[i].old,
				        v[i].gone);
			*seq = v[i].seq;
			free(v[i].tbl);
			free(v[i].old);
			free(v[i].name);
		}
		free(v);
		if (rows) {
			chg_ino(&c, NK_README, 0);
			chg_ino(&c, NK_ROOT, 1);
		}
		if (c.oom) {
			rc = -ENOMEM;
			break;
		}
		chg_flush(&c, fn, ctx);
	} while (rc == 0 && rows == CHG_BATCH);
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].name);
	free(c.v);
	store_idle(s);
	return rc;
}

int store_overdue_changes(store *s, const char *from_day, const char *to_day,
                          store_change_fn fn, void *ctx)
{
	struct chg c = { s, NULL, 0, 0, 0 };
	sqlite3_stmt *st;
	char name[32];
	int rc;

	st = store_stmt(s, "SELECT id FROM action WHERE due >= ? AND due < ?"
	                   " AND status IN ('open', 'in_progress')", "tt",
	                from_day, to_day);
	while (st && (rc = store_step(s, st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		node_action_name(id, name, sizeof name);
		chg_ino(&c, NK_OVERDUE_LINK, id);
		chg_entry(&c, NK_ACTIONS_OVERDUE, 0, name);
	}
	if (st)
		sqlite3_reset(st);
	chg_ino(&c, NK_ACTIONS_OVERDUE, 0);
	chg_ino(&c, NK_README, 0);
	if (c.oom)
		rc = -ENOMEM;
	else
		rc = 0;
	chg_flush(&c, fn, ctx);
	free(c.v);
	store_idle(s);
	return st ? rc : -EIO;
}
