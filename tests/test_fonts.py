"""The font check reads the glyphs of the font files the PDF will be set in, not a family name."""

from __future__ import annotations

import os
import shutil
import stat
import warnings
import zipfile
from pathlib import Path

import matplotlib
import pytest

from vbhc.writers import fonts
from vbhc.writers import pdf as pdfmod

MPL_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: A real font file without Vietnamese letters (Computer Modern, shipped with matplotlib).
NO_VIETNAMESE = MPL_FONTS / "cmr10.ttf"
#: A real font file with every Vietnamese letter.
WITH_VIETNAMESE = MPL_FONTS / "DejaVuSerif.ttf"
FIX = "apt-get install fonts-liberation2"


@pytest.fixture
def fake_fc_match(tmp_path, monkeypatch):
    """Install a fake ``fc-match`` that resolves every face to ``family`` in ``file``."""

    def install(family: str, file: Path) -> None:
        folder = tmp_path / "fcbin"
        folder.mkdir(exist_ok=True)
        script = folder / "fc-match"
        script.write_text(f"#!/bin/sh\nprintf '%s\\t%s' '{family}' '{file}'\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        fonts.font_status.cache_clear()

    yield install
    fonts.font_status.cache_clear()


def test_the_letter_set_holds_every_vietnamese_letter():
    assert len(fonts.CHU_VIET) == 134  # 12 vowels × 6 tones × 2 cases, less 12 ASCII, plus đ Đ
    assert set("ệụảỦắớốđưĐƯ") <= set(fonts.CHU_VIET)
    assert all(not letter.isascii() for letter in fonts.CHU_VIET)


def test_a_real_font_without_vietnamese_letters_is_read_as_such():
    missing = fonts.missing_letters(NO_VIETNAMESE)
    assert {"ệ", "ụ", "ả", "Ủ", "ắ", "ớ", "ố"} <= set(missing)
    assert fonts.missing_letters(NO_VIETNAMESE, "ab") == ()
    assert fonts.missing_letters(WITH_VIETNAMESE) == ()


def test_a_liberation_serif_without_vietnamese_glyphs_is_reported(fake_fc_match):
    fake_fc_match("Liberation Serif", NO_VIETNAMESE)
    status = fonts.font_status()
    assert status.font == "Liberation Serif" and not status.ok
    message = fonts.font_warning()
    assert message is not None
    assert "Liberation Serif" in message and "thiếu" in message and "ệ" in message
    assert str(NO_VIETNAMESE) in message and FIX in message


def test_a_missing_font_is_reported_with_the_fix(fake_fc_match):
    fake_fc_match("DejaVu Serif", WITH_VIETNAMESE)
    status = fonts.font_status()
    assert status.font is None and not status.ok
    message = fonts.font_warning()
    assert message is not None and "Times New Roman" in message and FIX in message


@pytest.mark.parametrize("family", ["Liberation Serif", "Tinos", "Times New Roman"])
def test_no_warning_for_a_font_with_every_letter(fake_fc_match, family):
    fake_fc_match(family, WITH_VIETNAMESE)
    assert fonts.font_status().font == family
    assert fonts.font_warning() is None


def test_without_fontconfig_the_font_files_are_read(tmp_path, monkeypatch):
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copyfile(NO_VIETNAMESE, folder / "LiberationSerif-Regular.ttf")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(fonts, "_FONT_DIRS", (str(folder),))
    fonts.font_status.cache_clear()
    try:
        message = fonts.font_warning()
    finally:
        fonts.font_status.cache_clear()
    assert message is not None and "Liberation Serif" in message and FIX in message


def _docx_asking_for(path: Path, family: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="w"><w:r><w:rPr><w:rFonts w:ascii="{family}" w:hAnsi="{family}"/>'
            "</w:rPr></w:r></w:document>",
        )
    return path


def _pdf_warnings(source: Path, *embedded: str) -> list[str]:
    data = b" ".join(b"<< /BaseFont /ABCDEF+" + name.encode() + b" >>" for name in embedded)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdfmod._warn_fonts(source, source.with_suffix(".pdf"), data)
    return [str(item.message) for item in caught]


def test_pdf_font_warning_names_what_the_document_asked_for(tmp_path):
    arial = _docx_asking_for(tmp_path / "arial.docx", "Arial")
    assert _pdf_warnings(arial, "LiberationSans-Bold", "ArialMT") == []
    (message,) = _pdf_warnings(arial, "LiberationSans", "DejaVuSans")
    assert "Arial" in message and "DejaVuSans" in message
    assert "Times New Roman" not in message

    times = _docx_asking_for(tmp_path / "times.docx", "Times New Roman")
    assert _pdf_warnings(times, "LiberationSerif", "Tinos-Italic") == []
    (message,) = _pdf_warnings(times, "LiberationSerif", "DejaVuSerif")
    assert "Times New Roman" in message and "DejaVuSerif" in message and FIX in message


def test_requested_fonts_of_a_spreadsheet(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/styles.xml", '<styleSheet><fonts><font><name val="Calibri"/></font></fonts></x>')
    assert pdfmod.requested_fonts(path) == {"Calibri"}
    assert pdfmod.foreign_fonts({"Carlito-Bold", "DejaVuSans"}, {"Calibri"}) == {"DejaVuSans"}


ROOT = Path(__file__).resolve().parents[1]


def test_ci_installs_the_packages_every_run():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.startswith("#")]
    install = next(i for i, line in enumerate(commands) if "apt-get install" in line)
    assert any("apt-get update" in line for line in commands[:install])
    assert not any(line.startswith(("if ", "[", "test ")) or "||" in line for line in commands[:install])
    packages = " ".join(commands[install : install + 2]).split()
    wanted = ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-liberation2", "poppler-utils")
    assert set(wanted) <= set(packages)
    assert "fonts-liberation" not in packages


@pytest.mark.parametrize("path", ["README.md", "docs/pdf.md"])
def test_install_hints_name_fonts_liberation2(path):
    import re

    text = (ROOT / path).read_text(encoding="utf-8")
    hints = [line for line in text.splitlines() if "apt-get install" in line and "fonts-liberation" in line]
    assert hints
    assert all(not re.search(r"fonts-liberation(?!2)", line) for line in hints)
    from vbhc.writers.pdf import INSTALL_LIBREOFFICE

    assert "fonts-liberation2" in INSTALL_LIBREOFFICE and "fonts-liberation2" in fonts.INSTALL_FONTS
