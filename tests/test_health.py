"""/health/: what a load balancer asks each app server — the database, the file storage and the task queue."""

import pytest

OK = {"status": "ok", "checks": {"database": "ok", "storage": "ok", "queue": "ok"}}
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_healthy_with_the_database_queue(client, db, settings, media):
    settings.TASKS = DB_TASKS
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == OK
    assert "no-store" in response["Cache-Control"]


def test_healthy_with_redis(client, db, settings, media):
    settings.TASKS = RQ_TASKS
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/14"}}
    assert client.get("/health/").json() == OK


def test_a_queue_out_of_reach_fails_the_check(client, db, settings, media, caplog):
    settings.TASKS = RQ_TASKS
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "ok", "storage": "ok", "queue": "failing"}}
    assert "queue is not reachable" in caplog.text  # the details go to the log, not to the caller
    assert "6379" not in response.content.decode() and "Error" not in response.content.decode()


def test_storage_that_cannot_be_written_fails_the_check(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "missing"
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["checks"]["storage"] == "failing"


def test_only_get(client, db):
    assert client.post("/health/").status_code == 405
