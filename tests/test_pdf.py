"""vbhc.writers.pdf, vbhc.writers.fonts and the ``pdf``/``preview`` commands, on files made here."""

from __future__ import annotations

import os
import stat
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

try:
    from tests.pdf_pages import nfc, read_pdf, require_pdftoppm, require_soffice
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from pdf_pages import nfc, read_pdf, require_pdftoppm, require_soffice
from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError
from vbhc.writers import pdf as pdfmod
from vbhc.writers.pdf import foreign_fonts, pdf_fonts, to_pdf

TEXTS = {
    "ke_hoach": "Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân xã Hùng Thắng",
    "Báo cáo quý I": "Báo cáo kết quả thực hiện nhiệm vụ quý I: đạt 95,5% chỉ tiêu; Nơi nhận: Lưu VT.",
}


def make_docx(path: Path, text: str) -> Path:
    """An A4 DOCX with one Vietnamese paragraph in Times New Roman."""
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(nd30.A4_MM[0]), Mm(nd30.A4_MM[1])
    style = document.styles["Normal"]
    style.font.name = nd30.FONT
    style.font.size = Pt(nd30.SIZES["noi_dung"].default)
    document.add_paragraph(nd30.QUOC_HIEU)
    document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.font = Font(name=nd30.FONT, size=nd30.SIZES["bang"].default)
    book.save(str(path))
    return path


def fake_program(folder: Path, name: str, body: str) -> Path:
    """An executable shell script ``folder/name``."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(nfc(page.text).split()) for page in read_pdf(path))


@pytest.fixture
def counting_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Route LibreOffice through a wrapper that logs each start and its arguments; return the log."""
    require_soffice()
    real = pdfmod.find_soffice()
    log = tmp_path / "soffice.log"
    wrapper = fake_program(
        tmp_path / "bin", "soffice", f'printf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n'
    )
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(wrapper))
    return log


# --- conversion -----------------------------------------------------------------------------------


def test_batch_is_one_libreoffice_run_and_keeps_the_vietnamese_text(tmp_path, counting_soffice):
    sources = [make_docx(tmp_path / "in" / f"{name}.docx", text) for name, text in TEXTS.items()]
    rows = [["TT", "Nội dung công việc"], ["1", "Rà soát thủ tục"]]
    sheet = make_xlsx(tmp_path / "in" / "nhiem_vu.xlsx", rows)

    out = to_pdf([*sources, sheet], tmp_path / "out")

    assert out == [
        tmp_path / "out" / "ke_hoach.pdf",
        tmp_path / "out" / "Báo cáo quý I.pdf",  # Vietnamese names with spaces are kept
        tmp_path / "out" / "nhiem_vu.pdf",
    ]
    for (_name, text), path in zip(TEXTS.items(), out, strict=False):
        extracted = pdf_text(path)
        assert text in extracted
        assert nd30.QUOC_HIEU in extracted
        assert not foreign_fonts(pdf_fonts(path.read_bytes()))
        version = path.read_bytes()[5:8].decode()
        assert tuple(map(int, version.split("."))) >= (1, 4), "ND30: electronic files are PDF 1.4 or later"
    assert "Rà soát thủ tục" in pdf_text(out[2])
    starts = counting_soffice.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1, "the whole batch must be one LibreOffice process"
    profile_args = [a for a in starts[0].split() if a.startswith("-env:UserInstallation=file://")]
    assert len(profile_args) == 1
    profile_dir = Path(profile_args[0].split("file://", 1)[1])
    assert not profile_dir.exists(), "the throw-away profile is removed after the run"
    assert not list((tmp_path / "out").glob("*.tmp")), "no temporary file is left behind"


def test_a_long_batch_runs_in_parts_and_a_document_a_run_dropped_is_tried_again(tmp_path, monkeypatch):
    require_soffice()
    texts = [f"Văn bản số {n}: giấy mời họp" for n in range(5)]
    sources = [make_docx(tmp_path / "in" / f"giay_moi_{n}.docx", text) for n, text in enumerate(texts)]
    monkeypatch.setattr(pdfmod, "MAX_BATCH", 2)
    real, runs = pdfmod._run_soffice, []

    def dropping_the_last(soffice, inputs, work, timeout, pdfa=False):
        runs.append([p.name for p in inputs])
        log = real(soffice, inputs, work, timeout, pdfa)
        if len(runs) == 1:  # as LibreOffice stopping before the last document of the run
            (work / "out" / f"{inputs[-1].stem}.pdf").unlink()
        return log

    monkeypatch.setattr(pdfmod, "_run_soffice", dropping_the_last)
    out = to_pdf(sources, tmp_path / "out")
    assert [len(run) for run in runs] == [2, 2, 1, 1] and runs[3] == runs[0][-1:]
    assert [text in pdf_text(path) for path, text in zip(out, texts, strict=True)] == [True] * 5


