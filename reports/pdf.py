"""The one way this product makes a PDF: a Django template rendered to HTML, then WeasyPrint.

Report views gather context and call `pdf_response`. Here, and only here:

- WeasyPrint may fetch nothing but the project's own static files (fonts, the PDF stylesheet). Every other URL
  (http, file, data, a static path that escapes the static folders) is refused, so nothing a person types into
  an assessment can make the server fetch a URL, even if it ever reached the HTML unescaped.
- SARA AM (ำ, U+0E33) is written as its compatibility decomposition NIKHAHIT + SARA AA (ํา, U+0E4D U+0E32, what
  Unicode NFKC gives). It looks the same, and works around WeasyPrint's text layer mapping ำ wrongly (up to 70.0,
  Kozea/WeasyPrint#2841: "กำหนด" was extracted as "กาหนด"). Text extracted from our PDFs equals the source after
  NFKC; tests/test_report_pdf.py checks it.
- Metadata (title, author, language, creation date) comes from the template's <html lang>, <title> and <meta>
  tags; WeasyPrint writes them into the PDF's information dictionary. Templates extend `reports/pdf_base.html`.
"""

import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base URL relative links in the templates resolve against. It is never fetched from the network.
BASE_URL = "https://pmqa.invalid/"
SARA_AM = "\u0e33"
SARA_AM_DECOMPOSED = "\u0e4d\u0e32"
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
    """The HTML with every ำ written as ํ + า (see the module docstring)."""
    return html.replace(SARA_AM, SARA_AM_DECOMPOSED)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=text_for_pdf(html), base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(template_name: str, context: dict, *, request, filename: str) -> HttpResponse:
    """The rendered PDF as a download named `filename`."""
    response = HttpResponse(render_pdf(template_name, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
