"""Template filters for dates: Buddhist era on Thai pages, Gregorian on English ones.

{{ cycle.deadline|be_date }}        21 พฤศจิกายน 2569   /  21 November 2026
{{ review.created|be_datetime }}    21 พ.ย. 2569 เวลา 14:05 น.
{{ cycle.opens|be_year }}           2569                /  2026
"""

import datetime

from django import template
from django.utils import formats, timezone, translation

from pmqa import dates

register = template.Library()


def _is_thai() -> bool:
    return (translation.get_language() or "th").startswith("th")


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def be_date(value, style: str = ""):
    """A date in the page's language; Buddhist era when Thai. `|be_date:"short"` abbreviates the month."""
    if not value:
        return ""
    value = _local(value)
    if _is_thai():
        return dates.thai_date(value, short=style == "short")
    return formats.date_format(value, "j M Y" if style == "short" else "j F Y")


@register.filter
def be_datetime(value, style: str = ""):
    if not value:
        return ""
    value = _local(value)
    if _is_thai():
        return dates.thai_datetime(value, short=style == "short")
    return formats.date_format(value, "j M Y, H:i" if style == "short" else "j F Y, H:i")


@register.filter
def be_year(value):
    """A year (a date, or a Buddhist-era year number) in the page's era."""
    if value in (None, ""):
        return ""
    if isinstance(value, int):
        return value if _is_thai() else value - dates.BUDDHIST_ERA_OFFSET
    value = _local(value)
    return dates.buddhist_year(value) if _is_thai() else value.year


@register.filter
def minutes(value):
    """A timedelta as whole minutes: {{ cooloff_timedelta|minutes }}."""
    if not isinstance(value, datetime.timedelta):
        return ""
    return int(value.total_seconds() // 60)


@register.filter
def be_numeric(value):
    """'01/10/2569' in any language: the Buddhist-era form dates are typed in (pmqa/date_fields.py)."""
    if not value:
        return ""
    return dates.be_numeric(_local(value).date() if isinstance(value, datetime.datetime) else value)
