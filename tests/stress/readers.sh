#!/usr/bin/env bash
# Stress: eight readers (grep -r, find, cat, jq, the tracked actions, TSV
# and CSV column counts) and the freshness checker on a 2,000-item tree
# while one govctl writer commits as fast as it can (see RELIABILITY.md,
# promise 1).  CONC_SECS (10) long.  The same on 100,000 items is
# tests/stress/concurrency.sh.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=${REL_OUT:-$T_TMP/figures}
: > "$REL_OUT"
DB=$T_TMP/r.db
MNT=$T_TMP/m
"$GOVCTL" --db "$DB" init > /dev/null
"$GOVCTL" --db "$DB" generate --items 2000 > /dev/null
check "mount a 2,000-item database" t_mount "$DB" "$MNT"
rel_concurrency "$DB" "$MNT" "${CONC_SECS:-10}" all
t_umount "$MNT"
check "the mount is gone" rel_wait_gone "$MNT" 5
sed 's/^/# /' "$REL_OUT"
t_done
