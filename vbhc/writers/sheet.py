"""Print settings shared by every XLSX vbhc writes: A4, ND30 margins, one page wide, header rows
repeated on every page, frozen panes, page numbers; and reproducible bytes (fixed time stamps)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from vbhc import nd30
from vbhc.errors import InputError, Vitri

#: SpreadsheetML paper size code of A4.
PAPER_A4 = 9
#: Excel's width of a column that sets none, in character units.
EXCEL_DEFAULT_WIDTH = 8.43


def inches(mm: float) -> float:
    """Millimetres to the inches openpyxl's page margins are set in."""
    return mm / 25.4


def print_setup(
    ws: Any,
    *,
    title_rows: tuple[int, int],
    landscape: bool = True,
    number_on_top: bool = False,
) -> None:
    """A4, ND30 margins, fit to one page wide (``fitToPage`` set, or Excel ignores fitToWidth),
    ``title_rows`` repeated on every printed page and frozen, page numbers.

    ``number_on_top``: the number centred in the header and hidden on the first page, as in the
    documents themselves (annexes); otherwise ``Trang 1/3`` in the footer (registers, summaries).
    """
    margins = nd30.MARGINS_LANDSCAPE if landscape else nd30.MARGINS_OFFICIAL
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_A4
    fit_and_repeat(ws, title_rows)
    for side in ("left", "right", "top", "bottom"):
        setattr(ws.page_margins, side, inches(getattr(margins, side)))
    ws.page_margins.header = ws.page_margins.footer = inches(nd30.HEADER_DISTANCE_MM)
    ws.print_options.horizontalCentered = True
    size = nd30.SIZES["so_trang"].default
    if number_on_top:
        ws.HeaderFooter.differentFirst = True
        place = ws.oddHeader.center
        place.text = "&P"
    else:
        place = ws.oddFooter.center
        place.text = "Trang &P/&N"
    place.font = f"{nd30.FONT},Regular"
    place.size = size


