import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notices import reminders


class Command(BaseCommand):
    help = (
        "Send the deadline reminders that are due (7 days and 1 day before an open cycle's deadline, to the "
        "coordinators of agencies that have not submitted). Each goes once, however often this runs: run it "
        "hourly from cron, or let the task workers run it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send nothing")
        parser.add_argument("--at", help="act as if it were this moment (ISO 8601, e.g. 2027-03-24T17:00+07:00)")

    def handle(self, *args, dry_run, at, **options):
        now = self._moment(at)
        if dry_run:
            found = reminders.due(now)
            for reminder in found:
                self.stdout.write(f"would send {reminders.describe(reminder)}")
            self.stdout.write(f"{len(found)} reminder(s) due; nothing sent (dry run).")
            return
        sent = reminders.send_due(now)  # each reminder in its own transaction with its e-mails
        for reminder in sent:
            self.stdout.write(f"sent {reminders.describe(reminder)}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")

    def _moment(self, at: str | None) -> datetime.datetime:
        if not at:
            return timezone.now()
        try:
            moment = datetime.datetime.fromisoformat(at)
        except ValueError:
            raise CommandError(f"--at must be a date and time in ISO 8601, not {at!r}.") from None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
