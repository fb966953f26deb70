"""Cycles: one per fiscal year, against one edition of the criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from criteria.models import Edition
from pmqa.templatetags.thai_dates import be_year


class CycleQuerySet(models.QuerySet):
    def current(self):
        """The latest cycle that is not a draft, or None."""
        return self.exclude(status=Cycle.Status.DRAFT).order_by("-fiscal_year").first()


class Cycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open for self-assessment")
        REVIEW = "review", _("In review")
        CLOSED = "closed", _("Closed")

    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"), unique=True)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("edition"))
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateTimeField(_("submission deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Bumped after every commit that changes what the cycle's reports show (scores, statuses): dashboards keep
    # what they computed under this number (assessments/scores.py: changed).
    results_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")

    def __str__(self):
        return str(_("Fiscal year %(year)s") % {"year": be_year(self.fiscal_year)})  # the reader's era
