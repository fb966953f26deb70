"""Search: evidence text, the index kept current by the services, scope, filters, recall on a Thai test set."""

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.urls import reverse

from accounts.models import ReviewerAssignment
from assessments import answers
from assessments.evidence import evidence_file_add
from assessments.models import Assessment, Comment, Evidence, EvidenceFile
from search import extract, query, samples, segment
from search.models import EvidenceText, SearchDocument

PHRASE = "ศูนย์ปฏิบัติการภาวะฉุกเฉิน"


def _scan() -> bytes:
    """A PDF with a page and no text on it, as a scanner makes (its image left out)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _save(response, narratives: dict, by):
    levels = [
        answers.LevelInput(a.level.code, narratives.get(a.level.code, ""), 100 if a.level.code == "basic" else 0)
        for a in response.answers.select_related("level")
    ]
    response.refresh_from_db()
    answers.response_save(response=response, version=response.version, status="in_progress", levels=levels, by=by)


def _upload(assessment, item, by, name, data, content_type, django_capture_on_commit_callbacks, title="หลักฐาน"):
    response = assessment.responses.get(item__code=item)
    with django_capture_on_commit_callbacks(execute=True):
        return evidence_file_add(
            response=response, upload=SimpleUploadedFile(name, data, content_type=content_type), title=title, by=by
        )


def _find(user, text, **filters):
    found = query.search(user=user, text=text, filters=query.Filters(**filters))
    return found


# --- Segmentation ------------------------------------------------------------------------------------------------


def test_thai_is_cut_into_words_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("PyThaiNLP tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    words = segment.tokens("กรมควบคุมโรคจัดประชุมคณะกรรมการบริหารความเสี่ยง, KPI 2569!")
    assert words == ["กรม", "ควบคุม", "โรค", "จัด", "ประชุม", "คณะกรรมการ", "บริหาร", "ความเสี่ยง", "kpi", "2569"]
    assert segment.normalise("กํา\u200bหนด") == "กำหนด"  # ำ written as NIKHAHIT + SARA AA, a zero-width space


# --- Evidence text ------------------------------------------------------------------------------------------------

LIMITS = {"max_pages": 50, "max_chars": 100_000}


def test_text_of_each_format():
    pdf = extract.extract(samples.pdf_bytes("รายงาน", [f"ที่ประชุมรับทราบ{PHRASE}"], pages=2), extract.PDF, **LIMITS)
    assert pdf.status == "found" and pdf.pages == 2 and PHRASE in pdf.text
    docx = extract.extract(samples.docx_bytes("แผน", ["พัฒนาบุคลากรด้านดิจิทัล"]), extract.DOCX, **LIMITS)
    assert docx.status == "found" and "พัฒนาบุคลากรด้านดิจิทัล" in docx.text
    xlsx = extract.extract(samples.xlsx_bytes("ตัวชี้วัด", [["ร้อยละความพึงพอใจ", 85]]), extract.XLSX, **LIMITS)
    assert xlsx.status == "found" and "ร้อยละความพึงพอใจ 85" in xlsx.text
    pptx = extract.extract(samples.pptx_bytes("สรุป", ["นวัตกรรมบริการ"]), extract.PPTX, **LIMITS)
    assert pptx.status == "found" and "นวัตกรรมบริการ" in pptx.text
    assert extract.extract(b"\x89PNG....", "image/png", **LIMITS).status == "skipped"


def test_a_damaged_or_textless_file_is_marked_not_fatal():
    broken = extract.extract(b"%PDF-1.4\nnot really", extract.PDF, **LIMITS)
    assert broken.status == "unreadable" and broken.error
    assert extract.extract(b"PK\x03\x04 broken zip", extract.DOCX, **LIMITS).status == "unreadable"
    blank = extract.extract(_scan(), extract.PDF, **LIMITS)
    assert blank.status == "empty" and blank.text == ""


def test_limits_keep_the_part_within_them():
    data = samples.pdf_bytes("รายงาน", ["ข้อความ " * 40], pages=5)
    cut = extract.extract(data, extract.PDF, max_pages=2, max_chars=100_000)
    assert (cut.status, cut.pages) == ("too_large", 2)
    short = extract.extract(data, extract.PDF, max_pages=50, max_chars=100)
    assert short.status == "too_large" and len(short.text) <= 100


def test_upload_is_read_in_the_background_and_searchable(roles, media, django_capture_on_commit_callbacks):
    pdf = samples.pdf_bytes("รายงานการประชุม", [f"ที่ประชุมรับทราบผลการซ้อมแผนของ{PHRASE}ด้านการแพทย์"])
    evidence = _upload(
        roles.assessment,
        "1.1",
        roles.member,
        "minutes.pdf",
        pdf,
        "application/pdf",
        django_capture_on_commit_callbacks,
        title="รายงานการประชุม",
    )
    text = EvidenceText.objects.get(file=evidence.file)
    assert text.status == "found" and text.pages == 1 and text.characters == len(text.text) > 0
    assert text.extracted_at and text.seconds is not None
    found = _find(roles.executive, PHRASE)
    assert [d.evidence_id for d in found.documents] == [evidence.pk]
    assert found.agencies[0]["code"] == "ddc"


def test_an_image_is_skipped_without_a_task(roles, media, django_capture_on_commit_callbacks):
    from tests.test_evidence import _png

    evidence = _upload(
        roles.assessment, "1.1", roles.member, "p.png", _png(), "image/png", django_capture_on_commit_callbacks
    )
    assert EvidenceText.objects.get(file=evidence.file).status == "skipped"


def test_command_reads_existing_files(roles, media, django_capture_on_commit_callbacks, capsys):
    data = samples.docx_bytes("แผน", ["พัฒนาบุคลากรด้านดิจิทัล"])
    evidence = _upload(
        roles.assessment, "1.2", roles.member, "plan.docx", data, samples.DOCX, django_capture_on_commit_callbacks
    )
    EvidenceText.objects.all().delete()  # as if uploaded before search existed
    call_command("evidence_text", "--missing")
    assert "found 1" in capsys.readouterr().out
    assert EvidenceText.objects.get(file=evidence.file).status == "found"
    call_command("evidence_text")
    assert "nothing to read" in capsys.readouterr().out
    call_command("evidence_text", "--all")
    assert "found 1" in capsys.readouterr().out
    assert _find(roles.member, "บุคลากรด้านดิจิทัล").total == 1


def test_evidence_list_badge_says_whether_text_was_found(roles, media, django_capture_on_commit_callbacks):
    pdf = _scan()
    blank = _upload(
        roles.assessment, "1.1", roles.member, "scan.pdf", pdf, "application/pdf", django_capture_on_commit_callbacks
    )
    docx = _upload(
        roles.assessment,
        "1.1",
        roles.member,
        "p.docx",
        samples.docx_bytes("แผน", ["ข้อความ"]),
        samples.DOCX,
        django_capture_on_commit_callbacks,
    )
    template = Template("{% load search_tags %}{% for e in evidence_list %}{% evidence_text_badge e %}{% endfor %}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listed = list(Evidence.objects.filter(pk__in=[blank.pk, docx.pk]).order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"evidence_list": listed}))
    assert len(queries) == 1  # the text rows of every file in the list, at once
    assert 'data-status="empty"' in html and 'data-status="found"' in html


def test_evidence_list_badges_of_files_not_read_yet_take_one_query(roles):
    """Files whose text is not read yet have no text row: they show "pending" and are not asked for one by one
    (the item page's N+1 at national scale); a second list on the page asks only for its own files, once."""
    from django.test.utils import CaptureQueriesContext

    files = [
        Evidence.objects.create(
            assessment=roles.assessment,
            kind="file",
            title=f"ไฟล์ {n}",
            file=EvidenceFile.objects.create(
                agency=roles.assessment.agency, sha256=f"{n:064x}", size=10, content_type="application/pdf"
            ),
            file_name=f"f{n}.pdf",
        )
        for n in range(4)
    ]
    template = Template(
        "{% load search_tags %}{% for e in evidence_list %}{% evidence_text_badge e %}{% endfor %}"
        "{% for e in others %}{% evidence_text_badge e %}{% endfor %}{% for e in evidence_list %}"
        "{% evidence_text_badge e %}{% endfor %}"
    )
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"evidence_list": files[:3], "others": files[3:]}))
    assert len(queries) == 2  # the list's files at once, then the other file once
    assert html.count('data-status="pending"') == 7


