"""The EMAIL_BACKEND of the service: every message is written to the outbox (models.OutgoingMail) in the current
transaction and handed to a task once that transaction commits (outbox/tasks.py), which sends it through
MAIL_DELIVERY_BACKEND and retries it until it is delivered. A rolled-back change sends nothing; a stopped worker
loses nothing (the next sweep starts what is due)."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingMail


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        rows = [_row(message) for message in email_messages if message.recipients()]
        if not rows:
            return 0
        created = OutgoingMail.objects.bulk_create(rows)
        ids = [row.pk for row in created]
        transaction.on_commit(lambda: _kick(ids))
        return len(rows)


def _row(message) -> OutgoingMail:
    if getattr(message, "attachments", None):
        raise ValueError("The outbox keeps text and HTML e-mails; attachments are not sent by e-mail here.")
    return OutgoingMail(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        alternatives=[[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        next_attempt_at=timezone.now(),
    )


def _kick(ids: list[int]) -> None:
    from outbox.tasks import mail_send
    from pmqa import work

    work.kick(mail_send, OutgoingMail, ids)
