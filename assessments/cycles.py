"""A cycle's life, in one place: created as a draft, opened (every active agency gets its assessment), its deadline
extended, closed. Administrators run it from /manage/cycles/ (assessments/manage_views.py).

Dates are checked here, whatever the form: a cycle's opening date and deadline fall in its fiscal year (1 October
of the year before to 30 September, Buddhist era), the opening comes before the deadline, and an extended deadline
is later than the one it replaces.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.enrolment import agencies_unenrolled, assessment_parts_complete, assessments_create
from assessments.models import Assessment, Cycle
from criteria.models import Edition, Item
from pmqa import dates

__all__ = [
    "CycleRefused",
    "assessment_parts_complete",
    "cycle_close",
    "cycle_create",
    "cycle_deadline_extend",
    "cycle_open",
    "cycle_open_preview",
    "dates_check",
]


class CycleRefused(Exception):
    """A change the rules do not allow, with a message for the administrator (in their language)."""


def dates_check(*, fiscal_year: int, opens_on: datetime.date | None = None, deadline=None) -> dict[str, str]:
    """What is wrong with a cycle's dates, as {field: message}: outside the fiscal year, or out of order."""
    first, last = dates.fiscal_year_bounds(fiscal_year)
    bounds = {"year": fiscal_year, "first": dates.be_numeric(first), "last": dates.be_numeric(last)}
    outside = _("Fiscal year %(year)s runs from %(first)s to %(last)s: choose a date in it.")
    errors = {}
    if opens_on is not None and not first <= opens_on <= last:
        errors["opens_on"] = outside % bounds
    deadline_day = timezone.localtime(deadline).date() if deadline is not None else None
    if deadline_day is not None and not first <= deadline_day <= last:
        errors["deadline"] = outside % bounds
    if not errors and opens_on is not None and deadline_day is not None and deadline_day <= opens_on:
        errors["deadline"] = _("The submission deadline must come after the opening date.")
    return errors


@transaction.atomic
def cycle_create(*, fiscal_year: int, edition: Edition, opens_on: datetime.date, deadline, by=None) -> Cycle:
    """A new cycle, being prepared (draft): nobody sees it until it is opened."""
    if Cycle.objects.filter(fiscal_year=fiscal_year).exists():
        raise CycleRefused(_("There is already a cycle for fiscal year %(year)s.") % {"year": fiscal_year})
    if edition.status != Edition.Status.PUBLISHED:
        raise CycleRefused(_("Only a published edition of the criteria can be used for a cycle."))
    errors = dates_check(fiscal_year=fiscal_year, opens_on=opens_on, deadline=deadline)
    if errors:
        raise CycleRefused(" ".join(errors.values()))
    return Cycle.objects.create(fiscal_year=fiscal_year, edition=edition, opens_on=opens_on, deadline=deadline)


@dataclass(frozen=True)
class OpenPreview:
    """What opening a cycle (or opening it again) would make."""

    cycle: Cycle
    agencies: list  # the active agencies that would get an assessment
    items: int
    sections: int
    results_items: int
    assessments: int  # assessments the cycle has already


def cycle_open_preview(cycle: Cycle) -> OpenPreview:
    return OpenPreview(
        cycle=cycle,
        agencies=list(agencies_unenrolled(cycle).select_related("ministry")),
        items=Item.objects.filter(category__edition=cycle.edition_id).count(),
        sections=cycle.edition.profile_sections.filter(children__isnull=True).count(),
        results_items=cycle.edition.results_items.count(),
        assessments=Assessment.objects.filter(cycle=cycle).count(),
    )


@transaction.atomic
def cycle_open(*, cycle: Cycle) -> int:
    """Open the cycle and give each active agency its assessment. Safe to repeat: returns how many were new.

    While it is open, agencies added or re-activated later get theirs at once (assessments/enrolment.py).
    """
    if cycle.status == Cycle.Status.DRAFT:
        cycle.status = Cycle.Status.OPEN
        cycle.save(update_fields=["status"])
    return len(assessments_create(cycle=cycle, agencies=agencies_unenrolled(cycle)))


@transaction.atomic
def cycle_deadline_extend(*, cycle: Cycle, deadline, by=None) -> Cycle:
    """Move the submission deadline later; an earlier one, or one outside the fiscal year, is refused."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        raise CycleRefused(_("The cycle is closed: its deadline no longer changes."))
    if deadline <= cycle.deadline:
        raise CycleRefused(_("The new deadline must be later than the current one."))
    errors = dates_check(fiscal_year=cycle.fiscal_year, deadline=deadline)
    if errors:
        raise CycleRefused(" ".join(errors.values()))
    cycle.deadline = deadline
    cycle.save(update_fields=["deadline"])
    return cycle


def cycle_close_preview(cycle: Cycle) -> dict[str, int]:
    """How many of the cycle's assessments are in each status: what closing leaves as it is."""
    counts = dict.fromkeys(Assessment.Status.values, 0)
    for status in Assessment.objects.filter(cycle=cycle).values_list("status", flat=True):
        counts[status] += 1
    return counts


@transaction.atomic
def cycle_close(*, cycle: Cycle, by=None) -> Cycle:
    """Close the cycle: no agency is enrolled in it any more. Assessments, reviews and results stay as they are."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == Cycle.Status.CLOSED:
        raise CycleRefused(_("The cycle is already closed."))
    if cycle.status == Cycle.Status.DRAFT:
        raise CycleRefused(_("A cycle that was never opened cannot be closed."))
    cycle.status = Cycle.Status.CLOSED
    cycle.save(update_fields=["status"])
    return cycle
