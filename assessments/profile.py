"""Writing the organisation profile (ลักษณะสำคัญขององค์การ): a section's text and status, and carrying it over
from last cycle (owners: answers.owner_set). The same rules as item answers (assessments/answers.py): the
assessment's row is locked and must be open for edits; a save names the version it started from and never
overwrites someone else's; every change is recorded with before and after."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import richtext
from assessments.answers import EditConflict, assessment_lock_for_edit
from assessments.evidence import links_carry_over
from assessments.models import Change, ProfileAnswer, Response


def _snapshot(answer: ProfileAnswer) -> dict:
    return {"section": answer.section.number_th, "status": answer.status, "text": answer.text}


@transaction.atomic
def profile_answer_save(*, answer: ProfileAnswer, version: int, text: str, status: str, by) -> ProfileAnswer:
    """Save a section's text and status if nobody saved it since `version` (else EditConflict, nothing written).

    The text is tidied first (richtext.clean: pasted line ends, invisible characters), never rewritten.
    """
    assessment = assessment_lock_for_edit(answer.assessment_id)
    if status not in Response.Status.values:
        raise ValidationError(_("Choose a status."))
    current = ProfileAnswer.objects.select_related("section", "updated_by").get(pk=answer.pk)
    if current.version != version:
        raise EditConflict(current)
    before = _snapshot(current)
    current.text, current.status = richtext.clean(text), status
    current.version, current.updated_at, current.updated_by = version + 1, timezone.now(), by
    current.save(update_fields=["text", "status", "version", "updated_at", "updated_by"])
    after = _snapshot(current)
    if before != after:
        Change.objects.create(
            assessment=assessment,
            profile_answer=current,
            action=Change.Action.PROFILE,
            by=by,
            before=before,
            after=after,
        )
    return current


def previous_answers(assessment) -> dict[str, ProfileAnswer]:
    """Last cycle's profile of the same agency (the latest earlier cycle with any text), by section code."""
    earlier = (
        ProfileAnswer.objects.filter(
            assessment__agency=assessment.agency_id, assessment__cycle__fiscal_year__lt=assessment.cycle.fiscal_year
        )
        .exclude(text="")
        .select_related("section", "assessment__cycle")
        .order_by("-assessment__cycle__fiscal_year")
    )
    found: dict[str, ProfileAnswer] = {}
    year = None
    for answer in earlier:
        year = year or answer.assessment.cycle.fiscal_year
        if answer.assessment.cycle.fiscal_year == year:
            found.setdefault(answer.section.code, answer)
    return found


@transaction.atomic
def profile_carry_over(*, assessment, by, section_code: str | None = None) -> int:
    """Start sections from last cycle's profile of the same agency (matched by section code), with its links.

    With `section_code`, that section is replaced (its history keeps what it said); without, every section that
    is still empty is filled and none that has text is touched. Returns how many sections were carried over;
    ValidationError when last cycle has nothing to give.
    """
    assessment = assessment_lock_for_edit(assessment.pk)
    previous = previous_answers(assessment)
    if not previous:
        raise ValidationError(_("There is no organisation profile in an earlier cycle."))
    answers = ProfileAnswer.objects.filter(assessment=assessment).select_related("section")
    if section_code:
        answers = answers.filter(section__code=section_code)
    else:
        answers = answers.filter(text="")
    carried = 0
    for answer in answers:
        old = previous.get(answer.section.code)
        if old is None:
            continue
        before = _snapshot(answer)
        answer.text, answer.status, answer.carried_over_from = old.text, Response.Status.IN_PROGRESS, old
        answer.updated_at, answer.updated_by = timezone.now(), by
        answer.save(update_fields=["text", "status", "carried_over_from", "updated_at", "updated_by"])
        ProfileAnswer.objects.filter(pk=answer.pk).update(version=F("version") + 1)
        links_carry_over(previous=old, response=answer, assessment=assessment, by=by)
        Change.objects.create(
            assessment=assessment,
            profile_answer=answer,
            action=Change.Action.CARRIED_OVER,
            by=by,
            before=before,
            after=_snapshot(answer) | {"from": old.assessment.cycle.fiscal_year},
        )
        carried += 1
    if section_code and not carried:
        raise ValidationError(_("This section has no text in the earlier cycle."))
    return carried
