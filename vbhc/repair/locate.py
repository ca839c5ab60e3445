"""From the checker's places to the XML being edited: the ``w:p`` at a :class:`Where`, the
``w:sectPr`` of a section, the header parts. The document is walked as the checker's reader walks it
(its block and cell helpers), so that «phần 1, bảng 1, dòng 1, ô 2, đoạn 3» is the same paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from vbhc.checker.document import Paragraph, Where
from vbhc.checker.reader import Document, _block_elements, _cells
from vbhc.checker.styles import ns_local, w, wattr
from vbhc.ooxml.namespaces import FOOTER_TYPE, HEADER_TYPE, R_NS
from vbhc.repair.package import Editable

Key = tuple


def key(where: Where) -> Key | None:
    """The identity of a paragraph place (None inside a text box: several paragraphs share it)."""
    if where.khung:
        return None
    if where.dau_trang or where.chan_trang:
        return (
            "dau" if where.dau_trang else "chan",
            where.dau_trang or where.chan_trang,
            where.phan,
            where.doan,
        )
    if where.bang is not None:
        return ("o", where.bang, where.dong, where.o, where.doan_trong_o)
    return ("doan", where.doan)


@dataclass
class HeaderRef:
    part: str
    kind: str  #: ``default``, ``first``, ``even``
    footer: bool
    section: int  #: the first section that uses it (where the checker places its paragraphs)


@dataclass
class Located:
    """The elements of one document, by place."""

    paragraphs: dict[Key, etree._Element] = field(default_factory=dict)
    sections: list[etree._Element | None] = field(default_factory=list)  #: sectPr of section 1, 2 …
    headers: list[HeaderRef] = field(default_factory=list)
    checked: dict[Key, Paragraph] = field(default_factory=dict)  #: the checker's view of each place

    def element(self, paragraph: Paragraph | Where) -> etree._Element | None:
        where = paragraph.where if isinstance(paragraph, Paragraph) else paragraph
        k = key(where)
        return self.paragraphs.get(k) if k is not None else None

    def paragraph(self, where: Where) -> Paragraph | None:
        k = key(where)
        return self.checked.get(k) if k is not None else None


def locate_xml(package: Editable, doc: Document) -> Located:
    """Index the main part of ``package`` (and its headers) as ``doc`` was read."""
    found = Located()
    root = package.xml(package.main)
    body = root.find(w("body")) if root is not None else None
    if body is None:
        return found
    counter = {"doan": 0, "bang": 0}
    final = None
    for child in body:
        if not isinstance(child.tag, str):
            continue
        if final is None and child.tag == w("sectPr"):
            final = child
            continue
        for element in _block_elements(child, top=True):
            tag = ns_local(element.tag)[1]
            if tag == "p":
                counter["doan"] += 1
                found.paragraphs[("doan", counter["doan"])] = element
                sect = element.find(f"{w('pPr')}/{w('sectPr')}")
                if sect is not None:
                    found.sections.append(sect)
            elif tag == "tbl":
                counter["bang"] += 1
                _table(element, counter, found)
    found.sections.append(final)
    _headers(package, found)
    for paragraph in _checked(doc):
        k = key(paragraph.where)
        if k is not None:
            found.checked.setdefault(k, paragraph)
    return found


def _table(element: etree._Element, counter: dict[str, int], found: Located) -> None:
    number = counter["bang"]
    for r, tr in enumerate(element.findall(w("tr")), start=1):
        for c, tc in enumerate(_cells(tr), start=1):
            index = 0
            for child in _block_elements(tc):
                tag = ns_local(child.tag)[1]
                if tag == "p":
                    index += 1
                    found.paragraphs[("o", number, r, c, index)] = child
                elif tag == "tbl":
                    counter["bang"] += 1
                    _table(child, counter, found)


def _headers(package: Editable, found: Located) -> None:
    rels = package.rels(package.main)
    seen: set[tuple[str, str, bool]] = set()
    for index, sect in enumerate(found.sections, start=1):
        if sect is None:
            continue
        for tag, rel_type, footer in (
            ("headerReference", HEADER_TYPE, False),
            ("footerReference", FOOTER_TYPE, True),
        ):
            for ref in sect.findall(w(tag)):
                kind = wattr(ref, "type") or "default"
                rel = rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is None or rel[0] != rel_type or (rel[1], kind, footer) in seen:
                    continue
                seen.add((rel[1], kind, footer))
                found.headers.append(HeaderRef(rel[1], kind, footer, index))
                part = package.xml(rel[1])
                if part is None:
                    continue
                for n, p in enumerate(part.iter(w("p")), start=1):
                    side = "chan" if footer else "dau"
                    found.paragraphs[(side, kind, index, n)] = p


def _checked(doc: Document):
    for section in doc.sections:
        yield from section.paragraphs()
        for part in (*section.headers.values(), *section.footers.values()):
            yield from part.paragraphs
