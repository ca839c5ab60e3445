"""The OOXML layer: package writing (fixed times, stored or deflated, copied entries), relationships and
content types through a parser, fragments, drawing ids, normalisation, and where a package's text is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from vbhc.ooxml import drawing, safe
from vbhc.ooxml import write as zipout
from vbhc.ooxml.namespaces import CONTENT_TYPES_NS, HEADER_TYPE, IMAGE_TYPE, W_NS, WP_NS
from vbhc.ooxml.normalise import normalise
from vbhc.ooxml.package import parse_rels, word_parts
from vbhc.ooxml.rels import add_default_type, add_relationships

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "van_ban.docx"
RELS = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="t" Target="styles.xml"/></Relationships>'
)
TYPES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)

names = st.text(st.characters(codec="utf-8", exclude_characters="/\\\x00"), min_size=1, max_size=12)


def test_an_image_relationship_is_added_as_an_element() -> None:
    out = add_relationships(RELS, [("rIdX", IMAGE_TYPE, "media/a&b.png")], where="rels")
    rels = parse_rels(etree.fromstring(out), "word/document.xml")
    assert rels == {"rId1": ("t", "word/styles.xml"), "rIdX": (IMAGE_TYPE, "word/media/a&b.png")}
    assert b"a&amp;b.png" in out  # escaped by the serialiser, not spliced as text


def test_a_content_type_is_added_once_before_the_other_defaults() -> None:
    once = add_default_type(TYPES, "png", "image/png")
    assert add_default_type(once, "png", "image/png") == once
    defaults = etree.fromstring(once).findall(f"{{{CONTENT_TYPES_NS}}}Default")
    assert [(d.get("Extension"), d.get("ContentType")) for d in defaults] == [
        ("png", "image/png"),
        ("xml", "application/xml"),
    ]


def test_a_relationships_part_with_a_dtd_is_refused() -> None:
    hostile = RELS.replace(b"\n<Relationships", b'\n<!DOCTYPE r [<!ENTITY e "x">]><Relationships')
    with pytest.raises(safe.UnreadableDocument, match="DTD"):
        add_relationships(hostile, [], where="word/_rels/document.xml.rels")


def test_package_writer_fixes_times_and_stores_what_is_compressed() -> None:
    out = io.BytesIO()
    with zipout.PackageWriter(out, level=1) as target:
        target.add("a.xml", b"<a/>" * 100)
        target.add("media/p.png", b"\x89PNG" + bytes(200), stored=True)
        target.stream("b.xml", ["<b>", "x" * 10, "</b>"], batch=4)
    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    infos = {info.filename: info for info in package.infolist()}
    assert {info.date_time for info in infos.values()} == {zipout.FIXED_TIME}
    assert infos["a.xml"].compress_type == zipfile.ZIP_DEFLATED
    assert infos["media/p.png"].compress_type == zipfile.ZIP_STORED
    assert package.read("b.xml") == b"<b>" + b"x" * 10 + b"</b>"


@settings(max_examples=40, deadline=None)
@given(
    static=st.dictionaries(names, st.binary(max_size=2000), min_size=1, max_size=4),
    dynamic=st.dictionaries(names, st.binary(max_size=2000), max_size=3),
    stored=st.booleans(),
)
def test_copied_entries_and_new_ones_make_a_valid_package(
    static: dict[str, bytes], dynamic: dict[str, bytes], stored: bool
) -> None:
    dynamic = {f"new/{name}": data for name, data in dynamic.items()}
    source = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(source, "w", method) as archive:
        for name, data in static.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(source) as archive:
        entries = [zipout.copied(source, info) for info in archive.infolist()]
    assert all(entries)
    prefix = zipout.FrozenPrefix([e for e in entries if e])
    data = prefix.package([zipout.deflated(n, d, 6) for n, d in dynamic.items()])
    with zipfile.ZipFile(io.BytesIO(data)) as result:
        assert result.testzip() is None
        assert {i.filename: result.read(i) for i in result.infolist()} == {**static, **dynamic}
        assert {i.date_time for i in result.infolist()} == {zipout.FIXED_TIME}


def test_a_fragment_has_no_namespace_declarations_of_its_own() -> None:
    sect = '<w:sectPr><w:pgSz w:w="1"/></w:sectPr>'
    root = etree.fromstring(f'<w:document xmlns:w="{W_NS}">{sect}</w:document>')
    text = zipout.fragment(root[0])
    assert text == sect
    spliced = etree.fromstring(f'<w:document xmlns:w="{W_NS}">{text}</w:document>')
    assert etree.tostring(spliced[0]) == etree.tostring(root[0])


def test_drawings_repeated_by_a_loop_get_distinct_ids() -> None:
    body = "".join(f'<wp:docPr id="7" name="p{i}"/>' for i in range(3))
    tree = etree.fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:wp="{WP_NS}">{body}</w:body>')
    drawing.number_drawings(tree)
    assert [e.get("id") for e in tree.iter(f"{{{WP_NS}}}docPr")] == ["1001", "1002", "1003"]


def test_png_size_and_a_refused_non_png() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(4) + b"IHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    assert drawing.png_size(png) == (640, 480)
    assert drawing.png_size(b"GIF89a" + bytes(30)) is None


def test_normalise_drops_dates_and_points_the_theme_at_one_font() -> None:
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:created x="1">2020</dcterms:created>'
            "<dcterms:modified>2021</dcterms:modified><cp:k>giữ</cp:k></cp:coreProperties>",
        )
        theme = '<a:latin typeface="Calibri"/><a:latin typeface="Cambria"/>'
        archive.writestr("word/theme/theme1.xml", theme)
    out = zipfile.ZipFile(io.BytesIO(normalise(source.getvalue(), font="Times New Roman")))
    core = out.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core and "giữ" in core
    assert out.read("word/theme/theme1.xml").decode().count('typeface="Times New Roman"') == 2
    assert {i.date_time for i in out.infolist()} == {zipout.FIXED_TIME}


def test_word_parts_of_a_template() -> None:
    with zipfile.ZipFile(TEMPLATE) as archive:
        found = word_parts(archive)
        rels = parse_rels(etree.fromstring(archive.read("word/_rels/document.xml.rels")), found.main)
    assert found.main == "word/document.xml" and "wordprocessingml" in (found.main_type or "")
    headers = {target for kind, target in rels.values() if kind == HEADER_TYPE}
    assert headers and headers <= set(found.stories)
    assert found.core == "docProps/core.xml"


def test_a_merge_is_reproducible(tmp_path: Path) -> None:
    from vbhc.workflows.merge import merge

    example = TEMPLATE.parents[1] / "examples" / "giay_moi_hoi_nghi_cchc"
    result = merge(example / "giay_moi.docx", example / "dai_bieu.xlsx", tmp_path, name="{stt}.docx")
    assert result.written
    for path in result.written:
        with zipfile.ZipFile(path) as package:
            assert {info.date_time for info in package.infolist()} == {zipout.FIXED_TIME}
