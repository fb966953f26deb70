"""Read the PMQA 4.0 criteria grid out of seed 004 (Thai text extracted from an OPDC PDF).

How the seed's table is read, line by line (prose and the PMQA 2558 comparison table are ignored):

- Levels: the bullet list under "### ระดับการพัฒนา 3 ระดับ", one line per level:
  ``- <Thai name> <points> คะแนน (<English name>)``.
- Categories: a heading ``หมวด N : <title>``, whatever Markdown decoration surrounds it
  (``###``, ``####`` or ``**...**``).
- Items: a row of four tab-separated cells, the first starting with the item code:
  ``N.M <title>\\t<Basic>\\t<Advance>\\t<Significance>``.
- Split rows: the PDF broke rows 3.2 and 5.4 over two lines. The next row of four cells that does not start
  with an item code continues each cell of the item row above it. The parser keeps the two parts apart
  (``("การประเมินความพึง", "พอใจ,ความผูกพัน")``): whether a join needs a space is a judgement left to the caller.
- The column header row (``\\tBasic\\tAdvance\\tSignificance``) and rows of dashes are layout, not content.

Every cell is stripped of surrounding whitespace; nothing inside a cell is changed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

CELLS = ("title", "basic", "advance", "significance")

_LEVEL_HEADING = "### ระดับการพัฒนา 3 ระดับ"
_LEVEL_LINE = re.compile(r"^- (?P<name_th>\S+) (?P<points>\d+) คะแนน \((?P<name_en>[A-Za-z]+)\)$")
_CATEGORY_LINE = re.compile(r"^[#*\s]*หมวด (?P<number>\d+) : (?P<title>.+?)[*\s]*$")
_ITEM_CODE = re.compile(r"^(?P<code>\d+\.\d+) (?P<title>.+)$")
_DASHES = re.compile(r"^-*$")


@dataclass(frozen=True)
class SeedLevel:
    name_th: str
    points: int
    name_en: str


@dataclass
class SeedItem:
    code: str
    parts: dict[str, tuple[str, ...]]  # cell name (CELLS) -> one part, or two for a row split over two lines

    @property
    def is_split(self) -> bool:
        return any(len(parts) > 1 for parts in self.parts.values())


@dataclass
class SeedCategory:
    number: int
    title: str
    items: list[SeedItem] = field(default_factory=list)


@dataclass
class SeedTable:
    levels: list[SeedLevel]
    categories: list[SeedCategory]

    @property
    def items(self) -> list[SeedItem]:
        return [item for category in self.categories for item in category.items]


class SeedFormatError(ValueError):
    """The seed does not have the layout this reader expects."""


def parse_seed(text: str) -> SeedTable:
    levels: list[SeedLevel] = []
    categories: list[SeedCategory] = []
    in_levels = False
    continuable: SeedItem | None = None  # the item row a continuation row may still extend

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line == _LEVEL_HEADING:
            in_levels = True
            continue
        if in_levels:
            match = _LEVEL_LINE.match(line)
            if match:
                levels.append(SeedLevel(match["name_th"], int(match["points"]), match["name_en"]))
                continue
            in_levels = False

        heading = _CATEGORY_LINE.match(line)
        if heading:
            categories.append(SeedCategory(int(heading["number"]), heading["title"].strip()))
            continuable = None
            continue

        cells = [cell.strip() for cell in raw.split("\t")]
        if len(cells) != len(CELLS) or not categories:
            continue  # prose, or the two-column PMQA 2558 comparison table
        if not cells[0] or all(_DASHES.match(cell) for cell in cells):
            continue  # the column header row, or a rule of dashes
        item = _ITEM_CODE.match(cells[0])
        if item:
            cells[0] = item["title"].strip()
            continuable = SeedItem(item["code"], {name: (cell,) for name, cell in zip(CELLS, cells, strict=True)})
            categories[-1].items.append(continuable)
        elif continuable is not None:
            continuable.parts = {
                name: (*continuable.parts[name], cell) for name, cell in zip(CELLS, cells, strict=True)
            }
            continuable = None
        else:
            raise SeedFormatError(f"line {number}: a row without an item code and no item row to continue")
    return SeedTable(levels, categories)


def read_seed(path: Path) -> SeedTable:
    return parse_seed(Path(path).read_text(encoding="utf-8"))
