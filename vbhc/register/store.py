"""The outgoing register (sổ đăng ký văn bản đi, Phụ lục IV of ND30): a store on SQLite.

One SQLite file (default ``so-van-ban.db``) holds one row per number given out: issued documents,
numbers taken in advance (lấy số trước) and cancelled numbers (hủy số, kept with their reason, never
reused). Numbers run per issuing body (``co_quan.viet_tat``), per series and per calendar year, from
01 on 1 January (spec §3.3). By default a body has one series (``chung``) for all its administrative
documents; separate series (its quyết định, an advisory council using its seal) are configured in the
register itself.

Safety: the file is in WAL mode with ``synchronous=FULL``; every change is one ``BEGIN IMMEDIATE``
transaction, so two clerks (two processes) can never get the same number and a crash leaves the
register as it was before the change. :meth:`Register.transaction` hands out the open transaction
(:class:`Transaction`) so that a workflow (issuing, :mod:`vbhc.workflows.issue`) renders and writes
inside it: a failed render or write rolls back and consumes no number. The schema version is kept
in ``PRAGMA user_version``; older registers are migrated (after a backup copy), not rejected.
"""
from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.register.entry import (
    CANCELLED,
    RESERVED,
    SO_CHUNG,
    TEN_SO_CHUNG,
    AuditEvent,
    ChuKy,
    Entry,
    Series,
)
from vbhc.register.incoming import SoDen
from vbhc.register.schema import MIGRATIONS, SCHEMA_VERSION, TABLES
from vbhc.register.transaction import Transaction, find_row, last_number, now
from vbhc.text import vi

_T = TypeVar("_T")

DEFAULT_PATH = "so-van-ban.db"
#: Seconds a clerk waits for another clerk's transaction before giving up.
DEFAULT_TIMEOUT = 60.0

_SERIES_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")

_SQLITE_VI = (
    ("readonly", "không có quyền ghi vào tệp sổ hoặc thư mục chứa nó"),
    ("read-only", "không có quyền ghi vào tệp sổ hoặc thư mục chứa nó"),
    ("full", "ổ đĩa đã đầy"),
    ("disk i/o", "lỗi đọc/ghi ổ đĩa"),
    ("unable to open", "không mở được tệp"),
)


def _vi_sqlite(error: Exception) -> str:
    """A Vietnamese phrase for the SQLite errors a clerk can act on."""
    text = str(error).lower()
    return next((vi_text for key, vi_text in _SQLITE_VI if key in text), "lỗi cơ sở dữ liệu")


