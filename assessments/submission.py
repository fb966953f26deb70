"""Submitting an assessment: the coordinator's act that locks it for review."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ReviewerAssignment
from assessments import changes, scores
from assessments.models import Assessment, Change
from assessments.quality import ERROR, WARNING, quality_check


class SubmissionRefused(ValidationError):
    pass


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by, warnings_confirmed: bool, request=None) -> Assessment:
    """Submit and lock the assessment, record who and when, and tell the assigned reviewers by e-mail.

    Only draft or returned work is submitted. Refused when: it is already submitted or final; the quality
    check finds errors; there are warnings and they were not confirmed; the deadline has passed and `by`
    is not an administrator. The row is locked (SELECT … FOR UPDATE) so two submissions cannot both go through.
    """
    locked = changes.locked(assessment.pk, "cycle", "agency")
    if locked.status == Assessment.Status.SUBMITTED:
        raise SubmissionRefused(_("The assessment has already been submitted."))
    if locked.status not in (Assessment.Status.DRAFT, Assessment.Status.RETURNED):
        raise SubmissionRefused(_("The results are final: the assessment cannot be submitted again."))
    if timezone.now() > locked.cycle.deadline and not by.is_superuser:
        raise PermissionDenied(_("The deadline has passed: only an administrator can submit now."))
    findings = quality_check(locked)
    if any(f.severity == ERROR for f in findings):
        raise SubmissionRefused(_("The quality check found errors. Fix them before submitting."))
    if any(f.severity == WARNING for f in findings) and not warnings_confirmed:
        raise SubmissionRefused(_("Confirm that you submit despite the warnings."))
    before = {"status": locked.status}
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    scores.changed([locked.cycle_id])
    Change.objects.create(
        assessment=locked,
        action=Change.Action.SUBMITTED,
        by=by,
        before=before,
        after={"status": locked.status, "warnings": len(findings)},
    )
    transaction.on_commit(lambda: _tell_reviewers(locked, request))
    return locked


def _tell_reviewers(assessment: Assessment, request) -> None:
    assignments = ReviewerAssignment.objects.filter(agency=assessment.agency, cycle=assessment.cycle).select_related(
        "reviewer"
    )
    for assignment in assignments:
        reviewer = assignment.reviewer
        path = f"/assessments/{assessment.cycle.fiscal_year}/{assessment.agency.code}/"
        context = {
            "assessment": assessment,
            "reviewer": reviewer,
            # without a request (a command, the demo) the address people reach the service by: SITE_URL
            "link": request.build_absolute_uri(path) if request else settings.SITE_URL + path,
        }
        with translation.override(reviewer.language):
            subject = render_to_string("assessments/email/submitted_subject.txt", context).strip()
            body = render_to_string("assessments/email/submitted.txt", context)
        send_mail(subject, body, None, [reviewer.email])
