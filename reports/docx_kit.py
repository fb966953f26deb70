"""The Word drawing kit of reports/sar_docx.py: Thai-ready styles, the Sarabun font embedded, fields, tables.

- Thai is a complex script to Word: a run's Thai text takes the `w:cs` font and `w:szCs` size, so styles set all
  four font slots and both sizes, and mark the language th-TH.
- The Sarabun files in static/fonts/ are embedded (obfuscated as ECMA-376 Part 1 §17.8.1 says), so the document
  looks the same on a computer without Sarabun, as the PDFs do; Word and LibreOffice read them.
- The table of contents and page numbers are fields; the document asks Word to update fields when opened.
"""

import uuid

from django.contrib.staticfiles import finders
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

FONT = "Sarabun"
FONT_FILES = {  # embed element → static file
    "embedRegular": "fonts/sarabun/Sarabun_400Regular.ttf",
    "embedBold": "fonts/sarabun/Sarabun_700Bold.ttf",
    "embedItalic": "fonts/sarabun/Sarabun_400Regular_Italic.ttf",
    "embedBoldItalic": "fonts/sarabun/Sarabun_700Bold_Italic.ttf",
}
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
INK = RGBColor(0x1A, 0x1A, 0x1A)
NAVY = RGBColor(0x1B, 0x2A, 0x4A)
SIZES = {"Normal": 13, "Title": 26, "Heading 1": 18, "Heading 2": 15, "Heading 3": 13.5, "Heading 4": 13}


def font_set(run_properties, size: float | None = None) -> None:
    """Sarabun in every font slot (Latin, high ANSI, East Asian, complex script), the size for both scripts."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for hint in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(hint), None)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = run_properties.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                run_properties.append(element)
            element.set(qn("w:val"), str(round(size * 2)))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), "th-TH")
    language.set(qn("w:bidi"), "th-TH")


def styles_prepare(document) -> None:
    """Thai-ready Normal, title, heading and list styles in Sarabun."""
    for name, size in SIZES.items():
        style = document.styles[name]
        font_set(style.element.get_or_add_rPr(), size)
        style.font.color.rgb = NAVY if name != "Normal" else INK
        if name.startswith("Heading"):
            style.font.bold = True
            style.font.italic = False
            style.paragraph_format.space_before = Pt(10)
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
    document.styles["Normal"].paragraph_format.space_after = Pt(4)
    for name in ("List Bullet", "Caption"):
        font_set(document.styles[name].element.get_or_add_rPr())
    if "Small" not in [s.name for s in document.styles]:
        small = document.styles.add_style("Small", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = document.styles["Normal"]
        font_set(small.element.get_or_add_rPr(), 11)
        small.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


def field_add(paragraph, instruction: str, placeholder: str = "") -> None:
    """A field (TOC, PAGE, NUMPAGES …) in the paragraph; Word fills it in."""

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run = paragraph.add_run()
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def toc_fill(document, anchor, *, levels: int = 2) -> None:
    """A table of contents at `anchor` (an empty paragraph): a TOC field whose result already lists the headings
    that follow it (without page numbers), so it reads before Word updates it (with page numbers) on opening."""
    after = False
    entries = []
    for paragraph in document.paragraphs:
        if paragraph._p is anchor._p:
            after = True
        elif after and paragraph.style.name.startswith("Heading "):
            level = int(paragraph.style.name.split()[-1])
            if level <= levels:
                entries.append((level, paragraph.text))
    if not entries:
        entries = [(1, "")]
    _field_char(anchor, "begin")
    run = anchor.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f' TOC \\o "1-{levels}" \\h \\z \\u '
    run._r.append(text)
    _field_char(anchor, "separate")
    paragraphs = [anchor]
    for _entry in entries[1:]:
        element = OxmlElement("w:p")
        paragraphs[-1]._p.addnext(element)
        paragraphs.append(Paragraph(element, anchor._parent))
    for paragraph, (level, title) in zip(paragraphs, entries, strict=True):
        paragraph.add_run(title)
        paragraph.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
    _field_char(paragraphs[-1], "end")


def update_fields_on_open(document) -> None:
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        settings.append(element)


def _obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1: the first 32 bytes XOR the font key's bytes, last to first."""
    hexes = key.strip("{}").replace("-", "")
    pairs = [int(hexes[i : i + 2], 16) for i in range(0, 32, 2)]
    head = bytes(b ^ pairs[15 - i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def deobfuscate(data: bytes, key: str) -> bytes:
    """The font file back from its embedded form (the same operation, for tests and readers)."""
    return _obfuscate(data, key)


def fonts_embed(document) -> None:
    """Embed Sarabun (regular, bold, italic, bold italic) and ask for embedded TrueType fonts to be used."""
    package = document.part.package
    table = next(r.target_part for r in document.part.rels.values() if r.reltype == RT.FONT_TABLE)
    root = parse_xml(table.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) == FONT:
            root.remove(font)
    entry = OxmlElement("w:font")
    entry.set(qn("w:name"), FONT)
    for tag, value in (("w:charset", "DE"), ("w:family", "auto"), ("w:pitch", "variable")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        entry.append(element)
    for number, (tag, path) in enumerate(FONT_FILES.items(), start=1):
        key = "{" + str(uuid.uuid4()).upper() + "}"
        with open(finders.find(path), "rb") as source:
            blob = _obfuscate(source.read(), key)
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, blob, package)
        embed = OxmlElement(f"w:{tag}")
        embed.set(qn("r:id"), table.relate_to(part, RT.FONT))
        embed.set(qn("w:fontKey"), key)
        entry.append(embed)
    root.append(entry)
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = document.settings.element
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if settings.find(qn(tag)) is None:
            settings.insert(0, OxmlElement(tag))


def cell_shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def table_add(document, header: list[str], rows: list[list[str]], widths=None, size: float = 11):
    """A grid table with a shaded header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        font_set(run._r.get_or_add_rPr(), size)
        cell_shade(cell, "E6E6E6")
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            lines = str(text).split("\n")
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                font_set(run._r.get_or_add_rPr(), size)
                if index + 1 < len(lines):
                    run.add_break()
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    return table
