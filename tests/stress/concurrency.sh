#!/usr/bin/env bash
# Stress: the concurrency test of tests/t_reliability.sh for 60 s on a
# 100,000-item database (one govctl writer, eight readers, the freshness
# checker); readers cover one random board and a slice of actions/ per
# pass.  Then descriptors and memory of the daemon across 100,000 reads
# of files all over the tree.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=$T_TMP/figures; : > "$REL_OUT"
ITEMS=${STRESS_ITEMS:-100000}
DB=$T_TMP/big.db MNT=$T_TMP/m
t0=$SECONDS
"$GOVCTL" --db "$DB" init > /dev/null
check "generate $ITEMS items" "$GOVCTL" --db "$DB" generate --items "$ITEMS"
echo "generate_seconds $((SECONDS - t0))" >> "$REL_OUT"
check "mount" t_mount "$DB" "$MNT"
PID=$(rel_pid "$MNT")
rel_concurrency "$DB" "$MNT" "${CONC_SECS:-60}" board

find "$MNT/boards" -type f | shuf -n 10000 > "$T_TMP/files"
python3 "$REL/readpass.py" 1 < "$T_TMP/files" > /dev/null
fd0=$(rel_fds "$PID"); fi0=$(rel_fdinfo "$PID" "$DB"); rss0=$(rel_rss_kb "$PID")
res=$(python3 "$REL/readpass.py" 10 < "$T_TMP/files"); rc=$?
fd1=$(rel_fds "$PID"); fi1=$(rel_fdinfo "$PID" "$DB"); rss1=$(rel_rss_kb "$PID")
echo "reads $res fds $fd0 -> $fd1 rss_kb $rss0 -> $rss1" >> "$REL_OUT"
check_eq "100,000 reads of 10,000 files all over the tree" 0 "$rc"
rel_check_fds "after them (open descriptors $fd0 -> $fd1)" "$fi0" "$fi1"
check "RSS within 8 MiB after them ($rss0 -> $rss1 KiB)" test $((rss1 - rss0)) -lt 8192
t_umount "$MNT"
check "the mount is gone" rel_wait_gone "$MNT" 10
sed 's/^/# /' "$REL_OUT"
t_done
