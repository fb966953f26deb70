"""Dependency floors at their fixed releases; XLSX imports parsed with XML-bomb protection."""

import io
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from django.utils import translation
from packaging.requirements import Requirement
from packaging.version import Version

from accounts.imports import ImportFileError, read_table

ROOT = Path(__file__).resolve().parent.parent
# The first release with the fixes the issue names: below it, known vulnerabilities.
FLOORS = {"django": "5.2.19", "weasyprint": "70", "gunicorn": "23", "defusedxml": "0.7.1"}


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {Requirement(line).name.lower(): Requirement(line) for line in project["dependencies"]}


@pytest.mark.parametrize("name, floor", sorted(FLOORS.items()))
def test_no_version_below_the_fixed_release_is_allowed(name, floor):
    requirement = _requirements()[name]
    allowed_below = [spec for spec in requirement.specifier if spec.operator in (">=", ">")]
    assert allowed_below and all(Version(spec.version) >= Version(floor) for spec in allowed_below), requirement
    assert Version(version(name)) in requirement.specifier  # and what is installed satisfies it


DOCTYPE = (
    '<!DOCTYPE root [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def _workbook_with_entities(part: str) -> bytes:
    """A real workbook from openpyxl whose `part` declares entities (a billion laughs, small) and uses them."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["code", "name_th"])
    book.active.append(["a", "ENTITY-HERE"])
    source = io.BytesIO()
    book.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as changed:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == part:
                content = (DOCTYPE + content.decode().replace("ENTITY-HERE", "&lol4;")).encode()
            changed.writestr(item, content)
    return out.getvalue()


def test_a_workbook_without_entities_reads():
    assert read_table(_workbook_with_entities("docProps/core.xml.none"), "people.xlsx") == [
        {"code": "a", "name_th": "ENTITY-HERE"}
    ]


def test_an_xml_bomb_in_an_xlsx_import_is_refused():
    with translation.override("en"), pytest.raises(ImportFileError) as refused:
        read_table(_workbook_with_entities("xl/worksheets/sheet1.xml"), "people.xlsx")
    assert "entity" in str(refused.value)  # refused for what it is: defusedxml stopped it, not a parse error


def test_entities_elsewhere_in_a_workbook_are_never_expanded():
    # Parts openpyxl reads with lxml are parsed without resolving entities: nothing grows, the rows read as usual.
    assert read_table(_workbook_with_entities("xl/workbook.xml"), "people.xlsx") == [
        {"code": "a", "name_th": "ENTITY-HERE"}
    ]


# --- Uploads stop at the limit ---------------------------------------------------------------------------

PDF_HEAD = b"%PDF-1.4\n"


def test_a_file_over_the_limit_is_never_stored_and_the_form_keeps_everything(client, roles, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
    from django.urls import reverse

    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    stored = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, _original=original):
            stored.append(len(raw_data))
            return _original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    client.force_login(roles.member)
    big = SimpleUploadedFile("รายงาน.pdf", PDF_HEAD + b"0" * (1024 * 1024), content_type="application/pdf")
    response = client.post(
        reverse("assessments:item", kwargs={"year": 2570, "code": "ddc", "item": "1.1"}),
        {
            "version": 0,
            "status": "in_progress",
            "narrative_basic": "ข้อความที่พิมพ์ไว้",
            "fraction_basic": 50,
            "fraction_advance": 0,
            "fraction_significance": 0,
            "evidence_file": big,
            "evidence_title": "รายงานประจำปี",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "มีขนาดเกินกำหนด" in page  # "larger than the limit", as any file over it is told
    assert "ข้อความที่พิมพ์ไว้" in page and "รายงานประจำปี" in page  # nothing typed is lost
    assert sum(stored) <= settings.EVIDENCE_MAX_BYTES + 64 * 1024  # at most a chunk past the limit, then nothing


def test_a_body_far_over_every_limit_is_refused_unread(rf, settings):
    from pmqa.uploads import BodyLimitMiddleware, body_limit

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request = rf.post("/assessments/2570/ddc/items/1.1/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(body_limit() + 1)
    request.META["wsgi.input"] = Unreadable()
    response = BodyLimitMiddleware(lambda r: pytest.fail("the view ran"))(request)
    assert response.status_code == 413 and response["Connection"] == "close"
    assert f"{settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB" in response.content.decode()
