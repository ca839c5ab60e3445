"""LibreOffice's PDF made reproducible: the same DOCX gives the same PDF bytes on every run and on
every path (the cold batch of :mod:`vbhc.writers.pdf`, a warm converter, a pool, a Dask worker).

What LibreOffice 7.x writes differently from one run to the next, measured by converting one DOCX
twice and comparing the bytes: the ``/CreationDate`` of the document information, the trailer's
``/ID`` and ``/DocChecksum`` (hashes that include the time), and for PDF/A the XMP ``xmp:CreateDate``
and the creation time inside the sRGB ICC profile that lcms generates for the output intent. Fonts
(subset tags ``CAAAAA+…``), pages and objects are the same. Each of these is set to
:data:`~vbhc.ooxml.write.FIXED_TIME` (the time vbhc gives every ZIP entry), or to a hash of the
content, without changing the length of anything, so the cross-reference offsets stay valid.
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
    """Each embedded ICC profile with its header date set to :data:`FIXED_TIME`, recompressed and
    padded with blanks after ``endstream`` to its old length (left as it is when it would not fit)."""
    for match in list(_ICC.finditer(data)):
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
        if len(packed) > len(body) or len(str(len(packed))) > len(length_at.group(1)):
            continue
        tail = end + len(b"endstream")
        old = data[start:tail]
        new = packed + b"\nendstream" + b" " * (len(old) - len(packed) - len(b"\nendstream"))
        number = str(len(packed)).encode("ascii").ljust(len(length_at.group(1)))
        data = data[:start] + new + data[tail:]
        data = data[: length_at.start(1)] + number + data[length_at.end(1):]
    return data


__all__ = ["stable_pdf"]
