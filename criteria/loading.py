"""Criteria files in fixtures/ ⇄ the database.

`fixtures/pmqa-4.0.json` holds an edition in a readable nested form (see README):
levels, categories with items and descriptors, the organisation profile's
sections and the results items of category 7 with their scoring rule.
`edition_as_data` turns a stored edition back into that form, so loading can
tell "already there, unchanged" from "the file differs from a published
edition", which is refused. A published edition stored before profiles and
results existed is completed from its file once (immutability.completion).
Government 4.0 and the default item mapping are starting data: rows that
already exist (perhaps edited by an administrator) are left alone.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from criteria.editions import edition_publish
from criteria.immutability import FrozenEditionError, completion
from criteria.models import (
    CapabilityArea,
    Category,
    Descriptor,
    Edition,
    Item,
    ItemMapping,
    Level,
    ProfileSection,
    Quality,
    ResultsItem,
    ResultsRule,
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
    data = {
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
    return data | _profile_as_data(edition) | _results_as_data(edition)


SECTION_FIELDS = ("code", "number_th", "number_en", "title_th", "title_en")
RESULTS_ITEM_FIELDS = ("code", "title_th", "title_en", "description_th", "description_en")
RULE_FIELDS = ("source_th", "source_en", "counts_in_overall", "weight", "met_at_percent", "points_when_met", "steps")


def _profile_as_data(edition: Edition) -> dict:
    """{"profile": {"required", "sections": [nested]}}, or {} for an edition without a profile. One query."""
    sections = list(edition.profile_sections.order_by("order"))
    if not sections:
        return {}
    children: dict = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def nested(parent_id):
        out = []
        for section in children.get(parent_id, []):
            row = {field: getattr(section, field) for field in SECTION_FIELDS}
            if section.pk in children:
                row["sections"] = nested(section.pk)
            else:
                row |= {"questions_th": section.questions_th, "questions_en": section.questions_en}
            out.append(row)
        return out

    return {"profile": {"required": edition.profile_required, "sections": nested(None)}}


def _results_as_data(edition: Edition) -> dict:
    """{"results": {the rule…, "items": [...]}}, or {} for an edition without results. Two queries."""
    rule = ResultsRule.objects.filter(edition=edition).first()
    items = list(edition.results_items.order_by("order"))
    if rule is None and not items:
        return {}
    block = {field: getattr(rule, field) for field in RULE_FIELDS} if rule else {}
    if rule:
        block["weight"], block["met_at_percent"] = str(rule.weight), str(rule.met_at_percent)
    block["items"] = [{field: getattr(item, field) for field in RESULTS_ITEM_FIELDS} for item in items]
    return {"results": block}


def _normalised(data: dict) -> dict:
    """The file's content with optional fields filled in, so equal editions compare equal."""
    data = json.loads(json.dumps({key: value for key, value in data.items() if key != "format"}))
    data["edition"].setdefault("name_en", "")
    data["edition"].setdefault("source", "")
    for level in data.get("levels", []):
        level.setdefault("name_en", "")
    if "profile" in data:
        data["profile"].setdefault("required", True)
        _sections_normalise(data["profile"].get("sections", []))
    if "results" in data:
        block = data["results"]
        for field, default in (("source_th", ""), ("source_en", ""), ("counts_in_overall", False), ("steps", [])):
            block.setdefault(field, default)
        for field, default in (("weight", "1"), ("met_at_percent", "100")):
            block[field] = str(Decimal(str(block.get(field, default))).normalize())
        block.setdefault("points_when_met", 300)
        for step in block["steps"]:
            step["above_percent"] = str(Decimal(str(step["above_percent"])).normalize())
        for item in block.setdefault("items", []):
            for field in ("title_en", "description_th", "description_en"):
                item.setdefault(field, "")
    for category in data.get("categories", []):
        category["weight"] = str(Decimal(str(category.get("weight", "1"))).normalize())
        category.setdefault("title_en", "")
        for item in category.get("items", []):
            item.setdefault("title_en", "")
            for text in (item.get("descriptors") or {}).values():
                if text is not None:
                    text.setdefault("text_en", "")
    return data


def _sections_normalise(sections: list) -> None:
    for section in sections:
        section.setdefault("number_en", "")
        section.setdefault("title_en", "")
        if section.get("sections"):
            _sections_normalise(section["sections"])
        else:
            section.pop("sections", None)
            section.setdefault("questions_th", "")
            section.setdefault("questions_en", "")


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

    Returns the edition and what happened: "created", "unchanged", "replaced"
    (a draft edition is rewritten from the file) or "completed" (a frozen edition
    stored without a profile and results gains them from the file; nothing else
    may differ). A published or retired edition that otherwise differs from the
    file is refused with FrozenEditionError.
    """
    incoming = _normalised(data)
    edition = Edition.objects.filter(code=incoming["edition"]["code"]).first()
    if edition is not None:
        stored = _normalised(edition_as_data(edition))
        additions = {key: incoming[key] for key in ("profile", "results") if key in incoming}
        if additions and not any(key in stored for key in ("profile", "results")):
            rest = {key: value for key, value in incoming.items() if key not in additions}
            if not differences(stored, rest):
                with completion(edition):
                    _additions_create(edition, additions)
                return edition, "completed"
        changed = differences(stored, incoming)
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
    _additions_create(edition, data)
    return edition


def _additions_create(edition: Edition, data: dict) -> None:
    """The organisation profile's sections and the results block of a criteria file, where it has them."""
    if "profile" in data:
        if edition.profile_required != data["profile"]["required"]:
            Edition.objects.filter(pk=edition.pk).update(profile_required=data["profile"]["required"])
            edition.profile_required = data["profile"]["required"]
        _sections_create(edition, data["profile"]["sections"], parent=None, order=iter(range(1, 1000)))
    if "results" in data:
        block = data["results"]
        ResultsRule.objects.create(edition=edition, **{field: block[field] for field in RULE_FIELDS})
        ResultsItem.objects.bulk_create(
            ResultsItem(edition=edition, order=order, **{field: item[field] for field in RESULTS_ITEM_FIELDS})
            for order, item in enumerate(block["items"], start=1)
        )


def _sections_create(edition: Edition, rows: list, *, parent, order) -> None:
    for row in rows:
        section = ProfileSection.objects.create(
            edition=edition,
            parent=parent,
            order=next(order),
            **{field: row[field] for field in SECTION_FIELDS},
            questions_th=row.get("questions_th", ""),
            questions_en=row.get("questions_en", ""),
        )
        _sections_create(edition, row.get("sections", []), parent=section, order=order)


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
