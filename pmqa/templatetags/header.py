"""The page header, kept (assessments/kept_parts.py): it is the same for the same person on the same page in the
same language, so it is rendered once and kept under what it shows — who the person is (their names, e-mail,
reviewer and administrator marks), the page (its section for the active menu item, its path and query for the
language switch's way back) and the language. Its two forms' CSRF tokens are each request's own."""

import hashlib

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from assessments import kept_parts

register = template.Library()

TEMPLATE = "_header.html"


@register.simple_tag(takes_context=True)
def header(context):
    request = context.get("request")
    if request is None or not hasattr(request, "user"):  # rendered outside a request: as written
        return mark_safe(get_template(TEMPLATE).render(context.flatten()))
    return kept_parts.part(request, TEMPLATE, header_key(request), dict, kept_parts.CHANGING_SECONDS)


def header_key(request) -> str:
    """Everything the header shows, hashed."""
    user, match = request.user, request.resolver_match
    person = (
        user.pk,
        user.is_authenticated,
        getattr(user, "first_name", ""),
        getattr(user, "last_name", ""),
        getattr(user, "email", ""),
        getattr(user, "is_reviewer", False),
        user.is_superuser,
    )
    page = (match and match.namespace, match and match.url_name, request.get_full_path())
    every = (person, page, translation.get_language())
    return f"header:{hashlib.sha256(repr(every).encode()).hexdigest()}"
