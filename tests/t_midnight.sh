#!/usr/bin/env bash
# The midnight rollover: with no change to the database, an open or
# in-progress action due yesterday becomes overdue when the UTC day
# changes.  govfs runs under libfaketime with its clock set a few seconds
# before midnight; the views are read (so the kernel caches them, for a
# day) before midnight, and after it actions/overdue/ (its listing, its
# names, a name looked up and missing before) and README's count change
# within a second, while every other file stays as it was.  Done,
# deferred, undated and due-today actions do not become overdue, and a
# govfs whose clock GOVCTL_NOW fixes ignores the new day.
. "$(dirname "$0")/lib.sh"
DB=$T_TMP/mid.db M=$T_TMP/m MF=$T_TMP/mf
D_2=2030-03-13 D0=2030-03-14 D1=2030-03-15 # midnight is D0 -> D1, UTC
LEAD=5         # seconds from the offset's computation to midnight

FTLIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
if [ -z "$FTLIB" ]; then
	fail "libfaketime is installed (Debian package faketime; tools/deps)"
	t_done; exit
fi
# what runs under libfaketime: LD_PRELOAD and FAKETIME, and for a build
# with the sanitizers (make asan), whose runtime wants to be loaded first,
# leave to load it after libfaketime (preloading it would preload it in
# fusermount3 too, which then hangs)
ft_env() {
	echo "LD_PRELOAD=$FTLIB FAKETIME=$FT" \
		"ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
}
# the records are written at noon on D0
g() { GOVCTL_NOW=${D0}T12:00:00Z "$GOVCTL" --db "$DB" "$@"; }
# govctl on govfs's fake clock (set below), "today" from that clock
gf() { env $(ft_env) GOVCTL_NOW= "$GOVCTL" --db "$DB" "$@"; }
now_ns() { date +%s%N; }
ls1() { ls "$1" | tr '\n' ' ' | sed 's/ $//'; }
# snap DIR: every name with its type, size, time and link target, and
# every file's digest (search/ is a query space, not a listing)
snap() {
	(cd "$1" && find . -path ./search -prune -o \
		-printf '%y %p %s %T@ %l\n' | LC_ALL=C sort
	 cd "$1" && find . -path ./search -prune -o -type f -print0 |
		xargs -0 md5sum | LC_ALL=C sort)
}

check "init" g init
check "board b1" g board add b1 --name "Board One" --kind panel
check "board b2" g board add b2 --name "Board Two" --kind cabinet
printf 'The panel heard about the midnight rollover.\n' > "$T_TMP/min.txt"
check "item add" g item add b1 "$D_2" --number 3 --title "Rollover" \
	--minutes-file "$T_TMP/min.txt" --decision "Noted."
ITEM=boards/b1/meetings/$D_2/items/03-rollover
# 1 open, due D0: overdue from D1
check "action 1: open, due D0" g action add --item "$ITEM" --text "Due on D0" --due "$D0" --owner Alice
# 2 in progress, due D0: overdue from D1
check "action 2: in progress, due D0" g action add --board b2 --text "In progress, due on D0" --due "$D0"
check "action 2 in progress" g action set 2 --status in_progress --progress 40 --note started
# 3 done, due D0: never overdue (the opposite case)
check "action 3: done, due D0" g action add --board b1 --text "Done, due on D0" --due "$D0"
check "action 3 done" g action set 3 --status done --note finished
# 4 due D1: due today after midnight, not overdue
check "action 4: open, due D1" g action add --board b1 --text "Due on D1" --due "$D1"
# 5 due D-1: overdue already, stays so
check "action 5: open, due D-1" g action add --board b2 --text "Due on D-1" --due "$D_2"
# 6 no due date: never overdue
check "action 6: open, no due date" g action add --board b1 --text "No due date"
# 7 deferred, due D0: not overdue
check "action 7: deferred, due D0" g action add --board b2 --text "Deferred, due on D0" --due "$D0"
check "action 7 deferred" g action set 7 --status deferred

