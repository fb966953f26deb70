"""A realistic national cycle, built in seconds with bulk inserts: the rows the services would leave behind.

The services (submit, review, finalise) check and record one assessment at a time, which would take minutes for
400 agencies; so only `cycle_open` is used, as the service that creates the assessments, and everything else is
written in bulk. The rules that matter to reports are kept: fractions are multiples of 5 and respect the
cumulative gates (checked with scoring.gate_violations), a consensus ItemReview per item of finalised work, the
workflow recorded as Change rows (submitted, returned, finalised), evidence files stored under the name the
upload service gives them. Not built: the per-edit history (Change "answer" rows), comments, category owners.

The previous cycle (2569) had only the pilot agencies: a quarter of them are created first and the cycle opened,
then the rest join and the current cycle (2570) is opened, as `cycle_open` expects agencies to arrive over time.
"""

import datetime
import math
import random
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency, Ministry
from assessments import scores
from assessments.cycles import cycle_open
from assessments.models import (
    Answer,
    Assessment,
    Change,
    Cycle,
    Evidence,
    EvidenceFile,
    Indicator,
    IndicatorValue,
    ProfileAnswer,
    Response,
    ResultsResponse,
)
from bench import texts
from bench.fill import Team, cycle_fill
from criteria.models import Edition
from reviews.models import ItemReview, ReturnNote, ReturnRequest

YEAR = 2570
PREVIOUS_YEAR = 2569
PILOT_SHARE = 0.25  # agencies with a result in the previous cycle
PROVINCE_SHARE = 76 / 400
PUBLIC_ORGANISATION_SHARE = 0.20
OTHER_SHARE = 0.02
AGENCIES_PER_REVIEWER = 10
# The current cycle near the end of its review; the remainder are drafts.
STATUS_SHARES = [
    (Assessment.Status.FINALISED, 0.85),
    (Assessment.Status.SUBMITTED, 0.07),
    (Assessment.Status.RETURNED, 0.04),
]
EXECUTIVE_EMAIL = "executive@bench.test"  # reads all agencies; the cases are measured as this person
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


@dataclass
class National:
    cycle: Cycle
    previous: Cycle
    executive: User
    sample_code: str  # a finalised department that also has a result in the previous cycle
    counts: dict[str, int]


@transaction.atomic
def national_build(*, agencies: int, seed: int, media_root) -> National:
    """Ministries, `agencies` agencies, people, two cycles filled in; the same `seed` gives the same rows."""
    rng = random.Random(seed)
    edition = Edition.objects.get(code="pmqa-4-0")
    ministries = Ministry.objects.bulk_create(
        Ministry(code=code, name_th=th, name_en=en) for code, th, en in texts.MINISTRIES
    )
    every = _agencies(agencies, {m.code: m for m in ministries})
    pilot_indexes = set(rng.sample(range(len(every)), max(1, round(len(every) * PILOT_SHARE))))
    pilot = Agency.objects.bulk_create(a for i, a in enumerate(every) if i in pilot_indexes)
    previous = _cycle(PREVIOUS_YEAR, edition)
    cycle_open(cycle=previous)
    Agency.objects.bulk_create(a for i, a in enumerate(every) if i not in pilot_indexes)
    cycle = _cycle(YEAR, edition)
    cycle_open(cycle=cycle)

    every = list(Agency.objects.order_by("pk"))
    executive, reviewers, coordinators = _people(every, rng)
    previous_statuses = {a.pk: Assessment.Status.FINALISED for a in pilot}
    cycle_fill(
        cycle=previous,
        statuses=previous_statuses,
        team=_assign(previous, every, reviewers, coordinators, only=previous_statuses),
        rng=rng,
        media_root=media_root,
    )
    statuses = _statuses(every, rng)
    cycle_fill(
        cycle=cycle,
        statuses=statuses,
        team=_assign(cycle, every, reviewers, coordinators, only=statuses),
        rng=rng,
        media_root=media_root,
        carried_from=previous,
    )
    previous.status = Cycle.Status.CLOSED
    previous.save(update_fields=["status"])
    cycle.status = Cycle.Status.REVIEW
    cycle.save(update_fields=["status"])
    sample = _sample_code(every, statuses, previous_statuses)
    _whole_submission(Assessment.objects.select_related("cycle", "agency").get(cycle=cycle, agency__code=sample), rng)
    scores.store(Assessment.objects.select_related("cycle"))  # the rows above went straight in: as the services would
    return National(cycle, previous, executive, sample, row_counts())


