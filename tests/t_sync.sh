#!/usr/bin/env bash
# govctl sync against a ModernGov web service on the loopback interface
# (tests/sync_server.py, started and stopped here): the recorded
# Manchester answers from empty, a second sync that changes nothing and
# asks only conditionally, minutes that appear on a later sync, the URL's
# forms, each fault with its message and a consistent database, a sync
# killed with SIGKILL and resumed, councillors the site does not offer,
# meetings it no longer lists, HTTPS with a certificate made here, and a
# mount that shows what a sync commits.  Nothing leaves the machine.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-03-01
export GOVCTL_SYNC_BACKOFF=0.2
DB=$T_TMP/sync.db
export GOVFS_DB=$DB
FIX=$TOP/tests/fixtures/sync
OV=$T_TMP/overlay
LOG=$T_TMP/server.log
MC="Manchester City Council"
ITEMS=boards/audit-committee/meetings/2026-02-10/items
g() { "$GOVCTL" "$@"; }

mkdir -p "$OV/manchester" "$OV/big"
: > "$LOG"
python3 "$TOP/tests/sync_server.py" --fixtures "$FIX" --overlay "$OV" \
	--log "$LOG" --port-file "$T_TMP/port" --lifetime 600 &
SRV=$!
TLS=
trap 'kill $SRV $TLS 2>/dev/null; wait $SRV $TLS 2>/dev/null; t_cleanup' EXIT
for i in $(seq 100); do [ -s "$T_TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$T_TMP/port")
SITE=http://127.0.0.1:$PORT/manchester

# recsum: a fingerprint of the records (what sync remembers aside)
recsum() { sqlite3 "$DB" .dump | grep -v '^INSERT INTO sync_' | sha256sum | cut -d' ' -f1; }
# consistent DESC: integrity and foreign keys hold
consistent() {
	check_eq "$1: integrity" "ok" "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
	check_eq "$1: foreign keys" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"
}
# mark: the log's length now; since N: its lines after mark N
mark() { wc -l < "$LOG"; }
since() { tail -n +$(($1 + 1)) "$LOG"; }
q() { sqlite3 "$DB" "$1"; }
fresh() { rm -f "$DB" "$DB"-*; g init >/dev/null; }

# ---- from empty -----------------------------------------------------------
# The meeting of 10/02/2026 first has its agenda only (minutes later).
cp "$FIX/meeting_4967_agenda.xml" "$OV/manchester/meeting_with_minutes.xml"
fresh
m=$(mark)
out=$(g sync "$SITE/" --council "$MC" --delay 0 2>&1); rc=$?
check_eq "first sync: exit 0" 0 "$rc"
check_eq "first sync: summary" \
	"22 fetched, 0 unchanged, 0 skipped, 0 failed (1 councils, 22 requests of which 0 conditional," \
	"$(printf '%s\n' "$out" | tail -1 | sed 's/ [0-9]* bytes)$//')"
check_eq "boards" 3 "$(q 'SELECT count(*) FROM board')"
check_eq "meetings" 2 "$(q 'SELECT count(*) FROM meeting')"
check_eq "items" "$(printf '01-minutes\n09-work-programme')" \
	"$(g show "$ITEMS" | cut -f1 | sed 's|/$||' | sort)"
check_eq "documents" 2 "$(q 'SELECT count(*) FROM document')"
check "attendee" grep -q "Basil Curley" \
	<(g show boards/audit-committee/meetings/2026-02-10/attendance.txt)
check_eq "no minutes yet" 0 \
	"$(g show "$ITEMS/09-work-programme/minutes.txt" 2>/dev/null | grep -c 'future Work')"
check_eq "one connection for the whole sync" 1 \
	"$(since "$m" | cut -d' ' -f1 | sort -u | wc -l)"
check_eq "User-Agent names govfs and its version" \
	"govfs/$(g --version | cut -d' ' -f2) (govctl sync)" \
	"$(since "$m" | head -1 | cut -d' ' -f6-)"
check_eq "dates in slices of months, dd/mm/yyyy" 6 \
	"$(since "$m" | grep -c 'GetMeetings?lCommitteeId=144&sFromDate=[0-9][0-9]%2F[0-9][0-9]%2F20[0-9][0-9]&sToDate=')"
