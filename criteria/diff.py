"""What a draft edition changes against the edition it was copied from (the published one, usually).

Rows are matched by what people call them, never by database id: levels by code, categories by number, items and
results items by code (an item's descriptors by their level's code), profile sections by code. For every row
present in both, each compared field whose value differs is listed with its value before and after; rows only in
the draft are "added", rows only in the base "removed". Loads each edition in six queries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from criteria.models import Category, Descriptor, Edition, Item, Level, ProfileSection, ResultsItem

EDITION_COMPARED = ("name_th", "name_en", "first_fiscal_year", "profile_required")
COMPARED = {
    Level: ("name_th", "name_en", "points"),
    Category: ("title_th", "title_en", "weight"),
    Item: ("title_th", "title_en"),
    Descriptor: ("text_th", "text_en"),
    ResultsItem: ("title_th", "title_en", "description_th", "description_en"),
    ProfileSection: ("number_th", "number_en", "title_th", "title_en", "questions_th", "questions_en"),
}


@dataclass
class FieldChange:
    label: str
    before: object
    after: object


@dataclass
class Entry:
    """One row: `status` is "changed", "added" or "removed"."""

    key: str
    title: str
    status: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Section:
    title: str
    entries: list[Entry]


def base_of(edition: Edition) -> Edition | None:
    """What a draft is compared with: the edition it was copied from, else the latest published one."""
    if edition.copied_from_id:
        return Edition.objects.filter(pk=edition.copied_from_id).first()
    return (
        Edition.objects.filter(status=Edition.Status.PUBLISHED)
        .exclude(pk=edition.pk)
        .order_by("-first_fiscal_year")
        .first()
    )


def _shown(value):
    """A yes/no field reads as words; numbers and texts as they are."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _field_changes(model, before, after, names, prefix: str = "") -> list[FieldChange]:
    return [
        FieldChange(f"{prefix}{_label(model, name)}", _shown(getattr(before, name)), _shown(getattr(after, name)))
        for name in names
        if getattr(before, name) != getattr(after, name)
    ]


def _rows(edition: Edition) -> dict:
    descriptors: dict[str, dict[str, Descriptor]] = {}
    for d in Descriptor.objects.filter(item__category__edition=edition).select_related("item", "level"):
        descriptors.setdefault(d.item.code, {})[d.level.code] = d
    return {
        Level: {level.code: level for level in Level.objects.filter(edition=edition)},
        Category: {str(c.number): c for c in Category.objects.filter(edition=edition)},
        Item: {i.code: i for i in Item.objects.filter(category__edition=edition).select_related("category")},
        "descriptors": descriptors,
        ResultsItem: {r.code: r for r in ResultsItem.objects.filter(edition=edition)},
        ProfileSection: {s.code: s for s in ProfileSection.objects.filter(edition=edition).order_by("order")},
    }


def _title(obj) -> str:
    for name in ("title_th", "name_th"):
        if hasattr(obj, name):
            return getattr(obj, name)
    return ""


def _entries(model, before: dict, after: dict, extra=None) -> list[Entry]:
    """Rows in the draft's order, then the removed ones in the base's order."""
    entries = []
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            entries.append(Entry(key, _title(new), "added"))
            continue
        changes = _field_changes(model, old, new, COMPARED[model])
        if extra is not None:
            changes += extra(key)
        if changes:
            entries.append(Entry(key, _title(new), "changed", changes))
    entries += [Entry(key, _title(old), "removed") for key, old in before.items() if key not in after]
    return entries


def _descriptor_changes(before: dict, after: dict, levels: dict):
    def changes(item_code: str) -> list[FieldChange]:
        found = []
        old_by_level, new_by_level = before.get(item_code, {}), after.get(item_code, {})
        for code in dict.fromkeys([*new_by_level, *old_by_level]):
            prefix = f"{levels[code].name if code in levels else code}: "
            old, new = old_by_level.get(code), new_by_level.get(code)
            if old is None or new is None:
                found += [
                    FieldChange(f"{prefix}{_label(Descriptor, n)}", getattr(old, n, ""), getattr(new, n, ""))
                    for n in COMPARED[Descriptor]
                ]
            else:
                found += _field_changes(Descriptor, old, new, COMPARED[Descriptor], prefix)
        return found

    return changes


def edition_changes(*, base: Edition, draft: Edition) -> list[Section]:
    """Every difference between `base` and `draft`, by kind of row; sections without a difference are left out."""
    before, after = _rows(base), _rows(draft)
    edition_entry = _field_changes(Edition, base, draft, EDITION_COMPARED)
    sections = [
        Section(_("Edition"), [Entry(draft.code, draft.name_th, "changed", edition_entry)] if edition_entry else []),
        Section(_("Levels"), _entries(Level, before[Level], after[Level])),
        Section(_("Categories"), _entries(Category, before[Category], after[Category])),
        Section(
            _("Items and their descriptors"),
            _entries(
                Item,
                before[Item],
                after[Item],
                _descriptor_changes(before["descriptors"], after["descriptors"], after[Level] or before[Level]),
            ),
        ),
        Section(_("Results items (category 7)"), _entries(ResultsItem, before[ResultsItem], after[ResultsItem])),
        Section(
            _("Organisation profile sections"),
            _entries(ProfileSection, before[ProfileSection], after[ProfileSection]),
        ),
    ]
    return [section for section in sections if section.entries]
