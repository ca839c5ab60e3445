"""Drawings in WordprocessingML: an inline picture, and the numbering of drawing ids."""

from __future__ import annotations

from lxml import etree

from vbhc.ooxml.namespaces import WP_NS

#: The first drawing id vbhc gives (docxtpl's too): ids below it stay free for the template's own.
FIRST_DRAWING_ID = 1001


def number_drawings(tree: etree._Element) -> None:
    """Number every ``wp:docPr`` of ``tree`` from :data:`FIRST_DRAWING_ID`, so that pictures repeated
    by a loop never share an id (Word refuses such a file). docxtpl does the same in ``fix_docpr_ids``,
    but keeps its counter in a private attribute; this needs none."""
    for number, doc_pr in enumerate(tree.iter(f"{{{WP_NS}}}docPr"), start=FIRST_DRAWING_ID):
        doc_pr.set("id", str(number))
