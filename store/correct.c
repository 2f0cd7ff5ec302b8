/*
** correct.c — corrections: records removed, moved and renamed (govctl rm,
** mv, board rename, board merge).  Each is one transaction (its own, or
** the caller's), recorded in the correction table (schema 7; govctl log)
** and, for every action it changes, in the action's history.
**
** A mount follows through the change log (store_changes).  The triggers
** log every row a correction writes; what they cannot know is the names a
** record's subtree had in the link views (meetings/<date>-<board>,
** people/<p>/items/ and plans/<p>/items/<meeting>-<board>-<item>) before
** it moved or went.  Those are logged here, before the change, as 'entry'
** rows, and the rows whose files show a path that changes (meetings,
** items, actions, the people and plans that list them) are touched, so
** that the triggers log them too.
*/
#include <assert.h>
#include <inttypes.h>

#include "store_int.h"

/* The part of the tree a correction changes: a board, a meeting or an
   item with everything below it. */
enum correct_scope { SC_BOARD, SC_MEETING, SC_ITEM, SC__COUNT };

static const char *const correct_sql_items[SC__COUNT] = {
	[SC_BOARD]   = "SELECT i.id FROM item i JOIN meeting m"
	               " ON m.id = i.meeting_id WHERE m.board_id = ?1",
	[SC_MEETING] = "SELECT id FROM item WHERE meeting_id = ?1",
	[SC_ITEM]    = "SELECT id FROM item WHERE id = ?1",
};

static const char *const correct_sql_meetings[SC__COUNT] = {
	[SC_BOARD]   = "SELECT id FROM meeting WHERE board_id = ?1",
	[SC_MEETING] = "SELECT id FROM meeting WHERE id = ?1",
	[SC_ITEM]    = NULL,
};

/* The ids that sql (binding ?1 = id) returns, in *ids (malloc'd, caller
   frees; NULL when none) and *n.  0, -ENOMEM or -EIO. */
static int correct_ids(store *s, const char *sql, int64_t id, int64_t **ids,
                       size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int64_t *v = NULL, *nv;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				sqlite3_reset(st);
				free(v);
				return store_fail(s, -ENOMEM, "out of memory");
			}
			v = nv;
		}
		v[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*ids = v;
	return 0;
}

/* Run a write statement; 0 or -errno. */
static int correct_run(store *s, sqlite3_stmt *st)
{
	return write_run(s, st, "correct");
}

/*
** Log the link-view names of meeting m (meetings/<date>-<board>) as they
** are now, and touch the meeting and the people who attended it.
*/
static int correct_meeting_before(store *s, int64_t m, int64_t now)
{
	int rc;

	rc = correct_run(s, store_stmt(s, "INSERT INTO change(tbl, row_id,"
	     " old_name, at) SELECT 'entry', ?1, m.slug || '-' || b.slug, ?3"
	     " FROM meeting m JOIN board b ON b.id = m.board_id WHERE m.id = ?2",
	     "iii", (int64_t)NODE_INO(NK_MEETINGS, 0), m, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE person SET updated = ?2"
		     " WHERE id IN (SELECT person_id FROM attendance"
		     " WHERE meeting_id = ?1)", "ii", m, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE meeting SET updated = ?2"
		     " WHERE id = ?1", "ii", m, now));
	return rc;
}

/*
** Log the names of item i's links in people/ and plans/ as they are now,
** and touch the item, its actions and the people, plans and issues that
** list it.
*/
static int correct_item_before(store *s, int64_t i, int64_t now)
{
	int rc;

	rc = correct_run(s, store_stmt(s, "INSERT INTO change(tbl, row_id,"
	     " old_name, at) SELECT DISTINCT 'entry', (?1 << 48) | p.person_id,"
	     " m.slug || '-' || b.slug || '-' || i.slug, ?3"
	     " FROM item_person p JOIN item i ON i.id = p.item_id"
	     " JOIN meeting m ON m.id = i.meeting_id"
	     " JOIN board b ON b.id = m.board_id WHERE p.item_id = ?2",
	     "iii", (int64_t)NK_PERSON_ITEMS, i, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "INSERT INTO change(tbl, row_id,"
		     " old_name, at) SELECT 'entry', (?1 << 48) | p.plan_id,"
		     " m.slug || '-' || b.slug || '-' || i.slug, ?3"
		     " FROM plan_item p JOIN item i ON i.id = p.item_id"
		     " JOIN meeting m ON m.id = i.meeting_id"
		     " JOIN board b ON b.id = m.board_id WHERE p.item_id = ?2",
		     "iii", (int64_t)NK_PLAN_ITEMS, i, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE person SET updated = ?2"
		     " WHERE id IN (SELECT person_id FROM item_person"
		     " WHERE item_id = ?1)", "ii", i, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE plan SET updated = ?2"
		     " WHERE id IN (SELECT plan_id FROM plan_item"
		     " WHERE item_id = ?1)", "ii", i, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE issue SET updated = ?2"
		     " WHERE id IN (SELECT issue_id FROM item_issue"
		     " WHERE item_id = ?1)", "ii", i, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE action SET updated = ?2"
		     " WHERE item_id = ?1", "ii", i, now));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE item SET updated = ?2"
		     " WHERE id = ?1", "ii", i, now));
	return rc;
}

