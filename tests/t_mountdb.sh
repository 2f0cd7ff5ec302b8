#!/usr/bin/env bash
# govctl and the mount as one tool (issue #14, items 1-2): a path or the
# working directory inside a govfs mount selects that mount's database,
# --db or $GOVFS_DB naming another is refused naming both; and a commit
# returns once every mount of the database has told the kernel, so that
# `govctl action set ... && ls mnt/...` never reads stale data.
. "$(dirname "$0")/lib.sh"
export GOVCTL_NOW=2026-11-23T10:00:00Z
export HOME=$T_TMP/home XDG_DATA_HOME=   # no default database
unset GOVFS_DB
mkdir -p "$HOME"

A=$T_TMP/a.db B=$T_TMP/b.db M=$T_TMP/m M2=$T_TMP/m2 MB=$T_TMP/mb
check "a database of the sample minutes" t_demo_db "$A"
check "another database" "$GOVCTL" --db "$B" init
check "mount A" t_mount "$A" "$M"
check "mount A again" t_mount "$A" "$M2"
check "mount B" t_mount "$B" "$MB"
DB=$A
ID=$(ls "$M/actions" | grep -E '^[0-9]+$' | head -1)
check "an action to work on" test -n "$ID"

# ---- the mount's database ------------------------------------------------
out=$(cd "$M/actions/$ID" && "$GOVCTL" action show . 2>&1); rc=$?
check_eq "action show . inside the mount: exit 0, no --db" 0 "$rc"
check "... and it is the mount's action" grep -q "^Action: $ID" <<<"$out"
ITEM=$(find "$M/boards" -name item.txt | head -1)
out=$(cd "$(dirname "$ITEM")" && "$GOVCTL" show item.txt 2>&1); rc=$?
check_eq "show item.txt inside the mount: exit 0" 0 "$rc"
check_eq "... the bytes of the mount's file" "$(cat "$ITEM")" "$out"
out=$(cd / && "$GOVCTL" action show "$M/actions/$ID" 2>&1); rc=$?
check_eq "a path into the mount from outside selects its database" 0 "$rc"

before=$(dbsum "$B")
out=$(cd "$M/actions/$ID" && "$GOVCTL" --db "$B" action set . --note x 2>&1); rc=$?
check_eq "--db naming another database inside the mount: exit 64" 64 "$rc"
check "... the message names both databases" \
	bash -c 'grep -qF "$1" <<<"$3" && grep -qF "$2" <<<"$3"' _ "$B" "$A" "$out"
check_eq "... neither database changed" "$before" "$(dbsum "$B")"
out=$(cd "$M" && GOVFS_DB=$B "$GOVCTL" action set "$ID" --note x 2>&1); rc=$?
check_eq "\$GOVFS_DB naming another database inside the mount: exit 64" 64 "$rc"
check "... the message names \$GOVFS_DB" grep -qF '$GOVFS_DB' <<<"$out"
out=$(cd "$M" && "$GOVCTL" --db "$A" action show "$ID" 2>&1); rc=$?
check_eq "--db naming the mount's own database: accepted" 0 "$rc"
out=$(cd / && "$GOVCTL" action show "$M/actions/$ID" "$MB/README" 2>&1); rc=$?
check_eq "paths in mounts of two databases: exit 64" 64 "$rc"
out=$(cd / && "$GOVCTL" board list 2>&1); rc=$?
check_eq "outside any mount the default database is used (missing: 66)" 66 "$rc"

# the control requests, as any program may send them
ioc() { python3 - "$@" <<'EOF'
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
req = int(sys.argv[2], 0)
try:
    if sys.argv[3] == "db":
        b = bytearray(4096)
        fcntl.ioctl(fd, req, b, True)
        print(bytes(b).split(b"\0")[0].decode())
    else:
        fcntl.ioctl(fd, req)
        print("ok")
except OSError as e:
    print(os.strerror(e.errno))
EOF
}
# _IOR('G', 0x61, char[4096]) and _IO('G', 0x62), as fs/ctl.h
check_eq "GOVFS_IOC_DB on a folder names the database" "$A" \
	"$(ioc "$M/boards" 0x90004761 db)"
check_eq "GOVFS_IOC_SYNC answers" ok "$(ioc "$M" 0x4762 x)"
check_eq "another ioctl: ENOTTY" "Inappropriate ioctl for device" \
	"$(ioc "$M" 0x4763 x)"

# ---- read your writes ----------------------------------------------------
out=$(GOVCTL_SYNC_TRACE=1 "$GOVCTL" --db "$A" action set "$ID" --note y 2>&1)
check "a commit waits for both mounts of its database, not B's" \
	grep -q "waited for 2 mounts" <<<"$out"
out=$(GOVCTL_SYNC_TRACE=1 "$GOVCTL" --db "$A" action show "$ID" 2>&1)
check "a read waits for no mount" bash -c '! grep -q "waited" <<<"$1"' _ "$out"
out=$(GOVCTL_SYNC_TRACE=1 "$GOVCTL" --db "$A" --no-wait action set "$ID" --note z 2>&1)
check "--no-wait does not wait" bash -c '! grep -q "waited" <<<"$1"' _ "$out"

# counts of README's "Actions:" line, as the database has them
readme_counts() { grep '^Actions:' "$1/README"; }
stale=0 stale_ls=0 stale_readme=0
for i in $(seq 100); do
	if [ $((i % 2)) = 1 ]; then st=done; else st=open; fi
	"$GOVCTL" --db "$A" action set "$ID" --status "$st" >/dev/null || { stale=$((stale + 1)); continue; }
	if [ $st = done ]; then
		ls "$M/actions/done" | grep -qx "$ID" || stale_ls=$((stale_ls + 1))
		ls "$M2/actions/open" | grep -qx "$ID" && stale_ls=$((stale_ls + 1))
	else
		ls "$M/actions/done" | grep -qx "$ID" && stale_ls=$((stale_ls + 1))
		ls "$M2/actions/open" | grep -qx "$ID" || stale_ls=$((stale_ls + 1))
	fi
	grep -q "^Status: $st" "$M/actions/$ID/action.txt" || stale_ls=$((stale_ls + 1))
	want=$("$GOVCTL" --db "$A" show README | grep '^Actions:')
	[ "$(readme_counts "$M")" = "$want" ] || stale_readme=$((stale_readme + 1))
	[ "$(readme_counts "$M2")" = "$want" ] || stale_readme=$((stale_readme + 1))
done
check_eq "100 x action set && ls: every commit succeeded" 0 "$stale"
check_eq "100 x action set && ls of two mounts: no stale listing or file" 0 "$stale_ls"
check_eq "100 x action set && cat README of two mounts: no stale count" 0 "$stale_readme"

# a dead mount does not hold govctl up
kill -9 "$(pgrep -f "govfs .*$B $MB" | head -1)" 2>/dev/null
sleep 0.2
t0=$(date +%s%N)
"$GOVCTL" --db "$A" action set "$ID" --note after >/dev/null; rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check_eq "with a dead mount beside: the commit succeeds" 0 "$rc"
check "... and returns at once (${ms} ms)" test "$ms" -lt 1500
fusermount3 -u "$MB" 2>/dev/null || fusermount3 -uz "$MB" 2>/dev/null

t_done