# --- The index follows the services ----------------------------------------------------------------------------


def test_narratives_are_indexed_as_saved(roles):
    response = roles.assessment.responses.get(item__code="2.1")
    _save(response, {"basic": "ทบทวนแผนยุทธศาสตร์ทุกไตรมาส"}, roles.member)
    assert _find(roles.member, "แผนยุทธศาสตร์").total == 1
    _save(response, {"basic": "ถ่ายทอดตัวชี้วัดสู่ทุกหน่วยงาน"}, roles.member)
    assert _find(roles.member, "แผนยุทธศาสตร์").total == 0
    hit = _find(roles.member, "ตัวชี้วัด").documents[0]
    assert (hit.response_id, hit.level_code) == (response.pk, "basic")


def test_comments_are_indexed_and_forgotten(roles):
    response = roles.assessment.responses.get(item__code="1.1")
    comment = Comment.objects.create(response=response, author=roles.member, body="ช่วยแนบรายงานผลการประเมิน")
    assert _find(roles.coordinator, "รายงานผล").total == 1
    comment.delete()
    assert _find(roles.coordinator, "รายงานผล").total == 0


def test_rebuild_makes_the_same_index(roles):
    _save(roles.assessment.responses.get(item__code="3.1"), {"basic": "รับฟังเสียงผู้รับบริการ"}, roles.member)
    before = list(SearchDocument.objects.values_list("kind", "source_id", "tokens"))
    call_command("search_index")
    assert list(SearchDocument.objects.values_list("kind", "source_id", "tokens")) == before


