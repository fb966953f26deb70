"""How long the reports take, and how much memory, on a realistic national cycle.

    python -m bench.national [--agencies 400] [--repeat 3] [--seed 2570]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m bench.national

Never touches the developer's database: it runs on a fresh SQLite file in a temporary directory, or, when
BENCH_DATABASE_URL names a PostgreSQL server, on a throw-away database pmqa_bench_<pid> created there (the URL's
own database is only used to create and drop it). Settings are production's (DEBUG off), with the bench's
database, SECRET_KEY, MEDIA_ROOT and STATIC_ROOT.

Three kinds of process. This one only prepares, collects and cleans up; it never loads Django, so it stays small.
A build process (`--build`) collects static files, migrates, loads the criteria and builds the cycle
(bench/build.py). Then each case runs in a fresh process of its own (`--case URL`), as a new worker would: it logs
in an all-agencies executive, warms up with one request to /, requests the case `--repeat` times (timed, and the
growth of peak RSS), then once more under tracemalloc and query capture (they slow it, so that run is not timed).
Why separate processes: ru_maxrss is a high-water mark, and a process started by another begins with its
parent's; measured after a build of tens of thousands of rows, or after a bigger case, a case would show nothing.

Expectation from the issue: one agency's report is expected in well under 2 seconds on this machine.
"""

import argparse
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

EXPECTATION = "One agency's report is expected in well under 2 seconds on this machine."
MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent  # the project: `-m bench.national` and pmqa.settings import from here


def cases(year: int, code: str) -> list[tuple[str, str]]:
    """(name, URL) of what is measured; the reports app provides all but the last."""
    return [
        ("agency report PDF (th)", f"/reports/{year}/{code}/report.pdf"),
        ("agency report PDF (en)", f"/reports/{year}/{code}/report.pdf?lang=en"),
        ("SAR PDF (th)", f"/reports/{year}/{code}/sar.pdf"),
        ("SAR Word (th)", f"/reports/{year}/{code}/sar.docx"),
        ("portfolio PDF", f"/reports/{year}/portfolio.pdf"),
        ("dashboard", f"/reports/{year}/"),
        ("export items.csv", f"/reports/{year}/export/items.csv"),
        ("export items.xlsx", f"/reports/{year}/export/items.xlsx"),
        ("export items.json", f"/reports/{year}/export/items.json"),
        ("export agencies.csv", f"/reports/{year}/export/agencies.csv"),
        ("results page (reviews)", f"/reviews/{year}/{code}/results/"),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=400, help="how many agencies (default 400)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (default 3)")
    parser.add_argument("--seed", type=int, default=2570, help="random seed, so runs are comparable (default 2570)")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)  # internal: the build process
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: the process measuring one URL
    args = parser.parse_args(argv)
    if args.agencies < 1 or args.repeat < 1:
        parser.error("--agencies and --repeat must be at least 1")
    if args.build:
        return _build_main(args.agencies, args.seed)
    if args.case:
        return _case_main(args.case, args.repeat)
    return _bench(args)


def _bench(args) -> int:
    # The bench's own files live in a temporary directory: the database (SQLite), evidence, collected static files.
    workdir = Path(tempfile.mkdtemp(prefix="pmqa-bench-"))
    server = PostgresScratch(os.environ["BENCH_DATABASE_URL"]) if os.environ.get("BENCH_DATABASE_URL") else None
    try:
        _environment_set(server.create() if server else f"sqlite:///{workdir / 'bench.sqlite3'}", workdir)
        build = [
            sys.executable,
            "-m",
            "bench.national",
            "--build",
            f"--agencies={args.agencies}",
            f"--seed={args.seed}",
        ]
        if subprocess.run(build, cwd=ROOT).returncode != 0:
            print("ERROR the build failed (see above)", file=sys.stderr)
            return 1
        national = json.loads((workdir / "national.json").read_text())
        print(f"Measuring {args.repeat} run(s) per case, each case in a fresh process …", flush=True)
        started = time.perf_counter()
        measured = [_case_in_process(name, url, args.repeat) for name, url in cases(national["year"], national["code"])]
        print(f"Measured in {time.perf_counter() - started:.0f} s.")
        print()
        _table_print(measured, args.repeat)
        print()
        print(f"Machine: {os.cpu_count()} CPUs, {_cpu_model()}, {_memory_total()}")
        print(national["versions"])
        print(f"Database: {national['database']}")
        failed = [m for m in measured if m.status not in (200, 404)]
        for m in failed:
            print(f"ERROR {m.name}: {m.url} answered {m.status_text}", file=sys.stderr)
        return 1 if failed else 0
    finally:
        if server:
            server.drop()
        shutil.rmtree(workdir, ignore_errors=True)


