"""The administrator's import pages: upload, preview, confirm; nothing changes before the confirmation."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership, User
from agencies.models import Agency

AGENCIES_CSV = (
    "code,name_th,name_en,kind,ministry_code,ministry_name_th,ministry_name_en,active\n"
    "dms,กรมการแพทย์,Department of Medical Services,department,moph,,,1\n"
    "khonkaen,จังหวัดขอนแก่น,Khon Kaen Province,province,moi,,,1\n"
).encode("utf-8-sig")
PEOPLE_CSV = (
    "email,first_name,last_name,role,agency_code,scope,cycle\n"
    "Somsri@PMQA.test,สมศรี,มีสุข,coordinator,ddc,,\n"
    "kanok@pmqa.test,กนก,ตรวจงาน,reviewer,ddc,,2570\n"
).encode()


def _upload(client, kind, content, name="file.csv"):
    return client.post(
        reverse("manage:import", kwargs={"kind": kind}),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_preview_changes_nothing_then_confirm_imports(client, roles):
    client.force_login(roles.administrator)
    preview = _upload(client, "agencies", AGENCIES_CSV)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "กรมการแพทย์" in page and "จังหวัดขอนแก่น" in page
    assert preview.context["plan"].counts["create"] == 2
    assert not Agency.objects.filter(code__in=["dms", "khonkaen"]).exists()

    response = client.post(reverse("manage:import_confirm", kwargs={"kind": "agencies"}))
    assert response.status_code == 302
    assert set(Agency.objects.filter(code__in=["dms", "khonkaen"]).values_list("ministry__code", flat=True)) == {
        "moph",
        "moi",
    }

    # The same file again: all unchanged.
    again = _upload(client, "agencies", AGENCIES_CSV)
    assert again.context["plan"].counts["unchanged"] == 2


def test_bad_rows_block_the_import_and_say_why(client, roles):
    client.force_login(roles.administrator)
    bad = AGENCIES_CSV + "x1,ชื่อ,,ministry-of-magic,nowhere,,,1\n".encode()
    preview = _upload(client, "agencies", bad)
    assert not preview.context["plan"].ok
    page = preview.content.decode()
    assert "manage/import/agencies/confirm" not in page  # no confirm button
    response = client.post(reverse("manage:import_confirm", kwargs={"kind": "agencies"}))
    assert response.status_code == 400
    assert not Agency.objects.filter(code="dms").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(client, roles):
    client.force_login(roles.administrator)
    response = _upload(client, "agencies", b"%PDF-1.7\x00\x01binary", name="report.pdf")
    assert response.status_code == 400
    assert "report.pdf" in response.content.decode()


def test_no_file_chosen(client, roles):
    client.force_login(roles.administrator)
    response = client.post(reverse("manage:import", kwargs={"kind": "people"}))
    assert response.status_code == 400


def test_confirm_without_a_preview_sends_back_to_upload(client, roles):
    client.force_login(roles.administrator)
    response = client.post(reverse("manage:import_confirm", kwargs={"kind": "people"}))
    assert response.status_code == 302
    assert response.url == reverse("manage:import", kwargs={"kind": "people"})


def test_people_import_with_invitations(client, roles, django_capture_on_commit_callbacks):
    client.force_login(roles.administrator)
    preview = _upload(client, "people", PEOPLE_CSV)
    assert preview.context["plan"].ok, [r.errors for r in preview.context["plan"].rows]
    response = client.post(reverse("manage:import_confirm", kwargs={"kind": "people"}), {"invite": "1"})
    assert response.status_code == 302
    somsri = User.objects.get(email="somsri@pmqa.test")
    assert Membership.objects.get(user=somsri).role == "coordinator"
    assert User.objects.get(email="kanok@pmqa.test").assignments.get().agency == roles.agency
    assert sorted(m.to[0] for m in mail.outbox) == ["kanok@pmqa.test", "somsri@pmqa.test"]


def test_unknown_import_kind_is_404(client, roles):
    client.force_login(roles.administrator)
    assert client.get(reverse("manage:import", kwargs={"kind": "budgets"})).status_code == 404


def test_templates_are_offered_for_download(client, roles):
    client.force_login(roles.administrator)
    page = client.get(reverse("manage:import", kwargs={"kind": "people"})).content.decode()
    assert "/static/imports/people-template.xlsx" in page and "/static/imports/people-template.csv" in page