# --- Who finds what -----------------------------------------------------------------------------------------------


@pytest.fixture
def two_agencies(roles):
    other = Assessment.objects.get(cycle=roles.cycle, agency=roles.other_agency)
    _save(roles.assessment.responses.get(item__code="1.1"), {"basic": "นวัตกรรมการให้บริการประชาชน"}, roles.member)
    _save(other.responses.get(item__code="1.1"), {"basic": "นวัตกรรมการให้บริการประชาชน"}, roles.outsider)
    return roles, other


@pytest.mark.parametrize(
    "role, agencies",
    [
        ("member", {"ddc"}),
        ("outsider", {"chiangmai"}),
        ("reviewer", {"ddc"}),
        ("other_reviewer", {"chiangmai"}),
        ("executive", {"ddc"}),
        ("other_executive", {"chiangmai"}),
        ("administrator", {"ddc", "chiangmai"}),
    ],
)
def test_no_hit_leaks_across_scope(client, two_agencies, role, agencies):
    roles, _other = two_agencies
    user = getattr(roles, role)
    found = _find(user, "นวัตกรรม")
    assert {d.assessment.agency.code for d in found.documents} == agencies
    assert {row["code"] for row in found.agencies} == agencies
    client.force_login(user)
    page = client.get(reverse("search:search"), {"q": "นวัตกรรม"}).content.decode()
    assert ("กรมควบคุมโรค" in page) == ("ddc" in agencies)
    assert ("จังหวัดเชียงใหม่" in page) == ("chiangmai" in agencies)


def test_a_reviewer_reads_only_the_cycles_assigned(two_agencies):
    roles, _other = two_agencies
    ReviewerAssignment.objects.filter(reviewer=roles.reviewer).delete()
    assert _find(roles.reviewer, "นวัตกรรม").total == 0


