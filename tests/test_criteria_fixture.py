"""fixtures/pmqa-4.0.json against the seed it was typed from (tests/data/seed-004-criteria.txt).

The seed is parsed here (see tests/seed_table.py for how its table is read) and every Thai text of the
fixture is compared with it:

- categories 1 to 5: equal to the seed cell; for the two rows the PDF split over two lines (3.2, 5.4), equal
  to ``first + sep + second`` with ``sep`` either "" (the split fell inside a word) or " " (between phrases);
- category 6: the PDF left line-wrap spaces inside words, so the fixture may drop spaces from the seed's
  text, and do nothing else: no added space, no other character changed.
"""

import json
from pathlib import Path

import pytest

from .seed_table import CELLS, SeedItem, read_seed

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED_COPY = TESTS / "data" / "seed-004-criteria.txt"
SHARED_SEED = REPO.parent / "shared" / "seeds" / "004_73ad3575802a0844.txt"
FIXTURE = REPO / "fixtures" / "pmqa-4.0.json"

LEVEL_CODES = ("basic", "advance", "significance")
ITEM_CODES = [f"{category}.{item}" for category in range(1, 7) for item in range(1, 5)]
WRAPPED_CATEGORY = 6  # the category whose cells carry line-wrap spaces
# How each cell (title, Basic, Advance, Significance) of a split row was joined: "" inside a word, " " between phrases
SPLIT_JOINS = {"3.2": ("", "", "", ""), "5.4": ("", " ", " ", "")}


# --- the comparison rules ------------------------------------------------------------------------------------


def is_joined(text: str, parts: tuple[str, ...]) -> bool:
    """The text is the seed's cell; a cell split over two lines is joined with no space or with one space."""
    if len(parts) == 1:
        return text == parts[0]
    first, second = parts
    return text in (first + second, first + " " + second)


def deletes_only_spaces(source: str, text: str) -> bool:
    """The text is the source with some of its spaces deleted, and nothing else changed."""
    position = 0
    for char in source:
        if position < len(text) and text[position] == char:
            position += 1
        elif char != " ":
            return False
    return position == len(text)


def without_spaces(text: str) -> str:
    return text.replace(" ", "")


def matches_seed(text: str, parts: tuple[str, ...], category: int) -> bool:
    if category != WRAPPED_CATEGORY:
        return is_joined(text, parts)
    source = " ".join(parts)
    return without_spaces(text) == without_spaces(source) and deletes_only_spaces(source, text)


def test_is_joined_accepts_only_the_two_joins():
    assert is_joined("การประเมินความพึงพอใจ", ("การประเมินความพึง", "พอใจ"))
    assert is_joined("พัฒนาคุณธรรม จริยธรรม ทักษะ", ("พัฒนาคุณธรรม จริยธรรม", "ทักษะ"))
    assert not is_joined("การประเมินความพึง  พอใจ", ("การประเมินความพึง", "พอใจ"))
    assert not is_joined("การประเมินความพึงพอใจ ", ("การประเมินความพึง", "พอใจ"))
    assert not is_joined("ระบบการพัฒนา", ("ระบบการพัฒนา", "บุคลากร"))
    assert not is_joined("วิสัยทัศน์ / ยุทธศาสตร์", ("วิสัยทัศน์/ยุทธศาสตร์",))


def test_deleting_spaces_is_the_only_repair_allowed():
    assert deletes_only_spaces("การบูร ณาการ", "การบูรณาการ")
    assert deletes_only_spaces("ภายนอก เพื่อ ตอบสนอง", "ภายนอก เพื่อตอบสนอง")
    assert deletes_only_spaces("ส่วน ราชการ", "ส่วน ราชการ")
    assert not deletes_only_spaces("ส่วนราชการ", "ส่วน ราชการ")  # a space added
    assert not deletes_only_spaces("ภายนอก เพื่อ", "ภายนอกเพื่อ ")  # a space moved
    assert not deletes_only_spaces("การบูร ณาการ", "การบูรนาการ")  # a letter changed
    assert not deletes_only_spaces("การบูร ณาการ", "การบูรณากา")  # a letter dropped


# --- the seed and its copy ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return read_seed(SEED_COPY)


