"""Finalised and in-review assessments for the report tests, written straight to the database (the workflow
that produces them is tested in test_review_workflow.py)."""

import datetime

from django.utils import timezone

from agencies.models import Agency, Ministry
from assessments import scores, scoring
from assessments.cycles import cycle_open
from assessments.models import Answer, Assessment, Response
from criteria.models import ItemMapping
from reviews.models import ItemReview

STRENGTH = "มีการกำหนดทิศทางและถ่ายทอดสู่การปฏิบัติทั่วทั้งองค์การ"
IMPROVEMENT = "ควรนำผลการดำเนินงานมาทบทวนและปรับปรุงอย่างสม่ำเสมอ"


def own_fractions(index: int) -> dict:
    return {"basic": 100, "advance": (index * 15) % 100, "significance": 0}


def result_fractions(index: int) -> dict:
    if index == 5:
        return {"basic": 80, "advance": 0, "significance": 0}  # below Basic
    if index == 7:
        return {"basic": 100, "advance": 100, "significance": 40}
    return {"basic": 100, "advance": (index * 10) % 100, "significance": 0}


def finalise(assessment, reviewer, *, target=400) -> None:
    """Self-assessment, a consensus on every item, finalised."""
    responses = list(Response.objects.filter(assessment=assessment).select_related("item").order_by("item__code"))
    answers = {
        (a.response_id, a.level.code): a for a in Answer.objects.filter(response__in=responses).select_related("level")
    }
    for index, response in enumerate(responses):
        for code, fraction in own_fractions(index).items():
            answer = answers[(response.pk, code)]
            answer.fraction = fraction
            answer.narrative = "มีการดำเนินการตามแผน"
        ItemReview.objects.create(
            response=response,
            reviewer=reviewer,
            is_consensus=True,
            fractions=result_fractions(index),
            strengths=f"{response.item.code} {STRENGTH}",
            improvements=f"{response.item.code} {IMPROVEMENT}",
        )
    Answer.objects.bulk_update(answers.values(), ["fraction", "narrative"])
    assessment.target_score = target
    assessment.status = Assessment.Status.FINALISED
    assessment.submitted_at = assessment.finalised_at = timezone.now() - datetime.timedelta(days=1)
    assessment.save()
    scores.result_store(assessment)  # as the workflow does when it finalises


def expected_scores(assessment, *, reviewed: bool):
    """What the scoring module says, computed here from the same fractions the helpers wrote."""
    edition = assessment.cycle.edition
    scale = scoring.Scale.from_rows(edition.levels.all())
    responses = list(
        Response.objects.filter(assessment=assessment).select_related("item__category").order_by("item__code")
    )
    fractions = result_fractions if reviewed else own_fractions
    items = [scoring.ItemInput(r.item.code, r.item.category.number, fractions(i)) for i, r in enumerate(responses)]
    mapping = {
        m.item.code: ({f.code for f in m.success_factors.all()}, {q.code for q in m.qualities.all()})
        for m in ItemMapping.objects.filter(item__category__edition=edition).select_related("item")
    }
    weights = {c.number: c.weight for c in edition.categories.all()}
    return scoring.assessment_scores(scale, items, target=assessment.target_score, weights=weights, mapping=mapping)


def more_agencies(roles, count: int, *, reviewer) -> list:
    """`count` more finalised agencies in the roles' cycle (ministry moph), for query-count tests."""
    moph = Ministry.objects.get(code="moph")
    start = Agency.objects.count()
    Agency.objects.bulk_create(
        Agency(code=f"extra{start + i}", name_th=f"กรมทดสอบ {start + i}", ministry=moph) for i in range(count)
    )
    cycle_open(cycle=roles.cycle)
    extra = list(Assessment.objects.filter(cycle=roles.cycle, agency__code__startswith="extra"))
    for assessment in extra:
        if assessment.status != Assessment.Status.FINALISED:
            finalise(assessment, reviewer)
    return extra
