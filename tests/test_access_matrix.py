"""Every URL of the project, tried by every role: each gets exactly the status its role allows.

A new view must join MATRIX: test_every_url_is_in_the_matrix fails until it does.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Membership

ROLES = [
    "anonymous",
    "member",
    "coordinator",
    "outsider",
    "reviewer",
    "other_reviewer",
    "executive",
    "other_executive",
    "administrator",
]

# Statuses in ROLES order. 302 for anonymous means "sent to the login page".
OPEN = [200] * 9
LOGIN = [302] + [200] * 8
AGENCY_READ = [302, 200, 200, 404, 200, 404, 200, 404, 200]
AGENCY_MANAGE = [302, 403, 302, 404, 403, 404, 403, 404, 302]
ADMIN_ONLY = [302, 404, 404, 404, 404, 404, 404, 404, 200]


ITEM_WRITE = [302, 302, 302, 404, 403, 404, 403, 404, 403]  # the agency's team only; administrators do not write
CHECK = [302, 200, 200, 404, 403, 404, 403, 404, 200]
ANSWERS = {
    "version": 0,
    "status": "in_progress",
    "narrative_basic": "ทดสอบ",
    "fraction_basic": 50,
    "fraction_advance": 0,
    "fraction_significance": 0,
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _member_id(roles):
    return Membership.objects.get(user=roles.member, agency=roles.agency).pk


def _evidence_id(roles):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.evidence import evidence_file_add

    response = roles.assessment.responses.get(item__code="1.1")
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    return evidence_file_add(response=response, upload=upload, title="รายงาน", by=roles.member).pk


def _indicator_id(roles):
    from assessments.models import Indicator

    response = roles.assessment.results_responses.get(item__code="7.1")
    return Indicator.objects.create(response=response, name="ร้อยละความพึงพอใจ", target=80).pk


def _portfolio_job(roles):
    """A ready portfolio the ministry executive asked for: theirs alone."""
    from django.core.files.base import ContentFile

    from reports.models import PortfolioJob

    job = PortfolioJob(requested_by=roles.executive, cycle=roles.cycle, language="th", status="done")
    job.file.save("portfolio.pdf", ContentFile(PDF), save=False)
    job.save()
    return {"year": 2570, "job": job.pk}


A = {"year": 2570, "code": "ddc"}
SECTION = {**A, "section": "p1a1"}
RESULTS_ITEM = {**A, "item": "7.1"}
PROFILE_TEXT = {"version": 0, "text": "พันธกิจของกรม", "status": "in_progress"}
INDICATOR = {
    "name": "ร้อยละความพึงพอใจ",
    "unit": "ร้อยละ",
    "direction": "higher",
    "target": "80",
    "year_0": "2570",
    "value_0": "82.5",
    "version": 0,
}
EDITOR_READ = [302, 200, 200, 404, 403, 404, 403, 404, 403]  # pages only the team uses: a form to change something


def _indicator_kwargs(roles):
    return {**RESULTS_ITEM, "indicator_id": _indicator_id(roles)}


def _draft(roles, **extra):
    """A draft copy of the edition, for the editions' administration pages."""
    from criteria.editions import edition_copy

    edition_copy(edition=roles.cycle.edition, code="draft-2571", name_th="ฉบับร่าง", first_fiscal_year=2571)
    return {"code": "draft-2571", **extra}


ADMIN_POST = [302, 404, 404, 404, 404, 404, 404, 404, 302]


REVIEW_READ = [302, 403, 403, 404, 200, 404, 403, 404, 200]
REVIEW_WRITE = [302, 403, 403, 404, 302, 404, 403, 404, 403]
REVIEW_POST = [302, 403, 403, 404, 400, 404, 403, 404, 403]  # a draft: the assigned reviewer is told why not (400)
REVIEW = {
    "mine-fraction_basic": 100,
    "mine-fraction_advance": 50,
    "mine-fraction_significance": 0,
    "mine-strengths": "ชัดเจน",
    "mine-improvements": "ขยายผล",
}


