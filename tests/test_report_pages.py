"""Dashboards, the portfolio and the open-data exports: content, scope, filters and query counts."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import ExecutiveScope, User
from assessments import scoring
from assessments.models import Assessment
from reports import exports
from tests.reports_data import expected_scores, finalise, more_agencies

Y = {"year": 2570}


@pytest.fixture
def final(roles):
    finalise(roles.assessment, roles.reviewer)
    return roles


def _opdc(roles):
    user = User.objects.create_user(email="opdc@pmqa.test", password="x")
    ExecutiveScope.objects.create(user=user, scope=ExecutiveScope.Scope.ALL)
    return user


# --- where /reports/ leads ----------------------------------------------------------------------------


def test_home_leads_each_person_to_their_dashboard(client, roles):
    client.force_login(roles.other_executive)  # one agency
    assert client.get(reverse("reports:home")).url == reverse("reports:agency", kwargs={"code": "chiangmai"})
    client.force_login(roles.administrator)
    assert client.get(reverse("reports:home")).url == reverse("reports:cycle", kwargs=Y)
    nobody = User.objects.create_user(email="nobody@pmqa.test", password="x")
    client.force_login(nobody)
    assert client.get(reverse("reports:home")).status_code == 404
    for name, kwargs in [
        ("reports:cycle", Y),
        ("reports:portfolio", Y),
        ("reports:export", {**Y, "table": "items", "fmt": "csv"}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name


# --- the cycle dashboard ------------------------------------------------------------------------------


def test_cycle_dashboard_shows_statuses_results_and_ranking(client, final):
    client.force_login(_opdc(final))
    response = client.get(reverse("reports:cycle", kwargs=Y))
    page = response.content.decode()
    overview = response.context["overview"]
    expected = expected_scores(final.assessment, reviewed=True)
    assert overview["total"] == 2 and overview["finalised"] == 1
    assert [a.agency.code for a in overview["ranking"]] == ["ddc"]
    assert overview["ranking"][0].result.overall == expected.overall
    assert str(scoring.score_display(expected.overall.score)) in page
    assert 'role="img"' in page and "<title" in page  # server-side SVG charts with text alternatives
    assert "จังหวัดเชียงใหม่" in page  # not final yet, listed with its status


def test_cycle_dashboard_filters_by_ministry_and_kind(client, final):
    client.force_login(final.administrator)
    moph = client.get(reverse("reports:cycle", kwargs=Y), {"ministry": "moph"}).context["results"]
    assert [a.agency.code for a in moph.agencies] == ["ddc"]
    provinces = client.get(reverse("reports:cycle", kwargs=Y), {"kind": "province"}).context["results"]
    assert [a.agency.code for a in provinces.agencies] == ["chiangmai"]
    junk = client.get(reverse("reports:cycle", kwargs=Y), {"kind": "castle"}).context["results"]
    assert len(junk.agencies) == 2  # an unknown filter is ignored, not an error


def test_a_ministry_executive_sees_their_ministry_only(client, final):
    client.force_login(final.executive)  # moph
    results = client.get(reverse("reports:cycle", kwargs=Y)).context["results"]
    assert [a.agency.code for a in results.agencies] == ["ddc"]
    choices = client.get(reverse("reports:cycle", kwargs=Y)).context["form"].fields["ministry"].choices
    assert [code for code, _label in choices] == ["", "moph"]


def test_reviewer_scores_stay_out_until_final(client, final):
    final.assessment.status = "submitted"
    final.assessment.save()
    client.force_login(final.administrator)
    results = client.get(reverse("reports:cycle", kwargs=Y)).context["results"]
    assert all(a.result is None for a in results.agencies)


def test_cycle_dashboard_query_count_does_not_grow_with_agencies(client, final, django_assert_max_num_queries):
    opdc = _opdc(final)
    client.force_login(opdc)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:cycle", kwargs=Y)).status_code == 200
        return len(queries)

    few = count()
    more_agencies(final, 5, reviewer=final.reviewer)
    assert count() == few
    # session, user, the cycles (the one asked for and the menu's), scopes (read once per request:
    # accounts/access._scopes), ministries of the filter form, the ids of the assessments read (the key of what is
    # kept, reports/snapshots.py; some found: something to read), assessments, levels, categories, the edition's
    # results rule, the stored scores (nothing recomputed: assessments/scores.py)
    assert few == 11, few


def test_the_cycle_dashboard_is_kept_until_the_cycle_changes(client, final):
    """Read again, the heavy part comes from the cache; a change of the cycle's results is seen at once."""
    from assessments.models import Cycle

    client.force_login(_opdc(final))
    url = reverse("reports:cycle", kwargs=Y)

    def page():
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())

    with CaptureQueriesContext(connection) as first:
        shown = page()
    with CaptureQueriesContext(connection) as second:
        assert page() == shown
    assert len(second) == len(first) - 5  # no assessments, levels, categories, rule or scores read again
    Assessment.objects.filter(pk=final.assessment.pk).update(status="submitted")
    assert page() == shown  # changed behind the services' back: not seen
    Cycle.objects.filter(pk=final.cycle.pk).update(results_version=F("results_version") + 1)  # what they do
    assert client.get(url).context["overview"]["ranking"] == []


