"""``vbhc sign``: a PAdES signature from a PKCS#12 file or a PKCS#11 token (USB token)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from vbhc.cli.common import done
from vbhc.errors import InputError, Vitri

if TYPE_CHECKING:  # pragma: no cover
    from pyhanko.sign.signers import Signer

T = TypeVar("T")

#: Libraries that log in English to stderr; what matters reaches the user as a Vietnamese line.
_CHATTY = ("pyhanko", "pyhanko_certvalidator", "fontTools")


def quiet_libraries() -> None:
    """Keep pyHanko's and fontTools' English log lines (layout notes, subsetting) off the screen."""
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.ERROR)


def _secret(file: Path | None, prompt: str, option: str) -> str:
    """A password or PIN: from ``file`` (first line) or typed at a hidden prompt, never an argument."""
    if file is None:
        return click.prompt(prompt, hide_input=True, err=True, default="", show_default=False)
    lines = file.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0]:
        raise InputError("tệp trống", Vitri(tep=str(file), truong=option), goi_y="ghi mật khẩu ở dòng đầu")
    return lines[0]


#: ``--p12``, ``--password-file``, ``--pkcs11-lib``, ``--token-label``, ``--key-label``, ``--pin-file``.
_KEY_OPTIONS = (
    click.option(
        "--p12", type=click.Path(path_type=Path, dir_okay=False),
        help="Tệp chứng thư số PKCS#12 (.p12, .pfx).",
    ),
    click.option(
        "--password-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Tệp chứa mật khẩu của tệp .p12 (dòng đầu); không có thì hỏi khi chạy.",
    ),
    click.option(
        "--pkcs11-lib",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Thư viện PKCS#11 của token (tệp .so/.dll đi kèm trình điều khiển token).",
    ),
    click.option("--token-label", metavar="NHÃN", help="Nhãn token (pkcs11-tool --list-token-slots)."),
    click.option("--key-label", metavar="NHÃN", help="Nhãn khóa và chứng thư trên token."),
    click.option(
        "--pin-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Tệp chứa mã PIN của token (dòng đầu); không có thì hỏi khi chạy.",
    ),
)

anh_chu_ky_option = click.option(
    "--anh-chu-ky",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Ảnh chữ ký của người ký: PNG màu xanh, nền trong suốt.",
)
tsa_option = click.option("--tsa", metavar="ĐỊA_CHỈ", help="Địa chỉ máy chủ dấu thời gian RFC 3161 (http://…).")


def key_options(func: Callable[..., T]) -> Callable[..., T]:
    """The key options (a PKCS#12 file or a PKCS#11 token): shared by ``vbhc sign`` and ``vbhc issue``."""
    for option in reversed(_KEY_OPTIONS):
        func = option(func)
    return func


def check_key(
    p12: Path | None, pkcs11_lib: Path | None, token_label: str | None, key_label: str | None
) -> None:
    """InputError unless exactly one key source is chosen, a token with its labels."""
    if (p12 is None) == (pkcs11_lib is None):
        raise InputError("chọn một nguồn khóa: --p12 TỆP hoặc --pkcs11-lib THƯ_VIỆN", Vitri(truong="--p12"))
    if pkcs11_lib is not None and not (token_label and key_label):
        raise InputError(
            "token cần đủ --pkcs11-lib, --token-label và --key-label", Vitri(truong="--token-label")
        )


def open_signer(
    stack: contextlib.ExitStack, p12: Path | None, password_file: Path | None, pkcs11_lib: Path | None,
    token_label: str | None, key_label: str | None, pin_file: Path | None,
) -> Signer:
    """The signer of the key options (checked by :func:`check_key`), the password or PIN read from its
    file or a hidden prompt; a token's session stays open until ``stack`` closes."""
    from vbhc.signing.sign import signer_p12, signer_pkcs11

    check_key(p12, pkcs11_lib, token_label, key_label)
    if p12 is not None:
        password = _secret(password_file, "Mật khẩu tệp .p12", "--password-file")
        return signer_p12(p12, password.encode("utf-8"))
    pin = _secret(pin_file, "Mã PIN của token", "--pin-file")
    return stack.enter_context(signer_pkcs11(pkcs11_lib, token_label, key_label, pin or None))


@click.command("sign")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Tệp PDF đã ký ghi ra (không ghi đè tệp vào).",
)
@key_options
@click.option("--field", metavar="TÊN_Ô", help="Tên ô chữ ký có sẵn trong tệp (vbhc pdf --ky-so tạo sẵn).")
@click.option(
    "--vi-tri",
    metavar="TRANG,X,Y[,RỘNG,CAO]",
    help="Ô chữ ký mới: trang, góc trên bên trái và cỡ ô, tính bằng mm từ góc trên bên trái trang.",
)
@anh_chu_ky_option
@click.option(
    "--anh-dau",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Ảnh dấu của cơ quan: PNG màu đỏ, nền trong suốt, in đúng kích thước thật.",
)
@click.option(
    "--co-dau",
    type=click.FloatRange(min=5, max=100),
    metavar="MM",
    help="Chiều rộng thật của dấu (mm) khi ảnh PNG không ghi độ phân giải.",
)
@click.option(
    "--so-ky-hieu",
    metavar="SỐ/KÝ_HIỆU",
    help="Chữ ký cơ quan trên văn bản kèm theo (tệp riêng): số và ký hiệu, "
    "in dòng «Số: …; ngày; giờ» cỡ 10 ở góc trên bên phải trang 1.",
)
@tsa_option
def sign(
    file: Path,
    out: Path,
    p12: Path | None,
    password_file: Path | None,
    pkcs11_lib: Path | None,
    token_label: str | None,
    key_label: str | None,
    pin_file: Path | None,
    field: str | None,
    vi_tri: str | None,
    anh_chu_ky: Path | None,
    anh_dau: Path | None,
    co_dau: float | None,
    so_ky_hieu: str | None,
    tsa: str | None,
) -> None:
    """Ký số tệp PDF (PAdES) bằng tệp .p12 hoặc token USB (PKCS#11).

    Ký lần hai (người ký, rồi văn thư ký bằng chứng thư của cơ quan) ghi nối tiếp vào tệp:
    chữ ký trước vẫn hợp lệ. Mật khẩu, mã PIN không bao giờ nhận trên dòng lệnh.

    \b
    Ví dụ:
      vbhc sign ke_hoach.pdf -o ke_hoach.ky1.pdf --p12 nguoi_ky.p12 --field ChuKyNguoiKy \\
          --anh-chu-ky chu_ky.png
      vbhc sign ke_hoach.ky1.pdf -o ke_hoach.ky2.pdf --pkcs11-lib /duong/dan/thu_vien_token.so \\
          --token-label "UBND XA" --key-label coquan --field ChuKyCoQuan --anh-dau dau.png
      vbhc sign phu_luc.pdf -o phu_luc.ky.pdf --p12 coquan.p12 --so-ky-hieu 05/KH-UBND --tsa http://tsa.example.vn
    """
    from vbhc.signing.appearance import thoi_gian_ky
    from vbhc.signing.sign import HinhThuc, ViTri, ky

    quiet_libraries()
    check_key(p12, pkcs11_lib, token_label, key_label)
    hinh_thuc = HinhThuc(anh_chu_ky=anh_chu_ky, anh_dau=anh_dau, co_dau_mm=co_dau, so_ky_hieu=so_ky_hieu)
    place = ViTri.parse(vi_tri) if vi_tri else None
    if not file.is_file():
        raise FileNotFoundError(2, "", str(file))
    with contextlib.ExitStack() as stack:
        signer = open_signer(stack, p12, password_file, pkcs11_lib, token_label, key_label, pin_file)
        result = ky(file, out, signer, hinh_thuc=hinh_thuc, field=field, vi_tri=place, tsa=tsa)
    stamp = ", có dấu thời gian" if result.co_dau_thoi_gian else ""
    done(
        f"Đã ký {result.tep} (ô «{result.field}», {result.nguoi_ky}, {thoi_gian_ky(result.thoi_gian)}{stamp})"
    )
