/*
** ref.c — what a command's reference names: a record's path in the tree,
** its number or its slug, resolved to the record's id (the writers and
** govctl's verbs take references; write.c writes).
*/
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* A reference that is all digits: its value, else 0. */
int64_t write_numeric(const char *ref)
{
	if (!ref || !*ref || strspn(ref, "0123456789") != strlen(ref) ||
	    strlen(ref) > 15)
		return 0;
	return strtoll(ref, NULL, 10);
}

/* Resolve a path reference to the id of a node whose row is of the given
   kind (the directory kind: NK_BOARD, NK_ITEM, ...), or of a file or
   folder inside it. */
int write_ref_path(store *s, const char *ref, enum node_kind want,
                   const char *what, int64_t *id)
{
	struct node_attr a;
	enum node_kind k;
	int rc = store_resolve(s, ref, &a);

	if (rc == 0) {
		k = NODE_KIND(a.ino);
		if (k == want || (want == NK_ITEM && (k == NK_ITEM_TXT ||
		    k == NK_ITEM_JSON || k == NK_MINUTES_TXT ||
		    k == NK_DECISIONS_TXT || k == NK_DOCUMENTS_TXT ||
		    k == NK_ITEM_ACTIONS || k == NK_PERSON_ITEM_LINK ||
		    k == NK_PLAN_ITEM_LINK || k == NK_SEARCH_LINK ||
		    k == NK_ISSUE_ITEM_LINK)) ||
		    (want == NK_BOARD && (k == NK_BOARD_TXT ||
		    k == NK_BOARD_JSON || k == NK_BOARD_MEETINGS)) ||
		    (want == NK_ACTION && (k == NK_ACTION_TXT ||
		    k == NK_ACTION_JSON || k == NK_HISTORY_TXT)) ||
		    (want == NK_MEETING && (k == NK_MEETING_TXT ||
		    k == NK_MEETING_JSON || k == NK_MEETING_ITEMS)) ||
		    (want == NK_PLAN && (k == NK_PLAN_TXT ||
		    k == NK_PLAN_JSON)) ||
		    (want == NK_ISSUE && (k == NK_ISSUE_TXT ||
		    k == NK_ISSUE_JSON || k == NK_ISSUE_ITEMS))) {
			*id = NODE_ID(a.ino);
			return 0;
		}
		return store_fail(s, -EINVAL, "%s is not a%s %s", ref,
		                  strchr("aeiou", what[0]) ? "n" : "", what);
	}
	if (rc == -ENOENT)
		return store_fail(s, rc, "no %s %s in the tree", what, ref);
	return rc;
}

int store_board_find(store *s, const char *ref, int64_t *id)
{
	int64_t n = write_numeric(ref);
	int rc;

	if (n)
		rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE id = ?",
		              "i", n), id);
	else if (ref && !strchr(ref, '/'))
		rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE"
		              " slug = ?", "t", ref), id);
	else
		return write_ref_path(s, ref, NK_BOARD, "board", id);
	if (rc == -ENOENT)
		return store_fail(s, rc, "unknown board '%s' (see: govctl "
		                  "board list)", ref ? ref : "");
	return rc;
}

int store_meeting_find(store *s, int64_t board_id, const char *ref,
                       int64_t *id)
{
	int64_t n = write_numeric(ref);
	int rc;

	if (n)
		rc = write_id(s, store_stmt(s, "SELECT id FROM meeting WHERE"
		              " id = ?", "i", n), id);
	else if (board_id && ref && !strchr(ref, '/'))
		/* The board's meeting named ref or, first by name, dated ref:
		   two index lookups (slug, date), not a scan of the board's
		   meetings as "slug = ?2 OR date = ?2 ORDER BY slug" was. */
		rc = write_id(s, store_stmt(s, "SELECT id FROM meeting WHERE"
		              " board_id = ?1 AND slug = (SELECT coalesce(min(a, b),"
		              " a, b) FROM (SELECT (SELECT slug FROM meeting WHERE"
		              " board_id = ?1 AND slug = ?2) AS a, (SELECT min(slug)"
		              " FROM meeting WHERE +board_id = ?1 AND date = ?2)"
		              " AS b))", "it", board_id, ref), id);
	else
		return write_ref_path(s, ref, NK_MEETING, "meeting", id);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no meeting %s", ref ? ref : "");
	return rc;
}

int store_item_find(store *s, const char *ref, int64_t *id)
{
	int64_t n = write_numeric(ref);
	int rc;

	if (!n)
		return write_ref_path(s, ref, NK_ITEM, "item", id);
	rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE id = ?",
	              "i", n), id);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no item %s", ref);
	return rc;
}

int store_action_find(store *s, const char *ref, int64_t *id)
{
	int64_t n = write_numeric(ref);
	int rc;

	if (!n)
		return write_ref_path(s, ref, NK_ACTION, "action", id);
	rc = write_id(s, store_stmt(s, "SELECT id FROM action WHERE id = ?",
	              "i", n), id);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no action %s", ref);
	return rc;
}

/*
** A record of a table with slugs (plan, issue), found by its id (a
** number), its slug (no '/'), or its path in the tree (kind's node):
** sql_id and sql_slug select its id by one or the other (literals: the
** statement cache keys on their address).  Unknown: -ENOENT with
** "unknown WHAT 'REF'".
*/
int write_slug_find(store *s, const char *ref, const char *sql_id,
                    const char *sql_slug, enum node_kind kind,
                    const char *what, int64_t *id)
{
	int64_t n = write_numeric(ref);
	int rc;

	if (n)
		rc = write_id(s, store_stmt(s, sql_id, "i", n), id);
	else if (ref && !strchr(ref, '/'))
		rc = write_id(s, store_stmt(s, sql_slug, "t", ref), id);
	else
		return write_ref_path(s, ref, kind, what, id);
	if (rc == -ENOENT)
		return store_fail(s, rc, "unknown %s '%s'", what, ref ? ref : "");
	return rc;
}

int store_plan_find(store *s, const char *ref, int64_t *id)
{
	return write_slug_find(s, ref, "SELECT id FROM plan WHERE id = ?",
	                       "SELECT id FROM plan WHERE slug = ?", NK_PLAN,
	                       "plan", id);
}
