"""Bulk import of agencies and people (accounts/imports.py): reading files, the preview, applying it."""

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import Workbook

from accounts.imports import (
    AGENCY_COLUMNS,
    MAX_ROWS,
    PEOPLE_COLUMNS,
    ImportFileError,
    ImportRefused,
    agencies_plan,
    people_plan,
    plan_apply,
    read_table,
)
from accounts.models import ExecutiveScope, Membership, ReviewerAssignment, User
from agencies.models import Agency, Ministry
from assessments.models import Cycle

TEMPLATES = Path(__file__).resolve().parent.parent / "static" / "imports"

MOPH = ["moph", "กระทรวงสาธารณสุข", "Ministry of Public Health"]
DDC = ["ddc", "กรมควบคุมโรค", "Department of Disease Control", "department", *MOPH, "1"]
CHIANG_MAI = ["chiang-mai", "จังหวัดเชียงใหม่", "Chiang Mai Province", "จังหวัด", "moi", "กระทรวงมหาดไทย", "", ""]


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, the msgids; the Thai translations come separately."""
    with translation.override("en"):
        yield


def _csv(header, *rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def _xlsx(header, *rows) -> bytes:
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _agencies(*rows) -> list[dict]:
    return read_table(_csv(AGENCY_COLUMNS, *rows), "agencies.csv")


def _people(*rows) -> list[dict]:
    return read_table(_csv(PEOPLE_COLUMNS, *rows), "people.csv")


def _snapshot() -> dict:
    """Every row of every table an import writes."""
    models = (Ministry, Agency, User, Membership, ExecutiveScope, ReviewerAssignment)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def _errors(plan) -> dict[int, list[str]]:
    return {row.number: row.errors for row in plan.rows if row.errors}


@pytest.fixture
def ddc(db):
    ministry = Ministry.objects.create(code="moph", name_th="กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
    return Agency.objects.create(code="ddc", name_th="กรมควบคุมโรค", ministry=ministry)


@pytest.fixture
def cycle(criteria):
    deadline = timezone.make_aware(datetime(2027, 6, 30, 16, 30))
    return Cycle.objects.create(fiscal_year=2570, edition=criteria, opens_on=date(2026, 10, 1), deadline=deadline)


# --- agencies ------------------------------------------------------------------------------


def _assert_ddc_and_chiang_mai_imported():
    ddc = Agency.objects.select_related("ministry").get(code="ddc")
    assert (ddc.name_th, ddc.name_en, ddc.kind, ddc.active) == (
        "กรมควบคุมโรค",
        "Department of Disease Control",
        "department",
        True,
    )
    assert (ddc.ministry.code, ddc.ministry.name_th, ddc.ministry.name_en) == tuple(MOPH)
    province = Agency.objects.get(code="chiang-mai")
    assert (province.kind, province.active, province.ministry.name_th) == ("province", True, "กระทรวงมหาดไทย")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874"])
def test_agencies_csv_in_each_encoding_excel_writes(db, encoding):
    rows = read_table(_csv(AGENCY_COLUMNS, DDC, CHIANG_MAI, encoding=encoding), "agencies.csv")
    plan = agencies_plan(rows)

    assert plan.ok and plan.kind == "agencies"
    assert [(row.number, row.action) for row in plan.rows] == [(2, "create"), (3, "create")]
    assert plan.rows[0].changes == ["new agency", "new ministry moph: กระทรวงสาธารณสุข"]
    assert Agency.objects.count() == 0 and Ministry.objects.count() == 0  # the preview writes nothing

    assert plan_apply(plan=plan, by=None) == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    _assert_ddc_and_chiang_mai_imported()


def test_agencies_xlsx_with_number_and_boolean_cells(db):
    header = [column.replace("_", " ").title() for column in AGENCY_COLUMNS]  # "Ministry Code" reads as ministry_code
    ddc = [*DDC[:-1], True]
    rows = read_table(_xlsx(header, ddc, [None] * 8, [*CHIANG_MAI[:-1], 1], [None] * 8), "agencies.xlsx")

    assert [row["active"] for row in rows] == ["true", "", "1"]  # the trailing blank row is dropped
    plan = agencies_plan(rows)
    assert plan.ok and [(row.number, row.action) for row in plan.rows] == [(2, "create"), (4, "create")]
    plan_apply(plan=plan, by=None)
    _assert_ddc_and_chiang_mai_imported()


def test_agencies_existing_rows_are_updated_and_the_preview_says_how(ddc):
    other = ["สำนักงานปลัดกระทรวงสาธารณสุข", "Office of the Permanent Secretary"]
    rows = _agencies(
        ["ddc", "กรมควบคุมโรค (ใหม่)", "DDC", "other", "moph", "กระทรวงสาธารณสุข (ใหม่)", "", "no"],
        ["ops", *other, "กรม", "moph", "", "", "ใช่"],
    )
    plan = agencies_plan(rows)

    assert plan.ok
    assert [row.action for row in plan.rows] == ["update", "create"]
    assert plan.rows[0].changes == [
        "name_th: 'กรมควบคุมโรค' → 'กรมควบคุมโรค (ใหม่)'",
        "name_en: '' → 'DDC'",
        "kind: 'department' → 'other'",
        "active: True → False",
        "ministry moph, name_th: 'กระทรวงสาธารณสุข' → 'กระทรวงสาธารณสุข (ใหม่)'",
    ]
    assert plan.rows[1].changes == ["new agency"]
    ddc.refresh_from_db()
    assert ddc.name_th == "กรมควบคุมโรค"  # still: the preview only planned

    assert plan_apply(plan=plan, by=None) == {"create": 1, "update": 1, "unchanged": 0, "error": 0}
    ddc.refresh_from_db()
    assert (ddc.name_th, ddc.name_en, ddc.kind, ddc.active) == ("กรมควบคุมโรค (ใหม่)", "DDC", "other", False)
    assert ddc.ministry.name_th == "กระทรวงสาธารณสุข (ใหม่)"
    assert ddc.ministry.name_en == "Ministry of Public Health"  # a blank ministry name says nothing
    assert Agency.objects.get(code="ops").kind == "department"


def test_an_agency_moves_to_another_ministry(ddc):
    plan = agencies_plan(_agencies(["ddc", "กรมควบคุมโรค", "", "department", "moi", "กระทรวงมหาดไทย", "", ""]))

    assert plan.rows[0].action == "create"  # it creates the ministry
    assert plan.rows[0].changes == ["ministry: 'moph' → 'moi'", "new ministry moi: กระทรวงมหาดไทย"]
    plan_apply(plan=plan, by=None)
    assert Agency.objects.get(code="ddc").ministry.code == "moi"


BAD_AGENCY_ROWS = {
    "missing code": (["", "กรม ก", "", "department", "moph", "", "", ""], "Missing value in column code."),
    "malformed code": (["d d", "กรม ก", "", "department", "moph", "", "", ""], 'Malformed code "d d" in column code'),
    "malformed ministry code": (
        ["ddc", "กรม ก", "", "department", "สธ", "", "", ""],
        'Malformed code "สธ" in column ministry_code',
    ),
    "missing name": (["ddc", "", "", "department", "moph", "", "", ""], "Missing value in column name_th."),
    "name too long": (
        ["ddc", "ก" * 201, "", "department", "moph", "", "", ""],
        "The value in column name_th is longer than 200 characters.",
    ),
    "missing kind": (["ddc", "กรม ก", "", "", "moph", "", "", ""], "Missing value in column kind."),
    "unknown kind": (["ddc", "กรม ก", "", "ministry", "moph", "", "", ""], 'Unknown kind "ministry"'),
    "unknown active": (["ddc", "กรม ก", "", "department", "moph", "", "", "maybe"], 'Unknown value "maybe"'),
    "missing ministry": (["ddc", "กรม ก", "", "department", "", "", "", ""], "Missing value in column ministry_code."),
    "unknown ministry": (
        ["ddc", "กรม ก", "", "department", "mof", "", "", ""],
        "Unknown ministry mof: give ministry_name_th to create it.",
    ),
}


@pytest.mark.parametrize("reason", BAD_AGENCY_ROWS)
def test_each_bad_agency_row_is_reported_with_its_number(ddc, reason):
    bad, message = BAD_AGENCY_ROWS[reason]
    good = ["ops", "สำนักงานปลัดกระทรวงสาธารณสุข", "", "department", "moph", "", "", ""]
    plan = agencies_plan(_agencies(good, bad))

    assert not plan.ok
    assert [row.action for row in plan.rows] == ["create", "error"]
    assert plan.rows[1].number == 3 and plan.rows[1].changes == []
    assert len(plan.rows[1].errors) == 1 and plan.rows[1].errors[0].startswith(message)
    with pytest.raises(ImportRefused):
        plan_apply(plan=plan, by=None)
    assert not Agency.objects.filter(code="ops").exists()


def test_the_same_agency_twice_and_conflicting_ministry_names(db):
    plan = agencies_plan(
        _agencies(
            DDC,
            ["ops", "สำนักงานปลัด", "", "department", "moph", "กระทรวงสาธารณสุข", "Ministry of Health", ""],
            DDC,
        )
    )

    assert _errors(plan) == {
        3: ['Row 2 gives ministry moph a different ministry_name_en ("Ministry of Public Health").'],
        4: ["Agency code ddc already appears in row 2."],
    }


# --- people -----------------------------------------------------------------------------------


def test_people_file_creates_people_with_every_kind_of_role(ddc, cycle):
    moi = Ministry.objects.create(code="moi", name_th="กระทรวงมหาดไทย")
    Agency.objects.create(code="chiang-mai", name_th="จังหวัดเชียงใหม่", kind="province", ministry=moi)
    rows = _people(
        [" Somchai.J@Example.go.th ", "สมชาย", "ใจดี", "coordinator", "ddc", "", ""],
        ["somchai.j@example.go.th", "", "", "ผู้ตรวจประเมิน", "chiang-mai", "", "2570"],
        ["somchai.j@example.go.th", "สมชาย", "ใจดี", "executive", "", "ministry:moi", ""],
        ["suda@example.go.th", "สุดา", "ดีงาม", "สมาชิก", "ddc", "", ""],
        ["suda@example.go.th", "สุดา", "ดีงาม", "member", "chiang-mai", "", ""],
        ["wichai@example.go.th", "วิชัย", "สุขสันต์", "reviewer", "", "", ""],
        ["boss@example.go.th", "ประยุทธ", "ผู้บริหาร", "executive", "", "all", ""],
        ["boss@example.go.th", "", "", "ผู้บริหาร", "ddc", "", ""],
        ["boss@example.go.th", "", "", "executive", "", "agency:chiang-mai", ""],
        ["admin@example.go.th", "ผู้ดูแล", "ระบบ", "administrator", "", "", ""],
    )
    plan = people_plan(rows)

    assert plan.ok, _errors(plan)
    assert [row.changes for row in plan.rows] == [
        ["new person", "coordinator of ddc"],
        ["reviewer", "reviewer of chiang-mai in 2570"],
        ["executive for ministry moi"],
        ["new person", "member of ddc"],
        ["member of chiang-mai"],
        ["new person", "reviewer"],
        ["new person", "executive for all agencies"],
        ["executive for agency ddc"],
        ["executive for agency chiang-mai"],
        ["new person", "administrator"],
    ]
    assert plan.counts == {"create": 10, "update": 0, "unchanged": 0, "error": 0}
    assert User.objects.count() == 0

    plan_apply(plan=plan, by=None)

    somchai = User.objects.get(email="somchai.j@example.go.th")
    assert (somchai.first_name, somchai.last_name, somchai.is_reviewer) == ("สมชาย", "ใจดี", True)
    assert not somchai.has_usable_password()
    assert list(somchai.memberships.values_list("agency__code", "role")) == [("ddc", "coordinator")]
    assert list(somchai.assignments.values_list("agency__code", "cycle__fiscal_year")) == [("chiang-mai", 2570)]
    assert list(somchai.executive_scopes.values_list("scope", "ministry__code")) == [("ministry", "moi")]
    suda = User.objects.get(email="suda@example.go.th")
    assert sorted(suda.memberships.values_list("agency__code", "role")) == [
        ("chiang-mai", "member"),
        ("ddc", "member"),
    ]
    assert not suda.is_reviewer and not suda.is_staff
    wichai = User.objects.get(email="wichai@example.go.th")
    assert wichai.is_reviewer and not wichai.assignments.exists()
    boss = User.objects.get(email="boss@example.go.th")
    assert sorted(boss.executive_scopes.values_list("scope", "agency__code")) == [
        ("agency", "chiang-mai"),
        ("agency", "ddc"),
        ("all", None),
    ]
    admin = User.objects.get(email="admin@example.go.th")
    assert admin.is_staff and admin.is_superuser and not admin.memberships.exists()


def test_people_file_updates_existing_people(ddc):
    person = User.objects.create_user("somchai@example.go.th", "a-long-passphrase", first_name="สมชาย", last_name="ใจดี")
    Membership.objects.create(user=person, agency=ddc, role="member")
    ExecutiveScope.objects.create(user=person, scope="all")
    rows = _people(
        ["SOMCHAI@example.go.th", "สมชาย", "ใจงาม", "coordinator", "ddc", "", ""],
        ["somchai@example.go.th", "", "", "executive", "", "all", ""],
        ["somchai@example.go.th", "", "", "reviewer", "", "", ""],
    )
    plan = people_plan(rows)

    assert [(row.action, row.changes) for row in plan.rows] == [
        ("update", ["last_name: 'ใจดี' → 'ใจงาม'", "coordinator of ddc (was member)"]),
        ("unchanged", []),
        ("update", ["reviewer"]),
    ]
    plan_apply(plan=plan, by=person)
    person.refresh_from_db()
    assert (person.last_name, person.is_reviewer, person.has_usable_password()) == ("ใจงาม", True, True)
    assert person.memberships.get().role == "coordinator"
    assert person.executive_scopes.count() == 1


def _row(role, agency_code="", scope="", cycle="", *, email="a@example.go.th", names=("ก", "ข")) -> list[str]:
    return [email, *names, role, agency_code, scope, cycle]


BAD_PEOPLE_ROWS = {
    "missing e-mail": (_row("member", "ddc", email=""), "Missing value in column email."),
    "malformed e-mail": (_row("member", "ddc", email="somchai@"), 'Malformed e-mail address "somchai@".'),
    "missing role": (_row("", "ddc"), "Missing value in column role."),
    "unknown role": (_row("boss", "ddc"), 'Unknown role "boss"'),
    "member without agency": (_row("member"), "Missing value in column agency_code."),
    "unknown agency": (_row("coordinator", "dlt"), "Unknown agency dlt."),
    "new person without names": (_row("member", "ddc", names=("", "")), "Missing value in column first_name."),
    "unknown cycle": (_row("reviewer", "ddc", cycle="2027"), 'Unknown cycle "2027"'),
    "assignment without cycle": (_row("reviewer", "ddc"), "Missing value in column cycle."),
    "assignment without agency": (_row("reviewer", cycle="2570"), "Missing value in column agency_code."),
    "executive without scope": (_row("executive"), "Missing value in column scope."),
    "unknown scope": (_row("executive", scope="region:north"), 'Unknown scope "region:north"'),
    "unknown ministry": (_row("executive", scope="ministry:mof"), "Unknown ministry mof."),
    "scope with unknown agency": (_row("executive", scope="agency:dlt"), "Unknown agency dlt."),
}


@pytest.mark.parametrize("reason", BAD_PEOPLE_ROWS)
def test_each_bad_people_row_is_reported_with_its_number(ddc, cycle, reason):
    bad, message = BAD_PEOPLE_ROWS[reason]
    plan = people_plan(_people(["ok@example.go.th", "สมหญิง", "รักงาน", "member", "ddc", "", ""], bad))

    assert not plan.ok
    assert [(row.number, row.action) for row in plan.rows] == [(2, "create"), (3, "error")]
    assert plan.rows[1].errors[0].startswith(message), plan.rows[1].errors
    assert plan.rows[1].changes == []
    before = _snapshot()
    with pytest.raises(ImportRefused):
        plan_apply(plan=plan, by=None)
    assert _snapshot() == before


def test_people_rows_that_contradict_or_repeat_each_other(ddc):
    plan = people_plan(
        _people(
            ["somchai@example.go.th", "สมชาย", "ใจดี", "member", "ddc", "", ""],
            ["Somchai@example.go.th", "สมศักดิ์", "ใจดี", "reviewer", "", "", ""],
            ["somchai@example.go.th", "", "", "สมาชิก", "ddc", "", ""],
            ["somchai@example.go.th", "", "", "coordinator", "ddc", "", ""],
            ["somchai@example.go.th", "สมชาย", "ใจดี", "executive", "ddc", "", ""],
            ["somchai@example.go.th", "", "", "executive", "", "agency:ddc", ""],
        )
    )

    assert _errors(plan) == {
        3: ['Row 2 gives somchai@example.go.th a different name ("สมชาย ใจดี").'],
        4: ["This row repeats row 2."],
        5: ["Row 2 already gives somchai@example.go.th a role in agency ddc."],
        7: ["This row repeats row 6."],
    }
    assert [row.action for row in plan.rows] == ["create", "error", "error", "error", "create", "error"]


# --- the file as a whole ------------------------------------------------------------------------


def test_missing_columns_are_named(db):
    rows = read_table(_csv(["code", "name", "ministry_code"], ["ddc", "กรมควบคุมโรค", "moph"]), "agencies.csv")
    plan = agencies_plan(rows)

    assert not plan.ok and plan.rows == []
    assert plan.file_errors == ["Missing columns: name_th, kind."]
    assert people_plan(rows).file_errors == ["Missing columns: email, role."]
    with pytest.raises(ImportRefused):
        plan_apply(plan=plan, by=None)


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "agencies.xlsx is empty."),
        (b"\xef\xbb\xbf\r\n\r\n", "agencies.xlsx is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "agencies.xlsx is neither a CSV nor an XLSX file."),
        (b"%PDF-1.7\n\xff\xfe\xfd\xfc\n", "agencies.xlsx is not text in UTF-8 or Thai (TIS-620) encoding."),
        (_zip_of_text(), "agencies.xlsx cannot be read as an XLSX workbook."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "agencies.xlsx is an old Excel (.xls) file"),
        (_csv(AGENCY_COLUMNS), "agencies.xlsx has a header row but no data rows."),
        (_csv(["code", "code"], ["a", "b"]), "Column code appears more than once."),
    ],
)
def test_files_that_are_not_a_table_we_can_read(data, message):
    with pytest.raises(ImportFileError) as refused:
        read_table(data, "agencies.xlsx")
    assert str(refused.value).startswith(message)


def test_more_than_the_row_limit_is_refused():
    row = ["x", "ก", "", "department", "moph", "", "", ""]
    assert len(read_table(_csv(AGENCY_COLUMNS, *[row] * MAX_ROWS), "a.csv")) == MAX_ROWS
    with pytest.raises(ImportFileError, match="more than 5000 rows"):
        read_table(_csv(AGENCY_COLUMNS, *[row] * (MAX_ROWS + 1)), "a.csv")


def test_blank_rows_keep_the_row_numbers_the_spreadsheet_shows(db):
    data = _csv(AGENCY_COLUMNS, [""] * 8, DDC, [""] * 8, ["bad code", *DDC[1:]], [""] * 8)
    plan = agencies_plan(read_table(data, "agencies.csv"))

    assert [(row.number, row.action) for row in plan.rows] == [(3, "create"), (5, "error")]


def test_semicolon_separated_csv(db):
    data = ";".join(AGENCY_COLUMNS).encode() + b"\r\n" + ";".join(DDC).encode()
    assert read_table(data, "agencies.csv")[0]["ministry_name_th"] == "กระทรวงสาธารณสุข"


# --- applying ------------------------------------------------------------------------------------


def test_importing_the_same_files_again_changes_nothing(ddc, cycle):
    agencies = _agencies(DDC, CHIANG_MAI)
    people = _people(
        ["somchai@example.go.th", "สมชาย", "ใจดี", "coordinator", "ddc", "", ""],
        ["somchai@example.go.th", "", "", "reviewer", "chiang-mai", "", "2570"],
        ["boss@example.go.th", "ประยุทธ", "ผู้บริหาร", "executive", "", "ministry:moi", ""],
        ["admin@example.go.th", "ผู้ดูแล", "ระบบ", "administrator", "", "", ""],
    )
    plan_apply(plan=agencies_plan(agencies), by=None)
    plan_apply(plan=people_plan(people), by=None)
    before = _snapshot()
    assert all(before.values())

    for rows, plan_make in ((agencies, agencies_plan), (people, people_plan)):
        plan = plan_make(rows)
        assert {(row.action, tuple(row.changes)) for row in plan.rows} == {("unchanged", ())}
        assert plan_apply(plan=plan, by=None)["unchanged"] == len(rows)
    assert _snapshot() == before


def test_a_failure_while_writing_leaves_the_database_as_it_was(ddc, cycle, monkeypatch):
    Agency.objects.create(code="chiang-mai", name_th="จังหวัดเชียงใหม่", ministry=ddc.ministry)
    User.objects.create_user("old@example.go.th", first_name="เดิม", last_name="อยู่")
    before = _snapshot()
    people = _people(
        ["old@example.go.th", "ใหม่", "อยู่", "coordinator", "ddc", "", ""],
        ["new@example.go.th", "สมชาย", "ใจดี", "executive", "", "all", ""],
        ["new@example.go.th", "", "", "reviewer", "chiang-mai", "", "2570"],
    )
    plan = people_plan(people)
    assert plan.ok

    def fail_after_the_other_writes(objects, **kwargs):
        # People, memberships and scopes are written by now; the assignment is last.
        assert User.objects.filter(email="new@example.go.th").exists()
        assert Membership.objects.filter(user__email="old@example.go.th").exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReviewerAssignment.objects, "bulk_create", fail_after_the_other_writes)
    with pytest.raises(RuntimeError, match="disk full"):
        plan_apply(plan=plan, by=None)
    assert _snapshot() == before


def test_apply_plans_again_and_refuses_what_is_now_wrong(ddc):
    plan = people_plan(_people(["somchai@example.go.th", "สมชาย", "ใจดี", "member", "ddc", "", ""]))
    assert plan.ok
    ddc.delete()  # between the preview and the confirmation

    with pytest.raises(ImportRefused) as refused:
        plan_apply(plan=plan, by=None)
    assert str(refused.value) == "Nothing was imported: 1 row now has errors. Check the file again."
    assert _errors(refused.value.plan) == {2: ["Unknown agency ddc."]}
    assert not User.objects.exists()


def test_planning_only_reads(ddc, cycle):
    with CaptureQueriesContext(connection) as queries:
        agencies_plan(_agencies(DDC, CHIANG_MAI))
        people_plan(_people(["somchai@example.go.th", "สมชาย", "ใจดี", "reviewer", "ddc", "", "2570"]))
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert statements and set(statements) == {"SELECT"}


def _apply_queries(plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        plan_apply(plan=plan, by=None)
    return len(queries)


def test_applying_takes_as_many_queries_for_many_rows_as_for_few(ddc, cycle):
    def people(prefix, count):
        return _people(
            *[[f"{prefix}{n}@example.go.th", "ก", "ข", "coordinator", "ddc", "", ""] for n in range(count)],
            *[[f"{prefix}{n}@example.go.th", "", "", "reviewer", "ddc", "", "2570"] for n in range(count)],
            *[[f"{prefix}{n}@example.go.th", "", "", "executive", "", "ministry:moph", ""] for n in range(count)],
        )

    def agencies(prefix, count):
        return _agencies(
            *[[f"{prefix}{n}", "ก", "", "department", f"m-{prefix}{n}", "ข", "", ""] for n in range(count)]
        )

    assert _apply_queries(people_plan(people("few", 2))) == _apply_queries(people_plan(people("many", 40)))
    assert _apply_queries(agencies_plan(agencies("few", 2))) == _apply_queries(agencies_plan(agencies("many", 40)))


# --- the templates users download ------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_templates_import_cleanly(cycle, extension):
    agencies = TEMPLATES / f"agencies-template.{extension}"
    people = TEMPLATES / f"people-template.{extension}"
    if extension == "csv":
        assert agencies.read_bytes().startswith(b"\xef\xbb\xbf") and people.read_bytes().startswith(b"\xef\xbb\xbf")

    plan = agencies_plan(read_table(agencies.read_bytes(), agencies.name))
    assert plan.ok, (plan.file_errors, _errors(plan))
    assert plan.counts["create"] == len(plan.rows) >= 2
    plan_apply(plan=plan, by=None)

    plan = people_plan(read_table(people.read_bytes(), people.name))
    assert plan.ok, (plan.file_errors, _errors(plan))
    assert plan.counts["create"] == len(plan.rows) >= 2
    plan_apply(plan=plan, by=None)
    assert User.objects.count() >= 2 and ReviewerAssignment.objects.filter(cycle=cycle).exists()
