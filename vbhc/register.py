"""The outgoing register (sổ đăng ký văn bản đi, Phụ lục IV of ND30) on SQLite, and issuing.

One SQLite file (default ``so-van-ban.db``) holds one row per number given out: issued documents,
numbers taken in advance (lấy số trước) and cancelled numbers (hủy số, kept with their reason, never
reused). Numbers run per issuing body (``co_quan.viet_tat``), per series and per calendar year, from
01 on 1 January (spec §3.3). By default a body has one series (``chung``) for all its administrative
documents; separate series (its quyết định, an advisory council using its seal) are configured in the
register itself.

Safety: the file is in WAL mode with ``synchronous=FULL``; every change is one ``BEGIN IMMEDIATE``
transaction, so two clerks (two processes) can never get the same number and a crash leaves the
register as it was before the change. Issuing holds the transaction while the document is rendered
and written: a failed render or write rolls back and consumes no number. The schema version is kept
in ``PRAGMA user_version``; older registers are migrated (after a backup copy), not rejected.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbhc import nd30, vi
from vbhc.errors import EnvironmentProblem, InputError, Vitri

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.model import VanBan

DEFAULT_PATH = "so-van-ban.db"
SCHEMA_VERSION = 2
#: The default series of a body: all its administrative documents.
SO_CHUNG = "chung"
TEN_SO_CHUNG = "Văn bản hành chính"
#: Seconds a clerk waits for another clerk's transaction before giving up.
DEFAULT_TIMEOUT = 60.0

ISSUED, RESERVED, CANCELLED = "issued", "reserved", "cancelled"
#: Status as a clerk reads it.
TRANG_THAI = {ISSUED: "đã ban hành", RESERVED: "lấy số trước", CANCELLED: "đã hủy số"}
#: What can be wrong with the file of an issued row (:attr:`Entry.tinh_trang_tep`).
MAT_TEP, TEP_DA_DOI, KHONG_DOC_DUOC_TEP = "mất tệp", "tệp đã đổi", "không đọc được tệp"

_SERIES_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_COPIES = re.compile(r"\((\d+)\)")

_ENTRY_COLUMNS_V2 = """
    id INTEGER PRIMARY KEY,
    co_quan TEXT NOT NULL,
    series TEXT NOT NULL DEFAULT 'chung',
    nam INTEGER NOT NULL,
    so INTEGER NOT NULL CHECK (so >= 1),
    so_ky_hieu TEXT NOT NULL DEFAULT '',
    ngay TEXT,
    loai TEXT,
    ten_loai_trich_yeu TEXT NOT NULL DEFAULT '',
    nguoi_ky TEXT NOT NULL DEFAULT '',
    noi_nhan TEXT NOT NULL DEFAULT '',
    luu TEXT NOT NULL DEFAULT '',
    so_luong_ban INTEGER,
    ngay_chuyen TEXT,
    ky_nhan TEXT NOT NULL DEFAULT '',
    ghi_chu TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'reserved', 'cancelled')),
    ly_do_huy TEXT NOT NULL DEFAULT '',
    ten_co_quan TEXT NOT NULL DEFAULT '',
    co_quan_chu_quan TEXT NOT NULL DEFAULT '',
    nguon TEXT,
    nguon_sha256 TEXT,
    tep TEXT,
    sha256 TEXT,
    nguoi_thuc_hien TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (co_quan, series, nam, so)
