from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from pmqa.worker import Sweeper, sweep_once


class Command(BaseCommand):
    help = (
        "Run a task worker for the configured backend (TASKS_BACKEND: db or rq), with the sweep that restarts "
        "work a stopped worker left unfinished. Run as many as you like, on as many machines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="work until nothing is left, then stop (the sweep runs once first)"
        )
        parser.add_argument("--sweep-only", action="store_true", help="sweep once and stop")

    def handle(self, *args, burst, sweep_only, verbosity, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.endswith("ImmediateBackend"):
            raise CommandError("TASKS_BACKEND=immediate runs every task where it is enqueued: there is no worker.")
        if sweep_only or burst:
            nudged = sweep_once()
            if verbosity:
                self.stdout.write(f"Swept: {nudged} task(s) enqueued.")
            if sweep_only:
                return
        else:
            Sweeper().start()
        if backend == "django_tasks_db.DatabaseBackend":
            call_command(
                "db_worker", queue_name="default", batch=burst, reload=False, startup_delay=False, verbosity=verbosity
            )
        else:
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.backend.Job",
                burst=burst,
                with_scheduler=not burst,
                verbosity=verbosity,
            )
