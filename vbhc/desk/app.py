"""The desk's Flask application: security gate, shared helpers, pages registered from their modules.

Security (docs/ban-lam-viec.md): a secret made at each start opens the desk (``/?khoa=…``, then an
HttpOnly SameSite=Strict cookie); every request without it is refused; every POST carries a CSRF
token derived from that secret; uploads are bounded; outputs live in one temporary folder, removed
when the desk stops, and are downloaded by a name the desk made, never by a path from a form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, abort, current_app, redirect, render_template, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from vbhc.desk import settings as cai_dat
from vbhc.desk.preview import Previewer

COOKIE = "vbhc_khoa"
#: Largest request (an upload of a DOCX, a workbook, a source file).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Desk:
    """The state of one running desk: its secret, work folder and files ready to download."""

    secret: str
    settings_path: Path
    work: Path
    pkcs11_lib: Path | None = None
    """The token's PKCS#11 library, given by ``vbhc serve --pkcs11-lib`` (never by a form)."""
    downloads: dict[str, tuple[Path, str]] = field(default_factory=dict)
    previewer: Previewer = field(default_factory=Previewer)
    """The desk's one warm LibreOffice for previews, started at the first preview."""

    @property
    def csrf(self) -> str:
        return hmac.new(self.secret.encode(), b"csrf", hashlib.sha256).hexdigest()

    def settings(self) -> cai_dat.CaiDatBan:
        return cai_dat.load(self.settings_path)

    def register_path(self) -> Path:
        return cai_dat.register_path(self.settings(), self.settings_path)

    def keep(self, data: bytes, name: str) -> str:
        """Store ``data`` for download as ``name``; return the download id."""
        from vbhc.files import write_bytes

        key = secrets.token_urlsafe(12)
        path = write_bytes(self.work / key, data)
        self.downloads[key] = (path, name)
        return key

    def keep_file(self, path: Path, name: str) -> str:
        return self.keep(path.read_bytes(), name)

    def close(self) -> None:
        """Stop the warm LibreOffice and remove the work folder (the desk stops)."""
        self.previewer.close()
        shutil.rmtree(self.work, ignore_errors=True)


def desk() -> Desk:
    return current_app.extensions["vbhc_desk"]


def page(template: str, **context: Any) -> str:
    """A page (or an HTMX fragment) with what every template needs."""
    return render_template(template, csrf=desk().csrf, **context)


def create_app(
    *,
    settings_path: str | Path | None = None,
    secret: str | None = None,
    work: str | Path | None = None,
    pkcs11_lib: str | Path | None = None,
) -> Flask:
    """The desk application. ``secret`` defaults to a new random one; ``work`` to a new temp folder;
    ``pkcs11_lib`` (the USB token's library) turns on signing with a token on the Ký số page."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    work_dir = Path(work) if work is not None else Path(tempfile.mkdtemp(prefix="vbhc-desk-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    state = Desk(
        secret=secret or secrets.token_urlsafe(24),
        settings_path=Path(settings_path) if settings_path is not None else cai_dat.default_path(),
        work=work_dir,
        pkcs11_lib=Path(pkcs11_lib) if pkcs11_lib is not None else None,
    )
    app.extensions["vbhc_desk"] = state
    app.context_processor(lambda: {"preview_note": state.previewer.note})
    app.before_request(_gate)
    app.after_request(_headers)
    app.register_error_handler(HTTPException, _error)

    from vbhc.desk import (
        annex_page,
        check_page,
        compose,
        incoming_page,
        register_page,
        report_page,
        settings_page,
        signing_page,
    )

    for module in (compose, check_page, annex_page, report_page, register_page, incoming_page, signing_page,
                   settings_page):
        app.register_blueprint(module.bp)
    app.add_url_rule("/", "home", _home)
    app.add_url_rule("/tai/<key>", "download", _download)
    return app


def _gate():
    """Refuse a request without the secret; a first visit with ``?khoa=`` gets the cookie."""
    state = desk()
    given = request.args.get("khoa")
    if given is not None and hmac.compare_digest(given, state.secret):
        response = redirect(request.path)
        response.set_cookie(COOKIE, state.secret, httponly=True, samesite="Strict")
        return response
    if not hmac.compare_digest(request.cookies.get(COOKIE, ""), state.secret):
        abort(403)
    if request.method == "POST":
        token = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
        if not hmac.compare_digest(token, state.csrf):
            abort(400, "phiếu chống giả mạo (CSRF) không đúng: tải lại trang rồi làm lại")
    return None


def _headers(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
    )
    return response


_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Không có quyền vào bàn làm việc: mở đúng địa chỉ vbhc serve in ra lúc khởi động (có «?khoa=…»).",
    404: "Không có trang này.",
    405: "Trang này không nhận cách gửi đó.",
    413: f"Tệp tải lên quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).",
}


def _error(error: HTTPException):
    message = _MESSAGES.get(error.code or 500, "Có lỗi.")
    if error.code == 400 and error.description and "CSRF" in error.description:
        message = f"Yêu cầu bị từ chối: {error.description}."
    if isinstance(error, RequestEntityTooLarge):
        message = _MESSAGES[413]
    return render_template("loi.html", message=message, csrf=""), error.code


def _home():
    return page("trang_chu.html", settings=desk().settings())


def _download(key: str):
    found = desk().downloads.get(key)
    if found is None:
        abort(404)
    path, name = found
    return send_file(path, as_attachment=True, download_name=name)
