from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency


def _evidence_path(instance, filename):
    # Named by content, never by the uploader's file name: stored once, no path tricks.
    return f"evidence/{instance.agency_id}/{instance.sha256[:2]}/{instance.sha256}"


class EvidenceFile(models.Model):
    """The bytes of an uploaded file, stored once per agency whatever the number of items it supports."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    content = models.FileField(upload_to=_evidence_path, max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "sha256"], name="file_stored_once_per_agency")]

    def __str__(self):
        return self.sha256


class Evidence(models.Model):
    """A document or link that supports one or more items, organisation profile sections or results indicators
    of an assessment."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    file = models.ForeignKey(EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="uses")
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    produced_on = models.DateField(_("date produced"), null=True, blank=True)
    responses = models.ManyToManyField(
        "assessments.Response", related_name="evidence", blank=True, verbose_name=_("supports")
    )
    profile_answers = models.ManyToManyField(
        "assessments.ProfileAnswer", related_name="evidence", blank=True, verbose_name=_("supports sections")
    )
    indicators = models.ManyToManyField(
        "assessments.Indicator", related_name="evidence", blank=True, verbose_name=_("supports indicators")
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.title


class Comment(models.Model):
    """The team's discussion of one item."""

    response = models.ForeignKey("assessments.Response", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"
