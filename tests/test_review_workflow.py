"""The review workflow: scores, return, resubmission, finalise, reopen; each by the right person at the right time."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from accounts import access
from accounts.models import Membership, ReviewerAssignment, User
from assessments.answers import LevelInput, owner_set, response_save
from assessments.evidence import evidence_link_add
from assessments.models import Assessment, Change, Response
from assessments.submission import SubmissionRefused, assessment_submit
from reviews.models import ItemReview, ResultsReview, ReturnNote, ReturnRequest
from reviews.workflow import (
    ReviewRefused,
    assessment_finalise,
    assessment_reopen,
    assessment_return,
    changed_since_last_submission,
    review_save,
    timeline,
)
from tests.test_submission import _claim_everything

SUBMITTED, RETURNED, FINALISED, DRAFT = "submitted", "returned", "finalised", "draft"


@pytest.fixture
def in_review(roles):
    """ddc's assessment claimed and submitted by its coordinator: in review."""
    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)  # the test must not depend on today's date
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    _submit(roles)
    return roles


def _submit(roles):
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    roles.assessment.refresh_from_db()


def _response(roles, code):
    # Not through roles.assessment.responses: that would hand back roles.assessment, whose status may be stale.
    return Response.objects.get(assessment_id=roles.assessment.pk, item__code=code)


def _status_force(roles, status):
    """Put the assessment in a status without the workflow: sets the scene for a test of another transition."""
    Assessment.objects.filter(pk=roles.assessment.pk).update(status=status)
    roles.assessment.refresh_from_db()


def _consensus_everywhere(roles, *, but=()):
    """A consensus on every item and every results item (of category 7), but those named."""
    ItemReview.objects.bulk_create(
        ItemReview(response=r, reviewer=roles.reviewer, is_consensus=True, fractions={"basic": 100})
        for r in roles.assessment.responses.exclude(item__code__in=but)
    )
    ResultsReview.objects.bulk_create(
        ResultsReview(response=r, reviewer=roles.reviewer, is_consensus=True, score=300)
        for r in roles.assessment.results_responses.exclude(item__code__in=but)
    )


def _second_reviewer(roles):
    """Another reviewer assigned to ddc in the same cycle, not the lead."""
    second = User.objects.create_user(email="second@pmqa.test", password="x", first_name="second", is_reviewer=True)
    ReviewerAssignment.objects.create(reviewer=second, agency=roles.agency, cycle=roles.cycle, is_lead=False)
    return second


def _save(roles, reviewer, code="1.1", *, consensus=False, **fractions):
    return review_save(
        response=_response(roles, code),
        reviewer=reviewer,
        fractions=fractions or {"basic": 100},
        strengths="มีแผนชัดเจน",
        improvements="ควรวัดผล",
        consensus=consensus,
    )


def _edit(roles, code, by, *, narrative):
    response = _response(roles, code)
    return response_save(
        response=response,
        version=response.version,
        status="ready",
        levels=[
            LevelInput("basic", narrative, 100),
            LevelInput("advance", "", 0),
            LevelInput("significance", "", 0),
        ],
        by=by,
    )


def _workflow_changes(roles):
    """The review steps recorded (submissions are the agency's, made by the fixtures)."""
    steps = Change.objects.filter(assessment=roles.assessment, action__in=["returned", "finalised", "reopened"])
    return list(steps.values_list("action", flat=True))


# --- Each transition from each status ----------------------------------------------------------

