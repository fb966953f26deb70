from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from criteria.models import Category, Item, Level


class Assessment(models.Model):
    """One agency's self-assessment in one cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Submitted, in review")
        RETURNED = "returned", _("Returned for revision")
        FINALISED = "finalised", _("Finalised")

    cycle = models.ForeignKey(
        "assessments.Cycle", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("cycle")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("agency"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    target_score = models.PositiveSmallIntegerField(
        _("target"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(500)],
        help_text=_("The score the agency aims for this cycle: a level (300, 400, 500) or a score such as 350."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("finalised by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-cycle__fiscal_year", "agency__name_th"]
        constraints = [models.UniqueConstraint(fields=["cycle", "agency"], name="one_assessment_per_cycle")]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.agency} · {self.cycle}"

    @property
    def is_locked(self) -> bool:
        """Submitted and finalised work does not change (until it is returned or reopened)."""
        return self.status in (self.Status.SUBMITTED, self.Status.FINALISED)

    @property
    def is_in_review(self) -> bool:
        """Submitted and not yet final: the only time reviewers score, return or finalise."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINALISED


class ChangeCount(models.Model):
    """How many changes the assessment's content has had (assessments/kept_parts.py): raised inside the transaction
    of every change the application makes (assessments/changes.py), so a page part kept under the old number is not
    shown once the change commits. A row of its own, so that saving a loaded Assessment never writes an older
    number back."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, primary_key=True, related_name="count_row")
    changes = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.assessment_id}: {self.changes}"


class CategoryOwner(models.Model):
    """The person who owns a whole category (เจ้าภาพหมวด) in an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="category_owners")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "category"], name="one_owner_per_category")]

    def __str__(self):
        return f"{self.assessment} · {self.category.number} · {self.owner}"


class Response(models.Model):
    """The agency's answer to one item: how it works at each level, and how far each level is met."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        READY = "ready", _("Ready")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    # Optimistic locking: a save names the version it started from and is refused if it moved on.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("carried over from")
    )

    class Meta:
        ordering = ["item__category__number", "item__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_response_per_item")]

    def __str__(self):
        return f"{self.assessment} · {self.item.code}"


class Answer(models.Model):
    """One level of a response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(_("how the agency works"), blank=True)
    fraction = models.PositiveSmallIntegerField(
        _("how far the level is met (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["level__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "level"], name="one_answer_per_level"),
            models.CheckConstraint(condition=models.Q(fraction__lte=100), name="fraction_at_most_100"),
        ]

    def __str__(self):
        return f"{self.response} · {self.level.code} · {self.fraction} %"
