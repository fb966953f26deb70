"""Demo reviews: จังหวัดเชียงใหม่ in review (half scored), กรมการแพทย์ finalised with a full result."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.demo import fill_item
from assessments.models import Assessment, Response
from assessments.submission import assessment_submit
from reviews.models import ItemReview
from reviews.workflow import assessment_finalise, review_save

STRENGTHS = "มีระบบงานที่ชัดเจน ถ่ายทอดสู่การปฏิบัติทั่วทั้งองค์การ และมีการติดตามผลอย่างสม่ำเสมอ"
IMPROVEMENTS = "ควรเชื่อมโยงผลการดำเนินงานกับเป้าหมายยุทธศาสตร์ชาติ และใช้ข้อมูลดิจิทัลในการปรับปรุงอย่างต่อเนื่อง"


def _review(response, reviewer, fractions, *, consensus=False):
    review_save(
        response=response,
        reviewer=reviewer,
        fractions=fractions,
        strengths=STRENGTHS,
        improvements=IMPROVEMENTS,
        consensus=consensus,
    )


@transaction.atomic
def demo_reviews_load(cycle) -> None:
    reviewer = User.objects.get(email="reviewer@pmqa-demo.test")
    chiangmai = Assessment.objects.get(cycle=cycle, agency__code="chiangmai")
    if (
        chiangmai.status == Assessment.Status.SUBMITTED
        and not ItemReview.objects.filter(response__assessment=chiangmai).exists()
    ):
        for response in chiangmai.responses.select_related("item").order_by("item__code")[:12]:
            _review(response, reviewer, {"basic": 100, "advance": 25})

    dms = Assessment.objects.get(cycle=cycle, agency__code="dms")
    if dms.status == Assessment.Status.DRAFT and not dms.changes.exists():
        coordinator = User.objects.get(email="coordinator.dms@pmqa-demo.test")
        for index, response in enumerate(dms.responses.select_related("item").order_by("item__code")):
            fill_item(
                dms, response, coordinator, {"basic": 100, "advance": 50 + (index % 3) * 25}, Response.Status.READY
            )
        # After the demo deadline only an administrator may submit.
        by = coordinator if timezone.now() <= cycle.deadline else User.objects.get(email="admin@pmqa-demo.test")
        dms.target_score = 400
        dms.save(update_fields=["target_score"])
        assessment_submit(assessment=dms, by=by, warnings_confirmed=True)
        lead = User.objects.get(email="reviewer2@pmqa-demo.test")
        for index, response in enumerate(dms.responses.select_related("item").order_by("item__code")):
            fractions = {"basic": 100, "advance": 50 if index % 4 else 100, "significance": 0 if index % 4 else 25}
            _review(response, lead, fractions)
            _review(response, lead, fractions, consensus=True)
        assessment_finalise(assessment=dms, by=lead)
