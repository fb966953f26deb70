"""Backup and restore: the drill restores a backup into a throw-away copy, which must serve the same rows, files,
figures and pages; a damaged backup is refused before anything is written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from assessments.evidence import evidence_file_add
from pmqa import backup
from tests.reports_data import finalise
from tests.sar_data import profile_write

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def data(transactional_db, live_roles, settings, tmp_path):
    """Committed (pg_dump reads another connection): a finalised result, a profile, an evidence file in storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    roles = live_roles
    response = roles.assessment.responses.get(item__code="1.1")
    evidence_file_add(
        response=response,
        upload=SimpleUploadedFile("แผน.pdf", PDF, content_type="application/pdf"),
        title="แผนปฏิบัติราชการ",
        by=roles.member,
    )
    profile_write(roles.assessment)
    finalise(roles.assessment, roles.reviewer)
    return roles


def test_the_restore_drill_proves_a_copy_serves_the_same_pages_files_and_figures(data, capsys):
    call_command("restore_drill")
    out = capsys.readouterr().out
    assert "Restore drill passed" in out and "1 files" in out


def test_a_backup_lists_what_it_holds(data, tmp_path):
    manifest = backup.backup(tmp_path / "backup")
    assert manifest["rows"]["assessments.ProfileAnswer"] == 22 and len(manifest["files"]) == 1
    name, digest = next(iter(manifest["files"].items()))
    assert name.endswith(digest)  # evidence files are named by their SHA-256
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["format"] == "pmqa-backup/1"
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.backup(tmp_path / "backup")


def test_a_damaged_backup_is_refused_before_anything_is_written(data, tmp_path):
    manifest = backup.backup(tmp_path / "backup")
    name = next(iter(manifest["files"]))
    (tmp_path / "backup" / "files" / name).write_bytes(b"changed")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "backup"))
