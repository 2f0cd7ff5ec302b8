#!/usr/bin/env bash
# govctl as a newcomer meets it: help and the manual, messages and exit
# codes (sysexits.h), dates, results on stdout and progress on stderr,
# action show and list filters, search snippets, CSV for spreadsheets,
# bash completion; and the messages of govfs and store_open that go with
# them.  Each refused command leaves the database as it was.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/g.db
export GOVFS_DB=$DB
g() { "$GOVCTL" "$@"; }
unset MANPAGER PAGER
# tty CMD: run the shell command CMD with a terminal as its standard
# output and error (script(1)); prints what the terminal showed.
tty() { script -qec "$1" /dev/null </dev/null | tr -d '\r'; }

check "load the samples" t_demo_db "$DB"
item=boards/slough-cabinet/meetings/2015-06-15/items/05-childrens-services-improvement-update

# --- help: the manual's section, installed or not ------------------------------------
check "the manual is not installed (help must use the bundled page)" \
	bash -c "! man -w govctl >/dev/null 2>&1"
out=$(PAGER=cat tty "'$GOVCTL' help action"); rc=$?
check_eq "help action on a terminal: exit 0" 0 "$rc"
check "...shows the action section of govctl(1)" grep -q "An action is something a board has asked to be done" <<<"$out"
check "...only that section" bash -c "! grep -q 'Full-text search of' <<<\"\$1\"" _ "$out"
check_eq "...not 'No manual entry'" "" "$(grep 'No manual entry' <<<"$out")"
out=$(PAGER=no-such-pager tty "'$GOVCTL' help action"); rc=$?
check_eq "help action with a pager that is not there: exit 0" 0 "$rc"
check "...shows the section all the same" grep -q "An action is something a board has asked to be done" <<<"$out"
out=$(PATH=/nonexistent "$GOVCTL" help action 2>&1); rc=$?
check_eq "help action, not a terminal: exit 0" 0 "$rc"
check_eq "...the usage, as action --help" "$(g action --help)" "$out"
out=$(PAGER=cat tty "PATH=/nonexistent '$GOVCTL' help action"); rc=$?
check_eq "help action on a terminal without man(1): exit 0" 0 "$rc"
check "...falls back to the usage" grep -q '^usage: govctl action add' <<<"$out"
check "help help" bash -c "'$GOVCTL' help help | grep -q '^usage: govctl help'"
out=$(PAGER=cat tty "'$GOVCTL' help help" | sed $'s/.\b//g')
check "help help on a terminal: the help section" grep -q "Without COMMAND" <<<"$out"
check "help --help" bash -c "'$GOVCTL' help --help | grep -q '^usage: govctl help'"
expect_fail "help of no command" 64 "did you mean 'board'" g help boards
for v in init board meeting item import action plan show search export generate help sync document rm mv log backup restore; do
	check "$v --help names every option of its manual section" bash -c '
		man=$(man -l -P cat "$1/man/govctl.1" 2>/dev/null | awk -v v="   $2" "\$0 == v { on = 1; next } on && /^   [^ ]/ { exit } on && /^[^ ]/ { exit } on")
		for o in $(grep -o -- "--[a-z][a-z-]*" <<<"$man" | sort -u); do
			"$3" "$2" --help | grep -q -- "$o" || { echo "missing $o"; exit 1; }
		done' _ "$TOP" "$v" "$GOVCTL"
done

check "govctl --help names every global option of the manual" bash -c '
	man=$(man -l -P cat "$1/man/govctl.1" 2>/dev/null | awk "/^GLOBAL OPTIONS/ { on = 1; next } on && /^[^ ]/ { exit } on" | grep "^       -")
	for o in $(grep -o -- "--[a-z][a-z-]*" <<<"$man" | sort -u); do
		"$2" --help | grep -q -- "$o" || { echo "missing $o"; exit 1; }
	done' _ "$TOP" "$GOVCTL"

# --- version, did you mean, global options ----------------------------------------------
check_eq "-V" "$(g --version)" "$(g -V)"
check "--version names the schema" bash -c "'$GOVCTL' -V | grep -q 'schema [0-9]'"
# libcurl and poppler are loaded when a command first needs them
# (import/dynlib.c), not by every command at its start
check_eq "govctl links neither libcurl nor poppler" "" \
	"$(ldd "$GOVCTL" | grep -E 'libcurl|libpoppler|libglib|libcairo')"
