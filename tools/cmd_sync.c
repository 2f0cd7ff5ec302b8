/*
** cmd_sync.c — govctl sync: follow a council's ModernGov site (the work
** is import/sync.c's; here the options, the progress line and the
** summary).
*/
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "govctl.h"
#include "store.h"
#include "sync.h"
#include "write.h"

static const char usage_sync[] =
"usage: govctl sync [URL] [--council NAME] [--committee ID|NAME]...\n"
"                   [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
"                   [--documents | --documents-only] [--max-document MIB]\n"
"                   [--document-host HOST]...\n"
"                   [--delay SECONDS] [--timeout SECONDS] [--cacert FILE]\n"
"                   [--json]\n"
"Fetch a council's committees, meetings and minutes from its ModernGov\n"
"web service and import them; the council is then followed, and\n"
"'govctl sync' with no URL syncs every council followed.  URL is the\n"
"site in any form: a host, a host and path, http or https, or the\n"
"service itself (.../mgWebService.asmx).\n"
"  --council NAME     the council's name (default: from the host;\n"
"                     remembered for the URL)\n"
"  --committee ID|NAME  only this committee (by ModernGov id or title);\n"
"                     repeat for more\n"
"  --from DATE        meetings from DATE (default: a year ago)\n"
"  --to DATE          meetings up to DATE (default: six months ahead)\n"
"  --documents        also download the supporting documents the\n"
"                     council's items link to, and extract their text\n"
"  --documents-only   only that, for councils already followed (no\n"
"                     request to the web service)\n"
"  --max-document MIB a document larger than this is not downloaded\n"
"                     (default and most: 64)\n"
"  --document-host HOST  also download documents from HOST and its\n"
"                     subdomains (default: only the site's host and its\n"
"                     subdomains; '*': any host); repeat for more\n"
"  --delay SECONDS    at least this long between requests (default 1)\n"
"  --timeout SECONDS  for one request, all of it (default 60)\n"
"  --cacert FILE      trust the certificates (PEM) in FILE for https\n"
"                     instead of the system's (default: $CURL_CA_BUNDLE\n"
"                     if set); a certificate not trusted is a failure\n"
"  --json             print the summary as JSON\n"
"Each answer is imported in its own transaction.  Unchanged answers\n"
"(304, or the same body) are not imported again; a meeting whose minutes\n"
"are in is not asked for again, one without them is until 120 days after\n"
"it.  Exit 0 when all went well; 69 (EX_UNAVAILABLE) when an answer\n"
"could not be had or was refused, after doing the rest.\n"
"A site that does not offer the councillors (GetCouncillorsByWard: an\n"
"error status or page, or none listed) is said once, recorded and asked\n"
"again every 30 days; it is no failure.  A meeting the site no longer\n"
"lists is kept, its status marked \"withdrawn from the site on DATE\",\n"
"said once and counted as withdrawn.\n"
"A failed request is tried 3 more times, after 1, 2 and 4 seconds\n"
"($GOVCTL_SYNC_BACKOFF: the first wait) or as Retry-After says.\n"
"Documents: each one not yet had, or that failed before, is downloaded\n"
"and kept in its own transaction with its text (30 s at most per\n"
"document: $GOVCTL_EXTRACT_SECONDS); one kept is asked for again\n"
"only conditionally (ETag, Last-Modified) while its meeting is under\n"
"120 days old.  An HTML page, an answer over the limit or an error is\n"
"recorded with its reason (documents.txt: Fetch failed) and tried\n"
"again next sync: exit 69 after doing the rest.  A PDF whose text\n"
"cannot be extracted is kept with the reason (a warning).  A document\n"
"on another host is not downloaded: recorded with the reason, counted\n"
"as skipped, a warning the first time; it is no failure.\n";

struct sync_ui {
	int tty;                       /* progress on stderr */
	int shown;                     /* a progress line is on screen */
};

static void sync_ui_clear(struct sync_ui *u)
{
	if (u->shown)
		fputs("\r\033[K", stderr);
	u->shown = 0;
}

