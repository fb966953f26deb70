from django.shortcuts import render

from accounts.access import roles_of
from criteria.selectors import current_edition


def home(request):
    return render(request, "home.html", {"edition": current_edition(request.user), "roles": roles_of(request.user)})
