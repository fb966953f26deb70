"""The search benchmark runs end to end (bench/search_scale.py) at a tiny size on SQLite: the build, the index with
its planted phrases, every query as each person, through query.search and the rendered view. Never about time: it
checks that the table is printed and that every planted file was found (the bench exits 1 otherwise)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.search_scale import QUERIES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the bench makes its own database (SQLite here): once per CI run is enough, in the SQLite pass",
)
def test_search_scale_smoke():
    env = {key: value for key, value in os.environ.items() if key != "BENCH_DATABASE_URL"}  # SQLite
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.search_scale", "--agencies=4", "--files=50", "--repeat=1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)  # as Ctrl-C: it removes its directory
        output, _ = process.communicate(timeout=60)
        raise AssertionError(f"the search bench did not finish in 240 s:\n{output[-4000:]}") from None
    assert process.returncode == 0, output[-4000:]
    assert "Query times in ms" in output
    assert "composed = segmented whole" in output
    for name, _text in QUERIES:
        for who in ("executive, all agencies", "its assessment", "reviewer, assignments"):
            assert any(line.startswith(name) and who in line for line in output.splitlines()), (name, who)
    assert "Recall of the planted phrases: every planted file found" in output
    assert "RECALL FAILED" not in output
