"""A sub-item across a cycle, for OPDC: how the finalised assessments the person may read came out (the stored
result level of the item, as assessments/scores.py stored it when each was finalised), which agencies are at each
level, and what the reviewers' consensus remarks most often say (practices/phrases.py)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.models import Assessment, Score
from practices import phrases
from reviews.models import ItemReview

BELOW = ""  # the stored level of an item below the first level


@dataclass
class LevelRow:
    code: str  # "" below the first level
    name: str
    agencies: list  # Agency objects, by name

    @property
    def count(self) -> int:
        return len(self.agencies)


@dataclass
class Synthesis:
    levels: list[LevelRow]  # top level first, then down to below the first level
    total: int
    strengths: list[phrases.Phrase]
    improvements: list[phrases.Phrase]


def finalised(assessments: QuerySet[Assessment], cycle) -> QuerySet[Assessment]:
    return assessments.filter(cycle=cycle, status=Assessment.Status.FINALISED)


def of_item(*, assessments: QuerySet[Assessment], cycle, item, below_name: str, limit: int = 10) -> Synthesis:
    """The synthesis of `item` over `assessments` (those the person reads) finalised in `cycle`. Three queries:
    levels, stored scores with their agencies, consensus remarks."""
    readable = finalised(assessments, cycle)
    levels = list(cycle.edition.levels.order_by("-order"))
    rows = {level.code: LevelRow(level.code, level.name, []) for level in levels}
    rows[BELOW] = LevelRow(BELOW, below_name, [])
    for score in (
        Score.objects.filter(assessment__in=readable, side=Score.Side.RESULT, scope=Score.Scope.ITEM, key=item.code)
        .select_related("assessment__agency")
        .order_by("assessment__agency__name_th")
    ):
        rows.setdefault(score.level, LevelRow(score.level, score.level, [])).agencies.append(score.assessment.agency)
    strengths, improvements = [], []
    for agency_id, strength, improvement in ItemReview.objects.filter(
        is_consensus=True, response__assessment__in=readable, response__item=item
    ).values_list("response__assessment__agency_id", "strengths", "improvements"):
        strengths.append((agency_id, strength))
        improvements.append((agency_id, improvement))
    return Synthesis(
        levels=list(rows.values()),
        total=sum(row.count for row in rows.values()),
        strengths=phrases.common(strengths, limit=limit),
        improvements=phrases.common(improvements, limit=limit),
    )


def counts_by_item(*, assessments: QuerySet[Assessment], cycle) -> dict[str, dict[str, int]]:
    """{item code: {level code: number of agencies}} for the index page: one query."""
    from django.db.models import Count

    out: dict[str, dict[str, int]] = {}
    for key, level, count in (
        Score.objects.filter(
            assessment__in=finalised(assessments, cycle), side=Score.Side.RESULT, scope=Score.Scope.ITEM
        )
        .values_list("key", "level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out.setdefault(key, {})[level] = count
    return out
