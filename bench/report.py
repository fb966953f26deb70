"""What the bench prints: the machine and its load, the database, the floor, each case as a multiple of the floor
with its goal (✓/✗), growth in cycles, the load run and the restart; and the same as JSON (--json)."""

import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import cases as catalogue
from bench.measure import MB, Measured, median_of

MET, MISSED, NONE = "✓", "✗", "—"


@dataclass
class Run:
    args: dict
    machine: str
    load_average: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    main: dict | None = None  # {"floor": [Measured, Measured], "cases": [(Case, Measured)], "seconds": float}
    load: dict | None = None  # {"server": str, "results": {name: LoadResult}}
    growth: dict | None = None  # as main, with "facts"
    restart: dict | None = None  # bench.pgcluster.restart_phase

    def failures(self) -> list[str]:
        """What went wrong (not a goal missed): a case that did not answer as expected, errors under load."""
        found = []
        for part in (self.main, self.growth):
            if part:
                for measured in [*part["floor"], *(m for _case, m in part["cases"])]:
                    if not measured.ok:
                        found.append(f"{measured.name}: {measured.url} answered {measured.status_text}")
        return found

    def goals(self) -> list[tuple[str, str, str]]:
        """(✓/✗/?, what, figure) for every goal of the issue."""
        rows = []
        if self.main:
            floor = floor_median(self.main["floor"])
            for case, measured in self.main["cases"]:
                if case.goal is not None:
                    rows.append(
                        (
                            verdict(case, measured, floor_of(measured, floor))[0],
                            f"{case.name} {case.goal.text()}",
                            figure(case, measured, floor_of(measured, floor)),
                        )
                    )
        if self.growth:
            for name, mark, text in growth_rows(self):
                rows.append((mark, f"{name} flat in cycles (≤ {catalogue.GROWTH_FLAT:g}×)", text))
        if self.load:
            ratio, mark, text = load_verdict(self.load["results"])
            rows.append((mark, "mixed pages ≥ 40 % of the floor's throughput, 0 errors", text))
        if self.restart:
            after = self.restart["phases"]["after"]
            rows.append(
                (
                    MET if after.errors == 0 and after.ok else MISSED,
                    "0 errors after a restart",
                    f"{after.errors} errors after, {after.ok} answered 200",
                )
            )
        return rows

    def as_json(self) -> dict:
        def part(found):
            if not found:
                return found
            return {
                **{k: v for k, v in found.items() if k not in ("floor", "cases")},
                "floor": [asdict(m) for m in found["floor"]],
                "floor_median": floor_median(found["floor"]),
                "cases": [
                    {
                        "case": asdict(c),
                        **asdict(m),
                        "median": m.median if m.ok else None,
                        "floor_median": m.floor_median,
                    }
                    for c, m in found["cases"]
                ],
            }

        def results(found):
            return {**found, "results": {k: asdict(v) for k, v in found["results"].items()}} if found else found

        restart = None
        if self.restart:
            restart = {**self.restart, "phases": {k: asdict(v) for k, v in self.restart["phases"].items()}}
        return {
            "args": self.args,
            "machine": self.machine,
            "load_average": self.load_average,
            "facts": {k: v for k, v in self.facts.items() if k != "cookies"},
            "main": part(self.main),
            "growth": part(self.growth),
            "load": results(self.load),
            "restart": restart,
            "goals": [{"met": mark, "goal": goal, "figure": text} for mark, goal, text in self.goals()],
        }


def floor_median(floors: list[Measured]) -> float:
    times = [t for m in floors for t in m.times]
    return median_of(times) if times else float("nan")


def floor_of(measured: Measured, run_floor: float) -> float:
    """The floor a case is held to: the floor timed in turn with its runs in its own process, else the run's."""
    return measured.floor_median or run_floor


def verdict(case, measured: Measured, floor: float) -> tuple[str, str]:
    """(mark, short text) of the case against its goal: time, and for exports the memory too."""
    if not measured.ok:
        return MISSED, "failed"
    if case.goal is None:
        return NONE, ""
    if measured.status != 200:
        return "?", f"answered {measured.status}"
    if not case.goal.met(measured.median, floor):
        return MISSED, "time"
    if case.memory_url and not memory_flat(measured):
        return MISSED, "memory"
    return MET, ""


