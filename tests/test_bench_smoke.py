"""The benchmark runs end to end (bench/national.py), at a tiny size on SQLite: the build with its growth build,
every case as its person, the load run and, where PostgreSQL's server binaries are installed, the restart of a
throw-away cluster under load. Select it with `-k bench`; it takes a minute or two.

Never about time: the figures of a tiny build on a shared machine mean nothing. It checks that every case answers
as it should, that the output has the floor, the ratios and the goals, and that nothing fails under load.
"""

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench import cases as catalogue
from bench.pgcluster import bindir

ROOT = Path(__file__).resolve().parent.parent


def _restart_possible() -> bool:
    """initdb and pg_ctl installed, and a way to run them (as user postgres when this runs as root)."""
    if bindir() is None:
        return False
    if os.geteuid() != 0:
        return True
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


def _run_bench(arguments: list[str], timeout: float) -> tuple[int, str]:
    """The bench as `make bench` runs it; on a timeout it is stopped with SIGTERM, so that it removes its
    databases, servers and cluster, as on Ctrl-C."""
    env = {key: value for key, value in os.environ.items() if key != "BENCH_DATABASE_URL"}  # SQLite
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.national", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
        raise AssertionError(f"the bench did not finish in {timeout:.0f} s:\n{output[-4000:]}") from None
    return process.returncode, output


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the bench makes its own databases (SQLite here): once per CI run is enough, in the SQLite pass",
)
def test_bench_national_smoke(tmp_path):
    restart = _restart_possible()
    figures = tmp_path / "bench.json"
    arguments = ["--agencies=6", "--repeat=1", "--load-seconds=2", "--jobs=2", f"--json={figures}"]
    arguments += ["--restart", "--restart-agencies=6"] if restart else ["--no-restart"]
    code, output = _run_bench(arguments, timeout=240)
    assert code == 0, output[-4000:]
    found = json.loads(figures.read_text())

    # The floor, measured at the start and at the end, and every case as a multiple of it.
    assert "Floor: /bench/floor/?agency=" in output
    assert "× floor" in output and "Goals met:" in output
    main = found["main"]
    assert [floor["status"] for floor in main["floor"]] == [200, 200]
    assert main["floor_median"] > 0
    facts = found["facts"]
    expected = catalogue.cases(facts["year"], facts["code"])
    assert [entry["case"]["name"] for entry in main["cases"]] == [case.name for case in expected]
    for entry, case in zip(main["cases"], expected, strict=True):
        assert entry["status"] == 200, f"{case.name}: {entry['url']} answered {entry['status_text']}"
        assert entry["user"] == case.user
        assert entry["median"] is not None and entry["queries"] > 0
        # the floor timed in turn with the case's runs, in its process: its ratio is to that
        assert len(entry["floor_times"]) == len(entry["times"]) and entry["floor_median"] > 0
        assert f"\n{case.name} " in output  # its row in the table
    for mark, goal in [(g["met"], g["goal"]) for g in found["goals"]]:
        assert mark in ("✓", "✗", "?"), goal

    # The people are the ones who may see the pages: the agency's coordinator, its lead reviewer.
    assert facts["users"]["coordinator"] == f"coordinator.{facts['code']}@bench.test"
    assert facts["users"]["reviewer"].startswith("reviewer")

    # Growth: the workspace and the agency dashboard again, on a build with 5 cycles.
    assert found["growth"]["facts"]["cycles"] == 5
    assert [entry["case"]["name"] for entry in found["growth"]["cases"]] == ["workspace", "agency dashboard"]
    assert all(entry["status"] == 200 for entry in found["growth"]["cases"])
    assert "Growth in cycles" in output

    # The load run: both runs answered, nothing failed.
    results = found["load"]["results"]
    for name in ("floor", "mixed pages"):
        assert results[name]["ok"] > 0, results[name]
        assert results[name]["non_200"] == 0 and results[name]["connection_errors"] == 0, results[name]
    assert "Mixed / floor throughput:" in output

    # The restart: the service answered again once the cluster was back, with no error.
    if restart:
        after = found["restart"]["phases"]["after"]
        assert after["ok"] > 0 and after["non_200"] == 0 and after["connection_errors"] == 0, found["restart"]
        assert "Errors after the server was back: 0" in output
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("pmqa-bench-cluster-*")) or not restart


def test_a_case_is_held_to_the_floor_timed_with_it():
    """The floor timed in turn with a case's runs is what its ratio is to; the run's floor only without one."""
    from bench.cases import FLOOR_GOAL, Case
    from bench.measure import Measured
    from bench.report import figure, floor_of, verdict

    case = Case("workspace", "/w/", "coordinator", FLOOR_GOAL)
    drifted = Measured("workspace", "/w/", status=200, times=[0.009, 0.010, 0.011], floor_times=[0.004, 0.004, 0.005])
    assert floor_of(drifted, 0.002) == 0.004
    assert verdict(case, drifted, floor_of(drifted, 0.002))[0] == "✓"  # 2.5× its own floor, 5× the run's
    assert "2.5× floor" in figure(case, drifted, floor_of(drifted, 0.002))
    alone = Measured("workspace", "/w/", status=200, times=[0.010])
    assert floor_of(alone, 0.002) == 0.002 and verdict(case, alone, 0.002)[0] == "✗"
