/*
** ops.c — the low-level FUSE request handlers: each maps one kernel
** request onto one store call and ends in exactly one reply.
**
** Node ids are the store's node numbers (the root, node 1, is
** FUSE_ROOT_ID), with a version in a file's top bits (govfs.h); forget
** only matters for a file's retired versions (retire.c).
** Everything is cached by the kernel for GFS_TIMEOUT seconds (entries,
** negative entries, attributes, pages, listings, link targets) and made
** fresh by the watcher's invalidations (watch.c).  A file's size and bytes
** both come from its blob in the render cache, whenever one is there; see
** the consistency note in govfs.h.
*/
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <syslog.h>

#include "ctl.h"
#include "govfs.h"

/* ---- helpers ------------------------------------------------------------ */

/* A store error as a positive errno for fuse_reply_err. */
static int gfs_errno(int rc)
{
	assert(rc < 0);
	return rc < 0 ? -rc : EIO;
}

/* Reply to req with error rc (a store error); an I/O error is the
   database's trouble, logged once (gfs_db_error). */
static void gfs_reply_err(fuse_req_t req, int rc)
{
	const char *msg;

	if (rc == -EIO) {
		msg = gfs_store_errmsg();
		gfs_db_error(msg && *msg ? msg : "cannot be read");
	}
	fuse_reply_err(req, gfs_errno(rc));
}

/* A request that would write: EROFS. */
static void gfs_reply_rofs(fuse_req_t req)
{
	gfs_count(GFS_N_OTHER);
	fuse_reply_err(req, EROFS);
}

/* What stat(2) shows for a node. */
static void gfs_stat(const struct node_attr *a, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = a->ino;
	switch (a->type) {
	case NT_DIR:
		st->st_mode = S_IFDIR | 0555;
		break;
	case NT_LINK:
		st->st_mode = S_IFLNK | 0777;
		break;
	default:
		st->st_mode = S_IFREG | 0444;
		break;
	}
	st->st_nlink = a->nlink ? a->nlink : 1;
	st->st_uid = gfs.uid;
	st->st_gid = gfs.gid;
	st->st_size = (off_t)a->size;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)((a->size + 511) / 512);
	st->st_mtim.tv_sec = (time_t)(a->mtime_ms / 1000);
	st->st_mtim.tv_nsec = (long)(a->mtime_ms % 1000) * 1000000L;
	if (st->st_mtim.tv_nsec < 0) {          /* before 1970 */
		st->st_mtim.tv_sec -= 1;
		st->st_mtim.tv_nsec += 1000000000L;
	}
	st->st_atim = st->st_mtim;
	st->st_ctim = st->st_mtim;
}

static void gfs_entry(const struct node_attr *a, uint64_t nodeid,
                      struct fuse_entry_param *e)
{
	memset(e, 0, sizeof *e);
	e->ino = nodeid;
	e->generation = 1;
	gfs_stat(a, &e->attr);
	e->attr_timeout = GFS_TIMEOUT;
	e->entry_timeout = GFS_TIMEOUT;
}

/* ---- listings ------------------------------------------------------------
**
** store_readdir lists a whole directory through a callback, without
** offsets.  The listing is kept as one blob in the listing cache: a
** header, an array of entries, then the names, so later pages of the same
** directory (same generation) are served from memory, and so is the next
** listing of it if the kernel has dropped its own copy.  Listings go only
** by LRU or when the generation moves.
*/
struct gfs_dent {
	struct node_attr attr;
	uint64_t nodeid;
	uint32_t name_off;      /* from the start of the names */
	uint32_t name_len;
};

struct gfs_listing {
	uint64_t n;             /* entries */
	uint64_t names_off;     /* from the start of the blob */
	uint64_t gen;           /* the generation it was built at */
	struct gfs_dent v[];
};

struct gfs_collect {
	struct buf dents;
	struct buf names;
	uint64_t gen;
};

/*
** The node id for a new rendering of file ino with mtime mtime_ms: the
** one its mtime gives, unless that names a retired version still in use
** (two versions whose mtimes are 255 ms apart), then the next free one.
*/
static uint64_t gfs_new_nodeid(uint64_t ino, int64_t mtime_ms)
{
	uint64_t id = gfs_file_nodeid(ino, mtime_ms), v;
	int i;

	for (i = 0; i < 255 && gfs_retire_has(id); i++) {
		v = (id >> GFS_VER_SHIFT) % 255 + 1;
		id = gfs_nodeid(ino) | v << GFS_VER_SHIFT;
	}
	return id;
}

