"""Reviewer assignments of a cycle: the page of agencies × reviewers (one lead each, warnings for what is missing)
and the people import's `lead` column."""

import pytest
from django.urls import reverse

from accounts.assignments import AssignmentRefused, assignment_add
from accounts.imports import PEOPLE_COLUMNS, people_plan, plan_apply, read_table
from accounts.models import ReviewerAssignment, User
from agencies.models import Agency
from tests.test_manage_cycles import _english, _login  # noqa: F401 (_english: an autouse fixture)

URL = reverse("manage_cycles:assignments", kwargs={"year": 2570})


def _reviewer(name):
    return User.objects.create_user(email=f"{name}@pmqa.test", first_name=name, last_name="Test", is_reviewer=True)


def _leads(roles, agency):
    return list(
        ReviewerAssignment.objects.filter(cycle=roles.cycle, agency=agency, is_lead=True).values_list(
            "reviewer__email", flat=True
        )
    )


# --- the page ---------------------------------------------------------------------------------------


def test_the_page_lists_agencies_with_their_reviewers_and_warns_of_a_missing_lead(client, roles):
    _login(client, roles)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Department of Disease Control" in page and "Chiang Mai Province" in page
    assert "1 agency has reviewers but no lead:" in page  # Chiang Mai: other_reviewer, not lead
    assert "has no reviewer" not in page


def test_an_agency_without_a_reviewer_is_pointed_out(client, roles):
    ReviewerAssignment.objects.filter(agency=roles.other_agency).delete()
    _login(client, roles)
    page = client.get(URL).content.decode()
    assert "1 agency has no reviewer:" in page and "No reviewer yet." in page


def test_assigning_a_second_reviewer_as_lead_replaces_the_lead(client, roles):
    second = _reviewer("second")
    _login(client, roles)
    response = client.post(URL, {"agency": roles.agency.pk, "reviewer": second.pk, "lead": "on"})
    assert response.status_code == 302
    assert _leads(roles, roles.agency) == ["second@pmqa.test"]
    assert ReviewerAssignment.objects.filter(cycle=roles.cycle, agency=roles.agency).count() == 2

    first = ReviewerAssignment.objects.get(cycle=roles.cycle, agency=roles.agency, reviewer=roles.reviewer)
    lead_url = reverse("manage_cycles:assignment_lead", kwargs={"year": 2570, "assignment_id": first.pk})
    client.post(lead_url, {"lead": "1"})
    assert _leads(roles, roles.agency) == ["reviewer@pmqa.test"]
    client.post(lead_url, {"lead": "0"})
    assert _leads(roles, roles.agency) == []
    assert "1 agency has reviewers but no lead" not in client.get(URL).content.decode()  # 2 now
    assert "2 agencies have reviewers but no lead" in client.get(URL).content.decode()

    remove_url = reverse("manage_cycles:assignment_remove", kwargs={"year": 2570, "assignment_id": first.pk})
    assert client.post(remove_url).status_code == 302
    assert not ReviewerAssignment.objects.filter(pk=first.pk).exists()


