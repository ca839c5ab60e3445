"""Runs of text → inline Markdown that vbhc's own body reader reads back to the same runs.

Plain text is escaped (every character Markdown reads inline, and what would open a block at the
start of a line). Bold and italic are checked by parsing the piece again with
:mod:`vbhc.sources.markdown_body`: when they cannot be written so that they read back (``**`` next
to punctuation, say), the text is written without them and the caller reports that, never silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vbhc.errors import VbhcError
from vbhc.model import Run
from vbhc.sources.markdown_body import parse_body

#: Characters that mean something inside a Markdown line (and ``|`` inside a table cell).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&!#])")
_CELL_SPECIAL = re.compile(r"([\\`*_\[\]<>&!|#])")
#: What a line may not start with, lest it become a heading, a list item, a quote or a rule.
_LINE_START = re.compile(r"^(?:(?P<num>\d{1,9})(?P<dot>[.)])|(?P<mark>[#>+\-=~]))")


@dataclass(frozen=True)
class Inline:
    """The Markdown of some runs, and whether their bold/italic had to be left out."""

    markdown: str
    emphasis_lost: bool = False


def plain(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def normalise(runs: list[Run]) -> list[Run]:
    """The runs as a Markdown paragraph holds them: lines trimmed, equal neighbours merged, empty
    pieces dropped, and emphasis on blanks forgotten."""
    text_runs: list[Run] = []
    for run in runs:
        bold, italic = (run.bold, run.italic) if run.text.strip() else (False, False)
        if text_runs and (text_runs[-1].bold, text_runs[-1].italic) == (bold, italic):
            text_runs[-1] = Run(text=text_runs[-1].text + run.text, bold=bold, italic=italic)
        elif run.text:
            text_runs.append(Run(text=run.text, bold=bold, italic=italic))
    # trim around line breaks and at both ends, as a Markdown paragraph does
    joined = "".join(r.text for r in text_runs)
    keep = _kept_positions(joined)
    out: list[Run] = []
    position = 0
    for run in text_runs:
        text = "".join(ch for i, ch in enumerate(run.text, start=position) if i in keep)
        position += len(run.text)
        if not text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(text=out[-1].text + text, bold=run.bold, italic=run.italic)
        else:
            out.append(Run(text=text, bold=run.bold, italic=run.italic))
    return out


def _kept_positions(text: str) -> set[int]:
    """Indexes of ``text`` a Markdown paragraph keeps: none of the blanks at its ends or beside a line
    break."""
    keep = set()
    lines = text.split("\n")
    offset = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        keep.update(range(start, start + len(stripped)))
        if number < len(lines) - 1:
            keep.add(offset + len(line))  # the break itself
        offset += len(line) + 1
    inner = "".join(text[i] for i in sorted(keep))
    if inner.strip("\n") != inner:  # breaks at the ends of the paragraph are dropped too
        kept = sorted(keep)
        while kept and text[kept[0]] == "\n":
            kept.pop(0)
        while kept and text[kept[-1]] == "\n":
            kept.pop()
        keep = set(kept)
    return keep


def _escape(text: str, *, cell: bool) -> str:
    escaped = (_CELL_SPECIAL if cell else _INLINE_SPECIAL).sub(r"\\\1", text)
    return "\n".join(_escape_line_start(line) for line in escaped.split("\n"))


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group("num"):
        return f"{match.group('num')}\\{match.group('dot')}{line[match.end():]}"
    return "\\" + line


def _segment(run: Run, *, cell: bool) -> str:
    text = _escape(run.text, cell=cell)
    if not (run.bold or run.italic) or not run.text.strip():
        return text
    mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
    lead = text[: len(text) - len(text.lstrip(" "))]
    tail = text[len(text.rstrip(" ")) :]
    return f"{lead}{mark}{text.strip(' ')}{mark}{tail}"


def to_markdown(runs: list[Run], *, cell: bool = False) -> Inline:
    """``runs`` as inline Markdown (hard line breaks as a backslash at the end of the line)."""
    return to_markdown_all([runs], cell=cell)[0]


def to_markdown_all(pieces: list[list[Run]], *, cell: bool = False) -> list[Inline]:
    """Each list of runs as inline Markdown; those with bold or italic are read back all in one pass
    (one at a time only when that pass finds a difference)."""
    wanted = [normalise(runs) for runs in pieces]
    out = [Inline(_written(runs, cell)) for runs in wanted]
    emphasised = [i for i, runs in enumerate(wanted) if any(r.bold or r.italic for r in runs)]
    if emphasised and not _read_back([out[i].markdown for i in emphasised], [wanted[i] for i in emphasised]):
        for i in emphasised:
            if not _read_back([out[i].markdown], [wanted[i]]):
                out[i] = Inline(_written([Run(text=plain(wanted[i]))], cell), emphasis_lost=True)
    return out


def _written(runs: list[Run], cell: bool) -> str:
    return "".join(_segment(run, cell=cell) for run in runs).replace("\n", "\\\n")


def _read_back(markdown: list[str], runs: list[list[Run]]) -> bool:
    """Whether the pieces of ``markdown``, read as paragraphs by vbhc, give exactly ``runs``."""
    try:
        parsed = parse_body("\n\n".join(markdown))
    except VbhcError:  # a slot, a level too deep: not paragraphs, do not use this form
        return False
    if len(parsed) != len(runs) or any(p.kieu != "van" for p in parsed):
        return False
    return all(
        [(r.text, r.bold, r.italic) for r in normalise(p.runs)] == [(r.text, r.bold, r.italic) for r in want]
        for p, want in zip(parsed, runs, strict=True)
    )