API_LOGIN = [401] + [200] * 8
API_AGENCY_READ = [401, 200, 200, 404, 200, 404, 200, 404, 200]


def _member_token(roles):
    from api.tokens import token_create

    return {"token_id": token_create(user=roles.member, name="script", days=30)[0].pk}


def _assignment(roles):
    """The other reviewer's assignment to Chiang Mai in 2570, for the assignments pages."""
    from accounts.models import ReviewerAssignment

    found = ReviewerAssignment.objects.get(reviewer=roles.other_reviewer, cycle=roles.cycle)
    return {"year": 2570, "assignment_id": found.pk}


MATRIX = [
    # name, kwargs (or a function of roles), method, data, statuses
    ("home", {}, "get", None, OPEN),
    ("criteria:current", {}, "get", None, [302] * 9),
    ("criteria:government_40_current", {}, "get", None, [302] * 9),
    ("criteria:edition", {"edition": "pmqa-4-0"}, "get", None, OPEN),
    ("criteria:item", {"edition": "pmqa-4-0", "item": "1.1"}, "get", None, OPEN),
    ("criteria:government_40", {"edition": "pmqa-4-0"}, "get", None, OPEN),
    ("login", {}, "get", None, [200] + [302] * 8),
    ("logout", {}, "post", {}, [302] * 9),
    ("password_change", {}, "get", None, LOGIN),
    ("password_change_done", {}, "get", None, LOGIN),
    ("password_reset", {}, "get", None, OPEN),
    ("password_reset_done", {}, "get", None, OPEN),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "bad-token"}, "get", None, OPEN),
    ("password_reset_complete", {}, "get", None, OPEN),
    ("set_language", {}, "post", {"language": "en", "next": "/"}, [302] * 9),
    ("agencies:list", {}, "get", None, LOGIN),
    ("agencies:detail", {"code": "ddc"}, "get", None, AGENCY_READ),
    ("agencies:members", {"code": "ddc"}, "get", None, AGENCY_READ),
    (
        "agencies:member_add",
        {"code": "ddc"},
        "post",
        {"email": "new@pmqa.test", "first_name": "ใหม่", "last_name": "ทดสอบ", "role": "member"},
        AGENCY_MANAGE,
    ),
    ("agencies:member_remove", lambda r: {"code": "ddc", "membership_id": _member_id(r)}, "post", {}, AGENCY_MANAGE),
    ("manage:index", {}, "get", None, ADMIN_ONLY),
    ("manage:people", {}, "get", None, ADMIN_ONLY),
    ("manage:import", {"kind": "agencies"}, "get", None, ADMIN_ONLY),
    ("manage:import_confirm", {"kind": "agencies"}, "post", {}, [302, 404, 404, 404, 404, 404, 404, 404, 302]),
    ("manage:deactivate", lambda r: {"person_id": r.member.pk}, "get", None, ADMIN_ONLY),
    ("manage:deactivate", lambda r: {"person_id": r.member.pk}, "post", {}, ADMIN_POST),
    ("manage:reactivate", lambda r: {"person_id": r.member.pk}, "get", None, ADMIN_ONLY),
    ("manage:reactivate", lambda r: {"person_id": r.member.pk}, "post", {}, ADMIN_POST),
    ("manage_editions:list", {}, "get", None, ADMIN_ONLY),
    ("manage_editions:copy", {"code": "pmqa-4-0"}, "get", None, ADMIN_ONLY),
    ("manage_editions:edit", _draft, "get", None, ADMIN_ONLY),
    ("manage_editions:edit", {"code": "pmqa-4-0"}, "post", {}, [302] + [404] * 7 + [403]),  # published: never
    ("manage_editions:item", lambda r: _draft(r, item="1.1"), "get", None, ADMIN_ONLY),
    ("manage_editions:part", lambda r: _draft(r, part="results"), "get", None, ADMIN_ONLY),
    ("manage_editions:changes", _draft, "get", None, ADMIN_ONLY),
    ("manage_editions:publish", _draft, "get", None, ADMIN_ONLY),
    ("manage_editions:publish", _draft, "post", {}, ADMIN_POST),
    ("assessments:list", {}, "get", None, LOGIN),
    ("assessments:workspace", A, "get", None, AGENCY_READ),
    ("assessments:item", {**A, "item": "1.1"}, "get", None, AGENCY_READ),
    ("assessments:item", {**A, "item": "1.1"}, "post", ANSWERS, ITEM_WRITE),
    ("assessments:comment_add", {**A, "item": "1.1"}, "post", {"body": "ดีมาก"}, ITEM_WRITE),
    ("assessments:carry_over", {**A, "item": "1.1"}, "post", {}, ITEM_WRITE),
    ("assessments:owner_set", A, "post", {"category": "1", "owner": ""}, AGENCY_MANAGE),
    ("assessments:target_set", A, "post", {"target_score": "400"}, AGENCY_MANAGE),
    ("assessments:check", A, "get", None, CHECK),
    ("assessments:submit", A, "post", {}, AGENCY_MANAGE),
    ("evidence:evidence_download", lambda r: {"evidence_id": _evidence_id(r)}, "get", None, AGENCY_READ),
    # The organisation profile and category 7
    ("assessments:profile", A, "get", None, AGENCY_READ),
    ("assessments:profile_section", SECTION, "get", None, AGENCY_READ),
    ("assessments:profile_section", SECTION, "post", PROFILE_TEXT, ITEM_WRITE),
    ("assessments:profile_carry_over", A, "post", {}, ITEM_WRITE),
    ("assessments:profile_owner_set", SECTION, "post", {"owner": ""}, AGENCY_MANAGE),
    ("assessments:results", A, "get", None, AGENCY_READ),
    ("assessments:results_item", RESULTS_ITEM, "get", None, AGENCY_READ),
    ("assessments:results_item", RESULTS_ITEM, "post", INDICATOR, ITEM_WRITE),
    ("assessments:results_item_status", RESULTS_ITEM, "post", {"status": "ready"}, ITEM_WRITE),
    ("assessments:results_owner_set", RESULTS_ITEM, "post", {"owner": ""}, AGENCY_MANAGE),
    ("assessments:results_carry_over", RESULTS_ITEM, "post", {}, ITEM_WRITE),
    ("assessments:indicator_edit", _indicator_kwargs, "get", None, EDITOR_READ),
    ("assessments:indicator_edit", _indicator_kwargs, "post", INDICATOR, ITEM_WRITE),
    ("assessments:indicator_delete", _indicator_kwargs, "post", {}, ITEM_WRITE),
    # Reviews. Assigned reviewers only; the roles fixture's assessment is still a draft, so writes are refused
    # politely (400 form error, or a message and a redirect) rather than forbidden.
    ("reviews:queue", {}, "get", None, [302, 404, 404, 404, 200, 200, 404, 404, 404]),
    ("reviews:assessment", A, "get", None, REVIEW_READ),
    ("reviews:item", {**A, "item": "1.1"}, "get", None, REVIEW_READ),
    ("reviews:item", {**A, "item": "1.1"}, "post", REVIEW, REVIEW_POST),
    ("reviews:return", A, "post", {"message": "โปรดแก้ไข"}, REVIEW_WRITE),
    ("reviews:finalise", A, "post", {}, REVIEW_WRITE),
    ("reviews:reopen", A, "post", {"reason": "ทบทวน"}, [302, 403, 403, 404, 403, 404, 403, 404, 302]),
    ("reviews:results", A, "get", None, AGENCY_READ),
    ("reviews:profile", A, "get", None, REVIEW_READ),
    ("reviews:profile", A, "post", {"section": "p1a1", "body": "ควรระบุกลุ่มผู้รับบริการ"}, REVIEW_POST),
    ("reviews:results_item", RESULTS_ITEM, "get", None, REVIEW_READ),
    ("reviews:results_item", RESULTS_ITEM, "post", {"mine-score": 300, "mine-strengths": "ดี"}, REVIEW_POST),
    ("reports:home", {}, "get", None, [302] * 9),  # to the person's agency or the cycle's dashboard
    ("reports:agency", {"code": "ddc"}, "get", None, AGENCY_READ),
    ("reports:cycle", {"year": 2570}, "get", None, LOGIN),  # each reads the agencies in their scope
    ("reports:portfolio", {"year": 2570}, "get", None, LOGIN),
    ("reports:portfolio_job", _portfolio_job, "get", None, [302, 404, 404, 404, 404, 404, 200, 404, 404]),
    ("reports:portfolio_file", _portfolio_job, "get", None, [302, 404, 404, 404, 404, 404, 200, 404, 404]),
    ("reports:export", {"year": 2570, "table": "items", "fmt": "csv"}, "get", None, LOGIN),
    ("reports:gap_report", A, "get", None, AGENCY_READ),
    ("reports:sar", {**A, "fmt": "pdf"}, "get", None, AGENCY_READ),
    ("reports:sar", {**A, "fmt": "docx"}, "get", None, AGENCY_READ),
    ("admin:index", {}, "get", None, [404] * 8 + [200]),
    (
        "health",
        {},
        "get",
        None,
        OPEN,
    ),  # for load balancers: reachable or not, nothing more  # not advertised: superusers only
    # The read-only API: 401 rather than a login page; tests/test_api_access.py tries each with a token too.
    ("api:schema", {}, "get", None, OPEN),
    ("api:docs", {}, "get", None, OPEN),
    ("api:editions", {}, "get", None, API_LOGIN),
    ("api:edition", {"edition": "pmqa-4-0"}, "get", None, API_LOGIN),
    ("api:cycles", {}, "get", None, API_LOGIN),
    ("api:cycle", {"year": 2570}, "get", None, API_LOGIN),  # each reads an assessment of 2570
    ("api:agencies", {}, "get", None, API_LOGIN),
    ("api:agency", {"code": "ddc"}, "get", None, API_AGENCY_READ),
    ("api:results", {"year": 2570}, "get", None, API_LOGIN),
    ("api:results_categories", {"year": 2570}, "get", None, API_LOGIN),
    ("api:results_items", {"year": 2570}, "get", None, API_LOGIN),
    ("api:result", A, "get", None, API_AGENCY_READ),
    ("api:indicators", {"year": 2570}, "get", None, API_LOGIN),
    ("api:results", {"year": 2570}, "post", {}, [405] * 9),  # never a write, whoever asks
    ("tokens:list", {}, "get", None, LOGIN),
    ("tokens:list", {}, "post", {"name": "Power BI", "days": 90}, LOGIN),  # the new token is on the answer
    ("tokens:revoke", _member_token, "post", {}, [302, 302] + [404] * 7),  # one's own tokens only
    # Confirmation pages (GET) before the transitions: a draft has nothing to return, finalise or reopen, so the
    # people who may act are sent back with a message (302).
    ("assessments:submit", A, "get", None, [302, 403, 200, 404, 403, 404, 403, 404, 200]),
    ("reviews:return", A, "get", None, REVIEW_WRITE),
    ("reviews:finalise", A, "get", None, REVIEW_WRITE),
    ("reviews:reopen", A, "get", None, [302, 403, 403, 404, 403, 404, 403, 404, 302]),
    # Running a cycle (/manage/cycles/): administrators only; roles.cycle (2570) is open.
    ("manage_cycles:list", {}, "get", None, ADMIN_ONLY),
    ("manage_cycles:create", {}, "get", None, ADMIN_ONLY),
    ("manage_cycles:create", {}, "post", {"fiscal_year": "2026"}, [302] + [404] * 7 + [400]),
    ("manage_cycles:open", {"year": 2570}, "get", None, ADMIN_ONLY),
    ("manage_cycles:open", {"year": 2570}, "post", {}, [302] + [404] * 7 + [302]),
    ("manage_cycles:deadline", {"year": 2570}, "get", None, ADMIN_ONLY),
    ("manage_cycles:close", {"year": 2570}, "get", None, ADMIN_ONLY),
    ("manage_cycles:close", {"year": 2570}, "post", {}, [302] + [404] * 7 + [302]),
    ("manage_cycles:assignments", {"year": 2570}, "get", None, ADMIN_ONLY),
    ("manage_cycles:assignment_lead", _assignment, "post", {"lead": "1"}, [302] + [404] * 7 + [302]),
    ("manage_cycles:assignment_remove", _assignment, "post", {}, [302] + [404] * 7 + [302]),
    # Search (search/): everyone logged in searches what they may read; one assessment as its readers.
    ("search:search", {}, "get", None, LOGIN),
    ("search:search", {}, "get", {"q": "ทดสอบ", "year": "2570"}, LOGIN),
    ("search:assessment", A, "get", {"q": "ทดสอบ"}, AGENCY_READ),
    # Good practices (practices/): everyone logged in browses; the agency's coordinator alone shares (403 for
    # those who read the assessment, 404 for the rest); the synthesis is OPDC's (reviewers, executives of every
    # agency, administrators). roles.assessment is a draft: nothing to share, so the item's page is a 404 and a
    # give is refused with a message (302).
    ("practices:browse", {}, "get", None, LOGIN),
    ("practices:browse", {}, "get", {"year": "2570", "category": "1", "item": "1.1", "q": "แผน"}, LOGIN),
    ("practices:consent", A, "get", None, [302, 403, 200, 404, 403, 404, 403, 404, 403]),
    ("practices:consent_item", {**A, "item": "1.1"}, "get", None, [302, 403, 404, 404, 403, 404, 403, 404, 403]),
    (
        "practices:consent_item",
        {**A, "item": "1.1"},
        "post",
        {"action": "give"},
        [302, 403, 302, 404, 403, 404, 403, 404, 403],
    ),
    ("practices:synthesis_index", {"year": 2570}, "get", None, [302, 404, 404, 404, 200, 200, 404, 404, 200]),
    ("practices:synthesis", {"year": 2570, "item": "1.1"}, "get", None, [302, 404, 404, 404, 200, 200, 404, 404, 200]),
]