def test_team_searches_its_own_assessment_with_highlights_and_links(client, two_agencies):
    roles, _other = two_agencies
    client.force_login(roles.member)
    page = client.get(reverse("search:assessment", kwargs={"year": 2570, "code": "ddc"}), {"q": "นวัตกรรม"})
    html = page.content.decode()
    assert "<mark>นวัตกรรม</mark>" in html
    assert reverse("assessments:item", kwargs={"year": 2570, "code": "ddc", "item": "1.1"}) + "#level-basic" in html
    client.force_login(roles.outsider)
    assert client.get(reverse("search:assessment", kwargs={"year": 2570, "code": "ddc"}), {"q": "x"}).status_code == 404


def test_hits_name_the_fiscal_year_in_the_pages_era(client, two_agencies):
    roles, _other = two_agencies
    client.force_login(roles.administrator)
    thai = " ".join(client.get(reverse("search:search"), {"q": "นวัตกรรม"}).content.decode().split())
    assert "ปีงบประมาณ พ.ศ. 2570" in thai and "กรมควบคุมโรค · 2570" in thai
    roles.administrator.language = "en"
    roles.administrator.save(update_fields=["language"])
    english = " ".join(client.get(reverse("search:search"), {"q": "นวัตกรรม"}).content.decode().split())
    assert "Fiscal year 2027" in english and "Department of Disease Control · 2027" in english


