"""Incoming documents (văn bản đến): reading a DOCX, a PDF with text or a scan into the fields of the
sổ đăng ký văn bản đến. The entries themselves live in :mod:`vbhc.register`."""

from vbhc.incoming.fields import NGUONG_TIN_CAY, TEN_TRUONG, TRUONG, ChuKyDoc, Dong, KetQuaDoc, Truong

__all__ = ["NGUONG_TIN_CAY", "TEN_TRUONG", "TRUONG", "ChuKyDoc", "Dong", "KetQuaDoc", "Truong"]
