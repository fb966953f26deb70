"""Scores for people: {{ value|score }} rounds down, {{ value|gap }} rounds up (see assessments/scoring.py),
so a shown score reaches a level exactly when the score does and a shown gap is 0.00 only when a target is met.
Both take a number or a scoring.Scored, and show "—" for nothing."""

from django import template

from assessments import scoring

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
