"""The read-only API (/api/v1/): personal tokens, scope, the same numbers as the exports, no writes, the schema,
pagination, filters, rate limits and query counts."""

import datetime
import hashlib
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from assessments import scoring
from assessments.models import Indicator, IndicatorValue
from tests.reports_data import expected_scores, finalise, more_agencies

Y = {"year": 2570}


@pytest.fixture
def final(roles):
    finalise(roles.assessment, roles.reviewer)
    return roles


def key_of(user, name="script", days=90) -> str:
    return tokens.token_create(user=user, name=name, days=days)[1]


def api(client, name, key=None, data=None, method="get", **kwargs):
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    return getattr(client, method)(reverse(f"api:{name}", kwargs=kwargs or None), data, **headers)


def every_row(client, name, key, **query):
    """All rows of a paginated list, following `next`."""
    rows, page = [], 1
    while True:
        body = client.get(reverse(f"api:{name}", kwargs=Y), {**query, "page": page}, HTTP_AUTHORIZATION=f"Token {key}")
        assert body.status_code == 200, body.content
        data = body.json()
        rows += data["results"]
        if not data["next"]:
            return rows
        page += 1


# --- tokens: made, shown once, stored hashed, revoked --------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, roles):
    client.force_login(roles.member)
    response = client.post(reverse("tokens:list"), {"name": "Power BI", "days": 30})
    assert response.status_code == 200
    key = re.search(r'id="token-key">([^<]+)</code>', response.content.decode()).group(1)
    assert re.fullmatch(r"pmqa_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", key)
    token = ApiToken.objects.get(user=roles.member)
    assert token.name == "Power BI" and key.startswith(f"pmqa_{token.prefix}_")
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    secret = key.split("_", 2)[2]
    assert all(secret not in str(value) for value in ApiToken.objects.values_list().get())
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    again = client.get(reverse("tokens:list")).content.decode()
    assert key not in again and f"pmqa_{token.prefix}_" in again and "Power BI" in again


def test_expiry_is_chosen_from_the_list_a_year_at_most(client, roles):
    client.force_login(roles.member)
    response = client.post(reverse("tokens:list"), {"name": "forever", "days": 3650})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert 'value="forever"' in response.content.decode()  # nothing typed is lost
    with pytest.raises(Exception):  # noqa: B017
        tokens.token_create(user=roles.member, name="forever", days=366)


def test_unknown_expired_revoked_and_deactivated_tokens_are_401(client, roles):
    assert api(client, "cycles").status_code == 401
    assert api(client, "cycles")["WWW-Authenticate"] == "Token"
    key = key_of(roles.member)
    assert api(client, "cycles", key).status_code == 200
    prefix = key.split("_")[1]
    assert api(client, "cycles", key[:-2] + "xx").status_code == 401  # wrong secret
    assert api(client, "cycles", "pmqa_00000000_" + "a" * 43).status_code == 401  # unknown
    assert api(client, "cycles", "not-a-token").status_code == 401
    ApiToken.objects.filter(prefix=prefix).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api(client, "cycles", key).status_code == 401
    ApiToken.objects.filter(prefix=prefix).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    roles.member.is_active = False
    roles.member.save()
    assert api(client, "cycles", key).status_code == 401
    roles.member.is_active = True
    roles.member.save()
    assert api(client, "cycles", key).status_code == 200
    tokens.token_revoke(token=ApiToken.objects.get(prefix=prefix))
    assert api(client, "cycles", key).status_code == 401