check_eq "no doubled slash" 0 "$(since "$m" | cut -d' ' -f3 | grep -c '//')"
bytes=$(printf '%s\n' "$out" | tail -1 | sed -n 's/.* \([0-9]*\) bytes)$/\1/p')
plain=$(cat "$FIX"/committees.xml "$FIX"/meeting_cancelled.xml "$FIX"/meeting_4967_agenda.xml "$FIX"/councillors_05.xml | wc -c)
check "compressed answers: $bytes bytes came for more than $plain" test "$bytes" -lt $((plain / 2))
consistent "first sync"

# councillors (GetCouncillorsByWard): party, ward, key posts
BM=people/councillor-bruce-marshall
check_eq "councillors: 35 people and 1 attendee" 36 "$(q 'SELECT count(*) FROM person')"
check_eq "councillor: person.txt" "Name: Councillor Bruce Marshall
Role: Depute Policy Lead for Improvement, HR, Customer Services and Facility Services
Party: Independent
Ward: Cowal" "$(g show $BM/person.txt | sed -n 1,4p)"
check_eq "councillor: person.json" "Independent Cowal" \
	"$(g show $BM/person.json | jq -r '"\(.party) \(.ward)"')"

# ---- again: nothing new --------------------------------------------------
sum=$(recsum)
m=$(mark)
out=$(g sync --delay 0 2>&1); rc=$?
check_eq "second sync (no URL: every council followed): exit 0" 0 "$rc"
check_eq "second sync changes no record" "$sum" "$(recsum)"
check_eq "second sync: only conditional requests" "" \
	"$(since "$m" | awk '$4 != "C"')"
check_eq "second sync: all 304" "" "$(since "$m" | awk '$5 != 304')"
check "second sync says so" grep -q "0 fetched, 22 unchanged, 0 skipped, 0 failed" <<<"$out"

# ---- the minutes appear ---------------------------------------------------
ids=$(q "SELECT id FROM item ORDER BY id")
rm "$OV/manchester/meeting_with_minutes.xml"
out=$(g sync "$SITE" --delay 0 --json 2>&1); rc=$?
check_eq "third sync: exit 0" 0 "$rc"
check_eq "third sync: JSON summary" "1 1 1 0" \
	"$(printf '%s\n' "$out" | jq -r '"\(.format) \(.fetched) \(.meetings) \(.failed)"')"
check_eq "minutes in" "The Committee considered a report of the Governance and Scrutiny Support Unit which set out its future Work Programme for the remainder of 2025/26 municipal year." \
	"$(g show "$ITEMS/09-work-programme/minutes.txt" | tail -1)"
check_eq "items updated in place" "$ids" "$(q "SELECT id FROM item ORDER BY id")"
check_eq "minutes recorded" 1 \
	"$(q "SELECT minutes FROM sync_doc WHERE kind='meeting' AND ref='4967'")"
m=$(mark)
g sync --delay 0 2>/dev/null
check_eq "a meeting with its minutes is not asked for again" 0 \
	"$(since "$m" | grep -c 'lMeetingId=4967')"
consistent "minutes"

# ---- how long a meeting without minutes is asked for -------------------------------
# 10/02/2026 without minutes: asked again 111 days after (2026-06-01),
# not 141 days after (2026-07-01); the cancelled 13/01/2026 neither then.
fresh
cp "$FIX/meeting_4967_agenda.xml" "$OV/manchester/meeting_with_minutes.xml"
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1
m=$(mark)
out=$(GOVCTL_NOW=2026-06-01 g sync --delay 0 2>&1)
check_eq "111 days after, no minutes: asked again" "4967" \
	"$(since "$m" | grep -o 'lMeetingId=[0-9]*' | cut -d= -f2 | tr '\n' ' ' | sed 's/ $//')"
check "111 days after: the cancelled meeting (139 days) skipped" grep -q " 1 skipped," <<<"$out"
m=$(mark)
out=$(GOVCTL_NOW=2026-07-01 g sync --delay 0 2>&1)
check_eq "141 days after, no minutes: not asked" 0 "$(since "$m" | grep -c lMeetingId)"
check "141 days after: both skipped" grep -q " 2 skipped," <<<"$out"
rm "$OV/manchester/meeting_with_minutes.xml"

