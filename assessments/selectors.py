"""What the assessment pages show, each loaded in a fixed number of queries."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html

from accounts import access
from accounts.models import User
from assessments import results_scoring, revisions, scoring
from assessments.answers import scale_of
from assessments.indicators import years_of
from assessments.models import (
    Answer,
    Assessment,
    CategoryOwner,
    Change,
    Comment,
    Evidence,
    Indicator,
    ProfileAnswer,
    Response,
    ResultsResponse,
)
from assessments.templatetags.labels import status_badge_class
from criteria.models import Descriptor, Item, ProfileSection, ResultsRule
from criteria.selectors import edition_levels
from reviews.models import ProfileComment, ReturnNote


@dataclass
class Row:
    """An item of the workspace. The page shows each row twice (a table on wide screens, a card on phones): what
    both show is worked out once, here, not by the template twice."""

    response: Response
    owner: object
    fractions: dict
    claimed_score: object
    claimed_level: object
    url: str = ""

    @cached_property
    def heading(self) -> str:
        """The item's code and title, as the link to it reads."""
        return format_html('<span class="item-code">{}</span> {}', self.response.item.code, self.response.item.title)

    @cached_property
    def badge(self) -> str:
        """The status badge, coloured as _status_badge.html colours it."""
        status = self.response.status
        return format_html(
            '<span class="badge {}">{}</span>', status_badge_class(status), self.response.get_status_display()
        )

    @cached_property
    def claimed(self) -> str:
        """The claimed score (the score filter's rule, localised as a template shows a number) with its level's
        badge and name, or "—" when nothing is claimed."""
        if not self.claimed_score:
            return "—"
        shown = localize(scoring.score_display(self.claimed_score))
        level = self.claimed_level
        if level is None:
            return shown
        return format_html('<span class="level-badge level-{}">{}</span> {}', level.code, shown, level.name)


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


def effective_owner(response: Response, category_owner):
    """Who answers for an item: its own owner, else the owner of its category (เจ้าภาพหมวด), else nobody. The
    workspace, its "my items" filter and the item page all go by this."""
    return response.owner or category_owner


def with_neighbours(responses):
    """Each response annotated with the codes of the items before and after it in the criteria's order (categories
    by number, items by order within them): `previous_code`, `next_code` (None at either end). No extra query."""
    items = Item.objects.filter(category__edition=OuterRef("item__category__edition"))
    number, order = OuterRef("item__category__number"), OuterRef("item__order")
    before = items.filter(Q(category__number__lt=number) | Q(category__number=number, order__lt=order))
    after = items.filter(Q(category__number__gt=number) | Q(category__number=number, order__gt=order))
    return responses.annotate(
        previous_code=Subquery(before.order_by("-category__number", "-order").values("code")[:1]),
        next_code=Subquery(after.order_by("category__number", "order").values("code")[:1]),
    )


def with_last_return(responses):
    """Each response annotated with `last_return_pk`, the id of the assessment's latest return (None if never
    returned): item changes after it are the revision the reviewers asked for. No extra query."""
    returns = Change.objects.filter(assessment=OuterRef("assessment"), action=Change.Action.RETURNED)
    return responses.annotate(last_return_pk=Subquery(returns.order_by("-pk").values("pk")[:1]))


def workspace(assessment: Assessment, *, mine_for=None) -> dict:
    """The 6 × 4 grid: per item its owner, status, claimed level, evidence count and last change. Six queries,
    parts_summary's included."""
    level_rows = edition_levels(assessment.cycle.edition)
    scale = scoring.Scale.from_rows(level_rows)
    levels = {level.code: level for level in level_rows}
    owners = {
        co.category_id: co.owner for co in CategoryOwner.objects.filter(assessment=assessment).select_related("owner")
    }
    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("item__category", "owner", "updated_by")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("item__category__number", "item__order")
    )
    # The fractions as plain values (the page shows no answer's text): no Answer or Level rows to build.
    code_of = {level.pk: level.code for level in level_rows}
    fractions_of: dict[int, dict] = {}
    for response_id, level_id, fraction in Answer.objects.filter(response__assessment=assessment).values_list(
        "response_id", "level_id", "fraction"
    ):
        fractions_of.setdefault(response_id, {})[code_of[level_id]] = fraction
    link = {"year": assessment.cycle.fiscal_year, "code": assessment.agency.code}
    blocks: dict[int, CategoryBlock] = {}
    for response in responses:
        category = response.item.category
        block = blocks.setdefault(category.pk, CategoryBlock(category, owners.get(category.pk)))
        fractions = fractions_of.get(response.pk, {})
        owner = effective_owner(response, block.owner)
        if mine_for is not None and owner != mine_for:
            continue
        level_code = scoring.item_level(scale, fractions)
        url = reverse("assessments:item", kwargs={**link, "item": response.item.code})
        block.rows.append(
            Row(response, owner, fractions, scoring.item_score(scale, fractions), levels.get(level_code), url)
        )
    all_rows = [row for block in blocks.values() for row in block.rows]
    ready = sum(1 for row in all_rows if row.response.status == Response.Status.READY)
    return {
        "blocks": list(blocks.values()),
        "ready": ready,
        "total": len(all_rows),
        "percent_ready": round(100 * ready / len(all_rows)) if all_rows else 0,
        **parts_summary(assessment),
    }