/*
** Keep the bytes of file or link a->ino (data, len), rendered by a request
** begun at generation gen, unless the render cache holds bytes for it
** already, and return the blob that serves it in *out (a reference): 0 or
** -ENOMEM.  A file's blob carries its node id and mtime.  A file rendered
** from a state older than what the watcher has since told the kernel (a
** commit came during the request) is a version no longer current: the
** render cache does not keep it, but its node id may go to the kernel, so
** its bytes are kept for that node id until the kernel forgets it, and the
** watcher takes its name away again at its next round (gfs_past_keep).
*/
static int gfs_keep_blob(const struct node_attr *a, uint64_t gen,
                         const char *data, size_t len, struct gfs_blob *out)
{
	uint64_t tag = a->type == NT_FILE ? gfs_new_nodeid(a->ino, a->mtime_ms)
	                                  : gfs_nodeid(a->ino);
	int rc;

	if (a->type == NT_FILE)
		gfs_past_note(a->ino, len);
	rc = gfs_cache_put(gfs.render, a->ino, gen, tag, a->mtime_ms,
	                   data ? data : "", len, out);
	if (rc > 0 && a->type == NT_FILE)
		gfs_past_keep(out->tag, out);
	return rc < 0 ? rc : 0;
}

/*
** Keep the bytes of file or link a->ino for the read or readlink that
** usually follows (gfs_keep_blob), make *a describe the bytes that serve
** it (size, and a file's mtime) and return the node id to give the kernel
** for them.  Folders: their inode, nothing kept.
*/
static uint64_t gfs_keep(struct node_attr *a, uint64_t gen, const char *data,
                         size_t len)
{
	struct gfs_blob b;
	uint64_t tag = gfs_nodeid(a->ino);

	if (a->type == NT_DIR)
		return tag;
	a->size = len;
	if (gfs_keep_blob(a, gen, data, len, &b) != 0)
		return a->type == NT_FILE ? gfs_file_nodeid(a->ino, a->mtime_ms)
		                          : tag;
	a->size = b.len;
	if (a->type == NT_FILE) {
		a->mtime_ms = b.mtime_ms;
		tag = b.tag;
	}
	gfs_cache_release(gfs.render, &b);
	return tag;
}

/*
** The bytes that serve file node nodeid, for a request on s begun at
** generation gen: that version from the render cache or, retired, from
** retire.c (*deleted: its name is gone); else the file as it is now, if
** that is still the version nodeid names; else that version rendered
** again from the snapshot the kernel was last told about (past.c).
** Failing all those the kernel holds a version nobody can render any
** more, and gets the file as it is now (the watcher tells it soon).
** 0 with a reference in *out, or -errno.
*/
static int gfs_node_bytes(store *s, uint64_t nodeid, uint64_t gen,
                          struct gfs_blob *out, int *deleted)
{
	uint64_t ino = gfs_ino(nodeid);
	struct buf data = { 0 };
	struct gfs_blob old;
	struct node_attr a;
	int rc = 0, cached;

	*deleted = 0;
	cached = gfs_cache_get(gfs.render, ino, 0, out);
	if (cached && out->tag == nodeid)
		return 0;
	if (gfs_retire_get(nodeid, &old, deleted)) {
		gfs_cache_release(gfs.render, out);
		*out = old;
		return 0;
	}
	if (!cached) {
		rc = s ? store_getattr_data(s, ino, &a, &data) : -EIO;
		if (rc == 0 && !buf_ok(&data))
			rc = -ENOMEM;
		if (rc == 0 && a.type != NT_FILE)
			rc = -EISDIR;
		if (rc == 0)
			rc = gfs_keep_blob(&a, gen, data.data, data.len, out);
		buf_free(&data);
	}
	if ((rc == 0 && out->tag != nodeid) || rc == -ENOENT) {
		if (gfs_past_bytes(nodeid, &old)) {
			gfs_cache_release(gfs.render, out);
			*out = old;
			rc = 0;
		}
	}
	return rc;
}

