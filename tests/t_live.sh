#!/usr/bin/env bash
# govfs stays fresh: a change committed by govctl while the tree is
# mounted (and every cache of the kernel is warm) shows within one second,
# and nothing stale is served after that: moved actions, README counts,
# new items (in their meeting, in meetings/ and in search/), new boards,
# names that were looked up and missing before, history, sizes; also while
# other readers keep govfs busy.
. "$(dirname "$0")/lib.sh"
DB=$T_TMP/live.db M=$T_TMP/m
g() { "$GOVCTL" --db "$DB" "$@"; }

# fresh DESC: the whole mount equals a new export, and every size is exact.
fresh() {
	local x=$T_TMP/x.$RANDOM bad
	g export "$x" >/dev/null 2>&1
	check_eq "$1: the mount equals a new export" "" \
		"$(timeout 120 diff -r --no-dereference "$x" "$M" 2>&1)"
	bad=$(find "$M" -type f -print0 | while IFS= read -r -d '' f; do
		[ "$(stat -c %s "$f")" = "$(wc -c < "$f")" ] || echo "$f"; done)
	check_eq "$1: st_size equals the bytes read, everywhere" "" "$bad"
	rm -rf "$x"
}
# warm: read everything, so the kernel caches every entry, attribute,
# page, listing and link target (and the negative entries below).
warm() {
	timeout 60 ls -lR "$M" >/dev/null
	timeout 60 grep -r zzz "$M" >/dev/null
	find "$M" -type l -exec readlink {} + >/dev/null
	ls "$M/boards/newb" "$M/search/zebrafinch" "$M/meetings/2015-07-13-slough-cabinet" >/dev/null 2>&1
}

check "load the samples" t_demo_db "$DB"
check "mount" t_mount "$DB" "$M"
warm
check "the negative entry: boards/newb is missing" bash -c "! ls '$M/boards/newb' 2>/dev/null"
check "search/zebrafinch finds nothing yet" test -z "$(ls "$M/search/zebrafinch")"
check_eq "action 5 is open" "Status: open" "$(grep '^Status:' "$M/actions/000005/action.txt")"
check "actions/open/000005" test -L "$M/actions/open/000005"
before=$(cat "$M/actions/000005/action.txt")

# an action moves to done
check "govctl action set 5 --status done" g action set 5 --status done --note "Reported"
within "actions/done/000005 appears" test -e "$M/actions/done/000005"
within "action.txt says Status: done" grep -q '^Status: done' "$M/actions/000005/action.txt"
check "actions/open/000005 is gone" bash -c "! test -e '$M/actions/open/000005'"
check "ls actions/open no longer lists it" bash -c "! ls '$M/actions/open' | grep -qx 000005"
check "ls actions/done lists it" bash -c "ls '$M/actions/done' | grep -qx 000005"
check_eq "README counts" "$(g show README)" "$(cat "$M/README")"
check_eq "actions.tsv" "$(g show actions/actions.tsv)" "$(cat "$M/actions/actions.tsv")"
check_eq "history.txt has the note" "$(g show actions/000005/history.txt)" \
	"$(cat "$M/actions/000005/history.txt")"
check_eq "action.txt size follows its content" \
	"$(wc -c < "$M/actions/000005/action.txt")" "$(stat -c %s "$M/actions/000005/action.txt")"
check "and its content changed" test "$(cat "$M/actions/000005/action.txt")" != "$before"
fresh "after action set"

# a new item, in a new meeting, mentioning a new word
warm
printf 'The Cabinet heard about the zebrafinch fostering campaign.\n' > "$T_TMP/min.txt"
check "govctl item add" g item add slough-cabinet 2015-07-13 --number 4 \
	--title "Zebrafinch fostering campaign" --minutes-file "$T_TMP/min.txt" \
	--decision "Noted."
items=$M/boards/slough-cabinet/meetings/2015-07-13/items
within "the item appears in its meeting's items/" test -f "$items/04-zebrafinch-fostering-campaign/minutes.txt"
check_eq "its minutes" "$(g show boards/slough-cabinet/meetings/2015-07-13/items/04-zebrafinch-fostering-campaign/minutes.txt)" \
	"$(cat "$items/04-zebrafinch-fostering-campaign/minutes.txt")"
within "the new meeting appears in meetings/" test -L "$M/meetings/2015-07-13-slough-cabinet"
within "and in search/zebrafinch" bash -c "ls '$M/search/zebrafinch' | grep -q 04-zebrafinch-fostering-campaign"
check "the search result leads to the item" test -f "$M/search/zebrafinch/$(ls "$M/search/zebrafinch" | head -1)/item.json"
check_eq "boards/slough-cabinet/meetings lists it" "2015-06-15 2015-07-13" \
	"$(ls "$M/boards/slough-cabinet/meetings" | tr '\n' ' ' | sed 's/ $//')"
