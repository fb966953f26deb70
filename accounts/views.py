from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts import access, services
from accounts.forms import AddMemberForm, LoginForm
from accounts.models import Membership


def language_choose(request):
    """The language switch: a cookie for everyone, and saved on the person when logged in."""
    response = set_language(request)
    code = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and code in dict(services.LANGUAGES):
        services.person_set_language(person=request.user, language=code)
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # After logging out the pages stay in the person's language.
        response.set_cookie(
            services.LANGUAGE_COOKIE,
            form.get_user().language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


@login_required
def agency_members(request, code):
    agency = access.get_agency_for_user(request.user, code)
    members = Membership.objects.filter(agency=agency).select_related("user").order_by("-role", "user__first_name")
    can_manage = access.can_manage_members(request.user, agency)
    return render(
        request,
        "accounts/members.html",
        {
            "agency": agency,
            "members": members,
            "can_manage": can_manage,
            "form": AddMemberForm() if can_manage else None,
        },
    )


@login_required
@require_POST
def member_add(request, code):
    agency = access.get_agency_for_coordinator(request.user, code)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        outcome = services.member_add(agency=agency, by=request.user, request=request, **form.cleaned_data)
        messages.success(request, outcome.message)
        return redirect("agencies:members", code=agency.code)
    members = Membership.objects.filter(agency=agency).select_related("user").order_by("-role", "user__first_name")
    return render(
        request,
        "accounts/members.html",
        {"agency": agency, "members": members, "can_manage": True, "form": form},
        status=400,
    )


@login_required
@require_POST
def member_remove(request, code, membership_id):
    agency = access.get_agency_for_coordinator(request.user, code)
    found = get_object_or_404(Membership, pk=membership_id, agency=agency)
    try:
        services.member_remove(membership=found, by=request.user)
    except services.RefusedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s is no longer on the team.") % {"person": found.user})
    return redirect("agencies:members", code=agency.code)
