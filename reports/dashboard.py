"""A cycle at a glance: counts, distribution, ranking, ministries and the category heat map, from CycleResults.

Pure aggregation over reports.selectors.CycleResults (no queries). Results are the reviewers' consensus of
finalised assessments only; an agency still in progress or in review counts in the statuses, not in the scores.
"""

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from assessments import scoring
from assessments.models import Assessment

# Score bands of the distribution: (lowest score, label). Bands follow the levels: below 300 is below Basic.
BANDS = [(0, "< 300"), (300, "300–349"), (350, "350–399"), (400, "400–449"), (450, "450–499"), (500, "500")]
# Beyond this many agencies the heat map shows ministries (mean of their agencies) rather than agencies.
HEATMAP_AGENCY_ROWS = 40


def mean(values) -> Fraction | None:
    values = list(values)
    return scoring.category_score(values) if values else None


@dataclass
class MinistryRow:
    ministry: object
    agencies: int
    submitted: int
    finalised: int
    mean: Fraction | None
    meeting_target: int
    categories: list


def overview(cycle_results) -> dict:
    agencies = cycle_results.agencies
    final = [a for a in agencies if a.result is not None]
    numbers = [c.number for c in cycle_results.categories]
    statuses = Counter(a.assessment.status for a in agencies)

    def band(score):
        return max(i for i, (low, _label) in enumerate(BANDS) if score >= low)

    bands = Counter(band(a.result.overall.score) for a in final)
    ranking = sorted(final, key=lambda a: (-a.result.overall.score, a.agency.name_th))

    ministries = {}
    for a in agencies:
        ministries.setdefault(a.agency.ministry_id, (a.agency.ministry, []))[1].append(a)
    ministry_rows = []
    for ministry, members in sorted(ministries.values(), key=lambda m: m[0].name_th):
        done = [a for a in members if a.result is not None]
        ministry_rows.append(
            MinistryRow(
                ministry=ministry,
                agencies=len(members),
                submitted=sum(a.assessment.status != Assessment.Status.DRAFT for a in members),
                finalised=len(done),
                mean=mean(a.result.overall.score for a in done),
                meeting_target=sum(a.result.overall.gap == 0 for a in done),
                categories=[mean(a.result.categories[n].score for a in done) for n in numbers],
            )
        )
    by_agency = len(agencies) <= HEATMAP_AGENCY_ROWS or len(ministry_rows) == 1
    if by_agency:
        heat_rows = [(a.agency.name, [a.result.categories[n].score for n in numbers]) for a in ranking]
    else:
        heat_rows = [(m.ministry.name, m.categories) for m in ministry_rows if m.finalised]
    return {
        "total": len(agencies),
        "finalised": len(final),
        "statuses": [(status, label, statuses.get(status, 0)) for status, label in Assessment.Status.choices],
        "bands": [(label, bands.get(i, 0)) for i, (_low, label) in enumerate(BANDS)],
        "mean": mean(a.result.overall.score for a in final),
        "category_means": [
            (c, mean(a.result.categories[c.number].score for a in final)) for c in cycle_results.categories
        ],
        "meeting_target": sum(a.result.overall.gap == 0 for a in final),
        "with_target": sum(a.result.overall.gap is not None for a in final),
        "ranking": ranking,
        "pending": [a for a in agencies if a.result is None],
        "ministries": ministry_rows,
        "heatmap_by_agency": by_agency,
        "heatmap_rows": heat_rows,
    }
