"""Documents typed the way a clerk types them in Microsoft Word, built here as XML at test time.

Each document is the WordprocessingML Word itself writes: direct formatting in every ``w:rPr`` with
``w:rFonts`` ascii/hAnsi/cs over a Calibri theme (``minorHAnsi`` in ``docDefaults``), Word's own
``w:sectPr``, letterheads in borderless tables, rules drawn with Insert → Shapes → Line
(``mc:AlternateContent`` holding a ``wps`` shape with a ``v:line`` fallback), hand-typed numbers
«1.» «a)» «-», tabs and manual line breaks (``w:br``).

* :data:`CORPUS` — name → builder returning the DOCX bytes; :func:`write` saves one to a folder.
* :data:`TRUTH` — what each document is (:class:`Truth`): its kind, its type, the facts typed in it
  and the rule ids it breaks (none: clean per ND30).
* :data:`PLANTED` — one error planted in a clean document (:class:`Plant`): the rule that must catch
  it, alone. :func:`mutated` plants an error with :class:`mutate.Docx`.

The builders take keyword options (where the line shapes are, how long, anchored relative to what),
so that tests can generate variants. Nothing here imports the checker.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType
from xml.sax.saxutils import escape

from mutate import Docx, replace_text, set_run_prop, w

TNR = "Times New Roman"
EMU_PER_MM = 36_000
TWIPS_PER_MM = 1440 / 25.4

# --- the parts of a package, as Word 2016 writes them -----------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    f'xmlns:r="{_R}" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{_W}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'mc:Ignorable="w14 w15 wp14"'
)

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/settings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/word/header1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
<Override PartName="/word/theme/theme1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""

_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}">\
<Relationship Id="rId3" Type="{_R}/extended-properties" Target="docProps/app.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>\
</Relationships>"""

_DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}">\
<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>\
<Relationship Id="rId2" Type="{_R}/settings" Target="settings.xml"/>\
<Relationship Id="rId3" Type="{_R}/header" Target="header1.xml"/>\
<Relationship Id="rId4" Type="{_R}/theme" Target="theme/theme1.xml"/>\
</Relationships>"""

#: Word 2016's Normal template: Calibri 11 from the theme, 8 pt after, 1.08 lines; Table Grid.
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{_W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorHAnsi" \
w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:sz w:val="22"/><w:szCs w:val="22"/>\
<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault>\
</w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">\
<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>\
<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/></w:style>\
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>\
<w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>\
<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" \
w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
<w:insideV w:val="single" w:sz="4" w:space="0" \
w:color="auto"/></w:tblBorders></w:tblPr></w:style>\
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>\
<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/>\
<w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>\
</w:style>\
</w:styles>"""

_THEME = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">\
<a:themeElements>\
<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>\
<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2>\
<a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1>\
<a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>\
<a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5>\
<a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink>\
<a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>\
<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/>\
<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>\
<a:cs typeface=""/></a:minorFont></a:fontScheme>\
<a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>\
</a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>\
<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>\
<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>\
<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>\
<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill>\
<a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill>\
<a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{_W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>\
<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" \
w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Van thu</dc:creator>\
<dcterms:created xsi:type="dcterms:W3CDTF">2026-02-05T08:00:00Z</dcterms:created></cp:coreProperties>"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>"""


def _header(font: str, size: float) -> str:
    """The page-number header: a centred PAGE field (shown from page 2: ``w:titlePg``)."""
    rpr = _rpr(font=font, size=size)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {_NAMESPACES}>'
        f'<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/>{rpr}</w:pPr>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>2</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
    )


def sect_pr(*, start: int | None = None, title_page: bool = True, landscape: bool = False) -> str:
    """Word's ``w:sectPr``: A4, margins 20/20/30/15 mm, the page-number header."""
    size = (
        '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        if landscape
        else ('<w:pgSz w:w="11906" w:h="16838"/>')
    )
    numbering = f'<w:pgNumType w:start="{start}"/>' if start is not None else ""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
        f'{size}<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" '
        f'w:footer="567" w:gutter="0"/>{numbering}<w:cols w:space="720"/>'
        f'{"<w:titlePg/>" if title_page else ""}<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def package(body: str, *, sect: str | None = None, header_font: str = TNR, header_size: float = 14) -> bytes:
    """A whole DOCX around ``body`` (the children of ``w:body`` before the final ``w:sectPr``)."""
    shapes = iter(range(1, 10**6))
    body = _SHAPE_RUN.sub(lambda m: m.group(0).replace(_SHAPE, str(next(shapes))), body)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_NAMESPACES}>'
        f"<w:body>{body}{sect or sect_pr()}</w:body></w:document>"
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": _CORE,
        "docProps/app.xml": _APP,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": _STYLES,
        "word/settings.xml": _SETTINGS,
        "word/theme/theme1.xml": _THEME,
        "word/header1.xml": _header(header_font, header_size),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buffer.getvalue()


# --- runs and paragraphs with direct formatting -----------------------------------------------------


def _props(*, font: str | None = TNR, size: float = 14, bold: bool = False, italic: bool = False) -> str:
    """The children of a ``w:rPr``: fonts for ascii, hAnsi and cs, bold, italic, size."""
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>' if font else ""
    half = round(size * 2)
    return (
        fonts
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    )


