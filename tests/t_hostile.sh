#!/usr/bin/env bash
# Hostile input beyond tests/t_govctl.sh: CRLF and CR-only pages, 10,000
# resolutions in one item, 4 KiB (and 64 KiB) titles, names and titles
# with "/", "..", leading dots, control bytes and invalid UTF-8, SQL
# metacharacters in every field of every govctl command.  Each input is a
# clear error (exit 64-66, "govctl: ..." naming what was wrong, database
# unchanged) or a safe import (stored as given, safe names, every file
# renders, JSON parses).  Last, the whole hostile database is mounted:
# every name is a safe slug and every file reads.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/h.db
export GOVFS_DB=$DB
g() { "$GOVCTL" "$@"; }
SAMPLE=$SAMPLES/002_d8cedbe0f94e1940.txt

# refused DESC WHAT CMD...: exits 64, 65 or 66 with a "govctl: " message
# containing WHAT, and leaves the database exactly as it was.
refused() {
	local desc=$1 what=$2 before out rc; shift 2
	before=$(dbsum)
	out=$("$@" 2>&1 >/dev/null); rc=$?
	if [ "$rc" -ge 64 ] && [ "$rc" -le 66 ]; then ok "$desc: refused (exit $rc)"
	else fail "$desc: refused (exit $rc)"; fi
	if grep -q "^govctl[^:]*: .*$what" <<<"$out"; then ok "$desc: message says $what"
	else fail "$desc: message says $what"; printf '  got: %s\n' "$out"; fi
	check_eq "$desc: database unchanged" "$before" "$(dbsum)"
}

# A name in the tree is safe: a slug (lowercase letters, digits, dashes,
# no leading dot or dash), at most 64 bytes (items: number, dash, slug).
safe_name() { [[ $1 =~ ^[a-z0-9][a-z0-9-]*$ ]] && [ "${#1}" -le 64 ]; }

# item_files_ok PATH: every file of the item renders and the JSON parses.
item_files_ok() {
	local f
	for f in item.txt minutes.txt decisions.txt documents.txt; do
		g show "$1/$f" > /dev/null || return 1
	done
	g show "$1/item.json" | jq -e .format > /dev/null
}

check "init" g init
check "a board" g board add hostile --name "Hostile Board" --council "Test Council"

# --- line endings ---------------------------------------------------------------
sed 's/$/\r/' "$SAMPLE" > "$T_TMP/crlf.txt"
tr '\n' '\r' < "$SAMPLE" > "$T_TMP/cr.txt"
cp "$SAMPLE" "$T_TMP/lf.txt"
check "import an LF page" g import --board hostile --date 2021-01-01 --number 1 "$T_TMP/lf.txt"
check "import the same page with CRLF line ends" g import --board hostile --date 2021-01-02 --number 1 "$T_TMP/crlf.txt"
check "import the same page with CR line ends" g import --board hostile --date 2021-01-03 --number 1 "$T_TMP/cr.txt"
I=boards/hostile/meetings
summary() {
	g show "$I/$1/items/01-slough-joint-delivery-plan/item.json" |
		jq -S '{title: .title, subtitle: .subtitle, purpose: .purpose,
		        minutes: .minutes, decision: .decision,
		        resolutions: [.resolutions[] | {label: .label, kind: .kind, text: .text}],
		        documents: [.documents[] | {title: .title, url: .url}],
		        people: [.people[] | .name]}'
}
check_eq "CRLF page imports exactly as the LF page" "$(summary 2021-01-01)" "$(summary 2021-01-02)"
check_eq "CR-only page imports exactly as the LF page" "$(summary 2021-01-01)" "$(summary 2021-01-03)"
check_eq "no carriage return in any rendered file" 0 \
	"$(for d in 2021-01-02 2021-01-03; do for f in item.txt minutes.txt decisions.txt documents.txt item.json; do
		g show "$I/$d/items/01-slough-joint-delivery-plan/$f"; done; done | grep -c $'\r')"

# --- 10,000 resolutions in one item -----------------------------------------------
awk 'BEGIN { print "Agenda item\n\nTen thousand resolutions\n\nMinutes:\n\nThe Board considered the report.\n\nResolved \342\200\223\n"
	for (i = 1; i <= 10000; i++) printf "(%d) That officers report on matter %d.\n", i, i
	print "\nSupporting documents:" }' > "$T_TMP/res10k.txt"
awk 'BEGIN { print "Agenda item\n\nTen thousand actions\n\nMinutes:\n\nThe Board considered the report.\n\nResolved \342\200\223\n"
	for (i = 1; i <= 10000; i++) printf "(%d) That officers report back on matter %d by 1st March 2027.\n", i, i
	print "\nSupporting documents:" }' > "$T_TMP/act10k.txt"
