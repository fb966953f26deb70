"""The scoring rules (assessments/scoring.py): worked examples, refusals, and invariants.

No database: the module is pure, so these tests hand it plain values.
"""

import dataclasses
import itertools
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    AssessmentScores,
    ItemInput,
    LevelRule,
    Scale,
    Scored,
    assessment_scores,
    category_score,
    gap,
    gap_display,
    gate_violations,
    item_level,
    item_score,
    level_of_score,
    next_level,
    overall_score,
    score_display,
)

# Exact arithmetic on big fractions can be slow on a busy CI machine: no per-example deadline.
properties = settings(deadline=None)

PMQA = Scale(
    (
        LevelRule(code="basic", order=1, points=300),
        LevelRule(code="advance", order=2, points=400),
        LevelRule(code="significance", order=3, points=500),
    )
)
ITEM_CODES = [f"{category}.{n}" for category in range(1, 7) for n in range(1, 5)]


def judged(fractions_by_category=None, default=None):
    """The 24 PMQA 4.0 items, each judged `default` unless its category has other fractions."""
    default = default if default is not None else {"basic": 100, "advance": 0, "significance": 0}
    fractions_by_category = fractions_by_category or {}
    return [
        ItemInput(code=code, category=int(code[0]), fractions=fractions_by_category.get(int(code[0]), default))
        for code in ITEM_CODES
    ]


# --- One item: worked examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fractions, expected",
    [
        ({}, 0),
        ({"basic": 0, "advance": 0, "significance": 0}, 0),
        ({"basic": 60}, 180),
        ({"basic": 60, "advance": 50}, 180),  # the advance half waits behind the basic gate
        ({"basic": 60, "advance": 100, "significance": 100}, 180),
        ({"basic": 5}, 15),
        ({"basic": 100}, 300),
        ({"basic": 100, "advance": 50}, 350),
        ({"basic": 100, "advance": 0, "significance": 50}, 300),  # the second gate holds too
        ({"basic": 100, "advance": 95, "significance": 100}, 395),
        ({"basic": 100, "advance": 100}, 400),
        ({"basic": 100, "advance": 100, "significance": 20}, 420),
        ({"basic": 100, "advance": 100, "significance": 100}, 500),
        ({"basic": 33}, 99),
        ({"basic": 1}, 3),
    ],
)
def test_item_score_worked_examples(fractions, expected):
    score = item_score(PMQA, fractions)
    assert score == expected
    assert isinstance(score, Fraction)


def test_item_score_is_exact_for_odd_point_steps():
    scale = Scale((LevelRule("a", 1, 7), LevelRule("b", 2, 10)))
    assert item_score(scale, {"a": 33}) == Fraction(231, 100)
    assert item_score(scale, {"a": 100, "b": 1}) == Fraction(703, 100)


@pytest.mark.parametrize(
    "fractions, violations",
    [
        ({}, []),
        ({"basic": 100, "advance": 100, "significance": 100}, []),
        ({"basic": 100, "advance": 50}, []),
        ({"basic": 60, "advance": 0, "significance": 0}, []),
        ({"basic": 60, "advance": 50}, ["advance"]),
        ({"basic": 100, "advance": 50, "significance": 10}, ["significance"]),
        ({"basic": 0, "advance": 5, "significance": 5}, ["advance", "significance"]),
        ({"basic": 95, "advance": 0, "significance": 100}, ["significance"]),
        ({"basic": 50, "advance": 100, "significance": 30}, ["advance", "significance"]),
    ],
)
def test_gate_violations_name_the_levels_claimed_over_an_unmet_gate(fractions, violations):
    assert gate_violations(PMQA, fractions) == violations


@pytest.mark.parametrize(
    "fractions, level",
    [
        ({}, None),
        ({"basic": 95}, None),
        ({"basic": 60, "advance": 100, "significance": 100}, None),
        ({"basic": 100}, "basic"),
        ({"basic": 100, "advance": 50}, "basic"),
        ({"basic": 100, "advance": 0, "significance": 100}, "basic"),
        ({"basic": 100, "advance": 100}, "advance"),
        ({"basic": 100, "advance": 100, "significance": 95}, "advance"),
        ({"basic": 100, "advance": 100, "significance": 100}, "significance"),
    ],
)
def test_item_level_is_the_highest_level_fully_met(fractions, level):
    assert item_level(PMQA, fractions) == level


