from django.core.management.base import BaseCommand, CommandError

from assessments import scores
from assessments.models import Assessment

CHUNK = 500


class Command(BaseCommand):
    help = (
        "Stored scores (assessments/scores.py): store those missing (the default), recompute and store them all "
        "(--store), or check that every stored score equals the score computed now (--verify, exit 1 otherwise)."
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--store", action="store_true", help="recompute and store the scores of every assessment")
        what.add_argument("--verify", action="store_true", help="compare stored scores with recomputed ones")
        parser.add_argument("--year", type=int, help="only the cycle of this fiscal year (พ.ศ.)")

    def handle(self, *args, store, verify, year, verbosity, **options):
        assessments = Assessment.objects.select_related("cycle").order_by("pk")
        if year:
            assessments = assessments.filter(cycle__fiscal_year=year)
        ids = list(assessments.values_list("pk", flat=True))
        problems, written = [], 0
        for start in range(0, len(ids), CHUNK):
            chunk = list(assessments.filter(pk__in=ids[start : start + CHUNK]))
            if verify:
                problems += scores.verify(chunk)
            elif store:
                written += scores.store(chunk)
            else:
                written += scores.store_missing(chunk)
        if verify:
            for line in problems:
                self.stderr.write(line)
            if problems:
                raise CommandError(f"{len(problems)} of {len(ids)} assessments have stored scores that differ.")
            if verbosity:
                self.stdout.write(f"Stored scores of {len(ids)} assessments equal the scores computed now.")
        elif verbosity:
            self.stdout.write(f"{written} scores stored for {len(ids)} assessments.")
