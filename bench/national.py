"""How long the pages and reports take on a realistic national cycle, each as a multiple of a floor view measured
in the same run, and how the service holds up under load and across a database restart.

    python -m bench.national [--agencies 400] [--repeat 3] [--cycles 2] [--growth 5] [--load-seconds 15]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.national
    python -m bench.national --agencies 40 --repeat 1 --load-seconds 5      # a quick run
    python -m bench.national --agencies 40 --repeat 1 --no-load --growth 0   # the cases only

Never touches the developer's database: it runs on fresh SQLite files in a temporary directory, or, when
BENCH_DATABASE_URL names a PostgreSQL server, on throw-away databases pmqa_bench_<pid>_<label> created there (the
URL's own database is only used to create and drop them). Settings are production's (DEBUG off) through
bench/settings.py (the product's URLs and the floor view), with the bench's database, SECRET_KEY, MEDIA_ROOT and
STATIC_ROOT.

The steps, each in processes of its own (this one only prepares, collects, prints and cleans up; it never loads
Django):
1. a build process (`--build`): collectstatic, migrate, load_criteria, the national cycle (bench/build.py) with
   `--cycles` cycles, ANALYZE on PostgreSQL, session cookies for the load run;
2. each case in a fresh process (`--case`, bench/measure.py), as the person who may see it; the floor first and
   last (bench/views.py);
3. the load run (bench/load.py): gunicorn on 127.0.0.1, `--connections` connections for `--load-seconds` on the
   floor, then on the mixed pages;
4. growth: a second build with `--growth` cycles, where the floor, the agency dashboard and the workspace are
   measured again;
5. the restart (bench/pgcluster.py; on with BENCH_DATABASE_URL, or `--restart`): a cluster of its own restarted
   under load.
"""

import argparse
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import cases as catalogue
from bench import report
from bench.measure import Measured
from bench.pgcluster import PostgresScratch, mix_targets, restart_phase

