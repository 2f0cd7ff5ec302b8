#!/usr/bin/env bash
# govctl import of the real ModernGov page families (tests/fixtures/pages,
# tests/fixtures/html): placement by the meeting a page names (--council),
# several items from one page, the partial mark, the one line a page and
# --json, re-import, --replace, and refusals that leave the database as it
# was.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/p.db
export GOVFS_DB=$DB
P=$TOP/tests/fixtures/pages
H=$TOP/tests/fixtures/html
g() { "$GOVCTL" "$@"; }


g init >/dev/null

# An "Issue - meetings" page places itself: the council's board for its
# committee is made, the meeting of its date, the item of its number.
out=$(g import --council "Wirral Council" "$P/09.txt" 2>&1); rc=$?
check_eq "Issue - meetings page: exit 0" 0 "$rc"
item=boards/children-young-people-and-education-committee/meetings/2021-09-13/items/30-children-young-people-and-education-committee-work-programme
check_eq "...one line: added, the item, what it held" \
	"added $item : 4 resolutions, 3 actions" "$out"
check_eq "...the board is the council's" "Wirral Council" \
	"$(g show boards/children-young-people-and-education-committee/board.json | jq -r .council)"
check_eq "...its resolutions" 4 "$(g show "$item/item.json" | jq '.resolutions | length')"
check_eq "the same page again: unchanged" "unchanged $item : 4 resolutions, 3 actions" \
	"$(g import --council "Wirral Council" "$P/09.txt")"

# A decision record: "Decided at meeting: 24/09/2021 - Governance Committee".
out=$(g import --council "West Sussex County Council" "$P/12.txt"); rc=$?
check_eq "decision record: exit 0" 0 "$rc"
check "...placed by Decided at meeting" grep -q '^added boards/governance-committee/meetings/2021-09-24/items/01-' <<<"$out"

# A meeting's agenda: every numbered item; cut off: partial, a warning
# naming the file and line, exit 0.
out=$(g import --council "Medway Council" "$P/02.txt" 2>"$T_TMP/err"); rc=$?
check_eq "meeting page: exit 0" 0 "$rc"
check_eq "...four items, partial" \
	"added boards/children-and-young-people-overview-and-scrutiny-committee/meetings/2018-03-08/items/801-apologies-for-absence (+3 more items) : 0 resolutions, 0 actions, partial" \
	"$out"
check "...the warning names the file and its last line" \
	grep -q "02.txt:55: warning: the page is cut off here" "$T_TMP/err"
check_eq "...the items are 801 to 804" "801 802 803 804" \
	"$(g show boards/children-and-young-people-overview-and-scrutiny-committee/meetings/2018-03-08/items/ | cut -d- -f1 | tr '\n' ' ' | sed 's/ $//')"

# Saved HTML of a decision record, entities decoded.
out=$(g import --council "Kirklees Council" "$H/01.html"); rc=$?
check_eq "HTML page: exit 0" 0 "$rc"
check "...placed by its Decided at meeting" \
	grep -q '^added boards/policy-committee/meetings/2015-10-19/items/01-minutes-of-previous-meeting : 1 resolution' <<<"$out"

# --json: an array, one object a page.
json=$(g import --json --council "Halton Borough Council" "$P/59.txt" "$P/61.txt" 2>/dev/null)
check_eq "--json: an array of two pages" 2 "$(jq length <<<"$json")"
check_eq "...format, family, status, partial" \
	"govctl-import-page/1 issue meetings added false|govctl-import-page/1 agenda item added true" \
	"$(jq -r '.[] | [.format, .family, .status, (.partial|tostring)] | join(" ")' <<<"$json" | paste -sd'|')"

# Refusals: nothing imported, the database as it was.
expect_fail "a page that names no meeting" 65 "01.txt: the page names no meeting: give --board and --date" \
	g import --council "Cheshire East Council" "$P/62.txt" "$P/01.txt"
g board add slough-cabinet --name Cabinet --council "Slough Borough Council" >/dev/null
g board add bury-cabinet --name Cabinet --council "Bury Council" >/dev/null
expect_fail "a committee that fits two councils' boards" 65 \
	"boards/slough-cabinet and boards/bury-cabinet" g import "$P/62.txt"
printf 'Dear all,\n\nplease find the agenda attached.\n' > "$T_TMP/letter.txt"
expect_fail "no minutes page at all" 65 "letter.txt:1: not a ModernGov page" \
	g import --board slough-cabinet --date 2021-01-01 "$T_TMP/letter.txt"
expect_fail "an issue page needs its council" 65 "give --council" g import "$P/52.txt"
# --council places it: the Stockton Cabinet, a board of its own
out=$(g import --council "Stockton-on-Tees Borough Council" "$P/62.txt" 2>/dev/null); rc=$?
check_eq "...with --council: exit 0" 0 "$rc"
check "...the council's own Cabinet board" grep -q '^added boards/cabinet[a-z-]*/meetings/2023-06-15/items/08-' <<<"$out"

# An unnumbered item takes the next free number; imported again it is
# found by its content.
out1=$(g import --board slough-cabinet --date 2021-07-16 "$P/44.txt" 2>/dev/null)
out2=$(g import --board slough-cabinet --date 2021-07-16 "$P/44.txt" 2>/dev/null)
check "unnumbered item: number 01" grep -q '^added boards/slough-cabinet/meetings/2021-07-16/items/01-' <<<"$out1"
check_eq "...again: unchanged, the same item" "unchanged ${out1#added }" "$out2"

# --replace: a changed page updates its item in place.
sed 's/notes the findings/notes and welcomes the findings/' "$P/59.txt" > "$T_TMP/59b.txt"
expect_fail "a changed page without --replace" 65 "--replace" \
	g import --council "Halton Borough Council" "$T_TMP/59b.txt"
out=$(g import --replace --council "Halton Borough Council" "$T_TMP/59b.txt"); rc=$?
check_eq "...with --replace: replaced" "replaced" "$(cut -d' ' -f1 <<<"$out")"

# An issue page with --council: stored as the council's issue.
out=$(g import --council "Stockport Council" "$P/52.txt"); rc=$?
check_eq "issue page: exit 0" 0 "$rc"
check_eq "...said so" 'stored issue "Youth Justice Plan" of Stockport Council : 0 resolutions, 0 actions' "$out"

# Every real page imports, each into a meeting of its own.
rm -f "$DB"*; g init >/dev/null; g board add b --name "Board" --council "Test Council" >/dev/null
n=0; bad=0
for f in "$P"/*.txt "$H"/*.html; do
	n=$((n + 1))
	out=$(g import --council "Test Council" --board b --date "$(date -d "2020-01-01 + $n days" +%F)" \
		"$f" 2>&1); rc=$?
	[ $rc -eq 0 ] || { bad=$((bad + 1)); printf '  %s: %s\n' "$f" "$out"; }
done
check_eq "all 66 real pages import" "66 0" "$n $bad"
t_done
