"""The Django admin: administrators only, Thai, Buddhist-era dates in its lists, and a notice that the service is
run from /manage/."""

import datetime
import zoneinfo

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_staff_who_are_not_superusers_get_nothing(client, roles):
    staff = User.objects.create_user(email="staff@pmqa.test", password="x", is_staff=True)
    client.force_login(staff)
    for url in ("/admin/", "/admin/criteria/edition/", "/admin/accounts/user/"):
        assert client.get(url).status_code == 404
    request = type("Request", (), {"user": staff})()
    assert not admin.site.has_permission(request)


def test_a_superuser_who_is_not_staff_is_let_in(client, roles):
    """Administrators are superusers (accounts/access.py); the staff flag means nothing here."""
    roles.administrator.is_staff = False
    roles.administrator.save()
    client.force_login(roles.administrator)
    assert client.get("/admin/").status_code == 200


def test_the_admin_speaks_thai_and_points_to_manage(client, roles):
    client.force_login(roles.administrator)
    page = client.get("/admin/").content.decode()
    assert '<html lang="th"' in page
    assert "เปลี่ยนรหัสผ่าน" in page  # Django's own Thai ("Change password")
    assert 'id="admin-notice"' in page and reverse("manage:index") in page


def test_change_lists_show_buddhist_era_dates(client, roles):
    client.force_login(roles.administrator)
    page = client.get("/admin/assessments/cycle/").content.decode()
    # opening date 1 October 2026 and deadline 31 March 2027, 16:30 in Bangkok
    assert "1 ตุลาคม 2569" in page
    assert "31 มีนาคม 2570 เวลา 16:30 น." in page
    type(roles.assessment).objects.filter(pk=roles.assessment.pk).update(
        submitted_at=datetime.datetime(2027, 1, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))
    )
    page = client.get("/admin/assessments/assessment/").content.decode()
    assert "5 มกราคม 2570 เวลา 09:00 น." in page
    assert "Jan. 5, 2027" not in page and "2027" not in page.split("result_list")[1]


def test_date_columns_still_sort(client, roles):
    client.force_login(roles.administrator)
    cycle_admin = admin.site._registry[type(roles.cycle)]
    columns = [c for c in cycle_admin.list_display if callable(c)]
    assert {c.__name__ for c in columns} == {"opens_on", "deadline"}
    index = list(cycle_admin.list_display).index(columns[0])
    assert client.get("/admin/assessments/cycle/", {"o": str(index + 1)}).status_code == 200


def test_read_only_dates_in_a_change_form_are_buddhist_era(client, roles):
    type(roles.assessment).objects.filter(pk=roles.assessment.pk).update(
        submitted_at=datetime.datetime(2027, 1, 5, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Bangkok"))
    )
    client.force_login(roles.administrator)
    response = client.get(f"/admin/assessments/assessment/{roles.assessment.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 มกราคม 2570 เวลา 09:00 น." in page
    assert 'name="submitted_at' not in page  # still read-only, not an input
    response = client.get(f"/admin/criteria/edition/{roles.cycle.edition.pk}/change/")
    assert response.status_code == 200
    assert 'name="published_at' not in response.content.decode()
