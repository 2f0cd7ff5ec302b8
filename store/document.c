/*
** document.c — supporting documents' files: kept once per digest
** (docfile, docblob, migration 7), attached to items' documents, named
** and rendered in items/<nn-title>/documents/ (node.c lists, render.c
** dispatches here).  A document shows a file when its row names one
** (document.digest) or its URL's fetch kept one (docurl.digest).
*/
#include <assert.h>
#include <inttypes.h>
#include <jansson.h>

#include "document.h"
#include "store_int.h"

/* The digest of the file document row d shows, in SQL. */
#define DOC_DIGEST(d) "COALESCE(" d ".digest, (SELECT u.digest FROM docurl u" \
                      " WHERE u.url = " d ".url))"

/* The columns struct doc_info reads, of document d and its file f. */
#define DOC_COLS "d.id, d.ord, d.title, d.url, d.published, f.digest," \
                 " f.media_type, f.state, f.reason, f.size, f.pages," \
                 " d.updated, f.id, du.state, du.reason"
#define DOC_FROM " FROM document d LEFT JOIN docfile f" \
                 " ON f.digest = " DOC_DIGEST("d") \
                 " LEFT JOIN docurl du ON du.url = d.url"

static const char doc_sql_item[] =
	"SELECT " DOC_COLS DOC_FROM " WHERE d.item_id = ? ORDER BY d.ord, d.id";
static const char doc_sql_one[] =
	"SELECT " DOC_COLS DOC_FROM " WHERE d.id = ?";

/* A row of doc_sql_* as a struct doc_info (strings owned by st). */
static void doc_row(sqlite3_stmt *st, struct doc_info *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->ord = sqlite3_column_int(st, 1);
	d->title = col_text(st, 2);
	d->url = col_text(st, 3);
	d->published = col_text(st, 4);
	d->digest = col_text(st, 5);
	d->media_type = col_text(st, 6);
	d->state = col_text(st, 7);
	d->reason = col_text(st, 8);
	d->size = sqlite3_column_int64(st, 9);
	d->pages = sqlite3_column_int(st, 10);
	d->fetch_state = col_text(st, 13);
	d->fetch_reason = col_text(st, 14);
}

/* Is digest 64 lowercase hex digits? */
static int doc_digest_valid(const char *d)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!d[i] || !strchr("0123456789abcdef", d[i]))
			return 0;
	return d[64] == '\0';
}

/* ---- writes --------------------------------------------------------------- */

/* Is text (len bytes) fit to keep: UTF-8, no NUL, no control byte but
   tab, newline and form feed?  0 or -EINVAL, message set. */
static int doc_text_check(store *s, const char *text, size_t len)
{
	size_t i, bad;

	if (!utf8_valid(text, len, &bad))
		return store_fail(s, -EINVAL, "document text: invalid UTF-8 at"
		                  " byte %zu", bad);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f') ||
		    c == 0x7f)
			return store_fail(s, -EINVAL, "document text: control"
			                  " character 0x%02x at byte %zu", c, i);
	}
	return 0;
}

/* Touch the documents that show the file of digest (their rows and,
   by the triggers, their items), so that mounts see what changed.
   0 or -errno. */
static int doc_touch_digest(store *s, const char *digest, int64_t now)
{
	return write_run(s, store_stmt(s, "UPDATE document SET updated = ?2"
	                 " WHERE digest = ?1 OR (digest IS NULL AND url IN"
	                 " (SELECT url FROM docurl WHERE digest = ?1))", "ti",
	                 digest, now), "touch documents");
}

/* Kept file id, whose text could not be extracted, gets the text f now
   has (a later try: the time limit not reached this time).  0 or
   -errno. */
