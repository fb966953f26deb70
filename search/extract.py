"""The text of an evidence file: PDF (pypdf), Word (.docx), Excel (.xlsx), PowerPoint (.pptx). Images are skipped.

`extract(data, content_type)` reads at most `max_pages` pages (PDF pages, slides, worksheets; a Word file counts as
one) and keeps at most `max_chars` characters. It never raises for a bad file: the caller gets
status "unreadable" and the reason. Choice of pypdf over pdfminer.six: docs/search.md (measured on Thai PDFs).
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass
class Extracted:
    status: str  # EvidenceText.Status values
    text: str = ""
    pages: int = 0
    error: str = ""


# A line break between two Thai letters is where the PDF wrapped a line, inside a run of words written without
# spaces (often inside a word: "ดำ|เนินการ"): joined again, or the word is lost to search.
_THAI_WRAP = re.compile("(?<=[\u0e01-\u0e4e])\n(?=[\u0e01-\u0e4e])")


class _Budget:
    """Collects text until the character limit; `cut` says whether anything was left out."""

    def __init__(self, max_chars: int):
        self.max_chars, self.parts, self.size, self.cut = max_chars, [], 0, False

    def add(self, text: str) -> bool:
        """Keep `text` (or its part within the limit); False once the limit is reached."""
        text = (text or "").strip()
        if not text:
            return True
        room = self.max_chars - self.size
        if len(text) > room:
            text, self.cut = text[:room], True
        self.parts.append(text)
        self.size += len(text) + 1
        return not self.cut

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def _pdf(data: bytes, budget: _Budget, max_pages: int) -> tuple[int, bool]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # many "protected" PDFs open with the empty password; others raise, and are unreadable
    total = len(reader.pages)
    read = 0
    for page in reader.pages[:max_pages]:
        read += 1
        if not budget.add(_THAI_WRAP.sub("", page.extract_text() or "")):
            break
    return read, total > read


def _docx(data: bytes, budget: _Budget, max_pages: int) -> tuple[int, bool]:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        if not budget.add(paragraph.text):
            return 1, True
    for table in document.tables:
        for row in table.rows:
            if not budget.add(" ".join(cell.text for cell in row.cells)):
                return 1, True
    return 1, False


def _xlsx(data: bytes, budget: _Budget, max_pages: int) -> tuple[int, bool]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = book.worksheets
        read = 0
        for sheet in sheets[:max_pages]:
            read += 1
            budget.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                if not budget.add(" ".join(str(v) for v in row if v is not None)):
                    return read, True
        return read, len(sheets) > read
    finally:
        book.close()


def _pptx(data: bytes, budget: _Budget, max_pages: int) -> tuple[int, bool]:
    from pptx import Presentation

    slides = list(Presentation(io.BytesIO(data)).slides)
    read = 0
    for slide in slides[:max_pages]:
        read += 1
        for shape in slide.shapes:
            if shape.has_text_frame and not budget.add(shape.text_frame.text):
                return read, True
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    if not budget.add(" ".join(cell.text for cell in row.cells)):
                        return read, True
    return read, len(slides) > read


READERS = {PDF: _pdf, DOCX: _docx, XLSX: _xlsx, PPTX: _pptx}


def extract(data: bytes, content_type: str, *, max_pages: int, max_chars: int) -> Extracted:
    """The text of a file, within the limits, and what became of it (found, empty, unreadable, skipped, too_large).

    "empty": readable but without text (a scanned image in a PDF); "too_large": text found, but the file has more
    pages or text than the limits, and only the part within them is kept.
    """
    reader = READERS.get(content_type)
    if reader is None:
        return Extracted("skipped")
    budget = _Budget(max_chars)
    try:
        pages, more = reader(data, budget, max_pages)
    except (Exception, zipfile.BadZipFile) as error:  # any library's complaint about a damaged file
        logger.info("Evidence text unreadable (%s): %s", content_type, error)
        return Extracted("unreadable", error=f"{type(error).__name__}: {error}"[:500])
    text = budget.text
    if not text.strip():
        return Extracted("empty", pages=pages)
    return Extracted("too_large" if (more or budget.cut) else "found", text=text, pages=pages)
