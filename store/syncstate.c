/*
** syncstate.c — what govctl sync remembers (see syncstate.h): tables
** sync_council and sync_doc of schema 6.
*/
#include <assert.h>
#include <inttypes.h>

#include "store_int.h"
#include "syncstate.h"
#include "write.h"

/* A malloc'd copy of column i, NULL for NULL. */
static char *syncstate_dup(sqlite3_stmt *st, int i, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	char *c;

	if (len)
		*len = 0;
	if (!t)
		return NULL;
	c = malloc(n + 1);
	if (c) {
		memcpy(c, t, n);
		c[n] = '\0';
		if (len)
			*len = n;
	}
	return c;
}

void store_sync_council_free(struct sync_council *c)
{
	free(c->name);
	free(c->base_url);
	memset(c, 0, sizeof *c);
}

void store_sync_doc_free(struct sync_doc *d)
{
	free(d->etag);
	free(d->last_modified);
	free(d->digest);
	free(d->meeting_date);
	free(d->body);
	memset(d, 0, sizeof *d);
}

/* Fill *c from a row (id, name, base_url, last_sync).  0 or -ENOMEM. */
static int syncstate_council_row(store *s, sqlite3_stmt *st,
                                 struct sync_council *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->name = syncstate_dup(st, 1, NULL);
	c->base_url = syncstate_dup(st, 2, NULL);
	c->last_sync = sqlite3_column_int64(st, 3);
	if (!c->name || !c->base_url) {
		store_sync_council_free(c);
		return store_fail(s, -ENOMEM, "out of memory");
	}
	return 0;
}

int store_sync_council_get(store *s, const char *base_url,
                           struct sync_council *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	st = store_stmt(s, "SELECT id, name, base_url, last_sync"
	                   " FROM sync_council WHERE base_url = ?", "t",
	                base_url);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		rc = syncstate_council_row(s, st, out);
	else if (rc == SQLITE_DONE)
		rc = store_fail(s, -ENOENT, "%s is not followed", base_url);
	store_idle(s);
	return rc;
}

int store_sync_follow(store *s, const char *name, const char *base_url,
                      struct sync_council *out)
{
	sqlite3_stmt *st;
	int64_t now = store_now_ms(s);
	int rc;

	assert(base_url);
	rc = store_sync_council_get(s, base_url, out);
	if (rc == 0) {
		if (name && strcmp(name, out->name) != 0) {
			rc = store_fail(s, -EEXIST, "%s is followed as council "
			                "'%s', not '%s'", base_url, out->name,
			                name);
			store_sync_council_free(out);
		}
		return rc;
	}
	if (rc != -ENOENT)
		return rc;
	if (!name || !*name)
		return store_fail(s, -EINVAL, "%s: no council name", base_url);
	st = store_stmt(s, "SELECT base_url FROM sync_council WHERE name = ?",
	                "t", name);
	rc = st ? store_step(s, st) : -EIO;
	if (rc == SQLITE_ROW) {
		rc = store_fail(s, -EEXIST, "council '%s' is followed at %s "
		                "already, not at %s", name, col_text(st, 0),
		                base_url);
		store_idle(s);
		return rc;
	}
	if (rc < 0)
		return rc;
	st = store_stmt(s, "INSERT INTO sync_council(name, base_url, created,"
	                   " updated) VALUES (?, ?, ?, ?)", "ttii", name,
	                base_url, now, now);
	rc = st ? store_step(s, st) : -EIO;
	store_idle(s);
	if (rc < 0)
		return rc;
	return store_sync_council_get(s, base_url, out);
}

int store_sync_councils(store *s, store_sync_council_fn fn, void *ctx)
{
	struct sync_council *v = NULL, *t;
	size_t n = 0, i;
	sqlite3_stmt *st;
	int rc;

	/* read them all first: fn writes */
	st = store_stmt(s, "SELECT id, name, base_url, last_sync"
	                   " FROM sync_council ORDER BY name", NULL);
	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		t = realloc(v, (n + 1) * sizeof *v);
		if (!t) {
			rc = store_fail(s, -ENOMEM, "out of memory");
			break;
		}
		v = t;
		rc = syncstate_council_row(s, st, &v[n]);
		if (rc)
			break;
		n++;
	}
	store_idle(s);
	rc = rc == SQLITE_DONE ? 0 : rc;
	for (i = 0; rc == 0 && i < n; i++)
		rc = fn(ctx, &v[i]);
	for (i = 0; i < n; i++)
		store_sync_council_free(&v[i]);
	free(v);
	return rc;
}

