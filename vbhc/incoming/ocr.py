"""Reading a scan: an image-only PDF, a JPEG or a PNG → printed lines (:class:`Dong`) by Tesseract.

Each page is rasterised (pypdfium2) or scaled to an effective :data:`DPI_OCR`, straightened (the skew
is estimated within ±:data:`GOC_NGHIENG_TOI_DA`° from the horizontal projection profile of a small
binarised copy), then read by Debian's ``tesseract`` CLI (``-l vie``, TSV output). Words are grouped
into lines in points from the page's top left, as a PDF's text layer gives them, so that
:func:`vbhc.incoming.layout.tim_truong` reads both the same way.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageOps

from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.incoming.fields import Dong
from vbhc.text.vi import so_tu_nhien as _so

#: The resolution Tesseract reads at: lower scans are scaled up to it.
DPI_OCR = 300
#: Bounds on what a scan may be (beyond them the file is refused, never half-read).
MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 30
MAX_PIXELS = 40_000_000  #: per page, after scaling (A4 at 300 dpi is 8,7 million)
#: The skew searched for, in degrees either way.
GOC_NGHIENG_TOI_DA = 5.0
#: Seconds Tesseract may take on one page.
TESSERACT_TIMEOUT = 180.0
#: Tesseract's page segmentation mode (3: automatic, columns and blocks found).
PSM = 3
#: Extra ``-c name=value`` settings given to Tesseract.
TESSERACT_OPTIONS: tuple[str, ...] = ()
#: A gap between two words of one Tesseract line wider than this many line heights splits it.
KHOANG_TACH = 1.5
_CAI_DAT = "apt-get install tesseract-ocr tesseract-ocr-vie"
#: Letters Tesseract confuses with Vietnamese ones (the Icelandic eth for «Đ»).
_SUA_CHU = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
#: The types' abbreviations of Điều 7 (QĐ, HĐ, CĐ …): Tesseract sometimes doubles a letter in them
#: («69/QĐĐ-SNV»); a ký hiệu whose group after «/» becomes one of them once undoubled is mended.
_VIET_TAT = frozenset(loai.viet_tat for loai in nd30.LOAI_VAN_BAN.values() if loai.viet_tat)
_NHOM_LOAI = re.compile(r"(?<=/)([^\W\d_]+)(?=-)")
_WORK_WIDTH = 1000  #: pixels of the binarised copy the skew is estimated on


@dataclass(frozen=True)
class DocAnh:
    """What OCR read from one file: its lines, its page count and the warnings (Vietnamese)."""

    dong: list[Dong]
    so_trang: int
    canh_bao: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Trang:
    """One page ready for OCR: a greyscale image and its resolution."""

    anh: Image.Image
    dpi: float


def doc_anh(data: bytes, *, name: str, dpi: int = DPI_OCR) -> DocAnh:
    """Read a scan (PDF without text, JPEG or PNG): each page deskewed and OCR'd into lines.

    ``dpi`` is the resolution PDF pages are rasterised at. Raises :class:`InputError` naming
    ``name`` for an unreadable, unsupported or too big file, and :class:`EnvironmentProblem` when
    Tesseract or its Vietnamese data is missing.
    """
    where = Vitri(tep=name)
    if not data:
        raise InputError("tệp rỗng (0 byte): không có ảnh nào để đọc", where)
    if len(data) > MAX_BYTES:
        raise InputError(f"tệp lớn quá {_so(MAX_BYTES // 2**20)} MB: bản quét nào cũng nhỏ hơn thế",
                         where, goi_y="quét lại ở 200–300 dpi, đen trắng hoặc thang xám")
    tesseract = _tesseract()
    lines: list[Dong] = []
    notes: list[str] = []
    count = 0
    for index, page in enumerate(_trang(data, where, dpi)):
        count += 1
        angle = uoc_luong_nghieng(page.anh)
        image = thang(page.anh, angle)
        found = _doc_trang(tesseract, image, page.dpi, index, where)
        if not found:
            notes.append(f"{name}, trang {index + 1}: không đọc được chữ nào (trang trắng hoặc ảnh quá mờ)")
        lines.extend(found)
    lines.sort(key=lambda line: (line.page, line.top, line.x0))
    return DocAnh(lines, count, tuple(notes))


# --- pages -----------------------------------------------------------------------------------------


def _trang(data: bytes, where: Vitri, dpi: int) -> Iterator[_Trang]:
    """The pages of the file, greyscale, at :data:`DPI_OCR` or better (chosen by magic bytes)."""
    if data.startswith(b"%PDF"):
        yield from _trang_pdf(data, where, dpi)
    elif data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        yield _trang_anh(data, where)
    else:
        raise InputError("không phải bản quét: vbhc đọc tệp PDF, JPEG hoặc PNG", where)


def _trang_pdf(data: bytes, where: Vitri, dpi: int) -> Iterator[_Trang]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise InputError(f"không mở được tệp PDF ({error})", where,
                         goi_y="tệp hỏng hoặc có mật khẩu: xin bản khác") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(f"tệp PDF có {_so(len(pdf))} trang, quá {_so(MAX_PAGES)} trang vbhc đọc "
                             "được bằng OCR", where, goi_y="tách riêng văn bản cần vào sổ")
        if len(pdf) == 0:
            raise InputError("tệp PDF không có trang nào", where)
        scale = dpi / 72
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            if width * height * scale * scale > MAX_PIXELS:
                raise InputError(f"trang {index + 1} quá lớn ({_so(round(width / 72 * 25.4))} × "
                                 f"{_so(round(height / 72 * 25.4))} mm)", where)
            try:
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            except pdfium.PdfiumError as error:
                raise InputError(f"không dựng được trang {index + 1} ({error})", where) from None
            yield _Trang(image, float(dpi))
    finally:
        pdf.close()


def _trang_anh(data: bytes, where: Vitri) -> _Trang:
    """A JPEG or PNG, scaled to :data:`DPI_OCR` when its resolution is lower or unknown."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise InputError(f"ảnh quá lớn ({_so(image.width)} × {_so(image.height)} điểm ảnh)",
                                 where, goi_y="quét lại ở 200–300 dpi")
            source_dpi = _dpi(image)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError("ảnh quá lớn (nghi là bom giải nén)", where) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError(f"ảnh hỏng hoặc không trọn vẹn ({error})", where,
                         goi_y="quét hoặc chụp lại, lưu JPEG hay PNG") from None
    image = ImageOps.exif_transpose(image).convert("L")
    if source_dpi is None:  # unknown: assume the short side is an A4 page's width
        source_dpi = min(image.size) / (nd30.A4_MM[0] / 25.4)
    if source_dpi < DPI_OCR:
        factor = DPI_OCR / source_dpi
        size = (round(image.width * factor), round(image.height * factor))
        if size[0] * size[1] > MAX_PIXELS:
            raise InputError(f"ảnh quá lớn ở {DPI_OCR} dpi ({_so(size[0])} × {_so(size[1])} điểm ảnh)",
                             where)
        return _Trang(image.resize(size, Image.Resampling.LANCZOS), float(DPI_OCR))
    return _Trang(image, source_dpi)


