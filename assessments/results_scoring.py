"""Scoring of category 7, results: indicators against their targets in, scores out.

Pure calculation beside scoring.py, which it builds on (levels, gaps, display); no Django, no ORM. The rule is
edition data (criteria.ResultsRule, handed in as `ResultsRule.from_row`); docs/scoring.md states it for readers.
It is taken from practice (the Department of Disease Control's PMQA 4.0 system), not from OPDC's grid: an
interpretation, and every report says so.

- An indicator has a target (above 0), a direction (higher or lower is better) and a value per fiscal year. Its
  achievement is the share of the target reached, in percent: value ÷ target × 100 when higher is better, target
  ÷ value × 100 when lower is better. A value at or below 0 achieves 0 % when higher is better and counts as
  beyond every step when lower is better (nothing left to lower).
- Points: below `met_at` % (PMQA 4.0: 100) the indicator earns `points_when_met` (300) × achievement ÷ `met_at`;
  from `met_at` it earns `points_when_met`; above each step's percent (101, then 105) that step's points (400,
  500). So 80 % → 240, 100 % → 300, 101 % → 300, 103 % → 400, 106 % → 500.
- The year scored is the cycle's fiscal year. An indicator without a value for it, or without a target, has no
  score yet.
- A results item scores the mean of its scored indicators; an item with none scores 0 (like an unanswered
  sub-item), and says so through `scored_indicators`. Category 7 scores the mean of the edition's results items.
- Whether results count in the overall score is the rule's `counts_in_overall`: if so the overall is the weighted
  mean of the process categories and category 7 (with `weight`); if not (PMQA 4.0) it stays the process mean and
  results are reported beside it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from assessments import scoring
from assessments.scoring import Number, Scored

HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)


def _exact(value: Number, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise ValueError(f"{what} must be an int, Fraction or Decimal, not {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{what} must be finite, not {value!r}")
    return Fraction(value)


@dataclass(frozen=True)
class ResultsRule:
    """An edition's rule (see the module docstring). Checked here: ValueError when it cannot work."""

    met_at: Fraction
    points_when_met: int
    steps: tuple[tuple[Fraction, int], ...] = ()
    counts_in_overall: bool = False
    weight: Fraction = Fraction(1)

    def __post_init__(self):
        if self.met_at <= 0:
            raise ValueError(f"the target is met at a percent above 0, not {self.met_at}")
        if self.points_when_met <= 0:
            raise ValueError(f"points when met must be above 0, not {self.points_when_met}")
        above, points = self.met_at, self.points_when_met
        for step_above, step_points in self.steps:
            if step_above < above or step_points <= points:
                raise ValueError(f"steps must rise in percent and in points: {self.steps}")
            above, points = step_above, step_points
        if self.weight < 0:
            raise ValueError(f"the weight of results must not be negative, not {self.weight}")

    @classmethod
    def from_row(cls, row: Any) -> ResultsRule:
        """From anything with the fields of criteria.ResultsRule (steps as [{"above_percent", "points"}])."""
        return cls(
            met_at=_exact(Decimal(str(row.met_at_percent)), "met_at_percent"),
            points_when_met=int(row.points_when_met),
            steps=tuple(
                (_exact(Decimal(str(step["above_percent"])), "above_percent"), int(step["points"]))
                for step in row.steps
            ),
            counts_in_overall=bool(row.counts_in_overall),
            weight=_exact(Decimal(str(row.weight)), "weight"),
        )

    @property
    def top(self) -> int:
        return self.steps[-1][1] if self.steps else self.points_when_met


def quantity_display(value: Number | None) -> str:
    """An indicator's value or target for people: as exact as stored, trailing zeros dropped, thousands grouped
    ("1,250.5", "85", "-3.25"); "—" for none. Never rounded: it is the agency's own figure."""
    if value is None:
        return "—"
    exact = Decimal(value) if not isinstance(value, Fraction) else Decimal(value.numerator) / Decimal(value.denominator)
    text = format(exact.normalize(), "f")
    whole, _dot, part = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}" + (f".{part}" if part else "")


