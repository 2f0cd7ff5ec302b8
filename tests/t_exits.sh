#!/usr/bin/env bash
# Exit codes and messages as govctl(1) says (RELIABILITY.md, 1m), one
# test each: a database on a read-only file system (77, said so: it was
# "not a govfs database (unable to open database file)", 78); a page over
# 64 MiB (66: it was 65); UTF-16 input (65, called UTF-16 with the iconv
# command that converts it: it was "binary data"); a file that is not a
# database (78).  The read-only file system is a tmpfs remounted
# read-only in a user and mount namespace of this test's own.
. "$(dirname "$0")/lib.sh"
DB=$T_TMP/x.db
"$GOVCTL" --db "$DB" init > /dev/null
"$GOVCTL" --db "$DB" board add panel --name Panel > /dev/null
PAGE=$TOP/tests/fixtures/pages/000_439b1d9f8b781ec6.txt
[ -f "$PAGE" ] || PAGE=$(ls "$TOP"/tests/fixtures/*/*.txt | head -n 1)

# expect DESC CODE MESSAGE CMD...: exit CODE, MESSAGE on stderr
expect() {
	local d=$1 code=$2 msg=$3 out rc; shift 3
	out=$("$@" 2>&1 >/dev/null); rc=$?
	check_eq "$d: exit $code" "$code" "$rc"
	case $out in *"$msg"*) ok "$d: says '$msg'" ;;
	*) fail "$d: says '$msg'"; printf '  %s\n' "$out" ;; esac
}

# --- a database on a read-only file system ----------------------------------
RO=$T_TMP/ro
mkdir -p "$RO"
unshare -r -m bash -c '
	mount -t tmpfs -o size=8m tmpfs "$1" || exit 99
	"$2" --db "$1/c.db" init > /dev/null || exit 98
	"$2" --db "$1/c.db" board add panel --name Panel > /dev/null || exit 98
	mount -o remount,ro "$1" || exit 99
	"$2" --db "$1/c.db" board add other --name Other 2> "$3/ro.write"; echo $? > "$3/ro.write.rc"
	"$2" --db "$1/c.db" board list 2> "$3/ro.read" > /dev/null; echo $? > "$3/ro.read.rc"
	"$2" --db "$1/c.db" init 2> "$3/ro.init" > /dev/null; echo $? > "$3/ro.init.rc"
' _ "$RO" "$GOVCTL" "$T_TMP"
check_eq "a read-only tmpfs in a namespace of our own" 0 "$?"
for w in write read init; do
	check_eq "read-only file system, $w: exit 77" 77 "$(cat "$T_TMP/ro.$w.rc")"
	case $(cat "$T_TMP/ro.$w") in
	*"c.db: on a read-only file system"*"copy it to a writable folder"*) ok "read-only file system, $w: says so" ;;
	*) fail "read-only file system, $w: says so"; sed 's/^/  /' "$T_TMP/ro.$w" ;;
	esac
	check_eq "read-only file system, $w: not 'not a govfs database'" "" \
		"$(grep 'not a govfs database' "$T_TMP/ro.$w")"
done

# --- files too large, not UTF-8, not a database -----------------------------
truncate -s $((64 * 1024 * 1024 + 1)) "$T_TMP/huge.txt"
expect "a page over 64 MiB" 66 "huge.txt: file too large" \
	"$GOVCTL" --db "$DB" import --board panel --date 2020-01-01 --number 1 "$T_TMP/huge.txt"
iconv -f UTF-8 -t UTF-16 "$PAGE" > "$T_TMP/u16.txt"
expect "UTF-16 with a byte-order mark" 65 \
	"u16.txt:1: UTF-16 text, not UTF-8: convert it first (iconv -f UTF-16 -t UTF-8 $T_TMP/u16.txt > $T_TMP/u16.txt.utf8)" \
	"$GOVCTL" --db "$DB" import --board panel --date 2020-01-01 --number 1 "$T_TMP/u16.txt"
iconv -f UTF-8 -t UTF-16LE "$PAGE" > "$T_TMP/u16le.txt"
expect "UTF-16LE without a byte-order mark" 65 "(iconv -f UTF-16LE -t UTF-8" \
	"$GOVCTL" --db "$DB" import --board panel --date 2020-01-01 --number 1 "$T_TMP/u16le.txt"
check "the iconv command it gives makes a page that imports" bash -c \
	"iconv -f UTF-16 -t UTF-8 '$T_TMP/u16.txt' > '$T_TMP/u16.txt.utf8' &&
	 '$GOVCTL' --db '$DB' import --board panel --date 2020-01-01 --number 1 '$T_TMP/u16.txt.utf8'"
printf 'not a database at all\n' > "$T_TMP/text.db"
expect "a file that is not a database" 78 "text.db: not a govfs database (file is not a database)" \
	"$GOVCTL" --db "$T_TMP/text.db" board list
t_done
