"""The shipped templates are exactly what tools/build_templates.py makes from the rule book."""

from __future__ import annotations

import importlib.util
import io
import zipfile

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
builder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(builder)


@pytest.mark.parametrize("name", sorted(builder.TEMPLATES))
def test_template_is_reproducible_from_the_builder(name):
    shipped = zipfile.ZipFile(ROOT / "templates" / f"{name}.docx")
    rebuilt = zipfile.ZipFile(io.BytesIO(builder.build(builder.TEMPLATES[name])))
    assert shipped.namelist() == rebuilt.namelist()
    for member in shipped.namelist():
        assert shipped.read(member) == rebuilt.read(member), (
            f"{name}.docx: {member} differs; run make templates"
        )
