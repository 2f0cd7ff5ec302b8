#!/usr/bin/env bash
# Corrections with the tree mounted and every kernel cache warm: govctl
# mv (an item to another number, a meeting to another date), board
# rename, board merge and rm (item, action, meeting, board) each show in
# the mount within one second, old names gone and new ones there, and the
# whole mount then equals a new export.  Refusals and unknown references
# say why, exit with a sysexits code and leave the database unchanged.
# govctl log lists every correction.
. "$(dirname "$0")/lib.sh"
DB=$T_TMP/c.db M=$T_TMP/m
g() { "$GOVCTL" --db "$DB" "$@"; }

gone() { ! test -e "$1" && ! test -L "$1"; }
ls_is() { [ "$(ls "$1")" = "$2" ]; }            # ls_is DIR NAMES
no_find() { [ -z "$(find "$@")" ]; }             # no_find DIR TESTS...
shows() { [ "$(g show "$1")" = "$(cat "$M/$1")" ]; }   # the mount agrees
# fresh DESC: the whole mount equals a new export (after the second).
fresh() {
	local x=$T_TMP/x.$RANDOM
	sleep 1
	g export "$x" >/dev/null 2>&1
	check_eq "$1: the mount equals a new export" "" \
		"$(timeout 120 diff -r --no-dereference "$x" "$M" 2>&1)"
	rm -rf "$x"
}
# warm: every entry, attribute, page, listing and link target cached.
warm() {
	timeout 60 ls -lR "$M" >/dev/null
	timeout 60 grep -r zzz "$M" >/dev/null
	find "$M" -type l -exec readlink {} + >/dev/null
}
# refused DESC CODE PATTERN CMD...: exits CODE, says PATTERN on stderr,
# database unchanged.
refused() {
	local desc=$1 code=$2 pat=$3 sum err rc; shift 3
	sum=$(dbsum)
	err=$("$@" 2>&1 >/dev/null); rc=$?
	check_eq "$desc: exit $code" "$code" "$rc"
	if grep -q -- "$pat" <<<"$err"; then ok "$desc: says '$pat'"
	else fail "$desc: says '$pat'"; echo "  said: $err"; fi
	check_eq "$desc: database unchanged" "$sum" "$(dbsum)"
}

check "load the samples" t_demo_db "$DB"
S=surrey-children-education-select-committee
SI=boards/$S/meetings/2015-10-08/items/06-childrens-improvement-plan-2015-update
LINK=2015-10-08-$S-06-childrens-improvement-plan-2015-update
# a second Surrey board, as a misfiled import makes, met on the same day
check "add a duplicate board" g board add surrey-dup --name "Surrey duplicate" --council "Surrey County Council"
check "...its meeting" g meeting add surrey-dup 2015-10-09
check "...its item" g item add surrey-dup 2015-10-09 --number 7 --title "Fostering"
check "mount" t_mount "$DB" "$M"
warm

# --- mv: an item to another number (people links, actions follow) ---------------
check "govctl mv an item (a path inside the mount) --number 9" \
	g mv "$M/$SI" --number 9
NI=boards/$S/meetings/2015-10-08/items/09-childrens-improvement-plan-2015-update
within "the item is at its new name" test -f "$M/$NI/item.txt"
within "the old name is gone" gone "$M/$SI"
within "ls items/ lists only the new name" ls_is "$M/boards/$S/meetings/2015-10-08/items" 09-childrens-improvement-plan-2015-update
within "people/ link: the old name is gone" gone "$M/people/caroline-budden/items/$LINK"
within "people/ link: the new name leads to it" test -f "$M/people/caroline-budden/items/${LINK/06-/09-}/item.txt"
within "action.txt names the item where it is" grep -qx "Item: $NI" "$M/actions/000001/action.txt"
within "the action's history says it moved" grep -q "item moved: $SI -> $NI" "$M/actions/000001/history.txt"
fresh "after mv item"

# --- mv: a meeting to another date ------------------------------------------------
warm
check "govctl mv a meeting --date 2015-10-09" g mv "boards/$S/meetings/2015-10-08" --date 2015-10-09
within "meetings/2015-10-09-$S appears" test -d "$M/meetings/2015-10-09-$S/items"
within "meetings/2015-10-08-$S is gone" gone "$M/meetings/2015-10-08-$S"
within "boards/$S/meetings/2015-10-08 is gone" gone "$M/boards/$S/meetings/2015-10-08"
within "people/ link renamed" test -f "$M/people/caroline-budden/items/2015-10-09-$S-09-childrens-improvement-plan-2015-update/item.txt"
fresh "after mv meeting"

# --- board rename --------------------------------------------------------------------
warm
check "govctl board rename $S surrey-select --name 'Select Committee'" \
	g board rename "$S" surrey-select --name "Select Committee"
within "boards/surrey-select appears" test -f "$M/boards/surrey-select/board.txt"
within "boards/$S is gone" gone "$M/boards/$S"
within "meetings/ link renamed" test -d "$M/meetings/2015-10-09-surrey-select/items"
within "the old meetings/ link is gone" gone "$M/meetings/2015-10-09-$S"
within "board.txt has the new name" grep -qx "Board: Select Committee" "$M/boards/surrey-select/board.txt"
within "people/ link: the old board's name is gone" gone "$M/people/caroline-budden/items/2015-10-09-$S-09-childrens-improvement-plan-2015-update"
within "people/ link: the new name leads to the item" test -f "$M/people/caroline-budden/items/2015-10-09-surrey-select-09-childrens-improvement-plan-2015-update/item.txt"
within "actions.tsv names the new board" grep -q surrey-select "$M/actions/actions.tsv"
fresh "after board rename"

