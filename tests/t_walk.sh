#!/usr/bin/env bash
# The tree is walkable: no link leads back to a folder that holds it, so
# the tools that follow links (find -L, grep -R, cp -rL, rsync -rL,
# tar -h, Python's recursive glob) finish over a mounted 1,000-item
# corpus, and each meets every item a bounded number of times: once under
# boards/, once under meetings/ and once per link to it in people/,
# plans/ and issues/ (DESIGN §4).
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
g() { "$GOVCTL" --db "$DB" "$@"; }
LIMIT=300   # seconds for one walk; a loop would run until killed

DB=$T_TMP/w.db M=$T_TMP/m
check "init" g init
check "generate 1,000 items" g generate --items 1000
check "mount" t_mount "$DB" "$M"
NITEMS=$(sqlite3 "$DB" 'SELECT count(*) FROM item')
check_eq "1,000 items" 1000 "$NITEMS"

# Links to items, not followed: the third term of each item's count.
views=()
for v in people plans issues; do [ -d "$M/$v" ] && views+=("$M/$v"); done
NLINKS=$(find "${views[@]}" -mindepth 3 -maxdepth 3 -type l | wc -l)
check "people/ and plans/ link to items" test "$NLINKS" -gt 0
WANT=$((2 * NITEMS + NLINKS))

# item.txt inodes (one per item) seen by find -L, and how often
per_item() { awk '{ n[$1]++ } END { for (i in n) print n[i] }' | sort -n | uniq -c | awk '{ print $2 ":" $1 }' | tr '\n' ' '; }
t0=$(date +%s)
timeout "$LIMIT" find -L "$M" -name item.txt -type f -printf '%i\n' > "$T_TMP/find" 2> "$T_TMP/find.err"; rc=$?
check_eq "find -L finishes, no loop reported (in $(( $(date +%s) - t0 )) s)" "0" "$rc$(head -3 "$T_TMP/find.err")"
check_eq "find -L: every item seen" "$NITEMS" "$(sort -u "$T_TMP/find" | wc -l)"
check_eq "find -L: 2 per item plus one per link to it" "$WANT" "$(wc -l < "$T_TMP/find")"
check_eq "find -L under boards/: each item once" "1:$NITEMS " \
	"$(timeout "$LIMIT" find -L "$M/boards" -name item.txt -printf '%i\n' | per_item)"
check_eq "find -L under meetings/: each item once" "1:$NITEMS " \
	"$(timeout "$LIMIT" find -L "$M/meetings" -name item.txt -printf '%i\n' | per_item)"
check_eq "find -L under people/, plans/: once per link" "$NLINKS" \
	"$(timeout "$LIMIT" find -L "${views[@]}" -name item.txt | wc -l)"
max=$(awk '{ n[$1]++ } END { m = 0; for (i in n) if (n[i] > m) m = n[i]; print m }' "$T_TMP/find")
echo "# find -L: $(wc -l < "$T_TMP/find") item.txt paths, at most $max for one item ($(per_item < "$T_TMP/find"))"
check_eq "no link back from an action to its item" "" \
	"$(find "$M/actions" -mindepth 2 -maxdepth 2 -name item)"

# grep -R: follows every link; lists the item.txt files it read
t0=$(date +%s)
timeout "$LIMIT" grep -R -l --include=item.txt '^Title: ' "$M" > "$T_TMP/grep" 2> "$T_TMP/grep.err"; rc=$?
check_eq "grep -R finishes, no loop reported (in $(( $(date +%s) - t0 )) s)" "0" "$rc$(head -3 "$T_TMP/grep.err")"
check_eq "grep -R: the same item.txt paths as find -L" "$(wc -l < "$T_TMP/find")" "$(wc -l < "$T_TMP/grep")"

# cp -rL: a copy with every link dereferenced
t0=$(date +%s)
timeout "$LIMIT" cp -rL "$M" "$T_TMP/cp" 2> "$T_TMP/cp.err"; rc=$?
check_eq "cp -rL finishes (in $(( $(date +%s) - t0 )) s)" "0" "$rc"
check_eq "cp -rL: no message" "" "$(head -3 "$T_TMP/cp.err")"
check_eq "cp -rL: the same item.txt count as find -L" "$(wc -l < "$T_TMP/find")" \
	"$(find "$T_TMP/cp" -name item.txt -type f | wc -l)"
check_eq "cp -rL: no links left" "0" "$(find "$T_TMP/cp" -type l | wc -l)"
rm -rf "$T_TMP/cp"

# rsync -rL
t0=$(date +%s)
timeout "$LIMIT" rsync -rL "$M/" "$T_TMP/rsync/" 2> "$T_TMP/rsync.err"; rc=$?
check_eq "rsync -rL finishes (in $(( $(date +%s) - t0 )) s)" "0" "$rc"
check_eq "rsync -rL: the same item.txt count as find -L" "$(wc -l < "$T_TMP/find")" \
	"$(find "$T_TMP/rsync" -name item.txt -type f | wc -l)"
rm -rf "$T_TMP/rsync"

# tar -h: an archive with every link dereferenced
t0=$(date +%s)
timeout "$LIMIT" tar -ch -C "$M" -f "$T_TMP/w.tar" . 2> "$T_TMP/tar.err"; rc=$?
check_eq "tar -h finishes (in $(( $(date +%s) - t0 )) s)" "0" "$rc"
check_eq "tar -h: the same item.txt count as find -L" "$(wc -l < "$T_TMP/find")" \
	"$(tar -tf "$T_TMP/w.tar" | grep -c '/item\.txt$')"
rm -f "$T_TMP/w.tar"

# Python's glob('**', recursive=True), which follows links to folders.
# (The last part is looked up as a name, and any name under search/ is a
# query folder: only files count.)
t0=$(date +%s)
n=$(timeout "$LIMIT" python3 -c '
import glob, os, sys
print(sum(1 for p in glob.glob(sys.argv[1] + "/**/item.txt", recursive=True)
          if os.path.isfile(p)))' "$M")
check_eq "python glob(recursive=True) finishes: the same item.txt count as find -L (in $(( $(date +%s) - t0 )) s)" \
	"$(wc -l < "$T_TMP/find")" "$n"
n=$(timeout "$LIMIT" python3 -c '
import glob, sys
print(len(glob.glob(sys.argv[1] + "/**/*.json", recursive=True)))' "$M")
check "python glob('**/*.json') finishes" test "${n:-0}" -gt "$NITEMS"

check "unmount" t_umount "$M"
t_done
