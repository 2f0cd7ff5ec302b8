/*
** pdf.c — text of a supporting document, extracted by poppler (GLib API)
** in a child process.  The child gets the bytes by fork(), writes the
** text of each page to one pipe (pages separated by '\f') and its outcome
** ("P <pages>" or "E <reason>") to another, then exits.  The parent reads
** both under a wall-clock deadline and a size bound, kills the child when
** either is passed, and cleans what it got (valid UTF-8, no control bytes
** but tab, newline and form feed).  Limits: pdf.h and govfs(5).
*/
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <poppler.h>

#include "buf.h"
#include "pdf.h"

#if defined(__SANITIZE_ADDRESS__)
#define PDF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PDF_ASAN 1
#endif
#endif

void pdf_limits_default(struct pdf_limits *lim)
{
	const char *env = getenv("GOVCTL_EXTRACT_SECONDS");
	long v;

	lim->max_bytes = PDF_MAX_BYTES;
	lim->max_text = PDF_MAX_TEXT;
	lim->max_memory = PDF_MAX_MEMORY;
	lim->max_pages = PDF_MAX_PAGES;
	lim->max_seconds = PDF_MAX_SECONDS;
	if (env && *env) {
		v = strtol(env, NULL, 10);
		if (v >= 1 && v <= 3600)
			lim->max_seconds = (int)v;
	}
}

void pdf_doc_free(struct pdf_doc *d)
{
	free(d->text);
	d->text = NULL;
	d->text_len = 0;
}

void pdf_digest(const void *data, size_t len, char out[65])
{
	gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);

	assert(hex && strlen(hex) == 64);
	memcpy(out, hex, 65);
	g_free(hex);
}

/* Does p (n bytes) start with word, ignoring case? */
static int pdf_starts(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);

	return n >= w && g_ascii_strncasecmp(p, word, w) == 0;
}

