"""The deadline reminders as the task workers' own periodic work: each worker's sweep (pmqa/worker.py) asks
`sweep` whether the reminders are due (at most once every REMINDERS_EVERY); the task claims the schedule row for
a lease (pmqa/work.py), so of several workers only one runs them at a time, sends what is due, and sets the next
run. The Reminder rows make sending idempotent in any case; the lease keeps workers from doing the work twice."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from notices import reminders
from notices.models import Schedule
from pmqa import work

logger = logging.getLogger(__name__)
REMINDERS = "reminders"
REMINDERS_EVERY = datetime.timedelta(hours=1)


def _schedule() -> Schedule:
    return Schedule.objects.get_or_create(name=REMINDERS, defaults={"next_run_at": timezone.now()})[0]


@task()
def reminders_run(schedule_id: int) -> str:
    """Send the deadline reminders that are due, if this worker holds the schedule; "sent N" or "skipped"."""
    now = timezone.now()
    if not work.claim(Schedule.objects.filter(next_run_at__lte=now), schedule_id):
        return "skipped"
    try:
        sent = reminders.send_due(now)
    except Exception:  # those sent so far stay sent (each with its own transaction); the rest go next time
        logger.exception("The deadline reminders failed; they are tried again in %s.", REMINDERS_EVERY)
        work.release(Schedule, schedule_id, next_run_at=now + REMINDERS_EVERY)
        return "failed"
    work.release(Schedule, schedule_id, last_run_at=now, next_run_at=now + REMINDERS_EVERY)
    if sent:
        logger.info("Sent %s deadline reminder(s).", len(sent))
    return f"sent {len(sent)}"


def sweep() -> int:
    """Nudge the reminders' run when it is due and no worker holds it."""
    schedule = _schedule()
    due = work.due(Schedule.objects.filter(pk=schedule.pk, next_run_at__lte=timezone.now()))
    return work.kick(reminders_run, Schedule, list(due.values_list("pk", flat=True)))
