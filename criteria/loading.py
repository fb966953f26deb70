"""Criteria files in fixtures/ ⇄ the database.

`fixtures/pmqa-4.0.json` holds an edition in a readable nested form (see README);
`edition_as_data` turns a stored edition back into that form, so loading can
tell "already there, unchanged" from "the file differs from a published
edition", which is refused. Government 4.0 and the default item mapping are
starting data: rows that already exist (perhaps edited by an administrator) are
left alone.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from criteria.editions import edition_publish
from criteria.immutability import FrozenEditionError
from criteria.models import (
    CapabilityArea,
    Category,
    Descriptor,
    Edition,
    Item,
    ItemMapping,
    Level,
    Quality,
    SuccessFactor,
)

EDITION_FORMAT = "pmqa-edition/1"
GOV40_FORMAT = "government-4.0/1"
MAPPING_FORMAT = "pmqa-mapping/1"


class CriteriaFileError(Exception):
    """A criteria file that cannot be loaded, with a message for the person running the command."""


FORMATS = (GOV40_FORMAT, EDITION_FORMAT, MAPPING_FORMAT)  # the order to load them in


def read_criteria_file(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CriteriaFileError(f"{path}: cannot read it as JSON ({error}).") from error
    if not isinstance(data, dict) or data.get("format") not in FORMATS:
        raise CriteriaFileError(f'{path}: not a criteria file (its "format" should be one of {", ".join(FORMATS)}).')
    return data


# --- editions --------------------------------------------------------------------------


def edition_as_data(edition: Edition) -> dict:
    """The edition in the file format (without "format"), from three queries."""
    levels = list(edition.levels.all())
    code_of_level = {level.pk: level.code for level in levels}
    descriptors = {}
    for d in Descriptor.objects.filter(item__category__edition=edition):
        descriptors.setdefault(d.item_id, {})[code_of_level[d.level_id]] = {"text_th": d.text_th, "text_en": d.text_en}
    categories = []
    for category in edition.categories.prefetch_related("items"):
        categories.append(
            {
                "number": category.number,
                "title_th": category.title_th,
                "title_en": category.title_en,
                "weight": str(category.weight.normalize()),
                "items": [
                    {
                        "code": item.code,
                        "title_th": item.title_th,
                        "title_en": item.title_en,
                        "descriptors": {level.code: descriptors.get(item.pk, {}).get(level.code) for level in levels},
                    }
                    for item in category.items.all()
                ],
            }
        )
    return {
        "edition": {
            "code": edition.code,
            "name_th": edition.name_th,
            "name_en": edition.name_en,
            "first_fiscal_year": edition.first_fiscal_year,
            "source": edition.source,
        },
        "levels": [
            {"code": lv.code, "order": lv.order, "name_th": lv.name_th, "name_en": lv.name_en, "points": lv.points}
            for lv in levels
        ],
        "categories": categories,
    }


def _normalised(data: dict) -> dict:
    """The file's content with optional fields filled in, so equal editions compare equal."""
    data = json.loads(json.dumps({key: value for key, value in data.items() if key != "format"}))
    data["edition"].setdefault("name_en", "")
    data["edition"].setdefault("source", "")
    for level in data.get("levels", []):
        level.setdefault("name_en", "")
    for category in data.get("categories", []):
        category["weight"] = str(Decimal(str(category.get("weight", "1"))).normalize())
        category.setdefault("title_en", "")
        for item in category.get("items", []):
            item.setdefault("title_en", "")
            for text in (item.get("descriptors") or {}).values():
                if text is not None:
                    text.setdefault("text_en", "")
    return data


def differences(stored: dict, incoming: dict, path: str = "") -> list[str]:
    """Where two edition dicts differ, as readable paths such as 'categories[0].items[2].title_th'."""
    if isinstance(stored, dict) and isinstance(incoming, dict):
        found = []
        for key in sorted(set(stored) | set(incoming)):
            found += differences(stored.get(key), incoming.get(key), f"{path}.{key}" if path else key)
        return found
    if isinstance(stored, list) and isinstance(incoming, list) and len(stored) == len(incoming):
        found = []
        for index, (a, b) in enumerate(zip(stored, incoming, strict=True)):
            found += differences(a, b, f"{path}[{index}]")
        return found
    return [] if stored == incoming else [path]