def _rpr(**fmt) -> str:
    return f"<w:rPr>{_props(**fmt)}</w:rPr>"


def r(text: str, **fmt) -> str:
    """A run of ``text``: a tab is ``w:tab``, a newline a manual line break ``w:br``."""
    pieces = []
    for n, line in enumerate(text.split("\n")):
        if n:
            pieces.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{_rpr(**fmt)}{''.join(pieces)}</w:r>"


def p(
    *content: str,
    jc: str | None = None,
    before: float = 0,
    after: float = 0,
    line: float | None = 1.0,
    first_line_mm: float | None = None,
    left_mm: float | None = None,
    tabs: tuple[tuple[str, float, str | None], ...] = (),
    size: float = 14,
    font: str | None = TNR,
) -> str:
    """A paragraph with Word's direct paragraph formatting (``content``: runs, drawings).

    ``tabs``: (alignment, position in mm, leader) — the dotted leaders of a form."""
    props = []
    if tabs:
        stops = "".join(
            f'<w:tab w:val="{kind}"'
            + (f' w:leader="{leader}"' if leader else "")
            + f' w:pos="{round(pos * TWIPS_PER_MM)}"/>'
            for kind, pos, leader in tabs
        )
        props.append(f"<w:tabs>{stops}</w:tabs>")
    if line is not None:
        props.append(
            f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}" '
            f'w:line="{round(line * 240)}" w:lineRule="auto"/>'
        )
    if first_line_mm is not None or left_mm is not None:
        left = f' w:left="{round(left_mm * TWIPS_PER_MM)}"' if left_mm is not None else ""
        first = f' w:firstLine="{round(first_line_mm * TWIPS_PER_MM)}"' if first_line_mm is not None else ""
        props.append(f"<w:ind{left}{first}/>")
    if jc:
        props.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:p><w:pPr>{''.join(props)}{_rpr(font=font, size=size)}</w:pPr>{''.join(content)}</w:p>"


def centred(
    text: str, *, size: float, bold: bool = False, italic: bool = False, extra: str = "", **kw
) -> str:
    """A centred paragraph of one run (``extra``: a drawing run after the text)."""
    return p(r(text, size=size, bold=bold, italic=italic), extra, jc="center", size=size, **kw)


def body(text: str, *, bold: bool = False, italic: bool = False, size: float = 14) -> str:
    """A body paragraph as a clerk sets it: justified, first line 1 cm, 6 pt before, 1.15 lines."""
    return p(
        r(text, size=size, bold=bold, italic=italic),
        jc="both",
        before=6,
        line=1.15,
        first_line_mm=10,
        size=size,
    )


def blank(size: float = 14) -> str:
    return p(size=size)


# --- Insert → Shapes → Line --------------------------------------------------------------------------

#: Stands for the number of a shape in its document until :func:`package` numbers the shapes.
_SHAPE = "\x00shape\x00"
_SHAPE_RUN = re.compile("<mc:AlternateContent>.*?</mc:AlternateContent>", re.DOTALL)
#: How the VML fallback writes the DrawingML dashes.
_VML_DASH = {"dash": "dash", "sysDot": "1 1", "sysDash": "3 1"}


