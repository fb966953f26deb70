"""The priorities (reports/priorities.py): worked examples, refusals, and the plan checked against brute force.

No database: the module is pure, so these tests hand it plain values.
"""

import dataclasses
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import ItemInput, LevelRule, Scale, assessment_scores, category_score, overall_score
from reports.priorities import LevelUp, Plan, plan

PMQA = Scale(
    (
        LevelRule(code="basic", order=1, points=300),
        LevelRule(code="advance", order=2, points=400),
        LevelRule(code="significance", order=3, points=500),
    )
)


def item(code, basic=0, advance=0, significance=0):
    """An item of category `code`'s first digit, judged with these fractions."""
    return ItemInput(
        code=code,
        category=int(code.split(".")[0]),
        fractions={"basic": basic, "advance": advance, "significance": significance},
    )


def applied(items, steps):
    """The items once the steps are done: each step's level at 100 %."""
    fractions = {i.code: dict(i.fractions) for i in items}
    for step in steps:
        fractions[step.code][step.completes] = 100
    return [dataclasses.replace(i, fractions=fractions[i.code]) for i in items]


def chain_scores(scale, fractions):
    """The item's score now and after each successive level-up, found by hand (not by the module)."""
    fractions = dict(fractions)
    scores = [assessment_scores(scale, [ItemInput("x", 1, fractions)], target=None).overall.score]
    while (missing := [code for code in scale.codes if fractions.get(code, 0) < 100]) != []:
        fractions[missing[0]] = 100
        scores.append(assessment_scores(scale, [ItemInput("x", 1, fractions)], target=None).overall.score)
    return scores


def brute_force(scale, items, target, weights=None):
    """(fewest steps, best overall with that many) over every combination of per-item step counts."""
    chains = [chain_scores(scale, i.fractions) for i in items]
    found = None
    for counts in itertools.product(*(range(len(chain)) for chain in chains)):
        by_category = {}
        for i, chain, count in zip(items, chains, counts, strict=True):
            by_category.setdefault(i.category, []).append(chain[count])
        overall = overall_score({c: category_score(s) for c, s in by_category.items()}, weights)
        if overall >= target:
            found = min(found or (sum(counts), -overall), (sum(counts), -overall))
    return found[0], -found[1]


def assert_consistent(scale, items, result, weights=None):
    """The plan's numbers agree with scoring, the steps run in each item's level order and meet the target."""
    assert (
        result.after
        == assessment_scores(scale, applied(items, result.steps), target=None, weights=weights).overall.score
    )
    running = result.before
    for step in result.steps:
        running += step.overall_gain
        assert step.overall_gain > 0
        assert step.overall_after == running
        assert step.score_after > step.score_before
    assert running == result.after
    for code in {step.code for step in result.steps}:
        completed = [step.completes for step in result.steps if step.code == code]
        assert completed == sorted(completed, key=scale.codes.index)
    if result.target is not None:
        assert result.after >= result.target


def greedy_step_count(scale, items, target):
    """What a greedy planner would do: always the single level-up with the biggest gain now."""
    items, count = list(items), 0
    while assessment_scores(scale, items, target=target).overall.gap > 0:
        options = []
        for n, i in enumerate(items):
            missing = [code for code in scale.codes if i.fractions.get(code, 0) < 100]
            if missing:
                raised = [
                    *items[:n],
                    dataclasses.replace(i, fractions={**i.fractions, missing[0]: 100}),
                    *items[n + 1 :],
                ]
                options.append((assessment_scores(scale, raised, target=None).overall.score, -n, raised))
        items, count = max(options)[2], count + 1
    return count


# --- Worked examples ------------------------------------------------------------------------------


def test_a_target_already_met_needs_no_steps():
    items = [item("1.1", 100), item("2.1", 100, 50)]
    result = plan(PMQA, items, target=300)
    assert result == Plan(target=300, before=325, after=325, steps=(), met_already=True)
    assert result.has_target and result.gap_before == 0
    assert plan(PMQA, items, target=325).met_already
    assert plan(PMQA, items, target=0).met_already


def test_without_a_target_there_is_no_plan():
    result = plan(PMQA, [item("1.1", 100)], target=None)
    assert result == Plan(target=None, before=300, after=300, steps=(), met_already=False)
    assert not result.has_target
    assert result.gap_before is None


def test_one_step_per_item_from_basic_to_advance():
    items = [item(f"{c}.{n}", 100) for c in range(1, 7) for n in range(1, 5)]
    result = plan(PMQA, items, target=PMQA.points("advance"))
    assert len(result.steps) == 24
    assert result.after == 400
    assert {(step.completes, step.level, step.score_before, step.score_after) for step in result.steps} == {
        ("advance", "advance", 300, 400)
    }
    assert all(step.overall_gain == Fraction(100, 24) for step in result.steps)

    # Half way: 12 steps; every step gains the same, so the earlier items go first.
    half = plan(PMQA, items, target=350)
    assert [step.code for step in half.steps] == [i.code for i in items[:12]]
    assert half.after == 350
    assert_consistent(PMQA, items, half)


