"""What ``vbhc import`` cannot read with certainty is reported paragraph by paragraph, and the words
are kept: numbers typed out of sequence, a «2.» that could be a khoản or a list item, a «+» without
a «-», emphasis that Markdown cannot write, merged table cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_helpers import printed_text
from mutate import Docx, w

from vbhc import load, render
from vbhc.cli.render import starter_text
from vbhc.importing import import_docx
from vbhc.model import Doan, Run
from vbhc.sources.markdown import loads


def _source(loai: str, body: str):
    text = starter_text(loai).decode("utf-8")
    head = text[: text.index("---", 3) + 4]
    return loads(head + "\n" + body + "\n", source=f"{loai}.md")


def _reimport(tmp_path: Path, docx: Path):
    imported = import_docx(docx)
    source = tmp_path / "nhap.md"
    source.write_text(imported.source_text, encoding="utf-8")
    again = render(load(source), tmp_path / "lai.docx")
    return imported, load(source), again


CASES = [
    ("ke_hoach", "# Mục đích\n\n**5. Khoản gõ tay**\n\nNội dung.",
     "khoản «5.» không liền số khoản trước: nhập thành đoạn thường", ("van", "5. Khoản gõ tay")),
    ("ke_hoach", "II\\. Mục gõ tay\n\nNội dung.",
     "mục «II.» không liền số mục trước: nhập thành đoạn thường", ("van", "II. Mục gõ tay")),
    ("ke_hoach", "# Mục đích\n\nb) Điểm gõ tay\n\nNội dung.",
     "điểm «b)» không liền chữ điểm trước: nhập thành đoạn thường", ("van", "b) Điểm gõ tay")),
    ("ke_hoach", "Mở đầu.\n\n\\+ Ý con không có ý cha\n\nNội dung.",
     "dòng «+» không đứng sau dòng «-»: nhập thành đoạn thường", ("van", "+ Ý con không có ý cha")),
    ("quyet_dinh", "# Thành lập\n\n## Khoản một\n\nGồm:\n\n1. Ông A\n\n## Khoản hai.",
     "«2.» liền sau danh sách đánh số: có thể là khoản 2 hoặc mục tiếp theo của danh sách; nhập là danh sách",
     ("liet_ke", "2. Khoản hai.")),
    ("quyet_dinh", "# Thành lập\n\n**Điều 5.** Điều gõ tay\n\n# Tiếp theo\n\nNội dung.",
     "«Điều 5.» không liền số điều trước: giữ số gõ tay", ("dieu", "Điều 6. Tiếp theo")),
]


@pytest.mark.parametrize(("loai", "body", "note", "block"), CASES)
def test_a_number_out_of_place_is_reported_and_its_words_kept(tmp_path, loai, body, note, block):
    original = _source(loai, body)
    first = render(original, tmp_path / "a.docx")
    imported, again, second = _reimport(tmp_path, first)
    assert [a.message for a in imported.ambiguities] == [note]
    assert str(imported.ambiguities[0]).startswith("phần 1, đoạn ")
    assert block in [(d.kieu, d.text) for d in again.noi_dung]
    assert printed_text(second) == printed_text(first)


def test_emphasis_markdown_cannot_write_is_reported_and_the_words_kept(tmp_path):
    original = _source("ke_hoach", "Nội dung.").sua(noi_dung=[
        Doan(runs=[Run(text="Tổng số"), Run(text="(chưa"), Run(text=" kể)", bold=True), Run(text="x.")]),
    ])
    first = render(original, tmp_path / "a.docx")
    imported, again, second = _reimport(tmp_path, first)
    assert [a.message for a in imported.ambiguities] == [
        "không giữ được chữ đậm, nghiêng (đặt sát dấu câu): nhập chữ thường"
    ]
    assert again.noi_dung[0].text == "Tổng số(chưa kể)x."
    assert printed_text(second) == printed_text(first)


def test_merged_cells_are_padded_and_reported(tmp_path):
    original = _source("bao_cao", "Số liệu:\n\n| TT | Nội dung | Kết quả |\n|---|---|---|\n| 1 | Gộp | ô |")
    docx = Docx.open(render(original, tmp_path / "a.docx"))
    row = next(tr for tr in docx.document.iter(w("tr")) if "Gộp" in "".join(tr.itertext()))
    cells = row.findall(w("tc"))
    span = cells[1].find(w("tcPr")).makeelement(w("gridSpan"), {w("val"): "2"})
    cells[1].find(w("tcPr")).append(span)
    row.remove(cells[2])
    merged = docx.save(tmp_path / "gop.docx")
    imported, again, _ = _reimport(tmp_path, merged)
    assert [a.message for a in imported.ambiguities] == [
        "bảng có ô gộp hoặc hàng thiếu ô: thêm ô trống cho đủ cột"
    ]
    table = next(d.bang for d in again.noi_dung if d.kieu == "bang")
    assert table.dong == [["1", "Gộp", ""]]


def test_characters_markdown_reads_are_escaped(tmp_path):
    """Text holding ``*``, ``_``, ``[[slot]]``, ``<b>``, ``&amp;``, ``\\``, ``|``, ``{{`` and a heading
    ending in «#» comes back as the same text, not as emphasis, a slot, an entity or a closing «#»."""
    tricky = "Nội dung *a* _b_ [[bang]] <b> &amp; \\ | {{ x }} `c` ! #"
    original = _source("ke_hoach", "Nội dung.").sua(noi_dung=[
        Doan(kieu="muc", so="I.", runs=[Run(text="MỤC CÓ DẤU #")]),
        Doan(runs=[Run(text=tricky)]),
        Doan(runs=[Run(text="Dòng một"), Run(text="\n"), Run(text="- dòng hai không phải gạch đầu dòng.")]),
    ])
    first = render(original, tmp_path / "a.docx")
    imported, again, second = _reimport(tmp_path, first)
    assert imported.ambiguities == []
    assert [(d.kieu, d.text) for d in again.noi_dung] == [
        ("muc", "I. MỤC CÓ DẤU #"),
        ("van", tricky),
        ("van", "Dòng một\n- dòng hai không phải gạch đầu dòng."),
    ]
    assert printed_text(second) == printed_text(first)


def test_a_paragraph_numbered_by_word_itself_is_reported(tmp_path):
    """Word's automatic numbering (``w:numPr``) keeps the number out of the text: reported."""
    original = _source("ke_hoach", "Mở đầu.\n\nĐoạn đánh số tự động.\n\nKết thúc.")
    docx = Docx.open(render(original, tmp_path / "a.docx"))
    paragraph = docx.containing("Đoạn đánh số tự động.")
    ppr = paragraph.find(w("pPr"))
    numbering = ppr.makeelement(w("numPr"), {})
    numbering.append(ppr.makeelement(w("ilvl"), {w("val"): "0"}))
    numbering.append(ppr.makeelement(w("numId"), {w("val"): "1"}))
    ppr.append(numbering)
    imported = import_docx(docx.save(tmp_path / "so_tu_dong.docx"))
    assert [a.message.split(":")[0] for a in imported.ambiguities] == ["đoạn dùng đánh số tự động của Word"]


@pytest.mark.parametrize("loai", ["thu_cong", "cong_van", "ke_hoach"])
def test_a_document_without_its_so_line_still_gives_a_source_that_loads(tmp_path, loai):
    docx = Docx.open(render(_source(loai, "Nội dung."), tmp_path / "a.docx"))
    for text in docx.starting("Số:").iter(w("t")):
        text.text = ""
    imported, again, _ = _reimport(tmp_path, docx.save(tmp_path / "khong_so.docx"))
    messages = [a.message for a in imported.ambiguities]
    assert "không thấy dòng «Số: …/…»: nhập là dự thảo, chưa có số" in messages
    assert "không đọc được chữ viết tắt tên cơ quan từ ký hiệu: cần điền «co_quan.viet_tat»" in messages
    assert (again.so, again.co_quan.viet_tat) == (None, "…")


def test_a_trich_yeu_longer_than_a_source_holds_is_cut_and_reported(tmp_path):
    from vbhc.sources.markdown import MAX_FIELD_CHARS

    docx = Docx.open(render(_source("ke_hoach", "Nội dung."), tmp_path / "a.docx"))
    summary = docx.containing("Triển khai thực hiện nhiệm vụ năm 2026")
    texts = list(summary.iter(w("t")))
    long = "Trích yếu rất dài " * 150
    texts[0].text = long
    for text in texts[1:]:
        text.text = ""
    imported, again, _ = _reimport(tmp_path, docx.save(tmp_path / "dai.docx"))
    assert len(again.trich_yeu) == MAX_FIELD_CHARS
    said = f"«trich_yeu» dài {len(long.strip())} ký tự, tệp nguồn nhận tối đa {MAX_FIELD_CHARS}"
    assert any(a.message.startswith(said)
               for a in imported.ambiguities)


def test_a_source_too_big_for_vbhc_render_is_reported(tmp_path, monkeypatch):
    import vbhc.importing.assemble as assemble

    monkeypatch.setattr(assemble, "MAX_SOURCE_BYTES", 1024)
    imported = import_docx(render(_source("ke_hoach", "Nội dung. " * 200), tmp_path / "a.docx"))
    assert [a.message for a in imported.ambiguities] == [
        "tệp nguồn lớn hơn 1 KB, vbhc render không đọc được: hãy tách văn bản"
    ]


def test_hidden_text_is_reported_not_imported(tmp_path):
    """A run hidden in Word (``w:vanish``) or white on white is not on paper: not imported, reported."""
    original = _source("ke_hoach", "Đoạn có chữ ẩn.\n\nĐoạn có chữ trắng.")
    docx = Docx.open(render(original, tmp_path / "a.docx"))
    for phrase, prop, attrs in (("Đoạn có chữ ẩn.", "vanish", {}), ("Đoạn có chữ trắng.", "color",
                                                                      {w("val"): "FFFFFF"})):
        paragraph = docx.containing(phrase)
        run = paragraph.makeelement(w("r"), {})
        rpr = run.makeelement(w("rPr"), {})
        rpr.append(rpr.makeelement(w(prop), attrs))
        run.append(rpr)
        text = run.makeelement(w("t"), {})
        text.text = " bí mật"
        run.append(text)
        paragraph.append(run)
    imported, again, _ = _reimport(tmp_path, docx.save(tmp_path / "an.docx"))
    assert [a.message for a in imported.ambiguities] == [
        "chữ ẩn (vanish) «bí mật»: không nhập",
        "chữ ẩn (white) «bí mật»: không nhập",
    ]
    assert "bí mật" not in imported.source_text
    assert [d.text for d in again.noi_dung] == ["Đoạn có chữ ẩn.", "Đoạn có chữ trắng."]


@pytest.mark.parametrize(
    ("block", "expected"),
    [("  chuc_vu: Q. CHỦ TỊCH\n", ([], "Q. CHỦ TỊCH")),
     ("  tham_quyen: [TM. ỦY BAN NHÂN DÂN]\n  chuc_vu: Q. CHỦ TỊCH\n",
      (["TM. ỦY BAN NHÂN DÂN"], "Q. CHỦ TỊCH")),
     ("  tham_quyen: [KT. CHỦ TỊCH]\n  chuc_vu: PHÓ CHỦ TỊCH\n", (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH"))],
)
def test_a_prefixed_title_over_the_name_is_the_title_not_an_authority_line(tmp_path, block, expected):
    text = starter_text("cong_van").decode("utf-8")
    text = text.replace("  tham_quyen: [TM. ỦY BAN NHÂN DÂN]\n  chuc_vu: CHỦ TỊCH\n", block)
    source = tmp_path / "q.md"
    source.write_text(text, encoding="utf-8")
    _, again, _ = _reimport(tmp_path, render(load(source), tmp_path / "q.docx"))
    signer = again.nguoi_ky
    assert (signer.tham_quyen, signer.chuc_vu, signer.ho_ten) == (*expected, "Nguyễn Văn A")
