"""The self-assessment report (SAR): everything an agency hands in, gathered once for its PDF and its Word file.

Cover and status, the organisation profile, every sub-item (its descriptors, the narrative and fraction per level,
its evidence), category 7 (results items, indicators with values by year), and an appendix of all evidence with
what each supports. The reviewers' result (consensus scores, strengths, opportunities for improvement) appears only
once the assessment is finalised, as everywhere else (accounts.access.can_see_results for pages).

Loaded in a fixed number of queries, whatever the number of items, evidence or indicators.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from assessments import scoring
from assessments import selectors as assessment_selectors
from assessments.models import Answer, Assessment, Evidence, Response
from criteria.models import Descriptor
from pmqa.templatetags.thai_dates import be_date
from reports.charts_context import indicator_chart
from reviews import selectors as review_selectors
from reviews.models import ItemReview


@dataclass
class LevelEntry:
    level: object
    descriptor: Descriptor | None
    answer: Answer | None


@dataclass
class ItemEntry:
    response: Response
    levels: list[LevelEntry]
    claimed: scoring.Scored
    claimed_level: object
    evidence: list
    result: scoring.Scored | None = None
    review: ItemReview | None = None


@dataclass
class CategoryEntry:
    category: object
    claimed: scoring.Scored
    result: scoring.Scored | None
    items: list = field(default_factory=list)


@dataclass
class EvidenceEntry:
    number: int
    evidence: Evidence
    supports: list[str]  # item codes, section numbers and indicator names, in reading order


def status_line(assessment: Assessment) -> str:
    """What every page of the SAR says about the document's standing."""
    if assessment.is_final:
        return _("Submitted and reviewed: results finalised on %(date)s") % {"date": be_date(assessment.finalised_at)}
    if assessment.status == Assessment.Status.SUBMITTED:
        return _("Submitted on %(date)s, in review") % {"date": be_date(assessment.submitted_at)}
    if assessment.status == Assessment.Status.RETURNED:
        return _("DRAFT: returned for revision, not resubmitted yet")
    return _("DRAFT: not submitted yet")


def sar_data(assessment: Assessment) -> dict:
    """Everything the SAR shows (see the module docstring)."""
    data = review_selectors.results(assessment)
    final = assessment.is_final
    levels = list(assessment.cycle.edition.levels.all())
    responses = list(
        Response.objects.filter(assessment=assessment)
        .select_related("item__category", "owner")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("level")),
            Prefetch("item__descriptors", queryset=Descriptor.objects.select_related("level")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("file").order_by("added_at", "pk")),
        )
        .order_by("item__category__number", "item__order")
    )
    result_rows = {row.response.item.code: row for _c, _o, _r, rows in data["blocks"] for row in rows}
    categories: dict[int, CategoryEntry] = {}
    for category, own, reviewed, _rows in data["blocks"]:
        categories[category.number] = CategoryEntry(category, own, reviewed if final else None)
    for response in responses:
        answers = {a.level.code: a for a in response.answers.all()}
        descriptors = {d.level.code: d for d in response.item.descriptors.all()}
        row = result_rows[response.item.code]
        categories[response.item.category.number].items.append(
            ItemEntry(
                response=response,
                levels=[LevelEntry(lv, descriptors.get(lv.code), answers.get(lv.code)) for lv in levels],
                claimed=row.own,
                claimed_level=data["levels"].get(row.own.level),
                evidence=list(response.evidence.all()),
                result=row.reviewed if final else None,
                review=row.review if final else None,
            )
        )
    profile = assessment_selectors.profile(assessment, details=True)
    category_7 = data["category_7"]
    for entry in category_7["rows"]:
        for indicator, _values in entry.row.table:
            indicator.chart = indicator_chart(indicator, category_7["years"])
    return {
        "assessment": assessment,
        "final": final,
        "status_line": status_line(assessment),
        "levels": levels,
        "level_of": data["levels"],
        "own": data["own"],
        "reviewed": data["reviewed"] if final else None,
        "own_level": data["own_level"],
        "reviewed_level": data["reviewed_level"] if final else None,
        "categories": list(categories.values()),
        "category_7": category_7,
        **profile,
        "evidence_appendix": evidence_appendix(assessment, responses, profile["profile_rows"], category_7),
    }


def evidence_appendix(assessment, responses, profile_rows, category_7) -> list[EvidenceEntry]:
    """Every piece of evidence of the assessment, numbered in the order it was added, with what it supports."""
    supports: dict[int, list[str]] = {}
    for row in profile_rows:
        if row.answer is not None:
            for e in row.answer.evidence.all():
                supports.setdefault(e.pk, []).append(row.section.number)
    for response in responses:
        for e in response.evidence.all():
            supports.setdefault(e.pk, []).append(response.item.code)
    for entry in category_7["rows"]:
        for indicator in entry.row.indicators:
            for e in indicator.evidence.all():
                supports.setdefault(e.pk, []).append(f"{entry.row.response.item.code} {indicator.name}")
    everything = Evidence.objects.filter(assessment=assessment).select_related("file").order_by("added_at", "pk")
    return [EvidenceEntry(n, e, supports.get(e.pk, [])) for n, e in enumerate(everything, start=1)]