expect_fail "govctl boards" 64 "unknown command 'boards'; did you mean 'board'?" g boards
check_eq "...two lines, not the whole usage" 2 "$(g boards 2>&1 | wc -l)"
expect_fail "govctl serach" 64 "did you mean 'search'?" g serach
expect_fail "a word far from every command" 64 "unknown command 'frobnicate'" g frobnicate
check_eq "...no guess" "" "$(g frobnicate 2>&1 | grep 'did you mean')"
expect_fail "board list --db x" 64 "--db is a global option: it goes before the command" g board list --db x
check_eq "...one prefix, said once" 1 "$(g board list --db x 2>&1 | grep -c '^govctl')"
check_eq "...no getopt message" "" "$(g board list --db x 2>&1 | grep 'unrecognized')"
expect_fail "board list --wait 3" 64 "--wait is a global option: it goes before the command, as in 'govctl --wait SECONDS board ...'" g board list --wait 3
expect_fail "board list -V" 64 "-V is a global option: 'govctl -V' alone" g board list -V
expect_fail "unknown option of a verb" 64 "govctl action: unknown option '--frob'" g action list --frob
expect_fail "option without its value" 64 "option '--due' needs a value" g action set 1 --due

# --- dates -----------------------------------------------------------------------------
page=$SAMPLES/000_439b1d9f8b781ec6.txt
expect_fail "import --date 2020-02-31" 64 "2020-02-31: not a calendar date" \
	g import --board slough-cabinet --date 2020-02-31 --number 1 "$page"
expect_fail "import --date 31/02/2020" 64 "31/02/2020: not a calendar date" \
	g import --board slough-cabinet --date 31/02/2020 --number 1 "$page"
expect_fail "import --date 2020/02/03" 64 "--date: invalid date '2020/02/03': expected YYYY-MM-DD or DD/MM/YYYY" \
	g import --board slough-cabinet --date 2020/02/03 --number 1 "$page"
check_eq "import --date DD/MM/YYYY" "added boards/slough-cabinet/meetings/2020-02-03/items/01-childrens-services-improvement-update" \
	"$(g import --board slough-cabinet --date 03/02/2020 --number 1 "$page" | cut -d' ' -f1-2)"
expect_fail "action --due 2021-02-29" 64 "2021-02-29: not a calendar date" g action set 1 --due 2021-02-29
check "action --due DD/MM/YYYY" g action set 1 --due 1/3/2027
check_eq "...stored as YYYY-MM-DD" "2027-03-01" "$(g show actions/000001/action.json | jq -r .due)"
expect_fail "meeting add 2021/03/04" 64 "invalid date '2021/03/04': expected YYYY-MM-DD or DD/MM/YYYY" g meeting add slough-cabinet 2021/03/04
expect_fail "meeting add 30/02/2021" 64 "30/02/2021: not a calendar date" g meeting add slough-cabinet 30/02/2021
check_eq "meeting add DD/MM/YYYY" "boards/slough-cabinet/meetings/2021-03-04" "$(g meeting add slough-cabinet 04/03/2021)"
check_eq "item add DD/MM/YYYY" "boards/slough-cabinet/meetings/2021-03-04/items/02-budget" \
	"$(g item add slough-cabinet 04/03/2021 --number 2 --title Budget)"
expect_fail "action list --due-before 2021-13-01" 64 "2021-13-01: not a calendar date" g action list --due-before 2021-13-01

# --- values and their choices ---------------------------------------------------------------
expect_fail "action list --status closed" 64 \
	"invalid --status 'closed' (choose open, in_progress, done, deferred, dropped)" g action list --status closed
expect_fail "action set --status closed: the same" 64 \
	"invalid --status 'closed' (choose open, in_progress, done, deferred, dropped)" g action set 1 --status closed
expect_fail "action set --rag pink" 64 "invalid --rag 'pink' (choose red, amber, green, blue)" g action set 1 --rag pink
expect_fail "action list --format xml" 64 "invalid --format 'xml' (choose text, tsv, csv, json)" g action list --format xml
expect_fail "action set with nothing to set" 64 "set needs something to change" g action set 2
surrey=boards/surrey-children-education-select-committee/meetings/2015-10-08/items/06-childrens-improvement-plan-2015-update
expect_fail "action add on a resolution with an action" 65 "resolution 2. already has an action: actions/000002" \
	g action add --item "$surrey" --resolution 2. --text "Again"

