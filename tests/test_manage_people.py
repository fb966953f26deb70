"""People for administrators at /manage/people/: roles at a glance, filters, deactivating and reactivating."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency

pytestmark = pytest.mark.django_db


def _log_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def _emails(response):
    return [person.email for person in response.context["people"]]


def test_roles_are_shown_as_labels(client, roles):
    client.force_login(roles.administrator)
    page = client.get(reverse("manage:people")).content.decode()
    assert "ผู้ประสานงาน" in page  # the coordinator's membership, as its label
    assert "กรมควบคุมโรค" in page
    assert ">coordinator<" not in page


@pytest.mark.parametrize(
    "role, expected",
    [
        ("administrator", {"administrator"}),
        ("coordinator", {"coordinator", "outsider"}),
        ("member", {"member"}),
        ("reviewer", {"reviewer", "otherreviewer"}),
        ("executive", {"executive", "otherexecutive"}),
    ],
)
def test_filter_by_role(client, roles, role, expected):
    client.force_login(roles.administrator)
    response = client.get(reverse("manage:people"), {"role": role})
    assert {email.split("@")[0] for email in _emails(response)} == expected


def test_filter_by_status(client, roles):
    roles.member.is_active = False
    roles.member.save()
    client.force_login(roles.administrator)
    assert _emails(client.get(reverse("manage:people"), {"status": "inactive"})) == [roles.member.email]
    assert roles.member.email not in _emails(client.get(reverse("manage:people"), {"status": "active"}))


def test_people_list_queries_are_pinned(client, roles):
    client.force_login(roles.administrator)
    url = reverse("manage:people")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # session, user, count for the paginator, the page of people, their memberships (with agencies), executive
    # scopes (with agencies and ministries), reviewer assignments (with agencies and cycles)
    assert count() == 7
    for i in range(5):
        agency = Agency.objects.create(code=f"x{i}", name_th=f"หน่วยงาน {i}", ministry=roles.agency.ministry)
        person = User.objects.create_user(email=f"p{i}@pmqa.test", is_reviewer=True)
        Membership.objects.create(user=person, agency=agency, role="coordinator")
        ReviewerAssignment.objects.create(reviewer=person, agency=agency, cycle=roles.cycle)
        ExecutiveScope.objects.create(user=person, scope="agency", agency=agency)
    assert count() == 7


def test_deactivate_asks_first_then_the_person_cannot_log_in(client, roles):
    client.force_login(roles.administrator)
    url = reverse("manage:deactivate", kwargs={"person_id": roles.member.pk})
    confirm = client.get(url)
    assert confirm.status_code == 200
    roles.member.refresh_from_db()
    assert roles.member.is_active  # asking changes nothing
    assert "ประวัติ" in confirm.content.decode()  # says their history stays
    response = client.post(url)
    assert response.status_code == 302
    roles.member.refresh_from_db()
    assert not roles.member.is_active
    assert Membership.objects.filter(user=roles.member).exists()  # roles and history stay

    login = _log_in(client.__class__(), roles.member.email, roles.password)
    assert login.status_code == 200  # the form again, not a redirect into the service
    assert "_auth_user_id" not in login.wsgi_request.session


def test_a_deactivated_persons_open_session_ends(client, roles):
    client.force_login(roles.member)
    assert client.get(reverse("assessments:list")).status_code == 200
    roles.member.is_active = False
    roles.member.save()
    assert client.get(reverse("assessments:list")).status_code == 302  # to the login page


def test_reactivate_lets_them_log_in_again(client, roles):
    roles.member.is_active = False
    roles.member.save()
    client.force_login(roles.administrator)
    response = client.post(reverse("manage:reactivate", kwargs={"person_id": roles.member.pk}))
    assert response.status_code == 302
    roles.member.refresh_from_db()
    assert roles.member.is_active
    assert _log_in(client.__class__(), roles.member.email, roles.password).status_code == 302


def test_an_administrator_cannot_deactivate_themselves(client, roles):
    client.force_login(roles.administrator)
    response = client.post(reverse("manage:deactivate", kwargs={"person_id": roles.administrator.pk}), follow=True)
    roles.administrator.refresh_from_db()
    assert roles.administrator.is_active
    assert "ของตนเอง" in response.content.decode()