"""

#: Schema changes: ``_MIGRATIONS[v]`` takes a register from version ``v`` to ``v + 1``.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 0 → 1: the first register: one table, one series per body and year, every row issued.
    (
        """CREATE TABLE van_ban_di (
            id INTEGER PRIMARY KEY,
            co_quan TEXT NOT NULL,
            nam INTEGER NOT NULL,
            so INTEGER NOT NULL,
            so_ky_hieu TEXT NOT NULL,
            ngay TEXT,
            ten_loai_trich_yeu TEXT NOT NULL DEFAULT '',
            nguoi_ky TEXT NOT NULL DEFAULT '',
            noi_nhan TEXT NOT NULL DEFAULT '',
            luu TEXT NOT NULL DEFAULT '',
            so_luong_ban INTEGER,
            ngay_chuyen TEXT,
            ky_nhan TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT '',
            nguon TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (co_quan, nam, so)
        )""",
    ),
    # 1 → 2: series, status (reserved / cancelled), hashes, counters, audit.
    (
        "ALTER TABLE van_ban_di RENAME TO van_ban_di_v1",
        f"CREATE TABLE van_ban_di ({_ENTRY_COLUMNS_V2})",
        """INSERT INTO van_ban_di (id, co_quan, series, nam, so, so_ky_hieu, ngay, ten_loai_trich_yeu,
                nguoi_ky, noi_nhan, luu, so_luong_ban, ngay_chuyen, ky_nhan, ghi_chu, status, nguon,
                created_at, updated_at)
           SELECT id, co_quan, 'chung', nam, so, so_ky_hieu, ngay, ten_loai_trich_yeu, nguoi_ky,
                noi_nhan, luu, so_luong_ban, ngay_chuyen, ky_nhan, ghi_chu, 'issued', nguon,
                created_at, created_at
           FROM van_ban_di_v1""",
        "DROP TABLE van_ban_di_v1",
        "CREATE INDEX van_ban_di_nguon ON van_ban_di (nguon)",
        "CREATE INDEX van_ban_di_nguon_sha256 ON van_ban_di (nguon_sha256)",
        """CREATE TABLE series (
            co_quan TEXT NOT NULL,
            khoa TEXT NOT NULL,
            ten TEXT NOT NULL,
            loai TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            PRIMARY KEY (co_quan, khoa)
        )""",
        """CREATE TABLE counter (
            co_quan TEXT NOT NULL,
            series TEXT NOT NULL,
            nam INTEGER NOT NULL,
            so_cuoi INTEGER NOT NULL,
            PRIMARY KEY (co_quan, series, nam)
        )""",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entry_id INTEGER,
            details TEXT NOT NULL DEFAULT '{}'
        )""",
    ),
)
assert len(_MIGRATIONS) == SCHEMA_VERSION
#: The tables a register of each schema version has (``_TABLES[v]``), to recognise one read-only.
_TABLES: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"van_ban_di"}),
    frozenset({"van_ban_di", "series", "counter", "audit"}),
)
assert len(_TABLES) == SCHEMA_VERSION + 1


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def default_user() -> str:
    """The login name of the clerk, for the audit trail."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container or service
        return "không rõ"


@dataclass(frozen=True)
class Entry:
    """One row of the register: a number given out, with the ten columns of Phụ lục IV."""

    id: int
    co_quan: str
    series: str
    nam: int
    so: int
    so_ky_hieu: str  #: (1) ``05/KH-UBND``; empty for a number taken in advance without a type
    ngay: date | None  #: (2)
    loai: str | None
    ten_loai_trich_yeu: str  #: (3)
    nguoi_ky: str  #: (4)
    noi_nhan: str  #: (5)
    luu: str  #: (6) đơn vị, người nhận bản lưu
    so_luong_ban: int | None  #: (7)
    ngay_chuyen: date | None  #: (8)
    ky_nhan: str  #: (9)
    ghi_chu: str  #: (10)
    status: str
    ly_do_huy: str
    ten_co_quan: str
    co_quan_chu_quan: str
    nguon: str | None
    nguon_sha256: str | None
    tep: str | None
    sha256: str | None
    nguoi_thuc_hien: str
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Entry:
        data = dict(row)
        data["ngay"] = _date(data["ngay"])
        data["ngay_chuyen"] = _date(data["ngay_chuyen"])
        return cls(**data)

    @property
    def so_hien_thi(self) -> str:
        """The number as written in the register: ``05/KH-UBND``, or ``05`` for a bare reservation."""
        return self.so_ky_hieu or vi.so(self.so)

    @property
    def trang_thai(self) -> str:
        return TRANG_THAI[self.status]

    @property
    def ghi_chu_day_du(self) -> str:
        """Column (10) as printed: the clerk's note plus what the status implies."""
        parts = []
        if self.status == CANCELLED:
            parts.append(f"Đã hủy số: {self.ly_do_huy}" if self.ly_do_huy else "Đã hủy số")
        elif self.status == RESERVED:
            parts.append("Lấy số trước, chưa ban hành")
        if self.ghi_chu:
            parts.append(self.ghi_chu)
        return "; ".join(parts)

    @property
    def tinh_trang_tep(self) -> str | None:
        """For an issued row: ``MAT_TEP`` when its file is gone, ``TEP_DA_DOI`` when the file is not the
        one issued (its SHA-256 differs); None when it is intact or the row has no file."""
        if self.status != ISSUED or not self.tep or not self.sha256:
            return None
        path = Path(self.tep)
        try:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            return MAT_TEP
        except OSError:
            return KHONG_DOC_DUOC_TEP
        return None if digest == self.sha256 else TEP_DA_DOI


