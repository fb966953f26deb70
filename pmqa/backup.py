"""Backups of the database and the files together, their restore, and the drill that proves a restore works.

A backup is a folder:
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite's online backup);
- `files/<storage name>`: every stored evidence file, read through Django's storage API (local or object storage);
- `manifest.json`: when, from which database engine, the row count of every table of the project, and the
  SHA-256 of every file (evidence files are named by their SHA-256: a copy that does not match is refused).

`restore` puts a backup into an empty database and storage; `fingerprint` is what must be the same before and
after: row counts, files, every assessment's figures as reports show them, and the pages of every finalised result
and every file served for download. The drill (manage.py restore_drill, make restore-drill) backs up, restores into
a throw-away database and folder, and compares the fingerprints computed by a separate process on the copy.
"""

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

PROJECT_APPS = ("accounts", "agencies", "assessments", "criteria", "reviews")
FORMAT = "pmqa-backup/1"


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the person running it."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in PROJECT_APPS
    }


def _stored_names() -> list[str]:
    from assessments.models import EvidenceFile

    return sorted(name for name in EvidenceFile.objects.values_list("content", flat=True) if name)


def _pg_env(database: dict) -> tuple[list[str], dict]:
    args = ["--host", database.get("HOST") or "localhost", "--port", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {"PGPASSWORD": database.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> None:
    import os

    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def backup(destination: Path) -> dict:
    """Write a backup of the database and every stored file into `destination` (a new or empty folder)."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    if any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: a backup goes into a folder of its own.")
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_env(database)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(destination / "database.dump"),
                database["NAME"],
            ],
            env,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(destination / "database.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    files = {}
    for name in _stored_names():
        with default_storage.open(name, "rb") as source:
            data = source.read()
        path = destination / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[name] = _sha256(data)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "rows": row_counts(),
        "files": files,
    }
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def manifest_read(source: Path) -> dict:
    try:
        manifest = json.loads((Path(source) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable backup manifest ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a backup of this service ({manifest.get('format')!r}).")
    return manifest


def restore(source: Path) -> dict:
    """Restore the backup in `source` into this process's database (empty, migrated or not) and storage."""
    source = Path(source)
    manifest = manifest_read(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['engine']} database, not {connection.vendor}.")
    for name, digest in manifest["files"].items():  # check everything before writing anything
        data = (source / "files" / name).read_bytes()
        if _sha256(data) != digest:
            raise BackupError(f"The backup's copy of {name} does not match its checksum.")
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_env(database)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--clean",
                "--if-exists",
                *args,
                "--dbname",
                database["NAME"],
                str(source / "database.dump"),
            ],
            env,
        )
    else:
        connection.close()
        shutil.copyfile(source / "database.sqlite3", database["NAME"])
    for name in manifest["files"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile((source / "files" / name).read_bytes()))
        if saved != name:
            raise BackupError(f"Storage saved {name} as {saved}: restore into empty storage.")
    if row_counts() != manifest["rows"]:
        raise BackupError("The restored database does not hold the rows the backup counted.")
    return manifest


# --- What must survive a restore ------------------------------------------------------------------------

# What differs between two processes serving the same data: form tokens, and static file names (hashed or not).
_VOLATILE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|/static/[^"\')\s]*')


def fingerprint() -> dict:
    """Row counts, files, figures and pages of this process's database and storage (see the module docstring)."""
    from django.test import Client

    from accounts.models import User
    from assessments.models import Assessment, Cycle, Evidence
    from assessments.scoring import gap_display, score_display
    from reports.selectors import cycle_results

    figures = {}
    for cycle in Cycle.objects.select_related("edition"):
        for entry in cycle_results(cycle, Assessment.objects.filter(cycle=cycle)).agencies:
            for side, scores in (("self", entry.own), ("result", entry.result)):
                if scores is None:
                    continue
                key = f"{cycle.fiscal_year}/{entry.agency.code}/{side}"
                figures[key] = [str(score_display(scores.overall.score)), str(gap_display(scores.overall.gap or 0))]
                figures[key] += [str(score_display(s.score)) for s in scores.categories.values()]
    files = {}
    for name in _stored_names():
        with default_storage.open(name, "rb") as source:
            files[name] = _sha256(source.read())
    pages = {}
    reader = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if reader is not None:
        from django.conf import settings

        host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "testserver")
        client = Client(HTTP_HOST=host)
        client.force_login(reader)
        finalised = Assessment.objects.filter(status=Assessment.Status.FINALISED).select_related("cycle", "agency")
        for assessment in finalised.order_by("pk"):
            url = f"/reviews/{assessment.cycle.fiscal_year}/{assessment.agency.code}/results/"
            response = client.get(url, secure=True)
            pages[url] = [response.status_code, _sha256(_VOLATILE.sub("", response.content.decode()).encode())]
        for evidence in Evidence.objects.filter(kind=Evidence.Kind.FILE).order_by("pk"):
            url = f"/evidence/{evidence.pk}/download/"
            response = client.get(url, secure=True)
            pages[url] = [response.status_code, _sha256(b"".join(response.streaming_content))]
    return {"rows": row_counts(), "files": files, "figures": figures, "pages": pages}
