# shellcheck shell=bash
# tests/rel/lib.sh -- shared by tests/t_reliability.sh and tests/stress/*.sh,
# sourced after tests/lib.sh.  The daemon behind a mount, a concurrency run
# (one govctl writer, readers over the mount, a freshness checker), the
# import-kill loop, and descriptor and memory figures of a daemon.
REL=$TOP/tests/rel

# rel_guard PID: the pid of the unmount guard of the daemon PID.
rel_guard() { pgrep -P "$1" -x govfs-guard; }

# rel_pid DIR: the pid of the govfs daemon serving the mount at DIR (an
# absolute path, as given to t_mount).  Matched on the executable and the
# last argument, never on a name alone.
rel_pid() {
	local p exe last
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		[ "$exe" = "$GOVFS" ] || continue
		last=$(tr '\0' '\n' < "$p/cmdline" 2>/dev/null | tail -n 1)
		if [ "$last" = "$1" ]; then echo "${p#/proc/}"; return 0; fi
	done
	return 1
}

rel_mounted() { grep -q " $1 fuse" /proc/mounts; }

# rel_wait_gone DIR SECS: 0 once DIR is no longer a mount (within SECS).
rel_wait_gone() {
	local i
	for i in $(seq $(($2 * 10))); do
		rel_mounted "$1" || return 0
		sleep 0.1
	done
	return 1
}

