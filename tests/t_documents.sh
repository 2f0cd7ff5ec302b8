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
check_eq "an item's link count counts documents/" 4 "$n_item"

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
t_done
