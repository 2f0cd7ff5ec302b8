/*
** generate.c — `govctl generate`: a deterministic corpus of realistic
** minutes for benchmarks and tests.  Pages are written as ModernGov
** "Issue - meetings" text, recombined from the phrasing of the bundled
** sample minutes, then parsed and imported exactly as `govctl import`
** would; actions are moved through their statuses with dated history.
*/
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "gendoc.h"
#include "govctl.h"
#include "minutes.h"
#include "pdf.h"
#include "store.h"
#include "write.h"

/* ---- a small deterministic generator (xorshift64*) ------------------------ */

static uint64_t gen_state;

static uint64_t gen_next(void)
{
	gen_state ^= gen_state >> 12;
	gen_state ^= gen_state << 25;
	gen_state ^= gen_state >> 27;
	return gen_state * 2685821657736338717ULL;
}

/* A number in [0, n). */
static unsigned gen_pick(unsigned n)
{
	return (unsigned)(gen_next() % n);
}

#define PICK(arr) (arr[gen_pick(sizeof arr / sizeof arr[0])])

/* ---- word banks, from the sample minutes ------------------------------------ */

static const char *const gen_places[] = {
	"Northshire", "Eastbrook", "Westmoor", "Southvale", "Kingsford",
	"Ashbury", "Brackenfield", "Castleton", "Deansgate", "Elmstead",
	"Fairhaven", "Greenholme", "Hartwell", "Ironbridge", "Juniper Vale",
	"Kirkby Moor", "Longridge", "Marlow Heath", "Newhaven", "Oakhampton",
	"Pendle Cross", "Queensbury", "Redcliffe", "Stanmore", "Thornbury",
	"Upton Park", "Valewood", "Whitby Marsh", "Yardley", "Zetland",
};

static const char *const gen_council_kinds[] = {
	"County Council", "Borough Council", "City Council", "Council",
	"Metropolitan Borough Council",
};

static const struct { const char *name, *kind; } gen_boards[] = {
	{ "Cabinet", "cabinet" },
	{ "Children's Services Scrutiny Panel", "scrutiny" },
	{ "Children's Improvement Board", "improvement board" },
	{ "Corporate Parenting Panel", "panel" },
	{ "Children and Young People Scrutiny Committee", "scrutiny" },
};

static const char *const gen_titles[] = {
	"Children's Services Improvement Update",
	"Children's Improvement Plan - Update",
	"Ofsted Monitoring Visit",
	"Improvement Plan Update",
	"Recruitment and Retention of Social Workers",
	"Foster Carer Recruitment and Support",
	"Multi-Agency Safeguarding Hub (MASH)",
	"Early Help Offer",
	"Care Leavers Local Offer",
	"Performance and Finance Sub-Group Report",
	"Annual Complaints Report",
	"Child Sexual Exploitation",
	"Quality Assurance Framework",
	"Placement Sufficiency Strategy",
	"Edge of Care Services",
	"Corporate Parenting Annual Report",
	"Workforce Development Plan",
	"Family Safeguarding Model",
	"Budget Monitoring - Children's Services",
	"Joint Delivery Plan",
};

static const char *const gen_subtitles[] = {
	"Report of the Director of Children's Services",
	"Briefing Note of the Deputy Chief Executive (People)",
	"Reports Attached",
	"Scrutiny of Services and Budgets",
};

static const char *const gen_sentences[] = {
	"The Interim Director of Children's Services introduced a report that "
	"updated members on the improvement activities in children's services.",
	"The percentage of permanent staff had increased from 48% to 54% in the "
	"year and further targeted recruitment campaigns were planned.",
	"Measures to support quality included a number of audit activities "
	"which had informed a detailed action plan.",
	"Partnership arrangements had been reshaped and work was underway to "
	"establish a fully operational Multi-Agency Safeguarding Hub (MASH).",
	"The recruitment and payments to foster carers was highlighted as a "
	"long standing issue.",
	"It was recognised that the Council needed to be more innovative in its "
	"approach to recruit and support foster carers.",
	"Ofsted had noted that the correct areas were being prioritised.",
	"The number of Looked After Children remained relatively stable.",
	"An annual Complaints Report was compiled; the number of complaints had "
	"risen, which was welcomed as a sign of openness.",
	"Members were assured that team managers were looking to reduce "
	"caseloads.",
	"The Board questioned the Cabinet Member and officers present on "
	"sickness absence and critical performance indicators.",
	"Officers responded that they were monitoring the sickness absence and "
	"looking at ways to support staff through career pathways.",
	"The Board commented on the need for strategic leadership in delivering "
	"the Children's Improvement Plan.",
	"Officers commented that retaining staff was a key issue, and that a "
	"number of options were being explored.",
	"The Chairman informed the Board that there would be independent "
	"training provided for Members.",
	"Discussion took place around audit findings on multi agency working.",
	"The self-assessment was an important preparation for the next "
	"inspection of children's services.",
	"The next visit would focus on care leavers and the front door service.",
};