def test_bearer_works_too_and_last_use_is_recorded(client, roles):
    key = key_of(roles.member)
    assert ApiToken.objects.get().last_used_at is None
    response = client.get(reverse("api:cycles"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert timezone.now() - ApiToken.objects.get().last_used_at < datetime.timedelta(minutes=1)


def test_a_person_revokes_their_own_tokens_only(client, roles):
    key = key_of(roles.member)
    token = ApiToken.objects.get()
    client.force_login(roles.coordinator)
    assert client.post(reverse("tokens:revoke", kwargs={"token_id": token.pk})).status_code == 404
    assert api(client, "cycles", key).status_code == 200
    client.force_login(roles.member)
    response = client.post(reverse("tokens:revoke", kwargs={"token_id": token.pk}), follow=True)
    assert response.status_code == 200 and "script" in response.content.decode()
    client.logout()
    assert api(client, "cycles", key).status_code == 401


def test_token_page_in_thai_and_english(client, roles):
    client.force_login(roles.member)
    thai = client.get(reverse("tokens:list")).content.decode()
    assert "โทเคนสำหรับ API" in thai and "API tokens" not in thai
    roles.member.language = "en"
    roles.member.save()
    assert "API tokens" in client.get(reverse("tokens:list")).content.decode()


def test_the_password_page_links_to_the_tokens(client, roles):
    client.force_login(roles.member)
    assert reverse("tokens:list") in client.get(reverse("password_change")).content.decode()


# --- scope: a token reads what its owner reads ----------------------------------------------------------------


def test_a_script_reads_a_finalised_result_and_nothing_outside_its_scope(client, final):
    key = key_of(final.member)  # กรมควบคุมโรค
    result = api(client, "result", key, year=2570, code="ddc").json()
    expected = expected_scores(final.assessment, reviewed=True)
    assert result["status"] == "finalised" and result["target"] == 400
    assert result["result_score"] == float(scoring.score_display(expected.overall.score))
    assert len(result["categories"]) == 6 and len(result["items"]) == 24
    item = next(i for i in result["items"] if i["item"] == "2.1")
    assert item["result_score"] == float(scoring.score_display(expected.items["2.1"].score))
    assert item["result_level"] == (expected.items["2.1"].level or "below_basic")
    rows = api(client, "results", key, **Y).json()
    assert [r["agency_code"] for r in rows["results"]] == ["ddc"] and rows["count"] == 1
    # Outside the owner's scope: 404, whether it exists or not.
    assert api(client, "result", key, year=2570, code="chiangmai").status_code == 404
    assert api(client, "result", key, year=2570, code="nowhere").status_code == 404
    assert api(client, "agency", key, code="chiangmai").status_code == 404
    assert api(client, "results", key, year=2569).status_code == 404
    # Before finalisation the result columns are empty, for everyone (reviewers' scores stay on review pages).
    other = key_of(final.other_reviewer)
    row = api(client, "result", other, year=2570, code="chiangmai").json()
    assert row["status"] == "draft" and row["result_score"] is None and row["result_level"] is None
    assert all(c["result_score"] is None for c in row["categories"])
    assert api(client, "result", other, year=2570, code="ddc").status_code == 404


def test_the_api_gives_the_numbers_the_exports_give(client, final):
    client.force_login(final.administrator)
    key = key_of(final.administrator)
    for table, name in [("agencies", "results"), ("categories", "results_categories"), ("items", "results_items")]:
        exported = json.loads(
            client.get(reverse("reports:export", kwargs={**Y, "table": table, "fmt": "json"})).getvalue()
        )["rows"]
        assert every_row(client, name, key, page_size=7) == exported, table


def test_pages_of_rows_cut_anywhere(client, final):
    key = key_of(final.administrator)
    whole = every_row(client, "results_items", key, page_size=1000)
    assert len(whole) == 2 * 24
    for size in (5, 24, 30):
        assert every_row(client, "results_items", key, page_size=size) == whole
    page = api(client, "results_items", key, {"page": 2, "page_size": 30}, **Y).json()
    assert page["count"] == 48 and page["previous"] and page["next"] is None and len(page["results"]) == 18


def test_filters_narrow_like_the_exports_and_a_bad_one_says_why(client, final):
    key = key_of(final.administrator)

    def rows(name, **query):
        return api(client, name, key, query, **Y)

    assert [r["agency_code"] for r in rows("results", ministry="moi").json()["results"]] == ["chiangmai"]
    assert [r["agency_code"] for r in rows("results", status="finalised").json()["results"]] == ["ddc"]
    assert [r["agency_code"] for r in rows("results", kind="province").json()["results"]] == ["chiangmai"]
    only = rows("results_categories", category=3, agency="ddc").json()["results"]
    assert [(r["agency_code"], r["category"]) for r in only] == [("ddc", 3)]
    items = rows("results_items", category=2).json()["results"]
    assert {r["item"] for r in items} == {"2.1", "2.2", "2.3", "2.4"} and len(items) == 8
    assert [r["item"] for r in rows("results_items", item="4.2").json()["results"]] == ["4.2", "4.2"]
    assert rows("results_items", item="9.9").status_code == 400
    bad = rows("results", ministry="nowhere")
    assert bad.status_code == 400 and "ministry" in bad.json()
    assert rows("results_categories", category=9).status_code == 400
    assert rows("results", status="lost").status_code == 400
    assert api(client, "agencies", key, {"kind": "province"}).json()["results"][0]["code"] == "chiangmai"


def test_an_agency_outside_the_scope_is_never_confirmed(client, final):
    key = key_of(final.member)
    outside = api(client, "results", key, {"agency": "chiangmai"}, **Y)
    missing = api(client, "results", key, {"agency": "nowhere"}, **Y)
    assert outside.status_code == missing.status_code == 400
    assert outside.json() == missing.json()


def test_indicators_with_their_values(client, roles):
    response = roles.assessment.results_responses.get(item__code="7.1")
    indicator = Indicator.objects.create(response=response, name="ร้อยละความพึงพอใจ", unit="ร้อยละ", target=80)
    for year, value in [(2568, "78.5"), (2569, "81.25"), (2570, "85")]:
        IndicatorValue.objects.create(indicator=indicator, fiscal_year=year, value=value)
    found = api(client, "indicators", key_of(roles.executive), **Y).json()["results"]
    assert len(found) == 1
    assert found[0]["indicator"] == "ร้อยละความพึงพอใจ" and found[0]["results_item"] == "7.1"
    assert found[0]["target"] == 80 and found[0]["direction"] == "higher"
    assert found[0]["values"] == [
        {"fiscal_year": 2568, "value": 78.5},
        {"fiscal_year": 2569, "value": 81.25},
        {"fiscal_year": 2570, "value": 85},
    ]
    assert api(client, "indicators", key_of(roles.outsider), **Y).json()["results"] == []
    assert api(client, "indicators", key_of(roles.member), {"results_item": "7.2"}, **Y).json()["results"] == []


def test_editions_carry_the_whole_criteria(client, roles):
    key = key_of(roles.member)
    editions = api(client, "editions", key).json()["results"]
    assert [e["code"] for e in editions] == ["pmqa-4-0"]
    edition = api(client, "edition", key, edition="pmqa-4-0").json()
    assert [lv["points"] for lv in edition["levels"]] == [300, 400, 500]
    assert [c["number"] for c in edition["categories"]] == [1, 2, 3, 4, 5, 6]
    items = [i for c in edition["categories"] for i in c["items"]]
    assert len(items) == 24 and all(len(i["descriptors"]) == 3 for i in items)
    assert [r["code"] for r in edition["results_items"]] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert api(client, "edition", key, edition="nowhere").status_code == 404
    cycles = api(client, "cycles", key).json()["results"]
    assert cycles == [
        {
            "fiscal_year": 2570,
            "edition": "pmqa-4-0",
            "status": "open",
            "opens_on": "2026-10-01",
            "deadline": cycles[0]["deadline"],
        }
    ]
    assert api(client, "cycles", key, {"status": "closed"}).json()["results"] == []


# --- never a write --------------------------------------------------------------------------------------------

API_URLS = [
    ("editions", {}),
    ("edition", {"edition": "pmqa-4-0"}),
    ("cycles", {}),
    ("cycle", Y),
    ("agencies", {}),
    ("agency", {"code": "ddc"}),
    ("results", Y),
    ("results_categories", Y),
    ("results_items", Y),
    ("result", {**Y, "code": "ddc"}),
    ("indicators", Y),
    ("schema", {}),
    ("docs", {}),
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_write_method_works(method, roles):
    from django.test import Client

    key = key_of(roles.administrator)
    before = ApiToken.objects.count()
    session = Client(enforce_csrf_checks=True)
    session.force_login(roles.administrator)
    for name, kwargs in API_URLS:
        url = reverse(f"api:{name}", kwargs=kwargs or None)
        for client, headers in [(Client(), {}), (Client(), {"HTTP_AUTHORIZATION": f"Token {key}"}), (session, {})]:
            response = getattr(client, method)(url, {"name": "x"}, content_type="application/json", **headers)
            assert response.status_code == 405, (name, method, response.status_code)
            assert set(response["Allow"].replace(" ", "").split(",")) <= {"GET", "HEAD", "OPTIONS"}
    assert ApiToken.objects.count() == before


def test_head_and_options_read(client, roles):
    key = key_of(roles.member)
    assert client.head(reverse("api:cycles"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.options(reverse("api:cycles"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


# --- the description ------------------------------------------------------------------------------------------


def test_the_schema_validates(client, db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/cycles/{year}/results/items/" in schema["paths"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    served = client.get(reverse("api:schema"), {"format": "json"})
    assert served.status_code == 200 and json.loads(served.content)["info"]["title"] == "PMQA 4.0 API"


def test_the_docs_page_uses_only_local_files(client, db):
    page = client.get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<style" not in page and "cdn" not in page.lower() and "https://" not in page
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")


# --- rate limits and query counts -----------------------------------------------------------------------------


def test_each_token_has_its_own_rate_limit(client, roles, settings):
    settings.API_RATE_LIMIT = "3/minute"
    first, second = key_of(roles.member, "a"), key_of(roles.member, "b")
    assert [api(client, "cycles", first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api(client, "cycles", second).status_code == 200


LISTS = [
    ("results", Y, {}),
    ("results_categories", Y, {}),
    ("results_items", Y, {}),
    ("results_items", Y, {"category": 2, "page_size": 5, "page": 2}),
    ("indicators", Y, {}),
    ("agencies", {}, {}),
    ("cycles", {}, {}),
    ("editions", {}, {}),
    ("result", {**Y, "code": "ddc"}, {}),
]


@pytest.mark.parametrize("name, kwargs, query", LISTS)
def test_list_queries_do_not_grow_with_agencies(client, final, name, kwargs, query):
    key = key_of(final.administrator)
    api(client, name, key, query, **kwargs)  # the token's first use records it; not counted below

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api(client, name, key, query, **kwargs).status_code == 200
        return len(queries)

    few = count()
    more_agencies(final, 5, reviewer=final.reviewer)
    assert count() == few


def test_query_count_of_the_items_list_is_pinned(client, final, django_assert_num_queries):
    key = key_of(final.executive)
    api(client, "results_items", key, **Y)
    # 1 the token and its owner; get_cycle_for_reader: 1 the cycle, 1 the executive's scopes (read once per
    # request), 1 one assessment exists; the filter form: 1 ministries in scope; 1 the edition's items (to count
    # rows); 1 count of assessments; 1 the page's assessment ids and agency codes; the score rows
    # (reports/export_scores.py): 1 the edition's items, 1 the assessments with agency and ministry, 1 their
    # stored scores.
    with django_assert_num_queries(11):
        assert api(client, "results_items", key, **Y).status_code == 200


def test_a_malformed_rate_limit_stops_the_start():
    from tests.test_settings import _manage

    result = _manage("check", DEBUG="true", API_RATE_LIMIT="lots")
    assert result.returncode != 0 and "API_RATE_LIMIT must read" in result.stderr
    assert _manage("check", DEBUG="true", API_RATE_LIMIT="50/minute").returncode == 0
