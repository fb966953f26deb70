from django.core.management.base import BaseCommand, CommandError

from pmqa import backup


class Command(BaseCommand):
    help = (
        "Restore a backup (manage.py backup) into this service's database, which should be empty, and its storage. "
        "Run it with the DATABASE_URL and MEDIA_ROOT (or object storage settings) of the copy to restore into."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup's folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and {len(manifest['files'])} files from {folder}")
