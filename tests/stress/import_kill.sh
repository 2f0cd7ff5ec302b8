#!/usr/bin/env bash
# Stress: kill -9 of `govctl import` of 10,000 pages at 20 random points
# within its duration, and 10 more in its last fifth (index flush and
# commit); tests/t_reliability.sh does 3.  After each kill the database
# passes integrity_check and foreign_key_check and holds none or all of
# the pages; afterwards the import completes.
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/rel/lib.sh"
REL_OUT=$T_TMP/figures; : > "$REL_OUT"
check "generate 10,000 pages and their boards" rel_import_setup 10000
rel_import_kills "${IMPORT_KILLS:-20}" "${IMPORT_LATE_KILLS:-10}"
sed 's/^/# /' "$REL_OUT"
t_done
