#!/usr/bin/env bash
# govctl end to end: every command on the sample minutes, exit codes from
# sysexits.h, and bad input that must leave the database exactly as it was.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/g.db
export GOVFS_DB=$DB
g() { "$GOVCTL" "$@"; }



# --- the samples -------------------------------------------------------------
check "load the samples" t_demo_db "$DB"
check_eq "db mode 0600" "600" "$(stat -c %a "$DB")"
check_eq "five boards" 5 "$(g board list | wc -l)"
check_eq "board list --json has format" 1 "$(g board list --json | jq .format)"
check_eq "five meetings in date order" \
	"2015-06-15 2015-10-08 2016-12-08 2020-02-05 2023-10-10" \
	"$(g meeting list | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
check_eq "seven actions from the resolutions" 7 "$(g action list | wc -l)"
check_eq "two overdue with due dates" "6 7" \
	"$(g action list --overdue --json | jq -r '[.actions[].id] | join(" ")')"
check_eq "actions tsv header" \
	"$(printf 'id\tstatus\trag\tprogress\tdue\towner\tboard\titem\tresolution\ttext')" \
	"$(g action list --format tsv | head -1)"
check_eq "tsv equals actions/actions.tsv" "$(g show actions/actions.tsv)" \
	"$(g action list --format tsv)"

item=boards/slough-cabinet/meetings/2015-06-15/items/05-childrens-services-improvement-update
check "show an item file" g show "$item/item.txt"
check_eq "show follows links" "$(g show "$item/decisions.txt")" \
	"$(g show meetings/2015-06-15-slough-cabinet/items/05-childrens-services-improvement-update/decisions.txt)"
check_eq "search ranks the foster carers item" "$item" \
	"$(g search --paths --limit 1 foster carers)"
check_eq "search --json" "$item" "$(g search --json foster carers | jq -r '.items[0].path')"

# --- actions: add, set, history -----------------------------------------------
out=$(g action add --item "$item" --text "Report recruitment figures" \
	--owner "Director" --due 2026-12-01 --rag amber)
check_eq "action add prints its path" "actions/000008" "$out"
check "action set by path" g action set actions/000008 --status in_progress --progress 40 --note "Half done"
check "action set by number" g action set 8 --status done --rag green
check "action set with nothing new is fine" g action set 8 --status done
check_eq "status done" "done" "$(g show actions/000008/action.json | jq -r .status)"
check_eq "three history entries" 3 "$(g show actions/000008/action.json | jq '.history | length')"
check_eq "history says what changed" \
	"$(printf '2026-11-23T10:00:00Z\tstatus in_progress -> done; rag amber -> green')" \
	"$(g show actions/000008/history.txt | tail -1)"
check "in done/" g show actions/done/000008
check_eq "item lists its action" "000008" "$(g show "$item/actions")"
check "action by board" g action add --board slough-cabinet --text "Board-level action"

# --- plans, items, meetings ----------------------------------------------------
check_eq "plan lists two items in date order" 2 "$(g show plans/slough-childrens-improvement/items | wc -l)"
check "item add" g item add slough-cabinet 2015-07-13 --number 3 --title "Ofsted Monitoring Visit"
check "meeting add second on a day" g meeting add slough-cabinet 2015-07-13 --status Cancelled
check_eq "second meeting named -2" "2015-07-13 2015-07-13-2" \
	"$(g show boards/slough-cabinet/meetings | tr -d / | grep 2015-07 | tr '\n' ' ' | sed 's/ $//')"

# --- export -----------------------------------------------------------------------
check "export" g export "$T_TMP/tree"
check_eq "export item.txt equals show" "$(g show "$item/item.txt")" "$(cat "$T_TMP/tree/$item/item.txt")"
check "export links are relative and work" test -f "$T_TMP/tree/actions/open/000001/action.json"
check "export: an item's action links lead to the actions" \
	test -f "$T_TMP/tree/$(g show actions/000001/action.json | jq -r .item)/actions/000001/action.txt"
check "export: no link back from an action to its item" test ! -e "$T_TMP/tree/actions/000001/item"
check "every json parses" bash -c "find '$T_TMP/tree' -name '*.json' -print0 | xargs -0 -n1 jq -e . >/dev/null"
expect_fail "export into a non-empty folder" 65 "not empty" g export "$T_TMP/tree"

