"""Lint a docxtpl template (a DOCX with Jinja tags) before it renders anything.

Finds what breaks templates edited in Word: tags split across runs of different formatting,
unbalanced ``{%tr %}``/``{%p %}``/``{%tc %}`` blocks, syntax errors, access to ``_private``
attributes (refused by the sandbox), variables the data does not provide, and (by a trial render
without data, on the render budget) templates that would stop a real render: nested loops, recursive
macros, huge values or widths. Every finding names the paragraph or the table cell where the tag is,
in Vietnamese.

The DOCX is untrusted: its zip entries are size-checked before reading and its XML is parsed without
entity resolution or network access.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from vbhc.errors import EnvironmentProblem, Vitri

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Limits for reading an untrusted DOCX.
MAX_ENTRIES = 5_000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  #: uncompressed / compressed, for parts above 1 MB (zip bombs)

_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENERS = re.compile(r"\{\{|\{%|\{#")
_PREFIXED = re.compile(r"^\{([{%#])(tr|tc|p|r) ")
_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "raw"})
_MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
_DOCXTPL_EXPR = frozenset({"colspan", "cellbg"})
_DOCXTPL_BARE = frozenset({"vm", "hm"})
_FORBIDDEN = frozenset({"include", "import", "extends", "from"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_PREFIX_NAMES = {"tr": "hàng bảng", "tc": "ô bảng", "p": "đoạn", "r": "đoạn chữ (run)"}
_IGNORED_RPR = frozenset({f"{W}lang", f"{W}noProof", f"{W}rtl", f"{W}specVanish", f"{W}webHidden"})

#: Kinds of findings (stable names for programs; the message is for people).
TACH_THE = "tach_the"  #: tag split across differently formatted runs
CU_PHAP = "cu_phap"  #: syntax error, unterminated tag
KHONG_CAN = "khong_can"  #: unbalanced or misplaced block
KHONG_AN_TOAN = "khong_an_toan"  #: private attribute, include/import
THIEU_BIEN = "thieu_bien"  #: variable the data does not provide
CHO_CHEN = "cho_chen"  #: a multi-paragraph slot ({{p noi_dung }}) missing or misused
QUA_TAI = "qua_tai"  #: would exhaust a render's budget (endless loops, recursion, huge values)

#: Seconds the trial render of ``template check`` may take (a real render may take longer).
LINT_SECONDS = 5.0


@dataclass(frozen=True)
class Finding:
    """One problem in the template: where, what kind, and the Vietnamese message."""

    vitri: str
    loai: str
    thong_diep: str

    def __str__(self) -> str:
        return f"{self.vitri}: {self.thong_diep}" if self.vitri else self.thong_diep


@dataclass
class _Tag:
    text: str  #: as written (quotes normalised)
    body: str  #: the Jinja inside the delimiters, docxtpl prefix removed
    kind: str  #: "{" variable, "%" statement, "#" comment
    prefix: str  #: "", "tr", "tc", "p" or "r"
    vitri: str
    paragraph: int  #: id of the paragraph
    row: int | None  #: id of the table row, if any
    cell: int | None
    ast: Any = None

    @property
    def keyword(self) -> str:
        return self.body.split(None, 1)[0] if self.body.split() else ""


@dataclass
class _Lint:
    items: list[tuple[int, int, Finding]] = field(default_factory=list)
    order: int = 0  #: the paragraph being looked at, to report in document order

    def add(self, vitri: str, loai: str, message: str, order: int | None = None) -> None:
        where = self.order if order is None else order
        self.items.append((where, len(self.items), Finding(vitri, loai, message)))

    @property
    def findings(self) -> list[Finding]:
        return [finding for *_, finding in sorted(self.items, key=lambda item: item[:2])]


# --- reading the package safely -------------------------------------------------------------------


def _unreadable(path: Path, why: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"không đọc được mẫu DOCX: {why}",
        Vitri(tep=str(path)),
        goi_y="mở mẫu bằng Word và lưu lại dạng .docx",
    )


def read_parts(path: str | Path) -> dict[str, etree._Element]:
    """The WordprocessingML parts of ``path`` that carry text (document, headers, footers, notes)."""
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "không tìm thấy tệp" if not path.exists() else "không phải là tệp")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable(path, "tệp không phải là DOCX (không phải gói zip của Word)") from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )
    parts: dict[str, etree._Element] = {}
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _unreadable(path, f"gói có quá nhiều mục ({len(infos)})")
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise _unreadable(path, "dung lượng giải nén quá lớn")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise _unreadable(path, "thiếu phần word/document.xml")
        for info in infos:
            if not _PARTS.match(info.filename):
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (info.file_size > 1 << 20 and ratio > MAX_RATIO):
                raise _unreadable(path, f"phần {info.filename} quá lớn hoặc nén bất thường")
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_PART_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
                raise _unreadable(path, f"phần {info.filename} bị hỏng") from None
            if len(data) > MAX_PART_BYTES:
                raise _unreadable(path, f"phần {info.filename} quá lớn")
            try:
                parts[info.filename] = etree.fromstring(data, parser)
            except etree.XMLSyntaxError as error:
                raise _unreadable(path, f"phần {info.filename} không phải XML hợp lệ ({error.msg})") from None
    return dict(sorted(parts.items(), key=lambda kv: (kv[0] != "word/document.xml", kv[0])))


# --- where a paragraph is -------------------------------------------------------------------------


def _part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1]
    if stem.startswith("header"):
        return f"đầu trang ({stem})"
    if stem.startswith("footer"):
        return f"chân trang ({stem})"
    if stem.startswith("footnotes"):
        return "chú thích cuối trang"
    if stem.startswith("endnotes"):
        return "chú thích cuối văn bản"
    return ""


def _paragraphs(
    root: etree._Element, label: str
) -> Iterator[tuple[etree._Element, str, int | None, int | None]]:
    """Each paragraph with its place (``đoạn 4`` or ``bảng 1, hàng 2, ô 3``), its row and cell ids."""
    top_tables = 0
    loose = 0
    body = root.find(f"{W}body")
    top_level = body if body is not None else root
    table_number: dict[etree._Element, int] = {}
    for element in top_level.iter(f"{W}tbl"):
        parent_tc = next((a for a in element.iterancestors(f"{W}tc")), None)
        if parent_tc is None:
            top_tables += 1
            table_number[element] = top_tables
        else:
            siblings = [t for t in parent_tc.iter(f"{W}tbl") if next(t.iterancestors(f"{W}tc")) is parent_tc]
            table_number[element] = siblings.index(element) + 1
    for paragraph in top_level.iter(f"{W}p"):
        places: list[str] = []
        row_id = cell_id = None
        cell = next(paragraph.iterancestors(f"{W}tc"), None)
        if cell is None:
            loose += 1
            where = f"đoạn {loose}"
        else:
            row = cell.getparent()
            row_id, cell_id = id(row), id(cell)
            node: etree._Element | None = cell
            while node is not None:
                tr = node.getparent()
                tbl = tr.getparent()
                cells = [c for c in tr if c.tag == f"{W}tc"]
                rows = [r for r in tbl if r.tag == f"{W}tr"]
                number = table_number.get(tbl, "?")
                places.insert(0, f"bảng {number}, hàng {rows.index(tr) + 1}, ô {cells.index(node) + 1}")
                node = next(tbl.iterancestors(f"{W}tc"), None)
            where = " › ".join(places)
        yield paragraph, f"{label}, {where}" if label else where, row_id, cell_id


def _runs(paragraph: etree._Element) -> list[tuple[str, bytes]]:
    """The text of each run of ``paragraph`` (not of nested paragraphs) and its formatting."""
    out = []
    for run in paragraph.iter(f"{W}r"):
        if next(run.iterancestors(f"{W}p"), None) is not paragraph:
            continue
        text = "".join(
            (t.text or "") if t.tag == f"{W}t" else "\t" for t in run if t.tag in (f"{W}t", f"{W}tab")
        )
        rpr = run.find(f"{W}rPr")
        key = b""
        if rpr is not None:
            kept = [etree.tostring(c) for c in rpr if c.tag not in _IGNORED_RPR]
            key = b"".join(sorted(kept))
        out.append((text, key))
    return out


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- collecting the tags --------------------------------------------------------------------------


def _collect(
    parts: dict[str, etree._Element], lint: _Lint, rests: dict[tuple[str, int], str] | None = None
) -> list[_Tag]:
    """The tags of every paragraph, in document order; ``rests`` receives the text outside tags of
    each paragraph ("p", id), table row ("tr", id) and cell ("tc", id)."""
    tags: list[_Tag] = []
    paragraph_id = 0
    rests = {} if rests is None else rests
    for name, root in parts.items():
        for paragraph, where, row_id, cell_id in _paragraphs(root, _part_label(name)):
            paragraph_id += 1
            lint.order = paragraph_id
            runs = _runs(paragraph)
            text = "".join(t for t, _ in runs)
            rest = " ".join(_TAG.sub(" ", text).split())
            rests[("p", paragraph_id)] = rest
            if row_id is not None and cell_id is not None and rest:
                for key in (("tr", row_id), ("tc", cell_id)):
                    rests[key] = f"{rests.get(key, '')} {rest}".strip()
            if "{" not in text:
                continue
            owner: list[int] = []
            for index, (run_text, _) in enumerate(runs):
                owner.extend([index] * len(run_text))
            covered: list[tuple[int, int]] = []
            for match in _TAG.finditer(text):
                start, end = match.span()
                covered.append((start, end))
                raw = match.group(0).translate(_QUOTES)
                touched = sorted(set(owner[start:end]))
                formats = {runs[i][1] for i in touched}
                if len(formats) > 1:
                    lint.add(
                        where,
                        TACH_THE,
                        f"thẻ «{_excerpt(raw)}» bị Word tách thành {len(touched)} đoạn chữ có định dạng khác "
                        "nhau; xóa thẻ rồi gõ lại liền một lần (hoặc bỏ định dạng riêng trong thẻ)",
                    )
                tags.append(_make_tag(raw, where, paragraph_id, row_id, cell_id))
            for opener in _OPENERS.finditer(text):
                if not any(s <= opener.start() < e for s, e in covered):
                    closer = {"{{": "}}", "{%": "%}", "{#": "#}"}[opener.group(0)]
                    lint.add(
                        where,
                        CU_PHAP,
                        f"thẻ mở «{opener.group(0)}» không có «{closer}» trong cùng đoạn "
                        f"(«{_excerpt(text[opener.start():])}»)",
                    )
    return tags


def _make_tag(raw: str, where: str, paragraph: int, row: int | None, cell: int | None) -> _Tag:
    kind = raw[1]
    prefix = ""
    inner = raw[2:-2]
    match = _PREFIXED.match(raw)
    if match:
        prefix = match.group(2)
        inner = raw[len(match.group(0)) : -2]
    inner = inner.strip()
    if kind != "#":
        inner = inner.removeprefix("-").removesuffix("-").strip()
        inner = inner.removeprefix("+").removesuffix("+").strip()
    return _Tag(raw, inner, kind, prefix, where, paragraph, row, cell)


# --- checking -------------------------------------------------------------------------------------


def _environment():
    from vbhc.writers.jinja import environment

    return environment(autoescape=True)


def _parse(tag: _Tag, lint: _Lint) -> None:
    from jinja2 import TemplateSyntaxError

    env = _environment()
    keyword = tag.keyword
    if tag.kind == "#":
        return
    if tag.kind == "{":
        source = "{{ " + tag.body + " }}"
    elif keyword in _DOCXTPL_BARE:
        return
    elif keyword in _DOCXTPL_EXPR:
        source = "{{ " + tag.body[len(keyword) :] + " }}"
    elif keyword in _FORBIDDEN:
        lint.add(
            tag.vitri,
            KHONG_AN_TOAN,
            f"thẻ «{_excerpt(tag.text)}» nạp mẫu khác ({keyword}); mẫu của vbhc phải tự chứa đủ nội dung",
        )
        return
    elif keyword.startswith("end"):
        if tag.body != keyword:
            lint.add(tag.vitri, CU_PHAP, f"thẻ đóng «{_excerpt(tag.text)}» có thừa nội dung sau «{keyword}»")
        return
    elif keyword in _MIDDLES:
        source = "{% if true %}{% " + tag.body + " %}{% endif %}"
    elif keyword in _BLOCKS or (keyword == "set" and "=" not in tag.body):
        source = "{% " + tag.body + " %}{% end" + keyword + " %}"
    else:
        source = "{% " + tag.body + " %}"
    try:
        tag.ast = env.parse(source)
    except TemplateSyntaxError as error:
        lint.add(tag.vitri, CU_PHAP, f"lỗi cú pháp trong thẻ «{_excerpt(tag.text)}»: {error.message}")
        return
    _unsafe(tag, lint)


def _unsafe(tag: _Tag, lint: _Lint) -> None:
    from jinja2 import nodes

    for node in tag.ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Name, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node, nodes.Getitem):
            key = getattr(node.arg, "value", None)
        elif isinstance(node, nodes.Filter):
            key = getattr(node.args[0], "value", None) if node.name == "attr" and node.args else None
        else:
            key = node.name
        if isinstance(key, str) and key.startswith("_"):
            lint.add(
                tag.vitri,
                KHONG_AN_TOAN,
                f"thẻ «{_excerpt(tag.text)}» truy cập «{key}» (tên bắt đầu bằng «_»): không an toàn, "
                "vbhc sẽ từ chối khi điền mẫu",
            )
            return


def _balance(tags: list[_Tag], lint: _Lint) -> None:
    stack: list[_Tag] = []
    for tag in tags:
        if tag.kind != "%":
            continue
        lint.order = tag.paragraph
        keyword = tag.keyword
        if tag.prefix in ("tr", "tc") and tag.row is None:
            lint.add(
                tag.vitri,
                KHONG_CAN,
                f"thẻ «{_excerpt(tag.text)}» dùng «{tag.prefix}» nhưng không nằm trong bảng; "
                f"đặt nó trong một {_PREFIX_NAMES[tag.prefix]} riêng",
            )
        opens = keyword in _BLOCKS or (keyword == "set" and "=" not in tag.body)
        if opens:
            stack.append(tag)
        elif keyword in _MIDDLES:
            if not stack or stack[-1].keyword not in _MIDDLES[keyword]:
                lint.add(tag.vitri, KHONG_CAN, f"thẻ «{_excerpt(tag.text)}» không nằm trong khối if/for nào")
            else:
                _same_level(stack[-1], tag, lint)
        elif keyword.startswith("end") and keyword != "end":
            wanted = keyword[3:]
            if not stack:
                lint.add(tag.vitri, KHONG_CAN, f"thẻ đóng «{_excerpt(tag.text)}» không có thẻ mở tương ứng")
                continue
            opener = stack[-1]
            if opener.keyword != wanted:
                lint.add(
                    tag.vitri,
                    KHONG_CAN,
                    f"thẻ đóng «{_excerpt(tag.text)}» không khớp thẻ mở «{_excerpt(opener.text)}» "
                    f"({opener.vitri}); cần «end{opener.keyword}»",
                )
                if any(t.keyword == wanted for t in stack):
                    while stack and stack[-1].keyword != wanted:
                        stack.pop()
                    stack.pop()
                continue
            stack.pop()
            _same_level(opener, tag, lint)
    for opener in stack:
        lint.add(
            opener.vitri,
            KHONG_CAN,
            f"thẻ mở «{_excerpt(opener.text)}» không có thẻ đóng «{_close_of(opener)}»",
            order=opener.paragraph,
        )


def _close_of(tag: _Tag) -> str:
    prefix = f"{tag.prefix} " if tag.prefix else " "
    return "{%" + prefix + "end" + tag.keyword + " %}"


def _same_level(opener: _Tag, closer: _Tag, lint: _Lint) -> None:
    """The opening and the closing tag of a block must use the same docxtpl level, in separate units."""
    if opener.prefix != closer.prefix:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"thẻ «{_excerpt(closer.text)}» phải cùng loại với thẻ mở «{_excerpt(opener.text)}» "
            f"({opener.vitri}): cả hai cùng dùng «{{%{opener.prefix or ''} …%}}»",
        )
        return
    if opener.prefix == "tr" and opener.row is not None and opener.row == closer.row:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"«{_excerpt(opener.text)}» và «{_excerpt(closer.text)}» nằm cùng một hàng bảng; "
            "mỗi thẻ {%tr %} cần một hàng riêng",
        )
    elif opener.prefix == "tc" and opener.cell is not None and opener.cell == closer.cell:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"«{_excerpt(opener.text)}» và «{_excerpt(closer.text)}» nằm cùng một ô; "
            "mỗi thẻ {%tc %} cần một ô riêng",
        )
    elif opener.prefix == "p" and opener.paragraph == closer.paragraph:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"«{_excerpt(opener.text)}» và «{_excerpt(closer.text)}» nằm cùng một đoạn; "
            "mỗi thẻ {%p %} cần một đoạn riêng (hoặc bỏ chữ p)",
        )
    elif opener.prefix in ("", "r") and opener.paragraph != closer.paragraph:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"khối «{_excerpt(opener.text)}» ({opener.vitri}) kéo sang đoạn khác; khối nhiều đoạn phải dùng "
            "{%p …%} (đoạn), {%tr …%} (hàng bảng) hoặc {%tc …%} (ô)",
        )


def _source_lines(tags: list[_Tag]) -> list[tuple[_Tag, str]]:
    """The tags as plain Jinja, one line each (docxtpl prefixes dropped), with the tag of each line."""
    lines = []
    for tag in tags:
        keyword = tag.keyword
        if tag.kind == "#" or keyword in _DOCXTPL_BARE or keyword in _FORBIDDEN:
            continue
        if tag.kind == "{":
            lines.append((tag, "{{ " + tag.body + " }}"))
        elif keyword in _DOCXTPL_EXPR:
            lines.append((tag, "{{ " + tag.body[len(keyword) :] + " }}"))
        else:
            lines.append((tag, "{% " + tag.body + " %}"))
    return lines


def _source(tags: list[_Tag]) -> str:
    return "\n".join(text for _, text in _source_lines(tags))


def _trial_render(tags: list[_Tag], lint: _Lint) -> None:
    """Render the template once without data, on a budget, as ``merge`` and ``render`` would: a template
    that would stop a real render (nested loops, recursive macros, huge values) is flagged at its tag."""
    from vbhc.writers.jinja import Limits, TemplateBudgetError, budget, environment, template_line

    lines = _source_lines(tags)
    try:
        template = environment(autoescape=True, strict=False).from_string("\n".join(t for _, t in lines))
    except Exception:  # syntax errors are reported tag by tag
        return
    try:
        with budget(Limits(seconds=LINT_SECONDS)):
            template.render()
    except (TemplateBudgetError, MemoryError, RecursionError) as error:
        line = template_line(error)
        tag = lines[line - 1][0] if line and 0 < line <= len(lines) else None
        reason = error.message if isinstance(error, TemplateBudgetError) else "mẫu gọi lồng nhau quá sâu"
        lint.add(
            tag.vitri if tag else "",
            QUA_TAI,
            f"thẻ «{_excerpt(tag.text)}» sẽ làm dừng việc điền mẫu: {reason}" if tag
            else f"mẫu sẽ làm dừng việc điền mẫu: {reason}",
            order=tag.paragraph if tag else 1 << 28,
        )
    except Exception:  # without data a template may fail in many ways; the real render reports them
        return


def variables(tags: list[_Tag]) -> tuple[set[str], dict[str, str]]:
    """The names the template reads from its data, and where each is first used."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    env = _environment()
    first: dict[str, str] = {}
    stored: set[str] = set()
    for tag in tags:
        if tag.ast is None:
            continue
        for node in tag.ast.find_all(nodes.Name):
            if node.ctx == "load":
                first.setdefault(node.name, tag.vitri)
            else:
                stored.add(node.name)
    try:
        names = set(meta.find_undeclared_variables(env.parse(_source(tags))))
    except TemplateSyntaxError:
        names = set(first) - stored
    names -= set(env.globals) | {"loop"}
    return names, first


