"""Score rows for the API, a page at a time: the open-data exports' rows (reports/export_scores.score_rows: the
stored scores of the assessments in the person's scope) keyed by the exports' column names, so the API shows
exactly what the exports show."""

from collections.abc import Sequence
from functools import cached_property

from assessments.models import Assessment
from reports import export_scores, exports


class ResultRows(Sequence):
    """The rows of one score table of exports.TABLES ("agencies", "categories" or "items") for the assessments
    given, in agency name order, as a sequence Django's paginator can slice: its length costs one query, a slice
    loads the stored scores of the agencies it covers only (four queries), whatever the number of agencies.

    `categories` and `items` narrow the rows of each agency to those numbers and codes (each agency then has
    `per_agency` rows)."""

    def __init__(self, cycle, assessments, table: str, *, per_agency: int, categories=None, items=None):
        self.cycle, self.table, self.per_agency = cycle, table, per_agency
        self.assessments = assessments.order_by("agency__name_th", "pk")
        self.categories, self.items = categories, items

    def __len__(self):
        return self.length

    @cached_property
    def length(self) -> int:
        return self.assessments.count() * self.per_agency

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        if stop <= start:
            return []
        first, last = start // self.per_agency, (stop - 1) // self.per_agency + 1
        rows = self.rows_of(list(self.assessments.values_list("pk", "agency__code")[first:last]))
        offset = start - first * self.per_agency
        return rows[offset : offset + stop - start]

    def rows_of(self, found: list[tuple[int, str]]) -> list[dict]:
        """The rows of these assessments (id, agency code), in their order (agency name order, as the page counts
        them)."""
        place = {code: n for n, (_pk, code) in enumerate(found)}
        rows = [
            row
            for row in _dicts(self.cycle, Assessment.objects.filter(pk__in=[pk for pk, _code in found]), self.table)
            if (self.categories is None or row["category"] in self.categories)
            and (self.items is None or row["item"] in self.items)
        ]
        rows.sort(key=lambda row: place[row["agency_code"]])  # stable: items stay in their order
        return rows


def _dicts(cycle, assessments, table: str) -> list[dict]:
    columns = list(exports.TABLES[table])
    return [dict(zip(columns, row, strict=True)) for row in export_scores.score_rows(cycle, assessments, table)]


def assessment_result(cycle, assessment) -> dict:
    """One agency's whole result (the `agencies` row, with its `categories` and `items` rows) from the stored
    scores; result columns empty until the assessment is finalised, as in the exports."""
    one = Assessment.objects.filter(pk=assessment.pk)
    common = set(exports.COMMON)
    strip = lambda row: {k: v for k, v in row.items() if k not in common}  # noqa: E731
    return {
        **_dicts(cycle, one, "agencies")[0],
        "categories": [strip(row) for row in _dicts(cycle, one, "categories")],
        "items": [strip(row) for row in _dicts(cycle, one, "items")],
    }
