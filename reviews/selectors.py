"""Data for the review pages and the results, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import F, Func, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from accounts.models import ReviewerAssignment
from assessments import results_scoring, revisions, scores, scoring
from assessments import selectors as assessment_selectors
from assessments.models import Answer, Assessment, Change, Evidence, Response
from criteria.models import Descriptor, Quality, SuccessFactor
from criteria.selectors import edition_levels, item_mapping
from reviews.models import ItemReview, ResultsReview, ReturnNote, ReturnRequest


def queue(user):
    """The reviewer's assigned assessments, newest cycle first, with review progress. Two queries.

    The progress is counted per assessment by subqueries on the indexed foreign keys (each reads its own 24
    responses and their reviews), not by joining every response of the assessments and grouping them."""
    assignments = list(
        ReviewerAssignment.objects.filter(reviewer=user)
        .select_related("agency", "cycle")
        .order_by("-cycle__fiscal_year", "agency__name_th")
    )
    reviews = ItemReview.objects.filter(response__assessment=OuterRef("pk"))
    assessments = {
        (a.agency_id, a.cycle_id): a
        for a in Assessment.objects.filter(
            agency_id__in=[x.agency_id for x in assignments], cycle_id__in=[x.cycle_id for x in assignments]
        )
        .order_by()
        .annotate(
            mine=_count(reviews.filter(reviewer=user, is_consensus=False)),
            agreed=_count(reviews.filter(is_consensus=True)),
            items=_count(Response.objects.filter(assessment=OuterRef("pk"))),
        )  # their agency and cycle are the assignment's, already loaded
    }
    return [(assignment, assessments.get((assignment.agency_id, assignment.cycle_id))) for assignment in assignments]


def _count(rows):
    """How many rows, as a scalar subquery (0 when none)."""
    return Coalesce(Subquery(rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


@dataclass
class ItemRow:
    response: Response
    self_fractions: dict
    self_score: object
    mine: ItemReview | None
    consensus: ItemReview | None
    others: list


def _scale(assessment):
    return scoring.Scale.from_rows(edition_levels(assessment.cycle.edition))


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
    results_rows = results_overview(assessment, reviewer)
    return {
        "rows": rows,
        "results_rows": results_rows,
        "scale": scale,
        "missing_consensus": [row.response.item.code for row in rows if row.consensus is None]
        + [row.row.response.item.code for row in results_rows if row.consensus is None and row.row.indicators],
    }


@dataclass
class ResultsReviewRow:
    row: assessment_selectors.ResultsRow
    mine: ResultsReview | None
    consensus: ResultsReview | None
    others: list


def results_overview(assessment, reviewer) -> list[ResultsReviewRow]:
    """Every results item with the rule's score of the agency's indicators, this reviewer's, the consensus and the
    other reviewers'. Five queries."""
    rows = assessment_selectors.results(assessment, evidence=False)["results_rows"]
    reviews: dict[int, list[ResultsReview]] = {}
    for review in ResultsReview.objects.filter(response__assessment=assessment).select_related("reviewer"):
        reviews.setdefault(review.response_id, []).append(review)
    out = []
    for row in rows:
        found = reviews.get(row.response.pk, [])
        out.append(
            ResultsReviewRow(
                row,
                mine=next((r for r in found if r.reviewer_id == reviewer.pk and not r.is_consensus), None),
                consensus=next((r for r in found if r.is_consensus), None),
                others=[r for r in found if r.reviewer_id != reviewer.pk and not r.is_consensus],
            )
        )
    return out


def item_review(assessment, code: str):
    """One item for a reviewer: the agency's answers and evidence, every review of it, and the codes of the items
    before and after it (`previous_code`, `next_code`)."""
    responses = Response.objects.filter(assessment=assessment, item__code=code)
    return (
        assessment_selectors.with_last_return(assessment_selectors.with_neighbours(responses))
        .select_related("item__category")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("level")),
            Prefetch("item__descriptors", queryset=Descriptor.objects.order_by()),  # looked up by level_id: no join
            Prefetch("evidence", queryset=Evidence.objects.select_related("file")),
            Prefetch("reviews", queryset=ItemReview.objects.select_related("reviewer")),
        )
        .first()
    )


def item_revision(response, level_names: dict):
    """What the agency changed in the item since the assessment was last returned (None if it never was, or if
    nothing changed): one query, and only after a return."""
    if response.last_return_pk is None:
        return None
    changes = Change.objects.filter(
        response=response, pk__gt=response.last_return_pk, action__in=revisions.content_actions()
    ).select_related("by")
    return revisions.item_revision(changes, since_pk=response.last_return_pk, level_names=level_names)


