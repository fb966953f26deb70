"""Category 7 scoring (assessments/results_scoring.py): worked examples of the PMQA 4.0 rule, both directions, the
items and the category, whether results count in the overall, and invariants. No database."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import results_scoring as rs
from assessments import scoring

PMQA = rs.ResultsRule(met_at=Fraction(100), points_when_met=300, steps=((Fraction(101), 400), (Fraction(105), 500)))
SCALE = scoring.Scale(
    (
        scoring.LevelRule("basic", 1, 300),
        scoring.LevelRule("advance", 2, 400),
        scoring.LevelRule("significance", 3, 500),
    )
)


@pytest.mark.parametrize(
    "value, target, expected",
    [
        (0, 90, 0),
        (72, 90, 240),  # 80 % of the target: 300 × 0.8
        (45, 90, 150),
        (90, 90, 300),  # met
        (Decimal("90.9"), 90, 300),  # 101 %: still 300
        (Decimal("91.8"), 90, 400),  # 102 %
        (Decimal("94.5"), 90, 400),  # 105 %: still 400
        (Decimal("94.6"), 90, 500),  # just above 105 %
        (200, 90, 500),
        (-5, 90, 0),  # below 0 achieves nothing
    ],
)
def test_higher_is_better(value, target, expected):
    assert rs.indicator_score(PMQA, value, target, rs.HIGHER) == expected


@pytest.mark.parametrize(
    "value, target, expected",
    [
        (25, 20, 240),  # 20 ÷ 25 = 80 %
        (20, 20, 300),
        (Decimal("19.9"), 20, 300),  # 100.5 %
        (Decimal("19.5"), 20, 400),  # 102.6 %
        (19, 20, 500),  # 105.26 %
        (0, 20, 500),  # nothing left to lower: beyond every step
    ],
)
def test_lower_is_better(value, target, expected):
    assert rs.indicator_score(PMQA, value, target, rs.LOWER) == expected


def test_a_target_must_be_above_zero_and_a_direction_known():
    with pytest.raises(ValueError, match="above 0"):
        rs.indicator_score(PMQA, 5, 0, rs.HIGHER)
    with pytest.raises(ValueError, match="above 0"):
        rs.achievement(5, -1, rs.LOWER)
    with pytest.raises(ValueError, match="direction"):
        rs.achievement(5, 10, "sideways")
    with pytest.raises(ValueError):
        rs.achievement(5.0, 10, rs.HIGHER)  # floats are refused: results are exact


def test_the_rule_is_read_from_edition_data():
    class Row:
        met_at_percent = Decimal("100.00")
        points_when_met = 300
        steps = [{"above_percent": "101", "points": 400}, {"above_percent": "105", "points": 500}]
        counts_in_overall = False
        weight = Decimal("1.00")

    assert rs.ResultsRule.from_row(Row()) == PMQA
    assert PMQA.top == 500


@pytest.mark.parametrize(
    "steps",
    [((Fraction(99), 400),), ((Fraction(101), 300),), ((Fraction(105), 500), (Fraction(101), 400))],
)
def test_a_rule_whose_steps_do_not_rise_is_refused(steps):
    with pytest.raises(ValueError, match="rise"):
        rs.ResultsRule(met_at=Fraction(100), points_when_met=300, steps=steps)


def test_items_score_the_mean_of_their_scored_indicators_and_zero_without_any():
    year = 2570
    met = rs.IndicatorInput(Decimal(90), rs.HIGHER, {2568: 80, 2569: 85, 2570: 90})
    short = rs.IndicatorInput(Decimal(90), rs.HIGHER, {2570: 72})
    no_value = rs.IndicatorInput(Decimal(90), rs.HIGHER, {2569: 90})  # nothing for 2570: not scored
    no_target = rs.IndicatorInput(None, rs.HIGHER, {2570: 90})
    items = [
        rs.ResultsItemInput("7.1", [met, short, no_value, no_target]),
        rs.ResultsItemInput("7.2", []),
        rs.ResultsItemInput("7.3", [rs.IndicatorInput(Decimal(20), rs.LOWER, {2570: 19})]),
    ]
    scores = rs.results_scores(PMQA, SCALE, items, year=year, target=400)
    assert scores.items["7.1"].scored.score == 270  # (300 + 240) / 2
    assert scores.items["7.1"].scored_indicators == 2
    assert scores.items["7.1"].scored.level is None and scores.items["7.1"].scored.gap == 130
    assert scores.items["7.2"].scored.score == 0 and scores.items["7.2"].scored_indicators == 0
    assert scores.items["7.3"].scored.score == 500 and scores.items["7.3"].scored.level == "significance"
    assert scores.category.score == Fraction(270 + 0 + 500, 3)


def _process(overall):
    scored = scoring.Scored(Fraction(overall), scoring.level_of_score(SCALE, overall), Fraction(400 - overall))
    return scoring.AssessmentScores(
        target=Fraction(400),
        items={},
        categories={n: scored for n in range(1, 7)},
        overall=scored,
        success_factors={},
        qualities={},
    )


def test_pmqa_40_keeps_the_overall_to_the_process_categories():
    process = _process(350)
    results = scoring.Scored(Fraction(500), "significance", Fraction(0))
    assert rs.with_results(PMQA, SCALE, process, results) is process


def test_an_edition_may_count_results_in_the_overall_with_a_weight():
    counting = rs.ResultsRule(met_at=Fraction(100), points_when_met=300, counts_in_overall=True, weight=Fraction(2))
    results = scoring.Scored(Fraction(500), "significance", Fraction(0))
    combined = rs.with_results(counting, SCALE, _process(350), results)
    assert combined.overall.score == Fraction(350 * 6 + 500 * 2, 8)  # 387.5
    assert combined.overall.level == "basic" and combined.overall.gap == Fraction(25, 2)
    assert combined.categories == _process(350).categories  # only the overall changes


def test_values_are_shown_as_given():
    assert rs.quantity_display(Decimal("1250.5000")) == "1,250.5"
    assert rs.quantity_display(Decimal("85")) == "85"
    assert rs.quantity_display(Decimal("-3.25")) == "-3.25"
    assert rs.quantity_display(Decimal("-0.5")) == "-0.5"
    assert rs.quantity_display(None) == "—"


shares = st.decimals(min_value=0, max_value=1000, places=2)


@given(shares, shares)
def test_more_achievement_never_scores_less_and_scores_stay_in_bounds(a, b):
    low, high = sorted([a, b])
    score_low = rs.indicator_score(PMQA, low, 100, rs.HIGHER)
    score_high = rs.indicator_score(PMQA, high, 100, rs.HIGHER)
    assert 0 <= score_low <= score_high <= 500


@given(st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2))
def test_directions_agree_on_the_share_achieved(value):
    # Reaching value against a target of 100 when higher is better is the same share as 100 against value when lower.
    assert rs.indicator_score(PMQA, value, 100, rs.HIGHER) == rs.indicator_score(PMQA, 100, value, rs.LOWER)
