"""The quality check, and submitting: atomic, locking, recorded, reviewers told; after the deadline only admins."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Answer, Assessment, Change, Evidence
from assessments.quality import ERROR, WARNING, quality_check
from tests.sar_data import indicators_write, profile_write

BASE = {"year": 2570, "code": "ddc"}


def _claim_everything(assessment, *, narrative="ทำอย่างเป็นระบบ", evidence=True):
    """Every item claimed at Basic and marked ready, the organisation profile written, one indicator per results
    item."""
    Answer.objects.filter(response__assessment=assessment, level__code="basic").update(
        fraction=100, narrative=narrative
    )
    assessment.responses.update(status="ready")
    profile_write(assessment)
    indicators_write(assessment)
    if evidence:
        link = Evidence.objects.create(assessment=assessment, kind="link", url="https://www.ddc.go.th/", title="x")
        link.responses.set(assessment.responses.all())


def test_unclaimed_items_are_errors(roles):
    findings = [f for f in quality_check(roles.assessment) if f.kind == "item"]
    assert len([f for f in findings if f.severity == ERROR]) == 24
    assert findings[0].item_code == "1.1"


def test_claims_without_evidence_or_narrative_and_bad_links_are_warnings(roles):
    _claim_everything(roles.assessment, narrative="", evidence=False)
    response = roles.assessment.responses.get(item__code="2.1")
    bad = Evidence.objects.create(assessment=roles.assessment, kind="link", url="not a link", title="ลิงก์เสีย")
    bad.responses.add(response)
    with translation.override("en"):
        findings = quality_check(roles.assessment)
    assert not [f for f in findings if f.severity == ERROR]
    warnings = [(f.item_code, f.message) for f in findings if f.severity == WARNING]
    assert ("1.1", "A level is claimed but no evidence supports the item.") in warnings
    assert ("1.1", "Basic is claimed but says nothing about how the agency works.") in warnings
    assert ("2.1", "The link not a link does not look like a web address.") in warnings
    assert ("2.1", "A level is claimed but no evidence supports the item.") not in warnings
    assert len(warnings) == 24 + 23 + 1


def test_check_page_links_each_finding_to_its_item(client, roles):
    client.force_login(roles.member)
    page = client.get(reverse("assessments:check", kwargs=BASE)).content.decode()
    assert reverse("assessments:item", kwargs={**BASE, "item": "4.4"}) in page
    assert reverse("assessments:submit", kwargs=BASE) not in page  # members do not submit
    client.force_login(roles.coordinator)
    page = client.get(reverse("assessments:check", kwargs=BASE)).content.decode()
    assert 'type="submit" disabled' in page  # errors block the button


def test_errors_block_submission(client, roles):
    client.force_login(roles.coordinator)
    client.post(reverse("assessments:submit", kwargs=BASE))
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == Assessment.Status.DRAFT


def test_warnings_ask_for_a_confirmation(client, roles, django_capture_on_commit_callbacks):
    _claim_everything(roles.assessment, evidence=False)
    client.force_login(roles.coordinator)
    client.post(reverse("assessments:submit", kwargs=BASE))
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == Assessment.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:submit", kwargs=BASE), {"confirm_warnings": "1"})
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == Assessment.Status.SUBMITTED


def test_submission_locks_records_and_tells_the_assigned_reviewers(client, roles, django_capture_on_commit_callbacks):
    _claim_everything(roles.assessment)
    client.force_login(roles.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessments:submit", kwargs=BASE))
    assert response.status_code == 302
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == Assessment.Status.SUBMITTED
    assert roles.assessment.submitted_by == roles.coordinator and roles.assessment.submitted_at
    assert Change.objects.filter(assessment=roles.assessment, action="submitted", by=roles.coordinator).exists()
    assert [m.to for m in mail.outbox] == [[roles.reviewer.email]]  # the assigned reviewer, not the other one
    assert "กรมควบคุมโรค" in mail.outbox[0].subject
    # Locked: a member's save is refused, and so is a second submission.
    client.force_login(roles.member)
    item = reverse("assessments:item", kwargs={**BASE, "item": "1.1"})
    assert (
        client.post(
            item,
            {"version": 0, "status": "ready", "fraction_basic": 0, "fraction_advance": 0, "fraction_significance": 0},
        ).status_code
        == 403
    )
    client.force_login(roles.coordinator)
    client.post(reverse("assessments:submit", kwargs=BASE))
    assert Change.objects.filter(action="submitted").count() == 1


def test_members_cannot_submit(client, roles):
    _claim_everything(roles.assessment)
    client.force_login(roles.member)
    assert client.post(reverse("assessments:submit", kwargs=BASE)).status_code == 403


def test_after_the_deadline_only_an_administrator_submits(client, roles):
    _claim_everything(roles.assessment)
    roles.cycle.deadline = timezone.now() - datetime.timedelta(hours=1)
    roles.cycle.save()
    client.force_login(roles.coordinator)
    response = client.post(reverse("assessments:submit", kwargs=BASE))
    assert response.status_code == 403
    client.force_login(roles.administrator)
    client.post(reverse("assessments:submit", kwargs=BASE))
    roles.assessment.refresh_from_db()
    assert roles.assessment.status == Assessment.Status.SUBMITTED
    assert roles.assessment.submitted_by == roles.administrator


@pytest.mark.parametrize("status", ["returned"])
def test_a_returned_assessment_opens_again_and_keeps_its_history(client, roles, status):
    _claim_everything(roles.assessment)
    client.force_login(roles.coordinator)
    client.post(reverse("assessments:submit", kwargs=BASE))
    Assessment.objects.filter(pk=roles.assessment.pk).update(status=status)  # the review issue does this properly
    client.force_login(roles.member)
    item = reverse("assessments:item", kwargs={**BASE, "item": "1.1"})
    assert (
        client.post(
            item,
            {
                "version": 0,
                "status": "ready",
                "narrative_basic": "แก้ตามข้อเสนอ",
                "fraction_basic": 100,
                "fraction_advance": 0,
                "fraction_significance": 0,
            },
        ).status_code
        == 302
    )
    assert Change.objects.filter(assessment=roles.assessment, action="submitted").exists()


def test_a_submission_made_without_a_request_mails_an_absolute_link(
    roles, settings, django_capture_on_commit_callbacks
):
    """The demo and commands submit without a request: the link still works from a mail reader (SITE_URL)."""
    from assessments.submission import assessment_submit

    settings.SITE_URL = "https://pmqa.example.go.th"
    _claim_everything(roles.assessment)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    assert "https://pmqa.example.go.th/assessments/2570/ddc/" in mail.outbox[0].body
