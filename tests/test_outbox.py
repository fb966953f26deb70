"""E-mail through the outbox: written with the change that caused it, sent by a task after the commit, retried
until delivered, never sent for a change that was rolled back."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingMail
from outbox.tasks import delay, mail_send, sweep
from tests.mail_backends import FlakyBackend


@pytest.fixture
def outbox(settings, db):
    settings.EMAIL_BACKEND = "outbox.backend.OutboxBackend"
    settings.MAIL_DELIVERY_BACKEND = "tests.mail_backends.FlakyBackend"
    FlakyBackend.failures = 0
    mail.outbox = []
    return settings


def _send(subject="ส่งคืนแบบประเมิน"):
    send_mail(subject, "โปรดแก้ไขหัวข้อ 1.1", None, ["coordinator@pmqa.test"])


def test_a_message_waits_for_the_commit_then_is_sent(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _send()
            row = OutgoingMail.objects.get()
            assert row.status == "pending" and row.to == ["coordinator@pmqa.test"]
            assert mail.outbox == []  # nothing leaves before the change is committed
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["ส่งคืนแบบประเมิน"]
    assert mail.outbox[0].to == ["coordinator@pmqa.test"] and mail.outbox[0].body == "โปรดแก้ไขหัวข้อ 1.1"


def test_a_rolled_back_change_sends_nothing(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            _send()
            raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists() and mail.outbox == []


def test_a_failed_delivery_is_retried_later_until_it_goes(outbox, django_capture_on_commit_callbacks, caplog):
    FlakyBackend.failures = 2
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING, "outbox.tasks"):
        _send()
    row = OutgoingMail.objects.get()
    assert row.status == "pending" and row.attempts == 1 and "mail server is down" in row.last_error
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)  # a minute later
    assert "attempt 1" in caplog.text
    assert sweep() == 0 and mail_send.call(row.pk) == "skipped"  # not due yet: nothing is tried

    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert sweep() == 1  # due: retried (and fails once more)
    row.refresh_from_db()
    assert row.attempts == 2 and row.status == "pending"
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=110)  # then two minutes

    OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert sweep() == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 3 and row.last_error == ""
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_it_is_marked_undelivered_and_logged(outbox, django_capture_on_commit_callbacks, caplog):
    outbox.MAIL_MAX_ATTEMPTS = 2
    FlakyBackend.failures = 5
    with django_capture_on_commit_callbacks(execute=True):
        _send()
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    with caplog.at_level(logging.ERROR, "outbox.tasks"):
        sweep()
    row = OutgoingMail.objects.get()
    assert row.status == "failed" and row.attempts == 2
    assert "coordinator@pmqa.test" in caplog.text
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    assert sweep() == 0  # given up: no more attempts


def test_a_message_held_by_a_worker_is_not_sent_twice_until_its_lease_ends(outbox):
    _send()  # without the commit callbacks: as if the task were enqueued and a worker had claimed it
    row = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=row.pk).update(claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    assert mail_send.call(row.pk) == "skipped" and sweep() == 0
    # The worker was killed: its lease runs out, the sweep starts it again.
    OutgoingMail.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert sweep() == 1
    assert OutgoingMail.objects.get().status == "sent" and len(mail.outbox) == 1


def test_the_delay_doubles_up_to_six_hours():
    assert [delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delay(20) == datetime.timedelta(hours=6)


def test_the_workflow_mails_go_through_the_outbox(outbox, django_capture_on_commit_callbacks, roles):
    from assessments.submission import assessment_submit
    from tests.test_submission import _claim_everything

    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    row = OutgoingMail.objects.get()
    assert row.to == [roles.reviewer.email] and row.status == "sent"
    assert [m.to for m in mail.outbox] == [[roles.reviewer.email]]
