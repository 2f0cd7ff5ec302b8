/*
** dynlib.c — libcurl and poppler, loaded when first called.
**
** Linked at start, the two bring some fifty shared libraries (TLS, LDAP,
** Kerberos, cairo, glib, the C++ runtime...) whose symbols the dynamic
** linker binds before main(): about 25 ms of every govctl command, and
** most commands use neither (only sync fetches, and only documents need
** a PDF's text).  So govctl does not link them: the functions below have
** their names and prototypes, and the first call of one loads its
** library (dlopen, once, thread-safe) and forwards to it.
**
** A library that cannot be loaded ends the command: a message naming it
** and its Debian package, and exit 69 (EX_UNAVAILABLE).  Nothing has been
** committed by then, so the database is unchanged.  The names loaded are
** the libraries' sonames, taken by the Makefile from the files it would
** have linked (CURL_SONAME, PDF_SONAME).
*/
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#ifndef CURL_SONAME
#define CURL_SONAME "libcurl.so.4"
#endif
#ifndef PDF_SONAME
#define PDF_SONAME "libpoppler-glib.so.8"
#endif

struct dyn_lib {
	const char *soname;
	const char *package;
	pthread_once_t once;
	void *handle;
};

static struct dyn_lib dyn_curl = {
	CURL_SONAME, "libcurl4", PTHREAD_ONCE_INIT, NULL
};
static struct dyn_lib dyn_pdf = {
	PDF_SONAME, "libpoppler-glib8", PTHREAD_ONCE_INIT, NULL
};

static void dyn_fail(const struct dyn_lib *l, const char *what)
{
	fprintf(stderr, "govctl: cannot load %s (%s): install the Debian"
	        " package %s\n", l->soname, what ? what : "unknown error",
	        l->package);
	exit(EX_UNAVAILABLE);
}

static void dyn_open_curl(void)
{
	dyn_curl.handle = dlopen(dyn_curl.soname, RTLD_NOW | RTLD_LOCAL);
}

static void dyn_open_pdf(void)
{
	dyn_pdf.handle = dlopen(dyn_pdf.soname, RTLD_NOW | RTLD_LOCAL);
}

/*
** The address of name in library l (its dependencies included: glib's
** functions come through poppler-glib), loading l on the first call.
** Never NULL: a library or symbol missing ends the process (see above).
*/
static void *dyn_sym(struct dyn_lib *l, void (*open)(void), const char *name)
{
	void *p;

	pthread_once(&l->once, open);
	if (!l->handle)
		dyn_fail(l, dlerror());
	p = dlsym(l->handle, name);
	if (!p)
		dyn_fail(l, dlerror());
	return p;
}

/* Declare fn, a pointer to the library function name of type type,
   resolved on first use. */
#define DYN(lib, type, name)                                             \
	static __typeof__(type) *fn;                                     \
	if (!__atomic_load_n(&fn, __ATOMIC_ACQUIRE))                     \
		__atomic_store_n(&fn, (__typeof__(type) *)dyn_sym(&dyn_##lib, \
		                 dyn_open_##lib, #name), __ATOMIC_RELEASE)

/* ---- libcurl ---------------------------------------------------------------- */

CURLcode curl_global_init(long flags)
{
	DYN(curl, CURLcode (long), curl_global_init);
	return fn(flags);
}

CURL *curl_easy_init(void)
{
	DYN(curl, CURL *(void), curl_easy_init);
	return fn();
}

/* One argument after the option, of the type the option's number says
   (curl.h: CURLOPTTYPE_*). */
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
	DYN(curl, CURLcode (CURL *, CURLoption, ...), curl_easy_setopt);
	CURLcode rc;
	va_list ap;

	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = fn(curl, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn(curl, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = fn(curl, option, va_arg(ap, void (*)(void)));
	else if (option < CURLOPTTYPE_BLOB)
		rc = fn(curl, option, va_arg(ap, curl_off_t));
	else
		rc = fn(curl, option, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* Every CURLINFO_* takes one pointer. */
CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
	DYN(curl, CURLcode (CURL *, CURLINFO, ...), curl_easy_getinfo);
	CURLcode rc;
	va_list ap;

	va_start(ap, info);
	rc = fn(curl, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_perform(CURL *curl)
{
	DYN(curl, CURLcode (CURL *), curl_easy_perform);
	return fn(curl);
}

void curl_easy_reset(CURL *curl)
{
	DYN(curl, void (CURL *), curl_easy_reset);
	fn(curl);
}

void curl_easy_cleanup(CURL *curl)
{
	DYN(curl, void (CURL *), curl_easy_cleanup);
	fn(curl);
}

const char *curl_easy_strerror(CURLcode code)
{
	DYN(curl, const char *(CURLcode), curl_easy_strerror);
	return fn(code);
}

time_t curl_getdate(const char *p, const time_t *unused)
{
	DYN(curl, time_t (const char *, const time_t *), curl_getdate);
	return fn(p, unused);
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s)
{
	DYN(curl, struct curl_slist *(struct curl_slist *, const char *),
	    curl_slist_append);
	return fn(list, s);
}

void curl_slist_free_all(struct curl_slist *list)
{
	DYN(curl, void (struct curl_slist *), curl_slist_free_all);
	fn(list);
}

/* ---- poppler-glib and the glib it brings ------------------------------------- */

PopplerDocument *poppler_document_new_from_bytes(GBytes *bytes,
                                                 const char *password,
                                                 GError **error)
{
	DYN(pdf, PopplerDocument *(GBytes *, const char *, GError **),
	    poppler_document_new_from_bytes);
	return fn(bytes, password, error);
}

int poppler_document_get_n_pages(PopplerDocument *doc)
{
	DYN(pdf, int (PopplerDocument *), poppler_document_get_n_pages);
	return fn(doc);
}

PopplerPage *poppler_document_get_page(PopplerDocument *doc, int index)
{
	DYN(pdf, PopplerPage *(PopplerDocument *, int),
	    poppler_document_get_page);
	return fn(doc, index);
}

char *poppler_page_get_text(PopplerPage *page)
{
	DYN(pdf, char *(PopplerPage *), poppler_page_get_text);
	return fn(page);
}

GQuark poppler_error_quark(void)
{
	DYN(pdf, GQuark (void), poppler_error_quark);
	return fn();
}

GBytes *g_bytes_new_static(gconstpointer data, gsize size)
{
	DYN(pdf, GBytes *(gconstpointer, gsize), g_bytes_new_static);
	return fn(data, size);
}

gboolean g_error_matches(const GError *error, GQuark domain, gint code)
{
	DYN(pdf, gboolean (const GError *, GQuark, gint), g_error_matches);
	return fn(error, domain, code);
}

gchar *g_compute_checksum_for_data(GChecksumType type, const guchar *data,
                                   gsize length)
{
	DYN(pdf, gchar *(GChecksumType, const guchar *, gsize),
	    g_compute_checksum_for_data);
	return fn(type, data, length);
}

gint g_ascii_strncasecmp(const gchar *s1, const gchar *s2, gsize n)
{
	DYN(pdf, gint (const gchar *, const gchar *, gsize),
	    g_ascii_strncasecmp);
	return fn(s1, s2, n);
}

void g_free(gpointer mem)
{
	DYN(pdf, void (gpointer), g_free);
	fn(mem);
}

void g_object_unref(gpointer object)
{
	DYN(pdf, void (gpointer), g_object_unref);
	fn(object);
}
