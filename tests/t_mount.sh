#!/usr/bin/env bash
# govfs mounted: the tree equals `govctl export` byte for byte, stat shows
# the store's nodes (inode encoding, exact sizes, row times, link counts),
# the usual tools work on it, every write gets EROFS, it mounts through
# mount(8) and fstab, and bad databases and mountpoints get one clear line.
# First on the bundled samples, then on a generated corpus of 10,000 items.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
g() { "$GOVCTL" --db "$DB" "$@"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# same_tree DESC A B: A and B hold the same names, types, link targets,
# file bytes and file/link times (folder sizes differ by nature).
same_tree() {
	local desc=$1 a=$2 b=$3 out
	out=$(timeout 600 diff -r --no-dereference "$a" "$b" 2>&1)
	check_eq "$desc: diff -r --no-dereference is empty" "" "$out"
	check_eq "$desc: same link targets" \
		"$(cd "$a" && find . -type l -printf '%p -> %l\n' | LC_ALL=C sort | sha256sum)" \
		"$(cd "$b" && find . -type l -printf '%p -> %l\n' | LC_ALL=C sort | sha256sum)"
	check_eq "$desc: same types, sizes and times" \
		"$(cd "$a" && find . \( -type f -printf '%y %s %T@ %p\n' \) -o -printf '%y - %T@ %p\n' | LC_ALL=C sort | sha256sum)" \
		"$(cd "$b" && find . \( -type f -printf '%y %s %T@ %p\n' \) -o -printf '%y - %T@ %p\n' | LC_ALL=C sort | sha256sum)"
}

# --- the samples ---------------------------------------------------------------
DB=$T_TMP/s.db M=$T_TMP/m X=$T_TMP/x
check "load the samples" t_demo_db "$DB"
check "export" g export "$X"
t0=$(date +%s%N)
check "mount the samples" t_mount "$DB" "$M"
echo "# mount of the samples answered in $(ms_since "$t0") ms"
check "read-only fuse.govfs in /proc/mounts" \
	grep -Eq "^govfs $M fuse\.govfs ro[, ]" /proc/mounts

same_tree "samples" "$X" "$M"
out=$(timeout 60 diff -r "$X" "$M" 2>&1)
check_eq "diff -r through the links: no difference and no loop" "" "$out"
# (the export's modes are 0644/0755, the mount's 0444/0555; folder sizes differ)
lslr() { ls -lR --time-style=+%s . | awk '$1 !~ /^d/ && $1 != "total" { $1 = substr($1, 1, 1); print }'; }
check_eq "ls -lR lists what the export does" "$(cd "$X" && lslr | sha256sum)" \
	"$(cd "$M" && timeout 60 bash -c "$(declare -f lslr); lslr" | sha256sum)"
check_eq "find lists what the export does" "$(cd "$X" && find . | LC_ALL=C sort | sha256sum)" \
	"$(cd "$M" && timeout 60 find . | LC_ALL=C sort | sha256sum)"
ref=boards/slough-cabinet/board.txt
check_eq "find -newer" "$(cd "$X" && find . -newer "$ref" | LC_ALL=C sort | sha256sum)" \
	"$(cd "$M" && timeout 60 find . -newer "$ref" | LC_ALL=C sort | sha256sum)"

# stat: inode numbers are the store's nodes (kind << 48 | id)
check_eq "root is inode 1" 1 "$(stat -c %i "$M")"
check_eq "README is node (1, 0)" $((1 << 48)) "$(stat -c %i "$M/README")"
check_eq "boards/ is node (2, 0)" $((2 << 48)) "$(stat -c %i "$M/boards")"
check_eq "board 1 is node (3, 1)" $(((3 << 48) | 1)) "$(stat -c %i "$M/boards/slough-cabinet")"
check_eq "inode numbers are stable" "$(stat -c %i "$M/actions/000005/action.txt")" \
	"$(stat -c %i "$M/actions/open/000005/action.txt")"
bad=0
while IFS= read -r -d '' f; do
	[ "$(stat -c %s "$f")" = "$(wc -c < "$f")" ] || { bad=$((bad + 1)); echo "  size: $f"; }
done < <(find "$M" -type f -print0)
check_eq "st_size equals wc -c for every file" 0 "$bad"
bad=0
while IFS= read -r -d '' d; do
	n=$(find "$d" -mindepth 1 -maxdepth 1 -type d | wc -l)
	[ "$(stat -c %h "$d")" = $((n + 2)) ] || { bad=$((bad + 1)); echo "  nlink: $d"; }
done < <(find "$M" -type d -print0)
check_eq "folder link counts are 2 + subfolders" 0 "$bad"
item=boards/slough-cabinet/meetings/2015-06-15/items/05-childrens-services-improvement-update
check_eq "mtime is the row's updated time" \
	"$(date -u -d "$(jq -r .updated "$M/$item/item.json")" +%s)" \
	"$(stat -c %Y "$M/$item/item.txt")"
check_eq "modes: files 0444, folders 0555, links 0777" "444 555 777" \
	"$(stat -c %a "$M/README") $(stat -c %a "$M/boards") $(stat -c %a "$M/meetings/2015-06-15-slough-cabinet")"
check_eq "owned by the mounting user" "$(id -u):$(id -g)" "$(stat -c %u:%g "$M/README")"
check_eq "readlink" "../boards/slough-cabinet/meetings/2015-06-15" \
	"$(readlink "$M/meetings/2015-06-15-slough-cabinet")"
check "links resolve" test -f "$M/actions/open/000001/action.json"
check "an item's action links lead to the actions" \
	test -f "$M/$(jq -r .item "$M/actions/000001/action.json")/actions/000001/action.txt"
check "no link back from an action to its item (a cycle)" test ! -e "$M/actions/000001/item"

# the usual tools
check_eq "cat" "$(cat "$X/$item/decisions.txt")" "$(cat "$M/$item/decisions.txt")"
check "cat a file inside a linked folder" cat "$M/meetings/2015-06-15-slough-cabinet/items/05-childrens-services-improvement-update/minutes.txt"
check "head -c reads a prefix" bash -c "[ \"\$(head -c 10 '$M/README')\" = \"\$(head -c 10 '$X/README')\" ]"
check_eq "tail reads an offset" "$(tail -c 100 "$X/$item/minutes.txt")" "$(tail -c 100 "$M/$item/minutes.txt")"
check "jq . on every json" bash -c "find '$M' -name '*.json' -print0 | xargs -0 -n1 jq -e . >/dev/null"
check_eq "json files" "$(find "$X" -name '*.json' | wc -l)" "$(find "$M" -name '*.json' | wc -l)"
nitems=$(g search --paths --limit 1000 MASH | wc -l)
check "some items mention MASH" test "$nitems" -gt 0
check_eq "grep -rl MASH boards/: each item's minutes once" "$nitems" \
	"$(timeout 60 grep -rl MASH "$M/boards" | grep -c '/minutes.txt$')"
check_eq "grep -r over the whole mount counts each item once" "$nitems" \
	"$(timeout 60 grep -rl MASH "$M" | grep -c '/minutes.txt$')"
check_eq "grep -r matches equal the export's" "$(cd "$X" && grep -r MASH . | LC_ALL=C sort | sha256sum)" \
	"$(cd "$M" && timeout 60 grep -r MASH . | LC_ALL=C sort | sha256sum)"
check_eq "tar c lists what the export does" \
	"$(cd "$X" && tar cf - . | tar tvf - | awk '$1 !~ /^d/ {print substr($1, 1, 1), $3, $NF}' | LC_ALL=C sort | sha256sum)" \
	"$(cd "$M" && timeout 60 tar cf - . | tar tvf - | awk '$1 !~ /^d/ {print substr($1, 1, 1), $3, $NF}' | LC_ALL=C sort | sha256sum)"
check "tar c exits 0" bash -c "cd '$M' && timeout 60 tar cf /dev/null ."
out=$(ls "$M/search/foster carers")
case $out in
	001-2015-06-15-slough-cabinet-05-childrens-services-improvement-update*) ok "ls search/\"foster carers\" ranks the Slough cabinet item first" ;;
	*) fail "ls search/\"foster carers\" ranks the Slough cabinet item first"; echo "  got: $out" ;;
