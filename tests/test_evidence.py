"""Evidence: which files are accepted and why others are not, stored once per agency, attached to several items,
recorded, and served privately to the people who may read the assessment."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessments import evidence as services
from assessments.evidence import EvidenceRefused
from assessments.evidence_types import EvidenceRejected, attachment_header, file_check, safe_file_name
from assessments.models import Assessment, Change, Evidence, EvidenceFile, Response

LIMIT = 20 * 1024 * 1024


# --- tiny real samples ---------------------------------------------------------------------


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PNG = _png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _office(folder: str, main: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            f"{folder}{main}": b'<?xml version="1.0"?><root/>',
        }
    )


DOCX = _office("word/", "document.xml")
XLSX = _office("xl/", "workbook.xml")
PPTX = _office("ppt/", "presentation.xml")


def _check(data: bytes, name: str, limit: int = LIMIT) -> str:
    return file_check(data_head=data[:16], name=name, size=len(data), limit=limit, file=io.BytesIO(data))


# --- file_check: no database ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (PDF, "report.pdf", "application/pdf"),
        (PDF, "REPORT.PDF", "application/pdf"),
        (PNG, "chart.png", "image/png"),
        (JPEG, "photo.jpg", "image/jpeg"),
        (JPEG, "photo.jpeg", "image/jpeg"),
        (DOCX, "plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (PPTX, "slides.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (OLE2, "old.doc", "application/msword"),
        (OLE2, "old.xls", "application/vnd.ms-excel"),
        (OLE2, "old.ppt", "application/vnd.ms-powerpoint"),
    ],
)
def test_each_accepted_type_gives_its_content_type(data, name, content_type):
    assert _check(data, name) == content_type


def test_a_small_zip_can_be_checked_from_its_bytes_alone():
    assert file_check(data_head=DOCX, name="plan.docx", size=len(DOCX), limit=LIMIT).startswith("application/vnd")


@pytest.mark.parametrize(
    "data, name",
    [
        (HTML, "report.pdf"),
        (EXE, "report.pdf"),
        (PNG, "plan.docx"),
        (_zip({"hello.txt": b"hello"}), "budget.xlsx"),
        (XLSX, "plan.docx"),  # a real Office file, but not the program its name says
        (DOCX, "chart.png"),
        (PDF, "old.doc"),
        (b"PK\x03\x04 not really a zip", "slides.pptx"),
    ],
)
def test_content_that_is_not_what_the_name_says_is_rejected(data, name):
    with translation.override("en"), pytest.raises(EvidenceRejected) as refused:
        _check(data, name)
    assert refused.value.code == "content_mismatch"
    assert "is not a" in refused.value.message and "as its name says" in refused.value.message


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "notes.txt", "archive.zip", "no-extension", ".pdf"])
def test_types_not_allowed_are_rejected_and_the_message_lists_the_allowed_ones(name):
    with translation.override("en"), pytest.raises(EvidenceRejected) as refused:
        _check(EXE, name)
    assert refused.value.code == "type_not_allowed"
    assert "PDF, Word" in refused.value.message and "JPEG" in refused.value.message


def test_an_empty_file_is_rejected():
    with translation.override("en"), pytest.raises(EvidenceRejected) as refused:
        _check(b"", "report.pdf")
    assert refused.value.code == "empty"
    assert "empty" in refused.value.message


def test_the_limit_is_inclusive_and_named_in_megabytes():
    exactly = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert _check(exactly, "big.pdf", limit=1024 * 1024) == "application/pdf"
    with translation.override("en"), pytest.raises(EvidenceRejected) as refused:
        _check(exactly + b"0", "big.pdf", limit=1024 * 1024)
    assert refused.value.code == "too_large"
    assert "1 MB" in refused.value.message


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\somchai\\Desktop\\แผน.docx", "แผน.docx"),
        ("รายงานประจำปี ๒๕๖๙.pdf", "รายงานประจำปี ๒๕๖๙.pdf"),
        ("report\x00\x07\x1b\n.pdf", "report.pdf"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # the right-to-left override that disguises an .exe
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("  many   spaces .pdf ", "many spaces .pdf"),
        ("..", "file"),
        ("", "file"),
        ("/", "file"),
    ],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name) == expected


def test_a_long_name_is_cut_to_200_characters_keeping_its_extension():
    name = safe_file_name("ก" * 396 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")


def test_thai_names_are_offered_back_in_utf8_and_always_as_attachments():
    header = attachment_header("รายงานประจำปี ๒๕๖๙.pdf")
    assert header.startswith('attachment; filename="file.pdf"; ')
    assert "filename*=UTF-8''%E0%B8%A3%E0%B8%B2" in header and header.endswith(".pdf")
    assert (
        attachment_header("../plan 2569.pdf")
        == "attachment; filename=\"plan 2569.pdf\"; filename*=UTF-8''plan%202569.pdf"
    )


# --- services -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def assessment(roles):
    return roles.assessment  # the roles fixture opens the cycle


def _response(assessment, code="1.1"):
    return Response.objects.get(assessment=assessment, item__code=code)


@pytest.fixture
def response(assessment):
    return _response(assessment)


def _stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def _add(response, data=PDF, name="report.pdf", by=None, **extra):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")  # what the browser says is ignored
    return services.evidence_file_add(
        response=response, upload=upload, title=extra.pop("title", "Plan"), by=by, **extra
    )


def test_a_file_is_stored_privately_named_by_its_hash(roles, response, _media):
    evidence = _add(response, data=DOCX, name="../แผนปฏิบัติการ.docx", by=roles.member, description=" yearly ")
    stored = evidence.file
    assert evidence.kind == Evidence.Kind.FILE and evidence.file_name == "แผนปฏิบัติการ.docx"
    assert evidence.description == "yearly" and list(evidence.responses.all()) == [response]
    assert stored.content_type.endswith("wordprocessingml.document") and stored.size == len(DOCX)
    assert stored.content.name == f"evidence/{roles.agency.pk}/{stored.sha256[:2]}/{stored.sha256}"
    assert _stored_files(_media) == [_media / stored.content.name]
    assert (_media / stored.content.name).read_bytes() == DOCX


def test_a_rejected_upload_stores_nothing(roles, response, _media):
    with pytest.raises(EvidenceRejected):
        _add(response, data=HTML, name="report.pdf", by=roles.member)
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists() and _stored_files(_media) == []


def test_the_size_limit_comes_from_settings(settings, roles, response):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    with translation.override("en"), pytest.raises(EvidenceRejected, match="1 MB"):
        _add(response, data=PDF + b"0" * (1024 * 1024), by=roles.member)


def test_the_same_file_twice_is_stored_once(roles, assessment, response, _media):
    first = _add(response, by=roles.member, title="Plan")
    second = _add(_response(assessment, "1.2"), name="copy of report.pdf", by=roles.coordinator, title="Plan again")
    assert EvidenceFile.objects.count() == 1 and first.file_id == second.file_id
    assert Evidence.objects.count() == 2 and second.file_name == "copy of report.pdf"
    assert len(_stored_files(_media)) == 1


def test_each_agency_stores_its_own_copy(roles, response, _media):
    other = Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency)
    _add(response, by=roles.member)
    _add(_response(other), by=roles.outsider)
    assert EvidenceFile.objects.count() == 2 and len(_stored_files(_media)) == 2


def test_a_failure_after_the_file_is_written_leaves_no_orphan(roles, response, _media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "_change_record", broken)
    with pytest.raises(RuntimeError):
        _add(response, by=roles.member)
    assert not EvidenceFile.objects.exists() and _stored_files(_media) == []


def test_a_failure_never_deletes_a_file_already_stored(roles, assessment, response, _media, monkeypatch):
    _add(response, by=roles.member)
    monkeypatch.setattr(services, "_change_record", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        _add(_response(assessment, "1.2"), by=roles.member)
    assert EvidenceFile.objects.count() == 1 and len(_stored_files(_media)) == 1


def test_two_people_storing_the_same_bytes_at_once_keep_one_row_and_one_file(
    roles, assessment, response, _media, monkeypatch
):
    first = _add(response, by=roles.member)
    # The second upload looked before the first was committed, found nothing and wrote its own copy.
    monkeypatch.setattr(EvidenceFile.objects, "filter", lambda **kwargs: EvidenceFile.objects.none())
    second = _add(_response(assessment, "1.2"), by=roles.coordinator)
    assert second.file_id == first.file_id and EvidenceFile.objects.count() == 1
    assert _stored_files(_media) == [_media / first.file.content.name]


def test_adding_evidence_is_recorded(roles, response):
    evidence = _add(response, by=roles.member, title="แผนยุทธศาสตร์")
    change = Change.objects.get()
    assert (change.assessment_id, change.response, change.action, change.by) == (
        response.assessment_id,
        response,
        Change.Action.EVIDENCE_ADDED,
        roles.member,
    )
    assert change.before == {}
    assert change.after == {
        "evidence_id": evidence.pk,
        "title": "แผนยุทธศาสตร์",
        "item": "1.1",
        "kind": "file",
        "file_name": "report.pdf",
    }


def test_a_blank_title_falls_back_to_the_file_name(roles, response):
    assert _add(response, by=roles.member, title="  ").title == "report.pdf"


def test_a_link_is_added_and_recorded(roles, response):
    evidence = services.evidence_link_add(
        response=response, url=" https://www.ddc.moph.go.th/plan ", title="แผน", by=roles.member
    )
    assert (evidence.kind, evidence.url, evidence.file) == (Evidence.Kind.LINK, "https://www.ddc.moph.go.th/plan", None)
    assert Change.objects.get().after["url"] == "https://www.ddc.moph.go.th/plan"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.org/a.pdf", "not a link", "", "https://" + "a" * 1000 + ".th"]
)
def test_bad_links_are_rejected(roles, response, url):
    with translation.override("en"), pytest.raises(EvidenceRejected) as refused:
        services.evidence_link_add(response=response, url=url, title="x", by=roles.member)
    assert refused.value.code == "bad_link" and "http://" in refused.value.message
    assert not Evidence.objects.exists()


def test_evidence_supports_more_items_and_stops_supporting_them(roles, assessment, response):
    evidence = _add(response, by=roles.member)
    other = _response(assessment, "1.2")
    assert services.evidence_attach(evidence=evidence, response=other, by=roles.member) is True
    assert services.evidence_attach(evidence=evidence, response=other, by=roles.member) is False  # already
    assert set(evidence.responses.all()) == {response, other}
    assert services.evidence_detach(evidence=evidence, response=response, by=roles.coordinator) is True
    assert services.evidence_detach(evidence=evidence, response=other, by=roles.coordinator) is True
    assert services.evidence_detach(evidence=evidence, response=other, by=roles.coordinator) is False  # not any more
    # Supporting no item, it stays in the assessment's library with its file.
    assert Evidence.objects.filter(pk=evidence.pk, assessment=assessment).exists()
    assert evidence.responses.count() == 0 and EvidenceFile.objects.count() == 1
    actions = list(Change.objects.order_by("pk").values_list("action", "response__item__code"))
    assert actions == [("evidence_added", "1.1"), ("evidence_added", "1.2"), ("evidence_removed", "1.1"),
                       ("evidence_removed", "1.2")]  # fmt: skip
    removed = Change.objects.order_by("pk").last()
    assert removed.after == {} and removed.before["title"] == "Plan" and removed.before["item"] == "1.2"


def test_evidence_cannot_support_an_item_of_another_assessment(roles, response):
    evidence = _add(response, by=roles.member)
    other = _response(Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency))
    with pytest.raises(EvidenceRefused) as refused:
        services.evidence_attach(evidence=evidence, response=other, by=roles.outsider)
    assert refused.value.code == "other_assessment"


def test_nothing_changes_while_the_assessment_is_submitted(roles, assessment, response, _media):
    evidence = _add(response, by=roles.member)
    other = _response(assessment, "1.2")
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    response.assessment.refresh_from_db()
    writes = [
        lambda: _add(response, data=PNG, name="chart.png", by=roles.member),
        lambda: services.evidence_link_add(response=response, url="https://example.org", title="x", by=roles.member),
        lambda: services.evidence_attach(evidence=evidence, response=other, by=roles.member),
        lambda: services.evidence_detach(evidence=evidence, response=response, by=roles.member),
    ]
    for write in writes:
        with translation.override("en"), pytest.raises(EvidenceRefused, match="submitted") as refused:
            write()
        assert refused.value.code == "locked"
    assert Evidence.objects.count() == 1 and Change.objects.count() == 1 and len(_stored_files(_media)) == 1


def test_a_submission_that_slipped_in_is_still_seen(roles, response):
    # The response was loaded before the submission: the service reads the assessment again, under a lock.
    Assessment.objects.filter(pk=response.assessment_id).update(status=Assessment.Status.SUBMITTED)
    with pytest.raises(EvidenceRefused):
        services.evidence_link_add(response=response, url="https://example.org", title="x", by=roles.member)


@pytest.mark.parametrize("role", ["reviewer", "executive", "outsider", "administrator"])
def test_only_the_agency_team_adds_evidence(roles, response, role):
    with pytest.raises(PermissionDenied):
        services.evidence_link_add(response=response, url="https://example.org", title="x", by=getattr(roles, role))


# --- download --------------------------------------------------------------------------------


@pytest.fixture
def thai_evidence(roles, response):
    return _add(response, data=PDF, name="รายงานประจำปี ๒๕๖๙.pdf", by=roles.member, title="รายงานประจำปี")


@pytest.mark.parametrize(
    "role, status",
    [
        ("member", 200),
        ("coordinator", 200),
        ("outsider", 404),
        ("reviewer", 200),
        ("other_reviewer", 404),
        ("executive", 200),
        ("other_executive", 404),
        ("administrator", 200),
    ],
)
def test_download_for_each_role(client, roles, thai_evidence, role, status):
    client.force_login(getattr(roles, role))
    response = client.get(reverse("evidence:evidence_download", kwargs={"evidence_id": thai_evidence.pk}))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF


def test_download_asks_anonymous_people_to_log_in(client, thai_evidence):
    response = client.get(reverse("evidence:evidence_download", kwargs={"evidence_id": thai_evidence.pk}))
    assert response.status_code == 302 and "/login/" in response.url


def test_download_headers_stop_browsers_sniffing_or_running_the_file(client, roles, response):
    evidence = _add(response, data=PNG, name="แผนภูมิ.png", by=roles.member)
    client.force_login(roles.member)
    got = client.get(reverse("evidence:evidence_download", kwargs={"evidence_id": evidence.pk}))
    assert got["Content-Type"] == "image/png"
    thai = "%E0%B9%81%E0%B8%9C%E0%B8%99%E0%B8%A0%E0%B8%B9%E0%B8%A1%E0%B8%B4"  # แผนภูมิ
    assert got["Content-Disposition"] == f"attachment; filename=\"file.png\"; filename*=UTF-8''{thai}.png"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert got["Cache-Control"] == "private, no-store"
    assert got["Content-Length"] == str(len(PNG))
    got.close()


def test_a_link_has_nothing_to_download(client, roles, response):
    link = services.evidence_link_add(response=response, url="https://example.org", title="x", by=roles.member)
    client.force_login(roles.member)
    assert client.get(reverse("evidence:evidence_download", kwargs={"evidence_id": link.pk})).status_code == 404


def test_unknown_evidence_is_not_found(client, roles):
    client.force_login(roles.administrator)
    assert client.get(reverse("evidence:evidence_download", kwargs={"evidence_id": 999})).status_code == 404


def test_download_refuses_writes(client, roles, thai_evidence):
    client.force_login(roles.member)
    url = reverse("evidence:evidence_download", kwargs={"evidence_id": thai_evidence.pk})
    assert client.post(url).status_code == 405


def test_nothing_is_served_from_the_media_url(client, roles, thai_evidence):
    client.force_login(roles.administrator)
    assert client.get(f"/media/{thai_evidence.file.content.name}").status_code == 404