def _whole_submission(assessment, rng: random.Random) -> None:
    """The measured agency's organisation profile (every section, a page or so each) and 12 indicators (two per
    results item) with three years of values: the SAR of a fully filled assessment."""
    sentences = [line.format(agency=assessment.agency.name_th) for line in texts.NARRATIVE["basic"]]
    paragraph = " ".join(sentences)
    for answer in ProfileAnswer.objects.filter(assessment=assessment).select_related("section"):
        answer.text = "\n\n".join([f"{answer.section.title_th}: {paragraph}", "- " + paragraph, "- " + paragraph])
        answer.status = Response.Status.READY
        answer.save(update_fields=["text", "status"])
    year = assessment.cycle.fiscal_year
    for response in ResultsResponse.objects.filter(assessment=assessment).select_related("item"):
        for n in (1, 2):
            target = rng.choice([80, 85, 90, 95])
            indicator = Indicator.objects.create(
                response=response,
                order=n,
                name=f"ตัวชี้วัด {response.item.code}.{n} ร้อยละของผลสำเร็จตามแผนด้าน{response.item.title_th}",
                unit="ร้อยละ",
                target=target,
                data_source="รายงานผลการดำเนินงานประจำปี",
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(indicator=indicator, fiscal_year=y, value=target - rng.randint(0, 12))
                for y in range(year - 2, year + 1)
            )


def row_counts() -> dict[str, int]:
    models = [
        Ministry,
        Agency,
        User,
        Membership,
        ReviewerAssignment,
        Cycle,
        Assessment,
        Response,
        Answer,
        ItemReview,
        EvidenceFile,
        Evidence,
        Evidence.responses.through,
        Change,
        ReturnRequest,
        ReturnNote,
        ProfileAnswer,
        Indicator,
    ]
    return {model.__name__: model.objects.count() for model in models}


# --- agencies and people -------------------------------------------------------------------------


def _agencies(n: int, ministries: dict[str, Ministry]) -> list[Agency]:
    """n agencies, unsaved: 76 provinces in 400, a fifth public organisations, a few others, the rest departments."""
    provinces = min(len(texts.PROVINCES), round(n * PROVINCE_SHARE))
    public = round(n * PUBLIC_ORGANISATION_SHARE)
    other = round(n * OTHER_SHARE)
    departments = max(0, n - provinces - public - other)
    rows = []  # (code, Thai name, English name, kind, ministry code)
    for i in range(departments):
        (th, en, ministry), (form_th, form_en), region = _named(i, texts.DEPARTMENT_FORMS)
        rows.append(
            (f"dep{i + 1:03d}", form_th + th + region[0], form_en.format(en) + region[1], "department", ministry)
        )
    for i in range(provinces):
        th, en = texts.PROVINCES[i]
        rows.append((f"pro{i + 1:03d}", f"จังหวัด{th}", f"{en} Province", "province", "moi"))
    for i in range(public):
        (th, en, ministry), (form_th, form_en), region = _named(i, texts.PUBLIC_ORGANISATION_FORMS)
        rows.append(
            (
                f"pub{i + 1:03d}",
                form_th.format(th + region[0]),
                form_en.format(en + region[1]),
                "public_organisation",
                ministry,
            )
        )
    for i in range(other):
        th, en, _ministry = texts.TOPICS[-1 - i % len(texts.TOPICS)]
        rows.append((f"oth{i + 1:03d}", texts.OTHER_FORM[0].format(th), texts.OTHER_FORM[1].format(en), "other", "opm"))
    return [
        Agency(code=code, name_th=th, name_en=en, kind=kind, ministry=ministries[ministry])
        for code, th, en, kind, ministry in rows
    ]


