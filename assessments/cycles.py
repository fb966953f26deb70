"""Opening a cycle: every active agency gets an assessment with an empty response per item."""

from django.db import transaction

from agencies.models import Agency
from assessments.models import Answer, Assessment, Cycle, Response
from criteria.models import Item


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
    return len(created)
