"""Uploads stop at the evidence limit instead of being spooled to disk whole and refused afterwards.

- `UploadLimitHandler`, first in FILE_UPLOAD_HANDLERS: a file part is passed on to Django's usual handlers (memory,
  then a temporary file) only up to EVIDENCE_MAX_BYTES; past that its bytes are dropped, never stored, and the
  field receives an empty `TooLargeUpload` that remembers how much was sent, which the evidence rules refuse with
  the usual message ("larger than the limit") while every other field of the form is kept.
- `BodyLimitMiddleware`, before anything reads a request's body: a request that declares a length past anything
  the service accepts (the file limit plus the form fields' allowance) is answered 413 with a page saying so, and
  its body is not read at all. A proxy in front should refuse such bodies before they reach the service (README).
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render


def body_limit() -> int:
    return settings.EVIDENCE_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit():
            response = render(
                request, "upload_too_large.html", {"limit_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}, status=413
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class TooLargeUpload(UploadedFile):
    """What a file over the limit leaves in request.FILES: its name and the size sent, no content."""

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)
        self.too_large = True


class UploadLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            return None  # dropped: the handlers after this one never see it
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.EVIDENCE_MAX_BYTES:
            return TooLargeUpload(self.file_name, self.content_type, self.received)
        return None  # the usual handlers make the file
