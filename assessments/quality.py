"""The quality check before submission: errors block it, warnings ask for a confirmation.

Rules (one place):
- error: an item with no claimed level — every level's fraction is 0 %;
- warning: a claim without evidence — some fraction above 0 % but no evidence supports the item;
- warning: a claimed level without narrative — a level with a fraction above 0 % and no text;
- warning: a link that does not parse as an http(s) address;
- warning: an item the team has not marked ready (its status is "not started" or "in progress"): the team's own
  word that it is done, so a submission with items still in progress is a choice the coordinator confirms;
- organisation profile: an empty section is a warning; a profile with every section empty is an error when the
  edition requires a profile (Edition.profile_required), else a warning;
- category 7: a results item without indicators, an indicator without a target, without a value for the cycle's
  fiscal year, or with fewer than the last three years' values, is a warning.
Pure: it works on facts loaded once by `assessment_facts`, `profile_facts` and `results_facts`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Prefetch
from django.utils.translation import gettext as _

ERROR, WARNING = "error", "warning"
NOT_READY = "not_ready"
READY = "ready"  # Response.Status.READY (the models are imported late: the check is pure)


@dataclass(frozen=True)
class ItemFacts:
    code: str
    title: str
    fractions: dict  # level code → 0..100
    narratives: dict  # level code → text
    level_names: dict  # level code → display name
    evidence_count: int
    links: tuple = ()
    status: str = "ready"  # Response.Status
    status_label: str = ""


@dataclass(frozen=True)
class Finding:
    """One finding about an item (`kind` "item"), a profile section ("profile", the section's code) or a results
    item ("results")."""

    severity: str
    item_code: str
    message: str
    kind: str = "item"
    label: str = ""  # what to show for it: the item code, or the section's number
    rule: str = ""  # which rule found it, when a page treats it apart ("not_ready")

    @property
    def shown(self) -> str:
        return self.label or self.item_code


@dataclass(frozen=True)
class SectionFacts:
    code: str
    number: str
    written: bool


@dataclass(frozen=True)
class IndicatorFacts:
    name: str
    has_target: bool
    years: frozenset


@dataclass(frozen=True)
class ResultsFacts:
    code: str
    indicators: tuple


def profile_findings(sections: list[SectionFacts], *, required: bool) -> list[Finding]:
    if sections and not any(s.written for s in sections):
        severity = ERROR if required else WARNING
        first = sections[0]
        return [
            Finding(
                severity,
                first.code,
                _("The organisation profile is empty: write it before submitting."),
                "profile",
                first.number,
            )
        ]
    return [
        Finding(WARNING, s.code, _("This section of the organisation profile is empty."), "profile", s.number)
        for s in sections
        if not s.written
    ]


def results_findings(items: list[ResultsFacts], *, year: int) -> list[Finding]:
    found = []
    series = set(range(year - 2, year + 1))
    for item in items:
        if not item.indicators:
            found.append(Finding(WARNING, item.code, _("No indicators are reported for this results item."), "results"))
        for indicator in item.indicators:
            if not indicator.has_target:
                found.append(
                    Finding(WARNING, item.code, _("“%(name)s” has no target.") % {"name": indicator.name}, "results")
                )
            if year not in indicator.years:
                found.append(
                    Finding(
                        WARNING,
                        item.code,
                        _("“%(name)s” has no value for fiscal year %(year)s.") % {"name": indicator.name, "year": year},
                        "results",
                    )
                )
            elif not series <= indicator.years:
                found.append(
                    Finding(
                        WARNING,
                        item.code,
                        _("“%(name)s” lacks values for some of the last three fiscal years.")
                        % {"name": indicator.name},
                        "results",
                    )
                )
    return found


def _link_parses(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def findings_for(items: list[ItemFacts]) -> list[Finding]:
    found = []
    for item in items:
        claimed = [code for code, fraction in item.fractions.items() if fraction > 0]
        if not claimed:
            found.append(Finding(ERROR, item.code, _("No level is claimed: every level is at 0 %.")))
            continue
        if item.evidence_count == 0:
            found.append(Finding(WARNING, item.code, _("A level is claimed but no evidence supports the item.")))
        for code in claimed:
            if not item.narratives.get(code, "").strip():
                found.append(
                    Finding(
                        WARNING,
                        item.code,
                        _("%(level)s is claimed but says nothing about how the agency works.")
                        % {"level": item.level_names[code]},
                    )
                )
        for url in item.links:
            if not _link_parses(url):
                found.append(
                    Finding(WARNING, item.code, _("The link %(url)s does not look like a web address.") % {"url": url})
                )
    return found + not_ready_findings(items)


def not_ready_findings(items: list[ItemFacts]) -> list[Finding]:
    """A warning for each item the team has not marked ready, whatever else is found about it."""
    return [
        Finding(
            WARNING,
            item.code,
            _("Not marked ready: its status is “%(status)s”.") % {"status": item.status_label or item.status},
            rule=NOT_READY,
        )
        for item in items
        if item.status != READY
    ]


def assessment_facts(assessment) -> list[ItemFacts]:
    """Facts of every item, in three queries."""
    from assessments.models import Answer, Evidence, Response

    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("item")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("level")),
            Prefetch("evidence", queryset=Evidence.objects.only("id", "kind", "url")),
        )
        .order_by("item__category__number", "item__order")
    )
    facts = []
    for response in responses:
        answers = list(response.answers.all())
        evidence = list(response.evidence.all())
        facts.append(
            ItemFacts(
                code=response.item.code,
                title=response.item.title,
                fractions={a.level.code: a.fraction for a in answers},
                narratives={a.level.code: a.narrative for a in answers},
                level_names={a.level.code: a.level.name for a in answers},
                evidence_count=len(evidence),
                links=tuple(e.url for e in evidence if e.kind == Evidence.Kind.LINK),
                status=response.status,
                status_label=str(response.get_status_display()),
            )
        )
    return facts


def profile_facts(assessment) -> list[SectionFacts]:
    """Facts of every section of the organisation profile, in one query."""
    from assessments.models import ProfileAnswer

    answers = ProfileAnswer.objects.filter(assessment=assessment).select_related("section").order_by("section__order")
    return [SectionFacts(a.section.code, a.section.number, bool(a.text.strip())) for a in answers]


def results_facts(assessment) -> list[ResultsFacts]:
    """Facts of every results item and its indicators, in three queries."""
    from assessments.models import Indicator, ResultsResponse

    responses = (
        ResultsResponse.objects.filter(assessment=assessment)
        .select_related("item")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")))
        .order_by("item__order")
    )
    return [
        ResultsFacts(
            r.item.code,
            tuple(
                IndicatorFacts(i.name, i.target is not None, frozenset(v.fiscal_year for v in i.values.all()))
                for i in r.indicators.all()
            ),
        )
        for r in responses
    ]


def quality_check(assessment) -> list[Finding]:
    return (
        profile_findings(profile_facts(assessment), required=assessment.cycle.edition.profile_required)
        + findings_for(assessment_facts(assessment))
        + results_findings(results_facts(assessment), year=assessment.cycle.fiscal_year)
    )
