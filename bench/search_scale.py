"""Search query time at national scale: 400 agencies × 24 items and 20,000 evidence files' text.

    python -m bench.search_scale [--agencies 400] [--files 20000] [--repeat 5]

A throw-away database (a temporary SQLite file; with BENCH_DATABASE_URL naming a PostgreSQL server, a database
pmqa_searchbench_<pid> made there and dropped at the end, Ctrl-C and SIGTERM included), filled in a child process
with production's settings (bench/settings.py, DEBUG off): migrate, load_criteria, the national cycle of
bench/build.py, then the search index written in bulk: one document per narrative, per evidence and per
finalised consensus review, and `--files` evidence files with a text of a few thousand characters (bench/texts.py
paragraphs shuffled with the seed), two rare phrases planted in known files. Segmenting 20,000 texts one by one
would take long: each distinct space-separated piece of text is segmented once (search/segment.py) and the
documents' words composed from the pieces, which gives what segmenting each whole text gives (checked on a sample,
printed). ANALYZE on PostgreSQL after the load.

Then each query (a common word, a rare planted phrase, a partial word, two words) as an OPDC executive of every
agency across cycles, an agency team within its assessment and a reviewer within their assignments, through
search/query.py as the views call it and through the views (django.test.Client: rendering included). The first run
is shown apart from the median of `--repeat`. Exit 1 when a planted phrase's file is not found (recall).
"""

import argparse
import io
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.national import INHERITED_NOT, ROOT, SECRET_KEY
from bench.pgcluster import PostgresScratch
from bench.search_fill import PLANTED, index_fill

QUERIES = [  # (name, what is typed)
    ("common word", "บริการ"),
    ("rare phrase", "ธนาคารปูม้า"),
    ("partial word", "ฉุกเฉิน"),  # inside the word ภาวะฉุกเฉิน: ILIKE (trigram index) on PostgreSQL
    ("two words", "ความพึงพอใจ ดิจิทัล"),
    ("rare phrase 2", "เตือนภัยดินถล่ม"),
]


class SearchScratch(PostgresScratch):
    """The one database of this bench: pmqa_searchbench_<pid>."""

    def create(self, label: str = "") -> str:
        name = f"pmqa_searchbench_{os.getpid()}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        self._execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=400, help="how many agencies (default 400)")
    parser.add_argument("--files", type=int, default=20000, help="evidence files with a text (default 20,000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs after the first (default 5)")
    parser.add_argument("--seed", type=int, default=2570, help="random seed (default 2570)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if min(args.agencies, args.files, args.repeat) < 1:
        parser.error("--agencies, --files, --repeat: at least 1")
    if args.child:
        return _child(args)
    signal.signal(signal.SIGTERM, _interrupted)
    url = os.environ.get("BENCH_DATABASE_URL", "")
    server = SearchScratch(url) if url else None
    root = Path(tempfile.mkdtemp(prefix="pmqa-searchbench-"))
    try:
        env = {
            **{name: value for name, value in os.environ.items() if name not in INHERITED_NOT},
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": server.create() if server else f"sqlite:///{root / 'bench.sqlite3'}",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "MEDIA_ROOT": str(root / "media"),
            "STATIC_ROOT": str(root / "static"),
            "BENCH_WORKDIR": str(root),
            "TASKS_BACKEND": "immediate",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),
            "PYTHONPATH": str(ROOT),
        }
        command = [sys.executable, "-m", "bench.search_scale", "--child", f"--agencies={args.agencies}"]
        command += [f"--files={args.files}", f"--repeat={args.repeat}", f"--seed={args.seed}"]
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        if server:
            server.drop()
        shutil.rmtree(root, ignore_errors=True)


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # as Ctrl-C: the finally drops the database


# --- the child process: build, index, measure ----------------------------------------------------------------


def _child(args) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import report
    from bench.build import national_build

    load_before = os.getloadavg()
    workdir = Path(os.environ["BENCH_WORKDIR"])
    began = time.perf_counter()
    call_command("collectstatic", verbosity=0, interactive=False)  # the pages render with the manifest
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_criteria", stdout=io.StringIO())
    ready = time.perf_counter() - began
    started = time.perf_counter()
    national = national_build(agencies=args.agencies, seed=args.seed, media_root=workdir / "media")
    built = time.perf_counter() - started
    started = time.perf_counter()
    index = index_fill(national, args.files, random.Random(args.seed))
    indexed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    analysed = time.perf_counter() - started - indexed

    print(f"Machine: {report.machine()}; load average before {_load(load_before)}")
    print(f"Database: {report.software()['database']}")
    print(f"Ready (collectstatic, migrate, load_criteria) in {ready:.1f} s")
    print(f"National build ({args.agencies} agencies, 2 cycles) in {built:.1f} s")
    print(
        f"Search index in {indexed:.1f} s: {index['pieces']:,} distinct pieces of text segmented once "
        f"({index['segment_seconds']:.1f} s), the documents' words composed from them; composed = segmented whole "
        f"for {index['same']}/{index['checked']} sampled documents"
    )
    if connection.vendor == "postgresql":
        print(f"ANALYZE in {analysed:.1f} s")
    print("Rows:")
    for name, count in (national.counts | _search_counts()).items():
        print(f"  {name:<22} {count:>9,}")
    return _measure(national, index["planted"], args.repeat, load_before)