def test_pdf_beside_each_input_even_with_the_same_name(tmp_path, counting_soffice):
    first = make_docx(tmp_path / "xa_a" / "ke_hoach.docx", "Xã A: họp giao ban tháng Một")
    second = make_docx(tmp_path / "xa_b" / "ke_hoach.docx", "Xã B: tổng kết năm, khen thưởng")

    out = to_pdf([first, second])

    assert out == [first.with_suffix(".pdf"), second.with_suffix(".pdf")]
    assert "Xã A: họp giao ban tháng Một" in pdf_text(out[0])
    assert "Xã B: tổng kết năm, khen thưởng" in pdf_text(out[1])
    assert len(counting_soffice.read_text(encoding="utf-8").splitlines()) == 1


def test_two_runs_at_once_do_not_collide(tmp_path):
    require_soffice()
    sources = [make_docx(tmp_path / f"run{i}" / "van_ban.docx", f"Lần chạy số {i} đồng thời") for i in (1, 2)]
    results: dict[int, object] = {}

    def convert(i: int) -> None:
        try:
            results[i] = to_pdf([sources[i - 1]])
        except Exception as problem:  # reported by the assertion below
            results[i] = problem

    threads = [threading.Thread(target=convert, args=(i,)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i in (1, 2):
        assert results[i] == [sources[i - 1].with_suffix(".pdf")], results[i]
        assert f"Lần chạy số {i} đồng thời" in pdf_text(sources[i - 1].with_suffix(".pdf"))


def test_two_inputs_for_one_output_are_refused(tmp_path):
    first = make_docx(tmp_path / "a" / "bao_cao.docx", "một")
    second = make_docx(tmp_path / "b" / "bao_cao.docx", "hai")
    with pytest.raises(InputError) as caught:
        to_pdf([first, second], tmp_path / "out")
    assert "bao_cao.pdf" in str(caught.value)
    assert not (tmp_path / "out" / "bao_cao.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("hong.docx", b"day khong phai tep docx", "không phải tệp DOCX hợp lệ"),
        ("ghi_chu.txt", b"van ban", "không chuyển được tệp «.txt»"),
    ],
)
def test_bad_input_is_an_input_error_and_nothing_is_written(tmp_path, name, content, expected):
    good = make_docx(tmp_path / "tot.docx", "Văn bản tốt")
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(InputError) as caught:
        to_pdf([good, bad], tmp_path / "out")
    assert expected in str(caught.value)
    assert name in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_missing_input_is_named(tmp_path):
    with pytest.raises(InputError) as caught:
        to_pdf([tmp_path / "khong_co.docx"])
    assert "khong_co.docx" in str(caught.value)
    assert "không tìm thấy tệp" in str(caught.value)


def test_missing_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    source = make_docx(tmp_path / "ke_hoach.docx", "Kế hoạch")
    monkeypatch.delenv(pdfmod.SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdfmod, "SOFFICE_LOCATIONS", ())
    assert pdfmod.find_soffice() is None
    with pytest.raises(EnvironmentProblem) as caught:
        to_pdf([source], tmp_path / "pdf")
    message = str(caught.value)
    assert "không tìm thấy LibreOffice" in message
    assert "apt-get install libreoffice-writer-nogui fonts-liberation" in message
    assert not (tmp_path / "pdf").exists(), "nothing is written, not even the output folder"


def test_libreoffice_is_found_in_a_usual_location(tmp_path, monkeypatch):
    installed = fake_program(tmp_path / "opt" / "libreoffice7.6" / "program", "soffice", "exit 0\n")
    monkeypatch.delenv(pdfmod.SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    pattern = str(tmp_path / "opt" / "libreoffice*" / "program" / "soffice")
    monkeypatch.setattr(pdfmod, "SOFFICE_LOCATIONS", (pattern,))
    assert pdfmod.find_soffice() == installed


def test_a_file_that_fails_to_convert_is_named_and_the_old_pdf_kept(tmp_path, monkeypatch):
    source = make_docx(tmp_path / "to_trinh.docx", "Tờ trình")
    old = source.with_suffix(".pdf")
    old.write_bytes(b"%PDF-1.4 old good copy")
    fake = fake_program(tmp_path / "bin", "soffice", "echo 'Error: source file could not be loaded'\n")
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(fake))
    with pytest.raises(EnvironmentProblem) as caught:
        to_pdf([source])
    assert "không chuyển được" in str(caught.value)
    assert "to_trinh.docx" in str(caught.value)
    assert "source file could not be loaded" in str(caught.value)
    assert old.read_bytes() == b"%PDF-1.4 old good copy"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_timeout_stops_libreoffice_and_its_children(tmp_path, monkeypatch):
    source = make_docx(tmp_path / "bao_cao.docx", "Báo cáo")
    pids = tmp_path / "pids"
    fake = fake_program(tmp_path / "bin", "soffice", f'sleep 300 &\necho $! > "{pids}"\nwait\n')
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(fake))
    with pytest.raises(EnvironmentProblem) as caught:
        to_pdf([source], timeout=2)
    assert "quá 2 giây" in str(caught.value)
    assert "bao_cao.docx" in str(caught.value)
    child = int(pids.read_text())
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the child LibreOffice process must be killed with the group"
    assert not source.with_suffix(".pdf").exists()


