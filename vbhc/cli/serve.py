"""``vbhc serve``: the văn thư's desk, a local web page (Flask app served by waitress)."""

from __future__ import annotations

import click

from vbhc.cli.common import done, warn
from vbhc.errors import EnvironmentProblem

LOCAL = "127.0.0.1"


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Cổng.")
@click.option("--host", default=LOCAL, show_default=True,
              help="Địa chỉ lắng nghe; khác 127.0.0.1 thì máy khác trong mạng cũng vào được (không nên).")
def serve(port: int, host: str) -> None:
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
    app = create_app()
    state = app.extensions["vbhc_desk"]
    shown = f"[{host}]" if ":" in host else host
    done(f"Bàn làm việc: http://{shown}:{port}/?khoa={state.secret}")
    done("Dừng bằng Ctrl+C. Các tệp tạo ra trong phiên được xóa khi dừng; nhớ tải về trước.")
    try:
        waitress_serve(app, host=host, port=port, threads=4, _quiet=True)
    finally:
        state.close()
