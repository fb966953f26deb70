"""Demo assessments: กรมควบคุมโรค half done, จังหวัดเชียงใหม่ submitted, the other agencies empty."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments import answers
from assessments.cycles import cycle_open
from assessments.models import Assessment, Change, Evidence, Response
from assessments.submission import assessment_submit

APPROACH = (
    "{agency}กำหนดแนวทางเรื่อง{title}เป็นลายลักษณ์อักษร ทบทวนทุกปีงบประมาณในที่ประชุมผู้บริหาร "
    "ถ่ายทอดสู่ทุกหน่วยงานผ่านคำรับรองการปฏิบัติราชการ ติดตามผลรายไตรมาส และนำบทเรียนมาปรับปรุงรอบถัดไป"
)


def fill_item(assessment: Assessment, response: Response, by, fractions: dict, status: str) -> None:
    levels = [
        answers.LevelInput(
            a.level.code,
            APPROACH.format(agency=assessment.agency.name_th, title=response.item.title_th)
            if fractions.get(a.level.code, 0)
            else "",
            fractions.get(a.level.code, 0),
        )
        for a in response.answers.select_related("level")
    ]
    answers.response_save(response=response, version=response.version, status=status, levels=levels, by=by)
    link = Evidence.objects.create(
        assessment=assessment,
        kind=Evidence.Kind.LINK,
        url="https://www.opdc.go.th/",
        title=f"รายงานผลการดำเนินงาน {response.item.code}",
        added_by=by,
    )
    link.responses.add(response)


@transaction.atomic
def demo_assessments_load(cycle) -> None:
    cycle_open(cycle=cycle)
    ddc = Assessment.objects.get(cycle=cycle, agency__code="ddc")
    if not Change.objects.filter(assessment=ddc).exists():
        member = User.objects.get(email="member@pmqa-demo.test")
        answers.target_set(assessment=ddc, target_score=400, by=User.objects.get(email="coordinator@pmqa-demo.test"))
        for index, response in enumerate(ddc.responses.select_related("item").order_by("item__code")[:12]):
            fractions = {"basic": 100, "advance": 50} if index % 3 else {"basic": 80}
            fill_item(
                ddc, response, member, fractions, Response.Status.READY if index % 2 else Response.Status.IN_PROGRESS
            )
    chiangmai = Assessment.objects.get(cycle=cycle, agency__code="chiangmai")
    if chiangmai.status == Assessment.Status.DRAFT and not Change.objects.filter(assessment=chiangmai).exists():
        coordinator = User.objects.get(email="coordinator.chiangmai@pmqa-demo.test")
        answers.target_set(assessment=chiangmai, target_score=350, by=coordinator)
        for index, response in enumerate(chiangmai.responses.select_related("item").order_by("item__code")):
            fractions = {"basic": 100, "advance": (index * 15) % 100} if index % 4 else {"basic": 100}
            fill_item(chiangmai, response, coordinator, fractions, Response.Status.READY)
        # After the demo deadline only an administrator may submit.
        by = coordinator if timezone.now() <= cycle.deadline else User.objects.filter(is_superuser=True).first()
        assessment_submit(assessment=chiangmai, by=by, warnings_confirmed=True)