# meetings ahead are asked for again (their agenda may change), conditionally
fresh
GOVCTL_NOW=2026-01-01 g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1
m=$(mark)
GOVCTL_NOW=2026-01-01 g sync --delay 0 >/dev/null 2>&1
check_eq "meetings ahead: asked again, conditionally" "4966 C 304 4967 C 304" \
	"$(since "$m" | grep lMeetingId | sed 's/.*lMeetingId=\([0-9]*\) \(.\) \([0-9]*\) .*/\1 \2 \3/' | tr '\n' ' ' | sed 's/ $//')"

# ---- the URL in its forms --------------------------------------------------
m=$(mark)
for u in "$SITE" "$SITE//" "HTTP://127.0.0.1:$PORT//manchester/mgWebService.asmx" \
         "$SITE/mgWebService.asmx/GetCommittees?x=1" "$SITE/mgCalendarMonthView.aspx"; do
	g sync "$u" --delay 0 >/dev/null 2>&1 || fail "sync $u"
done
check_eq "five forms of the URL: one council followed" 1 \
	"$(q 'SELECT count(*) FROM sync_council')"
check_eq "five forms of the URL: no doubled slash" 0 \
	"$(since "$m" | cut -d' ' -f3 | grep -c '//')"
out=$(g sync "$SITE" --council Other --delay 0 2>&1); rc=$?
check_eq "another name for a followed URL: exit 64" 64 "$rc"
check "another name for a followed URL: message" grep -q "is followed as council 'Manchester City Council', not 'Other'" <<<"$out"
out=$(g sync ftp://example.org/ 2>&1); rc=$?
check_eq "ftp URL: exit 64" 64 "$rc"
check "ftp URL: message" grep -q "not an http or https URL" <<<"$out"

# ---- --committee ---------------------------------------------------------------
fresh
m=$(mark)
g sync "$SITE" --council "$MC" --committee 144 --delay 0 >/dev/null 2>&1
check_eq "--committee ID: that committee's meetings only" "" \
	"$(since "$m" | grep GetMeetings | grep -v lCommitteeId=144)"
out=$(g sync "$SITE" --committee "No Such Committee" --delay 0 2>&1); rc=$?
check_eq "--committee unknown: exit 69" 69 "$rc"
check "--committee unknown: message" grep -q "no committee 'No Such Committee'" <<<"$out"

# ---- faults ------------------------------------------------------------------
# fault DESC SPEC MESSAGE [sync options]: meeting 4967 answers with fault
# SPEC; the sync exits 69 with MESSAGE, the rest is imported and nothing of
# 4967; without the fault the next sync imports it.
fault() {
	local desc=$1 spec=$2 msg=$3 out rc; shift 3
	fresh
	echo "$spec" > "$OV/manchester/meeting_with_minutes.xml.fault"
	out=$(g sync "$SITE" --council "$MC" --delay 0 "$@" 2>&1); rc=$?
	check_eq "$desc: exit 69" 69 "$rc"
	if grep -qF -- "$msg" <<<"$out" && grep -qF "lMeetingId=4967" <<<"$out"
	then ok "$desc: message names the URL and what came back"
	else fail "$desc: message"; printf '  got: %s\n' "$out"; fi
	check_eq "$desc: nothing of it imported" "2 0" \
		"$(q "SELECT count(*) FROM meeting; SELECT count(*) FROM item" | tr '\n' ' ' | sed 's/ $//')"
	check_eq "$desc: the rest imported" 1 "$(q 'SELECT count(*) FROM attendance')"
	consistent "$desc"
	rm -f "$OV/manchester/meeting_with_minutes.xml.fault"
	g sync --delay 0 >/dev/null 2>&1
	check_eq "$desc: the next sync imports it" 2 "$(q 'SELECT count(*) FROM item')"
}
fault "500 four times" "500 4" "HTTP 500 (server error) (4 attempts)"
fault "a timeout" "timeout" "timed out after 1 s" --timeout 1
fault "a reset mid-body" "reset" "connection failed after"
fault "an HTML error page" "serve error.html" 'bytes, title "Runtime Error"'
fault "a SharePoint error page" "serve councillors_03.xml" 'a SharePoint error page (title "Error")'
fault "a JavaScript stub" "serve councillors_02.xml" "a JavaScript redirect stub"
fault "a redirect loop" "redirect-loop" "more than 5 redirects"
fault "a slow trickle" "trickle" "timed out after 2 s" --timeout 2
fault "mgError.aspx" "mgerror" "mgError.aspx"
fault "an empty body" "empty" "empty body"
fault "a firewall challenge" "serve firewall.txt" "answer that is not XML (a firewall challenge?)"
fault "a truncated body" "truncated" "XML cut off before </meeting>"

# councillors (GetCouncillorsByWard) that the site does not offer: an
# error status, an error page, a redirect to mgError.aspx, a list with no
# councillor.  Said once as a warning with the URL and what came back,
# recorded, and no failure: the sync exits 0.
CW=GetCouncillorsByWard
for f in "404 99:HTTP 404 (not found)" \
         "500 4:HTTP 500 (server error) (4 attempts)" \
         "mgerror:ModernGov's error page" \
         "serve error.html:an HTML page" \
         "serve councillors_03.xml:a SharePoint error page" \
         "serve councillors_02.xml:a JavaScript redirect stub" \
         "serve councillors_01.xml:answer with no councillor (0 wards)"; do
	fresh
	echo "${f%%:*}" > "$OV/manchester/councillors_05.xml.fault"
	out=$(g sync "$SITE" --council "$MC" --delay 0 2>&1); rc=$?
	check_eq "councillors ${f%%:*}: exit 0" 0 "$rc"
	if grep -qF "warning: $SITE/mgWebService.asmx/$CW: the site does not offer its councillors (" <<<"$out" &&
	   grep -qF -- "${f#*:}" <<<"$out"
	then ok "councillors ${f%%:*}: a warning names the URL and what came back"
	else fail "councillors ${f%%:*}: warning"; printf '  got: %s\n' "$out"; fi
	check "councillors ${f%%:*}: summary" grep -q "21 fetched, 0 unchanged, 0 skipped, 0 failed" <<<"$out"
	check_eq "councillors ${f%%:*}: none imported, the meetings all" "1 2" \
		"$(q 'SELECT count(*) FROM person; SELECT count(*) FROM item' | tr '\n' ' ' | sed 's/ $//')"
	check_eq "councillors ${f%%:*}: recorded as not offered" none \
		"$(q "SELECT digest FROM sync_doc WHERE kind = 'councillors'")"
done
# recorded: not asked again (nor said again) for 30 days; then asked
# quietly; and imported when the site offers them
m=$(mark)
out=$(GOVCTL_NOW=2026-03-30 g sync --delay 0 2>&1); rc=$?
check_eq "councillors not offered, 29 days later: exit 0" 0 "$rc"
check_eq "councillors not offered, 29 days later: not asked" 0 "$(since "$m" | grep -c $CW)"
check_eq "councillors not offered, 29 days later: no warning" 0 "$(grep -c warning <<<"$out")"
m=$(mark)
out=$(GOVCTL_NOW=2026-03-31 g sync --delay 0 2>&1); rc=$?
check_eq "councillors not offered, 30 days later: exit 0" 0 "$rc"
check_eq "councillors not offered, 30 days later: asked again" 1 "$(since "$m" | grep -c $CW)"
check_eq "councillors still not offered: no second warning" 0 "$(grep -c warning <<<"$out")"
rm "$OV/manchester/councillors_05.xml.fault"
GOVCTL_NOW=2026-04-29 g sync --delay 0 >/dev/null 2>&1
check_eq "councillors not offered, then offered: not asked before 30 days" 1 "$(q 'SELECT count(*) FROM person')"
out=$(GOVCTL_NOW=2026-04-30 g sync --delay 0 2>&1); rc=$?
check_eq "councillors offered again: exit 0" 0 "$rc"
check_eq "councillors offered again: imported" 36 "$(q 'SELECT count(*) FROM person')"
check_eq "councillors offered again: recorded so" 0 \
	"$(q "SELECT count(*) FROM sync_doc WHERE kind = 'councillors' AND digest = 'none'")"
# an answer that never came is a failure as any other
fresh
echo timeout > "$OV/manchester/councillors_05.xml.fault"
out=$(g sync "$SITE" --council "$MC" --delay 0 --timeout 1 2>&1); rc=$?
check_eq "councillors timing out: exit 69" 69 "$rc"
check "councillors timing out: message" grep -qF "$CW: timed out after 1 s" <<<"$out"
check_eq "councillors timing out: not recorded as not offered" 0 \
	"$(q "SELECT count(*) FROM sync_doc WHERE kind = 'councillors'")"
rm "$OV/manchester/councillors_05.xml.fault"

# a 500 then success, a 503 with Retry-After: retried, nothing failed
fresh
echo "500 1" > "$OV/manchester/meeting_with_minutes.xml.fault"
m=$(mark)
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1; rc=$?
check_eq "500 then success: exit 0" 0 "$rc"
check_eq "500 then success: asked twice" "500 200" \
	"$(since "$m" | grep lMeetingId=4967 | awk '{print $5}' | tr '\n' ' ' | sed 's/ $//')"
check_eq "500 then success: imported" 2 "$(q 'SELECT count(*) FROM item')"
fresh
echo "503 1" > "$OV/manchester/meeting_with_minutes.xml.fault"
s0=$(date +%s.%N)
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1; rc=$?
s1=$(date +%s.%N)
check_eq "503 with Retry-After: exit 0" 0 "$rc"
check "503 with Retry-After: 1 s waited" awk -v a="$s0" -v b="$s1" 'BEGIN { exit !(b - a >= 1) }'
rm -f "$OV/manchester/meeting_with_minutes.xml.fault"

# Retry-After as an HTTP date
fresh
echo "503date 1" > "$OV/manchester/meeting_with_minutes.xml.fault"
s0=$(date +%s.%N)
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1; rc=$?
s1=$(date +%s.%N)
check_eq "503 with Retry-After as a date: exit 0" 0 "$rc"
check "503 with Retry-After as a date: waited" awk -v a="$s0" -v b="$s1" 'BEGIN { exit !(b - a >= 1) }'
rm -f "$OV/manchester/meeting_with_minutes.xml.fault"

# a site that moved (301): followed
fresh
g sync "http://127.0.0.1:$PORT/moved/" --council "$MC" --delay 0 >/dev/null 2>&1; rc=$?
check_eq "a site that moved: exit 0" 0 "$rc"
check_eq "a site that moved: imported" 2 "$(q 'SELECT count(*) FROM item')"

# a server without validators: unchanged bodies are skipped by digest
fresh
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1
touch "$OV/manchester/novalidators"
sum=$(recsum)
m=$(mark)
out=$(g sync --delay 0 2>&1); rc=$?
check_eq "no ETag: exit 0" 0 "$rc"
check_eq "no ETag: unchanged bodies skipped by digest" "$sum" "$(recsum)"
check "no ETag: says so" grep -q "0 fetched, 21 unchanged, 1 skipped, 0 failed" <<<"$out"
rm "$OV/manchester/novalidators"

# --delay: at least that long between requests
fresh
s0=$(date +%s.%N)
g sync "$SITE" --council "$MC" --committee 144 --delay 0.2 >/dev/null 2>&1
s1=$(date +%s.%N)
check "--delay 0.2: 9 requests take 1.6 s or more" \
	awk -v a="$s0" -v b="$s1" 'BEGIN { exit !(b - a >= 1.6) }'

# ---- kill -9 and resume --------------------------------------------------------
# A site of 40 past meetings with minutes, answering slowly.
printf '<?xml version="1.0" encoding="utf-8"?>\n<committees>\n  <committeescount> 1</committeescount>\n  <committee>\n    <committeeid>7</committeeid>\n    <committeetitle>Big Board</committeetitle>\n    <committeedeleted>False</committeedeleted>\n    <committeeexpired>False</committeeexpired>\n    <committeecategory>Test</committeecategory>\n  </committee>\n</committees>\n' > "$OV/big/committees.xml"
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<getmeetings>\n  <meetingscount> 40</meetingscount>\n  <committeescount> 1</committeescount>\n  <committee>\n    <committeeid>7</committeeid>\n    <committeetitle>Big Board</committeetitle>\n    <committeemeetingcount> 40</committeemeetingcount>\n    <committeemeetings>\n'
	for i in $(seq 1 40); do
		d=$(date -u -d "2025-06-01 + $((i * 5)) days" +%d/%m/%Y)
		printf '      <meeting>\n        <meetingid>%d</meetingid>\n        <meetingdate>%s</meetingdate>\n        <meetingstatus>Confirmed</meetingstatus>\n        <meetingtime>10.00 am</meetingtime>\n        <iswebcast>False</iswebcast>\n      </meeting>\n' $((9000 + i)) "$d"
		sed -e "s|4967|$((9000 + i))|g; s|1883\([13]\)|$((9000 + i))\1|; s|10/02/2026|$d|g" \
			"$FIX/meeting_with_minutes.xml" > "$OV/big/meeting_$((9000 + i)).xml"
	done
	printf '    </committeemeetings>\n  </committee>\n</getmeetings>\n'
} > "$OV/big/meetings.xml"
cp "$FIX/councillors_01.xml" "$OV/big/councillors.xml"
echo 0.05 > "$OV/big/delay"
fresh
asked_all=
for round in 1 2 3; do
	m=$(mark)
	before=$(q "SELECT ref FROM sync_doc WHERE kind='meeting' ORDER BY ref")
	if [ $round = 1 ]; then
		"$GOVCTL" sync "http://127.0.0.1:$PORT/big" --council Big --delay 0 >/dev/null 2>&1 &
	else
		"$GOVCTL" sync --delay 0 >/dev/null 2>&1 &
	fi
	SYNC=$!
	for i in $(seq 200); do
		[ "$(since "$m" | grep -c GetMeeting?)" -ge 4 ] && break
		sleep 0.05
	done
	sleep "0.0$((RANDOM % 10))"
	kill -9 $SYNC; wait $SYNC 2>/dev/null
	asked=$(since "$m" | grep -o 'lMeetingId=[0-9]*' | cut -d= -f2 | sort)
	asked_all="$asked_all $asked"
	check_eq "kill $round: what was done before is not fetched again" "" \
		"$(comm -12 <(printf '%s\n' "$before") <(printf '%s\n' "$asked"))"
	consistent "after kill -9 number $round"
	check_eq "after kill $round: every meeting recorded as done has its items" "" \
		"$(q "SELECT d.ref FROM sync_doc d WHERE d.kind='meeting' AND (SELECT count(*) FROM item i JOIN meeting mt ON mt.id = i.meeting_id WHERE mt.source_id = 'big/' || d.ref) <> 2")"
