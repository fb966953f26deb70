"""Background work that is never lost: the work is a row of our own (an e-mail in the outbox, a stored report to
render, a portfolio to build) and a task is only the nudge to do it. The row says whether the work is done; the
task claims it for a lease before working, so two nudges never do it twice at once; a sweep (pmqa/worker.py) nudges
again whatever is due and unclaimed — after a worker was killed mid-task, Redis lost its queue, or an enqueue
failed. Models using this have `kicked_at` and `claimed_until` (DateTimeField, null=True).
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASKS_LEASE_SECONDS)


def claim(queryset, pk) -> bool:
    """Claim the row `pk` of `queryset` (already narrowed to work still to do) for one lease: True when this
    caller got it, False when it is done or someone else holds it. One conditional UPDATE."""
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return bool(queryset.filter(free, pk=pk).update(claimed_until=now + lease()))


def release(model, pk, **changes) -> None:
    """End the claim on the row, recording `changes` (its new status, say); a later sweep may nudge it again."""
    model.objects.filter(pk=pk).update(claimed_until=None, kicked_at=None, **changes)


def kick(task, model, pks) -> int:
    """Enqueue `task` for each row, noting when. An enqueue that fails (the queue unreachable) is logged and
    left to the next sweep: the change that asked for the work is already committed and stays so."""
    done = 0
    for pk in pks:
        model.objects.filter(pk=pk).update(kicked_at=timezone.now())
        try:
            task.enqueue(pk)
            done += 1
        except Exception:
            logger.exception("Could not enqueue %s for %s %s; the next sweep will.", task.name, model.__name__, pk)
    return done


def due(queryset):
    """Of `queryset` (work still to do), the rows no one holds and no recent nudge is on its way to."""
    now = timezone.now()
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    not_kicked = Q(kicked_at__isnull=True) | Q(kicked_at__lt=now - lease())
    return queryset.filter(unclaimed, not_kicked)
