"""The reviewers' consensus feedback in search: found once the assessment is final (it is added when the lead
finalises and removed when an administrator reopens), by the people who read the result, linked to its row on the
results page; never while the review goes on."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.submission import assessment_submit
from reviews.models import ItemReview, ResultsReview
from reviews.workflow import assessment_finalise, assessment_reopen
from search import query
from search.models import SearchDocument
from tests.test_review_workflow import _consensus_everywhere
from tests.test_submission import _claim_everything

STRENGTH = "มีระบบเตือนภัยล่วงหน้าที่เชื่อมโยงข้อมูลทุกจังหวัด"
IMPROVEMENT = "ควรทบทวนแผนรองรับภัยพิบัติทุกปี"
RESULTS_STRENGTH = "ตัวชี้วัดความพึงพอใจสูงกว่าค่าเป้าหมายสามปีต่อเนื่อง"


@pytest.fixture
def in_review(roles):
    """ddc submitted, a consensus on every item; 1.1 and the first results item with the lead's own words."""
    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    _consensus_everywhere(roles)
    ItemReview.objects.filter(response__assessment=roles.assessment, response__item__code="1.1").update(
        strengths=STRENGTH, improvements=IMPROVEMENT
    )
    roles.results_item = roles.assessment.results_responses.order_by("item__code").first()
    ResultsReview.objects.filter(response=roles.results_item).update(strengths=RESULTS_STRENGTH)
    return roles


def _find(user, text, **filters):
    return query.search(user=user, text=text, filters=query.Filters(**filters))


def test_feedback_is_found_only_while_final(in_review):
    r = in_review
    assert _find(r.administrator, "เชื่อมโยงข้อมูล").total == 0  # in review: the reviewers' words stay theirs
    assessment_finalise(assessment=r.assessment, by=r.reviewer)
    found = _find(r.administrator, "เชื่อมโยงข้อมูล")
    assert [(d.kind, d.response.item.code) for d in found.documents] == [(SearchDocument.Kind.REVIEW, "1.1")]
    assert _find(r.administrator, "ภัยพิบัติ", kind="review").total == 1  # the opportunities too
    results = _find(r.administrator, "ความพึงพอใจ", kind="results_review").documents
    assert [d.results_response_id for d in results] == [r.results_item.pk]

    assessment_reopen(assessment=r.assessment, by=r.administrator, reason="ทบทวนคะแนน")
    assert _find(r.administrator, "เชื่อมโยงข้อมูล").total == 0
    assert not SearchDocument.objects.filter(kind__in=["review", "results_review"]).exists()


def test_a_reviewer_text_of_an_assessment_not_final_is_never_served(in_review):
    """Even a document left in the index (a restore, a bug) is not found before the result is final."""
    r = in_review
    assessment_finalise(assessment=r.assessment, by=r.reviewer)
    Assessment.objects.filter(pk=r.assessment.pk).update(status=Assessment.Status.SUBMITTED)
    assert _find(r.administrator, "เชื่อมโยงข้อมูล").total == 0


@pytest.mark.parametrize(
    "role, finds",
    [
        ("coordinator", True),
        ("member", True),
        ("reviewer", True),
        ("executive", True),
        ("administrator", True),
        ("outsider", False),
        ("other_reviewer", False),
        ("other_executive", False),
    ],
)
def test_who_finds_the_final_feedback(client, in_review, role, finds):
    r = in_review
    assessment_finalise(assessment=r.assessment, by=r.reviewer)
    client.force_login(getattr(r, role))
    html = client.get(reverse("search:search"), {"q": "เชื่อมโยงข้อมูล"}).content.decode()
    link = reverse("reviews:results", kwargs={"year": 2570, "code": "ddc"}) + "#result-1.1"
    assert (link in html) == finds
    assert ("<mark>เชื่อมโยงข้อมูล</mark>" in html) == finds
    if finds:  # the link opens the results page at the item's row
        page = client.get(reverse("reviews:results", kwargs={"year": 2570, "code": "ddc"})).content.decode()
        assert 'id="result-1.1"' in page and STRENGTH in page


def test_rebuild_keeps_the_final_feedback_and_only_it(in_review):
    r = in_review
    assessment_finalise(assessment=r.assessment, by=r.reviewer)
    reviews = SearchDocument.objects.filter(kind__in=["review", "results_review"])
    before = set(reviews.values_list("kind", "source_id", "tokens"))
    assert {kind for kind, _id, _t in before} == {"review", "results_review"}
    call_command("search_index")
    assert set(reviews.values_list("kind", "source_id", "tokens")) == before
    assessment_reopen(assessment=r.assessment, by=r.administrator, reason="ทบทวนคะแนน")
    call_command("search_index")
    assert not reviews.exists()
