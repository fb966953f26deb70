"""Making, finding and revoking personal API tokens.

A token reads `pmqa_<prefix>_<secret>`: the prefix (8 hex characters) is stored and shown so that a person can
tell their tokens apart and a presented token is found with one indexed query; the secret (about 256 random
bits) is never stored. What is stored is the SHA-256 of the whole token: a token is as random as a key, so a
fast hash is enough (a slow password hash guards guessable secrets, which these are not), and a stolen table
gives nobody a usable token.
"""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken

SCHEME = "pmqa"
EXPIRY_DAYS = (7, 30, 90, 180, 365)  # what a person may choose; a year at most
MAX_ACTIVE = 20  # tokens a person may hold at once: enough for every script, few enough to keep track of
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # last_used_at is written at most this often


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token of `user`, valid for `days` (one of EXPIRY_DAYS): the row and the key, which is shown once."""
    if days not in EXPIRY_DAYS:
        raise ValidationError(_("Choose how long the token lasts from the list."))
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name, such as the script that will use it."))
    active = ApiToken.objects.select_for_update().filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if active.count() >= MAX_ACTIVE:
        raise ValidationError(
            _("You already have %(count)s active tokens. Revoke one you no longer use first.") % {"count": MAX_ACTIVE}
        )
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    key = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(key),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    """The token stops working at once; it stays listed as revoked."""
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_find(key: str) -> ApiToken | None:
    """The usable token `key` names, with its owner, or None (unknown, wrong secret, expired, revoked, or its
    owner deactivated). One query; last_used_at is written at most once a minute."""
    scheme, _sep, rest = key.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != SCHEME or not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(key)):
        return None
    if not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
