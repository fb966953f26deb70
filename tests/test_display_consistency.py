"""One display rule for every score and gap: one assessment, worked by hand, read through every page, PDF and export.

23 sub-items at 400 and one at 395: category 4 is (400 × 3 + 395) / 4 = 398.75, the overall (400 × 5 + 398.75) / 6
= 399.7916…, Basic, with a gap of 0.2083… to a target of 400. Shown, the overall is 399.79 (rounded down: it has
not reached 400) and the gap 0.21 (rounded up: the target is not met), never "400" beside Basic or a gap of 0.
"""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import ExecutiveScope, User
from assessments import scores
from assessments.models import Answer, Assessment
from reviews.models import ItemReview

OVERALL, GAP, CATEGORY = "399.79", "0.21", "398.75"
A = {"year": 2570, "code": "ddc"}


@pytest.fixture
def almost(roles):
    """Self-assessment and result alike: every sub-item at 400 but 4.2 at 395; target 400; finalised."""
    assessment = roles.assessment
    for response in assessment.responses.select_related("item"):
        advance = 95 if response.item.code == "4.2" else 100
        fractions = {"basic": 100, "advance": advance, "significance": 0}
        Answer.objects.filter(response=response, level__code="basic").update(fraction=100, narrative="ทำแล้ว")
        Answer.objects.filter(response=response, level__code="advance").update(fraction=advance, narrative="ทบทวน")
        ItemReview.objects.create(response=response, reviewer=roles.reviewer, is_consensus=True, fractions=fractions)
    Assessment.objects.filter(pk=assessment.pk).update(
        status="finalised", target_score=400, finalised_at="2027-06-01T10:00Z"
    )
    scores.result_store(assessment)  # as the workflow does when it finalises
    opdc = User.objects.create_user(email="opdc@pmqa.test", password=roles.password)
    ExecutiveScope.objects.create(user=opdc, scope=ExecutiveScope.Scope.ALL)
    roles.opdc = opdc
    return roles


def _pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def _no_rounded_up_overall(text: str) -> None:
    # "400.00" may stand for a sub-item, never for the overall; a gap of 0 would mean the target was met.
    assert "399.80" not in text and "399.8 " not in text and " 400 ·" not in text


def test_the_results_page(client, almost):
    client.force_login(almost.executive)
    page = client.get(reverse("reviews:results", kwargs=A)).content.decode()
    assert re.search(rf'id="overall-reviewed">{re.escape(OVERALL)}<', page)
    assert f"ช่องว่าง: {GAP}" in page and "ระดับพื้นฐาน" in page and CATEGORY in page
    _no_rounded_up_overall(page)


def test_the_dashboards(client, almost):
    client.force_login(almost.opdc)
    cycle = client.get(reverse("reports:cycle", kwargs={"year": 2570})).content.decode()
    assert OVERALL in cycle and GAP in cycle
    agency = client.get(reverse("reports:agency", kwargs={"code": "ddc"})).content.decode()
    assert OVERALL in agency and GAP in agency
    _no_rounded_up_overall(cycle + agency)


def test_the_gap_report_and_the_portfolio(client, almost):
    client.force_login(almost.opdc)
    report = _pdf_text(client.get(reverse("reports:gap_report", kwargs=A)).content)
    assert OVERALL in report and GAP in report and CATEGORY in report
    portfolio = _pdf_text(client.get(reverse("reports:portfolio", kwargs={"year": 2570})).content)
    assert OVERALL in portfolio and GAP in portfolio
    _no_rounded_up_overall(report + portfolio)


def test_the_sar(client, almost):
    client.force_login(almost.member)
    text = _pdf_text(client.get(reverse("reports:sar", kwargs={**A, "fmt": "pdf"})).content)
    assert OVERALL in text and CATEGORY in text


def _export(client, table, fmt):
    return client.get(reverse("reports:export", kwargs={"year": 2570, "table": table, "fmt": fmt})).getvalue()


def test_the_exports(client, almost):
    client.force_login(almost.opdc)
    rows = list(csv.DictReader(io.StringIO(_export(client, "agencies", "csv").decode("utf-8-sig"))))
    ddc = next(r for r in rows if r["agency_code"] == "ddc")
    assert (ddc["result_score"], ddc["result_level"], ddc["result_gap"]) == (OVERALL, "basic", GAP)
    assert (ddc["self_score"], ddc["self_gap"]) == (OVERALL, GAP)
    document = json.loads(_export(client, "agencies", "json"))
    ddc = next(r for r in document["rows"] if r["agency_code"] == "ddc")
    assert (ddc["result_score"], ddc["result_level"], ddc["result_gap"]) == (399.79, "basic", 0.21)
    sheet = load_workbook(io.BytesIO(_export(client, "agencies", "xlsx")))["agencies"]
    header = [c.value for c in sheet[1]]
    ddc = next(dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2))
    assert (str(ddc["result_score"]), ddc["result_level"], str(ddc["result_gap"])) == (OVERALL, "basic", GAP)
    categories = list(csv.DictReader(io.StringIO(_export(client, "categories", "csv").decode("utf-8-sig"))))
    assert next(r for r in categories if r["agency_code"] == "ddc" and r["category"] == "4")["result_score"] == CATEGORY


def test_item_scores_are_shown_by_the_same_rule_on_the_team_and_review_pages(client, almost):
    client.force_login(almost.member)
    workspace = client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    assert ">395.00<" in workspace and ">400.00<" in workspace
    item = client.get(reverse("assessments:item", kwargs={**A, "item": "4.2"})).content.decode()
    assert 'id="claimed-score">395.00<' in item
    client.force_login(almost.reviewer)
    overview = client.get(reverse("reviews:assessment", kwargs=A)).content.decode()
    assert ">395.00<" in overview
