"""Bàn làm việc của văn thư: a local web desk (Flask, HTMX) over the vbhc library."""
