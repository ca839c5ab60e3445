"""Print settings shared by every XLSX vbhc writes: A4, ND30 margins, one page wide, header rows
repeated on every page, frozen panes, page numbers."""

from __future__ import annotations

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