ACTIONS = {
    "review_save": lambda r: _save(r, r.reviewer),
    "assessment_return": lambda r: assessment_return(assessment=r.assessment, by=r.reviewer, message="แก้ไข", notes={}),
    "assessment_finalise": lambda r: assessment_finalise(assessment=r.assessment, by=r.reviewer),
    "assessment_reopen": lambda r: assessment_reopen(assessment=r.assessment, by=r.administrator, reason="ทบทวน"),
}
ALLOWED = {  # action: (the one status it starts from, the status it leaves)
    "review_save": (SUBMITTED, SUBMITTED),
    "assessment_return": (SUBMITTED, RETURNED),
    "assessment_finalise": (SUBMITTED, FINALISED),
    "assessment_reopen": (FINALISED, SUBMITTED),
}
REFUSAL_CODES = {DRAFT: "not_submitted", RETURNED: "returned", FINALISED: "finalised"}


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, RETURNED, FINALISED])
@pytest.mark.parametrize("action", ACTIONS)
def test_each_transition_only_from_its_status(in_review, action, status):
    _consensus_everywhere(in_review)  # so that finalising is refused for its status only
    _status_force(in_review, status)
    start, end = ALLOWED[action]
    if status == start:
        ACTIONS[action](in_review)
        in_review.assessment.refresh_from_db()
        assert in_review.assessment.status == end
        return
    with pytest.raises(ReviewRefused) as refused:
        ACTIONS[action](in_review)
    expected = "not_finalised" if action == "assessment_reopen" else REFUSAL_CODES[status]
    assert refused.value.code == expected
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == status
    assert _workflow_changes(in_review) == []
    assert not ItemReview.objects.filter(is_consensus=False).exists()
    assert not ReturnRequest.objects.exists()


WRONG_PEOPLE = {
    "review_save": ["member", "coordinator", "outsider", "other_reviewer", "executive", "administrator"],
    "assessment_return": ["member", "coordinator", "outsider", "other_reviewer", "executive", "administrator"],
    "assessment_finalise": ["member", "coordinator", "other_reviewer", "executive", "administrator", "second"],
    "assessment_reopen": ["member", "coordinator", "reviewer", "executive", "other_executive", "second"],
}
PERSON_ACTIONS = {
    "review_save": lambda r, who: _save(r, who),
    "assessment_return": lambda r, who: assessment_return(assessment=r.assessment, by=who, message="แก้", notes={}),
    "assessment_finalise": lambda r, who: assessment_finalise(assessment=r.assessment, by=who),
    "assessment_reopen": lambda r, who: assessment_reopen(assessment=r.assessment, by=who, reason="ทบทวน"),
}


@pytest.mark.parametrize(
    "action,person", [(action, person) for action, people in WRONG_PEOPLE.items() for person in people]
)
def test_wrong_people_are_denied(in_review, action, person):
    second = _second_reviewer(in_review)
    _consensus_everywhere(in_review)
    start, _end = ALLOWED[action]
    _status_force(in_review, start)
    who = second if person == "second" else getattr(in_review, person)
    with pytest.raises(PermissionDenied):
        PERSON_ACTIONS[action](in_review, who)
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == start
    assert _workflow_changes(in_review) == []
    assert not ItemReview.objects.filter(is_consensus=False).exists()


def test_an_inactive_reviewer_is_denied(in_review):
    in_review.reviewer.is_active = False
    in_review.reviewer.save()
    with pytest.raises(PermissionDenied):
        _save(in_review, in_review.reviewer)


# --- Scores --------------------------------------------------------------------------------------


def test_several_reviewers_keep_their_own_scores_without_recording_changes(in_review):
    second = _second_reviewer(in_review)
    changes = Change.objects.count()
    _save(in_review, in_review.reviewer, basic=100, advance=50)
    first_save = _save(in_review, second, basic=80)
    again = _save(in_review, second, basic=90)
    assert again.pk == first_save.pk and again.updated_at > first_save.updated_at
    mine = {r.reviewer: r.fractions for r in ItemReview.objects.filter(response=_response(in_review, "1.1"))}
    assert mine == {
        in_review.reviewer: {"basic": 100, "advance": 50, "significance": 0},
        second: {"basic": 90, "advance": 0, "significance": 0},
    }
    assert Change.objects.count() == changes  # working scores are not the agency's history


def test_only_the_lead_saves_the_consensus_which_is_one_per_item(in_review):
    second = _second_reviewer(in_review)
    with pytest.raises(PermissionDenied):
        _save(in_review, second, consensus=True)
    assert not ItemReview.objects.exists()
    _save(in_review, in_review.reviewer, basic=80)
    consensus = _save(in_review, in_review.reviewer, consensus=True, basic=100, advance=20)
    assert consensus.is_consensus and consensus.fractions["advance"] == 20
    again = _save(in_review, in_review.reviewer, consensus=True, basic=100, advance=40)
    assert again.pk == consensus.pk
    reviews = ItemReview.objects.filter(response=_response(in_review, "1.1"))
    assert sorted((r.is_consensus, r.fractions["basic"]) for r in reviews) == [(False, 80), (True, 100)]


