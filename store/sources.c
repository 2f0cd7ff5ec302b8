/*
** sources.c — records by where they came from, for the importers of a
** web service's records (import/moderngov.c): a council's slug, the rows
** of a source id, the upgrade of rows stored with bare ids, and the
** writes that make a re-import leave a record as the source has it now
** (its resolutions past the last, its documents, a person's attendance).
*/
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>

#include "store_int.h"

_Static_assert(SLUG_MAX == STORE_SLUG_MAX, "one length of a name");

int store_error(store *s, int rc, const char *fmt, ...)
{
	char msg[sizeof s->err];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return store_fail(s, rc, "%s", msg);
}

void store_slug(const char *text, char *out, size_t outsz)
{
	slug_make(text, out, outsz);
}

int store_council_slug(store *s, const char *name,
                       char slug[STORE_SLUG_MAX + 1], char **other)
{
	sqlite3_stmt *st;
	int rc;

	*other = NULL;
	st = store_stmt(s, "SELECT slug FROM council WHERE name = ?", "t", name);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		snprintf(slug, STORE_SLUG_MAX + 1, "%s", col_text(st, 0));
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (rc == SQLITE_DONE)
		slug_make(name, slug, STORE_SLUG_MAX + 1);
	st = store_stmt(s, "SELECT name FROM council WHERE slug = ? AND"
	                " name <> ?", "tt", slug, name);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW && !(*other = strdup(col_text(st, 0))))
		rc = store_fail(s, -ENOMEM, "out of memory");
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/* Run a statement that returns nothing: 0 or -errno. */
static int sources_exec(store *s, sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/*
** The statements of store_source_upgrade (binding ?1 the council's slug,
** ?2 its name, ?3 now, ?4 the source): rows of the source whose
** source_id is a bare id, all digits.  Each reads a range of the source
** index, empty (and cheap) once upgraded.
*/
#define SOURCES_BARE " source = ?4 AND source_id >= '0' AND" \
	" source_id < ':' AND instr(source_id, '/') = 0"
static const char *const sources_upgrade_sql[] = {
	/* the council, when a board with a bare id has none */
	"INSERT OR IGNORE INTO council(slug, name, created, updated)"
	" SELECT ?1, ?2, ?3, ?3 WHERE NOT EXISTS (SELECT 1 FROM council"
	" WHERE name = ?2) AND EXISTS (SELECT 1 FROM board"
	" WHERE council_id IS NULL AND" SOURCES_BARE ")",
	"UPDATE board SET council_id = (SELECT id FROM council WHERE"
	" name = ?2) WHERE council_id IS NULL AND" SOURCES_BARE,
	"UPDATE board SET source_id = coalesce((SELECT slug FROM council"
	" WHERE id = board.council_id), ?1) || '/' || source_id,"
	" updated = ?3 WHERE" SOURCES_BARE,
	"UPDATE meeting SET source_id = coalesce((SELECT c.slug FROM board b"
	" JOIN council c ON c.id = b.council_id WHERE b.id ="
	" meeting.board_id), ?1) || '/' || source_id, updated = ?3 WHERE"
	SOURCES_BARE,
	"UPDATE item SET source_id = coalesce((SELECT c.slug FROM meeting m"
	" JOIN board b ON b.id = m.board_id JOIN council c ON c.id ="
	" b.council_id WHERE m.id = item.meeting_id), ?1) || '/' ||"
	" source_id, updated = ?3 WHERE" SOURCES_BARE,
};
#undef SOURCES_BARE

int store_source_upgrade(store *s, const char *source, const char *council)
{
	char slug[SLUG_MAX + 1], key[64], done[sizeof s->upgraded], *other = NULL;
	int64_t now = store_now_ms(s);
	sqlite3_stmt *st;
	char *name = NULL;
	size_t i;
	int rc, fits;

	assert(source && council);
	/* Once a transaction: no writer adds rows with bare ids. */
	fits = snprintf(done, sizeof done, "%s/%s", source, council) <
	       (int)sizeof done;
	if (s->in_txn && fits && strcmp(s->upgraded, done) == 0)
		return 0;
	snprintf(key, sizeof key, "%s.council", source);
	st = store_stmt(s, "SELECT value FROM meta WHERE key = ? AND"
	                " value <> ''", "t", key);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW && !(name = strdup(col_text(st, 0))))
		rc = store_fail(s, -ENOMEM, "out of memory");
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	rc = store_council_slug(s, name ? name : council, slug, &other);
	free(other);
	for (i = 0; rc == 0 && i < sizeof sources_upgrade_sql /
	                           sizeof sources_upgrade_sql[0]; i++)
		rc = sources_exec(s, store_stmt(s, sources_upgrade_sql[i],
		                  "ttit", slug, name ? name : council, now,
		                  source));
	free(name);
	if (rc == 0 && s->in_txn && fits)
		memcpy(s->upgraded, done, sizeof done);
	return rc;
}

int store_source_find(store *s, enum store_source_table t,
                      const char *source, const char *source_id,
                      int64_t *id, int64_t *parent)
{
	static const char *const sql[] = {
		[STORE_SOURCE_BOARD] = "SELECT id, 0 FROM board WHERE"
			" source = ? AND source_id = ?",
		[STORE_SOURCE_MEETING] = "SELECT id, board_id FROM meeting"
			" WHERE source = ? AND source_id = ?",
		[STORE_SOURCE_ITEM] = "SELECT id, meeting_id FROM item WHERE"
			" source = ? AND source_id = ?",
	};
	sqlite3_stmt *st;
	int rc;

	assert((unsigned)t < sizeof sql / sizeof sql[0]);
	st = store_stmt(s, sql[t], "tt", source, source_id);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (parent)
			*parent = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : rc;
}

