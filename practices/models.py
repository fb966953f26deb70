"""Good practices: a finalised sub-item that reached the edition's top level, shared with every other agency
because the agency's coordinator agreed. Consent is a row per agreement, never edited away: withdrawing it stamps
who and when, and a new agreement is a new row, so the history stays. At most one active consent per response.

What is shared: the item's narratives, and of its link evidence only the links the coordinator ticked as public
when agreeing (`links`): a link to an intranet or a private drive is evidence for the reviewers, not for everyone.
Uploaded files are never shared."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    response = models.ForeignKey(
        "assessments.Response", on_delete=models.CASCADE, related_name="practice_consents", verbose_name=_("item")
    )
    given_at = models.DateTimeField(_("shared at"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("shared by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    links = models.ManyToManyField(
        "assessments.Evidence", blank=True, related_name="practice_consents", verbose_name=_("public links")
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["response"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_response",
            )
        ]
        verbose_name = _("good practice consent")
        verbose_name_plural = _("good practice consents")

    def __str__(self):
        return f"{self.response_id} {self.given_at:%Y-%m-%d}{' withdrawn' if self.withdrawn_at else ''}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
