from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment, Response
from criteria.models import ProfileSection


class ProfileAnswer(models.Model):
    """The agency's text for one section of its organisation profile (ลักษณะสำคัญขององค์การ).

    Written as rich-enough plain text (paragraphs and lists: assessments/richtext.py), never HTML. Saved with
    the same optimistic locking as item answers (`version`), owned, with a status and a history.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="profile_answers")
    section = models.ForeignKey(ProfileSection, on_delete=models.PROTECT, related_name="+", verbose_name=_("section"))
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Response.Status.choices, default=Response.Status.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("carried over from")
    )

    class Meta:
        ordering = ["section__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "section"], name="one_answer_per_section")]
        verbose_name = _("organisation profile answer")
        verbose_name_plural = _("organisation profile answers")

    def __str__(self):
        return f"{self.assessment} · {self.section.number}"