def parts_summary(assessment: Assessment) -> dict:
    """How far the organisation profile and category 7 are: sections and results items ready, of how many, and
    the number of indicators. Two queries."""
    ready = Response.Status.READY
    profile_counts = ProfileAnswer.objects.filter(assessment=assessment).aggregate(
        total=Count("pk"), ready=Count("pk", filter=Q(status=ready)), written=Count("pk", filter=~Q(text=""))
    )
    results_counts = ResultsResponse.objects.filter(assessment=assessment).aggregate(
        total=Count("pk", distinct=True),
        ready=Count("pk", filter=Q(status=ready), distinct=True),
        indicators=Count("indicators", distinct=True),
    )
    return {"profile_summary": profile_counts, "results_summary": results_counts}


def item_page(assessment: Assessment, code: str) -> dict | None:
    """One item for the team: answers, descriptors, evidence, comments, history, its neighbours, its effective
    owner and what changed since the last return, the reviewers' notes while it is returned; the evidence library
    and the team."""
    category_owner = CategoryOwner.objects.filter(assessment=assessment, category=OuterRef("item__category"))
    responses = with_last_return(with_neighbours(Response.objects.filter(assessment=assessment, item__code=code)))
    related = [
        _answers(),
        Prefetch("item__descriptors", queryset=Descriptor.objects.order_by()),  # looked up by level_id: no join
        Prefetch("evidence", queryset=Evidence.objects.select_related("file", "added_by")),
        Prefetch("comments", queryset=Comment.objects.select_related("author")),
        Prefetch("changes", queryset=Change.objects.select_related("by")),
    ]
    if assessment.status == Assessment.Status.RETURNED:  # the page shows the reviewers' notes only then
        related.append(
            Prefetch("return_notes", queryset=ReturnNote.objects.select_related("request__by").order_by("-request__at"))
        )
    response = (
        responses.annotate(category_owner_pk=Subquery(category_owner.values("owner")[:1]))
        .select_related("item__category", "owner", "updated_by", "carried_over_from__assessment__cycle")
        .prefetch_related(*related)
        .first()
    )
    if response is None:
        return None
    scale = scale_of(assessment)
    fractions = {a.level.code: a.fraction for a in response.answers.all()}
    attached = {e.pk for e in response.evidence.all()}
    team = access.team_people(assessment)
    level_names = {a.level.code: a.level.name for a in response.answers.all()}
    return {
        "response": response,
        "descriptors": {d.level_id: d for d in response.item.descriptors.all()},
        "claimed_score": scoring.item_score(scale, fractions),
        "claimed_level": scoring.item_level(scale, fractions),
        "library": [e for e in Evidence.objects.filter(assessment=assessment) if e.pk not in attached],
        "team": team,
        "owner": effective_owner(response, _person(response.category_owner_pk, team)),
        "owner_is_category_owner": response.owner_id is None and response.category_owner_pk is not None,
        "level_names": level_names,
        "revision": revisions.item_revision(
            response.changes.all(), since_pk=response.last_return_pk, level_names=level_names
        ),
    }


def _person(pk, known):
    """The person `pk` among those already loaded (the team), else from the database (an owner who has left)."""
    if pk is None:
        return None
    return next((p for p in known if p.pk == pk), None) or User.objects.filter(pk=pk).first()


# --- The organisation profile -----------------------------------------------------------------


@dataclass
class ProfileRow:
    """A section of the profile in reading order: a heading (answer None) or a section the agency writes."""

    section: ProfileSection
    depth: int
    answer: ProfileAnswer | None = None


