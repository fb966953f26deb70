"""Editing a draft edition's texts from the administration pages (/manage/editions/).

A page edits a list of *groups*: one row of the edition (the edition itself, a level, a category, an item, a
descriptor, a results item, an organisation profile section) and the fields of it that a person edits. The form
(criteria/manage_forms.py) shows them; `draft_texts_save` writes what changed. Only drafts change: a published or
retired edition is refused here before criteria/immutability.py would refuse it anyway.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Prefetch

from criteria.immutability import FrozenEditionError
from criteria.models import Descriptor, Edition, Item, ProfileSection, ResultsItem

EDITION_FIELDS = ("name_th", "name_en", "first_fiscal_year")
LEVEL_FIELDS = ("name_th", "name_en")
CATEGORY_FIELDS = ("title_th", "title_en")
ITEM_FIELDS = ("title_th", "title_en")
DESCRIPTOR_FIELDS = ("text_th", "text_en")
RESULTS_ITEM_FIELDS = ("title_th", "title_en", "description_th", "description_en")
PROFILE_SECTION_FIELDS = ("title_th", "title_en", "questions_th", "questions_en")


@dataclass
class TextGroup:
    """One row and the fields of it a page edits; `heading` says which row it is."""

    heading: str
    obj: models.Model
    fields: tuple[str, ...]

    def key(self, field: str) -> str:
        return f"{self.obj._meta.model_name}-{self.obj.pk}-{field}"


def edition_groups(edition: Edition) -> list[TextGroup]:
    """The edition's name and first fiscal year, its levels' names and its categories' titles: three queries."""
    groups = [TextGroup(edition.code, edition, EDITION_FIELDS)]
    groups += [TextGroup(f"{level.code} ({level.points})", level, LEVEL_FIELDS) for level in edition.levels.all()]
    groups += [TextGroup(str(c.number), c, CATEGORY_FIELDS) for c in edition.categories.all()]
    return groups


def edition_items(edition: Edition) -> list[Item]:
    """The items to list on the edition's page, with their category."""
    return list(Item.objects.filter(category__edition=edition).select_related("category"))


def get_item(edition: Edition, code: str) -> Item | None:
    descriptors = Descriptor.objects.select_related("level").order_by("level__order")
    return (
        Item.objects.filter(category__edition=edition, code=code)
        .select_related("category")
        .prefetch_related(Prefetch("descriptors", queryset=descriptors))
        .first()
    )


def item_groups(item: Item) -> list[TextGroup]:
    """An item's title and its descriptor for each level."""
    groups = [TextGroup(item.code, item, ITEM_FIELDS)]
    groups += [TextGroup(d.level.name, d, DESCRIPTOR_FIELDS) for d in item.descriptors.all()]
    return groups


def results_groups(edition: Edition) -> list[TextGroup]:
    return [TextGroup(r.code, r, RESULTS_ITEM_FIELDS) for r in ResultsItem.objects.filter(edition=edition)]


def profile_groups(edition: Edition) -> list[TextGroup]:
    return [
        TextGroup(s.number_th, s, PROFILE_SECTION_FIELDS)
        for s in ProfileSection.objects.filter(edition=edition).order_by("order")
    ]


@transaction.atomic
def draft_texts_save(*, edition: Edition, groups: list[TextGroup], values: dict) -> int:
    """Write the fields whose value differs from `values` (keyed by TextGroup.key); return how many rows changed.

    The edition's row is locked first, so a publication cannot slip in between the check and the writes."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_frozen:
        raise FrozenEditionError(locked)
    changed = 0
    for group in groups:
        fields = [name for name in group.fields if getattr(group.obj, name) != values[group.key(name)]]
        if not fields:
            continue
        for name in fields:
            setattr(group.obj, name, values[group.key(name)])
        group.obj.save(update_fields=fields)
        changed += 1
    return changed
