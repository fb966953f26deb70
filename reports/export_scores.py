"""The score tables of the open data (agencies, categories, items) read straight from the stored scores, for the
exports and the API (api/results.py): the rows of selectors.cycle_results (the scores as the reports read them) as
tuples in the order of exports.TABLES, without a Fraction per stored score or a dict per row — a national export's
rows take a tenth of a second instead of half a second.

- Assessments a slice at a time (selectors.CHUNK_AGENCIES) in agency name order, and each slice's scores in one
  query of the one scope the table shows: memory stays flat whatever the agencies.
- Scores and gaps through the one display rule (scoring.score_display / gap_display), once per distinct stored
  fraction (`_score`, `_gap`): the same few numbers recur across agencies and items.
- Scores not stored yet are stored first, as scores.load does.
"""

import logging
from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache

from assessments import scores, scoring
from assessments.models import Assessment, Score
from criteria.models import Category, Item
from reports.exports import BELOW_FIRST_LEVEL
from reports.selectors import CHUNK_AGENCIES

logger = logging.getLogger(__name__)
SCOPES = {"agencies": Score.Scope.OVERALL, "categories": Score.Scope.CATEGORY, "items": Score.Scope.ITEM}
ASSESSMENT = (
    "pk",
    "status",
    "target_score",
    "agency__code",
    "agency__name_th",
    "agency__name_en",
    "agency__kind",
    "agency__ministry__code",
    "agency__ministry__name_th",
)
STORED = ("assessment_id", "side", "key", "numerator", "denominator", "level", "gap_numerator", "gap_denominator")
FINALISED = Assessment.Status.FINALISED


@lru_cache(maxsize=8192)
def _score(numerator: int, denominator: int):
    return scoring.score_display(Fraction(numerator, denominator))


@lru_cache(maxsize=8192)
def _gap(numerator: int | None, denominator: int | None):
    return None if numerator is None else scoring.gap_display(Fraction(numerator, denominator))


def side_display(stored: tuple | None) -> tuple:
    """A stored score (numerator, denominator, level, gap numerator, gap denominator) as its three cells: the score
    rounded down, the level (below_basic under the first), the gap rounded up (None without a target); three
    Nones for a result not there."""
    if stored is None:
        return (None, None, None)
    numerator, denominator, level, gap_numerator, gap_denominator = stored
    return (_score(numerator, denominator), level or BELOW_FIRST_LEVEL, _gap(gap_numerator, gap_denominator))


def score_rows(cycle, assessments, table: str) -> Iterator[tuple]:
    """The rows of one table of scores (exports.TABLES[table]) for the assessments given (a queryset of the cycle,
    narrowed to what the person reads), one at a time. Two queries, then one a slice of agencies."""
    scope = SCOPES[table]
    parts = _parts(cycle, table)
    found = list(assessments.order_by("agency__name_th", "pk").values_list(*ASSESSMENT))
    for start in range(0, len(found), CHUNK_AGENCIES):
        # Within a slice, in Python's order of names, as selectors.cycle_results orders it.
        chunk = sorted(found[start : start + CHUNK_AGENCIES], key=lambda a: a[4])
        stored = _stored(chunk, scope)
        for pk, status, target, *agency in chunk:
            common = (cycle.fiscal_year, agency[0], agency[1], agency[2], agency[4], agency[5])
            own, result = stored[pk, scores.SELF], stored.get((pk, scores.RESULT)) if status == FINALISED else None
            for key, middle in parts:
                if middle is None:  # the agencies table: its kind and status
                    middle = (agency[3], status)
                yield common + middle + (target,) + side_display(own[key]) + side_display(result and result[key])


def _parts(cycle, table: str) -> list[tuple]:
    """(stored key, the cells between the agency and its scores) per row of an agency: one query at most."""
    if table == "agencies":
        return [("", None)]
    if table == "categories":
        found = Category.objects.filter(edition=cycle.edition_id).order_by("number")
        return [(str(c.number), (c.number, c.title_th)) for c in found]
    found = Item.objects.filter(category__edition=cycle.edition_id).select_related("category")
    return [(i.code, (i.category.number, i.code, i.title_th)) for i in found]


def _stored(chunk: list[tuple], scope: str, *, again: bool = True) -> dict[tuple, dict]:
    """{(assessment id, side): {key: stored score}} of one scope for a slice of assessments: one query (three
    when some were not stored yet, which are then stored)."""
    ids = [a[0] for a in chunk]
    found: dict[tuple, dict] = {}
    for assessment_id, side, key, *stored in Score.objects.filter(assessment__in=ids, scope=scope).values_list(*STORED):
        found.setdefault((assessment_id, side), {})[key] = tuple(stored)
    missing = [
        pk
        for pk, status, *_rest in chunk
        if (pk, scores.SELF) not in found or (status == FINALISED and (pk, scores.RESULT) not in found)
    ]
    if missing and again:
        logger.warning("Scores of %s assessments were not stored yet: storing them now.", len(missing))
        scores.store_missing(list(Assessment.objects.filter(pk__in=missing).select_related("cycle")))
        return _stored(chunk, scope, again=False)
    return found