@dataclass(frozen=True)
class Line:
    """A line drawn with Insert → Shapes → Line under a component.

    ``where``: ``same`` (anchored in the component's last text paragraph) or ``next`` (in the
    paragraph after it, pulled up above it); ``h_from``/``v_from``: what ``wp:positionH`` and
    ``wp:positionV`` are relative to (column, margin, page, character / paragraph, line, margin,
    page)."""

    length_mm: float
    where: str = "same"
    h_from: str = "column"
    v_from: str = "paragraph"
    dash: str | None = None  #: ``a:prstDash`` (``dash``, ``sysDot``); None: solid

    def run(self, *, centre_mm: float, y_mm: float, left_mm: float, top_mm: float, in_cell: bool) -> str:
        """The ``w:r`` holding the shape: centred ``centre_mm`` right of the column's text edge,
        ``y_mm`` below the top of the anchor paragraph (negative: above it). For the page and margin
        offsets, ``left_mm`` and ``top_mm`` place the column's text edge and the anchor paragraph from
        the margins; in a table cell (``in_cell``) from the cell's edges, the page and margins of a
        shape laid out in its cell, as Word and LibreOffice place it."""
        n = _SHAPE
        x_mm = centre_mm - self.length_mm / 2
        margin_left, margin_top = (0.0, 0.0) if in_cell else (MARGIN_LEFT_MM, MARGIN_TOP_MM)
        h_off = {"page": margin_left + left_mm + x_mm, "margin": left_mm + x_mm}.get(self.h_from, x_mm)
        v_off = {"page": margin_top + top_mm + y_mm, "margin": top_mm + y_mm}.get(self.v_from, y_mm)
        cx = round(self.length_mm * EMU_PER_MM)
        dash = f'<a:prstDash val="{self.dash}"/>' if self.dash else ""
        vml_dash = f' dashstyle="{_VML_DASH[self.dash]}"' if self.dash else ""
        pt_x, pt_y = (margin_left + left_mm + x_mm) * 72 / 25.4, (margin_top + top_mm + y_mm) * 72 / 25.4
        pt_len = self.length_mm * 72 / 25.4
        return (
            f'<w:r><w:rPr><w:rFonts w:ascii="{TNR}" w:hAnsi="{TNR}" w:cs="{TNR}"/><w:noProof/></w:rPr>'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
            f'relativeHeight="25165926{n}" behindDoc="0" locked="0" layoutInCell="1" '
            'allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="{self.h_from}"><wp:posOffset>{round(h_off * EMU_PER_MM)}'
            "</wp:posOffset></wp:positionH>"
            f'<wp:positionV relativeFrom="{self.v_from}"><wp:posOffset>{round(v_off * EMU_PER_MM)}'
            "</wp:posOffset></wp:positionV>"
            f'<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="19050" b="19050"/><wp:wrapNone/>'
            f'<wp:docPr id="{n}" name="Straight Connector {n}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            "<wps:wsp><wps:cNvCnPr/><wps:spPr>"
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
            '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            f'<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>{dash}</a:ln></wps:spPr>'
            '<wps:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0">'
            '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/>'
            '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></wps:style>'
            "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
            '<wp14:sizeRelH relativeFrom="margin"><wp14:pctWidth>0</wp14:pctWidth></wp14:sizeRelH>'
            '<wp14:sizeRelV relativeFrom="margin"><wp14:pctHeight>0</wp14:pctHeight></wp14:sizeRelV>'
            "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
            f'<v:line id="Straight Connector {n}" o:spid="_x0000_s102{n}" '
            f'style="position:absolute;z-index:25165926{n};visibility:visible;mso-wrap-style:square" '
            f'from="{pt_x:.2f}pt,{pt_y:.2f}pt" to="{pt_x + pt_len:.2f}pt,{pt_y:.2f}pt" '
            f'strokecolor="black [3213]" strokeweight=".5pt"><v:stroke joinstyle="miter"{vml_dash}/></v:line>'
            "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )


MARGIN_LEFT_MM = 30.0
MARGIN_TOP_MM = 20.0
_TEXT_WIDTH_MM = 210 - 30 - 15
#: The letterhead table's columns (twips): left 6.3 cm, right 10.2 cm (the text width is 16.5 cm).
_LEFT_TW, _RIGHT_TW = 3572, 5783
_CELL_MARGIN_MM = 108 / TWIPS_PER_MM
_QH_HEIGHT_MM = 13 * 1.15 * 25.4 / 72  #: one line of the Quốc hiệu in 13 pt
_TRICH_YEU_TOP_MM = 35.0  #: about where the trích yếu of the kế hoạch starts below the top margin
_BOX_MM = 11.0  #: the height of the box a form starts with (two lines of 12 pt)


@dataclass(frozen=True)
class _Pending:
    """A line shape to anchor in the paragraph that follows (see :func:`_attach_next`)."""

    run: str


def _with_line(
    text: str,
    line: Line | None,
    *,
    size: float,
    centre_mm: float,
    left_mm: float,
    top_mm: float,
    in_cell: bool = False,
) -> list[str | _Pending]:
    """The centred bold paragraph of ``text`` (``\\n``: a manual break) with ``line`` drawn under it:
    in that paragraph, or pending for the paragraph after it (``line.where``). ``left_mm``,
    ``top_mm``, ``in_cell``: where the paragraph is (see :meth:`Line.run`)."""
    if line is None:
        return [centred(text, size=size, bold=True)]
    line_mm = size * 1.15 * 25.4 / 72
    height = line_mm * (text.count("\n") + 1)
    place = {"centre_mm": centre_mm, "left_mm": left_mm, "in_cell": in_cell}
    if line.where == "same":
        # relative to the line: from the top of the last line, where the shape's run is
        below = line_mm if line.v_from == "line" else height
        shape = line.run(**place, y_mm=below + 1, top_mm=top_mm + height - below)
        return [centred(text, size=size, bold=True, extra=shape)]
    shape = line.run(**place, y_mm=-1, top_mm=top_mm + height + 1)
    return [centred(text, size=size, bold=True), _Pending(shape)]


def _attach_next(items: list[str | _Pending]) -> list[str]:
    """Anchor each pending line shape in the paragraph that follows it (a small blank one at the end),
    as Word does when the line is drawn just above that paragraph."""
    out: list[str] = []
    pending = ""
    for item in items:
        if isinstance(item, _Pending):
            pending = item.run
            continue
        if pending:
            item = item.replace("</w:pPr>", "</w:pPr>" + pending, 1)
            pending = ""
        out.append(item)
    if pending:
        out.append(p(pending, jc="center", size=6))
    return out


def _cell(width: int, paragraphs: list[str]) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paragraphs)}</w:tc>'


def borderless_table(columns: list[tuple[int, list[str]]]) -> str:
    """A one-row table without borders (Table Grid with the borders taken off), as clerks make the
    letterhead and the signature block."""
    nil = "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width, _ in columns)
    cells = "".join(_cell(width, paragraphs) for width, paragraphs in columns)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(w for w, _ in columns)}" '
        f'w:type="dxa"/><w:tblBorders>{nil}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"<w:tr>{cells}</w:tr></w:tbl>"
    )


# --- the facts typed in the documents --------------------------------------------------------------

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
AGENCY = ("ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG")

