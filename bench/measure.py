"""The measuring process: one case, in a fresh process of its own, as a new worker would serve it.

It logs the case's person in (force_login), warms up with one request to /, requests the URL once (timed: "first",
what a new worker pays once — templates compiled, WeasyPrint's fonts loaded) and `runs` times more (timed: their
median is the case's time; and the growth of peak RSS over all of them), then once more under tracemalloc and query
capture (they slow it, so that run is not timed), and the case's smaller variant (memory_url) once under tracemalloc.
Its results: one line of JSON.

Why separate processes: ru_maxrss is a high-water mark, and a process started by another begins with its
parent's; measured after a build of tens of thousands of rows, or after a bigger case, a case would show nothing.
"""

import json
import resource
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass, field

MB = 1024 * 1024


@dataclass
class Measured:
    name: str
    url: str
    user: str = ""
    status: int | None = None  # None: the view raised, or the process failed
    status_text: str = ""
    first: float = 0.0  # seconds: the first request of the URL in the process
    times: list[float] = field(default_factory=list)  # seconds: the runs after it
    python_peak: int = 0  # bytes
    rss_growth: int = 0  # bytes
    size: int = 0  # bytes
    queries: int = 0
    memory_url: str | None = None
    memory_peak: int = 0  # bytes: the Python peak for memory_url
    memory_size: int = 0
    floor_times: list[float] = field(default_factory=list)  # seconds: the floor, timed before each run in turn

    @property
    def floor_median(self) -> float | None:
        """The floor's median in this process, timed in turn with the runs (None: not measured with it)."""
        return median_of(self.floor_times) if self.floor_times else None

    @property
    def ok(self) -> bool:
        return bool(self.times)

    @property
    def median(self) -> float:
        return median_of(self.times)

    @classmethod
    def from_dict(cls, data: dict) -> "Measured":
        return cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})


def median_of(times: list[float]) -> float:
    """The median of some timings (the mean of the two middle ones when they are even in number)."""
    ordered = sorted(times)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def case_main(
    url: str, email: str, runs: int, memory_url: str | None, accept: tuple[int, ...], floor: tuple[str, str] | None
) -> int:
    """In a measuring process (Django set up by the caller): one case, its results as one line of JSON. `floor`:
    the floor's URL and person, timed in turn with the case's runs (a machine whose speed drifts over minutes
    moves both alike)."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    client.get("/", secure=True)  # loads URLs, translations and templates once, outside the measurements
    timed_floor = None
    if floor:
        floor_url, floor_email = floor
        floor_client = Client()
        floor_client.force_login(User.objects.get(email=floor_email))
        fetch(floor_client, floor_url)  # its first request, outside the measurements
        timed_floor = (floor_client, floor_url)
    found = measure(client, url, runs, accept, floor=timed_floor)
    if found.ok and memory_url:
        found.memory_url = memory_url
        found.memory_peak, found.memory_size = _python_peak(client, memory_url)
    print(json.dumps({key: value for key, value in asdict(found).items() if key != "name"}))
    return 0


def measure(client, url: str, runs: int, accept: tuple[int, ...] = (200,), floor=None) -> Measured:
    """A first request (timed: what a new worker pays once), `runs` timed requests after it (the median is theirs),
    each after a timed request of the floor when `floor` (its client and URL) is given, then one under tracemalloc
    and query capture (they slow it, so it is not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = Measured("", url)
    rss_before = _max_rss()
    times = []
    for run in range(1 + runs):
        if floor and run:
            started = time.perf_counter()
            fetch(*floor)
            found.floor_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        status, size = fetch(client, url)
        times.append(time.perf_counter() - started)
        found.status, found.size = status if isinstance(status, int) else None, size
        if status not in accept:
            found.status_text = "not available (404)" if status == 404 else str(status)
            return found
    found.rss_growth = _max_rss() - rss_before
    found.first, found.times = times[0], times[1:]
    with CaptureQueriesContext(connection) as queries:
        found.python_peak = _python_peak(client, url)[0]
    found.queries = len(queries.captured_queries)
    found.status_text = str(found.status)
    return found


def _python_peak(client, url: str) -> tuple[int, int]:
    """The Python heap's peak (bytes) during one request, and the body's size."""
    tracemalloc.start()
    try:
        _status, size = fetch(client, url)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def fetch(client, url: str) -> tuple[int | str, int]:
    """The status and body size of a GET over HTTPS (production redirects HTTP), the body read in full."""
    try:
        response = client.get(url, secure=True)
    except Exception as error:  # the view raised: report it, measure the rest
        return f"exception {type(error).__name__}: {error}", 0
    # A streamed body is counted chunk by chunk, never held whole: that is what a streaming response saves.
    size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
    response.close()
    return response.status_code, size


def _max_rss() -> int:
    """The process's peak resident set so far, in bytes (ru_maxrss is in KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
