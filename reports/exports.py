"""Open data: a cycle's results per agency, per category and per item, and what the agencies wrote — their
organisation profiles, narratives per item and level, and results indicators — as CSV, XLSX and JSON.

The columns are a public contract (README, "Open data"): names stay stable, new columns go at the end.
Scores are rounded down and gaps rounded up to 2 places (scoring.score_display / gap_display), so a published
score reaches a level's points exactly when the real score does. Result columns are empty until the assessment
is finalised; the self-assessment columns are the agency's own claim. Texts and indicator values are as the
agency wrote them.
"""

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from json.encoder import encode_basestring

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from reports import xlsx_rows

BELOW_FIRST_LEVEL = "below_basic"
CHUNK = 500  # rows read from the database, and written to the response, at a time (a few hundred KB)

# name: (English, Thai) — the data dictionary, also written into the JSON export.
COMMON = {
    "fiscal_year": ("Fiscal year (Buddhist era)", "ปีงบประมาณ (พ.ศ.)"),
    "agency_code": ("Agency code", "รหัสส่วนราชการ"),
    "agency_name_th": ("Agency name in Thai", "ชื่อส่วนราชการ (ไทย)"),
    "agency_name_en": ("Agency name in English", "ชื่อส่วนราชการ (อังกฤษ)"),
    "ministry_code": ("Ministry or grouping code", "รหัสกระทรวงหรือกลุ่ม"),
    "ministry_name_th": ("Ministry or grouping name in Thai", "ชื่อกระทรวงหรือกลุ่ม (ไทย)"),
}
SCORES = {
    "target": ("The agency's target score for the cycle (empty: none set)", "คะแนนเป้าหมายของรอบ (ว่าง: ยังไม่กำหนด)"),
    "self_score": ("Self-assessed score, 0–500", "คะแนนประเมินตนเอง 0–500"),
    "self_level": ("Self-assessed level: basic, advance, significance or below_basic", "ระดับประเมินตนเอง"),
    "self_gap": ("Target minus self-assessed score, 0 when met", "ช่องว่างจากเป้าหมาย (ประเมินตนเอง)"),
    "result_score": ("Reviewers' final score, 0–500 (empty until finalised)", "คะแนนผลการตรวจประเมิน"),
    "result_level": ("Reviewers' final level (empty until finalised)", "ระดับผลการตรวจประเมิน"),
    "result_gap": ("Target minus final score, 0 when met (empty until finalised)", "ช่องว่างจากเป้าหมาย (ผลการตรวจ)"),
}
TABLES = {
    "agencies": {
        **COMMON,
        "kind": ("Kind of agency: department, province, public_organisation, other", "ประเภทส่วนราชการ"),
        "status": ("Assessment status: draft, submitted, returned, finalised", "สถานะการประเมิน"),
        **SCORES,
    },
    "categories": {
        **COMMON,
        "category": ("Category number, 1–6", "หมวด"),
        "category_title_th": ("Category title in Thai", "ชื่อหมวด"),
        **SCORES,
    },
    "items": {
        **COMMON,
        "category": ("Category number, 1–6", "หมวด"),
        "item": ("Item code, 1.1–6.4", "หัวข้อย่อย"),
        "item_title_th": ("Item title in Thai", "ชื่อหัวข้อย่อย"),
        **SCORES,
    },
}
TEXT_TABLES = {
    "profile": {
        **COMMON,
        "section": ("Section code of the organisation profile, e.g. p1a1", "รหัสหัวข้อลักษณะสำคัญขององค์การ"),
        "section_number": ("Section number, e.g. P.1 ก (1)", "เลขหัวข้อ"),
        "section_title_th": ("Section title in Thai", "ชื่อหัวข้อ"),
        "status": ("not_started, in_progress or ready", "สถานะ"),
        "text": ("What the agency wrote (plain text, lists as lines)", "ข้อความของส่วนราชการ"),
    },
    "narratives": {
        **COMMON,
        "category": ("Category number, 1–6", "หมวด"),
        "item": ("Item code, 1.1–6.4", "หัวข้อย่อย"),
        "item_title_th": ("Item title in Thai", "ชื่อหัวข้อย่อย"),
        "level": ("Level: basic, advance or significance", "ระดับ"),
        "fraction": ("How far the agency says the level is met, percent", "ร้อยละที่ประเมินตนเองว่าบรรลุ"),
        "narrative": ("How the agency works at this level, as it wrote it", "การดำเนินการของส่วนราชการ"),
    },
    "indicators": {
        **COMMON,
        "results_item": ("Results item code, 7.1–7.6", "หัวข้อผลลัพธ์"),
        "results_item_title_th": ("Results item title in Thai", "ชื่อหัวข้อผลลัพธ์"),
        "indicator": ("Indicator", "ตัวชี้วัด"),
        "unit": ("Unit", "หน่วยนับ"),
        "direction": ("higher or lower (which is better)", "ทิศทางที่ดี"),
        "target": ("Target", "ค่าเป้าหมาย"),
        "value_year": ("Fiscal year of the value (Buddhist era)", "ปีงบประมาณของค่า (พ.ศ.)"),
        "value": ("The indicator's value for that year", "ผลการดำเนินงานของปีนั้น"),
        "data_source": ("Data source", "แหล่งข้อมูล"),
    },
}
TABLES |= TEXT_TABLES

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _common(cycle, agency) -> dict:
    return {
        "fiscal_year": cycle.fiscal_year,
        "agency_code": agency.code,
        "agency_name_th": agency.name_th,
        "agency_name_en": agency.name_en,
        "ministry_code": agency.ministry.code,
        "ministry_name_th": agency.ministry.name_th,
    }


