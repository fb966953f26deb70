"""Real worker processes on both task backends (the database, and RQ on Redis): a worker killed in the middle of
sending an e-mail loses nothing — the next worker's sweep sends it. PostgreSQL only: the workers are separate
processes and must see the test database (SQLite's test database lives in this process's memory)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.mail import send_mail
from django.db import connection

from outbox.models import OutgoingMail

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("Worker processes need a database they can share: run with DATABASE_URL=postgres://… (CI does)")
    yield
    # The killed workers' sessions may linger a moment; the test database is dropped after the run.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(backend: str, delivery: str, mail_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": backend,
        "REDIS_URL": REDIS_URL,
        "TASKS_LEASE_SECONDS": "2",
        "TASKS_SWEEP_SECONDS": "1",
        "MAIL_DELIVERY_BACKEND": delivery,
        "EMAIL_FILE_PATH": str(mail_dir),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "worker", "-v", "0"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _children(pid: int) -> list[int]:
    """The process's descendants (RQ forks a work horse per job, in a process group of its own)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found += [int(entry.name), *_children(int(entry.name))]
        except OSError:
            pass
    return found


def _stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        if sig == signal.SIGKILL:  # the whole machine stops: the work horses too
            for child in _children(process.pid):
                os.kill(child, signal.SIGKILL)
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_an_email_survives_a_worker_killed_while_sending_it(
    postgres_only, transactional_db, settings, tmp_path, backend
):
    settings.EMAIL_BACKEND = "outbox.backend.OutboxBackend"
    settings.TASKS_LEASE_SECONDS = 2
    if backend == "rq":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    else:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    mail_dir = tmp_path / "mail"

    send_mail("ผลการประเมิน", "ข้อความ", None, ["reviewer@pmqa.test"])  # committed: the task is enqueued
    row = OutgoingMail.objects.get()

    first = _worker(backend, "tests.mail_backends.HangingBackend", mail_dir)
    try:
        _wait(lambda: OutgoingMail.objects.get(pk=row.pk).claimed_until is not None, 60, "the first worker to start")
    finally:
        _stop(first, signal.SIGKILL)  # killed mid-send: no chance to clean up
    assert OutgoingMail.objects.get(pk=row.pk).status == "pending"

    second = _worker(backend, "django.core.mail.backends.filebased.EmailBackend", mail_dir)
    try:
        _wait(lambda: OutgoingMail.objects.get(pk=row.pk).status == "sent", 60, "the second worker to send it")
    finally:
        _stop(second)
    sent = [path.read_bytes() for path in mail_dir.iterdir()]
    assert len(sent) == 1 and b"reviewer@pmqa.test" in sent[0]
    assert OutgoingMail.objects.get(pk=row.pk).attempts == 2