def results(assessment, *, evidence: bool = True, inputs: bool = True) -> dict:
    """Self and reviewer (consensus) scores per item, category, overall and Government 4.0, against the target.

    A finalised assessment's scores are read as stored when it was finalised (assessments/scores.py: they never
    change after that); before, they are computed here with assessments/scoring.py. `inputs` (each item's
    fractions, which the gap report plans from) and `evidence` (each indicator's, which the SAR lists) are
    loaded unless the caller says it shows neither."""
    levels = edition_levels(assessment.cycle.edition)
    scale = scoring.Scale.from_rows(levels)
    stored = assessment.is_final
    related = [Prefetch("reviews", queryset=ItemReview.objects.filter(is_consensus=True))]
    if inputs or not stored:
        related.append(Prefetch("answers", queryset=Answer.objects.select_related("level")))
    responses = list(
        Response.objects.filter(assessment=assessment)
        .select_related("item__category")
        .prefetch_related(*related)
        .order_by("item__category__number", "item__order")
    )
    mapping = item_mapping(assessment.cycle.edition_id)
    categories = {r.item.category.number: r.item.category for r in responses}
    weights = {number: category.weight for number, category in categories.items()}
    consensus = {r.item.code: next(iter(r.reviews.all()), None) for r in responses}

    own_inputs = reviewed_inputs = None
    if inputs or not stored:
        own_inputs = [
            scoring.ItemInput(r.item.code, r.item.category.number, {a.level.code: a.fraction for a in r.answers.all()})
            for r in responses
        ]
        reviewed_inputs = [
            scoring.ItemInput(r.item.code, r.item.category.number, c.fractions if (c := consensus[r.item.code]) else {})
            for r in responses
        ]

    category_7 = results_category(assessment, scale, evidence=evidence)
    if stored:
        sides = scores.load([assessment], mapping=mapping)[assessment.pk]
        own, reviewed = sides[scores.SELF].scores, sides[scores.RESULT].scores
    else:

        def scored(item_inputs):
            return scoring.assessment_scores(
                scale, item_inputs, target=assessment.target_score, weights=weights, mapping=mapping
            )

        own, reviewed = scored(own_inputs), scored(reviewed_inputs)
        if category_7["rule"] is not None:
            own = results_scoring.with_results(category_7["rule"], scale, own, category_7["own"], weights=weights)
            reviewed = results_scoring.with_results(
                category_7["rule"], scale, reviewed, category_7["reviewed"], weights=weights
            )
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
        "category_7": category_7,
    }


@dataclass
class ResultsResultRow:
    """A results item: the agency's indicators, the rule's score of them (`own`), the consensus and its score."""

    row: assessment_selectors.ResultsRow
    own: scoring.Scored
    review: ResultsReview | None
    reviewed: scoring.Scored


def results_category(assessment, scale, *, evidence: bool = True) -> dict:
    """Category 7 of one assessment: per results item the rule's score of the agency's indicators and the
    reviewers' consensus (0 where there is none), and the category's score on each side. Seven queries; six
    without each indicator's evidence (the SAR lists it, the results page does not)."""
    data = assessment_selectors.results(assessment, evidence=evidence)
    rows, rule = data["results_rows"], data["results_rule"]
    if rule is None:
        return {"rule": None, "rule_row": data["results_rule_row"], "rows": [], "years": data["years"]}
    consensus = {
        r.response_id: r for r in ResultsReview.objects.filter(response__assessment=assessment, is_consensus=True)
    }
    target = assessment.target_score
    reviewed_scores = {
        row.response.pk: results_scoring.category_of(scale, [consensus[row.response.pk].score], target=target)
        if row.response.pk in consensus
        else results_scoring.category_of(scale, [0], target=target)
        for row in rows
    }
    return {
        "rule": rule,
        "rule_row": data["results_rule_row"],
        "years": data["years"],
        "rows": [
            ResultsResultRow(row, row.score.scored, consensus.get(row.response.pk), reviewed_scores[row.response.pk])
            for row in rows
        ],
        "own": data["results_scores"].category,
        "reviewed": results_scoring.category_of(scale, [s.score for s in reviewed_scores.values()], target=target),
    }


@dataclass
class ResultRow:
    response: Response
    own: object
    reviewed: object
    review: ItemReview | None


def latest_return(assessment):
    """The reviewers' latest request to revise, with who sent it and its notes (their item or profile section): what
    a returned workspace shows. Two queries, whatever the number of notes; None unless the assessment is returned."""
    if assessment.status != Assessment.Status.RETURNED:
        return None
    notes = ReturnNote.objects.select_related("response__item", "profile_answer__section")
    return (
        ReturnRequest.objects.filter(assessment=assessment)
        .select_related("by")
        .prefetch_related(Prefetch("notes", queryset=notes, to_attr="notes_shown"))
        .first()
    )
