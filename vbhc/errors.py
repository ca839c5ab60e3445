"""Errors a user can act on: a Vietnamese message and where the problem is."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Vitri:
    """Where a problem is: file, sheet, cell or row, line, field."""

    tep: str | None = None
    trang_tinh: str | None = None
    o: str | None = None  #: a cell reference such as ``C7``
    dong: int | None = None  #: a row of a sheet, or a line of a text file
    truong: str | None = None  #: a field of the model or of the front matter

    def __str__(self) -> str:
        parts = []
        if self.tep:
            parts.append(self.tep)
        if self.trang_tinh:
            parts.append(f"trang tính «{self.trang_tinh}»")
        if self.o:
            parts.append(f"ô {self.o}")
        elif self.dong is not None:
            parts.append(f"dòng {self.dong}")
        if self.truong:
            parts.append(f"trường «{self.truong}»")
        return ", ".join(parts)


class VbhcError(Exception):
    """A problem with the user's input or environment, told in Vietnamese with its place.

    ``str(error)`` is the whole message a clerk reads: ``nhiem_vu.xlsx, trang tính «Nhiệm vụ»,
    ô C7: thiếu cơ quan chủ trì``.
    """

    def __init__(self, message: str, vitri: Vitri | None = None, *, goi_y: str | None = None):
        self.message = message
        self.vitri = vitri or Vitri()
        self.goi_y = goi_y  #: a hint on how to fix it
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.vitri)
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}\n  → {self.goi_y}" if self.goi_y else text


class InputError(VbhcError):
    """The input (source file, spreadsheet, template, data) is invalid."""


class MultipleErrors(InputError):
    """Several input problems found in one pass; all of them are reported at once."""

    def __init__(self, errors: list[VbhcError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class EnvironmentProblem(VbhcError):
    """Something the machine lacks (LibreOffice, a font) or a file that cannot be written."""


@dataclass
class Warnings:
    """Non-fatal findings collected while reading (legacy encodings, guessed values …)."""

    items: list[VbhcError] = field(default_factory=list)

    def add(self, message: str, vitri: Vitri | None = None) -> None:
        self.items.append(VbhcError(message, vitri))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

