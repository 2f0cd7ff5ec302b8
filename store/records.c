/*
** records.c — what a council's pages say beyond minutes: an item's
** decision-record fields and other labelled fields, ModernGov issues and
** the items that took them, a page's board placed by the committee and
** council it names, and an item number when the page gives none.
*/
#include <assert.h>
#include <inttypes.h>

#include "store_int.h"

#define RECORDS_LABEL_MAX 200   /* bytes of a field label, at most */

/* ---- items ---------------------------------------------------------------- */

/* "yes", "no" or NULL: 0, else -EINVAL naming what. */
static int records_yes_no(store *s, const char *what, const char *v)
{
	if (!v || strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
		return 0;
	return store_fail(s, -EINVAL, "%s: '%s' is not yes or no", what, v);
}

/* A date (YYYY-MM-DD) or NULL: 0, else -EINVAL naming what. */
static int records_date(store *s, const char *what, const char *v)
{
	if (!v || store_valid_date(v))
		return 0;
	return store_fail(s, -EINVAL, "%s: invalid date '%s': expected "
	                  "YYYY-MM-DD", what, v);
}

/* Labelled fields fit to store: a one-line label, text values.  0 or
   -EINVAL naming the field. */
static int records_fields_check(store *s, const struct field_rec *f,
                                size_t n)
{
	size_t i;
	int rc;

	assert(f || n == 0);
	for (i = 0; i < n; i++) {
		if (!f[i].label || !*f[i].label ||
		    strlen(f[i].label) > RECORDS_LABEL_MAX ||
		    strpbrk(f[i].label, "\r\n"))
			return store_fail(s, -EINVAL, "field %zu: a label of one "
			                  "line (at most %d bytes) is required",
			                  i + 1, RECORDS_LABEL_MAX);
		if ((rc = write_text(s, f[i].label, f[i].label)) != 0 ||
		    (rc = write_text(s, f[i].label, f[i].value)) != 0)
			return rc;
	}
	return 0;
}

/*
** The decision-record and other fields of an item record: text fit to
** store, key decision and call-in "yes"/"no", dates YYYY-MM-DD.  0 or
** -EINVAL with the message naming the field.
*/
int records_item_check(store *s, const struct item_rec *it)
{
	const char *what[] = { "decision maker", "decision status", "reasons",
	                       "alternatives", "author" };
	const char *v[] = { it->decision_maker, it->decision_status,
	                    it->reasons, it->alternatives, it->author };
	size_t i;
	int rc;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if ((rc = write_text(s, what[i], v[i])) != 0)
			return rc;
	if ((rc = records_yes_no(s, "key decision", it->key_decision)) != 0 ||
	    (rc = records_yes_no(s, "call-in", it->call_in)) != 0 ||
	    (rc = records_date(s, "publication date", it->published)) != 0 ||
	    (rc = records_date(s, "date of decision", it->decided)) != 0 ||
	    (rc = records_date(s, "effective from", it->effective_from)) != 0)
		return rc;
	return records_fields_check(s, it->fields, it->nfields);
}

/*
** Write the n fields f of item_id as its rows 1..n of item_field, in
** order: a new item (fresh) just gets them; else each row is updated in
** place where it differs and rows after n go, so that an unchanged page
** writes nothing.  0 or -errno.
*/
int records_item_fields(store *s, int64_t item_id, const struct field_rec *f,
                        size_t n, int fresh)
{
	int64_t now = store_now_ms(s);
	size_t i;
	int rc = 0;

	assert(f || n == 0);
	if (!fresh)
		rc = write_run(s, store_stmt(s, "DELETE FROM item_field"
		               " WHERE item_id = ? AND ord > ?", "ii", item_id,
		               (int64_t)n), "clear item fields");
	for (i = 0; rc == 0 && i < n; i++)
		rc = write_run(s, store_stmt(s, "INSERT INTO item_field(item_id,"
		               " ord, label, value, created, updated)"
		               " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
		               " ON CONFLICT (item_id, ord) DO UPDATE SET"
		               " label = ?3, value = ?4, updated = ?5"
		               " WHERE label IS NOT ?3 OR value IS NOT ?4",
		               "iitti", item_id, (int64_t)i + 1, f[i].label,
		               f[i].value ? f[i].value : "", now),
		               "add item field");
	return rc;
}

int store_item_next_number(store *s, int64_t meeting_id, char out[16])
{
	int64_t max = 0;
	int rc;

	/* The leading digits of each number ("4a" is 4, "B1" is 0). */
	rc = write_id(s, store_stmt(s, "SELECT coalesce(max(CAST(number AS"
	              " INTEGER)), 0) FROM item WHERE meeting_id = ?", "i",
	              meeting_id), &max);
	if (rc)
		return rc;
	if (max < 0 || max >= 999999999)
		return store_fail(s, -ERANGE, "no item number after %" PRId64,
		                  max);
	snprintf(out, 16, "%" PRId64, max + 1);
	return 0;
}

/* ---- issues ----------------------------------------------------------------- */

static int records_issue_check(store *s, const struct issue_rec *r)
{
	const char *what[] = { "council", "issue id", "title",
	                       "decision maker", "decision due", "lead officer",
	                       "wards", "status", "summary" };
	const char *v[] = { r->council, r->source_id, r->title,
	                    r->decision_maker, r->decision_due, r->lead_officer,
	                    r->wards, r->status, r->summary };
	size_t i;
	int rc;

	if (!r->title || !*r->title)
		return store_fail(s, -EINVAL, "an issue needs a title");
	if (r->source_id && (!*r->source_id || strchr(r->source_id, '/') ||
	                     strlen(r->source_id) > 32))
		return store_fail(s, -EINVAL, "invalid issue id '%s'",
		                  r->source_id);
	if (r->source_id && (!r->council || !*r->council))
		return store_fail(s, -EINVAL, "issue %s: ModernGov ids are per "
		                  "council: a council is required", r->source_id);
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if ((rc = write_text(s, what[i], v[i])) != 0)
			return rc;
	if ((rc = records_yes_no(s, "key decision", r->key_decision)) != 0)
		return rc;
	return records_fields_check(s, r->fields, r->nfields);
}

/* The council named name (by name, any case, or by slug): 0 or -ENOENT. */
static int records_council_find(store *s, const char *name, int64_t *id)
{
	int rc = write_id(s, store_stmt(s, "SELECT id FROM council WHERE"
	                  " name = ?", "t", name), id);

	if (rc == -ENOENT)
		rc = write_id(s, store_stmt(s, "SELECT id FROM council WHERE"
		              " name = ?1 COLLATE NOCASE OR slug = ?1 ORDER BY id"
		              " LIMIT 1", "t", name), id);
	return rc;
}

/* The council named name, found as records_council_find does, else
   created (write_council); 0 in *id when name is NULL or "".  0 or
   -errno. */
static int records_council_get(store *s, const char *name, int64_t *id)
{
	int rc;

	*id = 0;
	if (!name || !*name)
		return 0;
	rc = records_council_find(s, name, id);
	return rc == -ENOENT ? write_council(s, name, id) : rc;
}

/* The council's slug into out (SLUG_MAX + 1 bytes) and its name appended
   to name (may be NULL): 0 or -errno. */
static int records_council_slug(store *s, int64_t council, char *out,
                                struct buf *name)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT slug, name FROM council"
	                              " WHERE id = ?", "i", council);
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		snprintf(out, SLUG_MAX + 1, "%s", col_text(st, 0));
		if (name)
			buf_puts(name, col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc < 0 ? rc : -ENOENT;
}

