from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from accounts import access
from accounts.models import Membership, ReviewerAssignment
from agencies.models import Agency, Ministry


@login_required
def agency_list(request):
    agencies = (
        access.agencies_visible_to(request.user)
        .select_related("ministry")
        .annotate(
            member_count=Count("memberships", distinct=True),
            coordinator_count=Count(
                "memberships", filter=Q(memberships__role=Membership.Role.COORDINATOR), distinct=True
            ),
        )
        .order_by("ministry__name_th", "name_th")
    )
    ministry = request.GET.get("ministry", "")
    kind = request.GET.get("kind", "")
    if ministry:
        agencies = agencies.filter(ministry__code=ministry)
    if kind in Agency.Kind.values:
        agencies = agencies.filter(kind=kind)
    ministries = Ministry.objects.filter(agencies__in=access.agencies_visible_to(request.user)).distinct()
    return render(
        request,
        "agencies/list.html",
        {
            "agencies": agencies,
            "ministries": ministries,
            "kinds": Agency.Kind.choices,
            "chosen_ministry": ministry,
            "chosen_kind": kind,
        },
    )


@login_required
def agency_detail(request, code):
    agency = access.get_agency_for_user(request.user, code)
    team = Membership.objects.filter(agency=agency).select_related("user").order_by("-role", "user__first_name")
    assignments = ReviewerAssignment.objects.filter(agency=agency).select_related("reviewer", "cycle")
    assessments = access.assessments_visible_to(request.user).filter(agency=agency).select_related("cycle")
    return render(
        request,
        "agencies/detail.html",
        {
            "agency": agency,
            "team": team,
            "assignments": assignments,
            "assessments": assessments,
            "can_manage": access.can_manage_members(request.user, agency),
        },
    )
