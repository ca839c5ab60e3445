"""``vbhc receive`` and the sổ đến commands of ``vbhc register``: receive, correct, distribute, deal
with, follow up and report incoming documents (Điều 20–24)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from vbhc.cli.common import done, warn
from vbhc.cli.register import _open, _parse_date, _register_option, _table, _user_option, register
from vbhc.errors import InputError, Vitri

_JSON_HELP = "In kết quả dạng JSON ra màn hình."
_MA = re.compile(r"^\s*(\d{1,5})\s*/\s*(\d{1,5})\s*$")


def parse_ma(text: str) -> tuple[int, int]:
    """``2026/05`` (or ``05/2026``) → (2026, 5); InputError naming the argument otherwise."""
    match = _MA.match(text)
    if match:
        first, second = match.groups()
        if len(first) == 4 and int(second) >= 1:
            return int(first), int(second)
        if len(second) == 4 and int(first) >= 1:
            return int(second), int(first)
    raise InputError(f"«{text}» không phải NĂM/SỐ_ĐẾN", Vitri(truong="NĂM/SỐ_ĐẾN"),
                     goi_y="ví dụ 2026/05 (văn bản đến số 05 năm 2026)")


def parse_pairs(pairs: Sequence[str], option: str) -> dict[str, str]:
    """``truong=giá trị`` pairs → a dict; InputError naming the option for a pair without «=»."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise InputError(f"«{pair}» không có dạng trường=giá trị", Vitri(truong=option),
                             goi_y=f"ví dụ: {option} so_ky_hieu=12/SNV-CCHC")
        out[name.strip()] = value
    return out


def _ma_argument(func):
    return click.argument("ma_den", metavar="NĂM/SỐ_ĐẾN")(func)


def _co_quan_option(func):
    return click.option("--co-quan", help="Cơ quan nhận (chữ viết tắt) khi sổ đến có nhiều cơ quan.")(func)


def _json_option(func):
    return click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)(func)


