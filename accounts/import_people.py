"""The people file: one row per role of one person; a person may have several rows.

The import adds and corrects, it never takes away: roles a person holds that
the file does not mention are kept. A row's names are the person's names
(blank names say nothing); a new person needs them on at least one row.
A member/coordinator row sets the person's role in that agency.

Columns: email, first_name, last_name, role, agency_code, scope, cycle, lead (optional).
- member / coordinator (สมาชิก / ผู้ประสานงาน): agency_code.
- reviewer (ผู้ตรวจประเมิน): marks the person a reviewer; with agency_code and
  cycle (a Buddhist-era fiscal year, e.g. 2570) also assigns them that agency; lead "yes" (ใช่, 1, true)
  makes them its lead reviewer in that cycle, replacing the previous lead (one lead per agency and cycle; a
  blank or "no" leaves the lead as it is).
- executive (ผู้บริหาร): scope "all", "agency:<code>" or "ministry:<code>";
  a blank scope with an agency_code means that agency.
- administrator (ผู้ดูแลระบบ): staff and superuser.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from accounts.import_leads import lead_check, lead_plan
from accounts.import_rows import (
    ImportPlan,
    NumberedRows,
    RowResult,
    change_describe,
    choice_key,
    columns_check,
    length_check,
    rows_clean,
    value_missing,
    value_require,
)
from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency, Ministry
from assessments.models import Cycle

COLUMNS = ("email", "first_name", "last_name", "role", "agency_code", "scope", "cycle", "lead")
REQUIRED = ("email", "role")
NAMES = ("first_name", "last_name")
FLAGS = ("is_reviewer", "is_staff", "is_superuser")

ROLES = {
    **dict.fromkeys(("member", "สมาชิก"), "member"),
    **dict.fromkeys(("coordinator", "ผู้ประสานงาน"), "coordinator"),
    **dict.fromkeys(("reviewer", "ผู้ตรวจประเมิน"), "reviewer"),
    **dict.fromkeys(("executive", "ผู้บริหาร"), "executive"),
    **dict.fromkeys(("administrator", "ผู้ดูแลระบบ"), "administrator"),
}
ALL_AGENCIES = ("all", "ทั้งหมด")


@dataclass
class Lookups:
    """Everything a people file refers to, loaded once by code."""

    users: dict[str, User]
    agencies: dict[str, Agency]
    ministries: dict[str, Ministry]
    cycles: dict[int, Cycle]
    memberships: dict[tuple[str, str], Membership]  # (email, agency code)
    scopes: set[tuple[str, str, str]]  # (email, scope, agency or ministry code or "")
    assignments: dict[tuple[str, str, int], ReviewerAssignment]  # (email, agency code, fiscal year)
    leads: dict[tuple[str, int], list[ReviewerAssignment]]  # (agency code, fiscal year): its lead reviewer now


@dataclass
class PeopleWork:
    users_new: dict[str, User] = field(default_factory=dict)  # unsaved, by e-mail
    users_changed: dict[str, User] = field(default_factory=dict)  # loaded instances with their new values
    memberships_new: list[tuple[str, Agency, str]] = field(default_factory=list)  # (email, agency, role)
    memberships_changed: list[Membership] = field(default_factory=list)
    scopes_new: list[tuple[str, str, Agency | None, Ministry | None]] = field(default_factory=list)
    assignments_new: list[tuple[str, Agency, Cycle, bool]] = field(default_factory=list)  # (…, is_lead)
    leads_set: list[ReviewerAssignment] = field(default_factory=list)  # existing assignments made lead
    leads_unset: list[ReviewerAssignment] = field(default_factory=list)  # leads another row replaces


def people_work(numbered: NumberedRows) -> tuple[ImportPlan, PeopleWork]:
    """Plan a people file from eight queries; the database is only read."""
    plan = ImportPlan(kind="people", file_errors=columns_check(numbered, REQUIRED))
    work = PeopleWork()
    if plan.file_errors:
        return plan, work
    rows = rows_clean(numbered, COLUMNS)
    for _, values in rows:
        values["email"] = values["email"].lower()
    lookups = _lookups_load(rows)
    names = {}  # email → (first_name, last_name, row): the first row naming the person
    for number, values in rows:
        if values["first_name"] or values["last_name"]:
            names.setdefault(values["email"], (values["first_name"], values["last_name"], number))
    first_row_of_key: dict[tuple, tuple[int, str]] = {}
    for number, values in rows:
        row = RowResult(number=number, values=values)
        plan.rows.append(row)
        target = _person_row_check(row, values, lookups, names, first_row_of_key)
        creates = False if row.errors else _person_plan(row, values, target, lookups, names, work)
        row.settle(creates=creates)
    return plan, work


def _lookups_load(rows: NumberedRows) -> Lookups:
    emails = {values["email"] for _, values in rows}
    agency_codes, ministry_codes = set(), set()
    for _, values in rows:
        agency_codes.add(values["agency_code"])
        kind, _, code = values["scope"].partition(":")
        (ministry_codes if kind.strip().lower() == "ministry" else agency_codes).add(code.strip())
    memberships = Membership.objects.filter(user__email__in=emails).select_related("user", "agency")
    scopes = ExecutiveScope.objects.filter(user__email__in=emails).select_related("user", "agency", "ministry")
    assignments = ReviewerAssignment.objects.filter(reviewer__email__in=emails).select_related(
        "reviewer", "agency", "cycle"
    )
    leads = {}
    for found in ReviewerAssignment.objects.filter(is_lead=True, agency__code__in=agency_codes).select_related(
        "reviewer", "agency", "cycle"
    ):
        leads.setdefault((found.agency.code, found.cycle.fiscal_year), []).append(found)
    return Lookups(
        users={u.email: u for u in User.objects.filter(email__in=emails)},
        agencies={a.code: a for a in Agency.objects.filter(code__in=agency_codes)},
        ministries={m.code: m for m in Ministry.objects.filter(code__in=ministry_codes)},
        cycles={c.fiscal_year: c for c in Cycle.objects.all()},
        memberships={(m.user.email, m.agency.code): m for m in memberships},
        scopes={
            (s.user.email, s.scope, s.agency.code if s.agency else s.ministry.code if s.ministry else "")
            for s in scopes
        },
        assignments={(a.reviewer.email, a.agency.code, a.cycle.fiscal_year): a for a in assignments},
        leads=leads,
    )


def _person_row_check(row: RowResult, values: dict, lookups: Lookups, names, first_row_of_key) -> tuple:
    """Record the row's errors; return what its role applies to, e.g. ("coordinator", agency)."""
    email = values["email"]
    email_ok = value_require(row, values, "email")
    if email_ok:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(gettext('Malformed e-mail address "%(value)s".') % {"value": email})
            email_ok = False
    for column in NAMES:
        length_check(row, values, column, 150)
    if email_ok:
        _names_check(row, values, lookups, names)
    if not value_require(row, values, "role"):
        return ()
    role = ROLES.get(choice_key(values["role"]))
    if role is None:
        row.errors.append(
            gettext('Unknown role "%(value)s": use member, coordinator, reviewer, executive or administrator.')
            % {"value": values["role"]}
        )
        return ()
    target = _target_find(row, values, role, lookups)
    if target and email_ok:
        _repeat_check(row, email, target, first_row_of_key)
    return (*target, True) if lead_check(row, values, target, first_row_of_key) else target