/* correct_meeting_before and correct_item_before for everything in the
   scope: before a move, rename or removal.  0 or -errno. */
static int correct_before(store *s, enum correct_scope sc, int64_t id)
{
	int64_t now = store_now_ms(s), *ids;
	size_t n, k;
	int rc = 0;

	if (correct_sql_meetings[sc]) {
		rc = correct_ids(s, correct_sql_meetings[sc], id, &ids, &n);
		for (k = 0; rc == 0 && k < n; k++)
			rc = correct_meeting_before(s, ids[k], now);
		free(ids);
	}
	if (rc == 0) {
		rc = correct_ids(s, correct_sql_items[sc], id, &ids, &n);
		for (k = 0; rc == 0 && k < n; k++)
			rc = correct_item_before(s, ids[k], now);
		free(ids);
	}
	if (rc == 0 && sc == SC_BOARD)
		rc = correct_run(s, store_stmt(s, "UPDATE action SET updated = ?2"
		     " WHERE board_id = ?1", "ii", id, now));
	/* The import's memory of boards, meetings and items is stale. */
	memset(&s->imp, 0, sizeof s->imp);
	return rc;
}

/* One row of the correction log. */
static int correct_record(store *s, const char *verb, const char *kind,
                          int64_t id, const char *old, const char *now_at,
                          const char *detail)
{
	int64_t now = store_now_ms(s);

	return correct_run(s, store_stmt(s, "INSERT INTO correction(at, verb,"
	     " kind, record_id, old, new, detail, created, updated)"
	     " VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), ?, ?)", "ittitttii",
	     now, verb, kind, id, old, now_at, detail, now, now));
}

/* A line in the history of every action that sql (binding ?1 = id)
   returns. */
static int correct_history(store *s, const char *sql, int64_t id,
                           const char *change)
{
	int64_t *ids;
	size_t n, k;
	int rc = correct_ids(s, sql, id, &ids, &n);

	for (k = 0; rc == 0 && k < n; k++)
		rc = write_history(s, ids[k], change, NULL);
	free(ids);
	return rc;
}

/* ---- transactions ------------------------------------------------------- */

/* Begin the correction's transaction unless the caller has one: *own says
   which.  0 or -errno. */
static int correct_begin(store *s, int *own)
{
	*own = !s->in_txn;
	return *own ? store_begin(s) : 0;
}

/* End it: commit when rc is 0 and it is ours, else roll back ours.
   Returns rc, or the commit's error. */
static int correct_end(store *s, int own, int rc)
{
	char keep[sizeof s->err];

	if (!own)
		return rc;
	if (rc == 0)
		rc = store_commit(s);
	if (rc) {
		/* the rollback must not take the message away */
		memcpy(keep, s->err, sizeof keep);
		store_rollback(s);
		memcpy(s->err, keep, sizeof keep);
	}
	return rc;
}

/* ---- names -------------------------------------------------------------- */

/* "boards/<slug>" of board id into out.  0 or -ENOENT (message set). */
static int correct_board_path(store *s, int64_t id, struct buf *out)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT slug FROM board WHERE id = ?",
	                              "i", id);
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		buf_printf(out, "boards/%s", col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc < 0 ? rc : store_fail(s, -ENOENT, "no board with id %"
	                                PRId64, id);
}

static int correct_meeting_path(store *s, int64_t id, struct buf *out)
{
	int rc = node_meeting_path(s, id, out);

	return rc == -ENOENT ? store_fail(s, rc, "no meeting with id %" PRId64,
	                                  id) : rc;
}

static int correct_item_path(store *s, int64_t id, struct buf *out)
{
	int rc = node_item_path(s, id, out);

	return rc == -ENOENT ? store_fail(s, rc, "no item with id %" PRId64,
	                                  id) : rc;
}

/* A count from sql binding ?1 = id (0 on error: the writes that follow
   report it). */
