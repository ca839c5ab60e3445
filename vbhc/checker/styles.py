"""Effective formatting: run → character style → paragraph style (basedOn chain) → table style →
docDefaults → theme fonts."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from vbhc import nd30
from vbhc.ooxml.namespaces import A_NS, W_NS

_SPLIT: dict[str, tuple[str, str]] = {}


def ns_local(tag: str) -> tuple[str, str]:
    """``{namespace}local`` → (namespace, local), without lxml's QName (hot path, cached)."""
    split = _SPLIT.get(tag)
    if split is None:
        if tag[:1] == "{":
            namespace, _, local = tag[1:].partition("}")
            split = (namespace, local)
        else:
            split = ("", tag)
        if len(_SPLIT) < 10_000:
            _SPLIT[tag] = split
    return split


@functools.cache
def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag (cached: called for every element read)."""
    return f"{{{W_NS}}}{tag}"


def wattr(element: etree._Element | None, name: str) -> str | None:
    """A ``w:`` attribute of ``element`` (None when element or attribute is missing)."""
    if element is None:
        return None
    return element.get(w(name))


def on(element: etree._Element) -> bool:
    """Value of a toggle property (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    return (wattr(element, "val") or "true").lower() not in {"0", "false", "off", "none"}


#: A number as OOXML writes one (ASCII digits, a sign, maybe a fraction; at most 12 digits, so that
#: a forged «1e400» or a thousand digits is no number rather than an overflow).
_NUMBER = re.compile(r"[+-]?[0-9]{1,12}(\.[0-9]{1,12})?")
#: A font size in half-points (``ST_HpsMeasure``), or in points with the unit (strict OOXML).
_HALF_POINTS = re.compile(r"(?P<hps>[0-9]{1,12})|(?P<pt>[0-9]{1,12}(\.[0-9]{1,12})?)pt")


def to_int(value: str | None) -> int | None:
    """An integer attribute; None when absent or not a number."""
    if value is None or not _NUMBER.fullmatch(value):
        return None
    return int(float(value))


def size_pt(value: str | None) -> float | None:
    """The point size a ``w:sz`` value sets; None when it is no valid size (malformed, out of range)."""
    match = _HALF_POINTS.fullmatch(value or "")
    if match is None:
        return None
    size = int(match["hps"]) / 2 if match["hps"] else float(match["pt"])
    low, high = nd30.FONT_SIZE_RANGE_PT
    return size if low <= size <= high else None


#: Word's own defaults when nothing is specified anywhere (ECMA-376: 10 pt; font by the app).
DEFAULT_SIZE_PT = 10.0
DEFAULT_FONT = "Times New Roman"


@dataclass(frozen=True)
class RunFormat:
    """The formatting a reader sees on one run."""

    font: str | None
    font_hansi: str | None
    size: float
    bold: bool
    italic: bool
    underline: bool
    color: str | None
    caps: bool
    vert_align: str | None
    hidden: bool = False
    bad_size: str | None = None  #: a ``w:sz`` value that is no valid size (rule P9), as written


@dataclass(frozen=True)
class ParaFormat:
    """The formatting of one paragraph, lengths in twips."""

    style_id: str | None
    jc: str | None
    first_line: int  #: negative for a hanging indent
    left: int
    right: int
    before: int
    after: int
    line: int | None
    line_rule: str
    contextual: bool
    border_bottom: bool
    numbered: bool
    boxed: bool = False  #: a border on all four sides


def rpr_props(rpr: etree._Element | None, theme: dict[str, str]) -> dict[str, Any]:
    """The run properties set by one ``w:rPr`` element."""
    out: dict[str, Any] = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = ns_local(child.tag)[1] if isinstance(child.tag, str) else ""
        if tag == "rFonts":
            for key, theme_key in (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme")):
                theme_name = wattr(child, theme_key)
                if theme_name:
                    out[key] = theme.get("major" if theme_name.startswith("major") else "minor")
                elif wattr(child, key):
                    out[key] = wattr(child, key)
        elif tag == "sz":
            raw = wattr(child, "val")
            size = size_pt(raw)
            if size is None:
                out["sz_bad"] = (raw or "")[:30]  # the inherited size stays in effect
            else:
                out["sz"], out["sz_bad"] = size, None
        elif tag in {"b", "i", "caps", "vanish"}:
            out[tag] = on(child)
        elif tag == "u":
            out["u"] = (wattr(child, "val") or "single") != "none"
        elif tag == "color":
            out["color"] = wattr(child, "val")
        elif tag == "vertAlign":
            out["vertAlign"] = wattr(child, "val")
    return out


def ppr_props(ppr: etree._Element | None) -> dict[str, Any]:
    """The paragraph properties set by one ``w:pPr`` element."""
    out: dict[str, Any] = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = ns_local(child.tag)[1] if isinstance(child.tag, str) else ""
        if tag == "jc":
            out["jc"] = wattr(child, "val")
        elif tag == "ind":
            for key, names in (("left", ("left", "start")), ("right", ("right", "end"))):
                for name in names:
                    if wattr(child, name) is not None:
                        out[key] = to_int(wattr(child, name)) or 0
            if wattr(child, "hanging") is not None:
                out["first"] = -(to_int(wattr(child, "hanging")) or 0)
            elif wattr(child, "firstLine") is not None:
                out["first"] = to_int(wattr(child, "firstLine")) or 0
        elif tag == "spacing":
            for key in ("before", "after", "line"):
                if wattr(child, key) is not None:
                    out[key] = to_int(wattr(child, key))
            if wattr(child, "lineRule") is not None:
                out["lineRule"] = wattr(child, "lineRule")
        elif tag == "contextualSpacing":
            out["contextual"] = on(child)
        elif tag == "pBdr":
            for side in ("bottom", "top", "left", "right"):
                border = child.find(w(side))
                if border is not None:
                    out[f"bdr_{side}"] = (wattr(border, "val") or "none") not in {"none", "nil"}
        elif tag == "numPr":
            out["numbered"] = child.find(w("numId")) is not None and wattr(
                child.find(w("numId")), "val"
            ) not in {None, "0"}
    return out


@dataclass
class Style:
    style_id: str
    kind: str
    based_on: str | None
    name: str
    rpr: dict[str, Any]
    ppr: dict[str, Any]
    table_borders: bool | None = None


@dataclass
class Styles:
    """The style sheet of one document, resolved lazily."""

    styles: dict[str, Style] = field(default_factory=dict)
    default_rpr: dict[str, Any] = field(default_factory=dict)
    default_ppr: dict[str, Any] = field(default_factory=dict)
    default_para: str | None = None
    default_table: str | None = None
    theme: dict[str, str] = field(default_factory=dict)
    _chains: dict[tuple[str | None, str], list[Style]] = field(default_factory=dict)
    _runs: dict[tuple, RunFormat] = field(default_factory=dict)
    _paras: dict[tuple, ParaFormat] = field(default_factory=dict)

    @classmethod
    def load(cls, styles_root: etree._Element | None, theme_root: etree._Element | None) -> Styles:
        theme = _theme_fonts(theme_root)
        sheet = cls(theme=theme)
        if styles_root is None:
            return sheet
        defaults = styles_root.find(w("docDefaults"))
        if defaults is not None:
            sheet.default_rpr = rpr_props(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"), theme)
            sheet.default_ppr = ppr_props(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
        for element in styles_root.iter(w("style")):
            style_id = wattr(element, "styleId") or ""
            kind = wattr(element, "type") or "paragraph"
            based = element.find(w("basedOn"))
            name = element.find(w("name"))
            borders = None
            tblpr = element.find(w("tblPr"))
            if tblpr is not None and tblpr.find(w("tblBorders")) is not None:
                borders = _visible_borders(tblpr.find(w("tblBorders")))
            sheet.styles[style_id] = Style(
                style_id=style_id,
                kind=kind,
                based_on=wattr(based, "val"),
                name=wattr(name, "val") or style_id,
                rpr=rpr_props(element.find(w("rPr")), theme),
                ppr=ppr_props(element.find(w("pPr"))),
                table_borders=borders,
            )
            if on_default(element):
                if kind == "paragraph":
                    sheet.default_para = style_id
                elif kind == "table":
                    sheet.default_table = style_id
        return sheet

    def chain(self, style_id: str | None, kind: str) -> list[Style]:
        """The style and its ancestors, base first (cycles and missing styles are cut)."""
        key = (style_id, kind)
        if key in self._chains:
            return self._chains[key]
        if style_id is None or style_id not in self.styles:
            style_id = {"paragraph": self.default_para, "table": self.default_table}.get(kind)
        out: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen and len(out) < 50:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            style_id = style.based_on
        out.reverse()
        self._chains[key] = out
        return out

    def run_format(
        self,
        direct: dict[str, Any],
        *,
        para_style: str | None,
        char_style: str | None,
        table_style: str | None,
    ) -> RunFormat:
        key = (tuple(sorted(direct.items())), para_style, char_style, table_style)
        cached = self._runs.get(key)
        if cached is None:
            cached = self._runs[key] = self._run_format(direct, para_style, char_style, table_style)
        return cached

    def _run_format(
        self, direct: dict[str, Any], para_style: str | None, char_style: str | None, table_style: str | None
    ) -> RunFormat:
        props: dict[str, Any] = dict(self.default_rpr)
        if table_style is not None:
            for style in self.chain(table_style, "table"):
                props.update(style.rpr)
        for style in self.chain(para_style, "paragraph"):
            props.update(style.rpr)
        if char_style:
            for style in self.chain(char_style, "character"):
                props.update(style.rpr)
        props.update(direct)
        font = props.get("ascii") or self.theme.get("minor") or DEFAULT_FONT
        return RunFormat(
            font=font,
            font_hansi=props.get("hAnsi") or font,
            size=float(props.get("sz", DEFAULT_SIZE_PT)),
            bold=bool(props.get("b", False)),
            italic=bool(props.get("i", False)),
            underline=bool(props.get("u", False)),
            color=props.get("color"),
            caps=bool(props.get("caps", False)),
            vert_align=props.get("vertAlign"),
            hidden=bool(props.get("vanish", False)),
            bad_size=props.get("sz_bad"),
        )

    def para_format(
        self, direct: dict[str, Any], *, para_style: str | None, table_style: str | None
    ) -> ParaFormat:
        key = (tuple(sorted(direct.items())), para_style, table_style)
        cached = self._paras.get(key)
        if cached is None:
            cached = self._paras[key] = self._para_format(direct, para_style, table_style)
        return cached

    def _para_format(
        self, direct: dict[str, Any], para_style: str | None, table_style: str | None
    ) -> ParaFormat:
        props: dict[str, Any] = dict(self.default_ppr)
        if table_style is not None:
            for style in self.chain(table_style, "table"):
                props.update(style.ppr)
        for style in self.chain(para_style, "paragraph"):
            props.update(style.ppr)
        props.update(direct)
        return ParaFormat(
            style_id=para_style,
            jc=props.get("jc"),
            first_line=props.get("first", 0),
            left=props.get("left", 0),
            right=props.get("right", 0),
            before=props.get("before") or 0,
            after=props.get("after") or 0,
            line=props.get("line"),
            line_rule=props.get("lineRule") or "auto",
            contextual=bool(props.get("contextual", False)),
            border_bottom=bool(props.get("bdr_bottom", False)),
            numbered=bool(props.get("numbered", False)),
            boxed=all(props.get(f"bdr_{side}", False) for side in ("top", "bottom", "left", "right")),
        )


def on_default(element: etree._Element) -> bool:
    return (wattr(element, "default") or "0").lower() in {"1", "true", "on"}


def _visible_borders(borders: etree._Element) -> bool:
    return any(
        (wattr(side, "val") or "none") not in {"none", "nil"} for side in borders if isinstance(side.tag, str)
    )


def _theme_fonts(theme_root: etree._Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if theme_root is None:
        return out
    for key, tag in (("major", "majorFont"), ("minor", "minorFont")):
        latin = theme_root.find(f".//{{{A_NS}}}{tag}/{{{A_NS}}}latin")
        if latin is not None and latin.get("typeface"):
            out[key] = latin.get("typeface")
    return out