def _names_check(row: RowResult, values: dict, lookups: Lookups, names) -> None:
    """A person's rows give one name or none; a new person needs one."""
    email = values["email"]
    if email in names and (values["first_name"] or values["last_name"]):
        first, last, first_row = names[email]
        if (values["first_name"], values["last_name"]) != (first, last):
            row.errors.append(
                gettext('Row %(row)s gives %(email)s a different name ("%(name)s").')
                % {"row": first_row, "email": email, "name": f"{first} {last}".strip()}
            )
    if email not in lookups.users:
        for column, name in zip(NAMES, names.get(email, ("", "", 0))[:2], strict=True):
            if not name:
                value_missing(row, column)


def _target_find(row: RowResult, values: dict, role: str, lookups: Lookups) -> tuple:
    """What the role applies to, as ORM objects: (role,), (role, agency), ("reviewer", agency, cycle), …"""
    if role in ("member", "coordinator"):
        agency = _agency_find(row, values["agency_code"], lookups)
        return (role, agency) if agency else ()
    if role == "reviewer":
        if not values["agency_code"] and not values["cycle"]:
            return (role,)
        agency = _agency_find(row, values["agency_code"], lookups)
        cycle = _cycle_find(row, values["cycle"], lookups)
        return (role, agency, cycle) if agency and cycle else ()
    if role == "executive":
        return _scope_find(row, values, lookups)
    return (role,)


