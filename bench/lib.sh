# Shared by bench/run and bench/scale: timing helpers and mounts.
now() { date +%s%N; }
ms() { echo "scale=1; ($2 - $1) / 1000000" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }
wait_mounted() { local i; for i in $(seq 500); do mountpoint -q "$1" && ls "$1" >/dev/null 2>&1 && return 0; sleep 0.01; done; return 1; }
# mount_govfs DB: mount DB at $MG and wait for it.
mount_govfs() { "$GOVFS" "$1" "$MG" && wait_mounted "$MG"; }
umount_govfs() { fusermount3 -u "$MG"; }
govfs_pid() { pgrep -f "^$GOVFS .*$MG" | head -1; }
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' /proc/"$(govfs_pid)"/status 2>/dev/null; }

# search_ms: median ms of ls of five fresh two-word queries in $MG/search.
search_ms() {
	local q t0 t1 out=""
	for q in "foster carers" "care leavers" "social workers" "early help" "complaints report"; do
		t0=$(now); ls "$MG/search/$q" >/dev/null; t1=$(now); out+="$(ms "$t0" "$t1")"$'\n'
	done
	printf '%s' "$out" | median
}

# visible_ms DB: median ms from govctl action set (actions 1-5) to the
# change showing in $MG, polled every millisecond.
visible_ms() {
	local db=$1 id st new t0 t1 out=""
	for id in 1 2 3 4 5; do
		st=$("$GOVCTL" --db "$db" show "actions/$(printf %06d $id)/action.json" | jq -r .status)
		new=done; [ "$st" = done ] && new=open
		ls "$MG/actions/$(printf %06d $id)" >/dev/null
		t0=$(now)
		"$GOVCTL" --db "$db" action set "$id" --status "$new" >/dev/null
		until grep -q "^Status: $new\$" "$MG/actions/$(printf %06d $id)/action.txt" 2>/dev/null; do
			[ $(( ($(now) - t0) / 1000000 )) -gt 5000 ] && break
			sleep 0.001
		done
		t1=$(now); out+="$(ms "$t0" "$t1")"$'\n'
	done
	printf '%s' "$out" | median
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
