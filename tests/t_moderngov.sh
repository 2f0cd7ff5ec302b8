#!/usr/bin/env bash
# govctl import of ModernGov web-service XML end to end: the three real
# responses, a re-import that changes nothing, a GetMeeting placed with
# --board, and refused documents that leave the database as it was.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/mg.db
export GOVFS_DB=$DB
FIX=$TOP/tests/fixtures/moderngov
g() { "$GOVCTL" "$@"; }
ITEM=boards/audit-committee/meetings/2026-02-10/items

# expect_fail DESC FILE MESSAGE: import exits 65 with MESSAGE, no change.
expect_fail() {
	local before after out rc
	before=$(dbsum)
	out=$(g import "$2" 2>&1); rc=$?
	after=$(dbsum)
	check_eq "$1: exit 65" 65 "$rc"
	if printf '%s' "$out" | grep -qF -- "$3"; then ok "$1: message"
	else fail "$1: message"; printf '  got: %s\n' "$out"; fi
	check_eq "$1: database unchanged" "$before" "$after"
}

check "init" g init
check_eq "import the three responses" \
"$FIX/committees.xml: committees: 3 boards, 0 meetings, 0 items, 0 documents, 0 people, 0 actions
$FIX/meetings.xml: getmeetings: 1 boards, 2 meetings, 0 items, 0 documents, 0 people, 0 actions
$FIX/meeting_with_minutes.xml: meeting: 0 boards, 1 meetings, 2 items, 2 documents, 1 people, 0 actions" \
	"$(g import --council "Manchester City Council" "$FIX/committees.xml" \
	   "$FIX/meetings.xml" "$FIX/meeting_with_minutes.xml" 2>/dev/null)"
check_eq "three boards" 3 "$(g board list | wc -l)"
check_eq "cancelled meeting" "Cancelled" \
	"$(g show boards/audit-committee/meetings/2026-01-13/meeting.txt | sed -n 's/^Status: //p')"
check_eq "items as numbered" "$(printf '01-minutes\n09-work-programme')" \
	"$(g show "$ITEM" | cut -f1 | sed 's|/$||' | sort)"
check_eq "minutes text" "To approve the minutes of the meeting held on 25 November 2025 as a correct record." \
	"$(g show "$ITEM/01-minutes/minutes.txt" | tail -1)"
check_eq "item.json source id" "moderngov 18833" \
	"$(g show "$ITEM/09-work-programme/item.json" | jq -r '.source + " " + .source_id')"

sum=$(dbsum)
check "re-import" g import "$FIX/meeting_with_minutes.xml" \
	"$FIX/meetings.xml" "$FIX/committees.xml"
check_eq "re-import changes nothing" "$sum" "$(dbsum)"

expect_fail "wrong root" <(printf '<?xml version="1.0"?>\n<html/>\n') \
	"2: unknown ModernGov XML root <html>"
expect_fail "billion laughs" "$FIX/billion_laughs.xml" \
	"billion_laughs.xml:2: DOCTYPE/entity declarations are not allowed"
expect_fail "XXE" "$FIX/xxe.xml" \
	"xxe.xml:2: DOCTYPE/entity declarations are not allowed"
head -c 2000 "$FIX/meeting_rich.xml" > "$T_TMP/truncated.xml"
expect_fail "truncated" "$T_TMP/truncated.xml" "truncated.xml:"
sed 's|03/03/2026|31/02/2026|' "$FIX/meeting_rich.xml" > "$T_TMP/baddate.xml"
expect_fail "invalid date" "$T_TMP/baddate.xml" \
	"baddate.xml:4: meetingdate: invalid date '31/02/2026'"
sed 's|<refertocommittee>144</refertocommittee>||' "$FIX/meeting_rich.xml" \
	> "$T_TMP/unplaced.xml"
expect_fail "unplaced meeting" "$T_TMP/unplaced.xml" \
	"unplaced.xml:3: cannot tell which committee meeting 5001 belongs to"

check "--board places a GetMeeting" \
	g import --board audit-committee "$T_TMP/unplaced.xml"
check_eq "three actions from it" 3 "$(g action list | wc -l)"
t_done