static int gfs_collect_dent(void *ctx, const char *name,
                            const struct node_attr *attr)
{
	struct gfs_collect *c = ctx;
	struct gfs_dent d;
	size_t len = strlen(name);

	memset(&d, 0, sizeof d);
	d.attr = *attr;
	d.attr.data = NULL;
	d.nodeid = gfs_keep(&d.attr, c->gen, attr->data, attr->size);
	d.name_off = (uint32_t)c->names.len;
	d.name_len = (uint32_t)len;
	buf_add(&c->dents, &d, sizeof d);
	buf_add(&c->names, name, len + 1);
	return !buf_ok(&c->dents) || !buf_ok(&c->names);
}

/*
** The listing of directory ino at generation gen, from the cache or built
** now; read on from offset off > 0, the one cached, of any generation.
** Returns 0 with a reference in *out, or -errno.
*/
static int gfs_listing_get(store *s, uint64_t ino, uint64_t gen, off_t off,
                           struct gfs_blob *out)
{
	struct gfs_collect c = { { 0 }, { 0 }, gen };
	struct gfs_listing hdr;
	struct buf blob = { 0 };
	int rc;

	/* A listing read on from an offset goes on with the listing it
	   began with, whatever commits came between its pages (a folder
	   of 100,000 entries takes thousands of pages). */
	if (off > 0 && gfs_cache_get(gfs.listing, ino, 0, out))
		return 0;
	/* one thread builds it (the prefetcher, maybe); others wait */
	do {
		if (gfs_cache_get(gfs.listing, ino, gen, out))
			return 0;
	} while (!gfs_build_claim(ino));
	rc = store_readdir(s, ino, gfs_collect_dent, &c);
	if (rc)
		goto out;
	if (!buf_ok(&c.dents) || !buf_ok(&c.names) ||
	    c.names.len > UINT32_MAX) {
		rc = -ENOMEM;
		goto out;
	}
	hdr.n = c.dents.len / sizeof(struct gfs_dent);
	hdr.names_off = sizeof hdr + c.dents.len;
	hdr.gen = gen;
	buf_add(&blob, &hdr, sizeof hdr);
	buf_add(&blob, c.dents.data, c.dents.len);
	buf_add(&blob, c.names.data, c.names.len);
	if (!buf_ok(&blob)) {
		rc = -ENOMEM;
		goto out;
	}
	rc = gfs_cache_put(gfs.listing, ino, gen, 0, 0, blob.data, blob.len,
	                   out);
out:
	gfs_build_done(ino);
	buf_free(&c.dents);
	buf_free(&c.names);
	buf_free(&blob);
	return rc;
}

/*
** Fill buf (size bytes) with the entries from offset off: "." is offset
** 0, ".." 1, entry i of the listing i + 2; each entry's d_off is the
** offset of the next.  Returns the bytes used (0 at the end).
**
** A listing read on after a commit (its generation is past) still gives
** its names, but no node ids or attributes: those may name versions of
** files that the watcher has retired and the kernel has forgotten, and
** the kernel would take them for the names' current nodes.  It looks
** each name up instead.
*/
static size_t gfs_fill_dir(fuse_req_t req, uint64_t ino,
                           const struct gfs_blob *b, off_t off, char *buf,
                           size_t size, int plus)
{
	const struct gfs_listing *l = (const void *)b->data;
	const char *names = b->data + l->names_off;
	struct fuse_entry_param e;
	uint64_t i;
	size_t used = 0, n;
	int past;

	assert(b->len >= sizeof *l && l->names_off <= b->len);
	assert(l->names_off == sizeof *l + l->n * sizeof l->v[0]);
	past = l->gen != gfs_gen();
	for (i = (uint64_t)off; i < l->n + 2; i++) {
		const char *name;

		if (i < 2) {
			/* no node id: the kernel links neither dot entry */
			memset(&e, 0, sizeof e);
			e.attr.st_ino = ino;
			e.attr.st_mode = S_IFDIR;
			name = i == 0 ? "." : "..";
		} else {
			const struct gfs_dent *d = &l->v[i - 2];

			gfs_entry(&d->attr, past ? 0 : d->nodeid, &e);
			name = names + d->name_off;
		}
		if (plus)
			n = fuse_add_direntry_plus(req, buf + used, size - used,
			                           name, &e, (off_t)i + 1);
		else
			n = fuse_add_direntry(req, buf + used, size - used,
			                      name, &e.attr, (off_t)i + 1);
		if (n > size - used)
			break;
		used += n;
	}
	return used;
}

