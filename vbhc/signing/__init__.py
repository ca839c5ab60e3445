"""Ký số: PDFs with signature fields, PAdES signatures (pyHanko) and their verification."""
