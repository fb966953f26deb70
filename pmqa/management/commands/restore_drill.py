"""The restore drill: back up, restore into a throw-away database and folder, and prove the copy serves the same
rows, files, figures and pages (pmqa/backup.py). Leaves nothing behind; exits non-zero when anything differs."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pmqa import backup


class Command(BaseCommand):
    help = "Back up, restore into a throw-away copy, and check the copy serves the same rows, files, figures, pages."

    def add_arguments(self, parser):
        parser.add_argument("--fingerprint", action="store_true", help="internal: print this copy's fingerprint")

    def handle(self, *args, fingerprint, **options):
        if fingerprint:
            self.stdout.write(json.dumps(backup.fingerprint(), sort_keys=True))
            return
        with tempfile.TemporaryDirectory(prefix="pmqa-drill-") as work:
            work = Path(work)
            original = backup.fingerprint()
            backup.backup(work / "backup")
            url, drop = self._scratch_database(work)
            try:
                env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(work / "restored-files")}
                self._manage(["restore", str(work / "backup")], env)
                restored = json.loads(self._manage(["restore_drill", "--fingerprint"], env).strip().splitlines()[-1])
            finally:
                drop()
        different = [part for part in ("rows", "files", "figures", "pages") if original[part] != restored[part]]
        if different:
            pages = sorted(u for u in original["pages"] if original["pages"][u] != restored["pages"].get(u))
            where = f" (pages: {', '.join(pages[:5])})" if pages else ""
            raise CommandError(f"The restored copy differs in: {', '.join(different)}{where}.")
        self.stdout.write(
            f"Restore drill passed: {sum(original['rows'].values())} rows, {len(original['files'])} files, "
            f"{len(original['figures'])} sets of figures and {len(original['pages'])} pages are the same."
        )

    def _manage(self, arguments, env) -> str:
        done = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise CommandError(f"manage.py {arguments[0]} on the copy failed: {done.stderr.strip()[-2000:]}")
        return done.stdout

    def _scratch_database(self, work: Path):
        """A URL for an empty database of the same engine, and how to get rid of it."""
        if connection.vendor == "sqlite":
            return f"sqlite:///{work / 'restored.sqlite3'}", lambda: None
        if connection.vendor != "postgresql":
            raise CommandError(f"The drill supports SQLite and PostgreSQL, not {connection.vendor}.")
        name = f"pmqa_drill_{os.getpid()}"
        db = connection.settings_dict
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        user = quote(db.get("USER") or "")
        password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        return f"postgres://{user}{password}@{host}/{name}", drop