def memory_flat(measured: Measured) -> bool:
    return measured.python_peak <= catalogue.MEMORY_FLAT * measured.memory_peak + catalogue.MEMORY_SLACK


def figure(case, measured: Measured, floor: float) -> str:
    if not measured.ok:
        return measured.status_text
    text = f"{measured.median:.3f} s, {measured.median / floor:.1f}× floor"
    if case.memory_url:
        text += f", memory {'flat' if memory_flat(measured) else 'grows with the rows'}"
    if measured.status != 200:
        text += f" (answered {measured.status})"
    return text


def print_run(run: Run) -> None:
    facts = run.facts
    print(f"PMQA national benchmark: {facts['agencies']} agencies, {facts['cycles']} cycle(s), seed {run.args['seed']}")
    print(f"Machine: {run.machine}")
    averages = "; ".join(f"{when} {' '.join(f'{x:.2f}' for x in values)}" for when, values in run.load_average.items())
    print(f"Load average (1, 5, 15 min): {averages}")
    print(facts["versions"])
    print(f"Database: {facts['database']}")
    if run.args.get("jobs", 1) > 1:
        print(f"WARNING: cases measured {run.args['jobs']} at a time (--jobs): their times disturb each other.")
    print(f"Gap reports of the measured agency: {facts['gap_reports']}")
    if run.main:
        print()
        _cases_print(run.main, run.args["repeat"])
    if run.growth:
        print()
        _growth_print(run)
    if run.load:
        print()
        _load_print(run.load, run.args)
    if run.restart:
        print()
        _restart_print(run.restart, run.args)
    print()
    goals = run.goals()
    met = [g for g in goals if g[0] == MET]
    print(f"Goals met: {len(met)} of {len(goals)}")
    for mark, goal, text in goals:
        print(f"  {mark} {goal}: {text}")
    for failure in run.failures():
        print(f"ERROR {failure}")


def _floor_line(part: dict) -> str:
    start, end = part["floor"]
    both = floor_median(part["floor"])
    if not (start.ok and end.ok):
        return f"Floor: FAILED ({start.status_text or end.status_text}): no ratios"
    return (
        f"Floor: {start.url} as {start.user} (one query by a unique index, a one-line template, the same middleware"
        f" and login as the pages): median {start.median * 1000:.1f} ms at the start ({len(start.times)} runs),"
        f" {end.median * 1000:.1f} ms at the end ({both * 1000:.1f} ms, {start.queries} queries). Each case is held to"
        ' the floor timed in turn with its own runs, in its process ("floor ms"): a machine whose speed drifts'
        " between the start and the end moves both alike."
    )


