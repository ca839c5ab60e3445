"""``vbhc issue`` and ``vbhc register …``: the outgoing register (sổ văn bản đi) for the văn thư."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date
from itertools import groupby
from pathlib import Path

import click

from vbhc.cli.common import done, warn
from vbhc.cli.pdf import check_ky_so, ky_so_flags, ky_so_options, preparer, written_line
from vbhc.cli.sign import anh_chu_ky_option, key_options, open_signer, quiet_libraries, tsa_option
from vbhc.errors import EnvironmentProblem, InputError, VbhcError, Vitri

_REGISTER_HELP = ("Tệp sổ văn bản đi và đến (SQLite); mặc định so-van-ban.db hoặc biến môi trường "
                  "VBHC_REGISTER.")
_STATUS = {"issued": "issued", "reserved": "reserved", "cancelled": "cancelled",
           "ban-hanh": "issued", "lay-truoc": "reserved", "huy": "cancelled"}


def _register_option(func):
    return click.option(
        "--register", "-r", "register_path", default="so-van-ban.db", envvar="VBHC_REGISTER",
        show_default=True, type=click.Path(path_type=Path), help=_REGISTER_HELP,
    )(func)


def _user_option(func):
    return click.option("--user", help="Người thực hiện, ghi vào nhật ký sổ (mặc định: tên đăng nhập).")(func)


def _parse_date(text: str | None, option: str) -> date | None:
    """``2026-01-14`` or ``14/01/2026``; InputError in Vietnamese naming the option otherwise."""
    from vbhc.text.vi import parse_date

    return None if text is None else parse_date(text, Vitri(truong=option))


def _open(register_path: Path, *, create: bool = False, user: str | None = None):
    from vbhc.register import Register

    return Register(register_path, create=create, user=user)


def _to_pdf(docx: Path, what: str, *, pdfa: bool = False, finish=None, options: str = "") -> Path:
    """The PDF beside ``docx`` (PDF/A, ready for ký số with ``finish``); a failure says the DOCX
    (and its register row) are kept, and the command (with ``options``) that makes the PDF again."""
    try:
        from vbhc.writers.pdf import to_pdf
    except ImportError:
        raise EnvironmentProblem(
            f"{what}; bản cài vbhc này chưa có chức năng xuất PDF", Vitri(tep=str(docx))
        ) from None
    try:
        return to_pdf([docx], docx.parent, pdfa=pdfa, finish=finish)[0]
    except VbhcError as problem:
        raise EnvironmentProblem(
            f"{what}; chỉ chưa tạo được PDF: {problem.message}",
            problem.vitri,
            goi_y=f"tạo lại PDF bằng «vbhc pdf {docx}{options}»",
        ) from None


# --- vbhc issue -----------------------------------------------------------------------------------


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@_register_option
@click.option("--date", "ngay", metavar="NGÀY",
              help="Ngày ban hành (2026-01-14); mặc định: ngày trong tệp nguồn, nếu không có thì hôm nay.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Tệp DOCX ra; mặc định cùng tên tệp nguồn, đuôi .docx.")
@click.option("--reissue", is_flag=True, help="Cho phép ban hành lại một nguồn đã ban hành (nhận số mới).")
@click.option("--template", type=click.Path(path_type=Path),
              help="Mẫu DOCX riêng của cơ quan.")
@click.option("--series",
              help="Cấp số theo sổ riêng (khóa sổ, ví dụ quyet_dinh); mặc định tự chọn theo loại.")
@click.option("--so", "so", type=click.IntRange(min=1), help="Dùng số đã lấy trước (vbhc register reserve).")
@click.option("--note", "ghi_chu", default="", help="Ghi chú ghi vào sổ (cột 10).")
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF cạnh tệp DOCX.")
@ky_so_options
@click.option("--sign", "ky", is_flag=True,
              help="Với --pdf: người ký ký số ngay vào ô ChuKyNguoiKy (--p12 hoặc token), rồi mới ghi sổ.")
@key_options
@anh_chu_ky_option
@tsa_option
@_user_option
def issue(
    source: Path, register_path: Path, ngay: str | None, out: Path | None, reissue: bool,
    template: Path | None, series: str | None, so: int | None, ghi_chu: str, pdf: bool, user: str | None,
    ky_so: bool, pdfa: bool, ban_sao: bool, dau_mm: float, ky: bool, anh_chu_ky: Path | None,
    tsa: str | None, **key: object,
) -> None:
    """Cấp số từ sổ văn bản đi, ghi ngày ban hành và xuất văn bản chính thức.

    Với --pdf --sign: cấp số, xuất DOCX và PDF (ô ký, siêu dữ liệu), người ký ký số và ghi sổ
    trong một bước; bước nào lỗi thì không có tệp nào và không dùng số nào.

    \b
    Ví dụ:
      vbhc issue ke_hoach.md --register so-van-ban.db --date 2026-01-14 -o ke_hoach.docx
      vbhc issue ke_hoach.md --pdf --sign --p12 nguoi_ky.p12 --anh-chu-ky chu_ky.png
    """
    from vbhc.workflows.issue import KySo
    from vbhc.workflows.issue import issue as issue_document

    when = _parse_date(ngay, "--date")
    _check_sign(ky, pdf, ban_sao, anh_chu_ky, tsa, key)
    check_ky_so(ky_so or ky, ban_sao, dau_mm)
    if (ky_so or pdfa) and not pdf:
        raise InputError("--ky-so và --pdfa là cách xuất PDF", Vitri(truong="--ky-so" if ky_so else "--pdfa"),
                         goi_y="thêm --pdf")
    out = out or source.with_suffix(".docx")
    with contextlib.ExitStack() as stack:
        signing = None
        if ky:
            quiet_libraries()
            signer = open_signer(stack, **key)  # the password or PIN is asked before any number is taken
            signing = KySo(signer=signer, anh_chu_ky=anh_chu_ky, tsa=tsa, pdfa=pdfa, dau_mm=dau_mm)
        with _open(register_path, create=True, user=user) as register:
            result = issue_document(
                source, register, out=out, ngay=when, reissue=reissue, template=template, series=series,
                so=so, ghi_chu=ghi_chu, cho_phep_ngoai_thu_muc=True,  # a local command
                ky=signing,
            )
    for message in result.warnings:
        warn(message)
    entry = result.entry
    done(
        f"Đã ban hành: Số {entry.so_ky_hieu}, ngày {entry.ngay:%d/%m/%Y} → {result.path} "
        f"(sổ «{register_path}»)"
    )
    if result.chu_ky is not None:
        from datetime import datetime

        from vbhc.signing.appearance import thoi_gian_ky

        signed_at = datetime.fromisoformat(result.chu_ky.thoi_gian_ky)
        stamp = ", có dấu thời gian" if tsa else ""
        done(
            f"Đã ký số: {result.pdf} (ô «ChuKyNguoiKy», {result.chu_ky.nguoi_ky}, "
            f"{thoi_gian_ky(signed_at)}{stamp}; đã ghi mã SHA-256 và siêu dữ liệu vào sổ)"
        )
    elif pdf:
        finish = preparer(ky_so, ban_sao, dau_mm, metadata_for=_metadata_of(result))
        again = ky_so_flags(ky_so, pdfa, ban_sao, dau_mm) + (f" -r {register_path}" if ky_so else "")
        pdf_path = _to_pdf(
            result.path, f"văn bản đã ban hành và ghi sổ (số {entry.so_ky_hieu})", pdfa=pdfa, finish=finish,
            options=again,
        )
        done(written_line(pdf_path, result.path, pdfa, finish, lead="PDF:"))


def _check_sign(
    ky: bool, pdf: bool, ban_sao: bool, anh_chu_ky: Path | None, tsa: str | None, key: dict[str, object]
) -> None:
    """InputError when ``--sign`` lacks ``--pdf`` or meets ``--ban-sao``, or a signing option is
    given without ``--sign``."""
    if ky and not pdf:
        raise InputError("--sign ký bản PDF", Vitri(truong="--sign"), goi_y="thêm --pdf")
    if ky and ban_sao:
        raise InputError(
            "--sign là chữ ký của người ký trên văn bản, không dùng cho bản sao điện tử (--ban-sao)",
            Vitri(truong="--ban-sao"),
            goi_y="bản sao điện tử do văn thư ký bằng «vbhc sign … --field ChuKyCoQuan»",
        )
    given = [name for name, value in {"anh-chu-ky": anh_chu_ky, "tsa": tsa, **key}.items() if value]
    if given and not ky:
        option = "--" + given[0].replace("_", "-")
        raise InputError(f"{option} chỉ dùng cùng --sign", Vitri(truong=option), goi_y="thêm --pdf --sign")


def _metadata_of(result):
    """The Phụ lục VI metadata of an issued document, for the XMP of its PDF (page count known then)."""

    def metadata(_source: Path, pages: int) -> dict[str, str]:
        from vbhc.metadata.phu_luc_vi import build, flatten

        return flatten(build(result.van_ban, entry=result.entry, so_trang=pages))

    return metadata


# --- vbhc register ------------------------------------------------------------------------------


@click.group()
def register() -> None:
    """Sổ đăng ký văn bản đi và văn bản đến: xem, xuất Excel/PDF, lấy số trước, hủy số, sổ riêng,
    nhật ký; văn bản đến: sửa, ý kiến, giải quyết, quá hạn, báo cáo."""


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str], widths: Sequence[int]) -> list[str]:
    sizes = [
        min(limit, max(len(h), *(len(r[i]) for r in rows))) if rows else len(h)
        for i, (h, limit) in enumerate(zip(headers, widths, strict=True))
    ]
    def line(cells: Sequence[str]) -> str:
        return "  ".join(_cut(c, s).ljust(s) for c, s in zip(cells, sizes, strict=True)).rstrip()
    return [line(headers), "  ".join("─" * s for s in sizes), *(line(r) for r in rows)]


@register.command("list")
@_register_option
@click.option("--year", "--nam", "year", type=int, help="Chỉ năm này.")
@click.option("--co-quan", help="Chỉ cơ quan này (chữ viết tắt, ví dụ UBND).")
@click.option("--series", help="Chỉ sổ này (khóa sổ).")
@click.option("--status", type=click.Choice(sorted(_STATUS)), help="Chỉ số đã ban hành / lấy trước / đã hủy.")
@click.option("--den", is_flag=True, help="In sổ đăng ký văn bản đến thay cho sổ văn bản đi.")
@click.option("--tim", help="Với --den: chỉ văn bản có các từ này (không phân biệt hoa thường, dấu).")
@click.option("--json", "as_json", is_flag=True, help="Với --den: in dạng JSON.")
def list_(register_path: Path, year: int | None, co_quan: str | None, series: str | None,
          status: str | None, den: bool, tim: str | None, as_json: bool) -> None:
    """In sổ văn bản đi (hoặc sổ văn bản đến, --den) thành bảng."""
    if den or tim or as_json:
        _only_den(den, "--tim" if tim else "--json" if as_json else "", series=series, status=status)
        from vbhc.cli.register_den import list_den

        return list_den(register_path, year, tim, co_quan, as_json)
    with _open(register_path) as reg:
        entries = reg.entries(nam=year, co_quan=co_quan, series=series,
                              status=_STATUS[status] if status else None)
        names = {(e.co_quan, e.series): reg.ten_series(e.co_quan, e.series) for e in entries}
    if not entries:
        done(f"Sổ «{register_path}» chưa có số nào" + (f" trong năm {year}." if year else "."))
        return
    headers = ("Số, ký hiệu", "Ngày", "Trạng thái", "Tệp", "Tên loại và trích yếu", "Người ký", "Ghi chú")
    widths = (16, 10, 13, 18, 60, 22, 40)
    files = {e.id: e.tinh_trang_tep for e in entries}
    first = True
    for (co_quan_key, khoa, nam), group in groupby(entries, key=lambda e: (e.co_quan, e.series, e.nam)):
        if not first:
            click.echo()
        first = False
        click.echo(f"{co_quan_key} — {names[(co_quan_key, khoa)]} — năm {nam}")
        rows = [
            (e.so_hien_thi, f"{e.ngay:%d/%m/%Y}" if e.ngay else "", e.trang_thai,
             f"⚠ {files[e.id]}" if files[e.id] else "", e.ten_loai_trich_yeu, e.nguoi_ky, e.ghi_chu_day_du)
            for e in group
        ]
        for text in _table(rows, headers, widths):
            click.echo(text)
    counts = {s: sum(1 for e in entries if e.status == s) for s in ("issued", "reserved", "cancelled")}
    click.echo(
        f"\nTổng: {len(entries)} số ({counts['issued']} đã ban hành, {counts['reserved']} lấy số trước, "
        f"{counts['cancelled']} đã hủy)."
    )
    broken = [e for e in entries if files[e.id]]
    if broken:
        warn(
            f"{len(broken)} văn bản đã ban hành không còn đúng tệp đã ghi sổ (cột «Tệp»): "
            + "; ".join(f"số {e.so_hien_thi}: {files[e.id]} «{e.tep}»" for e in broken[:10])
            + (" …" if len(broken) > 10 else "")
            + ". Cách xử lý: docs/so-van-ban.md, mục «Khi lệnh bị ngắt hoặc tệp đã ban hành bị mất»."
        )



@register.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@_register_option
@click.option("--year", "--nam", "year", type=int, help="Chỉ năm này (mỗi năm một trang tính).")
@click.option("--co-quan", help="Chỉ cơ quan này.")
@click.option("--series", help="Chỉ sổ này.")
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="Mẫu XLSX riêng của cơ quan (sửa từ templates/so_van_ban_di.xlsx).",
)
@click.option("--den", is_flag=True, help="Xuất sổ đăng ký văn bản đến (.xlsx hoặc .pdf).")
@click.option("--theo-doi", is_flag=True, help="Xuất sổ theo dõi giải quyết văn bản đến (.xlsx hoặc .pdf).")
@click.option("--ngay", metavar="NGÀY", help="Với --theo-doi: tiến độ tính đến ngày này (mặc định: hôm nay).")
def export(
    out: Path, register_path: Path, year: int | None, co_quan: str | None, series: str | None,
    template: Path | None, den: bool, theo_doi: bool, ngay: str | None,
) -> None:
    """Xuất sổ ra Excel theo mẫu Phụ lục IV Nghị định 30 (A4 ngang, sẵn để in).

    \b
    Ví dụ:  vbhc register export so-van-ban.xlsx --year 2026
            vbhc register export so-den-2026.pdf --den --nam 2026
            vbhc register export theo-doi.xlsx --theo-doi --ngay 30/06/2026
    """
    if den or theo_doi or ngay:
        _only_den(den or theo_doi, "--ngay" if ngay else "", series=series)
        from vbhc.cli.register_den import export_den

        return export_den(register_path, out, year, co_quan, theo_doi, ngay, template)
    from vbhc.workflows.register_export import export_register_xlsx

    with _open(register_path) as reg:
        path = export_register_xlsx(reg, out, nam=year, co_quan=co_quan, series=series, template=template)
        count = len(reg.entries(nam=year, co_quan=co_quan, series=series))
    done(f"Đã xuất {count} dòng sổ văn bản đi → {path}")


def _only_den(den: bool, option: str, **outgoing: str | None) -> None:
    """InputError when an option of the sổ đến is given without it, or one of the sổ đi with it."""
    if not den:
        raise InputError(f"{option} chỉ dùng cho sổ văn bản đến", Vitri(truong=option), goi_y="thêm --den")
    given = [name for name, value in outgoing.items() if value]
    if given:
        option = f"--{given[0]}"
        raise InputError(f"{option} là của sổ văn bản đi, không dùng với --den", Vitri(truong=option))


@register.command("reserve")
@_register_option
@click.option("--co-quan", help="Cơ quan (chữ viết tắt, ví dụ UBND); bỏ trống nếu sổ chỉ có một cơ quan.")
@click.option("--year", type=int, help="Năm (mặc định: năm nay).")
@click.option("--loai", help="Loại văn bản sẽ ban hành (ke_hoach, quyet_dinh …), để ghi sẵn ký hiệu.")
@click.option("--series", help="Lấy số trong sổ riêng (khóa sổ).")
@click.option("--note", "ghi_chu", default="", help="Ghi chú (ví dụ: văn bản gì, ai lấy).")
@_user_option
def reserve(register_path: Path, co_quan: str | None, year: int | None, loai: str | None, series: str | None,
            ghi_chu: str, user: str | None) -> None:
    """Lấy số trước: giữ số kế tiếp cho một văn bản sắp ký."""
    with _open(register_path, create=co_quan is not None, user=user) as reg:
        entry = reg.reserve(reg.default_co_quan(co_quan), nam=year, loai=loai, series=series, ghi_chu=ghi_chu)
    done(
        f"Đã lấy trước số {entry.so_hien_thi} năm {entry.nam} ({entry.co_quan}). Khi ban hành: "
        f"vbhc issue NGUON.md --so {entry.so}"
    )


@register.command("cancel")
@click.argument("so", type=click.IntRange(min=1))
@_register_option
@click.option("--reason", "--ly-do", "ly_do", required=True, help="Lý do hủy số (bắt buộc, ghi vào sổ).")
@click.option("--year", type=int, help="Năm của số (mặc định: năm nay).")
@click.option("--co-quan", help="Cơ quan (bỏ trống nếu sổ chỉ có một cơ quan).")
@click.option("--series", default="chung", show_default=True, help="Khóa sổ.")
@_user_option
def cancel(so: int, register_path: Path, ly_do: str, year: int | None, co_quan: str | None, series: str,
           user: str | None) -> None:
    """Hủy số: số vẫn nằm trong sổ kèm lý do và không bao giờ được cấp lại."""
    with _open(register_path, user=user) as reg:
        entry = reg.cancel(so, nam=year or date.today().year, ly_do=ly_do, co_quan=co_quan, series=series)
    done(f"Đã hủy số {entry.so_hien_thi} năm {entry.nam}: {entry.ly_do_huy}")


@register.command("update")
@click.argument("so", type=click.IntRange(min=1))
@_register_option
@click.option("--year", type=int, help="Năm của số (mặc định: năm nay).")
@click.option("--co-quan", help="Cơ quan (bỏ trống nếu sổ chỉ có một cơ quan).")
@click.option("--series", default="chung", show_default=True, help="Khóa sổ.")
@click.option("--ngay-chuyen", help="Ngày chuyển (cột 8), ví dụ 15/01/2026.")
@click.option("--ky-nhan", help="Ký nhận (cột 9).")
@click.option("--so-ban", "so_luong_ban", type=click.IntRange(min=0), help="Số lượng bản (cột 7).")
@click.option("--noi-nhan", help="Nơi nhận văn bản (cột 5).")
@click.option("--luu", help="Đơn vị, người nhận bản lưu (cột 6).")
@click.option("--note", "ghi_chu", help="Ghi chú (cột 10).")
@_user_option
def update(so: int, register_path: Path, year: int | None, co_quan: str | None, series: str,
           ngay_chuyen: str | None, ky_nhan: str | None, so_luong_ban: int | None, noi_nhan: str | None,
           luu: str | None, ghi_chu: str | None, user: str | None) -> None:
    """Ghi các cột văn thư điền tay: ngày chuyển, ký nhận, số lượng bản, ghi chú …"""
    with _open(register_path, user=user) as reg:
        entry = reg.update(
            so, nam=year or date.today().year, co_quan=co_quan, series=series,
            ngay_chuyen=_parse_date(ngay_chuyen, "--ngay-chuyen"), ky_nhan=ky_nhan,
            so_luong_ban=so_luong_ban, noi_nhan=noi_nhan, luu=luu, ghi_chu=ghi_chu,
        )
    done(f"Đã cập nhật số {entry.so_hien_thi} năm {entry.nam}.")


@register.command("set-next")
@click.argument("so", type=click.IntRange(min=2))
@_register_option
@click.option("--co-quan", required=True, help="Cơ quan (chữ viết tắt, ví dụ UBND).")
@click.option("--year", type=int, help="Năm (mặc định: năm nay).")
@click.option("--series", default="chung", show_default=True, help="Khóa sổ.")
@_user_option
def set_next(so: int, register_path: Path, co_quan: str, year: int | None, series: str,
             user: str | None) -> None:
    """Đặt số kế tiếp khi bắt đầu dùng vbhc giữa năm (các số trước đã cấp trên sổ giấy)."""
    nam = year or date.today().year
    with _open(register_path, create=True, user=user) as reg:
        reg.set_next(co_quan, so, nam=nam, series=series)
    done(f"Số kế tiếp của {co_quan} năm {nam} (sổ «{series}») là {so:02d}.")


@register.command("log")
@_register_option
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True, help="Số dòng mới nhất.")
def log(register_path: Path, limit: int) -> None:
    """Nhật ký sổ: ai đã cấp, lấy trước, hủy, sửa số nào, lúc nào."""
    actions = {"issue": "ban hành", "reserve": "lấy số trước", "cancel": "hủy số", "update": "cập nhật",
               "series_add": "thêm sổ riêng", "set_next": "đặt số kế tiếp", "migrate": "nâng cấp sổ",
               "receive": "tiếp nhận văn bản đến", "update_den": "sửa văn bản đến", "y_kien": "ghi ý kiến",
               "giai_quyet": "giải quyết văn bản đến"}
    with _open(register_path) as reg:
        events = reg.audit(limit=limit)
    rows = [
        (e.at.replace("T", " ").replace("+00:00", " UTC"), e.actor, actions.get(e.action, e.action),
         ", ".join(f"{k}={v}" for k, v in e.details.items() if v not in (None, "")))
        for e in events
    ]
    for text in _table(rows, ("Lúc", "Người", "Việc", "Chi tiết"), (24, 16, 16, 90)):
        click.echo(text)


@register.group("series")
def series_group() -> None:
    """Sổ riêng: đánh số riêng cho quyết định, hoặc cho hội đồng dùng con dấu của cơ quan."""


@series_group.command("add")
@click.argument("khoa")
@_register_option
@click.option("--co-quan", required=True, help="Cơ quan (chữ viết tắt, ví dụ UBND).")
@click.option("--ten", required=True, help="Tên sổ, ví dụ «Quyết định».")
@click.option("--loai", multiple=True,
              help="Loại văn bản tự động vào sổ này (lặp lại được), ví dụ quyet_dinh.")
@_user_option
def series_add(khoa: str, register_path: Path, co_quan: str, ten: str, loai: tuple[str, ...],
               user: str | None) -> None:
    """Thêm một sổ riêng.

    \b
    Ví dụ:  vbhc register series add quyet_dinh --co-quan UBND --ten "Quyết định" --loai quyet_dinh
    """
    with _open(register_path, create=True, user=user) as reg:
        created = reg.add_series(co_quan, khoa, ten, loai)
    types = f"; loại: {', '.join(created.loai)}" if created.loai else "; chỉ dùng khi ghi --series " + khoa
    done(f"Đã thêm sổ «{created.khoa}» ({created.ten}) của {created.co_quan}{types}.")


@series_group.command("list")
@_register_option
def series_list(register_path: Path) -> None:
    """Liệt kê các sổ riêng."""
    with _open(register_path) as reg:
        found = reg.series_list()
    if not found:
        done("Chưa có sổ riêng; mọi văn bản dùng sổ chung của cơ quan.")
        return
    rows = [(s.co_quan, s.khoa, s.ten, ", ".join(s.loai)) for s in found]
    for text in _table(rows, ("Cơ quan", "Khóa", "Tên sổ", "Loại văn bản"), (12, 20, 30, 50)):
        click.echo(text)