@pytest.mark.parametrize(
    "fractions, level",
    [
        ({}, "basic"),
        ({"basic": 95, "advance": 100}, "basic"),  # a gate still open: the lowest level not met comes first
        ({"basic": 100, "advance": 50}, "advance"),
        ({"basic": 100, "advance": 0, "significance": 100}, "advance"),
        ({"basic": 100, "advance": 100, "significance": 95}, "significance"),
        ({"basic": 100, "advance": 100, "significance": 100}, None),
    ],
)
def test_next_level_is_the_lowest_level_not_fully_met(fractions, level):
    assert next_level(PMQA, fractions) == level


def test_next_level_refuses_what_item_score_refuses():
    with pytest.raises(ValueError):
        next_level(PMQA, {"basic": 101})


# --- Aggregates: worked examples ------------------------------------------------------------------


def test_category_score_is_the_exact_mean():
    assert category_score([300, 300, 400]) == Fraction(1000, 3)
    assert category_score([Fraction(350), 180, Decimal("400"), 500]) == Fraction(1430, 4)
    assert category_score([0]) == 0


def test_overall_with_equal_weights_is_the_mean_of_categories():
    assert overall_score({1: 300, 2: 400, 3: 500}) == 400
    assert overall_score({1: 300, 2: 400}, {}) == 350
    assert overall_score({1: 300, 2: 400}, {1: Decimal("1.00"), 2: Decimal("1.00")}) == 350


def test_a_weight_of_two_counts_a_category_twice():
    assert overall_score({1: 500, 2: 300, 3: 300}, {1: Decimal("2.00")}) == 400
    assert overall_score({1: 500, 2: 300}, {1: Decimal("1.50"), 2: Decimal("0.50")}) == 450
    # weights of categories without a score are ignored; a weight of 0 leaves a category out
    assert overall_score({1: 300, 2: 400}, {7: Decimal("5")}) == 350
    assert overall_score({1: 300, 2: 400}, {2: 0}) == 300


@pytest.mark.parametrize(
    "score, level",
    [
        (0, None),
        (Fraction(5999, 20), None),  # 299.95
        (300, "basic"),
        (Decimal("399.99"), "basic"),
        (400, "advance"),
        (Fraction(4999, 10), "advance"),
        (500, "significance"),
    ],
)
def test_level_of_score(score, level):
    assert level_of_score(PMQA, score) == level


@pytest.mark.parametrize(
    "score, target, expected",
    [(350, 400, 50), (400, 400, 0), (500, 400, 0), (0, 300, 300), (Fraction(1000, 3), 400, Fraction(200, 3))],
)
def test_gap_is_how_far_below_the_target(score, target, expected):
    assert gap(score, target) == expected


def test_display_rounds_scores_down_and_gaps_up():
    assert score_display(Fraction(1000, 3)) == Decimal("333.33")
    assert score_display(Fraction(2000, 3)) == Decimal("666.66")
    assert score_display(Fraction(2999999, 10000)) == Decimal("299.99")
    assert str(score_display(300)) == "300.00"
    assert gap_display(Fraction(1, 1000)) == Decimal("0.01")
    assert gap_display(Fraction(200, 3)) == Decimal("66.67")
    assert str(gap_display(0)) == "0.00"


# --- A whole assessment ---------------------------------------------------------------------------


def test_all_24_items_at_exactly_basic_score_300_overall_at_basic():
    result = assessment_scores(PMQA, judged(), target=400)
    assert isinstance(result, AssessmentScores)
    assert list(result.items) == ITEM_CODES
    assert all(scored == Scored(score=300, level="basic", gap=100) for scored in result.items.values())
    assert list(result.categories) == [1, 2, 3, 4, 5, 6]
    assert all(scored == Scored(score=300, level="basic", gap=100) for scored in result.categories.values())
    assert result.overall == Scored(score=300, level="basic", gap=100)
    assert result.target == 400


def test_one_weak_category_pulls_overall_below_basic():
    result = assessment_scores(PMQA, judged({6: {"basic": 60}}), target=300)
    assert result.categories[6] == Scored(score=180, level=None, gap=120)
    assert result.categories[5] == Scored(score=300, level="basic", gap=0)
    assert result.overall.score == (5 * 300 + 180) / Fraction(6) == 280
    assert result.overall.level is None
    assert result.overall.gap == 20


def test_weights_change_the_overall():
    items = judged({1: {"basic": 100, "advance": 100, "significance": 100}})
    equal = assessment_scores(PMQA, items, target=400)
    weighted = assessment_scores(PMQA, items, target=400, weights={1: Decimal("2.00")})
    assert equal.overall.score == Fraction(500 + 5 * 300, 6)
    assert weighted.overall.score == Fraction(2 * 500 + 5 * 300, 7)
    assert weighted.overall.gap == 400 - Fraction(2500, 7)
    assert weighted.categories == equal.categories  # weights only act on the overall


