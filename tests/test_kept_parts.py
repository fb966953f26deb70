"""Page parts rendered once and kept (assessments/kept_parts.py). The results pages of a finalised assessment: the
same page for every later reader, in fewer queries, until a reopen; never kept while not final. The workspace:
kept under its change count, the team and the reader's view; every change the application makes shows on the next
read, and each reader's forms carry their own CSRF token."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, User
from assessments import answers, cycles, evidence, indicators, kept_parts, profile
from assessments.answers import LevelInput
from assessments.models import Answer, Assessment, Evidence, ProfileAnswer, ResultsResponse
from assessments.submission import assessment_submit
from pmqa.templatetags.thai_dates import be_datetime
from reviews import workflow
from reviews.models import ItemReview
from search import samples
from search.models import EvidenceText
from search.tasks import text_read
from tests.reports_data import finalise
from tests.sar_data import profile_write

A = {"year": 2570, "code": "ddc"}
PAGES = [("reviews:results", "reviewer"), ("assessments:results", "coordinator")]


def _read(client, url):
    """The page's main part (the forms' CSRF tokens are masked afresh each time) and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    main = page.content.decode().split('<main id="content"')[1]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", main), len(queries)


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
    assert kept_parts.final_key(roles.assessment, "reviews/_results.html") is None
    finalise(roles.assessment, roles.reviewer)
    assert kept_parts.final_key(roles.assessment, "reviews/_results.html").startswith(
        "final-page:reviews/_results.html:"
    )


# --- The workspace: kept under its change count, the team, the reader's permissions -----------------------------


def _english(*people):
    for person in people:
        person.language = "en"
        person.save()


def _workspace(client, person=None, **query):
    if person is not None:
        client.force_login(person)
    return _read(client, reverse("assessments:workspace", kwargs=A) + ("?mine=1" if query.get("mine") else ""))


def _answer(roles):
    response = roles.assessment.responses.get(item__code="2.1")
    answers.response_save(
        response=response,
        version=response.version,
        status="ready",
        by=roles.member,
        levels=[LevelInput("basic", "มีแผน", 100), LevelInput("advance", "", 0), LevelInput("significance", "", 0)],
    )
    return "1 of 24 ready"


def _owner(roles):
    answers.owner_set(target=roles.assessment.responses.get(item__code="1.1"), owner=roles.member, by=roles.coordinator)
    return "<td>member Test</td>"


def _category_owner(roles):
    category = roles.assessment.cycle.edition.categories.get(number=4)
    answers.category_owner_set(assessment=roles.assessment, category=category, owner=roles.member, by=roles.coordinator)
    return "selected>member Test</option>"


def _target(roles):
    answers.target_set(assessment=roles.assessment, target_score=455, by=roles.coordinator)
    return 'value="455"'


def _evidence(roles):
    evidence.evidence_link_add(
        response=roles.assessment.responses.get(item__code="1.1"),
        url="https://www.ddc.go.th/",
        title="x",
        by=roles.member,
    )
    return '<td class="text-end">1</td>'


def _profile(roles):
    answer = ProfileAnswer.objects.filter(assessment=roles.assessment).order_by("section__order").first()
    profile.profile_answer_save(
        answer=answer, version=answer.version, text="ข้อมูลองค์กร", status="ready", by=roles.member
    )
    return "1 of"


def _indicator(roles):
    response = ResultsResponse.objects.filter(assessment=roles.assessment).order_by("item__code").first()
    indicators.indicator_add(
        response=response, data=indicators.IndicatorData(name="อัตรา", direction="higher"), by=roles.member
    )
    return "1 indicators"


def _team(roles):
    person = User.objects.create_user(email="newcomer@pmqa.test", first_name="ผู้มาใหม่", last_name="ทีม")
    Membership.objects.create(user=person, agency=roles.agency, role=Membership.Role.MEMBER)
    return "ผู้มาใหม่ ทีม"


def _rename(roles):
    roles.member.first_name = "สมชาย"
    roles.member.save()
    return "สมชาย"


def _deadline(roles):
    later = roles.cycle.deadline + datetime.timedelta(days=30)
    cycles.cycle_deadline_extend(cycle=roles.cycle, deadline=later)
    with translation.override("en"):
        return f"Deadline: {be_datetime(later)}"


CHANGES = [_answer, _owner, _category_owner, _target, _evidence, _profile, _indicator, _team, _rename, _deadline]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_change_shows_on_the_next_read_of_the_workspace(client, roles, change):
    _english(roles.coordinator)
    if change in (_owner, _rename):
        answers.owner_set(
            target=roles.assessment.responses.get(item__code="1.1"), owner=roles.coordinator, by=roles.coordinator
        )
    before, _ = _workspace(client, roles.coordinator)
    assert _workspace(client)[0] == before  # kept
    shown = change(roles)
    assert shown not in before
    after, _ = _workspace(client)
    assert shown in after
    cache.clear()
    assert _workspace(client)[0] == after  # what a fresh render shows