# --- the public entry point -----------------------------------------------------------------------


def check_template(
    path: str | Path,
    *,
    provided: Iterable[str] | None = None,
    slots: Iterable[str] = (),
    required_slots: Iterable[str] = (),
) -> list[Finding]:
    """Lint the docxtpl template ``path``; ``provided`` are the variable names the data gives.

    ``slots`` are variables holding whole paragraphs (the renderer's ``noi_dung``, ``phu_luc``): a
    template must write them ``{{p name }}``, alone in their paragraph; ``required_slots`` must be
    present. Raises EnvironmentProblem when the file cannot be read as a DOCX.
    """
    parts = read_parts(path)
    lint = _Lint()
    rests: dict[tuple[str, int], str] = {}
    tags = _collect(parts, lint, rests)
    for tag in tags:
        lint.order = tag.paragraph
        _parse(tag, lint)
    _balance(tags, lint)
    _swallowed(tags, rests, lint)
    _check_slots(tags, set(slots), set(required_slots), lint)
    _trial_render(tags, lint)
    if provided is not None:
        needed, first = variables(tags)
        known = set(provided)
        for name in sorted(needed - known):
            lint.add(
                first.get(name, ""),
                THIEU_BIEN,
                f"biến «{name}» không có trong dữ liệu; dữ liệu có: "
                + (", ".join(sorted(known)) or "(không có biến nào)"),
                order=1 << 30,
            )
    return lint.findings


