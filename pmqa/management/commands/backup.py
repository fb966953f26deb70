from django.core.management.base import BaseCommand, CommandError

from pmqa import backup


class Command(BaseCommand):
    help = "Back up the database and every stored evidence file together into a new folder (see pmqa/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder for the backup")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup.backup(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backed up {rows} rows ({manifest['engine']}) and {len(manifest['files'])} files to {folder}"
        )
