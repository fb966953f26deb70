"""Two people saving the same item at the same moment, on PostgreSQL: exactly one wins, nothing is overwritten."""

import threading

import pytest
from django.db import connection, connections

from assessments.answers import EditConflict, LevelInput, response_save
from assessments.models import Response

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL behaviour: run with DATABASE_URL=postgres://… (CI does)")


def test_two_concurrent_saves_from_the_same_version(postgres_only, transactional_db, live_criteria):
    from tests.conftest import _make_roles

    roles = _make_roles(live_criteria)
    response = Response.objects.get(assessment=roles.assessment, item__code="1.1")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(person, text):
        try:
            mine = Response.objects.select_related("assessment__cycle__edition").get(pk=response.pk)
            barrier.wait()
            response_save(
                response=mine,
                version=0,
                status="in_progress",
                by=person,
                levels=[LevelInput("basic", text, 50), LevelInput("advance", "", 0), LevelInput("significance", "", 0)],
            )
            outcomes[text] = "saved"
        except EditConflict:
            outcomes[text] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(roles.member, "สมาชิก")),
        threading.Thread(target=save, args=(roles.coordinator, "ผู้ประสานงาน")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    saved = Response.objects.get(pk=response.pk)
    assert saved.version == 1
    assert saved.answers.get(level__code="basic").narrative == winner
