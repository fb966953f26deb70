"""The page header, kept (pmqa/templatetags/header.py): rendered once for the same person on the same page in the
same language; each person's name, menu and language, the page's active menu item and way back, and each
request's own CSRF token."""

import re

from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

WORKSPACE = reverse("assessments:workspace", kwargs={"year": 2570, "code": "ddc"})


def _header(client, url):
    """The page's header and whether _header.html was rendered for it."""
    rendered = []

    def seen(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        page = client.get(url)
    finally:
        template_rendered.disconnect(seen)
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('<header class="pmqa-header">') : html.index("</header>")], "_header.html" in rendered


def test_the_header_is_rendered_once_for_the_same_person_and_page(client, roles):
    client.force_login(roles.member)
    first, rendered = _header(client, WORKSPACE)
    assert rendered and "member Test" in first
    again, rendered_again = _header(client, WORKSPACE)
    masked = [re.sub(r'value="[^"]{40,}"', "token", h) for h in (first, again)]
    assert not rendered_again and masked[0] == masked[1]


def test_each_person_has_their_own_header_and_a_new_name_shows_at_once(client, roles):
    client.force_login(roles.member)
    assert "member Test" in _header(client, WORKSPACE)[0]
    client.force_login(roles.coordinator)
    coordinator, _ = _header(client, WORKSPACE)
    assert "coordinator Test" in coordinator and "member Test" not in coordinator
    roles.coordinator.first_name = "สมศรี"
    roles.coordinator.save()
    assert "สมศรี Test" in _header(client, WORKSPACE)[0]


def test_the_menu_follows_the_person_the_page_and_the_language(client, roles):
    roles.reviewer.language = "en"  # a person's own language (pmqa/middleware.py)
    roles.reviewer.save()
    client.force_login(roles.reviewer)
    queue, _ = _header(client, reverse("reviews:queue"))
    assert re.search(r'nav-link active" href="/reviews/">Review queue<', queue)
    assert "Log out" in queue
    assessments, _ = _header(client, reverse("assessments:list"))
    assert re.search(r'nav-link active" href="/assessments/">', assessments)
    assert not re.search(r'nav-link active" href="/reviews/">', assessments)
    client.force_login(roles.member)
    member, _ = _header(client, reverse("assessments:list"))
    assert "/reviews/" not in member and "ออกจากระบบ" in member  # not a reviewer: no queue; Thai


def test_the_language_switch_comes_back_to_the_page_with_its_query(client, roles):
    client.force_login(roles.member)
    plain, _ = _header(client, WORKSPACE)
    mine, _ = _header(client, WORKSPACE + "?mine=1")
    assert f'name="next" value="{WORKSPACE}"' in plain
    assert f'name="next" value="{WORKSPACE}?mine=1"' in mine


def test_the_kept_header_carries_each_requests_own_csrf_token(roles):
    """Logging out from a header kept for another browser of the same person works with this browser's token."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(roles.member)
    _header(first, WORKSPACE)
    second.force_login(roles.member)
    header, rendered = _header(second, WORKSPACE)
    assert not rendered
    token = re.search(r'action="/accounts/logout/".*?name="csrfmiddlewaretoken" value="([^"]+)"', header, re.S)
    assert second.post(reverse("logout"), {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    assert "_auth_user_id" not in second.session


def test_someone_not_logged_in_gets_a_log_in_link_back_to_the_page(client, db):
    login = reverse("login")
    for page in (reverse("login"), reverse("password_reset")):
        header, _ = _header(client, page)
        assert f'href="{login}?next={page}"' in header and "ออกจากระบบ" not in header


def test_a_change_of_language_shows_at_once(client, roles):
    client.force_login(roles.member)
    assert "ออกจากระบบ" in _header(client, WORKSPACE)[0]
    roles.member.language = "en"
    roles.member.save()
    assert "Log out" in _header(client, WORKSPACE)[0]
