"""Executives in the browser: the dashboard, then the gap report and the portfolio as downloaded PDFs."""

import shutil
import subprocess

from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import ExecutiveScope, User
from assessments import scoring
from tests.reports_data import expected_scores, finalise


def _log_in(page, email, password):
    page.goto(page.live_server_url + "/accounts/login/")
    page.get_by_label("ที่อยู่อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _page_one_as_png(pdf_path, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: apt-get install poppler-utils"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "page")], check=True
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000
    return png


def test_executive_opens_the_dashboard_and_downloads_the_gap_report(page, live_roles, tmp_path):
    roles = live_roles
    finalise(roles.assessment, roles.reviewer)
    expected = expected_scores(roles.assessment, reviewed=True)
    shown = str(scoring.score_display(expected.overall.score))

    _log_in(page, roles.executive.email, roles.password)  # ministry executive: one agency in the demo roles
    page.locator("header a[href='/reports/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กรมควบคุมโรค")
    expect(page.locator("#history")).to_contain_text(shown)
    expect(page.locator("figure svg[role=img]").first).to_be_visible()

    with page.expect_download() as download:
        page.locator("#history a[href$='/report.pdf']").first.click()
    assert download.value.suggested_filename == "pmqa-2570-ddc-gap-report-th.pdf"
    pdf_path = tmp_path / "report.pdf"
    download.value.save_as(pdf_path)

    _page_one_as_png(pdf_path, tmp_path)
    reader = PdfReader(pdf_path)
    assert "กรมควบคุมโรค" in reader.pages[0].extract_text()
    assert "2570" in reader.pages[0].extract_text()
    assert shown in "".join(p.extract_text() for p in reader.pages)


def test_opdc_executive_filters_the_cycle_and_downloads_the_portfolio(page, live_roles, tmp_path):
    roles = live_roles
    finalise(roles.assessment, roles.reviewer)
    opdc = User.objects.create_user(email="opdc@pmqa.test", password=roles.password)
    ExecutiveScope.objects.create(user=opdc, scope=ExecutiveScope.Scope.ALL)

    _log_in(page, opdc.email, roles.password)
    page.locator("header a[href='/reports/']").click()
    expect(page.locator("#ranking")).to_contain_text("กรมควบคุมโรค")
    expect(page.locator("#figure-agencies")).to_have_text("2")
    page.locator("select[name=kind]").select_option("province")
    page.locator("form[method=get] button[type=submit]").click()
    expect(page.locator("#figure-agencies")).to_have_text("1")
    expect(page.get_by_text("จังหวัดเชียงใหม่").first).to_be_visible()

    with page.expect_download() as download:
        page.locator("a[href*='/portfolio.pdf']").first.click()
    pdf_path = tmp_path / "portfolio.pdf"
    download.value.save_as(pdf_path)
    _page_one_as_png(pdf_path, tmp_path)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "จังหวัดเชียงใหม่" in text and "กรมควบคุมโรค" not in text


def test_opdc_executive_asks_for_the_portfolio_and_gets_it_when_the_worker_is_done(
    page, live_roles, tmp_path, settings
):
    """With a real task queue: the link opens the progress page, a worker makes the portfolio, the page offers it."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = tmp_path / "media"
    roles = live_roles
    finalise(roles.assessment, roles.reviewer)
    opdc = User.objects.create_user(email="opdc@pmqa.test", password=roles.password)
    ExecutiveScope.objects.create(user=opdc, scope=ExecutiveScope.Scope.ALL)

    _log_in(page, opdc.email, roles.password)
    page.goto(page.live_server_url + "/reports/2570/")
    page.locator("a[href*='/portfolio.pdf?lang=en']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานภาพรวม PMQA 4.0")
    expect(page.locator("#portfolio-status")).to_contain_text("รอเครื่องทำงาน")
    page.screenshot(path=str(tmp_path / "waiting.png"))

    call_command("worker", "--burst", verbosity=0)  # the worker makes it; the page refreshes by itself

    expect(page.locator("#portfolio-download")).to_be_visible(timeout=15_000)
    expect(page.locator("#portfolio-status")).to_contain_text("2 ส่วนราชการ")
    with page.expect_download() as download:
        page.locator("#portfolio-download").click()
    assert download.value.suggested_filename == "pmqa-2570-portfolio-en.pdf"
    pdf_path = tmp_path / "portfolio.pdf"
    download.value.save_as(pdf_path)
    _page_one_as_png(pdf_path, tmp_path)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Department of Disease Control" in text and "Chiang Mai" in text
