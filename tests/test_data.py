"""data/ holds exactly what tools/make_data.py makes, and its inputs read as vbhc expects."""

from __future__ import annotations

from datetime import date

import pytest
from xlsx_factory import DATA, make_data

from vbhc.report import figures
from vbhc.sources import chi_tieu
from vbhc.sources.xlsx import read_tasks


@pytest.mark.parametrize("name", sorted(make_data.FILES))
def test_data_is_reproducible_from_its_generator(name):
    assert (DATA / name).read_bytes() == make_data.FILES[name](), f"data/{name}: run tools/make_data.py"


def test_the_task_table_has_its_groups_and_tasks():
    bang = read_tasks(DATA / "nhiem_vu.xlsx")
    assert [(group.so, group.ten) for group in bang.nhom] == [make_data.GROUP_I[:2], make_data.GROUP_II[:2]]
    expected = [row[1] for row in make_data.ROWS if isinstance(row[0], int)]
    assert [task.noi_dung for task in bang.nhiem_vu] == expected


def test_the_progress_workbook_gives_figures_and_indicators():
    path = DATA / "tien_do.xlsx"
    result = figures(read_tasks(path, warn_unprinted=False), date(2026, 11, 30), chi_tieu.read(path))
    assert result.tong.tong_so > 0 and result.chi_tieu
