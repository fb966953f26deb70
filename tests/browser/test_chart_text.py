"""Chart text as people see it at 1280 × 800: no label on the cycle or agency dashboard renders below 12 px."""

from pathlib import Path

from playwright.sync_api import expect

from tests.reports_data import finalise

SHOTS = Path("/tmp/shots")
# Each <text>'s rendered font size: its font-size times the scale of its <svg> (rendered width / viewBox width).
RENDERED_SIZES = """() => [...document.querySelectorAll('figure.chart svg')].flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => [t.textContent, parseFloat(t.getAttribute('font-size')) * scale]);
})"""


def _log_in(page, person, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.locator("input[name='username']").fill(person.email)
    page.locator("input[name='password']").fill(password)
    page.locator("form button[type='submit']").last.click()
    expect(page.locator("#my-roles-heading")).to_be_visible()


def _smallest(page, url, shot):
    page.goto(page.live_server_url + url)
    expect(page.locator("figure.chart svg").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"home-chart-{shot}.png"), full_page=True)
    sizes = page.evaluate(RENDERED_SIZES)
    assert len(sizes) > 20
    return min(sizes, key=lambda pair: pair[1])


def test_chart_text_renders_at_12_px_or_more_on_the_dashboards_at_1280(page, live_roles):
    roles = live_roles
    finalise(roles.assessment, roles.reviewer)
    page.set_viewport_size({"width": 1280, "height": 800})
    _log_in(page, roles.administrator, roles.password)
    for url, shot in (("/reports/2570/", "cycle"), ("/reports/agency/ddc/", "agency")):
        text, size = _smallest(page, url, shot)
        assert size >= 12, (url, text, size)
