"""Score rows for the API, a page at a time, read through the reports' selectors (stored scores, the person's
scope) and shaped by the open-data exports: the API shows exactly what the exports show."""

from collections.abc import Sequence
from functools import cached_property

from assessments.models import Assessment
from reports import exports, selectors


class ResultRows(Sequence):
    """The rows of one score table of exports.TABLES ("agencies", "categories" or "items") for the assessments
    given, in agency name order, as a sequence Django's paginator can slice: its length costs one query, a slice
    loads the stored scores of the agencies it covers only (six queries), whatever the number of agencies.

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
        ids = list(self.assessments.values_list("pk", flat=True)[first:last])
        rows = self.rows_of(ids)
        offset = start - first * self.per_agency
        return rows[offset : offset + stop - start]

    def rows_of(self, ids: list[int]) -> list[dict]:
        results = selectors.cycle_results(
            self.cycle, Assessment.objects.filter(pk__in=ids), items=self.table == "items"
        )
        place = {pk: n for n, pk in enumerate(ids)}
        results.agencies.sort(key=lambda found: place[found.assessment.pk])
        if self.categories is not None:
            results.categories = [c for c in results.categories if c.number in self.categories]
            results.items = [i for i in results.items if i.category.number in self.categories]
        if self.items is not None:
            results.items = [i for i in results.items if i.code in self.items]
        return list(exports.rows(results, self.table))


def assessment_result(cycle, assessment) -> dict:
    """One agency's whole result (the `agencies` row, with its `categories` and `items` rows) from the stored
    scores; result columns empty until the assessment is finalised, as in the exports."""
    results = selectors.cycle_results(cycle, Assessment.objects.filter(pk=assessment.pk))
    common = set(exports.COMMON)
    strip = lambda row: {k: v for k, v in row.items() if k not in common}  # noqa: E731
    return {
        **next(exports.rows(results, "agencies")),
        "categories": [strip(row) for row in exports.rows(results, "categories")],
        "items": [strip(row) for row in exports.rows(results, "items")],
    }
