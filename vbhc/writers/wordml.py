"""WordprocessingML that vbhc generates as text: runs, styled paragraphs, and the bordered tables of
the content and the annexes (fixed grid, repeated header row, rows never split, long tables in chunks
of :data:`vbhc.writers.layout.TABLE_CHUNK_ROWS` rows). Every text is escaped through
:mod:`vbhc.text.xmltext`; big tables are escaped in a few passes over one string."""

from __future__ import annotations

from vbhc.model import BangDon, OBang, PhuLuc
from vbhc.text import xmltext
from vbhc.writers import layout
from vbhc.writers.layout import STYLE_IDS

_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_SEPARATOR = "\uffff"  # never in a document: XML forbids it


_esc = xmltext.escape


def _esc_many(texts: list[str]) -> list[str]:
    """:func:`_esc` of many texts, line breaks included, in a few passes over one string (big tables)."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself
        return [_esc(text).replace("\n", _BREAK) for text in texts]
    if xmltext.CONTROL.search(joined):  # never the separator U+FFFF itself
        joined = xmltext.CONTROL.sub("", joined)
    joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", _BREAK)
    return joined.split(_SEPARATOR)


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    text = _esc(text).replace("\n", _BREAK)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(style: str, runs: str, *, ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS[style]}"/>{ppr}</w:pPr>{runs}</w:p>'


# --- tables ----------------------------------------------------------------------------------------

_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


#: Left and right margin inside the cells of the bordered tables (twips, 1.5 mm).
_CELL_MARGIN = 85


def _tbl_open(widths: list[int]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{_CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )


def _cell(
    width: int, style: str, text: OBang, *, span: int = 1, center_v: bool = False, keep_next: bool = False
) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    valign = '<w:vAlign w:val="center"/>' if center_v else ""
    keep = "<w:keepNext/>" if keep_next else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{valign}</w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS[style]}"/>{keep}</w:pPr>'
        f"{_cell_runs(text)}</w:p></w:tc>"
    )


def _cell_runs(text: OBang) -> str:
    """A cell's text: plain, or runs with their bold and italic."""
    if isinstance(text, str):
        return run(text) if text else ""
    return "".join(run(r.text, bold=r.bold, italic=r.italic) for r in text)


def _header_row(widths: list[int], titles: list[OBang]) -> str:
    cells = "".join(
        _cell(w, "VB Bảng tiêu đề", t, center_v=True) for w, t in zip(widths, titles, strict=True)
    )
    return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"


_TABLE_BREAK = f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS["VB Ngắt bảng"]}"/></w:pPr></w:p>'


def _chunked_table(widths: list[int], header: str, rows: list[str]) -> list[str]:
    """Rows as consecutive tables of ``TABLE_CHUNK_ROWS``, each repeating the header row (as pieces)."""
    size = layout.TABLE_CHUNK_ROWS
    pieces: list[str] = []
    for start in range(0, max(len(rows), 1), size):
        if start:
            pieces.append(_TABLE_BREAK)
        pieces.append(_tbl_open(widths) + header)
        pieces.extend(rows[start : start + size])
        pieces.append("</w:tbl>")
    return pieces


#: Cell style by (bold row, centred column).
_TABLE_STYLE = {
    (True, True): "VB Bảng tiêu đề",
    (True, False): "VB Bảng nhóm",
    (False, True): "VB Bảng giữa",
    (False, False): "VB Bảng",
}


#: Room a cell takes beside its text: the left and right cell margins of the tables.
_CELL_PADDING = 2 * _CELL_MARGIN + layout.WIDTH_SAFETY


def _plain(text: OBang) -> str:
    return text if isinstance(text, str) else "".join(r.text for r in text)


def plain_table_xml(bang: BangDon) -> str:
    widths = layout.column_widths(
        [_plain(t) for t in bang.tieu_de],
        [[_plain(t) for t in row] for row in bang.dong],
        layout.PORTRAIT_TEXT_WIDTH,
        padding=_CELL_PADDING,
        weights=bang.do_rong,
    )
    rows = []
    for index, row in enumerate(bang.dong):
        cells = []
        for col, width in enumerate(widths):
            text = row[col] if col < len(row) else ""
            style = _TABLE_STYLE[index in bang.dong_dam, col in bang.can_giua]
            cells.append(_cell(width, style, text))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    return "".join(_chunked_table(widths, _header_row(widths, bang.tieu_de), rows)) + _TABLE_BREAK


def task_table_xml(phu_luc: PhuLuc) -> list[str]:
    bang = phu_luc.bang
    assert bang is not None
    columns = bang.cot
    prefix = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
    keys = [c.khoa for c in columns]
    texts: list[str] = []
    for group in bang.nhom:
        for task in group.nhiem_vu:
            values = task.__dict__
            for key in keys:
                text = values.get(key)
                texts.append(text if isinstance(text, str) else task.gia_tri(key))
    width = len(keys)
    count = len(texts) // max(width, 1)
    step = max(1, count // layout.MEASURED_ROWS)
    widths = layout.column_widths(
        [c.tieu_de for c in columns],
        [texts[r * width : (r + 1) * width] for r in range(0, count, step)],
        layout.LANDSCAPE_TEXT_WIDTH,
        padding=_CELL_PADDING,
        weights=[c.do_rong for c in columns],
    )
    total = sum(widths)
    openers = [
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="'
        f'{STYLE_IDS["VB Bảng giữa" if c.khoa == "stt" else "VB Bảng"]}"/></w:pPr>'
        for w, c in zip(widths, columns, strict=True)
    ]
    row_xml = (
        prefix
        + "".join(
            f'{opener}<w:r><w:t xml:space="preserve">{{}}</w:t></w:r></w:p></w:tc>' for opener in openers
        )
        + "</w:tr>"
    )
    escaped = _esc_many(texts)
    at = 0
    rows: list[str] = []
    for group in bang.nhom:
        if group.ten:
            title = f"{group.so}. {group.ten}" if group.so else group.ten
            # a group title never ends a page alone: it is kept with its first task
            group_row = _cell(total, "VB Bảng nhóm", title, span=len(columns), keep_next=True)
            rows.append(prefix + group_row + "</w:tr>")
        for _ in group.nhiem_vu:
            rows.append(row_xml.format(*escaped[at : at + width]))
            at += width
    return _chunked_table(widths, _header_row(widths, [c.tieu_de for c in columns]), rows)