static void sync_ui_progress(void *ctx, const struct sync_progress *p)
{
	struct sync_ui *u = ctx;

	if (!u->tty)
		return;
	if (p->documents)
		fprintf(stderr, "\r\033[K%s: document %d/%d; %ld requests, "
		        "%lld KiB", p->council, p->document, p->documents,
		        p->net ? p->net->requests : 0L,
		        p->net ? p->net->bytes / 1024 : 0LL);
	else
		fprintf(stderr, "\r\033[K%s: committee %d/%d, meeting %d/%d; "
		        "%ld requests, %lld KiB", p->council, p->committee,
		        p->committees, p->meeting, p->meetings,
		        p->net ? p->net->requests : 0L,
		        p->net ? p->net->bytes / 1024 : 0LL);
	u->shown = 1;
}

static void sync_ui_report(void *ctx, const char *msg)
{
	sync_ui_clear(ctx);
	fprintf(stderr, "govctl: %s\n", msg);
}

/* Seconds in [0, max] or a usage error. */
static double sync_seconds(const char *opt, const char *v, double max)
{
	char *end, msg[96];
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(d) || d < 0 || d > max) {
		snprintf(msg, sizeof msg, "%s expects seconds, 0 to %g", opt,
		         max);
		govctl_usage("sync", msg);
	}
	return d;
}

/* --max-document: whole MiB in [1, 64], as bytes, or a usage error. */
static size_t sync_mib(const char *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 1 ||
	    n > (long)(FETCH_DOC_MAX_BYTES >> 20))
		govctl_usage("sync", "--max-document expects MiB, 1 to 64");
	return (size_t)n << 20;
}

