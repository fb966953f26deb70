"""The agency gap report: one PDF helper, a right text layer, embedded fonts, metadata, numbers equal to the
scoring module's, and who may fetch it."""

import io
import re
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
    """The text as written, without the spaces and line breaks layout adds or removes (Thai has no spaces between
    words). No normalisation: ำ must come back as ำ."""
    return re.sub(r"\s+", "", text)


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


def test_text_layer_equals_the_source_exactly_including_sara_am(client, final):
    text = _squash(_text(_report(client, final.executive).content))
    assert "ำ" in text and "\u0e4d" not in text and "\uf733" not in text  # ำ itself, never its parts
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


SARA_AM_WORDS = "กำหนด การดำเนินการ น้ำ สำนักงาน ทำ ค้ำ ต่ำ การนำองค์การ ซ้ำ กล้ำ ตำแหน่ง ก๋ำ"


def test_sara_am_reads_back_exactly_and_looks_the_same(db, tmp_path):
    """ำ written through the PDF font variant (reports/fontbuild.py) reads back as typed, in every weight, and the
    page is pixel for pixel what WeasyPrint draws from the real ำ with the original fonts."""
    import shutil
    import subprocess

    from weasyprint import HTML

    body = f'<p style="font-size:24pt">{SARA_AM_WORDS} การ ทา</p><p style="font-weight:700">{SARA_AM_WORDS}</p>'
    text = _text(
        pdf.html_to_pdf(f'<html><head><link rel="stylesheet" href="static/css/report.css"></head><body>{body}')
    )
    assert _squash(text).count(_squash(SARA_AM_WORDS)) == 2 and "การทา" in _squash(text)

    def page(fonts: str, html_filter) -> bytes:
        style = f'<style>@import url("static/css/{fonts}"); body {{ font-family: Sarabun }}</style>'
        html = html_filter(f"<html><head>{style}</head><body>{body}</body></html>")
        return HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.StaticOnlyFetcher()).write_pdf()

    pictures = []
    for name, content in [("real", page("fonts.css", str)), ("ours", page("report-fonts.css", pdf.text_for_pdf))]:
        (tmp_path / f"{name}.pdf").write_bytes(content)
        subprocess.run(
            [shutil.which("pdftoppm"), "-png", "-r", "90", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )
        pictures.append(next(tmp_path.glob(f"{name}*.png")).read_bytes())
    assert pictures[0] == pictures[1]


def test_the_pdf_fonts_are_the_build_of_the_originals(tmp_path):
    from reports import fontbuild

    built = fontbuild.build(target=tmp_path)
    assert built
    for path in built:
        assert path.read_bytes() == (fontbuild.TARGET / path.name).read_bytes(), f"run `make fonts`: {path.name}"


# --- Archival PDFs -------------------------------------------------------------------------------------


def test_a_finalised_report_is_pdf_a_3_with_its_results_attached(client, final):
    import json

    from assessments import scoring

    content = _report(client, final.executive).content
    reader = PdfReader(io.BytesIO(content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    document = json.loads(reader.attachments["results.json"][0])
    expected = expected_scores(final.assessment, reviewed=True)
    assert document["format"] == "pmqa-results/1" and document["agency"]["code"] == "ddc"
    assert document["overall"]["result"]["score"] == float(scoring.score_display(expected.overall.score))
    assert document["overall"]["result"]["gap"] == float(scoring.gap_display(expected.overall.gap))
    assert len(document["items"]) == 24 and document["items"][0]["strengths"] == f"1.1 {STRENGTH}"
    assert {c["category"]: c["result"]["score"] for c in document["categories"]} == {
        n: float(scoring.score_display(s.score)) for n, s in expected.categories.items()
    }
    assert "หมวด 1–6" in document["overall_rule"]


def test_a_report_before_finalisation_carries_no_results(client, roles):
    content = _report(client, roles.executive).content
    reader = PdfReader(io.BytesIO(content))
    assert not reader.attachments
    assert (
        "/Metadata" not in reader.trailer["/Root"]
        or "pdfaid" not in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    )