CONG_VAN = MappingProxyType(
    {
        "loai": "cong_van",
        "co_quan": "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG",
        "so": "07/UBND-VP",
        "ngay": "2026-02-05",
        "dia_danh": "Hùng Thắng",
        "trich_yeu": "Đôn đốc báo cáo kết quả cải cách hành chính quý I năm 2026",
        "kinh_gui": ("Các cơ quan chuyên môn thuộc Ủy ban nhân dân xã", "Các thôn trên địa bàn xã"),
        "nguoi_ky": {
            "tham_quyen": ("TM. ỦY BAN NHÂN DÂN",),
            "chuc_vu": "CHỦ TỊCH",
            "ho_ten": "Nguyễn Văn An",
        },
        "noi_nhan": ("Như trên", "Thường trực Đảng ủy xã"),
        "luu": ("VT", "VP"),
        "do_khan": None,
    }
)

KE_HOACH = MappingProxyType(
    {
        "loai": "ke_hoach",
        "co_quan": "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG",
        "so": "05/KH-UBND",
        "ngay": "2026-01-14",
        "dia_danh": "Hùng Thắng",
        "trich_yeu": "Tuyên truyền cải cách hành chính năm 2026",
        "kinh_gui": (),
        "nguoi_ky": {
            "tham_quyen": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
            "chuc_vu": "PHÓ CHỦ TỊCH",
            "ho_ten": "Vũ Trọng Thủy",
        },
        "noi_nhan": ("Sở Nội vụ", "TTĐU, TTHĐND xã", "Các cơ quan, đơn vị"),
        "luu": ("VT", "VHXH"),
        "do_khan": None,
    }
)


def _date_line(place: str, iso: str) -> str:
    """«Hùng Thắng, ngày 05 tháng 02 năm 2026»: day padded, month padded only for 1 and 2."""
    year, month, day = (int(x) for x in iso.split("-"))
    month_text = f"{month:02d}" if month <= 2 else str(month)
    return f"{place}, ngày {day:02d} tháng {month_text} năm {year}"


def _letterhead(
    facts: Mapping,
    *,
    agency_line: Line | None,
    tieu_ngu_line: Line | None,
    vv: str | None,
    tieu_ngu: str = TIEU_NGU,
) -> str:
    """The 2-column borderless letterhead: agency, rule, Số (and V/v) left; Quốc hiệu, Tiêu ngữ, rule,
    date right."""
    left_centre = _LEFT_TW / TWIPS_PER_MM / 2 - _CELL_MARGIN_MM
    right_centre = _RIGHT_TW / TWIPS_PER_MM / 2 - _CELL_MARGIN_MM
    left = _with_line(
        "\n".join(AGENCY),
        agency_line,
        size=13,
        centre_mm=left_centre,
        left_mm=_CELL_MARGIN_MM,
        top_mm=0,
        in_cell=True,
    )
    left.append(centred(f"Số: {facts['so']}", size=13, before=4))
    if vv:
        left.append(centred(vv, size=12, before=6))
    right = [centred(QUOC_HIEU, size=13, bold=True)]
    right += _with_line(
        tieu_ngu,
        tieu_ngu_line,
        size=14,
        centre_mm=right_centre,
        left_mm=_CELL_MARGIN_MM,
        top_mm=_QH_HEIGHT_MM,
        in_cell=True,
    )
    right.append(centred(_date_line(facts["dia_danh"], facts["ngay"]), size=14, italic=True, before=8))
    return borderless_table([(_LEFT_TW, _attach_next(left)), (_RIGHT_TW, _attach_next(right))])


def _closing(facts: Mapping) -> str:
    """The signature block: Nơi nhận left (12 pt bold italic label, 11 pt items), signer right."""
    items = [f"- {item};" for item in facts["noi_nhan"]]
    items.append(f"- Lưu: {', '.join(facts['luu'])}.")
    left = [p(r("Nơi nhận:", size=12, bold=True, italic=True), size=12, before=6)]
    left += [p(r(item, size=11), size=11) for item in items]
    signer = facts["nguoi_ky"]
    right = [centred(line, size=14, bold=True) for line in (*signer["tham_quyen"], signer["chuc_vu"])]
    right += [blank(), blank(), blank()]
    right.append(centred(signer["ho_ten"], size=14, bold=True))
    return borderless_table([(4395, left), (4960, right)])


# --- the documents ---------------------------------------------------------------------------------

AGENCY_LINE_MM = 18.0  #: 0.42 of «ỦY BAN NHÂN DÂN» in 13 pt bold (43.2 mm)
TIEU_NGU_LINE_MM = 60.0  #: the Tiêu ngữ in 14 pt bold is 60.2 mm long
TRICH_YEU_LINE_MM = 35.0  #: 0.41 of the kế hoạch's trích yếu in 14 pt bold


