"""Sending the outbox: one task per e-mail, retried with a growing delay until delivered or MAIL_MAX_ATTEMPTS."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from outbox.models import OutgoingMail
from pmqa import work

logger = logging.getLogger(__name__)
PENDING = OutgoingMail.Status.PENDING
MAX_DELAY = datetime.timedelta(hours=6)


def delay(attempts: int) -> datetime.timedelta:
    """How long to wait after a failed attempt: 1 minute, doubling each time, at most 6 hours."""
    return min(datetime.timedelta(minutes=2 ** max(0, attempts - 1)), MAX_DELAY)


@task()
def mail_send(mail_id: int) -> str:
    """Send one e-mail of the outbox if it is still waiting and due; "sent", "retry", "failed" or "skipped"."""
    waiting = OutgoingMail.objects.filter(status=PENDING, next_attempt_at__lte=timezone.now())
    if not work.claim(waiting, mail_id):
        return "skipped"
    OutgoingMail.objects.filter(pk=mail_id).update(attempts=F("attempts") + 1)
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=mail.headers,
        alternatives=[tuple(part) for part in mail.alternatives],
        connection=get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False),
    )
    try:
        message.send()
    except Exception as error:
        given_up = mail.attempts >= settings.MAIL_MAX_ATTEMPTS
        status = OutgoingMail.Status.FAILED if given_up else PENDING
        log = logger.error if given_up else logger.warning
        log("E-mail %s to %s, attempt %s: %s", mail.pk, ", ".join(mail.to), mail.attempts, error)
        work.release(
            OutgoingMail,
            mail_id,
            status=status,
            next_attempt_at=timezone.now() + delay(mail.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return "failed" if given_up else "retry"
    work.release(OutgoingMail, mail_id, status=OutgoingMail.Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def sweep() -> int:
    """Nudge every e-mail that is due and that no worker holds or was recently asked to send."""
    due = work.due(OutgoingMail.objects.filter(status=PENDING, next_attempt_at__lte=timezone.now()))
    return work.kick(mail_send, OutgoingMail, list(due.values_list("pk", flat=True)[:1000]))
