"""Editions for administrators at /manage/editions/: copy a published edition into a draft, edit its texts, see
what changed against the published one, publish it. A published edition is never edited through these pages."""

import pytest
from django.urls import reverse

from criteria.models import Descriptor, Edition, Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(roles, client):
    client.force_login(roles.administrator)
    return client


def _copy(client, code="pmqa-4-0-2571"):
    response = client.post(
        reverse("manage_editions:copy", kwargs={"code": "pmqa-4-0"}),
        {"code": code, "name_th": "เกณฑ์ PMQA 4.0 ปี 2571", "name_en": "", "first_fiscal_year": "2571"},
    )
    assert response.status_code == 302
    return Edition.objects.get(code=code)


def test_list_shows_status_labels(admin):
    _copy(admin)
    page = admin.get(reverse("manage_editions:list")).content.decode()
    assert "เผยแพร่แล้ว" in page or "Published" in page
    assert "ฉบับร่าง" in page or "Draft" in page
    assert ">published<" not in page and ">draft<" not in page


def test_copy_makes_a_draft_and_leaves_the_published_edition(admin, criteria):
    draft = _copy(admin)
    assert draft.status == Edition.Status.DRAFT
    assert draft.copied_from == criteria
    assert Item.objects.filter(category__edition=draft).count() == 24
    criteria.refresh_from_db()
    assert criteria.status == Edition.Status.PUBLISHED


def test_copy_refuses_a_taken_code_and_a_christian_era_year_keeping_what_was_typed(admin):
    url = reverse("manage_editions:copy", kwargs={"code": "pmqa-4-0"})
    response = admin.post(url, {"code": "pmqa-4-0", "name_th": "ชื่อที่พิมพ์ไว้", "first_fiscal_year": "2028"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ชื่อที่พิมพ์ไว้" in page
    assert "2571" in page  # 2028 + 543: the Buddhist-era year is suggested
    assert Edition.objects.count() == 1


def test_edit_an_item_title_and_a_descriptor_then_see_them_on_the_changes_page(admin, criteria):
    draft = _copy(admin)
    item = Item.objects.get(category__edition=draft, code="1.1")
    descriptor = item.descriptors.get(level__code="basic")
    url = reverse("manage_editions:item", kwargs={"code": draft.code, "item": "1.1"})
    page = admin.get(url)
    assert page.status_code == 200
    data = {key: field.initial or "" for key, field in page.context["form"].fields.items()}
    old_title = item.title_th
    data[f"item-{item.pk}-title_th"] = "หัวข้อใหม่ของ 1.1"
    data[f"descriptor-{descriptor.pk}-text_th"] = "คำอธิบายระดับพื้นฐานฉบับใหม่"
    response = admin.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_th == "หัวข้อใหม่ของ 1.1"
    assert Item.objects.get(category__edition=criteria, code="1.1").title_th == old_title

    changes = admin.get(reverse("manage_editions:changes", kwargs={"code": draft.code}))
    sections = changes.context["sections"]
    entries = [e for s in sections for e in s.entries if e.key != draft.code]  # the edition's own name differs too
    assert [(e.key, e.status) for e in entries] == [("1.1", "changed")]
    befores_afters = {(c.before, c.after) for c in entries[0].changes}
    assert (old_title, "หัวข้อใหม่ของ 1.1") in befores_afters
    assert any(c.after == "คำอธิบายระดับพื้นฐานฉบับใหม่" for c in entries[0].changes)
    page = changes.content.decode()
    assert "หัวข้อใหม่ของ 1.1" in page and old_title in page


def test_an_empty_thai_title_is_refused_and_the_typing_kept(admin):
    draft = _copy(admin)
    item = Item.objects.get(category__edition=draft, code="2.1")
    url = reverse("manage_editions:item", kwargs={"code": draft.code, "item": "2.1"})
    data = {key: field.initial or "" for key, field in admin.get(url).context["form"].fields.items()}
    data[f"item-{item.pk}-title_th"] = ""
    data[f"item-{item.pk}-title_en"] = "Typed English title"
    response = admin.post(url, data)
    assert response.status_code == 400
    assert "Typed English title" in response.content.decode()
    item.refresh_from_db()
    assert item.title_th


def test_added_and_removed_items_are_listed(admin, criteria):
    draft = _copy(admin)
    Item.objects.filter(category__edition=draft, code="6.4").delete()
    category = draft.categories.get(number=6)
    Item.objects.create(category=category, code="6.5", order=5, title_th="หัวข้อเพิ่ม")
    response = admin.get(reverse("manage_editions:changes", kwargs={"code": draft.code}))
    entries = {(e.key, e.status) for s in response.context["sections"] for e in s.entries if e.key != draft.code}
    assert entries == {("6.5", "added"), ("6.4", "removed")}


def test_publish_shows_what_happens_then_publishes(admin):
    draft = _copy(admin)
    url = reverse("manage_editions:publish", kwargs={"code": draft.code})
    page = admin.get(url)
    assert page.status_code == 200
    assert "form" in page.content.decode()
    response = admin.post(url)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED and draft.published_at is not None


def test_publish_refused_with_the_problems_shown(admin):
    draft = _copy(admin)
    Descriptor.objects.filter(item__category__edition=draft, item__code="3.2", level__code="advance").delete()
    url = reverse("manage_editions:publish", kwargs={"code": draft.code})
    response = admin.post(url)
    assert response.status_code == 400
    assert "3.2" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


@pytest.mark.parametrize("name, extra", [("edit", {}), ("item", {"item": "1.1"}), ("part", {"part": "results"})])
def test_a_published_edition_cannot_be_edited_here(admin, criteria, name, extra):
    url = reverse(f"manage_editions:{name}", kwargs={"code": "pmqa-4-0", **extra})
    item = Item.objects.get(category__edition=criteria, code="1.1")
    response = admin.post(url, {f"item-{item.pk}-title_th": "เปลี่ยน"})
    assert response.status_code == 403
    assert "คัดลอกเป็นฉบับร่างใหม่" in response.content.decode()  # says what to do instead
    item.refresh_from_db()
    assert item.title_th != "เปลี่ยน"
    assert admin.post(reverse("manage_editions:publish", kwargs={"code": "pmqa-4-0"})).status_code == 403


def test_staff_who_are_not_administrators_see_neither_the_pages_nor_drafts(client, roles):
    _copy_as_admin = Edition.objects.create(code="draft-x", name_th="ร่าง", first_fiscal_year=2572)
    roles.member.is_staff = True
    roles.member.save()
    client.force_login(roles.member)
    assert client.get(reverse("manage_editions:list")).status_code == 404
    assert client.get(reverse("criteria:edition", kwargs={"edition": _copy_as_admin.code})).status_code == 404


def test_the_drafts_name_and_year_are_edited_on_its_page_a_christian_era_year_refused(admin):
    draft = _copy(admin)
    url = reverse("manage_editions:edit", kwargs={"code": draft.code})
    data = {
        key: field.initial if field.initial is not None else ""
        for key, field in admin.get(url).context["form"].fields.items()
    }
    data[f"edition-{draft.pk}-name_en"] = "PMQA 4.0, fiscal year 2571"
    data[f"edition-{draft.pk}-first_fiscal_year"] = "2028"
    response = admin.post(url, data)
    assert response.status_code == 400
    assert "2571" in response.content.decode() and "PMQA 4.0, fiscal year 2571" in response.content.decode()
    data[f"edition-{draft.pk}-first_fiscal_year"] = "2572"
    assert admin.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert (draft.name_en, draft.first_fiscal_year) == ("PMQA 4.0, fiscal year 2571", 2572)
