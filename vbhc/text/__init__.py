"""Vietnamese text: ND30 date and number forms, case, legacy encodings, glyph widths, XML-safe text."""