def _load(load) -> str:
    return " ".join(f"{value:.2f}" for value in load)


def _search_counts() -> dict:
    from django.db import connection

    from search.models import EvidenceText, SearchDocument

    counts = {"EvidenceText": EvidenceText.objects.count()}
    for kind in SearchDocument.Kind.values:
        counts[f"SearchDocument {kind}"] = SearchDocument.objects.filter(kind=kind).count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("search_searchdocument", "search_evidencetext"):
                cursor.execute("SELECT pg_total_relation_size(%s) / 1048576", [table])
                counts[f"{table} MB"] = cursor.fetchone()[0]
    return counts


def _timed(function, repeat: int) -> tuple[float, float, object]:
    """(first run, median of the next `repeat`) in milliseconds, and the first run's result."""
    started = time.perf_counter()
    result = function()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times), result


def _measure(national, planted: dict, repeat: int, load_before) -> int:
    from django.test import Client
    from django.urls import reverse

    from accounts import access
    from assessments.models import Assessment, Evidence
    from search import query

    sample = Assessment.objects.select_related("cycle", "agency").get(
        cycle=national.cycle, agency__code=national.sample_code
    )
    across = reverse("search:search")
    one = reverse("search:assessment", args=[sample.cycle.fiscal_year, sample.agency.code])
    who = [  # (label, person, assessment searched, the view's URL)
        ("executive, all agencies", national.executive, None, across),
        (f"team of {sample.agency.code}, its assessment", national.coordinator, sample, one),
        ("reviewer, assignments", national.reviewer, None, across),
    ]
    planted_where = dict(Evidence.objects.filter(pk__in=planted).values_list("pk", "assessment_id"))
    rows, failures = [], []
    for label, person, assessment, url in who:
        client = Client()
        client.force_login(person)
        visible = set(access.assessments_visible_to(person).values_list("pk", flat=True))
        for name, text in QUERIES:

            def call(person=person, text=text, assessment=assessment):
                return query.search(user=person, text=text, filters=query.Filters(), assessment=assessment, limit=20)

            def view(client=client, url=url, text=text):
                response = client.get(url, {"q": text}, secure=True)
                if response.status_code != 200:
                    raise SystemExit(f"ERROR {url}?q={text} answered {response.status_code}")
                return response

            first, median, found = _timed(call, repeat)
            view_first, view_median, _response = _timed(view, repeat)
            recall = ""
            if text in PLANTED:
                expected = {
                    pk
                    for pk, phrase in planted.items()
                    if phrase == text
                    and planted_where[pk] in visible
                    and (assessment is None or planted_where[pk] == assessment.pk)
                }
                scope = query.scoped(person, assessment=assessment)
                matched = set(query.matching(scope, found.words).values_list("evidence_id", flat=True))
                recall = f"{len(expected & matched)}/{len(expected)}"
                if expected - matched:
                    failures.append(f"{label}: {text!r} missed evidence {sorted(expected - matched)}")
            rows.append((name, label, found.total, first, median, view_first, view_median, recall))
    print()
    print(f"Query times in ms (first run | median of {repeat} more), first page of 20; view = rendered page:")
    header = f"{'query':<14} {'who':<34} {'hits':>7} {'query()':>17} {'view':>17}  planted found"
    print(header)
    print("-" * len(header))
    for name, label, hits, first, median, view_first, view_median, recall in rows:
        print(
            f"{name:<14} {label[:34]:<34} {hits:>7,} {first:>8.1f} |{median:>7.1f} "
            f"{view_first:>8.1f} |{view_median:>7.1f}  {recall}"
        )
    print()
    print(f"Load average before {_load(load_before)}, after {_load(os.getloadavg())}")
    for failure in failures:
        print(f"RECALL FAILED {failure}")
    print("Recall of the planted phrases: " + ("FAILED" if failures else "every planted file found"))
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the database and directory are already gone (the finally)
        sys.exit(130)
