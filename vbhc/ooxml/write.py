"""Writing package parts: reproducible ZIP entries (fixed times, deflated or stored), parts streamed
piece by piece, and the merge's fast path that copies already-compressed entries as they are."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, BinaryIO

from lxml import etree

#: The entry time of every part vbhc writes: no clock leaks into a package, two runs give the same bytes.
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


#: The namespace declarations lxml writes on the root of a serialised element.
_DECLARATIONS = re.compile(r' xmlns:\w+="[^"]+"')


def fragment(element: etree._Element) -> str:
    """``element`` as text to splice into a part that already declares its namespaces (the document
    part): lxml declares them again on the element's own tag, and those declarations are left out."""
    xml = etree.tostring(element, encoding="unicode")
    end = xml.index(">")
    return _DECLARATIONS.sub("", xml[:end]) + xml[end:]


def read_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a package held in memory (one vbhc or docxtpl has just written), in ZIP order."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


class PackageWriter(zipfile.ZipFile):
    """A package written part by part, each entry at :data:`FIXED_TIME`, deflated at ``level`` (zlib's
    default when None) or stored."""

    def __init__(self, out: BinaryIO, *, level: int | None = None):
        super().__init__(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level)

    @staticmethod
    def _info(name: str, *, stored: bool = False) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        return info

    def add(self, name: str, data: bytes, *, stored: bool = False) -> None:
        """Write part ``name``; ``stored``: as it is, for data already compressed (PNG, JPEG)."""
        self.writestr(self._info(name, stored=stored), data)

    def stream(self, name: str, pieces: Iterable[str], batch: int = 1 << 20) -> None:
        """Write part ``name`` from text ``pieces``, encoded in batches of about ``batch`` characters:
        a 20,000-row table is never joined into one string."""
        with self.open(self._info(name), "w") as handle:
            _write_pieces(handle, pieces, batch)


def _write_pieces(handle: IO[bytes], pieces: Iterable[str], batch: int) -> None:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= batch:
            handle.write("".join(buffer).encode("utf-8"))
            buffer, size = [], 0
    handle.write("".join(buffer).encode("utf-8"))


def package_bytes(
    parts: dict[str, bytes | Iterable[str]], *, stored: Iterable[str] = (), level: int | None = None
) -> bytes:
    """A package of ``parts`` in order: bytes as they are, text pieces streamed; the parts named in
    ``stored`` (already compressed) stored, the others deflated at ``level``."""
    keep = set(stored)
    out = io.BytesIO()
    with PackageWriter(out, level=level) as target:
        for name, data in parts.items():
            if isinstance(data, bytes):
                target.add(name, data, stored=name in keep)
            else:
                target.stream(name, data)
    return out.getvalue()


def splice_paragraphs(part: str, marks: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """``part`` as text pieces, the ``w:p`` holding each mark replaced by that mark's pieces; and the
    marks not found."""
    found, missing = [], []
    for mark, pieces in marks.items():
        at = part.find(mark)
        if at < 0:
            missing.append(mark)
            continue
        start = part.rfind("<w:p>", 0, at)
        end = part.index("</w:p>", at) + len("</w:p>")
        found.append((start, end, pieces))
    out: list[str] = []
    position = 0
    for start, end, pieces in sorted(found, key=lambda item: item[0]):
        out.append(part[position:start])
        out.extend(pieces)
        position = end
    out.append(part[position:])
    return out, missing


def rewrite(data: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The package ``data`` with every part passed through ``edit(name, content)``, written again
    reproducibly (fixed entry times, deflated)."""
    out = io.BytesIO()
    with PackageWriter(out) as target:
        for name, content in read_parts(data).items():
            target.add(name, edit(name, content))
    return out.getvalue()


# --- the merge's fast path: ZIP records written directly --------------------------------------------


def _dos_time(when: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = when[:6]
    return (hour << 11) | (minute << 5) | (second // 2), ((max(year, 1980) - 1980) << 9) | (month << 5) | day


_DOS_TIME = _dos_time(FIXED_TIME)


@dataclass
class Entry:
    """A ZIP member ready to be written: its local record and its central directory fields."""

    name: bytes
    flags: int
    method: int
    crc: int
    compressed: bytes
    size: int

    def local(self) -> bytes:
        header = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, self.flags, self.method, _DOS_TIME[0], _DOS_TIME[1],
            self.crc, len(self.compressed), self.size, len(self.name), 0,
        )  # fmt: skip
        return header + self.name + self.compressed

    def central(self, offset: int) -> bytes:
        header = struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, self.flags, self.method, _DOS_TIME[0], _DOS_TIME[1],
            self.crc, len(self.compressed), self.size, len(self.name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        return header + self.name


def _name_flags(name: str) -> tuple[bytes, int]:
    encoded = name.encode("utf-8")
    return encoded, 0 if encoded.isascii() else 0x800  # bit 11: the name is UTF-8


def deflated(name: str, data: bytes, level: int) -> Entry:
    """An entry for ``data``, deflated at ``level``."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    encoded, flags = _name_flags(name)
    compressed = compressor.compress(data) + compressor.flush()
    return Entry(encoded, flags, zipfile.ZIP_DEFLATED, zlib.crc32(data), compressed, len(data))


def copied(handle: BinaryIO, info: zipfile.ZipInfo) -> Entry | None:
    """A member of an open ZIP file with its compressed bytes copied as they are (stored or deflated);
    None when it cannot be copied so (another method, encrypted, a damaged local header)."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        return None
    handle.seek(info.header_offset)
    local = handle.read(30)
    if local[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<2H", local[26:30])
    handle.seek(info.header_offset + 30 + name_len + extra_len)
    data = handle.read(info.compress_size)
    encoded, flags = _name_flags(info.filename)
    return Entry(encoded, flags, info.compress_type, info.CRC, data, info.file_size)


class FrozenPrefix:
    """The entries every package of a merge shares, written once; :meth:`package` appends the parts
    of one document and the central directory."""

    def __init__(self, entries: list[Entry]):
        self.prefix = b"".join(e.local() for e in entries)
        offsets, offset = [], 0
        for e in entries:
            offsets.append(offset)
            offset += 30 + len(e.name) + len(e.compressed)
        self.central = b"".join(e.central(o) for e, o in zip(entries, offsets, strict=True))
        self.count = len(entries)

    def package(self, entries: list[Entry]) -> bytes:
        """The whole package: the shared entries, then ``entries``."""
        chunks = [self.prefix]
        central = [self.central]
        offset = len(self.prefix)
        for e in entries:
            central.append(e.central(offset))
            local = e.local()
            chunks.append(local)
            offset += len(local)
        directory = b"".join(central)
        count = self.count + len(entries)
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
        return b"".join([*chunks, directory, end])