def _exact(value: Decimal | None) -> Decimal | None:
    """A stored quantity without the trailing zeros of its column (90.0000 → 90), never rounded."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def text_rows(cycle, assessments, table: str) -> Iterator[tuple]:
    """The rows of a table of what agencies wrote (TEXT_TABLES), as tuples in its columns' order, for the
    assessments given (a queryset of the cycle, already narrowed to what the person reads). One query, whatever
    the number of agencies."""
    from assessments.models import Answer, IndicatorValue, ProfileAnswer

    ids = assessments.values("pk")
    agency = "assessment__agency"
    if table == "profile":
        found = (
            ProfileAnswer.objects.filter(assessment__in=ids)
            .select_related(f"{agency}__ministry", "section")
            .order_by(f"{agency}__name_th", "section__order")
        )
        return _cells(
            _common(cycle, a.assessment.agency)
            | {
                "section": a.section.code,
                "section_number": a.section.number_th,
                "section_title_th": a.section.title_th,
                "status": a.status,
                "text": a.text,
            }
            for a in found.iterator(chunk_size=CHUNK)
        )
    if table == "narratives":
        found = (
            Answer.objects.filter(response__assessment__in=ids)
            .select_related(f"response__{agency}__ministry", "response__item__category", "level")
            .order_by(
                f"response__{agency}__name_th",
                "response__item__category__number",
                "response__item__order",
                "level__order",
            )
        )
        return _cells(
            _common(cycle, a.response.assessment.agency)
            | {
                "category": a.response.item.category.number,
                "item": a.response.item.code,
                "item_title_th": a.response.item.title_th,
                "level": a.level.code,
                "fraction": a.fraction,
                "narrative": a.narrative,
            }
            for a in found.iterator(chunk_size=CHUNK)
        )
    found = (
        IndicatorValue.objects.filter(indicator__response__assessment__in=ids)
        .select_related(f"indicator__response__{agency}__ministry", "indicator__response__item")
        .order_by(
            f"indicator__response__{agency}__name_th",
            "indicator__response__item__order",
            "indicator__order",
            "indicator_id",
            "fiscal_year",
        )
    )
    return _cells(
        _common(cycle, v.indicator.response.assessment.agency)
        | {
            "results_item": v.indicator.response.item.code,
            "results_item_title_th": v.indicator.response.item.title_th,
            "indicator": v.indicator.name,
            "unit": v.indicator.unit,
            "direction": v.indicator.direction,
            "target": _exact(v.indicator.target),
            "value_year": v.fiscal_year,
            "value": _exact(v.value),
            "data_source": v.indicator.data_source,
        }
        for v in found.iterator(chunk_size=CHUNK)
    )


def _cells(rows: Iterable[dict]) -> Iterator[tuple]:
    """Rows as the writers take them: their values in their table's column order."""
    return (tuple(row.values()) for row in rows)