int store_board_slug_free(store *s, const char *slug, const char *council,
                          int *foreign)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT b.source_id IS NOT NULL,"
	                              " b.council_id IS NOT NULL AND c.name IS"
	                              " NOT ? FROM board b LEFT JOIN council c"
	                              " ON c.id = b.council_id WHERE b.slug = ?",
	                              "tt", council, slug);
	int rc;

	*foreign = 0;
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*foreign = sqlite3_column_int(st, 1);
		rc = !sqlite3_column_int(st, 0) && !*foreign;
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	}
	sqlite3_reset(st);
	return rc;
}

int store_board_by_name(store *s, const char *name, const char *council,
                        const char *source, int64_t *id)
{
	return write_id(s, store_stmt(s, "SELECT b.id FROM board b"
	                " LEFT JOIN council c ON c.id = b.council_id"
	                " WHERE b.name = ? COLLATE NOCASE AND (c.name IS NULL"
	                " OR c.name = ?) ORDER BY c.name IS NULL, b.deleted,"
	                " b.expired, b.source IS NOT ?, b.id LIMIT 1", "ttt",
	                name, council, source), id);
}

int store_item_number_sourced(store *s, int64_t meeting, const char *number,
                              int *sourced)
{
	int64_t v = 0;
	int rc = write_id(s, store_stmt(s, "SELECT source_id IS NOT NULL FROM"
	                  " item WHERE meeting_id = ? AND number = ?"
	                  " ORDER BY id LIMIT 1", "it", meeting, number), &v);

	*sourced = rc == 0 && v;
	return rc;
}

int store_resolutions_trim(store *s, int64_t item, int keep)
{
	if (s->inew.active && s->inew.item == item)
		return 0;   /* a new item: none past those just added */
	return write_run(s, store_stmt(s, "DELETE FROM resolution WHERE"
	                 " item_id = ? AND ord > ?", "id", item, keep),
	                 "trim resolutions");
}

/* 1 if column i of st holds v (NULL for NULL). */
static int sources_col_is(sqlite3_stmt *st, int i, const char *v)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return v == NULL;
	return v && strcmp(col_text(st, i), v) == 0;
}

/* Whether item's documents are d[0..n) already, in order, in *same. */
static int sources_docs_same(store *s, int64_t item,
                             const struct document_rec *d, size_t n,
                             int *same)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT title, url, published FROM"
	                              " document WHERE item_id = ? ORDER BY ord",
	                              "i", item);
	size_t i = 0;
	int rc;

	*same = 1;
	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (i >= n || !sources_col_is(st, 0, d[i].title) ||
		    !sources_col_is(st, 1, d[i].url) ||
		    !sources_col_is(st, 2, d[i].published)) {
			*same = 0;
			break;
		}
		i++;
	}
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (i != n)
		*same = 0;
	return 0;
}

int store_item_documents_set(store *s, int64_t item,
                             const struct document_rec *d, size_t n)
{
	size_t i;
	int rc, same;

	assert(d || n == 0);
	/* A new item (store_item_new_begin) has none yet. */
	same = n == 0;
	rc = s->inew.active && s->inew.item == item ? 0
	     : sources_docs_same(s, item, d, n, &same);
	if (rc || same)
		return rc;
	if (!(s->inew.active && s->inew.item == item))
		rc = write_run(s, store_stmt(s, "DELETE FROM document WHERE"
		               " item_id = ?", "i", item), "replace documents");
	for (i = 0; rc == 0 && i < n; i++)
		rc = store_document_add(s, item, (int)i + 1, d[i].title,
		                        d[i].url, d[i].published);
	return rc;
}

int store_attendance_set(store *s, int64_t meeting, int64_t person,
                         const char *role, const char *note)
{
	struct attendance_rec r = { role, note };

	return store_attendance_set_n(s, meeting, person, &r, 1);
}

int store_attendance_set_n(store *s, int64_t meeting, int64_t person,
                           const struct attendance_rec *v, size_t n)
{
	struct buf keep = { 0 };
	size_t i;
	int rc;

	/* the roles kept, each between two unit separators (no XML or
	   one-line text holds one) */
	buf_putc(&keep, '\x1f');
	for (i = 0; i < n; i++) {
		buf_puts(&keep, v[i].role ? v[i].role : "");
		buf_putc(&keep, '\x1f');
	}
	if (!buf_ok(&keep)) {
		buf_free(&keep);
		return store_fail(s, -ENOMEM, "out of memory");
	}
	rc = write_run(s, store_stmt(s, "DELETE FROM attendance WHERE"
	               " meeting_id = ? AND person_id = ? AND"
	               " instr(?, char(31) || role || char(31)) = 0", "iit",
	               meeting, person, keep.data), "replace attendance");
	buf_free(&keep);
	for (i = 0; rc == 0 && i < n; i++)
		rc = store_attendance_add(s, meeting, person, v[i].role,
		                          v[i].note);
	return rc;
}
