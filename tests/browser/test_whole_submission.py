"""The whole submission in the browser: a coordinator writes the organisation profile, reports category 7 (a bad
value first), downloads the SAR as PDF and Word; a reviewer reads the profile and scores a results item."""

import re
import shutil
import subprocess

import docx
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Assessment, Indicator, ProfileAnswer
from assessments.submission import assessment_submit
from reviews.models import ResultsReview
from tests.sar_data import indicators_write, profile_write
from tests.test_submission import _claim_everything


def _log_in(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(person.email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_a_coordinator_writes_the_profile_and_results_and_downloads_the_sar(page, live_roles, tmp_path):
    roles = live_roles
    _log_in(page, roles.coordinator, roles.password)
    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    page.get_by_role("link", name="ลักษณะสำคัญขององค์การ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ลักษณะสำคัญขององค์การ")
    page.get_by_role("link", name="P.1 ก (1) พันธกิจและบริการ").click()
    page.locator("textarea[name=text]").fill("กรมมีพันธกิจป้องกันควบคุมโรค\n\n- เฝ้าระวังโรค\n- ควบคุมโรค")
    page.locator("select[name=status]").select_option("ready")
    page.locator("#item-form button[type=submit]").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text("บันทึก")
    page.get_by_role("link", name="หัวข้อถัดไป").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("P.1 ก (2)")

    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    page.get_by_role("link", name="หมวด 7: ผลลัพธ์การดำเนินการ").first.click()
    page.get_by_role("link", name=re.compile(r"^7\.2 ")).click()
    form = page.locator("#item-form")
    form.locator("input[name=name]").fill("ร้อยละความพึงพอใจของผู้รับบริการ")
    form.locator("input[name=unit]").fill("ร้อยละ")
    form.locator("input[name=target]").fill("85")
    form.locator("input[name=value_0]").fill("80")
    form.locator("input[name=value_1]").fill("แปดสิบสาม")  # not a number
    form.locator("input[name=value_2]").fill("86")
    form.locator("input[name=data_source]").fill("แบบสำรวจความพึงพอใจประจำปี")
    form.locator("button[type=submit]").click()
    expect(page.locator("#item-form")).to_contain_text("“แปดสิบสาม” ไม่ใช่ตัวเลข")
    expect(page.locator("input[name=data_source]")).to_have_value("แบบสำรวจความพึงพอใจประจำปี")  # nothing lost
    page.locator("input[name=value_1]").fill("83")
    page.locator("#item-form button[type=submit]").click()
    expect(page.locator("section.indicator")).to_contain_text("ร้อยละความพึงพอใจของผู้รับบริการ")
    expect(page.locator("section.indicator svg[role=img]")).to_be_visible()
    expect(page.locator("#results-score")).to_have_text("400.00")
    page.screenshot(path=str(tmp_path / "results-item.png"), full_page=True)

    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert download.value.suggested_filename == "pmqa-2570-ddc-sar-th.pdf"
    pdf_path = tmp_path / "sar.pdf"
    download.value.save_as(pdf_path)
    subprocess.run(
        [shutil.which("pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")],
        check=True,
    )
    assert next(tmp_path.glob("p*.png")).stat().st_size > 5_000
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "กรมมีพันธกิจป้องกันควบคุมโรค" in text and "ร้อยละความพึงพอใจของผู้รับบริการ" in text

    with page.expect_download() as download:
        page.get_by_role("link", name="Word", exact=True).click()
    assert download.value.suggested_filename == "pmqa-2570-ddc-sar-th.docx"
    docx_path = tmp_path / "sar.docx"
    download.value.save_as(docx_path)
    document = docx.Document(docx_path)
    words = "\n".join(p.text for p in document.paragraphs)
    assert "กรมมีพันธกิจป้องกันควบคุมโรค" in words and "ร้อยละความพึงพอใจของผู้รับบริการ" in words
    assert ProfileAnswer.objects.get(assessment=roles.assessment, section__code="p1a1").status == "ready"
    assert Indicator.objects.get().values.count() == 3


def test_a_reviewer_reads_the_profile_comments_and_scores_a_results_item(page, live_roles):
    roles = live_roles
    _claim_everything(roles.assessment)
    indicators_write(roles.assessment)
    profile_write(roles.assessment)
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    assert Assessment.objects.get(pk=roles.assessment.pk).status == "submitted"

    _log_in(page, roles.reviewer, roles.password)
    page.goto(page.live_server_url + "/reviews/2570/ddc/")
    page.get_by_role("link", name="ลักษณะสำคัญขององค์การ").click()
    section = page.locator("section#p1b2")
    expect(section).to_contain_text("ส่วนราชการมีพันธกิจ")
    section.locator("textarea[name=body]").fill("ควรแยกความต้องการของผู้รับบริการแต่ละกลุ่ม")
    section.locator("button[type=submit]").click()
    expect(page.locator("section#p1b2")).to_contain_text("ควรแยกความต้องการของผู้รับบริการแต่ละกลุ่ม")

    page.goto(page.live_server_url + "/reviews/2570/ddc/")
    page.get_by_role("link", name=re.compile(r"^7\.1 ")).click()
    expect(page.locator("#rule-score")).to_have_text("300.00")
    mine = page.locator("form").filter(has=page.locator("select[name='mine-score']"))
    mine.locator("select[name='mine-score']").select_option("350")
    mine.locator("textarea[name='mine-strengths']").fill("ตัวชี้วัดครอบคลุมพันธกิจ")
    mine.locator("button[type=submit]").click()
    consensus = page.locator("form").filter(has=page.locator("select[name='consensus-score']"))
    expect(consensus.locator("select[name='consensus-score']")).to_have_value("350")  # starts from the lead's own
    consensus.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert ResultsReview.objects.get(is_consensus=True).score == 350
