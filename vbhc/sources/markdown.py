"""Read a source file: YAML front matter for the metadata, Markdown for the content.

The front matter is parsed with a safe YAML loader and every key is checked against the shape the
model expects (Vietnamese errors with the key and its line); the body is parsed by
:mod:`vbhc.sources.markdown_body`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri, Warnings
from vbhc.model import Doan, VanBan, validate
from vbhc.sources.markdown_body import parse_body
from vbhc.text import vi, xmltext

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
MAX_SOURCE_BYTES = 5 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates are parsed (and checked) by vbhc itself."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def load(
    path: str | Path,
    *,
    context: dict[str, Any] | None = None,
    slots: dict[str, list[Doan]] | None = None,
    warnings: Warnings | None = None,
    cho_phep_ngoai_thu_muc: bool = False,
) -> VanBan:
    """Read a ``.md`` source into a validated :class:`VanBan`.

    ``context`` makes the body a (sandboxed) template: ``{{ so_hoan_thanh }}`` is replaced by its
    value. ``slots`` fills ``[[name]]`` paragraphs with generated content (tables, charts).
    ``cho_phep_ngoai_thu_muc`` lets an annex's ``bang`` name a file outside the source's folder (an
    absolute path or one with ``..``): a local program may, a server must not.
    """
    path = Path(path)
    where = Vitri(tep=str(path))
    if not path.exists():
        raise InputError("không tìm thấy tệp nguồn", where)
    if path.is_dir():
        raise InputError("đây là thư mục, cần một tệp nguồn .md", where)
    data = path.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(f"tệp nguồn quá lớn ({len(data) // 1024} KB, tối đa 5 MB)", where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            "tệp không phải văn bản UTF-8 (có thể là tệp Word, PDF hoặc mã cũ)",
            Vitri(tep=str(path), dong=line),
            goi_y="lưu tệp nguồn dạng văn bản thuần UTF-8 (.md)",
        ) from None
    return loads(
        text, source=str(path), base_dir=path.parent, context=context, slots=slots, warnings=warnings,
        cho_phep_ngoai_thu_muc=cho_phep_ngoai_thu_muc,
    )


def loads(
    text: str,
    source: str | None = None,
    *,
    base_dir: str | Path | None = None,
    context: dict[str, Any] | None = None,
    slots: dict[str, list[Doan]] | None = None,
    warnings: Warnings | None = None,
    cho_phep_ngoai_thu_muc: bool = False,
) -> VanBan:
    """Read source text (front matter + Markdown) into a validated :class:`VanBan`.

    Text typed in a legacy encoding (TCVN3, VNI) is converted to Unicode, with a warning. An annex's
    ``bang`` must lie inside ``base_dir`` unless ``cho_phep_ngoai_thu_muc``.
    """
    text = _to_unicode(vi.nfc(text), source, warnings)
    if xmltext.FORBIDDEN.search(text):
        for number, line in enumerate(text.splitlines(), start=1):
            if xmltext.FORBIDDEN.search(line) and warnings is not None:
                warnings.add("đã bỏ ký tự điều khiển không in được", Vitri(tep=source, dong=number))
        text = xmltext.FORBIDDEN.sub("", text)

    match = _FRONT_MATTER.match(text)
    if not match:
        raise InputError(
            "thiếu phần khai báo đầu tệp (front matter) giữa hai dòng «---»",
            Vitri(tep=source, dong=1),
            goi_y="xem mẫu: vbhc new ke-hoach THƯ_MỤC",
        )
    meta, lines = _parse_front_matter(match.group(1), source)
    _coerce(meta, source, lines)
    body_offset = text[: match.end()].count("\n")
    body = text[match.end() :]
    if context is not None:
        from vbhc.templating.sandbox import render_string

        body = render_string(body, context, Vitri(tep=source), markdown=True)
    base = Path(base_dir) if base_dir is not None else (Path(source).parent if source else Path.cwd())
    meta["noi_dung"] = parse_body(
        body, source=source, line_offset=body_offset, slots=slots or {}, loai=meta.get("loai")
    )
    meta["phu_luc"] = [
        _phu_luc(item, i, base, source, warnings, lines, cho_phep_ngoai_thu_muc)
        for i, item in enumerate(meta.get("phu_luc", []))
    ]
    meta["nguon"] = source
    try:
        return validate(VanBan, meta, source)
    except MultipleErrors as problems:
        raise MultipleErrors([_with_line(e, lines) for e in problems.errors]) from None


def _with_line(error: VbhcError, lines: dict[str, int]) -> VbhcError:
    """Add the line of the front matter key the error is about (``trường «nguoi_ky.ho_ten»``)."""
    field = error.vitri.truong
    if not field or error.vitri.dong is not None:
        return error
    line = _line_of(field, lines)
    if line is None:
        return error
    return type(error)(error.message, replace(error.vitri, dong=line), goi_y=error.goi_y)


def _line_of(field: str, lines: dict[str, int]) -> int | None:
    """The line of ``co_quan.ten``, else of its nearest written parent (``co_quan``)."""
    parts = field.split(".")
    while parts:
        line = lines.get(".".join(parts))
        if line is not None:
            return line
        parts.pop()
    return None


def _to_unicode(text: str, source: str | None, warnings: Warnings | None) -> str:
    """Text typed in TCVN3 or VNI becomes Unicode; each converted line is named in a warning."""
    from vbhc.text.legacy import fix_lines

    fixed, lines = fix_lines(text)
    if warnings is not None:
        for number, encoding in lines:
            warnings.add(
                f"dòng gõ bằng mã {encoding}, đã chuyển sang Unicode", Vitri(tep=source, dong=number)
            )
    return fixed


def _parse_front_matter(block: str, source: str | None) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter as a mapping, and the line of each key (``co_quan.ten``, ``phu_luc.0``)."""
    try:
        loader = _Loader(block)  # a SafeLoader subclass: no code runs
        try:
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        raise InputError(
            f"phần khai báo đầu tệp có ký tự điều khiển U+{error.character:04X}, YAML không cho phép",
            Vitri(tep=source, dong=block[: error.position].count("\n") + 2),
            goi_y="xóa ký tự đó (thường do chép từ tệp khác); lưu lại tệp dạng văn bản UTF-8",
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            f"phần khai báo đầu tệp (YAML) sai cú pháp: {problem}",
            Vitri(tep=source, dong=line),
            goi_y="kiểm tra dấu «:», thụt lề và dấu ngoặc kép quanh giá trị có dấu «:» hoặc «#»",
        ) from None
    if not isinstance(meta, dict):
        raise InputError("phần khai báo đầu tệp phải là các dòng «khóa: giá trị»", Vitri(tep=source, dong=2))
    lines: dict[str, int] = {}
    _key_lines(node, "", lines, source, depth=3)
    return meta, lines