def test_portfolio_pdf(client, final):
    client.force_login(_opdc(final))
    response = client.get(reverse("reports:portfolio", kwargs=Y), {"ministry": "moph"})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "กรมควบคุมโรค" in text and "จังหวัดเชียงใหม่" not in text
    assert "กระทรวงสาธารณสุข" in text  # the filter, on the cover
    assert "2570" in reader.metadata.title


# --- the agency dashboard -----------------------------------------------------------------------------


def test_agency_dashboard_shows_results_and_links_to_reports(client, final):
    client.force_login(final.member)
    response = client.get(reverse("reports:agency", kwargs={"code": "ddc"}))
    page = response.content.decode()
    assert [e.assessment.cycle.fiscal_year for e in response.context["history"]] == [2570]
    assert reverse("reports:gap_report", kwargs={**Y, "code": "ddc"}) in page
    assert str(scoring.score_display(expected_scores(final.assessment, reviewed=True).overall.score)) in page
    client.force_login(final.other_executive)
    assert client.get(reverse("reports:agency", kwargs={"code": "ddc"})).status_code == 404


def _page(client, url) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


def _earlier_cycles(roles, years) -> None:
    """Earlier cycles of the same edition, the agency finalised in each: a longer history."""
    from assessments.cycles import cycle_open
    from assessments.models import Cycle

    for year in years:
        cycle = Cycle.objects.create(
            fiscal_year=year, edition=roles.cycle.edition, opens_on=roles.cycle.opens_on, deadline=roles.cycle.deadline
        )
        cycle_open(cycle=cycle)
        finalise(Assessment.objects.get(cycle=cycle, agency=roles.agency), roles.reviewer)


def test_the_agency_dashboard_costs_the_same_however_many_cycles(client, final):
    """Its queries do not grow with the agency's history; read again, its body comes from the cache."""
    from django.core.cache import cache

    url = reverse("reports:agency", kwargs={"code": "ddc"})
    client.force_login(final.member)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    _earlier_cycles(final, [2567, 2568, 2569])
    assert count() == few
    page = _page(client, url)
    assert all(f"{year}" in page for year in (2567, 2568, 2569, 2570))
    with CaptureQueriesContext(connection) as kept:
        assert _page(client, url) == page
    assert len(kept) == few - 5  # the history's assessments, levels, categories, rules and scores: kept


