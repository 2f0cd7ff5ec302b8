#!/usr/bin/env bash
# Make the document fixtures in folder $1 (created): a two-page report of
# known text, a 500-page one, and the hostile files: broken (cut short),
# encrypted (qpdf, a user password), HTML named .pdf, a decompression bomb
# (400 MiB of spaces in one page's content stream).
set -eu
d=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$d"
python3 "$here/mkpdf.py" text "$d/report.pdf" \
	"Ofsted monitoring letter|The Multi-Agency Safeguarding Hub was reviewed." \
	"Improvement plan progress|Caseloads fell to xylophonic levels."
python3 "$here/mkpdf.py" many "$d/big.pdf" 500
head -c 400 "$d/report.pdf" > "$d/broken.pdf"
qpdf --encrypt secret owner 256 -- "$d/report.pdf" "$d/encrypted.pdf"
printf '<!DOCTYPE html>\n<html><body><p>Document not found</p></body></html>\n' \
	> "$d/html.pdf"
python3 "$here/mkpdf.py" bomb "$d/bomb.pdf" 400
