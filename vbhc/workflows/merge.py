"""Mail merge: one DOCX per spreadsheet row from any docxtpl template.

The template is read, patched (docxtpl's ``patch_xml``) and compiled once with vbhc's sandboxed,
autoescaping Jinja environment. Per row only the parts that hold template tags (document body,
headers, footers, footnotes, core properties) are rendered; every other ZIP member is copied as its
already-compressed bytes, so a document costs one Jinja render, one deflate and one write.

>>> from vbhc.workflows.merge import merge
>>> result = merge("giay_moi.docx", "dai_bieu.xlsx", "giay_moi/", name="{stt}-{ho_va_ten}.docx")
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbhc.errors import EnvironmentProblem, InputError, VbhcError, Vitri
from vbhc.ooxml import safe
from vbhc.ooxml import write as zipout
from vbhc.ooxml.drawing import number_drawings
from vbhc.ooxml.package import word_parts
from vbhc.sources.merge_data import read_rows

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.cluster import Cluster

#: The file name pattern used when none is given.
TEN_MAC_DINH = "{stt}-{ho_ten}.docx"
#: Longest file name stem, in UTF-8 bytes (file systems allow 255; leave room for "-NN.docx").
MAX_TEN_BYTES = 150

_DEFAULT_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")
_LISTING = re.compile("[\t\a\n\f]")
_LOOP = re.compile(r"{%-?\s*(?:for|colspan|cellbg|hm|vm)\b")
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(1, 10)] + [f"LPT{i}" for i in range(1, 10)]
)
_FORBIDDEN_IN_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f-\x9f]')
#: A short format spec in a file name pattern: fill and alignment, sign, width and precision of at most
#: three and two digits, type s/d/f (``03d``, ``>20``, ``.2f``).
_NAME_SPEC = re.compile(r"(?:[^{}]?[<>^=])?[+\- ]?0?\d{0,3}(?:\.\d{1,2})?[sdf]?")
#: How many clashing names a refusal lists.
_CLASHES_SHOWN = 10


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class MergeFailure:
    """A data row whose document could not be made."""

    dong: int  #: the row number in the sheet
    ly_do: str  #: the reason, in Vietnamese

    def __str__(self) -> str:
        return f"dòng {self.dong}: {self.ly_do}"


@dataclass
class MergeResult:
    """What a merge produced."""

    written: list[Path] = field(default_factory=list)
    failures: list[MergeFailure] = field(default_factory=list)
    warnings: list[VbhcError] = field(default_factory=list)
    pdf: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


# --------------------------------------------------------------------------- data rows


# --------------------------------------------------------------------------- file names


class _NamePattern:
    """A ``{stt}-{ho_ten}.docx`` pattern: plain fields only (no attribute or index access)."""

    def __init__(self, pattern: str, variables: Iterable[str]):
        known = set(variables)
        self.pattern = pattern
        try:
            parts = list(string.Formatter().parse(pattern))
        except ValueError as error:
            raise InputError(f"mẫu tên tệp «{pattern}» sai cú pháp ({error})", Vitri(truong="name")) from None
        fields: list[str] = []
        for _literal, name, spec, conversion in parts:
            if name is None:
                continue
            if not re.fullmatch(r"[a-z0-9_]+", name) or conversion not in (None, "s"):
                raise InputError(
                    f"mẫu tên tệp «{pattern}» có trường «{{{name}}}» không hợp lệ",
                    Vitri(truong="name"),
                    goi_y="chỉ dùng tên cột dạng {ho_va_ten}, {stt}, có thể kèm định dạng như {stt:03d}",
                )
            if spec and not _NAME_SPEC.fullmatch(spec):
                raise InputError(
                    f"mẫu tên tệp «{pattern}»: định dạng «:{spec}» của trường «{name}» không được hỗ trợ",
                    Vitri(truong="name"),
                    goi_y="chỉ dùng định dạng ngắn: độ rộng tối đa 3 chữ số, ví dụ {stt:03d}, {ho_ten:>20}",
                )
            if name not in known:
                raise InputError(
                    f"mẫu tên tệp dùng cột «{name}» không có trong dữ liệu",
                    Vitri(truong="name"),
                    goi_y="các cột có: " + ", ".join(sorted(known - {"cot"})),
                )
            fields.append(name)
        self.fields = fields

    def format(self, context: dict[str, Any], where: Vitri | None = None) -> str:
        try:
            return self.pattern.format_map({name: context[name] for name in self.fields})
        except (ValueError, TypeError) as error:
            raise InputError(
                f"không tạo được tên tệp từ mẫu «{self.pattern}» ({error})",
                where,
                goi_y="định dạng số như {stt:03d} chỉ dùng được cho cột chứa số",
            ) from None


def ten_tep_an_toan(name: str, fallback: str = "van-ban") -> str:
    """A file name safe on every system: no separators, no ``..``, no control characters.

    Vietnamese letters are kept (NFC); the stem is cut to ``MAX_TEN_BYTES`` bytes; ``.docx`` is
    ensured.
    """
    name = unicodedata.normalize("NFC", name)
    stem = name[:-5] if name.lower().endswith(".docx") else name
    stem = "_".join(part for part in re.split(r"[/\\]+", stem) if part.strip(" ."))
    stem = _FORBIDDEN_IN_NAME.sub("_", stem)
    stem = re.sub(r"\s+", " ", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(" .")
    if not stem or not stem.strip("_- "):
        stem = fallback
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    encoded = stem.encode("utf-8")
    if len(encoded) > MAX_TEN_BYTES:
        stem = encoded[:MAX_TEN_BYTES].decode("utf-8", errors="ignore").rstrip(" .")
    return f"{stem}.docx"


def _unique_names(names: Sequence[str]) -> list[str]:
    """Resolve collisions (case-insensitively): ``a.docx``, ``a-2.docx``, ``a-3.docx`` …"""
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        stem, candidate, n = name[:-5], name, 2
        while candidate.casefold() in taken:
            candidate, n = f"{stem}-{n}.docx", n + 1
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


# --------------------------------------------------------------------------- the template


@dataclass
class _Part:
    """A template part (XML) that is rendered per row."""

    name: str
    declaration: bytes
    template: Any  #: a compiled jinja2 Template
    fix: bool  #: needs docxtpl's table and drawing-id fixes (loops over rows/cells/pictures)
    patched: bool  #: went through patch_xml (Word XML) rather than plain text (core properties)


class CompiledTemplate:
    """A docxtpl template compiled once: static members pre-compressed, template parts compiled."""

    def __init__(self, template: str | Path, *, level: int = 6):
        import zipfile

        from docxtpl import DocxTemplate

        from vbhc.templating.sandbox import environment, template_error

        self.path = Path(template)
        self.level = level
        tep = str(self.path)
        if not self.path.is_file():
            raise InputError("không tìm thấy tệp mẫu", Vitri(tep=tep))
        self._docxtpl = DocxTemplate(self.path)  # only for its XML helpers (the document is never loaded)
        env = environment(autoescape=True, strict=True)
        self.globals = set(env.globals)
        try:
            handle = self.path.open("rb")
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile:
            raise InputError(
                "tệp mẫu không phải DOCX (không mở được như tệp ZIP)",
                Vitri(tep=tep),
                goi_y="dùng tệp .docx lưu từ Word hoặc LibreOffice",
            ) from None
        try:
            targets = _template_part_names(archive)
            parser = safe.parser(remove_blank_text=True)
            self.parts: list[_Part] = []
            self.variables: set[str] = set()
            static: list[zipout.Entry] = []
            for info in archive.infolist():
                part = None
                if info.filename in targets:
                    part = self._compile(archive.read(info), info.filename, targets[info.filename],
                                         parser, env, template_error)
                if part is not None:
                    self.parts.append(part)
                    continue
                entry = zipout.copied(handle, info)
                static.append(entry or zipout.deflated(info.filename, archive.read(info), level))
        finally:
            archive.close()
            handle.close()
        self.static = zipout.FrozenPrefix(static)

    def _compile(
        self, blob: bytes, name: str, word_xml: bool, parser: Any, env: Any, template_error: Any
    ) -> _Part | None:
        from lxml import etree

        match = _DECLARATION.match(blob)
        declaration = match.group(0).strip() + b"\n" if match else _DEFAULT_DECLARATION
        if word_xml:
            source = etree.tostring(etree.fromstring(blob, parser), encoding="unicode")
            source = self._docxtpl.patch_xml(source)
        else:
            source = blob[match.end():].decode("utf-8") if match else blob.decode("utf-8")
        if "{{" not in source and "{%" not in source and "{#" not in source:
            return None
        where = Vitri(tep=str(self.path), truong=name)
        try:
            tree = env.parse(source)
            _refuse_unsafe(tree, where)
            from jinja2 import meta

            self.variables |= meta.find_undeclared_variables(tree)
            compiled = env.from_string(source)
        except InputError:
            raise
        except Exception as error:
            raise template_error(error, where) from None
        return _Part(name, declaration, compiled, bool(_LOOP.search(source)), word_xml)

    def render_part(self, part: _Part, context: dict[str, Any]) -> bytes:
        """One part rendered for one row, with docxtpl's post-processing where it applies."""
        xml = part.template.render(context)
        if part.patched:
            if "{_" in xml or "_}" in xml:
                xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            if _LISTING.search(xml):
                xml = self._docxtpl.resolve_listing(xml)
            if part.fix:
                from lxml import etree

                tree = self._docxtpl.fix_tables(xml)
                number_drawings(tree)
                xml = etree.tostring(tree, encoding="unicode")
        return part.declaration + xml.encode("utf-8")

    def document_bytes(self, context: dict[str, Any]) -> bytes:
        """The whole DOCX for one row."""
        entries = [zipout.deflated(p.name, self.render_part(p, context), self.level) for p in self.parts]
        return self.static.package(entries)


