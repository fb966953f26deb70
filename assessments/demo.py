"""Demo assessments.

Fiscal year 2570 (current): กรมควบคุมโรค half done, จังหวัดเชียงใหม่ submitted, the other agencies empty.
Fiscal year 2569 (closed): every agency answered every item and submitted before the deadline; reviews/demo.py
finalises them. Its history is replayed through the services on its own dates (`replayed_at`), so it reads as if
the agencies had done it then.
"""

import contextlib
import datetime
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from unittest import mock

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from assessments import answers, indicators, profile, scoring
from assessments.cycles import cycle_open
from assessments.demo_sar import indicators_fill, profile_fill
from assessments.evidence import evidence_link_add
from assessments.models import Assessment, Change, Response
from assessments.submission import assessment_submit

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
APPROACH = (
    "{agency}กำหนดแนวทางเรื่อง{title}เป็นลายลักษณ์อักษร ทบทวนทุกปีงบประมาณในที่ประชุมผู้บริหาร "
    "ถ่ายทอดสู่ทุกหน่วยงานผ่านคำรับรองการปฏิบัติราชการ ติดตามผลรายไตรมาส และนำบทเรียนมาปรับปรุงรอบถัดไป"
)
# How the agency works at each level (PMQA 4.0: basic, advance, significance), for the 2569 answers.
LEVEL_NARRATIVES = {
    "basic": (
        "{agency}กำหนดแนวทางเรื่อง{title}เป็นลายลักษณ์อักษร มีผู้รับผิดชอบ ขั้นตอน และตัวชี้วัดที่ชัดเจน "
        "ถ่ายทอดสู่ทุกหน่วยงานผ่านคำรับรองการปฏิบัติราชการ ปีงบประมาณ {year}"
    ),
    "advance": (
        "ติดตามผลเรื่อง{title}รายไตรมาสในที่ประชุมผู้บริหาร วิเคราะห์ข้อมูลเพื่อหาสาเหตุและปรับปรุงกระบวนการ "
        "และเชื่อมโยงกับแผนยุทธศาสตร์และแผนปฏิบัติราชการของ{agency}"
    ),
    "significance": (
        "ผลลัพธ์เรื่อง{title}ดีขึ้นต่อเนื่องและดีกว่าหน่วยงานเทียบเคียง เกิดนวัตกรรมที่หน่วยงานอื่นนำไปใช้ และส่งผลต่อเป้าหมายยุทธศาสตร์ชาติ"
    ),
}


# --- Replaying history on its own dates --------------------------------------------------------


