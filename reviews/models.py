"""Reviewers' judgments, kept apart from the agency's own.

Each assigned reviewer scores each item on their own (ItemReview with is_consensus=False); the lead reviewer
records the consensus (is_consensus=True), which is the result. Fractions are stored per level code, the same
shape the agency's answers have, and scored by assessments/scoring.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemReview(models.Model):
    response = models.ForeignKey("assessments.Response", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    is_consensus = models.BooleanField(_("consensus"), default=False)
    fractions = models.JSONField(_("fractions per level"), default=dict)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("opportunities for improvement"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "reviewer", "is_consensus"], name="one_review_per_kind"),
            models.UniqueConstraint(
                fields=["response"], condition=models.Q(is_consensus=True), name="one_consensus_per_item"
            ),
        ]
        verbose_name = _("item review")
        verbose_name_plural = _("item reviews")

    def __str__(self):
        kind = "consensus" if self.is_consensus else str(self.reviewer)
        return f"{self.response} · {kind}"


class ReturnRequest(models.Model):
    """What the reviewers asked the agency to revise, overall and per item."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="returns")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    message = models.TextField(_("message to the agency"))

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.assessment} · {self.at:%Y-%m-%d}"


class ReturnNote(models.Model):
    """What to revise in one item, or in one section of the organisation profile."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="notes")
    response = models.ForeignKey(
        "assessments.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="return_notes"
    )
    profile_answer = models.ForeignKey(
        "assessments.ProfileAnswer", null=True, blank=True, on_delete=models.CASCADE, related_name="return_notes"
    )
    message = models.TextField(_("what to revise"))

    class Meta:
        ordering = ["profile_answer__section__order", "response__item__category__number", "response__item__order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response__isnull=True) ^ models.Q(profile_answer__isnull=True),
                name="return_note_about_one_thing",
            )
        ]

    def __str__(self):
        about = self.response.item.code if self.response_id else self.profile_answer.section.number
        return f"{about}: {self.message[:40]}"


class ResultsReview(models.Model):
    """A reviewer's score of one results item of category 7 (0–500), or the lead's consensus, which is the result.

    The rule's score of the agency's indicators (assessments/results_scoring.py) is the agency's own claim; the
    reviewers judge it as they judge a sub-item.
    """

    response = models.ForeignKey("assessments.ResultsResponse", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    is_consensus = models.BooleanField(_("consensus"), default=False)
    score = models.PositiveSmallIntegerField(_("score"))
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("opportunities for improvement"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "reviewer", "is_consensus"], name="one_results_review_per_kind"
            ),
            models.UniqueConstraint(
                fields=["response"], condition=models.Q(is_consensus=True), name="one_results_consensus_per_item"
            ),
        ]
        verbose_name = _("results review")
        verbose_name_plural = _("results reviews")

    def __str__(self):
        return f"{self.response} · {'consensus' if self.is_consensus else self.reviewer}"


class ProfileComment(models.Model):
    """A reviewer's comment on one section of the organisation profile: read by the reviewers and
    administrators, and by the agency once the results are final (as reviewer texts are)."""

    answer = models.ForeignKey("assessments.ProfileAnswer", on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"
