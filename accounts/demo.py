"""Demo data for trying the service locally: agencies in three ministries and one login per role.

Never for production: `load_demo` refuses to run when DEBUG is off.
"""

import datetime
import zoneinfo

from django.db import transaction

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency, Ministry
from assessments.models import Cycle
from criteria.models import Edition

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
    (
        "reviewer",
        "ประเสริฐ",
        "ตรวจดี",
        "Reviewer (OPDC), assigned กรมควบคุมโรค and จังหวัดเชียงใหม่",
        {"reviewer": ["ddc", "chiangmai"]},
    ),
    ("reviewer2", "กนกพร", "วัดผล", "Reviewer (OPDC), assigned กรมการแพทย์ only", {"reviewer": ["dms"]}),
    ("executive.ddc", "นพ.สุรชัย", "บริหาร", "Executive, กรมควบคุมโรค", {"executive": ("agency", "ddc")}),
    ("executive.moph", "พญ.อรวรรณ", "นำทาง", "Executive, กระทรวงสาธารณสุข", {"executive": ("ministry", "moph")}),
    ("executive.opdc", "ดร.ชยพล", "มองไกล", "Executive (OPDC), all agencies", {"executive": ("all", None)}),
]
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


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
    cycle, _ = Cycle.objects.get_or_create(
        fiscal_year=2570,
        defaults={
            "edition": edition,
            "opens_on": datetime.date(2026, 10, 1),
            "deadline": datetime.datetime(2027, 3, 31, 16, 30, tzinfo=BANGKOK),
        },
    )
    for local, first, last, _what, roles in PEOPLE:
        person = User.objects.filter(email=f"{local}@{DOMAIN}").first()
        if person is None:
            person = User.objects.create_user(
                email=f"{local}@{DOMAIN}",
                password=PASSWORD,
                first_name=first,
                last_name=last,
                is_superuser=roles.get("administrator", False),
                is_staff=roles.get("administrator", False),
                is_reviewer="reviewer" in roles,
            )
        for role in ("coordinator", "member"):
            if role in roles:
                Membership.objects.get_or_create(user=person, agency=agencies[roles[role]], defaults={"role": role})
        for code in roles.get("reviewer", []):  # one reviewer per demo agency: the lead
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
    from assessments.demo import demo_assessments_load

    demo_assessments_load(cycle)
    from reviews.demo import demo_reviews_load

    demo_reviews_load(cycle)
