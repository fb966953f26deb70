"""What the assessment pages show, each loaded in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from accounts.models import Membership
from assessments import scoring
from assessments.answers import scale_of
from assessments.models import Answer, Assessment, CategoryOwner, Change, Comment, Evidence, Response
from criteria.models import Descriptor
from reviews.models import ReturnNote


@dataclass
class Row:
    response: Response
    owner: object
    fractions: dict
    claimed_score: object
    claimed_level: object


@dataclass
class CategoryBlock:
    category: object
    owner: object
    rows: list = field(default_factory=list)

    @property
    def ready(self) -> int:
        return sum(1 for row in self.rows if row.response.status == Response.Status.READY)

    @property
    def started(self) -> int:
        return sum(1 for row in self.rows if row.response.status != Response.Status.NOT_STARTED)

    @property
    def percent_ready(self) -> int:
        return round(100 * self.ready / len(self.rows)) if self.rows else 0


def _answers():
    return Prefetch("answers", queryset=Answer.objects.select_related("level"))


def workspace(assessment: Assessment, *, mine_for=None) -> dict:
    """The 6 × 4 grid: per item its owner, status, claimed level, evidence count and last change. Four queries."""
    level_rows = list(assessment.cycle.edition.levels.all())
    scale = scoring.Scale.from_rows(level_rows)
    levels = {level.code: level for level in level_rows}
    owners = {
        co.category_id: co.owner for co in CategoryOwner.objects.filter(assessment=assessment).select_related("owner")
    }
    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("item__category", "owner", "updated_by")
        .prefetch_related(_answers())
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("item__category__number", "item__order")
    )
    blocks: dict[int, CategoryBlock] = {}
    for response in responses:
        category = response.item.category
        block = blocks.setdefault(category.pk, CategoryBlock(category, owners.get(category.pk)))
        fractions = {a.level.code: a.fraction for a in response.answers.all()}
        owner = response.owner or block.owner
        if mine_for is not None and owner != mine_for:
            continue
        level_code = scoring.item_level(scale, fractions)
        block.rows.append(Row(response, owner, fractions, scoring.item_score(scale, fractions), levels.get(level_code)))
    all_rows = [row for block in blocks.values() for row in block.rows]
    ready = sum(1 for row in all_rows if row.response.status == Response.Status.READY)
    return {
        "blocks": list(blocks.values()),
        "ready": ready,
        "total": len(all_rows),
        "percent_ready": round(100 * ready / len(all_rows)) if all_rows else 0,
    }


def item_page(assessment: Assessment, code: str) -> dict | None:
    response = (
        Response.objects.filter(assessment=assessment, item__code=code)
        .select_related("item__category", "owner", "updated_by", "carried_over_from__assessment__cycle")
        .prefetch_related(
            _answers(),
            Prefetch("item__descriptors", queryset=Descriptor.objects.select_related("level")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("file", "added_by")),
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
            Prefetch("changes", queryset=Change.objects.select_related("by")),
            Prefetch(
                "return_notes", queryset=ReturnNote.objects.select_related("request__by").order_by("-request__at")
            ),
        )
        .first()
    )
    if response is None:
        return None
    scale = scale_of(assessment)
    fractions = {a.level.code: a.fraction for a in response.answers.all()}
    attached = {e.pk for e in response.evidence.all()}
    return {
        "response": response,
        "descriptors": {d.level_id: d for d in response.item.descriptors.all()},
        "claimed_score": scoring.item_score(scale, fractions),
        "claimed_level": scoring.item_level(scale, fractions),
        "library": [e for e in Evidence.objects.filter(assessment=assessment) if e.pk not in attached],
        "team": [m.user for m in Membership.objects.filter(agency=assessment.agency).select_related("user")],
    }
