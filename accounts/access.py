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
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def _read_rule(user, path: str) -> Q | None:
    """Which agencies the person reads through their team or an executive scope, as a Q over `path`
    ("" for Agency, "agency__" for rows that belong to an agency); None means every agency.
    Anonymous and inactive people read none: Q(pk__in=[])."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_administrator(user):
        return None
    scopes = _scopes(user)
    if any(s.scope == ExecutiveScope.Scope.ALL for s in scopes):
        return None
    rule = Q(**{f"{path}id__in": Membership.objects.filter(user=user).values("agency_id")})
    agency_ids = [s.agency_id for s in scopes if s.scope == ExecutiveScope.Scope.AGENCY]
    ministry_ids = [s.ministry_id for s in scopes if s.scope == ExecutiveScope.Scope.MINISTRY]
    if agency_ids:
        rule |= Q(**{f"{path}id__in": agency_ids})
    if ministry_ids:
        rule |= Q(**{f"{path}ministry_id__in": ministry_ids})
    return rule


def _scopes(user) -> list[ExecutiveScope]:
    """The person's executive scopes, read once per user object (a request's user lives for that request)."""
    scopes = getattr(user, "_executive_scopes", None)
    if scopes is None:
        scopes = user._executive_scopes = list(user.executive_scopes.all())
    return scopes


def _visible(model, rule: Q | None):
    """The rows the rule lets the person read. Every part of a rule is a subquery or a many-to-one step, so no row
    comes twice and the page's own query stays small (PostgreSQL plans it in a fraction of the time a wrapped
    `pk IN (SELECT … JOIN …)` took)."""
    return model.objects.all() if rule is None else model.objects.filter(rule)


def agencies_visible_to(user) -> QuerySet[Agency]:
    """Agencies the person may read, as one query: their team's, their executive scope, their assignments."""
    rule = _read_rule(user, "")
    if rule is not None and user.is_authenticated and user.is_reviewer:
        rule |= Q(id__in=ReviewerAssignment.objects.filter(reviewer=user).values("agency_id"))
    return _visible(Agency, rule)


def membership(user, agency) -> Membership | None:
    """The person's membership of the agency (one at most): no ORDER BY, so no join to sort by."""
    if not user.is_authenticated:
        return None
    return next(iter(Membership.objects.filter(user=user, agency=agency).order_by()[:1]), None)


def is_coordinator(user, agency) -> bool:
    """One of the agency's own coordinators (administrators are not)."""
    found = membership(user, agency)
    return found is not None and found.role == Membership.Role.COORDINATOR


def can_manage_members(user, agency) -> bool:
    return is_administrator(user) or is_coordinator(user, agency)


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


# --- assessments ---------------------------------------------------------------------------


def assessments_visible_to(user):
    """Assessments the person may read, as one query: their agency's, those in their executive scope, and the
    agency-cycles they are assigned to review (a reviewer reads only the cycles they are assigned to)."""
    from assessments.models import Assessment

    rule = _read_rule(user, "agency__")
    if rule is not None and user.is_authenticated and user.is_reviewer:
        assigned = ReviewerAssignment.objects.filter(
            reviewer=user, agency_id=OuterRef("agency_id"), cycle_id=OuterRef("cycle_id")
        )
        rule |= Q(Exists(assigned))
    return _visible(Assessment, rule)


def get_assessment_for_user(user, year: int, code: str):
    """The assessment of agency `code` in fiscal year `year` if the person may read it, else 404.

    The row is found by its year and agency alone (one row at most: no ORDER BY to plan), then `reads` decides on
    it: a team member or an assigned reviewer in one small query, which the page's own permission or assignment
    check then reuses, instead of planning the visibility rule's subqueries on every page. With it: the cycle and
    its edition, the agency (not its ministry: a page that shows it reads it), the change count (kept_parts)."""
    from assessments.models import Assessment

    found = list(
        Assessment.objects.select_related("cycle__edition", "agency", "count_row")
        .filter(cycle__fiscal_year=year, agency__code=code)
        .order_by()[:1]
    )
    if not found or not reads(user, found[0]):
        raise Http404("No such assessment.")
    return found[0]


