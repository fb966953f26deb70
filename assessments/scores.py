"""Scores computed once and stored (models.Score): what every report, dashboard, export and page reads.

- `compute` works out the scores of many assessments in a fixed number of queries per edition, with
  assessments/scoring.py and results_scoring.py, the only calculators: the agency's own side from its answers,
  indicators and target; the reviewers' result from the consensus (finalised assessments only, unless asked).
- `store` replaces an assessment's stored scores with freshly computed ones. The services call it: the own side
  whenever answers, indicators or the target change (self_store), the result when an assessment is finalised
  (result_store); reopening removes the result (result_forget). Finalised results never change after that.
- `load` reads stored scores back as scoring.AssessmentScores (success factors and qualities follow from the stored
  item scores and the edition's mapping, which is editable interpretation, when asked). An assessment without
  stored scores (made before they were stored) is computed and stored once, with a warning.
- `verify` recomputes and compares: `manage.py scores --verify` (CI runs it on the demo data).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from types import MappingProxyType

from django.db import transaction
from django.db.models import F

from assessments import results_scoring, scoring
from assessments.models import Answer, Assessment, Cycle, Indicator, Score
from criteria.models import Category, Item, Level, ResultsItem, ResultsRule

logger = logging.getLogger(__name__)
SELF, RESULT = Score.Side.SELF, Score.Side.RESULT
EVERY_SCOPE = tuple(Score.Scope.values)
SUMMARY = (Score.Scope.OVERALL, Score.Scope.CATEGORY, Score.Scope.RESULTS)


@dataclass(frozen=True)
class Side:
    """One side of an assessment: the AssessmentScores (overall as the edition's rule has it) and category 7."""

    scores: scoring.AssessmentScores
    results: scoring.Scored | None = None  # category 7; None for an edition without results
    results_items: dict = field(default_factory=dict)  # results item code → Scored


# --- Computing ---------------------------------------------------------------------------------------------


@dataclass
class _Edition:
    scale: scoring.Scale
    weights: dict
    items: list
    rule: results_scoring.ResultsRule | None
    results_codes: list


def _editions(edition_ids) -> dict[int, _Edition]:
    """Levels, categories, items and the results rule of each edition: four queries."""
    levels, weights, items, codes = defaultdict(list), defaultdict(dict), defaultdict(list), defaultdict(list)
    for level in Level.objects.filter(edition__in=edition_ids):
        levels[level.edition_id].append(level)
    for category in Category.objects.filter(edition__in=edition_ids):
        weights[category.edition_id][category.number] = category.weight
    for item in Item.objects.filter(category__edition__in=edition_ids).select_related("category"):
        items[item.category.edition_id].append(item)
    for code, edition_id in (
        ResultsItem.objects.filter(edition__in=edition_ids).order_by("order").values_list("code", "edition_id")
    ):
        codes[edition_id].append(code)
    rules = {
        r.edition_id: results_scoring.ResultsRule.from_row(r)
        for r in ResultsRule.objects.filter(edition__in=edition_ids)
    }
    return {
        pk: _Edition(scoring.Scale.from_rows(levels[pk]), weights[pk], items[pk], rules.get(pk), codes[pk])
        for pk in edition_ids
    }


def compute(assessments: Iterable[Assessment], *, results_of=None) -> dict[int, dict[str, Side | None]]:
    """{assessment id: {"self": Side, "result": Side or None}} for the assessments given (with their cycle).

    The result side is computed for finalised assessments, or for those whose ids are in `results_of` (the
    reviewers' working consensus, which is never stored). Eleven queries, whatever the number of assessments.
    """
    from assessments.selectors import indicator_input
    from reviews.models import ItemReview, ResultsReview

    assessments = list(assessments)
    if not assessments:
        return {}
    editions = _editions({a.cycle.edition_id for a in assessments})
    ids = [a.pk for a in assessments]
    judged = {a.pk for a in assessments if a.is_final or a.pk in (results_of or ())}
    own: dict[int, dict] = defaultdict(dict)
    for assessment_id, code, level, fraction in Answer.objects.filter(response__assessment__in=ids).values_list(
        "response__assessment_id", "response__item__code", "level__code", "fraction"
    ):
        own[assessment_id].setdefault(code, {})[level] = fraction
    reviewed: dict[int, dict] = defaultdict(dict)
    for assessment_id, code, fractions in ItemReview.objects.filter(
        is_consensus=True, response__assessment__in=judged
    ).values_list("response__assessment_id", "response__item__code", "fractions"):
        reviewed[assessment_id][code] = fractions
    indicators: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    for indicator in (
        Indicator.objects.filter(response__assessment__in=ids)
        .select_related("response__item")
        .prefetch_related("values")
    ):
        indicators[indicator.response.assessment_id][indicator.response.item.code].append(indicator_input(indicator))
    consensus7: dict[int, dict] = defaultdict(dict)
    for assessment_id, code, score in ResultsReview.objects.filter(
        is_consensus=True, response__assessment__in=judged
    ).values_list("response__assessment_id", "response__item__code", "score"):
        consensus7[assessment_id][code] = score

    out = {}
    for a in assessments:
        edition = editions[a.cycle.edition_id]
        own_side = _side(a, edition, own[a.pk], self_results=indicators[a.pk])
        result_side = _side(a, edition, reviewed[a.pk], result_scores=consensus7[a.pk]) if a.pk in judged else None
        out[a.pk] = {SELF: own_side, RESULT: result_side}
    return out


def _side(assessment, edition: _Edition, fractions: dict, *, self_results=None, result_scores=None) -> Side:
    target = assessment.target_score
    inputs = [scoring.ItemInput(i.code, i.category.number, fractions.get(i.code, {})) for i in edition.items]
    scores = scoring.assessment_scores(edition.scale, inputs, target=target, weights=edition.weights)
    if edition.rule is None:
        return Side(scores)
    if result_scores is None:
        computed = results_scoring.results_scores(
            edition.rule,
            edition.scale,
            [results_scoring.ResultsItemInput(c, self_results.get(c, [])) for c in edition.results_codes],
            year=assessment.cycle.fiscal_year,
            target=target,
        )
        items = {code: entry.scored for code, entry in computed.items.items()}
        category = computed.category
    else:
        items = {
            c: results_scoring.category_of(edition.scale, [result_scores.get(c, 0)], target=target)
            for c in edition.results_codes
        }
        category = results_scoring.category_of(edition.scale, [s.score for s in items.values()], target=target)
    scores = results_scoring.with_results(edition.rule, edition.scale, scores, category, weights=edition.weights)
    return Side(scores, category, items)


# --- Storing -----------------------------------------------------------------------------------------------


def _row(assessment_id, side, scope, key, scored: scoring.Scored) -> Score:
    score = Fraction(scored.score)
    gap = None if scored.gap is None else Fraction(scored.gap)
    return Score(
        assessment_id=assessment_id,
        side=side,
        scope=scope,
        key=str(key),
        numerator=score.numerator,
        denominator=score.denominator,
        level=scored.level or "",
        gap_numerator=None if gap is None else gap.numerator,
        gap_denominator=None if gap is None else gap.denominator,
        value=(Decimal(score.numerator) / Decimal(score.denominator)).quantize(Decimal("0.000001"), ROUND_HALF_EVEN),
    )


def _rows(assessment_id, side_name, side: Side) -> list[Score]:
    rows = [_row(assessment_id, side_name, Score.Scope.OVERALL, "", side.scores.overall)]
    rows += [_row(assessment_id, side_name, Score.Scope.CATEGORY, n, s) for n, s in side.scores.categories.items()]
    rows += [_row(assessment_id, side_name, Score.Scope.ITEM, c, s) for c, s in side.scores.items.items()]
    if side.results is not None:
        rows.append(_row(assessment_id, side_name, Score.Scope.RESULTS, "", side.results))
        rows += [_row(assessment_id, side_name, Score.Scope.RESULTS_ITEM, c, s) for c, s in side.results_items.items()]
    return rows


def changed(cycle_ids: Iterable[int]) -> None:
    """What the cycles' reports show has changed (scores, or an assessment's status): once the current transaction
    commits, their results_version goes up, so what dashboards kept under the old number is no longer used. A
    brief UPDATE after the commit: no lock is held while people save."""
    ids = sorted(set(cycle_ids))
    if ids:
        transaction.on_commit(lambda: Cycle.objects.filter(pk__in=ids).update(results_version=F("results_version") + 1))


@transaction.atomic
def store(assessments: Iterable[Assessment], *, sides=(SELF, RESULT)) -> int:
    """Compute and store the sides asked for (a result only for finalised assessments). Returns rows written."""
    assessments = list(assessments)
    changed(a.cycle_id for a in assessments)
    computed = compute(assessments)
    rows = [
        row for pk, found in computed.items() for name in sides if found[name] for row in _rows(pk, name, found[name])
    ]
    Score.objects.filter(assessment__in=list(computed), side__in=sides).delete()
    Score.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def self_store(assessment: Assessment) -> None:
    """The agency's own scores, after its answers, indicators or target changed (in the caller's transaction)."""
    store([_fresh(assessment)], sides=(SELF,))


def result_store(assessment: Assessment) -> None:
    """The result, once finalised; the own side with it, so both are of the same moment."""
    store([_fresh(assessment)])


def result_forget(assessment: Assessment) -> None:
    """A reopened assessment has no result until it is finalised again."""
    Score.objects.filter(assessment=assessment, side=RESULT).delete()
    changed([assessment.cycle_id])


def _fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_related("cycle").get(pk=assessment.pk)


# --- Loading -----------------------------------------------------------------------------------------------


COLUMNS = (
    "assessment_id",
    "side",
    "scope",
    "key",
    "numerator",
    "denominator",
    "level",
    "gap_numerator",
    "gap_denominator",
)


def _scored(numerator, denominator, level, gap_numerator, gap_denominator) -> scoring.Scored:
    gap = None if gap_numerator is None else Fraction(gap_numerator, gap_denominator)
    return scoring.Scored(Fraction(numerator, denominator), level or None, gap)


def load(assessments: Iterable[Assessment], *, scopes=EVERY_SCOPE, mapping=None) -> dict[int, dict[str, Side | None]]:
    """The stored sides of the assessments (with their cycle): {id: {"self": Side, "result": Side or None}}.

    `scopes` narrows what is read (dashboards need no items). With `mapping` (criteria.selectors.item_mapping)
    and items read, success factors and qualities are the mean of their items' stored scores. One query.
    """
    assessments = list(assessments)
    scopes = {*scopes, *SUMMARY}
    rows: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    found = Score.objects.filter(assessment__in=[a.pk for a in assessments], scope__in=scopes).order_by("pk")
    for assessment_id, side, *row in found.values_list(*COLUMNS):
        rows[assessment_id][side].append(row)
    missing = [a for a in assessments if not rows[a.pk][SELF] or (a.is_final and not rows[a.pk][RESULT])]
    if missing:
        logger.warning("Scores of %s assessments were not stored yet: storing them now.", len(missing))
        store_missing(missing)
        return load(assessments, scopes=scopes, mapping=mapping)
    return {
        a.pk: {
            SELF: _side_of(rows[a.pk][SELF], a, mapping),
            # A result is read only while the assessment is final (a reopen removes it in the same transaction).
            RESULT: _side_of(rows[a.pk][RESULT], a, mapping) if a.is_final else None,
        }
        for a in assessments
    }


def store_missing(assessments: list[Assessment]) -> int:
    """Store the scores the assessments lack, leaving those stored as they are; safe beside a reader doing the
    same at the same moment (both compute the same). Returns how many rows were written."""
    have = set(Score.objects.filter(assessment__in=[a.pk for a in assessments]).values_list("assessment_id", "side"))
    lacking = [a for a in assessments if (a.pk, SELF) not in have or (a.is_final and (a.pk, RESULT) not in have)]
    computed = compute(lacking)
    rows = [
        row
        for pk, found in computed.items()
        for name, side in found.items()
        if side and (pk, name) not in have
        for row in _rows(pk, name, side)
    ]
    Score.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    changed(a.cycle_id for a in lacking)
    return len(rows)


def _side_of(rows: list[tuple], assessment, mapping) -> Side:
    """A side from its stored rows (scope, key, then the columns of _scored)."""
    by_scope: dict[str, dict] = defaultdict(dict)
    for scope, key, *values in rows:
        by_scope[scope][key] = _scored(*values)
    items = MappingProxyType(by_scope[Score.Scope.ITEM])
    target = assessment.target_score
    factors, qualities = _interpretation(items, mapping, assessment) if mapping is not None else ({}, {})
    scores = scoring.AssessmentScores(
        target=None if target is None else Fraction(target),
        items=items,
        categories=MappingProxyType(
            {int(k): v for k, v in sorted(by_scope[Score.Scope.CATEGORY].items(), key=lambda kv: int(kv[0]))}
        ),
        overall=by_scope[Score.Scope.OVERALL][""],
        success_factors=factors,
        qualities=qualities,
    )
    return Side(scores, by_scope[Score.Scope.RESULTS].get(""), dict(by_scope[Score.Scope.RESULTS_ITEM]))


def _interpretation(items, mapping, assessment):
    """Success factors and qualities from the stored item scores, as scoring.assessment_scores forms them."""
    from assessments.answers import scale_of

    scale = scale_of(assessment)
    target = assessment.target_score
    groups = ({}, {})
    for code, scored in items.items():
        factors, qualities = mapping.get(code, ((), ()))
        for group, codes in zip(groups, (factors, qualities), strict=True):
            for name in set(codes):
                group.setdefault(name, []).append(scored.score)

    def scored(values):
        mean = scoring.category_score(values)
        return scoring.Scored(
            mean, scoring.level_of_score(scale, mean), None if target is None else scoring.gap(mean, target)
        )

    return tuple(MappingProxyType({k: scored(group[k]) for k in sorted(group)}) for group in groups)


# --- Verifying ---------------------------------------------------------------------------------------------


def verify(assessments: Iterable[Assessment]) -> list[str]:
    """Where stored scores differ from the scores computed now, as readable lines (empty: all equal)."""
    assessments = list(assessments)
    computed = compute(assessments)
    stored = defaultdict(set)
    for row in Score.objects.filter(assessment__in=[a.pk for a in assessments]):
        stored[row.assessment_id].add(_key(row))
    problems = []
    for a in assessments:
        expected = {_key(row) for name, side in computed[a.pk].items() if side for row in _rows(a.pk, name, side)}
        if expected != stored[a.pk]:
            missing, extra = expected - stored[a.pk], stored[a.pk] - expected
            problems.append(
                f"{a.cycle.fiscal_year}/{a.agency_id}: {len(missing)} scores differ or are missing, {len(extra)} stale"
            )
    return problems


def _key(row: Score) -> tuple:
    return (
        row.side,
        row.scope,
        row.key,
        row.numerator,
        row.denominator,
        row.level,
        row.gap_numerator,
        row.gap_denominator,
    )