done
done1=$(q "SELECT ref FROM sync_doc WHERE kind='meeting' ORDER BY ref")
n1=$(printf '%s\n' "$done1" | grep -c .)
check "killed three times mid-way ($n1 of 40 meetings done)" test "$n1" -ge 9 -a "$n1" -lt 40
m=$(mark)
g sync --delay 0 >/dev/null 2>&1; rc=$?
check_eq "resumed sync: exit 0" 0 "$rc"
check_eq "resumed sync: 40 meetings, 80 items" "40 80" \
	"$(q "SELECT count(*) FROM meeting; SELECT count(*) FROM item" | tr '\n' ' ' | sed 's/ $//')"
asked=$(since "$m" | grep -o 'lMeetingId=[0-9]*' | cut -d= -f2 | sort)
check_eq "resumed sync: what was done is not fetched again" "" \
	"$(comm -12 <(printf '%s\n' "$done1") <(printf '%s\n' "$asked"))"
check_eq "resumed sync: the rest fetched once" $((40 - n1)) "$(printf '%s\n' "$asked" | grep -c .)"
n=$(printf '%s\n' $asked_all $asked | grep -c .)
check "all four runs: $n GetMeeting requests for 40 meetings (at most one again per kill)" test "$n" -le 43
consistent "resumed"
rm "$OV/big/delay"

