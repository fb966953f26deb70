from django.shortcuts import render

from accounts.access import roles_of
from criteria.selectors import current_edition
from pmqa import home as home_panels


def home(request):
    """The service's front page; after login, the person's tasks, items and deadlines for each of their roles."""
    roles = roles_of(request.user)
    return render(
        request,
        "home.html",
        {"edition": current_edition(request.user), "roles": roles, **home_panels.home(request.user, roles)},
    )
