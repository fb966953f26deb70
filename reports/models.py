import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredReport(models.Model):
    """A finalised assessment's gap report, rendered once by a task when it was finalised (reports/tasks.py) and
    served as stored from then on: finalised results never change. Removed when the assessment is reopened."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="stored_reports")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    file = models.FileField(upload_to="reports/gap/", blank=True)  # empty until rendered
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    kicked_at = models.DateTimeField(null=True, blank=True)  # pmqa/work.py
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "language"], name="one_stored_report_per_language"),
        ]
        verbose_name = _("stored gap report")
        verbose_name_plural = _("stored gap reports")

    def __str__(self):
        return f"{self.assessment} ({self.language})"

    @property
    def is_ready(self) -> bool:
        return bool(self.file)


class PortfolioJob(models.Model):
    """A portfolio PDF asked for by one person (their scope, the dashboard's filters, a language), built in the
    background; the page of the job shows its progress and offers the file when it is ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Could not be made")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey("assessments.Cycle", on_delete=models.CASCADE, related_name="+")
    filters = models.JSONField(default=dict)  # ministry, kind, agency as the dashboard's filter form cleaned them
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=40, blank=True)  # what it is doing now (a key of reports.tasks.STEPS)
    percent = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/portfolio/", blank=True)
    size = models.PositiveIntegerField(default=0)
    agencies = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    kicked_at = models.DateTimeField(null=True, blank=True)  # pmqa/work.py
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")

    def __str__(self):
        return f"{self.cycle} portfolio for {self.requested_by} ({self.status})"

    @property
    def worker_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
