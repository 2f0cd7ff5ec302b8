/*
** export.c — the tree as plain files: the same walk the mount answers
** (store_readdir, store_render, store_readlink), written to disk.
*/
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

struct export_ctx {
	store *s;
	struct buf path;        /* current folder on disk */
	struct buf data;        /* scratch for file bytes */
	struct export_counts *n;
	int rc;
};

static void export_times(struct export_ctx *x, const char *path,
                         int64_t mtime_ms)
{
	struct timespec ts[2];

	ts[0].tv_sec = ts[1].tv_sec = mtime_ms / 1000;
	ts[0].tv_nsec = ts[1].tv_nsec = (mtime_ms % 1000) * 1000000;
	utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}

static int export_dir(struct export_ctx *x, uint64_t ino, int64_t mtime);

/* Write one entry below x->path. */
static int export_entry(void *ctx, const char *name, const struct node_attr *a)
{
	struct export_ctx *x = ctx;
	size_t keep = x->path.len;
	int fd, rc = 0;

	buf_printf(&x->path, "/%s", name);
	if (!buf_ok(&x->path)) {
		rc = -ENOMEM;
		goto out;
	}
	buf_reset(&x->data);
	switch (a->type) {
	case NT_DIR:
		if (NODE_KIND(a->ino) == NK_SEARCH) {
			/* search/ answers any name; on disk it is empty. */
			if (mkdir(x->path.data, 0755) != 0)
				rc = -errno;
			else
				export_times(x, x->path.data, a->mtime_ms);
			x->n->dirs++;
			break;
		}
		rc = export_dir(x, a->ino, a->mtime_ms);
		break;
	case NT_FILE:
		if (a->data)
			buf_add(&x->data, a->data, a->size);
		else
			rc = store_render(x->s, a->ino, &x->data);
		if (rc)
			break;
		fd = open(x->path.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		          0644);
		if (fd < 0 || write(fd, x->data.data ? x->data.data : "",
		                    x->data.len) != (ssize_t)x->data.len)
			rc = -errno;
		if (fd >= 0 && close(fd) != 0 && rc == 0)
			rc = -errno;
		if (rc == 0)
			export_times(x, x->path.data, a->mtime_ms);
		x->n->files++;
		x->n->bytes += (int64_t)x->data.len;
		break;
	case NT_LINK:
		if (a->data)
			buf_add(&x->data, a->data, a->size);
		else
			rc = store_readlink(x->s, a->ino, &x->data);
		if (rc == 0 && symlink(x->data.data, x->path.data) != 0)
			rc = -errno;
		if (rc == 0)
			export_times(x, x->path.data, a->mtime_ms);
		x->n->links++;
		break;
	}
	if (rc && !x->rc) {
		x->rc = rc;
		store_fail(x->s, rc, "%s: %s", x->path.data, strerror(-rc));
	}
out:
	x->path.len = keep;
	x->path.data[keep] = '\0';
	return rc != 0;
}

static int export_dir(struct export_ctx *x, uint64_t ino, int64_t mtime)
{
	char *here;
	int rc;

	if (mkdir(x->path.data, 0755) != 0 && errno != EEXIST)
		return -errno;
	rc = store_readdir(x->s, ino, export_entry, x);
	if (x->rc)
		return x->rc;
	if (rc)
		return rc;
	here = x->path.data;
	export_times(x, here, mtime);
	x->n->dirs++;
	return 0;
}

int store_export(store *s, const char *dir, struct export_counts *n)
{
	struct export_counts dummy = { 0 };
	struct export_ctx x = { s, { 0 }, { 0 }, n ? n : &dummy, 0 };
	struct node_attr root;
	DIR *d;
	int rc;

	d = opendir(dir);
	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				closedir(d);
				return store_fail(s, -EEXIST, "%s: folder is not "
				                  "empty", dir);
			}
		closedir(d);
	} else if (errno == ENOTDIR) {
		return store_fail(s, -ENOTDIR, "%s: a file, not a folder (export"
		                  " writes the tree into a missing or empty "
		                  "folder)", dir);
	}
	rc = store_getattr(s, NODE_ROOT_INO, &root);
	if (rc)
		return store_fail(s, rc, "%s: cannot read the tree", store_path(s));
	buf_puts(&x.path, dir);
	while (x.path.len > 1 && x.path.data[x.path.len - 1] == '/')
		x.path.data[--x.path.len] = '\0';
	rc = export_dir(&x, NODE_ROOT_INO, root.mtime_ms);
	if (rc && !x.rc)
		store_fail(s, rc, "%s: %s", dir, strerror(-rc));
	buf_free(&x.path);
	buf_free(&x.data);
	return rc;
}
