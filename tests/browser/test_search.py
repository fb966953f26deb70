"""Search in the browser: a member uploads a PDF on an item page; an OPDC executive finds, by a Thai phrase that is
only inside that PDF, the agency whose evidence mentions it — and not the agency whose evidence does not."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from accounts.models import ExecutiveScope, User
from assessments.evidence import evidence_file_add
from assessments.models import Assessment
from search import samples
from search.models import EvidenceText

PHRASE = "ศูนย์ปฏิบัติการภาวะฉุกเฉินด้านการแพทย์"
SHOTS = Path("/tmp/shots")


def _log_in(page, email, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_opdc_executive_finds_the_agencies_whose_pdf_mentions_a_phrase(page, live_roles, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    roles = live_roles
    # จังหวัดเชียงใหม่'s evidence says something else.
    other = Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency)
    evidence_file_add(
        response=other.responses.get(item__code="1.1"),
        upload=SimpleUploadedFile("plan.pdf", samples.pdf_bytes("แผน", ["แผนพัฒนาบุคลากรด้านดิจิทัล"]), "application/pdf"),
        title="แผนพัฒนาบุคลากร",
        by=roles.outsider,
    )
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(samples.pdf_bytes("รายงานการประชุม", [f"ที่ประชุมรับทราบผลการซ้อมแผนของ{PHRASE}และสาธารณสุข"], pages=2))
    # A member of กรมควบคุมโรค uploads the minutes on item 1.1; the text is read by the task (immediate here).
    _log_in(page, roles.member.email, roles.password)
    page.goto(page.live_server_url + "/assessments/2570/ddc/items/1.1/")
    page.locator("input[type=file][name=evidence_file]").set_input_files(str(pdf))
    page.locator("input[name=evidence_title]").fill("รายงานการประชุมคณะกรรมการ")
    page.locator("#item-form button[type=submit]").click()
    expect(page.get_by_role("link", name="รายงานการประชุมคณะกรรมการ")).to_be_visible()
    assert set(EvidenceText.objects.values_list("status", flat=True)) == {"found"}
    page.context.clear_cookies()

    opdc = User.objects.create_user(email="opdc@pmqa.test", password=roles.password, first_name="ผู้บริหาร")
    ExecutiveScope.objects.create(user=opdc, scope=ExecutiveScope.Scope.ALL)
    _log_in(page, opdc.email, roles.password)
    page.goto(page.live_server_url + "/search/")
    page.get_by_label("คำที่ต้องการค้นหา").fill(PHRASE)
    page.locator("#search-form").get_by_role(
        "button", name="ค้นหา", exact=True
    ).click()  # the header has a Search menu too
    agencies = page.locator("#search-agencies")
    expect(agencies).to_contain_text("กรมควบคุมโรค")
    expect(agencies).not_to_contain_text("จังหวัดเชียงใหม่")
    hit = page.locator(".search-hit").first
    expect(hit.locator("mark").first).to_be_visible()
    expect(hit).to_contain_text("รายงานการประชุมคณะกรรมการ")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-opdc-executive.png"), full_page=True)
    hit.get_by_role("link", name="รายงานการประชุมคณะกรรมการ").click()  # the link to the item
    expect(page).to_have_url(page.live_server_url + "/assessments/2570/ddc/items/1.1/#evidence-heading")