static int doc_retext(store *s, int64_t id, const struct docfile_rec *f,
                      int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (f->text_len > (size_t)INT32_MAX)
		return store_fail(s, -EFBIG, "document text too large");
	st = store_stmt(s, "UPDATE docfile SET state = 'ok', reason = NULL,"
	                " pages = ?, media_type = ?, text = ?, updated = ?"
	                " WHERE id = ?", "dtti", f->pages,
	                f->media_type ? f->media_type : "application/pdf",
	                NULL, now);
	if (!st)
		return -EIO;
	if (sqlite3_bind_text(st, 3, f->text ? f->text : "", (int)f->text_len,
	                      SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 5, id))
		return store_sqlfail(s, "document text");
	rc = write_run(s, st, "keep document text");
	return rc ? rc : doc_touch_digest(s, f->digest, now);
}

int store_docfile_put(store *s, const struct docfile_rec *f)
{
	int64_t now = store_now_ms(s), id = 0;
	sqlite3_stmt *st;
	int rc;

	assert(f && f->digest);
	if (!doc_digest_valid(f->digest))
		return store_fail(s, -EINVAL, "bad document digest '%.70s'",
		                  f->digest);
	rc = write_id(s, store_stmt(s, "SELECT id FROM docfile WHERE"
	              " digest = ? AND (state = 'ok' OR ?)", "td", f->digest,
	              !f->ok), &id);
	if (rc != -ENOENT)
		return rc;   /* 0: kept already (and not failed, or f failed) */
	if (f->ok && (rc = doc_text_check(s, f->text ? f->text : "",
	                                  f->text_len)) != 0)
		return rc;
	rc = write_id(s, store_stmt(s, "SELECT id FROM docfile WHERE"
	              " digest = ?", "t", f->digest), &id);
	if (rc == 0)
		return doc_retext(s, id, f, now);
	if (rc != -ENOENT)
		return rc;
	if (!f->ok && (rc = write_text(s, "document failure reason",
	                               f->reason)) != 0)
		return rc;
	st = store_stmt(s, "INSERT INTO docfile(digest, size, media_type,"
	                " pages, state, reason, text, created, updated)"
	                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "titdtttii",
	                f->digest, (int64_t)f->size,
	                f->media_type ? f->media_type : "application/octet-stream",
	                f->ok ? f->pages : 0, f->ok ? "ok" : "failed",
	                f->ok ? NULL : f->reason ? f->reason : "unknown",
	                NULL, now, now);
	if (!st)
		return -EIO;
	/* the text by length: it may hold no NUL, but need not end in one */
	if (f->ok && sqlite3_bind_text(st, 7, f->text ? f->text : "",
	                               (int)f->text_len, SQLITE_STATIC))
		return store_sqlfail(s, "document text");
	if (f->text_len > (size_t)INT32_MAX)
		return store_fail(s, -EFBIG, "document text too large");
	rc = write_run(s, st, "keep document");
	if (rc)
		return rc;
	id = sqlite3_last_insert_rowid(s->db);
	if (f->size > (size_t)INT32_MAX)
		return store_fail(s, -EFBIG, "document too large");
	st = store_stmt(s, "INSERT INTO docblob(id, bytes) VALUES (?, ?)", "i",
	                id);
	if (!st)
		return -EIO;
	if (sqlite3_bind_blob(st, 2, f->size ? f->bytes : "", (int)f->size,
	                      SQLITE_STATIC))
		return store_sqlfail(s, "document bytes");
	return write_run(s, st, "keep document bytes");
}