def achievement(value: Number, target: Number, direction: str) -> Fraction | None:
    """The share of the target reached, in percent; None when lower is better and the value is 0 or below
    (beyond every step). A target at or below 0 cannot be shared: ValueError."""
    value, target = _exact(value, "a value"), _exact(target, "a target")
    if target <= 0:
        raise ValueError(f"a target must be above 0, not {target}")
    if direction == HIGHER:
        return max(Fraction(0), value / target * 100)
    if direction == LOWER:
        return None if value <= 0 else target / value * 100
    raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")


def indicator_score(rule: ResultsRule, value: Number, target: Number, direction: str) -> Fraction:
    """Points for one indicator's value against its target (see the module docstring)."""
    share = achievement(value, target, direction)
    if share is None:
        return Fraction(rule.top)
    if share < rule.met_at:
        return rule.points_when_met * share / rule.met_at
    points = rule.points_when_met
    for above, step_points in rule.steps:
        if share > above:
            points = step_points
    return Fraction(points)


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator: its target (None: not set), direction and values by fiscal year."""

    target: Number | None
    direction: str
    values: Mapping[int, Number]


@dataclass(frozen=True)
class ResultsItemInput:
    code: str
    indicators: Sequence[IndicatorInput]


@dataclass(frozen=True)
class ResultsItemScore:
    scored: Scored
    scored_indicators: int  # how many indicators had a target and a value for the year


@dataclass(frozen=True)
class ResultsScores:
    """Category 7 of one assessment: per results item (in the order given) and the category as a whole."""

    items: Mapping[str, ResultsItemScore]
    category: Scored


def indicator_score_for(rule: ResultsRule, indicator: IndicatorInput, year: int) -> Fraction | None:
    """The indicator's points for the fiscal year, or None without a target or a value for that year."""
    value = indicator.values.get(year)
    if indicator.target is None or value is None:
        return None
    return indicator_score(rule, value, indicator.target, indicator.direction)


def results_scores(
    rule: ResultsRule, scale: scoring.Scale, items: Sequence[ResultsItemInput], *, year: int, target: Number | None
) -> ResultsScores:
    """Scores, levels and gaps of every results item and of category 7, from the agency's indicators."""

    def scored(score: Fraction) -> Scored:
        score = min(score, Fraction(scale.top))
        return Scored(
            score, scoring.level_of_score(scale, score), None if target is None else scoring.gap(score, target)
        )

    out = {}
    for item in items:
        points = [p for i in item.indicators if (p := indicator_score_for(rule, i, year)) is not None]
        out[item.code] = ResultsItemScore(
            scored(scoring.category_score(points) if points else Fraction(0)), len(points)
        )
    category = scoring.category_score([s.scored.score for s in out.values()]) if out else Fraction(0)
    return ResultsScores(MappingProxyType(out), scored(category))


def category_of(scale: scoring.Scale, scores: Iterable[Number], *, target: Number | None) -> Scored:
    """Category 7 from item scores decided elsewhere (the reviewers' consensus): their mean, 0 for none."""
    scores = list(scores)
    mean = scoring.category_score(scores) if scores else Fraction(0)
    return Scored(mean, scoring.level_of_score(scale, mean), None if target is None else scoring.gap(mean, target))


def with_results(
    rule: ResultsRule,
    scale: scoring.Scale,
    scores: scoring.AssessmentScores,
    results: Scored,
    *,
    weights: Mapping[int, Number] | None = None,
) -> scoring.AssessmentScores:
    """The assessment's scores with the overall the rule asks for: unchanged unless results count, else the
    weighted mean of the process categories (their weights, 1 each by default) and category 7 (rule.weight)."""
    if not rule.counts_in_overall:
        return scores
    process_weight = sum((_exact((weights or {}).get(n, 1), "a weight") for n in scores.categories), Fraction(0))
    total = process_weight + rule.weight
    overall = (scores.overall.score * process_weight + results.score * rule.weight) / total
    target = scores.target
    combined = Scored(
        overall, scoring.level_of_score(scale, overall), None if target is None else scoring.gap(overall, target)
    )
    return dataclasses.replace(scores, overall=combined)