/*
** Add or update the issue's other fields by label: a label it has gets
** the new value, a new label goes after the others.  0 or -errno.
*/
static int records_issue_fields(store *s, int64_t issue,
                                const struct field_rec *f, size_t n)
{
	int64_t now = store_now_ms(s), x;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		const char *v = f[i].value ? f[i].value : "";

		rc = write_id(s, store_stmt(s, "SELECT id FROM issue_field"
		              " WHERE issue_id = ? AND label = ? ORDER BY ord"
		              " LIMIT 1", "it", issue, f[i].label), &x);
		if (rc == 0)
			rc = write_run(s, store_stmt(s, "UPDATE issue_field SET"
			               " value = ?1, updated = ?2 WHERE id = ?3"
			               " AND value IS NOT ?1", "tii", v, now, x),
			               "update issue field");
		else if (rc == -ENOENT)
			rc = write_run(s, store_stmt(s, "INSERT INTO issue_field("
			               "issue_id, ord, label, value, created,"
			               " updated) VALUES (?1, (SELECT coalesce(max(ord),"
			               " 0) + 1 FROM issue_field WHERE issue_id = ?1),"
			               " ?2, ?3, ?4, ?4)", "itti", issue, f[i].label,
			               v, now), "add issue field");
	}
	return rc;
}

