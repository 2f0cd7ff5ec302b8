#!/usr/bin/env bash
# Supporting documents end to end: govctl document add on PDFs the test
# makes (tests/mkpdfs.sh), their text and originals in a mounted tree,
# grep -r finding words only a report holds, the hostile files recorded as
# failures with their reasons, export and mount the same.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
DB=$T_TMP/g.db
export GOVFS_DB=$DB
FX=$T_TMP/fx
MNT=$T_TMP/mnt
g() { "$GOVCTL" "$@"; }

check "make the fixture PDFs" bash "$TOP/tests/mkpdfs.sh" "$FX"
check "load the samples" t_demo_db "$DB"
item=boards/slough-cabinet/meetings/2015-06-15/items/05-childrens-services-improvement-update
other=boards/surrey-children-education-select-committee/meetings/2015-10-08/items/$(g show boards/surrey-children-education-select-committee/meetings/2015-10-08/items | head -1 | tr -d /)
docs=$item/documents

# --- adding ---------------------------------------------------------------------
check_eq "no documents folder before" "" "$(g show "$item" | grep -x documents)"
out=$(g document add "$item" "$FX/report.pdf" --title "Ofsted monitoring letter" 2>&1); rc=$?
check_eq "add a report: exit 0" 0 "$rc"
check_eq "add prints the text's path" "$docs/01-ofsted-monitoring-letter.txt" "$out"
check "add a 500-page report" g document add "$item" "$FX/big.pdf" --title "Annual performance report"
for f in broken encrypted html; do
	out=$(g document add "$item" "$FX/$f.pdf" --title "Hostile $f" 2>&1 >/dev/null); rc=$?
	check_eq "hostile $f: recorded, exit 0" 0 "$rc"
	check "hostile $f: a warning says so" grep -q "warning: .*$f.pdf: no text extracted" <<<"$out"
done
start=$(date +%s)
out=$(GOVCTL_EXTRACT_SECONDS=2 g document add "$item" "$FX/bomb.pdf" --title "Hostile bomb" 2>&1 >/dev/null); rc=$?
took=$(( $(date +%s) - start ))
check_eq "bomb: recorded, exit 0" 0 "$rc"
check "bomb: stopped by the time limit" grep -q "time limit (2 s) exceeded" <<<"$out"
check "bomb: within the limit and a margin ($took s)" test "$took" -le 6

check_eq "documents.txt lists six documents" "Documents: 6" "$(g show "$item/documents.txt" | grep '^Documents:')"
check_eq "documents.txt names the text" "  Text: documents/01-ofsted-monitoring-letter.txt" \
	"$(g show "$item/documents.txt" | grep -m1 '^  Text:')"
check_eq "documents.txt: the encrypted one's reason" "  Failed: encrypted (needs a password)" \
	"$(g show "$item/documents.txt" | grep -A2 'hostile-encrypted.pdf' | grep Failed)"
check_eq "item.json: states" "ok ok failed failed failed failed" \
	"$(g show "$item/item.json" | jq -r '[.documents[] | select(.file) | .state] | join(" ")')"
check_eq "item.json: the HTML one is text/html, kept as .html" "documents/05-hostile-html.html" \
	"$(g show "$item/item.json" | jq -r '.documents[] | select(.media_type == "text/html") | .file')"
check_eq "item.json: pages of the big one" 500 \
	"$(g show "$item/item.json" | jq '.documents[] | select(.title == "Annual performance report") | .pages')"
check_eq "item.json: the broken one's reason" "not readable as PDF: PDF document is damaged" \
	"$(g show "$item/item.json" | jq -r '.documents[] | select(.title == "Hostile broken") | .reason')"

# The same bytes on another item: kept once (content-addressed).
check "the same report on another item" g document add "$other" "$FX/report.pdf" --url https://example.org/r.pdf
check_eq "one file per digest" 6 "$(sqlite3 "$DB" 'SELECT count(*) FROM docfile')"
check_eq "its bytes once" 6 "$(sqlite3 "$DB" 'SELECT count(*) FROM docblob')"