int store_document_attach(store *s, int64_t item_id, const char *title,
                          const char *url, const char *digest,
                          int64_t *doc_id)
{
	int64_t now = store_now_ms(s), id = 0, x;
	sqlite3_stmt *st;
	int rc, ord = 1;

	if (url && !*url)
		url = NULL;
	if (title && !*title)
		title = NULL;
	rc = write_id(s, store_stmt(s, "SELECT id FROM item WHERE id = ?", "i",
	              item_id), &x);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no item with id %" PRId64, item_id);
	if (rc == 0)
		rc = write_id(s, store_stmt(s, "SELECT id FROM docfile WHERE"
		              " digest = ?", "t", digest), &x);
	if (rc == -ENOENT)
		return store_fail(s, rc, "no kept document %.64s", digest);
	if (rc == 0 && (rc = write_text(s, "document title", title)) == 0)
		rc = write_text(s, "document URL", url);
	if (rc)
		return rc;
	rc = url ? write_id(s, store_stmt(s, "SELECT id FROM document WHERE"
	           " item_id = ? AND url = ? ORDER BY ord LIMIT 1", "it",
	           item_id, url), &id) : -ENOENT;
	if (rc == 0) {
		rc = write_run(s, store_stmt(s, "UPDATE document SET digest = ?,"
		               " title = coalesce(?, title), updated = ?"
		               " WHERE id = ?", "ttii", digest, title, now, id),
		               "attach document");
	} else if (rc == -ENOENT) {
		if (!title)
			return store_fail(s, -EINVAL, "a document needs a title");
		st = store_stmt(s, "SELECT coalesce(max(ord), 0) + 1 FROM document"
		                " WHERE item_id = ?", "i", item_id);
		if (!st || store_step(s, st) != SQLITE_ROW)
			return -EIO;
		ord = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		rc = store_document_add(s, item_id, ord, title, url, NULL);
		if (rc == 0)
			rc = write_id(s, store_stmt(s, "SELECT max(id) FROM document"
			              " WHERE item_id = ? AND ord = ?", "id",
			              item_id, ord), &id);
		if (rc == 0)
			rc = write_run(s, store_stmt(s, "UPDATE document SET"
			               " digest = ? WHERE id = ?", "ti", digest,
			               id), "attach document");
	}
	if (rc == 0 && url)
		rc = write_run(s, store_stmt(s, "INSERT INTO docurl(url, digest,"
		               " state, reason, tried, created, updated)"
		               " VALUES (?1, ?2, 'ok', NULL, ?3, ?3, ?3)"
		               " ON CONFLICT(url) DO UPDATE SET digest = ?2,"
		               " state = 'ok', reason = NULL, updated = ?3",
		               "tti", url, digest, now), "record document URL");
	if (rc == 0 && doc_id)
		*doc_id = id;
	return rc;
}

/* ---- fetches (govctl sync --documents) ------------------------------------ */

int store_docurl_due(store *s, const char *council, const char *since,
                     store_docurl_fn fn, void *ctx)
{
	sqlite3_stmt *st = store_stmt(s,
		"SELECT d.url, u.digest, u.etag, u.modified, u.state, f.state,"
		"  max(m.date)"
		" FROM document d JOIN item i ON i.id = d.item_id"
		" JOIN meeting m ON m.id = i.meeting_id"
		" JOIN board b ON b.id = m.board_id"
		" JOIN council c ON c.id = b.council_id"
		" LEFT JOIN docurl u ON u.url = d.url"
		" LEFT JOIN docfile f ON f.digest = u.digest"
		" WHERE c.name = ?1 AND d.digest IS NULL"
		"  AND (d.url LIKE 'http://%' OR d.url LIKE 'https://%')"
		" GROUP BY d.url"
		" HAVING u.url IS NULL OR u.state = 'failed' OR f.state = 'failed'"
		"  OR (max(m.date) >= ?2 AND u.digest IS NOT NULL"
		"   AND (u.etag IS NOT NULL OR u.modified IS NOT NULL))"
		" ORDER BY max(m.date) DESC, d.url", "tt", council, since);
	struct docurl_due u;
	int rc, stop = 0;

	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		u.url = col_text(st, 0);
		u.digest = col_text(st, 1);
		u.etag = col_text(st, 2);
		u.modified = col_text(st, 3);
		u.state = col_text(st, 4);
		u.file_state = col_text(st, 5);
		u.date = col_text(st, 6);
		if ((stop = fn(ctx, &u)) != 0)
			break;
	}
	sqlite3_reset(st);
	store_idle(s);
	return rc < 0 ? rc : stop;
}