def _environment_set(database_url: str, workdir: Path) -> None:
    """Production settings (pmqa/settings.py reads these) pointed at the bench's own database and files.

    The build and measuring processes inherit them."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "pmqa.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = "bench-only-secret-key-never-used-anywhere-else-0123456789"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["BENCH_WORKDIR"] = str(workdir)
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # not a warning per 404 of a report not built yet


def _django_setup() -> Path:
    """Django set up in a build or measuring process; returns the bench's temporary directory.

    Production's static storage needs collectstatic's manifest. STATIC_ROOT is not read from the environment,
    so it is pointed at the temporary directory here, before anything uses the storage."""
    import django
    from django.conf import settings

    workdir = Path(os.environ["BENCH_WORKDIR"])
    django.setup()
    settings.STATIC_ROOT = workdir / "static"
    return workdir


def _build_main(agencies: int, seed: int) -> int:
    """In the build process: the database made ready and filled; what the others need in national.json."""
    workdir = _django_setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_criteria", stdout=io.StringIO())
    print(f"Ready (collectstatic, migrate, load_criteria) in {time.perf_counter() - started:.1f} s")

    from bench.build import national_build

    started = time.perf_counter()
    national = national_build(agencies=agencies, seed=seed, media_root=workdir / "media")
    print(f"Built the national cycle in {time.perf_counter() - started:.1f} s (seed {seed}); rows:")
    for name, count in national.counts.items():
        print(f"  {name:<20} {count:>7,}")
    print(f"Agency measured: {national.sample_code} (finalised in {national.cycle.fiscal_year}, a result in 2569 too)")
    facts = {"year": national.cycle.fiscal_year, "code": national.sample_code, **_software()}
    (workdir / "national.json").write_text(json.dumps(facts))
    return 0


def _case_in_process(name: str, url: str, repeat: int) -> "Measured":
    command = [sys.executable, "-m", "bench.national", "--case", url, f"--repeat={repeat}"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stderr)
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Measured(name, url, status_text=f"error: the measuring process failed ({last})")
    return Measured(name=name, **json.loads(lines[-1]))


def _case_main(url: str, repeat: int) -> int:
    """In a measuring process: one case, its results as one line of JSON."""
    _django_setup()
    from django.test import Client

    from accounts.models import User
    from bench.build import EXECUTIVE_EMAIL

    client = Client()
    client.force_login(User.objects.get(email=EXECUTIVE_EMAIL))
    client.get("/", secure=True)  # loads URLs, translations and templates once, outside the measurements
    found = _measure(client, url, repeat)
    print(json.dumps({key: value for key, value in asdict(found).items() if key != "name"}))
    return 0


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Measured:
    name: str
    url: str
    status: int | None = None  # None: the view raised
    status_text: str = ""
    times: list[float] = field(default_factory=list)
    python_peak: int = 0  # bytes
    rss_growth: int = 0  # bytes
    size: int = 0  # bytes
    queries: int = 0


def _measure(client, url: str, repeat: int) -> Measured:
    """`repeat` timed requests, then one under tracemalloc and query capture (they slow it, so it is not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = Measured("", url)
    rss_before = _max_rss()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, size = _fetch(client, url)
        times.append(time.perf_counter() - started)
        found.status, found.size = status if isinstance(status, int) else None, size
        if status != 200:
            found.status_text = "not available (404)" if status == 404 else str(status)
            return found
    found.rss_growth = _max_rss() - rss_before
    found.times = times
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            _fetch(client, url)
        found.python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    found.queries = len(queries.captured_queries)
    found.status_text = "200"
    return found


def _fetch(client, url: str) -> tuple[int | str, int]:
    """The status and body size of a GET over HTTPS (production redirects HTTP), the body read in full."""
    try:
        response = client.get(url, secure=True)
    except Exception as error:  # the view raised: report it, measure the rest
        return f"exception {type(error).__name__}: {error}", 0
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response.status_code, len(body)


def _max_rss() -> int:
    """The process's peak resident set so far, in bytes (ru_maxrss is in KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _table_print(measured: list[Measured], repeat: int) -> None:
    header = ("case", "status", "first s", "min s", "median s", "Py peak MB", "RSS +MB", "KB", "queries")
    rows = [
        (
            m.name,
            "200",
            f"{m.times[0]:.3f}",
            f"{min(m.times):.3f}",
            f"{statistics.median(m.times):.3f}",
            f"{m.python_peak / MB:.1f}",
            f"{m.rss_growth / MB:.1f}",
            f"{m.size / 1024:,.1f}",
            str(m.queries),
        )
        for m in measured
        if m.status == 200
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    widths[0] = max(widths[0], *(len(m.name) for m in measured))

    def line(row) -> str:
        return "  ".join(
            [row[0].ljust(widths[0]), *(value.rjust(w) for value, w in zip(row[1:], widths[1:], strict=True))]
        )

    print(line(header))
    print("  ".join("-" * w for w in widths))
    done = iter(rows)
    for m in measured:
        print(line(next(done)) if m.status == 200 else f"{m.name.ljust(widths[0])}  {m.status_text}")
    print()
    print(
        f"Each case in a fresh process: one warm-up request to /, then {repeat} timed run(s). The first run also pays"
    )
    print("for what a process loads once (WeasyPrint's fonts, say), as the first report of a new worker does.")
    print("Py peak: Python heap peak during one more run (tracemalloc). RSS +MB: growth of the process's peak")
    print("resident memory (ru_maxrss) over the timed runs. ru_maxrss is a high-water mark: only increases show,")
    print("and memory freed and reused between runs does not. Queries: one run, including the login's session")
    print("and user lookups.")
    print(f"Expectation from the issue: {EXPECTATION}")


def _software() -> dict[str, str]:
    """Versions and the database, from the build process (this one does not load Django or WeasyPrint)."""
    import django
    from django.db import connection

    try:
        import weasyprint

        weasyprint_version = weasyprint.__version__
    except Exception as error:  # absent or its system libraries missing: say so, it is a fact too
        weasyprint_version = f"not importable ({type(error).__name__})"
    if connection.vendor == "postgresql":
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 10000} (database {connection.settings_dict['NAME']})"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version} (a temporary file)"
    versions = f"Python {platform.python_version()}, Django {django.get_version()}, WeasyPrint {weasyprint_version}"
    return {"versions": versions, "database": database}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    return "RAM unknown"


# --- a throw-away PostgreSQL database ------------------------------------------------------------


class PostgresScratch:
    """Creates pmqa_bench_<pid> on the server of `url` (connecting to the URL's own database to do so), and drops it."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise SystemExit(f"BENCH_DATABASE_URL must be a postgres:// URL, not {parts.scheme}://")
        self.url = url
        self.name = f"pmqa_bench_{os.getpid()}"
        self.bench_url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.created = False

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> str:
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._execute(f'CREATE DATABASE "{self.name}"')
        self.created = True
        return self.bench_url

    def drop(self) -> None:
        if self.created:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the temporary directory and database are already gone (the finally in _bench)
        sys.exit(130)
