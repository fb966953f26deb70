"""Good practices: who may share which sub-item, who sees it, and the OPDC synthesis (practices/)."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Evidence, Response, Score
from practices import phrases, selectors
from practices.models import Consent
from reviews.models import ItemReview
from tests.practices_data import LINK, NARRATIVE, evidence_for, finalised_with_top
from tests.reports_data import finalise, more_agencies

CONSENT = "practices:consent_item"


@pytest.fixture
def shared_ready(roles):
    """ddc finalised with 1.1 at the highest level, a public link and an uploaded file supporting it."""
    response = finalised_with_top(roles.assessment, roles.reviewer)
    evidence_for(response, by=roles.member)
    return response


def _url(item="1.1", name=CONSENT):
    return reverse(name, kwargs={"year": 2570, "code": "ddc", "item": item})


def _give(client, roles, item="1.1", *, links=None):
    """The coordinator agrees, ticking as public `links` (evidence ids; by default the item's link, LINK)."""
    client.force_login(roles.coordinator)
    if links is None:
        links = list(Evidence.objects.filter(url=LINK).values_list("pk", flat=True))
    return client.post(_url(item), {"action": "give", "links": links})


# --- eligibility ---------------------------------------------------------------------------------------------


def test_only_finalised_items_at_the_top_level_are_eligible(roles, shared_ready):
    rows = selectors.consent_rows(roles.assessment)
    assert [r.item.code for r in rows] == ["1.1"]  # item 8 (index 7) has significance 40 %: advance, not eligible
    top = Score.objects.get(assessment=roles.assessment, side="result", scope="item", key="1.1")
    assert top.level == "significance"
    assert Score.objects.get(assessment=roles.assessment, side="result", scope="item", key="2.4").level == "advance"


def test_a_draft_or_reopened_assessment_has_nothing_to_share(roles, shared_ready):
    Assessment.objects.filter(pk=roles.assessment.pk).update(status=Assessment.Status.SUBMITTED)
    assert selectors.consent_rows(roles.assessment) == []


def test_the_page_lists_the_eligible_items(client, roles, shared_ready):
    client.force_login(roles.coordinator)
    page = client.get(reverse("practices:consent", kwargs={"year": 2570, "code": "ddc"})).content.decode()
    assert 'id="consent-1.1"' in page and 'id="consent-1.2"' not in page


# --- consent ---------------------------------------------------------------------------------------------------


def test_the_confirmation_says_what_is_shared_and_never_the_files(client, roles, shared_ready):
    client.force_login(roles.coordinator)
    page = client.get(_url()).content.decode()
    assert NARRATIVE in page and LINK in page
    assert "secret.pdf" not in page and "บันทึกภายในลับ" not in page
    assert not Consent.objects.exists()  # a GET shares nothing


def test_the_coordinator_gives_and_withdraws_consent_and_the_history_stays(client, roles, shared_ready):
    assert _give(client, roles).status_code == 302
    consent = Consent.objects.get()
    assert consent.is_active and consent.given_by == roles.coordinator and consent.given_at
    client.post(_url(), {"action": "withdraw"})
    consent.refresh_from_db()
    assert consent.withdrawn_by == roles.coordinator and consent.withdrawn_at >= consent.given_at
    _give(client, roles)
    assert Consent.objects.count() == 2 and Consent.objects.active().count() == 1
    page = client.get(reverse("practices:consent", kwargs={"year": 2570, "code": "ddc"})).content.decode()
    row = page.split('id="consent-1.1"')[1].split("</tr>")[0]
    assert row.count("coordinator Test") == 3  # shared twice, withdrawn once


def test_a_second_consent_while_one_is_active_is_refused(client, roles, shared_ready):
    _give(client, roles)
    answer = _give(client, roles)
    assert answer.status_code == 302 and Consent.objects.active().count() == 1
    from django.contrib.messages import get_messages

    assert [m.level_tag for m in get_messages(answer.wsgi_request)][-1] == "error"


def test_an_item_below_the_top_level_cannot_be_shared(client, roles, shared_ready):
    answer = _give(client, roles, item="1.2")
    assert answer.status_code == 302 and not Consent.objects.exists()
    assert client.get(_url("1.2")).status_code == 404


@pytest.mark.parametrize("who, status", [("member", 403), ("outsider", 404), ("reviewer", 403), ("administrator", 403)])
def test_only_the_coordinator_shares(client, roles, shared_ready, who, status):
    client.force_login(getattr(roles, who))
    assert client.post(_url(), {"action": "give"}).status_code == status
    assert not Consent.objects.exists()


def test_only_the_coordinator_withdraws(client, roles, shared_ready):
    _give(client, roles)
    for who, status in (("member", 403), ("outsider", 404)):
        client.force_login(getattr(roles, who))
        assert client.post(_url(), {"action": "withdraw"}).status_code == status
    assert Consent.objects.active().count() == 1


def test_only_the_links_ticked_as_public_are_shared(client, roles, shared_ready):
    intranet = Evidence.objects.create(
        assessment=roles.assessment, kind=Evidence.Kind.LINK, url="https://intranet.ddc.local/plan", title="ร่างแผนภายใน"
    )
    intranet.responses.add(shared_ready)
    client.force_login(roles.coordinator)
    page = client.get(_url()).content.decode()
    assert 'name="links"' in page and "https://intranet.ddc.local/plan" in page  # both offered, neither ticked
    assert "checked" not in page.split('id="consent-links"')[1].split("</fieldset>")[0]
    _give(client, roles)  # the public one only
    assert list(Consent.objects.get().links.all()) == list(Evidence.objects.filter(url=LINK))
    page = _browse(client, roles.outsider)
    assert LINK in page and "intranet.ddc.local" not in page and "ร่างแผนภายใน" not in page
    client.force_login(roles.coordinator)
    page = client.get(_url()).content.decode()  # shared: what is shown, no more choices
    assert LINK in page and "intranet.ddc.local" not in page and 'name="links"' not in page


def test_nothing_ticked_shares_the_narratives_without_links(client, roles, shared_ready):
    _give(client, roles, links=[])
    page = _browse(client, roles.outsider)
    assert NARRATIVE in page and LINK not in page


def test_a_link_of_another_item_or_a_file_cannot_be_ticked(client, roles, shared_ready):
    other = Evidence.objects.create(
        assessment=roles.assessment, kind=Evidence.Kind.LINK, url="https://www.ddc.moph.go.th/other", title="อื่น"
    )
    other.responses.add(roles.assessment.responses.get(item__code="1.2"))
    upload = Evidence.objects.get(file_name="secret.pdf")
    for links in ([other.pk], [upload.pk], ["x"]):
        answer = _give(client, roles, links=links)
        assert answer.status_code == 302 and not Consent.objects.exists()


def test_consents_given_before_keep_the_links_they_showed(roles, shared_ready):
    import importlib

    from django.apps import apps

    consent = Consent.objects.create(response=shared_ready, given_at=roles.assessment.finalised_at)
    migration = importlib.import_module("practices.migrations.0002_public_links")
    migration.keep_what_was_shown(apps, None)
    assert list(consent.links.all()) == list(Evidence.objects.filter(url=LINK))


# --- browsing ---------------------------------------------------------------------------------------------------


def _browse(client, person, **query):
    client.force_login(person)
    return client.get(reverse("practices:browse"), query).content.decode()


def test_another_agency_sees_the_practice_until_it_is_withdrawn(client, roles, shared_ready):
    assert "กรมควบคุมโรค" not in _browse(client, roles.outsider)
    _give(client, roles)
    page = _browse(client, roles.outsider)
    assert "กรมควบคุมโรค" in page and NARRATIVE in page and LINK in page
    assert "secret.pdf" not in page and "บันทึกภายในลับ" not in page
    for person in (roles.reviewer, roles.executive, roles.administrator, roles.other_executive):
        assert NARRATIVE in _browse(client, person)
    client.force_login(roles.coordinator)
    client.post(_url(), {"action": "withdraw"})
    page = _browse(client, roles.outsider)
    assert NARRATIVE not in page and 'id="practices-empty"' in page


def test_a_practice_names_its_fiscal_year_in_the_pages_era(client, roles, shared_ready):
    _give(client, roles)
    assert "ปีงบประมาณ พ.ศ. 2570" in _browse(client, roles.outsider)
    roles.outsider.language = "en"
    roles.outsider.save(update_fields=["language"])
    assert "Fiscal year 2027" in _browse(client, roles.outsider)


def test_a_reopened_assessment_stops_showing_its_practices(client, roles, shared_ready):
    _give(client, roles)
    from assessments import scores

    Assessment.objects.filter(pk=roles.assessment.pk).update(status=Assessment.Status.SUBMITTED)
    scores.result_forget(roles.assessment)
    assert NARRATIVE not in _browse(client, roles.outsider)


@pytest.mark.parametrize(
    "query, found",
    [
        ({}, True),
        ({"year": "2570"}, True),
        ({"category": "1"}, True),
        ({"category": "2"}, False),
        ({"item": "1.1"}, True),
        ({"item": "1.2"}, False),
        ({"q": "ระบบติดตามออนไลน์"}, True),  # in a narrative
        ({"q": "ควบคุมโรค"}, True),  # in the agency's name
        ({"q": "ไม่มีคำนี้"}, False),
    ],
)
def test_browse_filters(client, roles, shared_ready, query, found):
    _give(client, roles)
    assert (NARRATIVE in _browse(client, roles.outsider, **query)) is found


def test_the_list_takes_a_fixed_number_of_queries(client, roles, django_assert_num_queries):
    """As many queries for many practices as for one: no query per practice."""
    extra = more_agencies(roles, 3, reviewer=roles.reviewer)
    for assessment in extra:
        ItemReview.objects.filter(response__assessment=assessment).delete()
        finalised_with_top(Assessment.objects.get(pk=assessment.pk), roles.reviewer)
    for response in selectors.eligible(Response.objects.select_related("assessment")):
        evidence_for(response)
        consent = Consent.objects.create(response=response, given_at=response.assessment.finalised_at, given_by=None)
        consent.links.set(selectors.link_evidence(response))
    client.force_login(roles.outsider)
    # session, user, the form's cycles, its items, the practices, their narratives, their consents, their links
    with django_assert_num_queries(8):
        page = client.get(reverse("practices:browse")).content.decode()
    assert page.count('class="card mb-3 practice"') == 3
    assert page.count(f'href="{LINK}"') == 3


# --- synthesis --------------------------------------------------------------------------------------------------


@pytest.fixture
def two_finalised(roles):
    finalised_with_top(roles.assessment, roles.reviewer)
    other = Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency)
    finalise(other, roles.other_reviewer)
    return roles.assessment, other