int store_docurl_ok(store *s, const char *url, const char *digest,
                    const char *etag, const char *modified)
{
	int64_t now = store_now_ms(s);
	sqlite3_stmt *st;
	char *old = NULL, *state = NULL;
	int rc, found;

	st = store_stmt(s, "SELECT digest, state FROM docurl WHERE url = ?",
	                "t", url);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	found = rc == SQLITE_ROW;
	if (found) {
		old = strdup(col_text(st, 0));
		state = strdup(col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (found && (!old || !state)) {
		rc = store_fail(s, -ENOMEM, "out of memory");
		goto out;
	}
	if (!digest && !(found && *old)) {
		rc = store_fail(s, -EINVAL, "%s: no file kept for it", url);
		goto out;
	}
	if (!digest)
		digest = old;
	rc = write_text(s, "document URL", url);
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "INSERT INTO docurl(url, digest,"
		               " state, reason, etag, modified, tried, created,"
		               " updated) VALUES (?1, ?2, 'ok', NULL, ?3, ?4, ?5,"
		               " ?5, ?5) ON CONFLICT(url) DO UPDATE SET digest = ?2,"
		               " state = 'ok', reason = NULL, etag = ?3,"
		               " modified = ?4, tried = ?5, updated = ?5", "tttti",
		               url, digest, etag && *etag ? etag : NULL,
		               modified && *modified ? modified : NULL, now),
		               "record document URL");
	/* what the documents of that URL show changed: touch them, and let
	   go of a file nothing names any more */
	if (rc == 0 && (!found || strcmp(old, digest) != 0 ||
	                strcmp(state, "ok") != 0))
		rc = write_run(s, store_stmt(s, "UPDATE document SET updated = ?"
		               " WHERE url = ? AND digest IS NULL", "it", now,
		               url), "touch documents");
	if (rc == 0 && found && *old && strcmp(old, digest) != 0)
		rc = write_run(s, store_stmt(s, "DELETE FROM docfile WHERE"
		               " digest = ?1 AND NOT EXISTS (SELECT 1 FROM"
		               " document WHERE digest = ?1) AND NOT EXISTS"
		               " (SELECT 1 FROM docurl WHERE digest = ?1)", "t",
		               old), "drop unused document");
out:
	free(old);
	free(state);
	return rc;
}

int store_docurl_failed(store *s, const char *url, const char *reason)
{
	int64_t now = store_now_ms(s), x;
	int rc;

	rc = write_text(s, "document URL", url);
	if (rc == 0)
		rc = write_text(s, "document failure reason", reason);
	if (rc)
		return rc;
	if (!*reason || strpbrk(reason, "\n\r\t"))
		return store_fail(s, -EINVAL, "document failure reason: one "
		                  "line expected");
	/* the documents show the reason: touched when it is news */
	rc = write_id(s, store_stmt(s, "SELECT 1 FROM docurl WHERE url = ?"
	              " AND state = 'failed' AND reason IS ?", "tt", url,
	              reason), &x);
	if (rc == -ENOENT)
		rc = write_run(s, store_stmt(s, "UPDATE document SET updated = ?"
		               " WHERE url = ?", "it", now, url),
		               "touch documents");
	else if (rc == 0)
		rc = 1;
	if (rc == 0)
		rc = write_run(s, store_stmt(s, "INSERT INTO docurl(url, digest,"
		               " state, reason, tried, created, updated)"
		               " VALUES (?1, NULL, 'failed', ?2, ?3, ?3, ?3)"
		               " ON CONFLICT(url) DO UPDATE SET state = 'failed',"
		               " reason = ?2, tried = ?3, updated = ?3", "tti",
		               url, reason,
		               now), "record document URL");
	else if (rc == 1)
		rc = write_run(s, store_stmt(s, "UPDATE docurl SET tried = ?"
		               " WHERE url = ?", "it", now, url),
		               "record document URL");
	return rc;
}

/* ---- reads ---------------------------------------------------------------- */

/* Each document of item_id to fn, in order, until fn returns non-zero
   (it may return a negative errno to fail).  0 or -errno. */
