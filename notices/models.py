"""What the notices remember: which deadline reminders went out (so each goes at most once), and the workers'
schedule for sending them (so one worker at a time sends them, at most once an interval)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment


class Reminder(models.Model):
    """A deadline reminder sent for an assessment (that is, an agency in a cycle): one per kind, ever."""

    class Kind(models.IntegerChoices):
        WEEK = 7, _("7 days before the deadline")
        DAY = 1, _("1 day before the deadline")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+", verbose_name=_("assessment"))
    days = models.PositiveSmallIntegerField(_("reminder"), choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.JSONField(_("sent to"), default=list)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["assessment", "days"], name="one_reminder_per_kind")]
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")

    def __str__(self):
        return f"{self.assessment} · {self.get_days_display()}"


class Schedule(models.Model):
    """Periodic work the task workers do themselves (pmqa/worker.py sweeps, notices/tasks.py runs): not before
    `next_run_at`, by one worker at a time (`claimed_until`, pmqa/work.py)."""

    name = models.CharField(max_length=40, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    kicked_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