# --- refusals: sysexits codes, database unchanged --------------------------------
before=$(dbsum)
g document add boards/nope/meetings/2015-06-15/items/05-x "$FX/report.pdf" 2>/dev/null
check_eq "unknown item: exit 65" 65 "$?"
g document add "$item" "$FX/missing.pdf" 2>/dev/null
check_eq "missing file: exit 66" 66 "$?"
truncate -s 65M "$T_TMP/huge.pdf"
out=$(g document add "$item" "$T_TMP/huge.pdf" 2>&1)
check_eq "a file over 64 MiB: exit 65" 65 "$?"
check "over 64 MiB: the message names the file" grep -q "huge.pdf" <<<"$out"
g document 2>/dev/null
check_eq "no arguments: exit 64" 64 "$?"
check_eq "refusals left the database unchanged" "$before" "$(dbsum)"

# --- the mounted tree ---------------------------------------------------------------
check "mount" t_mount "$DB" "$MNT"
check_eq "documents/ lists text and original" \
	"01-ofsted-monitoring-letter.pdf 01-ofsted-monitoring-letter.txt 02-annual-performance-report.pdf 02-annual-performance-report.txt" \
	"$(ls "$MNT/$docs" | head -4 | tr '\n' ' ' | sed 's/ $//')"
check "cat of the .pdf equals the original" cmp "$MNT/$docs/01-ofsted-monitoring-letter.pdf" "$FX/report.pdf"
check_eq "its size is exact" "$(stat -c %s "$FX/report.pdf")" \
	"$(stat -c %s "$MNT/$docs/01-ofsted-monitoring-letter.pdf")"
check "the 500-page original is exact" cmp "$MNT/$docs/02-annual-performance-report.pdf" "$FX/big.pdf"
check_eq "pdftotext reads the mounted PDF" "The Multi-Agency Safeguarding Hub was reviewed." \
	"$(pdftotext "$MNT/$docs/01-ofsted-monitoring-letter.pdf" - | grep Safeguarding)"
check_eq "the text's header" "Source: local file|Pages: 2|State: ok" \
	"$(grep -E '^(Source|Pages|State):' "$MNT/$docs/01-ofsted-monitoring-letter.txt" | paste -sd'|')"
check_eq "page breaks are form feeds" 1 \
	"$(tr -cd '\f' < "$MNT/$docs/01-ofsted-monitoring-letter.txt" | wc -c)"
check_eq "499 form feeds in the 500-page text" 499 \
	"$(tr -cd '\f' < "$MNT/$docs/02-annual-performance-report.txt" | wc -c)"
check_eq "grep -r finds a word only a report holds, once per copy" \
	"$MNT/$docs/01-ofsted-monitoring-letter.txt
$MNT/$other/documents/01-report.txt" \
	"$(grep -rl --include='*.txt' xylophonic "$MNT" | sort)"
check_eq "grep -r over the whole mount: no view duplicates it" 2 \
	"$(grep -rl xylophonic "$MNT" | grep -vc '\.pdf$')"
check_eq "page 377 of the big report" "report page 377 zq377q" \
	"$(grep -o 'report page 377 zq377q' "$MNT/$docs/02-annual-performance-report.txt")"
check_eq "a failed document's text says why" "Reason: encrypted (needs a password)" \
	"$(grep '^Reason:' "$MNT/$docs/04-hostile-encrypted.txt")"
check "the HTML original is kept as it came" cmp "$MNT/$docs/05-hostile-html.html" "$FX/html.pdf"
check_eq "documents/ only in the two items that have files" 2 \
	"$(find "$MNT/boards" -name documents -type d | wc -l)"
n_item=$(stat -c %h "$MNT/$item")
sub=$(find "$MNT/$item" -mindepth 1 -maxdepth 1 -type d | wc -l)
check "the item has documents/ among its folders" test -d "$MNT/$item/documents"
check_eq "an item's link count counts documents/ (2 + its folders)" "$((2 + sub))" "$n_item"

# --- export: the same tree ----------------------------------------------------------
check "export" g export "$T_TMP/tree"
check "diff -r --no-dereference of export and mount is clean" \
	diff -r --no-dereference "$T_TMP/tree" "$MNT"
check "the exported PDF is exact" cmp "$T_TMP/tree/$docs/01-ofsted-monitoring-letter.pdf" "$FX/report.pdf"