static int64_t correct_count(store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(s, sql, "i", id);
	int64_t n = 0;

	if (st && store_step(s, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

/* "N thing" or "N things". */
static void correct_count_words(struct buf *b, int64_t n, const char *what)
{
	if (b->len)
		buf_puts(b, ", ");
	buf_printf(b, "%" PRId64 " %s%s", n, what, n == 1 ? "" : "s");
}

/* The end of a removal: its row in the log (detail may be empty) and,
   in said, "removed PATH" with " (<with>DETAIL)" when there is one. */
static int correct_removed(store *s, const char *kind, int64_t id,
                           const char *path, const struct buf *detail,
                           const char *with, struct buf *said)
{
	int rc = correct_record(s, "rm", kind, id, path, NULL, detail->data);

	if (rc == 0 && said) {
		buf_printf(said, "removed %s", path);
		if (detail->len)
			buf_printf(said, " (%s%s)", with, detail->data);
	}
	return rc;
}

/* ---- remove ------------------------------------------------------------- */

/*
** Remove item id's actions (recursive) or keep them detached from it,
** each with a line of history naming the item; then the item itself.
*/
static int correct_item_delete(store *s, int64_t id, int recursive,
                               const char *path)
{
	struct buf change = { 0 };
	int rc;

	if (recursive) {
		rc = correct_run(s, store_stmt(s, "DELETE FROM action"
		     " WHERE item_id = ?", "i", id));
	} else {
		buf_printf(&change, "item removed: %s", path);
		rc = buf_ok(&change) ? correct_history(s, "SELECT id FROM action"
		     " WHERE item_id = ?1", id, change.data) : -ENOMEM;
		if (rc == 0)
			rc = correct_run(s, store_stmt(s, "UPDATE action SET"
			     " item_id = NULL, resolution_id = NULL, updated = ?2"
			     " WHERE item_id = ?1", "ii", id, store_now_ms(s)));
	}
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "DELETE FROM item WHERE id = ?",
		     "i", id));
	buf_free(&change);
	return rc;
}

int store_item_rm(store *s, int64_t id, int recursive, struct buf *said)
{
	struct buf path = { 0 }, detail = { 0 };
	int64_t nact;
	int own, rc;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_item_path(s, id, &path);
	if (rc)
		goto out;
	nact = correct_count(s, "SELECT count(*) FROM action WHERE item_id = ?",
	                     id);
	if (nact) {
		correct_count_words(&detail, nact, "action");
		buf_puts(&detail, recursive ? " removed" : " kept, detached");
	}
	rc = correct_before(s, SC_ITEM, id);
	if (rc == 0)
		rc = correct_item_delete(s, id, recursive, path.data);
	if (rc == 0)
		rc = correct_removed(s, "item", id, path.data, &detail, "", said);
out:
	rc = correct_end(s, own, rc);
	buf_free(&path);
	buf_free(&detail);
	return rc;
}

/* Remove meeting id's items (and with them their actions) and the
   meeting. */
static int correct_meeting_delete(store *s, int64_t id)
{
	int64_t *ids;
	size_t n, k;
	int rc = correct_ids(s, correct_sql_items[SC_MEETING], id, &ids, &n);

	for (k = 0; rc == 0 && k < n; k++)
		rc = correct_item_delete(s, ids[k], 1, NULL);
	free(ids);
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "DELETE FROM meeting"
		     " WHERE id = ?", "i", id));
	return rc;
}

int store_meeting_rm(store *s, int64_t id, int recursive, struct buf *said)
{
	struct buf path = { 0 }, detail = { 0 };
	int64_t nitems, nact;
	int own, rc;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_meeting_path(s, id, &path);
	if (rc)
		goto out;
	nitems = correct_count(s, "SELECT count(*) FROM item"
	                       " WHERE meeting_id = ?", id);
	nact = correct_count(s, "SELECT count(*) FROM action a JOIN item i"
	                     " ON i.id = a.item_id WHERE i.meeting_id = ?", id);
	if (nitems && !recursive) {
		rc = store_fail(s, -ENOTEMPTY, "%s has %" PRId64 " item%s: "
		                "remove them first, or use --recursive", path.data,
		                nitems, nitems == 1 ? "" : "s");
		goto out;
	}
	if (nitems)
		correct_count_words(&detail, nitems, "item");
	if (nact)
		correct_count_words(&detail, nact, "action");
	rc = correct_before(s, SC_MEETING, id);
	if (rc == 0)
		rc = correct_meeting_delete(s, id);
	if (rc == 0)
		rc = correct_removed(s, "meeting", id, path.data, &detail,
		                     "with ", said);
out:
	rc = correct_end(s, own, rc);
	buf_free(&path);
	buf_free(&detail);
	return rc;
}

