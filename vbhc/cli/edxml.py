"""``vbhc edxml``: an issued document as an edXML message (QCVN 102:2016), and a message read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from vbhc.cli.common import done, warn
from vbhc.cli.metadata import load_settings, open_register, register_option, settings_option
from vbhc.errors import InputError, Vitri


def _unit(text: str, names: dict[str, str], option: str):
    """``MÃ:TÊN``, ``MÃ`` or a recipient's name known to the settings → a DonVi."""
    from vbhc.metadata.edxml import DonVi

    code, sep, name = text.partition(":")
    code, name = code.strip(), name.strip()
    if not sep and text.strip() in names:
        return DonVi(names[text.strip()], text.strip())
    if not code or " " in code:
        raise InputError(
            f"«{text}» không phải nơi nhận dạng MÃ_ĐỊNH_DANH:TÊN (ví dụ 000.00.12.H26:Sở Nội vụ) "
            "hay tên đã có mã trong tệp cài đặt (ma_noi_nhan)",
            Vitri(truong=option),
        )
    if not name:
        name = next((known for known, known_code in names.items() if known_code == code), "")
    return DonVi(code, name)


@click.command("edxml")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[TỆP.pdf]...")
@click.option("--to", "to", multiple=True, metavar="MÃ:TÊN",
              help="Nơi nhận: mã định danh và tên (lặp lại được); mặc định các nơi nhận có mã "
              "trong tệp cài đặt.")
@click.option("--from", "sender", metavar="MÃ:TÊN",
              help="Nơi gửi; mặc định mã định danh trong tệp cài đặt và tên cơ quan ban hành.")
@register_option
@settings_option
@click.option("--so", "so", metavar="SỐ",
              help="Số văn bản trong sổ (5 hoặc 05/KH-UBND) khi PDF chưa có siêu dữ liệu.")
@click.option("--year", type=int, default=date.today().year, show_default="năm nay", help="Năm của --so.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Tệp thông điệp ra (.edxml).")
@click.option("--doc", "message_path", type=click.Path(path_type=Path),
              help="Đọc một thông điệp edXML: in các trường và danh sách tệp đính kèm.")
@click.option("--extract", "extract_dir", type=click.Path(path_type=Path),
              help="Cùng --doc: lưu các tệp đính kèm vào thư mục này.")
@click.option("--json", "as_json", is_flag=True, help="Cùng --doc: in các trường dạng JSON.")
def edxml(
    files: tuple[Path, ...], to: tuple[str, ...], sender: str | None, register_path: Path,
    cai_dat_path: Path | None, so: str | None, year: int, out: Path | None, message_path: Path | None,
    extract_dir: Path | None, as_json: bool,
) -> None:
    """Đóng gói văn bản đã ban hành thành thông điệp edXML (QCVN 102:2016/BTTTT) để gửi liên thông,
    hoặc đọc lại một thông điệp (--doc).

    Tệp PDF đầu tiên là văn bản (siêu dữ liệu lấy từ XMP của nó hoặc từ sổ); các tệp sau là phụ lục,
    tài liệu kèm theo.

    \b
    Ví dụ:
      vbhc edxml ke_hoach.pdf --to "000.00.12.H26:Sở Nội vụ" --cai-dat co-quan.yaml -o ke_hoach.edxml
      vbhc edxml --doc ke_hoach.edxml --extract nhan/
    """
    if message_path is not None:
        if files or to or out:
            raise InputError("--doc chỉ đọc một thông điệp; bỏ TỆP.pdf, --to, -o", Vitri(truong="--doc"))
        _show(message_path, extract_dir, as_json)
        return
    if extract_dir is not None or as_json:
        raise InputError("--extract và --json chỉ dùng cùng --doc", Vitri(truong="--extract"))
    if not files:
        raise InputError(
            "cần tệp PDF của văn bản (hoặc --doc để đọc một thông điệp)", Vitri(truong="TỆP.pdf")
        )
    if out is None:
        raise InputError("cần tệp thông điệp ra (-o THÔNG_ĐIỆP.edxml)", Vitri(truong="-o"))
    _write(files, to, sender, register_path, cai_dat_path, so, year, out)


