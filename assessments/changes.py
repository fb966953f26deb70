"""The change count of an assessment: what its kept page parts are keyed by (assessments/kept_parts.py).

Every change the application makes to an assessment's content takes the assessment's row lock first (one writer
at a time), through `locked` (answers.assessment_lock_for_edit, evidence, submission, the reviewers' workflow),
which also raises the count, in the same transaction. So the count a page reads is never behind a committed
change: a change that commits has raised it, one that rolls back has not. The count lives in a row of its own
(ChangeCount), written only here, so saving a loaded Assessment cannot put an older number back.
"""

from django.db import connection
from django.db.models import OuterRef, Subquery

from assessments.models import Assessment, ChangeCount


def locked(assessment_id: int, *related: str) -> Assessment:
    """The assessment (with `related` as select_related), its row locked until the transaction ends, taken for a
    change: its change count is raised in the same transaction. Every change the application makes to an
    assessment's content starts here (or, where it holds no lock, calls `changed`)."""
    assessment = Assessment.objects.select_for_update().select_related(*related).get(pk=assessment_id)
    changed(assessment.pk)
    return assessment


def changed(*assessment_ids: int) -> None:
    """Raise the change count of these assessments (inside the transaction of the change)."""
    table = connection.ops.quote_name(ChangeCount._meta.db_table)
    with connection.cursor() as cursor:
        for pk in assessment_ids:
            cursor.execute(
                f"INSERT INTO {table} (assessment_id, changes) VALUES (%s, 1) "
                f"ON CONFLICT (assessment_id) DO UPDATE SET changes = {table}.changes + 1",
                [pk],
            )


def count(assessment) -> int:
    """The assessment's change count (0 before its first change): read with the assessment when its lookup
    selected `count_row` (access.get_assessment_for_user does: the count of the same moment, no query), else now."""
    if Assessment.count_row.is_cached(assessment):
        row = getattr(assessment, "count_row", None)  # selected and absent: no change yet
        return row.changes if row is not None else 0
    found = ChangeCount.objects.filter(assessment_id=assessment.pk).values_list("changes", flat=True)
    return next(iter(found), 0)


def with_counts(assessments):
    """The assessments, each with its change count as `change_count` (None before its first change)."""
    return assessments.annotate(
        change_count=Subquery(ChangeCount.objects.filter(assessment=OuterRef("pk")).values("changes")[:1])
    )
