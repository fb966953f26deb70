"""The home page after login: each person's tasks, items and deadlines, per role, in a pinned number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership, ReviewerAssignment, User
from agencies.models import Agency
from assessments.models import Answer, Assessment, CategoryOwner, Comment, Cycle, Evidence, Response
from assessments.submission import assessment_submit
from criteria.models import Category
from pmqa import home
from reviews.models import ItemReview
from reviews.workflow import assessment_return
from tests.sar_data import profile_write


def _page(client, person):
    client.force_login(person)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _count(client, person) -> int:
    client.force_login(person)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def _own(roles):
    """The member owns 1.1 as its owner and category 2 as the category's owner (2.1–2.4 have no owner of their own,
    except 2.2, which belongs to the coordinator)."""
    responses = roles.assessment.responses
    responses.filter(item__code="1.1").update(owner=roles.member)
    category = Category.objects.get(edition=roles.cycle.edition, number=2)
    CategoryOwner.objects.create(assessment=roles.assessment, category=category, owner=roles.member)
    responses.filter(item__code="2.2").update(owner=roles.coordinator)


def _fill_and_submit(roles):
    assessment = roles.assessment
    Answer.objects.filter(response__assessment=assessment, level__code="basic").update(fraction=100, narrative="ทำ")
    link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="เว็บ")
    link.responses.set(assessment.responses.all())
    profile_write(assessment)
    assessment_submit(assessment=assessment, by=roles.coordinator, warnings_confirmed=True)


# --- the rule ------------------------------------------------------------------------------------------


def test_items_owned_are_the_persons_by_the_effective_owner_rule(client, roles):
    """1.1 is the member's own; 2.1, 2.3, 2.4 are theirs as category 2's owner; 2.2 has its own owner."""
    _own(roles)
    items = _page(client, roles.member).split("home-items")[1].split("</table>")[0]
    assert re.findall(r"/items/([\d.]+)/", items) == ["1.1", "2.1", "2.3", "2.4"]
    items = _page(client, roles.coordinator).split("home-items")[1].split("</table>")[0]
    assert re.findall(r"/items/([\d.]+)/", items) == ["2.2"]


def test_days_left_counts_calendar_days_in_local_time_and_none_once_passed():
    bangkok = datetime.timezone(datetime.timedelta(hours=7))
    deadline = datetime.datetime(2027, 3, 31, 16, 30, tzinfo=bangkok)
    assert home.days_left(deadline, datetime.datetime(2027, 3, 21, 23, 0, tzinfo=bangkok)) == 10
    assert home.days_left(deadline, datetime.datetime(2027, 3, 31, 9, 0, tzinfo=bangkok)) == 0
    assert home.days_left(deadline, datetime.datetime(2027, 3, 31, 16, 31, tzinfo=bangkok)) is None


# --- agency team ---------------------------------------------------------------------------------------


def test_member_sees_the_deadline_in_buddhist_era_days_left_status_and_their_items(client, roles):
    _own(roles)
    response = roles.assessment.responses.get(item__code="2.3")
    Comment.objects.create(response=response, author=roles.coordinator, body="ช่วยเพิ่มหลักฐาน")
    Comment.objects.create(response=response, author=roles.coordinator, body="อีกข้อ")
    # noon, 20 local calendar days ahead: 'now + 20 days' is 21 calendar days after 23:00 in Bangkok
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    roles.cycle.deadline = noon + datetime.timedelta(days=20)
    roles.cycle.save()
    html = _page(client, roles.member)
    text = _text(html)
    deadline = timezone.localtime(roles.cycle.deadline)
    assert f"{deadline.year + 543}" in text and "กำหนดส่ง" in text, text[:3000]
    assert "เหลืออีก 20 วัน" in text
    assert "กำลังดำเนินการ" in text  # the assessment's status as its label
    assert "พร้อมส่ง 0 จาก 24 หัวข้อ" in text
    items = html.split('class="table table-sm align-middle home-items"')[1].split("</table>")[0]
    assert re.findall(r"/items/([\d.]+)/", items) == ["1.1", "2.1", "2.3", "2.4"]
    row = items.split("/items/2.3/")[1].split("</tr>")[0]
    assert "<td>2</td>" in row and "ยังไม่เริ่ม" in row  # two team comments; the status shown as its label
    assert "/assessments/2570/ddc/?mine=1" in html
    assert "/check/" not in html  # the quality check is the coordinator's


def test_member_without_items_is_told_how_items_are_assigned(client, roles):
    assert "ผู้ประสานงานกำหนดผู้รับผิดชอบหัวข้อและหมวด" in _page(client, roles.member)


def test_deadline_passed_is_said(client, roles):
    roles.cycle.deadline = timezone.now() - datetime.timedelta(hours=1)
    roles.cycle.save()
    assert "เลยกำหนดส่งแล้ว" in _page(client, roles.member)


def test_coordinator_sees_whether_the_assessment_is_ready_to_submit(client, roles):
    html = _page(client, roles.coordinator)
    readiness = html.split("home-readiness")[1].split("</div>")[0]
    assert "มีข้อผิดพลาด 25 รายการ" in _text(readiness)  # 24 items without a claimed level, the empty profile
    assert 'href="/assessments/2570/ddc/check/"' in readiness
    Answer.objects.filter(response__assessment=roles.assessment, level__code="basic").update(fraction=100)
    profile_write(roles.assessment)
    html = _page(client, roles.coordinator)
    assert "alert alert-success home-readiness" in html and "ไม่พบสิ่งที่ทำให้ส่งไม่ได้" in html


def test_returned_items_reach_the_home_page_of_their_owner(client, roles):
    _own(roles)
    _fill_and_submit(roles)
    assessment = Assessment.objects.get(pk=roles.assessment.pk)
    assessment_return(assessment=assessment, by=roles.reviewer, message="โปรดปรับปรุง", notes={"2.1": "ขาดแผนปฏิบัติการ"})
    html = _page(client, roles.member)
    returned = html.split("home-returned")[1].split("</div>")[0]
    assert "โปรดปรับปรุง" in returned and "ขาดแผนปฏิบัติการ" in returned
    assert 'href="/assessments/2570/ddc/items/2.1/"' in returned
    items = html.split("home-items")[1].split("</table>")[0]
    assert "ต้องแก้ไข" in items.split("/items/2.1/")[1].split("</tr>")[0]
    assert "ต้องแก้ไข" not in items.split("/items/1.1/")[1].split("</tr>")[0]
    assert "ส่งกลับให้แก้ไข" in _text(html)


# --- reviewer, executive, administrator ----------------------------------------------------------------


def test_reviewer_sees_assigned_agencies_to_review_lead_and_items_scored(client, roles):
    _fill_and_submit(roles)
    for response in roles.assessment.responses.filter(item__code__in=["1.1", "1.2", "1.3"]):
        ItemReview.objects.create(response=response, reviewer=roles.reviewer, fractions={"basic": 100})
    html = _page(client, roles.reviewer)
    panel = html.split('id="home-review-heading"')[1].split("</section>")[0]
    row = panel.split("กรมควบคุมโรค")[1].split("</tr>")[0]
    assert 'href="/reviews/2570/ddc/"' in panel
    assert 'text-bg-primary">หัวหน้า<' in row  # the lead
    assert "รอตรวจ" in row and "3 / 24" in row
    assert "จังหวัดเชียงใหม่" not in panel  # not theirs


def test_reviewer_does_not_see_closed_cycles(client, roles):
    old = Cycle.objects.create(
        fiscal_year=2569,
        edition=roles.cycle.edition,
        opens_on=datetime.date(2025, 10, 1),
        deadline=roles.cycle.deadline,
        status=Cycle.Status.CLOSED,
    )
    ReviewerAssignment.objects.create(reviewer=roles.reviewer, agency=roles.other_agency, cycle=old)
    panel = _page(client, roles.reviewer).split('id="home-review-heading"')[1].split("</section>")[0]
    assert "จังหวัดเชียงใหม่" not in panel and "กรมควบคุมโรค" in panel


def test_executive_sees_progress_of_their_scope_and_links_to_the_dashboard(client, roles):
    _fill_and_submit(roles)
    html = _page(client, roles.executive)
    panel = html.split('id="home-executive-heading"')[1].split("</section>")[0]
    assert 'href="/reports/2570/"' in panel
    assert re.search(r'data-status="submitted">[^<]*: <b>1</b>', panel)
    assert re.search(r'data-status="draft">[^<]*: <b>0</b>', panel)  # chiangmai is not in the ministry's scope


def test_administrator_sees_cycle_state_counts_agencies_without_a_lead_and_manage(client, roles):
    html = _page(client, roles.administrator)
    panel = html.split('id="home-administration-heading"')[1].split("</section>")[0]
    assert "เปิดให้ประเมินตนเอง" in _text(panel)
    assert re.search(r'data-status="draft">[^<]*: <b>2</b>', panel)
    no_lead = panel.split("home-no-lead-list")[1].split("</ul>")[0]
    assert "จังหวัดเชียงใหม่" in no_lead and "กรมควบคุมโรค" not in no_lead
    assert 'href="/manage/"' in panel


def test_english_home_page_uses_the_gregorian_year(client, roles):
    roles.member.language = "en"
    roles.member.save()
    text = _text(_page(client, roles.member))
    assert "Deadline: 31 March 2027" in text


# --- queries -------------------------------------------------------------------------------------------


def _grow(roles, n):
    """n more agencies and items owned, return notes, comments, assignments: nothing the home page may loop on."""
    for i in range(n):
        agency = Agency.objects.create(code=f"more-{i}", name_th=f"หน่วยงาน {i}", ministry=roles.agency.ministry)
        ReviewerAssignment.objects.create(reviewer=roles.reviewer, agency=agency, cycle=roles.cycle, is_lead=i % 2)
        Membership.objects.create(user=roles.member, agency=agency)
    from assessments.cycles import cycle_open

    cycle_open(cycle=roles.cycle)
    Response.objects.filter(assessment__cycle=roles.cycle).update(owner=roles.member)
    for response in Response.objects.filter(assessment__cycle=roles.cycle)[:30]:
        Comment.objects.create(response=response, author=roles.member, body="x")
    User.objects.create_user(email="more@pmqa.test")


@pytest.mark.parametrize(
    "who, queries",
    [
        # session, user, memberships, executive scopes, edition, current cycle, assessments, category owners,
        # items (return notes: none returned)
        ("member", 9),
        # … and the quality check: edition's profile rule, profile answers, responses, answers, evidence,
        # results responses, indicators, indicator values
        ("coordinator", 16),
        # session, user, memberships, executive scopes, assignments, edition, review queue (two)
        ("reviewer", 8),
        # session, user, memberships, executive scopes, edition, current cycle, the scopes again (access's read
        # rule), counts by status
        ("executive", 8),
        # session, user, memberships, executive scopes, edition, current cycle, counts, agencies without a lead
        ("administrator", 8),
    ],
)
def test_home_page_queries_are_pinned_and_do_not_grow(client, roles, who, queries):
    person = getattr(roles, who)
    assert _count(client, person) == queries
    _grow(roles, 4)
    assert _count(client, person) == queries