def test_the_workspace_is_kept_for_the_next_reader_with_the_same_view(client, roles):
    first, first_queries = _workspace(client, roles.member)
    again, again_queries = _workspace(client)
    assert again == first and again_queries < first_queries
    other = User.objects.create_user(email="member2@pmqa.test", first_name="member2", last_name="Test")
    Membership.objects.create(user=other, agency=roles.agency, role=Membership.Role.MEMBER)
    client.force_login(roles.member)
    assert _workspace(client)[1] == first_queries  # a new team member: a new key, rendered again
    coordinator, _ = _workspace(client, roles.coordinator)
    assert 'name="owner"' in coordinator  # the coordinator's own part: owners and target forms
    member, _ = _workspace(client, roles.member)
    assert 'name="owner"' not in member
    mine, _ = _workspace(client, roles.member, mine=True)
    assert 'id="mine-empty"' in mine and 'id="mine-empty"' not in member


def test_submission_and_return_show_at_once(client, roles):
    Answer.objects.filter(response__assessment=roles.assessment, level__code="basic").update(
        fraction=100, narrative="ทำ"
    )
    link = Evidence.objects.create(assessment=roles.assessment, kind="link", url="https://www.ddc.go.th/", title="x")
    link.responses.set(roles.assessment.responses.all())
    profile_write(roles.assessment)
    draft, _ = _workspace(client, roles.coordinator)
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    submitted, _ = _workspace(client)
    assert submitted != draft and "text-bg-secondary" in submitted
    workflow.assessment_return(
        assessment=Assessment.objects.get(pk=roles.assessment.pk), by=roles.reviewer, message="โปรดเพิ่มหลักฐาน", notes={}
    )
    assert "โปรดเพิ่มหลักฐาน" in _workspace(client)[0]


def test_saving_a_stale_assessment_does_not_bring_back_an_older_page(client, roles):
    """The change count is a row of its own: an Assessment loaded before a change and saved after it (the admin,
    a script) does not put the count back, so the page kept before the change is not shown again."""
    _english(roles.coordinator)
    stale = Assessment.objects.get(pk=roles.assessment.pk)
    before, _ = _workspace(client, roles.coordinator)
    shown = _answer(roles)
    stale.save()
    assert shown in _workspace(client)[0]


def test_the_kept_workspace_carries_each_readers_own_csrf_token(roles):
    """A part is kept without a CSRF token: each reader's forms carry their own, and they post."""
    second = User.objects.create_user(email="coordinator2@pmqa.test", first_name="coordinator", last_name="Test")
    Membership.objects.create(user=second, agency=roles.agency, role=Membership.Role.COORDINATOR)
    first_client, second_client = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _workspace(first_client, roles.coordinator)
    second_client.force_login(second)
    page = second_client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.split('<main id="content"')[1]).group(1)
    assert kept_parts.CSRF_PLACEHOLDER not in page
    posted = second_client.post(
        reverse("assessments:target_set", kwargs=A), {"target_score": 400, "csrfmiddlewaretoken": token}
    )
    assert posted.status_code == 302
    assert Assessment.objects.get(pk=roles.assessment.pk).target_score == 400


# --- The item page: kept as first shown -------------------------------------------------------------------------


def _item(client, person=None, code="1.1"):
    if person is not None:
        client.force_login(person)
    return _read(client, reverse("assessments:item", kwargs={**A, "item": code}))


def test_an_item_page_is_kept_and_a_comment_shows_at_once(client, roles):
    first, first_queries = _item(client, roles.member)
    again, again_queries = _item(client)
    assert again == first and again_queries < first_queries
    assert _item(client, code="1.2")[0] != first  # each item its own part
    client.post(reverse("assessments:comment_add", kwargs={**A, "item": "1.1"}), {"body": "ขอหลักฐานเพิ่ม"})
    assert "ขอหลักฐานเพิ่ม" in _item(client)[0]


def test_an_item_page_shows_the_text_read_in_the_background_at_once(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = roles.assessment.responses.get(item__code="1.1")
    upload = SimpleUploadedFile("p.docx", samples.docx_bytes("แผน", ["ข้อความ"]), content_type=samples.DOCX)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the worker has not read it yet
        evidence.evidence_file_add(response=response, upload=upload, title="แผน", by=roles.member)
    pending, _ = _item(client, roles.member)
    assert 'data-status="pending"' in pending
    text_read(EvidenceText.objects.get())
    assert 'data-status="found"' in _item(client)[0]


def test_a_sent_form_with_a_mistake_is_rendered_with_what_was_written(client, roles):
    _item(client, roles.member)  # kept as first shown
    sent = client.post(
        reverse("assessments:item", kwargs={**A, "item": "1.1"}),
        {"version": 0, "status": "ready", "narrative_basic": "ข้อความที่เขียนไว้", "fraction_basic": 150},
    )
    assert sent.status_code == 400 and "ข้อความที่เขียนไว้" in sent.content.decode()
    assert "ข้อความที่เขียนไว้" not in _item(client)[0]  # nothing saved: the kept part is still right