def _key_lines(node: yaml.Node, path: str, lines: dict[str, int], source: str | None, depth: int) -> None:
    """Record the line of each key and list item down to ``depth``; a key written twice is an error."""
    if depth == 0:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{path}{key.value}" if isinstance(key, yaml.ScalarNode) else None
            if name is None or name == f"{path}<<":
                continue
            line = key.start_mark.line + 2
            if name in lines:
                raise InputError(
                    f"khóa «{name}» được viết hai lần (dòng {lines[name]} và dòng {line}); chỉ giữ một",
                    Vitri(tep=source, dong=line, truong=name),
                )
            lines[name] = line
            _key_lines(value, f"{name}.", lines, source, depth - 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault(f"{path}{index}", item.start_mark.line + 2)
            _key_lines(item, f"{path}{index}.", lines, source, depth - 1)


# --- what each front matter key may hold ---------------------------------------------------------

#: Longest text of one front matter value (a trích yếu, a căn cứ line), in characters.
MAX_FIELD_CHARS = 2000
#: Most errors reported for one front matter.
_MAX_ERRORS = 20

_TEXT, _TEXTS, _INT, _DATE, _BOOL = "chu", "cac_dong", "so_nguyen", "ngay", "dung_sai"
_SHAPE_VI = {
    _TEXT: "một dòng chữ",
    _TEXTS: "một dòng chữ hoặc danh sách các dòng chữ (mỗi dòng bắt đầu bằng «- »)",
    _INT: "một số nguyên",
    _DATE: "một ngày dạng 2026-01-14 hoặc 14/01/2026",
    _BOOL: "true hoặc false",
    "bang_khoa": "một bảng «khóa: giá trị» (các dòng thụt lề bên dưới)",
    "danh_sach": "một danh sách (mỗi mục bắt đầu bằng «- »)",
}
#: A shape: a kind of value, a mapping of keys to (shape, may be null), or a one-item list (its items).
_Shape = Any
_CO_QUAN: dict[str, tuple[_Shape, bool]] = {
    "ten": (_TEXT, False), "chu_quan": (_TEXT, True), "viet_tat": (_TEXT, False), "ten_goi": (_TEXT, True),
}
_NGUOI_KY: dict[str, tuple[_Shape, bool]] = {
    "tham_quyen": (_TEXTS, False), "chuc_vu": (_TEXT, False), "ho_ten": (_TEXT, False),
}
_PHU_LUC: dict[str, tuple[_Shape, bool]] = {
    "tieu_de": (_TEXT, False), "bang": (_TEXT, True), "sheet": (_TEXT, True), "ngang": (_BOOL, False),
}
_FRONT: dict[str, tuple[_Shape, bool]] = {
    "loai": (_TEXT, False), "co_quan": (_CO_QUAN, False), "dia_danh": (_TEXT, False), "so": (_INT, True),
    "ngay": (_DATE, True), "nam": (_INT, True), "ky_hieu": (_TEXT, True), "trich_yeu": (_TEXT, True),
    "can_cu": (_TEXTS, False), "tham_quyen_ban_hanh": (_TEXT, True), "kinh_gui": (_TEXTS, False),
    "nguoi_ky": (_NGUOI_KY, False), "nguoi_ky_2": (_NGUOI_KY, True), "noi_nhan": (_TEXTS, False),
    "luu": (_TEXTS, False), "phu_luc": ([_PHU_LUC], False), "do_khan": (_TEXT, True),
    "ky_hieu_nguoi_soan": (_TEXT, True),
}
#: Keys vbhc fills itself, with what to do instead.
_FILLED = {
    "noi_dung": "nội dung viết bằng Markdown sau dòng «---» thứ hai, không khai báo ở đầu tệp",
    "nguon": "vbhc tự ghi tệp nguồn, bỏ dòng này",
}


def _found(value: Any) -> str:
    """What a value is, as a clerk would say it."""
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"giá trị {str(value).lower()}"
    if isinstance(value, int | float):
        return f"số {value:g}" if isinstance(value, float) or abs(value) < 10**15 else "một số rất lớn"
    if isinstance(value, dict):
        return "một bảng «khóa: giá trị»"
    if isinstance(value, list):
        return "một danh sách"
    return f"chữ «{value[:40]}{'…' if len(value) > 40 else ''}»" if isinstance(value, str) else "giá trị lạ"


def _coerce(meta: dict[str, Any], source: str | None, lines: dict[str, int]) -> None:
    """Check every front matter value against its shape and accept the forms a clerk writes: dd/mm/yyyy
    dates, a single line where a list is expected, a number in quotes. All problems are raised at once,
    each naming its key and line."""
    errors: list[InputError] = []

    def fail(path: str, message: str, goi_y: str | None = None) -> None:
        if len(errors) < _MAX_ERRORS:
            errors.append(InputError(message, Vitri(tep=source, dong=_line_of(path, lines), truong=path),
                                     goi_y=goi_y))

    for key in [k for k in meta if k in _FILLED]:
        fail(str(key), f"không khai báo «{key}» ở đầu tệp: {_FILLED[key]}")
        del meta[key]
    _mapping(meta, _FRONT, "", fail)
    if errors:
        raise MultipleErrors(list(errors))


def _mapping(data: dict[Any, Any], keys: dict[str, tuple[_Shape, bool]], path: str, fail: Any) -> None:
    for key in list(data):
        name = f"{path}{key}"
        if not isinstance(key, str) or key not in keys:
            fail(name, "trường không được hỗ trợ (kiểm tra chính tả tên trường); dùng một trong: "
                 + ", ".join(keys))
            continue
        shape, nullable = keys[key]
        if data[key] is None:
            if not nullable:
                fail(name, f"không được để trống: cần {_describe(shape)}")
            continue
        data[key] = _value(data[key], shape, name, fail)


def _describe(shape: _Shape) -> str:
    if isinstance(shape, dict):
        return _SHAPE_VI["bang_khoa"]
    if isinstance(shape, list):
        return _SHAPE_VI["danh_sach"]
    return _SHAPE_VI[shape]


def _value(value: Any, shape: _Shape, name: str, fail: Any) -> Any:
    """``value`` checked (and normalised) against ``shape``; on a problem ``fail`` is called."""
    def wrong() -> Any:
        scalar = isinstance(value, int | float) and shape in (_TEXT, _TEXTS)
        written = str(value).lower() if isinstance(value, bool) else value
        goi_y = f'nếu đó là chữ, viết trong ngoặc kép: "{written}"' if scalar else None
        fail(name, f"phải là {_describe(shape)}, không phải {_found(value)}", goi_y)
        return value

    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        fail(name, f"quá dài ({len(value)} ký tự, tối đa {MAX_FIELD_CHARS})")
        return value
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return wrong()
        _mapping(value, shape, f"{name}.", fail)
        return value
    if isinstance(shape, list):
        if not isinstance(value, list):
            return wrong()
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                fail(f"{name}.{index}", f"mỗi mục phải là {_describe({})}, không phải {_found(item)}")
            else:
                _mapping(item, shape[0], f"{name}.{index}.", fail)
        return value
    if shape == _TEXTS:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            return wrong()
        for index, item in enumerate(items):
            _value(item, _TEXT, name if items is not value else f"{name}.{index}", fail)
        return items
    if shape == _TEXT:
        return value if isinstance(value, str) else wrong()
    if shape == _BOOL:
        return value if isinstance(value, bool) else wrong()
    if shape == _INT:
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value):
            return int(value)
        return value if isinstance(value, int) and not isinstance(value, bool) else wrong()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return wrong()
    try:
        return vi.parse_date(value, Vitri())
    except InputError as problem:
        fail(name, problem.message, problem.goi_y)
        return value




def _phu_luc(
    item: dict[str, Any],
    index: int,
    base: Path,
    source: str | None,
    warnings: Warnings | None,
    lines: dict[str, int],
    outside: bool,
) -> dict[str, Any]:
    """An annex of the front matter, its ``bang`` read from the spreadsheet it names."""
    item = dict(item)
    table = item.pop("bang", None)
    sheet = item.pop("sheet", None)
    if table is not None:
        from vbhc.sources.xlsx import read_tasks

        field = f"phu_luc.{index}.bang"
        where = Vitri(tep=source, dong=_line_of(field, lines), truong=field)
        folder = base.resolve()
        path = (folder / table).resolve()
        if not outside and not path.is_relative_to(folder):
            raise InputError(
                f"bảng tính «{table}» nằm ngoài thư mục của tệp nguồn; chỉ dùng được tệp trong thư mục đó",
                where,
                goi_y="chép bảng tính vào cùng thư mục với tệp nguồn, ghi tên tương đối (nhiem_vu.xlsx)",
            )
        if not path.is_file():
            raise InputError(f"không tìm thấy bảng tính «{table}» (tính từ thư mục của tệp nguồn)", where)
        item["bang"] = read_tasks(path, sheet=sheet, warnings=warnings)
    return item