def _agency_find(row: RowResult, code: str, lookups: Lookups) -> Agency | None:
    if not code:
        value_missing(row, "agency_code")
        return None
    if code not in lookups.agencies:
        row.errors.append(gettext("Unknown agency %(code)s.") % {"code": code})
    return lookups.agencies.get(code)


def _cycle_find(row: RowResult, value: str, lookups: Lookups) -> Cycle | None:
    if not value:
        value_missing(row, "cycle")
        return None
    cycle = lookups.cycles.get(int(value)) if value.isdecimal() else None
    if cycle is None:
        row.errors.append(
            gettext('Unknown cycle "%(value)s": give the Buddhist-era fiscal year of an existing cycle, e.g. 2570.')
            % {"value": value}
        )
    return cycle


def _scope_find(row: RowResult, values: dict, lookups: Lookups) -> tuple:
    """An executive's scope: "all", "agency:<code>", "ministry:<code>", or blank (or "agency") with agency_code."""
    scope = values["scope"]
    kind, colon, code = (part.strip() for part in scope.partition(":"))
    kind = kind.lower()
    if kind in ALL_AGENCIES and not colon:
        return ("executive", ExecutiveScope.Scope.ALL)
    if kind in ("", "agency") and not colon and values["agency_code"]:
        kind, colon, code = "agency", ":", values["agency_code"]
    if kind == "agency" and colon and code:
        agency = _agency_find(row, code, lookups)
        return ("executive", ExecutiveScope.Scope.AGENCY, agency) if agency else ()
    if kind == "ministry" and colon and code:
        if code not in lookups.ministries:
            row.errors.append(gettext("Unknown ministry %(code)s.") % {"code": code})
            return ()
        return ("executive", ExecutiveScope.Scope.MINISTRY, lookups.ministries[code])
    if not scope:
        value_missing(row, "scope")
    else:
        row.errors.append(
            gettext('Unknown scope "%(value)s": use all, agency:<agency code> or ministry:<ministry code>.')
            % {"value": scope}
        )
    return ()


def _repeat_check(row: RowResult, email: str, target: tuple, first_row_of_key) -> None:
    """The same role twice, or two roles in one agency, for one person."""
    if target[0] in ("member", "coordinator"):
        key = (email, "membership", target[1].code)
    else:
        key = (email, *(getattr(part, "pk", part) for part in target[:3]))  # (a lead mark is no other role)
    if key not in first_row_of_key:
        first_row_of_key[key] = (row.number, target[0])
    elif first_row_of_key[key][1] == target[0]:
        row.errors.append(gettext("This row repeats row %(row)s.") % {"row": first_row_of_key[key][0]})
    else:
        row.errors.append(
            gettext("Row %(row)s already gives %(email)s a role in agency %(code)s.")
            % {"row": first_row_of_key[key][0], "email": email, "code": target[1].code}
        )


def _person_plan(row: RowResult, values: dict, target: tuple, lookups: Lookups, names, work: PeopleWork) -> bool:
    """Note what a valid row does; True when it creates a person or a role."""
    email = values["email"]
    user = work.users_new.get(email) or lookups.users.get(email)
    if user is None:
        first, last, _ = names[email]
        user = work.users_new[email] = User(email=email, first_name=first, last_name=last)
        row.changes.append(gettext("new person"))
        _role_plan(row, email, user, target, lookups, work)
        return True
    before = _user_state(user)
    # Every row of a person carries the same names or none (anything else is an error), so only the
    # person's first row can find them different.
    for column, new in zip(NAMES, names[email][:2] if email in names else ("", ""), strict=True):
        if new and new != getattr(user, column):
            row.changes.append(change_describe(column, getattr(user, column), new))
            setattr(user, column, new)
    creates = _role_plan(row, email, user, target, lookups, work)
    if email in lookups.users and _user_state(user) != before:
        work.users_changed[email] = user
    return creates


