"""Finding the metadata of an issued document: from its source, its register row or its PDF's XMP.

The commands ``vbhc metadata`` and ``vbhc edxml`` name a document in any of the ways a văn thư has it
at hand; this module turns each into the :class:`~vbhc.metadata.phu_luc_vi.PhuLucVI` metadata and, when
there is one, the register row and the source document.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc.errors import InputError, Vitri
from vbhc.metadata import phu_luc_vi as p6

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.model import VanBan
    from vbhc.register import Entry, Register

#: A number as the register prints it, with or without its symbol: ``5``, ``05/KH-UBND``.
_NUMBER = re.compile(r"^\s*(\d{1,5})\s*(?:/\s*(\S+))?\s*$")


@dataclass
class Found:
    """What was found for a document: its metadata, and its register row and source when known."""

    meta: p6.PhuLucVI
    entry: Entry | None = None
    van_ban: VanBan | None = None
    warnings: list[str] = field(default_factory=list)


def of_source(
    path: Path, register: Register | None, cai_dat: p6.CaiDat, **extra: object
) -> Found:
    """A source file: numbered by its issued register row when there is one (same path or content),
    else it must carry its own ``so`` and ``ngay``."""
    from vbhc.errors import Warnings
    from vbhc.register import ISSUED
    from vbhc.sources.markdown import load

    found = Warnings()
    van_ban = load(path, warnings=found)
    warnings = [str(item) for item in found]
    entry = None
    if register is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        resolved = str(path.resolve())
        rows = [e for e in register.entries(status=ISSUED) if e.nguon == resolved or e.nguon_sha256 == digest]
        entry = rows[-1] if rows else None
    meta = p6.build(van_ban, entry=entry, cai_dat=cai_dat, **extra)
    return Found(meta, entry, van_ban.sua(so=entry.so, ngay=entry.ngay) if entry else van_ban, warnings)


def of_entry(entry: Entry, cai_dat: p6.CaiDat, **extra: object) -> Found:
    """An issued register row, with its source document when the file is still there."""
    from vbhc.sources.markdown import load

    warnings: list[str] = []
    meta = p6.from_entry(entry, cai_dat=cai_dat, warnings=warnings, **extra)
    van_ban = None
    if entry.nguon and Path(entry.nguon).is_file():
        van_ban = load(entry.nguon).sua(so=entry.so, ngay=entry.ngay)
    return Found(meta, entry, van_ban, warnings)


def of_number(
    text: str, register: Register, *, nam: int, co_quan: str | None, series: str, cai_dat: p6.CaiDat,
    **extra: object,
) -> Found:
    """A number of the register, ``5`` or ``05/KH-UBND`` (the symbol must then be the row's)."""
    match = _NUMBER.match(text)
    if match is None:
        raise InputError(
            f"«{text}» không phải tệp nguồn .md, tệp .pdf hay số trong sổ (ví dụ 5 hoặc 05/KH-UBND)",
            Vitri(truong="NGUỒN"),
        )
    entry = register.get(int(match.group(1)), nam=nam, co_quan=co_quan, series=series)
    if match.group(2) and entry.so_ky_hieu.partition("/")[2] != match.group(2):
        raise InputError(
            f"số {entry.so} năm {nam} trong sổ là {entry.so_hien_thi}, không phải «{text.strip()}»",
            register.where(),
        )
    return of_entry(entry, cai_dat, **extra)


def of_pdf(pdf: bytes, tep: str, register: Register | None, cai_dat: p6.CaiDat, **extra: object) -> Found:
    """A PDF: the Phụ lục VI fields in its XMP; else the register row one of whose signed files it is."""
    from vbhc.metadata.xmp import read

    fields = read(pdf, tep=tep)
    if fields:
        meta = p6.unflatten(fields, Vitri(tep=tep))
        entry = _row_of(meta, register)
        return Found(meta, entry, None, [])
    entry = register.find_signed(hashlib.sha256(pdf).hexdigest()) if register is not None else None
    if entry is None:
        raise InputError(
            "PDF không có siêu dữ liệu Phụ lục VI (XMP) và không có trong sổ như một tệp đã ký",
            Vitri(tep=tep),
            goi_y="chỉ rõ số văn bản trong sổ (--so), hoặc ghi siêu dữ liệu bằng «vbhc metadata … --ghi-pdf»",
        )
    return of_entry(entry, cai_dat, **extra)


def of_issued_file(path: Path, register: Register) -> Entry | None:
    """The issued row whose recorded file is ``path`` (the DOCX ``vbhc issue`` wrote), if any."""
    from vbhc.register import ISSUED

    resolved = str(path.resolve())
    rows = [e for e in register.entries(status=ISSUED) if e.tep == resolved]
    return rows[-1] if rows else None


def metadata_for(
    register: Register | None, cai_dat: p6.CaiDat | None = None
) -> Callable[[Path, int], dict[str, str] | None]:
    """For :class:`vbhc.signing.prepare.Preparer`: (DOCX, its PDF's page count) → the XMP fields of
    that issued document (:func:`vbhc.metadata.phu_luc_vi.flatten`); None for a file the register
    does not have."""

    def fields(source: Path, pages: int) -> dict[str, str] | None:
        entry = of_issued_file(source, register) if register is not None else None
        if entry is None:
            return None
        return p6.flatten(p6.from_entry(entry, cai_dat=cai_dat, so_trang=pages))

    return fields


def _row_of(meta: p6.PhuLucVI, register: Register | None) -> Entry | None:
    """The issued row of the same number, symbol and date, if the register has it."""
    if register is None or meta.IssuedDate is None or not meta.CodeNumber.isdigit():
        return None
    from vbhc.register import ISSUED

    wanted = f"{meta.CodeNumber}/{meta.CodeNotation}"
    rows = [e for e in register.entries(nam=meta.IssuedDate.year, status=ISSUED)
            if e.so_ky_hieu == wanted and e.ngay == meta.IssuedDate]
    return rows[0] if len(rows) == 1 else None


__all__ = [
    "Found", "metadata_for", "of_entry", "of_issued_file", "of_number", "of_pdf", "of_source",
]
