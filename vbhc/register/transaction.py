"""An open write transaction of the register, with the operations that change it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from vbhc import nd30
from vbhc.errors import InputError
from vbhc.register.entry import ISSUED, RESERVED, SO_CHUNG, VAI_TRO, ChuKy, Entry
from vbhc.text import vi

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.register.store import Register


def now() -> str:
    """The time stamp of a change (UTC, ISO 8601, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Transaction:
    """The open write transaction of a :class:`Register` (from :meth:`Register.transaction`).

    A workflow numbers, checks and records through it and does its own work (rendering, writing the
    file) in between: all is committed together when the ``with`` block ends, or nothing is.
    """

    def __init__(self, register: Register, conn: sqlite3.Connection) -> None:
        self.register = register
        self._conn = conn

    def series_for(self, co_quan: str, loai: str | None, series: str | None) -> str:
        """The key of the series a document goes to: ``series`` when given (it must exist), else the
        series configured for its type ``loai``, else ``chung``."""
        if series:
            if series == SO_CHUNG or self._conn.execute(
                "SELECT 1 FROM series WHERE co_quan = ? AND khoa = ?", (co_quan, series)
            ).fetchone():
                return series
            raise InputError(
                f"{co_quan} chưa có sổ «{series}»",
                self.register.where(),
                goi_y=f"tạo sổ bằng «vbhc register series-add {series} --co-quan {co_quan} --ten …»",
            )
        if loai:
            for other in self.register.series_list(co_quan):
                if loai in other.loai:
                    return other.khoa
        return SO_CHUNG

    def last_number(self, co_quan: str, series: str, nam: int) -> int:
        """The last number given out in the series and year (0 when none)."""
        return last_number(self._conn, co_quan, series, nam)

    def set_last_number(self, co_quan: str, series: str, nam: int, so_cuoi: int) -> None:
        """Make ``so_cuoi`` the last number given out in the series and year."""
        self._conn.execute(
            "INSERT INTO counter (co_quan, series, nam, so_cuoi) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (co_quan, series, nam) DO UPDATE SET so_cuoi = excluded.so_cuoi",
            (co_quan, series, nam, so_cuoi),
        )

    def next_number(self, co_quan: str, series: str, nam: int) -> int:
        """Give out the next number of the series and year."""
        number = self.last_number(co_quan, series, nam) + 1
        self.set_last_number(co_quan, series, nam, number)
        return number

    def reserved(self, co_quan: str, series: str, nam: int, so: int, loai: str) -> Entry:
        """The row of number ``so`` taken in advance for a document of type ``loai``; InputError when
        it was not taken, is used or cancelled, or was taken for another type."""
        where = self.register.where()
        row = find_row(self._conn, co_quan, series, nam, so)
        if row is None:
            raise InputError(
                f"số {vi.so(so)} năm {nam} của {co_quan} chưa được lấy trước (sổ «{series}»)",
                where,
                goi_y="lấy số trước bằng «vbhc register reserve», hoặc bỏ --so để nhận số kế tiếp",
            )
        entry = Entry.from_row(row)
        if entry.status != RESERVED:
            raise InputError(
                f"số {entry.so_hien_thi} năm {nam} {entry.trang_thai}, không dùng lại được", where
            )
        if entry.loai and entry.loai != loai:
            raise InputError(
                f"số {entry.so_hien_thi} được lấy trước cho loại «{nd30.LOAI_VAN_BAN[entry.loai].ten}», "
                f"không phải «{nd30.LOAI_VAN_BAN[loai].ten}»",
                where,
            )
        return entry

    def issued_from(self, nguon: str | None, digest: str) -> Entry | None:
        """The last issued row of the same source (the same path or the same SHA-256), if any."""
        row = self._conn.execute(
            "SELECT * FROM van_ban_di WHERE status = 'issued' AND (nguon_sha256 = ? OR (nguon IS NOT NULL "
            "AND nguon = ?)) ORDER BY id DESC LIMIT 1",
            (digest, nguon),
        ).fetchone()
        return Entry.from_row(row) if row else None

    def issued_later(self, co_quan: str, series: str, ngay: date, so: int) -> Entry | None:
        """The highest issued number below ``so`` in the series and year of ``ngay`` dated after it."""
        row = self._conn.execute(
            "SELECT * FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ? AND so < ? "
            "AND status = 'issued' AND ngay > ? ORDER BY so DESC LIMIT 1",
            (co_quan, series, ngay.year, so, ngay.isoformat()),
        ).fetchone()
        return Entry.from_row(row) if row else None

    def record_issued(self, values: dict[str, Any], *, reserved: Entry | None, details: dict) -> Entry:
        """Record an issued document (``values``: its columns) as a new row, or on the row ``reserved``
        in advance for it, with ``details`` in the audit trail."""
        if reserved is None:
            entry_id = self.insert(values)
        else:
            self.update(reserved.id, values)
            entry_id = reserved.id
        self.log("issue", entry_id, details)
        return self.entry(entry_id)

    def record_metadata(self, entry_id: int, sieu_du_lieu: str) -> Entry:
        """Store the Phụ lục VI metadata (JSON) of issued row ``entry_id``."""
        entry = self._issued(entry_id)
        self.update(entry_id, {"sieu_du_lieu": sieu_du_lieu})
        self.log("metadata", entry_id, {"so_ky_hieu": entry.so_ky_hieu})
        return self.entry(entry_id)

    def record_signature(
        self,
        entry_id: int,
        *,
        tep: str,
        sha256: str,
        thoi_gian_ky: datetime,
        nguoi_ky: str = "",
        vai_tro: str = "",
    ) -> ChuKy:
        """Record that the file ``tep`` (SHA-256 ``sha256`` of the signed bytes) of issued row
        ``entry_id`` was signed at ``thoi_gian_ky`` (with its UTC offset) by ``nguoi_ky`` as ``vai_tro``."""
        where = self.register.where()
        entry = self._issued(entry_id)
        if thoi_gian_ky.utcoffset() is None:
            raise InputError("thời gian ký phải có múi giờ (ví dụ +07:00)", where)
        if vai_tro and vai_tro not in VAI_TRO:
            raise InputError(
                f"vai trò ký «{vai_tro}» không hợp lệ; dùng một trong: {', '.join(VAI_TRO)}", where
            )
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise InputError("mã băm SHA-256 của tệp đã ký phải gồm 64 chữ số hex thường", where)
        signed_at = thoi_gian_ky.isoformat(timespec="seconds")
        values = (entry_id, tep, sha256, signed_at, vi.nfc(nguoi_ky), vai_tro, self.register.user, now())
        cursor = self._conn.execute(
            "INSERT INTO chu_ky (entry_id, tep, sha256, thoi_gian_ky, nguoi_ky, vai_tro, nguoi_thuc_hien, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        self.log("sign", entry_id, {"so_ky_hieu": entry.so_ky_hieu, "tep": tep, "sha256": sha256,
                                    "thoi_gian_ky": signed_at, "nguoi_ky": nguoi_ky, "vai_tro": vai_tro})
        row = self._conn.execute("SELECT * FROM chu_ky WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return ChuKy.from_row(row)

    def _issued(self, entry_id: int) -> Entry:
        """Row ``entry_id``, which must be an issued document."""
        row = self._conn.execute("SELECT * FROM van_ban_di WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise InputError(f"sổ không có dòng {entry_id}", self.register.where())
        entry = Entry.from_row(row)
        if entry.status != ISSUED:
            raise InputError(
                f"số {entry.so_hien_thi} năm {entry.nam} {entry.trang_thai}, không phải văn bản đã ban hành",
                self.register.where(),
            )
        return entry

    def insert(self, values: dict[str, Any]) -> int:
        """Add a row with these columns; its id."""
        stamp = now()
        values = {**values, "created_at": stamp, "updated_at": stamp, "nguoi_thuc_hien": self.register.user}
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self._conn.execute(
            f"INSERT INTO van_ban_di ({columns}) VALUES ({marks})", [_sql_value(v) for v in values.values()]
        )
        return int(cursor.lastrowid)

    def update(self, entry_id: int, values: dict[str, Any]) -> None:
        """Change these columns of row ``entry_id``."""
        values = {**values, "updated_at": now()}
        assignments = ", ".join(f"{column} = ?" for column in values)
        self._conn.execute(
            f"UPDATE van_ban_di SET {assignments} WHERE id = ?",
            [*(_sql_value(v) for v in values.values()), entry_id],
        )

    def entry(self, entry_id: int) -> Entry:
        """Row ``entry_id`` as it stands in this transaction."""
        row = self._conn.execute("SELECT * FROM van_ban_di WHERE id = ?", (entry_id,)).fetchone()
        return Entry.from_row(row)

    def log(self, action: str, entry_id: int | None, details: dict, *, den_id: int | None = None) -> None:
        """Add an event to the audit trail (``den_id``: the row of the sổ đến it is about)."""
        self._conn.execute(
            "INSERT INTO audit (at, actor, action, entry_id, details, den_id) VALUES (?, ?, ?, ?, ?, ?)",
            (now(), self.register.user, action, entry_id,
             json.dumps(details, ensure_ascii=False, default=str), den_id),
        )


def find_row(conn: sqlite3.Connection, co_quan: str, series: str, nam: int, so: int) -> sqlite3.Row | None:
    """The row of number ``so`` in the series and year, if there is one."""
    return conn.execute(
        "SELECT * FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ? AND so = ?",
        (co_quan, series, nam, so),
    ).fetchone()


def last_number(conn: sqlite3.Connection, co_quan: str, series: str, nam: int) -> int:
    """The last number given out in the series and year (0 when none): counter or highest row."""
    counter = conn.execute(
        "SELECT so_cuoi FROM counter WHERE co_quan = ? AND series = ? AND nam = ?",
        (co_quan, series, nam),
    ).fetchone()
    used = conn.execute(
        "SELECT MAX(so) FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ?",
        (co_quan, series, nam),
    ).fetchone()
    return max(counter[0] if counter else 0, used[0] or 0)


def _sql_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


__all__ = ["Transaction", "find_row", "last_number", "now"]
