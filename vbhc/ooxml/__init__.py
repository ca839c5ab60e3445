"""One OOXML layer: namespaces, safe parsing, reading and writing package parts, relationships and
content types. Every module that opens or writes a Word package goes through it."""
