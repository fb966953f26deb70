"""The results pages of a finalised assessment are rendered once and kept (assessments/final_pages.py): the same
page for every later reader, in fewer queries, until a reopen; never kept while the assessment is not final."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import final_pages
from reviews import workflow
from reviews.models import ItemReview
from tests.reports_data import finalise

A = {"year": 2570, "code": "ddc"}
PAGES = [("reviews:results", "reviewer"), ("assessments:results", "coordinator")]


def _read(client, url):
    """The page's main part (the header's forms carry a fresh CSRF token each time) and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return page.content.decode().split('<main id="content"')[1], len(queries)


@pytest.mark.parametrize("name, person", PAGES)
def test_a_final_page_is_rendered_once_and_the_same_for_every_later_reader(client, roles, name, person):
    finalise(roles.assessment, roles.reviewer)
    url = reverse(name, kwargs=A)
    client.force_login(getattr(roles, person))
    first, first_queries = _read(client, url)
    again, again_queries = _read(client, url)
    assert again == first and again_queries < first_queries
    client.force_login(roles.executive)  # another reader in scope gets the same part
    assert _read(client, url)[0] == first
    cache.clear()  # rendered afresh: what was kept is what the page shows
    assert _read(client, url)[0] == first


def test_the_kept_part_follows_the_language(client, roles):
    finalise(roles.assessment, roles.reviewer)
    url = reverse("reviews:results", kwargs=A)
    client.force_login(roles.reviewer)
    thai, _ = _read(client, url)
    roles.reviewer.language = "en"
    roles.reviewer.save()
    english, _ = _read(client, url)
    assert "Reviewed and final" in english and "Reviewed and final" not in thai


def test_a_reopen_shows_at_once_and_a_new_finalisation_is_rendered_anew(client, roles):
    finalise(roles.assessment, roles.reviewer)
    url = reverse("reviews:results", kwargs=A)
    client.force_login(roles.administrator)
    final, _ = _read(client, url)
    assert "ขยายผลสู่ภูมิภาค" not in final
    workflow.assessment_reopen(assessment=roles.assessment, by=roles.administrator, reason="ทบทวนหมวด 1")
    reopened, _ = _read(client, url)
    assert "Not final" in reopened or "text-bg-warning" in reopened
    review = ItemReview.objects.get(response__assessment=roles.assessment, response__item__code="1.1")
    review.strengths = "ขยายผลสู่ภูมิภาค"
    review.save()
    assert "ขยายผลสู่ภูมิภาค" in _read(client, url)[0]  # not final: rendered on every request
    roles.assessment.refresh_from_db()
    workflow.assessment_finalise(assessment=roles.assessment, by=roles.reviewer)
    roles.assessment.refresh_from_db()
    assert roles.assessment.is_final
    refinal, _ = _read(client, url)
    assert "ขยายผลสู่ภูมิภาค" in refinal and "text-bg-success" in refinal


def test_nothing_is_kept_while_not_final(roles):
    assert final_pages.key(roles.assessment, "reviews/_results.html") is None
    finalise(roles.assessment, roles.reviewer)
    assert final_pages.key(roles.assessment, "reviews/_results.html").startswith("final-page:reviews/_results.html:")