def _levels(page_text):
    import re

    return dict(
        re.findall(r'data-level="(\w+)"><th scope="row">[^<]*</th><td class="text-end level-count">(\d+)<', page_text)
    )


@pytest.mark.parametrize("code", ["1.1", "2.4", "3.1"])
def test_synthesis_counts_equal_the_stored_scores(client, roles, two_finalised, code):
    client.force_login(roles.administrator)
    page = client.get(reverse("practices:synthesis", kwargs={"year": 2570, "item": code})).content.decode()
    stored = Score.objects.filter(side="result", scope="item", key=code).values_list("level", flat=True)
    expected = {}
    for level in stored:
        expected[level or "below"] = expected.get(level or "below", 0) + 1
    shown = {k: int(v) for k, v in _levels(page).items() if v != "0"}
    assert shown == expected and sum(shown.values()) == 2


def test_synthesis_shows_the_common_words_of_the_consensus(client, roles, two_finalised):
    client.force_login(roles.administrator)
    page = client.get(reverse("practices:synthesis", kwargs={"year": 2570, "item": "1.1"})).content.decode()
    assert "ถ่ายทอด" in page and "ทบทวน" in page  # from the strengths and the improvements of both agencies


def test_a_reviewer_reads_only_the_agencies_assigned_to_them(client, roles, two_finalised):
    client.force_login(roles.other_reviewer)
    page = client.get(reverse("practices:synthesis", kwargs={"year": 2570, "item": "1.1"})).content.decode()
    assert "จังหวัดเชียงใหม่" in page and "กรมควบคุมโรค" not in page
    assert sum(int(v) for v in _levels(page).values()) == 1
    index = client.get(reverse("practices:synthesis_index", kwargs={"year": 2570})).content.decode()
    assert "กรมควบคุมโรค" not in index