int store_board_rm(store *s, int64_t id, int recursive, struct buf *said)
{
	struct buf path = { 0 }, detail = { 0 };
	int64_t nmeet, nitems, nact, *ids;
	size_t n, k;
	int own, rc;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_board_path(s, id, &path);
	if (rc)
		goto out;
	nmeet = correct_count(s, "SELECT count(*) FROM meeting"
	                      " WHERE board_id = ?", id);
	nitems = correct_count(s, "SELECT count(*) FROM item i JOIN meeting m"
	                       " ON m.id = i.meeting_id WHERE m.board_id = ?",
	                       id);
	nact = correct_count(s, "SELECT count(*) FROM action"
	                     " WHERE board_id = ?", id);
	if ((nmeet || nact) && !recursive) {
		if (nmeet)
			correct_count_words(&detail, nmeet, "meeting");
		if (nact)
			correct_count_words(&detail, nact, "action");
		rc = store_fail(s, -ENOTEMPTY, "%s has %s: remove them first, or "
		                "use --recursive", path.data, detail.data);
		goto out;
	}
	if (nmeet)
		correct_count_words(&detail, nmeet, "meeting");
	if (nitems)
		correct_count_words(&detail, nitems, "item");
	if (nact)
		correct_count_words(&detail, nact, "action");
	rc = correct_before(s, SC_BOARD, id);
	if (rc == 0)
		rc = correct_ids(s, correct_sql_meetings[SC_BOARD], id, &ids, &n);
	else
		ids = NULL, n = 0;
	for (k = 0; rc == 0 && k < n; k++)
		rc = correct_meeting_delete(s, ids[k]);
	free(ids);
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "DELETE FROM action"
		     " WHERE board_id = ?", "i", id));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "DELETE FROM board WHERE id = ?",
		     "i", id));
	if (rc == 0)
		rc = correct_removed(s, "board", id, path.data, &detail,
		                     "with ", said);
out:
	rc = correct_end(s, own, rc);
	buf_free(&path);
	buf_free(&detail);
	return rc;
}

int store_action_rm(store *s, int64_t id, struct buf *said)
{
	char name[32], path[48];
	sqlite3_stmt *st;
	char *text = NULL;
	int own, rc;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	node_action_name(id, name, sizeof name);
	snprintf(path, sizeof path, "actions/%s", name);
	st = store_stmt(s, "SELECT text FROM action WHERE id = ?", "i", id);
	rc = st ? store_step(s, st) : -EIO;
	if (rc == SQLITE_ROW && !(text = strdup(col_text(st, 0))))
		rc = store_fail(s, -ENOMEM, "out of memory");
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		rc = store_fail(s, -ENOENT, "no action %s", name);
	if (rc != SQLITE_ROW)
		goto out;
	rc = correct_run(s, store_stmt(s, "DELETE FROM action WHERE id = ?",
	                 "i", id));
	if (rc == 0)
		rc = correct_record(s, "rm", "action", id, path, NULL, text);
	if (rc == 0 && said)
		buf_printf(said, "removed %s", path);
out:
	free(text);
	return correct_end(s, own, rc);
}

int store_issue_rm(store *s, int64_t id, struct buf *said)
{
	struct buf path = { 0 }, detail = { 0 };
	sqlite3_stmt *st;
	int64_t nitems;
	int own, rc;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	st = store_stmt(s, "SELECT slug FROM issue WHERE id = ?", "i", id);
	rc = st ? store_step(s, st) : -EIO;
	if (rc == SQLITE_ROW)
		buf_printf(&path, "issues/%s", col_text(st, 0));
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		rc = store_fail(s, -ENOENT, "no issue with id %" PRId64, id);
	if (rc != SQLITE_ROW)
		goto out;
	nitems = correct_count(s, "SELECT count(*) FROM item_issue"
	                       " WHERE issue_id = ?", id);
	if (nitems)
		correct_count_words(&detail, nitems, "item link");
	/* Its items stay; their files no longer name it (the link's
	   delete touches each item). */
	rc = correct_run(s, store_stmt(s, "DELETE FROM issue WHERE id = ?",
	                 "i", id));
	if (rc == 0)
		rc = correct_record(s, "rm", "issue", id, path.data, NULL,
		                    detail.data);
	if (rc == 0 && said)
		buf_printf(said, "removed %s", path.data);
out:
	rc = correct_end(s, own, rc);
	buf_free(&path);
	buf_free(&detail);
	return rc;
}

/* ---- move --------------------------------------------------------------- */

/*
** After items moved: the actions of each item that sql (binding ?1 = id)
** returns follow their item's board, each with a line of history
** ("<what>: old -> new" is change).
*/
static int correct_actions_follow(store *s, const char *sql, int64_t id,
                                  const char *change)
{
	int64_t *ids;
	size_t n, k;
	int rc = correct_ids(s, sql, id, &ids, &n);

	for (k = 0; rc == 0 && k < n; k++) {
		rc = correct_history(s, "SELECT id FROM action WHERE item_id = ?1",
		                     ids[k], change);
		if (rc == 0)
			rc = correct_run(s, store_stmt(s, "UPDATE action SET"
			     " board_id = (SELECT m.board_id FROM item i JOIN meeting m"
			     " ON m.id = i.meeting_id WHERE i.id = ?1), updated = ?2"
			     " WHERE item_id = ?1", "ii", ids[k], store_now_ms(s)));
	}
	free(ids);
	return rc;
}

/* Move item id into meeting to, numbered number, named a free slug
   there.  No checks: the callers make them. */
