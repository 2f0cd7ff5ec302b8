/*
** lookup.c — names to nodes: a name in a folder (node_lookup_: the fixed
** names of node.c's table, then the rows each kind of folder lists) and a
** path from the root, component by component, following links
** (node_resolve_).  Both run inside the snapshot of node.c's entry points
** (store_lookup, store_lookup_data, store_resolve).  Each kind of folder
** here must agree with its listing in node.c (node_readdir_).
*/
#include "node_int.h"

/* ---- lookup ------------------------------------------------------------------ */

/* Parse an action folder name: exactly what node_action_name writes. */
static int64_t node_parse_action(const char *name)
{
	char back[32];
	int64_t id;

	if (strlen(name) > 15 || strspn(name, "0123456789") != strlen(name))
		return 0;
	id = strtoll(name, NULL, 10);
	node_action_name(id, back, sizeof back);
	return id > 0 && strcmp(back, name) == 0 ? id : 0;
}

/* Find the row of a listing whose name column equals name. */
static int node_lookup_row(store *s, sqlite3_stmt *st, int64_t *id)
{
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* An item link name "<meeting>-<board>-<item>": candidates are the items
   of meetings on its date; sql binds ?1 date, ?2 owner, ?3 name. */
static int node_lookup_item_link(store *s, const char *sql, int64_t owner,
                                 const char *name, int64_t *id)
{
	char date[11];

	if (strlen(name) < 12 || !isdigit((unsigned char)name[0]))
		return -ENOENT;
	memcpy(date, name, 10);
	date[10] = '\0';
	return node_lookup_row(s, store_stmt(s, sql, "tit", date, owner, name),
	                       id);
}

static const char node_sql_person_link[] =
	"SELECT i.id FROM item_person p"
	" JOIN item i ON i.id = p.item_id"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id"
	" WHERE m.date = ?1 AND p.person_id = ?2"
	" AND m.slug || '-' || b.slug || '-' || i.slug = ?3 LIMIT 1";

static const char node_sql_plan_link[] =
	"SELECT i.id FROM plan_item p"
	" JOIN item i ON i.id = p.item_id"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id"
	" WHERE m.date = ?1 AND p.plan_id = ?2"
	" AND m.slug || '-' || b.slug || '-' || i.slug = ?3 LIMIT 1";

static const char node_sql_issue_link[] =
	"SELECT i.id FROM item_issue x"
	" JOIN item i ON i.id = x.item_id"
	" JOIN meeting m ON m.id = i.meeting_id"
	" JOIN board b ON b.id = m.board_id"
	" WHERE m.date = ?1 AND x.issue_id = ?2"
	" AND m.slug || '-' || b.slug || '-' || i.slug = ?3 LIMIT 1";


/* The node named name in folder parent: its attributes in *out, a file's
   bytes or a link's target appended to keep (if not NULL: see
   node_getattr_keep).  0, -ENOENT, -ENOTDIR, -ENAMETOOLONG or -errno. */
int node_lookup_(store *s, uint64_t parent, const char *name,
                 struct node_attr *out, struct buf *keep)
{
	enum node_kind k = NODE_KIND(parent);
	int64_t pid = NODE_ID(parent), id = 0, mtime;
	enum node_kind ck = NK__COUNT;
	size_t i;
	int rc;

	if (k >= NK__COUNT)
		return -ENOENT;
	if (node_info[k].type != NT_DIR)
		return -ENOTDIR;
	if (strlen(name) > 255)
		return -ENAMETOOLONG;
	rc = node_row_mtime(s, k, pid, &mtime);
	if (rc)
		return rc;
	for (i = 0; i < NODE_NFIXED; i++)
		if (node_fixed[i].parent == k &&
		    strcmp(node_fixed[i].name, name) == 0)
			return node_getattr_keep(s, NODE_INO(node_fixed[i].kind,
				node_fixed_id(node_fixed[i].kind, pid)), out, keep);
	switch (k) {
	case NK_BOARDS:
		ck = NK_BOARD;
		rc = node_lookup_row(s, store_stmt(s,
			"SELECT id FROM board WHERE slug = ?", "t", name), &id);
		break;
	case NK_BOARD_MEETINGS:
		ck = NK_MEETING;
		rc = node_lookup_row(s, store_stmt(s,
			"SELECT id FROM meeting WHERE board_id = ? AND slug = ?",
			"it", pid, name), &id);
		break;
	case NK_MEETING_ITEMS:
		ck = NK_ITEM;
		rc = node_lookup_row(s, store_stmt(s,
			"SELECT id FROM item WHERE meeting_id = ? AND slug = ?",
			"it", pid, name), &id);
		break;
	case NK_ITEM_ACTIONS:
		ck = NK_ITEM_ACTION_LINK;
		id = node_parse_action(name);
		rc = id ? node_lookup_row(s, store_stmt(s,
			"SELECT id FROM action WHERE id = ? AND item_id = ?",
			"ii", id, pid), &id) : -ENOENT;
		break;
	case NK_MEETINGS:
		ck = NK_MEETING_LINK;
		if (strlen(name) < 12) {
			rc = -ENOENT;
			break;
		}
		{
			char date[11];

			memcpy(date, name, 10);
			date[10] = '\0';
			rc = node_lookup_row(s, store_stmt(s,
				"SELECT m.id FROM meeting m"
				" JOIN board b ON b.id = m.board_id"
				" WHERE m.date = ? AND m.slug || '-' || b.slug = ?",
				"tt", date, name), &id);
		}
		break;
	case NK_ACTIONS:
		ck = NK_ACTION;
		id = node_parse_action(name);
		rc = id ? 0 : -ENOENT;
		break;
	case NK_ACTIONS_OPEN:
		ck = NK_OPEN_LINK;
		id = node_parse_action(name);
		rc = id ? 0 : -ENOENT;
		break;
	case NK_ACTIONS_OVERDUE:
		ck = NK_OVERDUE_LINK;
		id = node_parse_action(name);
		rc = id ? 0 : -ENOENT;
		break;
	case NK_ACTIONS_DONE:
		ck = NK_DONE_LINK;
		id = node_parse_action(name);
		rc = id ? 0 : -ENOENT;
		break;
	case NK_PEOPLE:
		ck = NK_PERSON;
		rc = node_lookup_row(s, store_stmt(s,
			"SELECT id FROM person WHERE slug = ?", "t", name), &id);
		break;
	case NK_PLANS:
		ck = NK_PLAN;
		rc = node_lookup_row(s, store_stmt(s,
			"SELECT id FROM plan WHERE slug = ?", "t", name), &id);
		break;
	case NK_PERSON_ITEMS:
		ck = NK_PERSON_ITEM_LINK;
		rc = node_lookup_item_link(s, node_sql_person_link, pid, name,
		                           &id);
		break;
	case NK_PLAN_ITEMS:
		ck = NK_PLAN_ITEM_LINK;
		rc = node_lookup_item_link(s, node_sql_plan_link, pid, name, &id);
		break;
	case NK_ISSUES:
		ck = NK_ISSUE;
		rc = node_lookup_row(s, store_stmt(s,
			"SELECT id FROM issue WHERE slug = ?", "t", name), &id);
		break;
	case NK_ISSUE_ITEMS:
		ck = NK_ISSUE_ITEM_LINK;
		rc = node_lookup_item_link(s, node_sql_issue_link, pid, name,
		                           &id);
		break;
	case NK_SEARCH:
		/* Any name is a query; blank ones are not. */
		ck = NK_SEARCH_QUERY;
		id = name[strspn(name, " \t")] ? search_register(name) : 0;
		rc = id > 0 ? 0 : id < 0 ? (int)id : -ENOENT;
		break;
	case NK_SEARCH_QUERY:
		ck = NK_SEARCH_LINK;
		rc = node_lookup_search(s, pid, name, &id);
		break;
	case NK_ITEM:
		ck = strcmp(name, "actions") == 0 ? NK_ITEM_ACTIONS
		                                  : NK_ITEM_DOCUMENTS;
		id = pid;
		rc = strcmp(name, "documents") == 0 ||
		     ck == NK_ITEM_ACTIONS ? 0 : -ENOENT;
		break;
	case NK_ITEM_DOCUMENTS: {
		struct doc_ent *v;
		size_t n;

		rc = doc_list(s, pid, &v, &n);
		if (rc)
			break;
		for (i = 0; i < n && strcmp(v[i].name, name) != 0; i++)
			;
		rc = i < n ? 0 : -ENOENT;
		if (i < n) {
			ck = v[i].kind;
			id = v[i].id;
		}
		doc_list_free(v, n);
		break;
	}
	default:
		rc = -ENOENT;
		break;
	}
	if (rc)
		return rc;
	return node_getattr_keep(s, NODE_INO(ck, id), out, keep);
}

/* ---- paths to nodes ------------------------------------------------------------ */

#define NODE_MAX_DEPTH 64
#define NODE_MAX_LINKS 16

struct node_walk {
	uint64_t stack[NODE_MAX_DEPTH];   /* directories from the root */
	int depth;
	int links;
};

static int node_walk(store *s, struct node_walk *w, const char *path,
                     int follow_last, struct node_attr *out);

/* Step into name from the top of the walk's stack. */
static int node_step(store *s, struct node_walk *w, const char *name,
                     int last, int follow_last, struct node_attr *out)
{
	struct buf target = { 0 };
	int rc;

	if (strcmp(name, ".") == 0 || !*name)
		return store_getattr(s, w->stack[w->depth - 1], out);
	if (strcmp(name, "..") == 0) {
		if (w->depth > 1)
			w->depth--;
		return store_getattr(s, w->stack[w->depth - 1], out);
	}
	rc = store_lookup(s, w->stack[w->depth - 1], name, out);
	if (rc)
		return rc;
	if (out->type == NT_LINK && (!last || follow_last)) {
		if (++w->links > NODE_MAX_LINKS)
			return -ELOOP;
		rc = store_readlink(s, out->ino, &target);
		if (rc == 0)
			rc = buf_ok(&target) ? node_walk(s, w, target.data, 1, out)
			                     : -ENOMEM;
		buf_free(&target);
		return rc;
	}
	if (out->type == NT_DIR) {
		if (w->depth >= NODE_MAX_DEPTH)
			return -ENAMETOOLONG;
		w->stack[w->depth++] = out->ino;
	}
	return 0;
}

/* Walk path (relative to the top of the stack) component by component. */
static int node_walk(store *s, struct node_walk *w, const char *path,
                     int follow_last, struct node_attr *out)
{
	char name[256];
	const char *p = path;
	int rc = store_getattr(s, w->stack[w->depth - 1], out);

	while (rc == 0 && *p) {
		size_t n = strcspn(p, "/");
		const char *next = p + n;

		while (*next == '/')
			next++;
		if (n >= sizeof name)
			return -ENAMETOOLONG;
		if (n) {
			if (out->type != NT_DIR)
				return -ENOTDIR;
			memcpy(name, p, n);
			name[n] = '\0';
			rc = node_step(s, w, name, !*next, follow_last, out);
		}
		p = next;
	}
	return rc;
}

/* The node path names from the root ("/" and "" are the root; ".", ".."
   and links are followed, the last one too): its attributes in *out.
   0 or -errno. */
int node_resolve_(store *s, const char *path, struct node_attr *out)
{
	struct node_walk w = { { NODE_ROOT_INO }, 1, 0 };

	while (*path == '/')
		path++;
	return node_walk(s, &w, path, 1, out);
}
