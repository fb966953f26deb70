"""The pages of a finalised assessment, rendered once.

A finalised assessment does not change: its answers, reviews and scores stay as they are until it is reopened
(reviews/workflow.py: finalise, reopen), and its results pages are what the team, its executives and OPDC read,
many times over. So the main part of such a page is rendered once and kept in the cache under the assessment, the
moment it was finalised, the page and the language: a reopen makes the assessment not final (the page is rendered
on every request again), and a new finalisation has a new moment, so a kept part is never shown for another state.
Pages of an assessment that is not final are rendered on every request, as before.

What a kept part also shows and could change without a reopen, the names of people and of the agency, is shown as
it was for at most KEEP_SECONDS. Parts are kept compressed (they are mostly repeated markup): a kept page costs a
few kilobytes of the cache (memory per process by default, Redis when CACHE_REDIS_URL is set).
"""

import zlib
from collections.abc import Callable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

KEEP_SECONDS = 3600  # also bounds how long a renamed person or agency shows its old name on a final page


def key(assessment, template: str) -> str | None:
    """The cache key of the template's part for this assessment, or None while it is not final."""
    if not assessment.is_final or assessment.finalised_at is None:
        return None
    moment = assessment.finalised_at.isoformat()
    return f"final-page:{template}:{assessment.pk}:{moment}:{translation.get_language()}"


def part(request, assessment, template: str, context: Callable[[], dict]) -> SafeString:
    """The template rendered with `context()` (called only when the part is not kept), kept while final.

    The template must not show anything that depends on the person beyond what every reader of the page may see
    (no forms: a CSRF token is the session's), since every reader of the final page gets the same part."""
    found = key(assessment, template)
    if found is not None:
        kept = cache.get(found)
        if kept is not None:
            return mark_safe(zlib.decompress(kept).decode())
    html = render_to_string(template, {"assessment": assessment, **context()}, request)
    if found is not None:
        cache.set(found, zlib.compress(html.encode()), KEEP_SECONDS)
    return mark_safe(html)