def _named(i: int, forms: list) -> tuple:
    """The i-th name from topics × forms: the topic, the form, and past the end a region (Thai, English) to add."""
    topic = texts.TOPICS[i % len(texts.TOPICS)]
    form = forms[(i // len(texts.TOPICS)) % len(forms)]
    region = i // (len(texts.TOPICS) * len(forms))
    return topic, form, (f" เขต {region + 1}", f", Region {region + 1}") if region else ("", "")


def _people(agencies: list[Agency], rng: random.Random) -> tuple[User, list[User], dict[int, User]]:
    """An all-agencies executive, a reviewer per ten agencies, a coordinator per agency (with a Membership)."""
    password = make_password(None)  # unusable: the benchmark logs people in with force_login

    def person(email, **extra):
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        return User(email=email, first_name=first, last_name=last, password=password, **extra)

    executive = person(EXECUTIVE_EMAIL)
    reviewers = [
        person(f"reviewer{k + 1:03d}@bench.test", is_reviewer=True)
        for k in range(math.ceil(len(agencies) / AGENCIES_PER_REVIEWER))
    ]
    coordinators = [person(f"coordinator.{a.code}@bench.test") for a in agencies]
    User.objects.bulk_create([executive, *reviewers, *coordinators])
    ExecutiveScope.objects.create(user=executive, scope=ExecutiveScope.Scope.ALL)
    Membership.objects.bulk_create(
        Membership(user=user, agency=agency, role=Membership.Role.COORDINATOR)
        for agency, user in zip(agencies, coordinators, strict=True)
    )
    return executive, reviewers, {a.pk: user for a, user in zip(agencies, coordinators, strict=True)}


def _assign(cycle, agencies, reviewers, coordinators, *, only) -> dict[int, Team]:
    """Each agency in `only` gets its group's reviewer as lead and the next group's as second reviewer."""
    teams = {}
    for index, agency in enumerate(agencies):
        if agency.pk not in only:
            continue
        group = index // AGENCIES_PER_REVIEWER
        lead = reviewers[group % len(reviewers)]
        second = reviewers[(group + 1) % len(reviewers)] if len(reviewers) > 1 else None
        teams[agency.pk] = Team(coordinators[agency.pk].pk, lead.pk, second.pk if second else None)
    ReviewerAssignment.objects.bulk_create(
        ReviewerAssignment(reviewer_id=reviewer, agency_id=agency_id, cycle=cycle, is_lead=is_lead)
        for agency_id, team in teams.items()
        for reviewer, is_lead in ((team.lead, True), (team.second, False))
        if reviewer is not None
    )
    return teams


# --- cycles --------------------------------------------------------------------------------------


def _cycle(year: int, edition: Edition) -> Cycle:
    """A fiscal year runs from 1 October (Gregorian year − 544) to 30 September; agencies submit by 31 March."""
    gregorian = year - 543
    return Cycle.objects.create(
        fiscal_year=year,
        edition=edition,
        opens_on=datetime.date(gregorian - 1, 10, 1),
        deadline=datetime.datetime(gregorian, 3, 31, 16, 30, tzinfo=BANGKOK),
    )


def _statuses(agencies: list[Agency], rng: random.Random) -> dict[int, str]:
    """Exactly the shares of STATUS_SHARES (rounded), the rest drafts, spread at random."""
    plan = []
    for status, share in STATUS_SHARES:
        plan += [status] * round(len(agencies) * share)
    plan = plan[: len(agencies)]
    plan += [Assessment.Status.DRAFT] * (len(agencies) - len(plan))
    rng.shuffle(plan)
    return {agency.pk: status for agency, status in zip(agencies, plan, strict=True)}


def _sample_code(agencies, statuses, previous_statuses) -> str:
    finalised = [a for a in agencies if statuses[a.pk] == Assessment.Status.FINALISED]
    preferred = [a for a in finalised if a.kind == Agency.Kind.DEPARTMENT and a.pk in previous_statuses]
    return (preferred or finalised or agencies)[0].code