def test_agencies_teams_do_not_read_the_synthesis(client, roles, two_finalised):
    for person in (roles.coordinator, roles.member, roles.executive):  # a ministry executive is not OPDC
        client.force_login(person)
        assert client.get(reverse("practices:synthesis_index", kwargs={"year": 2570})).status_code == 404


# --- common words (pure) ----------------------------------------------------------------------------------------


def test_words_are_grouped_across_agencies_with_an_example():
    remarks = [
        ("a", "มีการถ่ายทอดทิศทางสู่การปฏิบัติ และมีระบบติดตามผล"),
        ("b", "การถ่ายทอดทิศทางยังไม่ครอบคลุมทุกหน่วยงาน"),
        ("b", "ถ่ายทอดทิศทางผ่านการประชุม"),  # the same agency again: still two agencies
        ("c", "ควรทบทวนตัวชี้วัด"),
    ]
    found = phrases.common(remarks, limit=3)
    # two agencies each; ถ่ายทอด is said three times, the pair twice (newmm cuts the third ทิศ|ทางผ่าน)
    assert [(p.text, p.agencies) for p in found] == [("ถ่ายทอด", 2), ("ถ่ายทอดทิศทาง", 2), ("ทิศทาง", 2)]
    assert found[0].example == "มีการถ่ายทอดทิศทางสู่การปฏิบัติ"
    every = {p.text for p in phrases.common(remarks, limit=100)}
    assert not every & {"และ", "มี", "การ", "ควร", "ยัง", "ไม่"}  # stopwords never count
    assert "ทบทวน" in every


