"""Text typed in an 8-bit Vietnamese font (.VnTime: TCVN3, VNI-Times: VNI) made Unicode in Times New
Roman: the characters become those a reader sees (the checker's reader converts them the same way),
so the words do not change."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from vbhc import nd30
from vbhc.checker.reader import _from_legacy, legacy_encoding
from vbhc.checker.styles import Styles, rpr_props, w, wattr
from vbhc.ooxml.namespaces import FOOTER_TYPE, FOOTNOTES_TYPE, HEADER_TYPE, STYLES_TYPE, THEME_TYPE
from vbhc.repair import xml
from vbhc.repair.job import Job

_ENDNOTES_TYPE = FOOTNOTES_TYPE.replace("footnotes", "endnotes")
#: The ``w:rFonts`` attributes that name a font (and the theme ones that override them).
_FONT_ATTRIBUTES = ("ascii", "hAnsi", "cs", "eastAsia")
_THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme")


def to_unicode(job: Job) -> None:
    """P4 on legacy fonts: every run set in one has its text converted and Times New Roman set; the
    style sheet's legacy fonts then name Times New Roman too."""
    if not job.findings("P4"):
        return
    rels = job.edit.rels(job.edit.main)
    styles_part = next((t for kind, t in rels.values() if kind == STYLES_TYPE), None)
    theme_part = next((t for kind, t in rels.values() if kind == THEME_TYPE), None)
    styles_root = job.edit.xml(styles_part) if styles_part else None
    sheet = Styles.load(styles_root, job.edit.xml(theme_part) if theme_part else None)
    kinds = {HEADER_TYPE, FOOTER_TYPE, FOOTNOTES_TYPE, _ENDNOTES_TYPE}
    parts = [job.edit.main, *(t for kind, t in rels.values() if kind in kinds)]
    converted: Counter[str] = Counter()
    for part in dict.fromkeys(parts):
        root = job.edit.xml(part)
        if root is None:
            continue
        for run in root.iter(w("r")):
            font = _font(run, sheet)
            encoding = legacy_encoding(font)
            if encoding is None:
                continue
            for element in run.findall(w("t")):
                if element.text and not element.text.isascii():
                    element.text = _from_legacy(element.text, encoding, font or "")
            fonts = xml.child(xml.rpr(run), "rFonts", xml.RPR_ORDER)
            _name_tnr(fonts)
            converted[font or ""] += 1
            job.edit.touch(part)
    if not converted:
        return
    if styles_root is not None:
        for element in styles_root.iter(w("rFonts")):
            if any(legacy_encoding(element.get(w(name))) for name in _FONT_ATTRIBUTES):
                _name_tnr(element)
                job.edit.touch(styles_part)
    for font, runs in converted.items():
        job.change(
            "P4",
            None,
            f"chữ gõ bằng phông «{font}», bảng mã {legacy_encoding(font)} ({runs} đoạn chữ)",
            f"chữ Unicode, phông «{nd30.FONT}»",
        )


def _name_tnr(fonts: etree._Element) -> None:
    xml.set_attrs(fonts, **dict.fromkeys(_FONT_ATTRIBUTES, nd30.FONT), **dict.fromkeys(_THEME_ATTRIBUTES))


def _font(run: etree._Element, sheet: Styles) -> str | None:
    """The font a reader sees ``run`` in (the checker's style resolution)."""
    props = run.find(w("rPr"))
    paragraph = next(run.iterancestors(w("p")), None)
    table = next(run.iterancestors(w("tbl")), None)
    pstyle = paragraph.find(f"{w('pPr')}/{w('pStyle')}") if paragraph is not None else None
    tstyle = table.find(f"{w('tblPr')}/{w('tblStyle')}") if table is not None else None
    rstyle = props.find(w("rStyle")) if props is not None else None
    fmt = sheet.run_format(
        rpr_props(props, sheet.theme),
        para_style=wattr(pstyle, "val"),
        char_style=wattr(rstyle, "val"),
        table_style=wattr(tstyle, "val"),
    )
    return fmt.font_hansi or fmt.font