def _user_state(user: User) -> list:
    return [getattr(user, name) for name in (*NAMES, *FLAGS)]


def _role_plan(row: RowResult, email: str, user: User, target: tuple, lookups: Lookups, work: PeopleWork) -> bool:
    role = target[0]
    if role in ("member", "coordinator"):
        agency = target[1]
        membership = lookups.memberships.get((email, agency.code))
        if membership is None:
            row.changes.append(_membership_describe(role, agency.code))
            work.memberships_new.append((email, agency, role))
            return True
        if membership.role != role:
            row.changes.append(_membership_describe(role, agency.code, was=membership.role))
            membership.role = role
            work.memberships_changed.append(membership)
        return False
    if role in ("reviewer", "administrator"):
        flags = ("is_reviewer",) if role == "reviewer" else ("is_staff", "is_superuser")
        if not all(getattr(user, flag) for flag in flags):
            row.changes.append(gettext("reviewer") if role == "reviewer" else gettext("administrator"))
            for flag in flags:
                setattr(user, flag, True)
        if len(target) == 1:
            return False
        agency, cycle, lead = target[1], target[2], len(target) > 3
        found = lookups.assignments.get((email, agency.code, cycle.fiscal_year))
        if found is None:
            row.changes.append(
                gettext("reviewer of %(agency)s in %(year)s") % {"agency": agency.code, "year": cycle.fiscal_year}
            )
            work.assignments_new.append((email, agency, cycle, lead))
        if lead and not (found and found.is_lead):
            lead_plan(row, email, agency, cycle, found, lookups, work)
        return found is None
    scope = target[1]
    place = target[2] if len(target) > 2 else None
    if (email, scope, getattr(place, "code", "")) in lookups.scopes:
        return False
    if scope == ExecutiveScope.Scope.ALL:
        row.changes.append(gettext("executive for all agencies"))
    elif scope == ExecutiveScope.Scope.AGENCY:
        row.changes.append(gettext("executive for agency %(code)s") % {"code": place.code})
    else:
        row.changes.append(gettext("executive for ministry %(code)s") % {"code": place.code})
    agency, ministry = (place, None) if scope == ExecutiveScope.Scope.AGENCY else (None, place)
    work.scopes_new.append((email, scope, agency, ministry))
    return True


def _membership_describe(role: str, code: str, *, was: str = "") -> str:
    if role == "coordinator":
        if was:
            return gettext("coordinator of %(agency)s (was member)") % {"agency": code}
        return gettext("coordinator of %(agency)s") % {"agency": code}
    if was:
        return gettext("member of %(agency)s (was coordinator)") % {"agency": code}
    return gettext("member of %(agency)s") % {"agency": code}


def people_write(work: PeopleWork) -> None:
    """Carry out the writes: one query per kind of write, plus one to read back the people."""
    for user in work.users_new.values():
        user.set_unusable_password()
    User.objects.bulk_create(list(work.users_new.values()))
    User.objects.bulk_update(list(work.users_changed.values()), [*NAMES, *FLAGS])
    emails = {e for e, *_ in work.memberships_new} | {e for e, *_ in work.scopes_new}
    emails |= {e for e, *_ in work.assignments_new}
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    Membership.objects.bulk_create(
        [Membership(user=users[email], agency=agency, role=role) for email, agency, role in work.memberships_new]
    )
    Membership.objects.bulk_update(work.memberships_changed, ["role"])
    ExecutiveScope.objects.bulk_create(
        [ExecutiveScope(user=users[e], scope=s, agency=a, ministry=m) for e, s, a, m in work.scopes_new]
    )
    ReviewerAssignment.objects.filter(pk__in=[a.pk for a in work.leads_unset]).update(is_lead=False)
    ReviewerAssignment.objects.filter(pk__in=[a.pk for a in work.leads_set]).update(is_lead=True)
    ReviewerAssignment.objects.bulk_create(
        [
            ReviewerAssignment(reviewer=users[e], agency=a, cycle=c, is_lead=lead)
            for e, a, c, lead in work.assignments_new
        ]
    )