# --- usage and errors: sysexits codes, database unchanged ---------------------------
expect_fail "unknown command" 64 "unknown command" g frobnicate
expect_fail "missing argument" 64 "--name is required" g board add x
expect_fail "bad slug" 65 "invalid board name" g board add 'Bad/Name' --name X
expect_fail "duplicate board" 65 "already exists" g board add slough-cabinet --name X
expect_fail "unknown board" 65 "unknown board 'nope'" g meeting add nope 2020-01-01
expect_fail "bad date" 64 "2020-02-30: not a calendar date" g meeting add slough-cabinet 2020-02-30
expect_fail "bad status" 64 "invalid --status 'finished'" g action set 1 --status finished
expect_fail "bad progress" 64 "invalid progress" g action set 1 --progress 120
expect_fail "unknown action" 65 "no action" g action set 999 --status done
expect_fail "unknown item path" 65 "no item boards/x/y in the tree" g action add --item boards/x/y --text t
expect_fail "missing file" 66 "nope.txt" g import --board slough-cabinet --date 2020-01-01 --number 1 "$T_TMP/nope.txt"

# Bad pages: each rejected with file and line, nothing imported.
good=$SAMPLES/002_d8cedbe0f94e1940.txt
printf 'Agenda item\n\nTitle\n\nMinutes:\n\nText \x00 here\nSupporting documents:\n' > "$T_TMP/nul.txt"
printf 'Agenda item\n\nTitle\n\nMinutes:\n\nBad \xff\xfe byte\n\nSupporting documents:\n' > "$T_TMP/utf8.txt"
head -c 700 "$good" > "$T_TMP/truncated.txt"
: > "$T_TMP/empty.txt"
head -c 3000 /bin/ls > "$T_TMP/binary.txt"
awk 'BEGIN { print "Agenda item\n\nHuge\n\nMinutes:\n"; for (i = 0; i < 700000; i++) print "The Board noted the report on foster carers and the budget." ; print "Supporting documents:" }' > "$T_TMP/huge.txt"
cp "$good" "$T_TMP/dup-a.txt"
printf 'Agenda item\n\nAnother title\n\nMinutes:\n\nDifferent.\n\nSupporting documents:\n' > "$T_TMP/dup-b.txt"
imp() { g import --board slough-cabinet --date 2021-01-01 "$@"; }
expect_fail "NUL byte" 65 "nul.txt:7:" imp --number 1 "$T_TMP/nul.txt"
expect_fail "invalid UTF-8" 65 "utf8.txt:7:" imp --number 1 "$T_TMP/utf8.txt"
# A page cut off imports what it has, marked partial, with a warning naming
# the file and its last line (in a copy: the bad pages below meet the
# database as it was).
cp "$DB" "$T_TMP/trunc.db"
out=$(GOVFS_DB=$T_TMP/trunc.db g import --board slough-cabinet --date 2021-01-01 --number 1 \
	"$T_TMP/truncated.txt" 2>"$T_TMP/trunc.err"); rc=$?
check_eq "truncated page: imported, exit 0" 0 "$rc"
check "...said partial on its line" grep -q ' : .*, partial$' <<<"$out"
check "...a warning naming the file and line" \
	grep -q "truncated.txt:[0-9][0-9]*: warning: the page is cut off" "$T_TMP/trunc.err"
expect_fail "empty file" 65 "empty.txt" imp --number 1 "$T_TMP/empty.txt"
expect_fail "binary file" 65 "binary.txt:" imp --number 1 "$T_TMP/binary.txt"
expect_fail "50 MB file" 65 "huge.txt" imp --number 1 "$T_TMP/huge.txt"
printf 'Issue - meetings\n\nLooked After Children Update\n\nMeeting: 13/07/2015 - Cabinet (Item 7)\n\nMinutes:\n\nThe Cabinet noted the update.\n\nResolved \xe2\x80\x93 That the update be noted.\n\nSupporting documents:\n' > "$T_TMP/issue.txt"
expect_fail "good then bad: all or nothing" 65 "utf8.txt:7:" g import "$T_TMP/issue.txt" "$T_TMP/utf8.txt"
check_eq "an Issue - meetings page places itself" \
	"added boards/slough-cabinet/meetings/2015-07-13/items/07-looked-after-children-update" \
	"$(g import "$T_TMP/issue.txt" | sed 's/ : .*//')"