def cong_van_line_shape(
    *,
    agency_line: Line | None = Line(AGENCY_LINE_MM),
    tieu_ngu_line: Line | None = Line(TIEU_NGU_LINE_MM),
    tieu_ngu: str = TIEU_NGU,
) -> bytes:
    """A công văn (Mẫu 1.15) typed in Word: borderless letterhead table, the two rules drawn as line
    shapes, Kính gửi to two recipients, signature table."""
    facts = CONG_VAN
    vv = "V/v đôn đốc báo cáo kết quả\ncải cách hành chính quý I năm 2026"
    parts = [
        _letterhead(facts, agency_line=agency_line, tieu_ngu_line=tieu_ngu_line, vv=vv, tieu_ngu=tieu_ngu),
        blank(),
        p(r("Kính gửi:", size=14), jc="left", before=6, line=1.15, left_mm=25, size=14),
        p(r(f"- {facts['kinh_gui'][0]};", size=14), left_mm=45, before=0, line=1.15, size=14),
        p(r(f"- {facts['kinh_gui'][1]}.", size=14), left_mm=45, before=0, line=1.15, size=14),
        body(
            "Thực hiện Kế hoạch cải cách hành chính năm 2026, Ủy ban nhân dân xã đề nghị các cơ quan, "
            "đơn vị báo cáo kết quả cải cách hành chính quý I năm 2026 trước ngày 20 tháng 3 năm 2026."
        ),
        body("Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./."),
        blank(),
        _closing(facts),
    ]
    return package("".join(parts))


def typed_numbers(
    *,
    agency_line: Line | None = Line(AGENCY_LINE_MM, where="next"),
    tieu_ngu_line: Line | None = Line(TIEU_NGU_LINE_MM, where="next"),
    trich_yeu_line: Line | None = Line(TRICH_YEU_LINE_MM),
) -> bytes:
    """A kế hoạch whose numbers are typed by hand: «I.», «1.», «a)», «-» with a tab after the number,
    a manual line break inside a paragraph; the rule under the trích yếu drawn in its paragraph."""
    facts = KE_HOACH
    title = [centred("KẾ HOẠCH", size=14, bold=True, before=18)]
    title += _with_line(
        facts["trich_yeu"],
        trich_yeu_line,
        size=14,
        centre_mm=_TEXT_WIDTH_MM / 2,
        left_mm=0,
        top_mm=_TRICH_YEU_TOP_MM,
    )
    content = [
        body(
            "Thực hiện chương trình cải cách hành chính của tỉnh, Ủy ban nhân dân xã ban hành Kế hoạch "
            "tuyên truyền cải cách hành chính năm 2026 như sau:"
        ),
        body("I.\tMỤC ĐÍCH, YÊU CẦU", bold=True),
        body("1.\tMục đích", bold=True),
        body("a)\tCán bộ, công chức hiểu rõ nhiệm vụ cải cách hành chính;"),
        body("b)\tNgười dân, doanh nghiệp biết và giám sát việc thực hiện."),
        body("2.\tYêu cầu", bold=True),
        body("-\tTuyên truyền thường xuyên, đúng trọng tâm;\nbảo đảm tiết kiệm, hiệu quả."),
        body("-\tLồng ghép với các hoạt động của thôn."),
        body("II.\tNỘI DUNG", bold=True),
        body("1.\tTuyên truyền trên cổng thông tin điện tử của xã."),
        body("2.\tTuyên truyền qua hệ thống loa truyền thanh của xã."),
        body("III.\tTỔ CHỨC THỰC HIỆN", bold=True),
        body("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã theo dõi, tổng hợp, báo cáo kết quả./."),
        blank(),
    ]
    parts = [
        _letterhead(facts, agency_line=agency_line, tieu_ngu_line=tieu_ngu_line, vv=None),
        *_attach_next(title),
        *content,
        _closing(facts),
    ]
    return package("".join(parts))


def _form_field(label: str) -> str:
    """«Họ và tên:……» typed with a right tab and a dotted leader up to the right margin."""
    return p(
        r(f"{label}\t", size=14),
        tabs=(("right", _TEXT_WIDTH_MM, "dot"),),
        before=6,
        line=1.15,
        first_line_mm=10,
        size=14,
    )


def _don_parts(
    *, tieu_ngu: str, tieu_ngu_line: Line | None, title: str, top_mm: float = 0, under: tuple[str, ...] = ()
) -> list[str]:
    """The top of a đơn or form: Quốc hiệu and Tiêu ngữ as centred plain paragraphs (the Quốc hiệu
    ``top_mm`` below the top margin), the rule under the Tiêu ngữ, the paragraphs ``under`` it, the
    title."""
    head = [centred(QUOC_HIEU, size=13, bold=True)]
    head += _with_line(
        tieu_ngu,
        tieu_ngu_line,
        size=14,
        centre_mm=_TEXT_WIDTH_MM / 2,
        left_mm=0,
        top_mm=top_mm + _QH_HEIGHT_MM,
    )
    head += [*under, blank(), centred(title, size=14, bold=True, before=12)]
    return _attach_next(head)


DON_DATE = "Hùng Thắng, ngày 05 tháng 3 năm 2026"