def test_default_timeout_grows_with_the_batch_and_the_content(tmp_path):
    small = make_docx(tmp_path / "a.docx", "a")
    big = make_docx(tmp_path / "big.docx", "Nhiệm vụ rà soát thủ tục hành chính. " * 100_000)
    assert big.stat().st_size < 1_000_000, "compressed, the file looks small"
    assert pdfmod.default_timeout([small]) < pdfmod.default_timeout([small, small])
    assert pdfmod.default_timeout([big]) > pdfmod.default_timeout([small]) + 100


def test_font_names_in_a_pdf():
    data = b"<< /Type /Font /BaseFont /ABCDEF+LiberationSerif-Bold >> << /BaseFont /DejaVuSans >>"
    assert pdf_fonts(data) == {"LiberationSerif-Bold", "DejaVuSans"}
    assert foreign_fonts(pdf_fonts(data)) == {"DejaVuSans"}
    assert foreign_fonts({"TimesNewRomanPS-BoldMT", "Tinos-Italic", "LiberationSerif"}) == set()


# --- command line ---------------------------------------------------------------------------------


def run_vbhc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from vbhc.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def test_cli_pdf_writes_into_the_folder_and_warns_about_fonts(tmp_path):
    require_soffice()
    fake_program(tmp_path / "fcbin", "fc-match", "printf 'DejaVu Serif\\t/nowhere.ttf'\n")
    sources = [make_docx(tmp_path / f"{name}.docx", text) for name, text in TEXTS.items()]
    path = f"{tmp_path / 'fcbin'}{os.pathsep}{os.environ['PATH']}"
    result = run_vbhc("pdf", *map(str, sources), "-o", str(tmp_path / "pdf"), env={"PATH": path})
    assert result.returncode == 0, result.stderr
    written = [tmp_path / "pdf" / f"{name}.pdf" for name in TEXTS]
    assert result.stdout.splitlines() == [f"Đã ghi {p}" for p in written]
    assert "Cảnh báo: máy này không có phông Times New Roman" in result.stderr
    assert "Traceback" not in result.stderr
    assert TEXTS["Báo cáo quý I"] in pdf_text(written[1])


@pytest.mark.parametrize(
    ("args", "env", "expected", "code"),
    [
        (["pdf", "khong_co.docx"], {}, "khong_co.docx: không tìm thấy tệp", 1),
        (
            ["pdf", "ke_hoach.docx"],
            {pdfmod.SOFFICE_ENV: "/khong/co/soffice"},
            "apt-get install libreoffice-writer-nogui fonts-liberation2",
            2,
        ),
        (["preview", "ke_hoach.docx"], {"PATH": "/khong/co"}, "apt-get install poppler-utils", 2),
        (["pdf", "."], {}, ".: là một thư mục, cần tệp DOCX hoặc XLSX", 1),
        (["pdf", "ke_hoach.docx", "--timeout", "0"], {}, "thời gian chờ 0 giây không hợp lệ", 1),
        (["preview", "ke_hoach.docx", "--dpi", "5"], {}, "độ phân giải 5 dpi nằm ngoài khoảng 10–600", 1),
    ],
)
def test_cli_errors_are_one_vietnamese_message(tmp_path, monkeypatch, args, env, expected, code):
    monkeypatch.chdir(tmp_path)
    make_docx(tmp_path / "ke_hoach.docx", "Kế hoạch")
    result = run_vbhc(*args, env=env)
    assert result.returncode == code
    assert result.stderr.startswith("Lỗi: ")
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.png"))


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_preview_draws_page_one(tmp_path):
    require_soffice()
    require_pdftoppm()
    from vbhc.cli import cli

    source = make_docx(tmp_path / "ke_hoach.docx", "Kế hoạch xem trước")
    args = ["preview", str(source), "-o", str(tmp_path / "trang1.png"), "--dpi", "50"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {tmp_path / 'trang1.png'}" in result.output
    width, height = _png_size(tmp_path / "trang1.png")
    expected = (nd30.A4_MM[0] / 25.4 * 50, nd30.A4_MM[1] / 25.4 * 50)  # A4 at 50 dpi, to a pixel
    assert abs(width - expected[0]) <= 1 and abs(height - expected[1]) <= 1
    from matplotlib.image import imread

    pixels = imread(str(tmp_path / "trang1.png"))
    assert (pixels[..., :3] < 0.5).any(), "the page shows text, not a blank image"


def test_preview_defaults_to_a_png_beside_a_pdf(tmp_path):
    require_soffice()
    require_pdftoppm()
    source = make_docx(tmp_path / "bao_cao.docx", "Báo cáo")
    (pdf,) = to_pdf([source], tmp_path / "pdf")
    from vbhc.cli import cli

    result = CliRunner().invoke(cli, ["preview", str(pdf)])
    assert result.exit_code == 0, result.output
    assert _png_size(pdf.with_suffix(".png"))[0] > 0
