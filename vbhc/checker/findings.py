"""What the checker reports: findings, rules it could not evaluate, and the report of one file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from vbhc.checker.kinds import VAN_BAN_HANH_CHINH, Kind
from vbhc.checker.reader import Where
from vbhc.checker.rules import RULES, MucDo

#: Version of the JSON document written by ``vbhc check --json`` (see docs/kiem-tra.md).
#: 2: a repeated finding is one group with ``so_lan`` and a list ``vi_tri`` of its first places.
#: 3: what the document is (``the_loai``), the rules applied (``bo_quy_tac``) and why each rule out of
#: them does not apply (``ly_do_khong_ap_dung``).
JSON_SCHEMA_VERSION = 3

#: Places a repeated finding keeps (the rest are only counted in ``so_lan``).
MAX_PLACES = 5


@dataclass(frozen=True)
class Finding:
    """One departure from ND30, found at one place or more: which rule, how serious, where, what was
    found, what is expected.

    A finding that repeats (same rule, severity, ``thay`` and ``can``) is one group: ``so_lan`` counts
    its places, ``vi_tri`` keeps the first :data:`MAX_PLACES` of them (in reading order).
    """

    rule: str
    muc_do: MucDo
    vi_tri: tuple[Where, ...]  #: the first places (empty: the whole document)
    trich_dan: str  #: a short excerpt of the text at the first place
    thay: str  #: what was found
    can: str  #: what ND30 expects
    so_lan: int = 1  #: how many places

    @property
    def dieu_khoan(self) -> str:
        return RULES[self.rule].dieu_khoan

    @property
    def thong_diep(self) -> str:
        """The whole message, Vietnamese."""
        return f"{self.thay}; Nghị định 30 quy định: {self.can}"

    @property
    def key(self) -> tuple[str, MucDo, str, str]:
        """What makes two findings the same finding at two places."""
        return (self.rule, self.muc_do, self.thay, self.can)

    def to_json(self) -> dict[str, Any]:
        return {
            "quy_tac": self.rule,
            "muc_do": self.muc_do.value,
            "muc_do_nhan": self.muc_do.nhan,
            "dieu_khoan": self.dieu_khoan,
            "ten": RULES[self.rule].ten,
            "so_lan": self.so_lan,
            "vi_tri": [_where_json(where) for where in self.vi_tri],
            "trich_dan": self.trich_dan,
            "thay": self.thay,
            "can": self.can,
            "thong_diep": self.thong_diep,
        }


def _where_json(where: Where) -> dict[str, Any]:
    return {
        "phan": where.phan,
        "doan": where.doan if where.bang is None else None,
        "bang": where.bang,
        "dong": where.dong,
        "o": where.o,
        "doan_trong_o": where.doan_trong_o,
        "dau_trang": where.dau_trang,
        "chan_trang": where.chan_trang,
        "khung_van_ban": where.khung,
        "mo_ta": str(where),
    }


@dataclass(slots=True)
class _Group:
    first: Finding
    so_lan: int
    places: list[Where]


def grouped(findings: Iterable[Finding]) -> list[Finding]:
    """Fold repeated findings into groups, in the order each first appears; consumes ``findings``
    one at a time, so a rule that finds a million places keeps only its groups in memory."""
    groups: dict[tuple[str, MucDo, str, str], _Group] = {}
    for finding in findings:
        group = groups.get(finding.key)
        if group is None:
            groups[finding.key] = _Group(finding, finding.so_lan, list(finding.vi_tri[:MAX_PLACES]))
            continue
        group.so_lan += finding.so_lan
        if len(group.places) < MAX_PLACES:
            group.places.extend(finding.vi_tri[: MAX_PLACES - len(group.places)])
    return [
        replace(g.first, so_lan=g.so_lan, vi_tri=tuple(g.places)) if g.so_lan > 1 else g.first
        for g in groups.values()
    ]


@dataclass(frozen=True)
class KhongDanhGia:
    """A rule that could not be evaluated on this document, and why (never counted as passed)."""

    rule: str
    ly_do: str

    def to_json(self) -> dict[str, Any]:
        return {"quy_tac": self.rule, "ten": RULES[self.rule].ten, "ly_do": self.ly_do}


@dataclass
class Report:
    """The result of checking one file."""

    tep: str
    findings: list[Finding] = field(default_factory=list)
    khong_danh_gia: list[KhongDanhGia] = field(default_factory=list)
    khong_ap_dung: list[str] = field(default_factory=list)
    dat: list[str] = field(default_factory=list)
    loai: str | None = None  #: the tên loại found (``KẾ HOẠCH``), or ``công văn``
    du_thao: bool = False  #: blank number and date: a draft
    kind: Kind = VAN_BAN_HANH_CHINH  #: what the document was taken for, and so the rules applied
    dau_hieu: str = ""  #: what showed the kind (Vietnamese)
    ly_do_khong_ap_dung: dict[str, str] = field(default_factory=dict)  #: rule id → why it does not apply

    def not_applicable(self, rule_id: str, why: str) -> None:
        """Rule ``rule_id`` does not concern this document, for the reason ``why``."""
        self.khong_ap_dung.append(rule_id)
        self.ly_do_khong_ap_dung[rule_id] = why

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.muc_do is MucDo.LOI]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.muc_do is MucDo.CANH_BAO]

    @property
    def ok(self) -> bool:
        """No error (warnings and hints allowed)."""
        return not self.errors

    def so_cho(self, muc_do: MucDo) -> int:
        """How many places have a finding of this severity (``errors`` counts groups, this counts each
        place of each group)."""
        return sum(f.so_lan for f in self.findings if f.muc_do is muc_do)

    def rule_ids(self, *levels: MucDo) -> set[str]:
        """Ids of the rules with findings (of the given severities; all when none given)."""
        return {f.rule for f in self.findings if not levels or f.muc_do in levels}

    def to_json(self) -> dict[str, Any]:
        return {
            "tep": self.tep,
            "doc_duoc": True,
            "loai_van_ban": self.loai,
            "the_loai": {
                "khoa": self.kind.khoa,
                "ten": self.kind.ten,
                "dau_hieu": self.dau_hieu,
                "ghi_chu": self.kind.ngoai_bo,
            },
            "bo_quy_tac": {
                "khoa": self.kind.rule_set.khoa,
                "ten": self.kind.rule_set.ten,
                "quy_tac": self.kind.rule_set.ids,
            },
            "du_thao": self.du_thao,
            "so_loi": len(self.errors),
            "so_canh_bao": len(self.warnings),
            "so_goi_y": len(self.findings) - len(self.errors) - len(self.warnings),
            "phat_hien": [f.to_json() for f in self.findings],
            "khong_danh_gia": [k.to_json() for k in self.khong_danh_gia],
            "khong_ap_dung": self.khong_ap_dung,
            "ly_do_khong_ap_dung": self.ly_do_khong_ap_dung,
            "dat": self.dat,
        }
