"""The agencies file: one row per agency, creating the ministries it names.

An agency row is the truth about its agency: name_th, name_en, kind, ministry and
active are set as the row says (a blank name_en clears it; a blank active means
active). Ministry names are shared by many rows, so there a blank cell says
nothing: a new ministry takes the first names the file gives it, an existing
one is renamed only where the file gives a different name.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from accounts.import_rows import (
    ImportPlan,
    NumberedRows,
    RowResult,
    change_describe,
    choice_key,
    code_check,
    columns_check,
    length_check,
    rows_clean,
    value_require,
)
from agencies.models import Agency, Ministry
from assessments.enrolment import agencies_enrol

COLUMNS = ("code", "name_th", "name_en", "kind", "ministry_code", "ministry_name_th", "ministry_name_en", "active")
REQUIRED = ("code", "name_th", "kind", "ministry_code")
MINISTRY_NAMES = {"ministry_name_th": "name_th", "ministry_name_en": "name_en"}  # column → Ministry field

KINDS = {
    "department": Agency.Kind.DEPARTMENT,
    "กรม": Agency.Kind.DEPARTMENT,
    "province": Agency.Kind.PROVINCE,
    "จังหวัด": Agency.Kind.PROVINCE,
    "publicorganisation": Agency.Kind.PUBLIC_ORGANISATION,
    "publicorganization": Agency.Kind.PUBLIC_ORGANISATION,
    "องค์การมหาชน": Agency.Kind.PUBLIC_ORGANISATION,
    "other": Agency.Kind.OTHER,
    "อื่นๆ": Agency.Kind.OTHER,
}
ACTIVE = {
    **dict.fromkeys(("", "1", "true", "yes", "ใช่"), True),  # blank means active
    **dict.fromkeys(("0", "false", "no", "ไม่ใช่"), False),
}


@dataclass
class AgencyWork:
    """The writes a plan stands for. Changed objects are loaded instances already carrying their new values."""

    ministries_new: dict[str, dict] = field(default_factory=dict)  # code → {name_th, name_en}
    ministries_changed: list[Ministry] = field(default_factory=list)
    agencies_new: list[tuple[dict, str]] = field(default_factory=list)  # (fields, ministry code)
    agencies_changed: list[tuple[Agency, str]] = field(default_factory=list)  # (agency, ministry code)


def agencies_work(numbered: NumberedRows) -> tuple[ImportPlan, AgencyWork]:
    """Plan an agencies file from two queries; the database is only read."""
    plan = ImportPlan(kind="agencies", file_errors=columns_check(numbered, REQUIRED))
    work = AgencyWork()
    if plan.file_errors:
        return plan, work
    rows = rows_clean(numbered, COLUMNS)
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in={v["code"] for _, v in rows}).select_related("ministry")
    }
    ministries = {m.code: m for m in Ministry.objects.filter(code__in={v["ministry_code"] for _, v in rows})}
    ministry_names = _ministry_names_first(rows)
    first_row_of_code: dict[str, int] = {}
    ministries_done: set[str] = set()
    for number, values in rows:
        row = RowResult(number=number, values=values)
        plan.rows.append(row)
        _agency_row_check(row, values, first_row_of_code, ministries, ministry_names)
        if row.errors:
            row.settle(creates=False)
            continue
        creates = _agency_plan(row, values, agencies.get(values["code"]), work)
        if values["ministry_code"] not in ministries_done:
            ministries_done.add(values["ministry_code"])
            creates |= _ministry_plan(
                row, values["ministry_code"], ministries.get(values["ministry_code"]), ministry_names, work
            )
        row.settle(creates=creates)
    return plan, work


def _ministry_names_first(rows: NumberedRows) -> dict[tuple[str, str], tuple[str, int]]:
    """(ministry code, column) → (the first name the file gives, its row)."""
    first = {}
    for number, values in rows:
        for column in MINISTRY_NAMES:
            if values["ministry_code"] and values[column]:
                first.setdefault((values["ministry_code"], column), (values[column], number))
    return first


def _agency_row_check(row: RowResult, values: dict, first_row_of_code, ministries, ministry_names) -> None:
    if code_check(row, values, "code"):
        code = values["code"]
        if code in first_row_of_code:
            row.errors.append(
                gettext("Agency code %(code)s already appears in row %(row)s.")
                % {"code": code, "row": first_row_of_code[code]}
            )
        else:
            first_row_of_code[code] = row.number
    if value_require(row, values, "name_th"):
        length_check(row, values, "name_th", 200)
    length_check(row, values, "name_en", 200)
    if value_require(row, values, "kind") and choice_key(values["kind"]) not in KINDS:
        row.errors.append(
            gettext('Unknown kind "%(value)s": use department, province, public_organisation or other.')
            % {"value": values["kind"]}
        )
    if values["active"].lower() not in ACTIVE:
        row.errors.append(
            gettext('Unknown value "%(value)s" in column active: use 1 or 0, true or false, yes or no.')
            % {"value": values["active"]}
        )
    if not code_check(row, values, "ministry_code"):
        return
    code = values["ministry_code"]
    if code not in ministries and (code, "ministry_name_th") not in ministry_names:
        row.errors.append(gettext("Unknown ministry %(code)s: give ministry_name_th to create it.") % {"code": code})
    for column in MINISTRY_NAMES:
        first_name, first_row = ministry_names.get((code, column), ("", row.number))
        if values[column] and values[column] != first_name:
            row.errors.append(
                gettext('Row %(row)s gives ministry %(code)s a different %(column)s ("%(value)s").')
                % {"row": first_row, "code": code, "column": column, "value": first_name}
            )
        length_check(row, values, column, 200)


def _agency_plan(row: RowResult, values: dict, agency: Agency | None, work: AgencyWork) -> bool:
    """Note what the row does to its agency; True when it creates one."""
    fields = {
        "name_th": values["name_th"],
        "name_en": values["name_en"],
        "kind": KINDS[choice_key(values["kind"])],
        "active": ACTIVE[values["active"].lower()],
    }
    ministry_code = values["ministry_code"]
    if agency is None:
        row.changes.append(gettext("new agency"))
        work.agencies_new.append(({"code": values["code"], **fields}, ministry_code))
        return True
    changes = [
        change_describe(name, getattr(agency, name), new)
        for name, new in fields.items()
        if getattr(agency, name) != new
    ]
    if agency.ministry.code != ministry_code:
        changes.append(change_describe("ministry", agency.ministry.code, ministry_code))
    if changes:
        for name, new in fields.items():
            setattr(agency, name, new)
        row.changes += changes
        work.agencies_changed.append((agency, ministry_code))
    return False


def _ministry_plan(row: RowResult, code: str, ministry: Ministry | None, ministry_names, work: AgencyWork) -> bool:
    """Note what the file does to a ministry, on the first row naming it; True when it creates one."""
    names = {name: ministry_names.get((code, column), ("", 0))[0] for column, name in MINISTRY_NAMES.items()}
    if ministry is None:
        row.changes.append(gettext("new ministry %(code)s: %(name)s") % {"code": code, "name": names["name_th"]})
        work.ministries_new[code] = names
        return True
    changed = False
    for name, new in names.items():
        if new and new != getattr(ministry, name):
            row.changes.append(
                gettext("ministry %(code)s, %(change)s")
                % {"code": code, "change": change_describe(name, getattr(ministry, name), new)}
            )
            setattr(ministry, name, new)
            changed = True
    if changed:
        work.ministries_changed.append(ministry)
    return False


def agencies_write(work: AgencyWork) -> None:
    """Carry out the writes: one query per kind of write, plus one to read back the ministries."""
    Ministry.objects.bulk_create([Ministry(code=code, **names) for code, names in work.ministries_new.items()])
    Ministry.objects.bulk_update(work.ministries_changed, ["name_th", "name_en"])
    codes = {code for _, code in work.agencies_new} | {code for _, code in work.agencies_changed}
    ministries = {m.code: m for m in Ministry.objects.filter(code__in=codes)}
    Agency.objects.bulk_create([Agency(ministry=ministries[code], **fields) for fields, code in work.agencies_new])
    for agency, code in work.agencies_changed:
        agency.ministry = ministries[code]
    Agency.objects.bulk_update(
        [agency for agency, _ in work.agencies_changed], ["name_th", "name_en", "kind", "active", "ministry"]
    )
    # An agency added or re-activated while a cycle is open gets its assessment at once.
    agencies_enrol(
        codes=[fields["code"] for fields, _ in work.agencies_new] + [a.code for a, _ in work.agencies_changed]
    )
