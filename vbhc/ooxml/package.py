"""Reading the parts of an untrusted Word package, bounded (see :mod:`vbhc.ooxml.safe`)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from vbhc.errors import Vitri
from vbhc.ooxml import safe
from vbhc.ooxml.namespaces import (
    CONTENT_TYPES_PART,
    CORE_PROPERTIES_TYPE,
    FOOTER_TYPE,
    FOOTNOTES_TYPE,
    HEADER_TYPE,
    MC_NS,
    OFFICE_DOCUMENT_TYPE,
    PACKAGE_RELS_PART,
    PKG_RELS_NS,
    W_NS,
)

#: What the reader takes from ``w:body`` (blocks, and the containers blocks can be wrapped in).
BODY_CHILDREN = ("p", "tbl", "sectPr", "sdt", "customXml")
#: Parts related to the main document that hold text of their own.
_STORY_TYPES = (HEADER_TYPE, FOOTER_TYPE, FOOTNOTES_TYPE)
#: A part's relationships: id → (type, resolved part name); external targets left out.
Rels = dict[str, tuple[str, str]]


def rels_part(part: str) -> str:
    """The name of the relationships part of ``part`` (``""``: the package's own)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def parse_rels(root: etree._Element | None, part: str) -> Rels:
    """The internal relationships in ``root`` (the rels part of ``part``), targets resolved."""
    out: Rels = {}
    if root is None:
        return out
    folder = posixpath.dirname(part)
    for rel in root.iter(f"{{{PKG_RELS_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return out


@dataclass
class Package:
    """The parts of an opened DOCX, each size-checked as it is read."""

    path: Path
    archive: zipfile.ZipFile
    main: str  #: name of the main document part, usually ``word/document.xml``
    spent: dict[str, int] = field(default_factory=dict)  #: elements, paragraphs, runs read so far

    def has(self, name: str) -> bool:
        try:
            self.archive.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """The bytes of one part, never more than MAX_PART_BYTES whatever the header claims."""
        return safe.read_member(self.path, self.archive, name)

    def xml(self, name: str) -> etree._Element | None:
        """The parsed part, or None when the part is absent."""
        if not self.has(name):
            return None
        data = self._markup(name)
        root = safe.parse_xml(data, where=name)
        del data
        self._spend(root, name)
        return root

    def body(self, name: str) -> Iterator[etree._Element]:
        """The children of ``w:body`` in part ``name``, one at a time, each complete when given and
        freed once the caller asks for the next: the whole tree of a big document never sits in
        memory. Raises UnreadableDocument when there is no body."""
        data = self._markup(name)
        if b"<!DOCTYPE" in data:
            raise safe.dtd_refused(name)
        body_tag = f"{{{W_NS}}}body"
        events = etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=[f"{{{W_NS}}}{tag}" for tag in BODY_CHILDREN] + [f"{{{MC_NS}}}AlternateContent"],
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
        )
        del data
        body: etree._Element | None = None
        try:
            for _, element in events:
                parent = element.getparent()
                if parent is None or parent.tag != body_tag or parent.getparent() is None:
                    continue  # a paragraph inside a table, a sectPr inside a paragraph …
                if parent.getparent().getparent() is not None:
                    continue  # a w:body that is not the document's
                if body is None:
                    if element.getroottree().docinfo.doctype:
                        raise safe.dtd_refused(name)
                    body = parent
                elif parent is not body:
                    continue
                while element.getprevious() is not None:
                    del body[0]  # what came before (read, or not a block): freed
                self._spend(element, name)
                yield element
                element.clear()
        except etree.XMLSyntaxError as problem:
            raise safe.not_xml(name, problem) from None
        if body is None and events.root.find(body_tag) is None:
            raise safe.UnreadableDocument(
                "tệp .docx không có phần thân văn bản (w:body)", Vitri(tep=str(self.path))
            )

    def _markup(self, name: str) -> bytes:
        """The bytes of an XML part, refused before lxml builds a tree too big for memory (every
        element has one or two tags)."""
        data = self.read(name)
        if (tags := data.count(b"<")) > 2 * safe.MAX_ELEMENTS:
            raise safe.too_big(self.path, "thẻ XML", tags, 2 * safe.MAX_ELEMENTS, name)
        return data

    def _spend(self, root: etree._Element, name: str) -> None:
        """Count what ``root`` holds against the content limits of the whole document."""
        spec = (
            ("phần tử XML", "count(descendant-or-self::*)", safe.MAX_ELEMENTS),
            ("đoạn", "count(descendant-or-self::w:p)", safe.MAX_PARAGRAPHS),
            ("đoạn chữ", "count(descendant-or-self::w:r)", safe.MAX_RUNS),
        )
        for what, query, limit in spec:
            total = self.spent.get(what, 0) + int(root.xpath(query, namespaces={"w": W_NS}))
            if total > limit:
                raise safe.too_big(self.path, what, total, limit, name)
            self.spent[what] = total

    def rels(self, part: str) -> Rels:
        """Relationships of ``part``: id → (type, resolved part name)."""
        return parse_rels(self.xml(rels_part(part)), part)

    def close(self) -> None:
        self.archive.close()


def open_package(path: str | Path) -> Package:
    """Open ``path`` as a DOCX after checking its kind and bounding the archive."""
    path = Path(path)
    archive = safe.open_archive(path)
    try:
        main = _main_part(path, archive)
    except BaseException:
        archive.close()
        raise
    return Package(path=path, archive=archive, main=main)


def _main_part(path: Path, archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    package = Package(path=path, archive=archive, main="")
    if PACKAGE_RELS_PART in names:
        for rel_type, target in package.rels("").values():
            if rel_type == OFFICE_DOCUMENT_TYPE and target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise safe.fail(
        path,
        "gói ZIP không chứa văn bản Word (thiếu word/document.xml); đây không phải tệp .docx",
    )


@dataclass
class WordParts:
    """Where the text of a Word package lives, from its relationships and content types."""

    main: str  #: the main document part (``word/document.xml`` when the package names none)
    main_type: str | None  #: its content type, None when ``[Content_Types].xml`` does not say
    stories: list[str]  #: headers, footers and footnotes of the main part that are present
    core: str | None  #: the core properties part, when present


def word_parts(archive: zipfile.ZipFile) -> WordParts:
    """The text-bearing parts of ``archive`` (relationship and content-type parts parsed safely)."""
    names = set(archive.namelist())

    def rels(part: str) -> Rels:
        name = rels_part(part)
        return parse_rels(safe.parse_xml(archive.read(name), where=name), part) if name in names else {}

    package = rels("").values()
    main = next((t for kind, t in package if kind == OFFICE_DOCUMENT_TYPE), "word/document.xml")
    main_type = None
    if CONTENT_TYPES_PART in names:
        types = safe.parse_xml(archive.read(CONTENT_TYPES_PART), where=CONTENT_TYPES_PART)
        kinds = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types}
        main_type = kinds.get(main)
    stories = [
        target
        for kind, target in (rels(main).values() if main in names else ())
        if kind in _STORY_TYPES and target in names
    ]
    core = next((t for kind, t in package if kind == CORE_PROPERTIES_TYPE and t in names), None)
    return WordParts(main, main_type, stories, core)
