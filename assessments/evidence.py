"""Writes about evidence: files and links added to an assessment, each supporting one or more items, organisation
profile sections or results indicators.

`response` in the services below is what the evidence supports: an item's Response, a ProfileAnswer or an
Indicator (`_supported`). Rules shared by every service here:
- nothing changes while the assessment is submitted (`is_locked`): EvidenceRefused;
- only the agency's own team writes (`access.can_edit_answers`): PermissionDenied. Views check this first with
  their access helper; the check here keeps a future caller from forgetting it;
- the assessment's row is locked for the transaction, so a submission cannot slip in between the check and the write;
- every change is recorded as a Change on the response (evidence_added / evidence_removed) with the evidence's title
  and the item's code before and after.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import access
from assessments import changes
from assessments.evidence_types import HEAD_BYTES, MB, EvidenceRejected, file_check, safe_file_name
from assessments.models import Assessment, Change, Evidence, EvidenceFile, Indicator, ProfileAnswer, Response
from search import index as search_index

URL_MAX = Evidence._meta.get_field("url").max_length
TITLE_MAX = Evidence._meta.get_field("title").max_length

logger = logging.getLogger(__name__)


class EvidenceRefused(ValidationError):
    """A change the state of the assessment does not allow now. Codes: locked, other_assessment."""


def evidence_max_bytes() -> int:
    """The upload limit: settings.EVIDENCE_MAX_BYTES, 20 MB when unset."""
    return getattr(settings, "EVIDENCE_MAX_BYTES", 20 * MB)


def evidence_file_add(
    *, response: Response, upload: UploadedFile, title: str, description: str = "", produced_on=None, by
) -> Evidence:
    """Add an uploaded file as evidence for `response`'s item. EvidenceRejected when the file cannot be evidence.

    The file is checked by its content (evidence_types.file_check) and hashed with SHA-256 while it is read in
    chunks, before any lock is taken; it is never held whole in memory. Its bytes are stored once per agency: when
    the agency already has a file with the same hash, the new Evidence points to it and nothing is written to
    storage; otherwise storage (default_storage) receives it, named by its hash.

    Orphan files: the bytes are written inside the transaction, just before the row that names them. If anything
    after that fails (a row, the Change, the commit itself), the file this call wrote is deleted before the error
    goes on; a file that was already stored is never touched. That is why this function is not itself decorated:
    it wraps the one transaction (_evidence_file_record) in the clean-up. What it cannot see is the rollback of a
    transaction opened by the caller around it (the project does not use ATOMIC_REQUESTS); such a file lies under
    evidence/<agency>/ named by its hash, where a sweep comparing storage with EvidenceFile rows would find it.
    """
    _changeable_check(Assessment.objects.get(pk=_assessment_id(response)), by)  # refuse before reading 20 MB
    inspected = _upload_inspect(upload, limit=evidence_max_bytes())
    written: list[str] = []
    try:
        return _evidence_file_record(
            response=response,
            upload=upload,
            inspected=inspected,
            title=title,
            description=description,
            produced_on=produced_on,
            by=by,
            written=written,
        )
    except BaseException:
        for name in written:
            try:
                EvidenceFile._meta.get_field("content").storage.delete(name)
            except Exception:  # the first error is the one to report
                logger.exception("Could not delete the orphan evidence file %s", name)
        raise


@transaction.atomic
def evidence_link_add(
    *, response: Response, url: str, title: str, description: str = "", produced_on=None, by
) -> Evidence:
    """Add a link (http or https only) as evidence for `response`'s item. EvidenceRejected for a bad link.

    The link is never fetched by the server: people open it from the page.
    """
    url = _link_check(url)
    assessment = _assessment_lock(_assessment_id(response), by)
    evidence = Evidence.objects.create(
        assessment=assessment,
        kind=Evidence.Kind.LINK,
        url=url,
        title=_title(title, fallback=url),
        description=(description or "").strip(),
        produced_on=produced_on,
        added_by=by,
    )
    _supported(evidence, response).add(response)
    _change_record(action=Change.Action.EVIDENCE_ADDED, evidence=evidence, response=response, by=by)
    return evidence


@transaction.atomic
def evidence_attach(*, evidence: Evidence, response: Response, by) -> bool:
    """Let evidence already in the assessment support one more item, without uploading it again.

    Refused for a response of another assessment (each assessment has its own library). False, and nothing
    recorded, when the evidence already supports the item.
    """
    _assessment_lock(_assessment_id(response), by)
    _same_assessment_check(evidence, response)
    if _supported(evidence, response).filter(pk=response.pk).exists():
        return False
    _supported(evidence, response).add(response)
    _change_record(action=Change.Action.EVIDENCE_ADDED, evidence=evidence, response=response, by=by)
    return True


@transaction.atomic
def evidence_detach(*, evidence: Evidence, response: Response, by) -> bool:
    """Stop the evidence supporting `response`'s item.

    The evidence stays in the assessment's library, and so does its file, even when it supports no item any more:
    it can be attached again later, and deleting it is a separate decision (not made here). False, and nothing
    recorded, when it did not support the item.
    """
    _assessment_lock(_assessment_id(response), by)
    _same_assessment_check(evidence, response)
    if not _supported(evidence, response).filter(pk=response.pk).exists():
        return False
    _supported(evidence, response).remove(response)
    _change_record(action=Change.Action.EVIDENCE_REMOVED, evidence=evidence, response=response, by=by)
    return True


@transaction.atomic
def evidence_changes_apply(*, response, data: dict, by) -> None:
    """What a page's evidence fields ask (forms.EvidenceFields' cleaned data), for what `response` names:
    attach and detach evidence of the library, then add the new file or link. One transaction with the caller's."""
    for found in data.get("attach") or ():
        evidence_attach(evidence=found, response=response, by=by)
    for found in data.get("detach") or ():
        evidence_detach(evidence=found, response=response, by=by)
    details = {
        "title": data.get("evidence_title", ""),
        "description": data.get("evidence_description", ""),
        "produced_on": data.get("evidence_produced_on"),
        "by": by,
    }
    if data.get("evidence_file"):
        evidence_file_add(response=response, upload=data["evidence_file"], **details)
    elif data.get("evidence_url"):
        evidence_link_add(response=response, url=data["evidence_url"], **details)