check "first import of a page" imp --number 9 "$T_TMP/dup-a.txt"
before=$(dbsum)
check_eq "same page again is a no-op" "unchanged" "$(imp --number 9 "$T_TMP/dup-a.txt" | cut -d' ' -f1)"
check_eq "database unchanged by the no-op" "$before" "$(dbsum)"
expect_fail "different page, same number" 65 "--replace" imp --number 9 "$T_TMP/dup-b.txt"
check_eq "replace" "replaced" "$(imp --replace --number 9 "$T_TMP/dup-b.txt" | cut -d' ' -f1)"
check "SQL metacharacters are data" g board add sql-test --name "x'); DROP TABLE board; --" --council "O'Brien \"Council\""
check_eq "...stored as given" "x'); DROP TABLE board; --" "$(g show boards/sql-test/board.json | jq -r .name)"
check_eq "integrity" "ok" "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
for t in board meeting item resolution action person plan document; do
	check_eq "counter of $t rows is right" "$(sqlite3 "$DB" "SELECT count(*) FROM $t")" \
		"$(sqlite3 "$DB" "SELECT n FROM counter WHERE name = '$t'")"
done
check_eq "counter of open actions is right" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM action WHERE status IN ('open','in_progress')")" \
	"$(sqlite3 "$DB" "SELECT n FROM counter WHERE name = 'action.open'")"
check_eq "counter of done actions is right" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM action WHERE status = 'done'")" \
	"$(sqlite3 "$DB" "SELECT n FROM counter WHERE name = 'action.done'")"
check_eq "per-day counters of open actions are right" \
	"$(sqlite3 "$DB" "SELECT 'due:' || due, count(*) FROM action WHERE status IN ('open', 'in_progress') AND due IS NOT NULL GROUP BY due ORDER BY 1")" \
	"$(sqlite3 "$DB" "SELECT name, n FROM counter WHERE name LIKE 'due:%' AND n > 0 ORDER BY 1")"
check_eq "foreign keys" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"