ROOT = Path(__file__).resolve().parent.parent  # the project: `-m bench.national` and pmqa.settings import from here
# Settings a caller's environment (a test run's, say) may hold that would make the bench's processes unlike
# production's: they take production's defaults instead.
INHERITED_NOT = {"TASKS_BACKEND", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "BEHIND_TLS_PROXY", "S3_BUCKET"}
SECRET_KEY = "bench-only-secret-key-never-used-anywhere-else-0123456789"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=400, help="how many agencies (default 400)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs per case (default 3; the floor and the cases held to a multiple of it: ≥ 10)",
    )
    parser.add_argument("--seed", type=int, default=2570, help="random seed, so runs are comparable (default 2570)")
    parser.add_argument("--cycles", type=int, default=2, help="cycles in the build (default 2: 2569 and 2570)")
    parser.add_argument(
        "--growth", type=int, default=5, help="cycles of the second build, for growth in cycles (default 5; 0: none)"
    )
    parser.add_argument("--load-seconds", type=float, default=15, help="each load run's length (default 15)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections of the load runs")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (default 5: 2 × 2 cores + 1)")
    parser.add_argument("--no-load", action="store_true", help="no load run (and no restart unless --restart)")
    parser.add_argument(
        "--restart",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="restart a throw-away PostgreSQL cluster under load (default: on with BENCH_DATABASE_URL)",
    )
    parser.add_argument("--restart-agencies", type=int, default=40, help="agencies of the restart's build")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="cases measured at once (default 1; more only to check it runs: the times then disturb each other)",
    )
    # Internal: the build process and the measuring process.
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-stored-reports", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--memory-url", help=argparse.SUPPRESS)
    parser.add_argument("--accept", default="200", help=argparse.SUPPRESS)
    parser.add_argument("--floor-url", help=argparse.SUPPRESS)
    parser.add_argument("--floor-user", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if (
        min(args.agencies, args.repeat, args.cycles, args.connections, args.workers, args.restart_agencies, args.jobs)
        < 1
    ):
        parser.error("--agencies, --repeat, --cycles, --connections, --workers, --restart-agencies, --jobs: at least 1")
    if args.build:
        return _build_main(args.agencies, args.seed, args.cycles, stored_reports=not args.no_stored_reports)
    if args.case:
        _django_setup()
        from bench.measure import case_main

        accept = tuple(int(status) for status in args.accept.split(","))
        floor = (args.floor_url, args.floor_user) if args.floor_url else None
        return case_main(args.case, args.user, args.runs, args.memory_url, accept, floor)
    return _bench(args)


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: the finally blocks remove what the bench made


def _bench(args) -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    server = PostgresScratch(database_url) if database_url else None
    restart = args.restart if args.restart is not None else bool(server) and not args.no_load
    root = Path(tempfile.mkdtemp(prefix="pmqa-bench-"))
    run = report.Run(args=vars(args) | {"json": str(args.json) if args.json else None}, machine=report.machine())
    run.load_average["before"] = os.getloadavg()

    def env_for(label: str, url: str | None = None) -> dict:
        """Production settings (pmqa/settings.py reads these) pointed at the step's database and files."""
        phase = root / label
        url = url or (server.create(label) if server else f"sqlite:///{phase / 'bench.sqlite3'}")
        return {
            **{name: value for name, value in os.environ.items() if name not in INHERITED_NOT},
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "SECURE_SSL_REDIRECT": "true",  # the measuring processes ask over HTTPS; gunicorn turns it off
            "MEDIA_ROOT": str(phase / "media"),
            "STATIC_ROOT": str(root / "static"),  # one collectstatic for every step
            "BENCH_WORKDIR": str(phase),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),  # not a warning per 404
            "PYTHONPATH": str(ROOT),
        }

    envs = {}
    began = time.perf_counter()

    def step(text: str) -> None:
        print(f"[{time.perf_counter() - began:4.0f} s] {text}", flush=True)

    def build(label: str, url: str | None, agencies: int, cycles: int) -> dict:
        envs[label] = env = env_for(label, url)
        (root / label).mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "bench.national", "--build", f"--agencies={agencies}"]
        command += [f"--seed={args.seed}", f"--cycles={cycles}"]
        if label != "main":
            command.append("--no-stored-reports")  # only the main build's gap report is measured
        step(f"Building {label}: {agencies} agencies, {cycles} cycle(s) …")
        if subprocess.run(command, cwd=ROOT, env={**env, "TASKS_BACKEND": "immediate"}).returncode != 0:
            raise SystemExit(f"ERROR the build ({label}) failed (see above)")
        return json.loads((root / label / "national.json").read_text())

    try:
        facts = build("main", None, args.agencies, args.cycles)
        run.facts = facts
        step(f"Measuring {args.repeat} run(s) per case, each case in a fresh process …")
        run.main = _measure_all(envs["main"], facts, catalogue.cases(facts["year"], facts["code"]), args)
        run.load_average["after the cases"] = os.getloadavg()
        if not args.no_load:
            from bench.load import load_phase

            step(f"Load: {args.connections} connections, {args.load_seconds:g} s on the floor, then the mix …")
            run.load = load_phase(
                envs["main"],
                root / "main" / "gunicorn.log",
                floor=(f"/bench/floor/?agency={facts['code']}", facts["cookies"]["executive"]),
                mix=mix_targets(facts),
                seconds=args.load_seconds,
                connections=args.connections,
                workers=args.workers,
            )
        if args.growth and args.growth != args.cycles:
            grown = build("growth", None, args.agencies, args.growth)
            if grown["code"] != facts["code"]:
                raise SystemExit(f"ERROR the builds measure different agencies: {facts['code']}, {grown['code']}")
            step(f"Measuring again with {args.growth} cycles …")
            growth = catalogue.growth_cases(grown["year"], grown["code"])
            run.growth = {"facts": grown, **_measure_all(envs["growth"], grown, growth, args)}
        if restart:
            step("Restart: a cluster of its own, built, served and restarted under load …")
            run.restart = restart_phase(
                build,
                env_for,
                root,
                agencies=args.restart_agencies,
                seed=args.seed,
                seconds=max(6.0, 2 * args.load_seconds),
                connections=args.connections,
                workers=args.workers,
            )
        run.load_average["after"] = os.getloadavg()
        step("Done.")
        print()
        report.print_run(run)
        if args.json:
            args.json.write_text(json.dumps(run.as_json(), indent=1, ensure_ascii=False, default=str))
        return 1 if run.failures() else 0
    finally:
        if server:
            server.drop()
        shutil.rmtree(root, ignore_errors=True)