/*
** Hand the subfolders of listing b to the prefetcher (prefetch.c), the
** first first, from the skip-th on: a reader that has just been given
** the listing asks for its first subfolder at once, and the prefetcher
** would race it there.
*/
static void gfs_prefetch_subfolders(const struct gfs_blob *b, int skip)
{
	const struct gfs_listing *l = (const void *)b->data;
	uint64_t dirs[64], i;
	size_t n = 0;

	for (i = 0; i < l->n && n < sizeof dirs / sizeof dirs[0]; i++)
		if (l->v[i].attr.type == NT_DIR && skip-- <= 0)
			dirs[n++] = l->v[i].attr.ino;
	gfs_prefetch(dirs, n);
}

/* The prefetcher's builder: the listing of folder ino (a store inode)
   at the current generation, into the listing cache, and its subfolders
   queued.  1 if it built it. */
int gfs_listing_warm(uint64_t ino)
{
	struct gfs_blob b = { NULL, 0, 0, 0 };
	uint64_t gen = gfs_gen();
	store *s = gfs_store_enter();
	int built = 0;

	if (s && !gfs_cache_get(gfs.listing, ino, gen, &b) &&
	    gfs_listing_get(s, ino, gen, 0, &b) == 0) {
		gfs_prefetch_subfolders(&b, 0);
		built = 1;
	}
	gfs_cache_release(gfs.listing, &b);
	gfs_store_leave();
	return built;
}

static void gfs_readdir_any(fuse_req_t req, fuse_ino_t ino, size_t size,
                            off_t off, int plus)
{
	struct gfs_blob b = { NULL, 0, 0, 0 };
	uint64_t gen = gfs_gen();
	char *buf = NULL;
	size_t used = 0;
	store *s;
	int rc;

	gfs_count(GFS_N_READDIR);
	s = gfs_store_enter();
	if (!gfs_current(ino)) {
		rc = -ESTALE;
		goto out;
	}
	if (!s) {
		rc = -EIO;
		goto out;
	}
	if (off < 0) {
		rc = -EINVAL;
		goto out;
	}
	rc = gfs_listing_get(s, gfs_ino(ino), gen, off, &b);
	if (rc)
		goto out;
	buf = malloc(size ? size : 1);
	if (!buf) {
		rc = -ENOMEM;
		goto out;
	}
	used = gfs_fill_dir(req, gfs_ino(ino), &b, off, buf, size, plus);
	/* not the root's: its views (actions/, people/, ...) are large,
	   and a reader of the root seldom walks them all */
	if (off == 0 && ino != NODE_ROOT_INO) {
		gfs_prefetch_taken(gfs_ino(ino));
		gfs_prefetch_subfolders(&b, 1);
	}
out:
	gfs_affinity_done();
	if (rc)
		gfs_reply_err(req, rc);
	else
		fuse_reply_buf(req, buf, used);
	gfs_store_leave();
	gfs_cache_release(gfs.listing, &b);
	free(buf);
}

/* ---- handlers ----------------------------------------------------------- */

static void gfs_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	if (conn->capable & FUSE_CAP_READDIRPLUS)
		conn->want |= FUSE_CAP_READDIRPLUS;
	/* readdirplus for every listing, not just the first one */
	conn->want &= ~(unsigned)FUSE_CAP_READDIRPLUS_AUTO;
#ifdef FUSE_CAP_CACHE_SYMLINKS
	if (conn->capable & FUSE_CAP_CACHE_SYMLINKS)
		conn->want |= FUSE_CAP_CACHE_SYMLINKS;
#endif
	/* the control requests (ctl.h) are ioctls on folders */
	if (conn->capable & FUSE_CAP_IOCTL_DIR)
		conn->want |= FUSE_CAP_IOCTL_DIR;
	conn->want &= ~(unsigned)FUSE_CAP_EXPORT_SUPPORT;
	conn->want &= ~(unsigned)FUSE_CAP_WRITEBACK_CACHE;
	gfs.no_open = !!(conn->capable & FUSE_CAP_NO_OPEN_SUPPORT);
