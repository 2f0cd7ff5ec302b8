#!/usr/bin/env bash
# govctl import of ModernGov web-service XML end to end: the three real
# responses, a re-import that changes nothing, a GetMeeting placed with
# --board, and refused documents that leave the database as it was.
# Then ids per council: a second council with the same ids in the same
# database and in its mount, --council required, and a database of an
# older govctl (bare ids) upgraded by a re-import.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/mg.db
export GOVFS_DB=$DB
FIX=$TOP/tests/fixtures/moderngov
g() { "$GOVCTL" "$@"; }
ITEM=boards/audit-committee/meetings/2026-02-10/items
MC="Manchester City Council"

# expect_fail DESC FILE MESSAGE: import exits 65 with MESSAGE, no change.
expect_fail() {
	local before after out rc
	before=$(dbsum)
	out=$(g import --council "$MC" "$2" 2>&1); rc=$?
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
check_eq "item.json source id" "moderngov manchester-city-council/18833" \
	"$(g show "$ITEM/09-work-programme/item.json" | jq -r '.source + " " + .source_id')"

sum=$(dbsum)
check "re-import" g import --council "$MC" "$FIX/meeting_with_minutes.xml" \
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
	g import --council "$MC" --board audit-committee "$T_TMP/unplaced.xml"
check_eq "three actions from it" 3 "$(g action list | wc -l)"

# ---- a second council, the same ids -----------------------------------------
DB=$T_TMP/two.db GOVFS_DB=$T_TMP/two.db
LC="Leeds City Council"
B=$T_TMP/leeds
mkdir -p "$B"
for f in committees.xml meetings.xml meeting_with_minutes.xml; do
	sed -e 's/Art Galleries Committee/Licensing Committee/' \
	    -e 's/25 November 2025/2 December 2025/' \
	    -e 's/democracy\.manchester/democracy.leeds/' "$FIX/$f" > "$B/$f"
done
A_FILES=("$FIX/committees.xml" "$FIX/meetings.xml" "$FIX/meeting_with_minutes.xml")
B_FILES=("$B/committees.xml" "$B/meetings.xml" "$B/meeting_with_minutes.xml")
counts() {
	sqlite3 "$DB" "SELECT (SELECT count(*) FROM board) || ' boards, ' ||
	  (SELECT count(*) FROM meeting) || ' meetings, ' ||
	  (SELECT count(*) FROM item) || ' items'"
}
check "init a database for two councils" g init
check "import Manchester" g import --council "$MC" "${A_FILES[@]}"
check "import Leeds, the same ids" g import --council "$LC" "${B_FILES[@]}"
check_eq "two councils: each its own records" "6 boards, 4 meetings, 4 items" "$(counts)"
check_eq "boards by council" \
"art-galleries-committee	Manchester City Council
audit-committee	Manchester City Council
leeds-city-council-audit-committee	Leeds City Council
licensing-committee	Leeds City Council" \
	"$(g board list | cut -f1,3 | grep -v appointment)"
M=$T_TMP/mnt
check "mount two councils" t_mount "$DB" "$M"
LI=boards/leeds-city-council-audit-committee/meetings/2026-02-10/items
check_eq "Manchester's minutes in the mount" \
	"To approve the minutes of the meeting held on 25 November 2025 as a correct record." \
	"$(tail -1 "$M/$ITEM/01-minutes/minutes.txt")"
check_eq "Leeds's minutes in the mount" \
	"To approve the minutes of the meeting held on 2 December 2025 as a correct record." \
	"$(tail -1 "$M/$LI/01-minutes/minutes.txt")"
check_eq "Leeds's source id in the mount" "moderngov leeds-city-council/18833" \
	"$(jq -r '.source + " " + .source_id' "$M/$LI/09-work-programme/item.json")"
check_eq "each council's meetings in the mount" "4" \
	"$(ls "$M/meetings" | wc -l)"
sum=$(dbsum)
check "re-import Leeds" g import --council "$LC" "${B_FILES[@]}"
check "re-import Manchester" g import --council "$MC" "${A_FILES[@]}"
check_eq "re-imports change nothing" "$sum" "$(dbsum)"
check_eq "and the counts stay" "6 boards, 4 meetings, 4 items" "$(counts)"
t_umount "$M"

# ---- --council is required ---------------------------------------------------
for f in "${B_FILES[@]}"; do
	out=$(g import "$f" 2>&1); rc=$?
	check_eq "no --council: $(basename "$f"): exit 64 (EX_USAGE)" 64 "$rc"
	check_eq "no --council: $(basename "$f"): message" \
"govctl: $f:2: ModernGov ids are per council and this response does not say whose it is: give --council NAME
govctl: nothing imported (the database is unchanged)" "$out"
done
check_eq "no --council: database unchanged" "$sum" "$(dbsum)"
out=$(g import --council "Leeds City-Council" "$B/meetings.xml" 2>&1); rc=$?
check_eq "a council that cannot be told apart: exit 64" 64 "$rc"
check_eq "a council that cannot be told apart: message" \
	"govctl: $B/meetings.xml:2: --council 'Leeds City-Council' cannot be told from council 'Leeds City Council' (both are 'leeds-city-council')" \
	"$(printf '%s\n' "$out" | head -1)"
check_eq "a council that cannot be told apart: database unchanged" "$sum" "$(dbsum)"

# ---- a database of an older govctl: bare ids ---------------------------------
DB=$T_TMP/old.db GOVFS_DB=$T_TMP/old.db
g init >/dev/null && g import --council "$MC" "${A_FILES[@]}" >/dev/null
ids="SELECT group_concat(id || '=' || source_id, ' ') FROM (SELECT id,
  source_id FROM board UNION ALL SELECT id, source_id FROM meeting UNION ALL
  SELECT id, source_id FROM item)"
want_ids=$(sqlite3 "$DB" "$ids")
sqlite3 "$DB" "UPDATE board SET source_id = substr(source_id, instr(source_id, '/') + 1);
  UPDATE meeting SET source_id = substr(source_id, instr(source_id, '/') + 1);
  UPDATE item SET source_id = substr(source_id, instr(source_id, '/') + 1);
  INSERT INTO meta VALUES ('moderngov.council', '$MC');"
check_eq "old style: bare ids" "18831 18833" \
	"$(sqlite3 "$DB" "SELECT group_concat(source_id, ' ') FROM item")"
check "old style: re-import Manchester" g import --council "$MC" "${A_FILES[@]}"
check_eq "old style: upgraded in place (same rows, council ids)" \
	"$want_ids" "$(sqlite3 "$DB" "$ids")"
check_eq "old style: items now in the council form" \
	"manchester-city-council/18831 manchester-city-council/18833" \
	"$(sqlite3 "$DB" "SELECT group_concat(source_id, ' ') FROM item")"
check_eq "old style: no duplicates" "3 boards, 2 meetings, 2 items" "$(counts)"
check "old style: then Leeds" g import --council "$LC" "${B_FILES[@]}"
check_eq "old style: then Leeds, beside it" "6 boards, 4 meetings, 4 items" "$(counts)"
t_done