def test_the_exact_plan_beats_greedy_when_a_small_step_opens_a_big_one():
    # 1.1 at 390 gains 10 then 100; 1.2 and 1.3 at 450 gain 50 each. Greedy takes the 50s first.
    items = [item("1.1", 100, 90), item("1.2", 100, 100, 50), item("1.3", 100, 100, 50)]
    target = Fraction(1400, 3)  # needs 110 more item points in the category
    result = plan(PMQA, items, target=target)
    assert greedy_step_count(PMQA, items, target) == 3
    assert len(result.steps) == brute_force(PMQA, items, target)[0] == 2
    assert [(s.code, s.completes, s.score_before, s.score_after) for s in result.steps] == [
        ("1.1", "advance", 390, 400),
        ("1.1", "significance", 400, 500),
    ]
    assert [s.overall_gain for s in result.steps] == [Fraction(10, 3), Fraction(100, 3)]
    assert result.steps[-1].overall_after == result.after == target
    assert result.before == 430 and not result.met_already
    assert_consistent(PMQA, items, result)


def test_among_the_fewest_steps_the_highest_overall_wins_over_item_order():
    items = [item("1.1", 100, 50), item("1.2", 100)]  # 350 gains 50, 300 gains 100
    result = plan(PMQA, items, target=340)
    assert [(s.code, s.overall_after) for s in result.steps] == [("1.2", 375)]


def test_weights_and_category_sizes_decide_which_item_is_worth_more():
    items = [item("1.1", 100), item("2.1", 100)]
    assert [s.code for s in plan(PMQA, items, target=350).steps] == ["1.1"]  # a tie: the earlier item
    weighted = plan(PMQA, items, target=350, weights={2: Decimal("3")})
    assert [(s.code, s.overall_gain, s.overall_after) for s in weighted.steps] == [("2.1", 75, 375)]
    assert_consistent(PMQA, items, weighted, weights={2: Decimal("3")})

    # One item alone in its category counts twice as much as one of two.
    items = [item("1.1", 100), item("1.2", 100), item("2.1", 100)]
    result = plan(PMQA, items, target=340)
    assert [(s.code, s.overall_gain) for s in result.steps] == [("2.1", 50)]


def test_a_fraction_entered_behind_an_open_gate_counts_once_the_gate_is_met():
    result = plan(PMQA, [item("1.1", 80, 50)], target=350)
    assert [(s.completes, s.level, s.score_before, s.score_after) for s in result.steps] == [
        ("basic", "basic", 240, 350)
    ]
    # Advance already at 100 % behind the gate: completing basic reaches advance, then significance is next.
    result = plan(PMQA, [item("1.1", 60, 100)], target=500)
    assert [(s.completes, s.level, s.score_after) for s in result.steps] == [
        ("basic", "advance", 400),
        ("significance", "significance", 500),
    ]


def test_steps_are_listed_biggest_gain_first_within_each_items_level_order():
    items = [item("1.1"), item("2.1", 100, 100), item("3.1", 100, 90)]  # 0, 400, 390
    result = plan(PMQA, items, target=500)
    assert [(s.code, s.completes) for s in result.steps] == [
        ("1.1", "basic"),  # +300
        ("1.1", "advance"),
        ("1.1", "significance"),
        ("2.1", "significance"),  # +100
        ("3.1", "advance"),  # +10, which opens the +100 after it
        ("3.1", "significance"),
    ]
    assert result.after == 500
    assert_consistent(PMQA, items, result)


def test_the_plan_cannot_be_changed():
    result = plan(PMQA, [item("1.1")], target=300)
    assert isinstance(result.steps[0], LevelUp)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.after = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.steps[0].code = "2.1"


# --- Refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items, target, weights",
    [
        ([item("1.1")], 501, None),
        ([item("1.1")], -1, None),
        ([item("1.1")], 400.0, None),
        ([item("1.1")], 400, {1: 1.5}),
        ([item("1.1", 50.0)], 400, None),
        ([], 400, None),
        ([item("1.1"), item("1.1")], 400, None),
    ],
)
def test_bad_input_is_refused(items, target, weights):
    with pytest.raises(ValueError):
        plan(PMQA, items, target=target, weights=weights)


# --- Against brute force --------------------------------------------------------------------------

quarters = st.sampled_from(range(0, 101, 25))
judgments = st.fixed_dictionaries({"basic": quarters, "advance": quarters, "significance": quarters})


@st.composite
def small_assessments(draw):
    """2–3 categories of 1–3 items, at most 6 items (so brute force stays fast), fractions in steps of 25 %."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=3).filter(lambda sizes: sum(sizes) <= 6))
    return [
        ItemInput(code=f"{c}.{n}", category=c, fractions=draw(judgments))
        for c, size in enumerate(sizes, start=1)
        for n in range(1, size + 1)
    ]


@settings(deadline=None, max_examples=60)
@given(
    small_assessments(),
    st.integers(0, 500) | st.sampled_from([300, 400, 500]),
    st.sampled_from([None, {1: Decimal("2")}, {2: Decimal("0.5"), 3: 3}]),
)
def test_the_plan_takes_the_fewest_steps_and_the_best_overall_with_them(items, target, weights):
    result = plan(PMQA, items, target=target, weights=weights)
    before = assessment_scores(PMQA, items, target=None, weights=weights).overall.score
    assert result.before == before
    assert result.met_already == (before >= target) == (result.steps == ())
    assert (len(result.steps), result.after) == brute_force(PMQA, items, target, weights)
    assert_consistent(PMQA, items, result, weights)
