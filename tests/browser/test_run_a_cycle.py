"""An OPDC administrator runs a cycle in the product, never in /admin/: creates it with Buddhist-era dates, opens it
after the preview, assigns two reviewers to an agency with one as lead, imports a late agency that gets its
assessment at once, extends the deadline and closes the cycle."""

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from accounts.models import ReviewerAssignment
from assessments.models import Assessment, Cycle

SHOTS = Path(os.environ.get("CYCLE_SHOTS", "/tmp/shots"))
LATE_AGENCY = (
    "code,name_th,name_en,kind,ministry_code,ministry_name_th,ministry_name_en,active\n"
    "dms,กรมการแพทย์,Department of Medical Services,department,moph,,,1\n"
).encode("utf-8-sig")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cycles-{name}.png"), full_page=True)


def _row(page, text):
    return page.locator("tbody tr", has_text=text)


def test_an_administrator_runs_a_cycle_without_the_django_admin(page, live_roles):
    roles = live_roles
    url = page.live_server_url
    page.goto(url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(roles.administrator.email)
    page.get_by_label("รหัสผ่าน").fill(roles.password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(url + "/manage/")
    page.get_by_role("heading", name="รอบการประเมิน").get_by_role("link").click()
    expect(page).to_have_url(url + "/manage/cycles/")

    # Create: a Christian-era year is pointed out, and what was typed stays.
    page.get_by_role("link", name="สร้างรอบการประเมิน").click()
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill("2571")
    page.get_by_label("วันเปิดรอบ").fill("01/10/2027")
    page.locator("#id_deadline_date").fill("31/03/2571")
    page.get_by_role("button", name="สร้างรอบการประเมิน").click()
    expect(page.get_by_text("2027 เป็นปีคริสต์ศักราช")).to_be_visible()
    expect(page.get_by_label("วันเปิดรอบ")).to_have_value("01/10/2027")
    _shot(page, "1-create-refused")
    page.get_by_label("วันเปิดรอบ").fill("01/10/2570")
    page.get_by_role("button", name="สร้างรอบการประเมิน").click()
    expect(page.get_by_role("status")).to_contain_text("ปีงบประมาณ 2571")
    expect(_row(page, "2571")).to_contain_text("1 ตุลาคม 2570")
    expect(_row(page, "2571")).to_contain_text("31 มีนาคม 2571 เวลา 16:30 น.")
    expect(_row(page, "2571")).to_contain_text("อยู่ระหว่างเตรียมการ")

    # Open: a preview first, then the confirmation.
    _row(page, "2571").get_by_role("link", name="เปิดรอบ").click()
    expect(page.locator("#open-count")).to_contain_text("ส่วนราชการ 2 แห่งจะได้รับแบบประเมิน")
    expect(page.get_by_text("หัวข้อย่อยที่ต้องประเมิน 24 หัวข้อ")).to_be_visible()
    _shot(page, "2-open-preview")
    assert not Assessment.objects.filter(cycle__fiscal_year=2571).exists()
    page.get_by_role("button", name="ยืนยัน: เปิดรอบการประเมิน").click()
    expect(_row(page, "2571")).to_contain_text("เปิดให้ประเมินตนเอง")
    assert Assessment.objects.filter(cycle__fiscal_year=2571).count() == 2

    # Two reviewers for กรมควบคุมโรค, one of them the lead.
    _row(page, "2571").get_by_role("link", name="ผู้ตรวจประเมิน").click()
    expect(page.locator("#assignment-warnings")).to_contain_text("ส่วนราชการ 2 แห่งยังไม่มีผู้ตรวจประเมิน")
    page.locator("#id_agency").select_option(label="กรมควบคุมโรค (ddc)")
    page.locator("#id_reviewer").select_option(label="reviewer Test (reviewer@pmqa.test)")
    page.locator("#id_lead").check()
    page.get_by_role("button", name="มอบหมาย", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("เป็นหัวหน้าผู้ตรวจประเมินของ กรมควบคุมโรค")
    page.locator("#id_agency").select_option(label="กรมควบคุมโรค (ddc)")
    page.locator("#id_reviewer").select_option(label="otherreviewer Test (otherreviewer@pmqa.test)")
    page.get_by_role("button", name="มอบหมาย", exact=True).click()
    ddc = _row(page, "กรมควบคุมโรค")
    expect(ddc).to_contain_text("reviewer Test")
    expect(ddc).to_contain_text("otherreviewer Test")
    expect(ddc.locator(".badge", has_text="หัวหน้า")).to_have_count(1)
    expect(page.locator("#assignment-warnings")).to_contain_text("ส่วนราชการ 1 แห่งยังไม่มีผู้ตรวจประเมิน")
    _shot(page, "3-assignments")
    leads = ReviewerAssignment.objects.filter(cycle__fiscal_year=2571, agency__code="ddc", is_lead=True)
    assert list(leads.values_list("reviewer__email", flat=True)) == ["reviewer@pmqa.test"]

    # A late agency, through the agency import: its workspace is there at once.
    page.goto(url + "/manage/import/agencies/")
    page.get_by_label("ไฟล์").set_input_files({"name": "late.csv", "mimeType": "text/csv", "buffer": LATE_AGENCY})
    page.get_by_role("button", name="ตัวอย่างก่อนนำเข้า").click()
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.goto(url + "/assessments/2571/dms/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("กรมการแพทย์")
    assert Assessment.objects.filter(cycle__fiscal_year=2571, agency__code="dms").exists()

    # Extend the deadline, then close.
    page.goto(url + "/manage/cycles/")
    _row(page, "2571").get_by_role("link", name="ขยายกำหนดส่ง").click()
    page.get_by_label("กำหนดส่งใหม่").fill("30/04/2571")
    page.get_by_role("button", name="ขยายกำหนดส่ง").click()
    expect(_row(page, "2571")).to_contain_text("30 เมษายน 2571 เวลา 16:30 น.")
    _row(page, "2571").get_by_role("link", name="ปิดรอบ").click()
    expect(page.get_by_role("heading", name="ผลของการปิดรอบ")).to_be_visible()
    expect(page.locator("#close-counts")).to_contain_text("กำลังดำเนินการ: 3")
    _shot(page, "4-close")
    page.get_by_role("button", name="ยืนยัน: ปิดรอบการประเมิน").click()
    expect(_row(page, "2571")).to_contain_text("ปิดแล้ว")
    _shot(page, "5-list")
    assert Cycle.objects.get(fiscal_year=2571).status == Cycle.Status.CLOSED
    assert not re.search(r"/admin/", page.url)