static int correct_item_place(store *s, int64_t id, int64_t to,
                              const char *number, const char *title)
{
	char base[SLUG_MAX + 1], slug[SLUG_MAX + 1];
	int64_t other;
	int rc;

	slug_item(number, title, base, sizeof base);
	rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE id = ?"
	              " AND meeting_id = ? AND slug = ?", "iit", id, to, base),
	              &other);
	if (rc == 0)
		snprintf(slug, sizeof slug, "%s", base);   /* its name now */
	else if (rc == -ENOENT)
		rc = write_unique_slug(s, "SELECT id FROM item WHERE"
		                       " meeting_id = ?1 AND slug = ?2", to, base,
		                       slug, sizeof slug);
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE item SET meeting_id = ?2,"
		     " number = ?3, ord = CASE WHEN number = ?3 THEN ord ELSE ?4 END,"
		     " slug = ?5, updated = ?6 WHERE id = ?1", "iitdti", id, to,
		     number, write_item_ord(number), slug, store_now_ms(s)));
	return rc;
}

int store_item_mv(store *s, int64_t id, int64_t meeting, const char *number,
                  struct buf *said)
{
	struct buf from = { 0 }, to = { 0 }, change = { 0 };
	int64_t m = 0, other;
	sqlite3_stmt *st;
	char *num = NULL, *title = NULL;
	int own, rc, same = 0;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_item_path(s, id, &from);
	if (rc)
		goto out;
	st = store_stmt(s, "SELECT meeting_id, number, title FROM item"
	                   " WHERE id = ?", "i", id);
	rc = st ? store_step(s, st) : -EIO;
	if (rc == SQLITE_ROW) {
		m = sqlite3_column_int64(st, 0);
		num = strdup(number ? number : col_text(st, 1));
		title = strdup(col_text(st, 2));
		same = num && (!meeting || meeting == m) &&
		       strcmp(num, col_text(st, 1)) == 0;
	}
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc < 0 ? rc : -ENOENT;
		goto out;
	}
	if (!num || !title) {
		rc = store_fail(s, -ENOMEM, "out of memory");
		goto out;
	}
	if (!*num || strlen(num) > 16)
		rc = store_fail(s, -EINVAL, "invalid item number '%s': at most 16 "
		                "characters, not empty", num);
	if (rc == SQLITE_ROW)
		rc = write_text(s, "number", num);
	if (rc)
		goto out;
	if (same) {
		rc = store_fail(s, -EALREADY, "%s is already there", from.data);
		goto out;
	}
	if (!meeting)
		meeting = m;
	else if (correct_meeting_path(s, meeting, &to) != 0) {
		rc = -ENOENT;
		goto out;
	}
	/* Another item of that meeting with that number: refused, as an
	   import would then not know which one a page is. */
	rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE meeting_id = ?"
	              " AND number = ? AND id <> ?", "iti", meeting, num, id),
	              &other);
	if (rc == 0) {
		buf_reset(&to);
		correct_item_path(s, other, &to);
		rc = store_fail(s, -EEXIST, "%s already has number %s in its "
		                "meeting", to.data, num);
		goto out;
	}
	if (rc != -ENOENT)
		goto out;
	rc = correct_before(s, SC_ITEM, id);
	if (rc == 0)
		rc = correct_item_place(s, id, meeting, num, title);
	buf_reset(&to);
	if (rc == 0)
		rc = correct_item_path(s, id, &to);
	if (rc)
		goto out;
	buf_printf(&change, "item moved: %s -> %s", from.data, to.data);
	rc = buf_ok(&change) ? correct_actions_follow(s,
	     correct_sql_items[SC_ITEM], id, change.data) : -ENOMEM;
	if (rc == 0)
		rc = correct_record(s, "mv", "item", id, from.data, to.data, NULL);
	if (rc == 0 && said)
		buf_printf(said, "%s -> %s", from.data, to.data);
out:
	rc = correct_end(s, own, rc);
	buf_free(&from);
	buf_free(&to);
	buf_free(&change);
	free(num);
	free(title);
	return rc;
}

/* Move meeting id to board, dated date, under a free name there. */
static int correct_meeting_place(store *s, int64_t id, int64_t board,
                                 const char *date)
{
	char slug[SLUG_MAX + 1], day[11];
	sqlite3_stmt *st;
	int64_t other;
	int rc;

	if (!date) {   /* its own */
		st = store_stmt(s, "SELECT date FROM meeting WHERE id = ?", "i",
		                id);
		rc = st ? store_step(s, st) : -EIO;
		if (rc == SQLITE_ROW)
			snprintf(day, sizeof day, "%s", col_text(st, 0));
		if (st)
			sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return rc < 0 ? rc : -ENOENT;
		date = day;
	}
	rc = write_id(s, store_stmt(s, "SELECT id FROM meeting WHERE id = ?"
	              " AND board_id = ? AND date = ?", "iit", id, board, date),
	              &other);
	if (rc == 0)
		return 0;   /* there already: keeps its name */
	if (rc == -ENOENT)
		rc = write_unique_slug(s, "SELECT id FROM meeting WHERE"
		                       " board_id = ?1 AND slug = ?2", board, date,
		                       slug, sizeof slug);
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE meeting SET board_id = ?2,"
		     " date = ?3, slug = ?4, updated = ?5 WHERE id = ?1", "iitti",
		     id, board, date, slug, store_now_ms(s)));
	return rc;
}

