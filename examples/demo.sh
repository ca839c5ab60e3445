#!/bin/sh
# Render every example into the folder given as $1 (default: out). Run by `make demo`.
set -eu
out="${1:-out}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"

# The flagship: the plan with its annex (DOCX), and the annex alone as a signed-ready table (XLSX, DOCX).
vbhc render "$here/ke_hoach_cchc_2026/ke_hoach.md" -o "$out/ke_hoach_cchc_2026.docx"
vbhc annex "$here/ke_hoach_cchc_2026/nhiem_vu.xlsx" --source "$here/ke_hoach_cchc_2026/ke_hoach.md" \
  -o "$out/phu_luc_nhiem_vu_cchc_2026.xlsx"
vbhc annex "$here/ke_hoach_cchc_2026/nhiem_vu.xlsx" --source "$here/ke_hoach_cchc_2026/ke_hoach.md" \
  -o "$out/phu_luc_nhiem_vu_cchc_2026.docx"

# The văn thư issues the plan: the next number of the year from the register, the date, the final DOCX;
# then prints the register in the Phụ lục IV layout. (A fresh register each run, so the demo repeats.)
rm -f "$out/so-van-ban.db" "$out/so-van-ban.db-wal" "$out/so-van-ban.db-shm"
vbhc issue "$here/ke_hoach_cchc_2026/ke_hoach.md" --register "$out/so-van-ban.db" --date 2026-01-14 \
  -o "$out/ke_hoach_cchc_2026_ban_hanh.docx"
vbhc register export "$out/so-van-ban.xlsx" --register "$out/so-van-ban.db"

# Every other example folder brings its own build.sh.
for script in "$here"/*/build.sh; do
  [ -e "$script" ] || continue
  sh "$script" "$out"
done

# Every document vbhc wrote passes the ND30 checker.
vbhc check "$out"/*.docx

# PDF of every DOCX, in one LibreOffice run (skipped with a message when LibreOffice is missing).
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  vbhc pdf "$out"/*.docx -o "$out"
else
  echo "Bỏ qua PDF: chưa cài LibreOffice (apt-get install libreoffice-writer-nogui fonts-liberation2)." >&2
fi
echo "Xong: các văn bản mẫu ở thư mục $out/"
