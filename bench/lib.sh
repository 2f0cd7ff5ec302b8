# Shared by bench/run, bench/scale and bench/docs: timing helpers and mounts.
now() { date +%s%N; }
ms() { echo "scale=1; ($2 - $1) / 1000000" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
wait_mounted() { local i; for i in $(seq 500); do mountpoint -q "$1" && ls "$1" >/dev/null 2>&1 && return 0; sleep 0.01; done; return 1; }
# mount_govfs DB: mount DB at $MG, logging to $W/govfs.log, and wait for it.
mount_govfs() { "$GOVFS" -o "log=$W/govfs.log" "$1" "$MG" && wait_mounted "$MG"; }
umount_govfs() { fusermount3 -u "$MG"; }
govfs_pid() { pgrep -f "^$GOVFS .*$MG" | head -1; }
# govfs_count [KIND]: how many requests the daemon at $MG has answered
# since it mounted, or its count of KIND (read, readdir, notified, ...):
# SIGUSR1 makes it log its counts (govfs(1), SIGNALS).
govfs_count() {
	local log=$W/govfs.log pid n i
	pid=$(govfs_pid) && [ -n "$pid" ] || return 1
	n=$(grep -c ' info: requests:' "$log")
	kill -USR1 "$pid" || return 1
	for i in $(seq 250); do
		[ "$(grep -c ' info: requests:' "$log")" -gt "$n" ] && break
		sleep 0.02
	done
	grep ' info: requests:' "$log" | tail -1 | awk -v kind="${1:-}" '{
		for (i = 5; i <= NF; i++) {
			split($i, kv, "=")
			if (kind == "" ? kv[1] != "pushed" && kv[1] != "notified" && kv[1] != "prefetched" && kv[1] != "taken" : kv[1] == kind)
				n += kv[2]
		}
		print n + 0 }'
}
# rtt_us DIR: microseconds per statfs(2) of DIR: through FUSE, a request
# round trip that does no work in the daemon.
rtt_us() {
	python3 -c 'import os, sys, time
n = 20000; t = time.perf_counter()
for _ in range(n): os.statvfs(sys.argv[1])
print("%.1f" % ((time.perf_counter() - t) * 1e6 / n))' "$1"
}