# --- files and databases ----------------------------------------------------------------------
cp "$DB" "$T_TMP/council.db"
expect_fail "export into a file" 65 "council.db: a file, not a folder" g export "$T_TMP/council.db"
check_eq "...the file untouched" "$(dbsum "$DB")" "$(dbsum "$T_TMP/council.db")"
for cmd in "board list" "meeting list" "action list" "action show 1" "show README" "search foster" "export $T_TMP/x"; do
	out=$(GOVFS_DB=$T_TMP/none.db "$GOVCTL" $cmd 2>&1); rc=$?
	check_eq "$cmd on a missing database: exit 66" 66 "$rc"
	check_eq "...says how to make one" "govctl: $T_TMP/none.db: no such database (run: govctl init)" "$out"
done
sqlite3 "$T_TMP/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
before=$(dbsum "$T_TMP/other.db")
out=$("$GOVFS" "$T_TMP/other.db" "$T_TMP/mnt-other" 2>&1); rc=$?
check_eq "govfs on another application's database: exit 1" 1 "$rc"
check "...no advice to run init" bash -c "! grep -q 'run: govctl' <<<\"\$1\"" _ "$out"
out2=$(GOVFS_DB=$T_TMP/other.db "$GOVCTL" init 2>&1); rc=$?
check_eq "...and govctl init refuses it: exit 78" 78 "$rc"
check_eq "...with the same reason" "${out#govfs: }" "${out2#govctl: }"
check_eq "...the file untouched" "$before" "$(dbsum "$T_TMP/other.db")"
: > "$T_TMP/empty.db"
out=$("$GOVFS" "$T_TMP/empty.db" "$T_TMP/mnt-empty" 2>&1)
check "govfs on an empty file says run init" grep -qF "(run: govctl --db $T_TMP/empty.db init)" <<<"$out"
check "...and init accepts it" "$GOVCTL" --db "$T_TMP/empty.db" init
check "...then it mounts" t_mount "$T_TMP/empty.db" "$T_TMP/mnt-empty"
t_umount "$T_TMP/mnt-empty"
: > "$T_TMP/e644.db"; chmod 644 "$T_TMP/e644.db"
check "init on an empty existing file" "$GOVCTL" --db "$T_TMP/e644.db" init
check_eq "...makes it 0600" 600 "$(stat -c %a "$T_TMP/e644.db")"

# --- the manuals and govfs --help ------------------------------------------------------------
schema=$(g -V | sed -E 's/.*schema ([0-9]+).*/\1/')
check "govfs(5) states the schema number ($schema)" \
	grep -qx "now $schema\." <(sed -n '/PRAGMA user_version/,/^\.B govctl init/p' "$TOP/man/govfs.5")
check "govfs(5)'s --version example is current" grep -qF "$(g -V)" "$TOP/man/govfs.5"
check "govctl(1)'s --version example is current" grep -qF "$(g -V)" "$TOP/man/govctl.1"
check "govfs --help lists subtype=" bash -c "'$GOVFS' --help | grep -q 'subtype=NAME'"
check "govfs --help lists every -o option of govfs(1)" bash -c '
	for o in $(grep -oE "^\.BI? [a-z_]+=" "$1/man/govfs.1" | sed -E "s/^\.BI? //"); do
		"$2" --help | grep -q -- "$o" || { echo "missing $o"; exit 1; }
	done' _ "$TOP" "$GOVFS"

# --- decisions.txt: each resolution once ------------------------------------------------------
d=$(g show "$item/decisions.txt")
check_eq "decisions.txt of the Slough seed: (a) once" 1 "$(grep -c '^(a) That the new Single Improvement Plan' <<<"$d")"
check_eq "...(b) once" 1 "$(grep -c '(b) That the progress being made' <<<"$d")"
check_eq "...under Resolved:" "Resolved:" "$(grep -B1 '^(a) That the new' <<<"$d" | head -1)"
check_eq "...no Decision: block" "" "$(grep '^Decision:' <<<"$d")"
check_eq "...item.json keeps the decision as minuted" \
	"$(sqlite3 "$DB" "SELECT decision FROM item WHERE slug = '05-childrens-services-improvement-update'")" \
	"$(g show "$item/item.json" | jq -r .decision)"