# --- search: items found by their documents' text alone -----------------------------
check_eq "govctl search names the document and page" \
	"$(printf '%s\t%s\n%s\t%s' "$item" "documents/01-ofsted-monitoring-letter.txt page 2" "$other" "documents/01-report.txt page 2" | sort)" \
	"$(g search xylophonic | sort)"
check_eq "search --json: document and page" "documents/01-report.txt 2" \
	"$(g search --json xylophonic | jq -r ".items[] | select(.path == \"$other\") | \"\(.document) \(.page)\"")"
check_eq "search/ lists both items" 2 "$(ls "$MNT/search/xylophonic" | wc -l)"
check "search/ links lead to the items" test -f "$MNT/search/xylophonic/$(ls "$MNT/search/xylophonic" | head -1)/documents.txt"
check_eq "a word on page 377 of 500" "$item	documents/02-annual-performance-report.txt page 377" \
	"$(g search zq377q)"
check_eq "minutes matches come first, without a document" "$item" "$(g search --paths --limit 1 foster carers)"
check_eq "an item matched by its minutes is not listed again for its documents" 1 \
	"$(g search Safeguarding Hub | grep -c "^$item")"

# --- a document's title changes: its files follow, on the mount too ----------------
check "rename by --url" g document add "$other" "$FX/report.pdf" --url https://example.org/r.pdf --title "Revised report"
sleep 1.2
check "the mount shows the new name" test -f "$MNT/$other/documents/01-revised-report.txt"
check "the old name is gone" test ! -e "$MNT/$other/documents/01-report.txt"

t_umount "$MNT"

# --- govctl sync --documents ---------------------------------------------------------
# The recorded Manchester site, its meeting of 10/02/2026 linking
# documents on the loopback server instead: item 1 the Ofsted letter
# (doc 1), a broken PDF (3), an HTML page served as a PDF (4), one over the
# limit by its Content-Length (5) and one only as it comes (6, compressed
# in transit); item 9 a report of its own (2), one that fails with a 500
# once (7) and one missing at first (8).
export GOVCTL_NOW=2026-03-01 GOVCTL_SYNC_BACKOFF=0.2
export GOVFS_DB=$T_TMP/sync.db
DB=$GOVFS_DB
SFIX=$TOP/tests/fixtures/sync
OV=$T_TMP/overlay
SLOG=$T_TMP/server.log
SMNT=$T_TMP/smnt
SITEM=boards/audit-committee/meetings/2026-02-10/items
mkdir -p "$OV/docs" "$OV/many"
: > "$SLOG"
python3 "$TOP/tests/sync_server.py" --fixtures "$SFIX" --overlay "$OV" \
	--log "$SLOG" --port-file "$T_TMP/port" --lifetime 600 &
SRV=$!
trap 'kill $SRV 2>/dev/null; wait $SRV 2>/dev/null; t_cleanup' EXIT
for i in $(seq 100); do [ -s "$T_TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$T_TMP/port")
# site NAME DOCS1 DOCS2: overlay site NAME, the Manchester answers with
# GetMeeting 4967 linking documents ID:TITLE,... from items 1 and 9
site() {
	local d=$OV/$1
	cp "$SFIX/committees.xml" "$SFIX/meetings.xml" "$d/"
	cp "$SFIX/meeting_cancelled.xml" "$d/meeting_4966.xml"
	cp "$SFIX/councillors_01.xml" "$d/councillors.xml"
	python3 - "$SFIX/meeting_with_minutes.xml" "$d/meeting_4967.xml" \
		"http://127.0.0.1:$PORT/$1/mgConvert2PDF.aspx?ID=" "$2" "$3" <<'EOF'
import re, sys
src, out, base = sys.argv[1:4]
x = open(src, encoding="utf-8").read()
blocks = re.findall(r"<linkeddocuments>.*?</linkeddocuments>", x, re.S)
for blk, spec in zip(blocks, sys.argv[4:]):
    docs = [d.split(":", 1) for d in spec.split(",")]
    x = x.replace(blk, "<linkeddocuments>" + "".join(
        "<linkeddoc><title>%s</title><url>%s%s</url><publicationdate>"
        "02/02/2026</publicationdate></linkeddoc>" % (t, base, n)
        for n, t in docs) + "</linkeddocuments>", 1)
open(out, "w", encoding="utf-8").write(x)
EOF
}
mark() { wc -l < "$SLOG"; }
since() { tail -n +$(($1 + 1)) "$SLOG"; }
# docreqs MARK: the document requests since MARK, as "ID C|- STATUS"
docreqs() { since "$1" | grep mgConvert2PDF | sed 's/.*ID=\([0-9]*\) \(.\) \([0-9a-z]*\) .*/\1 \2 \3/'; }
q() { sqlite3 "$DB" "$1"; }
consistent() {
	check_eq "$1: integrity" "ok" "$(q 'PRAGMA integrity_check')"
	check_eq "$1: foreign keys" "" "$(q 'PRAGMA foreign_key_check')"
	check_eq "$1: every URL fetched has its file" "" \
		"$(q "SELECT url FROM docurl WHERE state = 'ok' AND digest NOT IN (SELECT digest FROM docfile)")"
}

