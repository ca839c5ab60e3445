"""A PDF's text layer as printed lines (:class:`~vbhc.incoming.fields.Dong`), read with pdfplumber.

Words are grouped into lines by their baseline, and a line is cut where a wide gap separates the
letterhead's two columns (or the Nơi nhận from the signer). Each line keeps its font size and whether
its font is bold or italic (from the font's name). The PDF is untrusted: bounded in size and pages,
and whatever breaks inside pdfplumber/pdfminer becomes one InputError naming the file.
"""

from __future__ import annotations

import io
import statistics
import unicodedata
from dataclasses import dataclass

from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.incoming.fields import Dong

#: The largest incoming file read (bytes), and the most pages of a PDF: a document is a few pages long.
MAX_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 200
_MB = 1024 * 1024
#: Fewer printed characters than this per page on average: the PDF is a scan (no text layer).
MIN_CHARS_PER_PAGE = 40
_COLUMN_GAP = 1.0  #: a gap wider than this many font sizes separates two columns …
_FONT_GAP = 0.5  #: … or this many, where the font changes (a regular chủ quản beside the bold Quốc hiệu)
_SAME_LINE = 0.5  #: words overlapping by this share of the lower height are on one line
_BOLD = ("bold", "black", "heavy", "semibold", "demibold")
_ITALIC = ("italic", "oblique")


@dataclass(frozen=True)
class TrangPdf:
    """What the text layer of a PDF gave."""

    dong: list[Dong]
    so_trang: int
    so_ky_tu: int  #: printed characters in all pages (0: a scan)

    @property
    def co_chu(self) -> bool:
        """Whether the PDF has a text layer worth reading (not a scan)."""
        return self.so_ky_tu >= MIN_CHARS_PER_PAGE * max(self.so_trang, 1)


def _unreadable(name: str, error: Exception) -> InputError:
    reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    hint = "tệp hỏng hoặc không phải PDF; xin lại bản gốc"
    return InputError(f"không đọc được PDF ({reason})", Vitri(tep=name), goi_y=hint)


def check_size(size: int, *, name: str) -> None:
    """Refuse a file of ``size`` bytes beyond :data:`MAX_BYTES`."""
    if size > MAX_BYTES:
        raise InputError(
            f"tệp lớn {size // _MB} MB, vbhc đọc văn bản đến tối đa {MAX_BYTES // _MB} MB",
            Vitri(tep=name),
            goi_y="tách văn bản hoặc giảm độ phân giải ảnh quét",
        )


def _check_pages(count: int, name: str) -> None:
    if count > MAX_PDF_PAGES:
        raise InputError(
            f"tệp PDF có {count} trang, vbhc đọc văn bản đến tối đa {MAX_PDF_PAGES} trang",
            Vitri(tep=name),
            goi_y="chỉ gửi phần văn bản (không kèm hồ sơ dài)",
        )
    if count == 0:
        raise InputError("tệp PDF không có trang nào", Vitri(tep=name), goi_y="xin lại bản gốc")


#: How to install what reading incoming PDFs and scans needs.
CAI_INCOMING = "pip install 'vbhc[incoming]'"


def _pdfplumber(name: str):
    try:
        import pdfplumber
    except ImportError:
        raise EnvironmentProblem(
            "chưa cài pdfplumber để đọc PDF văn bản đến", Vitri(tep=name), goi_y=CAI_INCOMING
        ) from None
    return pdfplumber


def doc_pdf(data: bytes, *, name: str) -> TrangPdf:
    """The printed lines of every page of the PDF ``data`` (``name``: for messages)."""
    pdfplumber = _pdfplumber(name)
    check_size(len(data), name=name)
    lines: list[Dong] = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            _check_pages(count, name)
            for number, page in enumerate(pdf.pages):
                words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
                chars += sum(len(w["text"].strip()) for w in words)
                lines += _lines(words, number, float(page.width), float(page.height))
                page.flush_cache()
    except InputError:
        raise
    except Exception as e:  # untrusted input: any failure of pdfminer means «unreadable»
        raise _unreadable(name, e) from None
    return TrangPdf(lines, count, chars)


def _lines(words: list[dict], page: int, width: float, height: float) -> list[Dong]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        row = next((r for r in reversed(rows[-4:]) if _overlap(r[0], word)), None)
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    out = []
    for row in rows:
        for part in _columns(sorted(row, key=lambda w: w["x0"])):
            out.append(_dong(part, page, width, height))
    return sorted(out, key=lambda d: (d.top, d.x0))


def _overlap(a: dict, b: dict) -> bool:
    shared = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return shared >= _SAME_LINE * min(a["bottom"] - a["top"], b["bottom"] - b["top"])


def _columns(row: list[dict]) -> list[list[dict]]:
    parts = [[row[0]]]
    for word in row[1:]:
        last = parts[-1][-1]
        gap = (word["x0"] - last["x1"]) / max(last["size"], word["size"])
        if gap > _COLUMN_GAP or (gap > _FONT_GAP and word["fontname"] != last["fontname"]):
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _dong(words: list[dict], page: int, width: float, height: float) -> Dong:
    main = max(w["size"] for w in words)
    # a footnote mark (superscript, smaller) is no part of the line's text
    kept = [w for w in words if w["size"] >= 0.75 * main] or words
    weights = [len(w["text"]) for w in kept]
    fonts = [w["fontname"].split("+", 1)[-1].lower() for w in kept]
    text = unicodedata.normalize("NFC", " ".join(" ".join(w["text"] for w in kept).split()))
    return Dong(
        text=text,
        page=page,
        x0=float(min(w["x0"] for w in kept)),
        x1=float(max(w["x1"] for w in kept)),
        top=float(min(w["top"] for w in kept)),
        bottom=float(max(w["bottom"] for w in kept)),
        page_width=width,
        page_height=height,
        size=round(float(statistics.median(w["size"] for w in kept)), 2),
        bold=_share(fonts, weights, _BOLD) >= 0.5,
        italic=_share(fonts, weights, _ITALIC) >= 0.5,
    )


def _share(fonts: list[str], weights: list[int], marks: tuple[str, ...]) -> float:
    total = sum(weights) or 1
    return sum(n for font, n in zip(fonts, weights, strict=True) if any(m in font for m in marks)) / total
