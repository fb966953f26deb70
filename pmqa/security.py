"""Headers every response carries, and the Django admin hidden from all but superusers.

- Content-Security-Policy: scripts, styles, fonts and images from the service itself only (no inline script: the
  pages' scripts are static files); style attributes are allowed (progress bars set their width), nothing else
  inline. Responses that set their own policy (an evidence download: a sandbox) keep it.
- Permissions-Policy: no camera, microphone, location, payment, USB or sensors for any page.
- Cache-Control: private, no-store on every response to a logged-in person and on every download (PDFs, Word
  files, exports, evidence), so no shared cache and no browser history keeps someone's assessment.
- /admin/: a 404 for everyone but an active superuser (the administrators), logged in or not, as any unknown
  address; it is not the documented way to run the service (README) and is not advertised.
"""

from django.http import Http404
from django.utils.cache import patch_cache_control

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header("Content-Disposition"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            user = request.user
            if not (user.is_authenticated and user.is_active and user.is_superuser):
                raise Http404("Not found.")
        return None
