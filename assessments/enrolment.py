"""Enrolment: which agencies have an assessment in which cycle, and the one place assessments are made.

An assessment is made with an empty response per item (an empty answer per level), an empty answer per section of
the organisation profile, an empty response per results item, and its stored scores (all zero until the team
answers). Opening a cycle enrols every active agency (assessments/cycles.py: cycle_open); while a cycle is open, an
agency added or re-activated later is enrolled at once by whatever added it: the agency import, the Django admin
(`agencies_enrol`). Nothing here runs from a signal: the callers say when.
"""

from collections.abc import Iterable

from django.db import transaction

from agencies.models import Agency
from assessments import changes, scores
from assessments.models import Answer, Assessment, Cycle, ProfileAnswer, Response, ResultsResponse
from criteria.models import Item, ProfileSection, ResultsItem


@transaction.atomic
def assessments_create(*, cycle: Cycle, agencies: Iterable[Agency]) -> list[Assessment]:
    """Give each agency that lacks one its assessment in the cycle; return the new ones. Safe to repeat."""
    have = set(Assessment.objects.filter(cycle=cycle).values_list("agency_id", flat=True))
    new = [Assessment(cycle=cycle, agency=agency) for agency in agencies if agency.pk not in have]
    if not new:
        return []
    Assessment.objects.bulk_create(new)
    created = list(
        Assessment.objects.filter(cycle=cycle, agency_id__in=[a.agency_id for a in new]).select_related("cycle")
    )
    items = list(Item.objects.filter(category__edition=cycle.edition_id))
    levels = list(cycle.edition.levels.all())
    Response.objects.bulk_create(Response(assessment=a, item=item) for a in created for item in items)
    responses = Response.objects.filter(assessment__in=created)
    Answer.objects.bulk_create(Answer(response=r, level=level) for r in responses for level in levels)
    assessment_parts_complete(Assessment.objects.filter(pk__in=[a.pk for a in created]))
    scores.store(created)  # all zero until the team answers; the services keep them current from then on
    return created


@transaction.atomic
def agencies_enrol(*, codes: Iterable[str] | None = None) -> dict[Cycle, int]:
    """Give the agencies named by code (all when None) that are active and lack an assessment in a cycle open for
    self-assessment their assessment there. Returns how many were made per cycle (cycles with none left out).

    The agency import calls it after writing, the Django admin after saving an agency; re-activating an agency
    (active set again) enrols it the same way.
    """
    result = {}
    agencies = Agency.objects.active()
    if codes is not None:
        agencies = agencies.filter(code__in=list(codes))
    for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN).select_related("edition"):
        made = assessments_create(cycle=cycle, agencies=agencies.exclude(assessments__cycle=cycle))
        if made:
            result[cycle] = len(made)
    return result


def agencies_unenrolled(cycle: Cycle):
    """Active agencies without an assessment in the cycle: what opening it (again) would enrol."""
    return Agency.objects.active().exclude(assessments__cycle=cycle)


@transaction.atomic
def assessment_parts_complete(assessments) -> int:
    """Give the assessments (a queryset) an empty answer for each organisation profile section and results item
    of their edition that they lack. Safe to repeat; returns how many rows were added.

    Cycles open them with their assessments; `load_criteria` runs this for every assessment after an edition
    gained a profile and results (criteria.loading), so assessments made before then get theirs too.
    """
    assessments = list(assessments.select_related("cycle"))
    editions = {a.cycle.edition_id for a in assessments}
    sections = {}
    for section in ProfileSection.objects.filter(edition__in=editions, children__isnull=True):
        sections.setdefault(section.edition_id, []).append(section)
    results_items = {}
    for item in ResultsItem.objects.filter(edition__in=editions):
        results_items.setdefault(item.edition_id, []).append(item)
    ids = [a.pk for a in assessments]
    have_sections = set(ProfileAnswer.objects.filter(assessment__in=ids).values_list("assessment_id", "section_id"))
    have_items = set(ResultsResponse.objects.filter(assessment__in=ids).values_list("assessment_id", "item_id"))
    answers = [
        ProfileAnswer(assessment=a, section=s)
        for a in assessments
        for s in sections.get(a.cycle.edition_id, [])
        if (a.pk, s.pk) not in have_sections
    ]
    responses = [
        ResultsResponse(assessment=a, item=i)
        for a in assessments
        for i in results_items.get(a.cycle.edition_id, [])
        if (a.pk, i.pk) not in have_items
    ]
    ProfileAnswer.objects.bulk_create(answers)
    ResultsResponse.objects.bulk_create(responses)
    changes.changed(*sorted({a.assessment.pk for a in answers} | {r.assessment.pk for r in responses}))
    gained = {r.assessment.pk for r in responses}
    if gained:  # category 7 joins their stored scores
        scores.store([a for a in assessments if a.pk in gained])
    return len(answers) + len(responses)
