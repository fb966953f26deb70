from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """One recorded change to an assessment: who, when, what it was before and after; about one item
    (`response`), one organisation profile section (`profile_answer`), one results item (`results_response`,
    its indicators named in before/after) or the whole assessment."""

    class Action(models.TextChoices):
        ANSWER = "answer", _("answers changed")
        OWNER = "owner", _("owner changed")
        EVIDENCE_ADDED = "evidence_added", _("evidence added")
        EVIDENCE_REMOVED = "evidence_removed", _("evidence removed")
        CARRIED_OVER = "carried_over", _("copied from the last cycle")
        TARGET = "target", _("target changed")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for revision")
        FINALISED = "finalised", _("finalised")
        REOPENED = "reopened", _("reopened")
        PROFILE = "profile", _("profile section changed")
        INDICATOR_ADDED = "indicator_added", _("indicator added")
        INDICATOR_CHANGED = "indicator_changed", _("indicator changed")
        INDICATOR_REMOVED = "indicator_removed", _("indicator removed")

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="changes")
    response = models.ForeignKey(
        "assessments.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    profile_answer = models.ForeignKey(
        "assessments.ProfileAnswer", null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    results_response = models.ForeignKey(
        "assessments.ResultsResponse", null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.by} {self.action}"

    @staticmethod
    def about(target) -> tuple[dict, dict]:
        """What a change to `target` (an item's Response, a ProfileAnswer, a ResultsResponse or an Indicator) is
        about: the facts that name it in before/after, and the fields that tie the Change to it."""
        from assessments.models import Indicator, ProfileAnswer, Response, ResultsResponse

        if isinstance(target, Response):
            return {"item": target.item.code}, {"response": target}
        if isinstance(target, ProfileAnswer):
            return {"section": target.section.number_th}, {"profile_answer": target}
        if isinstance(target, ResultsResponse):
            return {"item": target.item.code}, {"results_response": target}
        if isinstance(target, Indicator):
            return {"indicator": target.name}, {"results_response_id": target.response_id}
        raise TypeError(f"A change is about an item, a profile section, a results item or an indicator: {target!r}")