@pytest.mark.parametrize(
    "fractions,code",
    [
        ({"basic": 101}, "bad_fraction"),
        ({"basic": -5}, "bad_fraction"),
        ({"basic": 33}, "bad_fraction"),
        ({"basic": "100"}, "bad_fraction"),
        ({"basic": True}, "bad_fraction"),
        ({"basic": 100, "excellence": 10}, "unknown_level"),
        ({"basic": 50, "advance": 50}, "gate"),
        ({"basic": 100, "advance": 95, "significance": 5}, "gate"),
    ],
)
def test_bad_fractions_are_refused(in_review, fractions, code):
    with pytest.raises(ReviewRefused) as refused:
        _save(in_review, in_review.reviewer, **fractions)
    assert refused.value.code == code
    assert not ItemReview.objects.exists()


def test_a_gate_violation_names_the_level(in_review):
    with translation.override("en"), pytest.raises(ReviewRefused) as refused:
        _save(in_review, in_review.reviewer, basic=60, advance=50)
    assert refused.value.messages == [
        "A level counts only when the level below it is fully met (100 %). Check: Advance."
    ]


# --- Return and resubmission ---------------------------------------------------------------------


def test_return_records_the_request_the_notes_and_the_change(in_review):
    returned = assessment_return(
        assessment=in_review.assessment,
        by=in_review.reviewer,
        message="  โปรดเพิ่มหลักฐาน  ",
        notes={"2.1": "ไม่มีตัวชี้วัด", "1.1": "แนบแผน", "3.1": "   "},
    )
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == RETURNED
    assert returned.message == "โปรดเพิ่มหลักฐาน" and returned.by == in_review.reviewer
    assert [(n.response.item.code, n.message) for n in returned.notes.all()] == [
        ("1.1", "แนบแผน"),
        ("2.1", "ไม่มีตัวชี้วัด"),
    ]
    change = Change.objects.get(assessment=in_review.assessment, action="returned")
    assert change.by == in_review.reviewer
    assert change.before == {"status": SUBMITTED}
    assert change.after == {"status": RETURNED, "message": "โปรดเพิ่มหลักฐาน", "items": ["1.1", "2.1"]}


@pytest.mark.parametrize(
    "message,notes,code",
    [
        ("   ", {"1.1": "แนบแผน"}, "message_required"),
        ("โปรดแก้", {"1.1": "แนบแผน", "9.9": "ไม่มีข้อนี้"}, "unknown_item"),
    ],
)
def test_return_needs_a_message_and_known_items(in_review, message, notes, code):
    with pytest.raises(ReviewRefused) as refused:
        assessment_return(assessment=in_review.assessment, by=in_review.reviewer, message=message, notes=notes)
    assert refused.value.code == code
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == SUBMITTED
    assert not ReturnRequest.objects.exists() and not ReturnNote.objects.exists()
    assert _workflow_changes(in_review) == []


def test_any_assigned_reviewer_may_return(in_review):
    assessment_return(assessment=in_review.assessment, by=_second_reviewer(in_review), message="โปรดแก้", notes={})
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == RETURNED


def test_return_emails_the_coordinators_in_their_language(in_review, django_capture_on_commit_callbacks):
    in_review.coordinator.language = "en"
    in_review.coordinator.save()
    thai = User.objects.create_user(email="thai@pmqa.test", password="x", first_name="thai", language="th")
    Membership.objects.create(user=thai, agency=in_review.agency, role=Membership.Role.COORDINATOR)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(
            assessment=in_review.assessment,
            by=in_review.reviewer,
            message="โปรดเพิ่มหลักฐานการวัดผล",
            notes={"1.1": "แนบแผนยุทธศาสตร์"},
        )
        assert mail.outbox == []  # only once the transaction commits
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == sorted([in_review.coordinator.email, thai.email])  # not the member, not the reviewers
    english, in_thai = sent[in_review.coordinator.email], sent[thai.email]
    assert english.subject == (
        "Department of Disease Control: the PMQA 4.0 self-assessment has been returned for revision"
    )
    assert "กรมควบคุมโรค" in in_thai.subject
    for message in (english, in_thai):
        assert "โปรดเพิ่มหลักฐานการวัดผล" in message.body
        assert "1.1" in message.body and "แนบแผนยุทธศาสตร์" in message.body
        assert "/assessments/2570/ddc/" in message.body
    assert "Returned by reviewer Test" in english.body
    assert "\n" not in english.subject