static const char *const gen_bullets[] = {
	"Quality assurance and performance", "Systems and support for workers",
	"Leadership", "Workforce", "Early help offers", "Family safeguarding",
	"Adolescent and edge of care offer", "Fostering",
	"Support for care experienced adults",
};

static const char *const gen_first[] = {
	"Caroline", "Dorothy", "Keith", "Margaret", "Ken", "Yvonna", "Ramon",
	"Ernest", "Fiona", "Jeanette", "Amrit", "Bola", "Catherine", "David",
	"Elaine", "Farah", "Gareth", "Helen", "Imran", "Joanne",
};

static const char *const gen_last[] = {
	"Budden", "Ross-Tomlin", "Witham", "Hicks", "Gulati", "Lay", "Gray",
	"Mallet", "White", "Richards", "Singh", "Adeyemi", "Bernstein", "Clarke",
	"Dawson", "Evans", "Fraser", "Hughes", "Khan", "Morgan",
};

static const char *const gen_roles[] = {
	"Director of Children's Services", "Deputy Director for Children",
	"Head of Safeguarding", "Cabinet Member for Children and Young People",
	"Principal Social Worker", "Head of Early Help",
};

/* Resolution phrasings: doing-words make actions, the rest do not. */
static const char *const gen_res_action[] = {
	"That the annual Complaints Report be circulated to members.",
	"That officers clarify the arrangements for sharing information with "
	"partner agencies.",
	"That the Board receives an update on the recruitment of social "
	"workers.",
	"That the item on fostering and adoption be moved to %s.",
	"That an item on the Ofsted monitoring visit be taken on %s.",
	"That officers report back on placement sufficiency by %s.",
};

static const char *const gen_res_noted[] = {
	"That the report be noted.",
	"That the progress being made in improving services be noted.",
	"That the new Single Improvement Plan be endorsed.",
	"That the update be noted and welcomed.",
};

static const char *const gen_headings[] = {
	"Resolved \xe2\x80\x93", "RESOLVED:", "It was agreed:",
	"Recommendations:", "Decision:",
};

static const char *const gen_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static const char *const gen_owners[] = {
	"Director of Children's Services", "Head of Safeguarding", "Clerk",
	"Head of Early Help", "Scrutiny Officer",
};

static const char *const gen_rags[] = { "red", "amber", "green", "blue" };

/* ---- one page ------------------------------------------------------------------ */

/* A resolution label in style st for the i-th (0-based) resolution. */
static void gen_label(char *out, size_t n, int st, int i)
{
	static const char *const roman[] = { "i", "ii", "iii", "iv", "v" };

	switch (st) {
	case 0: snprintf(out, n, "(%c)", 'a' + i); break;
	case 1: snprintf(out, n, "%d.", i + 1); break;
	case 2: snprintf(out, n, "(%d)", i + 1); break;
	case 3: snprintf(out, n, "%d)", i + 1); break;
	case 4: snprintf(out, n, "(%s)", roman[i % 5]); break;
	default: snprintf(out, n, "%c.", 'a' + i); break;
	}
}

/* A date after the meeting, as minutes print it: "15th March 2017". */
static void gen_future(char *out, size_t n, const struct tm *meeting)
{
	struct tm t = *meeting;
	int d;

	t.tm_mday += 28 + (int)gen_pick(90);
	timegm(&t);
	d = t.tm_mday;
	snprintf(out, n, "%d%s %s %d", d, d % 10 == 1 && d != 11 ? "st" :
	         d % 10 == 2 && d != 12 ? "nd" : d % 10 == 3 && d != 13 ? "rd" :
	         "th", gen_months[t.tm_mon], t.tm_year + 1900);
}

/* The URL of the report of the made-th item (--documents). */
static void gen_doc_url(char *out, size_t n, long made)
{
	snprintf(out, n, "https://democracy.example.gov.uk/documents/g%ld/"
	         "report.pdf", made);
}

/* Write a whole "Issue - meetings" page for item number num of the
   meeting on day tm of the board named board.  docref > 0 (--documents):
   the page links a report of its own, gen_doc_url(docref); the minutes
   are those of the same corpus without reports. */
