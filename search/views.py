from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import access
from search import query
from search.forms import SearchForm
from search.hits import hit_of

PER_PAGE = 20


def _results(request, *, across: bool, assessment=None) -> dict:
    form = SearchForm(request.GET or None, user=request.user, across=across)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        number = _page_number(request.GET.get("page"))
        found = query.search(
            user=request.user,
            text=form.cleaned_data["q"],
            filters=form.filters(),
            assessment=assessment,
            limit=PER_PAGE,
            offset=(number - 1) * PER_PAGE,
        )
        pages = Paginator(range(found.total), PER_PAGE)  # the total is counted once; hits are read a page at a time
        context |= {
            "searched": True,
            "found": found,
            "hits": [hit_of(document, found.words) for document in found.documents],
            "page": pages.get_page(number),
            "level_names": form.level_names(),
            "query_string": _without_page(request),
        }
    return context


def _page_number(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def search_across(request):
    """Search everything the person may read: a team its agency's assessments, reviewers their assignments,
    executives and administrators their scope (access.assessments_visible_to), across cycles."""
    return render(request, "search/search.html", _results(request, across=True))


@login_required
def search_assessment(request, year, code):
    """Search one assessment (its team's page); 404 for anyone who may not read it."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    context = _results(request, across=False, assessment=assessment)
    return render(request, "search/search.html", context | {"assessment": assessment})
