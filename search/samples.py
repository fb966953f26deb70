"""Evidence files with Thai text, made the way agencies make them, for the demo, the tests and the bench: a PDF by
the project's own WeasyPrint (reports/pdf.py, Sarabun), a Word file (python-docx), an Excel file (openpyxl)."""

import io

from django.utils.html import escape

from reports.pdf import html_to_pdf
from search.extract import DOCX, PPTX, XLSX  # noqa: F401 the content types, for callers


def pdf_bytes(title: str, paragraphs: list[str], *, pages: int = 1) -> bytes:
    """A PDF of `pages` A4 pages, each with the title and the paragraphs."""
    page = "<h1>{}</h1>{}".format(escape(title), "".join(f"<p>{escape(p)}</p>" for p in paragraphs))
    breaks = '<div style="page-break-after: always"></div>'
    head = f'<meta charset="utf-8"><title>{escape(title)}</title><link rel="stylesheet" href="static/css/report.css">'
    html = f'<!doctype html><html lang="th"><head>{head}</head><body>{breaks.join([page] * pages)}</body></html>'
    return html_to_pdf(html)


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for style in ("Normal", "Heading 1"):  # Sarabun for Thai and Latin alike, as agencies set their documents
        font = document.styles[style].font
        font.name = "Sarabun"
        font.element.rPr.rFonts.set(docx.oxml.ns.qn("w:cs"), "Sarabun")
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(title: str, rows: list[list]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pptx_bytes(title: str, lines: list[str]) -> bytes:
    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text = "\n".join(lines)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
