"""The review of a submitted assessment: every transition in one place.

    DRAFT ──submit──▶ SUBMITTED ──finalise (lead)──▶ FINALISED
                      ▲    │  ▲                         │
          resubmit ───┘    │  └──── reopen (admin) ─────┘
                      RETURNED ◀── return (reviewer)

Submitting and resubmitting are the agency's acts (assessments/submission.py); the rest is here. Each
transition locks the assessment row (SELECT … FOR UPDATE) before it reads the status, so two people acting at
once cannot both move it, and records a Change with who, when, before and after. Wrong people get
PermissionDenied; a right person at the wrong moment, or with bad input, gets ReviewRefused.

Reviewers' working scores (review_save) are not the agency's history and record no Change; an ItemReview
keeps its own `updated_at`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Membership, ReviewerAssignment
from assessments import changes, scores, scoring
from assessments.models import Assessment, Change, Indicator, ProfileAnswer, Response, ResultsResponse
from notices import events as notices
from reports import tasks as report_tasks
from reviews.models import ItemReview, ProfileComment, ResultsReview, ReturnNote, ReturnRequest
from search import index as search_index

FRACTION_STEP = 5
PROFILE_NOTE = "profile:"  # return notes about a profile section are keyed "profile:<section code>"

# Changes of an item's content that a reviewer re-reads after a resubmission. Owner changes are the team's
# housekeeping, not what the agency says about its work.
ITEM_CONTENT_ACTIONS = (
    Change.Action.ANSWER,
    Change.Action.EVIDENCE_ADDED,
    Change.Action.EVIDENCE_REMOVED,
    Change.Action.CARRIED_OVER,
)
WORKFLOW_ACTIONS = (
    Change.Action.SUBMITTED,
    Change.Action.RETURNED,
    Change.Action.FINALISED,
    Change.Action.REOPENED,
)


class ReviewRefused(ValidationError):
    """The right person, but not now or not with this input. `code` says which rule refused."""


# --- Checks shared by the transitions ----------------------------------------------------------


def _assessment_lock(assessment_id: int) -> Assessment:
    """The assessment with its row locked until the transaction ends: read its status only after this. Its change
    count is raised (assessments/changes.py): what reviewers write shows on the pages kept under it."""
    return changes.locked(assessment_id, "cycle__edition", "agency")


def _assignment_require(user, assessment: Assessment, *, lead: bool = False) -> ReviewerAssignment:
    """The person's assignment to this agency and cycle (as lead when asked), else PermissionDenied."""
    found = access.assignment_of(user, assessment) if user.is_active else None
    if found is None:
        raise PermissionDenied("Only the reviewers assigned to this agency in this cycle do this.")
    if lead and not found.is_lead:
        raise PermissionDenied("Only the lead reviewer does this.")
    return found


def _in_review_check(assessment: Assessment) -> None:
    """Reviewers act only while the assessment is submitted and in review."""
    if assessment.is_in_review:
        return
    status = assessment.status
    if status == Assessment.Status.FINALISED:
        raise ReviewRefused(
            _("Finalised results never change. An administrator can reopen the assessment."), code="finalised"
        )
    if status == Assessment.Status.RETURNED:
        raise ReviewRefused(
            _("The assessment is back with the agency for revision: the review goes on when it is resubmitted."),
            code="returned",
        )
    raise ReviewRefused(
        _("The assessment has not been submitted yet: there is nothing to review."), code="not_submitted"
    )


