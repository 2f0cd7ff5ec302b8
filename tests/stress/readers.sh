#!/usr/bin/env bash
# Stress: eight readers (grep -r, find, cat, jq, the tracked actions, TSV
# and CSV column counts) and the freshness checker on a 2,000-item tree
# while one govctl writer commits as fast as it can (see RELIABILITY.md,
# promise 1).  CONC_SECS (10) long.  The same on 100,000 items is
# tests/stress/concurrency.sh.  It runs twice: with the default render
# cache, and with -o cache_mb=1, where the daemon keeps few files and old
# versions must often be rendered again from its snapshot (fs/past.c).
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=${REL_OUT:-$T_TMP/figures}
: > "$REL_OUT"
DB=$T_TMP/r.db
MNT=$T_TMP/m
"$GOVCTL" --db "$T_TMP/base.db" init > /dev/null
"$GOVCTL" --db "$T_TMP/base.db" generate --items 2000 > /dev/null
for mb in 8 1; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	cp "$T_TMP/base.db" "$DB"
	check "mount a 2,000-item database (cache_mb=$mb)" \
		t_mount "$DB" "$MNT" -o cache_mb=$mb
	rel_concurrency "$DB" "$MNT" "${CONC_SECS:-10}" all
	t_umount "$MNT"
	check "the mount is gone" rel_wait_gone "$MNT" 5
	sed "s/^/# cache_mb=$mb /" "$REL_OUT"
	: > "$REL_OUT"
done
t_done
