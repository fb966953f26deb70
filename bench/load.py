"""A bounded load run: gunicorn serving the bench's database on 127.0.0.1, and a load generator holding a fixed
number of concurrent connections for a fixed time.

gunicorn runs production's settings (bench/settings.py: DEBUG off) except that it speaks plain HTTP, as behind a
TLS proxy on the same machine (SECURE_SSL_REDIRECT=false). Its sync workers serve one request per connection, so
each request of the generator opens a connection, sends `Connection: close` and reads the answer to its end.

The generator is one Python process (asyncio, raw sockets: no dependency) on the same machine as gunicorn and the
database: it takes some of the CPU they would have, the same for the floor and for the mixed pages.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 60.0  # seconds: a request not answered by then counts as a connection error


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`with Gunicorn(env, log, workers) as server:` started on a free port of 127.0.0.1, stopped at the end (its
    own process group, by its id)."""

    def __init__(self, env: dict, log: Path, workers: int):
        self.env = {**env, "SECURE_SSL_REDIRECT": "false", "DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.log, self.workers = log, workers
        self.port = free_port()
        self.process = None

    def describe(self) -> str:
        return f"gunicorn pmqa.wsgi, {self.workers} sync workers × 1 thread, 127.0.0.1:{self.port}, plain HTTP"

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "pmqa.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--threads=1",
            "--worker-class=sync",
            "--timeout=120",
            "--graceful-timeout=5",
        ]
        # Its output (and the tracebacks Django logs for a 500) go to the log file, not among the bench's figures.
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                command, cwd=PROJECT, env=self.env, start_new_session=True, stdout=output, stderr=output
            )
        return self

    def wait_ready(self, path: str, cookie: str, seconds: float = 60) -> None:
        """Until the path answers 200 (the workers are up and the session works), else SystemExit."""
        deadline = time.monotonic() + seconds
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Cookie": cookie})
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    if answer.status == 200:
                        return
                    last = str(answer.status)
            except Exception as error:  # refused while starting, or an HTTP error: try again
                last = f"{type(error).__name__}: {error}"
            time.sleep(0.2)
        tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        raise SystemExit(f"gunicorn did not answer {path} with 200 ({last}); its log ends:\n{tail}")

    def __exit__(self, *exc):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this bench started (start_new_session)
            self.process.wait()


@dataclass
class Sample:
    started: float  # time.monotonic()
    ended: float
    target: int  # index into the targets
    status: int | None  # None: a connection error (refused, reset, timeout, short answer)


@dataclass
class LoadResult:
    name: str
    seconds: float
    connections: int
    requests: int = 0
    ok: int = 0
    non_200: int = 0
    connection_errors: int = 0
    per_second: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    statuses: dict = field(default_factory=dict)
    failed: dict = field(default_factory=dict)  # "path status" → how many

    @property
    def errors(self) -> int:
        return self.non_200 + self.connection_errors


def run(port: int, targets: list[tuple[str, str]], seconds: float, connections: int) -> list[Sample]:
    """`connections` clients, each asking for the targets (path, cookie) in turn from its own starting point, for
    `seconds`; a client starts no request after that and finishes the one it is in."""
    return asyncio.run(_run(port, targets, seconds, connections))


async def _run(port, targets, seconds, connections) -> list[Sample]:
    samples: list[Sample] = []
    deadline = time.monotonic() + seconds
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nUser-Agent: pmqa-bench\r\n"
            "Accept: text/html\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        for path, cookie in targets
    ]

    async def client(offset: int) -> None:
        turn = offset
        while time.monotonic() < deadline:
            target = turn % len(requests)
            turn += 1
            started = time.monotonic()
            try:
                status = await asyncio.wait_for(_get(port, requests[target]), REQUEST_TIMEOUT)
            except (TimeoutError, OSError, ValueError, IndexError):
                status = None
            samples.append(Sample(started, time.monotonic(), target, status))
            if status is None:
                await asyncio.sleep(0.01)  # refused at once: do not spin

    await asyncio.gather(*(client(k) for k in range(connections)))
    return samples


async def _get(port: int, request: bytes) -> int:
    """One request on a new connection; the status, once the whole answer is read (Content-Length checked)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        answer = await reader.read()  # to the end: the server closes
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and int(value) != len(body):
            raise ValueError("short answer")
    return status


def summarise(name: str, samples: list[Sample], seconds: float, connections: int, targets: list) -> LoadResult:
    found = LoadResult(name, seconds, connections, requests=len(samples))
    statuses: dict[str, int] = {}
    for sample in samples:
        key = str(sample.status) if sample.status is not None else "connection error"
        statuses[key] = statuses.get(key, 0) + 1
        if sample.status != 200:
            where = f"{targets[sample.target][0]} {key}"
            found.failed[where] = found.failed.get(where, 0) + 1
    found.statuses = statuses
    found.ok = statuses.get("200", 0)
    found.connection_errors = statuses.get("connection error", 0)
    found.non_200 = found.requests - found.ok - found.connection_errors
    if samples:
        span = max(s.ended for s in samples) - min(s.started for s in samples)
        found.per_second = found.ok / span if span > 0 else 0.0
        latencies = sorted((s.ended - s.started) * 1000 for s in samples)
        found.p50_ms = latencies[len(latencies) // 2]
        found.p95_ms = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return found


def load_phase(env: dict, log: Path, *, floor: tuple, mix: list[tuple], seconds, connections, workers) -> dict:
    """gunicorn started, warmed up on every target, then the floor and the mixed pages for `seconds` each."""
    with Gunicorn(env, log, workers) as server:
        server.wait_ready(*floor)
        run(server.port, [floor, *mix], min(3.0, seconds), connections)  # every worker loads every page
        results = {}
        for name, targets in (("floor", [floor]), ("mixed pages", mix)):
            samples = run(server.port, targets, seconds, connections)
            results[name] = summarise(name, samples, seconds, connections, targets)
        return {"server": server.describe(), "results": results}


class Interruption(threading.Thread):
    """Runs `action` after `delay` seconds, noting when it began and ended (time.monotonic())."""

    def __init__(self, delay: float, action):
        super().__init__(daemon=True)
        self.delay, self.action = delay, action
        self.began = self.ended = None
        self.error = None

    def run(self) -> None:
        time.sleep(self.delay)
        self.began = time.monotonic()
        try:
            self.action()
        except Exception as error:  # reported by the caller
            self.error = error
        self.ended = time.monotonic()
