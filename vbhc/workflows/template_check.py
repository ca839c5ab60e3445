"""What ``vbhc template check`` needs besides the template: the names a merge list or a source gives.

The template check itself (:mod:`vbhc.templating.lint`) reads only the template; this workflow reads
the data (a merge workbook, a vbhc source rendered to the DOCX writer's context) to compare with it.
"""

from __future__ import annotations

from pathlib import Path


def data_variables(data_xlsx: str | Path) -> list[str]:
    """The variable names a merge of ``data_xlsx`` provides (headers in snake_case, as ``vbhc merge``)."""
    from vbhc.sources.merge_data import read_rows

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


__all__ = ["data_variables", "source_context", "source_variables"]