t0=$SECONDS
check "import an item with 10,000 resolutions" g import --board hostile --date 2021-02-01 --number 1 "$T_TMP/res10k.txt"
check "import an item with 10,000 resolutions that each set a deadline" \
	g import --board hostile --date 2021-02-01 --number 2 "$T_TMP/act10k.txt"
check "...both within 60 s" test $((SECONDS - t0)) -lt 60
R=$I/2021-02-01/items/01-ten-thousand-resolutions
A=$I/2021-02-01/items/02-ten-thousand-actions
check_eq "item.json holds all 10,000 resolutions" 10000 "$(g show "$R/item.json" | jq '.resolutions | length')"
check_eq "...in order" "(1) (10000)" "$(g show "$R/item.json" | jq -r '[.resolutions[0].label, .resolutions[-1].label] | join(" ")')"
check_eq "decisions.txt lists all 10,000" 10000 "$(g show "$R/decisions.txt" | grep -c 'That officers report on matter')"
check_eq "10,000 actions derived from the deadlines" 10000 "$(g show "$A/item.json" | jq '.actions | length')"
check "the item's files render" item_files_ok "$A"
check_eq "actions.tsv: every row has 10 fields" "10" \
	"$(g show actions/actions.tsv | awk -F'\t' '{ print NF }' | sort -u | tr '\n' ' ' | sed 's/ $//')"
check_eq "the same page again changes nothing" "unchanged" \
	"$(g import --board hostile --date 2021-02-01 --number 2 "$T_TMP/act10k.txt" | cut -d' ' -f1)"

