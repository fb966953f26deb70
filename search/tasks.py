"""Reading the text of evidence files in the background (Django's Tasks API; pmqa/work.py keeps the work from being
lost): the row EvidenceText is the work, a task the nudge, the sweep nudges again what a killed worker left."""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from assessments import changes
from assessments.models import Evidence, EvidenceFile
from pmqa import work
from search import extract
from search.models import EvidenceText

logger = logging.getLogger(__name__)


def limits() -> dict:
    return {"max_pages": settings.SEARCH_TEXT_MAX_PAGES, "max_chars": settings.SEARCH_TEXT_MAX_CHARS}


def text_request(file: EvidenceFile) -> EvidenceText:
    """The file's text row; a file never read is read by a worker once the caller's transaction commits. Images
    (and any type without a reader) are marked skipped at once, with no task."""
    row, created = EvidenceText.objects.get_or_create(file=file)
    if created and file.content_type not in extract.READERS:
        EvidenceText.objects.filter(pk=row.pk).update(status=EvidenceText.Status.SKIPPED, extracted_at=timezone.now())
    elif row.status == EvidenceText.Status.PENDING:
        transaction.on_commit(lambda: work.kick(evidence_text_read, EvidenceText, [row.pk]))
    return row


def text_read(row: EvidenceText) -> EvidenceText:
    """Read the file now, store what was found (never raises for a bad file) and index its evidence again."""
    from search import index

    file = row.file
    started = time.perf_counter()
    try:
        with file.content.open("rb") as stream:
            data = stream.read()
    except OSError as error:  # gone from storage: marked, the rest of the index carries on
        found = extract.Extracted("unreadable", error=f"{type(error).__name__}: {error}"[:500])
    else:
        found = extract.extract(data, file.content_type, **limits())
    with transaction.atomic():
        EvidenceText.objects.filter(pk=row.pk).update(
            status=found.status,
            text=found.text,
            pages=found.pages,
            characters=len(found.text),
            error=found.error,
            seconds=time.perf_counter() - started,
            extracted_at=timezone.now(),
            claimed_until=None,
            kicked_at=None,
        )
        index.file_reindex(file.pk)
        # The item pages show whether text was found: pages kept under the assessments' change counts go.
        using = Evidence.objects.filter(file=file).order_by("assessment_id").values_list("assessment_id", flat=True)
        changes.changed(*dict.fromkeys(using))
    row.refresh_from_db()
    return row


@task()
def evidence_text_read(text_id: int) -> str:
    """Read one evidence file's text; its status, or "skipped" when done already or held by another worker."""
    if not work.claim(EvidenceText.objects.filter(status=EvidenceText.Status.PENDING), text_id):
        return "skipped"
    row = EvidenceText.objects.select_related("file").get(pk=text_id)
    try:
        return text_read(row).status
    except Exception:
        logger.exception("The text of evidence file %s could not be stored; the next sweep tries again.", row.file_id)
        work.release(EvidenceText, text_id)
        raise


def sweep() -> int:
    """Nudge the files still to read that nobody holds (pmqa/worker.py runs this)."""
    due = work.due(EvidenceText.objects.filter(status=EvidenceText.Status.PENDING))
    return work.kick(evidence_text_read, EvidenceText, list(due.values_list("pk", flat=True)[:50]))