def test_the_agency_dashboard_shows_a_change_of_any_of_its_cycles_at_once(client, final):
    from assessments.models import Cycle

    _earlier_cycles(final, [2569])
    url = reverse("reports:agency", kwargs={"code": "ddc"})
    client.force_login(final.member)
    shown = _page(client, url)
    earlier = Assessment.objects.get(cycle__fiscal_year=2569, agency=final.agency)
    Assessment.objects.filter(pk=earlier.pk).update(status=Assessment.Status.SUBMITTED)
    assert _page(client, url) == shown  # changed behind the services' back: not seen
    Cycle.objects.filter(fiscal_year=2569).update(results_version=F("results_version") + 1)  # what they do
    history = client.get(url).context["history"]
    assert [e.assessment.status for e in history] == [Assessment.Status.SUBMITTED, Assessment.Status.FINALISED]


# --- open data ----------------------------------------------------------------------------------------


def _export(client, table, fmt, **query):
    return client.get(reverse("reports:export", kwargs={**Y, "table": table, "fmt": fmt}), query)


def test_csv_has_a_bom_and_the_documented_columns(client, final):
    client.force_login(final.administrator)
    response = _export(client, "items", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pmqa-2570-items.csv"'
    body = response.getvalue()  # streamed: read once
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert list(rows[0]) == list(exports.TABLES["items"])
    assert len(rows) == 2 * 24
    expected = expected_scores(final.assessment, reviewed=True)
    own = expected_scores(final.assessment, reviewed=False)
    for row in rows:
        if row["agency_code"] == "ddc":
            assert row["result_score"] == str(scoring.score_display(expected.items[row["item"]].score))
            assert row["self_score"] == str(scoring.score_display(own.items[row["item"]].score))
            assert row["result_gap"] == str(scoring.gap_display(expected.items[row["item"]].gap))
            assert row["result_level"] == (expected.items[row["item"]].level or "below_basic")
        else:
            assert row["result_score"] == "" and row["result_level"] == ""  # not final: no result


def test_xlsx_and_json_carry_the_same_rows(client, final):
    client.force_login(final.administrator)
    workbook = load_workbook(io.BytesIO(_export(client, "agencies", "xlsx").getvalue()))
    assert workbook.sheetnames == ["agencies", "columns"]
    sheet = list(workbook["agencies"].values)
    assert list(sheet[0]) == list(exports.TABLES["agencies"])
    document = json.loads(_export(client, "agencies", "json").getvalue())
    assert [c["name"] for c in document["columns"]] == list(exports.TABLES["agencies"])
    ddc = next(r for r in document["rows"] if r["agency_code"] == "ddc")
    expected = expected_scores(final.assessment, reviewed=True).overall
    assert ddc["result_score"] == float(scoring.score_display(expected.score))
    assert ddc["status"] == "finalised" and ddc["target"] == 400
    ddc_xlsx = next(dict(zip(sheet[0], r, strict=True)) for r in sheet[1:] if r[1] == "ddc")
    assert float(ddc_xlsx["result_score"]) == ddc["result_score"]


def test_exports_stay_within_scope(client, final):
    client.force_login(final.other_executive)  # chiangmai only
    rows = list(csv.DictReader(io.StringIO(_export(client, "categories", "csv").getvalue().decode("utf-8-sig"))))
    assert {r["agency_code"] for r in rows} == {"chiangmai"} and len(rows) == 6
    client.force_login(final.administrator)
    rows = list(
        csv.DictReader(io.StringIO(_export(client, "agencies", "csv", ministry="moi").getvalue().decode("utf-8-sig")))
    )
    assert [r["agency_code"] for r in rows] == ["chiangmai"]
    assert _export(client, "secrets", "csv").status_code == 404
    assert _export(client, "items", "exe").status_code == 404


def test_export_query_count_does_not_grow_with_agencies(client, final):
    client.force_login(final.administrator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = _export(client, "items", "json")
            assert response.status_code == 200 and response.getvalue()  # streamed: the rows are read as it is
        return len(queries)

    few = count()
    more_agencies(final, 4, reviewer=final.reviewer)
    assert count() == few
