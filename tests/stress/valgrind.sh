#!/usr/bin/env bash
# Stress: the daemon under valgrind memcheck (foreground, in the
# background) while the read workloads run: grep -r, find, every file read
# as a READ request, search queries with FTS5 syntax, the misuse cases,
# a govctl writer committing (so the watcher invalidates), 5,000 search
# queries, and reads after the database was overwritten with garbage.  After a
# clean unmount valgrind must report no invalid access and no definite
# leak.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
command -v valgrind > /dev/null || { echo "valgrind not installed: skipped"; ok "valgrind: skipped"; t_done; exit; }
DB=$T_TMP/v.db MNT=$T_TMP/m LOG=$T_TMP/valgrind.log
"$GOVCTL" --db "$DB" init > /dev/null
check "generate 1,000 items" "$GOVCTL" --db "$DB" generate --items 1000
mkdir -p "$MNT"
valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 \
	--track-origins=yes --log-file="$LOG" "$GOVFS" -f -o auto_unmount "$DB" "$MNT" &
VG=$!
T_MOUNTS+=("$MNT")
up=no
for _ in $(seq 600); do
	grep -q " $MNT fuse" /proc/mounts && [ -e "$MNT/README" ] && { up=yes; break; }
	sleep 0.1
done
check_eq "govfs mounts under valgrind" yes "$up"
check "grep -r" bash -c "grep -r -c Status '$MNT' > /dev/null"
check "find with stat" bash -c "find '$MNT' -printf '%y %s %p\n' > /dev/null"
check "every file read twice as READ requests" bash -c \
	"find '$MNT' -path '$MNT/search' -prune -o -type f -print | python3 '$REL/readpass.py' 2 > /dev/null"
check "every JSON parses" bash -c "find '$MNT' -name '*.json' -print0 | xargs -0 jq -e .format > /dev/null"
check "misuse cases" bash -c "python3 '$REL/misuse.py' '$MNT' | grep -v '^ok' | grep -q . && exit 1 || exit 0"
for i in $(seq 20); do
	"$GOVCTL" --db "$DB" action set $((i % 5 + 1)) --owner "valgrind-$i" --note "n$i" > /dev/null
	"$GOVCTL" --db "$DB" item add c1-cabinet 2040-01-0$((i % 9 + 1)) --number $((100 + i)) --title "Valgrind item $i" > /dev/null
	cat "$MNT/actions/00000$((i % 5 + 1))/action.json" > /dev/null
	ls "$MNT/boards/c1-cabinet/meetings" > /dev/null
done
seen=no
for _ in $(seq 100); do
	grep -q '^Owner: valgrind-20$' "$MNT/actions/000001/action.txt" 2>/dev/null && { seen=yes; break; }
	sleep 0.1
done
check_eq "the last commit shows on the mount" yes "$seen"
check "grep -r after the commits" bash -c "grep -r -c Status '$MNT' > /dev/null"
# More queries than the registry holds (4096), so old ones are forgotten.
check "5,000 search queries" python3 -c 'import os, sys
for i in range(5000): os.listdir(os.path.join(sys.argv[1], "search", "care %d" % i))' "$MNT"
# The error paths: the database damaged under the mount.  Its recent pages
# may still be in the WAL (the mount's snapshot holds checkpoints back,
# fs/past.c), so the WAL goes too.
head -c "$(stat -c %s "$DB")" /dev/urandom | dd of="$DB" conv=notrunc status=none
[ -e "$DB-wal" ] && truncate -s 0 "$DB-wal"
out=$(for i in $(seq 20); do ls "$MNT/search/damaged $i"; done 2>&1 > /dev/null)
check "new queries on a damaged database fail (EIO)" grep -q 'Input/output error' <<<"$out"
check "unmount" fusermount3 -u "$MNT"
wait "$VG"; rc=$?
check_eq "valgrind exit status (9: an error or a definite leak)" 0 "$rc"
check "valgrind wrote its summary" grep -q 'ERROR SUMMARY' "$LOG"
check_eq "no invalid reads or writes" 0 "$(grep -cE 'Invalid (read|write|free)|uninitialised|Mismatched free' "$LOG")"
lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$LOG" | tr -d , | head -n 1)
check_eq "definitely lost: ${lost:-0} bytes" 0 "${lost:-0}"
sed -n '/HEAP SUMMARY/,$p' "$LOG" | sed 's/^==[0-9]*== /# /'
[ "$rc" = 0 ] || grep -B2 -A25 -E 'Invalid|definitely lost in' "$LOG" | head -n 80
t_done