@dataclass(frozen=True)
class Series:
    """A numbering series of one body: ``chung`` or a configured one (quyết định, a council)."""

    co_quan: str
    khoa: str
    ten: str
    loai: tuple[str, ...] = ()
    """Document types that go to this series automatically."""


@dataclass(frozen=True)
class AuditEvent:
    """Who did what to the register, when."""

    id: int
    at: str
    actor: str
    action: str
    entry_id: int | None
    details: dict[str, Any]


@dataclass
class IssuedDocument:
    """The result of :func:`issue`: the numbered document, its file and its register row."""

    van_ban: VanBan
    path: Path
    entry: Entry
    warnings: list[str] = field(default_factory=list)

    @property
    def so_ky_hieu(self) -> str:
        return self.entry.so_ky_hieu


class Register:
    """The sổ đăng ký văn bản đi in one SQLite file.

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
                    "không tìm thấy sổ văn bản đi",
                    where,
                    goi_y="chỉ đúng tệp sổ bằng --register, hoặc cấp số đầu tiên bằng «vbhc issue» "
                    "(sổ được tạo tự động)",
                )
            if not self.path.parent.is_dir():
                raise EnvironmentProblem(f"thư mục «{self.path.parent}» không tồn tại", where)
        else:
            self._inspect(where)
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise EnvironmentProblem(f"không mở được sổ văn bản đi: {_vi_sqlite(error)}", where) from None
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._conn.close()
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise self._locked() from None
            if _vi_sqlite(error) != "lỗi cơ sở dữ liệu":
                raise EnvironmentProblem(f"không mở được sổ văn bản đi: {_vi_sqlite(error)}", where) from None
            raise InputError("tệp không phải là sổ văn bản đi của vbhc hoặc đã hỏng", where) from None
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
            raise InputError("tệp không phải là sổ văn bản đi của vbhc hoặc đã hỏng", where)
        # A WAL file nobody has open has no -shm: read it as immutable, which creates no -shm/-wal.
        # Otherwise a plain read-only open uses the files that are there and adds none.
        idle_wal = header[18] == 2 and not self.path.with_name(f"{self.path.name}-shm").exists()
        uri = f"{self.path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if idle_wal else "")
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=self.timeout)
            with contextlib.closing(conn):
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                tables = {row[0] for row in rows}
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise self._locked() from None
            if _vi_sqlite(error) != "lỗi cơ sở dữ liệu":
                raise EnvironmentProblem(f"không mở được sổ văn bản đi: {_vi_sqlite(error)}", where) from None
            raise InputError("tệp không phải là sổ văn bản đi của vbhc hoặc đã hỏng", where) from None
        if version == 0 and not tables:
            return
        wanted = _TABLES[min(version, SCHEMA_VERSION)] if version > 0 else None
        if wanted is None or not wanted <= tables:
            raise InputError("tệp SQLite này không phải là sổ văn bản đi của vbhc", where)

    # --- plumbing ----------------------------------------------------------------------------

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Register({str(self.path)!r})"

    def _where(self, **kwargs: Any) -> Vitri:
        return Vitri(tep=str(self.path), **kwargs)

    def _locked(self) -> EnvironmentProblem:
        return EnvironmentProblem(
            f"sổ văn bản đi đang được người khác ghi quá {self.timeout:g} giây",
            self._where(),
            goi_y="thử lại sau ít phút",
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed on success, rolled back on error."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise self._locked() from None
            raise EnvironmentProblem(
                f"không ghi được sổ văn bản đi: {_vi_sqlite(error)}", self._where()
            ) from None
        try:
            yield self._conn
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
                f"không ghi được sổ văn bản đi: {_vi_sqlite(error)}", self._where()
            ) from None

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise EnvironmentProblem(
                f"sổ được tạo bởi phiên bản vbhc mới hơn (lược đồ {version}; phiên bản này đọc đến "
                f"{SCHEMA_VERSION})",
                self._where(),
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
        with self.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
                if tables:
                    raise InputError(
                        "tệp SQLite này không phải là sổ văn bản đi của vbhc", self._where()
                    )
            for step in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[step]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if version > 0:
                self._audit(conn, "migrate", None, {"tu": version, "den": SCHEMA_VERSION})

    def _audit(self, conn: sqlite3.Connection, action: str, entry_id: int | None, details: dict) -> None:
        conn.execute(
            "INSERT INTO audit (at, actor, action, entry_id, details) VALUES (?, ?, ?, ?, ?)",
            (_now(), self.user, action, entry_id, json.dumps(details, ensure_ascii=False, default=str)),
        )

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
        row = self._conn.execute(
            "SELECT * FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ? AND so = ?",
            (co_quan, series, nam, so),
        ).fetchone()
        if row is None:
            raise InputError(
                f"sổ không có số {vi.so(so)} năm {nam} của {co_quan} (sổ «{series}»)",
                self._where(),
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
            raise InputError("sổ chưa có cơ quan nào; cần chỉ rõ cơ quan (--co-quan)", self._where())
        raise InputError(
            "sổ có nhiều cơ quan (" + ", ".join(known) + "); chỉ rõ cơ quan bằng --co-quan",
            self._where(),
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
            AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entry_id"], json.loads(r["details"]))
            for r in self._conn.execute(sql)
        ]

    def so_cuoi(self, co_quan: str, *, nam: int, series: str = SO_CHUNG) -> int:
        """The last number given out (0 when none): the next one is this plus one."""
        return self._last(self._conn, co_quan, series, nam)

    # --- series --------------------------------------------------------------------------------

    def add_series(self, co_quan: str, khoa: str, ten: str, loai: Sequence[str] = ()) -> Series:
        """Configure a separate series for ``co_quan``; ``loai`` are the document types it takes."""
        if not _SERIES_KEY.match(khoa) or khoa == SO_CHUNG:
            raise InputError(
                f"khóa sổ «{khoa}» không hợp lệ: dùng chữ thường không dấu, số, «_» hoặc «-» "
                f"(ví dụ quyet_dinh, hdtv) và khác «{SO_CHUNG}»",
                self._where(),
            )
        if not ten.strip():
            raise InputError("cần tên của sổ (ví dụ «Quyết định»)", self._where())
        keys = []
        for item in loai:
            key = item.strip().lower().replace("-", "_").replace(" ", "_")
            if key not in nd30.LOAI_VAN_BAN:
                raise InputError(
                    f"loại văn bản «{item}» không có trong Điều 7 Nghị định 30; dùng một trong: "
                    + ", ".join(nd30.LOAI_VAN_BAN),
                    self._where(),
                )
            keys.append(key)
        with self.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM series WHERE co_quan = ? AND khoa = ?", (co_quan, khoa)
            ).fetchone():
                raise InputError(f"{co_quan} đã có sổ «{khoa}»", self._where())
            for other in self.series_list(co_quan):
                taken = set(other.loai) & set(keys)
                if taken:
                    raise InputError(
                        f"loại {', '.join(sorted(taken))} đã thuộc sổ «{other.khoa}» của {co_quan}",
                        self._where(),
                    )
            conn.execute(
                "INSERT INTO series (co_quan, khoa, ten, loai, created_at) VALUES (?, ?, ?, ?, ?)",
                (co_quan, khoa, vi.nfc(ten.strip()), json.dumps(keys), _now()),
            )
            details = {"co_quan": co_quan, "khoa": khoa, "ten": ten, "loai": keys}
            self._audit(conn, "series_add", None, details)
        return Series(co_quan, khoa, vi.nfc(ten.strip()), tuple(keys))

    def _resolve_series(
        self, conn: sqlite3.Connection, co_quan: str, loai: str | None, series: str | None
    ) -> str:
        if series:
            if series == SO_CHUNG or conn.execute(
                "SELECT 1 FROM series WHERE co_quan = ? AND khoa = ?", (co_quan, series)
            ).fetchone():
                return series
            raise InputError(
                f"{co_quan} chưa có sổ «{series}»",
                self._where(),
                goi_y=f"tạo sổ bằng «vbhc register series-add {series} --co-quan {co_quan} --ten …»",
            )
        if loai:
            for other in self.series_list(co_quan):
                if loai in other.loai:
                    return other.khoa
        return SO_CHUNG

    # --- allocation ----------------------------------------------------------------------------

    @staticmethod
    def _last(conn: sqlite3.Connection, co_quan: str, series: str, nam: int) -> int:
        counter = conn.execute(
            "SELECT so_cuoi FROM counter WHERE co_quan = ? AND series = ? AND nam = ?",
            (co_quan, series, nam),
        ).fetchone()
        used = conn.execute(
            "SELECT MAX(so) FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ?",
            (co_quan, series, nam),
        ).fetchone()
        return max(counter[0] if counter else 0, used[0] or 0)

    def _next(self, conn: sqlite3.Connection, co_quan: str, series: str, nam: int) -> int:
        number = self._last(conn, co_quan, series, nam) + 1
        conn.execute(
            "INSERT INTO counter (co_quan, series, nam, so_cuoi) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (co_quan, series, nam) DO UPDATE SET so_cuoi = excluded.so_cuoi",
            (co_quan, series, nam, number),
        )
        return number

    def set_next(self, co_quan: str, so: int, *, nam: int, series: str = SO_CHUNG) -> None:
        """Continue the series at ``so`` (numbers before it were given out outside vbhc).

        Never moves backwards: a number once given out is never given again.
        """
        with self.transaction() as conn:
            series = self._resolve_series(conn, co_quan, None, series)
            last = self._last(conn, co_quan, series, nam)
            if so <= last:
                raise InputError(
                    f"số tiếp theo của {co_quan} năm {nam} phải lớn hơn {vi.so(last)} (số đã cấp); "
                    "không được cấp lại số cũ",
                    self._where(),
                )
            conn.execute(
                "INSERT INTO counter (co_quan, series, nam, so_cuoi) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (co_quan, series, nam) DO UPDATE SET so_cuoi = excluded.so_cuoi",
                (co_quan, series, nam, so - 1),
            )
            self._audit(conn, "set_next", None, {"co_quan": co_quan, "series": series, "nam": nam, "so": so})

    def _insert(self, conn: sqlite3.Connection, values: dict[str, Any]) -> int:
        now = _now()
        values = {**values, "created_at": now, "updated_at": now, "nguoi_thuc_hien": self.user}
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = conn.execute(
            f"INSERT INTO van_ban_di ({columns}) VALUES ({marks})", [_sql_value(v) for v in values.values()]
        )
        return int(cursor.lastrowid)

    def _update(self, conn: sqlite3.Connection, entry_id: int, values: dict[str, Any]) -> None:
        values = {**values, "updated_at": _now()}
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(
            f"UPDATE van_ban_di SET {assignments} WHERE id = ?",
            [*(_sql_value(v) for v in values.values()), entry_id],
        )

    def _entry(self, conn: sqlite3.Connection, entry_id: int) -> Entry:
        return Entry.from_row(conn.execute("SELECT * FROM van_ban_di WHERE id = ?", (entry_id,)).fetchone())

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
        loai_key = _loai_key(loai, self._where()) if loai else None
        with self.transaction() as conn:
            khoa = self._resolve_series(conn, co_quan, loai_key, series)
            number = self._next(conn, co_quan, khoa, nam)
            so_ky_hieu = ""
            if loai_key and nd30.LOAI_VAN_BAN[loai_key].viet_tat:
                so_ky_hieu = f"{vi.so(number)}/{nd30.LOAI_VAN_BAN[loai_key].viet_tat}-{co_quan}"
            entry_id = self._insert(
                conn,
                {
                    "co_quan": co_quan, "series": khoa, "nam": nam, "so": number, "so_ky_hieu": so_ky_hieu,
                    "loai": loai_key, "status": RESERVED, "ghi_chu": vi.nfc(ghi_chu),
                    "ten_co_quan": ten_co_quan,
                    "ten_loai_trich_yeu": nd30.LOAI_VAN_BAN[loai_key].ten if loai_key else "",
                },
            )
            details = {"so": number, "nam": nam, "series": khoa, "loai": loai_key}
            self._audit(conn, "reserve", entry_id, details)
            return self._entry(conn, entry_id)

    def cancel(
        self, so: int, *, nam: int, ly_do: str, co_quan: str | None = None, series: str = SO_CHUNG
    ) -> Entry:
        """Cancel a number (hủy số): kept in the register with the reason, never given again."""
        if not ly_do or not ly_do.strip():
            raise InputError("hủy số cần ghi lý do (--ly-do)", self._where())
        co_quan = self.default_co_quan(co_quan)
        with self.transaction() as conn:
            entry = self.get(so, nam=nam, co_quan=co_quan, series=series)
            if entry.status == CANCELLED:
                raise InputError(
                    f"số {entry.so_hien_thi} năm {nam} đã bị hủy trước đó ({entry.ly_do_huy})", self._where()
                )
            self._update(conn, entry.id, {"status": CANCELLED, "ly_do_huy": vi.nfc(ly_do.strip())})
            self._audit(
                conn, "cancel", entry.id,
                {"so": so, "nam": nam, "series": series, "trang_thai_truoc": entry.status, "ly_do": ly_do},
            )
            return self._entry(conn, entry.id)

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
                self._where(),
            )
        co_quan = self.default_co_quan(co_quan)
        with self.transaction() as conn:
            entry = self.get(so, nam=nam, co_quan=co_quan, series=series)
            changes = {k: v for k, v in values.items() if v is not None}
            if not changes:
                return entry
            before = {k: getattr(entry, k) for k in changes}
            changes = {k: vi.nfc(v) if isinstance(v, str) else v for k, v in changes.items()}
            self._update(conn, entry.id, changes)
            self._audit(conn, "update", entry.id, {"so": so, "nam": nam, "truoc": before, "sau": changes})
            return self._entry(conn, entry.id)

    def export_xlsx(
        self,
        out: str | Path,
        *,
        nam: int | None = None,
        co_quan: str | None = None,
        series: str | None = None,
        template: str | Path | None = None,
    ) -> Path:
        """Write the register in the Phụ lục IV layout (one sheet per body and series); ``template``:
        an office's XLSX template instead of templates/so_van_ban_di.xlsx."""
        from vbhc.writers.register_xlsx import write_register_xlsx

        entries = self.entries(nam=nam, co_quan=co_quan, series=series)
        names = {(e.co_quan, e.series): self.ten_series(e.co_quan, e.series) for e in entries}
        return write_register_xlsx(
            entries, out, nam=nam, ten_so=names, inputs=(self.path,), template=template
        )


