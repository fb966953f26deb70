"""Priorities: the fewest item level-ups that close the gap to the target, in order.

Pure calculation on top of `assessments.scoring`: no Django, no ORM. It takes what
`scoring.assessment_scores` takes (and lets it check the input: bad fractions, a target
outside 0 to `scale.top`, floats anywhere raise ValueError), and every number is an exact
`fractions.Fraction`.

The rules (our reading, for the gap report's last section):

- A level-up of an item makes its next level (the lowest level not at 100 %) 100 % and
  leaves the other fractions as they are. Its new score is `scoring.item_score` of that, so
  the cumulative gates stay in one place: a higher level's fraction entered while a lower
  gate was open starts counting once the gate is met (basic 80 %, advance 50 % → a level-up
  gives 350). An item takes successive level-ups until every level is at 100 %.
- The overall score is linear in the item scores: an item's gain counts w_c / (Σw × n_c)
  towards it (n_c items in category c, weights as in `scoring.overall_score`), so the
  gains of different items add up exactly.
- The plan has the fewest level-ups after which the overall reaches the target; among
  those, the highest overall afterwards; then the one completing lower levels (the least
  sum of the completed levels' places in the scale: all 24 items to Advance rather than 12
  to Significance); then the one with more steps on earlier items (in the order given).
  It is exact, not greedy: along one item the gains can grow (390 → 400 gains 10, then
  400 → 500 gains 100), so a dynamic programme over the items keeps, for every number of
  steps, the best plan.
- Order of the steps: repeatedly list, among the next steps of the chosen items, the one
  with the biggest overall gain (ties: earlier item first). So an item's own steps come in
  level order, and a small step that opens a big one is listed before it.
- No target (`target` None): no steps and `met_already` False; `has_target` says which.
  A target already met: no steps, `met_already` True. Every item can reach the top, where
  the overall is `scale.top`, so any valid target is reachable — unless a `fixed` part of the
  overall (category 7's results, when an edition counts them: their score and weight) holds it
  down; then the plan takes every item to the top and says `reachable` False.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assessments.scoring import (
    ItemInput,
    Number,
    Scale,
    assessment_scores,
    gap,
    item_level,
    item_score,
    next_level,
    overall_score,
)

__all__ = ["LevelUp", "Plan", "plan"]


@dataclass(frozen=True)
class LevelUp:
    """One step: bring item `code`'s level `completes` to 100 %, after which the item is at `level`.

    `level` is `completes` unless a higher level was already entered at 100 % behind an open
    gate (basic 60 %, advance 100 %: completing basic reaches advance).
    `overall_gain` is this step's contribution to the overall score; `overall_after` is the
    overall once this step and the ones listed before it are done.
    """

    code: str
    category: int
    completes: str
    level: str
    score_before: Fraction
    score_after: Fraction
    overall_gain: Fraction
    overall_after: Fraction


@dataclass(frozen=True)
class Plan:
    """The level-ups that close the gap, in order. `target` None means no target is set (no steps)."""

    target: Fraction | None
    before: Fraction
    after: Fraction
    steps: tuple[LevelUp, ...]
    met_already: bool
    reachable: bool = True

    @property
    def has_target(self) -> bool:
        return self.target is not None

    @property
    def gap_before(self) -> Fraction | None:
        """How far the overall is below the target before the steps; None without a target."""
        return None if self.target is None else gap(self.before, self.target)


def _chain(scale: Scale, fractions: Mapping[str, int]) -> list[tuple[str, str, Fraction]]:
    """The item's successive level-ups: (level completed, item level after, item score after) each."""
    fractions = dict(fractions)
    chain = []
    while (code := next_level(scale, fractions)) is not None:
        fractions[code] = 100
        chain.append((code, item_level(scale, fractions), item_score(scale, fractions)))
    return chain


