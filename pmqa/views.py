from django.shortcuts import render

from criteria.selectors import current_edition


def home(request):
    return render(request, "home.html", {"edition": current_edition(request.user)})