#ifdef FUSE_CAP_NO_OPENDIR_SUPPORT
	gfs.no_opendir = !!(conn->capable & FUSE_CAP_NO_OPENDIR_SUPPORT);
#endif
	if (gfs.debug)
		gfs_log(LOG_DEBUG, "init: proto %u.%u, want 0x%x, no_open %d,"
		        " no_opendir %d", conn->proto_major, conn->proto_minor,
		        conn->want, gfs.no_open, gfs.no_opendir);
}

static void gfs_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	struct buf data = { 0 };
	uint64_t gen = gfs_gen(), nodeid = 0;
	struct node_attr a;
	store *s;
	int rc;

	gfs_count(GFS_N_LOOKUP);
	s = gfs_store_enter();
	rc = !gfs_current(parent) ? -ESTALE
	   : s ? store_lookup_data(s, gfs_ino(parent), name, &a, &data) : -EIO;
	if (rc == 0 && !buf_ok(&data))
		rc = -ENOMEM;
	if (rc == 0)
		nodeid = gfs_keep(&a, gen, data.data, data.len);
	if (rc == -ENOENT) {
		/* a negative entry, cached as long as a positive one */
		memset(&e, 0, sizeof e);
		e.entry_timeout = GFS_TIMEOUT;
		rc = 0;
	} else if (rc == 0) {
		gfs_entry(&a, nodeid, &e);
	}
	gfs_affinity_done();
	if (rc)
		gfs_reply_err(req, rc);
	else
		fuse_reply_entry(req, &e);
	gfs_store_leave();
	buf_free(&data);
}

/* The kernel has forgotten a node: a retired file version goes. */
static void gfs_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	gfs_count(GFS_N_FORGET);
	(void)nlookup;
	if (ino >> GFS_VER_SHIFT)
		gfs_retire_drop(ino);
	fuse_reply_none(req);
}

static void gfs_forget_multi(fuse_req_t req, size_t count,
                             struct fuse_forget_data *forgets)
{
	size_t i;

	gfs_count(GFS_N_FORGET);
	for (i = 0; i < count; i++)
		if (forgets[i].ino >> GFS_VER_SHIFT)
			gfs_retire_drop(forgets[i].ino);
	fuse_reply_none(req);
}

/*
** A file's attributes are those of the bytes that serve its node id
** (gfs_node_bytes: size and mtime), so that a retired version answers
** even once its record is gone; one whose name is gone has no links.
** Anything else is asked of the store.
*/
static void gfs_getattr(fuse_req_t req, fuse_ino_t nodeid,
                        struct fuse_file_info *fi)
{
	struct gfs_blob b = { NULL, 0, 0, 0 };
	struct buf data = { 0 };
	uint64_t gen = gfs_gen(), ino = gfs_ino(nodeid);
	struct node_attr a;
	struct stat st;
	int rc, deleted;
	store *s;

	gfs_count(GFS_N_GETATTR);
	(void)fi;
	s = gfs_store_enter();
	if (!gfs_current(nodeid)) {
		rc = -ESTALE;
	} else if (!s) {
		rc = -EIO;
	} else if (gfs_is_file(ino)) {
		rc = gfs_node_bytes(s, nodeid, gen, &b, &deleted);
		memset(&a, 0, sizeof a);
		a.ino = ino;
		a.type = NT_FILE;
		a.size = b.len;
		a.mtime_ms = b.mtime_ms;
		a.nlink = deleted ? 0 : 1;
	} else {
		rc = store_getattr_data(s, ino, &a, &data);
		if (rc == 0 && !buf_ok(&data))
			rc = -ENOMEM;
		if (rc == 0)
			gfs_keep(&a, gen, data.data, data.len);
	}
	if (rc == 0)
		gfs_stat(&a, &st);
	gfs_affinity_done();
	if (rc)
		gfs_reply_err(req, rc);
	else
		fuse_reply_attr(req, &st, GFS_TIMEOUT);
	gfs_store_leave();
	gfs_cache_release(gfs.render, &b);
	buf_free(&data);
}

