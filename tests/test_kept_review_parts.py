"""The reviewers' pages kept (assessments/kept_parts.py): the review item page as first shown and the review queue.
Each reader gets their own part (their review, their forms, their assignments); every review, submission or
assignment shows on the next read; a sent form is always rendered; each reader's forms carry their own CSRF token."""

import re

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import ReviewerAssignment, User
from assessments import kept_parts
from assessments.models import Assessment
from reviews import workflow
from reviews.models import ItemReview
from tests.test_kept_parts import _read
from tests.test_review_pages import _score, _submitted

A = {"year": 2570, "code": "ddc"}
ITEM = reverse("reviews:item", kwargs={**A, "item": "1.1"})
QUEUE = reverse("reviews:queue")


def _second_reviewer(roles):
    person = User.objects.create_user(
        email="second.reviewer@pmqa.test", first_name="ผู้ตรวจ", last_name="คนที่สอง", is_reviewer=True
    )
    ReviewerAssignment.objects.create(reviewer=person, agency=roles.agency, cycle=roles.cycle)
    return person


def _review(roles, reviewer, code="1.1", *, consensus=False, strengths="จุดแข็งที่พบ"):
    workflow.review_save(
        response=roles.assessment.responses.get(item__code=code),
        reviewer=reviewer,
        fractions={"basic": 100, "advance": 50, "significance": 0},
        strengths=strengths,
        improvements="ควรขยายผล",
        consensus=consensus,
    )


def test_the_review_item_page_is_kept_and_each_reviewer_has_their_own(client, roles):
    _submitted(roles)
    second = _second_reviewer(roles)
    client.force_login(roles.reviewer)
    first, first_queries = _read(client, ITEM)
    again, again_queries = _read(client, ITEM)
    assert again == first and again_queries < first_queries
    assert "consensus-strengths" in first  # the lead records the consensus
    client.force_login(second)
    theirs, _ = _read(client, ITEM)
    assert theirs != first and "consensus-strengths" not in theirs and "mine-strengths" in theirs
    cache.clear()
    assert _read(client, ITEM)[0] == theirs  # what a fresh render shows


def test_a_review_shows_at_once_to_every_reviewer_of_the_item(client, roles):
    _submitted(roles)
    second = _second_reviewer(roles)
    client.force_login(roles.reviewer)
    before, _ = _read(client, ITEM)
    _review(roles, second, strengths="มีแผนที่ชัดเจนมาก")
    after, _ = _read(client, ITEM)
    assert "ผู้ตรวจ คนที่สอง" not in before and "ผู้ตรวจ คนที่สอง" in after  # among the other reviewers' scores
    client.force_login(second)
    assert "มีแผนที่ชัดเจนมาก" in _read(client, ITEM)[0]  # in the second reviewer's own form
    _review(roles, roles.reviewer, consensus=True, strengths="ฉันทามติของคณะผู้ตรวจ")
    assert "ฉันทามติของคณะผู้ตรวจ" in _read(client, ITEM)[0]


def test_a_return_shows_at_once_on_the_review_item_page(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)
    before, _ = _read(client, ITEM)
    assert 'name="mine-strengths"' in before
    workflow.assessment_return(
        assessment=Assessment.objects.get(pk=roles.assessment.pk), by=roles.reviewer, message="โปรดเพิ่ม", notes={}
    )
    after, _ = _read(client, ITEM)
    assert 'name="mine-strengths"' not in after  # not in review any more: nothing to score


def test_a_sent_review_with_a_mistake_is_rendered_with_what_was_written(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)
    _read(client, ITEM)  # kept as first shown
    sent = _score(client, "1.1", "mine", 150, 0, strengths="ข้อความที่เขียนไว้")
    assert sent.status_code == 400 and "ข้อความที่เขียนไว้" in sent.content.decode()
    assert "ข้อความที่เขียนไว้" not in _read(client, ITEM)[0]  # nothing saved: the kept part is still right
    assert not ItemReview.objects.exists()


def test_the_kept_review_item_carries_each_readers_own_csrf_token(roles):
    _submitted(roles)
    second = _second_reviewer(roles)
    first_client, second_client = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_client.force_login(roles.reviewer)
    first_client.get(ITEM)
    second_client.force_login(roles.reviewer)  # the same reviewer on another browser: the same part, its own token
    page = second_client.get(ITEM).content.decode()
    assert kept_parts.CSRF_PLACEHOLDER not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.split('<main id="content"')[1]).group(1)
    posted = second_client.post(
        ITEM,
        {
            "csrfmiddlewaretoken": token,
            "mine-fraction_basic": 100,
            "mine-fraction_advance": 0,
            "mine-fraction_significance": 0,
            "mine-strengths": "ดี",
            "mine-improvements": "ขยายผล",
        },
    )
    assert posted.status_code == 302 and ItemReview.objects.get().reviewer == roles.reviewer
    assert second not in {r.reviewer for r in ItemReview.objects.all()}


def test_the_queue_is_kept_and_shows_progress_submissions_and_assignments_at_once(client, roles):
    client.force_login(roles.reviewer)
    first, first_queries = _read(client, QUEUE)
    again, again_queries = _read(client, QUEUE)
    assert again == first and again_queries < first_queries
    _submitted(roles)
    status = f"<td>{Assessment.objects.get(pk=roles.assessment.pk).get_status_display()}</td>"
    assert status not in first and status in _read(client, QUEUE)[0]
    _score(client, "1.1", "mine", 100, 0)
    assert "1 / 24" in _read(client, QUEUE)[0]
    ReviewerAssignment.objects.create(reviewer=roles.reviewer, agency=roles.other_agency, cycle=roles.cycle)
    assigned, _ = _read(client, QUEUE)
    assert roles.other_agency.name_th in assigned
    lead = 'badge text-bg-primary">'
    assert lead in assigned
    ReviewerAssignment.objects.filter(reviewer=roles.reviewer).update(is_lead=False)  # an administrator's change
    assigned, _ = _read(client, QUEUE)
    assert lead not in assigned
    cache.clear()
    assert _read(client, QUEUE)[0] == assigned  # what a fresh render shows


def test_each_reviewer_has_their_own_queue(client, roles):
    _submitted(roles)
    second = _second_reviewer(roles)
    client.force_login(roles.reviewer)
    _score(client, "1.1", "mine", 100, 0)
    lead, _ = _read(client, QUEUE)
    client.force_login(second)
    theirs, _ = _read(client, QUEUE)
    assert "1 / 24" in lead and "1 / 24" not in theirs and "0 / 24" in theirs
    assert "badge text-bg-primary" in lead and "badge text-bg-primary" not in theirs  # the lead's mark
