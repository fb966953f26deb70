from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """One recorded change to an assessment: who, when, what it was before and after."""

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

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="changes")
    response = models.ForeignKey(
        "assessments.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
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
