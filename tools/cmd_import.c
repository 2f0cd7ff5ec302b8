/*
** cmd_import.c — govctl import: minutes pages and ModernGov XML, all files
** in one transaction.
*/
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "govctl.h"
#include "moderngov.h"
#include "page.h"
#include "pagestore.h"
#include "readahead.h"
#include "store.h"
#include "write.h"

/* ---- import -------------------------------------------------------------------- */

static const char usage_import[] =
"usage: govctl import [--board B] [--date DATE] [--number N]\n"
"                     [--url URL] [--council NAME] [--replace] [--jobs N]\n"
"                     [--json] [--files-from LIST [--null]] FILE...\n"
"Import ModernGov minutes: pages as text or saved HTML, or web-service XML\n"
"(GetCommittees, GetMeetings, GetMeeting).  Pages of every family are\n"
"read: agenda item, Issue - meetings (each Meeting: block an item),\n"
"Issue - decisions (each dated decision an item), decision details,\n"
"issue details (an issue of the council) and a meeting's agenda (every\n"
"item on it).  Each item is placed by the meeting its page names: with\n"
"--council NAME the committee is that council's board (created if new),\n"
"else the one board of that name; the item number is the page's, else\n"
"the next free one.  --board, --date and --number say where when the\n"
"page does not, and override it.  A page cut off is imported with what\n"
"it has, marked partial, with a warning naming file and line.  One line\n"
"a page on standard output (added, replaced, unchanged or stored, its\n"
"path, what it held); --json prints them as a JSON array.\n"
"XML needs --council NAME, the\n"
"council whose web service answered: ModernGov ids are per council, so\n"
"the same ids of two councils are different records.  All files are one\n"
"transaction: on any error nothing is imported.  The same page imported\n"
"again changes nothing; --replace overwrites an item whose page changed.\n"
"--jobs N reads and parses files ahead on N threads (0: none; default:\n"
"one when there are two CPUs or more).  --files-from LIST imports the\n"
"files named in LIST too, one a line (- reads standard input; --null:\n"
"names end with a NUL, as find -print0 writes them), in the same\n"
"transaction: more files than a command line holds.  DATE: YYYY-MM-DD\n"
"or DD/MM/YYYY.  A line per page on standard output, always.\n";