def don_plain_letterhead(
    *,
    tieu_ngu: str = TIEU_NGU,
    tieu_ngu_line: Line | None = Line(TIEU_NGU_LINE_MM),
    date_at_top: bool = False,
) -> bytes:
    """A citizen's petition (đơn): no table; Kính gửi, form fields with dotted leaders, the place and
    date near the bottom (or right under the Tiêu ngữ), the signature of the petitioner."""
    date = p(r(DON_DATE, size=14, italic=True), jc="center", left_mm=0 if date_at_top else 80, before=6)
    head = _don_parts(
        tieu_ngu=tieu_ngu,
        tieu_ngu_line=tieu_ngu_line,
        title="ĐƠN ĐỀ NGHỊ",
        under=(date,) if date_at_top else (),
    )
    parts = [
        *head,
        centred("Về việc cấp bản sao trích lục khai sinh", size=14, bold=True),
        blank(),
        p(r("Kính gửi: Ủy ban nhân dân xã Hùng Thắng.", size=14), jc="center", before=6, line=1.15),
        _form_field("Họ và tên người đề nghị:"),
        _form_field("Ngày, tháng, năm sinh:"),
        _form_field("Số định danh cá nhân:"),
        _form_field("Nơi cư trú:"),
        body(
            "Tôi làm đơn này đề nghị Ủy ban nhân dân xã cấp bản sao trích lục khai sinh cho tôi để bổ "
            "sung hồ sơ xin việc."
        ),
        body("Tôi xin cam đoan những nội dung trên là đúng sự thật và chịu trách nhiệm trước pháp luật."),
        body("Trân trọng./."),
        blank(),
        *([] if date_at_top else [date]),
        p(r("NGƯỜI LÀM ĐƠN", size=14, bold=True), jc="center", left_mm=80),
        p(r("(Ký và ghi rõ họ tên)", size=14, italic=True), jc="center", left_mm=80),
        blank(),
        blank(),
        blank(),
        p(r("Trần Thị Hoa", size=14, bold=True), jc="center", left_mm=80),
    ]
    return package("".join(parts))


def letterhead_after_table(
    *, tieu_ngu: str = TIEU_NGU, tieu_ngu_line: Line | None = Line(TIEU_NGU_LINE_MM)
) -> bytes:
    """A form (tờ khai) that starts with a table — the photo box and the form number — with the
    Quốc hiệu after it, and no date line until the end."""
    box = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="right"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid><w:gridCol w:w="1701"/><w:gridCol w:w="2268"/>'
        "</w:tblGrid><w:tr>"
        + _cell(1701, [centred("Ảnh\n4 x 6 cm", size=12)])
        + _cell(2268, [centred("Mẫu số 01/TK", size=12, italic=True)])
        + "</w:tr></w:tbl>"
    )
    parts = [
        box,
        *_don_parts(
            tieu_ngu=tieu_ngu, tieu_ngu_line=tieu_ngu_line, title="TỜ KHAI ĐĂNG KÝ THƯỜNG TRÚ", top_mm=_BOX_MM
        ),
        blank(),
        _form_field("1. Họ, chữ đệm và tên:"),
        _form_field("2. Ngày, tháng, năm sinh:"),
        _form_field("3. Nơi thường trú:"),
        _form_field("4. Nghề nghiệp, nơi làm việc:"),
        body("Tôi xin cam đoan những lời khai trên là đúng sự thật./."),
        blank(),
        p(r("Hùng Thắng, ngày 10 tháng 4 năm 2026", size=14, italic=True), jc="center", left_mm=80),
        p(r("NGƯỜI KÊ KHAI", size=14, bold=True), jc="center", left_mm=80),
        blank(),
        blank(),
        p(r("Lê Văn Nam", size=14, bold=True), jc="center", left_mm=80),
    ]
    return package("".join(parts))


def annex_own_file() -> bytes:
    """A phụ lục saved as its own file (Mẫu 2.1): heading, title, Kèm theo line, a landscape table;
    its page numbers start at 1 (the default of a new file)."""
    header_cells = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành")
    widths = (850, 7370, 3402, 2665)
    rows = [
        header_cells,
        ("1", "Tuyên truyền trên cổng thông tin điện tử", "Văn phòng", "Quý I"),
        ("2", "Tuyên truyền qua loa truyền thanh", "Đài truyền thanh xã", "Hằng tháng"),
    ]
    table_rows = "".join(
        "<w:tr>"
        + "".join(
            _cell(
                width,
                [
                    p(
                        r(text, size=13, bold=n == 0),
                        jc="center" if n == 0 or m != 1 else "left",
                        before=2,
                        after=2,
                        size=13,
                    )
                ],
            )
            for m, (width, text) in enumerate(zip(widths, row, strict=True))
        )
        + "</w:tr>"
        for n, row in enumerate(rows)
    )
    table = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="14287" w:type="dxa"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        + f"</w:tblGrid>{table_rows}</w:tbl>"
    )
    parts = [
        centred("Phụ lục", size=14, bold=True),
        centred("DANH MỤC NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2026", size=14, bold=True),
        centred(
            "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 01 năm 2026\ncủa Ủy ban nhân dân xã Hùng Thắng)",
            size=14,
            italic=True,
        ),
        table,
        blank(),
    ]
    return package("".join(parts), sect=sect_pr(landscape=True))