def test_changed_since_last_submission_shows_exactly_the_items_edited_after_the_return(in_review):
    assert changed_since_last_submission(in_review.assessment) == {}  # never returned
    # An edit recorded before the return is not news to the reviewer.
    assessment_return(assessment=in_review.assessment, by=in_review.reviewer, message="แก้", notes={})
    _edit(in_review, "3.1", in_review.member, narrative="ก่อนส่งครั้งแรก")
    _submit(in_review)
    assessment_return(assessment=in_review.assessment, by=in_review.reviewer, message="โปรดแก้", notes={"1.1": "แผน"})
    assert changed_since_last_submission(in_review.assessment) == {}
    _edit(in_review, "1.1", in_review.member, narrative="แก้ตามข้อเสนอ")
    _submit(in_review)
    changed = changed_since_last_submission(in_review.assessment)
    assert list(changed) == ["1.1"]
    [change] = changed["1.1"]
    assert change.action == "answer" and change.by == in_review.member
    assert change.after["answers"]["basic"]["narrative"] == "แก้ตามข้อเสนอ"


def test_evidence_changes_count_and_owner_changes_do_not(in_review):
    assessment_return(assessment=in_review.assessment, by=in_review.reviewer, message="แก้", notes={})
    evidence_link_add(
        response=_response(in_review, "2.2"), url="https://www.ddc.go.th/plan", title="แผน", by=in_review.member
    )
    owner_set(target=_response(in_review, "4.1"), owner=in_review.member, by=in_review.coordinator)
    changed = changed_since_last_submission(in_review.assessment)
    assert list(changed) == ["2.2"]
    assert [c.action for c in changed["2.2"]] == ["evidence_added"]


# --- Finalise and reopen -------------------------------------------------------------------------


def test_finalise_waits_for_a_consensus_on_every_item(in_review):
    _consensus_everywhere(in_review, but=("3.2", "6.4"))
    _save(in_review, in_review.reviewer, "3.2")  # a reviewer's own score is not the consensus
    with translation.override("en"), pytest.raises(ReviewRefused) as refused:
        assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    assert refused.value.code == "consensus_missing"
    assert refused.value.messages == [
        "Every item needs a consensus score before the results are finalised. Missing: 3.2, 6.4."
    ]
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == SUBMITTED and in_review.assessment.finalised_at is None
    _save(in_review, in_review.reviewer, "3.2", consensus=True)
    _save(in_review, in_review.reviewer, "6.4", consensus=True)
    finalised = assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    assert finalised.status == FINALISED
    assert finalised.finalised_by == in_review.reviewer and finalised.finalised_at is not None
    change = Change.objects.get(assessment=in_review.assessment, action="finalised")
    assert change.by == in_review.reviewer
    assert change.before == {"status": SUBMITTED} and change.after["status"] == FINALISED


def test_results_are_visible_to_the_agency_once_finalised(in_review):
    _consensus_everywhere(in_review)
    assert not access.can_see_results(in_review.member, in_review.assessment)
    finalised = assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    assert access.can_see_results(in_review.member, finalised)


def test_finalised_scores_never_change(in_review):
    _consensus_everywhere(in_review)
    _save(in_review, in_review.reviewer, "1.1", basic=70)
    assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    before = list(ItemReview.objects.order_by("pk").values_list("pk", "fractions", "updated_at"))
    for consensus in (False, True):
        with translation.override("en"), pytest.raises(ReviewRefused) as refused:
            _save(in_review, in_review.reviewer, "1.1", consensus=consensus, basic=100, advance=50)
        assert refused.value.code == "finalised"
        assert "Finalised results never change" in refused.value.messages[0]
    assert list(ItemReview.objects.order_by("pk").values_list("pk", "fractions", "updated_at")) == before


