"""PostgreSQL for the benchmark: a throw-away database on a server, and a throw-away cluster to restart under load.

PostgresScratch creates pmqa_bench_<pid>_<label> on the server of BENCH_DATABASE_URL and drops it.

Cluster is a PostgreSQL cluster of its own (initdb into a temporary directory, as user postgres when this runs as
root, on a free port of 127.0.0.1 with fsync off: nothing in it is worth keeping), which `restart_phase` restarts
(`pg_ctl restart -m fast`) while gunicorn serves the mixed pages from it under load. It is removed afterwards,
always: a finally (Ctrl-C and SIGTERM included) stops it and deletes its directory.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import load


class PostgresScratch:
    """Creates pmqa_bench_<pid>_<label> on the server of `url` (connecting to the URL's own database to do so)."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise SystemExit(f"BENCH_DATABASE_URL must be a postgres:// URL, not {parts.scheme}://")
        self.url = url
        self.created: list[str] = []

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self, label: str) -> str:
        name = f"pmqa_bench_{os.getpid()}_{label}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        self._execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))

    def drop(self) -> None:
        while self.created:
            self._execute(f'DROP DATABASE IF EXISTS "{self.created.pop()}" WITH (FORCE)')


def bindir() -> Path | None:
    """Where initdb and pg_ctl are: PG_BINDIR, /usr/lib/postgresql/15/bin, the newest /usr/lib/postgresql/*/bin, or
    the PATH; None when PostgreSQL's server is not installed."""
    candidates = [Path(os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin"))]
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for candidate in candidates:
        if (candidate / "pg_ctl").exists() and (candidate / "initdb").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


class Cluster:
    """`with Cluster() as cluster:` a running cluster; cluster.url is a database made for the benchmark."""

    def __init__(self):
        self.bin = bindir()
        if self.bin is None:
            raise SystemExit("the restart step needs PostgreSQL's initdb and pg_ctl (set PG_BINDIR)")
        self.directory = None
        self.port = load.free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def _run(self, *command: str) -> None:
        """The command as user postgres, its output in a file: a server started by pg_ctl keeps the descriptors it
        inherits, and a pipe would never close."""
        with open(self.directory / "commands.log", "a+") as output:
            done = subprocess.run([*self.as_postgres, *command], stdout=output, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                output.seek(0)
                tail = output.read()[-1500:].strip()
                raise SystemExit(f"{Path(command[0]).name} {command[-1]} failed: {tail}")

    def __enter__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="pmqa-bench-cluster-"))
        try:
            if self.as_postgres:
                shutil.chown(self.directory, "postgres", "postgres")
                (self.directory / "commands.log").touch()
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
            self._run(str(self.bin / "pg_ctl"), *self._start_arguments())
            self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "pmqa")
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start_arguments(self) -> list[str]:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.directory}"
        options += " -c fsync=off -c max_connections=100"
        return ["-D", str(self.data), "-l", str(self.directory / "server.log"), "-o", options, "-w", "start"]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pmqa"

    def describe(self) -> str:
        version = (self.data / "PG_VERSION").read_text().strip() if self.directory else "?"
        return f"a throw-away PostgreSQL {version} cluster on 127.0.0.1:{self.port} (fsync off)"

    def restart(self) -> None:
        """A fast restart: open connections are cut, the server is back once pg_ctl returns (-w)."""
        self._run(str(self.bin / "pg_ctl"), *self._start_arguments()[:-1], "-m", "fast", "restart")

    def __exit__(self, *exc):
        if self.directory is None:
            return
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None


def restart_phase(build, env_for, root: Path, *, agencies: int, seed: int, seconds: float, connections, workers):
    """A cluster of its own, filled by `build(label, database_url, agencies, cycles)` → facts; gunicorn on it; the
    mixed pages under load for `seconds`, with a fast restart of the cluster a third of the way in. Counts the
    errors of requests that ended before the restart began, of those that overlapped it, and of those started
    after the server was back."""
    started = time.perf_counter()
    with Cluster() as cluster:
        facts = build("restart", cluster.url, agencies, 2)
        env = env_for("restart", cluster.url)
        targets = mix_targets(facts)
        floor = floor_target(facts)
        phase = root / "restart"
        with load.Gunicorn(env, phase / "gunicorn.log", workers) as server:
            server.wait_ready(*floor)
            load.run(server.port, targets, min(3.0, seconds), connections)  # warm-up
            restart = load.Interruption(seconds / 3, cluster.restart)
            restart.start()
            samples = load.run(server.port, targets, seconds, connections)
            restart.join()
        if restart.error is not None or restart.began is None:
            raise SystemExit(f"the restart failed: {restart.error}")
        parts = {"before": [], "during": [], "after": []}
        for sample in samples:
            if sample.ended < restart.began:
                parts["before"].append(sample)
            elif sample.started >= restart.ended:
                parts["after"].append(sample)
            else:
                parts["during"].append(sample)
        return {
            "cluster": cluster.describe(),
            "server": server.describe(),
            "agencies": agencies,
            "restart_seconds": restart.ended - restart.began,
            "restart_at": restart.began - min(s.started for s in samples),
            "phases": {name: load.summarise(name, part, seconds, connections, targets) for name, part in parts.items()},
            "elapsed": time.perf_counter() - started,
        }


def floor_target(facts: dict) -> tuple[str, str]:
    return f"/bench/floor/?agency={facts['code']}", facts["cookies"]["executive"]


def mix_targets(facts: dict) -> list[tuple[str, str]]:
    """The mixed pages (the cases marked mix), each with the session cookie of its person."""
    from bench.cases import cases

    return [(case.url, facts["cookies"][case.user]) for case in cases(facts["year"], facts["code"]) if case.mix]
