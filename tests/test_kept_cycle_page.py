"""The cycle dashboard kept whole (reports/snapshots.CycleView.page_key): the next reader of the same page gets it
without its template work, and whatever it shows besides the cycle's results is seen at once."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ExecutiveScope, User
from assessments.models import Cycle
from tests.reports_data import finalise

URL = reverse("reports:cycle", kwargs={"year": 2570})
PART = "reports/_cycle.html"


@pytest.fixture
def final(roles):
    finalise(roles.assessment, roles.reviewer)
    return roles


def _opdc(email="opdc@pmqa.test"):
    user = User.objects.create_user(email=email, password="x")
    ExecutiveScope.objects.create(user=user, scope=ExecutiveScope.Scope.ALL)
    return user


def _read(client, url=URL, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _main(page: str) -> str:
    """The page without its header (each person's own)."""
    return page[page.index("<main") :]


def _rendered(response) -> bool:
    return PART in [template.name for template in response.templates]


def test_the_whole_page_is_kept_for_the_next_reader(client, final):
    client.force_login(_opdc())
    first, shown = _read(client)
    assert _rendered(first)
    with CaptureQueriesContext(connection) as queries:
        second, again = _read(client)
    assert again == shown and not _rendered(second)
    # session, user, the cycles (the one asked for and the menu's), scopes, the filter's ministries, the ids of the
    # assessments read (they also show there is something to read): what the key needs, nothing of the results
    assert len(queries) == 6, [query["sql"] for query in queries]
    client.force_login(_opdc("opdc2@pmqa.test"))  # another person who reads the same: the same page, kept
    third, other = _read(client)
    assert not _rendered(third) and _main(other) == _main(shown)


def test_each_filter_is_its_own_page(client, final):
    client.force_login(_opdc())
    _read(client)
    response, page = _read(client, ministry="moph")
    assert _rendered(response)
    assert re.search(r'<option value="moph" selected>', page)
    export = reverse("reports:export", kwargs={"year": 2570, "table": "items", "fmt": "csv"})
    assert f"{export}?ministry=moph" in page  # the downloads carry the filter
    assert reverse("reports:agency", kwargs={"code": "ddc"}) in page
    assert reverse("reports:agency", kwargs={"code": "chiangmai"}) not in page
    response, page = _read(client, ministry="moph", kind="department")  # the same agencies, another filter
    assert _rendered(response) and re.search(r'<option value="department" selected>', page)
    assert f"{export}?ministry=moph&amp;kind=department" in page
    response, page = _read(client)
    assert not re.search(r'<option value="moph" selected>', page) and f"{export}?ministry=moph" not in page
    assert reverse("reports:agency", kwargs={"code": "chiangmai"}) in page


def test_a_cycle_opened_shows_in_the_menu_at_once(client, final):
    client.force_login(_opdc())
    _read(client)
    later = Cycle.objects.create(
        fiscal_year=2571,
        edition=final.cycle.edition,
        opens_on=datetime.date(2027, 10, 1),
        deadline=final.cycle.deadline + datetime.timedelta(days=365),
    )
    _response, page = _read(client)
    assert reverse("reports:cycle", kwargs={"year": 2571}) not in page  # a draft is not in the menu
    Cycle.objects.filter(pk=later.pk).update(status=Cycle.Status.OPEN)  # no results change: only the menu
    response, page = _read(client)
    assert _rendered(response) and reverse("reports:cycle", kwargs={"year": 2571}) in page


def test_the_synthesis_link_is_each_readers_own(client, final):
    """The lead reviewer and a member of the agency read the same assessment; only the reviewer reads the synthesis."""
    synthesis = reverse("practices:synthesis_index", kwargs={"year": 2570})
    client.force_login(final.reviewer)
    _response, page = _read(client)
    assert synthesis in page
    client.force_login(final.member)
    response, page = _read(client)
    assert _rendered(response) and synthesis not in page


def test_each_language_its_own_page(client, final):
    client.force_login(_opdc())
    _response, thai = _read(client)
    User.objects.filter(email="opdc@pmqa.test").update(language="en")
    response, english = _read(client)
    assert _rendered(response)
    assert "Ranking of final results" in english and "Ranking of final results" not in thai


def test_the_ministries_offered_are_each_readers_own(client, final):
    """Two executives read the same assessment of the cycle; one also reads an agency of another ministry that has
    none in this cycle: their filters offer different ministries."""
    from agencies.models import Agency, Ministry

    mof = Ministry.objects.create(code="mof", name_th="กระทรวงการคลัง", name_en="Ministry of Finance")
    customs = Agency.objects.create(code="customs", name_th="กรมศุลกากร", name_en="Customs Department", ministry=mof)
    one, two = User.objects.create_user(email="one@pmqa.test"), User.objects.create_user(email="two@pmqa.test")
    for user in (one, two):
        ExecutiveScope.objects.create(user=user, scope=ExecutiveScope.Scope.AGENCY, agency=final.agency)
    ExecutiveScope.objects.create(user=two, scope=ExecutiveScope.Scope.AGENCY, agency=customs)
    client.force_login(one)
    _response, page = _read(client)
    assert '<option value="moph">' in page and '<option value="mof">' not in page
    client.force_login(two)
    response, page = _read(client)
    assert _rendered(response) and '<option value="mof">' in page


def test_a_filter_that_leaves_nothing_is_an_empty_page_and_no_reader_gets_404(client, final):
    """No assessment left by the filter: the access rule decides (access.check_cycle_reader), not the filter."""
    client.force_login(final.executive)  # moph: ddc, a department
    response, page = _read(client, kind="province")
    assert reverse("reports:agency", kwargs={"code": "ddc"}) not in page
    nobody = User.objects.create_user(email="nobody@pmqa.test")
    client.force_login(nobody)
    assert client.get(URL, {"kind": "province"}).status_code == 404
    assert client.get(URL).status_code == 404
    assert client.get(reverse("reports:cycle", kwargs={"year": 2590})).status_code == 404
