#!/usr/bin/env bash
# Stress: four govctl writers at once for WRITERS_SECS (60) seconds, each
# importing pages (every other commit) and setting its own actions, while
# eight readers go over the mounted 2,000-item tree and the freshness
# checker follows every commit (RELIABILITY.md, 1j): no exit 70 or other
# failure, no reader error, commit to visible within 1 s at the 99th
# percentile.  The quick version without a mount is tests/t_writers.sh.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=${REL_OUT:-$T_TMP/figures}
: > "$REL_OUT"
DB=$T_TMP/w.db
MNT=$T_TMP/m
"$GOVCTL" --db "$DB" init > /dev/null
"$GOVCTL" --db "$DB" generate --items 2000 > /dev/null
"$GOVCTL" generate --items 500 --seed 7 --pages "$T_TMP/pages" > /dev/null
ls "$T_TMP"/pages/*.txt > "$T_TMP/pagelist"
check "mount a 2,000-item database" t_mount "$DB" "$MNT"
echo "load_before $(cut -d' ' -f1-3 /proc/loadavg)" >> "$REL_OUT"
rel_writers "$DB" "$MNT" "${WRITERS_SECS:-60}" "$T_TMP/pagelist"
echo "load_after $(cut -d' ' -f1-3 /proc/loadavg)" >> "$REL_OUT"
t_umount "$MNT"
check "the mount is gone" rel_wait_gone "$MNT" 5
sed 's/^/# /' "$REL_OUT"
t_done
