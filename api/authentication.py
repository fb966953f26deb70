"""How the API knows who is asking: a personal token (`Authorization: Token pmqa_…`, or `Bearer`), else the
browser's session. A request without either is answered 401, never sent to the login page."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.tokens import token_find

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None  # no token: the session may still know the person
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Token, separated by a space."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = token_find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid, has expired or was revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
