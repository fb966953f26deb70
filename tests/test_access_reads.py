"""`access.reads` decides on one loaded assessment what `access.assessments_visible_to` decides in SQL: the two agree
for every kind of reader and every assessment (own agency, another agency, another cycle, a ministry's)."""

import datetime

import pytest

from accounts import access
from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency, Ministry
from assessments.cycles import cycle_open
from assessments.models import Assessment, Cycle


@pytest.fixture
def world(roles):
    """The roles' two agencies in two cycles, a third agency of the same ministry as A, and the unusual readers."""
    moph = roles.agency.ministry
    Agency.objects.create(code="dms", name_th="กรมการแพทย์", name_en="Department of Medical Services", ministry=moph)
    later = Cycle.objects.create(
        fiscal_year=2571,
        edition=roles.cycle.edition,
        opens_on=datetime.date(2027, 10, 1),
        status=Cycle.Status.OPEN,
        deadline=roles.cycle.deadline + datetime.timedelta(days=365),
    )
    cycle_open(cycle=later)

    def person(name, **extra):
        return User.objects.create_user(email=f"{name}@pmqa.test", first_name=name, **extra)

    readers = [
        roles.member,
        roles.coordinator,
        roles.outsider,
        roles.reviewer,
        roles.other_reviewer,
        roles.executive,
        roles.other_executive,
        roles.administrator,
    ]
    everyone = person("everyone")
    ExecutiveScope.objects.create(user=everyone, scope=ExecutiveScope.Scope.ALL)
    no_longer = person("formerreviewer")  # an assignment left behind, no longer a reviewer: reads nothing by it
    ReviewerAssignment.objects.create(reviewer=no_longer, agency=roles.agency, cycle=roles.cycle)
    inactive = person("inactive", is_active=False)
    Membership.objects.create(user=inactive, agency=roles.agency, role=Membership.Role.MEMBER)
    lead_and_member = person("both", is_reviewer=True)  # a member of B reviewing A
    Membership.objects.create(user=lead_and_member, agency=roles.other_agency, role=Membership.Role.MEMBER)
    ReviewerAssignment.objects.create(reviewer=lead_and_member, agency=roles.agency, cycle=later)
    two_scopes = person("twoscopes")
    ExecutiveScope.objects.create(user=two_scopes, scope=ExecutiveScope.Scope.AGENCY, agency=roles.other_agency)
    ExecutiveScope.objects.create(
        user=two_scopes, scope=ExecutiveScope.Scope.MINISTRY, ministry=Ministry.objects.get(code="moi")
    )
    nobody = person("nobody")
    return readers + [everyone, no_longer, inactive, lead_and_member, two_scopes, nobody]


def test_reads_agrees_with_the_visibility_rule_for_every_reader_and_assessment(world):
    assessments = list(Assessment.objects.select_related("cycle", "agency"))
    assert len(assessments) == 5  # dms joined in 2571 only
    seen = set()
    for reader in world:
        visible = set(access.assessments_visible_to(reader).values_list("pk", flat=True))
        for assessment in Assessment.objects.select_related("cycle", "agency"):  # fresh: nothing kept on it
            assert access.reads(reader, assessment) == (assessment.pk in visible), (reader.email, assessment)
        seen.add(frozenset(visible))
    assert len(seen) >= 8  # the readers do see different things


def test_the_page_asks_again_for_free(roles, django_assert_num_queries):
    """The membership `reads` looked up is the one the page's permissions use: no second query."""
    assessment = access.get_assessment_for_user(roles.coordinator, 2570, "ddc")
    with django_assert_num_queries(0):
        assert access.assessment_permissions(roles.coordinator, assessment)["is_coordinator"]
    reviewed = access.get_assessment_for_user(roles.reviewer, 2570, "ddc")
    with django_assert_num_queries(0):
        assert access.assignment_of(roles.reviewer, reviewed).is_lead
    with django_assert_num_queries(0):  # another member: found in the team read once (access.team)
        assert not access.assessment_permissions(roles.member, assessment)["is_coordinator"]
    with django_assert_num_queries(1):  # another reviewer: their own assignment
        assert access.assignment_of(roles.other_reviewer, reviewed) is None
