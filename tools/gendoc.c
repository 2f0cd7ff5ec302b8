/*
** gendoc.c — the reports of `govctl generate --documents` (gendoc.h): a
** PDF of a given number of pages of report prose, tables and figures,
** made in memory.  Its text comes from a generator seeded by the corpus's
** seed and the item's number: distinct reports, and the same report for
** the same item whatever else is generated.  The PDF is what a word
** processor writes without images: Helvetica (WinAnsi), one
** Flate-compressed content stream per page, a cross-reference table.
**
** The text of each is extracted by pdf_extract, as govctl document add
** does; that is most of the time, so it runs in worker processes (forked
** before the database is opened, each single-threaded: pdf_extract forks
** its own child), given items round-robin through a pipe and answering
** in the same order; the parent keeps the reports in item order.
*/
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "document.h"
#include "gendoc.h"
#include "govctl.h"
#include "pdf.h"

/* A generator of its own (splitmix64): the corpus's stays untouched. */
static uint64_t gd_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned gd_pick(uint64_t *s, unsigned n)
{
	return (unsigned)(gd_next(s) % n);
}

#define GD_PICK(s, arr) (arr[gd_pick(s, sizeof arr / sizeof arr[0])])

static const char *const gd_sections[] = {
	"Purpose of the report", "Background", "Performance summary",
	"Workforce", "Quality of practice", "Early help and prevention",
	"Children in care", "Care leavers", "Fostering and placements",
	"Partnership working", "Financial implications", "Legal implications",
	"Risk management", "Equalities impact", "Consultation",
	"Next steps",
};

/* Report prose; %d is a figure of the report's own. */
static const char *const gd_sentences[] = {
	"The service has continued to embed the improvement plan agreed by the "
	"Board, with %d of the actions now complete.",
	"Caseloads for social workers in the assessment teams averaged %d "
	"children at the end of the quarter.",
	"The number of children subject to a child protection plan was %d, a "
	"rate broadly in line with statistical neighbours.",
	"Audits of practice found that %d per cent of the cases sampled were "
	"rated good or better.",
	"Agency staff now make up %d per cent of the qualified workforce, down "
	"from the previous year.",
	"The placement sufficiency strategy sets out how %d additional local "
	"foster placements will be found.",
	"Timeliness of initial health assessments remains below target at %d "
	"per cent within twenty working days.",
	"The front door has received %d contacts in the period, of which a "
	"third progressed to a referral.",
	"Young people told the panel that the pathway plans were more useful "
	"when written with them; %d were reviewed.",
	"The budget for children's services is forecast to overspend by %d "
	"thousand pounds, mainly on external placements.",
	"Supervision was recorded within timescale in %d per cent of the "
	"files examined during the audit.",
	"Training on contextual safeguarding was attended by %d practitioners "
	"from across the partnership.",
	"The recruitment campaign attracted %d applications for permanent "
	"posts, and offers have been made to eleven of them.",
	"Return home interviews were offered to children missing from home "
	"or care in %d per cent of episodes.",
	"Partners agreed a revised threshold document, which will be "
	"reviewed again in %d months.",
	"The family group conference service supported %d families, most of "
	"whom avoided the need for care proceedings.",
};

/* Rare in a report, as a grep would look for it: once in some reports. */
static const char *const gd_rare[] = {
	"The Multi-Agency Safeguarding Hub was reviewed by the partnership, "
	"and its triage times fell to %d hours.",
	"The Ofsted monitoring letter of the last visit is summarised in "
	"appendix %d.",
};

static const char *const gd_indicators[] = {
	"Referrals within 12 months of a previous one (%)",
	"Assessments completed within 45 days (%)",
	"Child protection plans lasting 2 years or more (%)",
	"Children in care with 3 or more placements (%)",
	"Care leavers in suitable accommodation (%)",
	"Social worker vacancy rate (%)",
	"Average caseload per social worker",
	"Initial child protection conferences in 15 days (%)",
};

/* Append s to the page's lines, wrapped at width columns; *n counts the
   lines. */
