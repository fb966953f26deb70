"""Category 7, results (ผลลัพธ์การดำเนินการ): the results items an edition asks indicators for, and how they score.

Not in OPDC's PMQA 4.0 grid: taken from practice (the Department of Disease Control's PMQA 4.0 system), and every
page says so. The scoring rule is edition data read by assessments/results_scoring.py (see docs/scoring.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from criteria.immutability import GuardedModel, GuardedQuerySet
from criteria.models.editions import Bilingual, Edition


class ResultsItem(GuardedModel, Bilingual):
    """A results item such as 7.1 (mission results)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="results_items", verbose_name=_("edition")
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. 7.1"))
    order = models.PositiveSmallIntegerField(_("order"))
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_th = models.TextField(_("what to report (Thai)"), blank=True)
    description_en = models.TextField(_("what to report (English)"), blank=True)

    objects = GuardedQuerySet.as_manager()
    guard_path = "edition_id"
    guard_parents = ("edition",)

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="results_item_code_unique_in_edition"),
        ]
        verbose_name = _("results item")
        verbose_name_plural = _("results items")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def description(self) -> str:
        return self._pick("description")


class ResultsRule(GuardedModel, Bilingual):
    """How an indicator's share of its target becomes points, and whether results count in the overall score.

    Below `met_at_percent` of the target: `points_when_met` × share. From there to the first step: exactly
    `points_when_met`. Above each step's `above_percent`: that step's points. `steps` is a list of
    {"above_percent": "101", "points": 400}, rising in both.
    """

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="results_rule", verbose_name=_("edition")
    )
    counts_in_overall = models.BooleanField(
        _("results count in the overall score"),
        default=False,
        help_text=_("Off: the overall score is the six process categories; results are reported beside it."),
    )
    weight = models.DecimalField(_("weight of results in the overall score"), max_digits=5, decimal_places=2, default=1)
    met_at_percent = models.DecimalField(_("target met at (%)"), max_digits=6, decimal_places=2, default=100)
    points_when_met = models.PositiveSmallIntegerField(_("points when the target is met"), default=300)
    steps = models.JSONField(_("points above the target"), default=list, blank=True)
    source_th = models.TextField(_("where the rule and items come from (Thai)"), blank=True)
    source_en = models.TextField(_("where the rule and items come from (English)"), blank=True)

    objects = GuardedQuerySet.as_manager()
    guard_path = "edition_id"
    guard_parents = ("edition",)

    class Meta:
        verbose_name = _("results scoring rule")
        verbose_name_plural = _("results scoring rules")

    def __str__(self):
        return str(self.edition)

    @property
    def source(self) -> str:
        return self._pick("source")
