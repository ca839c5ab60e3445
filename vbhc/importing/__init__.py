"""Reading a Word document back into vbhc's source format (front matter and Markdown body)."""
