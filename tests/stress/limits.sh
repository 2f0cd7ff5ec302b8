#!/usr/bin/env bash
# Stress: a GetMeeting of 100,000 agenda items in at most 12 times the
# time of one of 10,000, and one of 100,001 refused (the limit of a
# meeting) with the file named and the database unchanged (RELIABILITY.md,
# 1l).  The quick version is tests/t_limits.sh.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/limits.sh"
REL_OUT=${REL_OUT:-$T_TMP/figures}
: > "$REL_OUT"
echo "load_before $(cut -d' ' -f1-3 /proc/loadavg)" >> "$REL_OUT"
lim_linear 10000 100000
echo "load_after $(cut -d' ' -f1-3 /proc/loadavg)" >> "$REL_OUT"
lim_db "$T_TMP/lim.db"
python3 "$TOP/tests/rel/mkmeeting.py" 100001 > "$T_TMP/m100001.xml"
lim_refused "a GetMeeting of 100,001 agenda items" "$T_TMP/m100001.xml" \
	":2: 100001 agenda items, more than the 100000 a meeting may have" \
	--council "$MC"
sed 's/^/# /' "$REL_OUT"
t_done
