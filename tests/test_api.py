"""The public API: names importable from ``vbhc`` are the documented functions and classes."""

from __future__ import annotations

import importlib
import inspect

import vbhc


def test_every_public_name_resolves_to_what_the_readme_documents():
    for name in vbhc.__all__:
        assert getattr(vbhc, name) is not None, name


def test_functions_stay_functions_after_their_modules_are_imported():
    modules = ("vbhc.writers.docx", "vbhc.checker", "vbhc.workflows.merge", "vbhc.register", "vbhc.report")
    for module in modules:
        importlib.import_module(module)
    from vbhc import check, load, merge, render

    for function in (render, load, check, merge):
        assert inspect.isfunction(function), function


def test_render_load_round_trip(tmp_path, write_source):
    from tests.conftest import ke_hoach_source
    from vbhc import VanBan, load, render

    van_ban = load(write_source(ke_hoach_source()))
    assert isinstance(van_ban, VanBan)
    assert render(van_ban, tmp_path / "out.docx").stat().st_size > 0
