"""Running a cycle in /manage/cycles/: Buddhist-era dates, fiscal-year bounds, the open preview, extending the
deadline, closing; and enrolment: an agency added or re-activated while a cycle is open gets its assessment."""

import datetime

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from accounts.imports import agencies_plan, plan_apply, read_table
from agencies.models import Agency, Ministry
from assessments.cycle_forms import CycleForm, DeadlineForm
from assessments.cycles import CycleRefused, cycle_close, cycle_create, cycle_deadline_extend, cycle_open
from assessments.enrolment import agencies_enrol
from assessments.models import Assessment, Cycle, Response, Score
from criteria.models import Edition
from pmqa import dates
from pmqa.date_fields import BuddhistDateField


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, the msgids; the Thai translations come separately."""
    with translation.override("en"):
        yield


def _login(client, roles, language="en"):
    """The administrator, reading pages in `language` (their saved language decides)."""
    roles.administrator.language = language
    roles.administrator.save(update_fields=["language"])
    client.force_login(roles.administrator)


def _aware(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


# --- Buddhist-era dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("01/10/2569", datetime.date(2026, 10, 1)),
        ("1/10/2569", datetime.date(2026, 10, 1)),
        (" 31-3-2570 ", datetime.date(2027, 3, 31)),
        ("๐๑/๑๐/๒๕๖๙", datetime.date(2026, 10, 1)),  # Thai digits
        ("01/10/69", datetime.date(2026, 10, 1)),  # a two-digit year is 25xx
        ("2026-10-01", datetime.date(2026, 10, 1)),  # a date picker's ISO value is Christian era
        ("29/02/2571", datetime.date(2028, 2, 29)),
    ],
)
def test_buddhist_date_field_reads_what_people_type(typed, expected):
    assert BuddhistDateField().clean(typed) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("01/10/2026", "2026 is a Christian-era year: type the Buddhist-era year (พ.ศ.), e.g. 01/10/2569."),
        ("31/02/2570", "There is no such day as 31/02/2570."),
        ("01/10/1483", "1483 is not a Buddhist-era year we can use"),
        ("next week", "Type the date as day/month/Buddhist-era year, e.g. 01/10/2569."),
    ],
)
def test_buddhist_date_field_refuses_clearly(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        BuddhistDateField().clean(typed)
    assert message in refused.value.messages[0]


def test_buddhist_date_field_shows_dates_as_typed():
    assert BuddhistDateField().prepare_value(datetime.date(2026, 10, 1)) == "01/10/2569"
    assert BuddhistDateField().prepare_value("01/10/2026") == "01/10/2026"  # what was typed, even wrong, stays


def test_fiscal_year_bounds():
    assert dates.fiscal_year_bounds(2570) == (datetime.date(2026, 10, 1), datetime.date(2027, 9, 30))


# --- the create form and service --------------------------------------------------------------------


def _form(criteria, **changes):
    data = {
        "fiscal_year": "2571",
        "edition": criteria.pk,
        "opens_on": "01/10/2570",
        "deadline_date": "31/03/2571",
        "deadline_time": "16:30",
        **changes,
    }
    return CycleForm(data)


def test_a_valid_cycle_form(criteria):
    form = _form(criteria)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_on"] == datetime.date(2027, 10, 1)
    assert form.cleaned_data["deadline"] == _aware(2028, 3, 31, 16, 30)
    form = _form(criteria, deadline_time="12.00")  # as Thai documents write a time
    assert form.is_valid() and form.cleaned_data["deadline"] == _aware(2028, 3, 31, 12, 0)
    assert 'value="16:30"' in str(CycleForm()["deadline_time"])


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"opens_on": "30/09/2570"}, "opens_on", "Fiscal year 2571 runs from 01/10/2570 to 30/09/2571"),
        ({"deadline_date": "01/10/2571"}, "deadline_date", "Fiscal year 2571 runs from 01/10/2570 to 30/09/2571"),
        ({"deadline_date": "01/10/2570"}, "deadline_date", "The submission deadline must come after the opening"),
        ({"deadline_date": "31/03/2028"}, "deadline_date", "2028 is a Christian-era year"),
        ({"fiscal_year": "2028"}, "fiscal_year", "2028 is a Christian-era year: the fiscal year is in the Buddhist"),
        ({"fiscal_year": "2570"}, "fiscal_year", "There is already a cycle for fiscal year 2570."),
    ],
)
def test_the_cycle_form_refuses_bad_dates_and_years(roles, changes, field, message):
    form = _form(roles.cycle.edition, **changes)
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_only_published_editions_are_offered(criteria):
    draft = Edition.objects.create(code="draft-x", name_th="ร่าง", first_fiscal_year=2571)
    form = _form(criteria, edition=draft.pk)
    assert not form.is_valid() and "edition" in form.errors
    with pytest.raises(CycleRefused):
        cycle_create(
            fiscal_year=2571,
            edition=draft,
            opens_on=datetime.date(2027, 10, 1),
            deadline=_aware(2028, 3, 31, 16, 30),
        )


def test_the_service_checks_dates_whatever_the_form(criteria):
    with pytest.raises(CycleRefused, match="runs from 01/10/2570 to 30/09/2571"):
        cycle_create(
            fiscal_year=2571,
            edition=criteria,
            opens_on=datetime.date(2026, 10, 1),
            deadline=_aware(2028, 3, 31, 16, 30),
        )


def test_an_administrator_creates_a_cycle_with_buddhist_era_dates(client, roles):
    _login(client, roles)
    assert client.get(reverse("manage_cycles:create")).status_code == 200
    data = {"fiscal_year": "2571", "edition": roles.cycle.edition.pk, "opens_on": "01/10/2570"}
    response = client.post(reverse("manage_cycles:create"), {**data, "deadline_date": "31/3/2571", "deadline_time": ""})
    assert response.status_code == 302
    cycle = Cycle.objects.get(fiscal_year=2571)
    assert (cycle.status, cycle.opens_on) == (Cycle.Status.DRAFT, datetime.date(2027, 10, 1))
    assert cycle.deadline == _aware(2028, 3, 31, 16, 30)
    listing = client.get(reverse("manage_cycles:list")).content.decode()
    assert "31 March 2028" in listing and "31/03/2571 B.E." in listing  # English pages give the B.E. date too


def test_a_refused_form_keeps_what_was_typed(client, roles):
    _login(client, roles)
    data = {"fiscal_year": "2571", "edition": roles.cycle.edition.pk, "opens_on": "01/10/2027"}
    response = client.post(reverse("manage_cycles:create"), {**data, "deadline_date": "31/03/2571"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="01/10/2027"' in page and 'value="31/03/2571"' in page and "Christian-era" in page
    assert not Cycle.objects.filter(fiscal_year=2571).exists()


def test_the_form_speaks_thai(client, roles):
    _login(client, roles, "th")
    with translation.override("th"):
        data = {"fiscal_year": "2026", "edition": roles.cycle.edition.pk, "opens_on": "01/10/2569"}
        page = client.post(reverse("manage_cycles:create"), data).content.decode()
    assert "ปีงบประมาณ" in page and "พ.ศ." in page


# --- opening, extending, closing ---------------------------------------------------------------------


def _draft(criteria, year=2571):
    return cycle_create(
        fiscal_year=year,
        edition=criteria,
        opens_on=datetime.date(year - 544, 10, 1),
        deadline=_aware(year - 543, 3, 31, 16, 30),
    )


def test_opening_shows_a_preview_then_makes_the_assessments_on_confirmation(client, roles):
    cycle = _draft(roles.cycle.edition)
    _login(client, roles)
    preview = client.get(reverse("manage_cycles:open", kwargs={"year": 2571}))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "2 agencies get an assessment" in page
    assert "24 sub-items to assess" in page and "PMQA 4.0" in page
    assert not Assessment.objects.filter(cycle=cycle).exists()  # a preview changes nothing

    assert client.post(reverse("manage_cycles:open", kwargs={"year": 2571})).status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.OPEN
    made = Assessment.objects.filter(cycle=cycle)
    assert made.count() == 2
    assert Response.objects.filter(assessment__in=made).count() == 2 * 24
    assert Score.objects.filter(assessment__in=made).exists()  # stored as cycle_open always stored them


def test_the_deadline_is_extended_only_later_and_in_the_fiscal_year(client, roles):
    cycle = roles.cycle  # 31 March 2570, 16:30
    form = DeadlineForm({"deadline_date": "30/03/2570", "deadline_time": "16:30"}, cycle=cycle)
    assert not form.is_valid() and "later than the current one" in form.errors["deadline_date"][0]
    form = DeadlineForm({"deadline_date": "01/10/2570", "deadline_time": "16:30"}, cycle=cycle)
    assert not form.is_valid() and "runs from 01/10/2569 to 30/09/2570" in form.errors["deadline_date"][0]
    with pytest.raises(CycleRefused):
        cycle_deadline_extend(cycle=cycle, deadline=_aware(2027, 3, 1, 16, 30))

    _login(client, roles)
    url = reverse("manage_cycles:deadline", kwargs={"year": 2570})
    assert client.get(url).status_code == 200
    assert client.post(url, {"deadline_date": "30/04/2570", "deadline_time": "16:30"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.deadline == _aware(2027, 4, 30, 16, 30)


def test_closing_says_what_happens_and_asks_for_confirmation(client, roles):
    _login(client, roles)
    url = reverse("manage_cycles:close", kwargs={"year": 2570})
    page = client.get(url).content.decode()
    assert "do not get an assessment" in page and "In progress: 2" in page
    assert Cycle.objects.get(pk=roles.cycle.pk).status == Cycle.Status.OPEN
    assert client.post(url).status_code == 302
    assert Cycle.objects.get(pk=roles.cycle.pk).status == Cycle.Status.CLOSED
    with pytest.raises(CycleRefused):
        cycle_close(cycle=roles.cycle)
    assert client.post(reverse("manage_cycles:deadline", kwargs={"year": 2570})).status_code == 302  # refused
    assert client.get(reverse("manage_cycles:open", kwargs={"year": 2570})).status_code == 302  # refused


def test_a_draft_cycle_cannot_be_closed(roles):
    with pytest.raises(CycleRefused):
        cycle_close(cycle=_draft(roles.cycle.edition))


def test_the_cycle_list_takes_a_fixed_number_of_queries(client, roles, django_assert_num_queries):
    _login(client, roles)
    for year in (2571, 2572, 2573):
        _draft(roles.cycle.edition, year)
    # session, person, the cycles with their editions and counts
    with django_assert_num_queries(3):
        response = client.get(reverse("manage_cycles:list"))
    assert response.status_code == 200 and response.content.decode().count("Being prepared") == 3


# --- enrolment --------------------------------------------------------------------------------------

AGENCY_HEADER = "code,name_th,name_en,kind,ministry_code,ministry_name_th,ministry_name_en,active\n"


def _agencies_import(text):
    plan = agencies_plan(read_table((AGENCY_HEADER + text).encode("utf-8-sig"), "agencies.csv"))
    assert plan.ok, [row.errors for row in plan.rows]
    plan_apply(plan=plan, by=None)


def test_an_agency_imported_while_a_cycle_is_open_gets_its_assessment_at_once(roles):
    _agencies_import("dms,กรมการแพทย์,,department,moph,,,1\nold,กรมเก่า,,department,moph,,,0\n")
    made = Assessment.objects.get(cycle=roles.cycle, agency__code="dms")
    assert made.responses.count() == 24 and made.profile_answers.exists() and made.results_responses.exists()
    assert Score.objects.filter(assessment=made).exists()
    assert not Assessment.objects.filter(agency__code="old").exists()  # an inactive agency is not enrolled


def test_re_activating_an_agency_enrols_it(roles):
    ministry = Ministry.objects.get(code="moph")
    Agency.objects.create(code="dms", name_th="กรมการแพทย์", ministry=ministry, active=False)
    assert agencies_enrol() == {}
    _agencies_import("dms,กรมการแพทย์,,department,moph,,,1\n")
    assert Assessment.objects.filter(cycle=roles.cycle, agency__code="dms").count() == 1
    _agencies_import("dms,กรมการแพทย์,,department,moph,,,1\n")  # again: nothing more
    assert Assessment.objects.filter(agency__code="dms").count() == 1


def test_only_open_cycles_enrol(roles):
    cycle_close(cycle=roles.cycle)
    draft = _draft(roles.cycle.edition)
    _agencies_import("dms,กรมการแพทย์,,department,moph,,,1\n")
    assert not Assessment.objects.filter(agency__code="dms").exists()
    assert cycle_open(cycle=draft) == 3  # opening still enrols every active agency, the new one with them


def test_the_agency_import_page_enrols(client, roles):
    _login(client, roles)
    csv = (AGENCY_HEADER + "dms,กรมการแพทย์,,department,moph,,,1\n").encode("utf-8-sig")
    upload = SimpleUploadedFile("agencies.csv", csv, content_type="text/csv")
    client.post(reverse("manage:import", kwargs={"kind": "agencies"}), {"file": upload})
    client.post(reverse("manage:import_confirm", kwargs={"kind": "agencies"}))
    assert client.get(reverse("assessments:workspace", kwargs={"year": 2570, "code": "dms"})).status_code == 200


def test_saving_an_agency_in_the_django_admin_enrols_it(roles):
    request = RequestFactory().post("/admin/")
    request.user = roles.administrator
    request.session = {}
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    agency = Agency(code="dms", name_th="กรมการแพทย์", ministry=roles.agency.ministry)
    admin_site._registry[Agency].save_model(request, agency, form=None, change=False)
    assert Assessment.objects.filter(cycle=roles.cycle, agency=agency).exists()


def test_the_django_admin_refuses_a_buddhist_year_typed_as_christian(roles):
    """01/10/2570 in the admin's Christian-era date widget is 2570 A.D.: outside fiscal year 2571, so refused."""
    from assessments.admin import CycleAdminForm

    data = {"fiscal_year": 2571, "edition": roles.cycle.edition.pk, "status": "draft"}
    form = CycleAdminForm({**data, "opens_on": "2570-10-01", "deadline_0": "2571-03-31", "deadline_1": "16:30"})
    assert not form.is_valid() and "runs from 01/10/2570 to 30/09/2571" in form.errors["opens_on"][0]
