"""The sample forms of Phụ lục III, each cut out of tests/corpus/nd30/Phuluc3.docx into a DOCX of its
own: the body elements from its «Mẫu x.y - …» heading (left out) to the next one."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

PHU_LUC_3 = Path(__file__).resolve().parent / "corpus" / "nd30" / "Phuluc3.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A form's heading: «Mẫu 1.5 - Công văn».
HEADING = re.compile(r"^Mẫu (\d+\.\d+) - ")


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t")).strip()


def forms() -> dict[str, bytes]:
    """Form number («1.5») → the DOCX of that form alone."""
    with zipfile.ZipFile(PHU_LUC_3) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{W}body")
    children = list(body)
    final = children[-1] if children[-1].tag == f"{W}sectPr" else None
    starts = [(i, m.group(1)) for i, child in enumerate(children)
              if child.tag == f"{W}p" and (m := HEADING.match(_text(child)))]
    out = {}
    for number, (index, name) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(children) - (final is not None)
        out[name] = _package(parts, root, children[index + 1 : end], final)
    return out


def _package(parts: dict[str, bytes], root: etree._Element, elements: list, final) -> bytes:
    document = etree.fromstring(etree.tostring(root))
    body = document.find(f"{W}body")
    for child in list(body):
        body.remove(child)
    for element in elements:
        body.append(etree.fromstring(etree.tostring(element)))
    if final is not None:
        body.append(etree.fromstring(etree.tostring(final)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True) if name == "word/document.xml" else data)
    return buffer.getvalue()
