"""PDF tables never leave a row alone on a page: a total row goes with the rows above it, and the last row of a
table with the one before it (static/css/report.css), in the gap report, the portfolio and the SAR alike."""

import io
import re

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from reports import selectors
from reports.charts_context import report_charts
from reports.pdf import html_to_pdf, render_pdf
from tests.reports_data import finalise


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _gap_report(assessment, rows: int) -> list[str]:
    """The English gap report with `rows` rows in its category table (the six repeated), long enough to cross a
    page; its sub-items left out, as they come after the summary and take time to lay out."""
    with translation.override("en"):
        data = selectors.gap_report(assessment)
        charts = report_charts(data)
        six = data["category_rows"]
        data["category_rows"] = [six[i % len(six)] for i in range(rows)]
        data["items"] = []
        context = {"assessment": assessment, "now": timezone.now(), "charts": charts, **data}
        return _pages(render_pdf("reports/gap_report.html", context))


TOTAL = re.compile(r"^Overall \d+\.\d\d", re.M)
CATEGORY_ROW = re.compile(r"^\d\. .* \d+\.\d\d .*\d+\.\d\d$", re.M)


def test_gap_report_total_row_shares_its_page_with_a_category_row(roles):
    """The summary's category table with as many rows as fill its first page exactly, then one and two more: at
    the first the total row has no room left beside the last row. Wherever it breaks, the page with the
    "Overall" row has a category row above it."""
    finalise(roles.assessment, roles.reviewer)
    pages = _gap_report(roles.assessment, 30)
    start = next(i for i, text in enumerate(pages) if CATEGORY_ROW.search(text))
    fill = len(CATEGORY_ROW.findall(pages[start]))
    assert 0 < fill < 30, fill
    for rows in (fill, fill + 1, fill + 2):
        pages = _gap_report(roles.assessment, rows)
        totals = [i for i, text in enumerate(pages) if TOTAL.search(text)]
        assert len(totals) == 1, (rows, totals)
        assert CATEGORY_ROW.search(pages[totals[0]].split("Overall")[0]), (rows, pages[totals[0]])


def _table_pdf(rows: int, *, total: bool, sar: bool) -> list[str]:
    """A page of report.css (and sar.css for the SAR) with one table of `rows` rows, a total row when asked."""
    body = "".join(f"<tr><td>row {i}</td><td class='num'>{i}</td></tr>" for i in range(rows))
    foot = "<tfoot><tr><td>TOTAL</td><td class='num'>x</td></tr></tfoot>" if total else ""
    sheets = ["static/css/report.css"] + (["static/css/sar.css"] if sar else [])
    links = "".join(f'<link rel="stylesheet" href="{sheet}">' for sheet in sheets)
    html = (
        f"<html lang='en'><head>{links}</head><body><h2>Table</h2><table><thead><tr><th>a</th><th>b</th></tr>"
        f"</thead><tbody>{body}</tbody>{foot}</table></body></html>"
    )
    return _pages(html_to_pdf(html))


@pytest.mark.parametrize("sar", [False, True], ids=["report", "sar"])
@pytest.mark.parametrize("total", [True, False], ids=["with-total", "without-total"])
def test_no_table_leaves_its_total_or_last_row_alone_on_a_page(total, sar):
    """Every length from less than a page to more: the last page of the table holds at least two body rows (and
    the total, when there is one)."""
    crossed = False
    for rows in range(30, 46):
        pages = [text for text in _table_pdf(rows, total=total, sar=sar) if "row " in text or "TOTAL" in text]
        last = pages[-1]
        assert len(re.findall(r"^row \d+", last, re.M)) >= 2, (rows, last)
        if total:
            assert "TOTAL" in last
        crossed |= len(pages) > 1
    assert crossed, "no length crossed a page: the test proves nothing"