def plan(
    scale: Scale,
    items: Sequence[ItemInput],
    *,
    target: Number | None,
    weights: Mapping[int, Number] | None = None,
    fixed: tuple[Number, Number] | None = None,
) -> Plan:
    """The fewest level-ups that bring the overall score to `target` (see the module's docstring).

    `target` is a score 0 to `scale.top` or None; `weights` by category number, as in
    `scoring.assessment_scores`; `fixed` a (score, weight) part of the overall no level-up
    changes (results_scoring.with_results). Bad input: ValueError.
    """
    scores = assessment_scores(scale, items, target=target, weights=weights)
    before, target = scores.overall.score, scores.target
    # With a fixed part, the overall is (process × W + score × w) / (W + w): items count W / (W + w).
    sizes = Counter(item.category for item in items)
    part = Fraction(1)
    if fixed is not None:
        total = sum((Fraction((weights or {}).get(c, 1)) for c in sizes), Fraction(0))
        fixed_score, fixed_weight = Fraction(fixed[0]), Fraction(fixed[1])
        part = total / (total + fixed_weight)
        before = before * part + fixed_score * (1 - part)
    if target is None or before >= target:
        return Plan(target=target, before=before, after=before, steps=(), met_already=target is not None)

    # What one point of an item's score is worth in the overall: w_c / (Σw × n_c), times the items' part.
    share = {c: overall_score({k: int(k == c) for k in sizes}, weights) / n * part for c, n in sizes.items()}

    chains = [_chain(scale, item.fractions) for item in items]
    # Per item, after 0, 1, 2 … level-ups: its score, the overall gain, and how high the levels
    # completed are (the sum of their places in the scale, negated so that lower is better).
    item_scores, gains, heights = [], [], []
    for item, chain in zip(items, chains, strict=True):
        scored = [scores.items[item.code].score, *(score for *_, score in chain)]
        item_scores.append(scored)
        gains.append([(score - scored[0]) * share[item.category] for score in scored])
        heights.append([-sum(scale.codes.index(code) for code, *_ in chain[:k]) for k in range(len(scored))])

    # best[steps] = the best (overall gain, −height, steps per item so far) with that many steps.
    # As tuples they compare by the plan's rules: gain, then lower levels, then earlier items.
    # Every part adds up item by item, so the best plan's prefix is the best prefix.
    best: dict[int, tuple[Fraction, int, tuple[int, ...]]] = {0: (Fraction(0), 0, ())}
    for item_gains, item_heights in zip(gains, heights, strict=True):
        extended: dict[int, tuple[Fraction, int, tuple[int, ...]]] = {}
        for taken, (gain, height, counts) in best.items():
            for k, (more, higher) in enumerate(zip(item_gains, item_heights, strict=True)):
                candidate = (gain + more, height + higher, (*counts, k))
                if taken + k not in extended or candidate > extended[taken + k]:
                    extended[taken + k] = candidate
        best = extended
    enough = [taken for taken, (gain, *_) in best.items() if before + gain >= target]
    reachable = bool(enough)
    assert reachable or fixed is not None, "every item can reach the top, so any target up to scale.top is reachable"
    gain, _, counts = best[min(enough) if reachable else max(best)]

    done = [0] * len(items)
    overall = before
    steps = []
    for _ in range(sum(counts)):
        i = max(
            (i for i, count in enumerate(counts) if done[i] < count),
            key=lambda i: (gains[i][done[i] + 1] - gains[i][done[i]], -i),
        )
        step_gain = gains[i][done[i] + 1] - gains[i][done[i]]
        overall += step_gain
        completes, level, _ = chains[i][done[i]]
        steps.append(
            LevelUp(
                code=items[i].code,
                category=items[i].category,
                completes=completes,
                level=level,
                score_before=item_scores[i][done[i]],
                score_after=item_scores[i][done[i] + 1],
                overall_gain=step_gain,
                overall_after=overall,
            )
        )
        done[i] += 1
    assert overall == before + gain and (overall >= target or not reachable)
    return Plan(target=target, before=before, after=overall, steps=tuple(steps), met_already=False, reachable=reachable)
