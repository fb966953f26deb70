from django.core import mail
from playwright.sync_api import expect


def test_coordinator_logs_in_adds_a_member_and_logs_out(page, live_roles):
    roles = live_roles
    page.goto(page.live_server_url + "/")
    page.get_by_role("link", name="เข้าสู่ระบบ").first.click()
    page.get_by_label("ที่อยู่อีเมล").fill(roles.coordinator.email)
    page.get_by_label("รหัสผ่าน").fill(roles.password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page.get_by_role("heading", name="ยินดีต้อนรับ", exact=False)).to_be_visible()
    page.get_by_role("link", name="กรมควบคุมโรค").first.click()
    page.get_by_role("link", name="จัดการสมาชิก").click()

    page.get_by_label("ที่อยู่อีเมล").fill("somchai@pmqa.test")
    page.get_by_label("ชื่อ").fill("สมชาย")  # "ชื่อ*": crispy marks required fields
    page.get_by_label("นามสกุล").fill("รักงาน")
    page.get_by_label("บทบาท").select_option("member")
    page.get_by_role("button", name="เพิ่มเข้าทีม").click()

    expect(page.get_by_role("status")).to_contain_text("สมชาย รักงาน")
    expect(page.get_by_role("rowheader", name="สมชาย รักงาน somchai@pmqa.test")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["somchai@pmqa.test"]]

    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page.get_by_role("link", name="เข้าสู่ระบบ").first).to_be_visible()
    page.goto(page.live_server_url + "/agencies/ddc/members/")
    expect(page).to_have_url(page.live_server_url + "/accounts/login/?next=/agencies/ddc/members/")
