from playwright.sync_api import expect

from assessments.answers import LevelInput, response_save
from assessments.models import Answer, Evidence
from assessments.submission import assessment_submit
from reviews.workflow import review_save
from tests.sar_data import profile_write


def _log_in(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(person.email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _log_out(page):
    page.locator("form[action$='/logout/'] button").click()


def test_reviewer_scores_returns_then_finalises_and_the_agency_sees_its_results(page, live_roles):
    roles = live_roles
    assessment = roles.assessment
    Answer.objects.filter(response__assessment=assessment, level__code="basic").update(fraction=100, narrative="ทำแล้ว")
    link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="เว็บไซต์")
    link.responses.set(assessment.responses.all())
    profile_write(assessment)
    assessment_submit(assessment=assessment, by=roles.coordinator, warnings_confirmed=True)

    # The reviewer opens the queue and scores 1.1.
    _log_in(page, roles.reviewer, roles.password)
    page.locator("a[href='/reviews/']").first.click()
    page.get_by_role("link", name="กรมควบคุมโรค").click()
    page.locator("a[href$='/items/1.1/']").click()
    mine = page.locator("form:has(textarea[name='mine-strengths'])")
    mine.locator("select[name='mine-fraction_basic']").select_option("100")
    mine.locator("select[name='mine-fraction_advance']").select_option("50")
    mine.locator("textarea[name='mine-strengths']").fill("ผู้บริหารเป็นแบบอย่างที่ดี")
    mine.locator("textarea[name='mine-improvements']").fill("ควรขยายผลสู่หน่วยงานภูมิภาค")
    mine.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_visible()

    # … and returns the assessment with a note on 2.1.
    page.locator(".breadcrumb a").nth(1).click()
    page.locator("#return-start").click()  # the return has its own page, saying what returning does
    expect(page.locator("#what-happens")).to_be_visible()
    page.locator("#id_message").fill("โปรดเพิ่มแผนปฏิบัติการ")
    page.locator("#note-2\\.1").fill("ขาดแผนปฏิบัติการประจำปี")
    page.locator("form[action$='/return/'] button[type=submit]").click()
    _log_out(page)

    # The agency sees what was asked, revises and resubmits.
    _log_in(page, roles.member, roles.password)
    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    expect(page.get_by_text("ขาดแผนปฏิบัติการประจำปี")).to_be_visible()
    _log_out(page)
    response = assessment.responses.get(item__code="2.1")
    response_save(
        response=response,
        version=response.version,
        status="ready",
        by=roles.member,
        levels=[
            LevelInput("basic", "เพิ่มแผนปฏิบัติการแล้ว", 100),
            LevelInput("advance", "", 0),
            LevelInput("significance", "", 0),
        ],
    )
    assessment.refresh_from_db()
    assessment_submit(assessment=assessment, by=roles.coordinator, warnings_confirmed=True)

    # The reviewer sees what changed, scores the rest (consensus) and finalises.
    for r in assessment.responses.select_related("item"):
        review_save(
            response=r,
            reviewer=roles.reviewer,
            fractions={"basic": 100, "advance": 0, "significance": 0},
            strengths="มีระบบ",
            improvements="ต่อยอด",
            consensus=True,
        )
    _log_in(page, roles.reviewer, roles.password)
    page.goto(page.live_server_url + "/reviews/2570/ddc/")
    expect(page.locator(".alert-info")).to_contain_text("2.1")
    page.locator("form[action$='/finalise/'] button[type=submit]").click()
    expect(page.locator("#what-happens")).to_be_visible()  # what finalising does, before it is done
    page.locator("#finalise-confirm").click()
    expect(page.get_by_role("status").first).to_be_visible()
    _log_out(page)

    # The agency sees its results.
    _log_in(page, roles.member, roles.password)
    page.goto(page.live_server_url + "/assessments/2570/ddc/")
    page.locator("a[href='/reviews/2570/ddc/results/']").click()
    expect(page.locator("#overall-reviewed")).to_have_text("300.00")  # every score shown as the PDFs show it
    expect(page.get_by_text("ต่อยอด").first).to_be_visible()