def reads(user, assessment) -> bool:
    """Whether the person may read this (loaded) assessment: `assessments_visible_to` for one row, decided on the
    row (tests/test_access_reads.py holds the two together for every kind of reader). The assignment and the
    membership it looks up are kept on the assessment for this person (`_reader`): the page asks again for free.
    A reviewer's assignment is asked first (their pages need it), then the membership (the team's pages need it)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_administrator(user):
        return True
    if user.is_reviewer and _reader(user, assessment, "assignment") is not None:
        return True
    if _reader(user, assessment, "membership") is not None:
        return True
    ministry_id = assessment.agency.ministry_id
    return any(
        scope.scope == ExecutiveScope.Scope.ALL
        or (scope.scope == ExecutiveScope.Scope.AGENCY and scope.agency_id == assessment.agency_id)
        or (scope.scope == ExecutiveScope.Scope.MINISTRY and scope.ministry_id == ministry_id)
        for scope in _scopes(user)
    )


def _reader(user, assessment, what: str):
    """The person's membership of the assessment's agency (found in its team, `team`), or their reviewer assignment
    for its agency and cycle: looked up when first asked, then kept on the assessment object for this person."""
    kept = assessment.__dict__.setdefault("_readers", {}).setdefault(user.pk, {})
    if what not in kept:
        if what == "membership":
            kept[what] = next((row for row in team(assessment) if row.user_id == user.pk), None)
        else:
            rows = ReviewerAssignment.objects.filter(
                reviewer=user, agency_id=assessment.agency_id, cycle_id=assessment.cycle_id
            )
            kept[what] = next(iter(rows.order_by("pk")[:1]), None)
    return kept[what]


def team(assessment) -> list[Membership]:
    """The memberships of the assessment's agency with their people, by first name: read once, kept on the
    assessment object. A member's access is decided among them (`_reader`), and the team's pages show them or
    name them in what they keep, without reading them again."""
    if "_team" not in assessment.__dict__:
        rows = Membership.objects.filter(agency_id=assessment.agency_id).select_related("user")
        assessment.__dict__["_team"] = list(rows.order_by("user__first_name", "pk"))
    return assessment.__dict__["_team"]


def team_people(assessment) -> list:
    """The people of the assessment's team (`team`), by first name: the owner choices and the team list."""
    return [row.user for row in team(assessment)]


def get_cycle_for_reader(user, year: int):
    """The cycle of fiscal year `year` if the person reads at least one of its assessments (a cycle's reports
    cover those), else 404."""
    from assessments.models import Cycle

    cycle = Cycle.objects.select_related("edition").filter(fiscal_year=year).first()
    check_cycle_reader(user, cycle)
    return cycle


def check_cycle_reader(user, cycle, *, found: bool = False) -> None:
    """404 unless the person reads at least one assessment of the cycle (None: no such cycle). `found`: the caller
    already found one among the cycle's assessments the person reads (a subset of them): no query then."""
    if cycle is None or not (found or assessments_visible_to(user).filter(cycle=cycle).exists()):
        raise Http404("Nothing of this cycle is yours to read.")


def can_edit_answers(user, assessment) -> bool:
    """Members and coordinators write their own agency's assessment while it is not locked."""
    return assessment_permissions(user, assessment)["can_edit"]


def assessment_permissions(user, assessment) -> dict:
    """What the page may offer this person, from one query: write answers (members and coordinators of the
    agency, while the assessment is not locked), act as coordinator (coordinators and administrators)."""
    found = _reader(user, assessment, "membership") if user.is_authenticated else None
    coordinator = is_administrator(user) or (found is not None and found.role == Membership.Role.COORDINATOR)
    return {
        "can_edit": found is not None and not assessment.is_locked,
        "is_coordinator": coordinator,
        "on_team": found is not None,
    }