D=$OV/docs
site docs "1:Ofsted monitoring letter,3:Broken report,4:Posing report,5:Huge report,6:Spaces report" \
	"2:Work programme report,7:Flaky report,8:Late report"
cp "$FX/report.pdf" "$D/doc_1.pdf"
python3 "$TOP/tests/mkpdf.py" text "$D/doc_2.pdf" "Work programme|Quokkaesque milestones for the spring."
cp "$FX/broken.pdf" "$D/doc_3.pdf"
cp "$FX/html.pdf" "$D/doc_4.pdf"
{ printf '%%PDF-1.4\n'; head -c 3M /dev/urandom; } > "$D/doc_5.pdf"
{ printf '%%PDF-1.4\n'; head -c 3M /dev/zero | tr '\0' ' '; } > "$D/doc_6.pdf"
python3 "$TOP/tests/mkpdf.py" text "$D/doc_7.pdf" "Flaky|Zebrafinch audit findings."
echo "500 1" > "$D/doc_7.pdf.fault"
python3 "$TOP/tests/mkpdf.py" text "$D/doc_8.pdf" "Late|Marmalade procurement notes."
echo "404 1" > "$D/doc_8.pdf.fault"
URL=http://127.0.0.1:$PORT/docs/mgConvert2PDF.aspx?ID=

g init >/dev/null
check "mount the empty database" t_mount "$DB" "$SMNT"
m=$(mark)
out=$(g sync "http://127.0.0.1:$PORT/docs" --council "Docs Council" --delay 0 --documents --max-document 1 2>&1); rc=$?
check_eq "sync --documents: exit 69 (some documents not had)" 69 "$rc"
check_eq "sync --documents: the summary counts documents" \
	"documents: 4 fetched, 0 unchanged, 4 failed, 1 without text" "$(tail -1 <<<"$out")"
check_eq "sync --documents: each asked once, the 500 twice" \
	"1 - 200|2 - 200|3 - 200|4 - 200|5 - 200|6 - 200|7 - 500|7 - 200|8 - 404" \
	"$(docreqs "$m" | paste -sd'|')"
check_eq "one connection with the web service's answers, a new one after each aborted transfer" 3 \
	"$(since "$m" | cut -d' ' -f1 | sort -u | wc -l)"
check "the HTML page posing as a PDF: message names the URL" \
	grep -qF "${URL}4: an HTML page (68 bytes" <<<"$out"
check "over the limit by Content-Length: message" \
	grep -qF "${URL}5: larger than the limit of 1048576 bytes (1.0 MiB): transfer aborted" <<<"$out"
check "over the limit as it came: message" \
	grep -qF "${URL}6: larger than the limit of 1048576 bytes" <<<"$out"
check "missing: message" grep -qF "${URL}8: HTTP 404 (not found)" <<<"$out"
check "broken PDF: kept, a warning" \
	grep -qF "warning: ${URL}3: kept, but no text extracted: not readable as PDF" <<<"$out"
check_eq "failures recorded with their reasons" \
	"4|failed|an HTML page
