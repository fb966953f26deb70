"""What an import plan is made of, and the cell readers the agencies and people imports share.

Public names are re-exported by accounts/imports.py, the module callers use.
Messages are gettext'd when the plan is made, in the language active then.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext

ACTIONS = ("create", "update", "unchanged", "error")
FORMULA_SIGNS = ("=", "+", "-", "@")  # (tabs and line ends are stripped from every cell first)


def _is_number(value: str) -> bool:
    return re.fullmatch(r"[+-]?\d+(\.\d+)?", value) is not None


# (spreadsheet row number, that row's values by column name)
NumberedRows = list[tuple[int, dict]]


class ImportFileError(Exception):
    """A file that cannot be read as a table at all; the message is for the person who uploaded it."""


class ImportRefused(Exception):
    """plan_apply checked the rows again and found errors; nothing was written. `.plan` is the fresh plan."""

    def __init__(self, message: str, plan: "ImportPlan"):
        super().__init__(message)
        self.plan = plan


@dataclass
class RowResult:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict  # the row's cells as stripped text, by column name (what plan_apply plans again from)
    action: str = "unchanged"  # one of ACTIONS
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # worth a look before confirming; they block nothing

    def __post_init__(self):
        """Refuse text a spreadsheet would read as a formula: it would run in the next export someone opens."""
        for column, value in self.values.items():
            if isinstance(value, str) and value.startswith(FORMULA_SIGNS) and not _is_number(value):
                self.errors.append(
                    gettext(
                        'The value in column %(column)s begins with "%(sign)s", which spreadsheets read as a formula: '
                        "remove the sign."
                    )
                    % {"column": column, "sign": value[0]}
                )

    def settle(self, *, creates: bool) -> None:
        """Set the action from what the planner found. A row in error promises no changes."""
        if self.errors:
            self.action, self.changes = "error", []
        elif creates:
            self.action = "create"
        else:
            self.action = "update" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    kind: str  # "agencies" | "people"
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def warned(self) -> int:
        return sum(1 for row in self.rows if row.warnings)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


def rows_number(rows: list[dict]) -> NumberedRows:
    """Rows as read_table returns them, numbered as the spreadsheet numbers them."""
    return list(enumerate(rows, start=2))


def rows_clean(numbered: NumberedRows, columns: tuple[str, ...]) -> NumberedRows:
    """Every column as a stripped string; rows with nothing in them are skipped (they keep their numbers)."""
    cleaned = []
    for number, values in numbered:
        row = {column: text_clean(values.get(column)) for column in columns}
        if any(row.values()):
            cleaned.append((number, row))
    return cleaned


def text_clean(value) -> str:
    # Zero-width spaces come along when Thai text is pasted from a word processor.
    return "" if value is None else str(value).replace("\u200b", "").strip()


def columns_check(numbered: NumberedRows, required: tuple[str, ...]) -> list[str]:
    """File errors for a table without rows or without a required column."""
    if not numbered:
        return [gettext("The file has no data rows.")]
    missing = [column for column in required if column not in numbered[0][1]]
    if missing:
        return [gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]
    return []


def choice_key(value: str) -> str:
    """'Public organisation', 'public_organisation' and 'อื่น ๆ' / 'อื่นๆ' compare equal to their table keys."""
    return re.sub(r"[\s_\-]+", "", value.lower())


def value_require(row: RowResult, values: dict, column: str) -> bool:
    if values[column]:
        return True
    value_missing(row, column)
    return False


def value_missing(row: RowResult, column: str) -> None:
    row.errors.append(gettext("Missing value in column %(column)s.") % {"column": column})


def code_check(row: RowResult, values: dict, column: str) -> bool:
    """A required code (agency or ministry): letters, digits, hyphens and underscores, at most 40 characters."""
    if not value_require(row, values, column):
        return False
    try:
        validate_slug(values[column])
    except ValidationError:
        row.errors.append(
            gettext('Malformed code "%(value)s" in column %(column)s: use letters a-z, digits, "-" and "_".')
            % {"value": values[column], "column": column}
        )
        return False
    return length_check(row, values, column, 40)


def length_check(row: RowResult, values: dict, column: str, limit: int) -> bool:
    if len(values[column]) <= limit:
        return True
    row.errors.append(
        gettext("The value in column %(column)s is longer than %(limit)s characters.")
        % {"column": column, "limit": limit}
    )
    return False


def change_describe(name: str, old, new) -> str:
    """E.g. "name_th: 'ก' → 'ข'". Choices show as their stored values."""
    old, new = (str(value) if isinstance(value, str) else value for value in (old, new))
    return f"{name}: {old!r} → {new!r}"
