"""What the importer could not read with certainty, paragraph by paragraph, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass, field

from vbhc.checker.reader import Where


@dataclass(frozen=True)
class Ambiguity:
    """One thing the importer chose, guessed or left out, and where it is in the Word document."""

    where: Where | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where is not None else self.message


@dataclass
class Notes:
    """The ambiguities of one import, in document order of discovery."""

    items: list[Ambiguity] = field(default_factory=list)

    def add(self, where: Where | None, message: str) -> None:
        self.items.append(Ambiguity(where, message))
