# tests/lib.sh — sourced by the integration tests (tests/t_*.sh).
# ok/fail counting, a scratch directory removed on exit, and mounts that
# are always unmounted, also when a test fails or is interrupted.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOVCTL="$TOP/tools/govctl"
GOVFS="$TOP/fs/govfs"
SAMPLES="$TOP/data/samples"
T_PASS=0 T_FAIL=0 T_MOUNTS=()
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/govfs-test.XXXXXX")
T_LOG=$T_TMP/govfs.log     # what the daemons of t_mount log (-o log=)
export GOVCTL_NOW=${GOVCTL_NOW:-}

t_cleanup() {
	local m
	for m in "${T_MOUNTS[@]}"; do
		fusermount3 -u "$m" 2>/dev/null || fusermount3 -uz "$m" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

ok()   { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
fail() { T_FAIL=$((T_FAIL + 1)); echo "not ok - $*"; }
# check DESC CMD...: runs CMD; ok if it exits 0.
check() { local d=$1; shift; if "$@" >/dev/null; then ok "$d"; else fail "$d"; fi; }
# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		fail "$1"; printf '  expected: %s\n  actual:   %s\n' "$2" "$3"; fi
}
# expect_fail DESC CODE WHAT CMD...: CMD exits CODE, says something
# naming what was wrong (WHAT), and the database ($DB) is unchanged.
expect_fail() {
	local desc=$1 code=$2 what=$3; shift 3
	local before after out rc
	before=$(dbsum)
	out=$("$@" 2>&1); rc=$?
	after=$(dbsum)
	check_eq "$desc: exit $code" "$code" "$rc"
	if printf '%s' "$out" | grep -qF -- "$what"; then ok "$desc: message names $what"
	else fail "$desc: message names $what"; printf '  got: %s\n' "$out"; fi
	check_eq "$desc: database unchanged" "$before" "$after"
}
# dbsum [DB]: a fingerprint of everything in a database (schema and rows;
# it waits out a writer's lock rather than dump nothing),
# $DB by default, to show that a refused command changed nothing.
dbsum() { sqlite3 -cmd '.timeout 10000' "${1:-$DB}" .dump | sha256sum | cut -d' ' -f1; }
# t_done: the daemons mounted by t_mount logged no warning or error (a
# test that provokes them mounts with a log of its own), then the summary.
t_done() {
	local bad
	if [ -e "$T_LOG" ]; then
		bad=$(grep -E '^[^ ]+ govfs\[[0-9]+\] (emerg|alert|crit|error|warning):' "$T_LOG")
		check_eq "the daemons logged no warning or error ($(grep -c . "$T_LOG") lines)" "" "$bad"
	fi
	echo "$T_PASS passed, $T_FAIL failed"; [ "$T_FAIL" -eq 0 ]
}

# within DESC CMD...: CMD succeeds within 1 s, polling every 10 ms.
within() {
	local desc=$1 t0 ms; shift
	t0=$(date +%s%N)
	while :; do
		if "$@" >/dev/null 2>&1; then
			ms=$(( ($(date +%s%N) - t0) / 1000000 ))
			if [ "$ms" -le 1000 ]; then ok "$desc (${ms} ms)"
			else fail "$desc (${ms} ms, more than 1 s)"; fi
			return
		fi
		ms=$(( ($(date +%s%N) - t0) / 1000000 ))
		if [ "$ms" -gt 1000 ]; then fail "$desc (not within 1 s)"; return; fi
		sleep 0.01
	done
}
# t_mount DB DIR [govfs options...]: mounts in the background with
# auto_unmount, logging to $T_LOG unless the options name a log, and waits
# (5 s at most) until the root answers.
t_mount() {
	local db=$1 dir=$2 log=(-o "log=$T_LOG"); shift 2
	mkdir -p "$dir"
	[[ " $* " == *log=* ]] && log=()
	"$GOVFS" -o auto_unmount "${log[@]}" "$@" "$db" "$dir" || return 1
	T_MOUNTS+=("$dir")
	local i
	for i in $(seq 50); do
		grep -q " $dir fuse" /proc/mounts && [ -e "$dir/README" ] && return 0
		sleep 0.1
	done
	return 1
}
t_umount() { fusermount3 -u "$1"; }

# t_demo_db FILE: a database holding the bundled sample minutes.
t_demo_db() { GOVFS_DB=$1 "$TOP/tools/load-samples" >/dev/null; }
