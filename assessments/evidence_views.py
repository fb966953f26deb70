"""Evidence files, served only through a view that checks who asks: never from a public media URL."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from accounts import access
from assessments.evidence_types import attachment_header
from assessments.models import Evidence

logger = logging.getLogger(__name__)


@login_required
@require_safe
def evidence_download(request, evidence_id):
    """The file, always as a download: 404 for people who may not read the assessment, and for links.

    The headers keep a browser from guessing another type (nosniff), from running anything even if the file is
    opened in a tab (a sandbox with nothing allowed) and from caching it anywhere shared.
    """
    evidence = access.get_evidence_for_user(request.user, evidence_id)
    if evidence.kind != Evidence.Kind.FILE or evidence.file is None:
        raise Http404("Links are opened from the page.")
    try:
        handle = evidence.file.content.open("rb")
    except FileNotFoundError:
        logger.error("Evidence file %s is missing from storage (%s).", evidence.file_id, evidence.file.content.name)
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, content_type=evidence.file.content_type)
    response["Content-Disposition"] = attachment_header(evidence.file_name or "file")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