int store_issue_upsert(store *s, const struct issue_rec *r, int64_t *id)
{
	char cslug[SLUG_MAX + 1], base[SLUG_MAX + 1], slug[SLUG_MAX + 1];
	char key[SLUG_MAX + 40];
	const char *source = NULL, *source_id = NULL;
	int64_t council = 0, found = 0, now = store_now_ms(s);
	int rc;

	rc = records_issue_check(s, r);
	if (rc == 0)
		rc = write_meta_created(s);
	if (rc == 0)
		rc = records_council_get(s, r->council, &council);
	if (rc)
		return rc;
	if (r->source_id) {
		rc = records_council_slug(s, council, cslug, NULL);
		if (rc)
			return rc;
		snprintf(key, sizeof key, "%s/%s", cslug, r->source_id);
		source = "moderngov";
		source_id = key;
		rc = write_id(s, store_stmt(s, "SELECT id FROM issue WHERE"
		              " source = ? AND source_id = ?", "tt", source,
		              source_id), &found);
	} else {
		rc = -ENOENT;
	}
	/* The same issue from a page that gave no id: the council's issue
	   of that title, not yet tied to another id. */
	if (rc == -ENOENT)
		rc = write_id(s, store_stmt(s, "SELECT id FROM issue WHERE"
		              " council_id IS nullif(?1, 0) AND title = ?2"
		              " AND (source_id IS NULL OR ?3 IS NULL)"
		              " ORDER BY id LIMIT 1", "itt", council, r->title,
		              source_id), &found);
	if (rc && rc != -ENOENT)
		return rc;
	slug_make(r->title, base, sizeof base);
	if (rc == -ENOENT) {
		rc = write_unique_slug(s, "SELECT id FROM issue WHERE ?1 = ?1"
		                       " AND slug = ?2", 0, base, slug,
		                       sizeof slug);
		if (rc == 0)
			rc = write_run(s, store_stmt(s, "INSERT INTO issue("
			               "council_id, slug, title, decision_maker,"
			               " decision_due, key_decision, lead_officer,"
			               " wards, status, summary, source, source_id,"
			               " created, updated) VALUES (nullif(?, 0), ?, ?,"
			               " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			               "itttttttttttii", council, slug, r->title,
			               r->decision_maker, r->decision_due,
			               r->key_decision, r->lead_officer, r->wards,
			               r->status, r->summary, source, source_id, now,
			               now), "add issue");
		if (rc == 0)
			found = sqlite3_last_insert_rowid(s->db);
	} else {
		/* A new title renames the folder; else the name stays. */
		int64_t same;

		rc = write_id(s, store_stmt(s, "SELECT id FROM issue WHERE"
		              " id = ? AND title = ?", "it", found, r->title),
		              &same);
		if (rc == -ENOENT) {
			rc = write_unique_slug(s, "SELECT id FROM issue WHERE"
			                       " ?1 = ?1 AND slug = ?2", 0, base,
			                       slug, sizeof slug);
			if (rc == 0)
				rc = write_run(s, store_stmt(s, "UPDATE issue SET"
				               " slug = ?, updated = ? WHERE id = ?",
				               "tii", slug, now, found),
				               "rename issue");
		}
		if (rc == 0)
			rc = write_run(s, store_stmt(s, "UPDATE issue SET"
			     " title = ?1,"
			     " decision_maker = coalesce(?2, decision_maker),"
			     " decision_due = coalesce(?3, decision_due),"
			     " key_decision = coalesce(?4, key_decision),"
			     " lead_officer = coalesce(?5, lead_officer),"
			     " wards = coalesce(?6, wards),"
			     " status = coalesce(?7, status),"
			     " summary = coalesce(?8, summary),"
			     " source = coalesce(?9, source),"
			     " source_id = coalesce(?10, source_id),"
			     " council_id = coalesce(nullif(?11, 0), council_id),"
			     " updated = ?12 WHERE id = ?13 AND (title IS NOT ?1"
			     " OR decision_maker IS NOT coalesce(?2, decision_maker)"
			     " OR decision_due IS NOT coalesce(?3, decision_due)"
			     " OR key_decision IS NOT coalesce(?4, key_decision)"
			     " OR lead_officer IS NOT coalesce(?5, lead_officer)"
			     " OR wards IS NOT coalesce(?6, wards)"
			     " OR status IS NOT coalesce(?7, status)"
			     " OR summary IS NOT coalesce(?8, summary)"
			     " OR source_id IS NOT coalesce(?10, source_id)"
			     " OR council_id IS NOT coalesce(nullif(?11, 0),"
			     " council_id))", "ttttttttttiii", r->title,
			     r->decision_maker, r->decision_due, r->key_decision,
			     r->lead_officer, r->wards, r->status, r->summary, source,
			     source_id, council, now, found), "update issue");
	}
	if (rc == 0)
		rc = records_issue_fields(s, found, r->fields, r->nfields);
	if (rc == 0 && id)
		*id = found;
	return rc;
}

