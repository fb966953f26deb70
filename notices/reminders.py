"""Deadline reminders: 7 days and 1 day before an open cycle's submission deadline, to the coordinators of every
agency whose assessment is not submitted (in progress, or returned for revision), saying the deadline and how
much is not marked ready yet.

Windows, for a deadline D: the 7-day reminder is due from D − 7 days until D − 1 day, the 1-day reminder from
D − 1 day until D; nothing after D. A run late in the 7-day window still sends it; a cycle opened with less
than a day left gets only the 1-day one. Each reminder goes at most once per assessment (agency and cycle) and
kind, however often or from however many places this runs: a Reminder row, unique per assessment and kind, is
written in the same transaction as its e-mails. An agency without an active coordinator is not recorded, so a
coordinator named later in the window still gets it.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from accounts.models import Membership
from assessments.models import Assessment, Cycle, ProfileAnswer, Response, ResultsResponse
from notices.mail import link, mail
from notices.models import Reminder

NOT_SUBMITTED = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
READY = Response.Status.READY


def kind_due(deadline: datetime.datetime, now: datetime.datetime) -> int | None:
    """Which reminder (7 or 1 days before) is due at `now` for `deadline`, or None."""
    left = deadline - now
    if left <= datetime.timedelta(0):
        return None
    if left <= datetime.timedelta(days=1):
        return Reminder.Kind.DAY
    if left <= datetime.timedelta(days=7):
        return Reminder.Kind.WEEK
    return None


@dataclass
class Due:
    """A reminder to send: an assessment, its kind, its coordinators and what is not ready yet."""

    assessment: Assessment
    days: int
    coordinators: list = field(default_factory=list)
    left: dict = field(default_factory=dict)  # {"items": (not ready, of), "sections": …, "results": …}


def _not_ready(model, assessment_ids) -> dict[int, tuple[int, int]]:
    rows = (
        model.objects.filter(assessment__in=assessment_ids)
        .values("assessment")
        .annotate(total=Count("pk"), waiting=Count("pk", filter=~Q(status=READY)))
    )
    return {row["assessment"]: (row["waiting"], row["total"]) for row in rows}


def due(now: datetime.datetime) -> list[Due]:
    """Every reminder due at `now` and not sent yet, with its recipients (a fixed number of queries)."""
    found = []
    for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN, deadline__gt=now):
        days = kind_due(cycle.deadline, now)
        if days is None:
            continue
        assessments = (
            Assessment.objects.filter(cycle=cycle, status__in=NOT_SUBMITTED)
            .exclude(pk__in=Reminder.objects.filter(days=days).values("assessment"))
            .select_related("agency", "cycle")
            .order_by("agency__code")
        )
        found += [Due(assessment, days) for assessment in assessments]
    if not found:
        return []
    ids = [d.assessment.pk for d in found]
    coordinators = {}
    memberships = Membership.objects.filter(
        agency__in={d.assessment.agency_id for d in found}, role=Membership.Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user__email"):
        coordinators.setdefault(membership.agency_id, []).append(membership.user)
    counts = {"items": _not_ready(Response, ids), "sections": _not_ready(ProfileAnswer, ids)}
    counts["results"] = _not_ready(ResultsResponse, ids)
    for d in found:
        d.coordinators = coordinators.get(d.assessment.agency_id, [])
        d.left = {name: by_assessment.get(d.assessment.pk, (0, 0)) for name, by_assessment in counts.items()}
    return [d for d in found if d.coordinators]


def send(reminder: Due, now: datetime.datetime) -> bool:
    """Record the reminder and write its e-mails, together; False when it had already been sent (by another
    run at the same moment, say) — then nothing is written."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                assessment=reminder.assessment,
                days=reminder.days,
                sent_at=now,
                recipients=[person.email for person in reminder.coordinators],
            )
            assessment = reminder.assessment
            context = {
                "assessment": assessment,
                "days": reminder.days,
                "left": reminder.left,
                "link": link("assessments:workspace", year=assessment.cycle.fiscal_year, code=assessment.agency.code),
            }
            for person in reminder.coordinators:
                mail(person, "reminder", context)
    except IntegrityError:  # the unique (assessment, days): someone else sent it
        return False
    return True


def send_due(now: datetime.datetime) -> list[Due]:
    """Send every reminder due at `now`; the ones sent."""
    return [reminder for reminder in due(now) if send(reminder, now)]


def describe(reminder: Due) -> str:
    """One line for the command's output (in English, for operators)."""
    assessment = reminder.assessment
    items, _of = reminder.left["items"]
    return (
        f"{assessment.cycle.fiscal_year} {assessment.agency.code}: {reminder.days}-day reminder to "
        f"{', '.join(person.email for person in reminder.coordinators)} ({items} sub-items not ready)"
    )
