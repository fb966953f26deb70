"""A person makes an API token on their page, sees it once, a script reads the API with it, they revoke it."""

import json
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

SHOTS = Path("/tmp/shots")


def _get(url: str, key: str):
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_a_person_makes_a_token_a_script_reads_with_it_and_revoking_stops_it(page, live_roles):
    roles = live_roles
    base = page.live_server_url
    page.goto(base + "/accounts/login/?next=/accounts/password_change/")
    page.get_by_label("ที่อยู่อีเมล").fill(roles.member.email)
    page.get_by_label("รหัสผ่าน").fill(roles.password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.get_by_role("link", name="โทเคนสำหรับ API", exact=False).click()
    expect(page.get_by_role("heading", name="โทเคนสำหรับ API", exact=True)).to_be_visible()
    page.get_by_label("ชื่อ").fill("รายงาน Power BI")
    page.get_by_label("หมดอายุภายใน").select_option("30")
    page.get_by_role("button", name="สร้างโทเคน").click()

    expect(page.get_by_role("heading", name="โทเคนใหม่ของท่าน “รายงาน Power BI”")).to_be_visible()
    key = page.locator("#token-key").inner_text().strip()
    assert key.startswith("pmqa_")
    _shot(page, "api-token-created.png")

    status, body = _get(base + "/api/v1/cycles/", key)
    assert status == 200 and [c["fiscal_year"] for c in body["results"]] == [2570]
    status, body = _get(base + "/api/v1/cycles/2570/results/", key)
    assert [r["agency_code"] for r in body["results"]] == ["ddc"]

    page.goto(base + "/accounts/tokens/")  # shown once: never again
    expect(page.locator("#token-key")).to_have_count(0)
    assert key not in page.content()
    expect(page.get_by_role("cell", name="ยังไม่เคยใช้")).to_have_count(0)  # its use is recorded

    page.get_by_role("button", name="ยกเลิก รายงาน Power BI").click()
    expect(page.get_by_role("status")).to_contain_text("ยกเลิกโทเคน")
    expect(page.get_by_role("cell", name="ยกเลิกแล้ว")).to_be_visible()
    _shot(page, "api-token-revoked.png")
    try:
        _get(base + "/api/v1/cycles/", key)
    except urllib.error.HTTPError as error:
        assert error.code == 401
    else:
        raise AssertionError("a revoked token still reads the API")


def test_the_api_documentation_works_under_the_content_security_policy(page, live_roles):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(page.live_server_url + "/api/v1/docs/")
    expect(page.get_by_text("PMQA 4.0 API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/cycles/{year}/results/").first).to_be_visible()
    _shot(page, "api-docs.png")
    assert not [e for e in errors if "Content Security Policy" in e], errors
