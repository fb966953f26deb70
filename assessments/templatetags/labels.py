"""Codes shown as their labels in the page's language: {{ code|status_label }} for an item's (or section's)
status, {{ code|direction_label }} for an indicator's direction."""

from django import template

from assessments.models import Indicator, Response

register = template.Library()


def _label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code or "—"


@register.filter
def status_label(code):
    return _label(Response.Status, code)


@register.filter
def direction_label(code):
    return _label(Indicator.Direction, code)
