"""The quality check before submission: errors block it, warnings ask for a confirmation.

Rules (one place):
- error: an item with no claimed level — every level's fraction is 0 %;
- warning: a claim without evidence — some fraction above 0 % but no evidence supports the item;
- warning: a claimed level without narrative — a level with a fraction above 0 % and no text;
- warning: a link that does not parse as an http(s) address.
Pure: it works on facts loaded once by `assessment_facts`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Prefetch
from django.utils.translation import gettext as _

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class ItemFacts:
    code: str
    title: str
    fractions: dict  # level code → 0..100
    narratives: dict  # level code → text
    level_names: dict  # level code → display name
    evidence_count: int
    links: tuple = ()


@dataclass(frozen=True)
class Finding:
    severity: str
    item_code: str
    message: str


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
    return found


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
            )
        )
    return facts


def quality_check(assessment) -> list[Finding]:
    return findings_for(assessment_facts(assessment))