# A text cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value):
    """A text cell that a spreadsheet would read as a formula, with a leading ' (as OWASP recommends): shown as
    text, never run. Numbers and other text are written as they are; JSON exports stay exact."""
    return "'" + value if _is_formula_like(value) else value


def as_csv(table: str, data: Iterable[tuple]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so Excel opens Thai correctly; formula-like text neutralised (csv_safe).
    Written CHUNK rows at a time: memory stays flat whatever the number of rows."""
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(TABLES[table])
    for count, row in enumerate(data, 1):
        writer.writerow(map(csv_safe, row))
        if count % CHUNK == 0:
            yield _drain(text)
    yield _drain(text)


def _drain(text: io.StringIO) -> bytes:
    chunk = text.getvalue().encode("utf-8")
    text.seek(0)
    text.truncate()
    return chunk


def as_xlsx(table: str, data: Iterable[tuple]):
    """The workbook in openpyxl's write-only mode, saved to a temporary file that is returned open at its start: the
    caller streams it and closing it removes it. The data rows go to the sheet's file as they come, each cell as
    openpyxl writes it (xlsx_rows)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table)
    sheet.freeze_panes = "A2"
    header = []
    for name in TABLES[table]:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    xlsx_rows.append_rows(sheet, data, columns=len(header), make_cell=_xlsx_cell)
    dictionary = workbook.create_sheet("columns")
    dictionary.append(["column", "description", "คำอธิบาย"])
    for name, (english, thai) in TABLES[table].items():
        dictionary.append([name, english, thai])
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out


def _xlsx_cell(sheet, value):
    """Text that looks like a formula stays text: a string cell, marked with Excel's quote prefix so that editing
    it does not turn it into a formula either. Its value is kept exact."""
    if not _is_formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def as_json(table: str, data: Iterable[tuple], *, fiscal_year: int, generated_at: str) -> Iterator[bytes]:
    """One JSON document — the table, its data dictionary and its rows — written row by row. Each row is the text
    json.dumps gives its dict (ensure_ascii off, Decimals as floats), put together from its cells' texts."""
    head = {
        "fiscal_year": fiscal_year,
        "table": table,
        "generated_at": generated_at,
        "columns": [
            {"name": name, "description_en": english, "description_th": thai}
            for name, (english, thai) in TABLES[table].items()
        ],
    }
    opening = json.dumps(head, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    names = [json.dumps(name, ensure_ascii=False) + ": " for name in TABLES[table]]
    cell = _JsonCells()
    parts = [opening + ',\n "rows": [']
    for count, row in enumerate(data):
        text = ", ".join([name + cell(value) for name, value in zip(names, row, strict=True)])
        parts.append(("\n  {" if count == 0 else ",\n  {") + text + "}")
        if len(parts) >= CHUNK:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n ]\n}\n")
    yield "".join(parts).encode("utf-8")


class _JsonCells:
    """A cell's JSON text, as json.dumps writes it inside a row: text encoded as it comes, other values (numbers,
    None) kept once each (keyed by their type too: 400, 400.0 and Decimal("400") are equal but written apart)."""

    KEEP = 4096  # distinct numbers kept at most: memory stays flat

    def __init__(self):
        self.known = {}

    def __call__(self, value) -> str:
        if value.__class__ is str:
            return encode_basestring(value)
        key = (value.__class__, value)
        found = self.known.get(key)
        if found is None:
            if len(self.known) >= self.KEEP:
                self.known.clear()
            found = self.known[key] = json.dumps(value, ensure_ascii=False, default=_number)
        return found


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