int store_sync_unfollow_empty(store *s, int64_t council)
{
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(s, "DELETE FROM sync_council WHERE id = ?"
	                   " AND last_sync IS NULL AND NOT EXISTS"
	                   " (SELECT 1 FROM sync_doc WHERE council_id = ?)",
	                "ii", council, council);
	rc = st ? store_step(s, st) : -EIO;
	store_idle(s);
	return rc < 0 ? rc : 0;
}

int store_sync_finished(store *s, int64_t council)
{
	sqlite3_stmt *st;
	int64_t now = store_now_ms(s);
	int rc;

	st = store_stmt(s, "UPDATE sync_council SET last_sync = ?, updated = ?"
	                   " WHERE id = ?", "iii", now, now, council);
	rc = st ? store_step(s, st) : -EIO;
	store_idle(s);
	return rc < 0 ? rc : 0;
}

int store_sync_get(store *s, int64_t council, const char *kind,
                   const char *ref, struct sync_doc *d)
{
	sqlite3_stmt *st;
	int rc;

	memset(d, 0, sizeof *d);
	d->minutes = -1;
	st = store_stmt(s, "SELECT etag, last_modified, digest, fetched,"
	                   " meeting_date, minutes, body FROM sync_doc"
	                   " WHERE council_id = ? AND kind = ? AND ref = ?",
	                "itt", council, kind, ref);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		d->found = 1;
		d->etag = syncstate_dup(st, 0, NULL);
		d->last_modified = syncstate_dup(st, 1, NULL);
		d->digest = syncstate_dup(st, 2, NULL);
		d->fetched = sqlite3_column_int64(st, 3);
		d->meeting_date = syncstate_dup(st, 4, NULL);
		d->minutes = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 :
		             sqlite3_column_int(st, 5);
		d->body = syncstate_dup(st, 6, &d->body_len);
		rc = 0;
		if ((!d->etag && sqlite3_column_type(st, 0) != SQLITE_NULL) ||
		    (!d->last_modified &&
		     sqlite3_column_type(st, 1) != SQLITE_NULL) ||
		    (!d->digest && sqlite3_column_type(st, 2) != SQLITE_NULL) ||
		    (!d->body && sqlite3_column_type(st, 6) != SQLITE_NULL)) {
			store_sync_doc_free(d);
			rc = store_fail(s, -ENOMEM, "out of memory");
		}
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	}
	store_idle(s);
	return rc;
}

int store_sync_put(store *s, int64_t council, const char *kind,
                   const char *ref, const struct sync_doc *d)
{
	sqlite3_stmt *st;
	int rc;

	st = store_stmt(s, "INSERT INTO sync_doc(council_id, kind, ref, url,"
	                   " etag, last_modified, digest, fetched,"
	                   " meeting_date, minutes, body)"
	                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
	                   "  CASE WHEN ? < 0 THEN NULL ELSE ? END, ?)"
	                   " ON CONFLICT(council_id, kind, ref) DO UPDATE SET"
	                   " url = excluded.url, etag = excluded.etag,"
	                   " last_modified = excluded.last_modified,"
	                   " digest = excluded.digest,"
	                   " fetched = excluded.fetched,"
	                   " meeting_date = excluded.meeting_date,"
	                   " minutes = excluded.minutes, body = excluded.body",
	                "ittttttitddt", council, kind, ref,
	                d->url ? d->url : "", d->etag, d->last_modified,
	                d->digest, store_now_ms(s), d->meeting_date,
	                d->minutes, d->minutes, d->body);
	rc = st ? store_step(s, st) : -EIO;
	store_idle(s);
	return rc < 0 ? rc : 0;
}

int store_person_councillor(store *s, const char *name, const char *party,
                            const char *ward, const char *role,
                            int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	rc = store_person_get(s, name, role && *role ? role : NULL, id);
	if (rc)
		return rc;
	st = store_stmt(s, "UPDATE person SET party = ?1, ward = ?2,"
	                   " updated = ?3 WHERE id = ?4 AND"
	                   " (party IS NOT ?1 OR ward IS NOT ?2)", "ttii",
	                party, ward, store_now_ms(s), *id);
	rc = st ? store_step(s, st) : -EIO;
	store_idle(s);
	return rc < 0 ? rc : 0;
}

