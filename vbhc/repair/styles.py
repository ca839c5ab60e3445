"""Fonts (theme fonts included) and the look of each component from the rule book
(``nd30.THANH_PHAN``): size, bold, italic, underline, centring."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from vbhc import nd30
from vbhc.checker.checks import canh, pt
from vbhc.checker.components import canon
from vbhc.checker.document import Paragraph
from vbhc.checker.reader import legacy_encoding
from vbhc.checker.styles import w
from vbhc.ooxml.namespaces import A_NS, FOOTER_TYPE, FOOTNOTES_TYPE, HEADER_TYPE, STYLES_TYPE, THEME_TYPE
from vbhc.repair import xml
from vbhc.repair.job import Job

#: Fonts of symbols (bullets, ticks): changing them changes the glyph, so they are left.
SYMBOL_FONTS = ("symbol", "wingdings", "webdings", "zapf")
_ENDNOTES_TYPE = FOOTNOTES_TYPE.replace("footnotes", "endnotes")


def _good(font: str) -> bool:
    return canon(font).lower().startswith(nd30.FONT.lower())


def _kept(font: str) -> bool:
    """A font the repair leaves: a legacy 8-bit font (its text would change) or a symbol font."""
    return legacy_encoding(font) is not None or font.strip().lower().startswith(SYMBOL_FONTS)


def fonts(job: Job) -> None:
    """P4: Times New Roman in the theme and in every ``w:rFonts`` of the text parts."""
    if not job.findings("P4"):
        return
    rels = job.edit.rels(job.edit.main)
    theme = next((t for kind, t in rels.values() if kind == THEME_TYPE), None)
    root = job.edit.xml(theme) if theme else None
    if root is not None:
        for tag, what in (("majorFont", "phông tiêu đề"), ("minorFont", "phông nội dung")):
            latin = root.find(f".//{{{A_NS}}}{tag}/{{{A_NS}}}latin")
            old = latin.get("typeface") if latin is not None else None
            if old and not _good(old) and not _kept(old):
                latin.set("typeface", nd30.FONT)
                job.edit.touch(theme)
                job.change("P4", None, f"{what} của chủ đề (theme) «{old}»", f"«{nd30.FONT}»")
    kinds = {STYLES_TYPE, HEADER_TYPE, FOOTER_TYPE, FOOTNOTES_TYPE, _ENDNOTES_TYPE}
    parts = [job.edit.main, *(t for kind, t in rels.values() if kind in kinds)]
    counts: Counter[str] = Counter()
    for part in dict.fromkeys(parts):
        root = job.edit.xml(part)
        if root is None:
            continue
        for element in root.iter(w("rFonts")):
            for name in ("ascii", "hAnsi"):
                old = element.get(w(name))
                if old and not _good(old) and not _kept(old):
                    element.set(w(name), nd30.FONT)
                    counts[old] += 1
                    job.edit.touch(part)
    for old, count in counts.items():
        job.change("P4", None, f"phông «{old}» ({count} chỗ khai báo)", f"«{nd30.FONT}»")


#: The component each style rule judges (O5's is the annex part the paragraph is).
STYLE_RULES = {
    "H3": "quoc_hieu",
    "H5": "tieu_ngu",
    "H8": "co_quan_ban_hanh",
    "H9": "co_quan_chu_quan",
    "H12": "so_ky_hieu",
    "H18": "dia_danh_ngay",
    "T1": "ten_loai",
    "T2": "trich_yeu",
    "T4": "trich_yeu_cong_van",
    "S1": "chuc_vu",
    "S3": "ho_ten",
    "R1": "noi_nhan_label",
    "R2": "noi_nhan_item",
    "B5": "can_cu",
    "O1": "do_khan",
    "O2": "pham_vi_luu_hanh",
    "O3": "ky_hieu_nguoi_soan",
    "O4": "dia_chi",
    "O5": "",
    "O7": "ban_sao",
}


def components(job: Job) -> None:
    """The style rules: each paragraph a finding points at takes its component's look."""
    for rule_id, component in STYLE_RULES.items():
        done: set[int] = set()
        for finding in job.findings(rule_id):
            paragraph = job.paragraph(finding)
            if paragraph is None or id(paragraph) in done or job.ambiguous(paragraph):
                continue
            done.add(id(paragraph))
            look = component or _annex_part(job, paragraph)
            if look:
                apply_look(job, rule_id, paragraph, look)