def _cases_print(part: dict, repeat: int) -> None:
    floor = floor_median(part["floor"])
    print(_floor_line(part))
    header = ("case", "user", "status", "first s", "median s", "floor ms", "× floor", "goal", "met", "Py peak MB")
    header += ("RSS +MB", "KB", "queries")
    rows = []
    for case, m in part["cases"]:
        mark, why = verdict(case, m, floor_of(m, floor))
        goal = case.goal.text() if case.goal else ""
        if not m.ok:
            rows.append((case.name, case.user, m.status_text, "", "", "", "", goal, mark, "", "", "", ""))
            continue
        rows.append(
            (
                case.name,
                case.user,
                str(m.status),
                f"{m.first:.3f}",
                f"{m.median:.3f}",
                f"{floor_of(m, floor) * 1000:.1f}",
                f"{m.median / floor_of(m, floor):.1f}",
                goal,
                f"{mark} {why}".strip(),
                f"{m.python_peak / MB:.1f}",
                f"{m.rss_growth / MB:.1f}",
                f"{m.size / 1024:,.1f}",
                str(m.queries),
            )
        )
    _table(header, rows, left={1, 7, 8})
    print()
    print("Each case in a fresh process, as the person named (the build's executive of all agencies, the measured")
    print('agency\'s coordinator, its lead reviewer): one warm-up request to /, a first request of the URL ("first":')
    print("it also pays for what a process loads once, templates or WeasyPrint's fonts, as a new worker's first")
    print(f"request does), then {repeat} timed run(s), whose median is the case's time (the floor, and each case held")
    print(
        f"to a multiple of it: at least {catalogue.FLOOR_RUNS} runs), each run after a timed request of the floor: the"
    )
    print('median of those is the case\'s "floor ms", its × floor is to that.')
    print("Py peak: Python heap peak during one more run (tracemalloc). RSS +MB: growth of the process's peak resident")
    print("memory over the timed runs (a high-water mark). Queries: one run, including the session and user lookups.")
    exports = [(c, m) for c, m in part["cases"] if c.memory_url and m.ok]
    if exports:
        print(
            f"Memory of the exports, flat when the peak for every agency is at most {catalogue.MEMORY_FLAT:g}× the peak"
            f" for the provinces only ({catalogue.EXPORT_MEMORY}) + 1 MB:"
        )
        for case, m in exports:
            rows_ratio = m.size / m.memory_size if m.memory_size else float("inf")
            peak_ratio = m.python_peak / m.memory_peak if m.memory_peak else float("inf")
            print(
                f"  {case.name}: {m.python_peak / MB:.1f} MB for {m.size / 1024:,.0f} KB, {m.memory_peak / MB:.1f} MB"
                f" for {m.memory_size / 1024:,.0f} KB (provinces): {peak_ratio:.1f}× the memory for {rows_ratio:.1f}×"
                f" the output: {'flat ' + MET if memory_flat(m) else 'grows with the rows ' + MISSED}"
            )
    for case, _m in part["cases"]:
        if case.note:
            print(f"Note on the {case.note}")
    print(f"Measured in {part['seconds']:.0f} s.")


def growth_rows(run: Run) -> list[tuple[str, str, str]]:
    """(case, ✓/✗, text) for each case measured at both numbers of cycles."""
    base = {c.name: m for c, m in run.main["cases"]}
    floor2, floor_n = floor_median(run.main["floor"]), floor_median(run.growth["floor"])
    found = []
    for case, m in run.growth["cases"]:
        two = base.get(case.name)
        if not (two and two.ok and m.ok):
            found.append((case.name, MISSED, "failed"))
            continue
        ratio2, ratio_n = two.median / floor_of(two, floor2), m.median / floor_of(m, floor_n)
        growth = ratio_n / ratio2
        flat = growth <= catalogue.GROWTH_FLAT
        text = f"{ratio2:.1f}× floor at {run.facts['cycles']}, {ratio_n:.1f}× at {run.growth['facts']['cycles']}"
        found.append((case.name, MET if flat else MISSED, f"{text}: {growth:.2f}×"))
    return found


def _growth_print(run: Run) -> None:
    grown = run.growth["facts"]
    n, two = grown["cycles"], run.facts["cycles"]
    print(
        f"Growth in cycles: the same build with --cycles {n} in a second database ({grown['year'] - n + 1}–"
        f"{grown['year'] - two} added, finalised for the pilot agencies as the older cycle is; the current cycle is"
    )
    print(
        f"the same rows), the same agency {grown['code']} (a pilot: a result in every cycle), the floor measured"
        f" again there: {floor_median(run.growth['floor']) * 1000:.1f} ms (each case held to the floor timed with"
        " it)."
    )
    base = {c.name: m for c, m in run.main["cases"]}
    run2, run_n = floor_median(run.main["floor"]), floor_median(run.growth["floor"])
    header = ("case", f"{two} cycles s", "× floor", f"{n} cycles s", "× floor", "growth", "queries", "goal", "met")
    rows = []
    for case, m in run.growth["cases"]:
        b = base.get(case.name)
        if not (b and b.ok and m.ok):
            rows.append((case.name, "failed", "", "", "", "", "", "", MISSED))
            continue
        floor2, floor_n = floor_of(b, run2), floor_of(m, run_n)
        growth = (m.median / floor_n) / (b.median / floor2)
        met = case.goal.met(m.median, floor_n) and case.goal.met(b.median, floor2) and growth <= catalogue.GROWTH_FLAT
        rows.append(
            (
                case.name,
                f"{b.median:.3f}",
                f"{b.median / floor2:.1f}",
                f"{m.median:.3f}",
                f"{m.median / floor_n:.1f}",
                f"{growth:.2f}×",
                f"{b.queries}→{m.queries}",
                f"{case.goal.text()}, growth ≤ {catalogue.GROWTH_FLAT:g}×",
                MET if met else MISSED,
            )
        )
    _table(header, rows, left={7, 8})


