"""The home page per role and the header at a laptop's width (1280 × 800): one row, every link reachable."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, Evidence
from assessments.submission import assessment_submit
from tests.sar_data import profile_write

SHOTS = Path("/tmp/shots")


def _log_in(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(person.email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("#my-roles-heading")).to_be_visible()


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"home-{name}.png"), full_page=True)


def _navbar_is_one_row(page):
    """The navbar is one row high: every link on one line, and the navbar (less its padding) under one and a half
    times a single nav link's height; everything in it sits on the same line."""
    heights = page.evaluate(
        """() => [...document.querySelectorAll('header .navbar-nav > .nav-item > .nav-link')]
             .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)"""
    )
    link = min(heights)
    assert max(heights) < 1.3 * link, heights  # no label wraps
    navbar = page.locator("header nav.navbar")
    padding = navbar.evaluate(
        "e => parseFloat(getComputedStyle(e).paddingTop) + parseFloat(getComputedStyle(e).paddingBottom)"
    )
    assert navbar.bounding_box()["height"] - padding < 1.5 * link, (navbar.bounding_box(), link)
    parts = ".navbar-brand, .navbar-nav > .nav-item, .lang-switch, .user-menu, form[action$='/logout/']"
    boxes = page.evaluate(
        """(parts) => [...document.querySelector('header').querySelectorAll(parts)].filter(e => e.offsetParent !== null)
             .map(e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })""",
        parts,
    )
    middles = [(top + bottom) / 2 for top, bottom in boxes]
    assert max(middles) - min(middles) < 12, boxes


def _reachable(page, href):
    """A header link is visible, or shows once its dropdown is opened."""
    link = page.locator(f"header a[href='{href}']").first
    if not link.is_visible():
        page.locator("header .dropdown:has(a[href='" + href + "']) > [data-bs-toggle='dropdown']").click()
    expect(link).to_be_visible()
    page.keyboard.press("Escape")


@pytest.mark.parametrize("language", ["th", "en"])
def test_header_fits_one_row_at_1280_for_a_reviewer_and_an_administrator(page, live_roles, language):
    roles = live_roles
    roles.administrator.is_reviewer = True  # the widest header: every link there is
    roles.administrator.save()
    page.set_viewport_size({"width": 1280, "height": 800})
    for person in (roles.reviewer, roles.administrator):
        person.language = language
        person.save()
        _log_in_any(page, person, roles.password)  # after an English logout the login page is English
        _navbar_is_one_row(page)
        for href in [
            "/criteria/",
            "/assessments/",
            "/agencies/",
            "/reports/",
            "/reviews/",
            "/accounts/password_change/",
        ]:
            _reachable(page, href)
        if person.is_superuser:
            _reachable(page, "/manage/")
        _shot(page, f"header-{'admin' if person.is_superuser else 'reviewer'}-{language}")
        page.locator("form[action$='/logout/'] button").click()


def _log_in_any(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.locator("input[name='username']").fill(person.email)
    page.locator("input[name='password']").fill(password)
    page.locator("form button[type='submit']").last.click()
    expect(page.locator("#my-roles-heading")).to_be_visible()


def test_home_page_shows_each_role_its_work(page, live_roles):
    roles = live_roles
    assessment = roles.assessment
    assessment.responses.filter(item__code="1.1").update(owner=roles.member)

    _log_in(page, roles.member, roles.password)
    expect(page.locator(".home-deadline")).to_contain_text("2570")
    expect(page.locator(".home-items")).to_contain_text("1.1")
    page.locator(".home-items a[href$='/items/1.1/']").click()
    expect(page).to_have_url(page.live_server_url + "/assessments/2570/ddc/items/1.1/")
    page.goto(page.live_server_url + "/")
    _shot(page, "member")
    page.locator("form[action$='/logout/'] button").click()

    _log_in(page, roles.coordinator, roles.password)
    expect(page.locator(".home-readiness")).to_contain_text("ข้อผิดพลาด")
    _shot(page, "coordinator")
    page.locator(".home-readiness a").click()
    expect(page).to_have_url(page.live_server_url + "/assessments/2570/ddc/check/")
    page.locator("form[action$='/logout/'] button").click()

    Answer.objects.filter(response__assessment=assessment, level__code="basic").update(fraction=100, narrative="ทำ")
    link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="เว็บ")
    link.responses.set(assessment.responses.all())
    profile_write(assessment)
    assessment_submit(assessment=assessment, by=roles.coordinator, warnings_confirmed=True)

    _log_in(page, roles.reviewer, roles.password)
    review = page.locator(".home-review")
    expect(review).to_contain_text("รอตรวจ")
    expect(review).to_contain_text("0 / 24")
    _shot(page, "reviewer")
    review.get_by_role("link", name="กรมควบคุมโรค").click()
    expect(page).to_have_url(page.live_server_url + "/reviews/2570/ddc/")
    page.locator("form[action$='/logout/'] button").click()

    _log_in(page, roles.executive, roles.password)
    expect(page.locator(".home-executive [data-status='submitted']")).to_contain_text("1")
    _shot(page, "executive")
    page.locator(".home-executive a[href='/reports/2570/']").click()
    expect(page).to_have_url(page.live_server_url + "/reports/2570/")
    page.locator("form[action$='/logout/'] button").click()

    _log_in(page, roles.administrator, roles.password)
    expect(page.locator(".home-no-lead-list")).to_contain_text("จังหวัดเชียงใหม่")
    _shot(page, "administrator")
    page.locator(".home-administration a[href='/manage/']").click()
    expect(page).to_have_url(page.live_server_url + "/manage/")
