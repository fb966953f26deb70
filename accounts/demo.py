"""Demo data for trying the service locally: agencies in three ministries, one login per role, and two cycles:
2569 closed with every agency's results final (for trends), 2570 current and under way.

Never for production: `load_demo` refuses to run when DEBUG is off.
"""

import datetime

from django.db import transaction

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency, Ministry
from assessments.demo import BANGKOK, PREVIOUS_YEAR, demo_assessments_load, demo_past_assessments_load, replayed_at
from assessments.models import Cycle
from criteria.models import Edition
from reviews.demo import demo_past_reviews_load, demo_reviews_load
from search.demo import demo_evidence_load

PASSWORD = "pmqa-demo-2569"
DOMAIN = "pmqa-demo.test"  # .test is reserved (RFC 2606): these addresses reach no one

MINISTRIES = [
    ("moph", "กระทรวงสาธารณสุข", "Ministry of Public Health"),
    ("moi", "กระทรวงมหาดไทย", "Ministry of Interior"),
    ("opm", "สำนักนายกรัฐมนตรี", "Office of the Prime Minister"),
]
AGENCIES = [
    ("ddc", "กรมควบคุมโรค", "Department of Disease Control", "department", "moph"),
    ("dms", "กรมการแพทย์", "Department of Medical Services", "department", "moph"),
    ("dopa", "กรมการปกครอง", "Department of Provincial Administration", "department", "moi"),
    ("chiangmai", "จังหวัดเชียงใหม่", "Chiang Mai Province", "province", "moi"),
    ("khonkaen", "จังหวัดขอนแก่น", "Khon Kaen Province", "province", "moi"),
    (
        "dga",
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",
        "Digital Government Development Agency (Public Organization)",
        "public_organisation",
        "opm",
    ),
]
# (e-mail local part, first name, last name, what they are, roles)
PEOPLE = [
    ("admin", "สมศรี", "ดูแลระบบ", "Administrator (OPDC)", {"administrator": True}),
    ("coordinator", "วิภาวรรณ", "ประสานงาน", "Coordinator, กรมควบคุมโรค", {"coordinator": "ddc"}),
    ("member", "ธนากร", "ใจดี", "Member, กรมควบคุมโรค", {"member": "ddc"}),
    ("member.chiangmai", "ปิยะนุช", "แสงคำ", "Member, จังหวัดเชียงใหม่ (another agency)", {"member": "chiangmai"}),
    ("coordinator.chiangmai", "อนุชา", "ศรีสุข", "Coordinator, จังหวัดเชียงใหม่", {"coordinator": "chiangmai"}),
    ("coordinator.dms", "สุนันทา", "ใจงาม", "Coordinator, กรมการแพทย์ (results finalised)", {"coordinator": "dms"}),
    ("coordinator.dopa", "ชาญวิทย์", "มั่นคง", "Coordinator, กรมการปกครอง (2569 results only)", {"coordinator": "dopa"}),
    (
        "coordinator.khonkaen",
        "สุพัตรา",
        "คำมูล",
        "Coordinator, จังหวัดขอนแก่น (2569 results only)",
        {"coordinator": "khonkaen"},
    ),
    (
        "coordinator.dga",
        "ณัฐพล",
        "วงศ์ไว",
        "Coordinator, สำนักงานพัฒนารัฐบาลดิจิทัล (2569 results only)",
        {"coordinator": "dga"},
    ),
    (
        "reviewer",
        "ประเสริฐ",
        "ตรวจดี",
        "Reviewer (OPDC), assigned กรมควบคุมโรค and จังหวัดเชียงใหม่; every agency in 2569",
        {"reviewer": ["ddc", "chiangmai"]},
    ),
    (
        "reviewer2",
        "กนกพร",
        "วัดผล",
        "Reviewer (OPDC), assigned กรมการแพทย์ only; every agency in 2569",
        {"reviewer": ["dms"]},
    ),
    ("executive.ddc", "นพ.สุรชัย", "บริหาร", "Executive, กรมควบคุมโรค", {"executive": ("agency", "ddc")}),
    ("executive.moph", "พญ.อรวรรณ", "นำทาง", "Executive, กระทรวงสาธารณสุข", {"executive": ("ministry", "moph")}),
    ("executive.opdc", "ดร.ชยพล", "มองไกล", "Executive (OPDC), all agencies", {"executive": ("all", None)}),
]
# The team was there before the 2569 cycle opened: its people joined, and were added to their agencies, then.
JOINED = datetime.datetime(2025, 9, 15, 9, 0, tzinfo=BANGKOK)
# 2569: (lead, second reviewer) by agency; the 2570 lead leads where there is one.
PREVIOUS_REVIEWERS = {
    "ddc": ("reviewer", "reviewer2"),
    "chiangmai": ("reviewer", "reviewer2"),
    "khonkaen": ("reviewer", "reviewer2"),
    "dms": ("reviewer2", "reviewer"),
    "dopa": ("reviewer2", "reviewer"),
    "dga": ("reviewer2", "reviewer"),
}