def profile(assessment: Assessment, *, details: bool = False) -> dict:
    """Every section of the edition's profile in order, with the agency's answers and their evidence counts.
    Two queries; with `details`, four more: each answer's evidence and the reviewers' comments."""
    sections = list(ProfileSection.objects.filter(edition=assessment.cycle.edition_id).order_by("order"))
    answers = (
        ProfileAnswer.objects.filter(assessment=assessment)
        .select_related("owner", "updated_by")
        .annotate(evidence_count=Count("evidence", distinct=True))
    )
    if details:
        answers = answers.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("file").order_by("added_at", "pk")),
            Prefetch("review_comments", queryset=ProfileComment.objects.select_related("author")),
        )
    answers = {a.section_id: a for a in answers}
    depth = {}
    rows = []
    for section in sections:
        depth[section.pk] = depth[section.parent_id] + 1 if section.parent_id else 0
        rows.append(ProfileRow(section, depth[section.pk], answers.get(section.pk)))
    written = [row.answer for row in rows if row.answer is not None]
    ready = sum(1 for a in written if a.status == Response.Status.READY)
    return {
        "profile_rows": rows,
        "profile_ready": ready,
        "profile_total": len(written),
        "profile_empty": sum(1 for a in written if not a.text.strip()),
    }


def profile_section_page(assessment: Assessment, code: str) -> dict | None:
    """One section for the team: its text, evidence, history, return notes and the evidence library."""
    answer = (
        ProfileAnswer.objects.filter(assessment=assessment, section__code=code)
        .select_related("section__parent__parent", "owner", "updated_by", "carried_over_from__assessment__cycle")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("file", "added_by")),
            Prefetch("changes", queryset=Change.objects.select_related("by")),
            Prefetch(
                "return_notes", queryset=ReturnNote.objects.select_related("request__by").order_by("-request__at")
            ),
            Prefetch("review_comments", queryset=ProfileComment.objects.select_related("author")),
        )
        .first()
    )
    if answer is None:
        return None
    attached = {e.pk for e in answer.evidence.all()}
    codes = list(
        ProfileAnswer.objects.filter(assessment=assessment)
        .order_by("section__order")
        .values_list("section__code", flat=True)
    )
    index = codes.index(code)
    return {
        "answer": answer,
        "section": answer.section,
        "library": [e for e in Evidence.objects.filter(assessment=assessment) if e.pk not in attached],
        "team": access.team_people(assessment),
        "previous_code": codes[index - 1] if index else None,
        "next_code": codes[index + 1] if index + 1 < len(codes) else None,
    }


# --- Category 7: results ----------------------------------------------------------------------


@dataclass
class ResultsRow:
    """A results item of the assessment with its indicators (values prefetched), the rule's score of them, and
    per indicator its values in the cycle's years (None where there is none)."""

    response: ResultsResponse
    indicators: list
    score: results_scoring.ResultsItemScore
    table: list = field(default_factory=list)  # [(indicator, [value or None per year of `years`])]


def results_rule(edition_id) -> results_scoring.ResultsRule | None:
    row = ResultsRule.objects.filter(edition=edition_id).first()
    return results_scoring.ResultsRule.from_row(row) if row else None


def indicator_input(indicator: Indicator) -> results_scoring.IndicatorInput:
    return results_scoring.IndicatorInput(
        indicator.target, indicator.direction, {v.fiscal_year: v.value for v in indicator.values.all()}
    )


def results(assessment: Assessment, *, evidence: bool = True) -> dict:
    """Category 7 of one assessment: every results item with its indicators, and their scores by the edition's
    rule (the agency's own claim; the reviewers' result is in reviews.selectors). Six queries; five without
    `evidence` (each indicator's evidence, which only the pages of one results item show)."""
    rule_row = ResultsRule.objects.filter(edition=assessment.cycle.edition_id).first()
    related = ["values"]
    if evidence:
        related.append(Prefetch("evidence", queryset=Evidence.objects.select_related("file")))
    responses = list(
        ResultsResponse.objects.filter(assessment=assessment)
        .select_related("item", "owner", "updated_by")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related(*related)))
        .order_by("item__order")
    )
    years = list(years_of(assessment.cycle))
    if rule_row is None or not responses:
        return {
            "results_rows": [],
            "results_rule": None,
            "results_rule_row": rule_row,
            "results_scores": None,
            "years": years,
        }
    rule = results_scoring.ResultsRule.from_row(rule_row)
    inputs = [
        results_scoring.ResultsItemInput(r.item.code, [indicator_input(i) for i in r.indicators.all()])
        for r in responses
    ]
    scores = results_scoring.results_scores(
        rule,
        scoring.Scale.from_rows(edition_levels(assessment.cycle.edition)),
        inputs,
        year=assessment.cycle.fiscal_year,
        target=assessment.target_score,
    )
    rows = []
    for r in responses:
        found = list(r.indicators.all())
        table = [(i, [values.get(year) for year in years]) for i in found for values in [indicator_input(i).values]]
        rows.append(ResultsRow(r, found, scores.items[r.item.code], table))
    return {
        "results_rows": rows,
        "results_rule": rule,
        "results_rule_row": rule_row,
        "results_scores": scores,
        "years": years,
    }