def _write(files: tuple[Path, ...], to: tuple[str, ...], sender: str | None, register_path: Path,
           cai_dat_path: Path | None, so: str | None, year: int, out: Path) -> None:
    from vbhc.files import write_bytes
    from vbhc.metadata import edxml as ed
    from vbhc.metadata import lookup
    from vbhc.metadata.xmp import page_count

    cai_dat = load_settings(cai_dat_path)
    main = files[0]
    if main.suffix.lower() != ".pdf":
        raise InputError("tệp văn bản phải là PDF", Vitri(tep=str(main)))
    pdf = main.read_bytes()
    extra = {"so_trang": page_count(pdf, tep=str(main))}
    register = open_register(register_path, required=so is not None)
    try:
        if so is not None:
            found = lookup.of_number(
                so, register, nam=year, co_quan=None, series="chung", cai_dat=cai_dat, **extra
            )
        else:
            found = lookup.of_pdf(pdf, str(main), register, cai_dat, **extra)
    finally:
        if register is not None:
            register.close()
    for message in found.warnings:
        warn(message)
    meta = found.meta
    names = dict(cai_dat.ma_noi_nhan)
    recipients = tuple(_unit(item, names, "--to") for item in to) or tuple(
        ed.DonVi(item.OrganId, item.OrganName) for item in meta.To if item.OrganId
    )
    code = cai_dat.ma_dinh_danh or meta.FileCode.OrganId
    noi_gui = _unit(sender, names, "--from") if sender else ed.DonVi(code, meta.OrganName)
    if not noi_gui.ma_dinh_danh:
        raise InputError("chưa có mã định danh của nơi gửi", Vitri(truong="--from"),
                         goi_y="ghi ma_dinh_danh trong tệp cài đặt (--cai-dat) hoặc dùng --from MÃ:TÊN")
    if not recipients:
        raise InputError("chưa có nơi nhận có mã định danh", Vitri(truong="--to"),
                         goi_y='thêm --to "MÃ_ĐỊNH_DANH:TÊN", hoặc ghi ma_noi_nhan trong tệp cài đặt')
    attachments = tuple(ed.TepDinhKem(path.name, path.read_bytes(), _content_type(path)) for path in files)
    van_ban = found.van_ban
    others = {}
    if van_ban is not None:
        others = {"tham_quyen": "; ".join(van_ban.nguoi_ky.tham_quyen),
                  "phu_luc": tuple(item.tieu_de for item in van_ban.phu_luc),
                  "ky_hieu_nguoi_soan": van_ban.ky_hieu_nguoi_soan or ""}
    dia_danh = van_ban.dia_danh if van_ban is not None else cai_dat.dia_danh
    message = ed.from_metadata(
        meta, noi_gui=noi_gui, noi_nhan=recipients, tep=attachments, dia_danh=dia_danh, **others
    )
    write_bytes(out, ed.write(message), inputs=files)
    done(f"Đã ghi thông điệp edXML số {message.so}/{message.ky_hieu} gửi "
         + ", ".join(unit.ten or unit.ma_dinh_danh for unit in recipients)
         + f" ({len(attachments)} tệp đính kèm) → {out}")


_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}


def _content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower(), "application/octet-stream")


_LABELS = (
    ("noi_gui", "Nơi gửi"), ("noi_nhan", "Nơi nhận"), ("so_ky_hieu", "Số, ký hiệu"),
    ("ngay", "Ngày ban hành"),
    ("dia_danh", "Địa danh"), ("loai", "Tên loại"), ("trich_yeu", "Trích yếu"), ("nguoi_ky", "Người ký"),
    ("han_tra_loi", "Hạn trả lời"), ("do_khan", "Độ khẩn (Priority)"),
    ("noi_nhan_khac", "Nơi nhận (ToPlaces)"),
    ("so_ban", "Số bản"), ("so_trang", "Số trang"), ("phu_luc", "Phụ lục"), ("ma_van_ban", "Mã văn bản"),
)


def _fields(message) -> dict[str, object]:
    """The fields of a message as a clerk reads them."""
    def unit(item) -> str:
        return f"{item.ten} ({item.ma_dinh_danh})" if item.ten else item.ma_dinh_danh

    signer = ", ".join(part for part in (message.tham_quyen, message.chuc_vu, message.ho_ten) if part)
    return {
        "noi_gui": unit(message.noi_gui), "noi_nhan": [unit(item) for item in message.noi_nhan],
        "so_ky_hieu": f"{message.so}/{message.ky_hieu}", "ngay": f"{message.ngay:%d/%m/%Y}",
        "dia_danh": message.dia_danh, "loai": message.loai, "trich_yeu": message.trich_yeu,
        "nguoi_ky": signer,
        "han_tra_loi": f"{message.han_tra_loi:%d/%m/%Y}" if message.han_tra_loi else "",
        "do_khan": message.do_khan, "noi_nhan_khac": list(message.noi_nhan_khac), "so_ban": message.so_ban,
        "so_trang": message.so_trang, "phu_luc": list(message.phu_luc), "ma_van_ban": message.ma_van_ban,
        "tep": [{"ten": item.ten, "kieu": item.kieu, "so_byte": len(item.du_lieu), "sha256": item.sha256}
                for item in message.tep],
    }


def _show(path: Path, extract_dir: Path | None, as_json: bool) -> None:
    from vbhc.files import write_bytes
    from vbhc.metadata import edxml as ed

    if path.stat().st_size > ed.MAX_MESSAGE_BYTES:
        raise InputError(
            f"thông điệp edXML quá lớn (hơn {ed.MAX_MESSAGE_BYTES // 2**20} MB)", Vitri(tep=str(path))
        )
    message = ed.read(path.read_bytes(), tep=str(path))
    fields = _fields(message)
    if as_json:
        click.echo(json.dumps(fields, ensure_ascii=False, indent=2))
    else:
        for key, label in _LABELS:
            value = fields[key]
            if value in ("", None, []):
                continue
            click.echo(f"{label}: {'; '.join(value) if isinstance(value, list) else value}")
        click.echo(f"Tệp đính kèm: {len(message.tep)}")
        for item in fields["tep"]:
            click.echo(
                f"  - {item['ten']!r} ({item['kieu']}, {item['so_byte']} byte, SHA-256 {item['sha256']})"
            )
    if extract_dir is None:
        return
    try:
        names = ed.safe_names(message)
    except InputError as problem:
        raise InputError(problem.message, Vitri(tep=str(path)), goi_y="không tệp nào được lưu") from None
    if not extract_dir.is_dir():
        raise InputError("thư mục lưu tệp đính kèm không tồn tại", Vitri(tep=str(extract_dir)))
    targets = [extract_dir / name for name in names]
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        raise InputError(
            "đã có tệp cùng tên, không ghi đè: " + ", ".join(existing), Vitri(tep=str(extract_dir)),
            goi_y="chọn thư mục trống khác cho --extract",
        )
    for target, item in zip(targets, message.tep, strict=True):
        write_bytes(target, item.du_lieu)
        done(f"Đã lưu {target}")