int store_item_issue_add(store *s, int64_t item_id, int64_t issue_id)
{
	int64_t now = store_now_ms(s), x;
	int rc;

	rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE id = ?", "i",
	              item_id), &x);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no item with id %" PRId64, item_id);
	if (rc == 0)
		rc = write_id(s, store_stmt(s, "SELECT id FROM issue WHERE id = ?",
		              "i", issue_id), &x);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no issue with id %" PRId64, issue_id);
	if (rc)
		return rc;
	return write_run(s, store_stmt(s, "INSERT OR IGNORE INTO item_issue("
	                 "item_id, issue_id, created, updated)"
	                 " VALUES (?, ?, ?, ?)", "iiii", item_id, issue_id, now,
	                 now), "link issue item");
}

int store_issue_find(store *s, const char *ref, int64_t *id)
{
	return write_slug_find(s, ref, "SELECT id FROM issue WHERE id = ?",
	                       "SELECT id FROM issue WHERE slug = ?", NK_ISSUE,
	                       "issue", id);
}

/* ---- placement ---------------------------------------------------------------- */

/*
** A name as compared for placement, into out (outsz bytes): ASCII letters
** lowercased, ASCII digits and bytes of other characters kept, the rest
** (spaces, punctuation, NBSP and U+2000-U+206F: Unicode spaces, dashes,
** quotes) dropped.  "Children’s Services – Scrutiny" and "childrens
** services scrutiny" compare equal.
*/
static void records_name_key(const char *name, char *out, size_t outsz)
{
	size_t n = 0;

	assert(outsz > 0);
	for (; *name && n + 1 < outsz; name++) {
		unsigned char c = (unsigned char)*name;

		/* General Punctuation (U+2000-U+206F: spaces, dashes, curly
		   quotes) and NBSP are punctuation too. */
		if (c == 0xe2 && ((unsigned char)name[1] == 0x80 ||
		                  (unsigned char)name[1] == 0x81) &&
		    (unsigned char)name[2] >= 0x80 &&
		    (unsigned char)name[2] <= 0xbf) {
			name += 2;
			continue;
		}
		if (c == 0xc2 && (unsigned char)name[1] == 0xa0) {
			name++;
			continue;
		}
		if (c >= 0x80 || isdigit(c))
			out[n++] = (char)c;
		else if (isalpha(c))
			out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

/* A board that fits the committee (its key) as placement found it. */
struct records_fit {
	int64_t id;
	int64_t council;               /* 0: none */
	char slug[SLUG_MAX + 1];
};

/*
** The boards whose name's key is key, of council (0: any, -1: those with
** no council), into fit (at most two; *n counts them all).  0 or -errno.
*/
static int records_fits(store *s, int64_t council, const char *key,
                        struct records_fit fit[2], int *n)
{
	char k[512];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (council > 0)
		st = store_stmt(s, "SELECT id, name, slug, council_id FROM board"
		                   " WHERE council_id = ? ORDER BY id", "i",
		                council);
	else if (council < 0)
		st = store_stmt(s, "SELECT id, name, slug, council_id FROM board"
		                   " WHERE council_id IS NULL ORDER BY id", NULL);
	else
		st = store_stmt(s, "SELECT id, name, slug, council_id FROM board"
		                   " ORDER BY id", NULL);
	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		records_name_key(col_text(st, 1), k, sizeof k);
		if (strcmp(k, key) != 0)
			continue;
		if (*n < 2) {
			fit[*n].id = sqlite3_column_int64(st, 0);
			snprintf(fit[*n].slug, sizeof fit[*n].slug, "%s",
			         col_text(st, 2));
			fit[*n].council = sqlite3_column_int64(st, 3);
		}
		(*n)++;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/* A new board for committee of council (0: none): slug of the name, else
   of the council and name, made unique.  0 or -errno. */
static int records_board_new(store *s, int64_t council,
                             const char *committee, int64_t *id)
{
	char base[SLUG_MAX + 1], slug[SLUG_MAX + 1], both[2 * SLUG_MAX + 2];
	char cslug[SLUG_MAX + 1];
	struct buf cname = { 0 };
	struct board_rec b = { 0 };
	int64_t x;
	int rc;

	slug_make(committee, base, sizeof base);
	if (council) {
		rc = records_council_slug(s, council, cslug, &cname);
		if (rc == 0 && !buf_ok(&cname))
			rc = store_fail(s, -ENOMEM, "out of memory");
		if (rc)
			goto out;
	}
	rc = write_id(s, store_stmt(s, "SELECT id FROM board WHERE slug = ?",
	              "t", base), &x);
	if (rc == 0 && council) {
		snprintf(both, sizeof both, "%s %.*s", cslug, SLUG_MAX,
		         committee);
		slug_make(both, base, sizeof base);
	} else if (rc != -ENOENT) {
		goto out;
	}
	rc = write_unique_slug(s, "SELECT id FROM board WHERE ?1 = ?1 AND"
	                       " slug = ?2", 0, base, slug, sizeof slug);
	if (rc)
		goto out;
	b.slug = slug;
	b.name = committee;
	b.council = council ? cname.data : NULL;
	rc = store_board_add(s, &b, id);
out:
	buf_free(&cname);
	return rc;
}

int store_board_place(store *s, const char *council, const char *committee,
                      int create, int64_t *board_id)
{
	struct records_fit fit[2];
	char key[512];
	int64_t cid = 0;
	int rc, n;

	if (!committee || !*committee)
		return store_fail(s, -EINVAL, "no committee name to place the "
		                  "page by");
	if ((rc = write_text(s, "committee", committee)) != 0 ||
	    (rc = write_text(s, "council", council)) != 0)
		return rc;
	records_name_key(committee, key, sizeof key);
	if (!*key)
		return store_fail(s, -EINVAL, "committee name '%s' has no letters "
		                  "or digits", committee);
	if (council && *council) {
		rc = records_council_find(s, council, &cid);
		if (rc && rc != -ENOENT)
			return rc;
	}
	if (cid) {
		rc = records_fits(s, cid, key, fit, &n);
		/* else the one board of that name that has no council */
		if (rc == 0 && n == 0)
			rc = records_fits(s, -1, key, fit, &n);
	} else if (council && *council) {
		n = 0;   /* a council not yet known has no boards */
		rc = 0;
	} else {
		rc = records_fits(s, 0, key, fit, &n);
	}
	if (rc)
		return rc;
	if (n > 1)
		return store_fail(s, -EEXIST, "committee '%s' fits more than one "
		                  "board: boards/%s and boards/%s (give --council "
		                  "or --board)", committee, fit[0].slug,
		                  fit[1].slug);
	if (n == 1) {
		*board_id = fit[0].id;
		return 0;
	}
	if (!create)
		return store_fail(s, -ENOENT, "no board for committee '%s'%s%s",
		                  committee, council && *council ? " of " : "",
		                  council && *council ? council : "");
	if (council && *council && !cid) {
		rc = records_council_get(s, council, &cid);
		if (rc)
			return rc;
	}
	return records_board_new(s, cid, committee, board_id);
}
