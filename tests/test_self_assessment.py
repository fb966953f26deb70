"""Cycles, the workspace, saving an item (gates, conflicts, evidence in the same form), owners, target."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, User
from agencies.models import Agency
from assessments.cycles import cycle_open
from assessments.models import Answer, Assessment, Change, Comment, Evidence, Response

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _item_url(roles, code="1.1"):
    return reverse("assessments:item", kwargs={"year": 2570, "code": "ddc", "item": code})


def _answers(version=0, **overrides):
    data = {
        "version": version,
        "status": "in_progress",
        "narrative_basic": "",
        "fraction_basic": 0,
        "narrative_advance": "",
        "fraction_advance": 0,
        "narrative_significance": "",
        "fraction_significance": 0,
    }
    data.update(overrides)
    return data


def test_opening_a_cycle_gives_every_active_agency_a_full_assessment(roles):
    assessment = roles.assessment
    assert assessment.responses.count() == 24
    assert Answer.objects.filter(response__assessment=assessment).count() == 72
    Agency.objects.create(code="closed", name_th="ยุบแล้ว", ministry=roles.agency.ministry, active=False)
    Agency.objects.create(code="new", name_th="ใหม่", ministry=roles.agency.ministry)
    assert cycle_open(cycle=roles.cycle) == 1  # only the new active agency
    assert not Assessment.objects.filter(agency__code="closed").exists()
    assert cycle_open(cycle=roles.cycle) == 0


def test_member_saves_an_item_and_the_change_is_recorded(client, roles):
    client.force_login(roles.member)
    response = client.post(
        _item_url(roles),
        _answers(
            narrative_basic="เรากำหนดนโยบาย", fraction_basic=100, narrative_advance="ทบทวนทุกปี", fraction_advance=50
        ),
    )
    assert response.status_code == 302
    saved = roles.assessment.responses.get(item__code="1.1")
    assert saved.version == 1 and saved.updated_by == roles.member
    assert {a.level.code: a.fraction for a in saved.answers.all()} == {"basic": 100, "advance": 50, "significance": 0}
    change = Change.objects.get(response=saved)
    assert change.by == roles.member
    assert change.before["answers"]["basic"] == {"narrative": "", "fraction": 0}
    assert change.after["answers"]["advance"] == {"narrative": "ทบทวนทุกปี", "fraction": 50}
    page = client.get(_item_url(roles)).content.decode()
    assert "350" in page  # the claimed score, as the rules compute it
    assert "ทบทวนทุกปี" in page


def test_an_advance_fraction_without_full_basic_is_refused_and_kept(client, roles):
    client.force_login(roles.member)
    response = client.post(
        _item_url(roles), _answers(narrative_basic="ยังไม่ครบ", fraction_basic=80, fraction_advance=20)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ยังไม่ครบ" in page  # what was typed is still there
    assert "100 %" in page
    assert roles.assessment.responses.get(item__code="1.1").version == 0


def test_the_second_of_two_saves_is_refused_and_shows_the_other_version(client, roles):
    other = type(client)()
    client.force_login(roles.member)
    other.force_login(roles.coordinator)
    assert client.post(_item_url(roles), _answers(narrative_basic="ฉบับของสมาชิก", fraction_basic=60)).status_code == 302
    response = other.post(_item_url(roles), _answers(narrative_basic="ฉบับของผู้ประสานงาน", fraction_basic=40))
    assert response.status_code == 409
    page = response.content.decode()
    assert "ฉบับของสมาชิก" in page and "ฉบับของผู้ประสานงาน" in page  # theirs shown, mine kept
    saved = roles.assessment.responses.get(item__code="1.1")
    assert saved.answers.get(level__code="basic").narrative == "ฉบับของสมาชิก"
    assert saved.version == 1


def test_a_rejected_file_loses_nothing_typed_and_saves_nothing(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles.member)
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(
        _item_url(roles),
        {
            **_answers(narrative_basic="ข้อความยาวที่พิมพ์ไว้", fraction_basic=100),
            "evidence_file": fake,
            "evidence_title": "รายงาน",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ข้อความยาวที่พิมพ์ไว้" in page and 'value="รายงาน"' in page
    assert "report.pdf" in page  # the message names the file
    assert roles.assessment.responses.get(item__code="1.1").version == 0
    assert not Evidence.objects.exists()


def test_evidence_uploaded_with_the_answers_and_attached_to_another_item(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles.member)
    upload = SimpleUploadedFile("แผนยุทธศาสตร์.pdf", PDF, content_type="application/pdf")
    client.post(
        _item_url(roles),
        {
            **_answers(fraction_basic=100, narrative_basic="มีแผน"),
            "evidence_file": upload,
            "evidence_title": "แผนยุทธศาสตร์ 2570",
        },
    )
    found = Evidence.objects.get()
    client.post(_item_url(roles, "2.1"), {**_answers(), "attach": [found.pk]})
    assert set(found.responses.values_list("item__code", flat=True)) == {"1.1", "2.1"}
    workspace = client.get(reverse("assessments:workspace", kwargs={"year": 2570, "code": "ddc"}))
    rows = {row.response.item.code: row for block in workspace.context["blocks"] for row in block.rows}
    assert rows["1.1"].response.evidence_count == 1 and rows["2.1"].response.evidence_count == 1


def test_workspace_query_count_does_not_grow(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles.member)
    url = reverse("assessments:workspace", kwargs={"year": 2570, "code": "ddc"})

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    responses = list(roles.assessment.responses.all())
    for i, response in enumerate(responses):
        person = User.objects.create_user(email=f"t{i}@pmqa.test", first_name=f"ทีม{i}")
        Membership.objects.create(user=person, agency=roles.agency)
        response.owner = person
        response.save()
        link = Evidence.objects.create(assessment=roles.assessment, kind="link", url="https://a.example", title="x")
        link.responses.add(response)
        Comment.objects.create(response=response, author=person, body="ok")
    # session, user, levels, category owners, responses (+items, owners, counts), answers, team
    after = count()
    assert after == before, "query count grew"


def test_my_items_shows_what_i_own_directly_or_through_the_category(client, roles):
    client.force_login(roles.coordinator)
    base = {"year": 2570, "code": "ddc"}
    client.post(reverse("assessments:owner_set", kwargs=base), {"item": "1.1", "owner": roles.member.pk})
    client.post(reverse("assessments:owner_set", kwargs=base), {"category": "6", "owner": roles.member.pk})
    client.force_login(roles.member)
    page = client.get(reverse("assessments:workspace", kwargs=base) + "?mine=1")
    codes = [row.response.item.code for block in page.context["blocks"] for row in block.rows]
    assert codes == ["1.1", "6.1", "6.2", "6.3", "6.4"]
    assert Change.objects.filter(action="owner").count() == 2


def test_owner_must_be_on_the_team(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        reverse("assessments:owner_set", kwargs={"year": 2570, "code": "ddc"}),
        {"item": "1.1", "owner": roles.outsider.pk},
    )
    assert response.status_code == 404
    assert roles.assessment.responses.get(item__code="1.1").owner is None


def test_target_is_a_score_between_0_and_500(client, roles):
    client.force_login(roles.coordinator)
    url = reverse("assessments:target_set", kwargs={"year": 2570, "code": "ddc"})
    client.post(url, {"target_score": "350"})
    roles.assessment.refresh_from_db()
    assert roles.assessment.target_score == 350
    client.post(url, {"target_score": "900"})
    roles.assessment.refresh_from_db()
    assert roles.assessment.target_score == 350


def test_comments_belong_to_the_team(client, roles):
    client.force_login(roles.member)
    client.post(
        reverse("assessments:comment_add", kwargs={"year": 2570, "code": "ddc", "item": "1.1"}), {"body": "ขอหลักฐานเพิ่ม"}
    )
    page = client.get(_item_url(roles)).content.decode()
    assert "ขอหลักฐานเพิ่ม" in page


@pytest.mark.django_db
def test_carry_over_copies_last_cycles_answers_and_links_and_marks_the_copy(client, roles):
    import datetime

    from assessments.models import Cycle

    old_cycle = Cycle.objects.create(
        fiscal_year=2569,
        edition=roles.cycle.edition,
        opens_on=datetime.date(2025, 10, 1),
        deadline=roles.cycle.deadline.replace(year=2026),
        status=Cycle.Status.CLOSED,
    )
    cycle_open(cycle=old_cycle)
    old = Response.objects.get(assessment__cycle=old_cycle, assessment__agency=roles.agency, item__code="1.1")
    Answer.objects.filter(response=old, level__code="basic").update(narrative="ปีที่แล้ว", fraction=100)
    link = Evidence.objects.create(assessment=old.assessment, kind="link", url="https://old.example", title="เก่า")
    link.responses.add(old)
    client.force_login(roles.member)
    client.post(reverse("assessments:carry_over", kwargs={"year": 2570, "code": "ddc", "item": "1.1"}))
    new = roles.assessment.responses.get(item__code="1.1")
    assert new.carried_over_from == old
    assert new.answers.get(level__code="basic").narrative == "ปีที่แล้ว"
    assert new.evidence.get().url == "https://old.example"
    assert "2569" in client.get(_item_url(roles)).content.decode()


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_workspace_queries_are_pinned(client, roles, who):
    client.force_login(getattr(roles, who))
    url = reverse("assessments:workspace", kwargs={"year": 2570, "code": "ddc"})
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # session, user, assessment (+cycle, edition, agency, its change count: the kept part's key,
    # assessments/kept_parts.py), the team with their people (the key too; among them the membership that lets a
    # team member read it, and their permissions: accounts/access.team, reads); then, rendering the part: levels,
    # category owners, responses (+items, owners, evidence counts), answers, profile sections ready/written, results
    # items ready with their indicators
    assert len(captured) == 10, "\n".join(q["sql"][:120] for q in captured)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # the part kept: the four before rendering it
    assert len(captured) == 4, "\n".join(q["sql"][:120] for q in captured)


def test_coordinator_sets_an_item_owner_on_the_item_page(client, roles):
    client.force_login(roles.coordinator)
    page = client.get(_item_url(roles)).content.decode()
    assert 'id="item-owner"' in page
    client.post(
        reverse("assessments:owner_set", kwargs={"year": 2570, "code": "ddc"}),
        {"item": "1.1", "owner": roles.member.pk},
    )
    assert roles.assessment.responses.get(item__code="1.1").owner == roles.member
    client.force_login(roles.member)
    assert 'id="item-owner"' not in client.get(_item_url(roles)).content.decode()


def test_item_page_query_count_does_not_grow(client, roles):
    client.force_login(roles.coordinator)
    url = _item_url(roles)

    def count():
        cache.clear()  # rows added behind the application's back: the page is rendered, not the part kept shown
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    response = roles.assessment.responses.get(item__code="1.1")

    def grow(n):
        for i in range(n):
            attached = Evidence.objects.create(
                assessment=roles.assessment, kind="link", url="https://a.example", title=f"แนบ {i}"
            )
            attached.responses.add(response)
            Evidence.objects.create(assessment=roles.assessment, kind="link", url="https://b.example", title="คลัง")
            Comment.objects.create(response=response, author=roles.member, body=f"ความเห็น {i}")
            Change.objects.create(assessment=roles.assessment, response=response, action="answer", by=roles.member)

    grow(1)
    one = count()
    grow(10)
    # session, user, assessment (+its change count), the team with their people (the membership that lets the
    # coordinator in, the kept part's key and the owner choices: accounts/access.team), then response (+item,
    # owner…), answers, descriptors, evidence, comments, history, levels, library, one query per evidence
    # check-list (the reviewers' notes only while the assessment is returned)
    assert count() == one == 14


def test_history_on_the_item_page_shows_answers_and_evidence(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles.member)
    upload = SimpleUploadedFile("คู่มือ.pdf", PDF, content_type="application/pdf")
    client.post(
        _item_url(roles),
        {
            **_answers(narrative_basic="ก่อน", fraction_basic=40),
            "evidence_file": upload,
            "evidence_title": "คู่มือการปฏิบัติงาน",
        },
    )
    client.post(_item_url(roles), _answers(version=1, narrative_basic="หลัง", fraction_basic=60))
    page = client.get(_item_url(roles)).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "“คู่มือการปฏิบัติงาน” คู่มือ.pdf" in history
    assert "40 %" in history and "60 %" in history and "ก่อน" in history and "หลัง" in history