# --- long titles ------------------------------------------------------------------
t4k=$(printf 'Children%.0s ' $(seq 456) | head -c 4096)
check_eq "a 4 KiB title is 4096 bytes" 4096 "${#t4k}"
out=$(g item add hostile 2021-03-01 --number 1 --title "$t4k"); rc=$?
check_eq "item add with a 4 KiB title" 0 "$rc"
check "...its folder name is a safe slug" safe_name "${out##*/}"
check_eq "...the title is stored whole" 4096 "$(g show "$out/item.json" | jq -r .title | tr -d '\n' | wc -c)"
check "...its files render" item_files_ok "$out"
printf 'Agenda item\n\n%s\n\nMinutes:\n\nText.\n\nSupporting documents:\n' "$t4k" > "$T_TMP/long.txt"
out=$(g import --board hostile --date 2021-03-02 --number 2 "$T_TMP/long.txt"); rc=$?
check_eq "import of a page with a 4 KiB title" 0 "$rc"
out=${out#added }; out=${out%% : *}
check "...its folder name is a safe slug" safe_name "${out##*/}"
check "...its files render" item_files_ok "$out"
check "a board with a 4 KiB name, council, kind and remit" \
	g board add long-names --name "$t4k" --council "$t4k" --kind "$t4k" --remit "$t4k"
check_eq "...stored whole" 4096 "$(g show boards/long-names/board.json | jq -r .name | tr -d '\n' | wc -c)"
t64k=$(head -c 65536 /dev/zero | tr '\0' 'x')
out=$(g item add hostile 2021-03-03 --number 3 --title "$t64k" 2>&1); rc=$?
if [ $rc -eq 0 ]; then
	check "a 64 KiB title: imported safely" item_files_ok "$out"
	check "...with a safe name" safe_name "${out##*/}"
else
	check "a 64 KiB title: a clear error" grep -q '^govctl: ' <<<"$out"
fi
check "search for a 4 KiB query" g search "$t4k"
check "search/<query> of a search result name is at most 255 bytes" \
	bash -c "'$GOVCTL' search --json children | jq -r '.items[].path' | awk '{ if (length(\$0) > 1024) exit 1 }'"

# --- names and titles with /, .., leading dots, control bytes ---------------------------
for slug in 'a/b' '..' '.' '.hidden' 'x-' 'a--b' 'Caps' 'a b' $'a\x01b' $'a\nb' 'é' \
	"$(printf 'a%.0s' $(seq 65))" ''; do
	refused "board add $(printf '%q' "$slug")" "invalid board name" g board add "$slug" --name X
	refused "plan add $(printf '%q' "$slug")" "invalid plan name" g plan add "$slug" --name X
done
n=10
for title in '/' '.' '..' '...' '.hidden' '../../etc/passwd' 'a/b/c' '/etc/shadow' \
	'..\..\windows' '~root' '$(id)' '`id`' '*' '?' '-rf' ' leading space' 'UPPER case' \
	"$(printf 'tab\there')" "$(printf 'line\nbreak')" '„Children’s“ — ünïcödé' '日本語の議事録' '🙂'; do
	n=$((n + 1))
	out=$(g item add hostile 2021-04-01 --number "$n" --title "$title" 2>&1); rc=$?
	desc="title $(printf '%q' "$title")"
	check_eq "$desc: imported" 0 "$rc"
	name=${out##*/}
	check "$desc: folder $name is a safe name" safe_name "$name"
	check_eq "$desc: stored as given" "$title" "$(g show "$out/item.json" | jq -r .title)"
done
for title in $'esc \x1b[31mred' $'bell\x07' $'nul-ish\x01' $'del\x7f' $'back\bspace' $'form\x0cfeed' \
	$'\xff\xfe' $'bad \xc3\x28 utf8' $'overlong \xc0\xaf' $'surrogate \xed\xa0\x80'; do
	desc="title $(printf '%q' "$title")"
	n=$((n + 1))
	refused "$desc" "title: " g item add hostile 2021-04-01 --number "$n" --title "$title"
done
for num in '../1' '/' '.' '..' '1/2' '.5' '-1' $'1\x01'; do
	n=$((n + 1))
	out=$(g item add hostile 2021-04-02 --number "$num" --title "Number $n" 2>&1); rc=$?
	desc="item number $(printf '%q' "$num")"
	if [ $rc -eq 0 ]; then
		check "$desc: a safe folder name (${out##*/})" safe_name "${out##*/}"
	else
		check "$desc: a clear error" grep -q '^govctl: ' <<<"$out"
	fi
done
printf 'Agenda item\n\n../../.hidden/Title\n\nMinutes:\n\nText.\n\nSupporting documents:\n' > "$T_TMP/dots.txt"
out=$(g import --board hostile --date 2021-04-03 --number 1 "$T_TMP/dots.txt"); rc=$?
out=${out%% : *}
check_eq "a page titled ../../.hidden/Title imports" 0 "$rc"
check "...as a safe name (${out##*/})" safe_name "${out##*/}"
refused "meeting date ../2020-01-01" "invalid date" g meeting add hostile ../2020-01-01
refused "meeting date 2020-01-01/.." "invalid date" g meeting add hostile 2020-01-01/..
refused "action add --item ../../etc" "no item" g action add --item ../../etc --text x
refused "action add --item /etc/passwd" "no item" g action add --item /etc/passwd --text x
refused "show ../../../etc/passwd" "no such file" g show ../../../etc/passwd
refused "show /etc/passwd" "no such file" g show /etc/passwd
refused "show boards/../../etc/passwd" "no such file" g show boards/../../etc/passwd
out=$(g show boards/../../../etc/passwd 2>&1)
check "show never prints a file outside the tree" bash -c "! grep -q '^root:' <<<\"\$1\"" _ "$out"

# --- SQL metacharacters in every field of every command -----------------------------------
S=$'x\'); DROP TABLE board; -- " OR "1"="1 /* */ %_ \\ $(id) `id` ;\t"'
S2="$S; DELETE FROM action WHERE 1=1; --"
tables=$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema")
check "board add: every field" g board add sql-board --name "$S" --council "$S" --kind "$S" --remit "$S"
check_eq "...name, council, kind, remit stored as given" "$S|$S|$S|$S" \
	"$(g show boards/sql-board/board.json | jq -r '[.name, .council, .kind, .remit] | join("|")')"
check "meeting add: every field" g meeting add sql-board 2022-01-01 --time "$S" --location "$S" --status "$S"
check_eq "...time, location, status stored as given" "$S|$S|$S" \
	"$(g show boards/sql-board/meetings/2022-01-01/meeting.json | jq -r '[.time, .location, .status] | join("|")')"
printf '%s\n' "$S" > "$T_TMP/sql-minutes.txt"
out=$(g item add sql-board 2022-01-01 --number 1 --title "$S" --subtitle "$S" --decision "$S" \
	--url "$S" --minutes-file "$T_TMP/sql-minutes.txt"); rc=$?
check_eq "item add: every field" 0 "$rc"
check_eq "...title, subtitle, decision, url, minutes stored as given" "$S|$S|$S|$S|$S" \
	"$(g show "$out/item.json" | jq -r '[.title, .subtitle, .decision, .source_url, .minutes] | join("|")')"
ITEM=$out
act=$(g action add --item "$ITEM" --text "$S" --owner "$S" --note "$S" --due 2027-01-01 --rag red); rc=$?
check_eq "action add: every field" 0 "$rc"
check_eq "...text, owner, note stored as given" "$S|$S|$S" \
	"$(g show "$act/action.json" | jq -r '[.text, .owner, .history[0].note] | join("|")')"
check "action set: every field" g action set "$act" --text "$S2" --owner "$S2" --note "$S2" --status in_progress
check_eq "...stored as given" "$S2|$S2|$S2" \
	"$(g show "$act/action.json" | jq -r '[.text, .owner, .history[-1].note] | join("|")')"
check "action add --board with metacharacters" g action add --board sql-board --text "$S" --owner "$S"
check "plan add: every field" g plan add sql-plan --name "$S" --period "$S" --priorities "$S"
check "plan item" g plan item sql-plan "$ITEM"
check_eq "...name, period, priorities stored as given" "$S|$S|$S" \
	"$(g show plans/sql-plan/plan.json | jq -r '[.name, .period, .priorities] | join("|")')"
check "search with metacharacters" g search "$S"
check "search --json with metacharacters" bash -c "'$GOVCTL' search --json \"\$1\" | jq -e .items > /dev/null" _ "$S"
check "import --council with metacharacters" g import --council "$S" "$TOP/tests/fixtures/moderngov/committees.xml"
check_eq "...council stored as given" "$S" \
	"$(g show boards/audit-committee/board.json | jq -r .council)"
refused "board add: metacharacters in the slug" "invalid board name" g board add "x'; DROP TABLE board; --" --name X
refused "meeting add: metacharacters in the board" "unknown board" g meeting add "x' OR '1'='1" 2022-01-01
refused "meeting add: metacharacters in the date" "invalid date" g meeting add sql-board "2022-01-01' OR '1'='1"
refused "item add: metacharacters in the board" "unknown board" g item add "x' OR 1=1 --" 2022-01-01 --number 1 --title T
refused "action add: metacharacters in the item" "no item" g action add --item "1 OR 1=1" --text x
refused "action add: metacharacters in the resolution" "resolution" g action add --item "$ITEM" --text x --resolution "$S"
refused "action add: metacharacters in the due date" "--due: invalid date" g action add --item "$ITEM" --text x --due "$S"
refused "action add: metacharacters in the RAG" "invalid --rag" g action add --item "$ITEM" --text x --rag "$S"
refused "action set: metacharacters in the id" "no action" g action set "1 OR 1=1" --note x
refused "action set: metacharacters in the status" "invalid --status" g action set "$act" --status "$S"
refused "action list: metacharacters in the board" "no board" g action list --board "$S"
refused "action list: metacharacters in the status" "status" g action list --status "$S"
refused "meeting list: metacharacters in the board" "no board" g meeting list "$S"
refused "plan item: metacharacters in the plan" "plan" g plan item "$S" "$ITEM"
refused "plan item: metacharacters in the item" "no item" g plan item sql-plan "$S"
refused "import: metacharacters in the board" "no board" g import --board "$S" --date 2022-01-01 --number 1 "$SAMPLE"
refused "import: metacharacters in the date" "date" g import --board sql-board --date "$S" --number 1 "$SAMPLE"
refused "show: metacharacters in the path" "no such file" g show "boards/$S"
check_eq "every table is still there" "$tables" "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema")"
check_eq "no action was deleted" 1 "$(sqlite3 "$DB" "SELECT count(*) > 10000 FROM action")"
check_eq "integrity" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check_eq "foreign keys" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"

# --- the whole hostile database, mounted ------------------------------------------------
M=$T_TMP/m
if t_mount "$DB" "$M"; then
	ok "mount the hostile database"
	bad=$(find "$M" -path "$M/search" -prune -o -mindepth 1 -printf '%f\n' |
		grep -cvE '^(README|[a-z0-9][a-z0-9.-]*)$')
	check_eq "every name in the tree is safe (no /, control byte or leading dot)" 0 "$bad"
	check_eq "no name longer than 255 bytes" 0 \
		"$(find "$M" -path "$M/search" -prune -o -printf '%f\n' | awk 'length($0) > 255' | wc -l)"
	check "every JSON file parses" bash -c "find '$M' -name '*.json' -print0 | xargs -0 jq -e .format > /dev/null"
	check "grep -r reads every file" bash -c "grep -r -c . '$M' > /dev/null"
	check_eq "TSV rows have 10 fields" "10" \
		"$(awk -F'\t' '{ print NF }' "$M"/actions/actions.tsv "$M"/boards/*/actions.tsv | sort -u | tr '\n' ' ' | sed 's/ $//')"
	ctl=$(find "$M" -type f -print0 | xargs -0 grep -lP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
	check_eq "no control byte in any file but tab, newline (and CR in CSV)" "" "$ctl"
	ctl=$(find "$M" -type f ! -name '*.csv' -print0 | xargs -0 grep -l $'\r')
	check_eq "no carriage return outside the CSV files (RFC 4180 CRLF)" "" "$ctl"
	check "ls of search/ with the SQL string" ls "$M/search/x'); DROP TABLE board; --"
	t_umount "$M"
else
	fail "mount the hostile database"
fi
t_done
