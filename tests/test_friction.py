"""Daily friction in the team's and the reviewers' pages (issue 13): confirmation steps, the consensus starting from
the lead's own review, previous/next item, what changed since the last submission, labels instead of codes, items
not marked ready, the workspace of finalised results, the effective owner, and the workspace on phones."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from assessments.answers import LevelInput, response_save
from assessments.models import Answer, Assessment, Evidence
from assessments.selectors import effective_owner
from assessments.submission import assessment_submit
from reviews import workflow
from reviews.models import ItemReview
from tests.sar_data import indicators_write, profile_write

A = {"year": 2570, "code": "ddc"}


def _complete(assessment, *, ready=True):
    Answer.objects.filter(response__assessment=assessment, level__code="basic").update(fraction=100, narrative="ทำแล้ว")
    if ready:
        assessment.responses.update(status="ready")
    link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="x")
    link.responses.set(assessment.responses.all())
    profile_write(assessment)
    indicators_write(assessment)


def _submitted(roles):
    _complete(roles.assessment)
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    roles.assessment.refresh_from_db()


def _consensus_everywhere(roles):
    for response in roles.assessment.responses.all():
        workflow.review_save(
            response=response,
            reviewer=roles.reviewer,
            fractions={"basic": 100},
            strengths="ดี",
            improvements="ต่อยอด",
            consensus=True,
        )
    for response in roles.assessment.results_responses.all():
        workflow.results_review_save(
            response=response, reviewer=roles.reviewer, score=300, strengths="", improvements="", consensus=True
        )


def _thai(text):
    with translation.override("th"):
        return escape(gettext(text))


def _level(roles, code="basic"):
    with translation.override("th"):
        return roles.cycle.edition.levels.get(code=code).name


def _status(roles):
    return Assessment.objects.get(pk=roles.assessment.pk).status


# --- Confirmation steps ----------------------------------------------------------------------


def test_submit_asks_first_and_only_the_post_submits(client, roles):
    _complete(roles.assessment, ready=False)
    client.force_login(roles.coordinator)
    check = client.get(reverse("assessments:check", kwargs=A)).content.decode()
    assert re.search(r'<form method="get" action="/assessments/2570/ddc/submit/"', check)
    page = client.get(reverse("assessments:submit", kwargs=A) + "?confirm_warnings=1")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="what-happens"' in text
    assert (
        _thai("The assessment is locked: the team can no longer edit answers, evidence, the profile or indicators.")
        in text
    )
    assert 'method="post" action="/assessments/2570/ddc/submit/"' in text
    assert 'name="confirm_warnings" value="1" id="confirm_warnings" checked' in text  # warnings: confirmed again
    assert _status(roles) == "draft"
    client.post(reverse("assessments:submit", kwargs=A), {"confirm_warnings": "1"})
    assert _status(roles) == "submitted"
    # A submitted assessment has nothing to confirm: back to the workspace.
    assert client.get(reverse("assessments:submit", kwargs=A)).status_code == 302


def test_return_has_its_own_page_that_says_what_happens_and_keeps_what_was_typed(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)
    overview = client.get(reverse("reviews:assessment", kwargs=A)).content.decode()
    assert 'action="/reviews/2570/ddc/return/"' not in overview  # no one-click return any more
    assert 'href="/reviews/2570/ddc/return/"' in overview
    page = client.get(reverse("reviews:return", kwargs=A))
    assert page.status_code == 200 and 'id="what-happens"' in page.content.decode()
    assert _status(roles) == "submitted"
    refused = client.post(reverse("reviews:return", kwargs=A), {"message": " ", "note_2.1": "ขาดแผนปฏิบัติการ"})
    assert refused.status_code == 400 and "ขาดแผนปฏิบัติการ" in refused.content.decode()
    assert _status(roles) == "submitted"
    client.post(reverse("reviews:return", kwargs=A), {"message": "โปรดแก้ไข", "note_2.1": "ขาดแผนปฏิบัติการ"})
    assert _status(roles) == "returned"
    assert client.get(reverse("reviews:return", kwargs=A)).status_code == 302  # not in review: nothing to confirm


def test_finalise_asks_first_names_what_lacks_a_consensus_and_only_the_post_finalises(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)
    overview = client.get(reverse("reviews:assessment", kwargs=A)).content.decode()
    assert '<form method="get" action="/reviews/2570/ddc/finalise/"' in overview
    page = client.get(reverse("reviews:finalise", kwargs=A)).content.decode()
    assert 'href="/reviews/2570/ddc/items/1.1/"' in page and 'href="/reviews/2570/ddc/results/7.1/"' in page
    assert 'id="finalise-confirm" disabled' in page
    _consensus_everywhere(roles)
    page = client.get(reverse("reviews:finalise", kwargs=A)).content.decode()
    assert 'id="finalise-confirm"' in page and 'id="finalise-confirm" disabled' not in page
    assert _thai("The gap reports, in Thai and in English, are produced and kept as they are.") in page
    assert _status(roles) == "submitted"
    client.post(reverse("reviews:finalise", kwargs=A))
    assert _status(roles) == "finalised"


def test_reopen_asks_for_the_reason_on_its_own_page(client, roles):
    _submitted(roles)
    _consensus_everywhere(roles)
    workflow.assessment_finalise(assessment=roles.assessment, by=roles.reviewer)
    client.force_login(roles.administrator)
    overview = client.get(reverse("reviews:assessment", kwargs=A)).content.decode()
    assert 'href="/reviews/2570/ddc/reopen/"' in overview and 'action="/reviews/2570/ddc/reopen/"' not in overview
    page = client.get(reverse("reviews:reopen", kwargs=A))
    assert page.status_code == 200 and 'id="what-happens"' in page.content.decode()
    assert client.post(reverse("reviews:reopen", kwargs=A), {"reason": ""}).status_code == 400
    assert _status(roles) == "finalised"
    client.post(reverse("reviews:reopen", kwargs=A), {"reason": "ทบทวนหมวด 1"})
    assert _status(roles) == "submitted"


# --- The consensus starts from the lead's own review -----------------------------------------


def test_the_consensus_form_starts_from_the_leads_own_review(client, roles):
    _submitted(roles)
    client.force_login(roles.reviewer)
    url = reverse("reviews:item", kwargs={**A, "item": "1.1"})
    client.post(
        url,
        {
            "mine-fraction_basic": 100,
            "mine-fraction_advance": 40,
            "mine-fraction_significance": 0,
            "mine-strengths": "ผู้บริหารเป็นแบบอย่าง",
            "mine-improvements": "ขยายผลสู่ภูมิภาค",
        },
    )
    page = client.get(url)
    form = page.context["forms"]["consensus"]
    assert form["fraction_basic"].value() == 100 and form["fraction_advance"].value() == 40
    assert form["strengths"].value() == "ผู้บริหารเป็นแบบอย่าง"
    assert form["improvements"].value() == "ขยายผลสู่ภูมิภาค"
    assert 'id="consensus-from-mine"' in page.content.decode()
    # Once a consensus exists, the form shows it, not the lead's own.
    workflow.review_save(
        response=roles.assessment.responses.get(item__code="1.1"),
        reviewer=roles.reviewer,
        fractions={"basic": 100, "advance": 20},
        strengths="ตกลงกันแล้ว",
        improvements="",
        consensus=True,
    )
    page = client.get(url)
    assert page.context["forms"]["consensus"]["fraction_advance"].value() == 20
    assert 'id="consensus-from-mine"' not in page.content.decode()


# --- Previous and next -----------------------------------------------------------------------


def _pager(html):
    previous = re.search(r'id="previous-item" href="([^"]+)"', html)
    following = re.search(r'id="next-item" href="([^"]+)"', html)
    return (previous.group(1) if previous else None, following.group(1) if following else None)


def test_previous_and_next_go_across_categories_on_both_item_pages(client, roles):
    _submitted(roles)
    for person, name, prefix in [
        (roles.member, "assessments:item", "/assessments/2570/ddc/items/"),
        (roles.reviewer, "reviews:item", "/reviews/2570/ddc/items/"),
    ]:
        client.force_login(person)
        html = client.get(reverse(name, kwargs={**A, "item": "1.4"})).content.decode()
        assert _pager(html) == (prefix + "1.3/", prefix + "2.1/")
        assert _pager(client.get(reverse(name, kwargs={**A, "item": "1.1"})).content.decode()) == (
            None,
            prefix + "1.2/",
        )
        assert _pager(client.get(reverse(name, kwargs={**A, "item": "6.4"})).content.decode()) == (
            prefix + "6.3/",
            None,
        )


# --- What changed since the last submission --------------------------------------------------


def _revise(roles, basic="เพิ่มแผนปฏิบัติการประจำปีแล้ว", advance=("ทบทวนทุกไตรมาส", 50), status="in_progress"):
    """The team saves 2.1 again, as the services do after a return."""
    response = roles.assessment.responses.get(item__code="2.1")
    levels = [LevelInput("basic", basic, 100), LevelInput("advance", *advance), LevelInput("significance", "", 0)]
    response_save(response=response, version=response.version, status=status, by=roles.member, levels=levels)


def test_what_changed_since_the_last_submission_with_before_and_after(client, roles):
    _submitted(roles)
    client.force_login(roles.member)
    item = reverse("assessments:item", kwargs={**A, "item": "2.1"})
    assert 'id="revision"' not in client.get(item).content.decode()  # never returned: nothing to show
    workflow.assessment_return(assessment=roles.assessment, by=roles.reviewer, message="โปรดแก้ไข", notes={})
    _revise(roles)

    # The team, while revising, sees what it changed since the reviewers returned it.
    html = client.get(item).content.decode()
    revision = html[html.index('id="revision"') : html.index("</section>", html.index('id="revision"'))]
    assert "ทำแล้ว" in revision and "เพิ่มแผนปฏิบัติการประจำปีแล้ว" in revision  # before and after, per level
    assert _level(roles, "basic") in revision and _level(roles, "advance") in revision
    assert "basic" not in revision and "in_progress" not in revision  # labels, never codes
    assert "ทบทวนทุกไตรมาส" in revision and "50 %" in revision
    assert _thai("In progress") in revision and _thai("Ready") in revision  # the status: ready → in progress
    assert 'id="revision"' not in client.get(reverse("assessments:item", kwargs={**A, "item": "2.2"})).content.decode()

    # After the resubmission the reviewer sees the same on their item page.
    roles.assessment.refresh_from_db()
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    client.force_login(roles.reviewer)
    html = client.get(reverse("reviews:item", kwargs={**A, "item": "2.1"})).content.decode()
    revision = html[html.index('id="revision"') : html.index("</section>", html.index('id="revision"'))]
    assert "ทำแล้ว" in revision and "เพิ่มแผนปฏิบัติการประจำปีแล้ว" in revision
    assert "basic" not in revision
    assert 'id="revision"' not in client.get(reverse("reviews:item", kwargs={**A, "item": "2.2"})).content.decode()


def test_reviewer_item_page_query_count_is_fixed_after_a_return(client, roles):
    """One query more than before a return (the item's changes since it), however many changes there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _submitted(roles)
    client.force_login(roles.reviewer)
    url = reverse("reviews:item", kwargs={**A, "item": "2.1"})

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    never_returned = count()
    workflow.assessment_return(assessment=roles.assessment, by=roles.reviewer, message="โปรดแก้ไข", notes={})
    _revise(roles)
    roles.assessment.refresh_from_db()
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    once = count()
    roles.assessment.refresh_from_db()
    workflow.assessment_return(assessment=roles.assessment, by=roles.reviewer, message="อีกครั้ง", notes={})
    for _ in range(3):
        _revise(roles)
        _revise(roles, basic="ครั้งที่สอง", advance=("", 0), status="ready")
    roles.assessment.refresh_from_db()
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    assert count() == once == never_returned + 1


# --- Labels, never codes ---------------------------------------------------------------------


def test_item_history_and_other_reviewers_show_level_names_not_codes(client, roles):
    client.force_login(roles.member)
    item = reverse("assessments:item", kwargs={**A, "item": "1.1"})
    client.post(
        item,
        {
            "version": 0,
            "status": "in_progress",
            "narrative_basic": "เริ่มแล้ว",
            "fraction_basic": 90,
            "fraction_advance": 0,
            "fraction_significance": 0,
        },
    )
    html = client.get(item).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert _level(roles) in history
    assert not re.search(r">\s*basic\s*<", history) and "not_started" not in history and "in_progress" not in history

    _submitted(roles)
    from accounts.models import ReviewerAssignment, User

    second = User.objects.create_user(email="second@pmqa.test", first_name="ผู้ตรวจ", is_reviewer=True)
    ReviewerAssignment.objects.create(reviewer=second, agency=roles.agency, cycle=roles.cycle)
    ItemReview.objects.create(
        response=roles.assessment.responses.get(item__code="1.1"),
        reviewer=second,
        fractions={"basic": 90, "advance": 0, "significance": 0},
    )
    client.force_login(roles.reviewer)
    html = client.get(reverse("reviews:item", kwargs={**A, "item": "1.1"})).content.decode()
    consensus = html[html.index('id="consensus-heading"') :]
    assert "basic 90" not in consensus and "90 %" in consensus
    assert f"{_level(roles)} 90 %" in consensus


# --- Items not marked ready ------------------------------------------------------------------


def test_the_check_warns_about_items_not_marked_ready_and_submission_needs_a_confirmation(client, roles):
    _complete(roles.assessment)
    roles.assessment.responses.filter(item__code__in=["1.2", "3.4"]).update(status="in_progress")
    client.force_login(roles.coordinator)
    html = client.get(reverse("assessments:check", kwargs=A)).content.decode()
    block = html[html.index('id="not-ready"') :]
    block = block[: block.index("</div>")]
    assert 'href="/assessments/2570/ddc/items/1.2/"' in block and 'href="/assessments/2570/ddc/items/3.4/"' in block
    assert 'href="/assessments/2570/ddc/items/1.1/"' not in block
    assert "in_progress" not in block  # the status by its label
    client.post(reverse("assessments:submit", kwargs=A))
    assert _status(roles) == "draft"  # a warning: it needs the confirmation
    client.post(reverse("assessments:submit", kwargs=A), {"confirm_warnings": "1"})
    assert _status(roles) == "submitted"


# --- The workspace of finalised results ------------------------------------------------------


def test_a_finalised_workspace_offers_no_submission_and_links_the_results(client, roles):
    _submitted(roles)
    roles.assessment.responses.filter(item__code__in=["1.1", "1.2"]).update(status="in_progress")
    _consensus_everywhere(roles)
    workflow.assessment_finalise(assessment=roles.assessment, by=roles.reviewer)
    client.force_login(roles.coordinator)
    html = client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    assert 'id="results-final"' in html and 'href="/reviews/2570/ddc/results/"' in html
    assert "/check/" not in html and "/submit/" not in html
    assert 'role="progressbar" aria-label' not in html.split('id="cat-1"')[0]  # no "92 %" about a final result
    item = client.get(reverse("assessments:item", kwargs={**A, "item": "1.1"})).content.decode()
    assert 'href="/reviews/2570/ddc/results/"' in item


# --- The effective owner ---------------------------------------------------------------------


def test_item_page_and_my_items_go_by_the_effective_owner(client, roles):
    client.force_login(roles.coordinator)
    client.post(reverse("assessments:owner_set", kwargs=A), {"category": "2", "owner": roles.member.pk})
    client.post(reverse("assessments:owner_set", kwargs=A), {"item": "2.2", "owner": roles.coordinator.pk})
    client.force_login(roles.member)
    html = client.get(reverse("assessments:item", kwargs={**A, "item": "2.1"})).content.decode()
    line = html[html.index('id="item-owner-line"') :]
    line = line[: line.index("</p>")]
    assert str(roles.member) in line  # the category owner answers for it
    html = client.get(reverse("assessments:item", kwargs={**A, "item": "2.2"})).content.decode()
    line = html[html.index('id="item-owner-line"') :]
    assert str(roles.coordinator) in line[: line.index("</p>")]
    mine = client.get(reverse("assessments:workspace", kwargs=A) + "?mine=1")
    assert [r.response.item.code for b in mine.context["blocks"] for r in b.rows] == ["2.1", "2.3", "2.4"]
    response = roles.assessment.responses.get(item__code="2.2")
    assert effective_owner(response, roles.member) == roles.coordinator
    response.owner = None
    assert effective_owner(response, roles.member) == roles.member
    assert effective_owner(response, None) is None


def test_my_items_says_why_it_is_empty(client, roles):
    client.force_login(roles.member)
    html = client.get(reverse("assessments:workspace", kwargs=A) + "?mine=1").content.decode()
    assert 'id="mine-empty"' in html
    assert 'id="cat-1"' not in html  # no six empty categories


# --- Phones ----------------------------------------------------------------------------------


def test_workspace_has_a_table_for_wide_screens_and_cards_for_phones(client, roles):
    client.force_login(roles.member)
    html = client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    assert html.count('class="table-responsive d-none d-md-block"') == 6
    assert html.count("list-group-item px-2 py-2 workspace-card") == 24


def test_a_returned_workspace_lists_the_notes_in_two_queries_whatever_their_number(client, roles):
    """The reviewers' latest request and its notes (items and profile sections): no query per note."""
    _submitted(roles)
    section = roles.assessment.profile_answers.select_related("section").first().section
    workflow.assessment_return(
        assessment=roles.assessment,
        by=roles.reviewer,
        message="โปรดเพิ่มหลักฐาน",
        notes={"1.1": "เพิ่มแผน", workflow.PROFILE_NOTE + section.code: "เพิ่มโครงสร้าง"},
    )
    client.force_login(roles.member)
    url = reverse("assessments:workspace", kwargs=A)

    def page():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return html, len(captured)

    html, few = page()
    assert "โปรดเพิ่มหลักฐาน" in html and "เพิ่มแผน" in html and "เพิ่มโครงสร้าง" in html
    assert reverse("assessments:item", kwargs={**A, "item": "1.1"}) in html
    roles.assessment.refresh_from_db()
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)  # resubmitted
    workflow.assessment_return(
        assessment=roles.assessment,
        by=roles.reviewer,
        message="รอบที่สอง",
        notes={code: "แก้ไข" for code in ("1.2", "2.1", "3.1", "4.1", "5.1", "6.1")},
    )
    html, many = page()
    assert "รอบที่สอง" in html and "โปรดเพิ่มหลักฐาน" not in html  # the latest request only
    assert html.count("แก้ไข</li>") == 6
    assert many == few