def _sql_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _loai_key(loai: str, where: Vitri) -> str:
    key = loai.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in nd30.LOAI_VAN_BAN:
        raise InputError(
            f"loại văn bản «{loai}» không có trong Điều 7 Nghị định 30; dùng một trong: "
            + ", ".join(nd30.LOAI_VAN_BAN),
            where,
        )
    return key


# --- issuing ------------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load(
    source: str | Path | VanBan, warnings: list[str], outside: bool = False
) -> tuple[VanBan, str | None, str]:
    """The draft, the source path recorded in the register and the hash of the source."""
    from vbhc.errors import Warnings
    from vbhc.model import VanBan

    if isinstance(source, VanBan):
        content = source.model_dump_json(exclude={"so", "ngay", "nguon"}).encode()
        return source, source.nguon, sha256(content)
    path = Path(source)
    if not path.is_file():
        raise InputError("không tìm thấy tệp nguồn", Vitri(tep=str(path)))
    from vbhc.sources.markdown import load

    found = Warnings()
    van_ban = load(path, warnings=found, cho_phep_ngoai_thu_muc=outside)
    warnings.extend(str(item) for item in found)
    return van_ban, str(path.resolve()), sha256(path.read_bytes())


def _render_bytes(van_ban: VanBan, template: str | Path | None) -> bytes:
    """The final DOCX (annex Kèm theo lines are filled by the renderer from the same number/date)."""
    from vbhc.writers.docx import render_bytes

    return render_bytes(van_ban, template=template)


