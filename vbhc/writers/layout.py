"""Layout facts shared by the template builder, the renderer and the checker: style ids, table
column widths. Sizes and margins themselves live in vbhc.nd30."""

from __future__ import annotations

import itertools

from vbhc import nd30
from vbhc.text.metrics import text_width_mm

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
#: The rules of the độ khẩn frame: 1 pt (w:sz counts eighths of a point; a point is 20 twips).
DO_KHAN_RULE_EIGHTHS = 8
DO_KHAN_RULE_TWIPS = DO_KHAN_RULE_EIGHTHS * 20 // 8


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


#: Measured widths are of Times New Roman; the renderer's stand-in and rounding may need a little more.
WIDTH_SAFETY = nd30.twips(1)


def _split(widths: list[int], space: int, lines: int) -> list[int]:
    """The breaks (indexes of the words that start a line) that set words of ``widths`` in exactly
    ``lines`` lines as evenly as possible: the least sum of squared differences between each line
    and the average line. Dynamic programming over the break points."""
    n = len(widths)
    starts = [0]
    for w in widths:
        starts.append(starts[-1] + w)

    def line(i: int, j: int) -> int:  # words i..j-1 on one line
        return starts[j] - starts[i] + space * (j - i - 1)

    target = line(0, n) / lines
    best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
    for k in range(1, lines + 1):
        for j in range(k, n + 1 - (lines - k)):
            options = [
                (best[(k - 1, i)][0] + (line(i, j) - target) ** 2, [*best[(k - 1, i)][1], i])
                for i in range(k - 1, j)
                if (k - 1, i) in best
            ]
            if options:
                best[(k, j)] = min(options, key=lambda option: option[0])
    return best[(lines, n)][1][1:]


def _lines_of(words: list[str], breaks: list[int]) -> list[str]:
    edges = [0, *breaks, len(words)]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(edges)]


#: A text is broken evenly by vbhc up to this many lines; a longer one is left to the renderer.
BALANCED_LINES_MAX = 4


def balanced_lines(text: str, size_pt: float, width: int, *, bold: bool = False) -> list[str]:
    """``text`` broken into the fewest lines that fit ``width`` (twips), the lines as even as
    possible: no short word group left alone on the last line. Text that fits on one line, or needs
    more than :data:`BALANCED_LINES_MAX` lines, is returned whole (one item)."""
    words = text.split()
    if not words:
        return []
    widths = [text_width_twips(w, size_pt, bold=bold) for w in words]
    space = text_width_twips(" ", size_pt, bold=bold)
    room = width - WIDTH_SAFETY
    fewest, used = 1, 0  # greedy filling gives the fewest lines
    for w in widths:
        if used and used + space + w > room:
            fewest, used = fewest + 1, w
        else:
            used += (space if used else 0) + w
    if fewest == 1:
        return [" ".join(words)]
    for lines in range(fewest, min(BALANCED_LINES_MAX, len(words)) + 1):
        chosen = _lines_of(words, _split(widths, space, lines))
        if all(text_width_twips(ln, size_pt, bold=bold) <= room for ln in chosen):
            return chosen
    return [" ".join(words)]


def narrowest(text: str, size_pt: float, lines: int, *, bold: bool = False) -> int:
    """The least width (twips) that sets ``text`` in at most ``lines`` lines, breaking at spaces."""
    words = text.split()
    if not words:
        return 0
    widths = [text_width_twips(w, size_pt, bold=bold) for w in words]
    space = text_width_twips(" ", size_pt, bold=bold)
    breaks = _split(widths, space, min(lines, len(words)))
    return max(text_width_twips(ln, size_pt, bold=bold) for ln in _lines_of(words, breaks))


def longest_word(text: str, size_pt: float, *, bold: bool = False) -> int:
    """Width (twips) of the widest word of ``text``: lines are only sure to break at spaces
    (LibreOffice keeps «I/2026» whole)."""
    return max((text_width_twips(p, size_pt, bold=bold) for p in text.split()), default=0)


#: A table header takes at most this many lines when the columns have room for it.
HEADER_LINES = 2
def _grow(widths: list[float], target: list[float], total: int) -> tuple[list[float], bool]:
    """``widths`` raised towards ``target`` within ``total``, in proportion to what each lacks;
    and whether the target was reached."""
    lacking = [max(0.0, t - w) for t, w in zip(target, widths, strict=True)]
    room = total - sum(widths)
    share = 1.0 if sum(lacking) <= room else max(0.0, room) / sum(lacking)
    return [w + lack * share for w, lack in zip(widths, lacking, strict=True)], share == 1.0


#: How many body rows are measured to size the columns of a long table (evenly spread).
MEASURED_ROWS = 200


def column_widths(
    headers: list[str],
    rows: list[list[str]],
    total: int,
    *,
    padding: int,
    weights: list[float] | None = None,
) -> list[int]:
    """Column widths (twips, summing to ``total``) sized by measuring the text, so that no word
    breaks inside and no cell runs to many lines while another has room to spare. Every column first
    gets its widest word, then room for its header in three lines; then for every header in two
    lines if all of them fit (the header row is as tall as its tallest header: less is no gain);
    then for its longest cell in three lines, in two, on one. Each step goes as far as the room
    goes, in proportion to what each column still lacks. Room left over goes by ``weights`` (equal
    when absent). Long tables are measured on :data:`MEASURED_ROWS` rows spread over the table."""
    size = nd30.SIZES["bang"].default
    step = max(1, len(rows) // MEASURED_ROWS)
    sample = rows[::step]
    count = len(headers)
    cells = [[row[c] if c < len(row) else "" for row in sample] for c in range(count)]
    word = [
        max([longest_word(headers[c], size, bold=True)] + [longest_word(t, size) for t in cells[c]])
        for c in range(count)
    ]
    longest = [max(cells[c], key=lambda t: text_width_twips(t, size), default="") for c in range(count)]

    def level(header_lines: int, cell_lines: int | None = None) -> list[float]:
        return [
            padding
            + max(
                word[c],
                narrowest(headers[c], size, header_lines, bold=True),
                narrowest(longest[c], size, cell_lines) if cell_lines else 0,
            )
            for c in range(count)
        ]

    widths, done = _grow([0.0] * count, [padding + w for w in word], total)
    header = HEADER_LINES + 1
    if done:
        widths, done = _grow(widths, level(header), total)
    if done and sum(two := list(map(max, widths, level(HEADER_LINES)))) <= total:
        widths, header = two, HEADER_LINES
    for lines in (3, 2, 1):
        if not done:
            break
        widths, done = _grow(widths, level(header, lines), total)
    room = total - sum(widths)
    if room > 0:
        weights = weights or [1.0] * count
        widths = [w + room * weight / sum(weights) for w, weight in zip(widths, weights, strict=True)]
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return out
