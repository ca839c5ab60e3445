"""The register's SQLite schema and its migrations (``PRAGMA user_version`` is the version)."""

from __future__ import annotations

SCHEMA_VERSION = 4

ENTRY_COLUMNS_V2 = """
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


#: Schema changes: ``MIGRATIONS[v]`` takes a register from version ``v`` to ``v + 1``.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
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
        f"CREATE TABLE van_ban_di ({ENTRY_COLUMNS_V2})",
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
    # 2 → 3: the Phụ lục VI metadata of a row (JSON), and the signatures of its files.
    (
        "ALTER TABLE van_ban_di ADD COLUMN sieu_du_lieu TEXT",
        """CREATE TABLE chu_ky (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES van_ban_di (id),
            tep TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            thoi_gian_ky TEXT NOT NULL,
            nguoi_ky TEXT NOT NULL DEFAULT '',
            vai_tro TEXT NOT NULL DEFAULT '',
            nguoi_thuc_hien TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX chu_ky_entry ON chu_ky (entry_id)",
        "CREATE INDEX chu_ky_sha256 ON chu_ky (sha256)",
    ),
    # 3 → 4: the sổ đăng ký văn bản đến (Phụ lục IV, mục VI), its own số đến per body and year.
    (
        """CREATE TABLE van_ban_den (
            id INTEGER PRIMARY KEY,
            co_quan TEXT NOT NULL DEFAULT '',
            nam INTEGER NOT NULL,
            so_den INTEGER NOT NULL CHECK (so_den >= 1),
            ngay_den TEXT NOT NULL,
            tac_gia TEXT NOT NULL DEFAULT '',
            so_ky_hieu TEXT NOT NULL DEFAULT '',
            ngay_van_ban TEXT,
            ten_loai TEXT NOT NULL DEFAULT '',
            trich_yeu TEXT NOT NULL DEFAULT '',
            don_vi_nhan TEXT NOT NULL DEFAULT '',
            han_giai_quyet TEXT,
            ngay_chuyen TEXT,
            ky_nhan TEXT NOT NULL DEFAULT '',
            ghi_chu TEXT NOT NULL DEFAULT '',
            ma_dinh_danh TEXT,
            do_khan TEXT,
            nguoi_ky TEXT NOT NULL DEFAULT '',
            chuc_vu TEXT NOT NULL DEFAULT '',
            so_trang INTEGER,
            tep TEXT,
            sha256 TEXT,
            cach_doc TEXT,
            can_xem_lai TEXT NOT NULL DEFAULT '[]',
            de_xuat TEXT NOT NULL DEFAULT '{}',
            chu_ky TEXT NOT NULL DEFAULT '[]',
            trang_thai TEXT NOT NULL DEFAULT 'dang_giai_quyet'
                CHECK (trang_thai IN ('dang_giai_quyet', 'da_giai_quyet')),
            ngay_giai_quyet TEXT,
            so_ky_hieu_tra_loi TEXT NOT NULL DEFAULT '',
            y_kien TEXT NOT NULL DEFAULT '[]',
            khoa_trung TEXT NOT NULL DEFAULT '',
            sieu_du_lieu TEXT,
            nguoi_thuc_hien TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (co_quan, nam, so_den)
        )""",
        "CREATE INDEX van_ban_den_khoa_trung ON van_ban_den (khoa_trung)",
        "CREATE INDEX van_ban_den_ma_dinh_danh ON van_ban_den (ma_dinh_danh)",
        "CREATE INDEX van_ban_den_sha256 ON van_ban_den (sha256)",
        "ALTER TABLE audit ADD COLUMN den_id INTEGER",
    ),
)
assert len(MIGRATIONS) == SCHEMA_VERSION
#: The tables a register of each schema version has (``TABLES[v]``), to recognise one read-only.
TABLES: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"van_ban_di"}),
    frozenset({"van_ban_di", "series", "counter", "audit"}),
    frozenset({"van_ban_di", "series", "counter", "audit", "chu_ky"}),
    frozenset({"van_ban_di", "series", "counter", "audit", "chu_ky", "van_ban_den"}),
)
assert len(TABLES) == SCHEMA_VERSION + 1


__all__ = ["ENTRY_COLUMNS_V2", "MIGRATIONS", "SCHEMA_VERSION", "TABLES"]
