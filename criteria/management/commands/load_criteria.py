from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from criteria import loading

DEFAULT_FILES = ["government-4.0.json", "pmqa-4.0.json", "pmqa-4.0.government-4.0.json"]


class Command(BaseCommand):
    help = "Load criteria editions, Government 4.0 and item mappings from fixtures/. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="criteria files (default: the PMQA 4.0 files in fixtures/)")
        parser.add_argument("--draft", action="store_true", help="leave a newly loaded edition as a draft")

    def handle(self, *args, files, draft, **options):
        paths = [Path(f) for f in files] or [settings.BASE_DIR / "fixtures" / name for name in DEFAULT_FILES]
        try:
            documents = [(path, loading.read_criteria_file(path)) for path in paths]
            # Government 4.0 first (mappings refer to it), then editions, then mappings.
            documents.sort(key=lambda pair: loading.FORMATS.index(pair[1]["format"]))
            for path, data in documents:
                self.stdout.write(f"{path.name}: {self._load(data, publish=not draft)}")
            # An edition may have gained a profile and results (criteria.loading): its assessments get their rows.
            from assessments.cycles import assessment_parts_complete
            from assessments.models import Assessment

            added = assessment_parts_complete(Assessment.objects.all())
            if added:
                self.stdout.write(f"{added} organisation profile and results rows added to existing assessments")
        except loading.CriteriaFileError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            detail = getattr(error, "differences", [])
            more = f" The file differs from it at: {', '.join(detail[:10])}." if detail else ""
            raise CommandError(" ".join(error.messages) + more) from error

    def _load(self, data, *, publish):
        if data["format"] == loading.GOV40_FORMAT:
            return f"{loading.load_government_40(data)} Government 4.0 entries added"
        if data["format"] == loading.EDITION_FORMAT:
            edition, outcome = loading.load_edition(data, publish=publish)
            return f"edition {edition.code} {outcome} ({edition.get_status_display()})"
        return f"{loading.load_mapping(data)} item mappings added"
