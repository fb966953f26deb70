"""Searching the index within what a person may read (accounts/access.py).

A query is cut into words exactly as the documents were (segment.py). A document matches when it holds every word
of the query, whole or as part of a longer word (partial words: "ออนไล" finds "ออนไลน์").
- PostgreSQL: the stored tsvector answers through its GIN index, each word whole or as the start of a word
  (`vector @@ 'a':* & 'b':*`). Only a word the index holds nowhere, not even as the start of a word, is looked for
  inside words with ILIKE (pg_trgm's GIN index): one quick query decides which (`_known`), so a frequent word
  never pays for a scan of every document's text. Ranked by ts_rank_cd, which rewards the words close together,
  plus one for the words side by side as typed (the phrase).
- Other databases (SQLite): LIKE on the space-joined words; ranked by how many query words are whole words of the
  document, plus the phrase bonus.
Ties go to the latest cycle. A broad query counts its matches up to COUNT_LIMIT ("more than 1,000") and then lists
the agencies of its best COUNT_LIMIT matches: neither has to read every match of a word found in most documents.
Who sees what: access.assessments_visible_to (team: their agency; reviewers: the agency-cycles assigned to them;
executives and administrators: their scope), and the reviewers' consensus feedback only while the assessment is
final (index.py adds it at finalisation and removes it on reopening; `scoped` checks the status again).
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from accounts import access
from assessments.models import Assessment, Score
from search import segment
from search.models import REVIEW_KINDS, SearchDocument

MAX_WORDS = 12  # a pasted paragraph is not a query: its first words are
COUNT_LIMIT = 1000  # matches counted; beyond it the page says "more than 1,000"
TABLE = '"search_searchdocument"'
_TSQUERY_SPECIAL = re.compile(r"[':&|!()<>*\\]")


@dataclass
class Filters:
    year: int | None = None
    category: int | None = None
    item: str = ""
    ministry: int | None = None
    level: str | None = None  # a level code reached; "" for below the first level; None for any
    kind: str = ""


@dataclass
class Found:
    total: int  # at most COUNT_LIMIT
    more: bool = False  # more than COUNT_LIMIT matched
    documents: list = field(default_factory=list)
    agencies: list = field(default_factory=list)  # [{agency code, names, year, hits}], most hits first
    words: list = field(default_factory=list)


def query_words(text: str) -> list[str]:
    """The query's words, as the index holds them, once each, in order."""
    words = []
    for word in segment.tokens(text):
        word = _TSQUERY_SPECIAL.sub("", word)
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def scoped(user, *, assessment: Assessment | None = None):
    """The documents the person may read (of one assessment when given); reviewers' feedback only once final."""
    documents = SearchDocument.objects.filter(assessment__in=access.assessments_visible_to(user)).exclude(
        Q(kind__in=REVIEW_KINDS) & ~Q(assessment__status=Assessment.Status.FINALISED)
    )
    if assessment is not None:
        documents = documents.filter(assessment=assessment)
    return documents


def filtered(documents, filters: Filters):
    if filters.year:
        documents = documents.filter(assessment__cycle__fiscal_year=filters.year)
    if filters.ministry:
        documents = documents.filter(assessment__agency__ministry_id=filters.ministry)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.category:
        n = filters.category
        documents = documents.filter(
            Q(response__item__category__number=n)
            | Q(pk__in=SearchDocument.objects.filter(evidence__responses__item__category__number=n).values("pk"))
        )
    if filters.item:
        code = filters.item
        documents = documents.filter(
            Q(response__item__code=code)
            | Q(pk__in=SearchDocument.objects.filter(evidence__responses__item__code=code).values("pk"))
        )
    if filters.level is not None:
        documents = documents.filter(assessment__in=_reaching(filters.level))
    return documents


def _reaching(level_code: str):
    """Assessments whose overall level is `level_code`, from the stored scores: the result once final, the agency's
    own score before (reviewers' scores of work in review never leave the review)."""
    final = Assessment.Status.FINALISED
    return (
        Score.objects.filter(scope=Score.Scope.OVERALL, key="", level=level_code)
        .filter(
            Q(side=Score.Side.RESULT, assessment__status=final)
            | (Q(side=Score.Side.SELF) & ~Q(assessment__status=final))
        )
        .values("assessment_id")
    )


