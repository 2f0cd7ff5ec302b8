#!/usr/bin/env bash
# README.md as a newcomer reads it: the lines of "govctl in five minutes"
# run as they are (in a folder that holds the source tree, so the
# database and the exported tree are the test's own), and the Python of
# "Walking the tree from a program" walks a mount of the samples.
. "$(dirname "$0")/lib.sh"
README=$TOP/README.md

# block HEADING: the first indented block after the heading, unindented
block() {
	awk -v h="$1" '$0 == h { on = 1; next }
		on == 1 && /^    / { on = 2 }
		on == 2 && !/^    / && !/^$/ { exit }
		on == 2 { sub(/^    /, ""); print }' "$README"
}

W=$T_TMP/work
mkdir -p "$W"
for f in "$TOP"/*; do ln -s "$f" "$W/"; done
block "## govctl in five minutes" > "$T_TMP/five.sh"
check "the five minutes have lines" test "$(grep -c govctl "$T_TMP/five.sh")" -ge 10
check "...put govctl on PATH or install it first" bash -c "grep -n . '$T_TMP/five.sh' | grep -m1 -E 'govctl|PATH|make install' | grep -qE 'PATH=|make install'"
out=$(cd "$W" && env -u GOVFS_DB PATH=/usr/local/bin:/usr/bin:/bin bash -e "$T_TMP/five.sh" 2>&1); rc=$?
check_eq "govctl in five minutes runs verbatim: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | tail -5
check "...the database is the one it named" test -s "$W/council.db"
check "...the action was closed" grep -q '^Status: done' <<<"$out"
check "...search printed the passage" grep -qF '[foster] [carers]' <<<"$out"
check "...decisions.txt shows (a) once" test "$(grep -c '^(a) That the new Single' <<<"$out")" -eq 1
check "...actions.csv opens as UTF-8" test "$(head -c 3 "$W/actions.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
check "...the tree was exported" test -f "$W/tree/README"

# The Python of "Walking the tree from a program", over a mount.
DB=$T_TMP/demo.db
t_demo_db "$DB"
check "mount the samples" t_mount "$DB" "$T_TMP/mnt"
block "## Walking the tree from a program" | sed "s|\"mnt/boards\"|\"$T_TMP/mnt/boards\"|" > "$T_TMP/walk.py"
out=$(timeout 60 python3 "$T_TMP/walk.py"); rc=$?
check_eq "the os.walk example: exit 0" 0 "$rc"
check_eq "...each item once" "$(sqlite3 "$DB" 'SELECT count(*) FROM item')" "$(grep -c . <<<"$out")"
check "...with its date and title" grep -qx "2015-06-15 Children's Services Improvement Update" <<<"$out"
t_umount "$T_TMP/mnt"
t_done
