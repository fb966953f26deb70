"""Which files may be evidence, judged by their content and not only their name. Knows nothing of the ORM.

Accepted: PDF, Word, Excel, PowerPoint (the Office Open XML formats and the legacy binary ones), PNG and JPEG.
A file is accepted when its extension is one of these and its first bytes say the same thing:

- PDF starts with ``%PDF-``; PNG and JPEG with their signatures;
- legacy Office (.doc, .xls, .ppt) is an OLE2 compound file (``D0 CF 11 E0 A1 B1 1A E1``). The header does not say
  which Office program wrote it, so the extension decides between Word, Excel and PowerPoint;
- Office Open XML (.docx, .xlsx, .pptx) is a zip whose members include ``[Content_Types].xml`` and the program's
  folder (``word/``, ``xl/``, ``ppt/``). Only the zip's central directory is read, never a member: a zip bomb costs
  nothing here.

The content type stored (and sent back on download) comes from this table, never from the browser.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Enough for every signature below; the service reads this much before calling file_check.
HEAD_BYTES = 16
NAME_MAX = 200

PDF, PNG, JPEG, OLE2, ZIP = "pdf", "png", "jpeg", "ole2", "zip"
SIGNATURES = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE2),
    (b"PK\x03\x04", ZIP),
]


@dataclass(frozen=True)
class Accepted:
    label: str  # the format's name, shown in messages (not translated: product names)
    signature: str  # one of the kinds in SIGNATURES
    content_type: str
    folder: str = ""  # for Office Open XML: the folder the zip must hold


WORDX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCELX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POWERPOINTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ACCEPTED = {
    ".pdf": Accepted("PDF", PDF, "application/pdf"),
    ".docx": Accepted("Word", ZIP, WORDX, "word/"),
    ".xlsx": Accepted("Excel", ZIP, EXCELX, "xl/"),
    ".pptx": Accepted("PowerPoint", ZIP, POWERPOINTX, "ppt/"),
    ".doc": Accepted("Word", OLE2, "application/msword"),
    ".xls": Accepted("Excel", OLE2, "application/vnd.ms-excel"),
    ".ppt": Accepted("PowerPoint", OLE2, "application/vnd.ms-powerpoint"),
    ".png": Accepted("PNG", PNG, "image/png"),
    ".jpg": Accepted("JPEG", JPEG, "image/jpeg"),
    ".jpeg": Accepted("JPEG", JPEG, "image/jpeg"),
}
ACCEPTED_TEXT = "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PowerPoint (.pptx, .ppt), PNG, JPEG (.jpg, .jpeg)"


class EvidenceRejected(ValidationError):
    """A file or link that cannot be evidence, with a message for the person who offered it.

    Codes: empty, too_large, type_not_allowed, content_mismatch, bad_link.
    """


def file_check(*, data_head: bytes, name: str, size: int, limit: int, file: BinaryIO | None = None) -> str:
    """The content type to store for this file, or EvidenceRejected saying why not.

    `data_head` is the file's first bytes (at least HEAD_BYTES); `size` its true length in bytes. Office Open XML
    needs a look inside the zip: pass the whole file as `file`, a seekable binary file object (a Django UploadedFile
    is one). Only the zip's directory at its end is read and the position is left wherever zipfile leaves it.
    Without `file`, `data_head` must hold the whole file.
    """
    shown = safe_file_name(name)
    if size <= 0:
        raise EvidenceRejected(_("“%(name)s” is empty.") % {"name": shown}, code="empty")
    if size > limit:
        raise EvidenceRejected(
            _("“%(name)s” is larger than the limit of %(limit)s MB.") % {"name": shown, "limit": megabytes(limit)},
            code="too_large",
        )
    accepted = ACCEPTED.get(extension(shown))
    if accepted is None:
        raise EvidenceRejected(
            _("“%(name)s” is not a type of file accepted as evidence. Accepted types: %(types)s.")
            % {"name": shown, "types": ACCEPTED_TEXT},
            code="type_not_allowed",
        )
    if not _content_matches(accepted, data_head, size, file):
        raise EvidenceRejected(
            _("The content of “%(name)s” is not a %(kind)s file, as its name says. Save it again in that format.")
            % {"name": shown, "kind": accepted.label},
            code="content_mismatch",
        )
    return accepted.content_type


def _content_matches(accepted: Accepted, head: bytes, size: int, file: BinaryIO | None) -> bool:
    if sniff(head) != accepted.signature:
        return False
    if accepted.signature != ZIP:
        return True
    if file is None:
        if len(head) < size:
            raise ValueError("file_check needs `file` to look inside a zip.")
        file = io.BytesIO(head)
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):  # a damaged zip, or one claiming impossible offsets
        return False
    return "[Content_Types].xml" in names and any(n.startswith(accepted.folder) for n in names)


def sniff(head: bytes) -> str | None:
    """The kind of content the first bytes announce, or None."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def extension(name: str) -> str:
    """The lower-case extension with its dot (".pdf"), or "" when there is none."""
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def megabytes(size: int) -> str:
    """20971520 → "20"; 1572864 → "1.5"."""
    return f"{size / MB:.1f}".removesuffix(".0")


# Characters Windows refuses in file names; the name is shown and offered back as a download name.
_RESERVED = re.compile(r'[<>:"|?*]')


def safe_file_name(name: str) -> str:
    """The uploader's file name made safe to show and to offer back as a download name.

    Path parts are dropped (both / and \\), control and format characters removed (including the right-to-left
    override that makes "gpj.exe" look like "exe.jpg"), characters Windows refuses replaced with "_", spaces
    collapsed, leading dots and spaces trimmed. Thai and every other script are kept (NFC-normalised). At most
    200 characters, the extension kept when it is short. Nothing left → "file".
    """
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = _RESERVED.sub("_", name)
    name = " ".join(name.split()).lstrip(". ").rstrip(" ")
    if len(name) > NAME_MAX:
        suffix = name[-len(extension(name)) :] if extension(name) else ""
        if 1 < len(suffix) <= 10:
            name = name[: NAME_MAX - len(suffix)].rstrip(". ") + suffix
        else:
            name = name[:NAME_MAX].rstrip(". ")
    return name or "file"


def attachment_header(name: str) -> str:
    """A Content-Disposition that always downloads: an ASCII fallback for old clients and RFC 5987 filename*.

    "รายงาน ๒๕๖๙.pdf" → attachment; filename="file.pdf"; filename*=UTF-8''%E0%B8%A3...
    """
    name = safe_file_name(name)
    suffix = name[-len(extension(name)) :] if extension(name) else ""
    ascii_stem = " ".join(name.removesuffix(suffix).encode("ascii", "ignore").decode().split()).strip(". ")
    ascii_name = (ascii_stem or "file") + suffix.encode("ascii", "ignore").decode()
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