def ten_loai_trich_yeu(van_ban: VanBan) -> str:
    """Column (3): ``Kế hoạch Cải cách hành chính năm 2026``, ``Công văn V/v …``."""
    loai = van_ban.loai_van_ban
    if not van_ban.trich_yeu:
        return loai.ten
    trich_yeu = " ".join(van_ban.trich_yeu.split())  # forced line breaks of the title are layout only
    if loai.khoa == "cong_van":
        return f"{loai.ten} {nd30.CONG_VAN_PREFIX}{trich_yeu}"
    return f"{loai.ten} {trich_yeu}"


def noi_nhan(van_ban: VanBan) -> str:
    """Column (5): the recipients, Kính gửi first, without ``Như trên`` and the archive line."""
    items = [*van_ban.kinh_gui, *van_ban.noi_nhan]
    cleaned = [item.rstrip(";.,: ").lstrip("-–+ ").strip() for item in items]
    out: list[str] = []
    for item in cleaned:
        if item and item != nd30.NHU_TREN and item not in out:
            out.append(item)
    return "; ".join(out)


def so_luong_ban(van_ban: VanBan) -> int | None:
    """Column (7) from the drafter's mark (ô 12), ``PL.(300)`` → 300, when it is there."""
    found = _COPIES.search(van_ban.ky_hieu_nguoi_soan or "")
    return int(found.group(1)) if found else None


