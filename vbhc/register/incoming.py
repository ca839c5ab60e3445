"""The sổ đăng ký văn bản đến (Điều 22; Phụ lục IV, mục VI) in the register's SQLite file.

:class:`SoDen` is the part of :class:`~vbhc.register.Register` that keeps incoming documents: each
gets the next số đến of its receiving body and of the year of its ngày đến, from 01, in one
``BEGIN IMMEDIATE`` transaction (two clerks receiving at the same moment get 01 and 02). A duplicate
(Phụ lục VI, Phần I, III.h: the same mã định danh, or the same số, ký hiệu and tác giả) is refused
with :class:`TrungVanBan` unless forced. Every change is in the audit trail, and the row's Phụ lục VI
metadata (:mod:`vbhc.metadata.phu_luc_vi_den`) is rebuilt and stored with it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import fields, replace
from datetime import date, datetime, timezone
from typing import Any

from vbhc import nd30
from vbhc.errors import InputError
from vbhc.incoming.fields import TEN_TRUONG, TRUONG
from vbhc.register.entry_den import (
    COT_CHU,
    DA_GIAI_QUYET,
    TrungVanBan,
    VanBanDen,
    VanBanDenMoi,
    YKien,
    chu_ky_dict,
    khoa_trung,
)
from vbhc.register.transaction import now
from vbhc.text import vi

#: Columns a clerk may correct with :meth:`SoDen.update_den` (ngày đến only within its year).
SUA_DUOC = (
    "ngay_den", "tac_gia", "so_ky_hieu", "ngay_van_ban", "ten_loai", "trich_yeu", "don_vi_nhan",
    "han_giai_quyet", "ngay_chuyen", "ky_nhan", "ghi_chu", "ma_dinh_danh", "do_khan", "nguoi_ky", "chuc_vu",
    "so_trang",
)  # fmt: skip
_NGAY = frozenset({"ngay_den", "ngay_van_ban", "han_giai_quyet", "ngay_chuyen"})
_HEX = re.compile(r"^[0-9a-f]{64}$")
#: What a clerk reads for a column that is not a field of the reader.
TEN_COT = {
    **TEN_TRUONG,
    "ngay_den": "Ngày đến", "don_vi_nhan": "Đơn vị hoặc người nhận", "han_giai_quyet": "Hạn giải quyết",
    "ngay_chuyen": "Ngày chuyển", "ky_nhan": "Ký nhận", "ghi_chu": "Ghi chú", "ma_dinh_danh": "Mã định danh",
    "so_trang": "Số trang",
}  # fmt: skip


def _plain(text: str) -> str:
    """Lower case without diacritics (đ → d), for a search a clerk types without accents."""
    text = unicodedata.normalize("NFD", vi.lower(text).replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def thieu_bat_buoc(values: Mapping[str, Any]) -> tuple[str, ...]:
    """The required fields an entry lacks: tác giả; số ký hiệu unless the note says why there is none;
    trích yếu when it has no tên loại either."""
    missing = [name for name in ("tac_gia",) if not values.get(name)]
    if not values.get("so_ky_hieu") and not values.get("ghi_chu"):
        missing.append("so_ky_hieu")
    if not values.get("trich_yeu") and not values.get("ten_loai"):
        missing.append("trich_yeu")
    return tuple(missing)


class SoDen:
    """The incoming book of a :class:`~vbhc.register.Register` (mixed into it)."""

    # provided by Register
    _conn: sqlite3.Connection
    transaction: Any
    where: Any

    # --- reading -------------------------------------------------------------------------------

    def list_den(
        self, *, nam: int | None = None, query: str | None = None, co_quan: str | None = None
    ) -> list[VanBanDen]:
        """The incoming entries in register order (body, year, số đến); ``query``: words that must all
        appear (without regard to case or diacritics) in tác giả, số ký hiệu, tên loại, trích yếu, đơn vị
        nhận or ghi chú."""
        sql, args = "SELECT * FROM van_ban_den WHERE 1 = 1", []
        for column, value in (("nam", nam), ("co_quan", co_quan)):
            if value is not None:
                sql, args = f"{sql} AND {column} = ?", [*args, value]
        rows = self._conn.execute(sql + " ORDER BY co_quan, nam, so_den", args)
        entries = [VanBanDen.from_row(row) for row in rows]
        if not query or not query.strip():
            return entries
        words = _plain(query).split()

        def text(e: VanBanDen) -> str:
            return _plain(" ".join((e.tac_gia, e.so_ky_hieu, e.ten_loai, e.trich_yeu, e.don_vi_nhan,
                                    e.ghi_chu)))

        return [e for e in entries if all(word in text(e) for word in words)]

    def get_den(self, nam: int, so_den: int, *, co_quan: str | None = None) -> VanBanDen:
        """The entry of số đến ``so_den`` in year ``nam``; InputError naming the register when there is
        none, or when several bodies have that number and ``co_quan`` is not given."""
        sql, args = "SELECT * FROM van_ban_den WHERE nam = ? AND so_den = ?", [nam, so_den]
        if co_quan is not None:
            sql, args = f"{sql} AND co_quan = ?", [*args, co_quan]
        rows = self._conn.execute(sql, args).fetchall()
        if not rows:
            raise InputError(
                f"sổ văn bản đến không có số đến {vi.so(so_den)} năm {nam}"
                + (f" của {co_quan}" if co_quan else ""),
                self.where(),
                goi_y="xem danh sách bằng «vbhc register list --den»",
            )
        if len(rows) > 1:
            bodies = ", ".join(row["co_quan"] or "(không ghi)" for row in rows)
            raise InputError(
                f"số đến {vi.so(so_den)} năm {nam} có ở nhiều cơ quan ({bodies}); chỉ rõ bằng --co-quan",
                self.where(),
            )
        return VanBanDen.from_row(rows[0])

    def qua_han(self, hom_nay: date) -> list[VanBanDen]:
        """The documents whose hạn giải quyết is before ``hom_nay`` and not dealt with by then,
        the oldest deadline first."""
        late = [e for e in self.list_den() if e.ngay_den <= hom_nay and e.qua_han(hom_nay)]
        return sorted(late, key=lambda e: (e.han_giai_quyet, e.nam, e.so_den))

    def trung_den(self, moi: VanBanDenMoi | VanBanDen, *, bo_qua: int | None = None) -> TrungVanBan | None:
        """The duplicate of ``moi`` already in the sổ đến, as the error to raise; None when there is none.

        Phụ lục VI's two criteria (mã định danh; số, ký hiệu and tác giả), and the same file again."""
        checks = []
        if moi.ma_dinh_danh:
            checks.append(("mã định danh văn bản", "ma_dinh_danh = ?", moi.ma_dinh_danh.strip()))
        key = khoa_trung(moi.so_ky_hieu, moi.tac_gia) if moi.tac_gia else ""
        if key:
            checks.append(("số, ký hiệu và tác giả", "khoa_trung = ?", key))
        if moi.sha256:
            checks.append(("tệp (cùng mã SHA-256)", "sha256 = ?", moi.sha256))
        for ly_do, condition, value in checks:
            row = self._conn.execute(
                f"SELECT * FROM van_ban_den WHERE {condition} AND id != ? ORDER BY id LIMIT 1",
                (value, -1 if bo_qua is None else bo_qua),
            ).fetchone()
            if row is not None:
                return TrungVanBan(VanBanDen.from_row(row), ly_do, self.where())
        return None

    # --- changes -------------------------------------------------------------------------------

    def receive(self, moi: VanBanDenMoi, *, force: bool = False) -> VanBanDen:
        """Register ``moi`` with the next số đến of its body and of the year of its ngày đến.

        A duplicate raises :class:`TrungVanBan`; ``force=True`` registers it with a note naming the
        entry it repeats. A required field missing (and not given by the clerk) does not stop the
        registration: the field is added to ``can_xem_lai`` (the entry is «cần xem lại»).
        """
        values = self._clean(moi)
        with self.transaction() as tx:
            duplicate = self.trung_den(moi)
            if duplicate is not None and not force:
                raise duplicate
            nam = moi.ngay_den.year
            last = self._conn.execute(
                "SELECT MAX(so_den) FROM van_ban_den WHERE co_quan = ? AND nam = ?", (values["co_quan"], nam)
            ).fetchone()[0]
            so_den = max(last or 0, nd30.SO_DEN_BAT_DAU - 1) + 1
            if duplicate is not None:
                trung = duplicate.trung
                note = f"Có thể trùng văn bản đến số {trung.so_den_hien_thi}/{trung.nam} (vẫn đăng ký)"
                values["ghi_chu"] = "; ".join(part for part in (values["ghi_chu"], note) if part)
            stamp = now()
            row = {**values, "nam": nam, "so_den": so_den, "nguoi_thuc_hien": tx.register.user,
                   "created_at": stamp, "updated_at": stamp}
            marks = ", ".join("?" for _ in row)
            cursor = self._conn.execute(f"INSERT INTO van_ban_den ({', '.join(row)}) VALUES ({marks})",
                                        [_sql(v) for v in row.values()])
            entry_id = int(cursor.lastrowid)
            details: dict[str, Any] = {"so_den": so_den, "nam": nam, "so_ky_hieu": values["so_ky_hieu"],
                                       "tac_gia": values["tac_gia"], "tep": values["tep"]}
            if duplicate is not None:
                details["trung"] = duplicate.trung.ma
            tx.log("receive", None, details, den_id=entry_id)
            return self._store_metadata(entry_id)

    def update_den(self, nam: int, so_den: int, /, *, force: bool = False, co_quan: str | None = None,
                   **truong: Any) -> VanBanDen:
        """The clerk's corrections (columns of :data:`SUA_DUOC`; a date as ``date`` or text): the
        corrected fields are confirmed, their flags and suggestions cleared."""
        unknown = sorted(set(truong) - set(SUA_DUOC))
        if unknown:
            raise InputError(
                "không sửa được trường " + ", ".join(unknown) + "; sửa được: " + ", ".join(SUA_DUOC),
                self.where(),
            )
        with self.transaction() as tx:
            entry = self.get_den(nam, so_den, co_quan=co_quan)
            changes = self._typed(truong)
            if "ngay_den" in changes and changes["ngay_den"].year != entry.nam:
                raise InputError(
                    f"ngày đến phải trong năm {entry.nam} của số đến {entry.so_den_hien_thi}",
                    self.where(truong="ngay_den"),
                    goi_y="văn bản đăng ký nhầm năm: đăng ký lại (--force) và ghi chú vào số cũ",
                )
            merged = replace(entry, **changes)
            if {"so_ky_hieu", "tac_gia", "ma_dinh_danh"} & set(changes):
                duplicate = self.trung_den(merged, bo_qua=entry.id)
                if duplicate is not None and not force:
                    raise duplicate
            flagged = [name for name in entry.can_xem_lai if name not in changes]
            columns = {f.name: getattr(merged, f.name) for f in fields(merged)}
            still = [name for name in thieu_bat_buoc(columns) if name not in flagged]
            de_xuat = {k: v for k, v in entry.de_xuat.items() if k not in changes}
            update = {**changes, "can_xem_lai": json.dumps([*flagged, *still]),
                      "de_xuat": json.dumps(de_xuat, ensure_ascii=False)}
            if {"so_ky_hieu", "tac_gia"} & set(changes):
                update["khoa_trung"] = khoa_trung(merged.so_ky_hieu, merged.tac_gia)
            self._update(entry.id, update)
            before = {k: getattr(entry, k) for k in changes}
            tx.log("update_den", None, {"ma": entry.ma, "truoc": before, "sau": changes}, den_id=entry.id)
            return self._store_metadata(entry.id)

    def add_y_kien(self, nam: int, so_den: int, y_kien: YKien, *, co_quan: str | None = None) -> VanBanDen:
        """Record an ý kiến phân phối or chỉ đạo (TraceHeaderList); its ``chuyen_cho`` becomes the đơn vị
        nhận and its time the ngày chuyển when those are still empty."""
        if not y_kien.nguoi.strip() or not y_kien.noi_dung.strip():
            raise InputError("ý kiến cần người cho ý kiến và nội dung", self.where(truong="y_kien"))
        stamp = y_kien.thoi_gian or datetime.now(timezone.utc).astimezone()
        y_kien = YKien(_line(y_kien.nguoi), vi.nfc(y_kien.noi_dung.strip()), stamp, _line(y_kien.chuyen_cho))
        with self.transaction() as tx:
            entry = self.get_den(nam, so_den, co_quan=co_quan)
            update: dict[str, Any] = {
                "y_kien": json.dumps([item.to_dict() for item in (*entry.y_kien, y_kien)], ensure_ascii=False)
            }
            if y_kien.chuyen_cho and not entry.don_vi_nhan:
                update["don_vi_nhan"] = y_kien.chuyen_cho
            if y_kien.chuyen_cho and entry.ngay_chuyen is None:
                update["ngay_chuyen"] = stamp.date()
            self._update(entry.id, update)
            tx.log("y_kien", None, {"ma": entry.ma, **y_kien.to_dict()}, den_id=entry.id)
            return self._store_metadata(entry.id)

    def giai_quyet(self, nam: int, so_den: int, *, ngay: date, so_ky_hieu_tra_loi: str = "",
                   co_quan: str | None = None) -> VanBanDen:
        """Mark the document dealt with on ``ngay`` (by the reply ``so_ky_hieu_tra_loi``, if any)."""
        with self.transaction() as tx:
            entry = self.get_den(nam, so_den, co_quan=co_quan)
            if ngay < entry.ngay_den:
                raise InputError(
                    f"ngày giải quyết {vi.ngay_ngan(ngay)} trước ngày đến {vi.ngay_ngan(entry.ngay_den)}",
                    self.where(truong="ngay_giai_quyet"),
                )
            reply = _line(so_ky_hieu_tra_loi)
            self._update(entry.id, {"trang_thai": DA_GIAI_QUYET, "ngay_giai_quyet": ngay,
                                    "so_ky_hieu_tra_loi": reply})
            details = {"ma": entry.ma, "ngay": ngay, "so_ky_hieu_tra_loi": reply}
            tx.log("giai_quyet", None, details, den_id=entry.id)
            return self._store_metadata(entry.id)

    # --- plumbing ------------------------------------------------------------------------------

    def _clean(self, moi: VanBanDenMoi) -> dict[str, Any]:
        """The columns of a new entry, checked and normalised (one NFC line per text)."""
        if not isinstance(moi.ngay_den, date):
            raise InputError("cần ngày đến của văn bản", self.where(truong="ngay_den"))
        values = {f.name: getattr(moi, f.name) for f in fields(moi)}
        for name in COT_CHU:
            values[name] = _line(values[name] or "")
        values["ghi_chu"] = vi.nfc((moi.ghi_chu or "").strip())
        values.update(self._typed({k: values[k] for k in ("do_khan", "so_trang") if values[k] is not None}))
        if moi.sha256 is not None and not _HEX.match(moi.sha256):
            raise InputError("mã băm SHA-256 của tệp phải gồm 64 chữ số hex thường",
                             self.where(truong="sha256"))
        unknown = sorted(set(moi.can_xem_lai) - set(TRUONG) - set(TEN_COT))
        if unknown:
            raise InputError("trường cần xem lại không có: " + ", ".join(unknown),
                             self.where(truong="can_xem_lai"))
        flagged = list(dict.fromkeys(moi.can_xem_lai))
        flagged += [name for name in thieu_bat_buoc(values) if name not in flagged]
        values["can_xem_lai"] = json.dumps(flagged)
        de_xuat = {k: vi.nfc(str(v)) for k, v in moi.de_xuat.items()}
        values["de_xuat"] = json.dumps(de_xuat, ensure_ascii=False)
        values["chu_ky"] = json.dumps([chu_ky_dict(c) for c in moi.chu_ky], ensure_ascii=False)
        values["ma_dinh_danh"] = (moi.ma_dinh_danh or "").strip() or None
        values["khoa_trung"] = khoa_trung(values["so_ky_hieu"], values["tac_gia"])
        return values

    def _typed(self, truong: Mapping[str, Any]) -> dict[str, Any]:
        """The clerk's values as the columns keep them: dates parsed, text on one NFC line, độ khẩn
        checked."""
        out: dict[str, Any] = {}
        for name, value in truong.items():
            where = self.where(truong=name)
            if name in _NGAY and isinstance(value, str):
                value = vi.parse_date(value, where) if value.strip() else None
            elif name == "so_trang" and value is not None:
                if isinstance(value, str) and not value.strip().isdigit():
                    raise InputError(f"số trang «{value}» phải là số tự nhiên", where)
                value = int(value)
            elif name == "do_khan":
                value = vi.upper(_line(value or "")) or None
                if value is not None and value not in nd30.DO_KHAN:
                    choices = ", ".join(nd30.DO_KHAN)
                    raise InputError(f"độ khẩn «{value}» không hợp lệ; dùng một trong: {choices}", where)
            elif name == "ghi_chu":
                value = vi.nfc(str(value or "").strip())
            elif name == "ma_dinh_danh":
                value = _line(value or "") or None
            elif isinstance(value, str):
                value = _line(value)
            if name in _NGAY and value is not None and not isinstance(value, date):
                raise InputError(f"«{value}» không phải là ngày", where)
            if name == "ngay_den" and value is None:
                raise InputError("cần ngày đến của văn bản", where)
            out[name] = value
        return out

    def _update(self, entry_id: int, values: Mapping[str, Any]) -> None:
        values = {**values, "updated_at": now()}
        assignments = ", ".join(f"{column} = ?" for column in values)
        self._conn.execute(f"UPDATE van_ban_den SET {assignments} WHERE id = ?",
                           [*(_sql(v) for v in values.values()), entry_id])

    def _row(self, entry_id: int) -> VanBanDen:
        row = self._conn.execute("SELECT * FROM van_ban_den WHERE id = ?", (entry_id,)).fetchone()
        return VanBanDen.from_row(row)

    def _store_metadata(self, entry_id: int) -> VanBanDen:
        """Rebuild and store the Phụ lục VI metadata of the row (checked against the decree's lengths)."""
        from vbhc.metadata.phu_luc_vi_den import from_den, to_json

        entry = self._row(entry_id)
        self._update(entry_id, {"sieu_du_lieu": to_json(from_den(entry, where=self.where()))})
        return self._row(entry_id)

    def den_events(self, entry: VanBanDen) -> Iterator[tuple[str, str, str, dict]]:
        """The audit events of one incoming entry, oldest first: (at, actor, action, details)."""
        rows = self._conn.execute("SELECT at, actor, action, details FROM audit WHERE den_id = ? ORDER BY id",
                                  (entry.id,))
        for row in rows:
            yield row["at"], row["actor"], row["action"], json.loads(row["details"])


def _line(text: str) -> str:
    return vi.nfc(" ".join(str(text).split()))


def _sql(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


__all__ = ["SUA_DUOC", "TEN_COT", "SoDen", "thieu_bat_buoc"]
