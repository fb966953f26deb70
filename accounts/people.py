"""The people list of /manage/people/: who has an account, what they may do, filtered by role and status.

Every role a person holds is a row of its own (accounts/models.py); the list loads them beside the page of people
in a fixed number of queries, whatever the number of people and roles.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User

ROLE_FILTERS = {
    "administrator": (_("Administrators"), Q(is_superuser=True)),
    "coordinator": (_("Coordinators"), Q(memberships__role=Membership.Role.COORDINATOR)),
    "member": (_("Members"), Q(memberships__role=Membership.Role.MEMBER)),
    "reviewer": (_("OPDC reviewers"), Q(is_reviewer=True)),
    "executive": (_("Executives"), Q(executive_scopes__isnull=False)),
    "none": (
        _("No role"),
        Q(is_superuser=False, is_reviewer=False, memberships__isnull=True, executive_scopes__isnull=True),
    ),
}
STATUS_FILTERS = {
    "active": (_("Active"), Q(is_active=True)),
    "inactive": (_("Deactivated"), Q(is_active=False)),
}


def people_for_list(*, query: str = "", role: str = "", status: str = "") -> QuerySet[User]:
    """People matching the search and filters (unknown filter values are ignored), with their roles prefetched:
    the page, then one query each for memberships, executive scopes and reviewer assignments."""
    people = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("agency").order_by("agency__name_th")),
        Prefetch("executive_scopes", queryset=ExecutiveScope.objects.select_related("agency", "ministry")),
        Prefetch(
            "assignments",
            queryset=ReviewerAssignment.objects.select_related("agency", "cycle").order_by("-cycle__fiscal_year"),
        ),
    ).order_by("email")
    if query:
        people = people.filter(
            Q(email__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
        )
    if role in ROLE_FILTERS:
        # A subquery, so that a person with two matching memberships is listed once.
        people = people.filter(pk__in=User.objects.filter(ROLE_FILTERS[role][1]).values("pk"))
    if status in STATUS_FILTERS:
        people = people.filter(STATUS_FILTERS[status][1])
    return people