void store_sync_today(store *s, char out[11])
{
	store_today(s, out);
}

int64_t store_sync_now_ms(store *s)
{
	return store_now_ms(s);
}

int store_sync_withdrawn(store *s, const char *council,
                         const char *committee, const char *from,
                         const char *to, const char *const *ids, size_t n,
                         const char *today, store_sync_withdrawn_fn fn,
                         void *ctx, int *marked)
{
	char slug[STORE_SLUG_MAX + 1], *other = NULL, *board = NULL;
	struct buf listed = { 0 };
	int64_t now = store_now_ms(s), *mid = NULL, *t;
	sqlite3_stmt *st;
	size_t i, k = 0;
	int rc;

	*marked = 0;
	rc = store_council_slug(s, council, slug, &other);
	free(other);
	if (rc)
		return rc;
	/* the keys listed ("<slug>/<id>"), each between unit separators */
	buf_putc(&listed, '\x1f');
	for (i = 0; i < n; i++)
		buf_printf(&listed, "%s/%s\x1f", slug, ids[i]);
	if (!buf_ok(&listed) || asprintf(&board, "%s/%s", slug, committee) < 0) {
		buf_free(&listed);
		return store_fail(s, -ENOMEM, "out of memory");
	}
	/* listed again: the mark goes */
	st = store_stmt(s, "UPDATE meeting SET status = nullif(rtrim(substr("
	                   "status, 1, instr(lower(status), ?1) - 1), '; '),"
	                   " ''), updated = ?2 WHERE board_id IN (SELECT id"
	                   " FROM board WHERE source = 'moderngov' AND"
	                   " source_id = ?3) AND source = 'moderngov' AND"
	                   " instr(?4, char(31) || source_id || char(31)) > 0"
	                   " AND instr(lower(status), ?1) > 0", "titt",
	                SYNC_WITHDRAWN, now, board, listed.data);
	rc = st ? store_step(s, st) : -EIO;
	store_idle(s);
	if (rc < 0)
		goto out;
	/* not listed: found, told, then marked */
	st = store_stmt(s, "SELECT m.id, substr(m.source_id, length(?1) + 2),"
	                   " m.date, 'boards/' || b.slug || '/meetings/' ||"
	                   " m.slug FROM meeting m JOIN board b ON"
	                   " b.id = m.board_id WHERE b.source = 'moderngov'"
	                   " AND b.source_id = ?2 AND m.source = 'moderngov'"
	                   " AND m.source_id IS NOT NULL AND m.date BETWEEN ?3"
	                   " AND ?4 AND instr(?5, char(31) || m.source_id ||"
	                   " char(31)) = 0 AND instr(lower(ifnull(m.status,"
	                   " '')), ?6) = 0 ORDER BY m.date, m.id", "tttttt",
	                slug, board, from, to, listed.data, SYNC_WITHDRAWN);
	if (!st) {
		rc = -EIO;
		goto out;
	}
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct sync_withdrawn w;

		t = realloc(mid, (k + 1) * sizeof *mid);
		if (!t) {
			rc = store_fail(s, -ENOMEM, "out of memory");
			break;
		}
		mid = t;
		mid[k++] = sqlite3_column_int64(st, 0);
		w.id = col_text(st, 1);
		w.date = col_text(st, 2);
		w.path = col_text(st, 3);
		if (fn)
			fn(ctx, &w);
	}
	store_idle(s);
	if (rc < 0)
		goto out;
	rc = 0;
	for (i = 0; rc == 0 && i < k; i++) {
		st = store_stmt(s, "UPDATE meeting SET status = CASE WHEN"
		                   " ifnull(status, '') = '' THEN 'W' || substr(?1,"
		                   " 2) || ?2 ELSE status || '; ' || ?1 || ?2 END,"
		                   " updated = ?3 WHERE id = ?4", "ttii",
		                SYNC_WITHDRAWN, today, now, mid[i]);
		rc = st ? store_step(s, st) : -EIO;
		store_idle(s);
		rc = rc < 0 ? rc : 0;
	}
	if (rc == 0)
		*marked = (int)k;
out:
	free(mid);
	free(board);
	buf_free(&listed);
	return rc < 0 ? rc : 0;
}