def default_user() -> str:
    """The login name of the clerk, for the audit trail."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container or service
        return "không rõ"


class Register(SoDen):
    """The sổ đăng ký văn bản đi in one SQLite file, and the sổ đăng ký văn bản đến
    (:class:`~vbhc.register.incoming.SoDen`: receive, list_den, get_den, update_den, add_y_kien, giai_quyet,
    qua_han).

    ``create=False`` refuses a missing file (for reading commands); ``user`` names the clerk in
    the audit trail (the login name by default).
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        create: bool = True,
        user: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.path = Path(path)
        self.user = user or default_user()
        self.timeout = timeout
        where = Vitri(tep=str(self.path))
        if self.path.is_dir():
            raise InputError("đường dẫn sổ văn bản là một thư mục, cần một tệp .db", where)
        if not self.path.exists():
            if not create:
                raise InputError(
                    "không tìm thấy sổ văn bản",
                    where,
                    goi_y="chỉ đúng tệp sổ bằng --register, hoặc cấp số đầu tiên bằng «vbhc issue» "
                    "hay vào sổ văn bản đến đầu tiên bằng «vbhc receive» (sổ được tạo tự động)",
                )
            if not self.path.parent.is_dir():
                raise EnvironmentProblem(f"thư mục «{self.path.parent}» không tồn tại", where)
        else:
            self._inspect(where)
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise EnvironmentProblem(f"không mở được sổ văn bản: {_vi_sqlite(error)}", where) from None
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._while_busy(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
            self._conn.execute("PRAGMA synchronous = FULL")
            self._while_busy(self._migrate)
        except sqlite3.DatabaseError as error:
            self._conn.close()
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise self._locked() from None
            if _vi_sqlite(error) != "lỗi cơ sở dữ liệu":
                raise EnvironmentProblem(f"không mở được sổ văn bản: {_vi_sqlite(error)}", where) from None
            raise InputError("tệp không phải là sổ văn bản của vbhc hoặc đã hỏng", where) from None
        except BaseException:
            self._conn.close()
            raise

    def _inspect(self, where: Vitri) -> None:
        """Look at an existing file read-only; refuse it, having written nothing (no WAL switch, no
        migration, no backup), unless it is empty or a vbhc register."""
        with self.path.open("rb") as handle:
            header = handle.read(100)
        if not header:
            return
        if not header.startswith(b"SQLite format 3\x00"):
            raise InputError("tệp không phải là sổ văn bản của vbhc hoặc đã hỏng", where)
        # A WAL file nobody has open has no -shm: read it as immutable, which creates no -shm/-wal.
        # Otherwise a plain read-only open uses the files that are there and adds none.
        idle_wal = header[18] == 2 and not self.path.with_name(f"{self.path.name}-shm").exists()
        uri = f"{self.path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if idle_wal else "")
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=self.timeout)
            with contextlib.closing(conn):
                # one statement, one snapshot: another clerk may be creating the register right now
                version, names = conn.execute(
                    "SELECT (SELECT user_version FROM pragma_user_version), "
                    "(SELECT group_concat(name, char(31)) FROM sqlite_master WHERE type = 'table')"
                ).fetchone()
                tables = set(names.split("\x1f")) if names else set()
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise self._locked() from None
            if _vi_sqlite(error) != "lỗi cơ sở dữ liệu":
                raise EnvironmentProblem(f"không mở được sổ văn bản: {_vi_sqlite(error)}", where) from None
            raise InputError("tệp không phải là sổ văn bản của vbhc hoặc đã hỏng", where) from None
        if version == 0 and not tables:
            return
        wanted = TABLES[min(version, SCHEMA_VERSION)] if version > 0 else None
        if wanted is None or not wanted <= tables:
            raise InputError("tệp SQLite này không phải là sổ văn bản của vbhc", where)

    # --- plumbing ----------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Register({str(self.path)!r})"

    def where(self, **kwargs: Any) -> Vitri:
        return Vitri(tep=str(self.path), **kwargs)

    def _locked(self) -> EnvironmentProblem:
        return EnvironmentProblem(
            f"sổ văn bản đang được người khác ghi quá {self.timeout:g} giây",
            self.where(),
            goi_y="thử lại sau ít phút",
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction (``BEGIN IMMEDIATE``): committed on success, rolled back on error."""
        try:
            self._while_busy(lambda: self._conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise self._locked() from None
            raise EnvironmentProblem(
                f"không ghi được sổ văn bản: {_vi_sqlite(error)}", self.where()
            ) from None
        try:
            yield Transaction(self, self._conn)
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise EnvironmentProblem(
                f"không ghi được sổ văn bản: {_vi_sqlite(error)}", self.where()
            ) from None

    def _while_busy(self, step: Callable[[], _T]) -> _T:
        """``step()``, tried again until ``timeout`` while SQLite answers «locked» at once: the busy
        handler is not called in every case (two clerks creating the register, or switching it to
        WAL, at the same moment)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return step()
            except sqlite3.OperationalError as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if not busy or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise EnvironmentProblem(
                f"sổ được tạo bởi phiên bản vbhc mới hơn (lược đồ {version}; phiên bản này đọc đến "
                f"{SCHEMA_VERSION})",
                self.where(),
                goi_y="cập nhật vbhc (pip install -U vbhc)",
            )
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            # a copy of the register as it was, before the schema changes
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            if not backup.exists():
                target = sqlite3.connect(str(backup))
                with contextlib.closing(target):
                    self._conn.backup(target)
        conn = self._conn
        with self.transaction() as tx:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
                if tables:
                    raise InputError(
                        "tệp SQLite này không phải là sổ văn bản của vbhc", self.where()
                    )
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if version > 0:
                tx.log("migrate", None, {"tu": version, "den": SCHEMA_VERSION})

    # --- reading -----------------------------------------------------------------------------

    def entries(
        self,
        *,
        nam: int | None = None,
        co_quan: str | None = None,
        series: str | None = None,
        status: str | None = None,
    ) -> list[Entry]:
        """Rows in register order (body, series, year, number), optionally filtered."""
        sql = "SELECT * FROM van_ban_di WHERE 1 = 1"
        args: list[Any] = []
        for column, value in (("nam", nam), ("co_quan", co_quan), ("series", series), ("status", status)):
            if value is not None:
                sql += f" AND {column} = ?"
                args.append(value)
        sql += " ORDER BY co_quan, nam, series = 'chung' DESC, series, so"
        return [Entry.from_row(row) for row in self._conn.execute(sql, args)]

    def get(self, so: int, *, nam: int, co_quan: str | None = None, series: str = SO_CHUNG) -> Entry:
        """The row of number ``so``; InputError naming the register when there is none."""
        co_quan = self.default_co_quan(co_quan)
        row = find_row(self._conn, co_quan, series, nam, so)
        if row is None:
            raise InputError(
                f"sổ không có số {vi.so(so)} năm {nam} của {co_quan} (sổ «{series}»)",
                self.where(),
                goi_y="xem danh sách bằng «vbhc register list»",
            )
        return Entry.from_row(row)

    def co_quan_list(self) -> list[str]:
        """The bodies (abbreviations) that have numbers or series in this register."""
        rows = self._conn.execute(
            "SELECT co_quan FROM van_ban_di UNION SELECT co_quan FROM series ORDER BY 1"
        )
        return [row[0] for row in rows]

    def default_co_quan(self, co_quan: str | None = None) -> str:
        """``co_quan``, or the only body of the register; InputError when it is ambiguous."""
        if co_quan:
            return co_quan
        known = self.co_quan_list()
        if len(known) == 1:
            return known[0]
        if not known:
            raise InputError("sổ chưa có cơ quan nào; cần chỉ rõ cơ quan (--co-quan)", self.where())
        raise InputError(
            "sổ có nhiều cơ quan (" + ", ".join(known) + "); chỉ rõ cơ quan bằng --co-quan",
            self.where(),
        )

    def series_list(self, co_quan: str | None = None) -> list[Series]:
        """The configured series (the default ``chung`` series of each body is implicit)."""
        sql = "SELECT co_quan, khoa, ten, loai FROM series"
        args: tuple = ()
        if co_quan:
            sql += " WHERE co_quan = ?"
            args = (co_quan,)
        rows = self._conn.execute(sql + " ORDER BY co_quan, khoa", args)
        return [Series(r["co_quan"], r["khoa"], r["ten"], tuple(json.loads(r["loai"]))) for r in rows]

    def ten_series(self, co_quan: str, khoa: str) -> str:
        """The printed name of a series."""
        if khoa == SO_CHUNG:
            return TEN_SO_CHUNG
        row = self._conn.execute(
            "SELECT ten FROM series WHERE co_quan = ? AND khoa = ?", (co_quan, khoa)
        ).fetchone()
        return row[0] if row else khoa

    def audit(self, *, limit: int | None = None) -> list[AuditEvent]:
        """The audit trail, newest first."""
        sql = "SELECT * FROM audit ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entry_id"], json.loads(r["details"]),
                       r["den_id"])
            for r in self._conn.execute(sql)
        ]

    def so_cuoi(self, co_quan: str, *, nam: int, series: str = SO_CHUNG) -> int:
        """The last number given out (0 when none): the next one is this plus one."""
        return last_number(self._conn, co_quan, series, nam)

    def signatures(self, entry_id: int | None = None) -> list[ChuKy]:
        """The recorded signatures, oldest first; of row ``entry_id`` only when given."""
        sql, args = "SELECT * FROM chu_ky", ()
        if entry_id is not None:
            sql, args = sql + " WHERE entry_id = ?", (entry_id,)
        return [ChuKy.from_row(row) for row in self._conn.execute(sql + " ORDER BY id", args)]

    def find_signed(self, sha256: str) -> Entry | None:
        """The issued row one of whose signed files has this SHA-256, if any."""
        row = self._conn.execute(
            "SELECT van_ban_di.* FROM chu_ky JOIN van_ban_di ON van_ban_di.id = chu_ky.entry_id "
            "WHERE chu_ky.sha256 = ? ORDER BY chu_ky.id DESC LIMIT 1",
            (sha256,),
        ).fetchone()
        return Entry.from_row(row) if row else None

    # --- series --------------------------------------------------------------------------------

    def add_series(self, co_quan: str, khoa: str, ten: str, loai: Sequence[str] = ()) -> Series:
        """Configure a separate series for ``co_quan``; ``loai`` are the document types it takes."""
        if not _SERIES_KEY.match(khoa) or khoa == SO_CHUNG:
            raise InputError(
                f"khóa sổ «{khoa}» không hợp lệ: dùng chữ thường không dấu, số, «_» hoặc «-» "
                f"(ví dụ quyet_dinh, hdtv) và khác «{SO_CHUNG}»",
                self.where(),
            )
        if not ten.strip():
            raise InputError("cần tên của sổ (ví dụ «Quyết định»)", self.where())
        keys = []
        for item in loai:
            key = item.strip().lower().replace("-", "_").replace(" ", "_")
            if key not in nd30.LOAI_VAN_BAN:
                raise InputError(
                    f"loại văn bản «{item}» không có trong Điều 7 Nghị định 30; dùng một trong: "
                    + ", ".join(nd30.LOAI_VAN_BAN),
                    self.where(),
                )
            keys.append(key)
        with self.transaction() as tx:
            if self._conn.execute(
                "SELECT 1 FROM series WHERE co_quan = ? AND khoa = ?", (co_quan, khoa)
            ).fetchone():
                raise InputError(f"{co_quan} đã có sổ «{khoa}»", self.where())
            for other in self.series_list(co_quan):
                taken = set(other.loai) & set(keys)
                if taken:
                    raise InputError(
                        f"loại {', '.join(sorted(taken))} đã thuộc sổ «{other.khoa}» của {co_quan}",
                        self.where(),
                    )
            self._conn.execute(
                "INSERT INTO series (co_quan, khoa, ten, loai, created_at) VALUES (?, ?, ?, ?, ?)",
                (co_quan, khoa, vi.nfc(ten.strip()), json.dumps(keys), now()),
            )
            details = {"co_quan": co_quan, "khoa": khoa, "ten": ten, "loai": keys}
            tx.log("series_add", None, details)
        return Series(co_quan, khoa, vi.nfc(ten.strip()), tuple(keys))

    # --- allocation ----------------------------------------------------------------------------

    def set_next(self, co_quan: str, so: int, *, nam: int, series: str = SO_CHUNG) -> None:
        """Continue the series at ``so`` (numbers before it were given out outside vbhc).

        Never moves backwards: a number once given out is never given again.
        """
        with self.transaction() as tx:
            series = tx.series_for(co_quan, None, series)
            last = tx.last_number(co_quan, series, nam)
            if so <= last:
                raise InputError(
                    f"số tiếp theo của {co_quan} năm {nam} phải lớn hơn {vi.so(last)} (số đã cấp); "
                    "không được cấp lại số cũ",
                    self.where(),
                )
            tx.set_last_number(co_quan, series, nam, so - 1)
            tx.log("set_next", None, {"co_quan": co_quan, "series": series, "nam": nam, "so": so})

    def reserve(
        self,
        co_quan: str,
        *,
        nam: int | None = None,
        series: str | None = None,
        loai: str | None = None,
        ghi_chu: str = "",
        ten_co_quan: str = "",
    ) -> Entry:
        """Take the next number in advance (lấy số trước); it is kept until issued or cancelled."""
        nam = nam or date.today().year
        loai_key = _loai_key(loai, self.where()) if loai else None
        with self.transaction() as tx:
            khoa = tx.series_for(co_quan, loai_key, series)
            number = tx.next_number(co_quan, khoa, nam)
            so_ky_hieu = ""
            if loai_key and nd30.LOAI_VAN_BAN[loai_key].viet_tat:
                so_ky_hieu = f"{vi.so(number)}/{nd30.LOAI_VAN_BAN[loai_key].viet_tat}-{co_quan}"
            entry_id = tx.insert(
                {
                    "co_quan": co_quan, "series": khoa, "nam": nam, "so": number, "so_ky_hieu": so_ky_hieu,
                    "loai": loai_key, "status": RESERVED, "ghi_chu": vi.nfc(ghi_chu),
                    "ten_co_quan": ten_co_quan,
                    "ten_loai_trich_yeu": nd30.LOAI_VAN_BAN[loai_key].ten if loai_key else "",
                },
            )
            details = {"so": number, "nam": nam, "series": khoa, "loai": loai_key}
            tx.log("reserve", entry_id, details)
            return tx.entry(entry_id)

    def cancel(
        self, so: int, *, nam: int, ly_do: str, co_quan: str | None = None, series: str = SO_CHUNG
    ) -> Entry:
        """Cancel a number (hủy số): kept in the register with the reason, never given again."""
        if not ly_do or not ly_do.strip():
            raise InputError("hủy số cần ghi lý do (--ly-do)", self.where())
        co_quan = self.default_co_quan(co_quan)
        with self.transaction() as tx:
            entry = self.get(so, nam=nam, co_quan=co_quan, series=series)
            if entry.status == CANCELLED:
                raise InputError(
                    f"số {entry.so_hien_thi} năm {nam} đã bị hủy trước đó ({entry.ly_do_huy})", self.where()
                )
            tx.update(entry.id, {"status": CANCELLED, "ly_do_huy": vi.nfc(ly_do.strip())})
            tx.log(
                "cancel", entry.id,
                {"so": so, "nam": nam, "series": series, "trang_thai_truoc": entry.status, "ly_do": ly_do},
            )
            return tx.entry(entry.id)

    #: Columns a clerk fills by hand after issuing (Phụ lục IV columns 5–10).
    EDITABLE = ("noi_nhan", "luu", "so_luong_ban", "ngay_chuyen", "ky_nhan", "ghi_chu")

    def update(
        self, so: int, *, nam: int, co_quan: str | None = None, series: str = SO_CHUNG, **values: Any
    ) -> Entry:
        """Fill the hand-kept columns of a row (ngày chuyển, ký nhận, số lượng bản, ghi chú …)."""
        unknown = set(values) - set(self.EDITABLE)
        if unknown:
            raise InputError(
                "không sửa được cột " + ", ".join(sorted(unknown))
                + "; chỉ sửa được: " + ", ".join(self.EDITABLE),
                self.where(),
            )
        co_quan = self.default_co_quan(co_quan)
        with self.transaction() as tx:
            entry = self.get(so, nam=nam, co_quan=co_quan, series=series)
            changes = {k: v for k, v in values.items() if v is not None}
            if not changes:
                return entry
            before = {k: getattr(entry, k) for k in changes}
            changes = {k: vi.nfc(v) if isinstance(v, str) else v for k, v in changes.items()}
            tx.update(entry.id, changes)
            tx.log("update", entry.id, {"so": so, "nam": nam, "truoc": before, "sau": changes})
            return tx.entry(entry.id)


    # --- metadata and signatures (ND30 Phụ lục VI; Điều 8, 13) ------------------------------------

    def record_metadata(
        self, so: int, *, nam: int, sieu_du_lieu: str, co_quan: str | None = None, series: str = SO_CHUNG
    ) -> Entry:
        """Store the Phụ lục VI metadata (JSON, :func:`vbhc.metadata.phu_luc_vi.to_json`) in the row."""
        with self.transaction() as tx:
            entry = self.get(so, nam=nam, co_quan=self.default_co_quan(co_quan), series=series)
            return tx.record_metadata(entry.id, sieu_du_lieu)

    def record_signature(
        self,
        so: int,
        *,
        nam: int,
        tep: str | Path,
        thoi_gian_ky: datetime,
        sha256: str | None = None,
        nguoi_ky: str = "",
        vai_tro: str = "",
        co_quan: str | None = None,
        series: str = SO_CHUNG,
    ) -> ChuKy:
        """Record a signature of the issued document ``so``: the signed file ``tep`` (its SHA-256 is read
        from the file unless given), the signing time (with its UTC offset), the signer and role."""
        path = Path(tep)
        if sha256 is None:
            try:
                with path.open("rb") as handle:
                    sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                raise InputError("không đọc được tệp đã ký", Vitri(tep=str(path))) from None
        with self.transaction() as tx:
            entry = self.get(so, nam=nam, co_quan=self.default_co_quan(co_quan), series=series)
            return tx.record_signature(
                entry.id, tep=str(path.resolve()), sha256=sha256, thoi_gian_ky=thoi_gian_ky,
                nguoi_ky=nguoi_ky, vai_tro=vai_tro,
            )


def _loai_key(loai: str, where: Vitri) -> str:
    key = loai.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in nd30.LOAI_VAN_BAN:
        raise InputError(
            f"loại văn bản «{loai}» không có trong Điều 7 Nghị định 30; dùng một trong: "
            + ", ".join(nd30.LOAI_VAN_BAN),
            where,
        )
    return key


__all__ = ["DEFAULT_PATH", "DEFAULT_TIMEOUT", "Register", "Transaction", "default_user"]
