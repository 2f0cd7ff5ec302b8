# govfs — build, test, install.  See README.md.
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS     = sqlite3 jansson libxml-2.0
FUSE_PKG = fuse3
CFLAGS  ?= -O2 -g
# Project flags come first; CFLAGS (also from the command line) adds to them.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow \
             -Wno-unused-parameter -MMD -MP -Iimport -Istore $(CFLAGS)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
FUSE_CFLAGS := $(shell pkg-config --cflags $(FUSE_PKG) 2>/dev/null)
FUSE_LIBS   := $(shell pkg-config --libs $(FUSE_PKG) 2>/dev/null)
CURL_CFLAGS := $(shell pkg-config --cflags libcurl 2>/dev/null)
# The text of supporting documents (import/pdf.c): poppler's GLib API,
# linked by govctl and the tests only (see RELIABILITY.md for the choice).
PDF_PKG  = poppler-glib
PDF_CFLAGS := $(shell pkg-config --cflags $(PDF_PKG) 2>/dev/null)
# Neither libcurl nor poppler is linked: import/dynlib.c loads each when
# first called (they would cost every command ~25 ms at start), by the
# soname of the library the linker would have taken.
soname = $(shell objdump -p "$$(realpath "$$($(CC) -print-file-name=lib$(1).so)")" \
	2>/dev/null | awk '/SONAME/ { print $$2 }')
DYN_CFLAGS := -DCURL_SONAME='"$(or $(call soname,curl),libcurl.so.4)"' \
	-DPDF_SONAME='"$(or $(call soname,poppler-glib),libpoppler-glib.so.8)"'
# The reports of govctl generate --documents (tools/gendoc.c) are
# Flate-compressed, as real ones are.
ZLIB_LIBS  := $(shell pkg-config --libs zlib 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

STORE_SRC := $(wildcard store/*.c)
STORE_OBJ := $(STORE_SRC:.c=.o)
# The input side (parsers of pages, HTML and XML, the fetcher): its own
# library, which calls the store's write API.
IMPORT_SRC := $(wildcard import/*.c)
IMPORT_OBJ := $(IMPORT_SRC:.c=.o)
IMPORT_LIB := $(if $(IMPORT_SRC),import/libgovimport.a)
# The input side calls the store, never the other way: each library once,
# in that order.
LIBS       := $(IMPORT_LIB) store/libgovstore.a
TOOLS_SRC := $(wildcard tools/*.c)
TOOLS_OBJ := $(TOOLS_SRC:.c=.o)
FS_SRC    := $(wildcard fs/*.c)
FS_OBJ    := $(FS_SRC:.c=.o)
TEST_SRC  := $(wildcard tests/check_*.c)
TEST_BIN  := $(TEST_SRC:.c=)
BINS      := tools/govctl $(if $(FS_SRC),fs/govfs)
MAN1      := $(wildcard man/*.1)
MAN5      := $(wildcard man/*.5)

.PHONY: all check asan bench bench-sync bench-docs bench-scale demo install clean deps stress fuzz
all: $(BINS)

store/%.o: store/%.c
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<
import/%.o: import/%.c
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CURL_CFLAGS) $(PDF_CFLAGS) -c -o $@ $<
import/dynlib.o: import/dynlib.c
	$(CC) $(ALL_CFLAGS) $(CURL_CFLAGS) $(PDF_CFLAGS) $(DYN_CFLAGS) -c -o $@ $<
tools/%.o: tools/%.c
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<
fs/%.o: fs/%.c
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(FUSE_CFLAGS) -c -o $@ $<
tests/check_%: tests/check_%.c $(LIBS)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(FUSE_CFLAGS) -o $@ $< \
		$(LIBS) $(CHECK_LIBS) $(LDFLAGS) $(LDLIBS)

# The cache unit test links fs/cache.o, which needs no FUSE session.
tests/check_cache: tests/check_cache.c fs/cache.o $(LIBS)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) $(FUSE_CFLAGS) -o $@ $< \
		fs/cache.o $(LIBS) $(CHECK_LIBS) $(LDFLAGS) $(LDLIBS)

store/libgovstore.a: $(STORE_OBJ)
	rm -f $@
	$(AR) rcs $@ $^
import/libgovimport.a: $(IMPORT_OBJ)
	rm -f $@
	$(AR) rcs $@ $^
# govctl sync fetches with libcurl, loaded when first used; govfs never
# uses it.
tools/govctl: $(TOOLS_OBJ) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $+ $(ZLIB_LIBS) $(LDLIBS)
fs/govfs: $(FS_OBJ) store/libgovstore.a
	$(CC) $(LDFLAGS) -o $@ $^ $(FUSE_LIBS) $(LDLIBS)

# The test command of the README.  Unit tests (Check) and integration
# tests (tests/t_*.sh, real FUSE mounts); tests/run ends with
# "N passed, N failed".
check: all $(TEST_BIN)
	tests/run

# The same tests built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) clean
	$(MAKE) check CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined"
	$(MAKE) clean

deps:
	@tools/deps

demo: all
	tools/demo

bench: all
	bench/run

# govctl sync of a generated 1,000-meeting site on loopback (also in bench).
bench-sync: all
	bench/sync

# Supporting documents: extraction rate, grep -r with reports in the tree
# (also in bench; BENCH_DOC_ITEMS=500 for a small run).
bench-docs: all
	bench/docs

# How govfs's figures grow from 10,000 to 1,000,000 items (govfs alone).
bench-scale: all
	bench/scale

# The long reliability runs (see RELIABILITY.md): 20 kills of an import,
# 60 s of concurrency on a 100,000-item tree, memory across full passes of
# a 10,000-item tree, the daemon under valgrind.  Each script ends with
# "N passed, N failed".
stress: all
	tools/deps --stress
	@rc=0; for t in tests/stress/*.sh; do echo "== $$t"; \
		timeout 3600 bash "$$t" || rc=1; done; exit $$rc

# libFuzzer over the importers (clang); FUZZ_RUNS=N to change the count.
fuzz:
	tools/deps --stress
	fuzz/run

# bash-completion finds completions/govctl under $(PREFIX)/share
# (XDG_DATA_DIRS); BASHCOMPDIR to put it elsewhere.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/)
	install -m 644 completion/govctl $(DESTDIR)$(BASHCOMPDIR)/govctl

clean:
	rm -f store/*.o store/*.d store/*.a import/*.o import/*.d import/*.a \
		tools/*.o tools/*.d fs/*.o fs/*.d \
		tools/govctl fs/govfs $(TEST_BIN) tests/*.d

-include $(wildcard store/*.d import/*.d tools/*.d fs/*.d tests/*.d)
