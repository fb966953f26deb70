"""The floor: the least a page of the service can cost, measured in the same run as the pages.

It goes through everything a page goes through — the middleware (sessions, CSRF, authentication, the language,
security headers, django-axes), the login check, a database query and a template rendered with the request's
context processors — and does nothing else: one query by a unique index and a one-line template. The pages'
times are given as multiples of it, which cancels much of what the machine and the database add to every request.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template import engines

from agencies.models import Agency

TEMPLATE = (
    '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><meta charset="utf-8"><title>floor</title>'
    "<p>{{ agency.code }} {{ agency.name_th }} ({{ user.email }})</p></html>"
)


@functools.cache
def _template():
    return engines["django"].from_string(TEMPLATE)


@login_required
def floor(request):
    agency = Agency.objects.filter(code=request.GET.get("agency", "")).first()  # the unique index on code
    if agency is None:
        raise Http404("No such agency.")
    return HttpResponse(_template().render({"agency": agency}, request))