def _swallowed(tags: list[_Tag], rests: dict[tuple[str, int], str], lint: _Lint) -> None:
    """docxtpl replaces the whole paragraph, row or cell of a ``{%p``/``{%tr``/``{%tc`` tag: other text
    there is lost."""
    reported: set[tuple[str, int]] = set()
    for tag in tags:
        if tag.prefix not in ("p", "tr", "tc") or tag.kind == "#":
            continue
        unit = {"p": tag.paragraph, "tr": tag.row, "tc": tag.cell}[tag.prefix]
        if unit is None or (tag.prefix, unit) in reported:
            continue
        rest = rests.get((tag.prefix, unit), "")
        if rest:
            reported.add((tag.prefix, unit))
            lint.add(
                tag.vitri,
                KHONG_CAN,
                f"chữ «{_excerpt(rest)}» nằm cùng {_PREFIX_NAMES[tag.prefix]} với thẻ «{_excerpt(tag.text)}» "
                f"và sẽ mất khi điền mẫu (cả {_PREFIX_NAMES[tag.prefix]} được thay bằng thẻ); "
                "chuyển chữ sang chỗ khác",
                order=tag.paragraph,
            )


def _check_slots(tags: list[_Tag], slots: set[str], required: set[str], lint: _Lint) -> None:
    used: set[str] = set()
    for tag in tags:
        if tag.kind != "{" or tag.body not in slots:
            continue
        used.add(tag.body)
        others = [t for t in tags if t.paragraph == tag.paragraph and t is not tag]
        if tag.prefix != "p" or others:
            lint.add(
                tag.vitri,
                CHO_CHEN,
                f"«{tag.body}» là nội dung nhiều đoạn: viết «{{{{p {tag.body} }}}}» một mình trong một đoạn",
                order=tag.paragraph,
            )
    for name in sorted(required - used):
        lint.add(
            "",
            CHO_CHEN,
            f"mẫu thiếu chỗ chèn «{{{{p {name} }}}}»: văn bản có phần này nhưng mẫu không có chỗ đặt",
            order=1 << 29,
        )