# --- results on stdout, progress on stderr ------------------------------------------------------
P=$T_TMP/pages
g generate --items 60 --pages "$P" >/dev/null
rm -f "$T_TMP/imp.db"; GOVFS_DB=$T_TMP/imp.db g init >/dev/null
while IFS=$'\t' read -r slug name council kind; do
	GOVFS_DB=$T_TMP/imp.db g board add "$slug" --name "$name" --council "$council" --kind "$kind" >/dev/null
done < "$P/boards.tsv"
screen=$(GOVFS_DB=$T_TMP/imp.db tty "'$GOVCTL' import '$P'/*.txt > '$T_TMP/log'")
check_eq "import pages/*.txt > log, stderr a terminal: a line per page in log" 60 "$(grep -c '^added ' "$T_TMP/log")"
check "...the progress on the terminal" grep -q 'importing 60/60' <<<"$screen"
check "...and the summary" grep -q '60 pages added' <<<"$screen"

# --- action show, list filters, CSV for spreadsheets ---------------------------------------------
check_eq "action show ID is action.txt" "$(g show actions/000006/action.txt)" "$(g action show 6)"
check_eq "action show --json is action.json" "$(g show actions/000006/action.json)" "$(g action show 6 --json)"
check_eq "action show by path" "$(g show actions/000006/action.txt)" "$(g action show actions/000006)"
expect_fail "action show of no action" 65 "no action" g action show 999
g action set 6 --owner "Director of Children's Services" >/dev/null
g action set 7 --owner "Head of Fostering" >/dev/null
check_eq "list --owner (any case, part of the name)" "6" "$(g action list --owner director --json | jq -r '[.actions[].id] | join(" ")')"
check_eq "list --due-before" "6" "$(g action list --due-before 2017-04-01 --json | jq -r '[.actions[].id] | join(" ")')"
check_eq "list --due-before DD/MM/YYYY, strictly before" "6" "$(g action list --due-before 19/04/2017 --json | jq -r '[.actions[].id] | join(" ")')"
check_eq "list --board, --owner and --due-before together" "7" \
	"$(g action list --board slough-education-childrens-scrutiny-panel --owner fostering --due-before 2018-01-01 --json | jq -r '[.actions[].id] | join(" ")')"
check_eq "list --owner with --format tsv" 2 "$(g action list --owner 'head of' --format tsv | wc -l)"
check_eq "--bom: CSV starts with the UTF-8 byte order mark" "efbbbf6964" "$(g action list --format csv --bom | head -c 5 | od -An -tx1 | tr -d ' \n')"
check_eq "...then the same CSV" "$(g action list --format csv)" "$(g action list --format csv --bom | tail -c +4)"
check_eq "without --bom: none" "6964" "$(g action list --format csv | head -c 2 | od -An -tx1 | tr -d ' \n')"
expect_fail "--bom with --json" 64 "--bom applies to --format csv or tsv" g action list --json --bom

# --- search: the matching passage, words marked ---------------------------------------------------
out=$(g search foster carers)
check_eq "search prints the item's path" "$item" "$(head -1 <<<"$out")"
check_eq "...then the sentence with the words marked" \
	"    The recruitment and payments to [foster] [carers] was highlighted as a long standing issue." \
	"$(sed -n 2p <<<"$out")"
check_eq "search --paths: paths only" "$item" "$(g search --paths --limit 1 foster carers)"
check_eq "search --json has the snippet" "The recruitment and payments to [foster] [carers] was highlighted as a long standing issue." \
	"$(g search --json foster carers | jq -r '.items[0].snippet')"
check_eq "a word of several tokens is marked whole" \
	"    The Cabinet Member highlighted the need to make changes in the culture of [Children’s] [Services] and that this would be a long term challenge." \
	"$(g search "children’s services" | grep -A1 '^boards/surrey' | tail -1)"
check_eq "the sentence with the most words found wins" \
	"    Councillor Smith Cabinet Member for [Children] and [Young] [People] attended the meeting and provided members of the committee with an update on the improvement plan." \
	"$(g search children young people | grep -A1 '^boards/bury' | tail -1)"