5|failed|larger than the limit of 1048576 bytes
6|failed|larger than the limit of 1048576 bytes
8|failed|HTTP 404" \
	"$(q "SELECT substr(url, length('$URL') + 1), state, substr(reason, 1, instr(reason || ' (', ' (') - 1) FROM docurl WHERE state <> 'ok' ORDER BY url")"
check_eq "documents.txt says why one was not fetched" \
	"  Fetch failed: HTTP 404 (not found)" \
	"$(g show "$SITEM/09-work-programme/documents.txt" | grep '^  Fetch failed')"
check_eq "item.json: fetch_error" "HTTP 404 (not found)" \
	"$(g show "$SITEM/09-work-programme/item.json" | jq -r '.documents[] | select(.title == "Late report") | .fetch_error')"
consistent "first sync"

# the mount
L=$SMNT/$SITEM/01-minutes/documents/01-ofsted-monitoring-letter.txt
within "the mount shows the synced document" test -f "$L"
check_eq "its header names its URL" "Source: ${URL}1|Pages: 2|State: ok" \
	"$(grep -E '^(Source|Pages|State):' "$L" | paste -sd'|')"
check "the mounted original is the served file" cmp "$SMNT/$SITEM/01-minutes/documents/01-ofsted-monitoring-letter.pdf" "$D/doc_1.pdf"
check_eq "grep -r finds a word only the report holds" "$L" "$(grep -rl xylophonic "$SMNT" | grep -v '\.pdf$')"
check_eq "grep -r: the 500-then-OK one too" \
	"$SMNT/$SITEM/09-work-programme/documents/02-flaky-report.txt" \
	"$(grep -rl Zebrafinch "$SMNT" | grep -v '\.pdf$')"
check_eq "search/ finds the item by its document" "1" "$(ls "$SMNT/search/quokkaesque" | wc -l)"
check "search/ leads to the item" test -f "$SMNT/search/quokkaesque/$(ls "$SMNT/search/quokkaesque")/documents/01-work-programme-report.txt"
check_eq "govctl search names the document" \
	"$SITEM/09-work-programme	documents/01-work-programme-report.txt page 1" "$(g search quokkaesque)"
check_eq "the broken PDF: kept, its reason in the tree" "Reason: not readable as PDF: PDF document is damaged" \
	"$(grep '^Reason:' "$SMNT/$SITEM/01-minutes/documents/02-broken-report.txt")"
check_eq "what was not had shows no file" "01-ofsted-monitoring-letter.pdf 01-ofsted-monitoring-letter.txt 02-broken-report.pdf 02-broken-report.txt" \
	"$(ls "$SMNT/$SITEM/01-minutes/documents" | paste -sd' ')"

# again: what is kept is asked for conditionally; the failures again
m=$(mark)
out=$(g sync --delay 0 --documents --max-document 1 --json 2>/dev/null); rc=$?
check_eq "second sync: exit 69 (three still fail)" 69 "$rc"
check_eq "second sync: kept documents asked only conditionally (304), failures and the missing one again" \
	"1 C 304|2 C 304|3 C 304|4 - 200|5 - 200|6 - 200|7 C 304|8 - 200" \
	"$(docreqs "$m" | paste -sd'|')"
check_eq "second sync: --json counts documents" "1 4 3 0" \
	"$(jq -r '.documents | "\(.fetched) \(.unchanged) \(.failed) \(.no_text)"' <<<"$out")"
check_eq "the missing one retried: now had" "ok" "$(q "SELECT state FROM docurl WHERE url = '${URL}8'")"
within "the mount shows it" grep -q Marmalade "$SMNT/$SITEM/09-work-programme/documents/03-late-report.txt"
check_eq "...and no longer a failure" "" \
	"$(grep 'Fetch failed' "$SMNT/$SITEM/09-work-programme/documents.txt")"

# the failures mended: a PDF where the HTML page was, the limit at its default
python3 "$TOP/tests/mkpdf.py" text "$D/doc_4.pdf" "Mended|Periwinkle budget lines."
m=$(mark)
out=$(g sync --delay 0 --documents-only --json 2>/dev/null); rc=$?
check_eq "--documents-only: exit 0" 0 "$rc"
check_eq "--documents-only: no request to the web service" "" "$(since "$m" | grep asmx)"
check_eq "--documents-only: 3 fetched (two without text), 5 unchanged" "3 5 0 2" \
	"$(jq -r '.documents | "\(.fetched) \(.unchanged) \(.failed) \(.no_text)"' <<<"$out")"
