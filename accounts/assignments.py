"""Reviewer assignments of a cycle: who reviews which agency, and who of them leads.

One lead per agency and cycle: the lead records the consensus and finalises (reviews/workflow.py), so naming a new
lead makes the previous one an ordinary reviewer. Administrators change assignments on
/manage/cycles/<year>/assignments/ (assessments/manage_views.py) or with the people import (its `lead` column).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ReviewerAssignment, User
from agencies.models import Agency


class AssignmentRefused(Exception):
    """A change the rules do not allow, with a message for the administrator."""


@dataclass(frozen=True)
class AgencyAssignments:
    """One row of the assignments page: an agency and its reviewers in the cycle, the lead first."""

    agency: Agency
    assignments: list

    @property
    def lead(self):
        return next((a for a in self.assignments if a.is_lead), None)


def assignments_table(cycle, agencies) -> list[AgencyAssignments]:
    """The agencies (a queryset), each with its assignments in the cycle: one query for the assignments."""
    by_agency = {}
    for found in (
        ReviewerAssignment.objects.filter(cycle=cycle, agency__in=agencies)
        .select_related("reviewer")
        .order_by("-is_lead", "reviewer__first_name", "reviewer__last_name", "reviewer__email")
    ):
        by_agency.setdefault(found.agency_id, []).append(found)
    return [AgencyAssignments(agency, by_agency.get(agency.pk, [])) for agency in agencies]


def _leads_clear(*, cycle, agency, keep=None) -> list[User]:
    """Make the agency's lead (if any, other than `keep`) an ordinary reviewer; return who lost the lead."""
    others = ReviewerAssignment.objects.select_for_update().filter(cycle=cycle, agency=agency, is_lead=True)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    previous = [found.reviewer for found in others.select_related("reviewer")]
    others.update(is_lead=False)
    return previous


@transaction.atomic
def assignment_add(*, cycle, agency: Agency, reviewer: User, lead: bool, by=None) -> ReviewerAssignment:
    """Assign the reviewer to the agency for the cycle (as lead if asked). Someone already assigned keeps their
    assignment; only the lead changes."""
    if not reviewer.is_reviewer or not reviewer.is_active:
        raise AssignmentRefused(_("%(person)s is not an active OPDC reviewer.") % {"person": reviewer})
    found, _created = ReviewerAssignment.objects.get_or_create(cycle=cycle, agency=agency, reviewer=reviewer)
    if lead:
        assignment_lead_set(assignment=found, lead=True, by=by)
    return found


@transaction.atomic
def assignment_lead_set(*, assignment: ReviewerAssignment, lead: bool, by=None) -> list[User]:
    """Mark or unmark the lead; marking one unmarks the agency's previous lead, who is returned."""
    previous = []
    if lead:
        previous = _leads_clear(cycle=assignment.cycle_id, agency=assignment.agency_id, keep=assignment)
    if assignment.is_lead != lead:
        assignment.is_lead = lead
        assignment.save(update_fields=["is_lead"])
    return previous


@transaction.atomic
def assignment_remove(*, assignment: ReviewerAssignment, by=None) -> None:
    """The reviewer no longer reads the agency's assessment of the cycle. Scores they recorded stay recorded."""
    assignment.delete()