check_eq "README counts" "$(g show README)" "$(cat "$M/README")"
fresh "after item add"

# an item's actions/ is there while it has actions: the name that was
# missing (a cached negative entry) appears with the first, goes with
# the last
zi=boards/slough-cabinet/meetings/2015-07-13/items/04-zebrafinch-fostering-campaign
warm
check "an item without actions has no actions/" bash -c "! ls '$M/$zi/actions' 2>/dev/null"
check_eq "nor does its listing name one" "" "$(ls "$M/$zi" | grep -x actions)"
check_eq "its link count: no subfolder" 2 "$(stat -c %h "$M/$zi")"
check "govctl action add --item" g action add --item "$zi" --text "Promote the campaign"
za=$(g action list --json | jq -r '.actions | max_by(.id) | .id' 2>/dev/null)
[ -n "$za" ] && [ "$za" != null ] || za=$(sqlite3 "$DB" 'SELECT max(id) FROM action')
within "actions/ appears with the first action" test -L "$M/$zi/actions/$(printf %06d "$za")"
check_eq "the listing names it" actions "$(ls "$M/$zi" | grep -x actions)"
check_eq "its link count counts it" 3 "$(stat -c %h "$M/$zi")"
fresh "after the item's first action"
warm
check "govctl rm the item's only action" g rm action "$za"
within "actions/ goes with the last action" bash -c "! ls '$M/$zi/actions' 2>/dev/null"
check_eq "the listing no longer names it" "" "$(ls "$M/$zi" | grep -x actions)"
fresh "after the item's last action went"

# a new board: the name that was missing (a cached negative entry) appears
warm
check "boards/newb is still missing" bash -c "! ls '$M/boards/newb' 2>/dev/null"
check "govctl board add newb" g board add newb --name "New Board" --kind panel
within "ls boards/newb works" ls "$M/boards/newb"
check "ls boards lists it" bash -c "ls '$M/boards' | grep -qx newb"
check_eq "board.txt" "$(g show boards/newb/board.txt)" "$(cat "$M/boards/newb/board.txt")"
fresh "after board add"

# an issue page: issues/ gains the issue (a name looked up and missing
# before), its items/ link, the item's Issue: line and README's count
warm
iss=20-00022-supported-lodgings-for-young-people-leaving-care
check "issues/$iss is missing" bash -c "! ls '$M/issues/$iss' 2>/dev/null"
check "govctl import of an Issue - decisions page" g import --council "Kent County Council" \
	--board newb "$(dirname "$0")/fixtures/pages/41.txt"
within "issues/$iss/issue.txt appears" test -f "$M/issues/$iss/issue.txt"
check_eq "issue.txt" "$(g show "issues/$iss/issue.txt")" "$(cat "$M/issues/$iss/issue.txt")"
check_eq "issues/$iss/items/ links the item" 1 "$(ls "$M/issues/$iss/items" | wc -l)"
check "the link leads to the item" test -f "$M/issues/$iss/items/$(ls "$M/issues/$iss/items")/item.txt"
check "item.txt names the issue" grep -qx "Issue: issues/$iss" \
	"$M/issues/$iss/items/$(ls "$M/issues/$iss/items")/item.txt"
check_eq "README counts it" "Issues: 1" "$(grep '^Issues:' "$M/README")"
fresh "after an issue page"

# many changes in a row: the last one wins, nothing stale afterwards
warm
for p in 10 20 30 40 50 60 70 80 90; do
	g action set 1 --progress "$p" >/dev/null || fail "action set 1 --progress $p"
done
within "action 1 shows the last progress" grep -q '^Progress: 90%' "$M/actions/000001/action.txt"
check_eq "action.json agrees" 90 "$(jq .progress "$M/actions/000001/action.json")"
check_eq "the board's actions.tsv agrees" "$(g show boards/surrey-children-education-select-committee/actions.tsv)" \
	"$(cat "$M/boards/surrey-children-education-select-committee/actions.tsv")"
sleep 0.3
fresh "after a burst of changes"

# under load: readers keep every worker busy (new search names always
# reach govfs); a change still shows within a second
warm
load() { local end=$((SECONDS + 8)); while [ $SECONDS -lt $end ]; do
	ls "$M/search/w$RANDOM$RANDOM" >/dev/null 2>&1; done; }
pids=()
for i in 1 2 3 4; do load & pids+=($!); done
(cd "$M" && timeout 8 grep -r zzz . >/dev/null 2>&1) & pids+=($!)
sleep 0.5
for st in done open in_progress; do
	g action set 2 --status "$st" >/dev/null || fail "action set 2 --status $st"
	within "under load: action 2 shows $st" grep -q "^Status: $st\$" "$M/actions/000002/action.txt"
done
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
wait
fresh "after the load"

check "unmount" t_umount "$M"
sleep 0.2
check "nothing of ours left in /proc/mounts" bash -c "! grep -q ' $T_TMP/' /proc/mounts"
t_done