@transaction.atomic
def load_edition(data: dict, *, publish: bool = True) -> tuple[Edition, str]:
    """Create the edition of a criteria file, or confirm it is already there.

    Returns the edition and what happened: "created", "unchanged" or "replaced"
    (a draft edition is rewritten from the file). A published or retired edition
    that differs from the file is refused with FrozenEditionError.
    """
    incoming = _normalised(data)
    edition = Edition.objects.filter(code=incoming["edition"]["code"]).first()
    if edition is not None:
        changed = differences(_normalised(edition_as_data(edition)), incoming)
        if not changed:
            if publish and edition.status == Edition.Status.DRAFT:
                edition_publish(edition=edition)
            return edition, "unchanged"
        if edition.is_frozen:
            error = FrozenEditionError(edition)
            error.differences = changed
            raise error
        edition.delete()
        outcome = "replaced"
    else:
        outcome = "created"
    edition = _create_edition(incoming)
    if publish:
        edition_publish(edition=edition)
    return edition, outcome


def _create_edition(data: dict) -> Edition:
    edition = Edition.objects.create(**data["edition"])
    levels = {row["code"]: Level.objects.create(edition=edition, **row) for row in data["levels"]}
    descriptors = []
    for category_row in data["categories"]:
        item_rows = category_row["items"]
        category = Category.objects.create(edition=edition, **{k: v for k, v in category_row.items() if k != "items"})
        for order, item_row in enumerate(item_rows, start=1):
            item = Item.objects.create(
                category=category,
                order=order,
                code=item_row["code"],
                title_th=item_row["title_th"],
                title_en=item_row.get("title_en", ""),
            )
            for level_code, text in (item_row.get("descriptors") or {}).items():
                if level_code not in levels:
                    raise CriteriaFileError(f"Item {item.code}: unknown level {level_code!r}.")
                if text:
                    descriptors.append(
                        Descriptor(
                            item=item,
                            level=levels[level_code],
                            text_th=text["text_th"],
                            text_en=text.get("text_en", ""),
                        )
                    )
    Descriptor.objects.bulk_create(descriptors)
    return edition


# --- Government 4.0 ----------------------------------------------------------------------


@transaction.atomic
def load_government_40(data: dict) -> int:
    """Create the qualities, capability areas and success factors that are missing. Returns how many."""
    created = 0
    for row in data["qualities"]:
        areas = row["capability_areas"]
        quality, made = Quality.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k not in ("code", "capability_areas")}
        )
        created += made
        for area in areas:
            _, made = CapabilityArea.objects.get_or_create(
                code=area["code"], defaults={"quality": quality, **{k: v for k, v in area.items() if k != "code"}}
            )
            created += made
    for row in data["success_factors"]:
        _, made = SuccessFactor.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
        created += made
    return created


@transaction.atomic
def load_mapping(data: dict) -> int:
    """Give each item of the edition its default mapping unless it already has one. Returns how many were made."""
    edition = Edition.objects.filter(code=data["edition"]).first()
    if edition is None:
        raise CriteriaFileError(f"The mapping is for edition {data['edition']!r}, which is not loaded.")
    items = {item.code: item for item in Item.objects.filter(category__edition=edition).select_related("mapping")}
    factors = {f.code: f for f in SuccessFactor.objects.all()}
    qualities = {q.code: q for q in Quality.objects.all()}
    created = 0
    for code, row in data["items"].items():
        if code not in items:
            raise CriteriaFileError(f"The mapping names item {code}, which edition {edition.code} does not have.")
        unknown = [c for c in row["success_factors"] if c not in factors] + [
            c for c in row["qualities"] if c not in qualities
        ]
        if unknown:
            raise CriteriaFileError(f"Item {code}: unknown Government 4.0 codes {unknown}.")
        if hasattr(items[code], "mapping"):
            continue
        mapping = ItemMapping.objects.create(
            item=items[code], note_th=row.get("note_th", ""), note_en=row.get("note_en", "")
        )
        mapping.success_factors.set([factors[c] for c in row["success_factors"]])
        mapping.qualities.set([qualities[c] for c in row["qualities"]])
        created += 1
    return created