def test_gaps_per_item_category_overall_success_factor_and_quality():
    items = judged(
        {
            1: {"basic": 100, "advance": 50},  # 350
            4: {"basic": 100, "advance": 100, "significance": 50},  # 450
            6: {"basic": 60},  # 180
        }
    )
    mapping = {
        "1.3": ({"collaboration", "innovation"}, {"open-connected"}),
        "4.4": ({"digitalization"}, {"smart"}),
        "6.1": ({"collaboration", "digitalization"}, ()),
        "9.9": ({"ghost"}, {"ghost"}),  # an item not assessed counts for nothing
    }
    result = assessment_scores(PMQA, items, target=PMQA.points("advance"), mapping=mapping)

    assert result.items["1.3"] == Scored(score=350, level="basic", gap=50)
    assert result.items["4.4"] == Scored(score=450, level="advance", gap=0)
    assert result.items["6.1"] == Scored(score=180, level=None, gap=220)
    assert result.categories[1].gap == 50
    assert result.categories[4].gap == 0
    assert result.categories[6].gap == 220
    overall = Fraction(350 + 300 + 300 + 450 + 300 + 180, 6)
    assert result.overall == Scored(score=overall, level="basic", gap=400 - overall)

    assert list(result.success_factors) == ["collaboration", "digitalization", "innovation"]
    assert result.success_factors["collaboration"] == Scored(score=265, level=None, gap=135)  # (350 + 180) / 2
    assert result.success_factors["digitalization"] == Scored(score=315, level="basic", gap=85)  # (450 + 180) / 2
    assert result.success_factors["innovation"] == Scored(score=350, level="basic", gap=50)
    assert dict(result.qualities) == {
        "open-connected": Scored(score=350, level="basic", gap=50),
        "smart": Scored(score=450, level="advance", gap=0),
    }


def test_without_a_target_there_are_no_gaps():
    result = assessment_scores(PMQA, judged(), target=None, mapping={"1.1": ({"innovation"}, {"smart"})})
    assert result.target is None
    assert result.overall == Scored(score=300, level="basic", gap=None)
    assert result.items["1.1"].gap is None
    assert result.success_factors["innovation"].gap is None


def test_a_target_between_levels_is_a_score():
    result = assessment_scores(PMQA, judged(), target=Decimal("350"))
    assert result.overall.gap == 50


def test_the_result_cannot_be_changed():
    result = assessment_scores(PMQA, judged(), target=400)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.overall = None
    with pytest.raises(TypeError):
        result.items["1.1"] = None
    with pytest.raises(TypeError):
        result.categories[1] = None


# --- Other scales ---------------------------------------------------------------------------------


def test_a_two_level_scale():
    scale = Scale((LevelRule("pass", 1, 50), LevelRule("merit", 2, 80)))
    assert item_score(scale, {"pass": 50}) == 25
    assert item_score(scale, {"pass": 50, "merit": 100}) == 25
    assert item_score(scale, {"pass": 100, "merit": 50}) == 65
    assert item_level(scale, {"pass": 100, "merit": 50}) == "pass"
    assert level_of_score(scale, 80) == "merit"
    assert gate_violations(scale, {"pass": 50, "merit": 100}) == ["merit"]


def test_a_four_level_scale():
    scale = Scale.from_rows(
        SimpleNamespace(code=code, order=order, points=points)
        for code, order, points in [("d", 40, 400), ("a", 10, 100), ("c", 30, 300), ("b", 20, 200)]
    )
    assert scale.codes == ("a", "b", "c", "d")
    assert scale.top == 400
    assert item_score(scale, {"a": 100, "b": 100, "c": 25}) == 225
    assert item_score(scale, {"a": 100, "b": 100, "c": 100, "d": 100}) == 400
    assert item_level(scale, {"a": 100, "b": 100, "c": 25}) == "b"
    assert level_of_score(scale, 299) == "b"
    assert gate_violations(scale, {"a": 100, "b": 90, "c": 10, "d": 0}) == ["c"]


def test_a_one_level_scale():
    scale = Scale((LevelRule("met", 1, 10),))
    assert item_score(scale, {"met": 55}) == Fraction(11, 2)
    assert item_level(scale, {"met": 100}) == "met"
    assert gate_violations(scale, {"met": 0}) == []


def test_levels_are_sorted_by_order_whatever_order_they_come_in():
    scale = Scale((PMQA.levels[2], PMQA.levels[0], PMQA.levels[1]))
    assert scale == PMQA
    assert scale.codes == ("basic", "advance", "significance")
    assert item_score(scale, {"basic": 100, "advance": 50}) == 350


