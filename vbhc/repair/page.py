"""Page set-up: paper size, margins, the page-number header (none on page 1), the annexes' restart."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from vbhc import nd30
from vbhc.checker.checks import so
from vbhc.checker.document import Where
from vbhc.checker.styles import on, w, wattr
from vbhc.ooxml.namespaces import FOOTER_TYPE, HEADER_TYPE, R_NS
from vbhc.ooxml.package import rels_part
from vbhc.repair import xml
from vbhc.repair.job import Job
from vbhc.repair.locate import HeaderRef
from vbhc.repair.package import HEADER_CONTENT_TYPE, HEADER_NSMAP
from vbhc.repair.styles import apply_look, set_size, set_toggle

_SIDES = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}


def _sect(job: Job, index: int) -> etree._Element:
    """The ``w:sectPr`` of section ``index`` (1-based); the body's own is created when missing."""
    sect = job.at.sections[index - 1]
    if sect is None:
        body = job.edit.xml(job.edit.main).find(w("body"))
        sect = etree.SubElement(body, w("sectPr"))
        job.at.sections[index - 1] = sect
    return sect


def paper(job: Job) -> None:
    """P1: A4, in the section's orientation."""
    for finding in job.findings("P1"):
        index = finding.vi_tri[0].phan
        section = job.doc.sections[index - 1]
        size = xml.child(_sect(job, index), "pgSz", xml.SECTPR_ORDER)
        landscape = section.landscape
        width, height = sorted(nd30.A4_TWIPS, reverse=landscape)
        before = (
            f"khổ {so(nd30.mm(section.width), 0)} × {so(nd30.mm(section.height), 0)} mm"
            if section.width and section.height
            else "không khai báo khổ giấy"
        )
        xml.set_attrs(size, w=str(width), h=str(height), orient="landscape" if landscape else None)
        job.change("P1", Where(phan=index), before, f"khổ A4 {'ngang' if landscape else 'dọc'}")


def margins(job: Job) -> None:
    """P3: each margin the finding names set to the decree's own value (landscape: the minima)."""
    for finding in job.findings("P3"):
        index = finding.vi_tri[0].phan
        section = job.doc.sections[index - 1]
        official = nd30.MARGINS_LANDSCAPE if section.landscape else nd30.MARGINS_OFFICIAL
        margin = xml.child(_sect(job, index), "pgMar", xml.SECTPR_ORDER)
        for side in nd30.MARGIN_RANGES_MM:
            if _SIDES[side] not in finding.thay:  # the checker's words for the sides it found wrong
                continue
            value = section.margins.get(side)
            want = getattr(official, side)
            xml.set_attrs(margin, **{side: str(nd30.twips(want))})
            was = f"{so(nd30.mm(abs(value)))} mm" if value is not None else "không khai báo"
            job.change("P3", Where(phan=index), f"{_SIDES[side]} {was}", f"{_SIDES[side]} {so(want, 0)} mm")
        header = str(nd30.twips(nd30.HEADER_DISTANCE_MM))
        for name, default in (("header", header), ("footer", header), ("gutter", "0")):
            if wattr(margin, name) is None:  # required by the schema
                xml.set_attrs(margin, **{name: default})


