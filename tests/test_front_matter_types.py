"""Issue 13, point 3: every front matter key, given a value of a wrong type, is one Vietnamese error that
names the key and its line; never a traceback. Point 9: an annex's ``bang`` stays in the source's folder
unless the caller allows otherwise."""

from __future__ import annotations

import re
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from xlsx_factory import GROUP_I, TASK_1, make_tasks_xlsx

from vbhc.errors import InputError, MultipleErrors
from vbhc.model import CoQuan, NguoiKy, PhuLuc, VanBan
from vbhc.sources.markdown import MAX_FIELD_CHARS, load, loads

#: A valid front matter; each case replaces one value in it.
VALID: dict[str, Any] = {
    "loai": "ke_hoach",
    "co_quan": {"ten": "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", "viet_tat": "UBND"},
    "dia_danh": "Hùng Thắng",
    "nam": 2026,
    "trich_yeu": "Cải cách hành chính năm 2026",
    "nguoi_ky": {"tham_quyen": ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": "CHỦ TỊCH", "ho_ten": "Vũ Trọng Thủy"},
    "noi_nhan": ["Sở Nội vụ"],
    "phu_luc": [{"tieu_de": "Danh mục nhiệm vụ"}],
}
BODY = "# Mục đích\n\nNội dung.\n"
#: Keys the front matter may not hold at all (vbhc fills them), and keys that exist only in a source.
FILLED = {("noi_dung",), ("nguon",), ("phu_luc", "0", "noi_dung")}
SOURCE_ONLY = {("phu_luc", "0", "bang"): "text?", ("phu_luc", "0", "sheet"): "text?"}
NESTED = {CoQuan: (), NguoiKy: (), PhuLuc: ("0",)}


def _shape(annotation: Any) -> str:
    """The kind of value a model field takes: text, int, date, bool, texts, list, mapping; ``?``: null."""
    args = typing.get_args(annotation)
    nullable = type(None) in args
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in args if a is not type(None))
    origin = typing.get_origin(annotation)
    if origin is list:
        kind = "texts" if typing.get_args(annotation)[0] is str else "list"
    elif origin is typing.Literal or annotation is str:
        kind = "text"
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        kind = "mapping"
    else:
        kind = {int: "int", date: "date", bool: "bool"}[annotation]
    return kind + ("?" if nullable else "")


def _fields(model: type[BaseModel] = VanBan, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    """Every field of the document model, nested ones included, with its shape."""
    found: dict[tuple[str, ...], str] = {}
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        found[path] = _shape(info.annotation)
        inner = (*typing.get_args(info.annotation), info.annotation)
        for nested, extra in NESTED.items():
            if nested in inner or list[nested] in inner:
                found.update(_fields(nested, (*path, *extra)))
    return found


FIELDS = {**_fields(), **SOURCE_ONLY}
LONG = "x" * (MAX_FIELD_CHARS + 1)
WRONG_KINDS = {
    "bool": st.booleans(),
    "number": st.integers(-(10**30), 10**30) | st.floats(allow_nan=False),
    "list": st.lists(st.integers() | st.booleans() | st.none(), max_size=3),
    "mapping": st.dictionaries(st.sampled_from(["a", "ten", "x_y"]), st.integers(), max_size=2),
    "null": st.none(),
    "long": st.builds(lambda c, n: c * n, st.sampled_from("xĐ1"), st.integers(MAX_FIELD_CHARS + 1, 100_000)),
}


def _is_wrong(path: tuple[str, ...], shape: str, kind: str, value: Any) -> bool:
    """Whether ``value`` (of ``kind``) is a wrong type for a field of ``shape``."""
    if path in FILLED:
        return True
    base = shape.rstrip("?")
    if kind == "null":
        return not shape.endswith("?")
    if kind == "number" and base == "int" and isinstance(value, int):
        return False
    if kind == "bool" and base == "bool":
        return False
    if kind == "list" and base in ("texts", "list") and value == []:
        return False
    return not (kind == "mapping" and base == "mapping" and not value)


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    node[path[-1]] = value


def _line(text: str, path: tuple[str, ...]) -> int:
    """The line of the key ``path`` in the source text, found by reading it like a person."""
    lines = text.splitlines()
    start = 0
    for part in path:
        if part.isdigit():
            continue
        start = next(i for i in range(start, len(lines)) if re.match(rf"^\s*(- )?{part}:", lines[i]))
    return start + 1


def _source(path: tuple[str, ...], value: Any) -> str:
    import copy

    data = copy.deepcopy(VALID)
    _set(data, path, value)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)
    return f"---\n{front}---\n\n{BODY}"


def _assert_named(text: str, path: tuple[str, ...]) -> None:
    key = ".".join(path)
    with pytest.raises(InputError) as caught:
        loads(text, source="van_ban.md")
    problems = caught.value.errors if isinstance(caught.value, MultipleErrors) else [caught.value]
    line = _line(text, path)

    def names_it(problem: InputError) -> bool:  # the key's line, or an item's line below it
        field, at = problem.vitri.truong or "", problem.vitri.dong or 0
        return at == line if field == key else field.startswith(f"{key}.") and at > line

    named = [p for p in problems if names_it(p)]
    assert named, (key, line, [str(p) for p in problems])
    message = str(named[0])
    assert f"van_ban.md, dòng {named[0].vitri.dong}, trường «{key}" in message
    assert re.search(r"phải|không|quá dài", named[0].message), message  # said in Vietnamese
    assert len(message) < 1000, message  # a very long value is not echoed whole


