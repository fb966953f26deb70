"""Open data of what agencies wrote: organisation profiles, narratives per sub-item and level, results indicators;
in every format, within the person's scope, for one agency when asked."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer
from tests.sar_data import indicators_write, profile_write


@pytest.fixture
def written(roles):
    profile_write(roles.assessment)
    Answer.objects.filter(response__assessment=roles.assessment, level__code="basic").update(
        fraction=100, narrative="กำหนดแนวทางอย่างเป็นระบบ"
    )
    indicators_write(roles.assessment)
    return roles


def _csv(client, user, table, query=""):
    client.force_login(user)
    response = client.get(reverse("reports:export", kwargs={"year": 2570, "table": table, "fmt": "csv"}) + query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_profiles_narratives_and_indicators_are_open_data(client, written):
    profile = _csv(client, written.executive, "profile")
    assert len(profile) == 11 and profile[0]["section_number"] == "P.1 ก (1)"
    assert profile[0]["text"].startswith("พันธกิจและบริการ: ส่วนราชการมีพันธกิจ")
    narratives = [r for r in _csv(client, written.executive, "narratives") if r["narrative"]]
    assert len(narratives) == 24
    assert (narratives[0]["item"], narratives[0]["level"], narratives[0]["fraction"]) == ("1.1", "basic", "100")
    values = _csv(client, written.executive, "indicators")
    assert len(values) == 6 * 3
    first = values[0]
    assert (first["results_item"], first["target"], first["value_year"], first["value"]) == (
        "7.1",
        "90",
        "2568",
        "80.5",
    )
    assert first["direction"] == "higher" and first["unit"] == "ร้อยละ"


def test_they_stay_within_the_persons_scope(client, written):
    rows = _csv(client, written.other_executive, "narratives")
    assert len(rows) == 72 and {r["agency_code"] for r in rows} == {"chiangmai"}  # 24 items × 3 levels, unwritten
    # Asking for an agency outside one's scope gives one's own scope, never that agency.
    rows = _csv(client, written.other_executive, "indicators", "?agency=ddc")
    assert all(r["agency_code"] != "ddc" for r in rows)
    assert {r["agency_code"] for r in _csv(client, written.administrator, "profile", "?agency=ddc")} == {"ddc"}


def test_json_and_xlsx_carry_the_same_rows(client, written):
    client.force_login(written.executive)
    url = reverse("reports:export", kwargs={"year": 2570, "table": "indicators", "fmt": "json"})
    document = json.loads(client.get(url).getvalue())
    assert document["table"] == "indicators" and len(document["rows"]) == 18
    assert document["rows"][0]["value"] == 80.5 and document["rows"][0]["target"] == 90
    names = [c["name"] for c in document["columns"]]
    assert names[-3:] == ["value_year", "value", "data_source"]
    workbook = load_workbook(io.BytesIO(client.get(url.replace(".json", ".xlsx")).getvalue()))
    sheet = workbook["indicators"]
    assert sheet.max_row == 19 and [c.value for c in sheet[1]] == names


def test_the_agency_page_links_its_own_data(client, written):
    client.force_login(written.executive)
    page = client.get(reverse("reports:agency", kwargs={"code": "ddc"})).content.decode()
    assert reverse("reports:export", kwargs={"year": 2570, "table": "narratives", "fmt": "csv"}) + "?agency=ddc" in page
    assert reverse("reports:sar", kwargs={"year": 2570, "code": "ddc", "fmt": "pdf"}) in page