# --- Refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fractions",
    [
        {"basic": 105},
        {"basic": -5},
        {"basic": 101},
        {"basic": 100, "advance": 50.0},
        {"basic": "50"},
        {"basic": Decimal("50")},
        {"basic": True},
        {"basic": None},
        {"basic": 100, "excellent": 50},
        {"Basic": 100},
    ],
)
@pytest.mark.parametrize("rule", [item_score, gate_violations, item_level])
def test_bad_fractions_are_refused(rule, fractions):
    with pytest.raises(ValueError):
        rule(PMQA, fractions)


@pytest.mark.parametrize(
    "levels",
    [
        (),
        (LevelRule("a", 1, 300), LevelRule("b", 2, 300)),
        (LevelRule("a", 1, 400), LevelRule("b", 2, 300)),
        (LevelRule("a", 2, 300), LevelRule("b", 1, 400)),  # points fall when sorted by order
        (LevelRule("a", 1, 0),),
        (LevelRule("a", 1, -100),),
        (LevelRule("a", 1, 300), LevelRule("a", 2, 400)),
        (LevelRule("a", 1, 300), LevelRule("b", 1, 400)),
        (LevelRule("a", 1, Decimal("300")),),
        (LevelRule("a", 1, 300.0),),
    ],
)
def test_bad_scales_are_refused(levels):
    with pytest.raises(ValueError):
        Scale(levels)


def test_bad_aggregates_are_refused():
    with pytest.raises(ValueError):
        category_score([])
    with pytest.raises(ValueError):
        category_score([300.0])
    with pytest.raises(ValueError):
        overall_score({})
    with pytest.raises(ValueError):
        overall_score({1: 300}, {1: Decimal("-1")})
    with pytest.raises(ValueError):
        overall_score({1: 300, 2: 400}, {1: 0, 2: 0})
    with pytest.raises(ValueError):
        overall_score({1: 300}, {1: 1.5})
    with pytest.raises(ValueError):
        overall_score({1: 300}, {1: Decimal("NaN")})
    with pytest.raises(ValueError):
        level_of_score(PMQA, 501)
    with pytest.raises(ValueError):
        level_of_score(PMQA, -1)
    with pytest.raises(ValueError):
        gap(300.0, 400)
    with pytest.raises(ValueError):
        PMQA.points("excellent")


@pytest.mark.parametrize(
    "items, target",
    [
        ([], 400),
        (judged() + [ItemInput(code="1.1", category=1, fractions={})], 400),
        (judged(), 501),
        (judged(), -1),
        (judged(), 400.0),
        (judged({2: {"basic": 105}}), 400),
    ],
)
def test_bad_assessments_are_refused(items, target):
    with pytest.raises(ValueError):
        assessment_scores(PMQA, items, target=target)


# --- Invariants -----------------------------------------------------------------------------------


@st.composite
def scales(draw, min_levels=1, max_levels=5):
    """Any scale: 1–5 levels, points rising by 1–500, orders sparse and given in any order."""
    count = draw(st.integers(min_levels, max_levels))
    points = list(itertools.accumulate(draw(st.lists(st.integers(1, 500), min_size=count, max_size=count))))
    orders = sorted(draw(st.sets(st.integers(0, 1000), min_size=count, max_size=count)))
    levels = [LevelRule(code=f"l{i}", order=orders[i], points=points[i]) for i in range(count)]
    return Scale(tuple(draw(st.permutations(levels))))


# Full gates (100) and nothing (0) often, so that higher levels are reached; any integer otherwise.
percents = st.sampled_from([0, 100]) | st.integers(0, 100) | st.sampled_from(range(0, 101, 5))


def fractions_for(scale):
    """Fractions for the scale's levels: often the first few fully met, the rest anything or left out (0 %)."""

    def met_up_to(count):
        codes = scale.codes
        return st.fixed_dictionaries(
            {code: st.just(100) for code in codes[:count]}, optional={code: percents for code in codes[count:]}
        )

    return st.integers(0, len(scale.codes)).flatmap(met_up_to)


scales_and_fractions = scales().flatmap(lambda scale: st.tuples(st.just(scale), fractions_for(scale)))
scores = st.fractions(min_value=0, max_value=500)


@properties
@given(scales_and_fractions)
def test_item_score_stays_between_0_and_the_top_points(scale_and_fractions):
    scale, fractions = scale_and_fractions
    assert 0 <= item_score(scale, fractions) <= scale.top


