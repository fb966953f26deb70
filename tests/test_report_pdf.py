"""The agency gap report: one PDF helper, a right text layer, embedded fonts, metadata, numbers equal to the
scoring module's, and who may fetch it."""

import io
import re
import unicodedata
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import scoring
from criteria.models import Descriptor
from reports import pdf
from tests.reports_data import IMPROVEMENT, STRENGTH, expected_scores, finalise

A = {"year": 2570, "code": "ddc"}


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _squash(text: str) -> str:
    """NFKC, without the spaces and line breaks layout adds or removes (Thai has no spaces between words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture
def final(roles):
    finalise(roles.assessment, roles.reviewer)
    return roles


def _report(client, user, query=""):
    client.force_login(user)
    return client.get(reverse("reports:gap_report", kwargs=A) + query)


def test_gap_report_is_a_pdf_download_with_metadata_and_embedded_sarabun(client, final):
    response = _report(client, final.executive)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pmqa-2570-ddc-gap-report-th.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    meta = reader.metadata
    assert "กรมควบคุมโรค" in meta.title and "2570" in meta.title
    assert meta.author == "กรมควบคุมโรค"
    assert meta.creation_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "th"
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all("Sarabun" in name for name in fonts), fonts
    assert all(fonts.values()), "every font is embedded"


def test_text_layer_equals_the_source_after_nfkc_including_sara_am(client, final):
    text = _squash(_text(_report(client, final.executive).content))
    assert "ำ" not in text  # written as ํ + า, which NFKC gives and WeasyPrint extracts right
    for source in [
        "กรมควบคุมโรค",
        "กระทรวงสาธารณสุข",
        "การนำองค์การ",  # category 1, with ำ
        f"1.1 {STRENGTH}",
        f"1.1 {IMPROVEMENT}",
        "ปีงบประมาณ พ.ศ. 2570",
        *Descriptor.objects.filter(item__code__in=["1.1", "2.3", "6.4"], level__code="advance").values_list(
            "text_th", flat=True
        ),
    ]:
        assert _squash(source) in text, source


def test_numbers_are_the_scoring_modules(client, final):
    response = _report(client, final.executive)
    expected = expected_scores(final.assessment, reviewed=True)
    own = expected_scores(final.assessment, reviewed=False)
    context = response.context
    assert context["final"] is True
    assert context["basis"].overall == expected.overall
    assert context["own"].overall == own.overall
    assert dict(context["basis"].categories) == dict(expected.categories)
    assert dict(context["basis"].success_factors) == dict(expected.success_factors)
    text = _squash(_text(response.content))
    assert str(scoring.score_display(expected.overall.score)) in text
    assert str(scoring.gap_display(expected.overall.gap)) in text
    for number, scored in expected.categories.items():
        assert str(scoring.score_display(scored.score)) in text, number
    # Item 2.2 is below Basic in the result (tests/reports_data.py); the report says what Basic requires.
    below = next(e for e in context["items"] if e.scored.level is None)
    assert below.next_level.code == "basic"
    assert _squash(below.next_descriptor.text_th) in text
    # The priorities close the gap: applying them reaches the target.
    plan = context["plan"]
    assert plan.before == expected.overall.score and plan.steps
    assert plan.after >= 400 and plan.steps[-1].overall_after == plan.after


def test_before_finalisation_the_report_is_the_self_assessment_only(client, roles):
    finalise(roles.assessment, roles.reviewer)
    roles.assessment.status = "submitted"
    roles.assessment.save()
    response = _report(client, roles.executive)
    text = _squash(_text(response.content))
    assert response.context["final"] is False
    assert response.context["basis"].overall == expected_scores(roles.assessment, reviewed=False).overall
    assert _squash(STRENGTH) not in text and _squash(IMPROVEMENT) not in text
    assert _squash("ผลการประเมินตนเองเท่านั้น ยังไม่ได้ตรวจประเมิน") in text  # the cover says so


def test_english_on_request(client, final):
    response = _report(client, final.executive, "?lang=en")
    assert response["Content-Disposition"].endswith('-en.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Summary" in _text(response.content)
    assert _report(client, final.executive, "?lang=fr").status_code == 404


@pytest.mark.parametrize(
    "role, status",
    [
        ("member", 200),
        ("reviewer", 200),
        ("executive", 200),
        ("administrator", 200),
        ("outsider", 404),
        ("other_executive", 404),
        ("other_reviewer", 404),
    ],
)
def test_who_may_fetch_the_report(client, final, role, status):
    assert _report(client, getattr(final, role)).status_code == status


def test_an_executive_of_one_agency_cannot_fetch_anothers_report(client, final):
    client.force_login(final.other_executive)  # scope: chiangmai only
    assert client.get(reverse("reports:gap_report", kwargs={"year": 2570, "code": "chiangmai"})).status_code == 200
    assert client.get(reverse("reports:gap_report", kwargs=A)).status_code == 404


# --- the PDF helper ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://pmqa.invalid/media/evidence.pdf",
        "https://pmqa.invalid/static/../pmqa/settings.py",
        "https://pmqa.invalid/static/%2e%2e/pmqa/settings.py",
        "https://pmqa.invalid/static//etc/passwd",
        "file:///etc/passwd",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        pdf.StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_the_fonts_and_the_stylesheet():
    font = pdf.StaticOnlyFetcher().fetch("https://pmqa.invalid/static/fonts/sarabun/Sarabun_400Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    css = pdf.StaticOnlyFetcher().fetch("https://pmqa.invalid/static/css/report.css")
    assert b"@page" in css.read()


def test_rendering_never_opens_a_url(db):
    html = (
        '<html><head><link rel="stylesheet" href="static/css/report.css"></head>'
        '<body><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname"><p>กำหนด</p></body></html>'
    )
    with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("fetched a URL")):
        content = pdf.html_to_pdf(html)
    assert _squash(_text(content)).startswith(_squash("กำหนด"))  # then the page number


def test_sara_am_is_decomposed_as_nfkc():
    assert pdf.text_for_pdf("กำหนด") == unicodedata.normalize("NFKC", "กำหนด")
