"""The self-assessment report (SAR) as PDF and Word: everything in the database is in both (read back with pypdf
and python-docx), each page states the document's standing, reviewer scores only once final, Sarabun embedded."""

import io
import re
import unicodedata
import zipfile

import docx
import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Answer, Assessment, Evidence, Indicator, ProfileAnswer
from reports import docx_kit
from reports.sar import sar_data
from tests.reports_data import IMPROVEMENT, STRENGTH, finalise
from tests.sar_data import indicators_write, profile_write

A = {"year": 2570, "code": "ddc"}


def _squash(text: str) -> str:
    """NFKC, without the spaces and line breaks layout adds or removes (Thai has no spaces between words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _fill(assessment):
    """A whole submission: profile, a narrative of its own for every level of every item, evidence, indicators."""
    profile_write(assessment)
    for answer in Answer.objects.filter(response__assessment=assessment).select_related("response__item", "level"):
        answer.narrative = f"หัวข้อ {answer.response.item.code} {answer.level.name_th}: มีการกำหนดแนวทางและติดตามผล"
        answer.fraction = 100 if answer.level.code == "basic" else 50 if answer.level.code == "advance" else 0
        answer.save()
    item = assessment.responses.get(item__code="2.3")
    link = Evidence.objects.create(
        assessment=assessment, kind="link", url="https://www.ddc.go.th/plan", title="แผนยุทธศาสตร์กรม"
    )
    link.responses.add(item)
    section = ProfileAnswer.objects.get(assessment=assessment, section__code="p1b1")
    chart = Evidence.objects.create(
        assessment=assessment, kind="link", url="https://www.ddc.go.th/org", title="แผนภูมิโครงสร้างองค์การ"
    )
    chart.profile_answers.add(section)
    return indicators_write(assessment)


@pytest.fixture
def filled(roles):
    roles.indicators = _fill(roles.assessment)
    return roles


def _get(client, user, fmt, query=""):
    client.force_login(user)
    return client.get(reverse("reports:sar", kwargs={**A, "fmt": fmt}) + query)


def _pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _everything(assessment) -> list[str]:
    """Every text and figure of the submission the database holds."""
    texts = list(ProfileAnswer.objects.filter(assessment=assessment).values_list("text", flat=True))
    texts += [
        t for t in Answer.objects.filter(response__assessment=assessment).values_list("narrative", flat=True) if t
    ]
    for indicator in Indicator.objects.filter(response__assessment=assessment).prefetch_related("values"):
        texts += [indicator.name, indicator.unit, indicator.data_source]
        texts += [format(v.value.normalize(), "f") for v in indicator.values.all()]
    texts += list(Evidence.objects.filter(assessment=assessment).values_list("title", flat=True))
    return texts


def test_the_pdf_holds_every_narrative_profile_section_and_indicator(client, filled):
    response = _get(client, filled.member, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pmqa-2570-ddc-sar-th.pdf"'
    text = _squash("\n".join(_pdf_pages(response.content)))
    for source in _everything(filled.assessment):
        # Each line on its own: a list item's bullet is drawn, not written.
        for line in source.splitlines():
            assert _squash(line.lstrip("- ")) in text, line
    for code in ("1.1", "6.4", "7.1", "7.6"):
        assert code in text
    assert _squash("https://www.ddc.go.th/plan") in text  # the evidence's link, in its item and the appendix


def test_a_draft_says_so_on_every_page(client, filled):
    pages = _pdf_pages(_get(client, filled.member, "pdf").content)
    assert len(pages) > 10
    assert all(_squash("ฉบับร่าง: ยังไม่ได้ส่ง") in _squash(page) for page in pages)
    document = docx.Document(io.BytesIO(_get(client, filled.member, "docx").content))
    assert "ฉบับร่าง: ยังไม่ได้ส่ง" in document.sections[0].header.paragraphs[0].text


def test_a_submitted_then_finalised_report_states_its_status_and_date(client, filled):
    Assessment.objects.filter(pk=filled.assessment.pk).update(status="submitted", submitted_at="2027-03-20T10:00Z")
    pages = _pdf_pages(_get(client, filled.member, "pdf").content)
    assert all(_squash("ส่งแล้วเมื่อ 20 มีนาคม 2570") in _squash(page) for page in pages)
    text = _squash("".join(pages))
    assert _squash(STRENGTH) not in text  # no reviewer's text before the results are final
    finalise(filled.assessment, filled.reviewer)
    response = _get(client, filled.executive, "pdf")
    pages = _pdf_pages(response.content)
    assert all(_squash("ยืนยันผลเมื่อ") in _squash(page) for page in pages)
    assert _squash(f"1.1 {STRENGTH}") in _squash("".join(pages)) and _squash(f"6.4 {IMPROVEMENT}") in _squash(
        "".join(pages)
    )
    words = _docx_text(_get(client, filled.executive, "docx").content)
    assert f"1.1 {STRENGTH}" in words and f"6.4 {IMPROVEMENT}" in words


def test_reviewer_scores_stay_out_until_final_even_for_the_reviewers(client, filled):
    finalise(filled.assessment, filled.reviewer)
    Assessment.objects.filter(pk=filled.assessment.pk).update(status="submitted")
    for fmt, read in (("pdf", lambda c: "".join(_pdf_pages(c))), ("docx", _docx_text)):
        text = _squash(read(_get(client, filled.reviewer, fmt).content))
        assert _squash(STRENGTH) not in text and _squash(IMPROVEMENT) not in text


def test_the_word_file_holds_everything_editable_in_sarabun(client, filled):
    response = _get(client, filled.coordinator, "docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"] == 'attachment; filename="pmqa-2570-ddc-sar-th.docx"'
    words = _docx_text(response.content)
    for source in _everything(filled.assessment):
        for line in source.splitlines():
            assert line.lstrip("- ") in words, line
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "ลักษณะสำคัญขององค์การ" in headings and "หมวด 7: ผลลัพธ์การดำเนินการ" in headings
    assert "1.1 ระบบการนำองค์การที่สร้างความยั่งยืน" in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "บริการที่หนึ่ง" in bullets  # a typed list stays a list
    assert len(document.inline_shapes) == len(filled.indicators)  # a chart per indicator
    normal = document.styles["Normal"].element.rPr.rFonts
    assert {normal.get(f"{{{NS}}}{slot}") for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Sarabun"}
    assert "สารบัญ" in words and "หมวด 1: การนำองค์การ" in words  # the contents, before Word updates them


NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_the_word_file_embeds_sarabun(client, filled):
    archive = zipfile.ZipFile(io.BytesIO(_get(client, filled.member, "docx").content))
    table = archive.read("word/fontTable.xml").decode()
    keys = re.findall(r'w:fontKey="(\{[0-9A-F-]+\})"', table)
    assert 'w:name="Sarabun"' in table and len(keys) == 4
    rels = archive.read("word/_rels/fontTable.xml.rels").decode()
    targets = re.findall(r'Target="(fonts/font\d\.odttf)"', rels)
    regular = archive.read(f"word/{targets[0]}")
    original = open(finders.find("fonts/sarabun/Sarabun_400Regular.ttf"), "rb").read()
    assert regular != original and docx_kit.deobfuscate(regular, keys[0]) == original
    assert "embedTrueTypeFonts" in archive.read("word/settings.xml").decode()


def test_english_on_request(client, filled):
    response = _get(client, filled.member, "pdf", "?lang=en")
    assert response["Content-Disposition"].endswith('-en.pdf"')
    text = "".join(_pdf_pages(response.content))
    assert "Self-assessment report (SAR)" in text and "DRAFT: not submitted yet" in text
    assert _get(client, filled.member, "docx", "?lang=fr").status_code == 404
    assert _get(client, filled.member, "odt").status_code == 404


@pytest.mark.parametrize(
    "role, status",
    [("member", 200), ("reviewer", 200), ("executive", 200), ("administrator", 200), ("outsider", 404)]
    + [("other_executive", 404), ("other_reviewer", 404)],
)
def test_who_may_download_the_sar(client, filled, role, status):
    assert _get(client, getattr(filled, role), "docx").status_code == status


def test_the_sar_is_gathered_in_a_fixed_number_of_queries(filled):
    def count():
        assessment = Assessment.objects.select_related("cycle__edition", "agency__ministry").get(
            pk=filled.assessment.pk
        )
        with CaptureQueriesContext(connection) as captured:
            sar_data(assessment)
        return len(captured)

    before = count()
    indicators_write(filled.assessment)  # six more indicators
    for response in filled.assessment.responses.all()[:10]:
        link = Evidence.objects.create(assessment=filled.assessment, kind="link", url="https://x.example", title="x")
        link.responses.add(response)
    assert count() == before
