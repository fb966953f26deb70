"""Data for the review pages and the results, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from accounts.models import ReviewerAssignment
from assessments import scoring
from assessments.models import Answer, Assessment, Evidence, Response
from criteria.models import Descriptor, Quality, SuccessFactor
from criteria.selectors import item_mapping
from reviews.models import ItemReview


def queue(user):
    """The reviewer's assigned assessments, newest cycle first, with review progress. Two queries."""
    assignments = list(
        ReviewerAssignment.objects.filter(reviewer=user)
        .select_related("agency", "cycle")
        .order_by("-cycle__fiscal_year", "agency__name_th")
    )
    assessments = {
        (a.agency_id, a.cycle_id): a
        for a in Assessment.objects.filter(
            agency_id__in=[x.agency_id for x in assignments], cycle_id__in=[x.cycle_id for x in assignments]
        )
        .annotate(
            mine=Count(
                "responses__reviews",
                filter=Q(responses__reviews__reviewer=user, responses__reviews__is_consensus=False),
            ),
            agreed=Count("responses__reviews", filter=Q(responses__reviews__is_consensus=True)),
            items=Count("responses", distinct=True),
        )
        .select_related("agency", "cycle")
    }
    return [(assignment, assessments.get((assignment.agency_id, assignment.cycle_id))) for assignment in assignments]


@dataclass
class ItemRow:
    response: Response
    self_fractions: dict
    self_score: object
    mine: ItemReview | None
    consensus: ItemReview | None
    others: list


def _scale(assessment):
    return scoring.Scale.from_rows(assessment.cycle.edition.levels.all())


def overview(assessment, reviewer) -> dict:
    """Every item with the agency's claim, this reviewer's score and the consensus. Four queries."""
    scale = _scale(assessment)
    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("item__category")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("level")),
            Prefetch("reviews", queryset=ItemReview.objects.select_related("reviewer")),
        )
        .order_by("item__category__number", "item__order")
    )
    rows = []
    for response in responses:
        fractions = {a.level.code: a.fraction for a in response.answers.all()}
        reviews = list(response.reviews.all())
        rows.append(
            ItemRow(
                response,
                fractions,
                scoring.item_score(scale, fractions),
                mine=next((r for r in reviews if r.reviewer_id == reviewer.pk and not r.is_consensus), None),
                consensus=next((r for r in reviews if r.is_consensus), None),
                others=[r for r in reviews if r.reviewer_id != reviewer.pk and not r.is_consensus],
            )
        )
    for row in rows:
        for review in [row.mine, row.consensus, *row.others]:
            if review is not None:
                review.score = scoring.item_score(scale, review.fractions)
    return {
        "rows": rows,
        "scale": scale,
        "missing_consensus": [row.response.item.code for row in rows if row.consensus is None],
    }


def item_review(assessment, code: str):
    """One item for a reviewer: the agency's answers and evidence, and every review of it."""
    return (
        Response.objects.filter(assessment=assessment, item__code=code)
        .select_related("item__category")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("level")),
            Prefetch("item__descriptors", queryset=Descriptor.objects.select_related("level")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("file")),
            Prefetch("reviews", queryset=ItemReview.objects.select_related("reviewer")),
        )
        .first()
    )


def results(assessment) -> dict:
    """Self and reviewer (consensus) scores per item, category, overall and Government 4.0, against the target."""
    levels = list(assessment.cycle.edition.levels.all())
    scale = scoring.Scale.from_rows(levels)
    responses = list(
        Response.objects.filter(assessment=assessment)
        .select_related("item__category")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("level")),
            Prefetch("reviews", queryset=ItemReview.objects.filter(is_consensus=True)),
        )
        .order_by("item__category__number", "item__order")
    )
    mapping = item_mapping(assessment.cycle.edition_id)
    categories = {r.item.category.number: r.item.category for r in responses}
    weights = {number: category.weight for number, category in categories.items()}
    consensus = {r.item.code: next(iter(r.reviews.all()), None) for r in responses}

    own_inputs = [
        scoring.ItemInput(r.item.code, r.item.category.number, {a.level.code: a.fraction for a in r.answers.all()})
        for r in responses
    ]
    reviewed_inputs = [
        scoring.ItemInput(r.item.code, r.item.category.number, c.fractions if (c := consensus[r.item.code]) else {})
        for r in responses
    ]

    def scored(inputs):
        return scoring.assessment_scores(
            scale, inputs, target=assessment.target_score, weights=weights, mapping=mapping
        )

    own = scored(own_inputs)
    reviewed = scored(reviewed_inputs)
    level_of = {lv.code: lv for lv in levels}
    blocks = []
    for number, category in sorted(categories.items()):
        items = [
            ResultRow(r, own.items[r.item.code], reviewed.items[r.item.code], consensus[r.item.code])
            for r in responses
            if r.item.category.number == number
        ]
        blocks.append((category, own.categories[number], reviewed.categories[number], items))
    return {
        "scale": scale,
        "weights": weights,
        "inputs": {"own": own_inputs, "reviewed": reviewed_inputs},
        "levels": level_of,
        "own": own,
        "reviewed": reviewed,
        "blocks": blocks,
        "own_level": level_of.get(own.overall.level),
        "reviewed_level": level_of.get(reviewed.overall.level),
        "factors": [
            (f, own.success_factors.get(f.code), reviewed.success_factors.get(f.code))
            for f in SuccessFactor.objects.all()
        ],
        "qualities": [(q, own.qualities.get(q.code), reviewed.qualities.get(q.code)) for q in Quality.objects.all()],
    }


@dataclass
class ResultRow:
    response: Response
    own: object
    reviewed: object
    review: ItemReview | None
