"""The office's desk settings (Cài đặt): agency, signers, default Nơi nhận, template, register.

Kept as one JSON file in the user's config folder (``$XDG_CONFIG_HOME/vbhc/ban-lam-viec.json``,
overridable with ``VBHC_DESK_SETTINGS`` or the app factory), exported and imported as the same JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.model import CoQuan, NguoiKy, validate

#: Largest settings file read (an import is an upload).
MAX_SETTINGS_BYTES = 256 * 1024
#: The folder of issued documents, beside the register file, unless the settings name another.
ISSUED_FOLDER = "van-ban-da-ban-hanh"
#: The folder of received (incoming) files, beside the register file, unless the settings name another.
INCOMING_FOLDER = "van-ban-den"
#: The built-in DOCX templates a desk may choose (the office's own .docx is a CLI option).
TEMPLATE_CHOICES = {"mac_dinh": "Mẫu có sẵn của vbhc (theo Nghị định 30)"}


class CaiDatBan(BaseModel):
    """What the desk remembers for one office."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    co_quan: CoQuan = CoQuan(ten="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat="UBND")
    co_quan_khac: list[CoQuan] = []
    """Other agency names the office issues under (a phòng, a ban)."""
    dia_danh: str = Field(default="Hùng Thắng", min_length=1)
    nguoi_ky: list[NguoiKy] = []
    noi_nhan: list[str] = []
    """Default Nơi nhận, offered as ticks on the form."""
    mau: Literal["mac_dinh"] = "mac_dinh"
    so_van_ban: str | None = None
    """The register file (SQLite); by default ``so-van-ban.db`` beside the settings file."""
    thu_muc_ban_hanh: str | None = None
    """Thư mục lưu văn bản đã ban hành: absolute, or relative to the settings file's folder; by
    default :data:`ISSUED_FOLDER` beside the register file."""
    thu_muc_van_ban_den: str | None = None
    """Thư mục lưu văn bản đến (the received files), like :attr:`thu_muc_ban_hanh`; by default
    :data:`INCOMING_FOLDER` beside the register file."""

    @field_validator("thu_muc_ban_hanh", "thu_muc_van_ban_den")
    @classmethod
    def _folder(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        if ".." in Path(value).parts or "\x00" in value:
            what = "văn bản đến" if info.field_name == "thu_muc_van_ban_den" else "văn bản đã ban hành"
            raise ValueError(f"thư mục lưu {what} không được chứa «..»: ghi đường dẫn đầy đủ")
        return value

    @property
    def cac_co_quan(self) -> list[CoQuan]:
        return [self.co_quan, *self.co_quan_khac]


def default_path() -> Path:
    """``$VBHC_DESK_SETTINGS``, else ``ban-lam-viec.json`` in the user's config folder."""
    override = os.environ.get("VBHC_DESK_SETTINGS")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "vbhc" / "ban-lam-viec.json"


def parse(data: bytes, source: str) -> CaiDatBan:
    """Settings from JSON bytes; InputError in Vietnamese naming ``source`` and the key."""
    where = Vitri(tep=source)
    if len(data) > MAX_SETTINGS_BYTES:
        raise InputError(f"tệp cài đặt quá lớn (tối đa {MAX_SETTINGS_BYTES // 1024} KB)", where)
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"tệp cài đặt không phải JSON hợp lệ ({error})", where) from None
    return validate(CaiDatBan, raw, source)  # type: ignore[arg-type]


def load(path: Path) -> CaiDatBan:
    """The settings in ``path``, or the defaults when the file does not exist yet."""
    if not path.is_file():
        return CaiDatBan()
    return parse(path.read_bytes(), str(path))


def dumps(settings: CaiDatBan) -> bytes:
    return json.dumps(settings.model_dump(mode="json"), ensure_ascii=False, indent=2).encode("utf-8")


def save(settings: CaiDatBan, path: Path) -> Path:
    from vbhc.files import write_bytes

    path.parent.mkdir(parents=True, exist_ok=True)
    return write_bytes(path, dumps(settings))


def register_path(settings: CaiDatBan, settings_path: Path) -> Path:
    """The register file the desk uses."""
    return Path(settings.so_van_ban) if settings.so_van_ban else settings_path.parent / "so-van-ban.db"


def issued_folder(settings: CaiDatBan, settings_path: Path) -> Path:
    """The folder where the desk writes issued documents (they outlive the session)."""
    return _folder(settings.thu_muc_ban_hanh, ISSUED_FOLDER, settings, settings_path)


def incoming_folder(settings: CaiDatBan, settings_path: Path) -> Path:
    """The folder where the desk keeps the files of received documents (they outlive the session)."""
    return _folder(settings.thu_muc_van_ban_den, INCOMING_FOLDER, settings, settings_path)


def made_folder(folder: Path, what: str) -> Path:
    """``folder`` created if missing; EnvironmentProblem saying which folder (``what``) and how to fix."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise EnvironmentProblem(
            f"không tạo được thư mục lưu {what} «{folder}»: {problem.strerror or problem}",
            goi_y="chọn thư mục khác trong Cài đặt",
        ) from None
    return folder


def _folder(chosen: str | None, default: str, settings: CaiDatBan, settings_path: Path) -> Path:
    """``chosen`` (absolute, or beside the settings file), else ``default`` beside the register."""
    if not chosen:
        return register_path(settings, settings_path).parent / default
    folder = Path(chosen).expanduser()
    return folder if folder.is_absolute() else settings_path.parent / folder