int store_meeting_mv(store *s, int64_t id, int64_t board, const char *date,
                     struct buf *said)
{
	struct buf from = { 0 }, to = { 0 }, change = { 0 };
	sqlite3_stmt *st;
	char day[11] = "";
	int own, rc, same = 0;

	if (date && !store_valid_date(date))
		return store_fail(s, -EINVAL, "invalid date '%s': expected "
		                  "YYYY-MM-DD", date);
	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_meeting_path(s, id, &from);
	if (rc == 0 && board)
		rc = correct_board_path(s, board, &to);
	if (rc)
		goto out;
	st = store_stmt(s, "SELECT board_id, date FROM meeting WHERE id = ?",
	                "i", id);
	rc = st ? store_step(s, st) : -EIO;
	if (rc == SQLITE_ROW) {
		if (!board)
			board = sqlite3_column_int64(st, 0);
		snprintf(day, sizeof day, "%s", date ? date : col_text(st, 1));
		same = board == sqlite3_column_int64(st, 0) &&
		       strcmp(day, col_text(st, 1)) == 0;
	}
	if (st)
		sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc < 0 ? rc : -ENOENT;
		goto out;
	}
	if (same) {
		rc = store_fail(s, -EALREADY, "%s is already there", from.data);
		goto out;
	}
	rc = correct_before(s, SC_MEETING, id);
	if (rc == 0)
		rc = correct_meeting_place(s, id, board, day);
	buf_reset(&to);
	if (rc == 0)
		rc = correct_meeting_path(s, id, &to);
	if (rc)
		goto out;
	buf_printf(&change, "meeting moved: %s -> %s", from.data, to.data);
	rc = buf_ok(&change) ? correct_actions_follow(s,
	     correct_sql_items[SC_MEETING], id, change.data) : -ENOMEM;
	if (rc == 0)
		rc = correct_record(s, "mv", "meeting", id, from.data, to.data,
		                    NULL);
	if (rc == 0 && said)
		buf_printf(said, "%s -> %s", from.data, to.data);
out:
	rc = correct_end(s, own, rc);
	buf_free(&from);
	buf_free(&to);
	buf_free(&change);
	return rc;
}

/* ---- boards ------------------------------------------------------------- */

int store_board_rename(store *s, int64_t id, const char *slug,
                       const char *name, struct buf *said)
{
	struct buf from = { 0 }, to = { 0 }, change = { 0 };
	int64_t other;
	int own, rc;

	if (slug && !slug_valid(slug))
		return store_fail(s, -EINVAL, "invalid board name '%s': use "
		                  "lowercase letters, digits and single dashes "
		                  "(at most %d)", slug, SLUG_MAX);
	if (name && !*name)
		return store_fail(s, -EINVAL, "a board's name cannot be empty");
	if (name && (rc = write_text(s, "name", name)) != 0)
		return rc;
	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_board_path(s, id, &from);
	if (rc)
		goto out;
	if (slug) {
		rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE"
		              " slug = ? AND id <> ?", "ti", slug, id), &other);
		if (rc == 0) {
			rc = store_fail(s, -EEXIST, "board %s already exists "
			                "(to join the two: govctl board merge)", slug);
			goto out;
		}
		if (rc != -ENOENT)
			goto out;
	}
	rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE id = ?1"
	              " AND slug = coalesce(?2, slug) AND name = coalesce(?3,"
	              " name)", "itt", id, slug, name), &other);
	if (rc == 0) {
		rc = store_fail(s, -EALREADY, "%s is already named so",
		                from.data);
		goto out;
	}
	if (rc != -ENOENT)
		goto out;
	rc = correct_before(s, SC_BOARD, id);
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE board SET"
		     " slug = coalesce(?2, slug), name = coalesce(?3, name),"
		     " updated = ?4 WHERE id = ?1", "itti", id, slug, name,
		     store_now_ms(s)));
	if (rc == 0)
		rc = correct_board_path(s, id, &to);
	if (rc)
		goto out;
	buf_printf(&change, "board renamed: %s -> %s%s%s", from.data, to.data,
	           name ? ", named " : "", name ? name : "");
	rc = buf_ok(&change) ? correct_history(s, "SELECT id FROM action"
	     " WHERE board_id = ?1", id, change.data) : -ENOMEM;
	if (rc == 0)
		rc = correct_record(s, "rename", "board", id, from.data, to.data,
		                    name ? strstr(change.data, "named ") : NULL);
	if (rc == 0 && said)
		buf_printf(said, "%s -> %s%s%s", from.data, to.data,
		           name ? ", named " : "", name ? name : "");
