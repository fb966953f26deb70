"""The one way this product makes a PDF: a Django template rendered to HTML, then WeasyPrint.

Report views gather context and call `pdf_response`. Here, and only here:

- WeasyPrint may fetch nothing but the project's own static files (fonts, the PDF stylesheet). Every other URL
  (http, file, data, a static path that escapes the static folders) is refused, so nothing a person types into
  an assessment can make the server fetch a URL, even if it ever reached the HTML unescaped.
- SARA AM (ำ, U+0E33) reads back from the text layer as ำ. WeasyPrint maps each glyph to text once per document,
  and HarfBuzz draws ำ with the SARA AA glyph of "า", so "กำหนด" read back as "กาหนด" (up to 70.0,
  Kozea/WeasyPrint#2841). PDFs use a Sarabun variant with a second SARA AA glyph (reports/fontbuild.py): each ำ
  is written as NIKHAHIT + that glyph's private codepoint, NIKHAHIT before any tone mark as HarfBuzz itself orders
  them, so the page looks exactly the same; then the finisher maps NIKHAHIT to nothing and the private glyph to ำ
  in the ToUnicode maps. Text extracted from our PDFs equals the source exactly (tests/test_report_pdf.py).
- Metadata (title, author, language, creation date) comes from the template's <html lang>, <title> and <meta>
  tags; WeasyPrint writes them into the PDF's information dictionary. Templates extend `reports/pdf_base.html`.
"""

import posixpath
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base URL relative links in the templates resolve against. It is never fetched from the network.
BASE_URL = "https://pmqa.invalid/"
NIKHAHIT = "\u0e4d"
PRIVATE_SARA_AA = "\uf733"  # reports/fontbuild.py: a copy of SARA AA in the PDF fonts
# SARA AM after the above-base marks HarfBuzz moves NIKHAHIT in front of (hb-ot-shaper-thai: tone marks and the
# other above-base vowels and signs).
SARA_AM = re.compile("([\u0e31\u0e34-\u0e37\u0e47-\u0e4e]*)\u0e33")
CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}


class StaticOnlyFetcher(URLFetcher):
    """Serves `<BASE_URL><STATIC_URL>path` from the static files finders; refuses everything else."""

    def fetch(self, url, headers=None):
        path = static_path(url)
        if path is None:
            raise ValueError(f"PDF rendering fetches only the project's static files, not {url!r}")
        found = finders.find(path)
        if not found:
            raise ValueError(f"No static file {path!r}")
        with open(found, "rb") as source:
            body = source.read()
        content_type = CONTENT_TYPES.get(posixpath.splitext(path)[1], "application/octet-stream")
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def static_path(url: str) -> str | None:
    """The static file path `url` names under our base URL, or None when it names anything else."""
    prefix = BASE_URL.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
    if not url.startswith(prefix):
        return None
    parts = urlsplit(url)
    path = unquote(parts.path)[len(urlsplit(prefix).path) :]
    normal = posixpath.normpath(path)
    if not path or normal != path or normal.startswith(("/", "..")) or "\\" in path:
        return None
    return normal


def text_for_pdf(html: str) -> str:
    """The HTML with every ำ written as NIKHAHIT, the marks before it, then the private SARA AA (see above)."""
    return SARA_AM.sub(lambda match: NIKHAHIT + match.group(1) + PRIVATE_SARA_AA, html)


# ToUnicode entries as WeasyPrint writes them: "<glyph> <UTF-16BE hex>".
_ENTRY = re.compile(rb"^(<[0-9a-f]{4}>) <((?:[0-9a-f]{4})*)>$")


def _text_fix(units: bytes) -> bytes:
    """A glyph's text with NIKHAHIT dropped and the private SARA AA read as ำ (4 hex digits a code unit)."""
    codes = [units[i : i + 4] for i in range(0, len(units), 4)]
    return b"".join(b"0e33" if code == b"f733" else code for code in codes if code != b"0e4d")


def text_layer_finish(document, pdf) -> None:
    """WeasyPrint's finisher: in every ToUnicode map NIKHAHIT reads as nothing (alone, or in a glyph the font made
    of it and a tone mark) and the private SARA AA as ำ, so what was written for each ำ reads back as ำ (a NIKHAHIT
    standing alone, which Thai does not use, is lost)."""
    for item in pdf.objects:
        lines = getattr(item, "stream", None)
        if not lines or lines[0] != b"/CIDInit /ProcSet findresource begin":
            continue
        for index, line in enumerate(lines):
            match = _ENTRY.match(line) if isinstance(line, bytes) else None
            if match and (b"0e4d" in match.group(2) or b"f733" in match.group(2)):
                lines[index] = match.group(1) + b" <" + _text_fix(match.group(2)) + b">"


def html_to_pdf(html: str, **options) -> bytes:
    """`options` go to WeasyPrint's write_pdf: an archival `pdf_variant`, `attachments` (reports/archive.py)."""
    document = HTML(string=text_for_pdf(html), base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(finisher=text_layer_finish, **options)


def render_pdf(template_name: str, context: dict, *, request=None, **options) -> bytes:
    return html_to_pdf(render_to_string(template_name, context, request=request), **options)


def pdf_response(template_name: str, context: dict, *, request, filename: str, **options) -> HttpResponse:
    """The rendered PDF as a download named `filename`."""
    response = HttpResponse(
        render_pdf(template_name, context, request=request, **options), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
