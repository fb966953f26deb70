"""Reports made in the background (Django's Tasks API; pmqa/work.py keeps the work from being lost):

- the gap reports of a finalised assessment, Thai and English, rendered once when it is finalised and stored
  (models.StoredReport); the report pages serve them as stored from then on;
- a portfolio, when someone asks for one (models.PortfolioJob): its page shows the progress and offers the file.
"""

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from assessments.models import Assessment
from pmqa import work
from reports import documents
from reports.models import PortfolioJob, StoredReport

logger = logging.getLogger(__name__)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PORTFOLIO_ATTEMPTS = 3
# What a portfolio job is doing, as its page says it.
STEPS = {
    "": _("Waiting for a worker"),
    "data": _("Reading the results"),
    "charts": _("Drawing the charts"),
    "layout": _("Laying out the pages"),
    "store": _("Storing the file"),
    "done": _("Ready"),
}


# --- Gap reports of finalised assessments ------------------------------------------------------------------


def gap_reports_request(assessment: Assessment) -> None:
    """Ask for the assessment's stored gap reports (at finalisation, in its transaction): rendered after commit."""
    rows = [StoredReport.objects.get_or_create(assessment=assessment, language=code)[0] for code in LANGUAGES]
    pending = [row.pk for row in rows if not row.is_ready]
    transaction.on_commit(lambda: work.kick(gap_report_store, StoredReport, pending))


def gap_reports_forget(assessment: Assessment) -> None:
    """A reopened assessment's stored reports are removed (their files once the reopening is committed)."""
    names = [r.file.name for r in StoredReport.objects.filter(assessment=assessment) if r.file]
    StoredReport.objects.filter(assessment=assessment).delete()
    storage = StoredReport._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@task()
def gap_report_store(report_id: int) -> str:
    """Render one stored gap report and keep it; "stored" or "skipped" (done, removed, or held by another)."""
    if not work.claim(StoredReport.objects.filter(file=""), report_id):
        return "skipped"
    report = StoredReport.objects.select_related("assessment__cycle", "assessment__agency").get(pk=report_id)
    assessment = report.assessment
    if not assessment.is_final:
        StoredReport.objects.filter(pk=report_id).delete()
        return "skipped"
    started = time.perf_counter()
    try:
        pdf = documents.gap_report_pdf(assessment, report.language)
    except Exception:
        logger.exception("The gap report %s could not be rendered; the next sweep tries again.", report)
        work.release(StoredReport, report_id)
        raise
    name = report.file.storage.save(
        f"reports/gap/{documents.gap_report_filename(assessment, report.language)}", ContentFile(pdf)
    )
    kept = StoredReport.objects.filter(pk=report_id, file="").update(
        file=name,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        rendered_at=timezone.now(),
        render_seconds=time.perf_counter() - started,
        claimed_until=None,
        kicked_at=None,
    )
    if not kept:  # reopened meanwhile: the row is gone
        report.file.storage.delete(name)
        return "skipped"
    return "stored"


def stored_gap_report(assessment: Assessment, language: str) -> StoredReport | None:
    """The stored gap report to serve, when the assessment is final and it has been rendered."""
    if not assessment.is_final:
        return None
    return StoredReport.objects.filter(assessment=assessment, language=language).exclude(file="").first()


# --- Portfolios --------------------------------------------------------------------------------------------


def portfolio_request(*, user, cycle, filters: dict, language: str) -> PortfolioJob:
    """The person's portfolio of the cycle with these filters and language: the one already on its way, or a new
    one, enqueued. (Asking again while one is being made does not start another.)"""
    waiting = [PortfolioJob.Status.QUEUED, PortfolioJob.Status.RUNNING]
    found = PortfolioJob.objects.filter(
        requested_by=user, cycle=cycle, filters=filters, language=language, status__in=waiting
    ).first()
    if found:
        return found
    job = PortfolioJob.objects.create(requested_by=user, cycle=cycle, filters=filters, language=language)
    work.kick(portfolio_build, PortfolioJob, [str(job.pk)])
    job.refresh_from_db()
    return job


def _progress(job_id):
    def step(name: str, percent: int) -> None:
        PortfolioJob.objects.filter(pk=job_id).update(step=name, percent=percent)

    return step


@task()
def portfolio_build(job_id: str) -> str:
    """Make one portfolio; "done", "retry", "failed" or "skipped"."""
    waiting = PortfolioJob.objects.filter(status__in=[PortfolioJob.Status.QUEUED, PortfolioJob.Status.RUNNING])
    if not work.claim(waiting, job_id):
        return "skipped"
    job = PortfolioJob.objects.select_related("cycle", "requested_by").get(pk=job_id)
    PortfolioJob.objects.filter(pk=job_id).update(
        status=PortfolioJob.Status.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1, step="", percent=0
    )
    try:
        pdf, agencies = documents.portfolio_pdf(
            job.cycle, job.requested_by, job.filters, job.language, step=_progress(job_id)
        )
        _progress(job_id)("store", 90)
        name = job.file.storage.save(
            f"reports/portfolio/{job.pk}-{documents.portfolio_filename(job.cycle, job.language)}", ContentFile(pdf)
        )
    except Exception as error:
        given_up = job.attempts + 1 >= PORTFOLIO_ATTEMPTS
        logger.exception(
            "Portfolio %s, attempt %s, failed%s.", job_id, job.attempts + 1, "" if given_up else "; retried"
        )
        status = PortfolioJob.Status.FAILED if given_up else PortfolioJob.Status.QUEUED
        work.release(PortfolioJob, job_id, status=status, error=f"{type(error).__name__}: {error}"[:2000])
        return "failed" if given_up else "retry"
    work.release(
        PortfolioJob,
        job_id,
        status=PortfolioJob.Status.DONE,
        step="done",
        percent=100,
        file=name,
        size=len(pdf),
        agencies=agencies,
        finished_at=timezone.now(),
        error="",
    )
    return "done"


# --- The sweep ---------------------------------------------------------------------------------------------


def sweep() -> int:
    """Nudge what is due: stored reports not rendered yet (and finalised assessments without them, finalised
    before reports were stored), portfolios waiting; remove portfolios past PORTFOLIO_KEEP_DAYS."""
    lacking = (
        Assessment.objects.filter(status=Assessment.Status.FINALISED)
        .annotate(reports=Count("stored_reports"))
        .filter(reports__lt=len(LANGUAGES))
    )
    StoredReport.objects.bulk_create(
        [StoredReport(assessment=a, language=code) for a in lacking[:50] for code in LANGUAGES], ignore_conflicts=True
    )
    reports = work.due(StoredReport.objects.filter(file=""))
    nudged = work.kick(gap_report_store, StoredReport, list(reports.values_list("pk", flat=True)[:50]))
    jobs = work.due(PortfolioJob.objects.filter(status__in=[PortfolioJob.Status.QUEUED, PortfolioJob.Status.RUNNING]))
    nudged += work.kick(portfolio_build, PortfolioJob, [str(pk) for pk in jobs.values_list("pk", flat=True)[:20]])
    _portfolios_prune()
    return nudged


def _portfolios_prune() -> None:
    old = PortfolioJob.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(days=settings.PORTFOLIO_KEEP_DAYS)
    )
    for job in old.exclude(file=""):
        job.file.storage.delete(job.file.name)
    old.delete()