# two councils followed, one failing: the other is synced all the same
m=$(mark)
echo "500 99" > "$OV/big/committees.xml.fault"
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1
out=$(g sync --delay 0 2>&1); rc=$?
check_eq "one council of two failing: exit 69" 69 "$rc"
check "one council of two failing: message" grep -q "/big/mgWebService.asmx/GetCommittees: HTTP 500" <<<"$out"
check "one council of two failing: the other synced" grep -q "manchester/mgWebService.asmx/GetCommittees C 304" <(since "$m")
rm "$OV/big/committees.xml.fault"

# ---- meetings the site no longer lists ----------------------------------------
# GetMeetings stops listing the cancelled meeting of 13/01/2026: kept, its
# status marked, said once, counted; listed again: the mark goes.  Not
# when a slice of the list could not be had.
GONE=boards/audit-committee/meetings/2026-01-13
fresh
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1
python3 - "$FIX/meetings.xml" "$OV/manchester/meetings.xml" <<'EOF'
import re, sys
x = open(sys.argv[1], encoding="utf-8").read()
y = re.sub(r"\s*<meeting>\s*<meetingid>4966</meetingid>.*?</meeting>", "", x, flags=re.S)
assert x != y
open(sys.argv[2], "w", encoding="utf-8").write(y)
EOF
rows=$(q 'SELECT count(*) FROM meeting; SELECT count(*) FROM item; SELECT count(*) FROM attendance' | paste -sd' ')
echo "500 99" > "$OV/manchester/meetings.xml.fault"
out=$(g sync --delay 0 2>&1); rc=$?
check_eq "a list not had: exit 69" 69 "$rc"
check_eq "a list not had: no meeting marked" "" "$(q "SELECT status FROM meeting WHERE status LIKE '%withdrawn%'")"
rm "$OV/manchester/meetings.xml.fault"
out=$(g sync --delay 0 2>&1); rc=$?
check_eq "a meeting no longer listed: exit 0" 0 "$rc"
check "a meeting no longer listed: a warning says so" grep -qF \
	"warning: $SITE/mgWebService.asmx/GetMeetings?lCommitteeId=144 no longer lists meeting 4966 of 2026-01-13: kept, marked withdrawn from the site on 2026-03-01 ($GONE)" <<<"$out"
