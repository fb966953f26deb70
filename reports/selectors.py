"""Data for the reports, each in a fixed number of queries whatever the number of agencies.

Which score is the result: the reviewers' consensus once the assessment is finalised; before that, reports show
the agency's self-assessment only (and say so). Reviewers' scores of work still in review never reach a report,
a dashboard or an export: they stay on the review pages (see accounts.access.can_see_results).
"""

from dataclasses import dataclass

from accounts.access import assessments_visible_to
from agencies.models import Agency
from assessments import results_scoring, scoring
from assessments import selectors as assessment_selectors
from assessments.models import Answer, Assessment, Cycle, Indicator
from criteria.models import Category, Descriptor, Item, ResultsItem
from criteria.selectors import item_mapping
from reports import priorities
from reviews import selectors as review_selectors
from reviews.models import ItemReview, ResultsReview


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


def cycle_results(cycle, assessments) -> CycleResults:
    """Scores of every assessment given (a queryset of the cycle), self and result. Eight queries; three more when
    the edition counts category 7's results in the overall score (results_scoring.with_results)."""
    edition = cycle.edition
    levels = list(edition.levels.all())
    scale = scoring.Scale.from_rows(levels)
    categories = list(Category.objects.filter(edition=edition).order_by("number"))
    items = list(Item.objects.filter(category__edition=edition).select_related("category"))
    weights = {c.number: c.weight for c in categories}
    mapping = item_mapping(edition.pk)
    found = list(assessments.select_related("agency__ministry", "cycle").order_by("agency__name_th"))
    ids = [a.pk for a in found]
    final_ids = {a.pk for a in found if a.is_final}
    item_of = {i.pk: i for i in items}
    level_code = {lv.pk: lv.code for lv in levels}

    own: dict[int, dict[str, dict]] = {pk: {} for pk in ids}
    for assessment_id, item_id, level_id, fraction in Answer.objects.filter(
        response__assessment_id__in=ids
    ).values_list("response__assessment_id", "response__item_id", "level_id", "fraction"):
        own[assessment_id].setdefault(item_of[item_id].code, {})[level_code[level_id]] = fraction
    reviewed: dict[int, dict[str, dict]] = {pk: {} for pk in final_ids}
    for assessment_id, item_id, fractions in ItemReview.objects.filter(
        is_consensus=True, response__assessment_id__in=final_ids
    ).values_list("response__assessment_id", "response__item_id", "fractions"):
        reviewed[assessment_id][item_of[item_id].code] = fractions

    rule = assessment_selectors.results_rule(edition.pk)
    category_7 = _results_counted(cycle, rule, ids, final_ids, scale)

    def scores(assessment, fractions, *, final=False):
        inputs = [scoring.ItemInput(i.code, i.category.number, fractions.get(i.code, {})) for i in items]
        found = scoring.assessment_scores(
            scale, inputs, target=assessment.target_score, weights=weights, mapping=mapping
        )
        if category_7 is None:
            return found
        rule, results = category_7
        return results_scoring.with_results(rule, scale, found, results(assessment, final), weights=weights)

    level_of = {lv.code: lv for lv in levels}
    results = [
        AgencyResult(
            assessment=a,
            own=scores(a, own[a.pk]),
            result=scores(a, reviewed[a.pk], final=True) if a.pk in final_ids else None,
            categories=categories,
            levels=level_of,
        )
        for a in found
    ]
    return CycleResults(cycle, categories, items, level_of, results, rule)


def _results_counted(cycle, rule, ids, final_ids, scale):
    """When the cycle's edition counts category 7 in the overall score: its rule, and a function giving an
    assessment's category 7 (the rule's score of its indicators, or the reviewers' consensus once final). None
    otherwise (PMQA 4.0): then nothing more is loaded."""
    if rule is None or not rule.counts_in_overall:
        return None
    codes = list(ResultsItem.objects.filter(edition=cycle.edition_id).order_by("order").values_list("code", flat=True))
    indicators: dict[int, dict[str, list]] = {pk: {} for pk in ids}
    for indicator in (
        Indicator.objects.filter(response__assessment_id__in=ids)
        .select_related("response__item")
        .prefetch_related("values")
    ):
        indicators[indicator.response.assessment_id].setdefault(indicator.response.item.code, []).append(
            assessment_selectors.indicator_input(indicator)
        )
    consensus: dict[int, dict[str, int]] = {pk: {} for pk in final_ids}
    for assessment_id, code, score in ResultsReview.objects.filter(
        is_consensus=True, response__assessment_id__in=final_ids
    ).values_list("response__assessment_id", "response__item__code", "score"):
        consensus[assessment_id][code] = score

    def results(assessment, final: bool) -> scoring.Scored:
        target = assessment.target_score
        if final:
            return results_scoring.category_of(
                scale, [consensus[assessment.pk].get(c, 0) for c in codes], target=target
            )
        inputs = [results_scoring.ResultsItemInput(c, indicators[assessment.pk].get(c, [])) for c in codes]
        year = cycle.fiscal_year
        return results_scoring.results_scores(rule, scale, inputs, year=year, target=target).category

    return rule, results


def agency_history(user, agency) -> list[AgencyResult]:
    """The agency's assessments this person reads, oldest cycle first, with scores: one query, then seven per
    cycle (an agency has a handful of cycles, one a year)."""
    history = []
    for cycle in Cycle.objects.filter(assessments__agency=agency).select_related("edition").order_by("fiscal_year"):
        assessments = assessments_visible_to(user).filter(cycle=cycle, agency=agency)
        history.extend(cycle_results(cycle, assessments).agencies)
    return history