static void gfs_readlink(fuse_req_t req, fuse_ino_t nodeid)
{
	struct gfs_blob b = { NULL, 0, 0, 0 };
	uint64_t gen = gfs_gen(), ino = gfs_ino(nodeid);
	struct buf out = { 0 };
	store *s;
	int rc = 0;

	gfs_count(GFS_N_READLINK);
	s = gfs_store_enter();
	if (!gfs_current(nodeid)) {
		rc = -ESTALE;
	} else if (!gfs_cache_get(gfs.render, ino, gen, &b)) {
		rc = s ? store_readlink(s, ino, &out) : -EIO;
		if (rc == 0 && !buf_ok(&out))
			rc = -ENOMEM;
		if (rc == 0 && out.len == 0)
			rc = -EIO;
		if (rc == 0)
			rc = gfs_cache_put(gfs.render, ino, gen, ino, 0,
			                   out.data, out.len, &b);
		if (rc > 0)
			rc = 0;                 /* stale: serves this reply */
	}
	gfs_affinity_done();
	if (rc)
		gfs_reply_err(req, rc);
	else
		fuse_reply_readlink(req, b.data);   /* blobs end in a NUL */
	gfs_store_leave();
	gfs_cache_release(gfs.render, &b);
	buf_free(&out);
}

/*
** open and opendir: ENOSYS, so the kernel stops sending them and treats
** every open as if keep_cache (and cache_readdir) had been set.  With a
** kernel that cannot do that, the same flags are set explicitly.
*/
static void gfs_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	gfs_count(GFS_N_OPEN);
	(void)ino;
	if ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & O_TRUNC)) {
		fuse_reply_err(req, EROFS);
	} else if (gfs.no_open) {
		fuse_reply_err(req, ENOSYS);
	} else {
		fi->keep_cache = 1;
		fuse_reply_open(req, fi);
	}
}

static void gfs_opendir(fuse_req_t req, fuse_ino_t ino,
                        struct fuse_file_info *fi)
{
	gfs_count(GFS_N_OPEN);
	(void)ino;
	if (gfs.no_opendir) {
		fuse_reply_err(req, ENOSYS);
	} else {
		fi->keep_cache = 1;
		fi->cache_readdir = 1;
		fuse_reply_open(req, fi);
	}
}

/*
** Push the other small files of file ino's folder into the kernel's page
** cache: a program that reads one file of a folder (grep -r, cat *) mostly
** reads the rest, and a push costs one write, a READ a round trip through
** the daemon.  Only what the folder's listing gave the kernel is pushed:
** for each file entry, the bytes whose node id the listing named, if the
** render cache still holds that version, so the kernel gets each node's
** own bytes or nothing.
**
** The READ of ino pushes before it replies, so that the reader finds the
** rest there when it goes on (pushed after the reply, the reader's next
** READs raced the push and most of them won).  A push waits for a READ of
** the same file in progress, which another thread must answer, and which
** the kernel may hold while its reader waits for ours: so one thread at a
** time pushes into a folder (a READ that finds its folder being pushed
** replies without pushing, so every READ in it is answered), at most
** GFS_PUSHERS threads push at once (if every thread pushed, none would be
** left to answer), and never with -s.
*/
#define GFS_PUSHERS 2
static pthread_mutex_t gfs_push_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t gfs_push_dirs[GFS_PUSHERS];  /* folders being pushed */

/* A push slot for folder dir: its index, or -1 if every slot is taken or
   another thread is pushing into dir. */
static int gfs_push_claim(uint64_t dir)
{
	int i, slot = -1;

	pthread_mutex_lock(&gfs_push_lock);
	for (i = 0; i < GFS_PUSHERS; i++) {
		if (gfs_push_dirs[i] == dir) {
			slot = -1;
			break;
		}
		if (gfs_push_dirs[i] == 0 && slot < 0)
			slot = i;
	}
	if (slot >= 0)
		gfs_push_dirs[slot] = dir;
	pthread_mutex_unlock(&gfs_push_lock);
	return slot;
}