@properties
@given(scales_and_fractions, st.data())
def test_more_fulfilment_never_lowers_the_score(scale_and_fractions, data):
    scale, fractions = scale_and_fractions
    code = data.draw(st.sampled_from(scale.codes))
    raised = {**fractions, code: data.draw(st.just(100) | st.integers(fractions.get(code, 0), 100))}
    assert item_score(scale, raised) >= item_score(scale, fractions)


@properties
@given(scales(min_levels=2), st.data())
def test_a_gate_is_never_skipped(scale, data):
    fractions = data.draw(fractions_for(scale))
    gate = data.draw(st.integers(0, len(scale.codes) - 2))
    fractions[scale.codes[gate]] = data.draw(st.integers(0, 99))
    higher = data.draw(st.sampled_from(scale.codes[gate + 1 :]))
    changed = {**fractions, higher: data.draw(percents)}
    assert item_score(scale, changed) == item_score(scale, fractions)
    assert item_level(scale, changed) == item_level(scale, fractions)
    assert item_score(scale, fractions) < scale.levels[gate].points
    if changed[higher] > 0:
        assert higher in gate_violations(scale, changed)


@properties
@given(scales_and_fractions)
def test_violating_fractions_count_for_nothing(scale_and_fractions):
    scale, fractions = scale_and_fractions
    violations = gate_violations(scale, fractions)
    cleared = {code: 0 if code in violations else value for code, value in fractions.items()}
    assert item_score(scale, cleared) == item_score(scale, fractions)
    assert gate_violations(scale, cleared) == []


@properties
@given(scales_and_fractions)
def test_item_level_agrees_with_item_score(scale_and_fractions):
    scale, fractions = scale_and_fractions
    level, score = item_level(scale, fractions), item_score(scale, fractions)
    reached = [rule.code for rule in scale.levels if rule.points <= score]
    assert score >= (scale.points(level) if level else 0)
    assert level == (reached[-1] if reached else None)
    assert level == level_of_score(scale, score)
    assert (level is None) == (fractions.get(scale.codes[0], 0) < 100)


@properties
@given(
    st.dictionaries(st.integers(1, 9), scores, min_size=1),
    st.dictionaries(st.integers(1, 9), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)),
)
def test_overall_lies_between_the_lowest_and_highest_category(category_scores, weights):
    overall = overall_score(category_scores, weights)
    assert min(category_scores.values()) <= overall <= max(category_scores.values())
    assert (
        min(category_scores.values()) <= category_score(list(category_scores.values())) <= max(category_scores.values())
    )


@properties
@given(scores, scores)
def test_gap_is_never_negative_and_zero_exactly_when_the_target_is_met(score, target):
    result = gap(score, target)
    assert result >= 0
    assert (result == 0) == (score >= target)
    assert score + result >= target
    assert (gap_display(result) == 0) == (result == 0)


@properties
@given(scores)
def test_a_displayed_score_reaches_a_level_exactly_when_the_score_does(score):
    shown = score_display(score)
    assert score - Fraction("0.01") < shown <= score
    for rule in PMQA.levels:
        assert (shown >= rule.points) == (score >= rule.points)
    assert level_of_score(PMQA, shown) == level_of_score(PMQA, score)


@properties
@given(
    st.lists(fractions_for(PMQA), min_size=24, max_size=24),
    st.sampled_from([None, 0, 300, 350, 400, 500]),
)
def test_an_assessment_agrees_with_its_parts(fractions, target):
    items = [
        ItemInput(code=code, category=int(code[0]), fractions=f) for code, f in zip(ITEM_CODES, fractions, strict=True)
    ]
    mapping = {"1.3": ({"innovation"}, set()), "4.4": ({"innovation"}, set()), "6.1": ((), {"smart"})}
    result = assessment_scores(PMQA, items, target=target, mapping=mapping)
    for item in items:
        assert result.items[item.code].score == item_score(PMQA, item.fractions)
        assert result.items[item.code].level == item_level(PMQA, item.fractions)
    for number, scored in result.categories.items():
        assert scored.score == category_score([result.items[f"{number}.{n}"].score for n in range(1, 5)])
    category_scores = [scored.score for scored in result.categories.values()]
    assert min(category_scores) <= result.overall.score <= max(category_scores)
    assert result.success_factors["innovation"].score == (result.items["1.3"].score + result.items["4.4"].score) / 2
    assert result.qualities["smart"].score == result.items["6.1"].score
    for scored in [*result.items.values(), *result.categories.values(), result.overall]:
        assert scored.gap == (None if target is None else gap(scored.score, target))