static void gd_wrap(struct buf *lines, int *n, const char *s, size_t width)
{
	while (*s) {
		size_t len = strlen(s), cut = len;

		if (len > width) {
			cut = width;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		buf_add(lines, s, cut);
		buf_putc(lines, '\n');
		(*n)++;
		s += cut;
		while (*s == ' ')
			s++;
	}
}

/* The lines of page k (1-based) of pages, '\n'-terminated; rare (or
   NULL) starts its first paragraph. */
static void gd_page(struct buf *lines, uint64_t *r, const char *title, int k,
                    int pages, const char *rare)
{
	char sentence[256];
	struct buf para = { 0 };
	int n = 0, i, rows;

	buf_printf(lines, "%s\n", title);
	buf_printf(lines, "Report of the Director of Children's Services"
	           "    Page %d of %d\n\n", k, pages);
	n += 3;
	buf_printf(lines, "%d. %s\n\n", k, GD_PICK(r, gd_sections));
	n += 2;
	while (n < 24) {
		buf_reset(&para);
		for (i = 0; i < 3 + (int)gd_pick(r, 3); i++) {
			const char *fmt = rare ? rare : GD_PICK(r, gd_sentences);

			rare = NULL;
			snprintf(sentence, sizeof sentence, fmt, 2 + (int)gd_pick(r, 97));
			if (i)
				buf_putc(&para, ' ');
			buf_puts(&para, sentence);
		}
		gd_wrap(lines, &n, para.data, 84);
		buf_putc(lines, '\n');
		n++;
		if (gd_pick(r, 3) == 0 && n < 18) {
			buf_printf(lines, "%-52s %8s %8s %8s\n", "Indicator", "Target",
			           "Last", "Now");
			rows = 3 + (int)gd_pick(r, 4);
			for (i = 0; i < rows; i++)
				buf_printf(lines, "%-52s %8d %8d %8d\n",
				           GD_PICK(r, gd_indicators),
				           10 + (int)gd_pick(r, 80), 10 + (int)gd_pick(r, 80),
				           10 + (int)gd_pick(r, 80));
			buf_putc(lines, '\n');
			n += rows + 2;
		}
	}
	buf_free(&para);
}

/* A PDF string literal of the line s (n bytes): ( ) and \ escaped. */
static void gd_pdf_string(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_putc(b, '(');
	for (i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
			buf_putc(b, '\\');
		buf_putc(b, s[i]);
	}
	buf_putc(b, ')');
}

/* The content stream of the lines, Flate-compressed into z. */
static int gd_stream(struct buf *z, const struct buf *lines)
{
	struct buf ops = { 0 };
	const char *p = lines->data, *e;
	uLongf zlen;
	int rc = 0;

	buf_puts(&ops, "BT\n/F1 10 Tf\n13 TL\n60 770 Td\n");
	while (p && *p) {
		e = strchr(p, '\n');
		gd_pdf_string(&ops, p, (size_t)(e - p));
		buf_puts(&ops, " Tj T*\n");
		p = e + 1;
	}
	buf_puts(&ops, "ET\n");
	zlen = compressBound(ops.len);
	buf_reset(z);
	if (!buf_ok(&ops)) {
		rc = -ENOMEM;
		goto out;
	}
	{
		unsigned char *dst = malloc(zlen);

		if (!dst) {
			rc = -ENOMEM;
			goto out;
		}
		if (compress2(dst, &zlen, (const unsigned char *)ops.data, ops.len,
		              6) != Z_OK)
			rc = -EIO;
		else
			buf_add(z, dst, zlen);
		free(dst);
	}
out:
	buf_free(&ops);
	return rc;
}

int gendoc_pdf(struct buf *out, const char *title, long seed, long made,
               int pages)
{
	struct buf lines = { 0 }, z = { 0 };
	size_t *off = NULL, xref;
	int nobj = 3 + 2 * pages, i, k, rc = 0, rare_page;
	uint64_t r = (uint64_t)seed * 0x100000001b3ULL ^
	             (uint64_t)made * 0x2545f4914f6cdd1dULL;
	const char *rare;

	/* a third of the reports say one of the rare things, on one page */
	rare_page = gd_pick(&r, 3) == 0 ? 1 + (int)gd_pick(&r, (unsigned)pages)
	                                : 0;
	rare = GD_PICK(&r, gd_rare);

	off = calloc((size_t)nobj + 1, sizeof *off);
	if (!off)
		return -ENOMEM;
	buf_reset(out);
	buf_puts(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	off[1] = out->len;
	buf_puts(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = out->len;
	buf_printf(out, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", pages);
	for (k = 0; k < pages; k++)
		buf_printf(out, "%s%d 0 R", k ? " " : "", 4 + 2 * k);
	buf_puts(out, "] >>\nendobj\n");
	off[3] = out->len;
	buf_puts(out, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont"
	         " /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");
	for (k = 0; k < pages && rc == 0; k++) {
		buf_reset(&lines);
		gd_page(&lines, &r, title, k + 1, pages,
		        k + 1 == rare_page ? rare : NULL);
		rc = gd_stream(&z, &lines);
		if (rc)
			break;
		off[4 + 2 * k] = out->len;
		buf_printf(out, "%d 0 obj\n<< /Type /Page /Parent 2 0 R"
		           " /MediaBox [0 0 595 842] /Resources << /Font <<"
		           " /F1 3 0 R >> >> /Contents %d 0 R >>\nendobj\n",
		           4 + 2 * k, 5 + 2 * k);
		off[5 + 2 * k] = out->len;
		buf_printf(out, "%d 0 obj\n<< /Length %zu /Filter /FlateDecode >>"
		           "\nstream\n", 5 + 2 * k, z.len);
		buf_add(out, z.data, z.len);
		buf_puts(out, "\nendstream\nendobj\n");
	}
	if (rc == 0) {
		xref = out->len;
		buf_printf(out, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
		for (i = 1; i <= nobj; i++)
			buf_printf(out, "%010zu 00000 n \n", off[i]);
		buf_printf(out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n"
		           "%zu\n%%%%EOF\n", nobj + 1, xref);
		if (!buf_ok(out) || !buf_ok(&lines) || !buf_ok(&z))
			rc = -ENOMEM;
	}
	buf_free(&lines);
	buf_free(&z);
	free(off);
	return rc;
}

/* ---- extraction, in workers ------------------------------------------------ */

/* An item for a worker, and what it answers before the PDF's bytes and
   the text. */
struct gd_req {
	long made;
	char title[256];
};

struct gd_res {
	long made;
	int err;                    /* -errno: nothing could be made */
	int ok, pages;
	int64_t ns;                 /* in pdf_extract */
	size_t pdf_len, text_len;
	char digest[65], media_type[64], reason[256];
};

struct gd_worker {
	pid_t pid;
	int req, res;               /* the parent's ends */
};

struct gd_pending {
	int64_t item;
	int worker;
	char url[256];
};

struct gendoc {
	int pages, jobs, next;
	long seed;
	struct gd_worker *w;
	struct gd_pending *q;       /* ring of 2 * jobs: sent, not yet kept */
	int qhead, qn, qcap;
	struct buf pdf, text;
	struct gendoc_stats st;
};

static int64_t gd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int gd_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read n bytes: 1, 0 at end of file before any, -1 otherwise. */
static int gd_read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, c + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 && got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* Make the made-th report into g->pdf and extract it into *d; r says
   how it went.  0 or -errno (r->err too). */
static int gd_make(struct gendoc *g, long made, const char *title,
                   struct gd_res *r, struct pdf_doc *d)
{
	int64_t t0;
	int rc;

	memset(r, 0, sizeof *r);
	r->made = made;
	rc = gendoc_pdf(&g->pdf, title, g->seed, made, g->pages);
	if (rc == 0) {
		t0 = gd_now_ns();
		rc = pdf_extract(g->pdf.data, g->pdf.len, NULL, d);
		r->ns = gd_now_ns() - t0;
	}
	r->err = rc;
	if (rc)
		return rc;
	r->ok = d->ok;
	r->pages = d->pages;
	r->pdf_len = g->pdf.len;
	r->text_len = d->ok ? d->text_len : 0;
	memcpy(r->digest, d->digest, sizeof r->digest);
	memcpy(r->media_type, d->media_type, sizeof r->media_type);
	memcpy(r->reason, d->reason, sizeof r->reason);
	return 0;
}

/* A worker: items from in, answers to out, until in ends. */
static void gd_worker(struct gendoc *g, int in, int out)
    __attribute__((noreturn));
static void gd_worker(struct gendoc *g, int in, int out)
{
	struct gd_req rq;
	struct gd_res r;
	struct pdf_doc d;
	int rc;

	while ((rc = gd_read_all(in, &rq, sizeof rq)) == 1) {
		memset(&d, 0, sizeof d);
		rq.title[sizeof rq.title - 1] = '\0';
		gd_make(g, rq.made, rq.title, &r, &d);
		if (gd_write_all(out, &r, sizeof r) < 0 ||
		    (r.err == 0 && gd_write_all(out, g->pdf.data, r.pdf_len) < 0) ||
		    (r.text_len && gd_write_all(out, d.text, r.text_len) < 0))
			_exit(1);
		pdf_doc_free(&d);
	}
	_exit(rc == 0 ? 0 : 1);
}

int gendoc_start(struct gendoc **out, int pages, int jobs, long seed)
{
	struct gendoc *g = calloc(1, sizeof *g);
	int i, j, req[2], res[2];

	*out = g;
	if (!g)
		return -ENOMEM;
	g->pages = pages;
	g->seed = seed;
	g->jobs = jobs > 1 ? jobs : 1;
	g->st.jobs = g->jobs;
	if (g->jobs == 1)
		return 0;
	g->w = calloc((size_t)g->jobs, sizeof *g->w);
	g->qcap = 2 * g->jobs;
	g->q = calloc((size_t)g->qcap, sizeof *g->q);
	if (!g->w || !g->q)
		return -ENOMEM;
	for (i = 0; i < g->jobs; i++)
		g->w[i].req = g->w[i].res = -1;
	for (i = 0; i < g->jobs; i++) {
		if (pipe(req) < 0)
			return -errno;
		if (pipe(res) < 0) {
			close(req[0]);
			close(req[1]);
			return -errno;
		}
		fflush(NULL);
		g->w[i].pid = fork();
		if (g->w[i].pid < 0) {
			g->w[i].pid = 0;
			close(req[0]); close(req[1]); close(res[0]); close(res[1]);
			return -errno;
		}
		if (g->w[i].pid == 0) {
			/* the other workers' pipes would keep them from
			   seeing the end of their input */
			for (j = 0; j < i; j++) {
				close(g->w[j].req);
				close(g->w[j].res);
			}
			close(req[1]);
			close(res[0]);
			gd_worker(g, req[0], res[1]);
		}
		close(req[0]);
		close(res[1]);
		g->w[i].req = req[1];
		g->w[i].res = res[0];
	}
	/* a worker gone: writes to it fail (EPIPE), not kill us */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* Keep what r says of g->pdf and text, attach it to item with url. */
static int gd_keep(struct gendoc *g, store *s, const struct gd_res *r,
                   const char *text, int64_t item, const char *url)
{
	struct docfile_rec f = { 0 };
	int rc;

	g->st.made++;
	g->st.pages += r->pages;
	g->st.extract_ns += r->ns;
	if (!r->ok) {
		g->st.failed++;
		fprintf(stderr, "govctl: generate: report %ld: no text: %s\n",
		        r->made, r->reason);
	}
	f.digest = r->digest;
	f.bytes = g->pdf.data;
	f.size = r->pdf_len;
	f.media_type = r->media_type;
	f.ok = r->ok;
	f.pages = r->pages;
	f.text = r->ok ? text : NULL;
	f.text_len = r->ok ? r->text_len : 0;
	f.reason = r->reason;
	rc = store_docfile_put(s, &f);
	if (rc == 0)
		rc = store_document_attach(s, item, NULL, url, r->digest, NULL);
	return rc ? govctl_fail(s, rc) : 0;
}

/* Keep the oldest report sent to a worker.  0 or an exit status. */
static int gd_collect(struct gendoc *g, store *s)
{
	struct gd_pending *p = &g->q[g->qhead];
	struct gd_worker *w = &g->w[p->worker];
	struct gd_res r;
	int rc;

	if (gd_read_all(w->res, &r, sizeof r) != 1)
		goto lost;
	if (r.err) {
		fprintf(stderr, "govctl: generate: report %ld: %s\n", r.made,
		        strerror(-r.err));
		return EX_OSERR;
	}
	buf_reset(&g->pdf);
	buf_reset(&g->text);
	if (r.pdf_len > PDF_MAX_BYTES || r.text_len > PDF_MAX_TEXT)
		goto lost;
	{
		char *tmp = malloc(r.pdf_len + r.text_len + 1);

		if (!tmp)
			return EX_OSERR;
		if (gd_read_all(w->res, tmp, r.pdf_len + r.text_len) != 1) {
			free(tmp);
			goto lost;
		}
		buf_add(&g->pdf, tmp, r.pdf_len);
		buf_add(&g->text, tmp + r.pdf_len, r.text_len);
		buf_putc(&g->text, '\0');
		free(tmp);
	}
	if (!buf_ok(&g->pdf) || !buf_ok(&g->text))
		return EX_OSERR;
	rc = gd_keep(g, s, &r, g->text.data, p->item, p->url);
	g->qhead = (g->qhead + 1) % g->qcap;
	g->qn--;
	return rc;
lost:
	fprintf(stderr, "govctl: generate: a report's worker (pid %d) stopped\n",
	        (int)w->pid);
	return EX_SOFTWARE;
}

int gendoc_add(struct gendoc *g, store *s, long made, const char *title,
               int64_t item, const char *url)
{
	struct gd_pending *p;
	struct gd_req rq = { 0 };
	struct gd_res r;
	struct pdf_doc d = { 0 };
	int rc;

	if (g->jobs == 1) {
		rc = gd_make(g, made, title, &r, &d);
		if (rc) {
			fprintf(stderr, "govctl: generate: report %ld: %s\n", made,
			        strerror(-rc));
			return EX_OSERR;
		}
		rc = gd_keep(g, s, &r, d.text, item, url);
		pdf_doc_free(&d);
		return rc;
	}
	if (g->qn == g->qcap && (rc = gd_collect(g, s)) != 0)
		return rc;
	p = &g->q[(g->qhead + g->qn) % g->qcap];
	p->item = item;
	p->worker = g->next;
	snprintf(p->url, sizeof p->url, "%s", url);
	rq.made = made;
	snprintf(rq.title, sizeof rq.title, "%s", title);
	if (gd_write_all(g->w[g->next].req, &rq, sizeof rq) < 0) {
		fprintf(stderr, "govctl: generate: a report's worker (pid %d)"
		        " stopped\n", (int)g->w[g->next].pid);
		return EX_SOFTWARE;
	}
	g->qn++;
	g->next = (g->next + 1) % g->jobs;
	return 0;
}

int gendoc_finish(struct gendoc *g, store *s)
{
	int rc;

	while (g->qn)
		if ((rc = gd_collect(g, s)) != 0)
			return rc;
	return 0;
}

int gendoc_write(struct gendoc *g, long made, const char *title,
                 const char *dir)
{
	char path[4096];
	FILE *f;
	int rc;

	rc = gendoc_pdf(&g->pdf, title, g->seed, made, g->pages);
	if (rc) {
		fprintf(stderr, "govctl: generate: %s\n", strerror(-rc));
		return EX_OSERR;
	}
	snprintf(path, sizeof path, "%s/%08ld.pdf", dir, made);
	f = fopen(path, "wb");
	if (f && fwrite(g->pdf.data, 1, g->pdf.len, f) != g->pdf.len) {
		fclose(f);
		f = NULL;
	}
	if (!f || fclose(f) != 0) {
		fprintf(stderr, "govctl: %s: %s\n", path, strerror(errno));
		return EX_IOERR;
	}
	g->st.made++;
	return 0;
}

void gendoc_stats(const struct gendoc *g, struct gendoc_stats *st)
{
	*st = g->st;
}

void gendoc_end(struct gendoc *g)
{
	int i;

	if (!g)
		return;
	for (i = 0; g->w && i < g->jobs; i++) {
		if (g->w[i].req >= 0)
			close(g->w[i].req);
		if (g->w[i].res >= 0)
			close(g->w[i].res);
	}
	for (i = 0; g->w && i < g->jobs; i++)
		if (g->w[i].pid > 0)
			while (waitpid(g->w[i].pid, NULL, 0) < 0 && errno == EINTR)
				;
	free(g->w);
	free(g->q);
	buf_free(&g->pdf);
	buf_free(&g->text);
	free(g);
}
