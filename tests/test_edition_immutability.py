"""A published edition cannot change, whichever way a change comes; a copy starts a new draft."""

import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from criteria.editions import edition_copy, edition_publish, edition_retire
from criteria.immutability import FrozenEditionError
from criteria.models import Category, Descriptor, Edition, Item, Level


def test_loaded_edition_is_published(criteria):
    assert criteria.status == Edition.Status.PUBLISHED
    assert criteria.published_at is not None


def test_saving_a_descriptor_is_refused(criteria):
    descriptor = Descriptor.objects.filter(item__category__edition=criteria).first()
    descriptor.text_th = "แก้ไข"
    with pytest.raises(FrozenEditionError, match="แก้ไขไม่ได้"):
        descriptor.save()
    assert Descriptor.objects.get(pk=descriptor.pk).text_th != "แก้ไข"


@pytest.mark.parametrize(
    "model, path",
    [(Level, "edition"), (Category, "edition"), (Item, "category__edition"), (Descriptor, "item__category__edition")],
)
def test_queryset_update_and_delete_are_refused(criteria, model, path):
    rows = model.objects.filter(**{path: criteria})
    count = rows.count()
    field = {"Level": "name_en", "Category": "title_en", "Item": "title_en", "Descriptor": "text_en"}[model.__name__]
    with pytest.raises(FrozenEditionError):
        rows.update(**{field: "changed"})
    with pytest.raises(FrozenEditionError):
        rows.delete()
    assert model.objects.filter(**{path: criteria}).count() == count
    assert not model.objects.filter(**{field: "changed"}).exists()


def test_adding_an_item_or_descriptor_is_refused(criteria):
    category = criteria.categories.first()
    with pytest.raises(FrozenEditionError):
        Item.objects.create(category=category, code="1.5", order=5, title_th="ใหม่")
    item = category.items.first()
    with pytest.raises(FrozenEditionError):
        Descriptor.objects.bulk_create([Descriptor(item=item, level=criteria.levels.first(), text_th="ซ้ำ")])


def test_changing_points_or_deleting_the_edition_is_refused(criteria):
    level = criteria.levels.get(code="basic")
    level.points = 350
    with pytest.raises(FrozenEditionError):
        level.save()
    with pytest.raises(FrozenEditionError):
        criteria.delete()
    assert Edition.objects.filter(pk=criteria.pk).exists()


def test_the_edition_row_itself_is_frozen_but_may_retire(criteria):
    criteria.name_th = "อื่น"
    with pytest.raises(FrozenEditionError):
        criteria.save()
    criteria.refresh_from_db()
    edition_retire(edition=criteria)
    assert Edition.objects.get(pk=criteria.pk).status == Edition.Status.RETIRED
    criteria.status = Edition.Status.DRAFT
    with pytest.raises(FrozenEditionError):
        criteria.save()


def test_fixture_reload_through_loaddata_is_refused(criteria, tmp_path):
    item = Item.objects.filter(category__edition=criteria).first()
    data = json.loads(serializers.serialize("json", [item]))
    data[0]["fields"]["title_th"] = "ชื่อใหม่"
    path = tmp_path / "item.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError, match="แก้ไขไม่ได้"):
        call_command("loaddata", str(path), verbosity=0)
    assert Item.objects.get(pk=item.pk).title_th == item.title_th


def test_a_copy_is_an_editable_draft_with_everything(criteria):
    copy = edition_copy(edition=criteria, code="pmqa-4-0-2570", name_th="PMQA 4.0 ฉบับปรับปรุง", first_fiscal_year=2570)
    assert copy.status == Edition.Status.DRAFT
    assert copy.copied_from == criteria
    assert Item.objects.filter(category__edition=copy).count() == 24
    assert Descriptor.objects.filter(item__category__edition=copy).count() == 72
    assert copy.levels.count() == 3
    item = Item.objects.get(category__edition=copy, code="1.3")
    assert {f.code for f in item.mapping.success_factors.all()} == {
        f.code for f in Item.objects.get(category__edition=criteria, code="1.3").mapping.success_factors.all()
    }
    item.title_th = "แก้ไขได้ในฉบับร่าง"
    item.save()
    Descriptor.objects.filter(item__category__edition=copy).update(text_en="draft")
    edition_publish(edition=copy)
    with pytest.raises(FrozenEditionError):
        Descriptor.objects.filter(item__category__edition=copy).update(text_en="again")


def test_an_incomplete_draft_cannot_be_published(db):
    edition = Edition.objects.create(code="empty", name_th="ว่าง", first_fiscal_year=2570)
    with pytest.raises(ValidationError, match="ยังไม่ครบถ้วน"):
        edition_publish(edition=edition)


def test_admin_shows_published_rows_read_only(criteria, admin_client):
    item = Item.objects.filter(category__edition=criteria).first()
    url = reverse("admin:criteria_item_change", args=[item.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="title_th"' not in page.content  # read-only view, no input
    response = admin_client.post(url, {"title_th": "แก้ผ่านแอดมิน", "code": item.code, "order": 1})
    assert response.status_code == 403
    assert Item.objects.get(pk=item.pk).title_th == item.title_th


def test_admin_can_copy_then_edit_the_draft(criteria, admin_client):
    admin_client.post(
        reverse("admin:criteria_edition_changelist"), {"action": "copy", "_selected_action": [criteria.pk]}
    )
    draft = Edition.objects.get(status=Edition.Status.DRAFT)
    item = Item.objects.filter(category__edition=draft).first()
    page = admin_client.get(reverse("admin:criteria_item_change", args=[item.pk]))
    assert b'name="title_th"' in page.content


def test_a_copy_carries_the_profile_results_items_and_rule(criteria):
    from criteria.models import ProfileSection, ResultsItem, ResultsRule

    copy = edition_copy(edition=criteria, code="pmqa-next", name_th="ฉบับถัดไป", first_fiscal_year=2571)
    sections = list(ProfileSection.objects.filter(edition=copy).order_by("order"))
    assert [s.code for s in sections] == list(
        ProfileSection.objects.filter(edition=criteria).order_by("order").values_list("code", flat=True)
    )
    assert all(s.parent is None or s.parent.edition_id == copy.pk for s in sections)
    assert ResultsItem.objects.filter(edition=copy).count() == 6
    rule = ResultsRule.objects.get(edition=copy)
    assert rule.steps == ResultsRule.objects.get(edition=criteria).steps and copy.profile_required
    rule.counts_in_overall = True
    rule.save()  # a draft's rule can change
    with pytest.raises(FrozenEditionError):
        ResultsRule.objects.filter(edition=criteria).update(counts_in_overall=True)
    with pytest.raises(FrozenEditionError):
        ResultsItem.objects.create(edition=criteria, code="7.7", order=7, title_th="ใหม่")
