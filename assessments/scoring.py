"""Scoring: judgments in, scores, levels and gaps out.

Pure calculation. This module knows nothing of Django or the ORM: a selector loads the
edition's levels and weights, the item mapping and the answers once, and hands them in
as plain values (Level rows can be passed as they are to `Scale.from_rows`).

The rules (our interpretation, stated for readers in docs/scoring.md; no official formula was found):

- An edition has ordered levels, each with points (PMQA 4.0: basic 300, advance 400,
  significance 500). Below the first level is the base, 0 points.
- For an item, each level is met to a fraction, an integer percent 0–100 (assessors use
  steps of 5, the rules accept any integer). A level not given is 0 %.
- Levels are cumulative gates: the item earns points(L1) × f1 until L1 is fully met,
  then points(L1) + (points(L2) − points(L1)) × f2 until L2 is fully met, and so on.
  A higher level's fraction counts only once every lower level is at 100 %.
- An item's level is the highest level fully met; None means below the first level.
- A category's score is the mean of its items; the overall score is the weighted mean of
  the categories (weights are edition data, 1 unless given).
- The level of a score is the highest level whose points it reaches (None below the first).
- The gap to a target score is max(0, target − score): how far below the target.

Numbers are exact: every score is a `fractions.Fraction` (weights may be `Decimal`, which
converts exactly), so a mean such as 1000/3 is not rounded and comparisons with level
points are never off by a rounding step. Floats are refused for the same reason. Round only
to show a value: `score_display` rounds down and `gap_display` rounds up, so a shown
score reaches a level's points exactly when the score does, and a shown gap is 0.00 only
when the target is met.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

Number = int | Fraction | Decimal

__all__ = [
    "AssessmentScores",
    "ItemInput",
    "LevelRule",
    "Scale",
    "Scored",
    "assessment_scores",
    "category_score",
    "gap",
    "gap_display",
    "gate_violations",
    "item_level",
    "item_score",
    "level_of_score",
    "next_level",
    "overall_score",
    "score_display",
]


# --- The edition's levels ---------------------------------------------------------------


@dataclass(frozen=True)
class LevelRule:
    """One level of an edition: its code, its place in the order, and the points it is worth."""

    code: str
    order: int
    points: int


@dataclass(frozen=True)
class Scale:
    """An edition's levels, sorted by order.

    Assumptions, checked here (ValueError otherwise): at least one level; codes and orders
    unique; points integers, strictly increasing with the order and above the base of 0.
    """

    levels: tuple[LevelRule, ...]

    def __post_init__(self):
        levels = tuple(sorted(self.levels, key=lambda level: level.order))
        if not levels:
            raise ValueError("a scale needs at least one level")
        codes = [level.code for level in levels]
        if len(set(codes)) != len(codes):
            raise ValueError(f"level codes must be unique: {codes}")
        orders = [level.order for level in levels]
        if len(set(orders)) != len(orders):
            raise ValueError(f"level orders must be unique: {orders}")
        previous = 0
        for level in levels:
            if isinstance(level.points, bool) or not isinstance(level.points, int):
                raise ValueError(f"points of level {level.code!r} must be an integer, not {level.points!r}")
            if level.points <= previous:
                raise ValueError(
                    f"points must rise strictly from the base of 0: level {level.code!r} has {level.points} "
                    f"after {previous}"
                )
            previous = level.points
        object.__setattr__(self, "levels", levels)

    @classmethod
    def from_rows(cls, rows: Iterable[Any]) -> Scale:
        """A scale from anything with `code`, `order` and `points` (criteria Level rows, say)."""
        return cls(tuple(LevelRule(code=row.code, order=row.order, points=row.points) for row in rows))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels)

    @property
    def top(self) -> int:
        """The most an item, a category or the whole assessment can score."""
        return self.levels[-1].points

    def points(self, code: str) -> int:
        """The points of a level: a target given as a level is this score."""
        for level in self.levels:
            if level.code == code:
                return level.points
        raise ValueError(f"unknown level code {code!r}; the scale has {list(self.codes)}")


# --- One item ---------------------------------------------------------------------------


def _checked_fractions(scale: Scale, fractions: Mapping[str, int]) -> list[int]:
    """The fractions in level order (missing levels are 0); unknown codes and values outside 0–100 refused."""
    unknown = [code for code in fractions if code not in scale.codes]
    if unknown:
        raise ValueError(f"unknown level code(s) {unknown}; the scale has {list(scale.codes)}")
    checked = []
    for level in scale.levels:
        value = fractions.get(level.code, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValueError(f"fraction of level {level.code!r} must be an integer percent 0–100, not {value!r}")
        checked.append(value)
    return checked


def item_score(scale: Scale, fractions: Mapping[str, int]) -> Fraction:
    """The item's score, 0 to `scale.top`, by the cumulative gates (see the module's docstring).

    PMQA 4.0: 300 × basic until basic is 100 %, then 300 + 100 × advance, then 400 + 100 ×
    significance. Basic 100 % + advance 50 % → 350; basic 60 % + advance 50 % → 180 (the
    advance fraction waits behind the basic gate). Raises ValueError for bad fractions.
    """
    score = Fraction(0)
    base = 0
    for level, fraction in zip(scale.levels, _checked_fractions(scale, fractions), strict=True):
        score = base + Fraction((level.points - base) * fraction, 100)
        if fraction < 100:
            break
        base = level.points
    return score


def gate_violations(scale: Scale, fractions: Mapping[str, int]) -> list[str]:
    """Codes of levels claimed (fraction > 0) above a lower level that is not fully met, in level order.

    These fractions do not count towards the score; a form shows them and refuses.
    """
    violations = []
    gate_open = True
    for level, fraction in zip(scale.levels, _checked_fractions(scale, fractions), strict=True):
        if not gate_open and fraction > 0:
            violations.append(level.code)
        gate_open = gate_open and fraction == 100
    return violations


def item_level(scale: Scale, fractions: Mapping[str, int]) -> str | None:
    """The highest level fully met with every level below it fully met; None below the first level.

    For an item this is always `level_of_score(scale, item_score(scale, fractions))`.
    """
    reached = None
    for level, fraction in zip(scale.levels, _checked_fractions(scale, fractions), strict=True):
        if fraction < 100:
            break
        reached = level.code
    return reached


def next_level(scale: Scale, fractions: Mapping[str, int]) -> str | None:
    """The level an item works towards: the lowest level not fully met (None once every level is).

    Completing it is a level-up; the gap report shows its descriptor as what the next level requires.
    """
    for level, fraction in zip(scale.levels, _checked_fractions(scale, fractions), strict=True):
        if fraction < 100:
            return level.code
    return None


# --- Aggregates -------------------------------------------------------------------------


def _exact(value: Number, what: str) -> Fraction:
    """A number as an exact Fraction; floats, bools and non-finite Decimals refused."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise ValueError(f"{what} must be an int, Fraction or Decimal, not {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{what} must be finite, not {value!r}")
    return Fraction(value)


def category_score(item_scores: Sequence[Number]) -> Fraction:
    """The mean of a category's item scores. An empty category has no score: ValueError."""
    if not item_scores:
        raise ValueError("a category score needs at least one item score")
    return sum((_exact(score, "an item score") for score in item_scores), Fraction(0)) / len(item_scores)


def overall_score(category_scores: Mapping[int, Number], weights: Mapping[int, Number] | None = None) -> Fraction:
    """The weighted mean of the category scores.

    A category without a weight weighs 1 (equal weights by default). Weights of categories
    that have no score are ignored (the edition may weigh categories that are not scored by
    items). Weights must not be negative; a weight of 0 leaves the category out; at least
    one scored category must weigh more than 0. No categories: ValueError.
    """
    if not category_scores:
        raise ValueError("an overall score needs at least one category score")
    weights = weights or {}
    total = Fraction(0)
    total_weight = Fraction(0)
    for number, score in category_scores.items():
        weight = _exact(weights.get(number, 1), f"the weight of category {number}")
        if weight < 0:
            raise ValueError(f"the weight of category {number} must not be negative, not {weight}")
        total += weight * _exact(score, f"the score of category {number}")
        total_weight += weight
    if total_weight == 0:
        raise ValueError("at least one category must have a weight above 0")
    return total / total_weight


def level_of_score(scale: Scale, score: Number) -> str | None:
    """The highest level whose points the score reaches; None below the first level.

    PMQA 4.0: ≥ 300 basic, ≥ 400 advance, 500 significance, below 300 None
    ("ยังไม่ถึงระดับพื้นฐาน"). A score outside 0 to `scale.top` is a mistake: ValueError.
    """
    score = _exact(score, "a score")
    if not 0 <= score <= scale.top:
        raise ValueError(f"a score must be between 0 and {scale.top}, not {score}")
    reached = None
    for level in scale.levels:
        if score < level.points:
            break
        reached = level.code
    return reached


def gap(score: Number, target: Number) -> Fraction:
    """How far the score is below the target: max(0, target − score); 0 when met or exceeded."""
    return max(Fraction(0), _exact(target, "a target") - _exact(score, "a score"))


# --- Display ----------------------------------------------------------------------------


def score_display(score: Number) -> Decimal:
    """A score for people: rounded down to 2 places, so 299.999… shows 299.99, never a 300 it did not reach."""
    return Decimal(math.floor(_exact(score, "a score") * 100)).scaleb(-2)


def gap_display(value: Number) -> Decimal:
    """A gap for people: rounded up to 2 places, so a gap shows 0.00 only when the target is met."""
    return Decimal(math.ceil(_exact(value, "a gap") * 100)).scaleb(-2)


# --- A whole assessment -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemInput:
    """One item's judgment: its code, its category's number and the fraction met per level code."""

    code: str
    category: int
    fractions: Mapping[str, int]


@dataclass(frozen=True)
class Scored:
    """A score with its level (None below the first level) and its gap to the target (None without one)."""

    score: Fraction
    level: str | None
    gap: Fraction | None


@dataclass(frozen=True)
class AssessmentScores:
    """Every score of one assessment. Mappings are read-only.

    items: by item code, in the order given. categories: by category number, ascending.
    success_factors, qualities: by code, sorted; only those with at least one mapped item.
    """

    target: Fraction | None
    items: Mapping[str, Scored]
    categories: Mapping[int, Scored]
    overall: Scored
    success_factors: Mapping[str, Scored]
    qualities: Mapping[str, Scored]


def assessment_scores(
    scale: Scale,
    items: Sequence[ItemInput],
    *,
    target: Number | None,
    weights: Mapping[int, Number] | None = None,
    mapping: Mapping[str, tuple[Collection[str], Collection[str]]] | None = None,
) -> AssessmentScores:
    """Scores, levels and gaps per item, per category, overall, per success factor and per quality.

    - `target` is a score 0 to `scale.top` (a level's target is `scale.points(code)`); None
      (no target set yet) gives gaps of None.
    - `weights` by category number, as in `overall_score`.
    - `mapping` by item code: (success-factor codes, quality codes). A success factor's or a
      quality's score is the plain mean of the scores of the items mapped to it (our
      interpretation, not OPDC's). Items without a mapping count for none; mapping entries
      for items not given are ignored; factors and qualities with no item are absent.
    - Categories are those of the items given; checking that an assessment is complete is
      the caller's business. No items, or an item code twice: ValueError.
    """
    if not items:
        raise ValueError("an assessment needs at least one item")
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        raise ValueError(f"item codes must be unique: {codes}")
    if target is not None:
        target = _exact(target, "a target")
        if not 0 <= target <= scale.top:
            raise ValueError(f"a target must be between 0 and {scale.top}, not {target}")

    def scored(score: Fraction) -> Scored:
        return Scored(
            score=score,
            level=level_of_score(scale, score),
            gap=None if target is None else gap(score, target),
        )

    def means(groups: Mapping[Any, list[Fraction]]) -> MappingProxyType:
        return MappingProxyType({key: scored(category_score(groups[key])) for key in sorted(groups)})

    item_scores = {item.code: item_score(scale, item.fractions) for item in items}

    by_category: dict[int, list[Fraction]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item_scores[item.code])
    categories = means(by_category)

    by_factor: dict[str, list[Fraction]] = {}
    by_quality: dict[str, list[Fraction]] = {}
    for code, score in item_scores.items():
        factors, qualities = (mapping or {}).get(code, ((), ()))
        for factor in set(factors):
            by_factor.setdefault(factor, []).append(score)
        for quality in set(qualities):
            by_quality.setdefault(quality, []).append(score)

    return AssessmentScores(
        target=target,
        items=MappingProxyType({code: scored(score) for code, score in item_scores.items()}),
        categories=categories,
        overall=scored(overall_score({number: s.score for number, s in categories.items()}, weights)),
        success_factors=means(by_factor),
        qualities=means(by_quality),
    )
