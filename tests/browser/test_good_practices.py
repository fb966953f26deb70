"""Good practices in the browser: the coordinator of กรมควบคุมโรค shares sub-item 1.1 (finalised at the highest
level), reading first what is shared and ticking its public link; a member of จังหวัดเชียงใหม่ finds it with the
link; the coordinator withdraws it and it is gone from the other agency's list at once."""

from pathlib import Path

from playwright.sync_api import expect

from practices.models import Consent
from tests.practices_data import LINK, NARRATIVE, evidence_for, finalised_with_top

SHOTS = Path("/tmp/shots")


def _log_in(page, email, password):
    page.context.clear_cookies()
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_a_coordinator_shares_a_good_practice_and_withdraws_it(page, live_roles):
    roles = live_roles
    evidence_for(finalised_with_top(roles.assessment, roles.reviewer), by=roles.member)
    SHOTS.mkdir(exist_ok=True)

    _log_in(page, roles.coordinator.email, roles.password)
    page.goto(page.live_server_url + "/practices/2570/ddc/consent/")
    row = page.locator("[id='consent-1.1']")
    expect(row).to_contain_text("ไม่เผยแพร่")
    row.get_by_role("link", name="เผยแพร่…").click()
    expect(page.locator("#consent-confirm")).to_contain_text("กรมควบคุมโรค")
    expect(page.get_by_text(NARRATIVE)).to_be_visible()
    expect(page.get_by_role("link", name=LINK)).to_have_attribute("href", LINK)
    expect(page.locator("main")).not_to_contain_text("secret.pdf")
    page.get_by_label("สาธารณะ: แผนยุทธศาสตร์ฉบับเผยแพร่").check()  # the coordinator says the link is public
    page.screenshot(path=str(SHOTS / "practices-confirm.png"), full_page=True)
    page.get_by_role("button", name="ยินยอม: เผยแพร่แนวปฏิบัติที่ดีนี้").click()
    expect(page.locator("[id='consent-1.1']")).to_contain_text("เผยแพร่แล้ว")
    assert Consent.objects.active().count() == 1

    _log_in(page, roles.outsider.email, roles.password)
    page.goto(page.live_server_url + "/practices/")
    page.get_by_label("หัวข้อย่อย").select_option("1.1")
    page.get_by_role("button", name="กรอง").click()
    practice = page.locator(".practice")
    expect(practice).to_have_count(1)
    expect(practice).to_contain_text("กรมควบคุมโรค")
    expect(practice).to_contain_text(NARRATIVE)
    expect(practice.get_by_role("link", name="แผนยุทธศาสตร์ฉบับเผยแพร่")).to_have_attribute("href", LINK)
    page.screenshot(path=str(SHOTS / "practices-browse.png"), full_page=True)

    _log_in(page, roles.coordinator.email, roles.password)
    page.goto(page.live_server_url + "/practices/2570/ddc/consent/1.1/")
    page.get_by_role("button", name="ยกเลิกการเผยแพร่").click()
    expect(page.locator("[id='consent-1.1']")).to_contain_text("ไม่เผยแพร่")
    expect(page.locator("[id='consent-1.1']")).to_contain_text("ยกเลิกเมื่อ")
    page.screenshot(path=str(SHOTS / "practices-consent.png"), full_page=True)

    _log_in(page, roles.outsider.email, roles.password)
    page.goto(page.live_server_url + "/practices/")
    expect(page.locator(".practice")).to_have_count(0)
    expect(page.locator("#practices-empty")).to_be_visible()


def test_opdc_reads_the_synthesis_of_a_sub_item(page, live_roles):
    from assessments.models import Assessment
    from tests.reports_data import finalise

    roles = live_roles
    finalised_with_top(roles.assessment, roles.reviewer)
    finalise(Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency), roles.other_reviewer)
    _log_in(page, roles.administrator.email, roles.password)
    page.goto(page.live_server_url + "/practices/2570/synthesis/")
    page.get_by_role("link", name="1.1 ระบบการนำองค์การที่สร้างความยั่งยืน").click()
    levels = page.locator("#synthesis-levels")
    expect(levels.locator("tr[data-level='significance'] .level-count")).to_have_text("1")
    expect(levels.locator("tr[data-level='significance']")).to_contain_text("กรมควบคุมโรค")
    expect(page.locator("#synthesis-strengths")).to_contain_text("ถ่ายทอด")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "practices-synthesis.png"), full_page=True)
