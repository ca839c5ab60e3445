#!/bin/sh
# Mail merge: one giấy mời for each guest of dai_bieu.xlsx, written into the folder "$1" (default: out)
# beside the other examples, so that examples/demo.sh checks them and turns them into PDF.
# giay_moi.docx and dai_bieu.xlsx are made by tools/make_giay_moi_example.py.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-out}
mkdir -p "$out"
vbhc template check "$here/giay_moi.docx" --data "$here/dai_bieu.xlsx"
vbhc merge "$here/giay_moi.docx" "$here/dai_bieu.xlsx" -o "$out" --name "giay_moi_{stt:02d}_{ho_va_ten}.docx"
