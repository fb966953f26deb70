"""What pmqa/security.py and the settings promise beyond the access matrix (which checks the headers of every URL
for every role): no inline script anywhere, a Secure language cookie in production, the admin hidden."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.test_settings import PRODUCTION, _manage


def test_no_page_runs_an_inline_script(client, roles):
    client.force_login(roles.member)
    for url in [
        reverse("assessments:item", kwargs={"year": 2570, "code": "ddc", "item": "1.1"}),
        reverse("assessments:profile_section", kwargs={"year": 2570, "code": "ddc", "section": "p1a1"}),
        reverse("assessments:workspace", kwargs={"year": 2570, "code": "ddc"}),
        reverse("home"),
    ]:
        page = client.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts and all("src=" in tag for tag in scripts), scripts
        assert not re.search(r"\son[a-z]+=", page)  # no onclick= and the like


def test_the_language_cookie_is_secure_in_production():
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.LANGUAGE_COOKIE_SECURE)", **PRODUCTION
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


@pytest.mark.parametrize("how", ["switch", "login"])
def test_the_language_cookie_carries_the_settings_flags(client, roles, settings, how):
    settings.LANGUAGE_COOKIE_SECURE = True
    if how == "switch":
        response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    else:
        response = client.post(reverse("login"), {"username": roles.member.email, "password": roles.password})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/assessments/cycle/"])
def test_the_admin_is_a_404_for_everyone_but_superusers(client, roles, path):
    assert client.get(path).status_code == 404  # not even a login page
    staff = User.objects.create_user(email="staff@pmqa.test", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(path).status_code == 404
    client.force_login(roles.administrator)
    assert client.get(path).status_code in (200, 302)  # the admin's own login redirects a logged-in superuser