def test_the_valid_source_loads() -> None:
    van_ban = loads(_source(("dia_danh",), "Hùng Thắng"), source="van_ban.md")
    assert van_ban.phu_luc[0].tieu_de == "Danh mục nhiệm vụ"


def test_every_field_of_the_model_is_covered() -> None:
    names = {path[-1] for path in FIELDS}
    assert {"ten", "viet_tat", "chu_quan", "ten_goi", "tham_quyen", "chuc_vu", "ho_ten", "tieu_de", "ngang",
            "bang", "sheet", "so", "ngay", "nguoi_ky_2", "phu_luc", "luu", "do_khan"} <= names
    nested = len(CoQuan.model_fields) + 2 * len(NguoiKy.model_fields) + len(PhuLuc.model_fields) + 1  # sheet
    assert len(FIELDS) == len(VanBan.model_fields) + nested


REPRESENTATIVES = {"bool": True, "number": 1.5, "list": [1], "mapping": {"x": 1}, "null": None, "long": LONG}


@pytest.mark.parametrize("path", sorted(FIELDS), ids=".".join)
def test_each_key_with_each_wrong_type_is_one_clear_error(path: tuple[str, ...]) -> None:
    for kind, value in REPRESENTATIVES.items():
        if _is_wrong(path, FIELDS[path], kind, value):
            _assert_named(_source(path, value), path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FIELDS)), st.sampled_from(sorted(WRONG_KINDS)), st.data())
def test_any_wrong_value_is_a_vietnamese_error_naming_key_and_line(path, kind, data) -> None:
    value = data.draw(WRONG_KINDS[kind])
    if not _is_wrong(path, FIELDS[path], kind, value):
        return
    _assert_named(_source(path, value), path)


def test_a_key_written_twice_is_an_error_not_a_silent_choice() -> None:
    text = _source(("dia_danh",), "Hùng Thắng").replace("nam: 2026\n", "nam: 2026\ndia_danh: Hà Nội\n")
    twice = r"dòng 8, trường «dia_danh»: khóa «dia_danh» được viết hai lần \(dòng 6 và dòng 8\)"
    with pytest.raises(InputError, match=twice):
        loads(text, source="van_ban.md")


# --- point 9: bang paths stay inside the source's folder unless allowed ----------------------------


@pytest.fixture
def outside(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "ho_so"
    folder.mkdir()
    make_tasks_xlsx(folder / "nhiem_vu.xlsx", [GROUP_I, TASK_1])
    make_tasks_xlsx(tmp_path / "ngoai.xlsx", [GROUP_I, TASK_1])
    sources = {}
    for name, bang in (("inside", "nhiem_vu.xlsx"), ("dotdot", "../ngoai.xlsx"),
                       ("absolute", str(tmp_path / "ngoai.xlsx")), ("sneaky", "con/../../ngoai.xlsx")):
        data = {**VALID, "phu_luc": [{"tieu_de": "Danh mục nhiệm vụ", "bang": bang}]}
        path = folder / f"{name}.md"
        path.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n\n{BODY}",
                        encoding="utf-8")
        sources[name] = path
    return sources


@pytest.mark.parametrize("name", ["dotdot", "absolute", "sneaky"])
def test_a_bang_outside_the_folder_is_refused_unless_allowed(outside, name) -> None:
    source = outside[name]
    with pytest.raises(InputError, match="nằm ngoài thư mục của tệp nguồn") as caught:
        load(source)
    line = _line(source.read_text(encoding="utf-8"), ("phu_luc", "0", "bang"))
    assert f"{source}, dòng {line}, trường «phu_luc.0.bang»" in str(caught.value)
    with pytest.raises(InputError, match="nằm ngoài thư mục"):
        loads(source.read_text(encoding="utf-8"), source=str(source))
    allowed = load(source, cho_phep_ngoai_thu_muc=True)
    assert allowed.phu_luc[0].bang is not None and allowed.phu_luc[0].bang.nhiem_vu
    assert loads(source.read_text(encoding="utf-8"), source=str(source), cho_phep_ngoai_thu_muc=True).phu_luc


def test_a_bang_inside_the_folder_is_read(outside) -> None:
    assert load(outside["inside"]).phu_luc[0].bang.nhiem_vu[0].noi_dung


def test_the_local_cli_allows_a_bang_outside_the_folder(outside, tmp_path) -> None:
    from click.testing import CliRunner

    from vbhc.cli import cli

    result = CliRunner().invoke(cli, ["render", str(outside["dotdot"]), "-o", str(tmp_path / "ra.docx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ra.docx").is_file()


@pytest.mark.parametrize("character", ["\x7f", "\x9f"])
def test_a_control_character_yaml_refuses_is_named_with_its_line(character: str) -> None:
    text = _source(("dia_danh",), "Hùng Thắng").replace("nam: 2026", f"nam: 2026{character}")
    refused = r"van_ban\.md, dòng 7: phần khai báo đầu tệp có ký tự điều khiển U\+"
    with pytest.raises(InputError, match=refused):
        loads(text, source="van_ban.md")