def _dpi(image: Image.Image) -> float | None:
    """The image's horizontal resolution, or None when it does not say (or says nonsense)."""
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 50 <= dpi <= 1200 else None


# --- deskew ----------------------------------------------------------------------------------------


def uoc_luong_nghieng(image: Image.Image) -> float:
    """The page's skew in degrees, counter-clockwise: ``image.rotate(-skew)`` straightens it.

    The horizontal projection profile of the binarised text has the sharpest peaks (the largest
    variance) when the lines are level; searched on a 0,5° grid within ±:data:`GOC_NGHIENG_TOI_DA`,
    then on a 0,05° grid around the best.
    """
    small = image.convert("L")
    if small.width > _WORK_WIDTH:
        small = small.resize((_WORK_WIDTH, round(small.height * _WORK_WIDTH / small.width)),
                             Image.Resampling.BILINEAR)
    pixels = np.asarray(small, dtype=np.uint8)
    ink = Image.fromarray(((pixels < _nguong(pixels)) * 255).astype(np.uint8))
    if not np.asarray(ink).any():
        return 0.0

    def score(angle: float) -> float:
        rows = np.asarray(ink.rotate(-angle, resample=Image.Resampling.NEAREST), dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-GOC_NGHIENG_TOI_DA, GOC_NGHIENG_TOI_DA + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    return round(float(max(fine, key=score)), 2)


def _nguong(pixels: np.ndarray) -> float:
    """Otsu's threshold of a greyscale image (0 for a uniform one: no ink)."""
    if pixels.min() == pixels.max():
        return 0.0
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight = np.cumsum(counts)
    mean = np.cumsum(counts * levels)
    total, total_mean = weight[-1], mean[-1]
    background = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mean * weight - mean * total) ** 2 / (weight * background)
    return float(np.nanargmax(between[:-1])) + 0.5


def thang(image: Image.Image, skew: float) -> Image.Image:
    """The page turned level (white where the turn uncovers the corners)."""
    if abs(skew) < 0.05:
        return image
    return image.rotate(-skew, resample=Image.Resampling.BICUBIC, fillcolor=255)


# --- Tesseract -------------------------------------------------------------------------------------


