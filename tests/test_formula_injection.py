"""Text a spreadsheet would run as a formula never runs: CSV cells get a leading ' (OWASP), XLSX cells stay strings
with Excel's quote prefix, JSON stays exact, and imports refuse such text in the preview."""

import csv
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.imports import agencies_plan, read_table
from agencies.models import Agency

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _export(client, fmt):
    return client.get(reverse("reports:export", kwargs={"year": 2570, "table": "agencies", "fmt": fmt})).getvalue()


@pytest.mark.parametrize("name", HOSTILE)
def test_exports_neutralise_formulas(client, roles, name):
    Agency.objects.filter(code="ddc").update(name_th=name, name_en="=1+1")
    client.force_login(roles.administrator)

    rows = list(csv.DictReader(io.StringIO(_export(client, "csv").decode("utf-8-sig"), newline="")))
    ddc = next(r for r in rows if r["agency_code"] == "ddc")
    assert ddc["agency_name_th"] == "'" + name and ddc["agency_name_en"] == "'=1+1"

    content = _export(client, "xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    sheet = load_workbook(io.BytesIO(content))["agencies"]  # formulas would come back as formulas here
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    assert name in cells and cells[name].data_type == "s" and cells[name].quotePrefix

    document = json.loads(_export(client, "json"))
    assert next(r for r in document["rows"] if r["agency_code"] == "ddc")["agency_name_th"] == name  # exact


def test_ordinary_text_and_numbers_are_untouched(client, roles):
    client.force_login(roles.administrator)
    rows = list(csv.DictReader(io.StringIO(_export(client, "csv").decode("utf-8-sig"))))
    ddc = next(r for r in rows if r["agency_code"] == "ddc")
    assert ddc["agency_name_th"] == "กรมควบคุมโรค" and ddc["fiscal_year"] == "2570"


def test_an_import_refuses_formula_text_in_its_preview(client, roles):
    data = (
        "code,name_th,name_en,kind,ministry_code,ministry_name_th,ministry_name_en,active\n"
        'evil,"=HYPERLINK(""http://evil.example"",""click"")",Evil,department,moph,,,1\n'
        "fine,กรมดี,Good,department,moph,,,1\n"
    ).encode()
    plan = agencies_plan(read_table(data, "agencies.csv"))
    evil, fine = plan.rows
    assert evil.action == "error" and any("name_th" in e and "=" in e for e in evil.errors)
    assert fine.action == "create"
    client.force_login(roles.administrator)
    page = client.post(
        reverse("manage:import", kwargs={"kind": "agencies"}),
        {"file": SimpleUploadedFile("agencies.csv", data, content_type="text/csv")},
    ).content.decode()
    assert "สูตร" in page  # the preview says why, in Thai
    assert not Agency.objects.filter(code="evil").exists()
