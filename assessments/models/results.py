from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment, Response
from criteria.models import ResultsItem


class ResultsResponse(models.Model):
    """The agency's answer to one results item of category 7: its indicators, an owner and a status."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results_responses")
    item = models.ForeignKey(ResultsItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("results item"))
    status = models.CharField(
        _("status"), max_length=12, choices=Response.Status.choices, default=Response.Status.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_results_response_per_item")]

    def __str__(self):
        return f"{self.assessment} · {self.item.code}"


class Indicator(models.Model):
    """A results indicator: what is measured, in which unit, which way is better, its target and values by year."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    response = models.ForeignKey(ResultsResponse, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking, as for item answers.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_over_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """An indicator's result for one fiscal year (Buddhist era)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    fiscal_year = models.PositiveIntegerField(_("fiscal year (B.E.)"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="one_value_per_year")]

    def __str__(self):
        return f"{self.indicator} · {self.fiscal_year}: {self.value}"
