#!/usr/bin/env bash
# govfs follows the database file at its path (issue #15): a database
# replaced under a mount (renamed over, removed and created again) while
# eight readers read the tree.  Every read gives the old file's bytes or
# the new file's, never a mix; within a second every read gives the new
# file's; the old file's WAL is never applied to the new file (moved
# aside, and logged), so the file is sound afterwards and a writer's next
# commit lands on what was restored.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
g() { "$GOVCTL" --db "$DB" "$@"; }
READERS=8

DB=$T_TMP/council.db M=$T_TMP/m LOG=$T_TMP/restore.log
check "the database: the sample minutes" t_demo_db "$DB"
# the replacement: the same records and more, most files changed
cp "$DB" "$T_TMP/new.db"
DBN=$T_TMP/new.db
check "the new file: every action done" bash -c '
	for id in $(sqlite3 "$1" "SELECT id FROM action"); do
		"$2" --db "$1" --no-wait action set "$id" --status done --note restored >/dev/null || exit 1
	done' _ "$DBN" "$GOVCTL"
check "the new file: a board more" "$GOVCTL" --db "$DBN" board add restored-board --name "Restored Board"
check "export the old file" g export "$T_TMP/old"
check "export the new file" "$GOVCTL" --db "$DBN" export "$T_TMP/new"
sqlite3 "$DBN" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

check "mount" t_mount "$DB" "$M" -o "log=$LOG"
# the files the readers read: every text file of both trees' actions/,
# boards' board.txt, README
(cd "$T_TMP/old" && find README actions boards -maxdepth 3 -name '*.txt' -o -name README) | sort > "$T_TMP/paths"
check "files to read: $(wc -l < "$T_TMP/paths")" test "$(wc -l < "$T_TMP/paths")" -ge 20
# writes to the old file while mounted leave a WAL beside it
check "a commit on the old file (its WAL stays while mounted)" g action set 1 --note "before the restore"
g export "$T_TMP/old2" >/dev/null && rm -rf "$T_TMP/old" && mv "$T_TMP/old2" "$T_TMP/old"
check "the old file has a WAL" test -s "$DB-wal"

cat > "$T_TMP/reader.py" <<'EOF'
# reader.py MOUNT OLD NEW PATHS SECONDS: read every path in turn until
# SECONDS pass; print one line per read: ns-since-epoch class path, class
# old (the old tree's bytes), new, both (the trees agree), err, mixed.
import os, sys, time
mnt, old, new, paths, secs = sys.argv[1:6]
paths = [p.strip() for p in open(paths) if p.strip()]
def bytes_of(root, p):
    try:
        with open(os.path.join(root, p), 'rb') as f: return f.read()
    except OSError: return None
want = {p: (bytes_of(old, p), bytes_of(new, p)) for p in paths}
end = time.time() + float(secs)
out = []
while time.time() < end:
    for p in paths:
        t = time.time_ns()
        try:
            with open(os.path.join(mnt, p), 'rb') as f: b = f.read()
        except OSError as e:
            out.append("%d err %s %s" % (t, p, e.strerror)); continue
        o, n = want[p]
        c = 'both' if b == o and b == n else 'old' if b == o else 'new' if b == n else 'mixed'
        out.append("%d %s %s" % (t, c, p))
sys.stdout.write("\n".join(out) + "\n")
EOF