def test_only_active_reviewers_can_be_assigned(client, roles):
    _login(client, roles)
    response = client.post(URL, {"agency": roles.agency.pk, "reviewer": roles.member.pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    with pytest.raises(AssignmentRefused):
        assignment_add(cycle=roles.cycle, agency=roles.agency, reviewer=roles.member, lead=False)


def test_an_assignment_of_another_cycle_is_not_found_here(client, roles):
    import datetime

    from django.utils import timezone

    from assessments.cycles import cycle_create

    other = cycle_create(
        fiscal_year=2571,
        edition=roles.cycle.edition,
        opens_on=datetime.date(2027, 10, 1),
        deadline=timezone.make_aware(datetime.datetime(2028, 3, 31, 16, 30)),
    )
    found = ReviewerAssignment.objects.create(cycle=other, agency=roles.agency, reviewer=roles.reviewer)
    _login(client, roles)
    url = reverse("manage_cycles:assignment_remove", kwargs={"year": 2570, "assignment_id": found.pk})
    assert client.post(url).status_code == 404


def test_the_page_takes_a_fixed_number_of_queries(client, roles, django_assert_num_queries):
    _login(client, roles)
    for n in range(5):
        agency = Agency.objects.create(code=f"a{n}", name_th=f"กรม {n}", ministry=roles.agency.ministry)
        assignment_add(cycle=roles.cycle, agency=agency, reviewer=_reviewer(f"r{n}"), lead=n % 2 == 0)
    # session, person, the cycle, the agencies, their assignments with reviewers, the agency and reviewer choices
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200 and len(response.context["rows"]) == 2 + 5


# --- the people import's lead column -----------------------------------------------------------------


def _people(*rows):
    return read_table(("\n".join([",".join(PEOPLE_COLUMNS), *rows]) + "\n").encode(), "people.csv")


def test_the_lead_column_marks_the_lead_and_replaces_the_previous_one(roles):
    plan = people_plan(_people("new@pmqa.test,ใหม่,ทดสอบ,reviewer,ddc,,2570,yes"))
    assert plan.ok, [row.errors for row in plan.rows]
    assert plan.rows[0].changes == [
        "new person",
        "reviewer",
        "reviewer of ddc in 2570",
        "lead reviewer of ddc in 2570, replacing reviewer@pmqa.test",
    ]
    plan_apply(plan=plan, by=None)
    assert _leads(roles, roles.agency) == ["new@pmqa.test"]


def test_the_lead_column_makes_an_assigned_reviewer_lead(roles):
    plan = people_plan(_people("otherreviewer@pmqa.test,,,reviewer,chiangmai,,2570,ใช่"))
    assert plan.rows[0].action == "update" and plan.rows[0].changes == ["lead reviewer of chiangmai in 2570"]
    plan_apply(plan=plan, by=None)
    assert _leads(roles, roles.other_agency) == ["otherreviewer@pmqa.test"]
    assert people_plan(_people("otherreviewer@pmqa.test,,,reviewer,chiangmai,,2570,1")).rows[0].action == "unchanged"


def test_a_blank_or_no_lead_changes_no_lead(roles):
    plan = people_plan(_people("new@pmqa.test,ใหม่,ทดสอบ,reviewer,ddc,,2570,no"))
    plan_apply(plan=plan, by=None)
    assert _leads(roles, roles.agency) == ["reviewer@pmqa.test"]


@pytest.mark.parametrize(
    "rows, message",
    [
        (["a@pmqa.test,ก,ข,reviewer,ddc,,2570,maybe"], 'Unknown value "maybe" in column lead'),
        (["a@pmqa.test,ก,ข,member,ddc,,,yes"], "Only a reviewer row with agency_code and cycle can mark the lead"),
        (["a@pmqa.test,ก,ข,reviewer,,,,true"], "Only a reviewer row with agency_code and cycle can mark the lead"),
        (
            ["a@pmqa.test,ก,ข,reviewer,ddc,,2570,yes", "b@pmqa.test,ค,ง,reviewer,ddc,,2570,yes"],
            "Row 2 already makes a@pmqa.test the lead reviewer of ddc in 2570.",
        ),
    ],
)
def test_bad_lead_values_are_refused_with_a_reason(roles, rows, message):
    plan = people_plan(_people(*rows))
    assert not plan.ok
    assert any(message in error for row in plan.rows for error in row.errors), [r.errors for r in plan.rows]


def test_the_import_preview_shows_the_lead(client, roles):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (",".join(PEOPLE_COLUMNS) + "\nnew@pmqa.test,ใหม่,ทดสอบ,reviewer,chiangmai,,2570,yes\n").encode()
    _login(client, roles)
    response = client.post(
        reverse("manage:import", kwargs={"kind": "people"}),
        {"file": SimpleUploadedFile("people.csv", content, content_type="text/csv")},
    )
    assert "lead reviewer of chiangmai in 2570" in response.content.decode()
    upload_page = client.get(reverse("manage:import", kwargs={"kind": "people"})).content.decode()
    assert "lead yes" in upload_page  # the column is documented where the file is uploaded
