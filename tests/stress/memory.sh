#!/usr/bin/env bash
# Stress: the daemon's RSS and descriptors across eight full `grep -r` of
# a 10,000-item tree (each pass also reads every file again as a READ
# request and asks 500 new search queries).
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=$T_TMP/figures; : > "$REL_OUT"
DB=$T_TMP/m.db MNT=$T_TMP/m
"$GOVCTL" --db "$DB" init > /dev/null
check "generate 10,000 items" "$GOVCTL" --db "$DB" generate --items 10000
check "mount" t_mount "$DB" "$MNT"
PID=$(rel_pid "$MNT")
queries() { python3 -c 'import os, sys
for i in range(int(sys.argv[3])): os.listdir(os.path.join(sys.argv[1], "search", "%s %d" % (sys.argv[2], i)))' "$MNT" "$@"; }
rss=() fds=() secs=() thr=() fdi=()
PASSES=${MEM_PASSES:-8}
for pass in $(seq "$PASSES"); do
	t0=$SECONDS
	grep -r -c Status "$MNT" > /dev/null 2>&1
	grc=$?
	find "$MNT" -path "$MNT/search" -prune -o -type f -print |
		python3 "$REL/readpass.py" 1 > "$T_TMP/pass$pass"
	queries "pass$pass care" 500
	rss+=("$(rel_rss_kb "$PID")"); fds+=("$(rel_fds "$PID")"); secs+=($((SECONDS - t0)))
	fdi+=("$(rel_fdinfo "$PID" "$DB")")
	thr+=("$(rel_threads "$PID")")
	check "pass $pass: grep -r and every file read ($(jq -c '{reads,errors}' "$T_TMP/pass$pass"))" \
		test "$grc" -le 1 -a "$(jq .errors "$T_TMP/pass$pass")" = 0
done
echo "rss_kb ${rss[*]}" >> "$REL_OUT"
echo "fds ${fds[*]}" >> "$REL_OUT"
echo "pass_seconds ${secs[*]}" >> "$REL_OUT"
echo "threads ${thr[*]}" >> "$REL_OUT"
# The first passes fill the daemon's caches (two of 16 MiB, SQLite's page
# cache of each worker thread's connection, malloc arenas); after that
# RSS must stay flat: the last three passes within 4 MiB.
n=${#rss[@]}
check "RSS flat over the last three of $n passes (${rss[*]} KiB)" \
	awk -v a="${rss[$((n - 3))]}" -v b="${rss[$((n - 1))]}" 'BEGIN { exit !(b - a < 4096) }'
rel_check_fds "from pass 1 to pass $n (open descriptors ${fds[*]})" "${fdi[0]}" "${fdi[$((n - 1))]}"
t_umount "$MNT"
sed 's/^/# /' "$REL_OUT"
t_done