# govfs's clock: midnight (D1 00:00:00 UTC) comes LEAD seconds from now.
# libfaketime's "+N" adds N seconds to every clock of the process, so
# midnight on govfs's clock is exactly MID_NS on the real one.
off=$(( $(date -u -d "$D1" +%s) - $(date +%s) - LEAD ))
FT=+$off
MID_NS=$(( ($(date -u -d "$D1" +%s) - off) * 1000000000 ))
cat > "$T_TMP/govfs-ft" <<EOF
#!/bin/sh
exec env $(ft_env) "$GOVFS" "\$@"
EOF
chmod +x "$T_TMP/govfs-ft"
REAL_GOVFS=$GOVFS GOVFS=$T_TMP/govfs-ft
# M: today from govfs's (fake) clock; GOVCTL_NOW must not be set for it.
# MF: GOVCTL_NOW fixes today at D0, and the watcher ignores the day.
if GOVCTL_NOW= t_mount "$DB" "$M"; then ok "mount under libfaketime"
else fail "mount under libfaketime"; fi
if GOVCTL_NOW=${D0}T12:00:00Z t_mount "$DB" "$MF"; then
	ok "mount under libfaketime with GOVCTL_NOW set"
else fail "mount under libfaketime with GOVCTL_NOW set"; fi
GOVFS=$REAL_GOVFS

# before midnight: read everything, so that the kernel caches every
# entry, attribute, page, listing and link target, and the names missing
# from actions/overdue/ as negative entries
warm() {
	timeout 20 ls -lR "$1" >/dev/null
	timeout 20 grep -r zzz "$1" >/dev/null
	find "$1" -type l -exec readlink {} + >/dev/null
	for i in 1 2 3 4 6 7; do test -e "$1/actions/overdue/00000$i"; done
}
warm "$M"
warm "$MF"
check_eq "before midnight: actions/overdue lists the action due D-1" "000005" "$(ls1 "$M/actions/overdue")"
check "before midnight: actions/overdue/000001 is missing" test ! -e "$M/actions/overdue/000001"
check "before midnight: README counts 1 overdue" grep -q '^Actions: 7 (open 5, overdue 1, done 1)$' "$M/README"
check_eq "before midnight: govctl on the same clock agrees" "000005" \
	"$(gf action list --overdue --format tsv | awk -F'\t' 'NR > 1 { printf "%06d\n", $1 }')"
S0=$(snap "$M") SF0=$(snap "$MF")
A0=$(cat "$M/actions/000001/action.txt") J0=$(cat "$M/actions/000001/action.json")
left=$(( (MID_NS - $(now_ns)) / 1000000 ))
echo "# views read; midnight on govfs's clock in $left ms"
if [ "$left" -lt 200 ]; then
	fail "the views were read before midnight (only $left ms were left; raise LEAD)"
	t_done; exit
fi
check_eq "before midnight: actions/overdue is unchanged" "000005" "$(ls1 "$M/actions/overdue")"

# at_midnight DESC CMD...: after midnight CMD succeeds within 1 s of it
# (polling every 10 ms); CMD fails until midnight (checked as we wait)
at_midnight() {
	local desc=$1 ms early=0; shift
	while [ "$(now_ns)" -lt "$MID_NS" ]; do
		"$@" >/dev/null 2>&1 && early=1
		sleep 0.01
	done
	while :; do
		ms=$(( ($(now_ns) - MID_NS) / 1000000 ))
		if "$@" >/dev/null 2>&1; then
			if [ $early -eq 1 ]; then fail "$desc (already before midnight)"
			elif [ "$ms" -le 1000 ]; then ok "$desc ($ms ms after midnight)"
			else fail "$desc ($ms ms after midnight, more than 1 s)"; fi
			return
		fi
		if [ "$ms" -gt 3000 ]; then fail "$desc (not within 3 s of midnight)"; return; fi
		sleep 0.01
	done
}
# overdue_is LIST: ls actions/overdue shows LIST (a command to poll)
overdue_is() { test "$(ls1 "$M/actions/overdue")" = "$1"; }
# the name first: listing the folder would enter its names anew
at_midnight "actions/overdue/000001, missing before, exists" test -e "$M/actions/overdue/000001"
at_midnight "ls actions/overdue lists the actions due D0" overdue_is "000001 000002 000005"
at_midnight "README counts 3 overdue" grep -q '^Actions: 7 (open 5, overdue 3, done 1)$' "$M/README"

# after midnight
check_eq "actions/overdue/000002 links to the action" "../000002" "$(readlink "$M/actions/overdue/000002")"
check_eq "cat through the overdue link" "$(cat "$M/actions/000001/action.txt")" \
	"$(cat "$M/actions/overdue/000001/action.txt")"
