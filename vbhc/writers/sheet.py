"""Print settings shared by every XLSX vbhc writes: A4, ND30 margins, one page wide, header rows
repeated on every page, frozen panes, page numbers; and reproducible bytes (fixed time stamps)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from vbhc import nd30

#: SpreadsheetML paper size code of A4.
PAPER_A4 = 9


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
    from openpyxl.worksheet.properties import PageSetupProperties

    margins = nd30.MARGINS_LANDSCAPE if landscape else nd30.MARGINS_OFFICIAL
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for side in ("left", "right", "top", "bottom"):
        setattr(ws.page_margins, side, inches(getattr(margins, side)))
    ws.page_margins.header = ws.page_margins.footer = inches(nd30.HEADER_DISTANCE_MM)
    ws.print_options.horizontalCentered = True
    first, last = title_rows
    ws.print_title_rows = f"{first}:{last}"
    ws.freeze_panes = f"A{last + 1}"
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
