"""The lead reviewer's path without friction: next/previous through the items, the consensus starting from their own
review, finalising after a confirmation; and the team's workspace on a 390 px phone (cards, not a wrapped table)."""

import os
from pathlib import Path

from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Evidence
from assessments.submission import assessment_submit
from reviews.models import ItemReview
from reviews.workflow import results_review_save, review_save
from tests.sar_data import indicators_write, profile_write

SHOTS = Path(os.environ.get("FRICTION_SHOTS", "/tmp/shots"))


def _log_in(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(person.email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _submitted(roles):
    assessment = roles.assessment
    Answer.objects.filter(response__assessment=assessment, level__code="basic").update(fraction=100, narrative="ทำแล้ว")
    assessment.responses.update(status="ready")
    link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="เว็บไซต์")
    link.responses.set(assessment.responses.all())
    profile_write(assessment)
    indicators_write(assessment)
    assessment_submit(assessment=assessment, by=roles.coordinator, warnings_confirmed=True)


def _score_mine(page, basic, advance, strengths):
    mine = page.locator("form:has(textarea[name='mine-strengths'])")
    mine.locator("select[name='mine-fraction_basic']").select_option(basic)
    mine.locator("select[name='mine-fraction_advance']").select_option(advance)
    mine.locator("textarea[name='mine-strengths']").fill(strengths)
    mine.locator("textarea[name='mine-improvements']").fill("ควรขยายผลสู่หน่วยงานภูมิภาค")
    mine.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_visible()


def test_lead_reviewer_goes_through_items_records_consensus_from_own_review_and_finalises(page, live_roles):
    roles = live_roles
    _submitted(roles)
    # Every item but 1.1 and 1.2 already has a consensus, and so has every results item.
    for response in roles.assessment.responses.exclude(item__code__in=["1.1", "1.2"]):
        review_save(
            response=response,
            reviewer=roles.reviewer,
            fractions={"basic": 100},
            strengths="มีระบบ",
            improvements="ต่อยอด",
            consensus=True,
        )
    for response in roles.assessment.results_responses.all():
        results_review_save(
            response=response, reviewer=roles.reviewer, score=300, strengths="", improvements="", consensus=True
        )

    _log_in(page, roles.reviewer, roles.password)
    page.goto(page.live_server_url + "/reviews/2570/ddc/")
    page.locator("table a[href$='/items/1.1/']").click()
    expect(page.locator("#previous-item")).to_have_count(0)  # the first item has nothing before it

    for code, advance, strengths in [("1.1", "50", "ผู้บริหารเป็นแบบอย่างที่ดี"), ("1.2", "25", "มีนโยบายป้องกันการทุจริต")]:
        expect(page.locator("h1 .item-code")).to_have_text(code)
        _score_mine(page, "100", advance, strengths)
        # The consensus starts from the lead's own review: nothing typed twice.
        consensus = page.locator("form:has(textarea[name='consensus-strengths'])")
        expect(page.locator("#consensus-from-mine")).to_be_visible()
        expect(consensus.locator("select[name='consensus-fraction_basic']")).to_have_value("100")
        expect(consensus.locator("select[name='consensus-fraction_advance']")).to_have_value(advance)
        expect(consensus.locator("textarea[name='consensus-strengths']")).to_have_value(strengths)
        consensus.locator("button[type=submit]").click()
        expect(page.get_by_role("status").first).to_be_visible()
        page.locator("#next-item").click()

    expect(page.locator("h1 .item-code")).to_have_text("1.3")
    page.locator("#previous-item").click()
    expect(page.locator("h1 .item-code")).to_have_text("1.2")
    page.locator("#previous-item").click()
    expect(page.locator("h1 .item-code")).to_have_text("1.1")
    consensus = ItemReview.objects.get(response__item__code="1.1", is_consensus=True)
    assert consensus.fractions["advance"] == 50 and consensus.strengths == "ผู้บริหารเป็นแบบอย่างที่ดี"

    # Finalising asks first, saying what will happen; nothing changes until it is confirmed.
    page.locator(".breadcrumb a").nth(1).click()
    page.locator("form[action$='/finalise/'] button[type=submit]").click()
    expect(page.locator("#what-happens")).to_be_visible()
    assert Assessment.objects.get(pk=roles.assessment.pk).status == "submitted"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "friction-finalise-confirm.png"), full_page=True)
    page.locator("#finalise-confirm").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert Assessment.objects.get(pk=roles.assessment.pk).status == "finalised"


def test_the_workspace_is_cards_on_a_phone_and_a_table_on_a_computer(browser, live_server, live_roles):
    roles = live_roles
    Answer.objects.filter(response__assessment=roles.assessment, level__code="basic").update(
        fraction=100, narrative="ทำแล้ว"
    )
    roles.assessment.responses.filter(item__code__startswith="1.").update(status="ready")
    roles.assessment.responses.filter(item__code__startswith="2.").update(status="in_progress")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, name in [(1280, 900, "friction-workspace-1280.png"), (390, 844, "friction-workspace-390.png")]:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.live_server_url = live_server.url
        _log_in(page, roles.coordinator, roles.password)
        page.goto(live_server.url + "/assessments/2570/ddc/")
        cards = page.locator("#cat-1 ~ .workspace-cards .workspace-card, section:has(#cat-1) .workspace-card")
        table = page.locator("section:has(#cat-1) .workspace-table")
        if width < 768:
            expect(table).to_be_hidden()
            expect(cards.first).to_be_visible()
            heights = [cards.nth(i).bounding_box()["height"] for i in range(cards.count())]
            line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
            assert max(heights) < 5 * line, (heights, line)  # a card is two or three lines, not ten
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the phone
        else:
            expect(table).to_be_visible()
            expect(cards.first).to_be_hidden()
        page.screenshot(path=str(SHOTS / name), full_page=True)
        context.close()
