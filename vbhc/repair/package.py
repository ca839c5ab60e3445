"""The package being repaired: parts parsed on demand (safely, bounded), edited in memory, written
back with every part that was not edited copied byte for byte (its compressed entry as it was)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from vbhc.ooxml import write
from vbhc.ooxml.namespaces import CONTENT_TYPES_NS, CONTENT_TYPES_PART, PKG_RELS_NS, R_NS, W_NS
from vbhc.ooxml.package import Package, open_package, rels_part
from vbhc.ooxml.rels import add_relationships
from vbhc.ooxml.safe import parse_xml

HEADER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"


@dataclass
class Editable:
    """An opened DOCX whose XML parts can be changed; :meth:`save` gives the repaired package."""

    package: Package
    trees: dict[str, etree._Element] = field(default_factory=dict)
    edited: set[str] = field(default_factory=set)
    added: dict[str, bytes] = field(default_factory=dict)  #: new parts (bytes)
    raw: dict[str, bytes] = field(default_factory=dict)  #: parts replaced as bytes (rels, types)

    @classmethod
    def open(cls, path: str | Path) -> Editable:
        return cls(open_package(path))

    @property
    def main(self) -> str:
        return self.package.main

    def xml(self, name: str) -> etree._Element | None:
        """Part ``name`` parsed (None when absent); the tree is kept, edits go into it."""
        if name not in self.trees:
            root = self.package.xml(name)
            if root is None:
                return None
            self.trees[name] = root
        return self.trees[name]

    def touch(self, name: str) -> None:
        """Mark part ``name`` as edited (it is written from its tree)."""
        self.edited.add(name)

    def touch_tree(self, element: etree._Element | None) -> None:
        """Mark the part holding ``element`` as edited."""
        if element is None:
            return
        root = element.getroottree().getroot()
        for name, tree in self.trees.items():
            if tree is root:
                self.edited.add(name)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        return self.package.rels(part)

    def add_part(self, name: str, data: bytes, rel_type: str, content_type: str) -> str:
        """Add part ``name`` related to the main part; returns the new relationship id."""
        rels_name = rels_part(self.main)
        current = self.raw.get(rels_name) or self._read_or(rels_name, _EMPTY_RELS)
        taken = set(_ids(current))
        rel_id = next(f"rIdVbhcFix{n}" for n in range(1, 10_000) if f"rIdVbhcFix{n}" not in taken)
        target = posixpath.relpath(name, posixpath.dirname(self.main) or ".")
        self.raw[rels_name] = add_relationships(current, [(rel_id, rel_type, target)], where=rels_name)
        types = self.raw.get(CONTENT_TYPES_PART) or self._read_or(CONTENT_TYPES_PART, _EMPTY_TYPES)
        self.raw[CONTENT_TYPES_PART] = _add_override(types, "/" + name, content_type)
        self.added[name] = data
        return rel_id

    def _read_or(self, name: str, empty: bytes) -> bytes:
        return self.package.read(name) if self.package.has(name) else empty

    def free_name(self, pattern: str) -> str:
        """The first part name ``pattern.format(n)`` (n = 1, 2 …) not in the package."""
        names = set(self.package.archive.namelist()) | set(self.added)
        return next(pattern.format(n) for n in range(1, 10_000) if pattern.format(n) not in names)

    def save(self) -> bytes:
        """The repaired package: edited and added parts deflated, every other entry copied as it is."""
        archive = self.package.archive
        entries: list[write.Entry] = []
        with self.package.path.open("rb") as handle:
            for info in archive.infolist():
                name = info.filename
                if name in self.edited:
                    data = _serialise(self.trees[name])
                elif name in self.raw:
                    data = self.raw[name]
                else:
                    entry = write.copied(handle, info)
                    entries.append(entry or write.deflated(name, self.package.read(name), 6))
                    continue
                entries.append(write.deflated(name, data, 6))
        present = {info.filename for info in archive.infolist()}
        entries.extend(
            write.deflated(name, data, 6) for name, data in self.raw.items() if name not in present
        )
        entries.extend(write.deflated(name, data, 6) for name, data in self.added.items())
        return write.FrozenPrefix([]).package(entries)

    def close(self) -> None:
        self.package.close()


def _ids(rels_xml: bytes) -> list[str]:
    return [rel.get("Id", "") for rel in parse_xml(rels_xml, where="rels")]


def _add_override(types_xml: bytes, part_name: str, content_type: str) -> bytes:
    root = parse_xml(types_xml, where=CONTENT_TYPES_PART)
    etree.SubElement(
        root, f"{{{CONTENT_TYPES_NS}}}Override", {"PartName": part_name, "ContentType": content_type}
    )
    return _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


_EMPTY_RELS = f'<Relationships xmlns="{PKG_RELS_NS}"/>'.encode()
_EMPTY_TYPES = f'<Types xmlns="{CONTENT_TYPES_NS}"/>'.encode()

#: The namespaces a header part vbhc adds declares.
HEADER_NSMAP = {"w": W_NS, "r": R_NS}