# rel_wait_exit PID SECS: 0 once PID has exited (within SECS).
rel_wait_exit() {
	local i
	for i in $(seq $(($2 * 10))); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

rel_fds() { ls "/proc/$1/fd" | wc -l; }
# rel_fdinfo PID DB: "OTHER CONN THREADS WAL": descriptors on anything but
# the database, its -wal and -shm; SQLite connections (descriptors on the
# database itself: one per worker thread that has served a request, and
# the watcher's); threads; descriptors on the -wal (one per connection).
rel_fdinfo() {
	local f t other=0 conn=0 wal=0 db
	db=$(realpath "$2")
	for f in /proc/"$1"/fd/*; do
		t=$(readlink "$f") || continue
		case $t in
		"$db") conn=$((conn + 1)) ;;
		"$db-wal") wal=$((wal + 1)) ;;
		"$db-shm") ;;
		*) other=$((other + 1)) ;;
		esac
	done
	echo "$other $conn $(rel_threads "$1") $wal"
}
# rel_check_fds DESC "BEFORE" "AFTER" (each from rel_fdinfo): no
# descriptor leaked.  Other descriptors are the same; connections grow
# only with new threads (a new worker opens its own) and never exceed them.
rel_check_fds() {
	local o0 c0 t0 w0 o1 c1 t1 w1
	read -r o0 c0 t0 w0 <<<"$2"; read -r o1 c1 t1 w1 <<<"$3"
	check_eq "$1: descriptors other than the database's the same" "$o0" "$o1"
	check "$1: at most one -wal descriptor per connection ($w1 for $c1)" test "$w1" -le "$c1"
	# A worker opens its connection on its first request, so a thread
	# that had none at the first sample may have one now: the bound is
	# one per thread (the watcher's included), not the first count.
	check "$1: database connections $c0 -> $c1, threads $t0 -> $t1 (at most one per thread)" \
		test "$c1" -le "$t1"
}
rel_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
rel_threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# ---- concurrency -------------------------------------------------------------
#
# rel_concurrency DB MNT SECS SCOPE: a govctl writer commits for SECS seconds
# (action set on four open actions, item add to a board, both in turn) while
# eight readers loop over the mount and fresh.py checks freshness.  SCOPE
# "all" reads the whole tree each pass; "board" reads one random board and
# one random slice of actions/ each pass (for very large trees).  Results
# are ok/fail lines; figures go to $REL_OUT (a file) as "key value".
#
# Readers (each pass checks exit status and that stderr is empty):
#   grep     grep -r over the tree (or scope)
#   grepb    grep -r -l over boards/ (or scope) for resolutions
#   find     find -printf of every entry's type, size and name
#   cat      cat of every action.txt and history.txt
#   jq       jq of every *.json (each must parse, format 1)
#   tracked  jq and cat of the four changing actions, as fast as it can
#   tsv      every row of actions.tsv and boards/*/actions.tsv has 10 fields
#   csv      every row of actions.csv has 10 fields (python csv)
rel_concurrency() {
	local db=$1 mnt=$2 secs=$3 scope=$4 w=$T_TMP/conc.$$ board
	local -a acts readers pids
	mkdir -p "$w"
	: > "$w/log"; : > "$w/fails"; rm -f "$w/stop"
	mapfile -t acts < <("$GOVCTL" --db "$db" action list --status open --format tsv |
		awk -F'\t' 'NR > 1 && $5 == "" { print $1 }' | head -n 4)
	board=$("$GOVCTL" --db "$db" board list | head -n 1 | cut -f1)
	if [ "${#acts[@]}" -ne 4 ] || [ -z "$board" ]; then
		fail "concurrency: setup (four open actions, a board)"; return
	fi
	REL_W=$w REL_MNT=$mnt REL_SCOPE=$scope
	export REL_W REL_MNT REL_SCOPE
	readers=(grep grepb find cat jq tracked tsv csv)
	for r in "${readers[@]}"; do
		rel_reader "$r" "${acts[*]}" &
		pids+=($!)
	done
	python3 "$REL/fresh.py" "$mnt" "$w/log" "$w/stop" 1.0 > "$w/fresh.json" &
	local fresh=$!
	local t0=$EPOCHREALTIME
	rel_writer "$db" "$mnt" "$secs" "$board" "${acts[@]}"
	local wrc=$?
	# Let the last commit show, then stop everyone after their pass.
	sleep 1.2
	touch "$w/stop"
	local p
	for p in "${pids[@]}" "$fresh"; do wait "$p"; done
	local t1=$EPOCHREALTIME
	check_eq "concurrency: writer committed without an error" 0 "$wrc"
	local commits items passes=0 n
	commits=$(grep -c ' action ' "$w/log")
	items=$(grep -c ' item ' "$w/log")
	for r in "${readers[@]}"; do
		n=$(cat "$w/count.$r" 2>/dev/null || echo 0)
		passes=$((passes + n))
		echo "reader_passes_$r $n" >> "$REL_OUT"
		if [ "$n" -ge 1 ]; then ok "concurrency: reader $r completed $n passes"
		else fail "concurrency: reader $r completed no pass"; fi
	done
	{
		echo "seconds $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
		echo "action_commits $commits"
		echo "item_commits $items"
		echo "reader_passes $passes"
		echo "fresh $(cat "$w/fresh.json")"
	} >> "$REL_OUT"
	if [ -s "$w/fails" ]; then
		fail "concurrency: no reader saw an error ($(wc -l < "$w/fails") failures)"
		head -n 20 "$w/fails" | sed 's/^/  /'
	else
		ok "concurrency: no reader saw an error (8 readers, $passes passes, $commits + $items commits)"
	fi
	local v unseen
	v=$(jq -r .violation_count "$w/fresh.json" 2>/dev/null)
	unseen=$(jq -r .unseen_at_stop "$w/fresh.json" 2>/dev/null)
	check_eq "concurrency: no stale read 1 s after a commit ($(jq -c '{reads,latency_max,latency_median}' "$w/fresh.json" 2>/dev/null))" 0 "$v"
	[ "$v" = 0 ] || jq -r '.violations[]' "$w/fresh.json" | sed 's/^/  /'
	check_eq "concurrency: every commit was seen" 0 "$unseen"
	check_eq "concurrency: the checker read the actions of every commit" \
		"$commits" "$(jq -r .action_commits "$w/fresh.json" 2>/dev/null)"
	check_eq "concurrency: items in the database" \
		"$items" "$(sqlite3 "$db" "SELECT count(*) FROM item WHERE title LIKE 'Reliability item %'")"
	check_eq "concurrency: integrity" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
}

# rel_writer DB MNT SECS BOARD ACTION...: commits for SECS seconds.  Every
# fourth commit adds an item (after looking its path up, so the kernel
# holds a negative entry for it); the others set an action's owner
# (writer-N), progress, status (open <-> in_progress) and a note.  Logs
# "EPOCH action ID N" / "EPOCH item PATH" after each commit.  Non-zero if
# a command failed or printed something unexpected.
rel_writer() {
	local db=$1 mnt=$2 secs=$3 board=$4; shift 4
	local -a acts=("$@")
	local i=0 rc=0 end=$((SECONDS + secs)) a n date pred path st
	while [ "$SECONDS" -lt "$end" ]; do
		i=$((i + 1))
		if [ $((i % 4)) -eq 0 ]; then
			n=$((1000 + i))
			date=2039-$(printf '%02d' $(((i / 4) % 12 + 1)))-01
			pred=boards/$board/meetings/$date/items/$n-reliability-item-$i
			if stat "$mnt/$pred" >/dev/null 2>&1; then
				echo "writer: $pred exists before its commit" >> "$REL_W/fails"; rc=1
			fi
			path=$("$GOVCTL" --db "$db" item add "$board" "$date" \
				--number "$n" --title "Reliability item $i" 2>>"$REL_W/fails") || rc=1
			echo "$EPOCHREALTIME item $path" >> "$REL_W/log"
			if [ "$path" != "$pred" ]; then
				echo "writer: item add printed '$path', expected $pred" >> "$REL_W/fails"; rc=1
			fi
		else
			a=${acts[$((i % ${#acts[@]}))]}
			st=open; [ $((i % 3)) -eq 0 ] && st=in_progress
			"$GOVCTL" --db "$db" action set "$a" --owner "writer-$i" \
				--progress $((i % 100)) --status "$st" \
				--note "commit $i" 2>>"$REL_W/fails" || rc=1
			echo "$EPOCHREALTIME action $a $i" >> "$REL_W/log"
		fi
	done
	return $rc
}

# The paths a reader pass covers: the whole tree, or one random board and
# the actions whose number starts with a random two digits.
rel_scope() {
	if [ "$REL_SCOPE" = all ]; then
		echo "$REL_MNT"
	else
		local b
		b=$(ls "$REL_MNT/boards" | shuf -n 1)
		echo "$REL_MNT/boards/$b"
		printf '%s\n' "$REL_MNT"/actions/00$(printf '%02d' $((RANDOM % 12)))*
	fi
}

# rel_reader NAME "ACTIONS": one reader, looping until $REL_W/stop.
rel_reader() {
	local name=$1 acts=$2 n=0 rc out=$REL_W/out.$1 err=$REL_W/err.$1
	local -a scope
	while [ ! -e "$REL_W/stop" ]; do
		mapfile -t scope < <(rel_scope)
		case $name in
		grep)
			grep -r -I -c -e Status -e Title "${scope[@]}" > "$out" 2> "$err"; rc=$?
			[ $rc -eq 1 ] && rc=0 ;;
		grepb)
			grep -r -l -i -e resolved -e recommend "${scope[@]}" > "$out" 2> "$err"; rc=$?
			[ $rc -eq 1 ] && rc=0 ;;
		find)
			find "${scope[@]}" -printf '%y %s %p\n' > "$out" 2> "$err"; rc=$? ;;
		cat)
			find "${scope[@]}" \( -name action.txt -o -name history.txt -o -name item.txt \) \
				-print0 2> "$err" | xargs -0 -r cat > "$out" 2>> "$err"; rc=$? ;;
		jq)
			find "${scope[@]}" -name '*.json' -print0 2> "$err" |
				xargs -0 -r jq -r .format > "$out" 2>> "$err"; rc=$?
			if [ $rc -eq 0 ] && grep -qvx 1 "$out"; then
				echo "a JSON file without format 1" >> "$err"; fi ;;
		tracked)
			rc=0; : > "$err"
			local a j
			for a in $acts; do
				j=$REL_MNT/actions/$(printf '%06d' "$a")
				jq -e ".id == $a" "$j/action.json" > /dev/null 2>> "$err" || rc=1
				cat "$j/action.txt" "$j/history.txt" > "$out" 2>> "$err" || rc=1
				tail -n 1 "$j/history.txt" | grep -q . || { rc=1; echo "empty history.txt" >> "$err"; }
			done ;;
		tsv)
			awk -F'\t' 'NF != 10 { printf "%s:%d: %d fields\n", FILENAME, FNR, NF; bad = 1 }
				END { exit bad }' "$REL_MNT/actions/actions.tsv" \
				"$REL_MNT"/boards/*/actions.tsv > "$err" 2>&1; rc=$? ;;
		csv)
			python3 - "$REL_MNT/actions/actions.csv" > "$err" 2>&1 <<-'EOF'
			import csv, sys
			rows = list(csv.reader(open(sys.argv[1], newline="")))
			bad = [i + 1 for i, r in enumerate(rows) if len(r) != 10]
			if bad or rows[0][0] != "id":
			    print("actions.csv: rows with != 10 fields:", bad[:5])
			    sys.exit(1)
			EOF
			rc=$? ;;
		esac
		if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
			echo "$name: exit $rc: $(head -c 400 "$err" | tr '\n' ' ')" >> "$REL_W/fails"
		fi
		n=$((n + 1))
	done
	echo "$n" > "$REL_W/count.$name"
}

