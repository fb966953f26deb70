from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceText(models.Model):
    """The text found in an evidence file, read once in the background (tasks.py) and searched (SearchDocument).

    Work row in the sense of pmqa/work.py: status PENDING until a task has read it; `kicked_at` and
    `claimed_until` keep the work from being lost or done twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Text not read yet")
        FOUND = "found", _("Text found")
        EMPTY = "empty", _("No text (a scanned image?)")
        UNREADABLE = "unreadable", _("File could not be read")
        SKIPPED = "skipped", _("Not searched (image)")
        TOO_LARGE = "too_large", _("Text found, beyond the limits only in part")

    file = models.OneToOneField("assessments.EvidenceFile", on_delete=models.CASCADE, related_name="text")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=0)  # pages, slides or worksheets read
    characters = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    kicked_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evidence text")
        verbose_name_plural = _("evidence texts")

    def __str__(self):
        return f"{self.file_id}: {self.status}"

    @property
    def has_text(self) -> bool:
        return self.status in (self.Status.FOUND, self.Status.TOO_LARGE)


class SearchDocument(models.Model):
    """One searchable thing of an assessment, as the index holds it: an item's narrative at one level, a team
    comment, a piece of evidence (its title, description and the text of its file), or, while the assessment is
    final, the reviewers' consensus feedback on a sub-item or a results item (strengths and opportunities for
    improvement; index.py adds it at finalisation and removes it on reopening).

    `tokens` is the text cut into words by PyThaiNLP (segment.py), joined by spaces. On PostgreSQL the table also has
    a stored tsvector column `vector` ('simple' configuration over `tokens`, GIN index) and a trigram index on
    `tokens` (pg_trgm), made by migration 0002 and unknown to the ORM; query.py reads them with SQL."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Narrative")
        COMMENT = "comment", _("Team comment")
        EVIDENCE = "evidence", _("Evidence")
        REVIEW = "review", _("Reviewers' feedback")
        RESULTS_REVIEW = "results_review", _("Reviewers' feedback on results")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_id = models.PositiveBigIntegerField()  # the Answer, Comment, Evidence, ItemReview or ResultsReview
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey("assessments.Response", null=True, on_delete=models.CASCADE, related_name="+")
    results_response = models.ForeignKey(
        "assessments.ResultsResponse", null=True, on_delete=models.CASCADE, related_name="+"
    )
    evidence = models.ForeignKey("assessments.Evidence", null=True, on_delete=models.CASCADE, related_name="+")
    level_code = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "source_id"], name="one_document_per_source")]

    def __str__(self):
        return f"{self.kind} {self.source_id}"


REVIEW_KINDS = (SearchDocument.Kind.REVIEW, SearchDocument.Kind.RESULTS_REVIEW)  # found only while final
