"""Layout facts shared by the template builder, the renderer and the checker: style ids, table
column widths, OOXML namespaces. Sizes and margins themselves live in vbhc.nd30."""

from __future__ import annotations

from vbhc import nd30
from vbhc.metrics import text_width_mm

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: Named paragraph styles of the templates (name shown in Word → style id in the XML).
STYLE_IDS = {
    "VB Chủ quản": "VBChuQuan",
    "VB Cơ quan": "VBCoQuan",
    "VB Đường kẻ cơ quan": "VBKeCoQuan",
    "VB Số": "VBSo",
    "VB V/v": "VBVv",
    "VB Độ khẩn": "VBDoKhan",
    "VB Quốc hiệu": "VBQuocHieu",
    "VB Tiêu ngữ": "VBTieuNgu",
    "VB Đường kẻ tiêu ngữ": "VBKeTieuNgu",
    "VB Địa danh ngày": "VBDiaDanhNgay",
    "VB Tên loại": "VBTenLoai",
    "VB Trích yếu": "VBTrichYeu",
    "VB Đường kẻ trích yếu": "VBKeTrichYeu",
    "VB Kính gửi": "VBKinhGui",
    "VB Nội dung": "VBNoiDung",
    "VB Căn cứ": "VBCanCu",
    "VB Mục": "VBMuc",
    "VB Khoản": "VBKhoan",
    "VB Điểm": "VBDiem",
    "VB Căn giữa": "VBCanGiua",
    "VB Nơi nhận": "VBNoiNhan",
    "VB Nơi nhận mục": "VBNoiNhanMuc",
    "VB Ký hiệu người soạn": "VBKyHieuNguoiSoan",
    "VB Chức vụ": "VBChucVu",
    "VB Chữ ký": "VBChuKy",
    "VB Họ tên": "VBHoTen",
    "VB Phụ lục": "VBPhuLuc",
    "VB Tiêu đề phụ lục": "VBTieuDePhuLuc",
    "VB Kèm theo": "VBKemTheo",
    "VB Đường kẻ phụ lục": "VBKePhuLuc",
    "VB Bảng": "VBBang",
    "VB Bảng giữa": "VBBangGiua",
    "VB Bảng tiêu đề": "VBBangTieuDe",
    "VB Bảng nhóm": "VBBangNhom",
    "VB Ngắt bảng": "VBNgatBang",
    "VB Hình": "VBHinh",
    "VB Số trang": "VBSoTrang",
}

#: Text width of a portrait page with the official margins (35 + 20 mm), and of a landscape page
#: with the landscape margins (30 + 15 mm), in twips.
PORTRAIT_TEXT_WIDTH = nd30.twips(nd30.A4_MM[0] - nd30.MARGINS_OFFICIAL.left - nd30.MARGINS_OFFICIAL.right)
LANDSCAPE_TEXT_WIDTH = nd30.twips(nd30.A4_MM[1] - nd30.MARGINS_LANDSCAPE.left - nd30.MARGINS_LANDSCAPE.right)

#: Letterhead: the right column fits the 13-pt Quốc hiệu (95.7 mm) on one line. Both columns are
#: centred on the decree's centres, so the table reaches into the margins as the decree's own does:
#: it starts ``LETTERHEAD_INDENT`` (negative) left of the text area.
_RIGHT_MM = 100
_RIGHT_START_MM = nd30.LETTERHEAD_CENTRES_MM[1] - _RIGHT_MM / 2
_LEFT_START_MM = 2 * nd30.LETTERHEAD_CENTRES_MM[0] - _RIGHT_START_MM
LETTERHEAD_INDENT = nd30.twips(_LEFT_START_MM - nd30.MARGINS_OFFICIAL.left)
LETTERHEAD_COLUMNS = (nd30.twips(_RIGHT_START_MM - _LEFT_START_MM), nd30.twips(_RIGHT_MM))
#: The rules of the độ khẩn frame: 1 pt (w:sz counts eighths of a point).
DO_KHAN_RULE_EIGHTHS = 8
DO_KHAN_RULE_TWIPS = 20


def do_khan_inner_width(mark: str) -> int:
    """Width between the two side rules of the frame around ``mark`` (twips), so that the frame,
    rules included, has the width ND30 sets (§3.10)."""
    return nd30.twips(nd30.DO_KHAN[mark][0]) - 2 * DO_KHAN_RULE_TWIPS


#: Closing: Nơi nhận on the left, the signature block on the right.
CLOSING_RIGHT = nd30.twips(88)
CLOSING_COLUMNS = (PORTRAIT_TEXT_WIDTH - CLOSING_RIGHT, CLOSING_RIGHT)

#: Long annex tables are split into tables of this many rows (header repeated): LibreOffice lays out
#: one huge table in quadratic time; the reader sees one continuous table.
TABLE_CHUNK_ROWS = 300

#: Blank lines between the signer's title and name, for the signature and the seal.
SIGNATURE_BLANK_LINES = 4


def text_width_twips(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> int:
    """Width of ``text`` in Times New Roman, in twips."""
    return nd30.twips(text_width_mm(text, size_pt, bold=bold, italic=italic))
