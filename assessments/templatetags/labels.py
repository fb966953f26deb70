"""Codes shown as their labels in the page's language: {{ code|status_label }} for an item's (or section's)
status, {{ code|direction_label }} for an indicator's direction, {{ code|level_label:level_names }} for a level;
{{ code|status_badge_class }}: the colour of a status badge (assessments/_status_badge.html and the workspace)."""

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


STATUS_BADGE = {Response.Status.READY.value: "text-bg-success", Response.Status.IN_PROGRESS.value: "text-bg-warning"}


@register.filter
def status_badge_class(code):
    return STATUS_BADGE.get(code, "text-bg-light border")


@register.filter
def direction_label(code):
    return _label(Indicator.Direction, code)


@register.filter
def level_label(code, names):
    """A level's name in the page's language, from the edition's levels the view passed as {code: name}."""
    try:
        return str(names.get(code) or code or "—")
    except AttributeError:  # no names given: better the code than nothing
        return code or "—"
