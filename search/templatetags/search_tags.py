"""`{% evidence_text_badge e %}` in an evidence list: whether search found text in the file (one query for the whole
list: the first badge reads the text rows of every file in the list it is given as `evidence_list`)."""

from django import template
from django.utils.html import format_html

from search.models import EvidenceText

register = template.Library()
_KEY = "search_evidence_texts"
STYLE = {
    EvidenceText.Status.FOUND: "text-bg-success",
    EvidenceText.Status.TOO_LARGE: "text-bg-success",
    EvidenceText.Status.EMPTY: "text-bg-warning",
    EvidenceText.Status.UNREADABLE: "text-bg-danger",
}


@register.simple_tag(takes_context=True)
def evidence_text_badge(context, evidence):
    if not getattr(evidence, "file_id", None):
        return ""
    asked, statuses = context.render_context.setdefault(_KEY, (set(), {}))
    if evidence.file_id not in asked:  # the first badge of a list (or of another list): every file of the list
        listed = context.get("evidence_list") or [evidence]
        ids = {e.file_id for e in listed if getattr(e, "file_id", None)} - asked | {evidence.file_id}
        statuses.update(EvidenceText.objects.filter(file_id__in=ids).values_list("file_id", "status"))
        asked.update(ids)  # a file without a row is pending: not asked again
    status = statuses.get(evidence.file_id, EvidenceText.Status.PENDING)
    return format_html(
        '<span class="badge {} evidence-text" data-status="{}">{}</span>',
        STYLE.get(status, "text-bg-light border"),
        status,
        EvidenceText.Status(status).label,
    )
