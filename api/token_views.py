"""A person's API tokens: made (the key shown once, on the page that answers the form) and revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from api import tokens
from api.forms import TokenForm
from api.models import ApiToken


def _page(request, form, *, key=None, made=None, status=200):
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "key": key,
            "made": made,
            "max_active": tokens.MAX_ACTIVE,
        },
        status=status,
    )


@login_required
def token_list(request):
    """The person's tokens and a form to make one (POST): the new key is on this answer only, never again."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            made, key = tokens.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _page(request, TokenForm(), key=key, made=made)
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request, token_id):
    token = access.get_api_token_for_owner(request.user, token_id)
    tokens.token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("tokens:list")