def _ngay(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def entry_json(entry) -> dict[str, Any]:
    """An entry of the sổ đến as JSON (:meth:`~vbhc.register.VanBanDen.to_dict`)."""
    return entry.to_dict()


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- vbhc receive ----------------------------------------------------------------------------------


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@_register_option
@click.option("--ngay-den", metavar="NGÀY", help="Ngày đến (mặc định: hôm nay), ví dụ 15/01/2026.")
@click.option("--don-vi", "don_vi_nhan", default="", help="Đơn vị hoặc người nhận để giải quyết (cột 7).")
@click.option("--han", metavar="NGÀY", help="Hạn giải quyết, ví dụ 30/01/2026.")
@click.option("--sua", "sua", multiple=True, metavar="TRƯỜNG=GIÁ_TRỊ",
              help="Giá trị văn thư xác nhận (lặp lại được): tac_gia, so_ky_hieu, ngay_van_ban, ten_loai, "
              "trich_yeu, nguoi_ky, chuc_vu, do_khan, ghi_chu, ma_dinh_danh, ky_nhan.")
@click.option("--force", is_flag=True,
              help="Vẫn đăng ký khi văn bản trùng một văn bản đã có (ghi chú việc trùng).")
@click.option("--trust", multiple=True, type=click.Path(path_type=Path), metavar="CA.pem",
              help="Chứng thư gốc tin cậy để kiểm tra chữ ký số của PDF (lặp lại được).")
@_co_quan_option
@_json_option
@_user_option
def receive(file: Path, register_path: Path, ngay_den: str | None, don_vi_nhan: str, han: str | None,
            sua: tuple[str, ...], force: bool, trust: tuple[Path, ...], co_quan: str | None, as_json: bool,
            user: str | None) -> None:
    """Tiếp nhận văn bản đến: đọc tệp (DOCX, PDF, ảnh quét), cấp số đến, ghi sổ đến.

    Trường đọc chưa chắc không được ghi vào sổ: văn bản vẫn được cấp số đến, ghi «cần xem lại»,
    giá trị đọc được hiện để văn thư kiểm tra rồi sửa (--sua khi tiếp nhận, hoặc
    vbhc register sua-den).

    \b
    Ví dụ:
      vbhc receive cong_van_so_noi_vu.pdf --register so.db --don-vi "Văn phòng" --han 30/01/2026
      vbhc receive anh_quet.jpg --sua so_ky_hieu=12/SNV-CCHC --json
    """
    from vbhc.workflows.receive import receive as receive_file

    corrections = parse_pairs(sua, "--sua")
    arrived = _parse_date(ngay_den, "--ngay-den")
    due = _parse_date(han, "--han")
    with _open(register_path, create=True, user=user) as reg:
        result = receive_file(file, reg, sua=corrections, ngay_den=arrived, don_vi_nhan=don_vi_nhan,
                              han_giai_quyet=due, force=force, trust=trust, co_quan=co_quan or "")
    entry, doc = result.entry, result.doc
    if as_json:
        fields = {
            ten: {"gia_tri": truong.gia_tri, "do_tin_cay": truong.do_tin_cay,
                  "can_xem_lai": ten in entry.can_xem_lai, "ghi_chu": truong.ghi_chu}
            for ten, truong in doc.truong.items()
        }
        _echo_json({**entry_json(entry), "truong_doc": fields, "canh_bao": list(result.canh_bao)})
        return
    _print_receipt(entry, doc, register_path)
    for message in result.canh_bao:
        warn(message)


def _print_receipt(entry, doc, register_path: Path) -> None:
    from vbhc.incoming import TEN_TRUONG, TRUONG

    done(f"Đã đăng ký văn bản đến số {entry.so_den_hien_thi}/{entry.nam}, ngày đến {_ngay(entry.ngay_den)} "
         f"(sổ «{register_path}»).")
    for ten in TRUONG:
        truong = doc.truong.get(ten)
        confidence = f" (độ tin cậy {round(truong.do_tin_cay * 100)}%)" if truong is not None else ""
        value = getattr(entry, ten)
        shown = _ngay(value) if isinstance(value, date) else value
        if ten in entry.can_xem_lai:
            read = entry.de_xuat.get(ten)
            hint = f"đọc được «{read}»" if read else "chưa đọc được"
            click.echo(f"  ⚠ {TEN_TRUONG[ten]}: cần xem lại — {hint}{confidence}")
        else:
            click.echo(f"  {TEN_TRUONG[ten]}: {shown or '(không có)'}{confidence}")
    for chu_ky in entry.chu_ky:
        state = "hợp lệ" if chu_ky.hop_le and chu_ky.nguyen_ven else "KHÔNG hợp lệ"
        click.echo(f"  Chữ ký số «{chu_ky.ten_truong}»: {chu_ky.nguoi_ky} — {state}")


# --- vbhc register … --den ---------------------------------------------------------------------------


def list_den(
    register_path: Path, nam: int | None, query: str | None, co_quan: str | None, as_json: bool
) -> None:
    """``vbhc register list --den``: the sổ đến as a table (or JSON)."""
    with _open(register_path) as reg:
        entries = reg.list_den(nam=nam, query=query, co_quan=co_quan)
    if as_json:
        _echo_json([entry_json(e) for e in entries])
        return
    if not entries:
        done(f"Sổ «{register_path}» chưa có văn bản đến nào" + (" khớp điều kiện." if nam or query else "."))
        return
    headers = ("Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Tên loại và trích yếu", "Đơn vị nhận", "Hạn",
               "Tình trạng")
    widths = (8, 10, 28, 16, 50, 20, 10, 30)
    rows = [
        (e.ma, _ngay(e.ngay_den), e.tac_gia, e.so_ky_hieu, e.ten_loai_trich_yeu, e.don_vi_nhan,
         _ngay(e.han_giai_quyet), _tinh_trang(e))
        for e in entries
    ]
    for line in _table(rows, headers, widths):
        click.echo(line)
    flagged = sum(1 for e in entries if e.can_xem_lai)
    click.echo(f"\nTổng: {len(entries)} văn bản đến" + (f" ({flagged} cần xem lại)." if flagged else "."))


def _tinh_trang(entry) -> str:
    from vbhc.register import CAN_XEM_LAI

    parts = [entry.trang_thai_hien_thi]
    if entry.qua_han(date.today()):
        parts.append("quá hạn")
    if entry.can_xem_lai:
        parts.append(f"⚠ {CAN_XEM_LAI}")
    return ", ".join(parts)


def export_den(register_path: Path, out: Path, nam: int | None, co_quan: str | None, theo_doi: bool,
               ngay: str | None, template: Path | None) -> None:
    """``vbhc register export --den``: the sổ đến (or sổ theo dõi) as XLSX or PDF."""
    from vbhc.workflows.register_export import export_so_den

    hom_nay = _parse_date(ngay, "--ngay")
    with _open(register_path) as reg:
        path = export_so_den(reg, out, theo_doi=theo_doi, nam=nam, co_quan=co_quan, hom_nay=hom_nay,
                             template=template)
    what = "sổ theo dõi giải quyết văn bản đến" if theo_doi else "sổ đăng ký văn bản đến"
    done(f"Đã xuất {what} → {path}")


@register.command("xem-den")
@_ma_argument
@_register_option
@_co_quan_option
@_json_option
def xem_den(ma_den: str, register_path: Path, co_quan: str | None, as_json: bool) -> None:
    """Xem đầy đủ một văn bản đến: các cột, trường cần xem lại, ý kiến, chữ ký số, nhật ký."""
    from vbhc.register.incoming import TEN_COT

    nam, so_den = parse_ma(ma_den)
    with _open(register_path) as reg:
        entry = reg.get_den(nam, so_den, co_quan=co_quan)
        events = list(reg.den_events(entry))
    if as_json:
        log = [{"luc": at, "nguoi": actor, "viec": action, "chi_tiet": details}
               for at, actor, action, details in events]
        _echo_json({**entry_json(entry), "nhat_ky": log})
        return
    click.echo(f"Văn bản đến số {entry.so_den_hien_thi}/{entry.nam} — {entry.trang_thai_hien_thi}")
    for name in ("ngay_den", "tac_gia", "so_ky_hieu", "ngay_van_ban", "ten_loai", "trich_yeu", "nguoi_ky",
                 "chuc_vu", "do_khan", "don_vi_nhan", "ngay_chuyen", "han_giai_quyet", "ky_nhan", "ghi_chu"):
        value = getattr(entry, name)
        mark = "⚠ " if name in entry.can_xem_lai else ""
        suggestion = f" (đọc được «{entry.de_xuat[name]}», cần xem lại)" if name in entry.de_xuat else ""
        shown = _ngay(value) if isinstance(value, date) else value or ""
        click.echo(f"  {mark}{TEN_COT[name]}: {shown}{suggestion}")
    if entry.da_giai_quyet:
        reply = f", văn bản trả lời {entry.so_ky_hieu_tra_loi}" if entry.so_ky_hieu_tra_loi else ""
        click.echo(f"  Đã giải quyết ngày {_ngay(entry.ngay_giai_quyet)}{reply}")
    for y_kien in entry.y_kien:
        click.echo(f"  Ý kiến: {y_kien.dong}")
    for chu_ky in entry.chu_ky:
        state = "hợp lệ" if chu_ky.hop_le and chu_ky.nguyen_ven else f"KHÔNG hợp lệ ({chu_ky.ghi_chu})"
        click.echo(f"  Chữ ký số «{chu_ky.ten_truong}»: {chu_ky.nguoi_ky} — {state}")
    if entry.tep:
        click.echo(f"  Tệp: {entry.tep} (SHA-256 {entry.sha256})")


@register.command("sua-den")
@_ma_argument
@_register_option
@click.option("--truong", "truong", multiple=True, required=True, metavar="TRƯỜNG=GIÁ_TRỊ",
              help="Trường cần sửa (lặp lại được), ví dụ --truong so_ky_hieu=12/SNV-CCHC --truong "
              "ngay_van_ban=12/01/2026.")
@click.option("--force", is_flag=True, help="Vẫn sửa khi giá trị mới làm văn bản trùng một văn bản khác.")
@_co_quan_option
@_json_option
@_user_option
def sua_den(ma_den: str, register_path: Path, truong: tuple[str, ...], force: bool, co_quan: str | None,
            as_json: bool, user: str | None) -> None:
    """Sửa, xác nhận các trường của một văn bản đến (bỏ dấu «cần xem lại» của trường đã sửa)."""
    nam, so_den = parse_ma(ma_den)
    values = parse_pairs(truong, "--truong")
    with _open(register_path, user=user) as reg:
        entry = reg.update_den(nam, so_den, force=force, co_quan=co_quan, **values)
    if as_json:
        _echo_json(entry_json(entry))
        return
    done(f"Đã sửa văn bản đến số {entry.so_den_hien_thi}/{entry.nam}: " + ", ".join(values) + ".")
    if entry.can_xem_lai:
        from vbhc.workflows.receive import huong_dan_sua

        warn(huong_dan_sua(entry))


@register.command("y-kien")
@_ma_argument
@_register_option
@click.option("--nguoi", required=True, help="Người cho ý kiến phân phối, chỉ đạo (ví dụ: Chủ tịch UBND xã).")
@click.option("--noi-dung", required=True, help="Nội dung ý kiến.")
@click.option("--chuyen-cho", default="", help="Đơn vị, người được chuyển văn bản để giải quyết.")
@click.option("--luc", metavar="THỜI_GIAN",
              help="Thời gian cho ý kiến, ví dụ 2026-01-16T09:15 (mặc định: bây giờ).")
@_co_quan_option
@_user_option
def y_kien(ma_den: str, register_path: Path, nguoi: str, noi_dung: str, chuyen_cho: str, luc: str | None,
           co_quan: str | None, user: str | None) -> None:
    """Ghi ý kiến phân phối, chỉ đạo giải quyết văn bản đến (và đơn vị được chuyển)."""
    from vbhc.register import YKien

    nam, so_den = parse_ma(ma_den)
    when = None
    if luc:
        try:
            when = datetime.fromisoformat(luc.strip())
        except ValueError:
            raise InputError(f"thời gian «{luc}» không hợp lệ", Vitri(truong="--luc"),
                             goi_y="viết dạng 2026-01-16T09:15") from None
        when = when if when.tzinfo else when.astimezone()
    with _open(register_path, user=user) as reg:
        entry = reg.add_y_kien(nam, so_den, YKien(nguoi, noi_dung, when, chuyen_cho), co_quan=co_quan)
    done(f"Đã ghi ý kiến vào văn bản đến số {entry.so_den_hien_thi}/{entry.nam}: {entry.y_kien[-1].dong}")


@register.command("giai-quyet")
@_ma_argument
@_register_option
@click.option("--ngay", metavar="NGÀY", help="Ngày giải quyết xong (mặc định: hôm nay).")
@click.option("--tra-loi", "so_ky_hieu_tra_loi", default="", help="Số, ký hiệu văn bản trả lời (nếu có).")
@_co_quan_option
@_user_option
def giai_quyet(ma_den: str, register_path: Path, ngay: str | None, so_ky_hieu_tra_loi: str,
               co_quan: str | None, user: str | None) -> None:
    """Ghi văn bản đến đã giải quyết xong (ngày, văn bản trả lời)."""
    nam, so_den = parse_ma(ma_den)
    when = _parse_date(ngay, "--ngay") or date.today()
    with _open(register_path, user=user) as reg:
        entry = reg.giai_quyet(nam, so_den, ngay=when, so_ky_hieu_tra_loi=so_ky_hieu_tra_loi, co_quan=co_quan)
    late = entry.han_giai_quyet is not None and when > entry.han_giai_quyet
    done(f"Văn bản đến số {entry.so_den_hien_thi}/{entry.nam} đã giải quyết ngày {_ngay(when)}"
         + (f" (trễ hạn {_ngay(entry.han_giai_quyet)})." if late else "."))


@register.command("qua-han")
@_register_option
@click.option("--ngay", metavar="NGÀY", help="Tính đến ngày này (mặc định: hôm nay).")
@_json_option
def qua_han(register_path: Path, ngay: str | None, as_json: bool) -> None:
    """Danh sách văn bản đến quá hạn giải quyết."""
    hom_nay = _parse_date(ngay, "--ngay") or date.today()
    with _open(register_path) as reg:
        late = reg.qua_han(hom_nay)
    if as_json:
        _echo_json([{**entry_json(e), "so_ngay_qua_han": (hom_nay - e.han_giai_quyet).days} for e in late])
        return
    if not late:
        done(f"Đến ngày {_ngay(hom_nay)}, không có văn bản đến quá hạn giải quyết.")
        return
    rows = [(e.ma, e.ten_van_ban, e.don_vi_nhan, _ngay(e.han_giai_quyet),
             str((hom_nay - e.han_giai_quyet).days)) for e in late]
    for line in _table(rows, ("Số đến", "Văn bản", "Đơn vị nhận", "Hạn", "Quá (ngày)"), (8, 70, 24, 10, 10)):
        click.echo(line)
    click.echo(f"\nĐến ngày {_ngay(hom_nay)}: {len(late)} văn bản đến quá hạn giải quyết.")


@register.command("bao-cao-den")
@_register_option
@click.option("--ngay", metavar="NGÀY", help="Số liệu tính đến ngày này (mặc định: hôm nay).")
@click.option("--tu-ngay", metavar="NGÀY", help="Chỉ văn bản đến từ ngày này.")
@click.option("--den-ngay", metavar="NGÀY", help="Chỉ văn bản đến đến ngày này (mặc định: --ngay).")
@click.option("--nam", type=int, help="Chỉ văn bản đến của năm này.")
@click.option("--source", type=click.Path(path_type=Path),
              help="Tệp nguồn .md của báo cáo (mặc định: mẫu có sẵn của vbhc).")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Báo cáo DOCX ra.")
@click.option("--xlsx", "xlsx_out", type=click.Path(path_type=Path), help="Bảng tổng hợp XLSX ra.")
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF của báo cáo DOCX.")
@click.option("--template", type=click.Path(path_type=Path), help="Mẫu DOCX riêng của cơ quan.")
@click.option("--mau-xlsx", "xlsx_template", type=click.Path(path_type=Path),
              help="Mẫu XLSX riêng của cơ quan.")
@_json_option
def bao_cao_den(register_path: Path, ngay: str | None, tu_ngay: str | None, den_ngay: str | None,
                nam: int | None, source: Path | None, out: Path | None, xlsx_out: Path | None, pdf: bool,
                template: Path | None, xlsx_template: Path | None, as_json: bool) -> None:
    """Báo cáo tình hình giải quyết văn bản đến theo đơn vị (DOCX, XLSX, JSON).

    \b
    Ví dụ:
      vbhc register bao-cao-den --ngay 30/06/2026 --tu-ngay 01/01/2026 -o bao_cao_van_ban_den.docx
      vbhc register bao-cao-den --xlsx tong_hop_van_ban_den.xlsx --json
    """
    from vbhc.workflows.bao_cao_den import lap_bao_cao_den

    if out is None and xlsx_out is None and not as_json:
        raise InputError("cần ít nhất một đầu ra: -o BÁO_CÁO.docx, --xlsx TỔNG_HỢP.xlsx hoặc --json")
    as_of = _parse_date(ngay, "--ngay") or date.today()
    start, end = _parse_date(tu_ngay, "--tu-ngay"), _parse_date(den_ngay, "--den-ngay")
    with _open(register_path) as reg:
        result = lap_bao_cao_den(reg, as_of, tu_ngay=start, den_ngay=end, nam=nam, source=source, output=out,
                                 xlsx_out=xlsx_out, template=template, xlsx_template=xlsx_template, pdf=pdf,
                                 cho_phep_ngoai_thu_muc=True)
    say = (lambda message: click.echo(message, err=True)) if as_json else done
    for warning in result.warnings:
        warn(str(warning))
    for path in result.written:
        say(f"Đã ghi {path}")
    if as_json:
        figures = result.figures
        _echo_json({
            "ngay_bao_cao": figures.as_of.isoformat(),
            "tu_ngay": figures.tu_ngay and figures.tu_ngay.isoformat(),
            "den_ngay": figures.den_ngay.isoformat(),
            "theo_don_vi": {name: {"tong_so": s.tong_so, **s.so_luong}
                            for name, s in figures.theo_don_vi.items()},
            "tong": {"tong_so": figures.tong.tong_so, **figures.tong.so_luong},
            "qua_han": [e.ma for e in figures.qua_han],
        })


@register.command("metadata")
@_register_option
@click.option("--den", "ma_den", required=True, metavar="NĂM/SỐ_ĐẾN", help="Văn bản đến, ví dụ 2026/05.")
@click.option("--cai-dat", type=click.Path(path_type=Path),
              help="Tệp cài đặt của cơ quan (co-quan.yaml): mã định danh, hồ sơ (FileCode).")
@click.option("--json", "as_json", is_flag=True, help="Xuất JSON thay cho XML.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Ghi ra tệp (mặc định: màn hình).")
@_co_quan_option
def metadata_den(register_path: Path, ma_den: str, cai_dat: Path | None, as_json: bool, out: Path | None,
                 co_quan: str | None) -> None:
    """Siêu dữ liệu văn bản đến theo Phụ lục VI Nghị định 30 (XML hoặc JSON).

    Siêu dữ liệu văn bản đi: dùng «vbhc metadata».
    """
    from vbhc.files import write_bytes
    from vbhc.metadata.phu_luc_vi import load_cai_dat
    from vbhc.metadata.phu_luc_vi_den import from_den, to_json, to_xml

    nam, so_den = parse_ma(ma_den)
    settings = load_cai_dat(str(cai_dat)) if cai_dat else None
    with _open(register_path) as reg:
        entry = reg.get_den(nam, so_den, co_quan=co_quan)
        meta = from_den(entry, cai_dat=settings, where=reg.where())
    data = to_json(meta).encode("utf-8") if as_json else to_xml(meta)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    written = write_bytes(out, data, inputs=(register_path,))
    done(f"Đã ghi siêu dữ liệu văn bản đến số {entry.so_den_hien_thi}/{entry.nam} → {written}")


__all__ = ["entry_json", "export_den", "list_den", "parse_ma", "parse_pairs", "receive", "register"]