def _measure_all(env: dict, facts: dict, cases: list, args) -> dict:
    """The floor, every case, the floor again: each in a fresh process, one at a time unless --jobs."""
    started = time.perf_counter()
    floor = catalogue.floor_case(facts["code"], args.repeat)
    floors = [_case_in_process(env, facts, floor, args.repeat)]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        found = list(pool.map(lambda case: _case_in_process(env, facts, case, args.repeat, floor), cases))
    floors.append(_case_in_process(env, facts, floor, args.repeat))
    return {"floor": floors, "cases": list(zip(cases, found, strict=True)), "seconds": time.perf_counter() - started}


def _case_in_process(env: dict, facts: dict, case, repeat: int, floor=None) -> Measured:
    """One case in a process of its own; with `floor` (the floor's case), the floor timed in turn with its runs."""
    email = facts["users"][case.user]
    command = [sys.executable, "-m", "bench.national", f"--case={case.url}", f"--user={email}"]
    command += [f"--runs={catalogue.runs_of(case, repeat)}", f"--accept={','.join(map(str, case.accept))}"]
    if floor is not None:
        command += [f"--floor-url={floor.url}", f"--floor-user={facts['users'][floor.user]}"]
    if case.memory_url:
        command.append(f"--memory-url={case.memory_url}")
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**env, **case.env})
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stderr)
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Measured(case.name, case.url, case.user, status_text=f"error: the measuring process failed ({last})")
    return Measured.from_dict({**json.loads(lines[-1]), "name": case.name, "user": case.user})


# --- the build process ---------------------------------------------------------------------------


def _django_setup() -> Path:
    """Django set up in a build or measuring process; returns the step's temporary directory."""
    import django

    django.setup()
    return Path(os.environ["BENCH_WORKDIR"])


def _build_main(agencies: int, seed: int, cycles: int, *, stored_reports: bool) -> int:
    """In the build process: the database made ready and filled; what the others need in national.json."""
    workdir = _django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_criteria", stdout=io.StringIO())
    print(f"Ready (collectstatic, migrate, load_criteria) in {time.perf_counter() - started:.1f} s")

    from assessments.models import Assessment
    from bench.build import gap_reports_store, national_build

    started = time.perf_counter()
    national = national_build(agencies=agencies, seed=seed, media_root=workdir / "media", cycles=cycles)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # no autovacuum here: the planner's statistics, as a live server has them
    years = f"{national.cycle.fiscal_year - cycles + 1}–{national.cycle.fiscal_year}"
    print(f"Built {cycles} cycle(s) ({years}) in {built:.1f} s (seed {seed}); rows:")
    for name, count in national.counts.items():
        print(f"  {name:<20} {count:>7,}")
    sample = Assessment.objects.select_related("cycle", "agency").get(
        cycle=national.cycle, agency__code=national.sample_code
    )
    print(f"Agency measured: {national.sample_code}, finalised, a result in each of the {cycles} cycle(s)")
    stored = "not made (not measured in this step)"
    if stored_reports:
        started = time.perf_counter()
        stored = gap_reports_store(sample)
        print(f"Its gap reports: {stored} ({time.perf_counter() - started:.1f} s)")
    people = {"executive": national.executive, "coordinator": national.coordinator, "reviewer": national.reviewer}
    facts = {
        "year": national.cycle.fiscal_year,
        "code": national.sample_code,
        "agencies": agencies,
        "cycles": cycles,
        "counts": national.counts,
        "build_seconds": built,
        "gap_reports": stored,
        "users": {role: person.email for role, person in people.items()},
        "cookies": {role: _session_cookie(person) for role, person in people.items()},
        **report.software(),
    }
    (workdir / "national.json").write_text(json.dumps(facts))
    return 0


def _session_cookie(user) -> str:
    """A logged-in session of the person, as the Cookie header the load generator sends."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the temporary directories, databases and cluster are already gone (the finally)
        sys.exit(130)
