"""Incoming documents (văn bản đến): reading a DOCX, a PDF with text or a scan into the fields of the
sổ đăng ký văn bản đến. The entries themselves live in :mod:`vbhc.register`.

``doc_van_ban(path)`` reads one file (:mod:`vbhc.incoming.read`); the layout reader of PDF and OCR
lines is :func:`vbhc.incoming.layout.tim_truong`.
"""

from vbhc.incoming.fields import NGUONG_TIN_CAY, TEN_TRUONG, TRUONG, ChuKyDoc, Dong, KetQuaDoc, Truong
from vbhc.incoming.read import doc_van_ban

__all__ = ["NGUONG_TIN_CAY", "TEN_TRUONG", "TRUONG", "ChuKyDoc", "Dong", "KetQuaDoc", "Truong", "doc_van_ban"]
