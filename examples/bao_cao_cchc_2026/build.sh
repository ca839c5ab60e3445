#!/bin/sh
# Render the CCHC 2026 progress report of xã Hùng Thắng into the folder "$1" (default: out).
# The figures are computed from nhiem_vu_minh_hoa.xlsx (an illustrative table) as of 30/11/2026; bao_cao.md carries the narrative.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-out}
mkdir -p "$out"
vbhc report "$here/nhiem_vu_minh_hoa.xlsx" --source "$here/bao_cao.md" --as-of 2026-11-30 \
  -o "$out/bao_cao_cchc_2026.docx" --xlsx "$out/bao_cao_cchc_2026_tong_hop.xlsx"
vbhc report "$here/nhiem_vu_minh_hoa.xlsx" --as-of 2026-11-30 --json > "$out/bao_cao_cchc_2026.json"
