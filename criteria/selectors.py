"""Reading the criteria for pages: each function loads what a page needs in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404

from criteria.models import Descriptor, Edition, Item, ItemMapping, Quality, SuccessFactor


def editions_visible_to(user) -> QuerySet[Edition]:
    """Everyone may read published and retired editions; drafts are for administrators only."""
    from accounts.access import is_administrator  # accounts imports agencies; keep criteria importable alone

    editions = Edition.objects.all()
    if not is_administrator(user):
        editions = editions.exclude(status=Edition.Status.DRAFT)
    return editions


def current_edition(user) -> Edition | None:
    """The published edition that applies to the latest fiscal year."""
    return editions_visible_to(user).filter(status=Edition.Status.PUBLISHED).order_by("-first_fiscal_year").first()


def get_edition_for_user(user, code: str) -> Edition:
    edition = editions_visible_to(user).filter(code=code).first()
    if edition is None:
        raise Http404("No such edition.")
    return edition


def edition_levels(edition: Edition) -> list:
    """The edition's levels in order, read once per edition object: they are kept on it as prefetched, so every
    later `edition.levels.all()` of the same request (scale_of, stored scores' levels, templates) asks nothing
    more. One query the first time, none after."""
    prefetch_related_objects([edition], "levels")
    return list(edition.levels.all())


def _descriptors():
    return Prefetch("descriptors", queryset=Descriptor.objects.select_related("level").order_by("level__order"))


def edition_grid(edition: Edition) -> dict:
    """Levels and categories → items → descriptors, in four queries."""
    items = Item.objects.prefetch_related(_descriptors()).order_by("order")
    return {
        "levels": list(edition.levels.all()),
        "categories": list(edition.categories.prefetch_related(Prefetch("items", queryset=items))),
    }


def get_item(edition: Edition, code: str) -> Item:
    item = (
        Item.objects.filter(category__edition=edition, code=code)
        .select_related("category", "mapping")
        .prefetch_related(_descriptors(), "mapping__success_factors", "mapping__qualities")
        .first()
    )
    if item is None:
        raise Http404("No such item.")
    return item


def neighbours(edition: Edition, item: Item) -> tuple[Item | None, Item | None]:
    codes = list(
        Item.objects.filter(category__edition=edition)
        .order_by("category__number", "order")
        .values_list("code", flat=True)
    )
    index = codes.index(item.code)
    before = codes[index - 1] if index > 0 else None
    after = codes[index + 1] if index + 1 < len(codes) else None
    return before, after


def government_40(edition: Edition) -> dict:
    """Qualities with their capability areas, success factors, and which items of the edition map to each."""
    mappings = list(
        ItemMapping.objects.filter(item__category__edition=edition)
        .select_related("item")
        .prefetch_related("success_factors", "qualities")
        .order_by("item__category__number", "item__order")
    )
    factors = list(SuccessFactor.objects.all())
    qualities = list(Quality.objects.prefetch_related("capability_areas"))
    items_of_factor = {f.pk: [m.item for m in mappings if f in m.success_factors.all()] for f in factors}
    items_of_quality = {q.pk: [m.item for m in mappings if q in m.qualities.all()] for q in qualities}
    return {
        "success_factors": [(f, items_of_factor[f.pk]) for f in factors],
        "qualities": [(q, items_of_quality[q.pk]) for q in qualities],
        "mappings": mappings,
    }


def item_mapping(edition_id) -> dict[str, tuple[set[str], set[str]]]:
    """The edition's item mapping as scoring.assessment_scores takes it: item code → (success-factor codes,
    quality codes). One query of plain values: the mapping is editable, so it is read each time, and reading it
    as model rows with their many-to-many prefetched cost the results page more than its scoring."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    rows = ItemMapping.objects.filter(item__category__edition=edition_id).values_list(
        "item__code", "success_factors__code", "qualities__code"
    )
    for code, factor, quality in rows.order_by():
        factors, qualities = found.setdefault(code, (set(), set()))
        if factor is not None:
            factors.add(factor)
        if quality is not None:
            qualities.add(quality)
    return found
