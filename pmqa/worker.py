"""What a task worker runs beside the backend's own loop: the sweep that nudges work that is due and unclaimed
(pmqa/work.py) — at start, so work cut short by the last stop resumes at once, then every TASKS_SWEEP_SECONDS.
The notices' sweep also starts the deadline reminders once an hour (notices/tasks.py)."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
SWEEPS = ("outbox.tasks.sweep", "reports.tasks.sweep", "notices.tasks.sweep", "search.tasks.sweep")


def sweep_once() -> int:
    """Run every app's sweep; how many tasks they enqueued. One failing sweep does not stop the others."""
    nudged = 0
    for path in SWEEPS:
        try:
            nudged += import_string(path)()
        except Exception:
            logger.exception("The sweep %s failed; it runs again at the next interval.", path)
        finally:
            close_old_connections()
    if nudged:
        logger.info("The sweep enqueued %s task(s).", nudged)
    return nudged


class Sweeper(threading.Thread):
    """A daemon thread sweeping every `interval` seconds until `stop` is set (or the process ends)."""

    def __init__(self, interval: float | None = None):
        super().__init__(name="pmqa-sweeper", daemon=True)
        self.interval = settings.TASKS_SWEEP_SECONDS if interval is None else interval
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            sweep_once()
            self.stop.wait(self.interval)
