#!/usr/bin/env bash
# Parallel writers (RELIABILITY.md, 1j): four `govctl import`s at once,
# one page a call, while govctl search reads: none fails, none exits 70,
# every page is in, the schema never changes; a database another writer
# holds: exit 75, "database is busy, try again", "nothing imported", the
# database unchanged, and --wait SECONDS waits it out.  The 60 s version
# with a mount and eight readers is tests/stress/writers.sh.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=${REL_OUT:-$T_TMP/figures}
: > "$REL_OUT"
NPAGES=${WRITERS_PAGES:-400}

check "generate $NPAGES pages and their boards" rel_import_setup "$NPAGES"
DB=$T_TMP/w.db
cp "$REL_BASE" "$DB"
"$GOVCTL" --db "$DB" import "$(ls "$REL_PAGES"/*.txt | head -n 1)" > /dev/null
schema0=$(sqlite3 "$DB" 'PRAGMA schema_version')

# --- four importers, one page a call, and a reader -------------------------
ls "$REL_PAGES"/*.txt | tail -n +2 > "$T_TMP/pagelist"
split -n r/4 -d "$T_TMP/pagelist" "$T_TMP/part."
: > "$T_TMP/stop"; rm -f "$T_TMP/stop"
(	n=0 bad=0
	until [ -e "$T_TMP/stop" ]; do
		"$GOVCTL" --db "$DB" search council > /dev/null 2>> "$T_TMP/search.err" ||
			bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad" > "$T_TMP/search.count"
) &
reader=$!
t0=$EPOCHREALTIME
for k in 0 1 2 3; do
	(	while read -r page; do
			"$GOVCTL" --db "$DB" import "$page" > /dev/null 2>> "$T_TMP/err.$k"
			echo $? >> "$T_TMP/rc.$k"
		done < "$T_TMP/part.0$k"
	) &
done
wait $(jobs -p | grep -v "^$reader$")
t1=$EPOCHREALTIME
touch "$T_TMP/stop"; wait "$reader"
codes=$(cat "$T_TMP"/rc.* | sort | uniq -c | awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')
echo "parallel_imports $(cat "$T_TMP"/rc.* | wc -l) exits: $codes, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s" >> "$REL_OUT"
check_eq "4 parallel importers: no exit 70" 0 "$(cat "$T_TMP"/rc.* | grep -c '^70$')"
check_eq "4 parallel importers: every import succeeded ($codes)" \
	"$((NPAGES - 1))" "$(cat "$T_TMP"/rc.* | grep -c '^0$')"
check_eq "4 parallel importers: nothing on stderr" "" "$(cat "$T_TMP"/err.*)"
check_eq "every page is in" "$NPAGES" "$(sqlite3 "$DB" 'SELECT count(*) FROM item')"
read -r sn sbad < "$T_TMP/search.count"
check_eq "a reader searching meanwhile: $sn searches, none failed" "0 " "$sbad $(cat "$T_TMP/search.err")"
check_eq "the imports changed no schema (schema_version)" "$schema0" \
	"$(sqlite3 "$DB" 'PRAGMA schema_version')"
check_eq "integrity" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check_eq "foreign keys" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"
check "the full-text index holds every item" sqlite3 "$DB" \
	"INSERT INTO item_fts(item_fts, rank) VALUES ('integrity-check', 1)"
check_eq "counters agree with the rows" "" "$(sqlite3 "$DB" "
	SELECT name FROM counter c WHERE name IN ('item', 'resolution', 'document', 'action')
	AND n != CASE name WHEN 'item' THEN (SELECT count(*) FROM item)
	  WHEN 'resolution' THEN (SELECT count(*) FROM resolution)
	  WHEN 'document' THEN (SELECT count(*) FROM document)
	  ELSE (SELECT count(*) FROM action) END")"
check_eq "no page is waiting for the index" 0 "$(sqlite3 "$DB" 'SELECT count(*) FROM fts_pending')"
check_eq "the rows of an item have no insert triggers (schema 13)" 0 "$(sqlite3 "$DB" "
	SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
	AND sql LIKE '% AFTER INSERT ON %' AND tbl_name IN ('item', 'resolution',
	'document', 'action', 'action_history', 'item_person', 'attendance')")"

# --- a database another writer holds ----------------------------------------
page=$(ls "$REL_PAGES"/*.txt | head -n 1)
board=$("$GOVCTL" --db "$DB" board list | head -n 1 | cut -f1)
action=$(sqlite3 "$DB" 'SELECT printf("%06d", min(id)) FROM action')
rm -f "$T_TMP/ready"
python3 "$REL/lock.py" "$DB" 8 "$T_TMP/ready" &
locker=$!
for i in $(seq 50); do [ -e "$T_TMP/ready" ] && break; sleep 0.1; done
sum0=$(sqlite3 "$DB" .dump | sha256sum)
busy() {   # busy DESC ARGS...: exit 75, "database is busy, try again"
	local d=$1 out rc; shift
	out=$("$GOVCTL" --db "$DB" "$@" 2>&1 >/dev/null); rc=$?
	check_eq "$d: exit 75" 75 "$rc"
	case $out in
	*"database is busy, try again"*"--wait SECONDS waits longer"*) ok "$d: says busy, try again, and --wait" ;;
	*) fail "$d: says busy, try again, and --wait"; printf '  %s\n' "$out" ;;
	esac
	LAST=$out
}
t0=$EPOCHREALTIME
busy "import, --wait 1" --wait 1 import --board "$board" --date 2041-01-01 --number 1 "$page"
w=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
check "import, --wait 1: waited about 1 s ($w s)" awk -v w="$w" 'BEGIN { exit !(w >= 0.9 && w < 3) }'
case $LAST in *"nothing imported"*) ok "import, --wait 1: says nothing imported" ;;
*) fail "import, --wait 1: says nothing imported" ;; esac
busy "import --files-from, --wait=0.5" --wait=0.5 import --files-from "$T_TMP/part.00"
case $LAST in *"nothing imported"*) ok "import --files-from: says nothing imported" ;;
*) fail "import --files-from: says nothing imported" ;; esac
busy "action set, --wait 0.5" --wait 0.5 action set "$action" --status done
busy "board add, --wait 0.5" --wait 0.5 board add busy-board --name "Busy board"
busy "item add, --wait 0.5" --wait 0.5 item add "$board" 2041-01-02 --number 1 --title Busy
check_eq "the busy commands changed nothing" "$sum0" "$(sqlite3 "$DB" .dump | sha256sum)"
out=$("$GOVCTL" --db "$DB" --wait 20 import --board "$board" --date 2041-01-03 \
	--number 1 "$page" 2>&1); rc=$?
check_eq "--wait 20: the import waits the lock out and commits" 0 "$rc"
wait "$locker"
check_eq "... and its item is in" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM item i JOIN meeting m ON m.id = i.meeting_id WHERE m.date = '2041-01-03'")"
out=$("$GOVCTL" --wait soon --db "$DB" board list 2>&1); rc=$?
check_eq "--wait soon: exit 64" 64 "$rc"
check_eq "--wait soon: says why" "govctl: invalid --wait 'soon' (expected 0 to 86400 seconds)" "$out"
check_eq "--wait -1: exit 64" 64 "$("$GOVCTL" --wait -1 --db "$DB" board list > /dev/null 2>&1; echo $?)"

sed 's/^/# /' "$REL_OUT"
t_done
