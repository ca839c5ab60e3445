"""The progress report: figures from the task table (:mod:`.figures`), deadlines read from the
text of a task (:mod:`.deadlines`)."""

from vbhc.report.figures import (
    KHONG_CHU_TRI,
    NHAN_NGAN,
    TRANG_THAI,
    ChiTieu,
    Figures,
    KetQua,
    KetQuaChiTieu,
    ThongKe,
    TrangThai,
    chuan_tien_do,
    danh_gia_chi_tieu,
    dinh_dang_gia_tri,
    figures,
    phan_tich_muc_tieu,
    trang_thai,
)

__all__ = [
    "KHONG_CHU_TRI", "NHAN_NGAN", "TRANG_THAI", "ChiTieu", "Figures", "KetQua", "KetQuaChiTieu", "ThongKe",
    "TrangThai", "chuan_tien_do", "danh_gia_chi_tieu", "dinh_dang_gia_tri", "figures", "phan_tich_muc_tieu",
    "trang_thai",
]