class Clock:
    """The demo's time: each reading is a few seconds after the one before, so records keep their order."""

    TICK = datetime.timedelta(seconds=7)

    def __init__(self, moment: datetime.datetime):
        self.moment = moment

    def go_to(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def now(self) -> datetime.datetime:
        self.moment += self.TICK
        return self.moment.astimezone(datetime.UTC)


@contextlib.contextmanager
def replayed_at(moment: datetime.datetime):
    """Run the services as on the demo's dates.

    While it lasts, `timezone.now()` (which the services and auto_now fields stamp) reads a Clock starting at
    `moment`, and e-mail waiting for the commit is dropped: in the story it went out back then. Demo only: the
    patch is process-wide, which a management command can afford.
    """
    clock = Clock(moment)
    with (
        mock.patch.object(timezone, "now", clock.now),
        mock.patch.object(transaction, "on_commit", lambda *args, **kwargs: None),
    ):
        yield clock


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A working hour of a day in Bangkok."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BANGKOK)


# --- One item --------------------------------------------------------------------------------


def fill_item(
    assessment: Assessment,
    response: Response,
    by,
    fractions: dict,
    status: str,
    *,
    narratives: Mapping[str, str] | None = None,
) -> None:
    """Answer an item as its team would: the answers (a narrative for each claimed level), then a report link.

    `narratives` by level code; without them every claimed level gets APPROACH.
    """
    levels = []
    for a in response.answers.select_related("level"):
        fraction = fractions.get(a.level.code, 0)
        text = narratives[a.level.code] if narratives else APPROACH
        narrative = (
            text.format(
                agency=assessment.agency.name_th, title=response.item.title_th, year=assessment.cycle.fiscal_year
            )
            if fraction
            else ""
        )
        levels.append(answers.LevelInput(a.level.code, narrative, fraction))
    answers.response_save(response=response, version=response.version, status=status, levels=levels, by=by)
    evidence_link_add(
        response=response,
        url="https://www.opdc.go.th/",
        title=f"รายงานผลการดำเนินงาน {response.item.code} ปีงบประมาณ {assessment.cycle.fiscal_year}",
        by=by,
    )


def fractions_at(scale: scoring.Scale, score: int) -> dict[str, int]:
    """Fractions (steps of 5, cumulative gates kept) whose item score is as near `score` as steps of 5 allow."""
    fractions, base = {}, 0
    for level in scale.levels:
        if score >= level.points:
            fractions[level.code] = 100
            base = level.points
            continue
        fractions[level.code] = 5 * round((score - base) * 20 / (level.points - base))
        break
    return fractions


# --- 2569: the previous cycle ----------------------------------------------------------------


@dataclass(frozen=True)
class Past:
    """An agency's finalised 2569 assessment, as numbers and dates.

    Item results are `result` plus the category's offset (the offsets sum to 0) plus a small wobble per item;
    the agency claims `claim` points more on average (nothing on some items, twice that on others).
    """

    target: int
    result: int
    claim: int
    categories: tuple[int, int, int, int, int, int]
    started: datetime.date  # the first item answered; one more every three days
    submitted: datetime.date
    finalised: datetime.date
    wobble: tuple[int, int, int, int] = (10, -5, 5, -10)  # by the item's order in its category

    def item_result(self, item) -> int:
        return min(500, self.result + self.categories[item.category.number - 1] + self.wobble[item.order - 1])

    def item_claim(self, item) -> int:
        return min(500, self.item_result(item) + self.claim * (0, 1, 2, 1)[(item.order + item.category.number) % 4])


PREVIOUS_YEAR = 2569
# The results improve in 2570 (กรมการแพทย์ 368.75, the others still being assessed).
PAST = {
    "ddc": Past(
        target=350,
        result=290,
        claim=30,
        categories=(20, 10, -10, -25, 0, 5),
        started=datetime.date(2025, 11, 17),
        submitted=datetime.date(2026, 3, 27),
        finalised=datetime.date(2026, 8, 28),
    ),
    "chiangmai": Past(
        target=350,
        result=305,
        claim=25,
        categories=(15, 0, 20, -20, -15, 0),
        started=datetime.date(2025, 11, 24),
        submitted=datetime.date(2026, 3, 30),
        finalised=datetime.date(2026, 9, 4),
        wobble=(-5, 10, -10, 5),
    ),
    "dms": Past(
        target=400,
        result=335,
        claim=20,
        categories=(25, 15, -5, -10, -15, -10),
        started=datetime.date(2025, 11, 10),
        submitted=datetime.date(2026, 3, 24),
        finalised=datetime.date(2026, 8, 14),
        wobble=(5, -10, 10, -5),
    ),
    "dopa": Past(
        target=400,
        result=345,
        claim=25,
        categories=(10, 20, 0, -15, -10, -5),
        started=datetime.date(2025, 12, 1),
        submitted=datetime.date(2026, 3, 26),
        finalised=datetime.date(2026, 8, 21),
        wobble=(-10, 5, -5, 10),
    ),
    "khonkaen": Past(  # submitted early, returned once, resubmitted before the deadline (reviews/demo.py)
        target=300,
        result=265,
        claim=35,
        categories=(10, -5, 15, -20, 0, 0),
        started=datetime.date(2025, 11, 3),
        submitted=datetime.date(2026, 2, 16),
        finalised=datetime.date(2026, 9, 11),
    ),
    "dga": Past(
        target=400,
        result=378,
        claim=15,
        categories=(5, 15, 20, 25, -35, -30),
        started=datetime.date(2025, 11, 12),
        submitted=datetime.date(2026, 3, 18),
        finalised=datetime.date(2026, 8, 7),
        wobble=(10, -10, 5, -5),
    ),
}


def team_of(assessment: Assessment) -> list[User]:
    """The agency's team, coordinators first."""
    found = Membership.objects.filter(agency=assessment.agency).select_related("user").order_by("role", "user__email")
    return [m.user for m in found]


@transaction.atomic
def demo_past_assessments_load(cycle) -> None:
    """2569: opened on its first day; each agency sets its target, answers every item and submits."""
    with replayed_at(at(cycle.opens_on, 9)):
        cycle_open(cycle=cycle)
    scale = scoring.Scale.from_rows(cycle.edition.levels.all())
    for code, past in PAST.items():
        assessment = Assessment.objects.select_related("agency", "cycle").get(cycle=cycle, agency__code=code)
        if assessment.status != Assessment.Status.DRAFT or assessment.changes.exists():
            continue
        team = team_of(assessment)
        coordinator = team[0]
        responses = assessment.responses.select_related("item__category").order_by(
            "item__category__number", "item__order"
        )
        with replayed_at(at(past.started - datetime.timedelta(days=14))) as clock:
            answers.target_set(assessment=assessment, target_score=past.target, by=coordinator)
            for index, response in enumerate(responses):
                clock.go_to(at(past.started + datetime.timedelta(days=3 * index), 9 + index % 7))
                fractions = fractions_at(scale, past.item_claim(response.item))
                fill_item(
                    assessment,
                    response,
                    team[index % len(team)],
                    fractions,
                    Response.Status.READY,
                    narratives=LEVEL_NARRATIVES,
                )
            clock.go_to(at(past.submitted - datetime.timedelta(days=7), 10))
            profile_fill(assessment, coordinator)
            indicators_fill(assessment, coordinator, pace=past.result / 320)
            clock.go_to(at(past.submitted, 14))
            assessment_submit(assessment=assessment, by=coordinator, warnings_confirmed=True)


# --- 2570: the current cycle -----------------------------------------------------------------


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
        # Half way: the profile started from last cycle's, two results items' indicators copied over.
        profile.profile_carry_over(assessment=ddc, by=member)
        for response in ddc.results_responses.filter(item__code__in=["7.1", "7.2"]):
            indicators.indicators_carry_over(response=response, by=member)
    chiangmai = Assessment.objects.get(cycle=cycle, agency__code="chiangmai")
    if chiangmai.status == Assessment.Status.DRAFT and not Change.objects.filter(assessment=chiangmai).exists():
        coordinator = User.objects.get(email="coordinator.chiangmai@pmqa-demo.test")
        answers.target_set(assessment=chiangmai, target_score=350, by=coordinator)
        for index, response in enumerate(chiangmai.responses.select_related("item").order_by("item__code")):
            fractions = {"basic": 100, "advance": (index * 15) % 100} if index % 4 else {"basic": 100}
            fill_item(chiangmai, response, coordinator, fractions, Response.Status.READY)
        profile_fill(chiangmai, coordinator)
        indicators_fill(chiangmai, coordinator, pace=1.1)
        # After the demo deadline only an administrator may submit.
        by = coordinator if timezone.now() <= cycle.deadline else User.objects.filter(is_superuser=True).first()
        assessment_submit(assessment=chiangmai, by=by, warnings_confirmed=True)