within "the mount shows the mended one" grep -q Periwinkle "$SMNT/$SITEM/01-minutes/documents/03-posing-report.txt"
check_eq "no failure left" 0 "$(q "SELECT count(*) FROM docurl WHERE state <> 'ok'")"
m=$(mark)
out=$(g sync --delay 0 --documents 2>&1); rc=$?
check_eq "a sync with nothing new: exit 0" 0 "$rc"
check_eq "...every document request conditional, all 304" "" \
	"$(docreqs "$m" | grep -v ' C 304$')"
check_eq "...8 of them" 8 "$(docreqs "$m" | wc -l)"
check "...says so" grep -q "documents: 0 fetched, 8 unchanged, 0 failed, 0 without text" <<<"$out"
consistent "documents synced"
check "export" g export "$T_TMP/stree"
check "diff -r --no-dereference of export and mount is clean" \
	diff -r --no-dereference "$T_TMP/stree" "$SMNT"
t_umount "$SMNT"

# 100 days after the meeting its documents are asked for again, 130 not
# (but the files without text are)
m=$(mark)
GOVCTL_NOW=2026-05-21 g sync --delay 0 --documents-only >/dev/null 2>&1
check_eq "100 days after the meeting: all asked again" 8 "$(docreqs "$m" | wc -l)"
m=$(mark)
GOVCTL_NOW=2026-06-20 g sync --delay 0 --documents-only >/dev/null 2>&1
check_eq "130 days after: only those without text" "3 C 304|5 C 304|6 C 304" "$(docreqs "$m" | paste -sd'|')"

# documents on another host than the site's: not fetched by default
# (recorded with the reason, counted as skipped, a warning the first time,
# no failure); --document-host fetches them
mkdir -p "$OV/hosts"
site hosts "1:Here report,2:There report,3:Tricky report" "4:Also here"
for i in 1 2 3 4; do
	python3 "$TOP/tests/mkpdf.py" text "$OV/hosts/doc_$i.pdf" "Doc $i|Word hh${i}qq."
done
HU=http://127.0.0.1:$PORT/hosts/mgConvert2PDF.aspx?ID=
sed -i -e "s|${HU}2<|http://localhost:$PORT/hosts/mgConvert2PDF.aspx?ID=2<|" \
	-e "s|${HU}3<|http://127.0.0.1@localhost:$PORT/hosts/mgConvert2PDF.aspx?ID=3<|" \
	"$OV/hosts/meeting_4967.xml"
hq() { sqlite3 "$T_TMP/hosts.db" "$1"; }
hg() { GOVFS_DB=$T_TMP/hosts.db "$GOVCTL" "$@"; }
hg init >/dev/null
m=$(mark)
out=$(hg sync "http://127.0.0.1:$PORT/hosts" --council Hosts --delay 0 --documents 2>&1); rc=$?
check_eq "documents on another host: exit 0" 0 "$rc"
check_eq "documents on another host: the summary counts them as skipped" \
	"documents: 2 fetched, 0 unchanged, 0 failed, 0 without text, 2 skipped (on another host)" "$(tail -1 <<<"$out")"
check_eq "documents on another host: not asked for" "1 - 200|4 - 200" "$(docreqs "$m" | paste -sd'|')"
check "documents on another host: a warning names the URL and the reason" grep -qF \
	"warning: http://localhost:$PORT/hosts/mgConvert2PDF.aspx?ID=2: not fetched: its host localhost is not the site's (127.0.0.1); govctl sync --document-host localhost fetches it" <<<"$out"
check "a user name that looks like the site's host: its host is the other" grep -qF \
	"warning: http://127.0.0.1@localhost:$PORT/hosts/mgConvert2PDF.aspx?ID=3: not fetched: its host localhost" <<<"$out"
check_eq "documents on another host: recorded" 2 \
	"$(hq "SELECT count(*) FROM docurl WHERE state = 'failed' AND reason LIKE 'not fetched: its host localhost %'")"
