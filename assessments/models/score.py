from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.Model):
    """A stored score of an assessment, as assessments/scoring.py (and results_scoring.py for category 7) computed
    it: exact (a numerator and a denominator), with its level and its gap to the target. Readers read these and
    never recompute; assessments/scores.py stores, loads and verifies them.

    The agency's own side is stored whenever its answers, indicators or target change; the reviewers' result once,
    when the assessment is finalised (and removed when it is reopened).
    """

    class Side(models.TextChoices):
        SELF = "self", _("Self-assessment")
        RESULT = "result", _("Result")

    class Scope(models.TextChoices):
        OVERALL = "overall", _("Overall")
        CATEGORY = "category", _("Category")
        ITEM = "item", _("Sub-item")
        RESULTS = "results", _("Category 7")
        RESULTS_ITEM = "results_item", _("Results item")

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="scores")
    side = models.CharField(max_length=6, choices=Side.choices)
    scope = models.CharField(max_length=12, choices=Scope.choices)
    key = models.CharField(max_length=20, blank=True)  # category number, item code; blank for a whole
    numerator = models.BigIntegerField()
    denominator = models.PositiveBigIntegerField()
    level = models.CharField(max_length=20, blank=True)  # a level code, blank below the first level
    gap_numerator = models.BigIntegerField(null=True, blank=True)  # no gap without a target
    gap_denominator = models.PositiveBigIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=6)  # numerator / denominator, for sorting and SQL

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "side", "scope", "key"], name="one_score_per_scope"),
        ]
        indexes = [models.Index(fields=["side", "scope"], name="score_side_scope")]

    def __str__(self):
        return f"{self.assessment_id} {self.side} {self.scope} {self.key}: {self.numerator}/{self.denominator}"
