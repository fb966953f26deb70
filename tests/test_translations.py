"""Every text of the interface has its Thai translation."""

import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"


def _statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_catalogue_is_complete():
    stats = _statistics(CATALOGUE)
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_no_string_in_the_code_is_missing_from_the_catalogue(settings, tmp_path, monkeypatch):
    # makemessages writes to the locale folder above each source file, so it runs on a copy of the sources.
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".*", "var", "tests", "static", "fixtures", "__pycache__", "*.mo", "bench"),
    )
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["th"], no_obsolete=True, verbosity=0)
    stats = _statistics(source / "locale" / "th" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in stats and "fuzzy" not in stats, f"Run `make messages` and translate: {stats}"