esac
check "a search result is a link to the item" test -f "$M/search/foster carers/$(echo "$out" | head -1)/decisions.txt"
check "search/ itself lists nothing" test -z "$(ls -A "$M/search")"
check_eq "a missing name" "No such file or directory" \
	"$(cat "$M/boards/nope" 2>&1 | sed 's/.*: //')"
check "a missing name again (negative entry)" bash -c "! test -e '$M/boards/nope'"
check "statfs" stat -f "$M"

# read-only: every write is EROFS
erofs() {
	local desc=$1 out; shift
	out=$("$@" 2>&1)
	case $out in *"Read-only file system"*) ok "EROFS: $desc" ;;
		*) fail "EROFS: $desc"; echo "  got: $out" ;; esac
}
erofs "touch" touch "$M/README"
erofs "touch a new file" touch "$M/boards/new"
erofs "echo > file" bash -c "echo x > '$M/README'"
erofs "echo >> file" bash -c "echo x >> '$M/$item/item.txt'"
erofs "mkdir" mkdir "$M/boards/new"
erofs "rm" rm -f "$M/README"
erofs "rm -r" rm -rf "$M/boards/slough-cabinet"
erofs "mv" mv "$M/README" "$M/README2"
erofs "ln -s" ln -s README "$M/link"
erofs "ln" ln "$M/README" "$M/hard"
erofs "chmod" chmod 600 "$M/README"
erofs "truncate" truncate -s 0 "$M/README"
if command -v setfattr >/dev/null; then
	erofs "setfattr" setfattr -n user.x -v 1 "$M/README"