def links_carry_over(*, previous, response, assessment, by) -> None:
    """Copies, in `assessment`, of the links that supported `previous` (last cycle's item or profile section),
    supporting `response`. Files are not copied: their evidence rows belong to last cycle's assessment. Part of a
    carry-over, which has locked the assessment and records the change itself."""
    for link in previous.evidence.filter(kind=Evidence.Kind.LINK):
        copy = Evidence.objects.create(
            assessment=assessment,
            kind=link.kind,
            url=link.url,
            title=link.title,
            description=link.description,
            produced_on=link.produced_on,
            added_by=by,
        )
        _supported(copy, response).add(response)


# --- helpers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Inspected:
    content_type: str
    sha256: str
    size: int
    file_name: str


def _upload_inspect(upload: UploadedFile, *, limit: int) -> _Inspected:
    """Hash and measure the upload in one streamed pass, then check its type: EvidenceRejected if it cannot be used."""
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            break  # refused below; no need to read the rest
        digest.update(chunk)
    size = max(size, upload.size or 0)  # a file stopped at the limit (pmqa/uploads.py) arrives empty, its size told
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    content_type = file_check(data_head=head, name=upload.name or "", size=size, limit=limit, file=upload)
    upload.seek(0)
    return _Inspected(content_type, digest.hexdigest(), size, safe_file_name(upload.name or ""))


