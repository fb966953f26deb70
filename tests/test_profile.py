"""The organisation profile: edition data, one answer per section, saving without lost updates, history, evidence,
carry-over, the quality check, and what reviewers do with it."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessments import profile
from assessments.answers import AssessmentLocked, EditConflict
from assessments.cycles import cycle_open
from assessments.models import Assessment, Change, Cycle, Evidence, ProfileAnswer
from assessments.quality import ERROR, WARNING, profile_facts, profile_findings, quality_check
from criteria.models import ProfileSection
from reviews.models import ProfileComment, ReturnNote
from reviews.workflow import assessment_return, profile_comment_add
from tests.sar_data import indicators_write, profile_write
from tests.test_submission import _claim_everything

A = {"year": 2570, "code": "ddc"}
LEAVES = ["p1a1", "p1a2", "p1a3", "p1a4", "p1a5", "p1b1", "p1b2", "p1b3", "p2a", "p2b", "p2c"]


def _url(section="p1a1", **kwargs):
    return reverse("assessments:profile_section", kwargs={**A, "section": section, **kwargs})


def _answer(roles, section="p1a1") -> ProfileAnswer:
    return ProfileAnswer.objects.select_related("section").get(assessment=roles.assessment, section__code=section)


def test_the_profile_is_edition_data_in_baldrige_order(criteria):
    sections = list(ProfileSection.objects.filter(edition=criteria).order_by("order"))
    assert [s.number_th for s in sections if s.parent_id is None] == ["P.1", "P.2"]
    assert [s.code for s in sections if not s.children.exists()] == LEAVES
    first = next(s for s in sections if s.code == "p1a1")
    assert (first.number_th, first.title_th, first.parent.number_th) == ("P.1 ก (1)", "พันธกิจและบริการ", "P.1 ก")
    assert "พันธกิจ" in first.questions_th and first.questions_en
    assert criteria.profile_required is True
    with pytest.raises(Exception, match="แก้ไขไม่ได้"):  # frozen with the edition
        first.title_th = "อื่น"
        first.save()


def test_each_assessment_has_one_answer_per_section_to_write(roles):
    assert sorted(
        ProfileAnswer.objects.filter(assessment=roles.assessment).values_list("section__code", flat=True)
    ) == (sorted(LEAVES))


def test_a_member_writes_a_section_and_the_change_is_recorded(client, roles):
    client.force_login(roles.member)
    text = "กรมมีพันธกิจ\n\n- เฝ้าระวังโรค\n- ควบคุมโรค"
    response = client.post(_url(), {"version": 0, "text": text, "status": "ready"})
    assert response.status_code == 302
    answer = _answer(roles)
    assert (answer.text, answer.status, answer.version, answer.updated_by) == (text, "ready", 1, roles.member)
    change = Change.objects.get(profile_answer=answer)
    assert change.action == Change.Action.PROFILE and change.by == roles.member
    assert change.before == {"section": "P.1 ก (1)", "status": "not_started", "text": ""}
    assert change.after["text"] == text
    page = client.get(reverse("assessments:profile", kwargs=A)).content.decode()
    assert "<ul><li>เฝ้าระวังโรค</li><li>ควบคุมโรค</li></ul>" in page
    history = client.get(_url()).content.decode()
    assert "แก้ไขลักษณะสำคัญขององค์การ" in history and "พร้อมส่ง" in history  # labels, not codes


def test_text_pasted_from_word_is_tidied_and_the_person_told(client, roles):
    client.force_login(roles.member)
    pasted = "\ufeffพันธกิจ\u200bของกรม\r\n\uf0b7\tบริการที่หนึ่ง\u2028ต่อ"
    response = client.post(_url(), {"version": 0, "text": pasted, "status": "in_progress"}, follow=True)
    assert _answer(roles).text == "พันธกิจของกรม\n• บริการที่หนึ่ง\nต่อ"
    assert "นำอักขระที่มองไม่เห็น" in response.content.decode() and "2 ตัว" in response.content.decode()


def test_html_in_a_section_is_shown_as_text(client, roles):
    ProfileAnswer.objects.filter(assessment=roles.assessment, section__code="p1a1").update(
        text='<script>alert("x")</script>'
    )
    client.force_login(roles.executive)
    page = client.get(reverse("assessments:profile", kwargs=A)).content.decode()
    assert '<script>alert("x")' not in page and "&lt;script&gt;" in page


def test_two_saves_from_the_same_version_lose_nothing(client, roles):
    client.force_login(roles.member)
    client.post(_url(), {"version": 0, "text": "ของสมาชิก", "status": "in_progress"})
    client.force_login(roles.coordinator)
    response = client.post(_url(), {"version": 0, "text": "ของผู้ประสานงาน", "status": "in_progress"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "ของสมาชิก" in page and "ของผู้ประสานงาน" in page  # theirs shown, mine kept in the form
    assert _answer(roles).text == "ของสมาชิก"
    with pytest.raises(EditConflict):
        profile.profile_answer_save(answer=_answer(roles), version=0, text="x", status="ready", by=roles.member)


def test_a_submitted_assessment_cannot_change(client, roles):
    Assessment.objects.filter(pk=roles.assessment.pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(roles.member)
    assert client.post(_url(), {"version": 0, "text": "ใหม่", "status": "ready"}).status_code == 403
    with pytest.raises(AssessmentLocked):
        profile.profile_answer_save(answer=_answer(roles), version=0, text="x", status="ready", by=roles.member)
    assert _answer(roles).text == ""


def test_evidence_is_added_to_a_section_in_the_same_form(client, roles):
    client.force_login(roles.member)
    data = {
        "version": 0,
        "text": "โครงสร้าง",
        "status": "in_progress",
        "evidence_url": "https://www.ddc.go.th/structure",
        "evidence_title": "แผนภูมิโครงสร้าง",
    }
    assert client.post(_url("p1b1"), data).status_code == 302
    evidence = Evidence.objects.get(title="แผนภูมิโครงสร้าง")
    assert list(evidence.profile_answers.all()) == [_answer(roles, "p1b1")]
    change = Change.objects.get(action=Change.Action.EVIDENCE_ADDED)
    assert change.profile_answer == _answer(roles, "p1b1") and change.after["section"] == "P.1 ข (1)"
    bad = {**data, "version": 1, "evidence_url": "", "evidence_title": "", "text": "โครงสร้างใหม่"}
    bad["evidence_file"] = _fake_exe()
    bad["evidence_title"] = "ไฟล์แปลก"
    response = client.post(_url("p1b1"), bad)
    assert response.status_code == 400
    assert "โครงสร้างใหม่" in response.content.decode()  # nothing typed is lost


def _fake_exe():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")


def _previous_cycle(roles):
    cycle = Cycle.objects.create(
        fiscal_year=2569, edition=roles.cycle.edition, opens_on=roles.cycle.opens_on, deadline=roles.cycle.deadline
    )
    cycle_open(cycle=cycle)
    old = Assessment.objects.get(cycle=cycle, agency=roles.agency)
    profile_write(old)
    link = Evidence.objects.create(assessment=old, kind="link", url="https://old.example/op", title="รายงานประจำปี")
    link.profile_answers.add(ProfileAnswer.objects.get(assessment=old, section__code="p1a1"))
    return old


def test_carry_over_fills_the_empty_sections_from_last_cycle(client, roles):
    _previous_cycle(roles)
    ProfileAnswer.objects.filter(assessment=roles.assessment, section__code="p2c").update(text="ของปีนี้")
    client.force_login(roles.member)
    response = client.post(reverse("assessments:profile_carry_over", kwargs=A), follow=True)
    assert "10 หัวข้อ" in response.content.decode()
    first = _answer(roles)
    assert "พันธกิจและบริการ" in first.text and first.carried_over_from.assessment.cycle.fiscal_year == 2569
    assert first.status == "in_progress" and first.evidence.get().url == "https://old.example/op"
    assert _answer(roles, "p2c").text == "ของปีนี้"  # written this cycle: untouched
    client.post(reverse("assessments:profile_carry_over", kwargs=A), {"section": "p2c"})
    assert "ระบบการปรับปรุงผลการดำเนินการ" in _answer(roles, "p2c").text  # one section, asked for: replaced
    change = Change.objects.filter(profile_answer=_answer(roles, "p2c"), action="carried_over").get()
    assert change.before["text"] == "ของปีนี้"


def test_carry_over_without_an_earlier_profile_says_so(client, roles):
    client.force_login(roles.member)
    response = client.post(reverse("assessments:profile_carry_over", kwargs=A), follow=True)
    assert "ไม่มีลักษณะสำคัญขององค์การในรอบการประเมินก่อนหน้า" in response.content.decode()


def test_the_coordinator_names_a_section_owner(client, roles):
    client.force_login(roles.coordinator)
    client.post(reverse("assessments:profile_owner_set", kwargs={**A, "section": "p1a3"}), {"owner": roles.member.pk})
    assert _answer(roles, "p1a3").owner == roles.member
    assert Change.objects.get(action="owner", profile_answer=_answer(roles, "p1a3")).after["owner"] == str(roles.member)


def test_an_empty_profile_blocks_submission_when_the_edition_requires_it(roles):
    _claim_everything(roles.assessment)
    from assessments.models import ProfileAnswer as Answer

    Answer.objects.filter(assessment=roles.assessment).update(text="")
    with translation.override("en"):
        findings = [f for f in quality_check(roles.assessment) if f.kind == "profile"]
    assert [(f.severity, f.message) for f in findings] == [
        (ERROR, "The organisation profile is empty: write it before submitting.")
    ]
    # An edition that does not require a profile only warns.
    assert {f.severity for f in profile_findings(profile_facts(roles.assessment), required=False)} == {WARNING}


def test_empty_sections_are_warnings_linked_to_their_section(client, roles):
    _claim_everything(roles.assessment)
    ProfileAnswer.objects.filter(assessment=roles.assessment, section__code__in=["p1a4", "p2b"]).update(text=" ")
    findings = [f for f in quality_check(roles.assessment) if f.kind == "profile"]
    assert [(f.severity, f.item_code) for f in findings] == [(WARNING, "p1a4"), (WARNING, "p2b")]
    client.force_login(roles.coordinator)
    page = client.get(reverse("assessments:check", kwargs=A)).content.decode()
    assert _url("p1a4") in page and "P.1 ก (4)" in page


def _in_review(roles):
    from assessments.submission import assessment_submit

    _claim_everything(roles.assessment)
    indicators_write(roles.assessment)
    assessment_submit(assessment=roles.assessment, by=roles.coordinator, warnings_confirmed=True)
    roles.assessment.refresh_from_db()


def test_reviewers_comment_and_the_agency_reads_the_comments_once_final(client, roles):
    _in_review(roles)
    client.force_login(roles.reviewer)
    url = reverse("reviews:profile", kwargs=A)
    assert "ส่วนราชการมีพันธกิจ" in client.get(url).content.decode()
    client.post(url, {"section": "p1b2", "body": "ควรระบุความต้องการของผู้รับบริการแต่ละกลุ่ม"})
    comment = ProfileComment.objects.get()
    assert comment.author == roles.reviewer and comment.answer == _answer(roles, "p1b2")
    assert client.post(url, {"section": "p1b2", "body": "  "}).status_code == 400
    client.force_login(roles.member)
    assert "ควรระบุความต้องการ" not in client.get(_url("p1b2")).content.decode()
    Assessment.objects.filter(pk=roles.assessment.pk).update(status=Assessment.Status.FINALISED)
    assert "ควรระบุความต้องการ" in client.get(_url("p1b2")).content.decode()
    with pytest.raises(Exception, match="ยืนยันแล้ว"):
        profile_comment_add(answer=_answer(roles, "p1b2"), author=roles.reviewer, body="อีก")


def test_a_return_may_ask_to_revise_a_section(client, roles):
    _in_review(roles)
    client.force_login(roles.reviewer)
    client.post(
        reverse("reviews:return", kwargs=A),
        {"message": "โปรดแก้ไข", "note_profile:p2b": "โปรดระบุความท้าทายด้านบุคลากร", "note_1.1": "เพิ่มหลักฐาน"},
    )
    note = ReturnNote.objects.get(profile_answer__isnull=False)
    assert note.profile_answer == _answer(roles, "p2b") and note.message == "โปรดระบุความท้าทายด้านบุคลากร"
    assert Change.objects.get(action="returned").after["sections"] == ["p2b"]
    client.force_login(roles.member)
    assert "โปรดระบุความท้าทายด้านบุคลากร" in client.get(_url("p2b")).content.decode()
    workspace = client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    assert _url("p2b") in workspace and "P.2 ข" in workspace


def test_a_return_refuses_notes_for_sections_that_do_not_exist(roles):
    _in_review(roles)
    with pytest.raises(Exception, match="p9"):
        assessment_return(
            assessment=roles.assessment, by=roles.reviewer, message="แก้", notes={"profile:p9": "ไม่มีหัวข้อนี้"}
        )


def test_a_profile_section_page_reads_the_team_once(client, roles, django_assert_num_queries):
    client.force_login(roles.coordinator)
    # session, user, assessment, the team with their people (the coordinator's access and the owner choices:
    # accounts/access.team), the section's answer, its evidence, history, return notes, reviewers' comments, the
    # sections' order, the evidence library
    with django_assert_num_queries(11):
        assert client.get(_url("p1b1")).status_code == 200
