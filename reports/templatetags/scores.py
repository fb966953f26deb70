"""Scores for people: {{ value|score }} rounds down, {{ value|gap }} rounds up (see assessments/scoring.py),
so a shown score reaches a level exactly when the score does and a shown gap is 0.00 only when a target is met.
Both take a number or a scoring.Scored, and show "—" for nothing. {{ value|quantity }} shows an indicator's
value or target as the agency gave it (results_scoring.quantity_display)."""

from django import template

from assessments import results_scoring, scoring
from reports import wording

register = template.Library()
NONE = "—"


@register.filter
def score(value):
    value = getattr(value, "score", value)
    return NONE if value is None or value == "" else scoring.score_display(value)


@register.filter
def gap(value):
    value = getattr(value, "gap", value)
    return NONE if value is None or value == "" else scoring.gap_display(value)


@register.filter
def quantity(value):
    return results_scoring.quantity_display(None if value == "" else value)


@register.filter
def overall_rule(rule):
    """Which overall score applies (reports/wording.py): {{ results_rule|overall_rule }}."""
    return wording.overall_rule(rule or None)
