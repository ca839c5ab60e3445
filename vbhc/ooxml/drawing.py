"""Drawings in WordprocessingML: an inline picture, and the numbering of drawing ids."""

from __future__ import annotations

import posixpath
import struct

from lxml import etree

from vbhc.ooxml.namespaces import A_NS, CONTENT_TYPES_PART, IMAGE_TYPE, PIC_NS, R_NS, WP_NS
from vbhc.ooxml.package import rels_part
from vbhc.ooxml.rels import add_default_type, add_relationships

#: The first drawing id vbhc gives (docxtpl's too): ids below it stay free for the template's own.
FIRST_DRAWING_ID = 1001


def number_drawings(tree: etree._Element) -> None:
    """Number every ``wp:docPr`` of ``tree`` from :data:`FIRST_DRAWING_ID`, so that pictures repeated
    by a loop never share an id (Word refuses such a file). docxtpl does the same in ``fix_docpr_ids``,
    but keeps its counter in a private attribute; this needs none."""
    for number, doc_pr in enumerate(tree.iter(f"{{{WP_NS}}}docPr"), start=FIRST_DRAWING_ID):
        doc_pr.set("id", str(number))


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def image_rid(index: int) -> str:
    """The relationship id of the ``index``-th picture vbhc adds to a document (0-based)."""
    return f"rIdVbhcImage{index + 1}"


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG (from its IHDR), or None when ``data`` is no PNG."""
    if data[:8] != PNG_MAGIC or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def inline_picture(index: int, cx: int, cy: int) -> str:
    """The ``w:drawing`` of the ``index``-th added picture, ``cx`` × ``cy`` EMU, in the text line."""
    rid = image_rid(index)
    graphic = (
        f'<a:graphic xmlns:a="{A_NS}">'
        f'<a:graphicData uri="{PIC_NS}">'
        f'<pic:pic xmlns:pic="{PIC_NS}">'
        f'<pic:nvPicPr><pic:cNvPr id="{index + 1}" name="Hinh {index + 1}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}" xmlns:r="{R_NS}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    )
    return (
        f'<w:drawing><wp:inline xmlns:wp="{WP_NS}" '
        f'distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{1000 + index}" name="Hinh {index + 1}"/>{graphic}</wp:inline></w:drawing>'
    )


def add_images(parts: dict[str, bytes], images: list[tuple[str, bytes]], *, part: str) -> None:
    """Relate the PNG ``images`` (media name, bytes) to ``part`` as :func:`image_rid` 1, 2 …, and give
    ``[Content_Types].xml`` the PNG type. The media parts themselves are the writer's to add."""
    rels = rels_part(part)
    folder = posixpath.dirname(part)
    targets = [(image_rid(i), IMAGE_TYPE, posixpath.relpath(media_part(name, part), folder or "."))
               for i, (name, _) in enumerate(images)]
    parts[rels] = add_relationships(parts[rels], targets, where=rels)
    parts[CONTENT_TYPES_PART] = add_default_type(parts[CONTENT_TYPES_PART], "png", "image/png")


def media_part(name: str, part: str) -> str:
    """The part name of media file ``name`` beside ``part`` (``word/media/…``)."""
    return posixpath.join(posixpath.dirname(part), "media", name)