out:
	rc = correct_end(s, own, rc);
	buf_free(&from);
	buf_free(&to);
	buf_free(&change);
	return rc;
}

/*
** Meeting m of the board being merged, into board into: joined to into's
** meeting of the same date when there is one and no item numbers clash
** (its items move there, its attendance is added, its details fill that
** meeting's blanks), else moved to into under a free name (<date>-2).
** One line for said.
*/
static int correct_merge_meeting(store *s, int64_t m, int64_t into,
                                 struct buf *said)
{
	struct buf from = { 0 }, to = { 0 };
	int64_t same = 0, clash, *ids = NULL;
	sqlite3_stmt *st;
	size_t n = 0, k;
	int rc;

	rc = correct_meeting_path(s, m, &from);
	if (rc)
		return rc;
	rc = write_id(s, store_stmt(s, "SELECT t.id FROM meeting t, meeting f"
	              " WHERE f.id = ?1 AND t.board_id = ?2 AND t.date = f.date"
	              " ORDER BY t.slug LIMIT 1", "ii", m, into), &same);
	if (rc == -ENOENT) {
		rc = correct_meeting_place(s, m, into, NULL);
		same = 0;
	}
	if (rc)
		goto out;
	if (same) {
		clash = 0;
		st = store_stmt(s, "SELECT count(*) FROM item a JOIN item b"
		                   " ON b.number = a.number WHERE a.meeting_id = ?"
		                   " AND b.meeting_id = ?", "ii", m, same);
		if (st && store_step(s, st) == SQLITE_ROW)
			clash = sqlite3_column_int64(st, 0);
		if (st)
			sqlite3_reset(st);
		if (clash) {
			correct_meeting_path(s, same, &to);
			buf_printf(said, "%s -> ", from.data);
			buf_reset(&from);
			rc = correct_meeting_place(s, m, into, NULL);
			if (rc == 0)
				rc = correct_meeting_path(s, m, &from);
			buf_printf(said, "%s (%s has items with the same numbers)\n",
			           from.data, to.data);
			goto out;
		}
		rc = correct_meeting_path(s, same, &to);
		if (rc == 0)
			rc = correct_ids(s, correct_sql_items[SC_MEETING], m, &ids,
			                 &n);
		for (k = 0; rc == 0 && k < n; k++) {
			st = store_stmt(s, "SELECT number, title FROM item WHERE"
			                   " id = ?", "i", ids[k]);
			rc = st ? store_step(s, st) : -EIO;
			if (rc == SQLITE_ROW) {
				char num[17], title[SLUG_MAX * 4];

				snprintf(num, sizeof num, "%s", col_text(st, 0));
				snprintf(title, sizeof title, "%s", col_text(st, 1));
				sqlite3_reset(st);
				rc = correct_item_place(s, ids[k], same, num, title);
			} else if (st) {
				sqlite3_reset(st);
			}
		}
		if (rc == 0)
			rc = correct_run(s, store_stmt(s, "INSERT OR IGNORE INTO"
			     " attendance(meeting_id, person_id, role, note, created,"
			     " updated) SELECT ?2, person_id, role, note, created, ?3"
			     " FROM attendance WHERE meeting_id = ?1", "iii", m, same,
			     store_now_ms(s)));
		if (rc == 0)
			rc = correct_run(s, store_stmt(s, "UPDATE meeting SET"
			     " time = coalesce(time, (SELECT time FROM meeting"
			     " WHERE id = ?1)), location = coalesce(location,"
			     " (SELECT location FROM meeting WHERE id = ?1)),"
			     " status = coalesce(status, (SELECT status FROM meeting"
			     " WHERE id = ?1)), updated = ?3 WHERE id = ?2", "iii", m,
			     same, store_now_ms(s)));
		if (rc == 0)
			rc = correct_run(s, store_stmt(s, "DELETE FROM meeting"
			     " WHERE id = ?", "i", m));
		if (rc == 0)
			buf_printf(said, "%s -> %s (joined: %zu item%s, same date)\n",
			           from.data, to.data, n, n == 1 ? "" : "s");
		goto out;
	}
	rc = correct_meeting_path(s, m, &to);
	if (rc == 0)
		buf_printf(said, "%s -> %s\n", from.data, to.data);
out:
	free(ids);
	buf_free(&from);
	buf_free(&to);
	return rc;
}

int store_board_merge(store *s, int64_t from, int64_t into,
                      struct buf *said)
{
	struct buf fpath = { 0 }, ipath = { 0 }, change = { 0 },
	           lines = { 0 }, detail = { 0 }, moved = { 0 };
	int64_t *ids = NULL, nact;
	size_t n = 0, k;
	int own, rc;