# Proactive reclaim: DAMON schemes that page out idle memory (kdamonds
# that are on).  They evict a FUSE tree's page cache, but not a tmpfs copy
# (no swap); reclaim_pause stops them for a measurement, reclaim_resume
# (also run on exit) starts again those it stopped.
RECLAIM_PAUSED=()
reclaim_active() {
	local k
	for k in /sys/kernel/mm/damon/admin/kdamonds/*; do
		[ "$(cat "$k/state" 2>/dev/null)" = on ] &&
			grep -qx pageout "$k"/contexts/*/schemes/*/action 2>/dev/null &&
			echo "$k"
	done
}
reclaim_pause() {
	local k
	for k in $(reclaim_active); do
		echo off > "$k/state" && RECLAIM_PAUSED+=("$k")
	done
}
reclaim_resume() {
	local k
	for k in "${RECLAIM_PAUSED[@]}"; do echo on > "$k/state"; done
	RECLAIM_PAUSED=()
}
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' /proc/"$(govfs_pid)"/status 2>/dev/null; }

# search_ms: median ms of ls of five fresh two-word queries in $MG/search.
search_ms() {
	local q t0 t1 out=""
	for q in "foster carers" "care leavers" "social workers" "early help" "complaints report"; do
		t0=$(now); ls "$MG/search/$q" >/dev/null; t1=$(now); out+="$(ms "$t0" "$t1")"$'\n'
	done
	printf '%s' "$out" | median
}

# visible_ms DB: median ms from govctl --no-wait action set (actions 1-5) to the
# change showing in $MG, polled every millisecond, and then the number of
# invalidations the daemon sent for the five.
visible_ms() {
	local db=$1 id st new t0 t1 out="" n0
	n0=$(govfs_count notified)
	for id in 1 2 3 4 5; do
		st=$("$GOVCTL" --db "$db" show "actions/$(printf %06d $id)/action.json" | jq -r .status)
		new=done; [ "$st" = done ] && new=open
		ls "$MG/actions/$(printf %06d $id)" >/dev/null
		t0=$(now)
		"$GOVCTL" --db "$db" --no-wait action set "$id" --status "$new" >/dev/null
		until grep -q "^Status: $new\$" "$MG/actions/$(printf %06d $id)/action.txt" 2>/dev/null; do
			[ $(( ($(now) - t0) / 1000000 )) -gt 5000 ] && break
			sleep 0.001
		done
		t1=$(now); out+="$(ms "$t0" "$t1")"$'\n'
	done
	sleep 1   # the views' invalidations go within GFS_VIEWS_MS
	echo "$(printf '%s' "$out" | median) $(( $(govfs_count notified) - n0 ))"
}

# write_ms DB: median wall ms of nine govctl action set (a note on action
# 1) that wait for the mount at $MG to show them, then of nine with
# --no-wait: "waiting no_wait" (read your writes costs the difference).
write_ms() {
	local db=$1 i t0 t1 w="" nw=""
	for i in 1 2 3 4 5 6 7 8 9; do
		t0=$(now); "$GOVCTL" --db "$db" action set 1 --note "w$i" >/dev/null; t1=$(now)
		w+="$(ms "$t0" "$t1")"$'\n'
		t0=$(now); "$GOVCTL" --db "$db" --no-wait action set 1 --note "n$i" >/dev/null; t1=$(now)
		nw+="$(ms "$t0" "$t1")"$'\n'
	done
	echo "$(printf '%s' "$w" | median) $(printf '%s' "$nw" | median)"
}

# start_ms: median ms of 21 runs of govctl --version (its start: loading
# and binding its libraries), and of /bin/true beside it.
start_ms() {
	local i t0 t1 g="" b=""
	for i in $(seq 21); do
		t0=$(now); "$GOVCTL" --version >/dev/null; t1=$(now); g+="$(ms "$t0" "$t1")"$'\n'
		t0=$(now); /bin/true; t1=$(now); b+="$(ms "$t0" "$t1")"$'\n'
	done
	echo "$(printf '%s' "$g" | median) $(printf '%s' "$b" | median)"
}

# mount_ls_ms DB: median ms of three cold mounts to the first ls.
mount_ls_ms() {
	local i t0 t1 out=""
	for i in 1 2 3; do
		drop_caches
		t0=$(now); mount_govfs "$1"; ls "$MG" >/dev/null; t1=$(now)
		out+="$(ms "$t0" "$t1")"$'\n'
		umount_govfs
	done
	printf '%s' "$out" | median
}

# tools_ls_ms DIR: median ms of three cold runs of what mount_ls_ms runs
# besides govfs (mountpoint and ls, from a cold page cache) on a plain
# folder: the part of mount to first ls that is not govfs's.
tools_ls_ms() {
	local i t0 t1 out=""
	for i in 1 2 3; do
		drop_caches
		t0=$(now); mountpoint -q "$1" && ls "$1" >/dev/null; ls "$1" >/dev/null; t1=$(now)
		out+="$(ms "$t0" "$t1")"$'\n'
	done
	printf '%s' "$out" | median
}

# govfs_cpu_ms: the CPU time (user + system) the daemon at $MG has used.
govfs_cpu_ms() {
	awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' \
		/proc/"$(govfs_pid)"/stat
}

# make_ext4 TREE: a disk image in $W (on disk, not tmpfs) sized for TREE,
# formatted ext4, TREE copied in, mounted read-only at $ME through a loop
# device with direct I/O (so that a cold pass reads the disk, not the
# image file's page cache).
make_ext4() {
	local files bytes img=$W/ext4.img
	files=$(find "$1" | wc -l)
	bytes=$(du -s --apparent-size -B1 "$1" | cut -f1)
	truncate -s $(( ((files * 4096 + bytes) * 13 / 10 >> 20) + 64 ))M "$img"
	mkfs.ext4 -F -q -N $(( files * 11 / 10 + 1024 )) -b 4096 "$img" || return 1
	LOOP=$(losetup --direct-io=on -f --show "$img") || return 1
	mount -o noatime "$LOOP" "$ME" && rmdir "$ME/lost+found" && cp -a "$1"/. "$ME"/ &&
		mount -o remount,ro "$ME"
}
umount_ext4() {
	mountpoint -q "$ME" && umount "$ME"
	[ -n "$LOOP" ] && losetup -d "$LOOP"
	LOOP=""; rm -f "$W/ext4.img"
}