def _tesseract() -> str:
    """The tesseract program, checked to have the Vietnamese data."""
    program = shutil.which("tesseract")
    if program is None:
        raise EnvironmentProblem("không tìm thấy chương trình tesseract để đọc bản quét",
                                 goi_y=f"cài đặt: {_CAI_DAT}")
    if "vie" not in _ngon_ngu(os.path.realpath(program)):
        raise EnvironmentProblem("tesseract chưa có dữ liệu tiếng Việt (vie)", goi_y=f"cài đặt: {_CAI_DAT}")
    return program


@lru_cache(maxsize=4)
def _ngon_ngu(program: str) -> frozenset[str]:
    try:
        out = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise _khong_chay(error) from None
    return frozenset(line.strip() for line in (out.stdout + out.stderr).splitlines()[1:])


def _khong_chay(error: BaseException) -> EnvironmentProblem:
    return EnvironmentProblem(f"không chạy được tesseract ({error})", goi_y=f"cài đặt: {_CAI_DAT}")


def _doc_trang(tesseract: str, image: Image.Image, dpi: float, page: int, where: Vitri) -> list[Dong]:
    """Tesseract's words of one page, grouped into lines in points."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    command = [tesseract, "stdin", "stdout", "-l", "vie", "--psm", str(PSM), "--dpi", str(round(dpi)),
               *(arg for option in TESSERACT_OPTIONS for arg in ("-c", option)), "tsv"]
    try:
        out = subprocess.run(command, input=png.getvalue(), capture_output=True, timeout=TESSERACT_TIMEOUT,
                             check=False, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise InputError(f"đọc trang {page + 1} quá {_so(round(TESSERACT_TIMEOUT))} giây", where,
                         goi_y="quét lại rõ hơn, ở 200–300 dpi") from None
    except OSError as error:
        raise _khong_chay(error) from None
    if out.returncode != 0:
        message = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise InputError(f"tesseract không đọc được trang {page + 1} ({message[0]})", where)
    scale = 72 / dpi
    size = (image.width * scale, image.height * scale)
    return [line for words in _tu_theo_dong(out.stdout.decode("utf-8", "replace"))
            for line in _tach(words, page, scale, size)]


@dataclass(frozen=True)
class _Tu:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float


def _tu_theo_dong(tsv: str) -> list[list[_Tu]]:
    """The words of Tesseract's TSV, line by line in its reading order."""
    lines: dict[tuple[str, str, str, str], list[_Tu]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = int(row["left"]), int(row["top"])
        text = unicodedata.normalize("NFC", text).translate(_SUA_CHU)
        conf = max(0.0, float(row["conf"])) / 100
        mended = _NHOM_LOAI.sub(_bo_chu_doi, text)
        if mended != text:
            text, conf = mended, conf * 0.9  # a mended word is less sure
        word = _Tu(text, left, top, left + int(row["width"]), top + int(row["height"]), conf)
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append(word)
    return list(lines.values())


def _bo_chu_doi(match: re.Match[str]) -> str:
    """The type's abbreviation of a ký hiệu with a doubled letter undone, when only that makes it one."""
    group = match.group(1)
    single = re.sub(r"(.)\1", r"\1", group)
    return single if group not in _VIET_TAT and single in _VIET_TAT else group


def _tach(words: list[_Tu], page: int, scale: float, size: tuple[float, float]) -> Iterator[Dong]:
    """One Tesseract line as :class:`Dong` lines: split where the gap between two words is wider than
    :data:`KHOANG_TACH` line heights (two columns side by side are two lines, as in a text layer).

    A speck (no letter or digit: a rule under the agency, a stamp's edge) never bridges such a gap:
    it is kept only within or next to the words of a line («- Như trên;», «./.»)."""
    words = sorted(words, key=lambda w: w.left)
    strong = [w for w in words if any(c.isalnum() for c in w.text)]
    if not strong:
        return
    height = max(1, int(np.median([w.bottom - w.top for w in strong])))
    groups = [[strong[0]]]
    for before, word in itertools.pairwise(strong):
        if word.left - before.right > KHOANG_TACH * height:
            groups.append([])
        groups[-1].append(word)
    spans = [(group[0].left - height, group[-1].right + height) for group in groups]
    for speck in (w for w in words if w not in strong):
        for group, (left, right) in zip(groups, spans, strict=True):
            if left <= speck.left and speck.right <= right:
                group.append(speck)
                break
    for group in groups:
        yield _dong(sorted(group, key=lambda w: w.left), page, scale, size)


def _dong(words: list[_Tu], page: int, scale: float, size: tuple[float, float]) -> Dong:
    return Dong(
        text=" ".join(w.text for w in words),
        page=page,
        x0=min(w.left for w in words) * scale,
        x1=max(w.right for w in words) * scale,
        top=min(w.top for w in words) * scale,
        bottom=max(w.bottom for w in words) * scale,
        page_width=size[0],
        page_height=size[1],
        conf=round(sum(w.conf for w in words) / len(words), 3),
    )
