"""The agencies import preview warns about agencies that may already exist under a close code or the same name:
within the file and against the agencies in the database. A warning blocks nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.import_duplicates import code_key, name_key

HEADER = "code,name_th,name_en,kind,ministry_code,ministry_name_th,ministry_name_en,active\n"


def _preview(client, body):
    return client.post(
        reverse("manage:import", kwargs={"kind": "agencies"}),
        {"file": SimpleUploadedFile("a.csv", (HEADER + body).encode(), content_type="text/csv")},
    )


def _warnings(response):
    return {row.values["code"]: row.warnings for row in response.context["plan"].rows}


@pytest.mark.parametrize(
    "a, b", [("DDC", "ddc"), ("moph-01", "moph1"), ("dept 7", "dept-07"), ("a_b.c", "abc"), ("0123", "123")]
)
def test_close_codes_share_a_key(a, b):
    assert code_key(a) == code_key(b)


def test_different_codes_keep_different_keys():
    assert code_key("moph10") != code_key("moph1")
    assert name_key(" กรม  ควบคุมโรค ") == name_key("กรมควบคุมโรค")


def test_close_codes_and_equal_names_against_existing_agencies(client, roles):
    client.force_login(roles.administrator)
    response = _preview(
        client,
        "DDC-0,กรมใหม่,,department,moph,,,1\n"  # no: ddc0 is not ddc
        "D-D-C,กรมอื่น,,department,moph,,,1\n"  # close to ddc
        "ddc2,กรม  ควบคุมโรค,,department,moph,,,1\n",  # ddc's name with extra spaces
    )
    assert response.status_code == 200
    warnings = _warnings(response)
    assert warnings["DDC-0"] == []
    assert any("ddc" in w for w in warnings["D-D-C"])
    assert any("ddc" in w for w in warnings["ddc2"])
    page = response.content.decode()
    assert 'id="import-warnings"' in page
    assert response.context["plan"].ok  # warnings do not block: the confirm button is there
    assert reverse("manage:import_confirm", kwargs={"kind": "agencies"}) in page


def test_close_codes_and_equal_names_within_the_file(client, roles):
    client.force_login(roles.administrator)
    response = _preview(
        client,
        "dept-07,กรมตัวอย่าง,Example Dept,department,moph,,,1\ndept7,กรมอื่น,example   dept,department,moph,,,1\n",
    )
    warnings = _warnings(response)
    assert any("dept7" in w and "3" in w for w in warnings["dept-07"])
    assert any("dept-07" in w and "2" in w for w in warnings["dept7"])
    assert any('"example   dept"' in w and "dept-07" in w for w in warnings["dept7"])  # the same English name


def test_the_same_agency_again_is_no_warning(client, roles):
    client.force_login(roles.administrator)
    response = _preview(client, "ddc,กรมควบคุมโรค,Department of Disease Control,department,moph,,,1\n")
    assert _warnings(response)["ddc"] == []
    assert 'id="import-warnings"' not in response.content.decode()