def _page_paragraph() -> etree._Element:
    """A centred PAGE field in the page-number size of the rule book."""
    size = str(round(nd30.SIZES["so_trang"].default * 2))
    props = (
        f'<w:rPr><w:rFonts w:ascii="{nd30.FONT}" w:hAnsi="{nd30.FONT}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )
    return etree.fromstring(
        f'<w:p xmlns:w="{HEADER_NSMAP["w"]}"><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{props}<w:t>2</w:t></w:r>"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def page_numbers(job: Job) -> None:
    """P6: a page number where there is none (in the default header of each section that shows no
    number), and the look of a number that is there."""
    findings = job.findings("P6")
    if not findings:
        return
    missing = any(not f.vi_tri or key_is_section(f.vi_tri[0]) or f.vi_tri[0].chan_trang for f in findings)
    for finding in findings:
        paragraph = job.paragraph(finding)
        if paragraph is not None and finding.vi_tri[0].dau_trang:
            apply_look(job, "P6", paragraph, "so_trang")
            element = job.element(paragraph)
            if element is not None and id(paragraph) in job.sized:  # the field's code runs too:
                set_size(list(xml.runs(element)), job.sized[id(paragraph)])  # Word formats by them
            if element is not None and any(fmt.italic for fmt in paragraph.page_fields):
                set_toggle(list(xml.runs(element)), "i", False)
                job.change("P6", paragraph, "số trang in nghiêng", "số trang chữ đứng")
        elif paragraph is not None and finding.vi_tri[0].chan_trang:
            element = job.element(paragraph)
            if element is not None and _remove_page_field(element):
                job.change(
                    "P6", paragraph, "số trang ở chân trang", "bỏ số trang ở chân trang (đặt ở đầu trang)"
                )
    if not missing:
        return
    defaults = [h for h in job.at.headers if h.kind == "default" and not h.footer]
    if defaults:
        for ref in defaults:
            root = job.edit.xml(ref.part)
            if root is None:
                continue
            root.append(_page_paragraph())
            job.edit.touch(ref.part)
            job.change(
                "P6",
                Where(phan=ref.section, dau_trang="default"),
                "không có số trang",
                "trường PAGE giữa lề trên",
            )
        _title_page(job)
        return
    name = job.edit.free_name("word/header{}.xml")
    root = etree.Element(w("hdr"), nsmap=HEADER_NSMAP)
    root.append(_page_paragraph())
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)
    rel_id = job.edit.add_part(name, data, HEADER_TYPE, HEADER_CONTENT_TYPE)
    sect = _sect(job, 1)
    ref = etree.Element(w("headerReference"))
    ref.set(w("type"), "default")
    ref.set(f"{{{R_NS}}}id", rel_id)
    sect.insert(0, ref)
    job.change("P6", Where(phan=1), "không có số trang", "trường PAGE giữa lề trên, cỡ 14, từ trang 2")
    _title_page(job)


def _remove_page_field(paragraph: etree._Element) -> bool:
    """Take the PAGE field (simple or complex) out of a paragraph; True when one was there."""
    removed = False
    for simple in list(paragraph.iter(w("fldSimple"))):
        if (wattr(simple, "instr") or "").split()[:1] == ["PAGE"]:
            simple.getparent().remove(simple)
            removed = True
    inside: list[etree._Element] = []
    depth = 0
    for run in list(xml.runs(paragraph)):
        kind = wattr(run.find(w("fldChar")), "fldCharType") if run.find(w("fldChar")) is not None else None
        if kind == "begin":
            depth += 1
        if depth:
            inside.append(run)
        if kind == "end" and depth:
            depth -= 1
            if not depth:
                code = "".join(t.text or "" for r in inside for t in r.iter(w("instrText")))
                if code.split()[:1] == ["PAGE"]:
                    for r in inside:
                        r.getparent().remove(r)
                    removed = True
                inside = []
    return removed


def key_is_section(where: Where) -> bool:
    """A place that is a whole section (the finding is about the document, not a paragraph)."""
    return where.doan is None and where.bang is None and not where.dau_trang and not where.chan_trang


def _title_page(job: Job) -> None:
    """Section 1 gets «different first page»; what its header and footer show besides the number
    (a logo, an address) stays on page 1 in a first-page copy without the number."""
    sect = _sect(job, 1)
    existing = sect.find(w("titlePg"))
    if job.doc.sections[0].title_page or (existing is not None and on(existing)):
        return  # already on (or turned on in this step)
    xml.set_attrs(xml.child(sect, "titlePg", xml.SECTPR_ORDER), val=None)
    job.change("P7", Where(phan=1), "trang thứ nhất hiện số trang", "«Trang đầu khác»: trang 1 không có số")
    for footer in (False, True):
        refs = [h for h in job.at.headers if h.section == 1 and h.footer is footer]
        default = next((h for h in refs if h.kind == "default"), None)
        if default is not None and not any(h.kind == "first" for h in refs):
            _first_page_copy(job, sect, default)


def _first_page_copy(job: Job, sect: etree._Element, default: HeaderRef) -> None:
    """A first-page header (footer) that is ``default`` without its page number, when it shows more."""
    root = job.edit.xml(default.part)
    if root is None:
        return
    copy = deepcopy(root)
    for paragraph in copy.iter(w("p")):
        _remove_page_field(paragraph)
    pictures = copy.find(f".//{w('drawing')}") is not None or copy.find(f".//{w('pict')}") is not None
    if not pictures and not any((t.text or "").strip() for t in copy.iter(w("t"))):
        return
    kind = "footer" if default.footer else "header"
    name = job.edit.free_name(f"word/{kind}{{}}.xml")
    data = etree.tostring(copy, encoding="UTF-8", xml_declaration=True, standalone=True)
    content_type = HEADER_CONTENT_TYPE.replace("header", kind)
    rel_id = job.edit.add_part(name, data, FOOTER_TYPE if default.footer else HEADER_TYPE, content_type)
    if job.edit.package.has(rels := rels_part(default.part)):
        job.edit.added[rels_part(name)] = job.edit.package.read(rels)  # its pictures, links
    ref = etree.Element(w(f"{kind}Reference"))
    ref.set(w("type"), "first")
    ref.set(f"{{{R_NS}}}id", rel_id)
    sect.insert(0, ref)
    where = Where(phan=1, chan_trang="first") if default.footer else Where(phan=1, dau_trang="first")
    name_vi = "chân trang" if default.footer else "đầu trang"
    job.change("P7", where, f"trang 1 không có {name_vi} riêng", f"trang 1 giữ {name_vi}, không có số trang")


def first_page(job: Job) -> None:
    """P7: section 1 gets «different first page» (its first page shows no header then)."""
    if job.findings("P7"):
        _title_page(job)


def annex_restart(job: Job) -> None:
    """P8: an annex that starts its section has that section's page numbers start at 1."""
    if not job.findings("P8"):
        return
    for annex in job.c.annexes:
        section = annex.section
        if section.page_start == 1 or not any(b is annex.heading for b in section.blocks[:3]):
            continue
        numbering = xml.child(_sect(job, section.index), "pgNumType", xml.SECTPR_ORDER)
        xml.set_attrs(numbering, start="1")
        before = f"bắt đầu từ {section.page_start}" if section.page_start else "nối tiếp văn bản"
        job.change("P8", annex.heading, f"số trang phụ lục {before}", "số trang phụ lục bắt đầu từ 1")