static int doc_each(store *s, int64_t item_id, store_doc_fn fn, void *ctx)
{
	sqlite3_stmt *st = store_stmt(s, doc_sql_item, "i", item_id);
	struct doc_info d;
	int rc, stop = 0;

	if (!st)
		return -EIO;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		doc_row(st, &d);
		if ((stop = fn(ctx, &d)) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : stop < 0 ? stop : 0;
}

int store_documents(store *s, int64_t item_id, store_doc_fn fn, void *ctx)
{
	int rc = doc_each(s, item_id, fn, ctx);

	store_idle(s);
	return rc;
}

/* The extension of a kept original of media type mt. */
static const char *doc_ext(const char *mt)
{
	static const struct { const char *mt, *ext; } map[] = {
		{ "application/pdf", "pdf" }, { "text/html", "html" },
		{ "application/xml", "xml" }, { "application/zip", "zip" },
		{ "text/plain", "text" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].mt, mt) == 0)
			return map[i].ext;
	return "bin";
}

/* "<nn>-<title-slug>.<ext>" of a document (ext "txt" for the text). */
static void doc_name(int ord, const char *title, const char *ext,
                     struct buf *out)
{
	char slug[SLUG_MAX + 1];

	slug_make(title, slug, sizeof slug);
	buf_printf(out, "%02d-%s.%s", ord, slug[0] ? slug : "document", ext);
}

struct doc_list_ctx { struct doc_ent *v; size_t n, cap; };

/* doc_each's callback of doc_list: a document's two entries, if it has
   a kept file.  0 or -ENOMEM. */
static int doc_list_one(void *ctx, const struct doc_info *d)
{
	struct doc_list_ctx *c = ctx;
	struct buf name = { 0 };
	struct doc_ent *nv;

	if (!*d->digest)
		return 0;
	if (c->n + 2 > c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		nv = realloc(c->v, c->cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		c->v = nv;
	}
	doc_name(d->ord, d->title, "txt", &name);
	c->v[c->n].kind = NK_DOCUMENT_TXT;
	c->v[c->n].id = d->id;
	c->v[c->n++].name = buf_detach(&name);
	doc_name(d->ord, d->title, doc_ext(d->media_type), &name);
	c->v[c->n].kind = NK_DOCUMENT_FILE;
	c->v[c->n].id = d->id;
	c->v[c->n++].name = buf_detach(&name);
	return c->v[c->n - 1].name && c->v[c->n - 2].name ? 0 : -ENOMEM;
}

int doc_list(store *s, int64_t item_id, struct doc_ent **out, size_t *n)
{
	struct doc_list_ctx c = { 0 };
	int rc = doc_each(s, item_id, doc_list_one, &c);

	if (rc) {
		doc_list_free(c.v, c.n);
		c.v = NULL;
		c.n = 0;
	}
	*out = c.v;
	*n = c.n;
	return rc;
}

void doc_list_free(struct doc_ent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int doc_node_name(store *s, enum node_kind k, int64_t id, struct buf *out,
                  int64_t *item_id)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT d.ord, d.title, f.media_type,"
	                              " d.item_id" DOC_FROM " WHERE d.id = ?"
	                              " AND f.id IS NOT NULL", "i", id);
	int rc;

	assert(k == NK_DOCUMENT_TXT || k == NK_DOCUMENT_FILE);
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	doc_name(sqlite3_column_int(st, 0), col_text(st, 1),
	         k == NK_DOCUMENT_TXT ? "txt" : doc_ext(col_text(st, 2)), out);
	*item_id = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	return 0;
}

/* The document of doc_sql_one into *d, with st left on its row for
   doc_row's strings: 1 (it has a kept file), 0 (none) or -errno. */
static int doc_one(store *s, int64_t doc_id, struct doc_info *d,
                   sqlite3_stmt **stp)
{
	sqlite3_stmt *st = store_stmt(s, doc_sql_one, "i", doc_id);
	int rc;

	*stp = st;
	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : 0;
	doc_row(st, d);
	return *d->digest ? 1 : 0;
}