def template_variables(path: str | Path) -> set[str]:
    """The variables a template reads (for listing them to a user)."""
    lint = _Lint()
    tags = _collect(read_parts(path), lint)
    for tag in tags:
        _parse(tag, lint)
    return variables(tags)[0]


def data_variables(data_xlsx: str | Path) -> list[str]:
    """The variable names a merge of ``data_xlsx`` provides (headers in snake_case, as ``vbhc merge``)."""
    from vbhc.mailmerge import read_rows

    names, _ = read_rows(data_xlsx)
    return names


def source_variables(source: str | Path, *, cho_phep_ngoai_thu_muc: bool = False) -> list[str]:
    """The names vbhc's DOCX renderer gives a template when rendering the document of ``source``."""
    return source_context(source, cho_phep_ngoai_thu_muc=cho_phep_ngoai_thu_muc)[0]


def source_context(
    source: str | Path, *, cho_phep_ngoai_thu_muc: bool = False
) -> tuple[list[str], list[str], list[str]]:
    """For the document of ``source``: the renderer's variable names, its paragraph slots, and the
    slots this document needs (it has content or annexes). ``cho_phep_ngoai_thu_muc`` as in
    :func:`vbhc.sources.markdown.load`."""
    from markupsafe import Markup

    from vbhc.sources.markdown import load
    from vbhc.writers import docx

    van_ban = load(source, cho_phep_ngoai_thu_muc=cho_phep_ngoai_thu_muc)
    build = getattr(docx, "context", None) or docx._context
    context = build(van_ban)
    slots = [name for name, value in context.items() if isinstance(value, Markup) and "<w:p" in value]
    needed = {"noi_dung": bool(van_ban.noi_dung), "phu_luc": bool(van_ban.phu_luc)}
    return list(context), slots, [name for name in slots if needed.get(name, False)]


__all__ = [
    "CHO_CHEN", "CU_PHAP", "KHONG_AN_TOAN", "KHONG_CAN", "QUA_TAI", "TACH_THE", "THIEU_BIEN",
    "Finding", "check_template", "data_variables", "read_parts", "source_context", "source_variables",
    "template_variables",
]
