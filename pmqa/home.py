"""What the home page shows each person after login: their tasks, items and deadlines, per role.

Each panel is loaded in a fixed number of queries, whatever the number of items, agencies or assignments (the
coordinator's quality check is the one exception: a few queries per assessment they may submit, and a
coordinator has one agency in practice). The queries of each panel are named in its docstring.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from accounts import access
from accounts.models import Membership, ReviewerAssignment
from assessments.models import Assessment, CategoryOwner, Cycle, Response
from assessments.quality import ERROR, WARNING, quality_check
from assessments.selectors import effective_owner
from reviews import selectors as review_selectors
from reviews.models import ReturnNote, ReturnRequest

# A cycle the people at work see: agencies write in an open cycle; reviewers score in open and review ones.
LIVE = (Cycle.Status.OPEN, Cycle.Status.REVIEW)


def days_left(deadline: datetime.datetime, now: datetime.datetime) -> int | None:
    """Calendar days from today to the deadline's day, in local time (0 on the day itself); None once it passed."""
    if now > deadline:
        return None
    return (timezone.localtime(deadline).date() - timezone.localtime(now).date()).days


@dataclass
class Readiness:
    """The coordinator's "ready to submit?": the quality check's errors and warnings."""

    errors: int
    warnings: int

    @property
    def ready(self) -> bool:
        return self.errors == 0


@dataclass
class TeamEntry:
    """One agency the person works for, in the live cycle."""

    membership: Membership
    assessment: Assessment | None
    days_left: int | None = None  # None once the deadline passed
    my_items: list = field(default_factory=list)
    returned: list = field(default_factory=list)  # ReturnNotes of the latest return, when it is returned
    return_message: str = ""
    readiness: Readiness | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.membership.role == Membership.Role.COORDINATOR


def _latest_return():
    return Subquery(
        ReturnRequest.objects.filter(assessment=OuterRef("request__assessment")).order_by("-at", "-pk").values("pk")[:1]
    )


def team(user, memberships: list, cycle: Cycle | None) -> list[TeamEntry]:
    """Per agency of the person: the cycle's assessment with its progress, the items they own (with their team
    comments and whether the latest return asks something of them), what the latest return asks, and for a
    coordinator whether it is ready to submit. Queries: the assessments; the return notes (when one is returned);
    the category owners; the items with their comment counts (kept when assessments.selectors.effective_owner is
    the person); then the quality check per assessment the person coordinates and may still submit."""
    if not memberships or cycle is None:
        return []
    assessments = {
        a.agency_id: a
        for a in Assessment.objects.filter(cycle=cycle, agency_id__in=[m.agency_id for m in memberships])
        .select_related("cycle", "agency")
        .annotate(
            total=Count("responses", distinct=True),
            ready=Count("responses", filter=Q(responses__status=Response.Status.READY), distinct=True),
        )
    }
    entries = [TeamEntry(m, assessments.get(m.agency_id)) for m in memberships]
    found = [e.assessment for e in entries if e.assessment is not None]
    if not found:
        return entries
    returned = [a for a in found if a.status == Assessment.Status.RETURNED]
    notes = (
        list(
            ReturnNote.objects.filter(request__assessment__in=returned, request=_latest_return())
            .select_related("request", "response__item", "profile_answer__section")
            .order_by("request__assessment", "profile_answer__section__order", "response__item__category__number")
        )
        if returned
        else []
    )
    asked = {note.response_id for note in notes if note.response_id}
    category_owners = {
        (co.assessment_id, co.category_id): co.owner
        for co in CategoryOwner.objects.filter(assessment__in=found).select_related("owner")
    }
    items = (
        Response.objects.filter(assessment__in=found)
        .select_related("item__category", "owner")
        .annotate(comments_count=Count("comments"))
        .order_by("assessment", "item__category__number", "item__order")
    )
    by_assessment = {e.assessment.pk: e for e in entries if e.assessment is not None}
    for response in items:
        if effective_owner(response, category_owners.get((response.assessment_id, response.item.category_id))) == user:
            response.returned = response.pk in asked
            by_assessment[response.assessment_id].my_items.append(response)
    for note in notes:
        entry = by_assessment[note.request.assessment_id]
        entry.returned.append(note)
        entry.return_message = note.request.message
    now = timezone.now()
    for entry in by_assessment.values():
        entry.days_left = days_left(entry.assessment.cycle.deadline, now)
        may_submit = entry.is_coordinator and not entry.assessment.is_locked
        if may_submit and entry.assessment.cycle.status == Cycle.Status.OPEN:
            findings = quality_check(entry.assessment)
            entry.readiness = Readiness(
                sum(f.severity == ERROR for f in findings), sum(f.severity == WARNING for f in findings)
            )
    return entries


def reviewer(user) -> list:
    """The reviewer's assignments in live cycles with the assessment's status and how many items they scored:
    reviews.selectors.queue's two queries."""
    return [(a, found) for a, found in review_selectors.queue(user) if a.cycle.status in LIVE]


def status_counts(assessments) -> list[tuple[str, str, int]]:
    """(code, label, count) for every status, in the workflow's order, from one query."""
    counts = dict(assessments.order_by().values_list("status").annotate(n=Count("pk")))
    return [(code, label, counts.get(code, 0)) for code, label in Assessment.Status.choices]


def executive(user, cycle: Cycle | None) -> dict:
    """The cycle's progress in the executive's scope: counts by status. One query."""
    if cycle is None:
        return {}
    counts = status_counts(access.assessments_visible_to(user).filter(cycle=cycle))
    return {"counts": counts, "total": sum(n for _c, _l, n in counts)}


def administrator(cycle: Cycle | None) -> dict:
    """The cycle's state, counts by status and the agencies without a lead reviewer. Two queries."""
    if cycle is None:
        return {}
    counts = status_counts(Assessment.objects.filter(cycle=cycle))
    lead = ReviewerAssignment.objects.filter(agency=OuterRef("agency"), cycle=cycle, is_lead=True)
    no_lead = list(
        Assessment.objects.filter(cycle=cycle)
        .exclude(Exists(lead))
        .select_related("agency")
        .order_by("agency__name_th")
    )
    return {"counts": counts, "total": sum(n for _c, _l, n in counts), "no_lead": no_lead}


def home(user, roles: dict) -> dict:
    """Every panel the person's roles call for. `roles` is accounts.access.roles_of(user). One query for the
    current cycle, then each panel's."""
    if not user.is_authenticated:
        return {}
    needs_cycle = roles["memberships"] or roles["executive_scopes"] or roles["administrator"]
    cycle = Cycle.objects.current() if needs_cycle else None
    return {
        "cycle": cycle,
        "cycle_days_left": days_left(cycle.deadline, timezone.now()) if cycle else None,
        "team": team(user, roles["memberships"], cycle),
        "review": reviewer(user) if user.is_reviewer else [],
        "executive": executive(user, cycle) if roles["executive_scopes"] else {},
        "administration": administrator(cycle) if roles["administrator"] else {},
    }
