"""Repairing a DOCX in a copy: what the checker finds and can fix without touching the words."""