int doc_txt_lines(store *s, int64_t doc_id, struct buf *b)
{
	struct doc_info d = { 0 };
	sqlite3_stmt *st;
	int rc = doc_one(s, doc_id, &d, &st);

	if (rc > 0) {
		buf_puts(b, "  Text: documents/");
		doc_name(d.ord, d.title, "txt", b);
		buf_puts(b, "\n  File: documents/");
		doc_name(d.ord, d.title, doc_ext(d.media_type), b);
		buf_printf(b, " (%s, %" PRId64 " bytes", d.media_type, d.size);
		if (strcmp(d.state, "ok") == 0)
			buf_printf(b, ", %d page%s)\n", d.pages,
			           d.pages == 1 ? "" : "s");
		else
			buf_printf(b, ")\n  Failed: %s\n", d.reason);
	}
	if (rc >= 0 && d.fetch_state && strcmp(d.fetch_state, "failed") == 0)
		buf_printf(b, "  Fetch failed: %s\n", d.fetch_reason);
	if (st)
		sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

int doc_json_fields(store *s, int64_t doc_id, struct jw *w)
{
	struct doc_info d = { 0 };
	sqlite3_stmt *st;
	struct buf n = { 0 };
	int rc = doc_one(s, doc_id, &d, &st);

	if (rc > 0) {
		buf_puts(&n, "documents/");
		doc_name(d.ord, d.title, "txt", &n);
		jw_str(w, "text", n.data);
		buf_reset(&n);
		buf_puts(&n, "documents/");
		doc_name(d.ord, d.title, doc_ext(d.media_type), &n);
		jw_str(w, "file", n.data);
		jw_str(w, "media_type", d.media_type);
		jw_int(w, "size", d.size);
		jw_int(w, "pages", d.pages);
		jw_str(w, "digest", d.digest);
		jw_str(w, "state", d.state);
		jw_str(w, "reason", *d.reason ? d.reason : NULL);
		if (!buf_ok(&n))
			rc = -ENOMEM;
	}
	if (rc >= 0 && d.fetch_state && strcmp(d.fetch_state, "failed") == 0)
		jw_str(w, "fetch_error", d.fetch_reason);
	buf_free(&n);
	if (st)
		sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/* ---- files ---------------------------------------------------------------- */

/* documents/<nn>-<slug>.txt: a header, a blank line, the text. */
int doc_render_txt(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st, *tx;
	struct doc_info d;
	int rc = doc_one(s, id, &d, &st);

	if (rc <= 0) {
		if (st)
			sqlite3_reset(st);
		return rc < 0 ? rc : -ENOENT;
	}
	buf_printf(b, "Title: %s\n", d.title);
	buf_printf(b, "Source: %s\n", *d.url ? d.url : "local file");
	if (*d.published)
		buf_printf(b, "Published: %s\n", d.published);
	buf_printf(b, "Pages: %d\n", d.pages);
	buf_printf(b, "Size: %" PRId64 "\n", d.size);
	buf_printf(b, "Type: %s\n", d.media_type);
	buf_printf(b, "Digest: sha256:%s\n", d.digest);
	buf_printf(b, "State: %s\n", d.state);
	if (*d.reason)
		buf_printf(b, "Reason: %s\n", d.reason);
	buf_putc(b, '\n');
	tx = store_stmt(s, "SELECT text FROM docfile WHERE digest = ?", "t",
	                d.digest);
	rc = tx ? store_step(s, tx) : -EIO;
	if (rc == SQLITE_ROW) {
		buf_add(b, sqlite3_column_text(tx, 0),
		        (size_t)sqlite3_column_bytes(tx, 0));
		if (b->data[b->len - 1] != '\n')
			buf_putc(b, '\n');
		rc = 0;
	}
	if (tx)
		sqlite3_reset(tx);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? -ENOENT : rc;
}

/* documents/<nn>-<slug>.pdf: the kept bytes, exactly. */
int doc_render_file(store *s, int64_t id, struct buf *b)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT k.bytes" DOC_FROM
	                              " JOIN docblob k ON k.id = f.id"
	                              " WHERE d.id = ?", "i", id);
	int rc;

	if (!st)
		return -EIO;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? rc : -ENOENT;
	buf_add(b, sqlite3_column_blob(st, 0),
	        (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	return 0;
}

/* ---- search --------------------------------------------------------------- */

/* The page (from 1) where the first word of the FTS5 query fts (its
   first quoted term) first occurs in the text of file fid, ignoring
   ASCII case, or 0 when it is not found as typed. */
static int doc_page(store *s, int64_t fid, const char *fts)
{
	const char *q = strchr(fts, '"'), *e, *t, *p;
	sqlite3_stmt *st;
	char word[128];
	int page = 0;

	e = q ? strchr(q + 1, '"') : NULL;
	if (!e || e == q + 1 || (size_t)(e - q - 1) >= sizeof word)
		return 0;
	memcpy(word, q + 1, (size_t)(e - q - 1));
	word[e - q - 1] = '\0';
	st = store_stmt(s, "SELECT text FROM docfile WHERE id = ?", "i", fid);
	if (!st || store_step(s, st) != SQLITE_ROW)
		return 0;
	t = col_text(st, 0);
	p = strcasestr(t, word);
	if (p)
		for (page = 1; t < p; t++)
			page += *t == '\f';
	sqlite3_reset(st);
	return page;
}

struct doc_hit { int64_t item, file; char *doc; };

/* Is item among v[0..n)? */
static int doc_among(const int64_t *v, size_t n, int64_t item)
{
	size_t i;

	for (i = 0; i < n && v[i] != item; i++)
		;
	return i < n;
}

int doc_search(store *s, const char *fts, const int64_t *skip, size_t nskip,
               size_t limit, store_hit_fn fn, void *ctx)
{
	sqlite3_stmt *st = store_stmt(s,
		"SELECT d.item_id, f.id, d.ord, d.title FROM docfile_fts"
		" JOIN docfile f ON f.id = docfile_fts.rowid"
		" JOIN document d ON d.digest = f.digest OR (d.digest IS NULL"
		"  AND d.url IN (SELECT u.url FROM docurl u"
		"  WHERE u.digest = f.digest))"
		" WHERE docfile_fts MATCH ?1"
		" ORDER BY bm25(docfile_fts), d.item_id, d.ord", "t", fts);
	struct search_hit_info h = { 0 };
	struct doc_hit *v = NULL;
	int64_t *items = NULL;
	struct buf path = { 0 }, name = { 0 };
	size_t n = 0, i;
	int rc = 0;

	if (!st)
		return -EIO;
	v = calloc(limit ? limit : 1, sizeof *v);
	items = calloc(limit ? limit : 1, sizeof *items);
	if (!v || !items) {
		rc = -ENOMEM;
		goto out;
	}
	while (n < limit && (rc = store_step(s, st)) == SQLITE_ROW) {
		int64_t item = sqlite3_column_int64(st, 0);

		if (doc_among(skip, nskip, item) || doc_among(items, n, item))
			continue;
		buf_reset(&name);
		buf_puts(&name, "documents/");
		doc_name(sqlite3_column_int(st, 2), col_text(st, 3), "txt", &name);
		if (!(v[n].doc = buf_detach(&name))) {
			rc = -ENOMEM;
			goto out;
		}
		v[n].item = items[n] = item;
		v[n++].file = sqlite3_column_int64(st, 1);
	}
	if (rc < 0)
		goto out;
	sqlite3_reset(st);
	rc = 0;
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		if (node_item_path(s, v[i].item, &path) != 0)
			continue;
		h.item_id = v[i].item;
		h.path = path.data;
		h.doc = v[i].doc;
		h.page = doc_page(s, v[i].file, fts);
		if (fn(ctx, &h))
			break;
	}
out:
	sqlite3_reset(st);
	for (i = 0; i < n; i++)
		free(v[i].doc);
	free(v);
	free(items);
	buf_free(&path);
	buf_free(&name);
	return rc;
}