def _annex_part(job: Job, paragraph: Paragraph) -> str | None:
    for annex in job.c.annexes:
        if paragraph is annex.heading:
            return "phu_luc_heading"
        if any(paragraph is p for p in annex.title):
            return "phu_luc_title"
        if paragraph is annex.kem_theo or any(paragraph is p for p in annex.kem_theo_more):
            return "kem_theo"
    return None


def apply_look(job: Job, rule_id: str, paragraph: Paragraph, component: str) -> None:
    """Give ``paragraph`` the size, bold, italic, underline and centring of ``component``."""
    element = job.element(paragraph)
    if element is None:
        return
    look = nd30.THANH_PHAN[component]
    runs = xml.text_runs(element)
    bad = sorted(s for s in paragraph.sizes if s not in look.size)
    if bad:
        size = paragraph.size if paragraph.size in look.size else look.size.default
        set_size(runs, size)
        job.sized[id(paragraph)] = size
        job.change(rule_id, paragraph, f"cỡ chữ {', '.join(pt(s) for s in bad)}", f"cỡ chữ {pt(size)}")
    for attribute, tag, yes, no in (
        ("bold", "b", "in đậm", "không in đậm"),
        ("italic", "i", "in nghiêng", "không in nghiêng"),
    ):
        wanted = getattr(look, attribute)
        if wanted is True and not paragraph.all(attribute):
            set_toggle(runs, tag, True)
            job.change(rule_id, paragraph, no, yes)
        elif wanted is False and paragraph.any(attribute):
            set_toggle(runs, tag, False)
            job.change(rule_id, paragraph, yes, no)
    if look.underline is False and paragraph.any("underline"):
        for run in runs:
            xml.set_attrs(xml.child(xml.rpr(run), "u", xml.RPR_ORDER), val="none")
        job.change(rule_id, paragraph, "có gạch chân", "không gạch chân")
    if look.align == "center" and paragraph.fmt.jc != "center":
        set_jc(element, "center")
        job.change(rule_id, paragraph, canh(paragraph.fmt.jc), canh("center"))


def set_size(runs: list[etree._Element], size: float) -> None:
    half = str(round(size * 2))
    for run in runs:
        props = xml.rpr(run)
        for tag in ("sz", "szCs"):
            xml.set_attrs(xml.child(props, tag, xml.RPR_ORDER), val=half)


def set_toggle(runs: list[etree._Element], tag: str, value: bool) -> None:
    for run in runs:
        props = xml.rpr(run)
        for name in (tag, f"{tag}Cs"):
            xml.set_attrs(xml.child(props, name, xml.RPR_ORDER), val=None if value else "0")


def set_jc(paragraph: etree._Element, value: str) -> None:
    xml.set_attrs(xml.child(xml.ppr(paragraph), "jc", xml.PPR_ORDER), val=value)


def sizes_agree(job: Job) -> None:
    """H21: Quốc hiệu, Tiêu ngữ and date in one of the two profiles of the decree (by the Tiêu ngữ)."""
    if not job.findings("H21"):
        return
    c = job.c
    tn = c.tieu_ngu
    profile = nd30.SIZE_PROFILES[
        "A" if tn is not None and tn.size == nd30.SIZE_PROFILES["A"]["tieu_ngu"] else "B"
    ]
    for component, paragraph in (("quoc_hieu", c.quoc_hieu), ("tieu_ngu", tn), ("dia_danh_ngay", c.date)):
        element = job.element(paragraph) if paragraph is not None else None
        size = profile[component]
        done = job.sized.get(id(paragraph), paragraph.size if paragraph.sizes == {paragraph.size} else None)
        if element is None or done == size or job.ambiguous(paragraph):
            continue
        set_size(xml.text_runs(element), size)
        job.change("H21", paragraph, f"cỡ chữ {pt(paragraph.size)}", f"cỡ chữ {pt(size)}")
