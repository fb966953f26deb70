"""Lifecycle of an edition: draft → published → retired, and copying to start a new one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import (
    Category,
    Descriptor,
    Edition,
    Item,
    ItemMapping,
    Level,
    ProfileSection,
    ResultsItem,
    ResultsRule,
)


class EditionIncomplete(ValidationError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("The edition is incomplete: %(problems)s."), params={"problems": "; ".join(problems)})


def edition_problems(edition: Edition) -> list[str]:
    """What keeps an edition from being published."""
    problems = []
    levels = list(edition.levels.all())
    if not levels:
        problems.append(_("it has no levels"))
    items = list(Item.objects.filter(category__edition=edition).prefetch_related("descriptors"))
    if not items:
        problems.append(_("it has no items"))
    for item in items:
        present = {d.level_id for d in item.descriptors.all() if d.text_th.strip()}
        missing = [level.code for level in levels if level.pk not in present]
        if missing:
            problems.append(
                _("item %(item)s has no Thai descriptor for %(levels)s")
                % {"item": item.code, "levels": ", ".join(level.name for level in levels if level.code in missing)}
            )
    return problems


@transaction.atomic
def edition_publish(*, edition: Edition) -> Edition:
    """Freeze a draft edition. It must be complete: every item has a descriptor for every level."""
    if edition.status != Edition.Status.DRAFT:
        raise ValueError(f"Only a draft edition can be published; {edition.code} is {edition.status}.")
    problems = edition_problems(edition)
    if problems:
        raise EditionIncomplete(problems)
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at"])
    return edition


@transaction.atomic
def edition_retire(*, edition: Edition) -> Edition:
    if edition.status != Edition.Status.PUBLISHED:
        raise ValueError(f"Only a published edition can be retired; {edition.code} is {edition.status}.")
    edition.status = Edition.Status.RETIRED
    edition.save(update_fields=["status"])
    return edition


@transaction.atomic
def edition_copy(*, edition: Edition, code: str, name_th: str, name_en: str = "", first_fiscal_year: int) -> Edition:
    """A new draft edition with the same levels, categories, items, descriptors, Government 4.0 mapping,
    organisation profile sections, results items and results rule."""
    copy = Edition.objects.create(
        code=code,
        name_th=name_th,
        name_en=name_en,
        first_fiscal_year=first_fiscal_year,
        source=edition.source,
        copied_from=edition,
        profile_required=edition.profile_required,
    )
    levels = {}
    for level in edition.levels.all():
        levels[level.pk] = Level.objects.create(
            edition=copy,
            code=level.code,
            order=level.order,
            name_th=level.name_th,
            name_en=level.name_en,
            points=level.points,
        )
    items = {}
    for category in edition.categories.prefetch_related("items"):
        new_category = Category.objects.create(
            edition=copy,
            number=category.number,
            title_th=category.title_th,
            title_en=category.title_en,
            weight=category.weight,
        )
        for item in category.items.all():
            items[item.pk] = Item.objects.create(
                category=new_category,
                code=item.code,
                order=item.order,
                title_th=item.title_th,
                title_en=item.title_en,
            )
    Descriptor.objects.bulk_create(
        Descriptor(item=items[d.item_id], level=levels[d.level_id], text_th=d.text_th, text_en=d.text_en)
        for d in Descriptor.objects.filter(item__category__edition=edition)
    )
    mappings = ItemMapping.objects.filter(item__category__edition=edition).prefetch_related(
        "success_factors", "qualities"
    )
    for mapping in mappings:
        new_mapping = ItemMapping.objects.create(
            item=items[mapping.item_id], note_th=mapping.note_th, note_en=mapping.note_en
        )
        new_mapping.success_factors.set(mapping.success_factors.all())
        new_mapping.qualities.set(mapping.qualities.all())
    _profile_and_results_copy(edition, copy)
    return copy


def _profile_and_results_copy(edition: Edition, copy: Edition) -> None:
    sections = {}
    for section in edition.profile_sections.order_by("order"):  # parents come before their children
        sections[section.pk] = ProfileSection.objects.create(
            edition=copy,
            parent=sections.get(section.parent_id),
            **{f: getattr(section, f) for f in ("code", "order", "number_th", "number_en", "title_th", "title_en")},
            questions_th=section.questions_th,
            questions_en=section.questions_en,
        )
    ResultsItem.objects.bulk_create(
        ResultsItem(
            edition=copy,
            **{
                f: getattr(item, f)
                for f in ("code", "order", "title_th", "title_en", "description_th", "description_en")
            },
        )
        for item in edition.results_items.all()
    )
    rule = ResultsRule.objects.filter(edition=edition).first()
    if rule is not None:
        rule.pk, rule.edition = None, copy
        rule.save()