# --- import: pages read ahead on other threads, written in order ----------------
# The same pages with --jobs 0 (each read and parsed by the writer), 1 and
# 3 reader threads: the same output and the same database; an error in the
# middle stops it the same way, database unchanged.
P=$T_TMP/par
g generate --items 300 --pages "$P" >/dev/null
boards_db() {
	rm -f "$1"; GOVFS_DB=$1 g init >/dev/null
	while IFS=$'\t' read -r slug name council kind; do
		GOVFS_DB=$1 g board add "$slug" --name "$name" --council "$council" --kind "$kind" >/dev/null
	done < "$P/boards.tsv"
}
boards_db "$T_TMP/par-empty.db"
par_import() {  # par_import JOBS FILE...: output (stdout, stderr, exit) of an import into a copy
	local j=$1; shift
	cp "$T_TMP/par-empty.db" "$T_TMP/par-$j.db"
	GOVFS_DB=$T_TMP/par-$j.db g import --jobs "$j" "$@" 2>&1; echo "exit $?"
}
files=("$P"/*.txt)
out0=$(par_import 0 "${files[@]}")
check_eq "serial import of 300 pages" "exit 0" "$(tail -1 <<<"$out0")"
check_eq "...300 items" 300 "$(sqlite3 "$T_TMP/par-0.db" 'SELECT count(*) FROM item')"
for j in 1 3; do
	check_eq "--jobs $j: same output" "$out0" "$(par_import "$j" "${files[@]}")"
	check_eq "--jobs $j: same database" "$(dbsum "$T_TMP/par-0.db")" "$(dbsum "$T_TMP/par-$j.db")"
done
cp "$T_TMP/par-empty.db" "$T_TMP/par-auto.db"
check_eq "default jobs: same output" "$(grep -v '^exit' <<<"$out0")" \
	"$(GOVFS_DB=$T_TMP/par-auto.db g import "${files[@]}" 2>&1)"
check_eq "default jobs: same database" "$(dbsum "$T_TMP/par-0.db")" "$(dbsum "$T_TMP/par-auto.db")"
bad=("${files[@]:0:150}" "$T_TMP/utf8.txt" "${files[@]:150}")
out0=$(par_import 0 "${bad[@]}")
check_eq "bad page in the middle: exit 65" "exit 65" "$(tail -1 <<<"$out0")"
check "...names file and line" grep -qF "utf8.txt:7: invalid UTF-8" <<<"$out0"
for j in 1 3; do
	check_eq "bad page in the middle, --jobs $j: same output" "$out0" "$(par_import "$j" "${bad[@]}")"
	check_eq "...database unchanged" "$(dbsum "$T_TMP/par-empty.db")" "$(dbsum "$T_TMP/par-$j.db")"
done
cp "$T_TMP/par-empty.db" "$T_TMP/par-auto.db"
check_eq "bad page in the middle, default jobs: same output" "$out0" \
	"$(GOVFS_DB=$T_TMP/par-auto.db g import "${bad[@]}" 2>&1; echo "exit $?")"
check_eq "...database unchanged" "$(dbsum "$T_TMP/par-empty.db")" "$(dbsum "$T_TMP/par-auto.db")"
missing=("${files[@]:0:200}" "$T_TMP/nope.txt" "${files[@]:200}")
out0=$(par_import 0 "${missing[@]}")
check_eq "missing file in the middle: exit 66" "exit 66" "$(tail -1 <<<"$out0")"
check_eq "missing file in the middle, --jobs 2: same output" "$out0" "$(par_import 2 "${missing[@]}")"
check_eq "...database unchanged" "$(dbsum "$T_TMP/par-empty.db")" "$(dbsum "$T_TMP/par-2.db")"
check_eq "standard input with --jobs 4" "$(par_import 0 "$T_TMP/issue.txt" - <"$T_TMP/issue.txt")" \
	"$(par_import 4 "$T_TMP/issue.txt" - <"$T_TMP/issue.txt")"
expect_fail "--jobs not a number" 64 "--jobs expects 0 to 16" g import --jobs x "$T_TMP/issue.txt"
# --files-from: the files a list names (one a line, or NUL-ended with
# --null), after those given, in the same transaction
outall=$(par_import 0 "${files[@]}")
printf '%s\n' "${files[@]:100}" > "$T_TMP/list.txt"
cp "$T_TMP/par-empty.db" "$T_TMP/par-list.db"
check_eq "--files-from LIST: the same output as the names given" "$outall" \
	"$(GOVFS_DB=$T_TMP/par-list.db g import --jobs 0 "${files[@]:0:100}" --files-from "$T_TMP/list.txt" 2>&1; echo "exit $?")"
check_eq "...the same database" "$(dbsum "$T_TMP/par-0.db")" "$(dbsum "$T_TMP/par-list.db")"
cp "$T_TMP/par-empty.db" "$T_TMP/par-list.db"
check_eq "find -print0 | import --files-from - --null: the same output" "$outall" \
	"$(printf '%s\0' "${files[@]}" | GOVFS_DB=$T_TMP/par-list.db g import --jobs 0 --files-from - --null 2>&1; echo "exit $?")"
check_eq "...the same database" "$(dbsum "$T_TMP/par-0.db")" "$(dbsum "$T_TMP/par-list.db")"
printf '%s\n' "$T_TMP/issue.txt" "$T_TMP/nope.txt" > "$T_TMP/bad-list.txt"
expect_fail "--files-from: a listed file is missing" 66 "nope.txt" g import --files-from "$T_TMP/bad-list.txt"
printf '%s\n' "$T_TMP/issue.txt" "$T_TMP/utf8.txt" > "$T_TMP/bad-list.txt"
expect_fail "--files-from: a listed page is bad" 65 "utf8.txt:7:" g import --files-from "$T_TMP/bad-list.txt"
expect_fail "--files-from: no such list" 66 "nolist.txt" g import --files-from "$T_TMP/nolist.txt"
expect_fail "--files-from: an empty list" 64 "no files given" g import --files-from /dev/null
expect_fail "--null without --files-from" 64 "--null applies to --files-from" g import --null "$T_TMP/issue.txt"
expect_fail "--files-from - and the page -" 64 "both read standard input" g import --files-from - - </dev/null

# --- help and version ------------------------------------------------------------------
for v in init board meeting item import action plan document rm mv log show search export backup restore generate sync; do
	check "$v --help" bash -c "'$GOVCTL' $v --help | grep -q '^usage: govctl $v'"
done
check "--version" bash -c "'$GOVCTL' --version | grep -q 'govctl [0-9]'"
check "--help lists every command" bash -c "'$GOVCTL' --help | grep -c '^  [a-z]' | grep -qx 19"
t_done