def demo_logins() -> list[tuple[str, str]]:
    return [(f"{local}@{DOMAIN}", what) for local, _first, _last, what, _roles in PEOPLE]


@transaction.atomic
def demo_load() -> None:
    """Create what is missing; running it again changes nothing."""
    ministries = {
        code: Ministry.objects.get_or_create(code=code, defaults={"name_th": th, "name_en": en})[0]
        for code, th, en in MINISTRIES
    }
    agencies = {
        code: Agency.objects.get_or_create(
            code=code, defaults={"name_th": th, "name_en": en, "kind": kind, "ministry": ministries[ministry]}
        )[0]
        for code, th, en, kind, ministry in AGENCIES
    }
    edition = Edition.objects.get(code="pmqa-4-0")
    previous, _ = Cycle.objects.get_or_create(
        fiscal_year=PREVIOUS_YEAR,
        defaults={
            "edition": edition,
            "opens_on": datetime.date(2025, 10, 1),
            "deadline": datetime.datetime(2026, 3, 31, 16, 30, tzinfo=BANGKOK),
        },
    )
    cycle, _ = Cycle.objects.get_or_create(
        fiscal_year=2570,
        defaults={
            "edition": edition,
            "opens_on": datetime.date(2026, 10, 1),
            "deadline": datetime.datetime(2027, 3, 31, 16, 30, tzinfo=BANGKOK),
        },
    )
    people = {}
    with replayed_at(JOINED):
        for local, first, last, _what, roles in PEOPLE:
            people[local] = person = _person(local, first, last, roles)
            for role in ("coordinator", "member"):
                if role in roles:
                    Membership.objects.get_or_create(user=person, agency=agencies[roles[role]], defaults={"role": role})
            for code in roles.get("reviewer", []):  # one reviewer per demo agency in 2570: the lead
                ReviewerAssignment.objects.get_or_create(
                    reviewer=person, agency=agencies[code], cycle=cycle, defaults={"is_lead": True}
                )
            if "executive" in roles:
                scope, target = roles["executive"]
                ExecutiveScope.objects.get_or_create(
                    user=person,
                    scope=scope,
                    agency=agencies[target] if scope == "agency" else None,
                    ministry=ministries[target] if scope == "ministry" else None,
                )
    if previous.status != Cycle.Status.CLOSED:
        for code, reviewers in PREVIOUS_REVIEWERS.items():
            for local in reviewers:
                ReviewerAssignment.objects.get_or_create(
                    reviewer=people[local],
                    agency=agencies[code],
                    cycle=previous,
                    defaults={"is_lead": local == reviewers[0]},
                )
        demo_past_assessments_load(previous)
        demo_past_reviews_load(previous)
        previous.status = Cycle.Status.CLOSED
        previous.save(update_fields=["status"])
    demo_assessments_load(cycle)
    demo_reviews_load(cycle)
    demo_evidence_load(cycle)


def _person(local: str, first: str, last: str, roles: dict) -> User:
    found = User.objects.filter(email=f"{local}@{DOMAIN}").first()
    if found is not None:
        return found
    return User.objects.create_user(
        email=f"{local}@{DOMAIN}",
        password=PASSWORD,
        first_name=first,
        last_name=last,
        is_superuser=roles.get("administrator", False),
        is_staff=roles.get("administrator", False),
        is_reviewer="reviewer" in roles,
        date_joined=JOINED,
    )
