"""Reports made in the background: gap reports rendered once at finalisation and served as stored, portfolios
built by a worker while their page shows the progress."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reports import tasks
from reports.models import PortfolioJob, StoredReport
from reviews.workflow import assessment_finalise, assessment_reopen
from tests.reports_data import finalise
from tests.test_review_workflow import _consensus_everywhere, _submit
from tests.test_submission import _claim_everything

A = {"year": 2570, "code": "ddc"}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def in_review(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    _submit(roles)
    _consensus_everywhere(roles)
    return roles


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_finalising_stores_both_gap_reports_which_are_then_served(
    in_review, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    stored = {r.language: r for r in StoredReport.objects.filter(assessment=in_review.assessment)}
    assert set(stored) == {"th", "en"} and all(r.is_ready for r in stored.values())
    with stored["th"].file.open("rb") as handle:
        kept = handle.read()
    assert hashlib.sha256(kept).hexdigest() == stored["th"].sha256 and stored["th"].size == len(kept)

    client.force_login(in_review.member)
    response = client.get(reverse("reports:gap_report", kwargs=A))
    assert response.content == kept  # the stored file, not a new rendering
    assert response["Content-Disposition"] == 'attachment; filename="pmqa-2570-ddc-gap-report-th.pdf"'
    assert "กรมควบคุมโรค" in _text(response.content)
    english = client.get(reverse("reports:gap_report", kwargs=A), {"lang": "en"})
    assert "Department of Disease Control" in _text(english.content)


def test_reopening_removes_the_stored_reports_and_their_files(in_review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    report = StoredReport.objects.get(assessment=in_review.assessment, language="th")
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_reopen(assessment=in_review.assessment, by=in_review.administrator, reason="คะแนนผิด")
    assert not StoredReport.objects.exists() and not storage.exists(name)


def test_a_report_not_stored_yet_is_rendered_on_request_and_the_sweep_stores_it(roles, client, settings, tmp_path):
    """Assessments finalised before reports were stored (or whose task was lost) get them from the sweep."""
    settings.MEDIA_ROOT = tmp_path
    finalise(roles.assessment, roles.reviewer)  # straight to the database: no stored report
    client.force_login(roles.member)
    assert _text(client.get(reverse("reports:gap_report", kwargs=A)).content)  # made on the spot
    assert tasks.sweep() == 2
    assert StoredReport.objects.exclude(file="").count() == 2
    assert tasks.sweep() == 0


def test_a_draft_gets_no_stored_report(roles, client):
    client.force_login(roles.member)
    assert client.get(reverse("reports:gap_report", kwargs=A)).status_code == 200
    assert tasks.sweep() == 0 and not StoredReport.objects.exists()


# --- Portfolios, with a real worker --------------------------------------------------------------------------


@pytest.fixture
def opdc(transactional_db, live_roles, settings, tmp_path):
    """Committed data (the worker reads through its own transactions), the database task backend."""
    from accounts.models import ExecutiveScope, User

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DB_TASKS
    finalise(live_roles.assessment, live_roles.reviewer)
    person = User.objects.create_user(email="opdc@pmqa.test", password=live_roles.password)
    ExecutiveScope.objects.create(user=person, scope=ExecutiveScope.Scope.ALL)
    live_roles.opdc = person
    return live_roles


def test_a_portfolio_is_made_by_the_worker_while_its_page_shows_progress(opdc, client):
    client.force_login(opdc.opdc)
    asked = client.get(reverse("reports:portfolio", kwargs={"year": 2570}), {"ministry": "moph", "lang": "en"})
    job = PortfolioJob.objects.get()
    assert asked.status_code == 302 and asked.url == reverse(
        "reports:portfolio_job", kwargs={"year": 2570, "job": job.pk}
    )
    assert job.status == "queued" and job.filters == {"ministry": "moph"} and job.language == "en"
    page = client.get(asked.url)
    assert 'http-equiv="refresh"' in page.content.decode() and "รอเครื่องทำงาน" in page.content.decode()
    assert client.get(reverse("reports:portfolio_file", kwargs={"year": 2570, "job": job.pk})).status_code == 404
    # Asking again while it waits does not start another.
    client.get(reverse("reports:portfolio", kwargs={"year": 2570}), {"ministry": "moph", "lang": "en"})
    assert PortfolioJob.objects.count() == 1

    call_command("worker", "--burst", verbosity=0)

    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100 and job.agencies == 1 and job.worker_seconds > 0
    page = client.get(asked.url).content.decode()
    assert 'http-equiv="refresh"' not in page and "portfolio-download" in page
    pdf = client.get(reverse("reports:portfolio_file", kwargs={"year": 2570, "job": job.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert "Department of Disease Control" in text and "Chiang Mai" not in text


def test_a_portfolio_that_fails_is_retried_then_reported(opdc, client, monkeypatch):
    from reports import documents

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(documents, "portfolio_pdf", broken)
    client.force_login(opdc.opdc)
    url = client.get(reverse("reports:portfolio", kwargs={"year": 2570})).url
    for _attempt in range(tasks.PORTFOLIO_ATTEMPTS):
        call_command("worker", "--burst", verbosity=0)
    job = PortfolioJob.objects.get()
    assert job.status == "failed" and job.attempts == tasks.PORTFOLIO_ATTEMPTS and "disk full" in job.error
    page = client.get(url).content.decode()
    assert "ขอใหม่" in page and 'http-equiv="refresh"' not in page


def test_old_portfolios_are_removed(opdc, client):
    client.force_login(opdc.opdc)
    client.get(reverse("reports:portfolio", kwargs={"year": 2570}))
    call_command("worker", "--burst", verbosity=0)
    job = PortfolioJob.objects.get()
    storage, name = job.file.storage, job.file.name
    PortfolioJob.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    tasks.sweep()
    assert not PortfolioJob.objects.exists() and not storage.exists(name)


def test_the_rq_backend_with_a_real_rq_worker(opdc, client, settings):
    """The same portfolio through Redis and RQ's own worker class (burst, in this process)."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/14"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    client.force_login(opdc.opdc)
    url = client.get(reverse("reports:portfolio", kwargs={"year": 2570})).url
    assert queue.count == 1 and PortfolioJob.objects.get().status == "queued"
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert PortfolioJob.objects.get().status == "done"
    assert "portfolio-download" in client.get(url).content.decode()
