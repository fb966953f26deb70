"""The demo data (`manage.py load_demo`): refused in production, loaded once, and a previous cycle worth a trend."""

import datetime
import io
import zoneinfo

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import ReviewerAssignment, User
from assessments import scoring
from assessments.models import Assessment, Change, Cycle, Response
from reviews.workflow import timeline

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
DEMO_AGENCIES = {"ddc", "dms", "dopa", "chiangmai", "khonkaen", "dga"}
PROJECT_APPS = {"accounts", "agencies", "assessments", "criteria", "reviews"}


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction that is rolled back at its end: each test then runs
    in its own savepoint (the `db` fixture), so what a test changes is undone before the next one reads."""
    from tests.conftest import _load_criteria

    fast = override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        try:
            edition = _load_criteria()
            call_command("load_demo", stdout=io.StringIO())
            yield edition
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db, settings):
    settings.DEBUG = True
    return _demo_loaded


def _every_row() -> dict[str, list[dict]]:
    """Every row of the project's models, field by field: what "changes nothing" means."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


def _scores(scale, assessment) -> tuple[scoring.AssessmentScores, scoring.AssessmentScores]:
    """The agency's own scores and the reviewers' result, by the scoring rules."""
    own, result = [], []
    for response in assessment.responses.select_related("item__category").prefetch_related("answers__level", "reviews"):
        item = (response.item.code, response.item.category.number)
        own.append(scoring.ItemInput(*item, {a.level.code: a.fraction for a in response.answers.all()}))
        consensus = [r for r in response.reviews.all() if r.is_consensus]
        result.append(scoring.ItemInput(*item, consensus[0].fractions if consensus else {}))
    target = assessment.target_score
    return scoring.assessment_scores(scale, own, target=target), scoring.assessment_scores(scale, result, target=target)


def test_demo_data_is_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


def test_demo_data_loads_once(demo, settings, capsys):
    before = _every_row()
    call_command("load_demo")
    assert _every_row() == before
    out = capsys.readouterr().out
    assert "coordinator@pmqa-demo.test" in out and "pmqa-demo-2569" in out
    assert User.objects.get(email="admin@pmqa-demo.test").is_superuser


def test_the_current_cycle_is_2570_as_before(demo):
    assert Cycle.objects.current().fiscal_year == 2570
    statuses = dict(Assessment.objects.filter(cycle__fiscal_year=2570).values_list("agency__code", "status"))
    assert statuses == {
        "ddc": "draft",
        "chiangmai": "submitted",
        "dms": "finalised",
        "dopa": "draft",
        "khonkaen": "draft",
        "dga": "draft",
    }
    assert not Response.objects.filter(assessment__cycle__fiscal_year=2570, carried_over_from__isnull=False).exists()


def test_the_previous_cycle_is_closed_with_every_assessment_final_and_a_consensus_on_each_item(demo):
    cycle = Cycle.objects.get(fiscal_year=2569)
    assert cycle.status == Cycle.Status.CLOSED
    scale = scoring.Scale.from_rows(cycle.edition.levels.all())
    assessments = list(Assessment.objects.filter(cycle=cycle).select_related("agency"))
    assert {a.agency.code for a in assessments} == DEMO_AGENCIES
    for assessment in assessments:
        assert assessment.status == Assessment.Status.FINALISED
        assert assessment.target_score in (300, 350, 400)
        reviewers = ReviewerAssignment.objects.filter(cycle=cycle, agency=assessment.agency)
        lead = reviewers.get(is_lead=True).reviewer
        assert assessment.finalised_by == lead
        for response in assessment.responses.prefetch_related("answers__level", "reviews", "evidence"):
            assert response.status == Response.Status.READY and response.evidence.exists()
            claimed = {a.level.code: a.fraction for a in response.answers.all()}
            assert not scoring.gate_violations(scale, claimed)
            assert all(a.narrative for a in response.answers.all() if a.fraction)
            consensus = [r for r in response.reviews.all() if r.is_consensus]
            assert len(consensus) == 1 and consensus[0].reviewer == lead
            assert not scoring.gate_violations(scale, consensus[0].fractions)
            assert consensus[0].strengths and consensus[0].improvements
            own = {r.reviewer_id for r in response.reviews.all() if not r.is_consensus}
            assert own == {a.reviewer_id for a in reviewers}  # each assigned reviewer scored it first


