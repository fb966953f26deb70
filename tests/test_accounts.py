"""Logging in and out, lockout, password change and reset, the remembered language, team management."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_and_logout(client, roles):
    response = _login(client, roles.member.email, roles.password)
    assert response.status_code == 302
    assert client.get(reverse("agencies:list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("agencies:list")).status_code == 302


def test_logging_out_ends_the_session(client, roles):
    _login(client, roles.member.email, roles.password)
    session_key = client.session.session_key
    client.post(reverse("logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()


def test_email_is_case_insensitive(client, roles):
    assert _login(client, "MEMBER@PMQA.TEST", roles.password).status_code == 302


def test_wrong_password_says_so_in_thai(client, roles):
    response = _login(client, roles.member.email, "wrong")
    assert response.status_code == 200
    assert "กรุณาใส่" in response.content.decode() or "ไม่ถูกต้อง" in response.content.decode()
    assert response.context["form"]["username"].value() == roles.member.email  # what was typed is kept


def test_repeated_failures_lock_the_account_for_a_while(client, roles, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, roles.member.email, "wrong")
    response = _login(client, roles.member.email, roles.password)  # even the right password now
    assert response.status_code == 429
    page = response.content.decode()
    assert "เข้าสู่ระบบผิดหลายครั้งเกินไป" in page
    assert f"เป็นเวลา {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} นาที" in page
    assert "_auth_user_id" not in client.session
    # Another person at the same address is not locked out.
    assert _login(client, roles.coordinator.email, roles.password).status_code == 302


def test_lockout_ends_after_the_cool_off(client, roles, settings):
    from axes.utils import reset

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, roles.member.email, "wrong")
    assert _login(client, roles.member.email, roles.password).status_code == 429
    assert reset(username=roles.member.email) == 1  # what the cool-off (or an administrator) does
    assert _login(client, roles.member.email, roles.password).status_code == 302


@pytest.mark.argon2
def test_password_change(client, roles):
    client.force_login(roles.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": roles.password,
            "new_password1": "a-new-long-passphrase-7",
            "new_password2": "a-new-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    roles.member.refresh_from_db()
    assert roles.member.check_password("a-new-long-passphrase-7")
    assert roles.member.password.startswith("argon2")


def test_password_reset_round_trip(client, roles):
    client.post(reverse("password_reset"), {"email": roles.member.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/reset/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "another-long-passphrase-8",
            "new_password2": "another-long-passphrase-8",
        },
    )
    assert response.status_code == 302
    assert _login(client, roles.member.email, "another-long-passphrase-8").status_code == 302
    # The link works once.
    assert not client.get(path, follow=True).context["validlink"]


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@pmqa.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_language_choice_is_remembered_on_the_person(client, roles):
    _login(client, roles.member.email, roles.password)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    roles.member.refresh_from_db()
    assert roles.member.language == "en"
    # A new browser, a new login: still English.
    other = type(client)()
    response = _login(other, roles.member.email, roles.password)
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in other.get("/").content.decode()


def test_thai_is_the_default_whatever_the_browser_says(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="th">' in page.content.decode()


def test_coordinator_adds_a_new_person_who_is_invited(client, roles, django_capture_on_commit_callbacks):
    client.force_login(roles.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agencies:member_add", kwargs={"code": "ddc"}),
            {
                "email": " New.Person@PMQA.test ",
                "first_name": "สมชาย",
                "last_name": "ใหม่",
                "role": "member",
            },
            follow=True,
        )
    person = User.objects.get(email="new.person@pmqa.test")
    assert not person.has_usable_password()
    assert Membership.objects.filter(user=person, agency=roles.agency, role="member").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@pmqa.test"]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert "สมชาย" in response.content.decode()


def test_adding_someone_who_is_already_there_changes_their_role_only(client, roles):
    client.force_login(roles.coordinator)
    client.post(
        reverse("agencies:member_add", kwargs={"code": "ddc"}),
        {
            "email": roles.member.email,
            "first_name": "x",
            "last_name": "y",
            "role": "coordinator",
        },
    )
    assert Membership.objects.get(user=roles.member, agency=roles.agency).role == "coordinator"
    assert Membership.objects.filter(user=roles.member).count() == 1
    assert mail.outbox == []


def test_a_bad_address_keeps_what_was_typed(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        reverse("agencies:member_add", kwargs={"code": "ddc"}),
        {
            "email": "not-an-address",
            "first_name": "สมหญิง",
            "last_name": "ทดสอบ",
            "role": "member",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="สมหญิง"' in page and 'value="not-an-address"' in page
    assert "ป้อนที่อยู่อีเมลที่ถูกต้อง" in page or "อีเมล" in page


def test_the_last_coordinator_cannot_be_removed(client, roles):
    client.force_login(roles.coordinator)
    own = Membership.objects.get(user=roles.coordinator, agency=roles.agency)
    response = client.post(
        reverse("agencies:member_remove", kwargs={"code": "ddc", "membership_id": own.pk}), follow=True
    )
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "ผู้ประสานงานเพียงคนเดียว" in response.content.decode()


def test_a_membership_of_another_agency_cannot_be_removed_through_this_one(client, roles):
    client.force_login(roles.coordinator)
    theirs = Membership.objects.get(user=roles.outsider)
    response = client.post(reverse("agencies:member_remove", kwargs={"code": "ddc", "membership_id": theirs.pk}))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()
