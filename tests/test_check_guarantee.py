"""The guarantee: every document vbhc renders — each example, each built-in template — passes the
checker with no error and no warning, and the rules that matter were actually evaluated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from mutate import ROOT, SOURCES, render_source

from vbhc import nd30
from vbhc.checker import check
from vbhc.text import vi

EXAMPLES = ROOT / "examples"
TEMPLATES = ROOT / "templates"

#: Rules every complete văn bản must have evaluated (not skipped, not "cannot be evaluated").
ALWAYS = {"P1", "P3", "P4", "P5", "P6", "P7", "H2", "H3", "H4", "H5", "H7", "H8", "H10", "H11", "H12",
          "H14", "H15", "B1", "B2", "B3", "B4", "S1", "S3", "R1", "R2", "R3"}


def _assert_clean(path: Path) -> None:
    report = check(path)
    described = [f"{f.rule} {f.vi_tri} «{f.trich_dan}»: {f.thay}" for f in report.findings]
    assert described == [], f"{path.name}: {described}"
    evaluated = set(report.dat) | report.rule_ids()
    missing = ALWAYS - evaluated
    assert not missing, f"{path.name}: rules not evaluated: {sorted(missing)} {report.khong_danh_gia}"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_kind_rendered_by_vbhc_passes(name: str, tmp_path: Path) -> None:
    out = render_source(name, tmp_path)
    _assert_clean(out)
    expected = "công văn" if name == "cong_van" else vi.upper(nd30.LOAI_VAN_BAN[name].ten)
    assert check(out).loai == expected


def test_annexes_are_checked_when_present(tmp_path: Path) -> None:
    report = check(render_source("ke_hoach", tmp_path))
    assert {"P8", "O5", "O6", "O10"} <= set(report.dat)


def test_sources_cover_every_builtin_template() -> None:
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import template_for

    used = {template_for(loads(text.replace("bang: nhiem_vu.xlsx", "")).loai).stem
            for text in SOURCES.values() if "phu_luc:" not in text}
    used |= {"ke_hoach", "phu_luc"}  # ke_hoach has annexes; phu_luc is tested alone below
    shipped = {path.stem for path in TEMPLATES.glob("*.docx")}
    assert shipped <= used, f"templates without a guarantee test: {sorted(shipped - used)}"


def test_annex_rendered_alone_passes(tmp_path: Path) -> None:
    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render_phu_luc

    render_source("ke_hoach", tmp_path)
    parent = load(tmp_path / "ke_hoach.md")
    for index, annex in enumerate(parent.phu_luc):
        out = render_phu_luc(parent, annex, tmp_path / f"phu_luc_{index}.docx", index=index)
        report = check(out)
        assert report.loai == "phụ lục"
        assert report.findings == [], [f.thay for f in report.findings]
        assert {"P1", "P3", "P4", "P8", "O5"} <= set(report.dat)


def _example_sources() -> list[Path]:
    return sorted(EXAMPLES.glob("*/*.md"))


@pytest.mark.parametrize("source", _example_sources(), ids=lambda p: p.parent.name)
def test_every_example_passes(source: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{source.stem}.docx"
    if "[[" in source.read_text(encoding="utf-8"):
        # a progress report: its tables and chart come from the task sheet beside it
        from vbhc.report import figures
        from vbhc.sources.xlsx import read_tasks
        from vbhc.workflows import report as bao_cao

        (sheet,) = source.parent.glob("*.xlsx")  # the task sheet beside the source, whatever its name
        tasks = read_tasks(sheet)
        bao_cao.render(source, figures(tasks, date(2026, 11, 30)), out, tasks)
    else:
        from vbhc.sources.markdown import load
        from vbhc.writers.docx import render

        render(load(source), out)
    _assert_clean(out)


def test_there_are_examples() -> None:
    assert _example_sources(), "no example found under examples/"