fi
check_eq "still the same tree" "" "$(diff -r --no-dereference "$X" "$M" 2>&1)"

# errors: one clear line each, non-zero exit, nothing mounted
# expect_err DESC TEXT CMD...: CMD fails and its only line contains TEXT.
expect_err() {
	local desc=$1 text=$2 out rc; shift 2
	out=$(timeout 10 "$@" 2>&1); rc=$?
	if [ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	   printf '%s' "$out" | grep -qF -- "$text"; then ok "$desc"
	else fail "$desc"; printf '  exit %s: %s\n' "$rc" "$out"; fi
}
E=$T_TMP/e; mkdir -p "$E"
expect_err "missing database" "govfs: $T_TMP/nope.db: no such database" \
	"$GOVFS" "$T_TMP/nope.db" "$E"
printf 'not a database\n' > "$T_TMP/text.db"
expect_err "a text file" "not a govfs database" "$GOVFS" "$T_TMP/text.db" "$E"
sqlite3 "$T_TMP/other.db" 'CREATE TABLE t (x)'
expect_err "another SQLite database" "not a govfs database" "$GOVFS" "$T_TMP/other.db" "$E"
cp "$DB" "$T_TMP/newer.db"
sqlite3 "$T_TMP/newer.db" 'PRAGMA user_version = 99'
expect_err "a newer schema" "schema 99 is newer than this govfs" "$GOVFS" "$T_TMP/newer.db" "$E"
expect_err "a folder as database" "is a directory" "$GOVFS" "$T_TMP" "$E"
expect_err "missing mountpoint" "$T_TMP/nodir: mountpoint does not exist" "$GOVFS" "$DB" "$T_TMP/nodir"
expect_err "mountpoint not a folder" "mountpoint is not a directory" "$GOVFS" "$DB" "$T_TMP/text.db"
expect_err "busy mountpoint" "$M: mountpoint is busy" "$GOVFS" "$DB" "$M"
expect_err "unknown option" "unknown option '-x'" "$GOVFS" -x "$DB" "$E"
expect_err "unknown mount option" "unknown option(s)" "$GOVFS" -o frobnicate "$DB" "$E"
expect_err "cache_mb=0" "bad option 'cache_mb=0'" "$GOVFS" -o cache_mb=0 "$DB" "$E"
expect_err "log= in a missing folder" "$T_TMP/nodir/x.log: No such file or directory" \
	"$GOVFS" -o "log=$T_TMP/nodir/x.log" "$DB" "$E"
expect_err "cache_mb not a number" "bad option 'cache_mb=lots'" "$GOVFS" -o cache_mb=lots "$DB" "$E"
expect_err "one argument" "missing MOUNTPOINT" "$GOVFS" "$DB"
check_eq "usage errors exit 2" 2 "$("$GOVFS" "$DB" >/dev/null 2>&1; echo $?)"
check "--help" bash -c "'$GOVFS' --help | grep -q '^usage: govfs'"
check_eq "--version" "govfs 0.1.0" "$("$GOVFS" --version | cut -d' ' -f1-2)"
check "nothing mounted by the errors" bash -c "! grep -q ' $E ' /proc/mounts"

# mount(8), fstab and mount.fuse3 (fstab type fuse.govfs runs "govfs" by name)
F=$T_TMP/f; mkdir -p "$F"; T_MOUNTS+=("$F")
mounted() { local i; for i in $(seq 50); do [ -e "$1/README" ] && return 0; sleep 0.1; done; return 1; }
if timeout 10 mount -t fuse "$GOVFS#$DB" "$F" && mounted "$F"; then
	ok "mount -t fuse govfs#DB"
	check "mounted read-only" grep -Eq " $F fuse\.govfs ro[, ]" /proc/mounts
	check "umount" umount "$F"
else fail "mount -t fuse govfs#DB"; fi
printf '%s#%s %s fuse defaults,rw,dev,suid,exec,noatime,nofail,_netdev 0 0\n' \
	"$GOVFS" "$DB" "$F" > "$T_TMP/fstab"
if timeout 10 mount -T "$T_TMP/fstab" "$F" && mounted "$F"; then
	ok "mount from an fstab line with defaults,rw,dev,suid,exec,..."
	check "rw became ro" grep -Eq " $F fuse\.govfs ro[, ]" /proc/mounts
	check_eq "and it works" "" "$(diff -r --no-dereference "$X" "$F" 2>&1)"
	check "umount" umount "$F"
else fail "mount from an fstab line with defaults,rw,dev,suid,exec,..."; fi
mkdir -p "$T_TMP/bin"; ln -s "$GOVFS" "$T_TMP/bin/govfs"
if PATH=$T_TMP/bin:$PATH timeout 10 /sbin/mount.fuse3 "$DB" "$F" -t fuse.govfs \
	-o rw,dev,suid,noatime,defaults,default_permissions && mounted "$F"; then
	ok "mount.fuse3 with type fuse.govfs"
	check "default_permissions passed on" grep -Eq " $F fuse\.govfs ro,.*default_permissions" /proc/mounts
	check "umount" umount "$F"
else fail "mount.fuse3 with type fuse.govfs"; fi
# mount -t fuse.govfs finds govfs on the system's PATH: as root, put this
# build there for the duration of the mount (unless a govfs is installed).
linked=""
if [ "$(id -u)" -eq 0 ] && ! command -v govfs >/dev/null; then
	ln -s "$GOVFS" /usr/local/sbin/govfs && linked=/usr/local/sbin/govfs
fi
if command -v govfs >/dev/null && [ "$(command -v govfs)" -ef "$GOVFS" ]; then
	if timeout 10 mount -t fuse.govfs "$DB" "$F" && mounted "$F"; then
		ok "mount -t fuse.govfs"
		check "umount" umount "$F"
	else fail "mount -t fuse.govfs"; fi
else
	echo "# mount -t fuse.govfs not tried: another govfs is installed"
fi
[ -n "$linked" ] && rm -f "$linked"

# other ways to run it: single-threaded; in the foreground until unmounted
S=$T_TMP/s; check "mount -s (single-threaded)" t_mount "$DB" "$S" -s
check_eq "-s serves the same tree" "" "$(diff -r --no-dereference "$X" "$S" 2>&1)"
check "unmount" t_umount "$S"
"$GOVFS" -f "$DB" "$S" 2>"$T_TMP/fg.log" & fg=$!
T_MOUNTS+=("$S")
if mounted "$S"; then ok "-f mounts in the foreground"; else fail "-f mounts in the foreground"; fi
check "-f process still running" kill -0 "$fg"
t_umount "$S"
wait "$fg"; rc=$?
check_eq "-f exits 0 when unmounted" 0 "$rc"
check_eq "-f logs to stderr" "govfs: mounted" "$(head -1 "$T_TMP/fg.log" | cut -d' ' -f1-2)"
check "-o log=FILE: the daemons' lines, with time, pid and level" \
	grep -qE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z govfs\[[0-9]+\] info: mounted $DB at " "$T_LOG"
# SIGUSR1: the daemon logs what it did since it mounted (requests by kind)
C=$T_TMP/c CL=$T_TMP/counts.log
check "mount with a log of its own" t_mount "$DB" "$C" -o "log=$CL"
cpid=$(sed -n 's/^[^ ]* govfs\[\([0-9]*\)\] info: mounted .*/\1/p' "$CL" | head -1)
# count KIND: send SIGUSR1, wait for the new line, print KIND's number
count() {
	local n i; n=$(grep -c ' info: requests:' "$CL")
	kill -USR1 "$cpid" || return 1
	for i in $(seq 50); do
		[ "$(grep -c ' info: requests:' "$CL")" -gt "$n" ] && break; sleep 0.05
	done
	grep ' info: requests:' "$CL" | tail -1 | grep -o " $1=[0-9]*" | cut -d= -f2
}
f=$C/boards/slough-cabinet/board.txt
ls "$(dirname "$f")" >/dev/null
r0=$(count read); cat "$f" >/dev/null; r1=$(count read); cat "$f" >/dev/null; r2=$(count read)
check_eq "SIGUSR1 logs the requests: a first read is one READ" 1 "$((r1 - r0))"
check_eq "a second cat is served by the page cache (no READ)" 0 "$((r2 - r1))"
find "$C" >/dev/null; d0=$(count readdir); find "$C" >/dev/null; d1=$(count readdir)
check "a first find lists folders" test "$d0" -gt 0
check "the prefetcher built listings ahead of the first find" test "$(count prefetched)" -gt 0
# a walk sends one request at a time: the request threads answer on one
# processor (fs/affinity.c)
if [ "$(nproc)" -gt 1 ]; then
	pinned=$(grep -h Cpus_allowed_list /proc/"$cpid"/task/*/status | awk '$2 ~ /^[0-9]+$/' | wc -l)
	check "after a walk, request threads keep to one processor" test "$pinned" -gt 0
fi
check_eq "a second find is served by the kernel (no READDIR)" 0 "$((d1 - d0))"
check "the daemon still runs" kill -0 "$cpid"
check "unmount" t_umount "$C"
for i in $(seq 50); do grep -q ' info: unmounted' "$CL" && break; sleep 0.05; done
check "the counts are logged at unmount" bash -c "grep -A1 ' info: unmounted' '$CL' | grep -q ' info: requests: lookup=[0-9]* getattr='"
check "unmount the samples" t_umount "$M"

# --- a generated corpus ----------------------------------------------------------
# the export on tmpfs when there is one: the physical limit to compare with
DB=$T_TMP/big.db M=$T_TMP/bm X=$T_TMP/bx
if [ -d /dev/shm ] && SHM=$(mktemp -d /dev/shm/govfs-test.XXXXXX); then
	X=$SHM/bx
	trap 'rm -rf "$SHM"; t_cleanup' EXIT
fi
if g generate --help >/dev/null 2>&1; then
	t0=$(date +%s%N)
	check "generate 10,000 items" bash -c "'$GOVCTL' --db '$DB' init >/dev/null && '$GOVCTL' --db '$DB' generate --items 10000 >/dev/null"
	echo "# generated in $(ms_since "$t0") ms"
else
	# a few hundred items, built in bash
	check "init" g init
	g board add big-board --name "Big Board" --kind scrutiny >/dev/null
	t0=$(date +%s%N)
	for i in $(seq 300); do
		d=$(date -u -d "2020-01-01 + $((i / 4)) days" +%F)
		printf 'The Board discussed item %s and the MASH arrangements.\n' "$i" |
			g item add big-board "$d" --number "$((i % 4 + 1))" \
				--title "Item $i on children's services" --minutes-file - \
				--decision "Noted item $i." >/dev/null || break
	done
	check "add 300 items" test "$i" -eq 300
	echo "# added in $(ms_since "$t0") ms"
fi
check "export" g export "$X"
t0=$(date +%s%N)
check "mount the corpus" t_mount "$DB" "$M"
mt=$(ms_since "$t0")
echo "# mount of the corpus answered in $mt ms"
check "mount time does not depend on the corpus (< 2 s)" test "$mt" -lt 2000
check_eq "inode of boards/" $((2 << 48)) "$(stat -c %i "$M/boards")"

# timings: first pass (cold), then warm, against the tmpfs export
timed() { local t0=$(date +%s%N); (cd "$1" && shift && timeout 600 "$@" >/dev/null 2>&1); ms_since "$t0"; }
for w in "find ." "ls -lR ." "grep -r MASH ."; do
	cold=$(timed "$M" $w); warm=$(timed "$M" $w); warm2=$(timed "$M" $w)
	ref=$(timed "$X" $w); ref2=$(timed "$X" $w)
	echo "# $w: govfs cold $cold ms, warm $warm / $warm2 ms; export on $(stat -f -c %T "$X") $ref / $ref2 ms"
done
same_tree "corpus" "$X" "$M"
check_eq "grep -rl MASH boards/ equals the export's" \
	"$(cd "$X" && grep -rl MASH boards | LC_ALL=C sort | sha256sum)" \
	"$(cd "$M" && timeout 600 grep -rl MASH boards | LC_ALL=C sort | sha256sum)"
check_eq "grep -rc over the whole mount equals the export's (links not followed)" \
	"$(cd "$X" && grep -rc MASH . | LC_ALL=C sort | sha256sum)" \
	"$(cd "$M" && timeout 600 grep -rc MASH . | LC_ALL=C sort | sha256sum)"
bad=$(cd "$M" && find . -type f -name '*.txt' | head -2000 |
	while IFS= read -r f; do [ "$(stat -c %s "$f")" = "$(wc -c < "$f")" ] || echo "$f"; done | wc -l)
check_eq "st_size equals wc -c (2000 files)" 0 "$bad"
check "jq . on 500 json files" bash -c "cd '$M' && find . -name '*.json' | head -500 | xargs -d '\n' -n50 jq -e . >/dev/null"
check "tar c of the mount" bash -c "cd '$M' && timeout 600 tar cf - . | tar tf - | wc -l | grep -qx \"\$(cd '$X' && tar cf - . | tar tf - | wc -l)\""
check "unmount the corpus" t_umount "$M"
sleep 0.2
check "nothing of ours left in /proc/mounts" bash -c "! grep -q ' $T_TMP/' /proc/mounts"
t_done
