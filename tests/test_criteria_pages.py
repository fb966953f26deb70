"""The criteria pages, in Thai and in English, each in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.models import Edition


def _text(response):
    return response.content.decode()


def test_home_links_to_the_criteria(client, criteria):
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="th"' in _text(page)
    assert reverse("criteria:current") in _text(page)
    assert "2562" in _text(page)  # the edition's first fiscal year, in Buddhist era


def test_criteria_redirects_to_the_current_edition(client, criteria):
    response = client.get(reverse("criteria:current"))
    assert response.status_code == 302
    assert response.url == reverse("criteria:edition", kwargs={"edition": "pmqa-4-0"})


def test_criteria_without_any_edition_says_so(client, db):
    response = client.get(reverse("criteria:current"))
    assert response.status_code == 404
    assert "load_criteria" in _text(response)


def test_grid_in_thai(client, criteria):
    page = _text(client.get(reverse("criteria:edition", kwargs={"edition": "pmqa-4-0"})))
    assert "หมวด 1: การนำองค์การ" in page
    assert "หมวด 6: การมุ่งเน้นระบบปฏิบัติการ" in page
    assert "ระดับการพัฒนาจนเกิดผล" in page and "500 คะแนน" in page
    assert "วิสัยทัศน์/ยุทธศาสตร์สอดคล้องกับยุทธศาสตร์ประเทศ" in page
    assert page.count('scope="row"') == 24
    assert page.count("<td ") == 72


def test_grid_in_english(english, criteria):
    response = english.get(reverse("criteria:edition", kwargs={"edition": "pmqa-4-0"}))
    page = _text(response)
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in page
    assert "Category 1: Leadership" in page
    assert "Significance" in page and "500 points" in page
    assert "from fiscal year 2019" in page  # Gregorian on English pages


def test_item_page(client, criteria):
    response = client.get(reverse("criteria:item", kwargs={"edition": "pmqa-4-0", "item": "4.4"}))
    page = _text(response)
    assert response.status_code == 200
    assert "การบริหารจัดการข้อมูล สารสนเทศ,การปรับระบบการทำงานเป็นดิจิทัลเต็มรูปแบบ" in page
    assert "มีระบบความมั่นคงทางไซเบอร์,การเตรียมพร้อมในภาวะฉุกเฉิน" in page
    assert "การปรับสู่ความเป็นดิจิทัล" in page
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_item_page_in_english_keeps_the_thai_text(english, criteria):
    page = _text(english.get(reverse("criteria:item", kwargs={"edition": "pmqa-4-0", "item": "1.1"})))
    assert "Our interpretation" in page
    assert 'lang="th"' in page and "ระบบการนำองค์การที่สร้างความยั่งยืน" in page


def test_unknown_item_and_edition_are_404(client, criteria):
    assert client.get(reverse("criteria:item", kwargs={"edition": "pmqa-4-0", "item": "7.1"})).status_code == 404
    assert client.get(reverse("criteria:edition", kwargs={"edition": "pmqa-9"})).status_code == 404


def test_government_40_page(client, criteria):
    response = client.get(reverse("criteria:government_40", kwargs={"edition": "pmqa-4-0"}))
    page = _text(response)
    assert response.status_code == 200
    for text in ("การสานพลัง", "Traceable", "Data-driven", "Proactive", "การตีความ"):
        assert text in page
    assert client.get(reverse("criteria:government_40_current")).status_code == 302


def test_drafts_are_hidden_from_everyone_but_administrators(client, admin_client, criteria):
    Edition.objects.create(code="draft-5", name_th="ฉบับร่าง", first_fiscal_year=2571)
    url = reverse("criteria:edition", kwargs={"edition": "draft-5"})
    assert client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 200
    # The current edition stays the published one even for administrators.
    assert admin_client.get(reverse("criteria:current")).url.endswith("/pmqa-4-0/")


@pytest.mark.parametrize(
    "name, kwargs, queries",
    [
        # edition, levels, categories, items, descriptors (+ levels via select_related)
        ("criteria:edition", {"edition": "pmqa-4-0"}, 5),
        # edition, item (+category, mapping), descriptors, factors, qualities, neighbour codes
        ("criteria:item", {"edition": "pmqa-4-0", "item": "3.2"}, 6),
        # edition, mappings (+items), their factors, their qualities, factors, qualities, capability areas
        ("criteria:government_40", {"edition": "pmqa-4-0"}, 7),
    ],
)
def test_query_counts_are_fixed(client, criteria, name, kwargs, queries):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert len(captured) == queries, "\n".join(q["sql"] for q in captured)
