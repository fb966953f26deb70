"""E-mail that follows what people do: the results of an assessment finalised, a piece of work given to someone.
The services call these inside their transaction; the e-mail is written only once that transaction commits
(transaction.on_commit), so a change that is rolled back or refused tells nobody."""

from django.db import transaction

from accounts import access
from accounts.models import Membership, User
from assessments.models import Assessment, ProfileAnswer, Response, ResultsResponse
from notices.mail import link, mail


def results_finalised(assessment: Assessment) -> None:
    """Tell the agency's coordinators and the executives whose scope covers the agency that its results are
    final, with a link to them (reviews/workflow.py: assessment_finalise)."""
    transaction.on_commit(lambda: _results_finalised_send(assessment.pk))


def _results_finalised_send(assessment_id: int) -> None:
    assessment = Assessment.objects.select_related("cycle", "agency", "finalised_by").get(pk=assessment_id)
    if not assessment.is_final:  # reopened since: nothing to announce
        return
    agency = assessment.agency
    coordinators = User.objects.filter(
        memberships__agency=agency, memberships__role=Membership.Role.COORDINATOR, is_active=True
    )
    people = {person.pk: person for person in [*coordinators, *access.executives_reading(agency)]}
    context = {
        "assessment": assessment,
        "link": link("reviews:results", year=assessment.cycle.fiscal_year, code=agency.code),
    }
    for person in sorted(people.values(), key=lambda p: p.email):
        mail(person, "results_finalised", context)


def owner_assigned(*, target, owner, by) -> None:
    """Tell `owner` that `by` made them responsible for an item, a profile section or a results item. Call it
    before the change is written: it compares with the owner so far, and nobody is told of a change to
    nobody, to the same person, or of taking something on oneself."""
    if owner is None or owner.pk in (target.owner_id, by.pk):
        return
    transaction.on_commit(lambda: _assigned_send(owner.pk, by, target=target))


def category_owner_assigned(*, assessment: Assessment, category, owner, by, previous=None) -> None:
    """The same for a whole category (เจ้าภาพหมวด); `previous` is the owner so far (a user or None)."""
    if owner is None or owner.pk in (getattr(previous, "pk", None), by.pk):
        return
    transaction.on_commit(lambda: _assigned_send(owner.pk, by, assessment=assessment, category=category))


def _assigned_send(owner_id: int, by, *, target=None, assessment=None, category=None) -> None:
    owner = User.objects.get(pk=owner_id)
    if not owner.is_active:
        return
    assessment = Assessment.objects.select_related("cycle", "agency").get(
        pk=target.assessment_id if target is not None else assessment.pk
    )
    where = {"year": assessment.cycle.fiscal_year, "code": assessment.agency.code}
    if isinstance(target, Response):
        kind, thing, page = "item", target.item, link("assessments:item", item=target.item.code, **where)
    elif isinstance(target, ProfileAnswer):
        kind, thing = "section", target.section
        page = link("assessments:profile_section", section=target.section.code, **where)
    elif isinstance(target, ResultsResponse):
        kind, thing, page = (
            "results_item",
            target.item,
            link("assessments:results_item", item=target.item.code, **where),
        )
    else:
        kind, thing, page = "category", category, link("assessments:workspace", **where)
    context = {"assessment": assessment, "kind": kind, "thing": thing, "by": by, "link": page}
    mail(owner, "assigned", context)
