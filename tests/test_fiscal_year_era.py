"""A fiscal year reads in the page's era, as dates do: 2570 on Thai pages, 2027 on English ones (B.E. 2570 runs from
1 October 2026 to 30 September 2027). Only where a year is typed (the cycle form, its list's "(B.E.)" column, the
category 7 values) is it the Buddhist era in both languages."""

import datetime
import re

from django.utils import translation

from assessments.models import Cycle
from tests.reports_data import finalise

WORKSPACE = "/assessments/2570/ddc/"


def _text(response) -> str:
    assert response.status_code == 200
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_cycle_names_its_year_in_the_readers_era(roles):
    with translation.override("en"):
        assert str(roles.cycle) == "Fiscal year 2027"
    with translation.override("th"):
        assert str(roles.cycle) == "ปีงบประมาณ พ.ศ. 2570"


def _in_english(client, person):
    person.language = "en"
    person.save(update_fields=["language"])
    client.force_login(person)
    return client


def test_the_workspace_heading_and_its_breadcrumb_agree_in_english(client, roles):
    text = _text(_in_english(client, roles.member).get(WORKSPACE))
    assert "Fiscal year 2027" in text and "2570" not in text


def test_the_workspace_shows_the_buddhist_era_in_thai(client, roles):
    client.force_login(roles.member)
    text = _text(client.get(WORKSPACE))
    assert "ปีงบประมาณ พ.ศ. 2570" in text and "2027" not in text


def test_the_administrators_cycle_pages_read_in_the_pages_era(client, roles):
    english = _in_english(client, roles.administrator)
    text = _text(english.get("/manage/cycles/2570/assignments/"))
    assert "Reviewer assignments, fiscal year 2027" in text
    text = _text(english.get("/manage/cycles/2570/close/"))
    assert "Close the cycle of fiscal year 2027" in text
    response = english.post("/manage/cycles/2570/close/", follow=True)
    assert "The cycle of fiscal year 2027 is closed." in _text(response)


def test_the_cycle_dashboard_names_the_years_in_the_pages_era(client, roles):
    Cycle.objects.create(
        fiscal_year=2569,
        edition=roles.cycle.edition,
        opens_on=datetime.date(2025, 10, 1),
        deadline=roles.cycle.deadline - datetime.timedelta(days=365),
        status=Cycle.Status.CLOSED,
    )
    response = _in_english(client, roles.administrator).get("/reports/2570/")
    assert "Fiscal year 2027 at a glance" in _text(response)
    menu = response.content.decode().split('aria-label="Other cycles"')[1].split("</nav>")[0]
    assert re.findall(r'href="/reports/(\d+)/">(\d+)<', menu) == [("2570", "2027"), ("2569", "2026")]


def test_the_agency_dashboard_and_its_charts_name_the_years_in_the_pages_era(client, roles):
    finalise(roles.assessment, roles.reviewer)
    text = _text(_in_english(client, roles.member).get("/reports/agency/ddc/"))
    assert "Fiscal year 2027: the six categories" in text  # the radar's title
    assert "Fiscal year 2027" in text.split("Overall score by fiscal year")[1]  # the history table
    assert "2570" not in text
