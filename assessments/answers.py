"""Writing an item's answers without losing anyone's work, and the other team edits of an assessment."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import changes, scores, scoring
from assessments.evidence import links_carry_over
from assessments.models import Answer, Assessment, CategoryOwner, Change, Comment, Response
from notices import events as notices
from search import index as search_index


class EditConflict(Exception):
    """Someone else saved the item (or profile section, or indicator) since this person opened it. Carries the
    current version as `current` (`response` for an item)."""

    def __init__(self, current):
        self.current = self.response = current
        super().__init__(_("Someone else saved this item while you were editing it."))


class AssessmentLocked(ValidationError):
    def __init__(self):
        super().__init__(_("The assessment has been submitted and cannot be changed unless it is returned."))


def assessment_lock_for_edit(assessment_id: int) -> Assessment:
    """The assessment with its row locked until the transaction ends, once it is known to be open for the team's
    edits; AssessmentLocked otherwise. Every write of the team's answers starts here, so a submission (which
    locks the same row) either waits for the write or is seen by it: never both."""
    assessment = changes.locked(assessment_id, "cycle__edition")
    if assessment.is_locked:
        raise AssessmentLocked()
    return assessment


def scale_of(assessment: Assessment) -> scoring.Scale:
    return scoring.Scale.from_rows(assessment.cycle.edition.levels.all())


def _snapshot(response: Response, answers: list[Answer]) -> dict:
    return {
        "status": response.status,
        "answers": {a.level.code: {"narrative": a.narrative, "fraction": a.fraction} for a in answers},
    }


@dataclass
class LevelInput:
    level_code: str
    narrative: str
    fraction: int


@transaction.atomic
def response_save(*, response: Response, version: int, status: str, levels: list[LevelInput], by) -> Response:
    """Save an item's answers if nobody else saved it since `version`, and record the change.

    The version check is one conditional UPDATE, so of two concurrent saves from the same version exactly
    one wins, on any database; the other gets EditConflict and overwrites nothing. Levels are cumulative
    gates: fractions for a level while a lower one is not fully met are refused (ValidationError).
    """
    assessment = assessment_lock_for_edit(response.assessment_id)
    fractions = {entry.level_code: entry.fraction for entry in levels}
    violations = scoring.gate_violations(scale_of(assessment), fractions)
    if violations:
        raise ValidationError(_("A level counts only when the level below it is fully met (100 %)."))
    moved = Response.objects.filter(pk=response.pk, version=version).update(
        version=F("version") + 1, status=status, updated_at=timezone.now(), updated_by=by
    )
    if not moved:
        raise EditConflict(Response.objects.select_related("updated_by").get(pk=response.pk))
    answers = list(response.answers.select_related("level"))
    before = _snapshot(response, answers)
    for answer in answers:
        entry = next(e for e in levels if e.level_code == answer.level.code)
        answer.narrative, answer.fraction = entry.narrative, entry.fraction
    Answer.objects.bulk_update(answers, ["narrative", "fraction"])
    response.refresh_from_db()
    after = _snapshot(response, answers)
    if before != after:
        Change.objects.create(
            assessment=assessment, response=response, action=Change.Action.ANSWER, by=by, before=before, after=after
        )
    scores.self_store(assessment)
    search_index.response_index(response)
    return response


@transaction.atomic
def owner_set(*, target, owner, by) -> None:
    """Make `owner` (or nobody) responsible for one item, organisation profile section or results item."""
    assessment = assessment_lock_for_edit(target.assessment_id)
    facts, about = Change.about(target)
    before = facts | {"owner": str(target.owner or "")}
    notices.owner_assigned(target=target, owner=owner, by=by)  # before the change: it compares with the old owner
    type(target).objects.filter(pk=target.pk).update(owner=owner)
    target.owner = owner
    Change.objects.create(
        assessment=assessment,
        **about,
        action=Change.Action.OWNER,
        by=by,
        before=before,
        after=facts | {"owner": str(owner or "")},
    )


@transaction.atomic
def category_owner_set(*, assessment: Assessment, category, owner, by) -> None:
    """Make `owner` (or nobody) responsible for a whole category (เจ้าภาพหมวด)."""
    assessment_lock_for_edit(assessment.pk)
    found = CategoryOwner.objects.filter(assessment=assessment, category=category).first()
    before = {"category": category.number, "owner": str(found.owner) if found else ""}
    notices.category_owner_assigned(
        assessment=assessment, category=category, owner=owner, by=by, previous=found.owner if found else None
    )
    if owner is None:
        CategoryOwner.objects.filter(assessment=assessment, category=category).delete()
    else:
        CategoryOwner.objects.update_or_create(assessment=assessment, category=category, defaults={"owner": owner})
    Change.objects.create(
        assessment=assessment,
        action=Change.Action.OWNER,
        by=by,
        before=before,
        after={"category": category.number, "owner": str(owner or "")},
    )


@transaction.atomic
def comment_add(*, response: Response, by, body: str) -> Comment:
    """A team member's comment on an item (the search index takes it on save). The item page shows it: its kept
    part goes with the assessment's change count."""
    comment = Comment.objects.create(response=response, author=by, body=body)
    changes.changed(response.assessment_id)
    return comment


@transaction.atomic
def target_set(*, assessment: Assessment, target_score: int | None, by) -> None:
    assessment_lock_for_edit(assessment.pk)
    before = {"target": assessment.target_score}
    assessment.target_score = target_score
    assessment.save(update_fields=["target_score"])
    Change.objects.create(
        assessment=assessment, action=Change.Action.TARGET, by=by, before=before, after={"target": target_score}
    )
    scores.self_store(assessment)


@transaction.atomic
def response_carry_over(*, response: Response, by) -> Response:
    """Start an item from last cycle's answers and evidence links (same agency, same item code).

    The copy is marked (carried_over_from) and recorded. Files are not copied: their evidence rows
    belong to last cycle's assessment; links are.
    """
    assessment = assessment_lock_for_edit(response.assessment_id)
    previous = (
        Response.objects.filter(
            assessment__agency=assessment.agency,
            item__code=response.item.code,
            assessment__cycle__fiscal_year__lt=assessment.cycle.fiscal_year,
        )
        .order_by("-assessment__cycle__fiscal_year")
        .first()
    )
    if previous is None:
        raise ValidationError(_("There is no answer to this item in an earlier cycle."))
    old = {a.level.code: a for a in previous.answers.select_related("level")}
    answers = list(response.answers.select_related("level"))
    before = _snapshot(response, answers)
    for answer in answers:
        if answer.level.code in old:
            answer.narrative, answer.fraction = old[answer.level.code].narrative, old[answer.level.code].fraction
    Answer.objects.bulk_update(answers, ["narrative", "fraction"])
    links_carry_over(previous=previous, response=response, assessment=assessment, by=by)
    Response.objects.filter(pk=response.pk).update(
        carried_over_from=previous,
        version=F("version") + 1,
        status=Response.Status.IN_PROGRESS,
        updated_at=timezone.now(),
        updated_by=by,
    )
    response.refresh_from_db()
    Change.objects.create(
        assessment=assessment,
        response=response,
        action=Change.Action.CARRIED_OVER,
        by=by,
        before=before,
        after=_snapshot(response, answers) | {"from": previous.assessment.cycle.fiscal_year},
    )
    scores.self_store(assessment)
    search_index.response_index(response)
    return response
