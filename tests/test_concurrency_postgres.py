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


def _race(roles, response, version) -> dict:
    """The coordinator submits and a member saves item 1.1 with Basic at 0 %, released together."""
    from assessments.answers import AssessmentLocked
    from assessments.models import Assessment
    from assessments.submission import SubmissionRefused, assessment_submit

    barrier = threading.Barrier(2)
    result = {}

    def submit():
        try:
            assessment = Assessment.objects.get(pk=roles.assessment.pk)
            barrier.wait()
            assessment_submit(assessment=assessment, by=roles.coordinator, warnings_confirmed=True)
            result["submit"] = "ok"
        except SubmissionRefused:
            result["submit"] = "refused"
        finally:
            connections.close_all()

    def save():
        try:
            mine = Response.objects.select_related("assessment__cycle__edition").get(pk=response.pk)
            barrier.wait()
            response_save(
                response=mine,
                version=version,
                status="in_progress",
                by=roles.member,
                levels=[LevelInput("basic", "", 0), LevelInput("advance", "", 0), LevelInput("significance", "", 0)],
            )
            result["save"] = "ok"
        except AssessmentLocked:
            result["save"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def test_a_submission_racing_a_save_never_leaves_a_locked_assessment_that_fails_its_check(
    postgres_only, transactional_db, live_criteria
):
    """Many times over: either the save comes first and the submission is refused (the check now finds the error),
    or the submission comes first and the save is refused (the assessment is locked). Never both."""
    from assessments.models import Answer, Assessment
    from assessments.quality import ERROR, quality_check
    from tests.conftest import _make_roles
    from tests.test_submission import _claim_everything

    roles = _make_roles(live_criteria)
    _claim_everything(roles.assessment)
    response = Response.objects.get(assessment=roles.assessment, item__code="1.1")
    for _try in range(15):
        Assessment.objects.filter(pk=roles.assessment.pk).update(status="draft", submitted_at=None)
        Answer.objects.filter(response=response, level__code="basic").update(fraction=100)
        result = _race(roles, response, Response.objects.get(pk=response.pk).version)
        assert sorted(result.values()) == ["ok", "refused"], result
        assessment = Assessment.objects.get(pk=roles.assessment.pk)
        if assessment.status == "submitted":
            assert not [f for f in quality_check(assessment) if f.severity == ERROR]
