"""Build the PDF variant of Sarabun: `python -m reports.fontbuild` (make fonts) writes static/fonts/sarabun-pdf/.

Why: a PDF's text layer maps each glyph to text once, for the whole document (WeasyPrint's ToUnicode map). HarfBuzz
draws SARA AM (ำ) as NIKHAHIT + SARA AA, so the SARA AA glyph of "กำหนด" is the one of "การ" and can only mean one
of "า" and "ำ": copying or searching "กำหนด" in a PDF viewer found "กาหนด" (WeasyPrint up to 70, Kozea/WeasyPrint
#2841). The variant adds one glyph, SARA AA drawn exactly as the original, reached through a private-use
codepoint (PRIVATE_SARA_AA). reports/pdf.py writes each ำ as NIKHAHIT + that codepoint, in the order HarfBuzz
itself would draw it (NIKHAHIT before any tone mark), so the page looks the same; and it maps NIKHAHIT to nothing
and the private glyph to ำ in the PDF's text layer, so the text reads back exactly as written.

The originals (static/fonts/sarabun/) stay what the web pages use. Run it again after changing a font: the output
is deterministic.
"""

import copy
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "fonts" / "sarabun"
TARGET = ROOT / "static" / "fonts" / "sarabun-pdf"
PRIVATE_SARA_AA = 0xF733  # in the Private Use Area; never typed by people, never in a web page
SARA_AA = 0x0E32
NEW_GLYPH = "uni0E32.am"


def variant(font: TTFont) -> TTFont:
    """`font` with NEW_GLYPH, a copy of SARA AA (outline, width, class), mapped from PRIVATE_SARA_AA."""
    original = font.getBestCmap()[SARA_AA]
    if NEW_GLYPH in font.getGlyphOrder():
        raise ValueError("this font already has the PDF variant's glyph")
    order = font.getGlyphOrder() + [NEW_GLYPH]
    glyf = font["glyf"]
    glyf.glyphs[NEW_GLYPH] = copy.deepcopy(glyf[original])
    font["hmtx"].metrics[NEW_GLYPH] = font["hmtx"].metrics[original]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    font["maxp"].numGlyphs = len(order)
    if "GDEF" in font and font["GDEF"].table.GlyphClassDef is not None:
        classes = font["GDEF"].table.GlyphClassDef.classDefs
        if original in classes:
            classes[NEW_GLYPH] = classes[original]
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[PRIVATE_SARA_AA] = NEW_GLYPH
    if "post" in font and font["post"].formatType == 2.0:
        font["post"].extraNames = []
        font["post"].mapping = {}
    return font


def build(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.ttf")):
        font = TTFont(path, recalcTimestamp=False)
        out = target / path.name
        variant(font).save(out)
        written.append(out)
    licence = source / "OFL.txt"
    if licence.exists():
        (target / "OFL.txt").write_bytes(licence.read_bytes())
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(ROOT))
