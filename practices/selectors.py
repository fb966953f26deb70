"""What may be shared and what is shared, read from the stored scores (assessments/scores.py writes them when an
assessment is finalised; nothing here recomputes a score).

A sub-item is eligible when its assessment is finalised and the reviewers' stored result for the item (Score side
result, scope item, key = item code) is at the edition's top level. A shared practice is an eligible item with an
active consent: reopening an assessment removes its result, so its practices disappear until it is final again.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects

from assessments.models import Answer, Assessment, Evidence, Response, Score
from criteria.models import Level
from practices.models import Consent


def _top_level_code():
    """The code of the highest level of the response's edition, as a subquery."""
    return Subquery(
        Level.objects.filter(edition=OuterRef("assessment__cycle__edition")).order_by("-order").values("code")[:1]
    )


def eligible(responses: QuerySet[Response]) -> QuerySet[Response]:
    """The responses of finalised assessments whose stored result is the edition's top level."""
    at_top = Score.objects.filter(
        assessment=OuterRef("assessment"),
        side=Score.Side.RESULT,
        scope=Score.Scope.ITEM,
        key=OuterRef("item__code"),
        level=OuterRef("top_level"),
    )
    return (
        responses.filter(assessment__status=Assessment.Status.FINALISED)
        .annotate(top_level=_top_level_code())
        .filter(Exists(at_top))
    )


def consent_rows(assessment) -> list[Response]:
    """The assessment's eligible items in criteria order, each with `active_consent` (or None) and `history`
    (every consent, newest first). Two queries."""
    responses = list(
        eligible(Response.objects.filter(assessment=assessment))
        .select_related("item__category")
        .prefetch_related(
            Prefetch(
                "practice_consents",
                queryset=Consent.objects.select_related("given_by", "withdrawn_by"),
                to_attr="history",
            )
        )
        .order_by("item__category__number", "item__order")
    )
    for response in responses:
        response.active_consent = next((c for c in response.history if c.is_active), None)
    return responses


def link_evidence(response: Response) -> QuerySet[Evidence]:
    """The item's evidence that is a link: what a coordinator may tick as public when sharing it."""
    return response.evidence.filter(kind=Evidence.Kind.LINK).exclude(url="").order_by("title")


def shared_content(responses) -> list[Response]:
    """The responses with what is shared: `narratives` (answers with text, level order) and `links` (the links
    the coordinator ticked as public in the active consent; none when not shared; uploaded files are never shared).
    Three queries for any number of responses."""
    responses = list(responses)
    prefetch_related_objects(
        responses,
        Prefetch(
            "answers",
            queryset=Answer.objects.exclude(narrative="").select_related("level").order_by("level__order"),
            to_attr="narratives",
        ),
        Prefetch(
            "practice_consents",
            queryset=Consent.objects.active().prefetch_related(
                Prefetch("links", queryset=Evidence.objects.exclude(url="").order_by("title"), to_attr="public")
            ),
            to_attr="active_consents",
        ),
    )
    for response in responses:
        response.links = [link for consent in response.active_consents for link in consent.public]
    return responses


def shared(*, year=None, category=None, item=None, text="") -> QuerySet[Response]:
    """Every shared good practice (an eligible item with an active consent), filtered: fiscal year, category
    number, item code, and text contained in a narrative, the item's title or the agency's name."""
    active = Consent.objects.active().filter(response=OuterRef("pk"))
    found = eligible(Response.objects.filter(Exists(active)))
    if year:
        found = found.filter(assessment__cycle__fiscal_year=year)
    if category:
        found = found.filter(item__category__number=category)
    if item:
        found = found.filter(item__code=item)
    text = (text or "").strip()
    if text:
        narrative = Answer.objects.filter(response=OuterRef("pk"), narrative__icontains=text)
        found = found.filter(
            Exists(narrative)
            | Q(item__title_th__icontains=text)
            | Q(item__title_en__icontains=text)
            | Q(assessment__agency__name_th__icontains=text)
            | Q(assessment__agency__name_en__icontains=text)
        )
    return found.select_related("item__category", "assessment__agency", "assessment__cycle").order_by(
        "-assessment__cycle__fiscal_year", "item__category__number", "item__order", "assessment__agency__name_th"
    )
