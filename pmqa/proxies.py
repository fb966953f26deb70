"""The client's address, read correctly behind the number of proxies the deployment declares (PROXY_COUNT).

Each proxy appends to X-Forwarded-For the address it received the request from, so behind N proxies the client
is the N-th address from the right; anything to its left was written by the client and may be made up. With no
proxy the header is ignored and the connection's address is the client's. django-axes asks here
(AXES_CLIENT_IP_CALLABLE), so a lockout after repeated wrong passwords holds one client, not a proxy and every
person behind it.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:  # fewer hops than declared: the header cannot be trusted
        return remote
    return forwarded[-count]