	rc = correct_begin(s, &own);
	if (rc)
		return rc;
	rc = correct_board_path(s, from, &fpath);
	if (rc == 0)
		rc = correct_board_path(s, into, &ipath);
	if (rc)
		goto out;
	if (from == into) {
		rc = store_fail(s, -EINVAL, "cannot merge %s into itself",
		                fpath.data);
		goto out;
	}
	nact = correct_count(s, "SELECT count(*) FROM action WHERE board_id = ?",
	                     from);
	rc = correct_before(s, SC_BOARD, from);
	if (rc == 0)
		rc = correct_ids(s, "SELECT id FROM meeting WHERE board_id = ?1"
		                 " ORDER BY date, slug", from, &ids, &n);
	for (k = 0; rc == 0 && k < n; k++)
		rc = correct_merge_meeting(s, ids[k], into, &lines);
	if (rc == 0)
		buf_printf(&change, "board merged: %s -> %s", fpath.data,
		           ipath.data);
	if (rc == 0)
		rc = buf_ok(&change) ? correct_history(s, "SELECT id FROM action"
		     " WHERE board_id = ?1", from, change.data) : -ENOMEM;
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "UPDATE action SET board_id = ?2,"
		     " updated = ?3 WHERE board_id = ?1", "iii", from, into,
		     store_now_ms(s)));
	if (rc == 0)
		rc = correct_run(s, store_stmt(s, "DELETE FROM board WHERE id = ?",
		     "i", from));
	correct_count_words(&moved, (int64_t)n, "meeting");
	correct_count_words(&moved, nact, "action");
	buf_puts(&detail, moved.data);
	if (rc == 0 && !buf_ok(&lines))
		rc = store_fail(s, -ENOMEM, "out of memory");
	if (rc == 0) {
		char *p;

		/* the log's detail is one line: "a; b; c" */
		buf_puts(&detail, lines.len ? ": " : "");
		for (p = lines.data; p && *p; p++) {
			if (*p != '\n')
				buf_putc(&detail, *p);
			else if (p[1])
				buf_puts(&detail, "; ");
		}
		rc = buf_ok(&detail) ? correct_record(s, "merge", "board", from,
		     fpath.data, ipath.data, detail.data) : -ENOMEM;
	}
	if (rc == 0 && said)
		buf_printf(said, "%s%s -> %s (%s moved; %s removed)", lines.len ?
		           lines.data : "", fpath.data, ipath.data, moved.data,
		           fpath.data);
out:
	free(ids);
	rc = correct_end(s, own, rc);
	buf_free(&fpath);
	buf_free(&ipath);
	buf_free(&change);
	buf_free(&lines);
	buf_free(&detail);
	buf_free(&moved);
	return rc;
}

/* ---- finding and listing ----------------------------------------------- */

int store_record_find(store *s, const char *ref, int *kind, int64_t *id)
{
	struct node_attr a;
	int rc;

	switch (*kind) {
	case REC_BOARD:   return store_board_find(s, ref, id);
	case REC_MEETING: return store_meeting_find(s, 0, ref, id);
	case REC_ITEM:    return store_item_find(s, ref, id);
	case REC_ACTION:  return store_action_find(s, ref, id);
	case REC_ISSUE:   return store_issue_find(s, ref, id);
	default:          break;
	}
	if (ref && strncmp(ref, "issues/", 7) == 0) {
		*kind = REC_ISSUE;
		return store_issue_find(s, ref, id);
	}
	rc = store_resolve(s, ref ? ref : "", &a);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no %s in the tree", ref ? ref : "");
	if (rc)
		return store_fail(s, rc, "%s: %s", ref ? ref : "", strerror(-rc));
	switch (NODE_KIND(a.ino)) {
	case NK_BOARD:   *kind = REC_BOARD;   break;
	case NK_MEETING: *kind = REC_MEETING; break;
	case NK_ITEM:    *kind = REC_ITEM;    break;
	case NK_ACTION:  *kind = REC_ACTION;  break;
	default:
		return store_fail(s, -EINVAL, "%s is not a board, meeting, item, "
		                  "action or issue (give the record's folder)",
		                  ref);
	}
	*id = NODE_ID(a.ino);
	return 0;
}

int store_list_corrections(store *s, store_row_fn fn, void *ctx)
{
	int64_t n;

	/* A database not yet upgraded to schema 7 (opened read-only) has
	   made none. */
	if (write_id(s, store_stmt(s, "SELECT 1 FROM sqlite_schema WHERE"
	             " type = 'table' AND name = 'correction'", NULL), &n) ==
	    -ENOENT)
		return 0;
	return write_rows(s, store_stmt(s, "SELECT id, strftime("
	       "'%Y-%m-%dT%H:%M:%SZ', at / 1000, 'unixepoch') AS at, verb, kind,"
	       " record_id AS record, old, new, detail FROM correction"
	       " ORDER BY id", NULL), fn, ctx);
}
