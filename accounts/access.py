"""Who may see and do what: the one module every view asks.

Roles (see accounts/models.py):
- agency member: reads and edits their agency's work;
- agency coordinator: a member who also manages the agency's members and submits;
- reviewer: reads the agencies assigned to them (in any cycle), nothing else;
- executive: reads the agencies in their scope (one agency, a ministry, or all), never writes;
- administrator (superuser): everything.

Two rules for refusals, applied by the get_* helpers:
- an object the person may not know exists is a 404 (never a 403 that confirms it exists);
- a person who may read it but not change it gets a 403 on a write.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import ExecutiveScope, Membership
from agencies.models import Agency


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def agencies_visible_to(user) -> QuerySet[Agency]:
    """Agencies the person may read, as one query."""
    if not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if is_administrator(user):
        return Agency.objects.all()
    scopes = list(user.executive_scopes.all())
    if any(s.scope == ExecutiveScope.Scope.ALL for s in scopes):
        return Agency.objects.all()
    rule = Q(memberships__user=user)
    if user.is_reviewer:
        rule |= Q(assignments__reviewer=user)
    agency_ids = [s.agency_id for s in scopes if s.scope == ExecutiveScope.Scope.AGENCY]
    ministry_ids = [s.ministry_id for s in scopes if s.scope == ExecutiveScope.Scope.MINISTRY]
    if agency_ids:
        rule |= Q(pk__in=agency_ids)
    if ministry_ids:
        rule |= Q(ministry_id__in=ministry_ids)
    return Agency.objects.filter(pk__in=Agency.objects.filter(rule).values("pk"))


def membership(user, agency) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, agency=agency).first()


def can_manage_members(user, agency) -> bool:
    if is_administrator(user):
        return True
    found = membership(user, agency)
    return found is not None and found.role == Membership.Role.COORDINATOR


def can_edit_assessment(user, agency) -> bool:
    """Members and coordinators write their agency's self-assessment."""
    return membership(user, agency) is not None


def get_agency_for_user(user, code: str) -> Agency:
    """The agency if the person may read it, else 404."""
    agency = agencies_visible_to(user).select_related("ministry").filter(code=code).first()
    if agency is None:
        raise Http404("No such agency.")
    return agency


def get_agency_for_coordinator(user, code: str) -> Agency:
    """The agency if the person may manage its members: 404 when they may not even read it, else 403."""
    agency = get_agency_for_user(user, code)
    if not can_manage_members(user, agency):
        raise PermissionDenied("Only the agency's coordinators manage its members.")
    return agency


def require_administrator(user) -> None:
    """404 for everyone else: administration pages are not advertised."""
    if not is_administrator(user):
        raise Http404("Not found.")


def roles_of(user) -> dict:
    """What a person is, for their home page and the header: three queries."""
    if not user.is_authenticated:
        return {}
    return {
        "administrator": is_administrator(user),
        "memberships": list(user.memberships.select_related("agency")),
        "executive_scopes": list(user.executive_scopes.select_related("agency", "ministry")),
        "assignments": list(user.assignments.select_related("agency", "cycle")) if user.is_reviewer else [],
    }