def _numbered(van_ban: VanBan, so: int, ngay: date, where: Vitri) -> VanBan:
    from pydantic import ValidationError

    from vbhc.model import vietnamese_errors

    numbered = van_ban.model_copy(deep=True)
    try:
        numbered.ngay = ngay
        numbered.so = so
    except ValidationError as error:
        raise vietnamese_errors(error, where.tep) from None
    return numbered


def _check_date(van_ban: VanBan, ngay: date, where: Vitri) -> None:
    if van_ban.nam is not None and van_ban.nam != ngay.year:
        raise InputError(
            f"văn bản nguồn ghi năm {van_ban.nam} nhưng ngày ban hành {vi.ngay_ngan(ngay)} thuộc năm "
            f"{ngay.year}; số văn bản được cấp theo từng năm",
            Vitri(tep=where.tep, truong="nam"),
            goi_y=f"sửa «nam: {ngay.year}» trong tệp nguồn hoặc chọn ngày trong năm {van_ban.nam} (--date)",
        )


def _duplicate(conn: sqlite3.Connection, nguon: str | None, digest: str) -> Entry | None:
    row = conn.execute(
        "SELECT * FROM van_ban_di WHERE status = 'issued' AND (nguon_sha256 = ? OR (nguon IS NOT NULL "
        "AND nguon = ?)) ORDER BY id DESC LIMIT 1",
        (digest, nguon),
    ).fetchone()
    return Entry.from_row(row) if row else None