/*
** Append the file names listed in file list ("-": standard input), one a
** line, or ending with a NUL if nul, to *names (*n of them, the array
** grown with realloc; each name malloc'd).  Empty names are skipped.
** Returns 0, or an exit status (the message printed).
*/
static int import_names(const char *list, int nul, char ***names, int *n)
{
	FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
	char *line = NULL, **v;
	size_t cap = 0;
	ssize_t len;
	int rc = EX_OK;

	if (!f) {
		fprintf(stderr, "govctl: %s: %s\n", list, strerror(errno));
		return EX_NOINPUT;
	}
	while ((len = getdelim(&line, &cap, nul ? '\0' : '\n', f)) > 0) {
		if (line[len - 1] == (nul ? '\0' : '\n'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (*n == INT_MAX - 1 ||
		    !(v = realloc(*names, (size_t)(*n + 1) * sizeof *v))) {
			rc = EX_OSERR;
			break;
		}
		*names = v;
		if (!(v[*n] = strdup(line))) {
			rc = EX_OSERR;
			break;
		}
		(*n)++;
	}
	if (rc == EX_OK && ferror(f)) {
		fprintf(stderr, "govctl: %s: %s\n", list, strerror(errno));
		rc = EX_IOERR;
	} else if (rc == EX_OSERR) {
		fprintf(stderr, "govctl: out of memory\n");
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/*
** Store one read page f (page_store) and report it: one line on stdout
** ("added PATH : 3 resolutions, 1 action, partial"), or an object
** appended to the array js; a partial page's warning on stderr.  Returns
** the IMPORT_* status of the page, or minus an exit status (the message
** printed).
*/
static int import_page(store *s, const struct import_file *f,
                       const struct import_place *w, int replace, json_t *js,
                       struct buf *path)
{
	const struct page *pg = f->page;
	struct page_stored r;
	const char *status;
	json_t *o, *items = NULL;
	size_t i;
	int rc;

	rc = page_store(s, pg, w, f->name, replace, &r);
	if (rc < 0) {
		int ex;

		if (r.msg[0]) {
			fprintf(stderr, "govctl: %s\n", r.msg);
			ex = govctl_exit_code(rc);
		} else {
			ex = govctl_fail(s, rc);
		}
		page_stored_free(&r);
		return -ex;
	}
	if (pg->partial)
		fprintf(stderr, "govctl: %s:%d: warning: the page is cut off here; "
		        "imported what it has, marked partial\n", f->name,
		        pg->partial_line);
	status = !r.nitems ? "stored" : r.status == IMPORT_ADDED ? "added"
	         : r.status == IMPORT_REPLACED ? "replaced" : "unchanged";
	if (js && !(items = json_array())) {
		page_stored_free(&r);
		return -EX_OSERR;
	}
	for (i = 0; items && i < r.nitems; i++) {
		buf_reset(path);
		store_import_item_path(s, r.items[i], path);
		json_array_append_new(items, json_string(path->data ? path->data : ""));
	}
	buf_reset(path);
	if (r.nitems)
		store_import_item_path(s, r.items[0], path);
	else if (r.issue)
		buf_printf(path, "issue \"%s\" of %s", pg->title ? pg->title : "",
		            w->council);
	if (js) {
		o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s?, s:i, s:i, s:b}",
		              "format", "govctl-import-page/1", "file", f->name,
		              "family", page_family_name(pg->family), "status", status,
		              "items", items, "title", pg->title,
		              "resolutions", (int)r.nres, "actions", (int)r.nactions,
		              "partial", pg->partial);
		if (!o || json_array_append_new(js, o) < 0)
			rc = -EX_OSERR;
	} else {
		printf("%s %s", status, path->data ? path->data : f->name);
		if (r.nitems > 1)
			printf(" (+%zu more items)", r.nitems - 1);
		printf(" : %zu resolution%s, %zu action%s%s\n", r.nres,
		       r.nres == 1 ? "" : "s", r.nactions, r.nactions == 1 ? "" : "s",
		       pg->partial ? ", partial" : "");
	}
	rc = rc < 0 ? rc : r.status;
	page_stored_free(&r);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	VERB_OPTS({ "board", required_argument, NULL, 'b' },
	          { "date", required_argument, NULL, 'd' },
	          { "number", required_argument, NULL, 'n' },
	          { "url", required_argument, NULL, 'u' },
	          { "council", required_argument, NULL, 'c' },
	          { "replace", no_argument, NULL, 'r' },
	          { "jobs", required_argument, NULL, 'j' },
	          { "files-from", required_argument, NULL, 'T' },
	          { "null", no_argument, NULL, '0' },
	          { "json", no_argument, NULL, 'J' },);
	struct import_place w = { 0 };
	struct mg_options mo = { 0 };
	int replace = 0, jobs = -1, c, rc = 0, i, nfiles, nargs, progress, nul = 0;
	int added = 0, unchanged = 0, replaced = 0, xml = 0, json = 0;
	json_t *out = NULL;
	struct readahead *pages = NULL;
	struct buf path = { 0 };
	const char *list = NULL;
	char *end, **names = NULL, date[11];
	store *s = NULL;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': w.board = mo.board = govctl_ref(optarg); break;
		case 'd': w.date = govctl_date("import", "--date", optarg, date); break;
		case 'n': w.number = optarg; break;
		case 'u': w.url = optarg; break;
		case 'c': mo.council = w.council = optarg; break;
		case 'r': replace = 1; break;
		case 'j':
			errno = 0;
			jobs = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || jobs < 0 ||
			    jobs > 16)
				govctl_usage("import", "--jobs expects 0 to 16");
			break;
		case 'T': list = optarg; break;
		case '0': nul = 1; break;
		case 'J': json = 1; break;
		case 'h': govctl_verb_help(usage_import); break;
		default: govctl_bad_option("import", argv);
		}
	}
	if (nul && !list)
		govctl_usage("import", "--null applies to --files-from");
	for (i = optind; list && strcmp(list, "-") == 0 && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			govctl_usage("import", "--files-from - and the page -"
			             " both read standard input");
	/* the names given (argv's), then those listed (names[nargs..],
	   import_names's) */
	nargs = nfiles = argc - optind;
	names = malloc((size_t)(nargs + 1) * sizeof *names);
	if (!names) {
		fprintf(stderr, "govctl: out of memory\n");
		return EX_OSERR;
	}
	memcpy(names, argv + optind, (size_t)nargs * sizeof *names);
	if (list && (rc = import_names(list, nul, &names, &nfiles)) != EX_OK)
		goto out;
	if (nfiles < 1)
		govctl_usage("import", "no files given");
	if (nfiles > 1 && w.number)
		govctl_usage("import", "--number applies to one file only");
	progress = nfiles >= 50 && isatty(2) && !isatty(1);
	rc = govctl_try_open(STORE_RDWR, &s);
	if (rc == EX_OK && (rc = store_begin(s)) != 0)
		rc = govctl_fail(s, rc);
	if (rc != EX_OK)
		goto out;
	/* Files are read and parsed ahead of this loop, which writes them in
	   the order given. */
	if (json && !(out = json_array())) {
		fprintf(stderr, "govctl: out of memory\n");
		rc = EX_OSERR;
		goto out;
	}
	if (readahead_open((const char *const *)names, nfiles, jobs, w.url,
	                   &pages) != 0) {
		fprintf(stderr, "govctl: out of memory\n");
		rc = EX_OSERR;
	}
	for (i = 0; pages && i < nfiles; i++) {
		struct import_file f = { 0 };
		struct mg_result mr = { 0 };

		readahead_next(pages, &f);
		if (f.kind == IMPORT_FILE_UNREADABLE) {
			if (f.msg)
				fprintf(stderr, "govctl: %s\n", f.msg);
			/* unreadable, or over 64 MiB: govctl(1) */
			rc = EX_NOINPUT;
			import_file_free(&f);
			break;
		}
		if (f.kind == IMPORT_FILE_XML) {
			rc = f.mg ? mg_import_prepared(s, f.mg, f.name, &mo, &mr)
			          : mg_import(s, f.xml, f.len, f.name, &mo, &mr);
			readahead_done(pages, &f);
			if (rc < 0) {
				int ex = govctl_fail(s, rc);

				/* no --council, or one that cannot be told apart */
				rc = rc == -EDESTADDRREQ ? EX_USAGE : ex;
				break;
			}
			printf("%s: %s: %d boards, %d meetings, %d items, "
			       "%d documents, %d people, %d actions\n",
			       names[i], mr.root, mr.boards, mr.meetings,
			       mr.items, mr.documents, mr.people, mr.actions);
			xml++;
			continue;
		}
		if (f.kind == IMPORT_FILE_BAD) {
			fprintf(stderr, "govctl: %s\n", f.msg ? f.msg : "parse error");
			import_file_free(&f);
			rc = EX_DATAERR;
			break;
		}
		rc = import_page(s, &f, &w, replace, json ? out : NULL, &path);
		readahead_done(pages, &f);
		if (rc < 0) {
			rc = -rc;
			break;
		}
		added += rc == IMPORT_ADDED;
		replaced += rc == IMPORT_REPLACED;
		unchanged += rc == IMPORT_UNCHANGED;
		rc = 0;
		if (progress)
			fprintf(stderr, "\rimporting %d/%d", i + 1, nfiles);
	}
	readahead_close(pages);
	if (progress)
		fputc('\n', stderr);
	if (rc == 0) {
		rc = store_commit(s);
		rc = rc ? govctl_fail(s, rc) : EX_OK;
	}
	if (rc != EX_OK) {
		store_rollback(s);
	} else {
		if (out) {
			char *txt = json_dumps(out, JSON_INDENT(2));

			if (txt)
				puts(txt);
			free(txt);
		}
		if (progress || nfiles > 1)
			fprintf(stderr, "%d pages added, %d replaced, %d unchanged; "
			        "%d XML files\n", added, replaced, unchanged, xml);
	}
out:
	/* every failure, from the list of files to the commit */
	if (rc != EX_OK)
		fprintf(stderr, "govctl: nothing imported (the database is "
		        "unchanged)\n");
	json_decref(out);
	buf_free(&path);
	store_close(s);
	for (i = nargs; i < nfiles; i++)
		free(names[i]);
	free(names);
	return rc;
}
