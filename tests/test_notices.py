"""E-mail notices (notices/): results finalised, deadline reminders, work given to someone. Each goes to the right
people only, in each recipient's own language, after the commit; reminders at most once per assessment and kind,
from the command (cron) or the task workers' sweep."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts import access
from accounts.models import ExecutiveScope, Membership, User
from assessments.models import Assessment, ProfileAnswer, Response, ResultsResponse
from assessments.submission import assessment_submit
from criteria.models import Category
from notices import reminders
from notices.models import Reminder, Schedule
from outbox.models import OutgoingMail
from pmqa import worker
from reviews.workflow import ReviewRefused, assessment_finalise
from tests.test_review_workflow import _consensus_everywhere
from tests.test_submission import _claim_everything

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
DEADLINE = datetime.datetime(2027, 3, 31, 16, 30, tzinfo=BANGKOK)  # roles.cycle's
SITE = "https://pmqa.example.go.th"


@pytest.fixture
def people(roles, settings):
    """roles, with ddc's coordinator reading English, a second ddc coordinator reading Thai, and an OPDC executive
    (all agencies) reading English. Links point at SITE."""
    settings.SITE_URL = SITE
    roles.coordinator.language = "en"
    roles.coordinator.save()
    roles.thai_coordinator = User.objects.create_user(
        email="thai.coordinator@pmqa.test", password="x", first_name="สมศรี", last_name="ใจดี", language="th"
    )
    Membership.objects.create(user=roles.thai_coordinator, agency=roles.agency, role=Membership.Role.COORDINATOR)
    roles.opdc_executive = User.objects.create_user(email="opdc@pmqa.test", password="x", language="en")
    ExecutiveScope.objects.create(user=roles.opdc_executive, scope=ExecutiveScope.Scope.ALL)
    gone = User.objects.create_user(email="gone@pmqa.test", password="x", is_active=False)
    Membership.objects.create(user=gone, agency=roles.agency, role=Membership.Role.COORDINATOR)
    ExecutiveScope.objects.create(user=gone, scope=ExecutiveScope.Scope.ALL)
    mail.outbox = []
    return roles


def _sent():
    return {message.to[0]: message for message in mail.outbox}


# --- Results finalised -----------------------------------------------------------------------------------------


@pytest.fixture
def ready_to_finalise(people):
    people.cycle.deadline = timezone.now() + datetime.timedelta(days=30)  # submitting must not depend on today
    people.cycle.save(update_fields=["deadline"])
    _claim_everything(people.assessment)
    assessment_submit(assessment=people.assessment, by=people.coordinator, warnings_confirmed=True)
    _consensus_everywhere(people)
    mail.outbox = []
    return people


def test_finalised_results_go_to_coordinators_and_executives_in_scope_in_their_language(
    ready_to_finalise, django_capture_on_commit_callbacks
):
    r = ready_to_finalise
    with django_capture_on_commit_callbacks(execute=True):
        assessment_finalise(assessment=r.assessment, by=r.reviewer)
        assert mail.outbox == []  # only once the finalisation is committed
    sent = _sent()
    # Not the member, the reviewers, the other agency's coordinator, the executive of another agency, the inactive.
    assert sorted(sent) == sorted(
        [r.coordinator.email, r.thai_coordinator.email, r.executive.email, r.opdc_executive.email]
    )
    english, thai = sent[r.coordinator.email], sent[r.thai_coordinator.email]
    assert english.subject == "Department of Disease Control: the PMQA 4.0 results for Fiscal year 2027 are final"
    assert thai.subject == "กรมควบคุมโรค: ผลการตรวจประเมิน PMQA 4.0 ประจำปีงบประมาณ พ.ศ. 2570 เป็นที่สิ้นสุดแล้ว"
    assert "The reviewers have finalised the PMQA 4.0 results of Department of Disease Control" in english.body
    assert "เรียน สมศรี ใจดี" in thai.body and "คณะผู้ตรวจประเมินได้สรุปผล" in thai.body
    assert "พ.ศ. 2570" in sent[r.executive.email].subject  # the ministry's executive reads Thai (the default)
    for message in mail.outbox:
        assert f"{SITE}/reviews/2570/ddc/results/" in message.body


def test_a_refused_finalisation_tells_nobody(ready_to_finalise, django_capture_on_commit_callbacks):
    r = ready_to_finalise
    Response.objects.get(assessment=r.assessment, item__code="2.1").reviews.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReviewRefused):
        assessment_finalise(assessment=r.assessment, by=r.reviewer)
    assert mail.outbox == []


def test_executives_reading_follows_the_access_rules(people):
    readers = set(access.executives_reading(people.agency))
    executives = User.objects.filter(executive_scopes__isnull=False, is_active=True).distinct()
    for person in executives:
        reads = access.agencies_visible_to(person).filter(pk=people.agency.pk).exists()
        assert (person in readers) == reads, person
    assert readers == {people.executive, people.opdc_executive}


# --- Work given to someone -------------------------------------------------------------------------------------


def _give(client, people, owner, **where):
    client.force_login(people.coordinator)
    return client.post("/assessments/2570/ddc/owners/", {"owner": owner.pk if owner else "", **where})


def test_an_item_given_to_someone_tells_them_in_their_language(people, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _give(client, people, people.member, item="1.1").status_code == 302
    [message] = mail.outbox
    assert message.to == [people.member.email]
    assert message.subject.startswith("กรมควบคุมโรค: ท่านได้รับมอบหมายให้รับผิดชอบ หัวข้อย่อย 1.1 ")
    assert "coordinator Test มอบหมายให้ท่านรับผิดชอบ" in message.body
    assert f"{SITE}/assessments/2570/ddc/items/1.1/" in message.body
    assert "31 มีนาคม 2570 เวลา 16:30 น." in message.body  # the deadline, Buddhist era

    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        _give(client, people, people.member, item="1.1")  # the same owner again
        _give(client, people, people.coordinator, item="1.2")  # oneself
        _give(client, people, None, item="1.1")  # nobody
    assert mail.outbox == []


def test_a_category_given_to_someone_tells_them_with_a_link_to_the_workspace(
    people, client, django_capture_on_commit_callbacks
):
    people.member.language = "en"
    people.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        _give(client, people, people.member, category="2")
        _give(client, people, people.member, category="2")  # already theirs
    [message] = mail.outbox
    title = Category.objects.get(edition=people.cycle.edition, number=2).title_en
    assert message.subject == f"Department of Disease Control: you are now responsible for category 2 {title}"
    assert "coordinator Test made you responsible for this part" in message.body
    assert "31 March 2027" in message.body
    assert f"{SITE}/assessments/2570/ddc/\n" in message.body


def test_profile_sections_and_results_items_link_to_their_pages(people, client, django_capture_on_commit_callbacks):
    section = ProfileAnswer.objects.filter(assessment=people.assessment).select_related("section").first()
    client.force_login(people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/2570/ddc/profile/{section.section.code}/owner/", {"owner": people.member.pk})
        client.post("/assessments/2570/ddc/results/7.1/owner/", {"owner": people.member.pk})
    assert ResultsResponse.objects.get(assessment=people.assessment, item__code="7.1").owner == people.member
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 2
    assert f"{SITE}/assessments/2570/ddc/profile/{section.section.code}/" in bodies[0]
    assert "ลักษณะสำคัญขององค์การ" in bodies[0]
    assert f"{SITE}/assessments/2570/ddc/results/7.1/" in bodies[1] and "หัวข้อผลลัพธ์ 7.1" in bodies[1]


def test_a_refused_change_of_owner_tells_nobody(people, client, django_capture_on_commit_callbacks):
    Assessment.objects.filter(pk=people.assessment.pk).update(status=Assessment.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        _give(client, people, people.member, item="1.1")
    assert mail.outbox == []


# --- Deadline reminders ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, kind",
    [
        (datetime.timedelta(days=8), None),
        (datetime.timedelta(days=7, seconds=1), None),
        (datetime.timedelta(days=7), 7),
        (datetime.timedelta(days=1, seconds=1), 7),
        (datetime.timedelta(days=1), 1),
        (datetime.timedelta(seconds=1), 1),
        (datetime.timedelta(0), None),
        (-datetime.timedelta(days=1), None),
    ],
)
def test_the_reminder_windows_are_exact(before, kind):
    assert reminders.kind_due(DEADLINE, DEADLINE - before) == kind


def test_reminders_go_to_the_coordinators_of_unsubmitted_work_in_their_language(people):
    Response.objects.filter(assessment=people.assessment, item__code__in=["1.1", "1.2"]).update(status="ready")
    sent = reminders.send_due(DEADLINE - datetime.timedelta(days=7))
    assert sorted((d.assessment.agency.code, d.days) for d in sent) == [("chiangmai", 7), ("ddc", 7)]
    # ddc's two coordinators and chiang mai's; not ddc's member, nor the inactive coordinator, nor executives.
    by_address = _sent()
    assert sorted(by_address) == sorted([people.coordinator.email, people.thai_coordinator.email, "outsider@pmqa.test"])
    english, thai = by_address[people.coordinator.email], by_address[people.thai_coordinator.email]
    assert english.subject == "Department of Disease Control: 7 days left to submit the PMQA 4.0 self-assessment"
    assert "The submission deadline is 31 March 2027, 16:30." in english.body
    assert "sub-items: 22 of 24" in english.body
    assert thai.subject == "กรมควบคุมโรค: เหลืออีก 7 วันถึงกำหนดส่งผลการประเมินตนเอง PMQA 4.0"
    assert "กำหนดส่งคือ 31 มีนาคม 2570 เวลา 16:30 น." in thai.body and "หัวข้อย่อย 22 จาก 24 หัวข้อ" in thai.body
    assert f"{SITE}/assessments/2570/ddc/\n" in thai.body
    assert Reminder.objects.get(assessment=people.assessment).recipients == sorted(
        [people.coordinator.email, people.thai_coordinator.email]
    )


def test_each_reminder_goes_once_however_often_it_runs(people):
    week = DEADLINE - datetime.timedelta(days=7)
    assert len(reminders.send_due(week)) == 2
    assert reminders.send_due(week) == []
    assert reminders.send_due(week + datetime.timedelta(hours=5)) == []
    assert reminders.send_due(DEADLINE - datetime.timedelta(days=1, seconds=1)) == []
    assert len(mail.outbox) == 3

    day = reminders.send_due(DEADLINE - datetime.timedelta(days=1))
    assert [d.days for d in day] == [1, 1]
    assert reminders.send_due(DEADLINE - datetime.timedelta(hours=2)) == []
    assert reminders.send_due(DEADLINE) == []  # the deadline passed: nothing more
    assert len(mail.outbox) == 6
    assert "1 day left" in _sent()[people.coordinator.email].subject
    assert Reminder.objects.count() == 4


def test_reminders_skip_submitted_work_and_say_when_it_was_returned(people):
    Assessment.objects.filter(pk=people.assessment.pk).update(status=Assessment.Status.RETURNED)
    Assessment.objects.filter(cycle=people.cycle, agency=people.other_agency).update(status="submitted")
    reminders.send_due(DEADLINE - datetime.timedelta(days=3))
    assert sorted(_sent()) == sorted([people.coordinator.email, people.thai_coordinator.email])
    assert "The reviewers returned it for revision" in _sent()[people.coordinator.email].body


def test_no_reminders_for_a_cycle_that_is_not_open(people):
    people.cycle.status = "review"
    people.cycle.save()
    assert reminders.send_due(DEADLINE - datetime.timedelta(days=3)) == []
    assert mail.outbox == []


def test_an_agency_without_a_coordinator_gets_its_reminder_once_it_has_one(people):
    Membership.objects.filter(agency=people.other_agency).delete()
    reminders.send_due(DEADLINE - datetime.timedelta(days=3))
    assert "outsider@pmqa.test" not in _sent()
    Membership.objects.create(user=people.outsider, agency=people.other_agency, role=Membership.Role.COORDINATOR)
    assert [d.assessment.agency for d in reminders.send_due(DEADLINE - datetime.timedelta(days=2))] == [
        people.other_agency
    ]


def test_the_command_dry_run_lists_and_sends_nothing_then_it_sends_once(people):
    at = (DEADLINE - datetime.timedelta(days=7)).isoformat()
    out = io.StringIO()
    call_command("reminders", "--dry-run", "--at", at, stdout=out)
    assert "would send 2570 ddc: 7-day reminder to coordinator@pmqa.test, thai.coordinator@pmqa.test" in out.getvalue()
    assert "would send 2570 chiangmai: 7-day reminder to outsider@pmqa.test" in out.getvalue()
    assert mail.outbox == [] and not Reminder.objects.exists()

    call_command("reminders", "--at", at, stdout=(out := io.StringIO()))
    assert "2 reminder(s) sent." in out.getvalue() and len(mail.outbox) == 3
    call_command("reminders", "--at", at, stdout=(out := io.StringIO()))
    assert "0 reminder(s) sent." in out.getvalue() and len(mail.outbox) == 3


def test_the_command_refuses_a_malformed_moment(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("reminders", "--at", "31/03/2570")


def test_reminders_go_through_the_outbox(people, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "outbox.backend.OutboxBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due(DEADLINE - datetime.timedelta(days=7))
    assert OutgoingMail.objects.count() == 3
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


# --- The task workers run the reminders themselves -------------------------------------------------------------


@pytest.fixture
def due_soon(live_roles, settings):
    """A committed database (the sweep closes worn connections, as a worker does) with a deadline in three days."""
    settings.SITE_URL = SITE
    live_roles.cycle.deadline = timezone.now() + datetime.timedelta(days=3)
    live_roles.cycle.save(update_fields=["deadline"])
    mail.outbox = []
    return live_roles


def test_the_worker_sweep_sends_the_reminders_once_over_two_sweeps(due_soon):
    assert "notices.tasks.sweep" in worker.SWEEPS
    worker.sweep_once()
    worker.sweep_once()
    assert sorted(_sent()) == ["coordinator@pmqa.test", "outsider@pmqa.test"]
    assert len(mail.outbox) == 2
    schedule = Schedule.objects.get(name="reminders")
    assert schedule.claimed_until is None and schedule.next_run_at > schedule.last_run_at

    # An hour later the run is due again: it runs, and sends nothing twice.
    Schedule.objects.update(next_run_at=timezone.now())
    worker.sweep_once()
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_a_schedule_held_by_another_worker_is_left_to_it(due_soon):
    Schedule.objects.create(
        name="reminders", next_run_at=timezone.now(), claimed_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    worker.sweep_once()
    assert mail.outbox == [] and not Reminder.objects.exists()


@pytest.mark.postgres
def test_two_runs_at_the_same_moment_send_each_reminder_once(transactional_db, live_criteria):
    """On PostgreSQL, two runs (two workers, or cron beside a worker) that both found the reminders unsent."""
    import threading

    from django.db import connection, connections

    from tests.conftest import _make_roles

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL behaviour: run with DATABASE_URL=postgres://… (CI does)")
    _make_roles(live_criteria)
    mail.outbox = []
    week = DEADLINE - datetime.timedelta(days=7)
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            found = reminders.due(week)
            barrier.wait()
            outcomes.extend(reminders.send(reminder, week) for reminder in found)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, True, True]
    assert Reminder.objects.count() == 2 and len(mail.outbox) == 2  # ddc's coordinator, chiang mai's