def test_the_previous_cycle_happened_in_fiscal_2569(demo):
    cycle = Cycle.objects.get(fiscal_year=2569)
    start = datetime.datetime(2025, 10, 1, tzinfo=BANGKOK)
    end = datetime.datetime(2026, 10, 1, tzinfo=BANGKOK)
    for assessment in Assessment.objects.filter(cycle=cycle):
        assert start <= assessment.submitted_at <= cycle.deadline
        assert cycle.deadline < assessment.finalised_at < end
        steps = [step.action for step in timeline(assessment)]
        assert steps in (["submitted", "finalised"], ["submitted", "returned", "submitted", "finalised"])
    changes = Change.objects.filter(assessment__cycle=cycle)
    assert all(start <= change.at < end for change in changes)
    assert changes.filter(action=Change.Action.RETURNED).count() == 1


def test_the_previous_results_differ_by_agency_and_mostly_improve_in_2570(demo):
    scale = scoring.Scale.from_rows(demo.levels.all())
    results = {}
    for assessment in Assessment.objects.filter(cycle__fiscal_year=2569).select_related("agency"):
        own, result = _scores(scale, assessment)
        assert 260 <= result.overall.score <= 385
        assert own.overall.score >= result.overall.score  # the agencies claim a little more than the reviewers find
        results[assessment.agency.code] = result.overall.score
    assert len(set(results.values())) == len(results)
    later = Assessment.objects.get(cycle__fiscal_year=2570, agency__code="dms")
    assert _scores(scale, later)[1].overall.score > results["dms"]


def test_finalised_agencies_have_a_profile_and_indicators_and_ddc_is_half_way(demo):
    from assessments.models import Indicator, ProfileAnswer
    from reviews.models import ResultsReview

    finalised = Assessment.objects.filter(status=Assessment.Status.FINALISED)
    assert {(a.cycle.fiscal_year, a.agency.code) for a in finalised} >= {(2569, code) for code in DEMO_AGENCIES}
    for assessment in finalised:
        answers = ProfileAnswer.objects.filter(assessment=assessment)
        assert answers.count() == 11 and not answers.filter(text="").exists(), assessment
        indicators = Indicator.objects.filter(response__assessment=assessment).prefetch_related("values")
        assert indicators.count() == 11, assessment  # two per results item, one for 7.5
        year = assessment.cycle.fiscal_year
        assert all({v.fiscal_year for v in i.values.all()} == {year - 2, year - 1, year} for i in indicators)
        assert ResultsReview.objects.filter(response__assessment=assessment, is_consensus=True).count() == 6
    ddc = Assessment.objects.get(cycle__fiscal_year=2570, agency__code="ddc")
    carried = ProfileAnswer.objects.filter(assessment=ddc, carried_over_from__isnull=False)
    assert carried.count() == 11 and carried.filter(status="in_progress").count() == 11
    copied = Indicator.objects.filter(response__assessment=ddc)
    assert set(copied.values_list("response__item__code", flat=True)) == {"7.1", "7.2"}
    assert all(i.carried_over_from is not None for i in copied)


def test_the_demo_stores_its_scores_as_it_goes(demo, capsys):
    """The demo is made through the services, which store the scores: none missing, all equal to the scores
    computed now (`manage.py scores --verify`, which CI runs here)."""
    from assessments.models import Score

    stored = Score.objects.count()
    assert stored and Score.objects.filter(side="result").exists()
    call_command("scores")
    assert Score.objects.count() == stored and "0 scores stored" in capsys.readouterr().out
    call_command("scores", "--verify")
