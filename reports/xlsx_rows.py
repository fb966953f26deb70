"""Rows of a write-only openpyxl sheet written many times faster than sheet.append, with the same bytes.

openpyxl spends most of an export's time on each cell (a Cell object, its coordinate, lxml's element context),
though an export's cells are few distinct values repeated: the same agency on 24 rows, the same few scores on
thousands. Here each distinct value is written once by openpyxl's own cell writer (so types, escaping, the quote
prefix style of formula-like text are its own), kept without its coordinate, and every row is put together from
those texts: `<row r="N">` then `<c r="B2"` + the value's text, per cell that is not None, as openpyxl writes rows.

The sheet is closed by openpyxl once its header is written (so its file holds the head and the tail of the XML),
the rows go into that file before the tail, and openpyxl zips the file when the workbook is saved.
"""

import io
from collections.abc import Callable, Iterable

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import xmlfile

CHUNK = 500  # rows written to the file at a time
KEEP = 1024  # distinct values kept at most, and texts up to LONG characters only: memory stays flat
LONG = 256
PROBE = '<c r="A1'


def append_rows(sheet, rows: Iterable[tuple], *, columns: int, make_cell: Callable) -> None:
    """Write the rows (tuples of `columns` values; make_cell(sheet, value) gives the value or a prepared
    WriteOnlyCell) after what the write-only sheet holds, and close the sheet."""
    sheet.close()
    letters = [f'<c r="{get_column_letter(column)}' for column in range(1, columns + 1)]
    text = CellTexts(sheet, make_cell)
    with open(sheet._writer.out, "r+b") as out:
        xml = out.read()
        end = xml.rindex(b"</sheetData>")
        out.seek(end)
        out.truncate()
        parts = []
        for number, row in enumerate(rows, 2):
            row_number = str(number)
            cells = "".join([c + row_number + text(v) for c, v in zip(letters, row, strict=True) if v is not None])
            parts.append(f'<row r="{row_number}">{cells}</row>')
            if len(parts) >= CHUNK:
                out.write("".join(parts).encode("ascii"))
                parts = []
        out.write("".join(parts).encode("ascii"))
        out.write(xml[end:])


class CellTexts:
    """The XML of a cell holding a value, after its `<c r="…"`: written by openpyxl once per distinct value."""

    def __init__(self, sheet, make_cell: Callable):
        self.sheet, self.make_cell, self.known = sheet, make_cell, {}

    def __call__(self, value) -> str:
        key = (value.__class__, value)
        found = self.known.get(key)
        if found is None:
            found = self.written(value)
            if not isinstance(value, str) or len(value) <= LONG:
                if len(self.known) >= KEEP:
                    self.known.clear()
                self.known[key] = found
        return found

    def written(self, value) -> str:
        cell = self.make_cell(self.sheet, value)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(self.sheet, value=value)
        cell.row, cell.column = 1, 1
        out = io.BytesIO()
        with xmlfile(out) as xf:
            write_cell(xf, self.sheet, cell, cell.has_style)
        xml = out.getvalue().decode("ascii")
        if not xml.startswith(PROBE):
            raise ValueError(f"openpyxl wrote a cell unlike {PROBE}…: {xml[:80]}")
        return xml[len(PROBE) :]
