"""The exports' quick paths give what the slow ones gave: the score cells from stored fractions are the display
rule's (scoring.score_display / gap_display), the score rows (the exports' and the API's) are the rows made from
selectors.cycle_results (the scores as the reports read them; `_rows` below), a JSON row is json.dumps of its dict,
and an XLSX row is what openpyxl's sheet.append writes."""

import io
import json
import zipfile
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from assessments import scoring
from assessments.models import Assessment, Score
from reports import export_scores, exports, selectors, xlsx_rows
from tests.reports_data import more_agencies
from tests.test_report_pages import final  # noqa: F401 (fixture)

# Scores 0–500 and gaps as stored: whole numbers, the ends, and fractions that round (a third, two thirds,
# 299.995, 299.9999…, just above and below a hundredth).
FRACTIONS = [
    Fraction(0),
    Fraction(500),
    Fraction(1, 3),
    Fraction(2, 3),
    Fraction(1000, 3),
    Fraction(59999, 200),
    Fraction(2999999, 10000),
    Fraction(29999999, 100000),
    Fraction(1, 100),
    Fraction(1, 101),
    Fraction(101, 10000),
    Fraction(99, 10000),
    Fraction(1200, 7),
    Fraction(3475, 24),
    Fraction(250, 1),
    *[Fraction(n, d) for n in range(0, 50001, 2477) for d in (1, 3, 6, 7, 9, 24, 72, 144)],
]


@pytest.mark.parametrize("score", FRACTIONS)
def test_stored_fractions_show_as_the_display_rule_says(score):
    for gap in (None, Fraction(0), score, Fraction(1, 3) + score):
        level = "basic" if score >= 300 else ""
        stored = (score.numerator, score.denominator, level, *((None, None) if gap is None else gap.as_integer_ratio()))
        assert export_scores.side_display(stored) == (
            scoring.score_display(score),
            level or "below_basic",
            None if gap is None else scoring.gap_display(gap),
        )
    assert export_scores.side_display(None) == (None, None, None)  # no result yet


def test_score_rows_are_the_rows_of_the_stored_results(final):  # noqa: F811
    more_agencies(final, 3, reviewer=final.reviewer)
    assessments = Assessment.objects.filter(cycle=final.cycle)
    whole = selectors.cycle_results(final.cycle, assessments)
    for table in export_scores.SCOPES:
        expected = [tuple(row.values()) for row in _rows(whole, table)]
        assert list(export_scores.score_rows(final.cycle, assessments, table)) == expected, table


def _rows(cycle_results, table: str):
    """The score rows from selectors.cycle_results, keys in the order of TABLES[table]: the way the API made them
    before it read export_scores.score_rows, kept here as what those must equal."""

    def level(scored):
        return None if scored is None else scored.level or exports.BELOW_FIRST_LEVEL

    def sides(target, own, result) -> dict:
        return {
            "target": target,
            "self_score": scoring.score_display(own.score),
            "self_level": level(own),
            "self_gap": None if own.gap is None else scoring.gap_display(own.gap),
            "result_score": None if result is None else scoring.score_display(result.score),
            "result_level": level(result),
            "result_gap": None if result is None or result.gap is None else scoring.gap_display(result.gap),
        }

    for found in cycle_results.agencies:
        a, agency, result = found.assessment, found.agency, found.result
        common = exports._common(cycle_results.cycle, agency)
        if table == "agencies":
            overall = result and result.overall
            yield {
                **common,
                "kind": agency.kind,
                "status": a.status,
                **sides(a.target_score, found.own.overall, overall),
            }
        elif table == "categories":
            for c in cycle_results.categories:
                own, res = found.own.categories[c.number], result and result.categories[c.number]
                yield {
                    **common,
                    "category": c.number,
                    "category_title_th": c.title_th,
                    **sides(a.target_score, own, res),
                }
        else:
            for item in cycle_results.items:
                own, res = found.own.items[item.code], result and result.items[item.code]
                yield {
                    **common,
                    "category": item.category.number,
                    "item": item.code,
                    "item_title_th": item.title_th,
                    **sides(a.target_score, own, res),
                }


def test_score_rows_read_a_slice_of_agencies_at_a_time(final, monkeypatch):  # noqa: F811
    more_agencies(final, 5, reviewer=final.reviewer)
    assessments = Assessment.objects.filter(cycle=final.cycle)
    whole = list(export_scores.score_rows(final.cycle, assessments, "items"))
    monkeypatch.setattr(export_scores, "CHUNK_AGENCIES", 3)
    with CaptureQueriesContext(connection) as queries:
        rows = export_scores.score_rows(final.cycle, assessments, "items")
        first = next(rows)
        assert len(queries) == 3  # the items, the assessments, the first slice's scores: no more yet
        sliced = [first, *rows]
    assert len(queries) == 2 + 3  # 7 agencies: three slices, one query each
    assert sliced == whole and len(whole) == 7 * 24


def test_scores_not_stored_yet_are_stored_and_exported(final, caplog):  # noqa: F811
    assessments = Assessment.objects.filter(cycle=final.cycle)
    before = list(export_scores.score_rows(final.cycle, assessments, "items"))
    Score.objects.filter(assessment__cycle=final.cycle).delete()
    assert list(export_scores.score_rows(final.cycle, assessments, "items")) == before
    assert "not stored yet" in caplog.text and Score.objects.filter(assessment__cycle=final.cycle).exists()


VALUES = [
    None,
    0,
    2570,
    400,
    Decimal("0.00"),
    Decimal("299.99"),
    Decimal("500.00"),
    Decimal("80.5"),
    Decimal("1E+2"),
    1.5,
    True,
    "",
    " ",
    "basic",
    "กรมควบคุมโรค",
    "  leading and trailing  ",
    "a & b < c > d \"quoted\" 'single'",
    "line one\nline two",
    "=HYPERLINK(1)",
    "+1",
    "-2",
    "@SUM(1)",
    "\t=1",
    "#N/A",
    "1.5",
    "😀 emoji",
]


def _sheet_xml(fill) -> tuple[bytes, bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    sheet.freeze_panes = "A2"
    sheet.append(["a", "b", "c"])
    fill(sheet)
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(out) as archive:
        return archive.read("xl/worksheets/sheet1.xml"), archive.read("xl/styles.xml")


def test_xlsx_rows_are_what_openpyxl_writes():
    rows = [(v, w, v) for v in VALUES for w in (VALUES[3], VALUES[13], None)] * 2  # each value again and again
    appended = _sheet_xml(lambda sheet: [sheet.append([exports._xlsx_cell(sheet, v) for v in r]) for r in rows])
    written = _sheet_xml(lambda sheet: xlsx_rows.append_rows(sheet, rows, columns=3, make_cell=exports._xlsx_cell))
    assert written == appended
    assert b'<row r="157">' in written[0]  # every row there


def test_json_rows_are_what_json_dumps_writes():
    names = [f"c{i}" for i in range(3)]
    rows = [(v, w, v) for v in VALUES for w in (VALUES[3], VALUES[13], None)]
    exports.TABLES["_probe"] = dict.fromkeys(names, ("", ""))
    try:
        document = b"".join(exports.as_json("_probe", rows, fiscal_year=2570, generated_at="now")).decode()
    finally:
        del exports.TABLES["_probe"]
    lines = document.split('"rows": [\n  ', 1)[1].rsplit("\n ]", 1)[0].split(",\n  ")
    assert lines == [
        json.dumps(dict(zip(names, r, strict=True)), ensure_ascii=False, default=exports._number) for r in rows
    ]
