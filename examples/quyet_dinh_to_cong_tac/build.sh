#!/bin/sh
# Render the decision setting up the e-procedures task force of xã Hùng Thắng into "$1" (default: out).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-out}
mkdir -p "$out"
vbhc render "$here/quyet_dinh.md" -o "$out/quyet_dinh_to_cong_tac.docx"
