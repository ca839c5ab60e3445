"""The OOXML namespaces and relationship types vbhc reads and writes (ECMA-376), defined once."""

from __future__ import annotations

#: WordprocessingML, the body of a Word document.
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Relationship ids inside parts (``r:id``, ``r:embed``).
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Markup compatibility (``mc:AlternateContent``).
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: DrawingML: shapes, pictures, theme fonts.
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
#: VML, the shapes of older documents.
V_NS = "urn:schemas-microsoft-com:vml"
#: The package: relationship parts and ``[Content_Types].xml``.
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: Relationship types.
OFFICE_DOCUMENT_TYPE = _REL + "officeDocument"
HEADER_TYPE = _REL + "header"
FOOTER_TYPE = _REL + "footer"
FOOTNOTES_TYPE = _REL + "footnotes"
STYLES_TYPE = _REL + "styles"
THEME_TYPE = _REL + "theme"
IMAGE_TYPE = _REL + "image"
CORE_PROPERTIES_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

#: Parts every package has.
CONTENT_TYPES_PART = "[Content_Types].xml"
PACKAGE_RELS_PART = "_rels/.rels"