def test_reopen_is_for_administrators_with_a_reason_and_is_recorded(in_review):
    _consensus_everywhere(in_review)
    assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    with pytest.raises(ReviewRefused) as refused:
        assessment_reopen(assessment=in_review.assessment, by=in_review.administrator, reason="  ")
    assert refused.value.code == "reason_required"
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == FINALISED
    reopened = assessment_reopen(
        assessment=in_review.assessment, by=in_review.administrator, reason="คะแนนหมวด 3 บันทึกผิด"
    )
    assert reopened.status == SUBMITTED
    assert reopened.finalised_at is None and reopened.finalised_by is None
    change = Change.objects.get(assessment=in_review.assessment, action="reopened")
    assert change.by == in_review.administrator
    assert change.before["status"] == FINALISED and change.before["finalised_by"] == str(in_review.reviewer)
    assert change.after == {"status": SUBMITTED, "reason": "คะแนนหมวด 3 บันทึกผิด"}
    assert _save(in_review, in_review.reviewer, "1.1", consensus=True, basic=90).fractions["basic"] == 90


# --- The story -----------------------------------------------------------------------------------


def test_timeline_lists_the_steps_oldest_first_and_marks_resubmissions(in_review):
    assessment_return(assessment=in_review.assessment, by=in_review.reviewer, message="แก้", notes={})
    _edit(in_review, "1.1", in_review.member, narrative="แก้แล้ว")
    _submit(in_review)
    _consensus_everywhere(in_review)
    assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    assessment_reopen(assessment=in_review.assessment, by=in_review.administrator, reason="ทบทวน")
    assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    steps = timeline(in_review.assessment)
    assert [(s.action, s.is_resubmission) for s in steps] == [
        ("submitted", False),
        ("returned", False),
        ("submitted", True),
        ("finalised", False),
        ("reopened", False),
        ("finalised", False),
    ]
    assert [s.by for s in steps[:3]] == [in_review.coordinator, in_review.reviewer, in_review.coordinator]


def test_a_finalised_assessment_cannot_be_submitted_again(in_review):
    # Submitting is the agency's transition (assessments/submission.py); it must not undo a finalisation.
    _consensus_everywhere(in_review)
    assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    with pytest.raises(SubmissionRefused):
        _submit(in_review)
    in_review.assessment.refresh_from_db()
    assert in_review.assessment.status == FINALISED
    assert [s.action for s in timeline(in_review.assessment)] == ["submitted", "finalised"]


# --- Two reviewers at once (PostgreSQL) ------------------------------------------------------------


@pytest.mark.postgres
def test_a_return_and_a_finalise_at_once_cannot_both_go_through(transactional_db, live_criteria, monkeypatch):
    import threading
    import time

    from django.db import connection, connections

    from reviews import workflow
    from tests.conftest import _make_roles

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL behaviour: run with DATABASE_URL=postgres://… (CI does)")
    roles = _make_roles(live_criteria)
    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    _submit(roles)
    _consensus_everywhere(roles)
    second = _second_reviewer(roles)
    checked = workflow._in_review_check

    def slow_check(assessment):
        checked(assessment)
        time.sleep(0.3)  # without the row lock, both would pass the check before either writes

    monkeypatch.setattr(workflow, "_in_review_check", slow_check)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, call):
        try:
            barrier.wait()
            call()
            outcomes[name] = "done"
        except ReviewRefused as refused:
            outcomes[name] = refused.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=act,
            args=("return", lambda: assessment_return(assessment=roles.assessment, by=second, message="แก้", notes={})),
        ),
        threading.Thread(
            target=act, args=("finalise", lambda: assessment_finalise(assessment=roles.assessment, by=roles.reviewer))
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) in (["done", "returned"], ["done", "finalised"])
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == (RETURNED if outcomes["return"] == "done" else FINALISED)
    assert len(_workflow_changes(roles)) == 1


def test_a_return_made_without_a_request_mails_an_absolute_link(
    in_review, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.SITE_URL = "https://pmqa.example.go.th"
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment=in_review.assessment, by=in_review.reviewer, message="แก้ไข", notes={})
    bodies = [m.body for m in mail.outbox if "/assessments/2570/ddc/" in m.body]
    assert bodies and all("https://pmqa.example.go.th/assessments/2570/ddc/" in body for body in bodies)