def matching(documents, words: list[str]):
    """The documents holding every word, with their `rank`."""
    if connection.vendor == "postgresql":
        return _matching_postgres(documents, words)
    for word in words:
        documents = documents.filter(tokens__contains=word)
    rank = Value(0)
    for word in words:  # one for each query word that is a whole word of the document
        rank = rank + Case(When(tokens__contains=f" {word} ", then=Value(1)), default=Value(0))
    if len(words) > 1:  # and as many again for the words side by side as typed
        rank = rank + Case(When(tokens__contains=f" {' '.join(words)} ", then=Value(len(words))), default=Value(0))
    return documents.annotate(rank=ExpressionWrapper(rank, output_field=IntegerField()))


def _known(words: list[str]) -> set[str]:
    """The words the full-text index holds somewhere, whole or as the start of a word (GIN: milliseconds). Across
    every document, whoever asks: it only chooses how to look, what is found is still scoped."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS (SELECT 1 FROM {TABLE}"
            f" WHERE {TABLE}.vector @@ to_tsquery('simple', quote_literal(w) || ':*'))",
            [words],
        )
        return {row[0] for row in cursor.fetchall()}


def _matching_postgres(documents, words: list[str]):
    known = _known(words)
    whole = [w for w in words if w in known]
    inside = [w for w in words if w not in known]
    every = " & ".join(f"'{w}':*" for w in whole)
    if whole:
        documents = documents.filter(
            RawSQL(f"{TABLE}.vector @@ to_tsquery('simple', %s)", [every], output_field=BooleanField())
        )
    for word in inside:  # part of a longer word only: the trigram index
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        documents = documents.filter(RawSQL(f"{TABLE}.tokens ILIKE %s", [like], output_field=BooleanField()))
    if not whole:
        return documents.annotate(rank=Value(0.0, output_field=FloatField()))
    side_by_side = " <-> ".join(f"'{w}':*" for w in words) if not inside else ""
    phrase = f" + CASE WHEN {TABLE}.vector @@ to_tsquery('simple', %s) THEN 1 ELSE 0 END" if side_by_side else ""
    rank = RawSQL(
        f"ts_rank_cd({TABLE}.vector, to_tsquery('simple', %s)){phrase}",
        [every, side_by_side] if side_by_side else [every],
        output_field=FloatField(),
    )
    return documents.annotate(rank=rank)


def search(*, user, text: str, filters: Filters, assessment=None, limit: int = 20, offset: int = 0) -> Found:
    """One page of hits, best first, with the total and the agencies (per cycle) the hits belong to. Three
    queries (on PostgreSQL one more before them: `_known`): the best COUNT_LIMIT + 1 matches' ids, ranked (which
    gives the count), the page's documents by id, and the agencies of the ranked ids; plus two for the items of the
    evidence on the page. The visible assessments are a subquery of the first."""
    words = query_words(text)
    if not words:
        return Found(total=0)
    documents = matching(filtered(scoped(user, assessment=assessment), filters), words)
    best = documents.order_by("-rank", "-assessment__cycle__fiscal_year", "pk")
    ranked = list(best.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
    more, ranked = len(ranked) > COUNT_LIMIT, ranked[:COUNT_LIMIT]
    wanted = ranked[offset : offset + limit]
    found = (
        SearchDocument.objects.select_related(
            "assessment__agency", "assessment__cycle", "response__item", "results_response__item", "evidence"
        )
        .prefetch_related("evidence__responses__item")
        .defer("tokens")
        .in_bulk(wanted)
    )
    agencies = list(
        SearchDocument.objects.filter(pk__in=ranked)
        .values(
            code=F("assessment__agency__code"),
            name_th=F("assessment__agency__name_th"),
            name_en=F("assessment__agency__name_en"),
            year=F("assessment__cycle__fiscal_year"),
        )
        .annotate(hits=Count("pk"))
        .order_by("-hits", "-year", "name_th")[:50]
    )
    page = [found[pk] for pk in wanted]
    return Found(total=len(ranked), more=more, documents=page, agencies=agencies, words=words)
