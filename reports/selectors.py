"""Data for the reports, each in a fixed number of queries whatever the number of agencies. Scores are read as
stored (assessments/scores.py), never recomputed for a report of many agencies.

Which score is the result: the reviewers' consensus once the assessment is finalised; before that, reports show
the agency's self-assessment only (and say so). Reviewers' scores of work still in review never reach a report,
a dashboard or an export: they stay on the review pages (see accounts.access.can_see_results).
"""

from collections import defaultdict
from dataclasses import dataclass

from accounts.access import assessments_visible_to
from agencies.models import Agency
from assessments import results_scoring, scores, scoring
from assessments.models import Assessment, Cycle
from criteria.models import Category, Descriptor, Item, Level, ResultsRule
from reports import priorities
from reviews import selectors as review_selectors


def gap_report(assessment) -> dict:
    """Everything the agency's gap report says: the results page's data, the next level's descriptor per item,
    and the fewest level-ups that reach the target, counted on the result (or the self-assessment before it)."""
    data = review_selectors.results(assessment)
    final = assessment.is_final
    basis = data["reviewed"] if final else data["own"]
    inputs = data["inputs"]["reviewed" if final else "own"]
    scale = data["scale"]
    descriptors = {
        (d.item.code, d.level.code): d
        for d in Descriptor.objects.filter(item__category__edition=assessment.cycle.edition_id).select_related(
            "item", "level"
        )
    }
    fractions_of = {i.code: i.fractions for i in inputs}
    rows = []
    for category, _own, _reviewed, items in data["blocks"]:
        for row in items:
            code = row.response.item.code
            scored = row.reviewed if final else row.own
            next_level = scoring.next_level(scale, fractions_of[code])
            rows.append(
                ReportItem(
                    category=category,
                    row=row,
                    scored=scored,
                    level=data["levels"].get(scored.level),
                    next_level=data["levels"].get(next_level),
                    next_descriptor=descriptors.get((code, next_level)),
                )
            )
    category_7 = data["category_7"]
    counted = category_7["rule"] is not None and category_7["rule"].counts_in_overall
    fixed = (category_7["reviewed" if final else "own"].score, category_7["rule"].weight) if counted else None
    plan = priorities.plan(scale, inputs, target=assessment.target_score, weights=data["weights"], fixed=fixed)
    items_by_code = {r.row.response.item.code: r for r in rows}
    levels = data["levels"]
    return {
        **data,
        "final": final,
        "category_rows": [
            {"category": c, "own": own, "reviewed": rev, "basis": b, "level": levels.get(b.level)}
            for c, own, rev, _items in data["blocks"]
            for b in [rev if final else own]
        ],
        "threshold_rows": [
            {
                "level": lv,
                "reached": basis.overall.score >= lv.points,
                "to_go": scoring.gap(basis.overall.score, lv.points),
            }
            for lv in levels.values()
        ],
        "basis": basis,
        "basis_level": data["levels"].get(basis.overall.level),
        "items": rows,
        "plan": plan,
        "plan_steps": [(step, items_by_code[step.code], data["levels"].get(step.completes)) for step in plan.steps],
    }


@dataclass
class ReportItem:
    category: Category
    row: review_selectors.ResultRow
    scored: scoring.Scored
    level: object
    next_level: object
    next_descriptor: Descriptor | None


# --- many agencies at once ---------------------------------------------------------------------


@dataclass
class AgencyResult:
    """One agency in a cycle: its self-assessment's scores, and the reviewers' result once final (else None)."""

    assessment: Assessment
    own: scoring.AssessmentScores
    result: scoring.AssessmentScores | None
    categories: list[Category]
    levels: dict

    @property
    def agency(self) -> Agency:
        return self.assessment.agency

    @property
    def own_level(self):
        """The self-assessment's overall Level, None below the first level."""
        return self.levels.get(self.own.overall.level)

    @property
    def result_level(self):
        return self.levels.get(self.result.overall.level) if self.result else None

    def result_categories(self) -> list:
        """The result per category in category order, for table rows and the heat map."""
        return [self.result.categories[c.number] for c in self.categories] if self.result else []


