"""Converting DOCX/XLSX to PDF/PNG with LibreOffice: a warm soffice driven over the UNO bridge."""