def test_executives_of_every_agency_read_the_synthesis(client, roles, two_finalised):
    from accounts.models import ExecutiveScope

    ExecutiveScope.objects.create(user=roles.other_executive, scope=ExecutiveScope.Scope.ALL)
    client.force_login(roles.other_executive)
    page = client.get(reverse("practices:synthesis", kwargs={"year": 2570, "item": "1.1"})).content.decode()
    assert "กรมควบคุมโรค" in page and "จังหวัดเชียงใหม่" in page


# --- how people reach these pages ------------------------------------------------------------------------------


def test_the_coordinator_reaches_the_consent_page_from_a_final_workspace(client, roles, shared_ready):
    consent = reverse("practices:consent", kwargs={"year": 2570, "code": "ddc"})
    workspace = reverse("assessments:workspace", kwargs={"year": 2570, "code": "ddc"})
    client.force_login(roles.coordinator)
    assert consent in client.get(workspace).content.decode()
    client.force_login(roles.member)  # only the coordinator shares
    assert consent not in client.get(workspace).content.decode()


def test_good_practices_are_in_the_header_and_the_synthesis_on_the_cycle_dashboard(client, roles):
    client.force_login(roles.member)
    assert reverse("practices:browse") in client.get(reverse("home")).content.decode()
    synthesis = reverse("practices:synthesis_index", kwargs={"year": 2570})
    client.force_login(roles.administrator)
    assert synthesis in client.get(reverse("reports:cycle", kwargs={"year": 2570})).content.decode()
    client.force_login(roles.executive)  # not of every agency: no synthesis, and no link to it
    response = client.get(reverse("reports:cycle", kwargs={"year": 2570}))
    assert response.status_code == 200 and synthesis not in response.content.decode()


def test_the_synthesis_names_its_fiscal_year_in_the_pages_era(client, roles, two_finalised):
    client.force_login(roles.administrator)
    url = reverse("practices:synthesis_index", kwargs={"year": 2570})
    assert "ผลการประเมินที่สิ้นสุดแล้วของปีงบประมาณ 2570" in " ".join(client.get(url).content.decode().split())
    roles.administrator.language = "en"
    roles.administrator.save(update_fields=["language"])
    assert "Finalised results of fiscal year 2027" in client.get(url).content.decode()
