"""One repair step: the document as the checker read it, its components, the XML being edited, and
the changes made so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from vbhc.checker.checks import CHECKS, Ctx, NotApplicable, NotEvaluable
from vbhc.checker.components import Components
from vbhc.checker.document import Paragraph, Where
from vbhc.checker.findings import Finding
from vbhc.checker.kinds import recognise
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

    roles: dict[int, set[str]] = field(init=False)
    sized: dict[int, float] = field(default_factory=dict)  #: paragraphs given a size in this step

    rules: frozenset[str] = field(init=False)  #: the rules the checker applies to this kind

    def __post_init__(self) -> None:
        self.ctx = Ctx(doc=self.doc, c=self.c)
        self.roles = roles(self.c)
        self.rules = frozenset(recognise(self.doc, self.c).kind.rule_set.rules)

    def ambiguous(self, paragraph: Paragraph) -> bool:
        """The checker took ``paragraph`` for two components (a Tiêu ngữ also read as the agency):
        giving it the look of one would be a guess, so it is left as it is."""
        names = self.roles.get(id(paragraph), set())
        lines = {name for name in names if name.endswith("_line")}
        return len(lines) > 1 or len(names - lines) > 1

    def findings(self, rule_id: str) -> list[Finding]:
        """Every finding of ``rule_id``, one per place (not grouped): the checker's own check, when the
        checker applies that rule to this kind of document."""
        if rule_id not in self.rules:
            return []
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


def roles(c: Components) -> dict[int, set[str]]:
    """The components each located paragraph is (by ``id``), and the rules it draws (``…_line``: a
    text paragraph can hold the line shape ruling it)."""
    out: dict[int, set[str]] = {}
    single = {
        "quoc_hieu": c.quoc_hieu,
        "tieu_ngu": c.tieu_ngu,
        "so": c.so,
        "date": c.date,
        "ten_loai": c.ten_loai,
        "kinh_gui": c.kinh_gui,
        "noi_nhan_label": c.noi_nhan_label,
        "do_khan": c.do_khan,
        "tieu_ngu_line": c.tieu_ngu_line.paragraph if c.tieu_ngu_line else None,
        "agency_line": c.agency_line.paragraph if c.agency_line else None,
        "trich_yeu_line": c.trich_yeu_line.paragraph if c.trich_yeu_line else None,
    }
    several = {
        "agency": c.agency,
        "vv": c.vv,
        "trich_yeu": c.trich_yeu,
        "can_cu": c.can_cu,
        "noi_nhan_items": c.noi_nhan_items,
        "signature": c.signature,
    }
    for name, paragraph in single.items():
        if paragraph is not None:
            out.setdefault(id(paragraph), set()).add(name)
    for name, paragraphs in several.items():
        for paragraph in paragraphs:
            out.setdefault(id(paragraph), set()).add(name)
    return out