check_eq "jq: every overdue action is open or in progress and due before D1" \
	"$(printf 'open\t%s\nin_progress\t%s\nopen\t%s' "$D0" "$D0" "$D_2")" \
	"$(jq -r '[.status, .due] | @tsv' "$M"/actions/overdue/*/action.json)"
check_eq "actions/open still lists them" "000001 000002 000004 000005 000006" "$(ls1 "$M/actions/open")"
check_eq "actions/done is unchanged" "000003" "$(ls1 "$M/actions/done")"
what=([3]="done, due D0" [4]="due D1, today" [6]="without a due date" [7]="deferred, due D0")
for i in 3 4 6 7; do
	check "action $i (${what[$i]}) is not overdue" test ! -e "$M/actions/overdue/00000$i"
done
check_eq "README is what govctl shows on the same clock" "$(gf show README)" "$(cat "$M/README")"
check_eq "govctl action list --overdue on the same clock agrees" "$(ls "$M/actions/overdue")" \
	"$(gf action list --overdue --format tsv | awk -F'\t' 'NR > 1 { printf "%06d\n", $1 }')"
check_eq "action.txt of action 1 is unchanged (it shows no overdue state)" "$A0" "$(cat "$M/actions/000001/action.txt")"
check_eq "action.json of action 1 is unchanged" "$J0" "$(cat "$M/actions/000001/action.json")"
check_eq "grep finds it in actions.tsv as before" "1	open" \
	"$(grep -E '^1	' "$M/boards/b1/actions.tsv" | cut -f1,2)"
# their listing and bytes changed at midnight: so did their times
check_eq "actions/overdue's time is midnight" "$(date -u -d "$D1" +%s)" "$(stat -c %Y "$M/actions/overdue")"
check_eq "README's time is midnight" "$(date -u -d "$D1" +%s)" "$(stat -c %Y "$M/README")"
# nothing else changed: the only differences are README (bytes and time),
# actions/overdue's time and the two new links (names, types, sizes,
# times, link targets, digests)
S1=$(snap "$M")
check_eq "every other file, folder and link is as before midnight" \
	"< ./README < ./actions/overdue > ./README > ./actions/overdue > ./actions/overdue/000001 > ./actions/overdue/000002" \
	"$(diff <(echo "$S0") <(echo "$S1") | awk '/^[<>]/ { print $1, $3 }' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//')"
X=$T_TMP/x
if gf export "$X" >/dev/null 2>&1; then ok "govctl export on the same clock"
else fail "govctl export on the same clock"; fi
check_eq "the mount equals that export" "" "$(timeout 60 diff -r --no-dereference "$X" "$M" 2>&1)"

# GOVCTL_NOW fixes today for govfs: nothing moved at midnight
check_eq "with GOVCTL_NOW: actions/overdue is unchanged" "000005" "$(ls1 "$MF/actions/overdue")"
check_eq "with GOVCTL_NOW: nothing changed at all" "" "$(diff <(echo "$SF0") <(snap "$MF"))"

# a change on the new day: action 1 done leaves actions/overdue
within() {
	local desc=$1 t0 ms; shift
	t0=$(now_ns)
	while :; do
		ms=$(( ($(now_ns) - t0) / 1000000 ))
		if "$@" >/dev/null 2>&1; then ok "$desc ($ms ms)"; return; fi
		if [ "$ms" -gt 1000 ]; then fail "$desc (not within 1 s)"; return; fi
		sleep 0.01
	done
}
check "govctl action set 1 --status done (on the new day)" gf action set 1 --status done --note "done late"
within "actions/overdue/000001 goes" test ! -e "$M/actions/overdue/000001"
within "ls actions/overdue no longer lists it" overdue_is "000002 000005"
within "README counts 2 overdue" grep -q '^Actions: 7 (open 4, overdue 2, done 2)$' "$M/README"
check_eq "README is what govctl shows" "$(gf show README)" "$(cat "$M/README")"

check "unmount" t_umount "$M"
check "unmount the GOVCTL_NOW mount" t_umount "$MF"
sleep 0.2
check "nothing of ours left in /proc/mounts" bash -c "! grep -q ' $T_TMP/' /proc/mounts"
t_done
