"""Bulk import of agencies and people from a CSV or XLSX file, with a preview.

    rows = read_table(data, filename)           # ImportFileError if it is not a table we can read
    plan = agencies_plan(rows)                  # or people_plan(rows): reads the database, writes nothing
    ... show plan.rows: each row's action, changes and errors ...
    counts = plan_apply(plan=plan, by=user)     # ImportRefused if a row is now in error

A plan shows exactly what applying it would write. Applying plans the rows
again inside the transaction, so what is written is what the data says then;
it is all or nothing. Importing the same file twice changes nothing the second
time. The columns, and what a blank cell means, are described in
accounts/import_agencies.py and accounts/import_people.py; the templates users
start from are static/imports/.
"""

import csv
import io
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext, ngettext

from accounts import import_agencies, import_duplicates, import_people
from accounts.import_rows import ImportFileError, ImportPlan, ImportRefused, RowResult, rows_number, text_clean

__all__ = [
    "AGENCY_COLUMNS",
    "MAX_ROWS",
    "PEOPLE_COLUMNS",
    "ImportFileError",
    "ImportPlan",
    "ImportRefused",
    "RowResult",
    "agencies_plan",
    "people_plan",
    "plan_apply",
    "read_table",
]

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
AGENCY_COLUMNS = import_agencies.COLUMNS
PEOPLE_COLUMNS = import_people.COLUMNS
PLANNERS = {"agencies": import_agencies.agencies_work, "people": import_people.people_work}
WRITERS = {"agencies": import_agencies.agencies_write, "people": import_people.people_write}


# --- reading files ----------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[dict]:
    """The rows of a CSV or XLSX file as {column: text}, the header row naming the columns.

    The content decides the format, not the name: XLSX is a zip file; CSV is text
    in UTF-8 (with or without a BOM) or in cp874/TIS-620, as Excel on Thai Windows
    saves it. Column names are lower-cased, spaces made underscores; cells are stripped text. Blank rows at
    the end are dropped; blank rows in between are kept, so rows keep the numbers
    the spreadsheet shows.
    """
    if not data.strip():
        raise ImportFileError(gettext("%(name)s is empty.") % {"name": filename})
    if data.startswith(b"PK"):
        return _xlsx_read(data, filename)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            gettext("%(name)s is an old Excel (.xls) file: save it as .xlsx or CSV and try again.") % {"name": filename}
        )
    if b"\x00" in data:
        raise ImportFileError(gettext("%(name)s is neither a CSV nor an XLSX file.") % {"name": filename})
    text = _text_decode(data, filename)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel writes ";" where "," is the decimal mark
    try:
        return _records_read(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), filename)
    except csv.Error as error:
        raise ImportFileError(gettext("%(name)s cannot be read as CSV.") % {"name": filename}) from error


def _text_decode(data: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(gettext("%(name)s is not text in UTF-8 or Thai (TIS-620) encoding.") % {"name": filename})


def _xlsx_read(data: bytes, filename: str) -> list[dict]:
    """The first sheet's rows. openpyxl parses with defusedxml (installed with the project), so XML entities and
    external references are refused: a workbook made to exhaust memory or read files is an error, not a read."""
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    unreadable = ImportFileError(gettext("%(name)s cannot be read as an XLSX workbook.") % {"name": filename})
    unsafe = ImportFileError(
        gettext("%(name)s contains XML that is not allowed in a workbook (entity declarations).") % {"name": filename}
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl has many ways to say a zip file is not a workbook
        raise (unsafe if _chain_has(error, DefusedXmlException) else unreadable) from error
    try:
        if not workbook.worksheets:
            raise unreadable
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write wrong sheet dimensions; read what is there
        return _records_read(sheet.iter_rows(values_only=True), filename)
    except DefusedXmlException as error:  # read-only workbooks parse their sheets as rows are read
        raise unsafe from error
    finally:
        workbook.close()


def _chain_has(error: BaseException, kind: type) -> bool:
    """Whether `error`, or an error it was raised from or while handling, is a `kind` (openpyxl wraps some)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _records_read(table: Iterable[Iterable], filename: str) -> list[dict]:
    table = iter(table)
    header = [_cell_text(cell).lower().replace(" ", "_") for cell in next(table, [])]
    if not any(header):
        raise ImportFileError(gettext("%(name)s is empty.") % {"name": filename})
    for column in header:
        if column and header.count(column) > 1:
            raise ImportFileError(gettext("Column %(column)s appears more than once.") % {"column": column})
    records, blank_rows = [], 0
    for cells in table:
        record = dict.fromkeys((column for column in header if column), "")
        for column, cell in zip(header, cells, strict=False):
            if column:
                record[column] = _cell_text(cell)
        if not any(record.values()):
            blank_rows += 1  # kept only if a row with something in it follows
            continue
        records += [dict.fromkeys(record, "") for _ in range(blank_rows)] + [record]
        blank_rows = 0
        if len(records) > MAX_ROWS:
            raise ImportFileError(
                gettext("%(name)s has more than %(limit)s rows: split it into smaller files.")
                % {"name": filename, "limit": MAX_ROWS}
            )
    if not records:
        raise ImportFileError(gettext("%(name)s has a header row but no data rows.") % {"name": filename})
    return records


def _cell_text(value) -> str:
    if isinstance(value, bool):  # before int: True is an int
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2570.0 from a number cell is 2570
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return text_clean(value).lstrip("\ufeff")


# --- plans ------------------------------------------------------------------------------


def agencies_plan(rows: list[dict]) -> ImportPlan:
    """What importing these agency rows would do, with warnings about agencies that may already exist under
    another code or name (accounts/import_duplicates.py). Reads the database, writes nothing."""
    plan = import_agencies.agencies_work(rows_number(rows))[0]
    import_duplicates.duplicates_warn(plan)
    return plan


def people_plan(rows: list[dict]) -> ImportPlan:
    """What importing these people rows would do. Reads the database, writes nothing."""
    return import_people.people_work(rows_number(rows))[0]


@transaction.atomic
def plan_apply(*, plan: ImportPlan, by) -> dict[str, int]:
    """Write what the plan's rows say, all or nothing; return how many rows created, updated, were unchanged.

    The rows are planned again here, against the data as it is now: if any is
    now in error (an agency deleted since the preview, say), nothing is written
    and ImportRefused carries the fresh plan. People created get an unusable
    password: they sign in through a password reset.
    """
    if plan.kind not in PLANNERS:
        raise ValueError(f"Unknown import kind {plan.kind!r}.")
    fresh, work = PLANNERS[plan.kind]([(row.number, row.values) for row in plan.rows])
    if not fresh.ok:
        problems = len(fresh.file_errors) + fresh.counts["error"]
        raise ImportRefused(
            ngettext(
                "Nothing was imported: %(count)s row now has errors. Check the file again.",
                "Nothing was imported: %(count)s rows now have errors. Check the file again.",
                problems,
            )
            % {"count": problems},
            fresh,
        )
    WRITERS[plan.kind](work)
    counts = fresh.counts
    logger.info("%s imported %s: %s", getattr(by, "email", by), plan.kind, counts)
    return counts