check "a meeting no longer listed: the summary counts it" grep -q " 0 failed, 1 withdrawn (1 councils" <<<"$out"
check_eq "a meeting no longer listed: nothing deleted" "$rows" \
	"$(q 'SELECT count(*) FROM meeting; SELECT count(*) FROM item; SELECT count(*) FROM attendance' | paste -sd' ')"
check_eq "meeting.txt: withdrawn from the site" "Status: Cancelled; withdrawn from the site on 2026-03-01" \
	"$(g show $GONE/meeting.txt | grep '^Status:')"
check_eq "meeting.json: withdrawn from the site" "Cancelled; withdrawn from the site on 2026-03-01" \
	"$(g show $GONE/meeting.json | jq -r .status)"
check_eq "the meeting still listed: not marked" "Status: Confirmed" \
	"$(g show boards/audit-committee/meetings/2026-02-10/meeting.txt | grep '^Status:')"
out=$(GOVCTL_NOW=2026-03-02 g sync --delay 0 --json 2>&1 >"$T_TMP/gone.json"); rc=$?
check_eq "no longer listed, next sync: exit 0" 0 "$rc"
check_eq "no longer listed, next sync: not said again" "" "$(grep warning <<<"$out")"
check_eq "no longer listed, next sync: --json counts none new" 0 "$(jq .withdrawn "$T_TMP/gone.json")"
check_eq "no longer listed, next sync: the mark's date stays" "Status: Cancelled; withdrawn from the site on 2026-03-01" \
	"$(g show $GONE/meeting.txt | grep '^Status:')"