def _fractions_check(assessment: Assessment, fractions: dict[str, int]) -> dict[str, int]:
    """Every level's fraction, in level order (a level not given is 0), or ReviewRefused."""
    levels = list(assessment.cycle.edition.levels.all())
    scale = scoring.Scale.from_rows(levels)
    unknown = sorted(code for code in fractions if code not in scale.codes)
    if unknown:
        raise ReviewRefused(
            _("These levels are not in the criteria: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_level"
        )
    for value in fractions.values():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100 or value % FRACTION_STEP:
            raise ReviewRefused(
                _("A level is met to a whole percent from 0 to 100, in steps of 5."), code="bad_fraction"
            )
    checked = {code: fractions.get(code, 0) for code in scale.codes}
    violations = scoring.gate_violations(scale, checked)
    if violations:
        names = {level.code: level.name for level in levels}
        raise ReviewRefused(
            _("A level counts only when the level below it is fully met (100 %%). Check: %(levels)s.")
            % {"levels": ", ".join(names[code] for code in violations)},
            code="gate",
        )
    return checked


def _review_store(model, response, reviewer, consensus: bool, values: dict):
    """A reviewer's own review (one each), or the consensus (one per item: whichever lead saved it last)."""
    if consensus:
        review, _created = model.objects.update_or_create(
            response_id=response.pk, is_consensus=True, defaults={**values, "reviewer": reviewer}
        )
    else:
        review, _created = model.objects.update_or_create(
            response_id=response.pk, reviewer=reviewer, is_consensus=False, defaults=values
        )
    return review


def _text_require(text: str, message: str, code: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewRefused(message, code=code)
    return text


# --- Scores ----------------------------------------------------------------------------------


@transaction.atomic
def review_save(
    *,
    response: Response,
    reviewer,
    fractions: dict[str, int],
    strengths: str,
    improvements: str,
    consensus: bool = False,
) -> ItemReview:
    """Save a reviewer's score of one item, or (lead reviewer only) the consensus, which is the result.

    Each assigned reviewer keeps their own review per item; there is one consensus per item, whichever lead
    saved it last. Only while the assessment is in review. Fractions are checked as the agency's are
    (0–100 in steps of 5, known levels, cumulative gates) and stored for every level of the edition.
    """
    assessment = _assessment_lock(response.assessment_id)
    _assignment_require(reviewer, assessment, lead=consensus)
    _in_review_check(assessment)
    values = {
        "fractions": _fractions_check(assessment, fractions),
        "strengths": (strengths or "").strip(),
        "improvements": (improvements or "").strip(),
    }
    return _review_store(ItemReview, response, reviewer, consensus, values)


@transaction.atomic
def results_review_save(
    *, response: ResultsResponse, reviewer, score: int, strengths: str, improvements: str, consensus: bool = False
) -> ResultsReview:
    """Save a reviewer's score (0 to the edition's top, in steps of 5) of one results item of category 7, or (lead
    reviewer only) the consensus, which is the result. The same rules as review_save."""
    assessment = _assessment_lock(response.assessment_id)
    _assignment_require(reviewer, assessment, lead=consensus)
    _in_review_check(assessment)
    top = scoring.Scale.from_rows(assessment.cycle.edition.levels.all()).top
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= top or score % FRACTION_STEP:
        raise ReviewRefused(
            _("A score is a whole number from 0 to %(top)s, in steps of 5.") % {"top": top}, code="bad_score"
        )
    values = {"score": score, "strengths": (strengths or "").strip(), "improvements": (improvements or "").strip()}
    return _review_store(ResultsReview, response, reviewer, consensus, values)


@transaction.atomic
def profile_comment_add(*, answer: ProfileAnswer, author, body: str) -> ProfileComment:
    """A reviewer's comment on a section of the organisation profile, while the assessment is in review."""
    assessment = _assessment_lock(answer.assessment_id)
    _assignment_require(author, assessment)
    _in_review_check(assessment)
    body = _text_require(body, _("Write a comment first."), "comment_required")
    return ProfileComment.objects.create(answer=answer, author=author, body=body)


# --- Transitions -----------------------------------------------------------------------------


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, by, message: str, notes: dict[str, str], request=None
) -> ReturnRequest:
    """Send the assessment back to the agency for revision, with a message and notes per item code (or per
    profile section, keyed PROFILE_NOTE + its code).

    By an assigned reviewer, while in review. Blank notes are ignored; codes of items or sections not in the
    assessment are refused. The agency's coordinators are told by e-mail once the transaction commits.
    """
    locked = _assessment_lock(assessment.pk)
    _assignment_require(by, locked)
    _in_review_check(locked)
    message = _text_require(message, _("Write a message telling the agency what to revise."), "message_required")
    notes = {code.strip(): text.strip() for code, text in notes.items() if (text or "").strip()}
    sections = {
        PROFILE_NOTE + a.section.code: a
        for a in ProfileAnswer.objects.filter(assessment=locked).select_related("section").order_by("section__order")
    }
    responses = {r.item.code: r for r in locked.responses.select_related("item__category")}
    unknown = sorted(code for code in notes if code not in responses and code not in sections)
    if unknown:
        raise ReviewRefused(
            _("These items are not in this assessment: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_item",
        )
    codes = [code for code in responses if code in notes]  # in the criteria's order
    section_keys = [key for key in sections if key in notes]
    returned = ReturnRequest.objects.create(assessment=locked, by=by, message=message)
    ReturnNote.objects.bulk_create(
        [ReturnNote(request=returned, profile_answer=sections[key], message=notes[key]) for key in section_keys]
        + [ReturnNote(request=returned, response=responses[code], message=notes[code]) for code in codes]
    )
    before = {"status": locked.status}
    locked.status = Assessment.Status.RETURNED
    locked.save(update_fields=["status"])
    scores.changed([locked.cycle_id])
    Change.objects.create(
        assessment=locked,
        action=Change.Action.RETURNED,
        by=by,
        before=before,
        after={"status": locked.status, "message": message, "items": codes}
        | ({"sections": [key.removeprefix(PROFILE_NOTE) for key in section_keys]} if section_keys else {}),
    )
    transaction.on_commit(lambda: _coordinators_tell(locked, returned, request))
    return returned


@transaction.atomic
def assessment_finalise(*, assessment: Assessment, by) -> Assessment:
    """Make the consensus scores the result (lead reviewer only), once every item has one, and every results item
    for which the agency reported indicators (one without indicators scores 0).

    The result becomes visible to the agency and its executives (access.can_see_results).
    """
    locked = _assessment_lock(assessment.pk)
    _assignment_require(by, locked, lead=True)
    _in_review_check(locked)
    missing = missing_consensus(locked)
    if missing:
        raise ReviewRefused(
            _("Every item needs a consensus score before the results are finalised. Missing: %(codes)s.")
            % {"codes": ", ".join(missing)},
            code="consensus_missing",
        )
    before = {"status": locked.status}
    locked.status = Assessment.Status.FINALISED
    locked.finalised_at = timezone.now()
    locked.finalised_by = by
    locked.save(update_fields=["status", "finalised_at", "finalised_by"])
    Change.objects.create(
        assessment=locked,
        action=Change.Action.FINALISED,
        by=by,
        before=before,
        after={"status": locked.status, "finalised_at": locked.finalised_at.isoformat()},
    )
    scores.result_store(locked)
    search_index.reviews_index(locked)  # the consensus feedback becomes searchable with the result
    report_tasks.gap_reports_request(locked)  # rendered once, after the commit, and served as stored
    notices.results_finalised(locked)  # e-mail to the coordinators and executives in scope, after the commit
    return locked


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    """Put finalised results back in review (administrator only), saying why: the one way they change."""
    locked = _assessment_lock(assessment.pk)
    if not access.is_administrator(by):
        raise PermissionDenied("Only an administrator reopens finalised results.")
    if locked.status != Assessment.Status.FINALISED:
        raise ReviewRefused(_("Only a finalised assessment can be reopened."), code="not_finalised")
    reason = _text_require(reason, _("Say why the finalised results are reopened."), "reason_required")
    before = {
        "status": locked.status,
        "finalised_at": locked.finalised_at.isoformat() if locked.finalised_at else None,
        "finalised_by": str(locked.finalised_by or ""),
    }
    locked.status = Assessment.Status.SUBMITTED
    locked.finalised_at = None
    locked.finalised_by = None
    locked.save(update_fields=["status", "finalised_at", "finalised_by"])
    Change.objects.create(
        assessment=locked,
        action=Change.Action.REOPENED,
        by=by,
        before=before,
        after={"status": locked.status, "reason": reason},
    )
    scores.result_forget(locked)
    search_index.reviews_forget(locked)
    report_tasks.gap_reports_forget(locked)
    return locked


def missing_consensus(assessment: Assessment) -> list[str]:
    """Codes of the items, and results items with indicators, that have no consensus yet, in the criteria's
    order. Two queries."""
    items = assessment.responses.exclude(reviews__is_consensus=True).order_by("item__category__number", "item__order")
    results = (
        ResultsResponse.objects.filter(assessment=assessment, pk__in=Indicator.objects.values("response_id"))
        .exclude(reviews__is_consensus=True)
        .order_by("item__order")
    )
    return list(items.values_list("item__code", flat=True)) + list(results.values_list("item__code", flat=True))


# --- What the reviewers read -----------------------------------------------------------------
# Change ids grow in the order changes are recorded, so "since" and "oldest first" go by id: two changes
# recorded within the same microsecond still keep their order.


def changed_since_last_submission(assessment: Assessment) -> dict[str, list[Change]]:
    """The item changes (answers, evidence) recorded since the assessment was last returned, by item code in
    the criteria's order, oldest first. Empty when it has never been returned."""
    last_return = (
        Change.objects.filter(assessment=assessment, action=Change.Action.RETURNED).order_by("-pk").only("pk").first()
    )
    if last_return is None:
        return {}
    changes = (
        Change.objects.filter(
            assessment=assessment, response__isnull=False, action__in=ITEM_CONTENT_ACTIONS, pk__gt=last_return.pk
        )
        .select_related("response__item", "by")
        .order_by("response__item__category__number", "response__item__order", "pk")
    )
    by_item: dict[str, list[Change]] = {}
    for change in changes:
        by_item.setdefault(change.response.item.code, []).append(change)
    return by_item


def timeline(assessment: Assessment) -> list[Change]:
    """The workflow steps (submitted, returned, finalised, reopened), oldest first.

    Each Change carries `is_resubmission`: True for a submission that follows a return.
    """
    steps = list(
        Change.objects.filter(assessment=assessment, action__in=WORKFLOW_ACTIONS).select_related("by").order_by("pk")
    )
    returned = False
    for step in steps:
        step.is_resubmission = returned and step.action == Change.Action.SUBMITTED
        returned = returned or step.action == Change.Action.RETURNED
    return steps


# --- E-mail ----------------------------------------------------------------------------------


def _return_mail_render(assessment: Assessment, returned: ReturnRequest, coordinator, link: str) -> tuple[str, str]:
    """Subject and body in the coordinator's language (the subject on one line, as mail headers need)."""
    context = {
        "assessment": assessment,
        "returned": returned,
        "notes": list(returned.notes.select_related("response__item")),
        "coordinator": coordinator,
        "link": link,
    }
    with translation.override(coordinator.language):
        subject = render_to_string("reviews/email/returned_subject.txt", context)
        body = render_to_string("reviews/email/returned.txt", context)
    return " ".join(subject.split()), body


def _coordinators_tell(assessment: Assessment, returned: ReturnRequest, request) -> None:
    coordinators = Membership.objects.filter(
        agency=assessment.agency, role=Membership.Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    path = f"/assessments/{assessment.cycle.fiscal_year}/{assessment.agency.code}/"
    link = request.build_absolute_uri(path) if request else settings.SITE_URL + path  # no request: SITE_URL
    for membership in coordinators:
        subject, body = _return_mail_render(assessment, returned, membership.user, link)
        send_mail(subject, body, None, [membership.user.email])
