"""Opening a cycle: every active agency gets an assessment with an empty response per item, an empty answer per
section of the organisation profile and an empty response per results item."""

from django.db import transaction

from agencies.models import Agency
from assessments import scores
from assessments.models import Answer, Assessment, Cycle, ProfileAnswer, Response, ResultsResponse
from criteria.models import Item, ProfileSection, ResultsItem


@transaction.atomic
def cycle_open(*, cycle: Cycle) -> int:
    """Open the cycle and give each active agency its assessment. Safe to repeat: returns how many were new.

    Agencies added later get theirs when the cycle is opened again.
    """
    if cycle.status == Cycle.Status.DRAFT:
        cycle.status = Cycle.Status.OPEN
        cycle.save(update_fields=["status"])
    have = set(Assessment.objects.filter(cycle=cycle).values_list("agency_id", flat=True))
    new = [Assessment(cycle=cycle, agency=agency) for agency in Agency.objects.active().exclude(pk__in=have)]
    if not new:
        return 0
    Assessment.objects.bulk_create(new)
    created = list(Assessment.objects.filter(cycle=cycle).exclude(agency_id__in=have))
    items = list(Item.objects.filter(category__edition=cycle.edition_id))
    levels = list(cycle.edition.levels.all())
    Response.objects.bulk_create(Response(assessment=a, item=item) for a in created for item in items)
    responses = Response.objects.filter(assessment__in=created)
    Answer.objects.bulk_create(Answer(response=r, level=level) for r in responses for level in levels)
    fresh = Assessment.objects.filter(pk__in=[a.pk for a in created]).select_related("cycle")
    assessment_parts_complete(fresh)
    scores.store(fresh)  # all zero until the team answers; the services keep them current from then on
    return len(created)


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
    gained = {r.assessment.pk for r in responses}
    if gained:  # category 7 joins their stored scores
        scores.store([a for a in assessments if a.pk in gained])
    return len(answers) + len(responses)