static void gen_page(struct buf *b, const char *board, const struct tm *tm,
                     int num, int *title_idx, long docref)
{
	char date[16], label[16], when[40], url[128];
	int i, n, st, nres, act, link, kb;
	unsigned sn;

	*title_idx = (int)gen_pick(sizeof gen_titles / sizeof gen_titles[0]);
	strftime(date, sizeof date, "%d/%m/%Y", tm);
	buf_printf(b, "Issue - meetings\n\n%s\n\n", gen_titles[*title_idx]);
	buf_printf(b, "Meeting: %s - %s (Item %d)\n\n", date, board, num);
	if (gen_pick(3) == 0)
		buf_printf(b, "%s\n\n", PICK(gen_subtitles));
	buf_puts(b, "Minutes:\n\n");
	if (gen_pick(4) == 0)
		buf_printf(b, "Witnesses:\n\n%s %s, %s\n\n", PICK(gen_first),
		           PICK(gen_last), PICK(gen_roles));
	if (gen_pick(6) == 0)
		buf_printf(b, "[%s %s arrived at 10.%02d am]\n\n", PICK(gen_first),
		           PICK(gen_last), 5 + (int)gen_pick(50));
	n = 2 + (int)gen_pick(4);
	for (i = 0; i < n; i++)
		buf_printf(b, "%s %s\n\n", PICK(gen_sentences), PICK(gen_sentences));
	if (gen_pick(2) == 0) {
		const char *bullet = gen_pick(2) ? "\xc2\xb7" : "-";

		buf_puts(b, "Key points covered were:\n\n");
		for (i = 0; i < 3; i++)
			buf_printf(b, "%s  %s\n", bullet, PICK(gen_bullets));
		buf_putc(b, '\n');
	}
	buf_printf(b, "%s\n\n", PICK(gen_headings));
	st = (int)gen_pick(6);
	nres = 1 + (int)gen_pick(4);
	for (i = 0; i < nres; i++) {
		act = gen_pick(2) == 0;
		gen_label(label, sizeof label, st, i);
		if (act) {
			gen_future(when, sizeof when, tm);
			buf_printf(b, "%s  ", label);
			buf_printf(b, PICK(gen_res_action), when);
			buf_puts(b, "\n\n");
		} else {
			buf_printf(b, "%s  %s\n\n", label, PICK(gen_res_noted));
		}
	}
	buf_puts(b, "Supporting documents:\n\n");
	link = gen_pick(2) == 0;
	if (!link && !docref)
		return;
	kb = link ? 100 + (int)gen_pick(900) : 100 + (int)(docref % 900);
	sn = link ? (unsigned)gen_pick(900000) + 1000 : 0;
	if (docref)
		gen_doc_url(url, sizeof url, docref);
	else
		snprintf(url, sizeof url, "https://democracy.example.gov.uk/"
		         "documents/s%u/report.pdf", sn);
	buf_printf(b, "Report, item %d PDF %d KB %s\n", num, kb, url);
}

/* ---- the command ------------------------------------------------------------------ */

static const char usage_generate[] =
"usage: govctl generate [--items N] [--councils N] [--seed S]\n"
"                       [--documents PAGES [--jobs N]] [--pages DIR]\n"
"Fill the database with a realistic, deterministic corpus: N items\n"
"(default 1000) of minutes in meetings of the boards of the councils\n"
"(default N/2000, at least 1), with resolutions, actions in every status\n"
"with history, people and plans.  --documents PAGES: each item also\n"
"links a report of its own, a PDF of PAGES pages (1 to 2000) of report\n"
"prose and tables, its text extracted as govctl document add does (in\n"
"--jobs N processes, default one per processor) and kept with it.\n"
"--pages DIR writes the pages as text files instead (for timing govctl\n"
"import), with --documents the reports as DIR/NNNNNNNN.pdf, and the\n"
"board list to DIR/boards.tsv; nothing is written to the database.\n";

struct gen_board { int64_t id; char name[256]; char slug[96]; int council; };