def company_letter() -> bytes:
    """A company's letter: no Quốc hiệu, Calibri from the theme (no direct fonts), many short
    paragraphs, the number with the year in it."""

    def plain(text: str, **kw) -> str:
        return p(r(text, font=None, size=11, **kw), line=None, size=11, font=None)

    parts = [
        plain("CÔNG TY CỔ PHẦN THƯƠNG MẠI HẢI ĐĂNG", bold=True),
        plain("Số: 12/2026/CV-HĐ"),
        plain("Hà Nội, ngày 15 tháng 3 năm 2026", italic=True),
        plain("Kính gửi: Quý khách hàng"),
        *(
            plain(f"Công ty trân trọng thông báo nội dung thứ {n} về chính sách bán hàng năm 2026.")
            for n in range(1, 31)
        ),
        plain("Công ty hoạt động theo pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam."),
        plain("Trân trọng cảm ơn."),
        plain("GIÁM ĐỐC", bold=True),
        plain("Phạm Minh Đức"),
    ]
    return package("".join(parts), header_font="Calibri", header_size=11)


DECREE = Path(__file__).parent / "corpus" / "nd30" / "30_2020_ND_CP.docx"


# --- what each document is ----------------------------------------------------------------------------

#: Kinds of document (issue 15, point 5): the 29 types of Điều 7, a đơn or form, an annex in its own
#: file, a legal normative document (văn bản quy phạm pháp luật), anything else.
VAN_BAN_HANH_CHINH = "van_ban_hanh_chinh"
DON = "don"
PHU_LUC = "phu_luc"
VBQPPL = "vbqppl"
KHAC = "khac"


@dataclass(frozen=True)
class Truth:
    """What a corpus document is."""

    kind: str  #: one of VAN_BAN_HANH_CHINH, DON, PHU_LUC, VBQPPL, KHAC
    loai: str | None  #: key of ``nd30.LOAI_VAN_BAN`` for a văn bản hành chính
    facts: Mapping[str, object] = field(default_factory=dict)  #: what was typed (CONG_VAN, KE_HOACH)
    #: the errors the rules for its kind must report (issue 15, point 5: all of ND30 for a văn bản
    #: hành chính, a reduced set for a đơn or form, what ND30 shares with the rules for a VBQPPL);
    #: empty: the document is clean
    errors: frozenset[str] = frozenset()
    head: Mapping[str, str] = field(default_factory=dict)  #: component → its text (Quốc hiệu, Tiêu ngữ …)


_HEAD = MappingProxyType({"quoc_hieu": QUOC_HIEU, "tieu_ngu": TIEU_NGU})
_HEAD_AGENCY = MappingProxyType({**_HEAD, "co_quan": "\n".join(AGENCY)})

#: The line variants of the công văn: in the text paragraph or the one after, anchored relative to
#: column, margin, page (horizontally) and paragraph, line, page (vertically).
LINE_VARIANTS = MappingProxyType(
    {
        "cong_van_line_shape": {},
        "cong_van_line_next_paragraph": {"where": "next"},
        "cong_van_line_page": {"h_from": "page", "v_from": "page"},
        "cong_van_line_margin_line": {"h_from": "margin", "v_from": "line"},
        "cong_van_line_next_page": {"where": "next", "h_from": "page", "v_from": "paragraph"},
    }
)


def _cong_van_variant(**line) -> bytes:
    return cong_van_line_shape(
        agency_line=Line(AGENCY_LINE_MM, **line), tieu_ngu_line=Line(TIEU_NGU_LINE_MM, **line)
    )


CORPUS: Mapping[str, Callable[[], bytes]] = MappingProxyType(
    {
        **{name: partial(_cong_van_variant, **line) for name, line in LINE_VARIANTS.items()},
        "don_plain_letterhead": don_plain_letterhead,
        "don_date_at_top": partial(don_plain_letterhead, date_at_top=True),
        "letterhead_after_table": letterhead_after_table,
        "annex_own_file": annex_own_file,
        "company_letter": company_letter,
        "typed_numbers": typed_numbers,
        "nd30": DECREE.read_bytes,
        **{f"nd30_phuluc{n}": (DECREE.parent / f"Phuluc{n}.docx").read_bytes for n in range(1, 7)},
    }
)

#: What the decree's annex files break: bottom margin 15 mm (I), right margin 4.3 mm (IV), headings in
#: Calibri (III: the titles of the sample forms; VI: one heading).
_PHU_LUC_ERRORS = {1: frozenset({"P3"}), 3: frozenset({"P4"}), 4: frozenset({"P3"}), 6: frozenset({"P4"})}

TRUTH: Mapping[str, Truth] = MappingProxyType(
    {
        **{
            name: Truth(VAN_BAN_HANH_CHINH, "cong_van", CONG_VAN, head=_HEAD_AGENCY) for name in LINE_VARIANTS
        },
        "don_plain_letterhead": Truth(DON, None, head=_HEAD),
        "don_date_at_top": Truth(DON, None, head=_HEAD),
        "letterhead_after_table": Truth(DON, None, head=_HEAD),
        "annex_own_file": Truth(PHU_LUC, None),
        "company_letter": Truth(KHAC, None),
        "typed_numbers": Truth(VAN_BAN_HANH_CHINH, "ke_hoach", KE_HOACH, head=_HEAD_AGENCY),
        # judged by ND30 alone, a VBQPPL breaks T1 (NGHỊ ĐỊNH), B5 and B1 (căn cứ ending with «;»,
        # the italic enacting line): the rules of a VBQPPL, which it follows
        "nd30": Truth(VBQPPL, None, head=_HEAD),
        # the decree's annexes, each its own file (Phụ lục I–VI), as the portal published them
        **{
            f"nd30_phuluc{n}": Truth(PHU_LUC, None, errors=_PHU_LUC_ERRORS.get(n, frozenset()))
            for n in range(1, 7)
        },
    }
)


