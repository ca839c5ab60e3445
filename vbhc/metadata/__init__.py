"""The metadata of Phụ lục VI (văn bản đi), its XML/JSON/XMP forms, and edXML messages."""