int cmd_generate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "items", required_argument, NULL, 'n' },
		{ "councils", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "pages", required_argument, NULL, 'p' },
		{ "documents", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long items = 1000, councils = 0, made = 0, seed = 1;
	const char *pages = NULL;
	struct gen_board *boards = NULL;
	struct buf page = { 0 }, path = { 0 };
	struct gendoc *gd = NULL;
	struct gendoc_stats gst;
	int doc_pages = 0, jobs = 0;
	int64_t *plans = NULL;
	size_t nboards, bi;
	store *s = NULL;
	FILE *tsv = NULL;
	int c, rc = 0, title;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': items = govctl_int("generate", "--items", optarg, 1,
		                             100000000); break;
		case 'c': councils = govctl_int("generate", "--councils",
		                                optarg, 1, 100000); break;
		case 's': seed = govctl_int("generate", "--seed", optarg, 0,
		                            2000000000); break;
		case 'p': pages = optarg; break;
		case 'd': doc_pages = govctl_int("generate", "--documents",
		                                 optarg, 1, PDF_MAX_PAGES); break;
		case 'j': jobs = govctl_int("generate", "--jobs", optarg, 1, 64);
			break;
		case 'h': fputs(usage_generate, stdout); return EX_OK;
		default: govctl_bad_option("generate", argv);
		}
	}
	if (optind != argc)
		govctl_usage("generate", "no arguments expected");
	if (!councils)
		councils = items / 2000 > 0 ? items / 2000 : 1;
	gen_state = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seed * 0x100000001b3ULL);
	if (!gen_state)
		gen_state = 1;
	nboards = (size_t)councils * 5;
	boards = calloc(nboards, sizeof *boards);
	plans = calloc((size_t)councils, sizeof *plans);
	if (!boards || !plans) {
		rc = EX_OSERR;
		goto out;
	}
	if (doc_pages) {
		/* the workers, before the database is opened */
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		if (!jobs)
			jobs = n > 1 ? (n > 64 ? 64 : (int)n) : 1;
		rc = gendoc_start(&gd, doc_pages, pages ? 1 : jobs, seed);
		if (rc) {
			fprintf(stderr, "govctl: generate: %s\n", strerror(-rc));
			rc = EX_OSERR;
			goto out;
		}
	}
	if (pages) {
		if (mkdir(pages, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "govctl: %s: %s\n", pages, strerror(errno));
			rc = EX_CANTCREAT;
			goto out;
		}
		buf_printf(&path, "%s/boards.tsv", pages);
		tsv = fopen(path.data, "w");
		if (!tsv) {
			fprintf(stderr, "govctl: %s: %s\n", path.data,
			        strerror(errno));
			rc = EX_CANTCREAT;
			goto out;
		}
	} else {
		s = govctl_open(STORE_RDWR);
		rc = store_begin(s);
		if (rc)
			goto fail;
	}
	/* Councils and their boards. */
	for (bi = 0; bi < nboards; bi++) {
		struct gen_board *g = &boards[bi];
		long k = (long)(bi / 5);
		char council[160], cslug[24];
		struct board_rec br = { 0 };

		g->council = (int)k;
		snprintf(council, sizeof council, "%s %s%s",
		         gen_places[k % 30], gen_council_kinds[(k / 30) % 5],
		         k >= 150 ? "" : "");
		if (k >= 150)
			snprintf(council, sizeof council, "%s %s %ld",
			         gen_places[k % 30], gen_council_kinds[(k / 30) % 5],
			         k / 150 + 1);
		snprintf(cslug, sizeof cslug, "c%ld", k + 1);
		snprintf(g->name, sizeof g->name, "%s (%s)", gen_boards[bi % 5].name,
		         council);
		snprintf(g->slug, sizeof g->slug, "%s-%s", cslug,
		         bi % 5 == 0 ? "cabinet" : bi % 5 == 1 ? "scrutiny-panel" :
		         bi % 5 == 2 ? "improvement-board" : bi % 5 == 3 ?
		         "corporate-parenting" : "cyp-scrutiny");
		if (tsv) {
			fprintf(tsv, "%s\t%s\t%s\t%s\n", g->slug, g->name, council,
			        gen_boards[bi % 5].kind);
			continue;
		}
		br.slug = g->slug;
		br.name = g->name;
		br.council = council;
		br.kind = gen_boards[bi % 5].kind;
		rc = store_board_add(s, &br, &g->id);
		if (rc)
			goto fail;
		if (bi % 5 == 0) {
			char pslug[64], pname[256];

			snprintf(pslug, sizeof pslug, "%s-improvement-plan", cslug);
			snprintf(pname, sizeof pname, "%s Children's Improvement Plan",
			         council);
			rc = store_plan_add(s, pslug, pname, "2012-2030",
			                    "Workforce; quality of practice; "
			                    "leadership; partnership", &plans[k]);
			if (rc)
				goto fail;
		}
	}
	/* Meetings round the boards, each with 5 to 12 items, in date order. */
	for (long m = 0; made < items; m++) {
		struct gen_board *g = &boards[(size_t)m % nboards];
		long round = m / (long)nboards;
		struct tm tm = { .tm_year = 112, .tm_mon = 0,
		                 .tm_mday = 1 + (int)(round * 35) +
		                            (int)((size_t)m % nboards % 28) };
		int nitems = 5 + (int)gen_pick(8), i;

		timegm(&tm);
		for (i = 1; i <= nitems && made < items; i++, made++) {
			struct minutes_page p = { 0 };
			struct import_place w = { 0 };
			char *err = NULL, name[64];
			int64_t item;

			buf_reset(&page);
			gen_page(&page, g->name, &tm, i, &title,
			         doc_pages ? made + 1 : 0);
			snprintf(name, sizeof name, "generated-%ld.txt", made + 1);
			if (pages) {
				FILE *f;

				buf_reset(&path);
				buf_printf(&path, "%s/%08ld.txt", pages, made + 1);
				f = fopen(path.data, "w");
				if (!f || fwrite(page.data, 1, page.len, f) != page.len) {
					fprintf(stderr, "govctl: %s: %s\n", path.data,
					        strerror(errno));
					if (f)
						fclose(f);
					rc = EX_IOERR;
					goto out;
				}
				fclose(f);
				if (gd) {
					rc = gendoc_write(gd, made + 1, gen_titles[title],
					                  pages);
					if (rc)
						goto out;
				}
				continue;
			}
			if (minutes_parse(page.data, page.len, name, &p, &err) != 0) {
				fprintf(stderr, "govctl: generated page does not "
				        "parse: %s\n", err);
				free(err);
				rc = EX_SOFTWARE;
				goto out;
			}
			w.board = g->slug;
			rc = store_import_page(s, &p, &w, name, 0, &item);
			minutes_free(&p);
			if (rc < 0)
				goto fail;
			rc = 0;
			if (title <= 3 && plans[g->council])
				rc = store_plan_item_add(s, plans[g->council], item);
			if (rc)
				goto fail;
			if (gd) {
				char url[128];

				gen_doc_url(url, sizeof url, made + 1);
				rc = gendoc_add(gd, s, made + 1, gen_titles[title],
				                item, url);
				if (rc) {
					store_rollback(s);
					goto out;
				}
			}
		}
		if (!pages && isatty(2) && m % 64 == 0)
			fprintf(stderr, "\rgenerating %ld/%ld", made, items);
	}
	if (gd && !pages && (rc = gendoc_finish(gd, s)) != 0) {
		store_rollback(s);
		goto out;
	}
	if (!pages) {
		/* Move actions through their statuses, with history. */
		struct action_change ch;
		int64_t a;

		for (a = 1;; a++) {
			memset(&ch, 0, sizeof ch);
			ch.progress = -1;
			switch (gen_pick(6)) {
			case 0: ch.status = "done"; ch.progress = 100;
				ch.note = "Completed and reported to the board"; break;
			case 1: ch.status = "in_progress";
				ch.progress = 10 * (int)gen_pick(10);
				ch.note = "Update received"; break;
			case 2: ch.status = gen_pick(2) ? "deferred" : "dropped";
				break;
			default: break;
			}
			ch.owner = PICK(gen_owners);
			ch.rag = PICK(gen_rags);
			rc = store_action_set(s, a, &ch);
			if (rc == -ENOENT) {
				rc = 0;
				break;
			}
			if (rc)
				goto fail;
		}
		rc = store_commit(s);
		if (rc)
			goto fail;
		if (isatty(2))
			fputc('\n', stderr);
	}
	printf("generated %ld items in %zu boards of %ld councils%s%s\n", made,
	       nboards, councils, pages ? " as pages in " : "",
	       pages ? pages : "");
	if (gd && !pages) {
		gendoc_stats(gd, &gst);
		printf("generated %ld reports of %d pages: %lld pages extracted"
		       " in %.3f s by %d processes (%.0f pages/s each), %ld"
		       " without text\n", gst.made, doc_pages, gst.pages,
		       gst.extract_ns / 1e9, gst.jobs, gst.extract_ns ?
		       gst.pages * 1e9 / gst.extract_ns : 0.0, gst.failed);
	} else if (gd) {
		gendoc_stats(gd, &gst);
		printf("generated %ld reports of %d pages as PDF files in %s\n",
		       gst.made, doc_pages, pages);
	}
	goto out;
fail:
	rc = govctl_fail(s, rc);
	store_rollback(s);
out:
	if (tsv)
		fclose(tsv);
	store_close(s);
	buf_free(&page);
	buf_free(&path);
	gendoc_end(gd);
	free(boards);
	free(plans);
	return rc;
}
