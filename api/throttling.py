"""Rate limits: each token has its own allowance (API_RATE_LIMIT, e.g. 1000/hour), counted in Django's cache
(shared by every app server when CACHE_REDIS_URL is set); a browser session counts per person, anyone else per
address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from pmqa.proxies import client_ip


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT  # read at each request, so a test or a deployment may change it

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"person-{request.user.pk}"
        else:
            ident = f"address-{client_ip(request)}"  # read through PROXY_COUNT proxies
        return self.cache_format % {"scope": self.scope, "ident": ident}