# --- board merge: the same day joins ---------------------------------------------------
warm
out=$(g board merge surrey-dup surrey-select); rc=$?
check_eq "govctl board merge surrey-dup surrey-select" 0 "$rc"
check "says which meeting joined which" grep -q "boards/surrey-dup/meetings/2015-10-09 -> boards/surrey-select/meetings/2015-10-09 (joined: 1 item, same date)" <<<"$out"
within "the item is in the joined meeting" test -f "$M/boards/surrey-select/meetings/2015-10-09/items/07-fostering/item.txt"
within "boards/surrey-dup is gone" gone "$M/boards/surrey-dup"
within "meetings/2015-10-09-surrey-dup is gone" gone "$M/meetings/2015-10-09-surrey-dup"
within "README counts 5 boards" grep -qx "Boards: 5" "$M/README"
fresh "after board merge"

# --- refusals --------------------------------------------------------------------------
refused "rm a board with meetings" 65 "has 1 meeting: remove them first, or use --recursive" \
	g rm boards/slough-cabinet
refused "rm a meeting with items" 65 "has 1 item" g rm boards/slough-cabinet/meetings/2015-06-15
refused "rm of an unknown path" 65 "no boards/nope in the tree" g rm boards/nope
refused "rm of an unknown id" 65 "no action 999" g rm action 999
refused "rm of a file, not a record" 65 "not a board, meeting, item, action or issue" g rm boards/slough-cabinet/board.txt
refused "rm, the second unknown: the first is not removed either" 65 "no item 999" g rm action 7 item 999
refused "rm with nothing to remove" 64 "expected the records to remove" g rm
refused "mv an item to a number its meeting has" 65 "already has number 9" \
	g mv "boards/surrey-select/meetings/2015-10-09/items/07-fostering" --number 9
refused "mv a meeting to a bad date" 65 "invalid date" g mv boards/slough-cabinet/meetings/2015-06-15 --date 2015-02-30
refused "mv an item with --date" 64 "is an item" g mv "boards/surrey-select/meetings/2015-10-09/items/07-fostering" --date 2015-01-01
refused "mv with nowhere to go" 64 "expected where to" g mv boards/slough-cabinet/meetings/2015-06-15
refused "board rename to a name in use" 65 "board slough-cabinet already exists" g board rename surrey-select slough-cabinet
refused "board rename to a bad name" 65 "invalid board name" g board rename surrey-select "Bad Name"
refused "board merge into itself" 65 "into itself" g board merge slough-cabinet slough-cabinet
refused "board merge of an unknown board" 65 "unknown board 'nope'" g board merge nope slough-cabinet
sum=$(dbsum)
check_eq "mv to where it is: unchanged, exit 0" "boards/slough-cabinet/meetings/2015-06-15 is already there (unchanged)" \
	"$(g mv boards/slough-cabinet/meetings/2015-06-15 --date 2015-06-15)"
check_eq "...database unchanged" "$sum" "$(dbsum)"

# --- rm: an item (its plan link goes; its actions stay, detached) ---------------------------
warm
CI=boards/slough-cabinet/meetings/2015-06-15/items/05-childrens-services-improvement-update
check "govctl rm an item" g rm "$CI"
within "the item is gone" gone "$M/$CI"
within "plans/ link is gone" gone "$M/plans/slough-childrens-improvement/items/2015-06-15-slough-cabinet-05-childrens-services-improvement-update"
within "ls plans/.../items no longer lists it" bash -c "! ls '$M/plans/slough-childrens-improvement/items' | grep -q slough-cabinet"
fresh "after rm item"

# --- rm: an action -------------------------------------------------------------------------
warm
check "govctl rm action 5" g rm action 5
within "actions/000005 is gone" gone "$M/actions/000005"
within "actions/open/000005 is gone" gone "$M/actions/open/000005"
within "no item's actions/ lists it" no_find "$M/boards" -path '*/actions/000005'
fresh "after rm action"

# --- rm --recursive: a board with its meetings, items and actions ---------------------------
warm
check "govctl rm --recursive a board" g rm --recursive boards/slough-education-childrens-scrutiny-panel
within "the board is gone" gone "$M/boards/slough-education-childrens-scrutiny-panel"
within "its meetings/ link is gone" gone "$M/meetings/2016-12-08-slough-education-childrens-scrutiny-panel"
within "its actions are gone" gone "$M/actions/000006"
within "README counts agree" shows README
fresh "after rm --recursive"

# --- the log ---------------------------------------------------------------------------------
check_eq "govctl log: one line per correction" "mv item
mv meeting
rename board
merge board
rm item
rm action
rm board" "$(g log | cut -f2,3 | tr '\t' ' ')"
check_eq "govctl log --json" "7 boards/slough-education-childrens-scrutiny-panel" \
	"$(g log --json | jq -r '(.corrections | length | tostring) + " " + .corrections[-1].old')"
check "the removed action's history went with it, its text is in the log" \
	bash -c "g() { \"$GOVCTL\" --db \"$DB\" \"\$@\"; }; g log | grep -q \$'\\trm\\taction\\tactions/000005\\t\\tThat the annual Complaints'"
check_eq "foreign keys" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"
check_eq "integrity" "ok" "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
check "unmount" t_umount "$M"
t_done
