"""What is measured: each case is a URL, the person who requests it, and the goal it is held to.

To measure one more page, add a Case to `cases()`: its name, URL, who may see it ("executive", "coordinator" or
"reviewer": the people of the build, see bench/build.py) and its goal (a multiple of the floor's time, or seconds).
`mix=True` puts it into the load run's mixed pages as well.
"""

from dataclasses import dataclass, field

ROLES = ("executive", "coordinator", "reviewer")  # the build writes each one's e-mail and session cookie


@dataclass(frozen=True)
class Goal:
    """At most `times_floor` times the floor's median, or at most `seconds` (the median of the timed runs)."""

    times_floor: float | None = None
    seconds: float | None = None

    def text(self) -> str:
        if self.times_floor is not None:
            return f"≤ {self.times_floor:g}× floor"
        return f"≤ {self.seconds:g} s"

    def met(self, median: float, floor: float) -> bool:
        if self.times_floor is not None:
            return median <= self.times_floor * floor
        return median <= self.seconds


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    user: str  # one of ROLES
    goal: Goal | None = None
    mix: bool = False  # one of the load run's mixed pages
    memory_url: str | None = None  # the same for a fraction of the rows: is the memory flat in the rows?
    env: dict = field(default_factory=dict)  # for the measuring process
    accept: tuple[int, ...] = (200,)  # any other status is a failure of the run
    runs: int | None = None  # timed runs after the first, when not --repeat
    note: str = ""  # printed under the table


FLOOR_GOAL = Goal(times_floor=3)
EXPORT_MEMORY = "kind=province"  # the provinces: about a fifth of the agencies
MEMORY_FLAT = 1.5  # "memory flat": the Python peak for all rows at most 1.5× the peak for a fifth of them, + 1 MB
MEMORY_SLACK = 1024 * 1024


FLOOR_RUNS = 10  # the floor, and every case held to a multiple of it: they take milliseconds, 3 runs move ±30 %


def floor_case(code: str, repeat: int) -> Case:
    """The floor view (bench/views.py), as the all-agencies executive; at least FLOOR_RUNS runs."""
    return Case("floor", f"/bench/floor/?agency={code}", "executive", runs=max(repeat, FLOOR_RUNS))


def runs_of(case: Case, repeat: int) -> int:
    """Timed runs of a case: its own number, or --repeat; at least as many as the floor's when its goal is a
    multiple of the floor (a median of milliseconds compared with the floor's is as steady as the floor's)."""
    if case.runs:
        return case.runs
    if case.goal is not None and case.goal.times_floor is not None:
        return max(repeat, FLOOR_RUNS)
    return repeat


def cases(year: int, code: str) -> list[Case]:
    """The cases of the issue "National scale" (their goals), then the other reports (no goal)."""
    team = f"/assessments/{year}/{code}"
    review = f"/reviews/{year}/{code}"
    export = f"/reports/{year}/export"
    return [
        Case("workspace", f"{team}/", "coordinator", FLOOR_GOAL, mix=True),
        Case("item page 3.1", f"{team}/items/3.1/", "coordinator", FLOOR_GOAL, mix=True),
        Case("results page (team)", f"{team}/results/", "coordinator", FLOOR_GOAL, mix=True),
        Case("review queue", "/reviews/", "reviewer", FLOOR_GOAL, mix=True),
        Case("review item 3.1", f"{review}/items/3.1/", "reviewer", FLOOR_GOAL, mix=True),
        Case("results page (reviewers)", f"{review}/results/", "reviewer", FLOOR_GOAL, mix=True),
        Case("cycle dashboard", f"/reports/{year}/", "executive", Goal(times_floor=10), mix=True),
        Case("agency dashboard", f"/reports/agency/{code}/", "executive", Goal(times_floor=5), mix=True),
        _export(f"{export}/items.csv", 0.5),
        _export(f"{export}/items.json", 0.5),
        _export(f"{export}/items.xlsx", 1.5),
        Case(
            "gap report PDF (th), finalised",
            f"/reports/{year}/{code}/report.pdf",
            "executive",
            FLOOR_GOAL,
            note="gap report: the goal assumes it is served stored (see the build's line about stored reports).",
        ),
        Case(
            "portfolio PDF (URL, task inline)",
            f"/reports/{year}/portfolio.pdf",
            "executive",
            Goal(seconds=10),
            env={"TASKS_BACKEND": "immediate"},
            accept=(200, 302),
            note="portfolio: measured through its URL with TASKS_BACKEND=immediate, so the background task runs in "
            "the request: about the worker's time; to be replaced by a measure of the task itself.",
        ),
        Case("gap report PDF (en)", f"/reports/{year}/{code}/report.pdf?lang=en", "executive"),
        Case("SAR PDF (th)", f"/reports/{year}/{code}/sar.pdf", "executive"),
        Case("SAR Word (th)", f"/reports/{year}/{code}/sar.docx", "executive"),
        Case("export agencies.csv", f"{export}/agencies.csv", "executive"),
    ]


def _export(url: str, seconds: float) -> Case:
    """An export of every item of the cycle, its memory compared with the same export of the provinces only."""
    name = "export " + url.rsplit("/", 1)[1]
    return Case(name, url, "executive", Goal(seconds=seconds), memory_url=f"{url}?{EXPORT_MEMORY}")


def growth_cases(year: int, code: str) -> list[Case]:
    """Measured again on the database with more cycles: are they flat in the cycles?"""
    names = ("workspace", "agency dashboard")
    return [case for case in cases(year, code) if case.name in names]


GROWTH_FLAT = 1.25  # "flat in cycles": at N cycles at most 1.25× the time (relative to its floor) at 2 cycles
