"""Page parts rendered once and kept while what they show has not changed.

The main part of a page is kept in the cache under a key that names everything it shows; the next reader with the
same key gets it without the page's queries and template work. Two rules give the keys:

- **A finalised assessment** does not change: its answers, reviews and scores stay as they are until it is
  reopened (reviews/workflow.py). Its results pages are kept under the assessment and the moment it was finalised:
  a reopen makes it not final (rendered on every request again), a new finalisation has a new moment.
- **The workspace and the item pages** (as first shown: a page with a sent form is always rendered) are kept under
  the assessment's change count (assessments/changes.py: raised in the transaction of every change the
  application makes to it, comments and evidence text read in the background included), its status, target and
  cycle dates, the team (who they are, their names, on the item page their roles), what the reader may do there
  (their permissions, "my items") and the language. A reviewer's item page is kept under the change count, status,
  cycle dates and language as well, with the reader and their assignment; the review queue under the reviewer's
  assignments and the status and change count of each of their assessments. The page header (pmqa/templatetags/
  header.py) is kept under the person, the page's path and the language.

Names of people shown in a kept part that are not in its key (who submitted, who changed an item last, reviewers)
show as they were for at most the part's keeping time (KEEP_SECONDS, CHANGING_SECONDS): so do changes made outside
the application (the Django admin, the database itself). Parts are kept compressed (mostly repeated markup), in
the cache (each process's memory by default, Redis with CACHE_REDIS_URL). A part keeps no one's CSRF token: it is
kept with a placeholder that each request replaces with its own.
"""

import hashlib
import zlib
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from accounts import access
from accounts.models import ReviewerAssignment
from assessments import changes
from assessments.models import Assessment

KEEP_SECONDS = 3600  # the final results pages
# Parts of pages that change (workspace, item pages, review queue, header): names outside their key may be this old.
CHANGING_SECONDS = 600
CSRF_PLACEHOLDER = "kept-part-csrf-token-placeholder"


def part(request, template: str, key: str | None, context: Callable[[], dict], seconds: int) -> SafeString:
    """The template rendered with `context()` (called only when the part is not kept), kept under `key` for
    `seconds`; rendered on every request when `key` is None."""
    if key is None:
        return mark_safe(render_to_string(template, context(), request))
    kept = cache.get(key)
    if kept is None:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request)
        kept = zlib.compress(html.encode())
        cache.set(key, kept, seconds)
    html = zlib.decompress(kept).decode()
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


def final_part(request, assessment, template: str, context: Callable[[], dict]) -> SafeString:
    """A results page's part, kept while the assessment is final."""
    return part(
        request,
        template,
        final_key(assessment, template),
        lambda: {"assessment": assessment, **context()},
        KEEP_SECONDS,
    )


def final_key(assessment, template: str) -> str | None:
    """The key of the template's part for this assessment, or None while it is not final."""
    if not assessment.is_final or assessment.finalised_at is None:
        return None
    moment = assessment.finalised_at.isoformat()
    return f"final-page:{template}:{assessment.pk}:{moment}:{translation.get_language()}"


def workspace_key(assessment, *, team, permissions: dict, mine_for) -> str:
    """The workspace's key: everything its part shows, or names who may see what."""
    people = [(person.pk, person.first_name, person.last_name, person.email) for person in team]
    return _key("workspace", assessment, people, sorted(permissions.items()), mine_for and mine_for.pk)


def item_key(assessment, code: str, *, permissions: dict) -> str:
    """An item page's key (as the page is first shown: no form sent): the item, the team and their roles (the
    owner's choices), the reader's permissions, and what every kept assessment page is keyed by."""
    people = [
        (row.user_id, row.role, row.user.first_name, row.user.last_name, row.user.email)
        for row in access.team(assessment)
    ]
    return _key("item", assessment, code, people, sorted(permissions.items()))


def review_item_key(assessment, code: str, *, reader, assignment) -> str:
    """A reviewer's item page (as first shown): the item, who reads it (their own review and forms are theirs) and
    their assignment (whether they score, whether they lead), with what every kept assessment page is keyed by."""
    assigned = assignment and (assignment.pk, assignment.is_lead)
    return _key("review-item", assessment, code, reader.pk, assigned)


def queue_key(reviewer) -> str:
    """A reviewer's queue: their assignments (agency names, year, lead) and, for each assessment of those agencies
    and cycles, its status, submission and change count (reviews are changes: the progress shown moves with it)."""
    assignments = ReviewerAssignment.objects.filter(reviewer=reviewer).order_by("pk")
    assigned = list(
        assignments.values_list(
            "pk", "is_lead", "agency_id", "cycle_id", "agency__name_th", "agency__name_en", "cycle__fiscal_year"
        )
    )
    found = changes.with_counts(
        Assessment.objects.filter(agency_id__in={a[2] for a in assigned}, cycle_id__in={a[3] for a in assigned})
    )
    facts = list(
        found.order_by("pk").values_list("pk", "agency_id", "cycle_id", "status", "submitted_at", "change_count")
    )
    every = (reviewer.pk, assigned, facts, translation.get_language())
    return f"queue:{reviewer.pk}:{hashlib.sha256(repr(every).encode()).hexdigest()}"


def _key(page: str, assessment, *facts) -> str:
    """The page, the assessment, its change count, what it shows of itself, its cycle and its agency (all read
    with it), the language, and the page's own facts, as one hashed key."""
    cycle, agency = assessment.cycle, assessment.agency
    every = (
        changes.count(assessment),
        assessment.status,
        assessment.target_score,
        assessment.submitted_at,
        assessment.finalised_at,
        cycle.status,
        cycle.opens_on,
        cycle.deadline,
        agency.name_th,
        agency.name_en,
        translation.get_language(),
        facts,
    )
    return f"{page}:{assessment.pk}:{hashlib.sha256(repr(every).encode()).hexdigest()}"