check_eq "documents.txt says why" "  Fetch failed: not fetched: its host localhost is not the site's (127.0.0.1); govctl sync --document-host localhost fetches it" \
	"$(hg show "$SITEM/01-minutes/documents.txt" | grep -m1 '^  Fetch failed')"
m=$(mark)
out=$(hg sync --delay 0 --documents-only --json 2>&1 >"$T_TMP/hosts.json"); rc=$?
check_eq "again: exit 0" 0 "$rc"
check_eq "again: no second warning" "" "$(grep warning <<<"$out")"
check_eq "again: --json counts them" "2 2" "$(jq -r '.documents | "\(.unchanged) \(.skipped)"' "$T_TMP/hosts.json")"
check_eq "again: still not asked for" "1 C 304|4 C 304" "$(docreqs "$m" | paste -sd'|')"
m=$(mark)
out=$(hg sync --delay 0 --documents-only --document-host localhost 2>&1); rc=$?
check_eq "--document-host localhost: exit 0" 0 "$rc"
check_eq "--document-host localhost: they are had" "documents: 2 fetched, 2 unchanged, 0 failed, 0 without text" "$(tail -1 <<<"$out")"
check_eq "--document-host localhost: asked for" "1 C 304|2 - 200|3 - 200|4 C 304" "$(docreqs "$m" | sort | paste -sd'|')"
check_eq "--document-host localhost: no failure left" 0 "$(hq "SELECT count(*) FROM docurl WHERE state <> 'ok'")"
out=$(hg sync --delay 0 --document-host localhost 2>&1); rc=$?
check_eq "--document-host without --documents: exit 64" 64 "$rc"
out=$(hg sync --delay 0 --documents --document-host "x/y" 2>&1); rc=$?
check_eq "--document-host of no host name: exit 64" 64 "$rc"

# bad input
out=$(g sync --documents-only "http://127.0.0.1:$PORT/elsewhere" 2>&1); rc=$?
check_eq "--documents-only for a council not followed: exit 64" 64 "$rc"
check "...message" grep -q "mgWebService.asmx is not followed yet" <<<"$out"
out=$(g sync --max-document 0 --documents 2>&1); rc=$?
check_eq "--max-document 0: exit 64" 64 "$rc"
out=$(g sync --max-document 2 2>&1); rc=$?
check_eq "--max-document without --documents: exit 64" 64 "$rc"

# killed mid-way and resumed: a site of 12 documents answering slowly
rm -f "$DB" "$DB"-*
docs=
for i in $(seq 101 112); do
	python3 "$TOP/tests/mkpdf.py" text "$OV/many/doc_$i.pdf" "Report $i|Word zz${i}qq."
	docs="$docs,$i:Report $i"
done
site many "${docs#,}" "100:Missing"
MURL=http://127.0.0.1:$PORT/many/mgConvert2PDF.aspx?ID=
g init >/dev/null
g sync "http://127.0.0.1:$PORT/many" --council Many --delay 0 >/dev/null 2>&1
echo 0.15 > "$OV/many/delay"
m=$(mark)
"$GOVCTL" sync --delay 0 --documents-only >/dev/null 2>&1 &
SYNC=$!
for i in $(seq 200); do
	[ "$(docreqs "$m" | wc -l)" -ge 5 ] && break
	sleep 0.05
done
sleep 0.1
kill -9 $SYNC; wait $SYNC 2>/dev/null
consistent "killed"
asked=$(docreqs "$m" | cut -d' ' -f1 | sort)
had=$(q "SELECT substr(url, length('$MURL') + 1) FROM docurl ORDER BY 1")
kept=$(q "SELECT substr(url, length('$MURL') + 1) FROM docurl WHERE state = 'ok' ORDER BY 1")
n=$(printf '%s\n' "$had" | grep -c .)
check "killed after $n of 13 documents" test "$n" -ge 3 -a "$n" -lt 12
check "killed: at most the one in flight lost" \
	test "$(comm -23 <(printf '%s\n' "$asked") <(printf '%s\n' "$had") | grep -c .)" -le 1