@transaction.atomic
def _evidence_file_record(
    *, response, upload, inspected: _Inspected, title, description, produced_on, by, written: list[str]
) -> Evidence:
    assessment = _assessment_lock(_assessment_id(response), by)
    stored = EvidenceFile.objects.filter(agency_id=assessment.agency_id, sha256=inspected.sha256).first()
    if stored is None:
        stored = _file_store(agency_id=assessment.agency_id, upload=upload, inspected=inspected, written=written)
    evidence = Evidence.objects.create(
        assessment=assessment,
        kind=Evidence.Kind.FILE,
        file=stored,
        file_name=inspected.file_name,
        title=_title(title, fallback=inspected.file_name),
        description=(description or "").strip(),
        produced_on=produced_on,
        added_by=by,
    )
    _supported(evidence, response).add(response)
    _change_record(action=Change.Action.EVIDENCE_ADDED, evidence=evidence, response=response, by=by)
    return evidence


def _file_store(*, agency_id: int, upload, inspected: _Inspected, written: list[str]) -> EvidenceFile:
    """Write the bytes to storage and their row; the name written is appended to `written` for the clean-up."""
    stored = EvidenceFile(
        agency_id=agency_id, sha256=inspected.sha256, size=inspected.size, content_type=inspected.content_type
    )
    stored.content.save(inspected.file_name, upload, save=False)  # upload_to names it by its hash
    written.append(stored.content.name)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:
        # The same bytes were stored for this agency a moment ago by someone else: use theirs, drop ours.
        stored.content.storage.delete(written.pop())
        return EvidenceFile.objects.get(agency_id=agency_id, sha256=inspected.sha256)
    return stored


def _link_check(url: str) -> str:
    url = (url or "").strip()
    try:
        if len(url) > URL_MAX:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise EvidenceRejected(
            _("Enter a valid link that starts with http:// or https:// (at most %(max)s characters).")
            % {"max": URL_MAX},
            code="bad_link",
        ) from None
    return url


def _title(title: str, *, fallback: str) -> str:
    return ((title or "").strip() or fallback)[:TITLE_MAX]


def _changeable_check(assessment: Assessment, by) -> None:
    if assessment.is_locked:
        raise EvidenceRefused(
            _("This assessment has been submitted: its evidence cannot change until it is returned."), code="locked"
        )
    if not access.can_edit_answers(by, assessment):
        raise PermissionDenied("Only the agency's team changes its evidence.")


def _assessment_lock(assessment_id: int, by) -> Assessment:
    """The assessment, its row locked until the transaction ends, after checking it may change now."""
    assessment = changes.locked(assessment_id)
    _changeable_check(assessment, by)
    return assessment


def _assessment_id(supported) -> int:
    if isinstance(supported, Indicator):
        return supported.response.assessment_id
    return supported.assessment_id


def _supported(evidence: Evidence, supported):
    """The evidence's relation to what it supports: items, profile sections or indicators."""
    if isinstance(supported, Response):
        return evidence.responses
    if isinstance(supported, ProfileAnswer):
        return evidence.profile_answers
    if isinstance(supported, Indicator):
        return evidence.indicators
    raise TypeError(f"Evidence supports items, profile sections or indicators, not {supported!r}")


def _same_assessment_check(evidence: Evidence, response) -> None:
    if evidence.assessment_id != _assessment_id(response):
        raise EvidenceRefused(_("This evidence belongs to another assessment."), code="other_assessment")


def _change_record(*, action: str, evidence: Evidence, response, by) -> None:
    subject, about = Change.about(response)
    facts = {"evidence_id": evidence.pk, "title": evidence.title, **subject, "kind": evidence.kind}
    if evidence.kind == Evidence.Kind.FILE:
        facts["file_name"] = evidence.file_name
    else:
        facts["url"] = evidence.url
    added = action == Change.Action.EVIDENCE_ADDED
    search_index.evidence_changed(evidence)  # its title now; its file's text read after commit (search/tasks.py)
    Change.objects.create(
        assessment_id=_assessment_id(response),
        **about,
        action=action,
        by=by,
        before={} if added else facts,
        after=facts if added else {},
    )