def load_verdict(results: dict) -> tuple[float, str, str]:
    floor, mixed = results["floor"], results["mixed pages"]
    ratio = mixed.per_second / floor.per_second if floor.per_second else 0.0
    met = ratio >= 0.40 and floor.errors == 0 and mixed.errors == 0
    text = f"{ratio:.0%} of the floor's throughput, {floor.errors + mixed.errors} errors"
    return ratio, MET if met else MISSED, text


def _load_table(results) -> None:
    header = ("run", "requests", "200", "req/s", "p50 ms", "p95 ms", "non-200", "conn errors", "statuses")
    rows = [
        (
            r.name,
            str(r.requests),
            str(r.ok),
            f"{r.per_second:.1f}",
            f"{r.p50_ms:.0f}",
            f"{r.p95_ms:.0f}",
            str(r.non_200),
            str(r.connection_errors),
            ", ".join(f"{k}: {v}" for k, v in sorted(r.statuses.items())),
        )
        for r in results
    ]
    _table(header, rows, left={8})
    for r in results:
        for where, count in sorted(r.failed.items()):
            print(f"  {r.name}: {where} × {count}")


def _load_print(load: dict, args: dict) -> None:
    print(
        f"Load: {load['server']}; {args['connections']} concurrent connections for {args['load_seconds']:g} s on the"
        " floor, then as long on the mixed pages, after a warm-up of every page (up to 3 s, not counted);"
    )
    print(
        "one request per connection (Connection: close), each page as its person (session cookies made by the"
        " build); the generator: one asyncio process on the same machine."
    )
    names = [case.name for case in catalogue.cases(2570, "x") if case.mix]
    print(f"Mixed pages, in turn: {', '.join(names)}.")
    _load_table(load["results"].values())
    ratio, mark, text = load_verdict(load["results"])
    print(f"Mixed / floor throughput: {ratio:.0%} (goal ≥ 40 %, 0 errors) {mark}")


def _restart_print(restart: dict, args: dict) -> None:
    print(
        f"Restart: {restart['cluster']}, {restart['agencies']} agencies; {restart['server']}; the mixed pages under"
        f" {args['connections']} connections; `pg_ctl restart -m fast` at {restart['restart_at']:.1f} s, back after"
        f" {restart['restart_seconds']:.1f} s. Requests counted by when they ran: ended before the restart began,"
    )
    print("overlapping it, started after the server was back. The cluster is removed afterwards.")
    _load_table(restart["phases"].values())
    after = restart["phases"]["after"]
    mark = MET if after.errors == 0 and after.ok else MISSED
    print(f"Errors after the server was back: {after.errors} (goal 0) {mark}")


def _table(header: tuple, rows: list[tuple], left: set[int]) -> None:
    """Columns aligned: figures to the right, the first column and those in `left` (text) to the left."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row) -> str:
        cells = [str(row[0]).ljust(widths[0])]
        for i, value in enumerate(row[1:], start=1):
            text = str(value)
            cells.append(text.ljust(widths[i]) if i in left else text.rjust(widths[i]))
        return "  ".join(cells).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


# --- the machine and the software ----------------------------------------------------------------


def machine() -> str:
    return f"{_cpu_model()}, {os.cpu_count()} cores, {_memory_total()}"


def software() -> dict[str, str]:
    """Versions and the database, from the build process (the main one does not load Django or WeasyPrint)."""
    import django
    from django.db import connection

    try:
        import weasyprint

        weasyprint_version = weasyprint.__version__
    except Exception as error:  # absent or its system libraries missing: say so, it is a fact too
        weasyprint_version = f"not importable ({type(error).__name__})"
    if connection.vendor == "postgresql":
        version = connection.pg_version
        database = (
            f"PostgreSQL {version // 10000}.{version % 10000} (throw-away database {connection.settings_dict['NAME']})"
        )
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