def issue(
    source: str | Path | VanBan,
    register: Register | str | Path = DEFAULT_PATH,
    *,
    out: str | Path,
    ngay: date | None = None,
    reissue: bool = False,
    template: str | Path | None = None,
    series: str | None = None,
    so: int | None = None,
    ghi_chu: str = "",
    user: str | None = None,
    cho_phep_ngoai_thu_muc: bool = False,
) -> IssuedDocument:
    """Give a draft its number and date from the register, render it to ``out`` and record it.

    The date is ``ngay``, else the source's own ``ngay``, else today. ``so`` issues under a number
    taken in advance (it must be reserved in the same series and year). The whole step is one register
    transaction: when loading, rendering or writing fails, nothing is recorded and no number is used.
    The same source (same path or same content) is issued only once unless ``reissue``. ``user``
    names the clerk when ``register`` is a path (a :class:`Register` carries its own).
    ``cho_phep_ngoai_thu_muc`` as in :func:`vbhc.sources.markdown.load`.
    """
    own = not isinstance(register, Register)
    reg = Register(register, user=user) if own else register
    try:
        return _issue(reg, source, out=Path(out), ngay=ngay, reissue=reissue, template=template,
                      series=series, so=so, ghi_chu=ghi_chu, outside=cho_phep_ngoai_thu_muc)
    finally:
        if own:
            reg.close()