# ---- crash safety of imports -------------------------------------------------
#
# rel_import_kills N [LATE]: N times, start one `govctl import` of the
# 10,000 pages of $REL_PAGES into a copy of $REL_BASE (its boards added)
# and kill -9 it after a random time within the import's measured
# duration; then LATE more times at a random time in the last fifth of it
# and a little beyond (80-110 %: the index flush and the commit).  After
# each kill the database must pass integrity_check and foreign_key_check
# and hold none or all of the pages.
rel_import_kills() {
	local kills=$1 late=${2:-0} db=$T_TMP/kill.db dur_ms i ms pid n zero=0 all=0 bad=0
	local -a pages
	mapfile -t pages < <(ls "$REL_PAGES"/*.txt)
	rm -f "$db" "$db-wal" "$db-shm"; cp "$REL_BASE" "$db"
	local t0=$EPOCHREALTIME
	"$GOVCTL" --db "$db" import "${pages[@]}" > /dev/null 2>&1
	dur_ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
	check_eq "import of ${#pages[@]} pages in one call ($dur_ms ms)" "${#pages[@]}" \
		"$(sqlite3 "$db" 'SELECT count(*) FROM item')"
	echo "import_pages ${#pages[@]}" >> "$REL_OUT"
	echo "import_ms $dur_ms" >> "$REL_OUT"
	for i in $(seq $((kills + late))); do
		rm -f "$db" "$db-wal" "$db-shm"; cp "$REL_BASE" "$db"
		ms=$((RANDOM * 32768 + RANDOM))
		if [ "$i" -le "$kills" ]; then ms=$((ms % (dur_ms + 1)))
		else ms=$((dur_ms * 8 / 10 + ms % (dur_ms * 3 / 10 + 1))); fi
		"$GOVCTL" --db "$db" import "${pages[@]}" > /dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		n=$(sqlite3 "$db" 'SELECT count(*) FROM item' 2>&1)
		local ic fk
		ic=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
		fk=$(sqlite3 "$db" 'PRAGMA foreign_key_check' 2>&1)
		echo "import_kill $i at ${ms} ms: items $n" >> "$REL_OUT"
		if [ "$ic" != ok ] || [ -n "$fk" ]; then
			bad=$((bad + 1)); echo "  kill $i at $ms ms: integrity '$ic' fk '$fk'"
		elif [ "$n" = 0 ]; then zero=$((zero + 1))
		elif [ "$n" = "${#pages[@]}" ]; then all=$((all + 1))
		else bad=$((bad + 1)); echo "  kill $i at $ms ms: $n items"; fi
	done
	echo "import_kills $kills late $late none $zero all $all bad $bad" >> "$REL_OUT"
	check_eq "$((kills + late)) kills of govctl import ($late late): integrity and foreign keys, none or all ($zero none, $all all)" 0 "$bad"
	# And the database still takes the import afterwards.
	"$GOVCTL" --db "$db" import "${pages[@]}" > /dev/null 2>&1
	check_eq "import after the last kill completes" "${#pages[@]}" \
		"$(sqlite3 "$db" 'SELECT count(*) FROM item')"
}

# rel_import_setup N: $REL_PAGES gets N generated pages and $REL_BASE an
# empty database with the pages' boards.
rel_import_setup() {
	REL_PAGES=$T_TMP/pages REL_BASE=$T_TMP/base.db
	"$GOVCTL" generate --items "$1" --pages "$REL_PAGES" > /dev/null
	"$GOVCTL" --db "$REL_BASE" init > /dev/null
	local slug name council kind
	while IFS=$'\t' read -r slug name council kind; do
		"$GOVCTL" --db "$REL_BASE" board add "$slug" --name "$name" \
			--council "$council" --kind "$kind" > /dev/null || return 1
	done < "$REL_PAGES/boards.tsv"
}

# rel_import_writer DB SECS BOARD K PAGELIST ACTION...: writer K of several
# for SECS seconds: every other commit a `govctl import` of a page of
# PAGELIST as a new item of BOARD (its own number and date), the others
# `govctl action set` of its own actions; logged for fresh.py as
# rel_writer does, each exit status in $REL_W/rc.K, stderr in
# $REL_W/werr.K.
rel_import_writer() {
	local db=$1 secs=$2 board=$3 k=$4 list=$5; shift 5
	local -a acts=("$@") pages
	local i=0 u end=$((SECONDS + secs)) a out rc st
	mapfile -t pages < "$list"
	while [ "$SECONDS" -lt "$end" ]; do
		i=$((i + 1)); u=$((i * 4 + k))
		if [ $((i % 2)) -eq 0 ]; then
			out=$("$GOVCTL" --db "$db" import --board "$board" \
				--date "2040-$(printf '%02d' $((u % 12 + 1)))-$(printf '%02d' $((u / 12 % 28 + 1)))" \
				--number "$((5000 + u))" "${pages[$((u % ${#pages[@]}))]}" 2>> "$REL_W/werr.$k")
			rc=$?
			out=${out#added }   # "added PATH : N resolutions, ..."
			[ $rc -eq 0 ] && echo "$EPOCHREALTIME item ${out%% *}" >> "$REL_W/log"
		else
			a=${acts[$((i / 2 % ${#acts[@]}))]}
			st=open; [ $((i % 3)) -eq 0 ] && st=in_progress
			"$GOVCTL" --db "$db" action set "$a" --owner "writer-$u" \
				--progress $((u % 100)) --status "$st" \
				--note "commit $u" 2>> "$REL_W/werr.$k"
			rc=$?
			[ $rc -eq 0 ] && echo "$EPOCHREALTIME action $a $u" >> "$REL_W/log"
		fi
		echo "$rc" >> "$REL_W/rc.$k"
	done
}

# rel_writers DB MNT SECS PAGELIST: four rel_import_writers (four actions
# each) and the eight readers and freshness checker of rel_concurrency;
# checks: no exit 70 or other failure, no reader error, every commit
# seen, 99 % of them within 1 s.  Figures to $REL_OUT.
rel_writers() {
	local db=$1 mnt=$2 secs=$3 list=$4 w=$T_TMP/writers.$$ board k r n
	local -a acts readers pids wpids
	mkdir -p "$w"; : > "$w/log"; : > "$w/fails"; rm -f "$w/stop"
	mapfile -t acts < <("$GOVCTL" --db "$db" action list --status open --format tsv |
		awk -F'\t' 'NR > 1 && $5 == "" { print $1 }' | head -n 16)
	board=$("$GOVCTL" --db "$db" board list | head -n 1 | cut -f1)
	if [ "${#acts[@]}" -ne 16 ] || [ -z "$board" ]; then
		fail "writers: setup (16 open actions, a board)"; return
	fi
	REL_W=$w REL_MNT=$mnt REL_SCOPE=${REL_SCOPE:-all}
	export REL_W REL_MNT REL_SCOPE
	readers=(grep grepb find cat jq tracked tsv csv)
	for r in "${readers[@]}"; do
		rel_reader "$r" "${acts[*]}" &
		pids+=($!)
	done
	python3 "$REL/fresh.py" "$mnt" "$w/log" "$w/stop" 1.0 > "$w/fresh.json" &
	local fresh=$! t0=$EPOCHREALTIME
	for k in 0 1 2 3; do
		rel_import_writer "$db" "$secs" "$board" "$k" "$list" \
			"${acts[@]:$((k * 4)):4}" &
		wpids+=($!)
	done
	wait "${wpids[@]}"
	sleep 1.2
	touch "$w/stop"
	for r in "${pids[@]}" "$fresh"; do wait "$r"; done
	local t1=$EPOCHREALTIME codes
	codes=$(cat "$w"/rc.* | sort -n | uniq -c | awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')
	check_eq "writers: no exit 70 ($codes)" 0 "$(cat "$w"/rc.* | grep -c '^70$')"
	check_eq "writers: every command succeeded ($codes)" 0 "$(cat "$w"/rc.* | grep -vc '^0$')"
	check_eq "writers: nothing on stderr" "" "$(cat "$w"/werr.* | head -n 5)"
	local passes=0
	for r in "${readers[@]}"; do
		n=$(cat "$w/count.$r" 2>/dev/null || echo 0)
		passes=$((passes + n))
		if [ "$n" -ge 1 ]; then ok "writers: reader $r completed $n passes"
		else fail "writers: reader $r completed no pass"; fi
	done
	if [ -s "$w/fails" ]; then
		fail "writers: no reader saw an error ($(wc -l < "$w/fails") failures)"
		head -n 20 "$w/fails" | sed 's/^/  /'
	else
		ok "writers: no reader saw an error (8 readers, $passes passes)"
	fi
	{
		echo "seconds $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
		echo "commands $(cat "$w"/rc.* | wc -l) exits: $codes"
		echo "imports $(grep -c ' item ' "$w/log") action_sets $(grep -c ' action ' "$w/log")"
		echo "reader_passes $passes"
		echo "fresh $(jq -c 'del(.violations)' "$w/fresh.json")"
	} >> "$REL_OUT"
	local p99 seen unseen
	p99=$(jq -r .latency_p99 "$w/fresh.json" 2>/dev/null)
	seen=$(jq -r .seen "$w/fresh.json" 2>/dev/null)
	unseen=$(jq -r .unseen_at_stop "$w/fresh.json" 2>/dev/null)
	check "writers: commit to visible at most 1 s at the 99th percentile ($p99 s of $seen; $(jq -c '{late,latency_median,latency_max}' "$w/fresh.json"))" \
		awk -v p="$p99" 'BEGIN { exit !(p != "null" && p <= 1.0) }'
	check_eq "writers: no stale read begun 1 s after a commit" 0 \
		"$(jq -r .violation_count "$w/fresh.json" 2>/dev/null)"
	check_eq "writers: every commit was seen" 0 "$unseen"
	check_eq "writers: integrity" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
	check_eq "writers: foreign keys" "" "$(sqlite3 "$db" 'PRAGMA foreign_key_check')"
}