@dataclass
class CycleResults:
    cycle: Cycle
    categories: list[Category]
    items: list[Item]
    levels: dict
    agencies: list[AgencyResult]
    results_rule: object = None  # the edition's category 7 rule (results_scoring.ResultsRule), if it has one


def visible_assessments(user, cycle, *, ministry: str = "", kind: str = "", agency: str = ""):
    """The cycle's assessments this person reads, narrowed by a ministry code, an agency kind and an agency code
    when given."""
    assessments = assessments_visible_to(user).filter(cycle=cycle)
    if agency:
        assessments = assessments.filter(agency__code=agency)
    if ministry:
        assessments = assessments.filter(agency__ministry__code=ministry)
    if kind:
        assessments = assessments.filter(agency__kind=kind)
    return assessments


def cycle_results(cycle, assessments, *, items: bool = True, criteria=None) -> CycleResults:
    """Scores of every assessment given (a queryset of the cycle), self and result, as stored when they last
    changed (assessments/scores.py): five queries whatever the number of agencies, nothing recomputed.
    `items=False` leaves out the sub-item scores (dashboards show categories and overall only); `criteria` (from
    `_criteria`) spares reading the edition again."""
    found = list(assessments.select_related("agency__ministry", "cycle__edition"))
    return _results_of(found, items=items, cycles=[cycle], criteria=criteria)[cycle.pk]


CHUNK_AGENCIES = 40  # fewer than a fifth of a national cycle: an export's memory stays that of 40 agencies


def _criteria(editions, *, items: bool):
    """The editions' levels (by code), categories, items (when asked) and results rules, per edition: four
    queries."""
    levels, categories, item_rows = defaultdict(dict), defaultdict(list), defaultdict(list)
    for level in Level.objects.filter(edition__in=editions).order_by("order"):
        levels[level.edition_id][level.code] = level
    for category in Category.objects.filter(edition__in=editions).order_by("number"):
        categories[category.edition_id].append(category)
    if items:
        for item in Item.objects.filter(category__edition__in=editions).select_related("category"):
            item_rows[item.category.edition_id].append(item)
    rules = {
        row.edition_id: results_scoring.ResultsRule.from_row(row)
        for row in ResultsRule.objects.filter(edition__in=editions)
    }
    return levels, categories, item_rows, rules


def _results_of(found: list, *, items: bool, cycles=(), criteria=None) -> dict[int, CycleResults]:
    """CycleResults per cycle (those given, and those of the assessments given, with their agency, ministry, cycle
    and edition), in agency name order: the editions' levels, categories, items and rules, then stored scores."""
    found.sort(key=lambda a: (a.cycle.fiscal_year, a.agency.name_th))
    cycles = {c.pk: c for c in cycles} | {a.cycle_id: a.cycle for a in found}
    levels, categories, item_rows, rules = criteria or _criteria({c.edition_id for c in cycles.values()}, items=items)
    stored = scores.load(found, scopes=scores.EVERY_SCOPE if items else scores.SUMMARY)
    out = {
        pk: CycleResults(
            cycle,
            categories[cycle.edition_id],
            item_rows[cycle.edition_id],
            levels[cycle.edition_id],
            [],
            rules.get(cycle.edition_id),
        )
        for pk, cycle in cycles.items()
    }
    for a in found:
        sides = stored[a.pk]
        result = sides[scores.RESULT]
        out[a.cycle_id].agencies.append(
            AgencyResult(
                assessment=a,
                own=sides[scores.SELF].scores,
                result=result.scores if result else None,
                categories=categories[a.cycle.edition_id],
                levels=levels[a.cycle.edition_id],
            )
        )
    return out


def agency_history(user, agency) -> list[AgencyResult]:
    """The agency's assessments this person reads, oldest cycle first, with their stored scores (categories and
    overall): six queries, however many cycles the agency has."""
    found = list(
        assessments_visible_to(user).filter(agency=agency).select_related("agency__ministry", "cycle__edition")
    )
    by_cycle = _results_of(found, items=False)
    return [entry for results in by_cycle.values() for entry in results.agencies]
