"""Good practices: coordinators share their agency's top-level sub-items; everyone signed in browses them; OPDC
reads the synthesis of a sub-item across a cycle. Every view asks accounts/access.py first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from assessments.models import Cycle, Response
from criteria.models import Item
from practices import selectors, services, synthesis
from practices.forms import BrowseForm

LIMIT = 50  # practices on one page; the filters narrow the rest


@login_required
def browse(request):
    """Every shared good practice, for anyone signed in: OPDC and every agency's team."""
    form = BrowseForm(request.GET or None)
    found = selectors.shared(**form.filters())
    practices = selectors.shared_content(found[: LIMIT + 1])
    return render(
        request,
        "practices/browse.html",
        {"form": form, "practices": practices[:LIMIT], "more": len(practices) > LIMIT},
    )


@login_required
def consent_list(request, year, code):
    """The coordinator's page: the agency's eligible sub-items of a finalised cycle, shared or not."""
    assessment = access.get_assessment_for_practice_consent(request.user, year, code)
    return render(
        request,
        "practices/consent_list.html",
        {"assessment": assessment, "rows": selectors.consent_rows(assessment)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_item(request, year, code, item):
    """What sharing the sub-item shows (GET), and the coordinator's decision (POST: give or withdraw)."""
    assessment = access.get_assessment_for_practice_consent(request.user, year, code)
    response = get_object_or_404(
        Response.objects.select_related("item__category"), assessment=assessment, item__code=item
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "give":
                services.consent_give(response=response, by=request.user, links=request.POST.getlist("links"))
                messages.success(request, _("Sub-item %(code)s is now shared as a good practice.") % {"code": item})
            elif action == "withdraw":
                services.consent_withdraw(response=response, by=request.user)
                messages.success(request, _("Sub-item %(code)s is no longer shared.") % {"code": item})
            else:
                messages.error(request, _("Choose to share or to stop sharing."))
        except services.ConsentError as error:
            messages.error(request, str(error))
        return redirect("practices:consent", year=year, code=code)
    eligible = selectors.eligible(Response.objects.filter(pk=response.pk)).exists()
    shared = response.practice_consents.active().exists()
    if not (eligible or shared):
        raise Http404("Not a sub-item that can be shared.")
    (response,) = selectors.shared_content([response])
    candidates = [] if shared else list(selectors.link_evidence(response))
    return render(
        request,
        "practices/consent_item.html",
        {"assessment": assessment, "response": response, "shared": shared, "candidates": candidates},
    )


def _cycle_for_synthesis(user, year):
    access.require_synthesis_reader(user)
    cycle = Cycle.objects.select_related("edition").filter(fiscal_year=year).first()
    if cycle is None:
        raise Http404("No such cycle.")
    return cycle


@login_required
def synthesis_index(request, year):
    """The sub-items of the cycle's edition with how many readable finalised agencies reached each level."""
    cycle = _cycle_for_synthesis(request.user, year)
    levels = list(cycle.edition.levels.order_by("-order"))
    counts = synthesis.counts_by_item(assessments=access.assessments_visible_to(request.user), cycle=cycle)
    items = list(Item.objects.filter(category__edition=cycle.edition).select_related("category"))
    rows = [
        (item, [counts.get(item.code, {}).get(level.code, 0) for level in levels], counts.get(item.code, {}).get("", 0))
        for item in items
    ]
    return render(request, "practices/synthesis_index.html", {"cycle": cycle, "levels": levels, "rows": rows})


@login_required
def synthesis_item(request, year, item):
    """One sub-item across the cycle: levels, agencies at each level, common strengths and improvements."""
    cycle = _cycle_for_synthesis(request.user, year)
    found = get_object_or_404(Item.objects.select_related("category"), category__edition=cycle.edition, code=item)
    result = synthesis.of_item(
        assessments=access.assessments_visible_to(request.user),
        cycle=cycle,
        item=found,
        below_name=_("Below the first level"),
    )
    return render(request, "practices/synthesis_item.html", {"cycle": cycle, "item": found, "synthesis": result})