#: The time stamped into every XLSX vbhc writes (docProps created/modified and every ZIP entry), so
#: that the same input always gives the same bytes: the day Nghị định 30/2020/NĐ-CP was signed.
FIXED_TIME = datetime(2020, 3, 5)
_CORE_PART = "docProps/core.xml"
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def workbook_bytes(workbook: Any, edits: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """``workbook`` saved as reproducible XLSX bytes (see :func:`repack`)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return repack(buffer.getvalue(), edits)


def repack(package: bytes, edits: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """``package`` with :data:`FIXED_TIME` in docProps and on every ZIP entry; ``edits`` maps a part
    name to a function that rewrites its bytes (deflated fast: the edited part is the big one)."""
    edits = edits or {}
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            level = None
            if info.filename == _CORE_PART:
                data = _CORE_TIMES.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            if info.filename in edits:
                data = edits[info.filename](data)
                level = 1
            info.date_time = FIXED_TIME.timetuple()[:6]
            target.writestr(info, data, compresslevel=level)
    return out.getvalue()


#: The sheet of a template that holds one sample cell per style: the style's name in column A, the
#: styled sample in column B (its font, fill, border, alignment; its row's height for title rows).
STYLE_SHEET = "Kiểu"


@dataclass(frozen=True)
class Kieu:
    """One style of a template: what a writer copies onto the cells it writes."""

    font: Any
    fill: Any
    border: Any
    alignment: Any
    height: float | None

    def apply(self, cell: Any) -> Any:
        """Give ``cell`` this style (font, fill, border, alignment); returns the cell."""
        cell.font, cell.fill, cell.border, cell.alignment = self.font, self.fill, self.border, self.alignment
        return cell


@dataclass(frozen=True)
class XlsxTemplate:
    """An XLSX template read once: its styles by name and its page sheets (print setup, column
    widths, images such as a logo), by sheet name."""

    path: Path
    styles: dict[str, Kieu]
    sheets: dict[str, Any]
    #: per page sheet: each image's bytes and its anchor, width and height (read once, at loading)
    images: dict[str, list[tuple[bytes, Any, int, int]]]

    def setup(self, ws: Any, sheet: str, *, title_rows: tuple[int, int], widths: bool = True) -> None:
        """Print setup, header and footer, column widths (``widths``) and images of the template's
        ``sheet`` on ``ws``; then the structure: ``title_rows`` repeated and frozen, one page wide."""
        page = self.sheets[sheet]
        ws.page_setup.orientation = page.page_setup.orientation
        ws.page_setup.paperSize = page.page_setup.paperSize
        ws.page_margins = copy(page.page_margins)
        ws.print_options.horizontalCentered = page.print_options.horizontalCentered
        ws.HeaderFooter = copy(page.HeaderFooter)
        if widths:
            for letter, dimension in page.column_dimensions.items():
                if dimension.width:
                    ws.column_dimensions[letter].width = dimension.width
        for data, anchor, width, height in self.images[sheet]:
            ws.add_image(_image(data, anchor, width, height))
        fit_and_repeat(ws, title_rows)

    def widths(self, sheet: str, count: int) -> list[float]:
        """The widths of the first ``count`` columns of the template's ``sheet``."""
        from openpyxl.utils import get_column_letter

        page = self.sheets[sheet]
        letters = [get_column_letter(i) for i in range(1, count + 1)]
        return [page.column_dimensions[letter].width or EXCEL_DEFAULT_WIDTH for letter in letters]

    def default_font(self, workbook: Any, style: str) -> None:
        """Make the font of ``style`` the workbook's default (Normal style), for cells a clerk adds."""
        from openpyxl.styles import Font

        font = self.styles[style].font
        default = Font(name=font.name, size=font.sz, family=1)
        workbook._fonts[0] = default  # index 0 is the font of the Normal style and of unstyled cells
        for named in workbook._named_styles:
            if named.name == "Normal":
                named.font = default


def fit_and_repeat(ws: Any, title_rows: tuple[int, int]) -> None:
    """One page wide (``fitToPage`` set, or Excel ignores fitToWidth), ``title_rows`` repeated on
    every printed page and frozen."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    first, last = title_rows
    ws.print_title_rows = f"{first}:{last}"
    ws.freeze_panes = f"A{last + 1}"


def _image(data: bytes, anchor: Any, width: int, height: int) -> Any:
    from openpyxl.drawing.image import Image

    image = Image(io.BytesIO(data))
    image.anchor, image.width, image.height = anchor, width, height
    return image


def template_path(name: str) -> Path:
    """The shipped XLSX template ``name`` (templates/NAME.xlsx, installed as vbhc.templates)."""
    from importlib import resources

    return Path(str(resources.files("vbhc.templates").joinpath(f"{name}.xlsx")))


def load_template(path: str | Path, *, styles: tuple[str, ...], sheets: tuple[str, ...]) -> XlsxTemplate:
    """Read the XLSX template at ``path``; a template without one of ``styles`` (in its «Kiểu»
    sheet) or ``sheets`` gets a Vietnamese message naming the file and what is missing."""
    path = Path(path)
    if not path.is_file():
        raise InputError("không tìm thấy tệp mẫu XLSX", Vitri(tep=str(path)))
    stat = path.stat()
    return _load_template(path, stat.st_mtime_ns, stat.st_size, styles, sheets)


@lru_cache(maxsize=8)
def _load_template(
    path: Path, _mtime: int, _size: int, styles: tuple[str, ...], sheets: tuple[str, ...]
) -> XlsxTemplate:
    """:func:`load_template`, read once per file version (its time and size are part of the key)."""
    from openpyxl import load_workbook

    where = Vitri(tep=str(path))
    try:
        workbook = load_workbook(path)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise InputError(
            f"tệp mẫu không phải bảng tính Excel .xlsx hợp lệ ({type(error).__name__})", where
        ) from None
    names = workbook.sheetnames
    missing_sheets = [name for name in (STYLE_SHEET, *sheets) if name not in names]
    if missing_sheets:
        raise InputError(
            "tệp mẫu thiếu trang tính " + ", ".join(f"«{name}»" for name in missing_sheets),
            where,
            goi_y="sửa từ mẫu có sẵn của vbhc (thư mục templates/): chỉ đổi định dạng, giữ tên trang tính",
        )
    found: dict[str, Kieu] = {}
    style_sheet = workbook[STYLE_SHEET]
    for row in style_sheet.iter_rows(min_col=1, max_col=2):
        key, sample = row[0].value, row[1]
        if isinstance(key, str) and key.strip() in styles:
            height = style_sheet.row_dimensions[sample.row].height
            found[key.strip()] = Kieu(
                copy(sample.font), copy(sample.fill), copy(sample.border), copy(sample.alignment), height
            )
    missing = [key for key in styles if key not in found]
    if missing:
        raise InputError(
            f"trang tính «{STYLE_SHEET}» của tệp mẫu thiếu kiểu " + ", ".join(f"«{key}»" for key in missing),
            where,
            goi_y="cột A ghi tên kiểu, ô cột B bên cạnh mang định dạng; giữ đủ các dòng của mẫu có sẵn",
        )
    pages = {name: workbook[name] for name in sheets}
    images = {
        name: [(image._data(), image.anchor, image.width, image.height) for image in page._images]
        for name, page in pages.items()
    }
    return XlsxTemplate(path, found, pages, images)
