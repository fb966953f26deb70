"""Exports are streamed: CSV and JSON leave in chunks of rows as they are read, XLSX from a temporary file, and
sub-item scores are read a slice of agencies at a time, so memory does not grow with the number of agencies."""

import csv
import io
import json

from django.urls import reverse
from openpyxl import load_workbook

from reports import exports
from tests.test_report_pages import final  # noqa: F401 (fixture)

Y = {"year": 2570}


def _get(client, table, fmt):
    return client.get(reverse("reports:export", kwargs={**Y, "table": table, "fmt": fmt}))


def test_csv_and_json_leave_in_chunks(client, final, monkeypatch):  # noqa: F811
    monkeypatch.setattr(exports, "CHUNK", 10)
    client.force_login(final.administrator)
    response = _get(client, "items", "csv")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) == 2 * 24 // 10 + 1  # 48 rows in chunks of 10, the header with the first
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert len(rows) == 48

    response = _get(client, "items", "json")
    chunks = list(response.streaming_content)
    assert len(chunks) > 4
    document = json.loads(b"".join(chunks))
    assert len(document["rows"]) == 48 and document["table"] == "items" and document["fiscal_year"] == 2570


def test_xlsx_is_served_from_a_temporary_file(client, final):  # noqa: F811
    client.force_login(final.administrator)
    response = _get(client, "items", "xlsx")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="pmqa-2570-items.xlsx"'
    sheet = load_workbook(io.BytesIO(response.getvalue()))["items"]
    assert sheet.max_row == 1 + 48


def test_an_empty_selection_is_an_empty_table(client, final):  # noqa: F811
    client.force_login(final.administrator)
    body = client.get(reverse("reports:export", kwargs={**Y, "table": "items", "fmt": "json"}), {"kind": "other"})
    assert json.loads(body.getvalue())["rows"] == []
    rows = _get(client, "items", "csv").getvalue().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("fiscal_year,agency_code")