def _issue(
    reg: Register,
    source: str | Path | VanBan,
    *,
    out: Path,
    ngay: date | None,
    reissue: bool,
    template: str | Path | None,
    series: str | None,
    so: int | None,
    ghi_chu: str,
    outside: bool,
) -> IssuedDocument:
    from vbhc.files import write_bytes

    if out.suffix.lower() != ".docx":
        raise InputError("tệp văn bản ban hành phải có đuôi .docx", Vitri(tep=str(out)))
    warnings: list[str] = []
    van_ban, nguon, digest = _load(source, warnings, outside)
    where = Vitri(tep=str(source) if isinstance(source, str | Path) else van_ban.nguon)
    if van_ban.so is not None:
        raise InputError(
            f"văn bản nguồn đã có số ({vi.so(van_ban.so)}); văn bản đưa vào sổ phải là dự thảo chưa có số",
            Vitri(tep=where.tep, truong="so"),
            goi_y="bỏ trường «so» trong tệp nguồn; văn thư cấp số bằng «vbhc issue»",
        )
    when = ngay or van_ban.ngay or date.today()
    _check_date(van_ban, when, where)
    co_quan = van_ban.co_quan.viet_tat
    existed = out.exists()
    written = False
    try:
        with reg.transaction() as conn:
            previous = _duplicate(conn, nguon, digest)
            if previous is not None and not reissue:
                ngay_truoc = f" ngày {vi.ngay_ngan(previous.ngay)}" if previous.ngay else ""
                raise InputError(
                    f"văn bản này đã được ban hành: số {previous.so_hien_thi}{ngay_truoc} "
                    f"(sổ «{reg.path}»)",
                    where,
                    goi_y="dùng --reissue nếu thật sự ban hành lại với số mới",
                )
            khoa = reg._resolve_series(conn, co_quan, van_ban.loai, series)
            reserved: Entry | None = None
            if so is None:
                number = reg._next(conn, co_quan, khoa, when.year)
            else:
                reserved = _reserved(reg, conn, co_quan, khoa, when.year, so, van_ban.loai)
                number = so
            later = conn.execute(
                "SELECT so, ngay FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ? AND so < ? "
                "AND status = 'issued' AND ngay > ? ORDER BY so DESC LIMIT 1",
                (co_quan, khoa, when.year, number, when.isoformat()),
            ).fetchone()
            if later:
                warnings.append(
                    f"số {vi.so(number)} mang ngày {vi.ngay_ngan(when)}, sớm hơn số {vi.so(later['so'])} "
                    f"đã cấp ngày {vi.ngay_ngan(date.fromisoformat(later['ngay']))}"
                )
            numbered = _numbered(van_ban, number, when, where)
            data = _render_bytes(numbered, template)
            note = ghi_chu
            if previous is not None:
                lai = f"Ban hành lại văn bản số {previous.so_hien_thi}"
                note = f"{lai}; {ghi_chu}" if ghi_chu else lai
            values = {
                "co_quan": co_quan, "series": khoa, "nam": when.year, "so": number,
                "so_ky_hieu": f"{vi.so(number)}/{numbered.ky_hieu_day_du}", "ngay": when,
                "loai": numbered.loai,
                "ten_loai_trich_yeu": ten_loai_trich_yeu(numbered), "nguoi_ky": numbered.nguoi_ky.ho_ten,
                "noi_nhan": noi_nhan(numbered), "luu": ", ".join(numbered.luu),
                "so_luong_ban": so_luong_ban(numbered), "ghi_chu": vi.nfc(note), "status": ISSUED,
                "ten_co_quan": " ".join(numbered.co_quan.dong_ten),
                "co_quan_chu_quan": numbered.co_quan.chu_quan or "",
                "nguon": nguon, "nguon_sha256": digest, "tep": str(out.resolve()), "sha256": sha256(data),
            }
            if reserved is not None:
                if reserved.ghi_chu and not ghi_chu:
                    values["ghi_chu"] = reserved.ghi_chu
                reg._update(conn, reserved.id, values)
                entry_id = reserved.id
            else:
                entry_id = reg._insert(conn, values)
            reg._audit(
                conn, "issue", entry_id,
                {"so_ky_hieu": values["so_ky_hieu"], "ngay": when, "nguon": nguon, "tep": values["tep"],
                 "ban_hanh_lai": previous.id if previous else None, "so_da_lay_truoc": reserved is not None},
            )
            write_bytes(out, data, inputs=(reg.path, nguon) if nguon else (reg.path,))
            written = True
            entry = reg._entry(conn, entry_id)
    except BaseException:
        # the row was not committed: a new file must not stand with an unrecorded number
        if written and not existed:
            out.unlink(missing_ok=True)
        raise
    return IssuedDocument(van_ban=numbered, path=out, entry=entry, warnings=warnings)


def _reserved(
    reg: Register, conn: sqlite3.Connection, co_quan: str, khoa: str, nam: int, so: int, loai: str
) -> Entry:
    row = conn.execute(
        "SELECT * FROM van_ban_di WHERE co_quan = ? AND series = ? AND nam = ? AND so = ?",
        (co_quan, khoa, nam, so),
    ).fetchone()
    if row is None:
        raise InputError(
            f"số {vi.so(so)} năm {nam} của {co_quan} chưa được lấy trước (sổ «{khoa}»)",
            Vitri(tep=str(reg.path)),
            goi_y="lấy số trước bằng «vbhc register reserve», hoặc bỏ --so để nhận số kế tiếp",
        )
    entry = Entry.from_row(row)
    if entry.status != RESERVED:
        raise InputError(
            f"số {entry.so_hien_thi} năm {nam} {entry.trang_thai}, không dùng lại được",
            Vitri(tep=str(reg.path)),
        )
    if entry.loai and entry.loai != loai:
        raise InputError(
            f"số {entry.so_hien_thi} được lấy trước cho loại «{nd30.LOAI_VAN_BAN[entry.loai].ten}», "
            f"không phải «{nd30.LOAI_VAN_BAN[loai].ten}»",
            Vitri(tep=str(reg.path)),
        )
    return entry


__all__ = [
    "CANCELLED", "DEFAULT_PATH", "ISSUED", "RESERVED", "SCHEMA_VERSION", "SO_CHUNG",
    "AuditEvent", "Entry", "IssuedDocument", "Register", "Series", "issue",
]