static void gfs_push_siblings(uint64_t ino)
{
	struct gfs_blob lb = { NULL, 0, 0, 0 }, fb;
	const struct gfs_listing *l;
	struct fuse_bufvec bv = FUSE_BUFVEC_INIT(0);
	const char *fname;
	uint64_t parent, i;
	int slot;

	if (gfs.single || store_file_parent(ino, &parent, &fname) != 0)
		return;
	slot = gfs_push_claim(parent);
	if (slot < 0)
		return;
	if (!gfs_cache_get(gfs.listing, parent, 0, &lb))
		goto out;
	l = (const void *)lb.data;
	for (i = 0; i < l->n; i++) {
		const struct gfs_dent *d = &l->v[i];

		if (d->attr.type != NT_FILE || d->attr.ino == ino ||
		    d->attr.size == 0 || d->attr.size > GFS_PUSH_MAX ||
		    !gfs_cache_get(gfs.render, d->attr.ino, 0, &fb))
			continue;
		if (fb.tag == d->nodeid && fb.len == d->attr.size) {
			bv.buf[0].mem = (void *)(uintptr_t)fb.data;
			bv.buf[0].size = fb.len;
			if (fuse_lowlevel_notify_store(gfs.se, d->nodeid, 0,
			                               &bv, 0) == 0)
				gfs_count(GFS_N_PUSHED);
		}
		gfs_cache_release(gfs.render, &fb);
	}
	gfs_cache_release(gfs.listing, &lb);
out:
	pthread_mutex_lock(&gfs_push_lock);
	gfs_push_dirs[slot] = 0;
	pthread_mutex_unlock(&gfs_push_lock);
}

/* Serve [off, off + size) of the bytes of node id nodeid (gfs_node_bytes). */
static void gfs_read(fuse_req_t req, fuse_ino_t nodeid, size_t size,
                     off_t off, struct fuse_file_info *fi)
{
	struct gfs_blob b = { NULL, 0, 0, 0 };
	int rc, deleted;
	store *s;

	gfs_count(GFS_N_READ);
	(void)fi;
	s = gfs_store_enter();
	rc = off < 0 ? -EINVAL
	   : !gfs_current(nodeid) ? -ESTALE
	   : gfs_node_bytes(s, nodeid, gfs_gen(), &b, &deleted);
	if (rc == 0 && off == 0)
		gfs_push_siblings(gfs_ino(nodeid));
	gfs_affinity_done();
	if (rc)
		gfs_reply_err(req, rc);
	else if ((uint64_t)off >= b.len)
		fuse_reply_buf(req, NULL, 0);
	else
		fuse_reply_buf(req, b.data + off,
		               b.len - (size_t)off < size ? b.len - (size_t)off
		                                          : size);
	/* read part of the way: keep the bytes for the rest */
	if (rc == 0 && b.tag == nodeid)
		gfs_cache_pin(gfs.render, &b,
		              (uint64_t)off + size < b.len ? GFS_PIN_MS : 0);
	gfs_store_leave();
	gfs_cache_release(gfs.render, &b);
}

static void gfs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size,
                        off_t off, struct fuse_file_info *fi)
{
	(void)fi;
	gfs_readdir_any(req, ino, size, off, 0);
}

static void gfs_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size,
                            off_t off, struct fuse_file_info *fi)
{
	(void)fi;
	gfs_readdir_any(req, ino, size, off, 1);
}

static void gfs_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct statvfs st;

	gfs_count(GFS_N_STATFS);
	(void)ino;
	memset(&st, 0, sizeof st);
	st.f_bsize = 4096;
	st.f_frsize = 4096;
	st.f_namemax = 255;
	st.f_flag = ST_RDONLY;
	fuse_reply_statfs(req, &st);
}

/*
** The control requests of ctl.h, on any folder.  Anything else is not a
** tty's request (ENOTTY), as on a plain file system.
*/
static void gfs_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd,
                      void *arg, struct fuse_file_info *fi, unsigned flags,
                      const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	char path[GOVFS_CTL_PATH];
	int rc;

	gfs_count(GFS_N_OTHER);
	if (flags & FUSE_IOCTL_COMPAT) {
		fuse_reply_err(req, ENOSYS);
		return;
	}
	switch (cmd) {
	case GOVFS_IOC_DB:
		if (strlen(gfs.db) >= sizeof path ||
		    out_bufsz != sizeof path) {
			fuse_reply_err(req, ENAMETOOLONG);
			return;
		}
		memset(path, 0, sizeof path);
		strcpy(path, gfs.db);
		fuse_reply_ioctl(req, 0, path, sizeof path);
		return;
	case GOVFS_IOC_SYNC:
		rc = gfs_watch_sync(GOVFS_SYNC_MS);
		if (rc)
			fuse_reply_err(req, -rc);
		else
			fuse_reply_ioctl(req, 0, NULL, 0);
		return;
	default:
		fuse_reply_err(req, ENOTTY);
		return;
	}
}

