"""Keeping the search index (SearchDocument) equal to what it indexes.

What is indexed, one document each: an item's narrative at one level (Answer), a team comment (Comment), a piece
of evidence (title, description and the text of its file). The services call in here inside their transaction,
so the index changes with the answers or not at all:
- assessments/answers.py after an item's answers are saved or carried over: `response_index`;
- assessments/evidence.py whenever evidence is added, attached or detached: `evidence_changed`, which also asks for
  the file's text to be read in the background (tasks.py) once the transaction has committed;
- comments are written by a view (assessments/views.py): a post_save signal follows them (`connect_signals`);
- reviews/workflow.py at finalisation: `reviews_index` (the consensus feedback becomes searchable with the result),
  and on reopening: `reviews_forget` (reviewers' texts are never found while an assessment is not final).
Documents go with what they index: the foreign keys cascade, a deleted comment removes its own.
`rebuild` (manage.py search_index) makes the whole index again from the rows.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from assessments.models import Answer, Assessment, Comment, Evidence, Response
from reviews.models import ItemReview, ResultsReview
from search import segment
from search.models import REVIEW_KINDS, EvidenceText, SearchDocument

Kind = SearchDocument.Kind


def _store(*, kind: str, source_id: int, text: str, **fields) -> None:
    body = segment.clean(text)
    tokens = segment.token_string(body)
    if not tokens:
        SearchDocument.objects.filter(kind=kind, source_id=source_id).delete()
        return
    SearchDocument.objects.update_or_create(
        kind=kind, source_id=source_id, defaults={"body": body, "tokens": f" {tokens} ", **fields}
    )


def response_index(response: Response) -> None:
    """The narratives of an item, one document per level (a level without narrative has none)."""
    for answer in Answer.objects.filter(response_id=response.pk).select_related("level"):
        _store(
            kind=Kind.NARRATIVE,
            source_id=answer.pk,
            text=answer.narrative,
            assessment_id=response.assessment_id,
            response_id=response.pk,
            level_code=answer.level.code,
        )


def comment_index(comment: Comment) -> None:
    _store(
        kind=Kind.COMMENT,
        source_id=comment.pk,
        text=comment.body,
        assessment_id=Response.objects.values_list("assessment_id", flat=True).get(pk=comment.response_id),
        response_id=comment.response_id,
    )


def evidence_index(evidence: Evidence) -> None:
    """Title, description and, once it has been read, the text of the file."""
    text = ""
    if evidence.file_id:
        found = EvidenceText.objects.filter(file_id=evidence.file_id).only("status", "text").first()
        text = found.text if found and found.has_text else ""
    _store(
        kind=Kind.EVIDENCE,
        source_id=evidence.pk,
        text="\n".join(part for part in (evidence.title, evidence.description, text) if part),
        assessment_id=evidence.assessment_id,
        evidence_id=evidence.pk,
        title=evidence.title,
    )


def evidence_changed(evidence: Evidence) -> None:
    """Evidence added (or attached, detached): index it now; a file not read yet is read after commit."""
    from search import tasks

    evidence_index(evidence)
    if evidence.file_id:
        tasks.text_request(evidence.file)


def file_reindex(file_id: int) -> int:
    """Every evidence using the file, after its text was read: how many."""
    found = list(Evidence.objects.filter(file_id=file_id))
    for evidence in found:
        evidence_index(evidence)
    return len(found)


def reviews_index(assessment: Assessment) -> None:
    """The consensus strengths and opportunities for improvement of a final assessment, one document per sub-item
    and per results item (their own words, in that order)."""
    if assessment.status != Assessment.Status.FINALISED:
        return
    for model, kind, on in (
        (ItemReview, Kind.REVIEW, "response_id"),
        (ResultsReview, Kind.RESULTS_REVIEW, "results_response_id"),
    ):
        for review in model.objects.filter(response__assessment=assessment, is_consensus=True):
            _store(
                kind=kind,
                source_id=review.pk,
                text="\n".join(part for part in (review.strengths, review.improvements) if part),
                assessment_id=assessment.pk,
                **{on: review.response_id},
            )


def reviews_forget(assessment: Assessment) -> None:
    SearchDocument.objects.filter(assessment=assessment, kind__in=REVIEW_KINDS).delete()


@transaction.atomic
def rebuild(*, assessments=None) -> int:
    """Index everything again (of `assessments`, a queryset, or all): how many documents there are afterwards."""
    responses = Response.objects.all()
    evidence = Evidence.objects.all()
    comments = Comment.objects.all()
    documents = SearchDocument.objects.all()
    if assessments is not None:
        responses = responses.filter(assessment__in=assessments)
        evidence = evidence.filter(assessment__in=assessments)
        comments = comments.filter(response__assessment__in=assessments)
        documents = documents.filter(assessment__in=assessments)
    documents.delete()
    for response in responses.filter(answers__narrative__gt="").distinct():
        response_index(response)
    for comment in comments:
        comment_index(comment)
    for found in evidence:
        evidence_index(found)
    finals = Assessment.objects.filter(status=Assessment.Status.FINALISED)
    for final in finals if assessments is None else finals.filter(pk__in=assessments.values("pk")):
        reviews_index(final)
    return documents.count()


# --- Comments (answers.comment_add) ------------------------------------------------------------------------


def _comment_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata and restores bring their own index
        comment_index(instance)


def _comment_deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(kind=Kind.COMMENT, source_id=instance.pk).delete()


def connect_signals() -> None:
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="search-comment-saved")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="search-comment-deleted")
