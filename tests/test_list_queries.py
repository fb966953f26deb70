"""Pages that list things run a fixed number of queries, whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency


def _grow(roles, n):
    """n more agencies, each with two members, and n more people with every kind of role."""
    for i in range(n):
        agency = Agency.objects.create(code=f"extra-{i}", name_th=f"หน่วยงาน {i}", ministry=roles.agency.ministry)
        for j in range(2):
            person = User.objects.create_user(email=f"p{i}-{j}@pmqa.test")
            Membership.objects.create(user=person, agency=agency, role="coordinator" if j else "member")
        reviewer = User.objects.create_user(email=f"r{i}@pmqa.test", is_reviewer=True)
        ReviewerAssignment.objects.create(reviewer=reviewer, agency=agency, cycle=roles.cycle)
        ExecutiveScope.objects.create(user=reviewer, scope="agency", agency=agency)


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "who, name, kwargs",
    [
        ("administrator", "agencies:list", {}),
        ("executive", "agencies:list", {}),
        ("administrator", "manage:people", {}),
        ("coordinator", "agencies:detail", {"code": "ddc"}),
        ("coordinator", "agencies:members", {"code": "ddc"}),
        ("member", "home", {}),
    ],
)
def test_query_count_does_not_grow_with_data(client, roles, who, name, kwargs):
    client.force_login(getattr(roles, who))
    url = reverse(name, kwargs=kwargs)
    small = _count(client, url)
    _grow(roles, 5)
    for i in range(3):
        person = User.objects.create_user(email=f"team{i}@pmqa.test")
        Membership.objects.create(user=person, agency=roles.agency)
    assert _count(client, url) == small


def test_agency_list_queries_are_pinned(client, roles):
    client.force_login(roles.administrator)
    # session, user, agencies (with team counts), ministries for the filter
    assert _count(client, reverse("agencies:list")) == 4