def test_snippets_never_carry_html(client, roles):
    _save(
        roles.assessment.responses.get(item__code="1.1"), {"basic": "<script>alert(1)</script> นวัตกรรม"}, roles.member
    )
    client.force_login(roles.member)
    html = client.get(reverse("search:search"), {"q": "นวัตกรรม"}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_filters(two_agencies):
    roles, other = two_agencies
    admin = roles.administrator
    assert _find(admin, "นวัตกรรม", item="1.1").total == 2
    assert _find(admin, "นวัตกรรม", item="1.2").total == 0
    assert _find(admin, "นวัตกรรม", category=1).total == 2
    assert _find(admin, "นวัตกรรม", category=2).total == 0
    assert _find(admin, "นวัตกรรม", year=2570).total == 2
    assert _find(admin, "นวัตกรรม", year=2569).total == 0
    assert {d.assessment_id for d in _find(admin, "นวัตกรรม", ministry=roles.agency.ministry_id).documents} == {
        roles.assessment.pk
    }
    assert _find(admin, "นวัตกรรม", kind="comment").total == 0
    # Level reached, from the stored scores (the agency's own side before finalisation): one item at basic is far
    # below the first level overall.
    assert _find(admin, "นวัตกรรม", level="").total == 2
    assert _find(admin, "นวัตกรรม", level="basic").total == 0


def test_evidence_found_through_the_item_it_supports(roles, media, django_capture_on_commit_callbacks):
    _upload(
        roles.assessment,
        "4.2",
        roles.member,
        "plan.docx",
        samples.docx_bytes("แผน", ["คลังข้อมูลกลาง"]),
        samples.DOCX,
        django_capture_on_commit_callbacks,
    )
    assert _find(roles.member, "คลังข้อมูล", item="4.2").total == 1
    assert _find(roles.member, "คลังข้อมูล", category=4).total == 1
    assert _find(roles.member, "คลังข้อมูล", item="4.1").total == 0


def test_search_page_query_count(client, two_agencies, django_assert_num_queries):
    roles, _other = two_agencies
    client.force_login(roles.administrator)
    url = reverse("search:search")
    client.get(url, {"q": "นวัตกรรม"})  # warm: sessions, content types
    with django_assert_num_queries(10 + (connection.vendor == "postgresql")):
        # 1 session, 2 user; the form's choices: 3 categories, 4 items, 5 levels, 6 cycles, 7 ministries;
        # 8 count, 9 the page of hits, 10 the agencies with hits (what the person reads is a subquery of each;
        # evidence on the page would add two: its items); on PostgreSQL, first, which words the index knows
        page = client.get(url, {"q": "นวัตกรรม"})
    assert page.status_code == 200


def test_a_broad_search_counts_up_to_a_limit_and_says_so(client, roles, monkeypatch):
    for code in ("1.1", "1.2", "1.3"):
        _save(roles.assessment.responses.get(item__code=code), {"basic": "นวัตกรรมการให้บริการ"}, roles.member)
    monkeypatch.setattr(query, "COUNT_LIMIT", 2)
    found = _find(roles.administrator, "นวัตกรรม")
    assert (found.total, found.more, len(found.documents)) == (2, True, 2)  # the best two: the pages end there
    assert [row["hits"] for row in found.agencies] == [2]  # the agencies of the best two matches
    client.force_login(roles.administrator)
    html = client.get(reverse("search:search"), {"q": "นวัตกรรม"}).content.decode()
    assert "More than 2 matches" in html or "มากกว่า 2 รายการ" in html
    monkeypatch.setattr(query, "COUNT_LIMIT", 3)
    found = _find(roles.administrator, "นวัตกรรม")
    assert (found.total, found.more, [row["hits"] for row in found.agencies]) == (3, False, [3])


# --- Recall on a Thai test set ----------------------------------------------------------------------------------

# What agencies write, and what people look for in it. Recall = expected documents found / expected documents.
CORPUS = {
    "risk": "คณะกรรมการบริหารความเสี่ยงประชุมทุกไตรมาสเพื่อทบทวนแผนบริหารความต่อเนื่องทางธุรกิจ",
    "survey": "ผลการสำรวจความพึงพอใจของผู้รับบริการร้อยละ 85 สูงกว่าเป้าหมายที่กำหนด",
    "digital": "นำเทคโนโลยีดิจิทัลมาใช้ในการให้บริการประชาชน ลดระยะเวลารอคอย",
    "people": "พัฒนาสมรรถนะบุคลากรด้วยการอบรมการวิเคราะห์ข้อมูลขนาดใหญ่",
    "plan": "ถ่ายทอดแผนยุทธศาสตร์สู่ตัวชี้วัดระดับบุคคลผ่านคำรับรองการปฏิบัติราชการ",
    "complaint": "ระบบรับเรื่องร้องเรียนออนไลน์ตอบกลับภายในสามวันทำการ",
    "knowledge": "จัดการความรู้โดยชุมชนนักปฏิบัติและถอดบทเรียนหลังการดำเนินงาน",
    "data": "เปิดเผยข้อมูลภาครัฐในรูปแบบที่เครื่องอ่านได้บนศูนย์กลางข้อมูลเปิด",
}
QUERIES = {
    "ความเสี่ยง": {"risk"},
    "บริหารความต่อเนื่อง": {"risk"},
    "ความพึงพอใจ": {"survey"},
    "ผู้รับบริการ": {"survey"},
    "ดิจิทัล": {"digital"},
    "ให้บริการประชาชน": {"digital"},
    "บุคลากร": {"people"},
    "ข้อมูลขนาดใหญ่": {"people"},
    "แผนยุทธศาสตร์": {"plan"},
    "ตัวชี้วัด": {"plan"},
    "คำรับรอง": {"plan"},
    "เรื่องร้องเรียน": {"complaint"},
    "ร้องเรียน": {"complaint"},
    "การจัดการความรู้": {"knowledge"},
    "ถอดบทเรียน": {"knowledge"},
    "ข้อมูลเปิด": {"data"},
    "ข้อมูล": {"people", "data"},
    "ประชุม": {"risk"},
    "วิเคราะห์": {"people"},
    "เป้าหมาย": {"survey"},
}
RECALL_FLOOR = 0.9  # every query is a word or phrase the text contains: only segmentation can lose one


def test_recall_on_a_thai_test_set(roles):
    responses = {}
    for code, (key, text) in zip(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"], CORPUS.items(), strict=True):
        response = roles.assessment.responses.get(item__code=code)
        _save(response, {"basic": text}, roles.member)
        responses[response.pk] = key
    expected = found = 0
    for text, keys in QUERIES.items():
        hits = {responses[d.response_id] for d in _find(roles.member, text).documents}
        expected += len(keys)
        found += len(keys & hits)
    print(f"recall {found}/{expected} = {found / expected:.3f}")
    assert found / expected >= RECALL_FLOOR