rm "$OV/manchester/meetings.xml"
out=$(g sync --delay 0 --json 2>&1 >"$T_TMP/gone.json"); rc=$?
check_eq "listed again: exit 0" 0 "$rc"
check_eq "listed again: the mark goes" "Status: Cancelled" "$(g show $GONE/meeting.txt | grep '^Status:')"
check_eq "listed again: --json withdrawn 0" 0 "$(jq .withdrawn "$T_TMP/gone.json")"
consistent "withdrawn"

# ---- TLS ---------------------------------------------------------------------
# The same site over HTTPS with a certificate made here: refused by
# default (not trusted), had with --cacert or $CURL_CA_BUNDLE.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T_TMP/key.pem" \
	-out "$T_TMP/cert.pem" -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 2>/dev/null
python3 "$TOP/tests/sync_server.py" --fixtures "$FIX" --overlay "$OV" \
	--log "$T_TMP/tls.log" --port-file "$T_TMP/tlsport" --lifetime 600 \
	--cert "$T_TMP/cert.pem" --key "$T_TMP/key.pem" &
TLS=$!
for i in $(seq 100); do [ -s "$T_TMP/tlsport" ] && break; sleep 0.1; done
HTTPS=https://127.0.0.1:$(cat "$T_TMP/tlsport")/manchester
fresh
out=$(g sync "$HTTPS" --council "$MC" --delay 0 2>&1); rc=$?
check_eq "https, a certificate not trusted: exit 69" 69 "$rc"
check "https, a certificate not trusted: message names the URL and why" grep -qF \
	"$HTTPS/mgWebService.asmx/GetCommittees: the server's certificate is not trusted (SSL certificate problem: self-signed certificate); to trust it, give its CA's certificate with --cacert FILE or \$CURL_CA_BUNDLE" <<<"$out"