/* No extended attributes: ENOSYS, and the kernel stops asking (an
   answer would cost a request per file of every `ls -l`). */
static void gfs_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
                         size_t size)
{
	gfs_count(GFS_N_OTHER);
	fuse_reply_err(req, ENOSYS);
}

static void gfs_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	gfs_count(GFS_N_OTHER);
	fuse_reply_err(req, ENOSYS);
}

/* ---- writes: the tree is read-only; writes go through govctl ------------ */

static void gfs_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
                        int to_set, struct fuse_file_info *fi)
{
	gfs_reply_rofs(req);
}

static void gfs_mknod(fuse_req_t req, fuse_ino_t parent, const char *name,
                      mode_t mode, dev_t rdev)
{
	gfs_reply_rofs(req);
}

static void gfs_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name,
                      mode_t mode)
{
	gfs_reply_rofs(req);
}

static void gfs_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	gfs_reply_rofs(req);
}

static void gfs_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	gfs_reply_rofs(req);
}

static void gfs_symlink(fuse_req_t req, const char *link, fuse_ino_t parent,
                        const char *name)
{
	gfs_reply_rofs(req);
}

static void gfs_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
                       fuse_ino_t newparent, const char *newname,
                       unsigned int flags)
{
	gfs_reply_rofs(req);
}

static void gfs_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent,
                     const char *newname)
{
	gfs_reply_rofs(req);
}

static void gfs_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
                      size_t size, off_t off, struct fuse_file_info *fi)
{
	gfs_reply_rofs(req);
}

static void gfs_create(fuse_req_t req, fuse_ino_t parent, const char *name,
                       mode_t mode, struct fuse_file_info *fi)
{
	gfs_reply_rofs(req);
}

static void gfs_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
                         const char *value, size_t size, int flags)
{
	gfs_reply_rofs(req);
}

static void gfs_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	gfs_reply_rofs(req);
}

static void gfs_fallocate(fuse_req_t req, fuse_ino_t ino, int mode,
                          off_t offset, off_t length,
                          struct fuse_file_info *fi)
{
	gfs_reply_rofs(req);
}

static void gfs_copy_file_range(fuse_req_t req, fuse_ino_t ino_in,
                                off_t off_in, struct fuse_file_info *fi_in,
                                fuse_ino_t ino_out, off_t off_out,
                                struct fuse_file_info *fi_out, size_t len,
                                int flags)
{
	gfs_reply_rofs(req);
}

const struct fuse_lowlevel_ops gfs_ops = {
	.init            = gfs_init,
	.lookup          = gfs_lookup,
	.forget          = gfs_forget,
	.forget_multi    = gfs_forget_multi,
	.getattr         = gfs_getattr,
	.readlink        = gfs_readlink,
	.open            = gfs_open,
	.read            = gfs_read,
	.opendir         = gfs_opendir,
	.readdir         = gfs_readdir,
	.readdirplus     = gfs_readdirplus,
	.statfs          = gfs_statfs,
	.ioctl           = gfs_ioctl,
	.getxattr        = gfs_getxattr,
	.listxattr       = gfs_listxattr,
	.setattr         = gfs_setattr,
	.mknod           = gfs_mknod,
	.mkdir           = gfs_mkdir,
	.unlink          = gfs_unlink,
	.rmdir           = gfs_rmdir,
	.symlink         = gfs_symlink,
	.rename          = gfs_rename,
	.link            = gfs_link,
	.write           = gfs_write,
	.create          = gfs_create,
	.setxattr        = gfs_setxattr,
	.removexattr     = gfs_removexattr,
	.fallocate       = gfs_fallocate,
	.copy_file_range = gfs_copy_file_range,
};