int cmd_sync(int argc, char **argv)
{
	VERB_OPTS({ "council", required_argument, NULL, 'c' },
	          { "committee", required_argument, NULL, 'm' },
	          { "from", required_argument, NULL, 'f' },
	          { "to", required_argument, NULL, 't' },
	          { "delay", required_argument, NULL, 'd' },
	          { "timeout", required_argument, NULL, 'T' },
	          { "json", no_argument, NULL, 'j' },
	          { "documents", no_argument, NULL, 'D' },
	          { "documents-only", no_argument, NULL, 'O' },
	          { "max-document", required_argument, NULL, 'M' },
	          { "cacert", required_argument, NULL, 'C' },
	          { "document-host", required_argument, NULL, 'H' },);
	struct sync_opts o = { 0 };
	struct sync_summary sum = { 0 };
	struct sync_ui ui = { 0 };
	const char **cms = NULL, **hosts = NULL, **v;
	int c, json = 0, rc;
	store *s;

	o.fetch.delay = 1;
	o.fetch.timeout = 60;
	o.fetch.retries = 3;
	o.fetch.backoff = 1;
	if (getenv("GOVCTL_SYNC_BACKOFF"))
		o.fetch.backoff = sync_seconds("GOVCTL_SYNC_BACKOFF",
		                               getenv("GOVCTL_SYNC_BACKOFF"), 60);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o.council = optarg; break;
		case 'm':
			v = realloc(cms, (size_t)(o.ncommittees + 1) * sizeof *v);
			if (!v) {
				fprintf(stderr, "govctl: out of memory\n");
				free(cms);
				return EX_OSERR;
			}
			cms = v;
			cms[o.ncommittees++] = optarg;
			break;
		case 'f': o.from = optarg; break;
		case 't': o.to = optarg; break;
		case 'd': o.fetch.delay = sync_seconds("--delay", optarg, 3600);
		          break;
		case 'T': o.fetch.timeout = (long)ceil(sync_seconds("--timeout",
		                            optarg, 3600));
		          if (o.fetch.timeout < 1)
			          govctl_usage("sync", "--timeout expects 1 "
			                       "second or more");
		          break;
		case 'j': json = 1; break;
		case 'D': if (o.documents != SYNC_DOCS_ONLY)
				  o.documents = SYNC_DOCS_ALSO;
		          break;
		case 'O': o.documents = SYNC_DOCS_ONLY; break;
		case 'M': o.max_document = sync_mib(optarg); break;
		case 'C': o.fetch.cainfo = optarg; break;
		case 'H':
			v = realloc(hosts, (size_t)(o.ndoc_hosts + 1) * sizeof *v);
			if (!v) {
				fprintf(stderr, "govctl: out of memory\n");
				free(cms);
				free(hosts);
				return EX_OSERR;
			}
			hosts = v;
			if (!*optarg || strpbrk(optarg, "/:@ "))
				govctl_usage("sync", "--document-host expects a "
				             "host name (or '*')");
			hosts[o.ndoc_hosts++] = optarg;
			break;
		case 'h': govctl_verb_help(usage_sync); break;
		default: govctl_usage("sync", "bad option");
		}
	}
	o.committees = cms;
	o.doc_hosts = hosts;
	if (argc - optind > 1)
		govctl_usage("sync", "one URL at most");
	if (o.from && !store_valid_date(o.from))
		govctl_usage("sync", "--from expects YYYY-MM-DD");
	if (o.to && !store_valid_date(o.to))
		govctl_usage("sync", "--to expects YYYY-MM-DD");
	if (optind == argc && o.council)
		govctl_usage("sync", "--council needs a URL");
	if (!o.fetch.cainfo && getenv("CURL_CA_BUNDLE") &&
	    *getenv("CURL_CA_BUNDLE"))
		o.fetch.cainfo = getenv("CURL_CA_BUNDLE");
	if (o.fetch.cainfo && access(o.fetch.cainfo, R_OK) != 0) {
		char msg[600];

		snprintf(msg, sizeof msg, "%s %s: %s", getenv("CURL_CA_BUNDLE")
		         && o.fetch.cainfo == getenv("CURL_CA_BUNDLE") ?
		         "$CURL_CA_BUNDLE" : "--cacert", o.fetch.cainfo,
		         strerror(errno));
		govctl_usage("sync", msg);
	}
	if (o.max_document && !o.documents)
		govctl_usage("sync", "--max-document needs --documents");
	if (o.ndoc_hosts && !o.documents)
		govctl_usage("sync", "--document-host needs --documents");
	ui.tty = isatty(2);
	o.progress = sync_ui_progress;
	o.report = sync_ui_report;
	o.ctx = &ui;
	s = govctl_open(STORE_RDWR | STORE_CREATE);
	rc = optind < argc ? sync_council(s, argv[optind], &o, &sum)
	                   : sync_all(s, &o, &sum);
	sync_ui_clear(&ui);
	if (json) {
		json_t *doc = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i,"
		                        " s:I, s:I, s:I, s:{s:i, s:i, s:i, s:i, s:i}}",
		                        "format", STORE_FORMAT,
		                        "councils", sum.councils,
		                        "fetched", sum.fetched,
		                        "unchanged", sum.unchanged,
		                        "skipped", sum.skipped,
		                        "failed", sum.failed,
		                        "meetings", sum.meetings,
		                        "withdrawn", sum.withdrawn,
		                        "requests", (json_int_t)sum.requests,
		                        "conditional",
		                        (json_int_t)sum.conditional,
		                        "bytes", (json_int_t)sum.bytes,
		                        "documents",
		                        "fetched", sum.doc_fetched,
		                        "unchanged", sum.doc_unchanged,
		                        "failed", sum.doc_failed,
		                        "no_text", sum.doc_no_text,
		                        "skipped", sum.doc_skipped);

		if (doc)
			govctl_print_json(doc);
		json_decref(doc);
	} else {
		char gone[48] = "";

		if (sum.withdrawn)
			snprintf(gone, sizeof gone, ", %d withdrawn",
			         sum.withdrawn);
		fprintf(stderr, "%d fetched, %d unchanged, %d skipped, %d failed"
		        "%s (%d councils, %ld requests of which %ld conditional,"
		        " %lld bytes)\n", sum.fetched, sum.unchanged,
		        sum.skipped, sum.failed, gone, sum.councils,
		        sum.requests, sum.conditional, sum.bytes);
		if (o.documents && sum.doc_skipped)
			fprintf(stderr, "documents: %d fetched, %d unchanged, "
			        "%d failed, %d without text, %d skipped (on "
			        "another host)\n", sum.doc_fetched,
			        sum.doc_unchanged, sum.doc_failed,
			        sum.doc_no_text, sum.doc_skipped);
		else if (o.documents)
			fprintf(stderr, "documents: %d fetched, %d unchanged, "
			        "%d failed, %d without text\n", sum.doc_fetched,
			        sum.doc_unchanged, sum.doc_failed,
			        sum.doc_no_text);
	}
	store_close(s);
	free(cms);
	free(hosts);
	if (rc < 0)
		return rc == -EINVAL || rc == -EEXIST || rc == -ENOENT
		       ? EX_USAGE : govctl_exit_code(rc);
	return rc ? EX_UNAVAILABLE : EX_OK;
}