check_eq "https, a certificate not trusted: nothing imported, nothing followed" "0 0" \
	"$(q 'SELECT count(*) FROM meeting; SELECT count(*) FROM sync_council' | tr '\n' ' ' | sed 's/ $//')"
out=$(g sync "$HTTPS" --council "$MC" --delay 0 --cacert "$T_TMP/cert.pem" 2>&1); rc=$?
check_eq "https --cacert: exit 0" 0 "$rc"
check_eq "https --cacert: imported" "2 2" \
	"$(q 'SELECT count(*) FROM meeting; SELECT count(*) FROM item' | tr '\n' ' ' | sed 's/ $//')"
fresh
out=$(CURL_CA_BUNDLE=$T_TMP/cert.pem g sync "$HTTPS" --council "$MC" --delay 0 2>&1); rc=$?
check_eq "https \$CURL_CA_BUNDLE: exit 0" 0 "$rc"
check_eq "https \$CURL_CA_BUNDLE: imported" 2 "$(q 'SELECT count(*) FROM item')"
out=$(g sync "$HTTPS" --cacert "$T_TMP/nothing.pem" 2>&1); rc=$?
check_eq "--cacert of no file: exit 64" 64 "$rc"
check "--cacert of no file: message" grep -qF -- "--cacert $T_TMP/nothing.pem: No such file" <<<"$out"
kill $TLS 2>/dev/null; wait $TLS 2>/dev/null; TLS=

# ---- a mount shows what a sync commits -------------------------------------------
fresh
t_mount "$DB" "$T_TMP/mnt"
g sync "$SITE" --council "$MC" --delay 0 >/dev/null 2>&1
seen=no
for i in $(seq 10); do
	[ -e "$T_TMP/mnt/$ITEMS/09-work-programme/minutes.txt" ] && { seen=yes; break; }
	sleep 0.1
done
check_eq "the mount shows the sync within a second" yes "$seen"
check "the mount: minutes" grep -q "future Work" "$T_TMP/mnt/$ITEMS/09-work-programme/minutes.txt"
t_umount "$T_TMP/mnt"

# ---- usage ------------------------------------------------------------------------------
fresh
out=$(g sync 2>&1); rc=$?
check_eq "no URL and nothing followed: exit 64" 64 "$rc"
check "no URL and nothing followed: message" grep -q "no council is followed yet" <<<"$out"
out=$(g sync "$SITE" --from 2026-02-01 --to 2026-01-01 2>&1); rc=$?
check_eq "--from after --to: exit 64" 64 "$rc"
check "--from after --to: message" grep -q "not after --to" <<<"$out"
help=$(g sync --help)
for o in --council --committee --from --to --delay --timeout --cacert --document-host --json; do
	grep -q -- "$o" <<<"$help" || fail "--help lists $o"
done
ok "--help lists every option"
t_done
