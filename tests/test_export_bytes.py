"""Every open-data table in every format, pinned byte for byte on a small dataset (tests/data/exports/), so work on
the exports' speed can show that not one byte of what people download changed.

The dataset has what the exports must get right: a finalised agency and one that is not, a target and none, an
odd target whose gaps do not round evenly, self-assessed fractions whose scores are repeating decimals, a name
a spreadsheet would read as a formula, profile texts, narratives and indicators. JSON's `generated_at` is fixed;
of an XLSX file, every part is compared but docProps/core.xml (openpyxl stamps it with the time of saving), by
its SHA-256 (xlsx.sha256.json; the parts are big and the CSV files show the same data readably): on a difference the
parts are written to a temporary file, to compare with the CSV.

After a deliberate change of the output: EXPORT_BYTES_WRITE=1 pytest tests/test_export_bytes.py writes the files
again; review their diff before committing them.
"""

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from assessments import scores
from assessments.models import Answer, Assessment
from reports import exports
from tests.reports_data import finalise, more_agencies
from tests.sar_data import indicators_write, profile_write

PINNED = Path(__file__).parent / "data" / "exports"
WRITE = os.environ.get("EXPORT_BYTES_WRITE") == "1"
DIGESTS = PINNED / "xlsx.sha256.json"
NOW = datetime.datetime(2027, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


@pytest.fixture
def dataset(roles):
    finalise(roles.assessment, roles.reviewer, target=400)
    profile_write(roles.assessment)
    indicators_write(roles.assessment)
    extra = more_agencies(roles, 2, reviewer=roles.reviewer)
    Assessment.objects.filter(pk=extra[0].pk).update(target_score=333)  # gaps of an odd target
    scores.result_store(Assessment.objects.get(pk=extra[0].pk))
    Agency.objects.filter(pk=extra[1].agency_id).update(name_en="=HYPERLINK(1)", name_th="-กรมทดสอบ")
    # Chiang Mai: not finalised, no target; fractions whose scores are repeating decimals.
    other = Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency)
    for index, answer in enumerate(
        Answer.objects.filter(response__assessment=other).select_related("level").order_by("pk")
    ):
        answer.fraction = {"basic": (100, 67, 33)[index % 3], "advance": (index * 7) % 101}.get(answer.level.code, 0)
        answer.narrative = f"ข้อ {index}"
        answer.save(update_fields=["fraction", "narrative"])
    scores.self_store(other)
    return roles


def _body(client, table: str, fmt: str) -> bytes:
    response = client.get(reverse("reports:export", kwargs={"year": 2570, "table": table, "fmt": fmt}))
    assert response.status_code == 200
    content = response.getvalue()
    if fmt != "xlsx":
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(
            b"--- " + name.encode() + b"\n" + archive.read(name) + b"\n"
            for name in sorted(archive.namelist())
            if name != "docProps/core.xml"
        )


@pytest.mark.parametrize("fmt", list(exports.FORMATS))
@pytest.mark.parametrize("table", list(exports.TABLES))
def test_every_table_is_as_pinned(client, dataset, monkeypatch, table, fmt):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(dataset.administrator)
    body = _body(client, table, fmt)
    if fmt == "xlsx":
        digests = json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}
        found = hashlib.sha256(body).hexdigest()
        if WRITE:
            DIGESTS.write_text(json.dumps({**digests, table: found}, indent=1, sort_keys=True) + "\n")
        elif found != digests[table]:
            with tempfile.NamedTemporaryFile(prefix=f"{table}-", suffix=".xlsx.parts", delete=False) as out:
                out.write(body)
            pytest.fail(f"{table}.xlsx differs from the pinned one: its parts are in {out.name}")
        return
    pinned = PINNED / f"{table}.{fmt}"
    if WRITE:
        pinned.write_bytes(body)
    assert body == pinned.read_bytes()


def test_the_pinned_files_cover_what_matters():
    """The dataset does hold the cases named above (so the pins are worth something)."""
    items = (PINNED / "items.csv").read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in items and "'-กรมทดสอบ" in items  # formula-like text neutralised
    assert all(f",{level}," in items for level in ("below_basic", "basic", "advance"))
    assert items.count(",,,,\r\n") == 24  # Chiang Mai, no target and no result: empty cells
    agencies = (PINNED / "agencies.json").read_text("utf-8")
    assert '"target": 333' in agencies and '"target": null' in agencies
    assert all((PINNED / f"{t}.{f}").stat().st_size > 800 for t in exports.TABLES for f in ("csv", "json"))
    assert set(json.loads(DIGESTS.read_text())) == set(exports.TABLES)
