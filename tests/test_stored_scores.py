"""Scores stored once (assessments/scores.py): kept current by the services, read by the reports, equal to the
scores computed now, and checked by `manage.py scores`."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from assessments import scores
from assessments.answers import EditConflict, LevelInput, response_save, target_set
from assessments.indicators import IndicatorData, indicator_add, indicator_delete
from assessments.models import Assessment, Indicator, Response, Score
from reports.selectors import agency_history, cycle_results
from reviews.workflow import assessment_finalise, assessment_reopen
from tests.test_review_workflow import _consensus_everywhere, _submit
from tests.test_submission import _claim_everything

Y = {"year": 2570}


def _stored(assessment, side="self", scope="overall", key="") -> Fraction:
    row = Score.objects.get(assessment=assessment, side=side, scope=scope, key=key)
    return Fraction(row.numerator, row.denominator)


def _answer(roles, code, **fractions):
    response = Response.objects.get(assessment=roles.assessment, item__code=code)
    levels = [LevelInput(level, "ทำแล้ว", fractions.get(level, 0)) for level in ("basic", "advance", "significance")]
    return response_save(
        response=response, version=response.version, status="in_progress", levels=levels, by=roles.member
    )


def _fresh(roles):
    return Assessment.objects.select_related("cycle").get(pk=roles.assessment.pk)


def test_opening_a_cycle_stores_zero_scores(roles):
    assert _stored(roles.assessment) == 0
    assert Score.objects.filter(assessment=roles.assessment, side="self", scope="item").count() == 24
    assert Score.objects.filter(assessment=roles.assessment, side="self", scope="results_item").count() == 6
    assert not Score.objects.filter(side="result").exists()  # no result before finalisation


def test_an_answer_a_target_and_an_indicator_update_the_stored_scores(roles):
    _answer(roles, "1.1", basic=100, advance=50)
    assert _stored(roles.assessment, scope="item", key="1.1") == 350
    assert _stored(roles.assessment, scope="category", key="1") == Fraction(350, 4)  # 1.1–1.4
    row = Score.objects.get(assessment=roles.assessment, side="self", scope="item", key="1.1")
    assert row.level == "basic" and row.gap_numerator is None  # no target yet: no gap

    target_set(assessment=roles.assessment, target_score=400, by=roles.coordinator)
    row = Score.objects.get(assessment=roles.assessment, side="self", scope="item", key="1.1")
    assert Fraction(row.gap_numerator, row.gap_denominator) == 50

    response = roles.assessment.results_responses.get(item__code="7.1")
    data = IndicatorData("อัตราความสำเร็จ", "higher", "ร้อยละ", Decimal(80), values={2568: 70, 2569: 75, 2570: 80})
    indicator = indicator_add(response=response, data=data, by=roles.member)
    assert _stored(roles.assessment, scope="results_item", key="7.1") == 300  # 100 % of the target
    indicator_delete(indicator=Indicator.objects.get(pk=indicator.pk), by=roles.member)
    assert _stored(roles.assessment, scope="results_item", key="7.1") == 0
    assert scores.verify([_fresh(roles)]) == []


def test_a_refused_save_leaves_the_stored_scores_alone(roles):
    _answer(roles, "1.1", basic=100)
    response = Response.objects.get(assessment=roles.assessment, item__code="1.1")
    with pytest.raises(EditConflict):
        response_save(
            response=response,
            version=response.version - 1,
            status="ready",
            levels=[LevelInput("basic", "", 0), LevelInput("advance", "", 0), LevelInput("significance", "", 0)],
            by=roles.member,
        )
    assert _stored(roles.assessment, scope="item", key="1.1") == 300


@pytest.fixture
def in_review(roles):
    roles.cycle.deadline = timezone.now() + datetime.timedelta(days=30)
    roles.cycle.save(update_fields=["deadline"])
    _claim_everything(roles.assessment)
    _submit(roles)
    return roles


def test_finalising_stores_the_result_and_reopening_removes_it(in_review, client):
    _consensus_everywhere(in_review)  # basic 100 on every item: 300 everywhere
    assessment_finalise(assessment=in_review.assessment, by=in_review.reviewer)
    assert _stored(in_review.assessment, side="result") == 300
    assert Score.objects.get(assessment=in_review.assessment, side="result", scope="overall").level == "basic"
    assert _stored(in_review.assessment, side="result", scope="results") == 300

    client.force_login(in_review.administrator)
    ranking = client.get(reverse("reports:cycle", kwargs=Y)).context["overview"]["ranking"]
    assert [(a.agency.code, a.result.overall.score) for a in ranking] == [("ddc", 300)]

    assessment_reopen(assessment=in_review.assessment, by=in_review.administrator, reason="บันทึกผิด")
    assert not Score.objects.filter(assessment=in_review.assessment, side="result").exists()
    assert client.get(reverse("reports:cycle", kwargs=Y)).context["overview"]["ranking"] == []


def test_reports_read_the_stored_scores_not_the_answers(roles):
    """What a report shows is what was stored: a row changed behind the services' back shows as stored (and
    `manage.py scores --verify` finds it)."""
    Score.objects.filter(assessment=roles.assessment, side="self", scope="overall").update(numerator=123, value=123)
    results = cycle_results(roles.cycle, Assessment.objects.filter(pk=roles.assessment.pk))
    assert results.agencies[0].own.overall.score == 123
    assert [h.own.overall.score for h in agency_history(roles.administrator, roles.agency)] == [123]
    problems = scores.verify([_fresh(roles)])
    assert len(problems) == 1 and "2570/" in problems[0]


def test_the_command_verifies_and_repairs(roles, capsys):
    call_command("scores", "--verify")
    assert "equal the scores computed now" in capsys.readouterr().out
    Score.objects.filter(assessment=roles.assessment, side="self", scope="item", key="2.1").update(level="advance")
    with pytest.raises(CommandError, match="1 of 2 assessments"):
        call_command("scores", "--verify")
    call_command("scores", "--store")
    call_command("scores", "--verify", "--year", "2570")
    assert Score.objects.get(assessment=roles.assessment, side="self", scope="item", key="2.1").level == ""


def test_missing_scores_are_stored_once_by_the_command_or_the_first_reader(roles, capsys):
    Score.objects.filter(assessment=roles.assessment).delete()
    call_command("scores")
    assert "38 scores stored" in capsys.readouterr().out  # overall, 6 categories, 24 items, category 7 and its 6
    Score.objects.filter(assessment=roles.assessment).delete()
    results = cycle_results(roles.cycle, Assessment.objects.filter(pk=roles.assessment.pk))
    assert results.agencies[0].own.overall.score == 0
    assert Score.objects.filter(assessment=roles.assessment, side="self").exists()
    call_command("scores")
    assert "0 scores stored" in capsys.readouterr().out


def test_a_change_raises_the_cycle_results_version_after_the_commit(roles, django_capture_on_commit_callbacks):
    """What dashboards keep is keyed by it (reports/snapshots.py)."""
    from assessments.models import Cycle

    def version():
        return Cycle.objects.get(pk=roles.cycle.pk).results_version

    before = version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _answer(roles, "1.1", basic=100)
    assert version() == before  # not before the commit
    for callback in callbacks:
        callback()
    assert version() == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        target_set(assessment=roles.assessment, target_score=400, by=roles.coordinator)
    assert version() == before + 2
