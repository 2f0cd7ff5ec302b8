#!/usr/bin/env bash
# govctl backup and restore (RELIABILITY.md, 1k) with the database
# mounted, a writer committing and readers reading: a backup is one
# consistent, complete file; a restore is one commit the mount follows
# (the restored records shown, what came after the backup gone), never a
# mix; files that are not govfs databases, damaged or of a newer schema
# are refused with the database unchanged.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rel/lib.sh"
DB=$T_TMP/council.db MNT=$T_TMP/mnt B=$T_TMP/backup.db
"$GOVCTL" --db "$DB" init > /dev/null
"$GOVCTL" --db "$DB" generate --items 1000 > /dev/null
board=$("$GOVCTL" --db "$DB" board list | head -n 1 | cut -f1)
"$GOVCTL" --db "$DB" action set 1 --owner before-backup > /dev/null
check "mount the database" t_mount "$DB" "$MNT"

# a writer (its own action) and readers for the whole test
rm -f "$T_TMP/stop"
(	i=0
	until [ -e "$T_TMP/stop" ]; do
		i=$((i + 1))
		"$GOVCTL" --db "$DB" action set 2 --owner "writer-$i" > /dev/null 2>> "$T_TMP/writer.err"
		echo $? >> "$T_TMP/writer.rc"
	done
) &
writer=$!
reader() {   # reader N: action 1 read whole, again and again
	local n=0 bad=0 t
	until [ -e "$T_TMP/stop" ]; do
		t=$(cat "$MNT/actions/000001/action.txt" 2>&1) || bad=$((bad + 1))
		case $t in
		*"Owner: before-backup"*|*"Owner: after-backup"*) ;;
		*) bad=$((bad + 1)); echo "$t" | head -n 3 >> "$T_TMP/reader.err" ;;
		esac
		n=$((n + 1))
	done
	echo "$n $bad" > "$T_TMP/reader.$1"
}
for r in 1 2 3 4; do reader "$r" & done

# --- backup ---------------------------------------------------------------
out=$("$GOVCTL" --db "$DB" backup "$B" 2>&1); rc=$?
check_eq "backup while mounted and written: exit 0 ($out)" 0 "$rc"
check_eq "the backup passes integrity_check" ok "$(sqlite3 "$B" 'PRAGMA integrity_check')"
check_eq "the backup is one file (rollback journal, nothing beside it)" \
	"delete no" "$(sqlite3 "$B" 'PRAGMA journal_mode') $([ -e "$B-wal" ] && echo yes || echo no)"
check_eq "the backup has mode 0600" 600 "$(stat -c %a "$B")"
check_eq "the backup holds every item" 1000 "$(sqlite3 "$B" 'SELECT count(*) FROM item')"
check_eq "the backup holds action 1 as it was" before-backup \
	"$(sqlite3 "$B" 'SELECT owner FROM action WHERE id = 1')"
check_eq "backup again over the same file: exit 0" 0 \
	"$("$GOVCTL" --db "$DB" backup "$B" > /dev/null 2>&1; echo $?)"
check_eq "backup onto a live database (it has a -wal): exit 73" 73 \
	"$("$GOVCTL" --db "$B" backup "$DB" > /dev/null 2>&1; echo $?)"

# --- changes after the backup, seen by the mount ----------------------------
"$GOVCTL" --db "$DB" action set 1 --owner after-backup > /dev/null
new=$("$GOVCTL" --db "$DB" item add "$board" 2042-03-04 --number 7 --title "After the backup")
seen=no
for _ in $(seq 100); do
	grep -q '^Owner: after-backup$' "$MNT/actions/000001/action.txt" &&
		[ -d "$MNT/$new" ] && { seen=yes; break; }
	sleep 0.02
done
check_eq "the mount shows the changes made after the backup" yes "$seen"