rm "$OV/many/delay"
m=$(mark)
g sync --delay 0 --documents-only >/dev/null 2>&1; rc=$?
check_eq "resumed: exit 69 (doc 100 is missing)" 69 "$rc"
check_eq "resumed: what was kept asked only conditionally" "" \
	"$(docreqs "$m" | grep -v ' C ' | cut -d' ' -f1 | sort | comm -12 - <(printf '%s\n' "$kept"))"
check_eq "resumed: the failure asked again" "100 - 404" "$(docreqs "$m" | grep '^100 ')"
check_eq "resumed: all 12 had" 12 "$(q "SELECT count(*) FROM docurl WHERE state = 'ok'")"
check_eq "resumed: their words searchable" "$SITEM/01-minutes" "$(g search zz107qq | cut -f1)"
consistent "resumed"

# --- govctl generate --documents (bench/docs) ---------------------------------------
# Each item a distinct report of its own, extracted; the same corpus with
# one worker or three; its PDFs as files with --pages.
gen_docs() {  # gen_docs JOBS: a corpus of 40 items with 3-page reports
	rm -f "$T_TMP/gd-$1.db"*
	GOVFS_DB=$T_TMP/gd-$1.db g init >/dev/null &&
		GOVFS_DB=$T_TMP/gd-$1.db g generate --items 40 --documents 3 --jobs "$1"
}
out=$(gen_docs 1); rc=$?
check_eq "generate --documents 3: exit 0" 0 "$rc"
check "...says 40 reports, 120 pages, none without text" \
	grep -q "^generated 40 reports of 3 pages: 120 pages extracted in .* 0 without text$" <<<"$out"
gq() { sqlite3 "$T_TMP/gd-$1.db" "$2"; }
check_eq "...one document with a file per item" "40|40" \
	"$(gq 1 'SELECT count(*), count(DISTINCT item_id) FROM document WHERE digest IS NOT NULL')"
check_eq "...40 distinct files, all with text, 3 pages" "40|40|3" \
	"$(gq 1 "SELECT count(*), sum(state = 'ok'), min(pages) FROM docfile")"
check_eq "...no item with two documents" "" \
	"$(gq 1 'SELECT item_id FROM document GROUP BY item_id HAVING count(*) > 1')"
check "generate --documents 3 --jobs 3" gen_docs 3
check_eq "...the same files, in the same items" \
	"$(gq 1 'SELECT item_id, ord, title, url, digest FROM document ORDER BY id')" \
	"$(gq 3 'SELECT item_id, ord, title, url, digest FROM document ORDER BY id')"
check_eq "...the same text" "$(gq 1 'SELECT text FROM docfile ORDER BY id')" \
	"$(gq 3 'SELECT text FROM docfile ORDER BY id')"
d1=$(GOVFS_DB=$T_TMP/gd-1.db g show boards/c1-cabinet/meetings/2012-01-01/items | head -1)
gdocs=boards/c1-cabinet/meetings/2012-01-01/items/${d1}documents
check_eq "...in the tree, the text and the original" \
	"$(printf '01-report-item-1.txt\n01-report-item-1.pdf')" "$(GOVFS_DB=$T_TMP/gd-1.db g show "$gdocs")"
check "...the text as pdftotext reads the page's words" bash -c '
	GOVFS_DB=$1 "$2" show "$3/01-report-item-1.pdf" > "$4/r1.pdf" &&
	pdftotext "$4/r1.pdf" - | grep -q "Report of the Director of Children.s Services" &&
	GOVFS_DB=$1 "$2" show "$3/01-report-item-1.txt" | grep -q "^Pages: 3$"' \
	_ "$T_TMP/gd-1.db" "$GOVCTL" "$gdocs" "$T_TMP"
check "generate --documents 3 --pages DIR" g generate --items 40 --documents 3 --pages "$T_TMP/gdp"
check_eq "...40 PDFs, the corpus's bytes" \
	"$(gq 1 "SELECT digest FROM docfile WHERE id = 1")" \
	"$(sha256sum "$T_TMP/gdp/00000001.pdf" | cut -d' ' -f1)"
check_eq "...40 of them" 40 "$(ls "$T_TMP/gdp"/*.pdf | wc -l)"
t_done
