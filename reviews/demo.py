"""Demo reviews.

Fiscal year 2570: จังหวัดเชียงใหม่ in review (half scored), กรมการแพทย์ finalised with a full result.
Fiscal year 2569: every agency finalised; จังหวัดขอนแก่น was returned once before the deadline.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import ReviewerAssignment, User
from assessments import answers, scoring
from assessments import selectors as assessment_selectors
from assessments.demo import PAST, at, fill_item, fractions_at, replayed_at, team_of
from assessments.demo_sar import indicators_fill, profile_fill
from assessments.evidence import evidence_link_add
from assessments.models import Assessment, Response
from assessments.submission import assessment_submit
from reviews.models import ItemReview
from reviews.workflow import assessment_finalise, assessment_return, results_review_save, review_save

STRENGTHS = "มีระบบงานที่ชัดเจน ถ่ายทอดสู่การปฏิบัติทั่วทั้งองค์การ และมีการติดตามผลอย่างสม่ำเสมอ"
IMPROVEMENTS = "ควรเชื่อมโยงผลการดำเนินงานกับเป้าหมายยุทธศาสตร์ชาติ และใช้ข้อมูลดิจิทัลในการปรับปรุงอย่างต่อเนื่อง"


def _results_judge(assessment, reviewer, *, consensus=False, offset=0) -> None:
    """Score every results item with indicators near the rule's score of them (steps of 5)."""
    for row in assessment_selectors.results(assessment)["results_rows"]:
        if not row.indicators:
            continue
        score = max(0, min(500, int(row.score.scored.score // 5 * 5) + offset))
        results_review_save(
            response=row.response,
            reviewer=reviewer,
            score=score,
            strengths="มีตัวชี้วัดครอบคลุมพันธกิจ และแสดงแนวโน้มผลการดำเนินงานต่อเนื่องสามปี",
            improvements="ควรเปรียบเทียบผลกับหน่วยงานที่มีภารกิจคล้ายกัน และกำหนดค่าเป้าหมายที่ท้าทายขึ้น",
            consensus=consensus,
        )


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
        answers.target_set(assessment=dms, target_score=400, by=coordinator)
        profile_fill(dms, coordinator)
        indicators_fill(dms, coordinator, pace=1.15)
        assessment_submit(assessment=dms, by=by, warnings_confirmed=True)
        lead = User.objects.get(email="reviewer2@pmqa-demo.test")
        for index, response in enumerate(dms.responses.select_related("item").order_by("item__code")):
            fractions = {"basic": 100, "advance": 50 if index % 4 else 100, "significance": 0 if index % 4 else 25}
            _review(response, lead, fractions)
            _review(response, lead, fractions, consensus=True)
        _results_judge(dms, lead)
        _results_judge(dms, lead, consensus=True)
        assessment_finalise(assessment=dms, by=lead)


# --- 2569: the previous cycle ----------------------------------------------------------------

# Strengths and opportunities for improvement by the level an item reaches (None: below basic).
FEEDBACK = {
    None: (
        "เริ่มกำหนดแนวทางเรื่อง{title} และมีผู้รับผิดชอบที่ชัดเจน",
        "ควรกำหนดแนวทางเรื่อง{title}ให้เป็นระบบ ถ่ายทอดให้ครบทุกหน่วยงาน และกำหนดตัวชี้วัดเพื่อติดตามผล",
    ),
    "basic": (
        "มีแนวทางเรื่อง{title}ที่เป็นระบบ และถ่ายทอดสู่การปฏิบัติทั่วทั้งองค์การ",
        "ควรทบทวนผลเรื่อง{title}อย่างสม่ำเสมอ นำข้อมูลมาวิเคราะห์เพื่อปรับปรุง และเชื่อมโยงกับเป้าหมายยุทธศาสตร์ให้ชัดเจนขึ้น",
    ),
    "advance": (
        "มีการติดตาม ทบทวน และปรับปรุงเรื่อง{title}อย่างต่อเนื่อง โดยบูรณาการกับยุทธศาสตร์ขององค์การ",
        "ควรแสดงผลลัพธ์เรื่อง{title}เทียบกับหน่วยงานเทียบเคียง และต่อยอดสู่นวัตกรรมที่ขยายผลได้",
    ),
    "significance": (
        "ผลลัพธ์เรื่อง{title}ดีขึ้นต่อเนื่อง เป็นแบบอย่างที่หน่วยงานอื่นนำไปใช้",
        "ควรรักษาระดับผลลัพธ์ และถ่ายทอดบทเรียนเรื่อง{title}สู่เครือข่ายอย่างเป็นระบบ",
    ),
}
# Each reviewer's own score is the result give or take a little (by the item's order in its category): first
# the lead's, then the other reviewers'.
SPREAD = ((0, 10, -5, 5), (-10, 0, 5, -5))
RETURNED = "khonkaen"
RETURN_MESSAGE = "ก่อนเริ่มตรวจประเมิน ขอให้จังหวัดชี้แจงเพิ่มเติมและแนบหลักฐานในสองหัวข้อต่อไปนี้"
# item code: (the reviewer's note, what the agency added in reply)
RETURN_NOTES = {
    "1.2": (
        "โปรดอธิบายวิธีติดตามผลการป้องกันการทุจริตในระดับอำเภอ และแนบรายงานผลรายไตรมาส",
        "ติดตามผลการป้องกันการทุจริตของทุกอำเภอรายไตรมาสผ่านศูนย์ดำรงธรรมจังหวัด และรายงานผู้ว่าราชการจังหวัด",
    ),
    "4.4": (
        "โปรดแนบหลักฐานการปรับกระบวนงานเป็นดิจิทัล เช่น รายชื่อระบบงานที่เปิดใช้แล้ว",
        "เปิดใช้ระบบงานดิจิทัลแล้ว 12 ระบบ ได้แก่ ระบบสารบรรณอิเล็กทรอนิกส์ ระบบจองห้องประชุม และระบบรับเรื่องร้องเรียนออนไลน์",
    ),
}


def _judge(scale, response, reviewer, score: int, *, consensus=False) -> None:
    fractions = fractions_at(scale, max(0, min(scale.top, score)))
    strengths, improvements = FEEDBACK[scoring.item_level(scale, fractions)]
    review_save(
        response=response,
        reviewer=reviewer,
        fractions=fractions,
        strengths=strengths.format(title=response.item.title_th),
        improvements=improvements.format(title=response.item.title_th),
        consensus=consensus,
    )


def _returned_and_revised(assessment: Assessment, lead, responses: list[Response]) -> None:
    """Returned with notes on two items two weeks after an early submission; revised and resubmitted in March."""
    coordinator = team_of(assessment)[0]
    with replayed_at(at(datetime.date(2026, 3, 4), 11)) as clock:
        notes = {code: note for code, (note, _reply) in RETURN_NOTES.items()}
        assessment_return(assessment=assessment, by=lead, message=RETURN_MESSAGE, notes=notes)
        for day, response in enumerate(r for r in responses if r.item.code in RETURN_NOTES):
            clock.go_to(at(datetime.date(2026, 3, 10) + datetime.timedelta(days=day), 14))
            response.refresh_from_db()
            reply = RETURN_NOTES[response.item.code][1]
            levels = [
                answers.LevelInput(
                    a.level.code, f"{a.narrative} {reply}" if a.level.order == 1 else a.narrative, a.fraction
                )
                for a in response.answers.select_related("level")
            ]
            answers.response_save(
                response=response, version=response.version, status=Response.Status.READY, levels=levels, by=coordinator
            )
            evidence_link_add(
                response=response,
                url="https://www.opdc.go.th/",
                title=f"หลักฐานเพิ่มเติม {response.item.code} ตามข้อสังเกตของผู้ตรวจประเมิน",
                by=coordinator,
            )
        clock.go_to(at(datetime.date(2026, 3, 20), 10))
        assessment_submit(assessment=assessment, by=coordinator, warnings_confirmed=True)


@transaction.atomic
def demo_past_reviews_load(cycle) -> None:
    """2569: each assigned reviewer scores every item from late April, the lead records the consensus a week
    before finalising it in August or September."""
    scale = scoring.Scale.from_rows(cycle.edition.levels.all())
    for code, past in PAST.items():
        assessment = Assessment.objects.select_related("agency", "cycle").get(cycle=cycle, agency__code=code)
        if assessment.status != Assessment.Status.SUBMITTED:
            continue
        reviewers = [
            a.reviewer
            for a in ReviewerAssignment.objects.filter(cycle=cycle, agency=assessment.agency)
            .select_related("reviewer")
            .order_by("-is_lead", "reviewer__email")
        ]
        lead = reviewers[0]
        responses = list(
            assessment.responses.select_related("item__category").order_by("item__category__number", "item__order")
        )
        if code == RETURNED and not assessment.returns.exists():
            _returned_and_revised(assessment, lead, responses)
        with replayed_at(at(datetime.date(2026, 4, 20))) as clock:
            for turn, reviewer in enumerate(reversed(reviewers)):  # the lead last
                spread = SPREAD[(len(reviewers) - 1 - turn) % len(SPREAD)]
                for index, response in enumerate(responses):
                    day = datetime.date(2026, 4, 20) + datetime.timedelta(days=14 * turn + index // 3)
                    clock.go_to(at(day, 9 + index % 3 * 2))
                    _judge(scale, response, reviewer, past.item_result(response.item) + spread[response.item.order - 1])
            meeting = past.finalised - datetime.timedelta(days=7)
            for index, response in enumerate(responses):
                clock.go_to(
                    at(meeting + datetime.timedelta(days=index // 12), 9)
                    + datetime.timedelta(minutes=20 * (index % 12))
                )
                _judge(scale, response, lead, past.item_result(response.item), consensus=True)
            _results_judge(assessment, lead, offset=-10)
            _results_judge(assessment, lead, consensus=True, offset=-5)
            clock.go_to(at(past.finalised, 15))
            assessment_finalise(assessment=assessment, by=lead)