# --- files refused, the database unchanged ----------------------------------
head -c 100000 /dev/urandom > "$T_TMP/random.db"
sqlite3 "$T_TMP/other.db" 'CREATE TABLE x (a)'
: > "$T_TMP/empty.db"
cp "$B" "$T_TMP/newer.db"; sqlite3 "$T_TMP/newer.db" 'PRAGMA user_version = 999'
cp "$B" "$T_TMP/damaged.db"
python3 - "$T_TMP/damaged.db" <<'EOF'
import sys
f = open(sys.argv[1], "r+b")
f.seek(4096 * 20)
f.write(b"\xff" * 4096)
EOF
refuse() {   # refuse DESC FILE CODE MESSAGE
	local out rc sum0
	sum0=$(sqlite3 -cmd '.timeout 10000' "$DB" 'SELECT owner FROM action WHERE id = 1; SELECT count(*) FROM item')
	out=$("$GOVCTL" --db "$DB" restore "$2" 2>&1); rc=$?
	check_eq "restore of $1: exit $3" "$3" "$rc"
	case $out in *"$4"*"nothing restored (the database is unchanged)"*) ok "restore of $1: says '$4', nothing restored" ;;
	*) fail "restore of $1: says '$4', nothing restored"; echo "  $out" ;; esac
	check_eq "restore of $1: the database is unchanged" "$sum0" \
		"$(sqlite3 -cmd '.timeout 10000' "$DB" 'SELECT owner FROM action WHERE id = 1; SELECT count(*) FROM item')"
}
refuse "random bytes" "$T_TMP/random.db" 78 "not a govfs database"
refuse "another SQLite database" "$T_TMP/other.db" 78 "not a govfs database"
refuse "an empty file" "$T_TMP/empty.db" 78 "not a govfs database"
refuse "a newer schema" "$T_TMP/newer.db" 78 "schema 999 is newer than this govfs"
refuse "a damaged database" "$T_TMP/damaged.db" 78 "damaged database"
refuse "a missing file" "$T_TMP/nothing.db" 66 "No such file"

# --- restore while mounted, written and read --------------------------------
t0=$EPOCHREALTIME
out=$("$GOVCTL" --db "$DB" restore "$B" 2>&1); rc=$?
t1=$EPOCHREALTIME
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
check_eq "restore while mounted, written and read: exit 0 in $took s ($out)" 0 "$rc"
seen=no
for _ in $(seq 100); do
	grep -q '^Owner: before-backup$' "$MNT/actions/000001/action.txt" &&
		[ ! -e "$MNT/$new" ] && { seen=yes; break; }
	sleep 0.01
done
lat=$(awk -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
check_eq "the mount shows the restored records within 1 s of the restore ($lat s)" yes "$seen"
check_eq "govctl show: the item added after the backup is gone" 65 \
	"$("$GOVCTL" --db "$DB" show "$new" > /dev/null 2>&1; echo $?)"
check_eq "... and not listed by its meeting" "" \
	"$(ls "$MNT/$(dirname "$new")" 2>/dev/null | grep -x "$(basename "$new")")"
touch "$T_TMP/stop"
wait "$writer"
for r in 1 2 3 4; do wait; done 2>/dev/null
reads=0 bad=0
for r in 1 2 3 4; do read -r n b < "$T_TMP/reader.$r"; reads=$((reads + n)); bad=$((bad + b)); done
check_eq "4 readers, $reads reads of action 1: every one whole, of one database or the other" 0 "$bad"
[ "$bad" = 0 ] || head -n 6 "$T_TMP/reader.err" | sed 's/^/  /'
codes=$(sort "$T_TMP/writer.rc" | uniq -c | awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')
check_eq "the writer beside it never failed ($codes)" 0 "$(grep -vc '^0$' "$T_TMP/writer.rc")"
check_eq "integrity after the restore" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check_eq "foreign keys after the restore" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"
check "the full-text index after the restore" sqlite3 "$DB" \
	"INSERT INTO item_fts(item_fts, rank) VALUES ('integrity-check', 1)"
check_eq "no scratch file left beside the database" "" \
	"$(ls "$T_TMP" | grep -E 'restore-|tmp-')"
"$GOVCTL" --db "$DB" action set 1 --owner after-restore > /dev/null
seen=no
for _ in $(seq 100); do
	grep -q '^Owner: after-restore$' "$MNT/actions/000001/action.txt" && { seen=yes; break; }
	sleep 0.01
done
check_eq "a write after the restore shows on the mount within 1 s" yes "$seen"
t_umount "$MNT"
check "the mount is gone" rel_wait_gone "$MNT" 5
t_done