CASES = [
    pytest.param(name, kwargs, method, data, role, status, id=f"{name}-{method}-{role}")
    for name, kwargs, method, data, statuses in MATRIX
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize("name, kwargs, method, data, role, expected", CASES)
def test_status_for_role(client, roles, settings, tmp_path, name, kwargs, method, data, role, expected):
    settings.MEDIA_ROOT = tmp_path
    if role != "anonymous":
        client.force_login(getattr(roles, role))
    url = reverse(name, kwargs=kwargs(roles) if callable(kwargs) else kwargs)
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code == expected
    _headers_check(response, role)
    if (
        role == "anonymous"
        and expected == 302
        and name not in ("criteria:current", "criteria:government_40_current", "logout", "set_language")
    ):  # the product's own login page, never the admin's
        assert "/login/" in response.url


def _headers_check(response, role):
    """Every answer carries the security headers; nothing a logged-in person gets is cached (pmqa/security.py)."""
    from pmqa.security import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY

    policy = response["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY or policy == "sandbox; default-src 'none'"  # evidence: a sandbox
    assert "'unsafe-inline'" not in policy.split("style-src-attr")[0]  # no inline script, no inline <style>
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    if role != "anonymous" or response.has_header("Content-Disposition"):
        cache = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache, response["Cache-Control"]


def _named_urls(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace == "admin":
                continue  # Django's own admin: its index stands for it in the matrix
            yield from _named_urls(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_is_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    missing = set(_named_urls(get_resolver().url_patterns)) - covered
    assert not missing, f"Add these URLs to MATRIX: {sorted(missing)}"