check "search on a terminal marks in bold" grep -qF $'\e[1mfoster\e[0m' <<<"$(tty "'$GOVCTL' search foster carers")"
# a long text with a common word: linear (FTS5's snippet() and highlight()
# take minutes on this), a long sentence cut to 40 words
python3 -c "print(' '.join(['the children are well.'] * 100000)); print(' '.join(['children and foster'] * 100000))" > "$T_TMP/long-minutes.txt"
rm -f "$T_TMP/long.db"; GOVFS_DB=$T_TMP/long.db g init >/dev/null
GOVFS_DB=$T_TMP/long.db g board add b --name B >/dev/null
GOVFS_DB=$T_TMP/long.db g item add b 2020-01-01 --number 1 --title T --minutes-file "$T_TMP/long-minutes.txt" >/dev/null
out=$(GOVFS_DB=$T_TMP/long.db timeout 20 "$GOVCTL" search foster children); rc=$?
check_eq "search in 4 MB of minutes with 200,000 matches: within 20 s" 0 "$rc"
check_eq "...the sentence with both words, cut to 40 words" 40 "$(sed -n 2p <<<"$out" | wc -w)"
check "...marked, ending where it is cut" grep -qx '    \[children\] and \[foster\] .*…' <<<"$(sed -n 2p <<<"$out")"
check "a 4 KiB query of one word 456 times" timeout 20 "$GOVCTL" search "$(printf 'Children%.0s ' $(seq 456))"
check_eq "every hit has a one-line passage" "$(g search --paths plan | wc -l)" "$(g search plan | grep -c '^    .*\[[Pp][Ll][Aa][Nn]\]')"

# --- bash completion ---------------------------------------------------------------------------------
comp() {  # comp WORDS...: the completions of the last word, one a line
	bash -c '. "$1/completion/govctl"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_govctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$TOP" "$@" | sort
}
check_eq "completion: commands" "board" "$(comp "$GOVCTL" bo)"
check_eq "completion: sub-commands" "$(printf 'set\nshow')" "$(comp "$GOVCTL" action s)"
check_eq "completion: options" "$(printf -- '--overdue\n--owner')" "$(comp "$GOVCTL" action list --o)"
check_eq "completion: board slugs" "$(printf 'slough-cabinet\nslough-education-childrens-scrutiny-panel')" \
	"$(comp "$GOVCTL" action list --board slough)"
check_eq "completion: board of meeting add" "slough-cabinet" "$(comp "$GOVCTL" meeting add slough-c)"
check_eq "completion: action ids" "$(g action list | cut -f1 | sort)" "$(comp "$GOVCTL" action show '')"
check_eq "completion: tree paths" "boards/slough-cabinet/" "$(comp "$GOVCTL" show boards/slough-c)"
check_eq "completion: tree paths, deeper" "$item/" "$(comp "$GOVCTL" show boards/slough-cabinet/meetings/2015-06-15/items/05)"
check_eq "completion: --status values" "$(printf 'deferred\ndone\ndropped')" "$(comp "$GOVCTL" action set 1 --status d)"
check_eq "completion: the line's --db" "slough-cabinet" \
	"$(GOVFS_DB=$T_TMP/none.db comp "$GOVCTL" --db "$DB" meeting list slough-c)"
check_eq "completion: help COMMAND" "action" "$(comp "$GOVCTL" help ac)"
# make install: the programs, the manuals and the completion, and help
# then finds the installed page.
I=$T_TMP/inst
check "make install DESTDIR=..." make -s -C "$TOP" install DESTDIR="$I" PREFIX=/usr/local
check "...installs the completion" test -f "$I/usr/local/share/bash-completion/completions/govctl"
check_eq "...the one of the source tree" "$(cat "$TOP/completion/govctl")" \
	"$(cat "$I/usr/local/share/bash-completion/completions/govctl")"
check "...installs govctl(1)" test -f "$I/usr/local/share/man/man1/govctl.1"
out=$(PAGER=cat tty "'$I/usr/local/bin/govctl' help search")
check "the installed govctl's help shows its installed page" grep -q "Full-text search of the items" <<<"$out"
check_eq "completion through the installed script" "board" \
	"$(bash -c '. "$1"; COMP_WORDS=("$2" bo); COMP_CWORD=1; _govctl; printf "%s\n" "${COMPREPLY[@]}"' _ \
		"$I/usr/local/share/bash-completion/completions/govctl" "$I/usr/local/bin/govctl")"
check "completion is registered for govctl" bash -c ". '$TOP/completion/govctl'; complete -p govctl | grep -q _govctl"

t_done
