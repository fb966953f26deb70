"""Finalised assessments with a sub-item at the highest level, for the good practices tests."""

from assessments import scores
from assessments.models import Evidence, EvidenceFile
from reviews.models import ItemReview
from tests.reports_data import finalise

TOP = {"basic": 100, "advance": 100, "significance": 100}
LINK = "https://www.ddc.moph.go.th/plan"
NARRATIVE = "ถ่ายทอดแผนยุทธศาสตร์สู่ทุกหน่วยงานผ่านระบบติดตามออนไลน์"


def finalised_with_top(assessment, reviewer, *, codes=("1.1",), narrative=NARRATIVE):
    """Finalise the assessment (tests/reports_data.py), then lift the consensus of `codes` to 100 % at every level
    and store the result again, as the workflow stores it when it finalises. Returns the first response lifted."""
    finalise(assessment, reviewer)
    ItemReview.objects.filter(
        response__assessment=assessment, response__item__code__in=codes, is_consensus=True
    ).update(fractions=TOP)
    for response in assessment.responses.filter(item__code__in=codes):
        response.answers.filter(level__code="significance").update(narrative=narrative)
    scores.result_store(assessment)
    return assessment.responses.get(item__code=codes[0])


def evidence_for(response, *, by=None):
    """A public link and an uploaded file supporting the response: only the link may ever be shared."""
    link = Evidence.objects.create(
        assessment=response.assessment, kind=Evidence.Kind.LINK, url=LINK, title="แผนยุทธศาสตร์ฉบับเผยแพร่", added_by=by
    )
    stored = EvidenceFile.objects.create(
        agency=response.assessment.agency,
        sha256="0" * 64,
        content="evidence/secret.pdf",
        size=10,
        content_type="application/pdf",
    )
    upload = Evidence.objects.create(
        assessment=response.assessment,
        kind=Evidence.Kind.FILE,
        file=stored,
        file_name="secret.pdf",
        title="บันทึกภายในลับ",
        added_by=by,
    )
    link.responses.add(response)
    upload.responses.add(response)