def _template_part_names(archive: Any) -> dict[str, bool]:
    """Parts that may hold template tags → whether they are Word XML (patched) or plain."""
    found = word_parts(archive)
    if found.main not in archive.namelist():
        raise InputError("tệp mẫu không có phần nội dung (word/document.xml)", Vitri(tep=archive.filename))
    if found.main_type is not None and "wordprocessingml" not in found.main_type:
        raise InputError(
            "tệp mẫu không phải văn bản Word (DOCX)",
            Vitri(tep=archive.filename),
            goi_y="dùng tệp .docx lưu từ Word hoặc LibreOffice",
        )
    parts = dict.fromkeys([found.main, *found.stories], True)
    if found.core:
        parts[found.core] = False
    return parts


def _refuse_unsafe(tree: Any, where: Vitri) -> None:
    """Refuse templates that reach for private attributes (``x.__class__``, ``x['_y']``)."""
    from jinja2 import nodes
    from jinja2.sandbox import SecurityError

    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(key, str) and key.startswith("_"):
            from vbhc.templating.sandbox import template_error

            raise template_error(SecurityError(f"thuộc tính «{key}» bị cấm"), where)


# --------------------------------------------------------------------------- workers

_STATE: dict[str, Any] = {}


def _init_worker(template: str, level: int, inputs: tuple[str, ...]) -> None:
    compiled = _STATE.get("template")
    if compiled is None or str(compiled.path) != template:
        _STATE["template"] = CompiledTemplate(template, level=level)
    _STATE["inputs"] = inputs


