"""A realistic national cycle, built in seconds with bulk inserts: the rows the services would leave behind.

The services (submit, review, finalise) check and record one assessment at a time, which would take minutes for
400 agencies; so only `cycle_open` is used, as the service that creates the assessments, and everything else is
written in bulk. The rules that matter to reports are kept: fractions are multiples of 5 and respect the
cumulative gates (checked with scoring.gate_violations), a consensus ItemReview per item of finalised work, the
workflow recorded as Change rows (submitted, returned, finalised), evidence files stored under the name the
upload service gives them. Not built: the per-edit history (Change "answer" rows), comments, category owners.

The older cycles (2569, and with `cycles` > 2 also 2568, 2567 …) had only the pilot agencies, all finalised: a
quarter of the agencies are created first and the older cycles opened, then the rest join and the current cycle
(2570) is opened, as `cycle_open` expects agencies to arrive over time. Each cycle draws from a random generator of
its own (seeded by the seed and its year), so the current cycle and 2569 are the same rows whatever the number of
cycles: a build with 5 cycles is the build with 2 plus 2566–2568.
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

YEAR = 2570  # the current cycle; the older ones are the years before it
PILOT_SHARE = 0.25  # agencies with a result in the older cycles
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
    previous: Cycle | None  # the latest older cycle (None with cycles=1)
    executive: User
    sample_code: str  # a finalised department that also has a result in every older cycle (a pilot agency)
    counts: dict[str, int]
    coordinator: User  # the measured agency's coordinator
    reviewer: User  # the measured agency's lead reviewer in the current cycle
    cycles: int = 2


def cycle_rng(seed: int, year: int) -> random.Random:
    """The random draws of one cycle: the same whatever cycles are built before or after it."""
    return random.Random(f"{seed}/{year}")


@transaction.atomic
def national_build(*, agencies: int, seed: int, media_root, cycles: int = 2) -> National:
    """Ministries, `agencies` agencies, people, `cycles` cycles filled in (the current one and cycles − 1 older
    ones, finalised for the pilot agencies); the same `seed` gives the same rows."""
    if cycles < 1:
        raise ValueError("at least one cycle")
    rng = random.Random(seed)
    edition = Edition.objects.get(code="pmqa-4-0")
    ministries = Ministry.objects.bulk_create(
        Ministry(code=code, name_th=th, name_en=en) for code, th, en in texts.MINISTRIES
    )
    every = _agencies(agencies, {m.code: m for m in ministries})
    pilot_indexes = set(rng.sample(range(len(every)), max(1, round(len(every) * PILOT_SHARE))))
    pilot = Agency.objects.bulk_create(a for i, a in enumerate(every) if i in pilot_indexes)
    older = [_cycle(year, edition) for year in range(YEAR - cycles + 1, YEAR)]  # oldest first
    for past in older:
        cycle_open(cycle=past)
    Agency.objects.bulk_create(a for i, a in enumerate(every) if i not in pilot_indexes)
    cycle = _cycle(YEAR, edition)
    cycle_open(cycle=cycle)

    every = list(Agency.objects.order_by("pk"))
    executive, reviewers, coordinators = _people(every, rng)
    previous_statuses = {a.pk: Assessment.Status.FINALISED for a in pilot}
    carried_from = None
    for past in older:
        cycle_fill(
            cycle=past,
            statuses=previous_statuses,
            team=_assign(past, every, reviewers, coordinators, only=previous_statuses),
            rng=cycle_rng(seed, past.fiscal_year),
            media_root=media_root,
            carried_from=carried_from,
        )
        past.status = Cycle.Status.CLOSED
        past.save(update_fields=["status"])
        carried_from = past
    current_rng = cycle_rng(seed, YEAR)
    statuses = _statuses(every, current_rng)
    cycle_fill(
        cycle=cycle,
        statuses=statuses,
        team=_assign(cycle, every, reviewers, coordinators, only=statuses),
        rng=current_rng,
        media_root=media_root,
        carried_from=carried_from,
    )
    cycle.status = Cycle.Status.REVIEW
    cycle.save(update_fields=["status"])
    sample = _sample_code(every, statuses, previous_statuses if older else {})
    assessment = Assessment.objects.select_related("cycle", "agency").get(cycle=cycle, agency__code=sample)
    _whole_submission(assessment, current_rng)
    scores.store(Assessment.objects.select_related("cycle"))  # the rows above went straight in: as the services would
    lead = ReviewerAssignment.objects.select_related("reviewer").get(
        cycle=cycle, agency=assessment.agency, is_lead=True
    )
    return National(
        cycle=cycle,
        previous=older[-1] if older else None,
        executive=executive,
        sample_code=sample,
        counts=row_counts(),
        coordinator=coordinators[assessment.agency_id],
        reviewer=lead.reviewer,
        cycles=cycles,
    )


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


# --- what the services leave behind outside the tables above -------------------------------------


def gap_reports_store(assessment) -> str:
    """As finalisation does (reports/tasks.py, when the product has it): the assessment's gap reports rendered and
    stored, so that the report page serves them as stored. Run with TASKS_BACKEND=immediate, the tasks render
    here; done for the measured agency only (rendering every finalised agency's would take many minutes).
    Returns what happened, for the output."""
    try:
        from reports import tasks
        from reports.models import StoredReport

        gap_reports_request = tasks.gap_reports_request
    except (ImportError, AttributeError):
        return "not stored: this version of the service renders gap reports when asked"
    with transaction.atomic():
        gap_reports_request(assessment)  # its work starts once this commits
    ready = [r.language for r in StoredReport.objects.filter(assessment=assessment) if r.is_ready]
    return f"stored ({', '.join(sorted(ready))}), as finalisation leaves them" if ready else "asked for, not stored"
