"""``vbhc serve``: the văn thư's desk, a local web page (Flask app served by waitress)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from vbhc.cli.common import done, warn
from vbhc.errors import EnvironmentProblem

LOCAL = "127.0.0.1"


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Cổng.")
@click.option("--host", default=LOCAL, show_default=True,
              help="Địa chỉ lắng nghe; khác 127.0.0.1 thì máy khác trong mạng cũng vào được (không nên).")
@click.option("--pkcs11-lib", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Thư viện PKCS#11 của token USB (tệp .so/.dll do CA cấp): bật ký bằng token.")
def serve(port: int, host: str, pkcs11_lib: Path | None) -> None:
    """Mở bàn làm việc của văn thư: trang web trên máy này để soạn, xem trước, ban hành, kiểm tra.

    \b
    Mở địa chỉ in ra (có «?khoa=…») bằng trình duyệt; dừng bằng Ctrl+C.
    """
    try:
        from waitress import serve as waitress_serve

        from vbhc.desk.app import create_app
    except ImportError:
        raise EnvironmentProblem(
            "bản cài vbhc này chưa có bàn làm việc", goi_y="cài thêm: pip install 'vbhc[desk]'"
        ) from None
    if host != LOCAL:
        warn(f"bàn làm việc lắng nghe trên {host}: máy khác trong mạng có thể vào nếu biết địa chỉ và khóa")
    app = create_app(pkcs11_lib=pkcs11_lib)
    state = app.extensions["vbhc_desk"]
    shown = f"[{host}]" if ":" in host else host
    done(f"Bàn làm việc: http://{shown}:{port}/?khoa={state.secret}")
    done("Dừng bằng Ctrl+C. Các tệp tạo ra trong phiên được xóa khi dừng; nhớ tải về trước.")
    # so that the session folder is removed when the desk is killed too
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress_serve(app, host=host, port=port, threads=4, _quiet=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        state.close()
