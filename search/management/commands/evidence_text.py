"""Read the text of evidence files already stored (uploads since search existed are read by the task worker).

python manage.py evidence_text            # the files never read (same as --missing)
python manage.py evidence_text --all      # every file again (after raising the limits, say)
"""

from django.core.management.base import BaseCommand

from assessments.models import EvidenceFile
from search import tasks
from search.models import EvidenceText


class Command(BaseCommand):
    help = "Read the text of stored evidence files for search: those never read (--missing, the default) or --all."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="read every file again")
        which.add_argument("--missing", action="store_true", help="read the files never read (the default)")

    def handle(self, *args, all=False, missing=False, **options):
        files = EvidenceFile.objects.order_by("pk")
        if not all:
            files = files.exclude(text__status__in=[s for s in EvidenceText.Status.values if s != "pending"])
        counts: dict[str, int] = {}
        for file in files.iterator():
            row = tasks.text_request(file)
            if all or row.status == EvidenceText.Status.PENDING:
                row = tasks.text_read(row)
            counts[row.status] = counts.get(row.status, 0) + 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{file.pk} {row.status} {row.pages} pages {row.characters} characters")
        summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "nothing to read"
        self.stdout.write(f"Evidence text: {summary}.")
