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

# Every other example folder brings its own build.sh.
for script in "$here"/*/build.sh; do
  [ -e "$script" ] || continue
  sh "$script" "$out"
done

# PDF of every DOCX, in one LibreOffice run (skipped with a message when LibreOffice is missing).
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  vbhc pdf "$out"/*.docx -o "$out"
else
  echo "Bỏ qua PDF: chưa cài LibreOffice (apt-get install libreoffice-writer-nogui fonts-liberation)." >&2
fi
echo "Xong: các văn bản mẫu ở thư mục $out/"
