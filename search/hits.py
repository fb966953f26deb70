"""Search hits as a page shows them: what was found, where (agency, cycle, item, level), a snippet with the query's
words marked, and a link to the item (or the workspace for evidence of the profile or the results; the results page,
at the item's row, for the reviewers' feedback)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.models import REVIEW_KINDS, SearchDocument

SNIPPET = 220  # characters around the first word found


@dataclass
class Hit:
    document: SearchDocument
    agency: object
    year: int
    item: object  # criteria Item, or None
    level_code: str
    title: str
    snippet: SafeString
    url: str
    download_url: str


def snippet(body: str, words: list[str], *, size: int = SNIPPET) -> SafeString:
    """A window of `body` around the first query word found, escaped, every query word in it in <mark>."""
    lower = body.lower()
    if len(lower) != len(body):  # lower() changed the length (rare letters): positions would slip
        lower = body
    spots = [(lower.find(w), w) for w in words]
    first = min((at for at, _w in spots if at >= 0), default=0)
    start = max(0, first - size // 3)
    end = min(len(body), start + size)
    marks = []
    at = start
    while at < end:
        found = [(lower.find(w, at, end), w) for w in sorted(words, key=len, reverse=True)]
        found = [(i, w) for i, w in found if i >= 0]
        if not found:
            marks.append(escape(body[at:end]))
            break
        i, word = min(found, key=lambda f: (f[0], -len(f[1])))
        marks.append(escape(body[at:i]))
        marks.append(f"<mark>{escape(body[i : i + len(word)])}</mark>")
        at = i + len(word)
    text = "".join(marks).replace("</mark><mark>", "").replace("\n", " ")  # words side by side: one mark
    return mark_safe(("… " if start else "") + text + (" …" if end < len(body) else ""))  # noqa: S308 escaped above


def hit_of(document: SearchDocument, words: list[str]) -> Hit:
    assessment = document.assessment
    year, code = assessment.cycle.fiscal_year, assessment.agency.code
    item, anchor, download = None, "", ""
    if document.kind in REVIEW_KINDS:  # the reviewers' consensus feedback: the results page, at the item's row
        item = document.response.item if document.response_id else document.results_response.item
        url = reverse("reviews:results", kwargs={"year": year, "code": code}) + f"#result-{item.code}"
        return _hit(document, words, assessment, year, item, url, "")
    if document.response_id:
        item = document.response.item
        anchor = f"#level-{document.level_code}" if document.level_code else "#comments-heading"
    elif document.evidence_id:
        supported = [r.item for r in document.evidence.responses.all()]
        item = min(supported, key=lambda i: i.code) if supported else None
        anchor = "#evidence-heading"
        if document.evidence.file_id:
            download = reverse("evidence:evidence_download", kwargs={"evidence_id": document.evidence_id})
    if item is not None:
        url = reverse("assessments:item", kwargs={"year": year, "code": code, "item": item.code}) + anchor
    else:
        url = reverse("assessments:workspace", kwargs={"year": year, "code": code})
    return _hit(document, words, assessment, year, item, url, download)


def _hit(document, words, assessment, year, item, url, download) -> Hit:
    return Hit(
        document=document,
        agency=assessment.agency,
        year=year,
        item=item,
        level_code=document.level_code,
        title=document.title,
        snippet=snippet(document.body, words),
        url=url,
        download_url=download,
    )
