# shellcheck shell=bash
# tests/rel/limits.sh -- sourced by tests/t_limits.sh and
# tests/stress/limits.sh after tests/lib.sh: a GetMeeting of many agenda
# items imported in time linear in their number, and the limits of one
# import (govctl(1)).
FIX=$TOP/tests/fixtures/moderngov
MC="Manchester City Council"

# lim_db DB: a database knowing the committees and meetings of $FIX.
lim_db() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$GOVCTL" --db "$1" init > /dev/null &&
	"$GOVCTL" --db "$1" import --council "$MC" "$FIX/committees.xml" \
		"$FIX/meetings.xml" > /dev/null 2>&1
}

# lim_linear SMALL LARGE [BOUND]: import a GetMeeting of SMALL items and
# one of LARGE (ten times more) into new databases; the time (the CPU
# time of govctl, which the load of a shared machine does not stretch as
# it does the elapsed time, reported too; the better of two imports,
# since even CPU time swells on a loaded machine) must grow at most
# BOUND-fold (12).  Figures to $REL_OUT.
lim_linear() {
	local n cpu wall db=$T_TMP/lim.db try c w
	local -A took
	for n in "$1" "$2"; do
		python3 "$TOP/tests/rel/mkmeeting.py" "$n" > "$T_TMP/m$n.xml"
		cpu="" wall=""
		for try in 1 2; do
			lim_db "$db"
			/usr/bin/time -f '%e %U %S' -o "$T_TMP/time" \
				"$GOVCTL" --db "$db" import --council "$MC" "$T_TMP/m$n.xml" > /dev/null
			read -r w c < <(awk '{ printf "%d %d", $1 * 1000, ($2 + $3) * 1000 }' "$T_TMP/time")
			if [ -z "$cpu" ] || [ "$c" -lt "$cpu" ]; then cpu=$c wall=$w; fi
		done
		took[$n]=$((cpu > 0 ? cpu : 1))
		check_eq "a GetMeeting of $n agenda items imports them all ($cpu ms CPU, $wall ms)" "$n" \
			"$(sqlite3 "$db" 'SELECT count(*) FROM item')"
		echo "getmeeting_items $n cpu_ms $cpu wall_ms $wall" >> "$REL_OUT"
		rm -f "$T_TMP/m$n.xml"
	done
	check "time linear in items: $1 in ${took[$1]} ms, $2 in ${took[$2]} ms of CPU (at most ${3:-12}x)" \
		awk -v a="${took[$1]}" -v b="${took[$2]}" -v k="${3:-12}" 'BEGIN { exit !(b <= k * a) }'
	echo "getmeeting_ratio $(awk -v a="${took[$1]}" -v b="${took[$2]}" 'BEGIN { printf "%.1f", b / a }')" >> "$REL_OUT"
}

# lim_refused DESC FILE MESSAGE [import options]: import exits 65, names
# FILE and the limit, changes nothing.
lim_refused() {
	local d=$1 f=$2 msg=$3 out rc sum db=$T_TMP/lim.db; shift 3
	sum=$(sqlite3 "$db" .dump | sha256sum)
	out=$("$GOVCTL" --db "$db" import "$@" "$f" 2>&1); rc=$?
	check_eq "$d: exit 65" 65 "$rc"
	case $out in
	*"$(basename "$f")"*"$msg"*"nothing imported"*) ok "$d: says '$msg'" ;;
	*) fail "$d: says '$msg'"; printf '  %s\n' "$out" | head -n 3 ;;
	esac
	check_eq "$d: the database is unchanged" "$sum" "$(sqlite3 "$db" .dump | sha256sum)"
}