def write(name: str, folder: Path) -> Path:
    """Save corpus document ``name`` as ``folder/name.docx``."""
    path = Path(folder) / f"{name}.docx"
    path.write_bytes(CORPUS[name]())
    return path


# --- planted errors ---------------------------------------------------------------------------------


def mutated(name: str, mutation: Callable[[Docx], None]) -> Callable[[], bytes]:
    """A builder of corpus document ``name`` with ``mutation`` applied to its XML (see mutate.py)."""

    def build() -> bytes:
        docx = Docx(CORPUS[name]())
        mutation(docx)
        with tempfile.TemporaryDirectory() as folder:
            return docx.save(Path(folder) / f"{name}.docx").read_bytes()

    return build


def _tieu_ngu_italic(d: Docx) -> None:
    set_run_prop(d.starting("Độc lập"), "i")


def _agency_14pt(d: Docx) -> None:
    agency = d.starting(AGENCY[0])
    set_run_prop(agency, "sz", "28")
    set_run_prop(agency, "szCs", "28")


def _agency_not_bold(d: Docx) -> None:
    agency = d.starting(AGENCY[0])
    for rpr in agency.iter(w("rPr")):
        for bold in rpr.findall(w("b")):
            rpr.remove(bold)


def _quoc_hieu_misspelt(d: Docx) -> None:
    replace_text(d.starting("CỘNG HÒA"), "XÃ HỘI", "XA HỘI")


@dataclass(frozen=True)
class Plant:
    """One error planted in a clean corpus document: ``rule`` must catch it at ``muc_do``, alone."""

    build: Callable[[], bytes]
    rule: str
    muc_do: str  #: ``loi`` or ``canh_bao`` (values of vbhc.checker.MucDo)
    base: str  #: the corpus document it starts from


_EN_DASH = "Độc lập – Tự do – Hạnh phúc"

PLANTED: Mapping[str, Plant] = MappingProxyType(
    {
        "cong_van_tieu_ngu_en_dash": Plant(
            partial(cong_van_line_shape, tieu_ngu=_EN_DASH), "H4", "canh_bao", "cong_van_line_shape"
        ),
        "don_tieu_ngu_en_dash": Plant(
            partial(don_plain_letterhead, tieu_ngu=_EN_DASH), "H4", "canh_bao", "don_plain_letterhead"
        ),
        "table_first_tieu_ngu_en_dash": Plant(
            partial(letterhead_after_table, tieu_ngu=_EN_DASH), "H4", "canh_bao", "letterhead_after_table"
        ),
        "agency_line_too_short": Plant(
            partial(cong_van_line_shape, agency_line=Line(8.0)), "H10", "canh_bao", "cong_van_line_shape"
        ),
        "agency_line_too_long": Plant(
            partial(cong_van_line_shape, agency_line=Line(35.0, where="next")),
            "H10",
            "canh_bao",
            "cong_van_line_shape",
        ),
        "agency_line_missing": Plant(
            partial(cong_van_line_shape, agency_line=None), "H10", "loi", "cong_van_line_shape"
        ),
        "tieu_ngu_line_too_short": Plant(
            partial(cong_van_line_shape, tieu_ngu_line=Line(40.0)), "H7", "canh_bao", "cong_van_line_shape"
        ),
        "tieu_ngu_line_dashed": Plant(
            partial(cong_van_line_shape, tieu_ngu_line=Line(TIEU_NGU_LINE_MM, dash="dash")),
            "H7",
            "loi",
            "cong_van_line_shape",
        ),
        "agency_line_dotted": Plant(
            partial(cong_van_line_shape, agency_line=Line(AGENCY_LINE_MM, where="next", dash="sysDot")),
            "H10",
            "loi",
            "cong_van_line_shape",
        ),
        "tieu_ngu_line_missing": Plant(
            partial(don_plain_letterhead, tieu_ngu_line=None), "H7", "loi", "don_plain_letterhead"
        ),
        "trich_yeu_line_too_long": Plant(
            partial(typed_numbers, trich_yeu_line=Line(60.0)), "T3", "canh_bao", "typed_numbers"
        ),
        "trich_yeu_line_missing": Plant(
            partial(typed_numbers, trich_yeu_line=None), "T3", "loi", "typed_numbers"
        ),
        "tieu_ngu_italic": Plant(
            mutated("cong_van_line_shape", _tieu_ngu_italic), "H5", "loi", "cong_van_line_shape"
        ),
        "agency_14pt": Plant(
            mutated("cong_van_line_shape", _agency_14pt), "H8", "loi", "cong_van_line_shape"
        ),
        "agency_not_bold": Plant(
            mutated("cong_van_line_shape", _agency_not_bold), "H8", "loi", "cong_van_line_shape"
        ),
        "don_quoc_hieu_misspelt": Plant(
            mutated("don_plain_letterhead", _quoc_hieu_misspelt), "H2", "loi", "don_plain_letterhead"
        ),
    }
)


def plant(name: str, folder: Path) -> Path:
    """Save planted document ``name`` as ``folder/name.docx``."""
    path = Path(folder) / f"{name}.docx"
    path.write_bytes(PLANTED[name].build())
    return path
