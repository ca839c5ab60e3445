"""LibreOffice's PDF made reproducible: the same DOCX gives the same PDF bytes on every run and on
every path (the cold batch of :mod:`vbhc.writers.pdf`, a warm converter, a pool, a Dask worker).

What LibreOffice 7.x writes differently from one run to the next, measured by converting one DOCX
twice and comparing the bytes: the ``/CreationDate`` of the document information, the trailer's
``/ID`` and ``/DocChecksum`` (hashes that include the time), and for PDF/A the XMP ``xmp:CreateDate``
and the creation time inside the sRGB ICC profile that lcms generates for the output intent. Fonts
(subset tags ``CAAAAA+…``), pages and objects are the same. Each of these is set to
:data:`~vbhc.ooxml.write.FIXED_TIME` (the time vbhc gives every ZIP entry), or to a hash of the
content. Only the ICC profile changes length (it is recompressed): the cross-reference table is
shifted with it, so the output never depends on how LibreOffice's dated copy compressed.
"""

from __future__ import annotations

import hashlib
import re
import zlib

from vbhc.ooxml.write import FIXED_TIME

_YEAR, _MONTH, _DAY, _HOUR, _MINUTE, _SECOND = FIXED_TIME
#: ``D:YYYYMMDDHHmmSS`` in the document information (the time zone after it is kept).
_INFO_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_INFO_FIXED = b"%04d%02d%02d%02d%02d%02d" % FIXED_TIME
#: ``YYYY-MM-DDTHH:MM:SS`` in the XMP packet.
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_XMP_FIXED = b"%04d-%02d-%02dT%02d:%02d:%02d" % FIXED_TIME
#: The trailer's file identifier and LibreOffice's document checksum (hex digits).
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})")
#: An ICC profile stream (``/N 3`` … ``/FlateDecode``) and where its body starts.
_ICC = re.compile(rb"<</N \d/Length (\d+) 0 R/Filter/FlateDecode>>\r?\nstream\r?\n")
#: Bytes 24–35 of an ICC profile header: its creation date and time (six big-endian 16-bit numbers).
_ICC_DATE = slice(24, 36)
_ICC_FIXED = b"".join(n.to_bytes(2, "big") for n in FIXED_TIME)
#: The one plain cross-reference table LibreOffice writes, its in-use entries, and ``startxref``.
_XREF = re.compile(rb"\nxref\r?\n.*?trailer", re.DOTALL)
_XREF_ENTRY = re.compile(rb"(\d{10})( \d{5} n)")
_STARTXREF = re.compile(rb"(startxref\s+)(\d+)")


def stable_pdf(pdf: bytes) -> bytes:
    """``pdf`` (as LibreOffice wrote it) with its times fixed and its identifiers derived from its
    content: two conversions of the same document give the same bytes. Idempotent."""
    data = _INFO_DATE.sub(lambda m: m.group(1) + _INFO_FIXED, pdf)
    data = _XMP_DATE.sub(lambda m: m.group(1) + _XMP_FIXED, data)
    data = _fixed_icc(data)
    blank = _ID.sub(lambda m: m.group(1) + b"0" * 32 + m.group(3) + b"0" * 32 + m.group(5), data)
    blank = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * 32, blank)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode("ascii")
    data = _ID.sub(lambda m: m.group(1) + digest + m.group(3) + digest + m.group(5), blank)
    return _CHECKSUM.sub(lambda m: m.group(1) + digest, data)


def _fixed_icc(data: bytes) -> bytes:
    """Each embedded ICC profile with its header date set to :data:`FIXED_TIME` and recompressed;
    the cross-reference table is shifted by the change of length, so the output never depends on how
    well LibreOffice's own (dated) copy happened to compress. Left as it is in a file whose
    cross-references are not one plain table."""
    if len(_XREF.findall(data)) != 1:
        return data
    for match in list(_ICC.finditer(data))[::-1]:
        start = match.end()
        end = data.find(b"endstream", start)
        length_at = re.search(rb"\n%s 0 obj\r?\n(\d+)\r?\nendobj" % match.group(1), data)
        if end < 0 or length_at is None:
            continue
        body = data[start:start + int(length_at.group(1))]
        try:
            profile = bytearray(zlib.decompress(body))
        except zlib.error:
            continue
        profile[_ICC_DATE] = _ICC_FIXED
        packed = zlib.compress(bytes(profile), 9)
        spans = sorted([(start, end, packed + b"\n"), (length_at.start(1), length_at.end(1),
                                                          str(len(packed)).encode("ascii"))], reverse=True)
        for first, last, replacement in spans:  # the later span first: the earlier one keeps its place
            data = _spliced(data, first, last, replacement)
    return data


def _spliced(data: bytes, first: int, last: int, replacement: bytes) -> bytes:
    """``data[first:last]`` replaced, every cross-reference offset after it and ``startxref`` moved."""
    delta = len(replacement) - (last - first)
    data = data[:first] + replacement + data[last:]
    if not delta:
        return data
    table = _XREF.search(data)
    assert table is not None

    def moved(entry: re.Match[bytes]) -> bytes:
        offset = int(entry.group(1))
        return (b"%010d" % (offset + delta) if offset > first else entry.group(1)) + entry.group(2)

    entries = _XREF_ENTRY.sub(moved, table.group(0))
    data = data[:table.start()] + entries + data[table.end():]
    return _STARTXREF.sub(
        lambda m: m.group(1) + (b"%d" % (int(m.group(2)) + delta) if int(m.group(2)) > first else m.group(2)),
        data,
    )


__all__ = ["stable_pdf"]