def _make_one(task: tuple[int, int, dict[str, Any], str]) -> tuple[int, str | None]:
    """Write one document; returns (task index, Vietnamese reason or None)."""
    from vbhc.files import write_bytes
    from vbhc.templating.sandbox import template_error

    index, _dong, context, target = task
    compiled: CompiledTemplate = _STATE["template"]
    try:
        data = compiled.document_bytes(context)
    except VbhcError as error:
        return index, error.message
    except Exception as error:
        return index, template_error(error, Vitri()).message
    try:
        write_bytes(target, data, inputs=_STATE["inputs"])
    except VbhcError as error:
        return index, error.message
    except OSError as error:
        return index, f"không ghi được tệp «{target}»: {error.strerror}"
    return index, None


def _make_many(tasks: list[tuple[int, int, dict[str, Any], str]]) -> list[tuple[int, str | None]]:
    return [_make_one(t) for t in tasks]


# --------------------------------------------------------------------------- merge


def merge(
    template: str | Path,
    data_xlsx: str | Path,
    out_dir: str | Path,
    *,
    name: str = TEN_MAC_DINH,
    jobs: int = 1,
    pdf: bool = False,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    ghi_de: bool = False,
    pdf_jobs: int | None = None,
    cluster: Cluster | None = None,
) -> MergeResult:
    """Write one DOCX per data row of ``data_xlsx`` into ``out_dir`` from the docxtpl ``template``.

    Column headers become variables in ASCII snake_case (``Họ và tên`` → ``ho_va_ten``); the
    original headers stay reachable as ``cot["Họ và tên"]``; ``stt`` numbers the rows when the sheet
    has no such column and ``dong`` is the sheet row. ``name`` is the file name pattern (plain fields
    only). ``jobs`` > 1 uses that many worker processes. ``progress(done, total)`` is called as
    documents are written. With ``pdf`` each DOCX gets its PDF beside it, by ``pdf_jobs`` LibreOffice
    converters side by side (1: one LibreOffice batch; default: ``jobs`` when above 1, else chosen
    by :func:`vbhc.convert.pool.batch_converter`). Rows that fail are listed in
    ``MergeResult.failures``; the others are written. Files already in ``out_dir`` are kept; when
    one has the name of an output, the merge is refused (InputError listing the names) unless
    ``ghi_de`` (overwrite), which replaces it atomically. ``cluster`` runs the rows (and their PDFs)
    on a Dask cluster instead (:mod:`vbhc.cluster`).
    Problems with the template, the data or ``name`` raise InputError before anything is written.
    """
    if jobs < 1 or (pdf_jobs is not None and pdf_jobs < 1):
        wrong, field_name = (jobs, "jobs") if jobs < 1 else (pdf_jobs, "pdf_jobs")
        raise InputError(f"số tiến trình phải từ 1 trở lên (đang là {wrong})", Vitri(truong=field_name))
    result = MergeResult()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("đường dẫn ra đã có và là một tệp, cần một thư mục", Vitri(tep=str(out)))
    compiled = CompiledTemplate(template)
    variables, rows = read_rows(data_xlsx, sheet=sheet, warnings=result.warnings)
    missing = sorted(compiled.variables - set(variables) - compiled.globals)
    if missing:
        raise InputError(
            "mẫu dùng biến không có trong dữ liệu: " + ", ".join(missing),
            Vitri(tep=str(template)),
            goi_y="các cột có: " + ", ".join(v for v in variables if v != "cot")
            + " (tên cột viết thường, không dấu, nối bằng _)",
        )
    if name == TEN_MAC_DINH and "ho_ten" not in variables:
        name = "{stt}-{ho_va_ten}.docx" if "ho_va_ten" in variables else "{stt}.docx"
    pattern = _NamePattern(name, variables)
    tep = str(data_xlsx)
    names = _unique_names([
        ten_tep_an_toan(pattern.format(r.context, Vitri(tep=tep, dong=r.dong)), f"van-ban-{r.dong}")
        for r in rows
    ])
    clashes = [] if ghi_de else _existing(out, names, pdf)
    if clashes:
        shown = ", ".join(f"«{n}»" for n in clashes[:_CLASHES_SHOWN])
        more = f" và {len(clashes) - _CLASHES_SHOWN} tệp khác" if len(clashes) > _CLASHES_SHOWN else ""
        raise InputError(
            f"thư mục ra đã có {len(clashes)} tệp trùng tên với tệp sắp ghi: {shown}{more}; "
            "vbhc không ghi đè khi chưa được phép",
            Vitri(tep=str(out)),
            goi_y="thêm --ghi-de (hoặc --overwrite; ghi_de=True khi gọi merge()) để ghi đè, "
            "hoặc chọn thư mục ra khác",
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise EnvironmentProblem(
            f"không tạo được thư mục ra ({error.strerror})", Vitri(tep=str(out))
        ) from None
    inputs = (str(Path(template).resolve()), str(Path(data_xlsx).resolve()))
    tasks = [(i, r.dong, r.context, str(out / n)) for i, (r, n) in enumerate(zip(rows, names, strict=True))]
    outcomes: dict[int, str | None] = {}
    jobs = min(jobs, len(tasks))
    _STATE["template"] = compiled
    _STATE["inputs"] = inputs
    total = len(tasks)
    try:
        if cluster is not None:
            from vbhc.cluster.batch import merge_on

            outcomes, result.pdf = merge_on(cluster, compiled.path, tasks, pdf=pdf, inputs=inputs,
                                            progress=progress)
        elif jobs == 1:
            for task in tasks:
                index, reason = _make_one(task)
                outcomes[index] = reason
                if progress:
                    progress(len(outcomes), total)
        else:
            for index, reason in _run_pool(tasks, jobs, compiled, inputs, progress, total):
                outcomes[index] = reason
    finally:
        _STATE.clear()
    for i, task in enumerate(tasks):
        reason = outcomes.get(i, "không xử lý được")
        if reason is None:
            result.written.append(Path(task[3]))
        else:
            result.failures.append(MergeFailure(task[1], reason))
    if pdf and result.written and cluster is None:
        from vbhc.convert.pool import batch_converter
        from vbhc.writers.pdf import to_pdf

        with batch_converter(len(result.written), pdf_jobs or (jobs if jobs > 1 else None)) as converter:
            result.pdf = list(to_pdf(result.written, out, converter=converter))
    return result


def _existing(out: Path, names: Sequence[str], pdf: bool) -> list[str]:
    """The output names (and their PDFs with ``pdf``) already in ``out``, compared case-insensitively."""
    if not out.is_dir():
        return []
    present = {entry.name.casefold() for entry in out.iterdir()}
    wanted = [*names, *(f"{n[:-5]}.pdf" for n in names)] if pdf else list(names)
    return [n for n in wanted if n.casefold() in present]


def _run_pool(
    tasks: list[tuple[int, int, dict[str, Any], str]],
    jobs: int,
    compiled: CompiledTemplate,
    inputs: tuple[str, ...],
    progress: Callable[[int, int], None] | None,
    total: int,
) -> Iterable[tuple[int, str | None]]:
    """Run the tasks in ``jobs`` processes, in chunks; with fork the compiled template is inherited."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    size = max(1, min(50, len(tasks) // (jobs * 4)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    done = 0
    initargs = (str(compiled.path), compiled.level, inputs)
    with context.Pool(jobs, initializer=_init_worker, initargs=initargs) as pool:
        for batch in pool.imap_unordered(_make_many, chunks):
            yield from batch
            done += len(batch)
            if progress:
                progress(done, total)


__all__ = ["CompiledTemplate", "MergeFailure", "MergeResult", "merge", "ten_tep_an_toan"]