# readers run; the file is replaced as a restore does it
run_readers() {   # run_readers SECONDS OUTPREFIX
	local i
	for i in $(seq $READERS); do
		python3 "$T_TMP/reader.py" "$M" "$T_TMP/old" "$T_TMP/new" "$T_TMP/paths" "$1" > "$2.$i" &
	done
}
run_readers 4 "$T_TMP/r1"
sleep 1
cp "$DBN" "$T_TMP/tmp.db"
T0=$(date +%s%N)
mv "$T_TMP/tmp.db" "$DB"
wait
cat "$T_TMP"/r1.* > "$T_TMP/r1"
mixed=$(grep -c ' mixed ' "$T_TMP/r1")
check_eq "mv over the mounted file, 8 readers: no mixed read ($(wc -l < "$T_TMP/r1") reads)" 0 "$mixed"
late_old=$(awk -v t="$T0" '$1 > t + 1000000000 && $2 == "old"' "$T_TMP/r1" | wc -l)
late_err=$(awk -v t="$T0" '$1 > t + 1000000000 && $2 == "err"' "$T_TMP/r1" | wc -l)
check_eq "... a second after the mv, no read gives the old file" 0 "$late_old"
check_eq "... nor fails" 0 "$late_err"
new_reads=$(awk '$2 == "new"' "$T_TMP/r1" | wc -l)
check "... the new file's bytes are read ($new_reads reads)" test "$new_reads" -gt 0
first_new=$(awk -v t="$T0" '$2 == "new" { print int(($1 - t) / 1000000); exit }' <(sort -n "$T_TMP/r1"))
echo "# first read of the new file: ${first_new} ms after the mv; errors: $(grep -c ' err ' "$T_TMP/r1")"
check "the mount names the new board" test -d "$M/boards/restored-board"
check_eq "README is the new file's" "$(cat "$T_TMP/new/README")" "$(cat "$M/README")"
check "the log says the database was replaced" grep -q "the database was replaced" "$LOG"
check "the old file's WAL was moved aside (logged)" grep -q "moved aside" "$LOG"
check "... and is kept beside the file" bash -c 'ls "$1"-wal.replaced-* >/dev/null' _ "$DB"
check "a commit on the restored file" g action set 2 --note "after the restore"
check_eq "the restored file is sound" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check_eq "... holds the new file's board and no commit of the old file's WAL" \
	"1 0" "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM board WHERE slug = 'restored-board'), (SELECT count(*) FROM action_history WHERE note = 'before the restore')" | tr '|' ' ')"
within "the mount shows the commit on the restored file" \
	grep -q "after the restore" "$M/actions/000002/history.txt"

# removed, then created again by govctl init: reads give the removed
# file's bytes, fail (EIO), or give the new database's
"$GOVCTL" --db "$T_TMP/empty.db" init >/dev/null
"$GOVCTL" --db "$T_TMP/empty.db" export "$T_TMP/empty" >/dev/null
rm -f "$DB"
for i in $(seq $READERS); do
	python3 "$T_TMP/reader.py" "$M" "$T_TMP/new" "$T_TMP/empty" "$T_TMP/paths" 2 > "$T_TMP/r2.$i" &
done
sleep 0.5
check "govctl init where the file was" g init
wait
within "the mount shows the new, empty database" \
	bash -c 'ls "$1/boards" > "$1.ls" && [ ! -s "$1.ls" ]' _ "$M"
check "the log says the database was removed" grep -q "the database was removed" "$LOG"
check_eq "no mixed read while it was gone ($(cat "$T_TMP"/r2.* | wc -l) reads)" 0 "$(cat "$T_TMP"/r2.* | grep -c ' mixed ')"
check "the new database takes records" g board add after-init --name "After Init"
within "... and the mount shows them" test -d "$M/boards/after-init"
check_eq "the new database is sound" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check "... and a govfs database" g board list
check "the daemon is alive" test -e "$M/README"

# a copy written over the live file in place: reads may fail or mix, but
# the daemon stays up and answers
PID=$(pgrep -f "govfs .*$DB $M" | head -1)
for i in $(seq $READERS); do
	python3 "$T_TMP/reader.py" "$M" "$T_TMP/new" "$T_TMP/empty" "$T_TMP/paths" 2 > "$T_TMP/r3.$i" &
done
sleep 0.5
cat "$DBN" > "$DB"
wait
check "a copy over the live file: the daemon is still running" kill -0 "$PID"
out=$(ls "$M" 2>&1); rc=$?
check "... and answers: a listing, or EIO" bash -c '[ "$1" = 0 ] || grep -q "Input/output error" <<<"$2"' _ "$rc" "$out"
# the damage done (the copy and the old log make a malformed file):
# a sound file renamed over it, and the mount recovers
cp "$DBN" "$T_TMP/tmp.db" && mv "$T_TMP/tmp.db" "$DB"
within "a sound file renamed over it: the mount recovers" test -d "$M/boards/restored-board"
check_eq "... and the file is sound" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check "unmount" t_umount "$M"
# the errors logged are those of no database there, or of the copy
# over the live file (malformed)
check_eq "the daemon logged no other error" "" \
	"$(grep -E ' (error|crit|alert|emerg):' "$LOG" | grep -v 'an empty database\|no such\|unable to open\|query: \|malformed')"

t_done
