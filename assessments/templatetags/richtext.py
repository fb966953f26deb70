"""{{ text|richtext }}: paragraphs and lists from plain text, every character escaped (assessments/richtext.py)."""

from django import template

from assessments import richtext as rules

register = template.Library()


@register.filter
def richtext(value):
    return rules.as_html(value or "")
