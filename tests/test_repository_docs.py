"""The project's own files state everything it relies on: no pointer to documents outside the repository."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"/work/shared|\.\./shared/|shared/DOMAIN\.md|shared/seeds")


def test_no_file_points_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix not in (".py", ".md", ".html", ".txt", ".json", ".toml", ".css") or name == Path(__file__).name:
            continue
        if name.endswith("test_repository_docs.py"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if OUTSIDE.search(text):
            offenders.append(name)
    assert not offenders, offenders


def test_the_scoring_rules_are_stated_in_the_repository():
    rules = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert "interpretation" in rules and "cumulative gates" in rules and "Category 7" in rules
    for module in ("assessments/scoring.py", "assessments/results_scoring.py"):
        assert "docs/scoring.md" in (ROOT / module).read_text(encoding="utf-8"), module
