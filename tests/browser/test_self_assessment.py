import re

from django.core import mail
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Evidence
from tests.sar_data import indicators_write, profile_write

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _log_in(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(person.email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _fill_item(page, code, basic, advance, pdf_path):
    page.get_by_role("link", name=re.compile(rf"^{re.escape(code)} ")).click()
    basic_card = page.locator("section[aria-labelledby='level-basic']")
    basic_card.get_by_role("textbox").fill(basic)
    basic_card.get_by_role("combobox").select_option("100")
    advance_card = page.locator("section[aria-labelledby='level-advance']")
    advance_card.get_by_role("textbox").fill(advance)
    advance_card.get_by_role("combobox").select_option("50")
    page.locator("input[type=file][name=evidence_file]").set_input_files(str(pdf_path))
    page.locator("input[name=evidence_title]").fill(f"รายงานผลการดำเนินงาน {code}")
    page.locator("select[name=status]").select_option("ready")
    page.locator("#item-form button[type=submit]").click()
    expect(page.locator("#claimed-score")).to_have_text("350.00")  # every score shown by one rule
    expect(page.get_by_role("link", name=f"รายงานผลการดำเนินงาน {code}")).to_be_visible()
    page.locator(".breadcrumb a").nth(1).click()  # back to the workspace


def test_member_fills_two_items_and_the_coordinator_submits(page, live_roles, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    roles = live_roles
    assessment = roles.assessment
    # Everything but 1.1 and 1.2 was done earlier.
    others = assessment.responses.exclude(item__code__in=["1.1", "1.2"])
    Answer.objects.filter(response__in=others, level__code="basic").update(fraction=100, narrative="ดำเนินการแล้ว")
    others.update(status="ready")
    link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="เว็บไซต์")
    link.responses.set(others)
    profile_write(assessment)  # the organisation profile and category 7 were done earlier too
    indicators_write(assessment)
    pdf = tmp_path / "แผนปฏิบัติราชการ.pdf"
    pdf.write_bytes(PDF)

    _log_in(page, roles.member, roles.password)
    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    _fill_item(page, "1.1", "ผู้บริหารกำหนดวิสัยทัศน์ร่วมกับบุคลากร", "ทบทวนยุทธศาสตร์ทุกปี", pdf)
    _fill_item(page, "1.2", "มีนโยบายป้องกันการทุจริต", "รายงานผลต่อสาธารณะ", pdf)
    page.get_by_role("button", name="ออกจากระบบ").click()

    _log_in(page, roles.coordinator, roles.password)
    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    page.locator("a[href$='/check/']").click()
    expect(page.locator("#errors-heading")).to_contain_text("0")
    page.locator("form[action$='/submit/'] button[type=submit]").click()
    expect(page.locator("#what-happens")).to_be_visible()  # a confirmation step says what submitting does
    page.locator("#submit-confirm").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_by == roles.coordinator
    assert Evidence.objects.filter(kind="file").count() == 2
    assert Evidence.objects.filter(kind="file").values("file").distinct().count() == 1  # the same PDF, stored once
    assert [m.to for m in mail.outbox][-1] == [roles.reviewer.email]