const char *pdf_media_type(const void *data, size_t len)
{
	const char *p = data;
	size_t head = len < 1024 ? len : 1024, i;

	/* A PDF's header may follow up to 1 KiB of junk (ISO 32000 7.5.2). */
	for (i = 0; i + 5 <= head; i++)
		if (memcmp(p + i, "%PDF-", 5) == 0)
			return "application/pdf";
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, len -= 3;
	while (len && isspace((unsigned char)*p))
		p++, len--;
	if (pdf_starts(p, len, "<!doctype html") || pdf_starts(p, len, "<html")
	    || pdf_starts(p, len, "<head") || pdf_starts(p, len, "<body"))
		return "text/html";
	if (pdf_starts(p, len, "<?xml"))
		return "application/xml";
	if (len >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return "application/zip";
	head = len < 1024 ? len : 1024;
	for (i = 0; i < head; i++)
		if (p[i] == 0)
			return "application/octet-stream";
	return utf8_valid(p, head, NULL) || head == 1024 ? "text/plain"
	                                                : "application/octet-stream";
}

/* ---- the child ------------------------------------------------------------ */

/* Write all n bytes to fd; 0 or -1. */
static int pdf_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The child's outcome line to fd, then exit. */
static void pdf_child_exit(int fd, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
static void pdf_child_exit(int fd, int code, const char *fmt, ...)
{
	char line[300];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > 0)
		pdf_write_all(fd, line, (size_t)n < sizeof line ? (size_t)n
		                                                : sizeof line - 1);
	_exit(code);
}

/* In the child: bounds, then poppler over the bytes; never returns. */
static void pdf_child(const void *data, size_t len,
                      const struct pdf_limits *lim, int tfd, int sfd)
{
	struct rlimit rl;
	GBytes *bytes;
	GError *err = NULL;
	PopplerDocument *doc;
	int fd, n, i;

	signal(SIGPIPE, SIG_IGN);
	fd = open("/dev/null", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, STDERR_FILENO);   /* poppler's syntax warnings */
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	rl.rlim_cur = rl.rlim_max = (rlim_t)lim->max_seconds + 1;
	setrlimit(RLIMIT_CPU, &rl);
#ifndef PDF_ASAN
	rl.rlim_cur = rl.rlim_max = lim->max_memory;
	setrlimit(RLIMIT_AS, &rl);
#endif
	bytes = g_bytes_new_static(data, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (!doc) {
		if (err && g_error_matches(err, POPPLER_ERROR,
		                           POPPLER_ERROR_ENCRYPTED))
			pdf_child_exit(sfd, 1, "E encrypted (needs a password)");
		pdf_child_exit(sfd, 1, "E not readable as PDF: %s",
		               err && err->message ? err->message : "unknown");
	}
	n = poppler_document_get_n_pages(doc);
	if (n > lim->max_pages)
		pdf_child_exit(sfd, 1, "E %d pages (more than %d)", n,
		               lim->max_pages);
	for (i = 0; i < n; i++) {
		PopplerPage *pg = poppler_document_get_page(doc, i);
		char *t = pg ? poppler_page_get_text(pg) : NULL;

		size_t tl = t ? strlen(t) : 0;

		/* each page's text ends its last line; a form feed starts the
		   next page's first line, as pdftotext writes them */
		if ((i > 0 && pdf_write_all(tfd, "\f", 1) < 0) ||
		    (tl && pdf_write_all(tfd, t, tl) < 0) ||
		    (tl && t[tl - 1] != '\n' && pdf_write_all(tfd, "\n", 1) < 0))
			_exit(1);
		g_free(t);
		if (pg)
			g_object_unref(pg);
	}
	pdf_child_exit(sfd, 0, "P %d", n);
}

/* ---- the parent ------------------------------------------------------------ */

static int64_t pdf_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
** Clean the child's text in place: invalid UTF-8 bytes become '?', control
** bytes other than tab, newline and form feed become a space, "\r\n" and
** lone '\r' become '\n'.  Returns the new length.
*/
static size_t pdf_clean(char *t, size_t n)
{
	size_t i = 0, o = 0, bad;

	while (i < n) {
		unsigned char c = (unsigned char)t[i];

		if (c >= 0x80) {
			size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

			if (i + k <= n && utf8_valid(t + i, k, &bad)) {
				memmove(t + o, t + i, k);
				o += k;
				i += k;
			} else {
				t[o++] = '?';
				i++;
			}
			continue;
		}
		if (c == '\r') {
			t[o++] = '\n';
			i += (i + 1 < n && t[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f') || c == 0x7f)
			c = ' ';
		t[o++] = (char)c;
		i++;
	}
	return o;
}

/* Read what is there on fd into b (up to cap bytes in all); 1 at EOF, 0
   for more later, -1 when b would pass cap. */
static int pdf_drain(int fd, struct buf *b, size_t cap)
{
	char chunk[65536];
	ssize_t r = read(fd, chunk, sizeof chunk);

	if (r < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (r == 0)
		return 1;
	if (b->len + (size_t)r > cap)
		return -1;
	buf_add(b, chunk, (size_t)r);
	return 0;
}

/* Fill out's reason (failure) from fmt. */
static void pdf_fail(struct pdf_doc *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void pdf_fail(struct pdf_doc *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof out->reason, fmt, ap);
	va_end(ap);
	out->ok = 0;
	out->pages = 0;
	pdf_doc_free(out);
}

/*
** Run the child over data and collect its text and outcome into out.
** Returns 0 (out says how it went) or -errno when no child could start.
*/
static int pdf_run(const void *data, size_t len, const struct pdf_limits *lim,
                   struct pdf_doc *out)
{
	int tp[2] = { -1, -1 }, sp[2] = { -1, -1 }, status = 0, rc = 0;
	int tdone = 0, sdone = 0, over = 0, late = 0;
	struct buf text = { 0 }, st = { 0 };
	int64_t deadline = pdf_now_ms() + (int64_t)lim->max_seconds * 1000;
	pid_t pid;

	if (pipe2(tp, O_CLOEXEC) < 0 || pipe2(sp, O_CLOEXEC) < 0) {
		rc = -errno;
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pid == 0) {
		close(tp[0]);
		close(sp[0]);
		pdf_child(data, len, lim, tp[1], sp[1]);
	}
	close(tp[1]);
	close(sp[1]);
	tp[1] = sp[1] = -1;
	while (!(tdone && sdone)) {
		struct pollfd pf[2] = { { tp[0], POLLIN, 0 }, { sp[0], POLLIN, 0 } };
		int64_t left = deadline - pdf_now_ms();
		int r;

		if (left <= 0) {
			late = 1;
			break;
		}
		if (tdone)
			pf[0].fd = -1;
		if (sdone)
			pf[1].fd = -1;
		r = poll(pf, 2, (int)left);
		if (r < 0 && errno != EINTR) {
			late = 1;
			break;
		}
		if (!tdone && (pf[0].revents & (POLLIN | POLLHUP | POLLERR))) {
			r = pdf_drain(tp[0], &text, lim->max_text);
			if (r < 0) {
				over = 1;
				break;
			}
			tdone = r;
		}
		if (!sdone && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
			sdone = pdf_drain(sp[0], &st, 512) != 0;
	}
	if (late || over)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!buf_ok(&text) || !buf_ok(&st)) {
		rc = -ENOMEM;
		goto out;
	}
	if (late) {
		pdf_fail(out, "time limit (%d s) exceeded", lim->max_seconds);
	} else if (over) {
		pdf_fail(out, "text larger than %zu bytes", lim->max_text);
	} else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		pdf_fail(out, sig == SIGXCPU ? "CPU time limit (%d s) exceeded"
		         : "extractor died (signal %d)", sig == SIGXCPU ?
		         lim->max_seconds : sig);
	} else if (st.len >= 2 && st.data[0] == 'E') {
		pdf_fail(out, "%.*s", (int)(st.len - 2), st.data + 2);
	} else if (WEXITSTATUS(status) != 0 || st.len < 2 || st.data[0] != 'P') {
		pdf_fail(out, "extractor failed (exit %d; out of memory?)",
		         WEXITSTATUS(status));
	} else {
		out->ok = 1;
		out->pages = atoi(st.data + 2);
		out->text_len = pdf_clean(text.data ? text.data : "", text.len);
		buf_putc(&text, '\0');
		if (!buf_ok(&text)) {
			rc = -ENOMEM;
			goto out;
		}
		text.data[out->text_len] = '\0';
		out->text = buf_detach(&text);
	}
out:
	if (tp[0] >= 0) close(tp[0]);
	if (tp[1] >= 0) close(tp[1]);
	if (sp[0] >= 0) close(sp[0]);
	if (sp[1] >= 0) close(sp[1]);
	buf_free(&text);
	buf_free(&st);
	return rc;
}

int pdf_extract(const void *data, size_t len, const struct pdf_limits *lim,
                struct pdf_doc *out)
{
	struct pdf_limits def;

	if (!lim) {
		pdf_limits_default(&def);
		lim = &def;
	}
	memset(out, 0, sizeof *out);
	pdf_digest(data, len, out->digest);
	snprintf(out->media_type, sizeof out->media_type, "%s",
	         pdf_media_type(data, len));
	if (len > lim->max_bytes) {
		pdf_fail(out, "larger than %zu bytes (%zu)", lim->max_bytes, len);
		return 0;
	}
	if (strcmp(out->media_type, "application/pdf") != 0) {
		pdf_fail(out, "not a PDF (%s)", out->media_type);
		return 0;
	}
	return pdf_run(data, len, lim, out);
}