@pytest.fixture(scope="module")
def fixture():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_items(fixture):
    return {item["code"]: item for category in fixture["categories"] for item in category["items"]}


@pytest.fixture(scope="module")
def seed_items(seed) -> dict[str, SeedItem]:
    return {item.code: item for item in seed.items}


def test_seed_copy_equals_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is not present in this checkout")
    assert SEED_COPY.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_table_is_read_completely(seed):
    assert [category.number for category in seed.categories] == [1, 2, 3, 4, 5, 6]
    assert [item.code for item in seed.items] == ITEM_CODES
    assert all(item.code.startswith(f"{category.number}.") for category in seed.categories for item in category.items)
    assert [item.code for item in seed.items if item.is_split] == ["3.2", "5.4"]
    assert all(part for item in seed.items for parts in item.parts.values() for part in parts)
    assert [(level.name_en, level.points) for level in seed.levels] == [
        ("Basic", 300),
        ("Advance", 400),
        ("Significance", 500),
    ]


# --- the fixture against the seed -----------------------------------------------------------------------------


def test_fixture_file_format(fixture):
    assert fixture["format"] == "pmqa-edition/1"
    assert fixture["edition"]["code"] == "pmqa-4-0"
    assert fixture["edition"]["first_fiscal_year"] == 2562
    assert "ก.พ.ร." in fixture["edition"]["source"]
    expected = json.dumps(fixture, ensure_ascii=False, indent=2) + "\n"
    assert FIXTURE.read_text(encoding="utf-8") == expected, "write the file with ensure_ascii=False, indent=2"


def test_levels_match_the_seed(seed, fixture):
    levels = fixture["levels"]
    assert [level["code"] for level in levels] == list(LEVEL_CODES)
    assert [level["order"] for level in levels] == [1, 2, 3]
    assert [level["points"] for level in levels] == [300, 400, 500]
    assert [(level["name_th"], level["name_en"], level["points"]) for level in levels] == [
        (level.name_th, level.name_en, level.points) for level in seed.levels
    ]


def test_category_titles_match_the_seed(seed, fixture):
    assert [category["number"] for category in fixture["categories"]] == [c.number for c in seed.categories]
    for ours, theirs in zip(fixture["categories"], seed.categories, strict=True):
        assert matches_seed(ours["title_th"], (theirs.title,), theirs.number), (ours["title_th"], theirs.title)
        assert ours["title_en"].strip()
        assert ours["weight"] == "1"


def test_item_codes_are_in_order(fixture):
    for category in fixture["categories"]:
        assert all(item["code"].startswith(f"{category['number']}.") for item in category["items"])
    assert [item["code"] for category in fixture["categories"] for item in category["items"]] == ITEM_CODES


@pytest.mark.parametrize("code", ITEM_CODES)
def test_item_matches_the_seed(code, seed_items, fixture_items):
    seed_item, item = seed_items[code], fixture_items[code]
    category = int(code.split(".")[0])
    assert set(item["descriptors"]) == set(LEVEL_CODES)
    texts = {"title": item["title_th"]} | {level: item["descriptors"][level]["text_th"] for level in LEVEL_CODES}
    for cell in CELLS:
        assert matches_seed(texts[cell], seed_item.parts[cell], category), (cell, texts[cell], seed_item.parts[cell])


@pytest.mark.parametrize("code", sorted(SPLIT_JOINS))
def test_split_rows_are_joined_as_judged(code, seed_items, fixture_items):
    item = fixture_items[code]
    texts = [item["title_th"]] + [item["descriptors"][level]["text_th"] for level in LEVEL_CODES]
    for cell, text, sep in zip(CELLS, texts, SPLIT_JOINS[code], strict=True):
        first, second = seed_items[code].parts[cell]
        assert text == first + sep + second, (cell, text)


def test_every_text_is_present_and_trimmed(fixture):
    texts = []
    for category in fixture["categories"]:
        texts += [category["title_th"], category["title_en"]]
        for item in category["items"]:
            texts += [item["title_th"], item["title_en"]]
            texts += [item["descriptors"][level][key] for level in LEVEL_CODES for key in ("text_th", "text_en")]
    assert len(texts) == 6 * 2 + 24 * 2 + 72 * 2
    assert all(isinstance(text, str) and text and text == text.strip() and "  " not in text for text in texts)