def get_assessment_for_editor(user, year: int, code: str):
    """404 when the person may not read it; 403 when they may read but not write (or it is locked)."""
    assessment = get_assessment_for_user(user, year, code)
    if not can_edit_answers(user, assessment):
        raise PermissionDenied("This assessment cannot be changed by you now.")
    return assessment


def get_assessment_for_coordinator(user, year: int, code: str):
    """For the coordinator's own actions: owners, target, quality check and submission."""
    assessment = get_assessment_for_user(user, year, code)
    if not can_manage_members(user, assessment.agency):
        raise PermissionDenied("Only the agency's coordinators do this.")
    return assessment


def get_evidence_for_user(user, evidence_id: int):
    from assessments.models import Evidence

    evidence = (
        Evidence.objects.select_related("file", "assessment")
        .filter(pk=evidence_id, assessment__in=assessments_visible_to(user))
        .first()
    )
    if evidence is None:
        raise Http404("No such evidence.")
    return evidence


# --- reviews ---------------------------------------------------------------------------------


def assignment_of(user, assessment):
    """The person's reviewer assignment for this agency and cycle, or None."""
    if not (user.is_authenticated and user.is_reviewer):
        return None
    return _reader(user, assessment, "assignment")


def get_assessment_for_reviewer(user, year: int, code: str, *, lead: bool = False):
    """404 unless the person may read it; 403 unless they are assigned to review it (as lead when asked)."""
    return get_review_for_reviewer(user, year, code, lead=lead)[0]


def get_review_for_reviewer(user, year: int, code: str, *, lead: bool = False):
    """The same check, answering (assessment, the person's assignment) for pages that show the assignment."""
    assessment = get_assessment_for_user(user, year, code)
    found = assignment_of(user, assessment)
    if found is None or (lead and not found.is_lead):
        raise PermissionDenied("Only the reviewers assigned to this agency do this.")
    return assessment, found


def can_see_results(user, assessment) -> bool:
    """Reviewers' scores stay with the reviewers and administrators until the assessment is finalised."""
    return assessment.is_final or is_administrator(user) or assignment_of(user, assessment) is not None


def executives_reading(agency) -> QuerySet[User]:
    """The active people whose executive scope covers the agency — all agencies, its ministry, or the agency
    itself: those _read_rule lets read it as executives. One query."""
    scope = ExecutiveScope.Scope
    covers = (
        Q(executive_scopes__scope=scope.ALL)
        | Q(executive_scopes__scope=scope.MINISTRY, executive_scopes__ministry_id=agency.ministry_id)
        | Q(executive_scopes__scope=scope.AGENCY, executive_scopes__agency_id=agency.pk)
    )
    return User.objects.filter(covers, is_active=True).distinct()


# --- good practices ----------------------------------------------------------------------------------


def get_assessment_for_practice_consent(user, year: int, code: str):
    """404 when the person may not read the assessment; 403 unless they are the agency's coordinator."""
    assessment = get_assessment_for_user(user, year, code)
    # Only the agency's own coordinators agree (not administrators: it is the agency's consent).
    if not is_coordinator(user, assessment.agency):
        raise PermissionDenied("Only the agency's coordinators share its good practices.")
    return assessment


def can_read_synthesis(user) -> bool:
    """OPDC reads the synthesis of a cycle: administrators, executives of every agency, reviewers (who see only
    the assessments they are assigned to: assessments_visible_to)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_administrator(user) or user.is_reviewer:
        return True
    return any(scope.scope == ExecutiveScope.Scope.ALL for scope in _scopes(user))


def require_synthesis_reader(user) -> None:
    """404 for everyone else: agencies' teams do not learn the page exists."""
    if not can_read_synthesis(user):
        raise Http404("Not found.")


# --- API tokens ------------------------------------------------------------------------------------


def get_api_token_for_owner(user, token_id: int):
    """A person's own API token; anyone else's is a 404 (nobody manages another person's tokens)."""
    from api.models import ApiToken

    token = ApiToken.objects.filter(pk=token_id, user=user).first() if user.is_authenticated else None
    if token is None:
        raise Http404("No such token.")
    return token
