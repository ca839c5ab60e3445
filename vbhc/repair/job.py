"""One repair step: the document as the checker read it, its components, the XML being edited, and
the changes made so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from vbhc.checker.checks import CHECKS, Ctx, NotApplicable, NotEvaluable
from vbhc.checker.components import Components
from vbhc.checker.document import Paragraph, Where
from vbhc.checker.findings import Finding
from vbhc.checker.reader import Document
from vbhc.repair.locate import Located
from vbhc.repair.package import Editable
from vbhc.repair.plan import Change


@dataclass
class Job:
    edit: Editable
    doc: Document
    c: Components
    at: Located
    changes: list[Change] = field(default_factory=list)
    ctx: Ctx = field(init=False)

    def __post_init__(self) -> None:
        self.ctx = Ctx(doc=self.doc, c=self.c)

    def findings(self, rule_id: str) -> list[Finding]:
        """Every finding of ``rule_id``, one per place (not grouped): the checker's own check."""
        try:
            return list(CHECKS[rule_id](self.ctx))
        except (NotApplicable, NotEvaluable):
            return []

    def change(self, rule_id: str, at: Paragraph | Where | None, truoc: str, sau: str) -> None:
        """Record a change made at ``at`` (the main part is marked edited)."""
        where = at.where if isinstance(at, Paragraph) else at
        excerpt = at.excerpt if isinstance(at, Paragraph) else ""
        self.changes.append(Change(rule_id, where, truoc, sau, trich_dan=excerpt))
        element = self.element(at) if at is not None else None
        self.edit.touch_tree(element if element is not None else self.edit.xml(self.edit.main))

    def element(self, at: Paragraph | Where) -> etree._Element | None:
        return self.at.element(at)

    def paragraph(self, finding: Finding) -> Paragraph | None:
        """The checker's paragraph at the (single) place of ``finding``."""
        return self.at.paragraph(finding.vi_tri[0]) if finding.vi_tri else None
