"""The reviewer's pages end to end, what the agency sees before and after finalisation, and query counts."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import scoring
from assessments.answers import LevelInput, response_save
from assessments.models import Answer, Evidence
from assessments.submission import assessment_submit
from reviews.models import ItemReview
from tests.sar_data import profile_write

A = {"year": 2570, "code": "ddc"}


def _submitted(roles):
    Answer.objects.filter(response__assessment=roles.assessment, level__code="basic").update(
        fraction=100, narrative="ทำแล้ว"
    )
    link = Evidence.objects.create(assessment=roles.assessment, kind="link", url="https://www.ddc.go.th/", title="x")
    link.responses.set(roles.assessment.responses.all())
    profile_write(roles.assessment)
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)


def _score(client, code, prefix, basic, advance, strengths="ชัดเจน", improvements="ขยายผลสู่ภูมิภาค"):
    return client.post(
        reverse("reviews:item", kwargs={**A, "item": code}),
        {
            f"{prefix}-fraction_basic": basic,
            f"{prefix}-fraction_advance": advance,
            f"{prefix}-fraction_significance": 0,
            f"{prefix}-strengths": strengths,
            f"{prefix}-improvements": improvements,
        },
    )


def test_the_reviewer_path(client, roles, django_capture_on_commit_callbacks):
    _submitted(roles)
    client.force_login(roles.reviewer)
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert "กรมควบคุมโรค" in queue

    assert _score(client, "1.1", "mine", 100, 50).status_code == 302
    assert ItemReview.objects.get(reviewer=roles.reviewer, is_consensus=False).fractions["advance"] == 50

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:return", kwargs=A), {"message": "โปรดเพิ่มหลักฐาน", "note_2.1": "ขาดแผนปฏิบัติการ"})
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == "returned"

    # The agency sees what was asked, edits 2.1 and resubmits.
    client.force_login(roles.member)
    workspace = client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    assert "โปรดเพิ่มหลักฐาน" in workspace and "ขาดแผนปฏิบัติการ" in workspace
    item = client.get(reverse("assessments:item", kwargs={**A, "item": "2.1"})).content.decode()
    assert "ขาดแผนปฏิบัติการ" in item
    response = roles.assessment.responses.get(item__code="2.1")
    response_save(
        response=response,
        version=response.version,
        status="ready",
        by=roles.member,
        levels=[
            LevelInput("basic", "เพิ่มแผนปฏิบัติการแล้ว", 100),
            LevelInput("advance", "", 0),
            LevelInput("significance", "", 0),
        ],
    )
    roles.assessment.refresh_from_db()
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)

    client.force_login(roles.reviewer)
    overview = client.get(reverse("reviews:assessment", kwargs=A))
    assert list(overview.context["changed"]) == ["2.1"]
    assert [step.action for step in overview.context["timeline"]] == ["submitted", "returned", "submitted"]
    assert overview.context["timeline"][-1].is_resubmission

    # Before finalisation the agency sees no reviewer scores.
    client.force_login(roles.member)
    pending = client.get(reverse("reviews:results", kwargs=A))
    assert pending.status_code == 200 and "overall-reviewed" not in pending.content.decode()

    client.force_login(roles.reviewer)
    for r in roles.assessment.responses.select_related("item"):
        assert (
            _score(client, r.item.code, "consensus", 100, 50 if r.item.category.number == 1 else 0).status_code == 302
        )
    client.post(reverse("reviews:finalise", kwargs=A))
    roles.assessment.refresh_from_db()
    assert roles.assessment.is_final

    # Now the agency and its executives see the results; the numbers are the scoring module's. The first reader's
    # page is rendered (its data checked), the next one's is the part kept for the final page: the same numbers.
    overall = scoring.overall_score({1: 350, 2: 300, 3: 300, 4: 300, 5: 300, 6: 300})
    for person in (roles.member, roles.executive):
        client.force_login(person)
        page = client.get(reverse("reviews:results", kwargs=A))
        assert page.status_code == 200
        if person == roles.member:
            assert page.context["reviewed"].overall.score == overall
        assert f'id="overall-reviewed">{scoring.score_display(overall)}<' in page.content.decode()
        assert "ขยายผลสู่ภูมิภาค" in page.content.decode()


def test_finalised_results_never_change_and_reopening_takes_an_administrator(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)
    for r in roles.assessment.responses.select_related("item"):
        _score(client, r.item.code, "consensus", 100, 0)
    client.post(reverse("reviews:finalise", kwargs=A))
    assert _score(client, "1.1", "consensus", 100, 100).status_code == 400
    assert ItemReview.objects.get(response__item__code="1.1", is_consensus=True).fractions["advance"] == 0
    client.force_login(roles.administrator)
    client.post(reverse("reviews:reopen", kwargs=A), {"reason": "คะแนนหมวด 1 ต้องทบทวน"})
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == "submitted"
    page = client.get(reverse("reviews:assessment", kwargs=A)).content.decode()
    assert "คะแนนหมวด 1 ต้องทบทวน" in page


def test_queue_and_overview_query_counts_are_fixed(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [reverse("reviews:queue"), reverse("reviews:assessment", kwargs=A), reverse("reviews:results", kwargs=A)]
    _score(client, "1.1", "mine", 100, 0)
    before = [count(url) for url in urls]
    for r in roles.assessment.responses.select_related("item"):
        _score(client, r.item.code, "mine", 100, 50)
        _score(client, r.item.code, "consensus", 100, 50)
    assert [count(url) for url in urls] == before


def test_item_review_page_query_count_is_fixed(client, roles, settings, tmp_path):
    from accounts.models import ReviewerAssignment, User

    settings.MEDIA_ROOT = tmp_path
    _submitted(roles)
    client.force_login(roles.reviewer)
    url = reverse("reviews:item", kwargs={**A, "item": "1.1"})

    def count():
        cache.clear()  # rows added behind the application's back: the page is rendered, not the part kept shown
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _score(client, "1.1", "mine", 100, 0)
    before = count()
    response = roles.assessment.responses.get(item__code="1.1")
    for i in range(4):
        other = User.objects.create_user(email=f"rev{i}@pmqa.test", is_reviewer=True)
        ReviewerAssignment.objects.create(reviewer=other, agency=roles.agency, cycle=roles.cycle)
        ItemReview.objects.create(response=response, reviewer=other, fractions={"basic": 100})
        link = Evidence.objects.create(assessment=roles.assessment, kind="link", url="https://x.example", title="x")
        link.responses.add(response)
    assert count() == before


def test_the_queue_counts_this_reviewers_scores_and_the_consensus_per_assessment(client, roles):
    """Your scores: this reviewer's own (not another reviewer's, not the consensus); consensus: the agreed items."""
    _submitted(roles)
    client.force_login(roles.reviewer)
    _score(client, "1.1", "mine", 100, 0)
    _score(client, "1.2", "mine", 100, 0)
    _score(client, "1.1", "consensus", 100, 0)
    response = roles.assessment.responses.get(item__code="1.3")
    ItemReview.objects.create(response=response, reviewer=roles.administrator, fractions={}, is_consensus=False)
    entries = client.get(reverse("reviews:queue")).context["entries"]
    counts = {(assignment.agency.code, a.mine, a.agreed, a.items) for assignment, a in entries if a}
    assert ("ddc", 2, 1, 24) in counts
