"""An administrator copies the published edition into a draft, changes an item's title, sees the change on the
"what changed" page and publishes the draft: all in Thai, through the pages."""

import os
from pathlib import Path

from playwright.sync_api import expect

from criteria.models import Edition, Item

SHOTS = Path(os.environ.get("SHOTS", "/tmp/shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"editions-{name}.png"), full_page=True)


def test_administrator_copies_edits_compares_and_publishes(page, live_roles):
    roles = live_roles
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(roles.administrator.email)
    page.get_by_label("รหัสผ่าน").fill(roles.password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.goto(page.live_server_url + "/manage/")
    page.get_by_role("link", name="ฉบับของเกณฑ์").click()
    expect(page.get_by_role("cell", name="เผยแพร่แล้ว")).to_be_visible()
    _shot(page, "list")
    page.get_by_role("link", name="คัดลอกเป็นฉบับร่างใหม่").click()
    expect(page.get_by_label("ใช้ตั้งแต่ปีงบประมาณ (พ.ศ.)")).to_have_value("2571")  # the next fiscal year
    page.get_by_role("button", name="สร้างฉบับร่าง").click()

    expect(page.get_by_role("status")).to_contain_text("สร้างฉบับร่าง")
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    page.get_by_role("link", name="1.1", exact=False).first.click()
    title = page.get_by_label("ชื่อ (ภาษาไทย)")
    old_title = title.input_value()
    title.fill("การวางแผนเชิงยุทธศาสตร์ (ฉบับปรับปรุง)")
    _shot(page, "item")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")

    page.get_by_role("link", name="สิ่งที่เปลี่ยนแปลง").first.click()
    change = page.locator(".change-changed", has_text="1.1")
    expect(change).to_contain_text("การวางแผนเชิงยุทธศาสตร์ (ฉบับปรับปรุง)")
    expect(change).to_contain_text(old_title)
    _shot(page, "changes")

    page.get_by_role("link", name="เผยแพร่…").click()
    expect(page.get_by_text("จะแก้ไขไม่ได้อีก")).to_be_visible()
    _shot(page, "publish")
    page.get_by_role("button", name="เผยแพร่ทันที").click()
    expect(page.get_by_role("status")).to_contain_text("เผยแพร่")
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED
    assert Item.objects.get(category__edition=draft, code="1.1").title_th == "การวางแผนเชิงยุทธศาสตร์ (ฉบับปรับปรุง)"
    assert Item.objects.get(category__edition__code="pmqa-4-0", code="1.1").title_th == old_title
