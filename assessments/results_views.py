"""Category 7 pages: the results items of an assessment, one item with its indicators, and an indicator's form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.models import User
from assessments import answers, evidence, indicators, kept_parts, results_scoring, selectors
from assessments.answers import EditConflict
from assessments.evidence_types import EvidenceRejected
from assessments.forms import IndicatorForm, StatusForm
from assessments.models import Evidence, Indicator, ResultsResponse
from reports.charts_context import indicator_chart


@login_required
def results_overview(request, year, code):
    assessment = access.get_assessment_for_user(request.user, year, code)
    part = kept_parts.final_part(
        request, assessment, "assessments/_results.html", lambda: selectors.results(assessment, evidence=False)
    )
    return render(request, "assessments/results.html", {"assessment": assessment, "part": part})


def _item_context(request, assessment, item_code):
    data = selectors.results(assessment)
    row = next((r for r in data["results_rows"] if r.response.item.code == item_code), None)
    if row is None:
        raise Http404("No such results item.")
    rule, year = data["results_rule"], assessment.cycle.fiscal_year
    return {
        "assessment": assessment,
        **data,
        "row": row,
        "cards": [
            (
                indicator,
                values,
                indicator_chart(indicator, data["years"]),
                results_scoring.indicator_score_for(rule, selectors.indicator_input(indicator), year),
            )
            for indicator, values in row.table
        ],
        "changes": row.response.changes.select_related("by"),
        "status_form": StatusForm(initial={"status": row.response.status}),
        "team": access.team_people(assessment),
        **access.assessment_permissions(request.user, assessment),
    }


def _form(assessment, response, indicator=None, data=None, files=None, initial=None):
    library = Evidence.objects.filter(assessment=assessment)
    attached = indicator.evidence.all() if indicator is not None else Evidence.objects.none()
    return IndicatorForm(
        data,
        files,
        initial=initial,
        years=indicators.years_of(assessment.cycle),
        library=library.exclude(pk__in=attached.values("pk")) if indicator is not None else library,
        attached=attached,
    )


def _data(form) -> indicators.IndicatorData:
    data = form.cleaned_data
    return indicators.IndicatorData(
        name=data["name"],
        direction=data["direction"],
        unit=data["unit"],
        target=data["target"],
        data_source=data["data_source"],
        notes=data["notes"],
        values=data["values"],
    )


def _refusal(form, save) -> int | None:
    """Run `save`: None when it saved, else the status to answer with, the reason on the form (nothing typed is
    lost)."""
    try:
        save()
    except EditConflict:
        form.add_error(None, _("Someone else changed this indicator while you were editing it. Reload to see theirs."))
        return 409
    except EvidenceRejected as error:
        form.add_error("evidence_file", error)
        return 400
    except ValidationError as error:
        form.add_error(None, error)
        return 400
    return None


@login_required
def results_item(request, year, code, item):
    """A results item: its indicators with their charts, and a form to add one (POST)."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    context = _item_context(request, assessment, item)
    response = context["row"].response
    status = 200
    if request.method == "POST":
        assessment = access.get_assessment_for_editor(request.user, year, code)
        form = _form(assessment, response, data=request.POST, files=request.FILES)
        if form.is_valid():

            @transaction.atomic
            def save():
                added = indicators.indicator_add(response=response, data=_data(form), by=request.user)
                evidence.evidence_changes_apply(response=added, data=form.cleaned_data, by=request.user)

            status = _refusal(form, save)
            if status is None:
                messages.success(request, _("Indicator added."))
                return redirect("assessments:results_item", year=year, code=code, item=item)
        else:
            status = 400
    else:
        form = _form(assessment, response, initial=IndicatorForm.initial_for(None, context["years"]))
    return render(request, "assessments/results_item.html", {**context, "form": form}, status=status)


def _indicator(assessment, item, indicator_id) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("response__item").prefetch_related("values", "evidence"),
        pk=indicator_id,
        response__assessment=assessment,
        response__item__code=item,
    )


@login_required
def indicator_edit(request, year, code, item, indicator_id):
    assessment = access.get_assessment_for_editor(request.user, year, code)
    indicator = _indicator(assessment, item, indicator_id)
    years = indicators.years_of(assessment.cycle)
    status = 200
    if request.method == "POST":
        form = _form(assessment, indicator.response, indicator, data=request.POST, files=request.FILES)
        if form.is_valid():

            @transaction.atomic
            def save():
                version = form.cleaned_data["version"] or 0
                saved = indicators.indicator_update(
                    indicator=indicator, version=version, data=_data(form), by=request.user
                )
                evidence.evidence_changes_apply(response=saved, data=form.cleaned_data, by=request.user)

            status = _refusal(form, save)
            if status is None:
                messages.success(request, _("Indicator saved."))
                return redirect("assessments:results_item", year=year, code=code, item=item)
        else:
            status = 400
    else:
        form = _form(assessment, indicator.response, indicator, initial=IndicatorForm.initial_for(indicator, years))
    return render(
        request,
        "assessments/indicator.html",
        {"assessment": assessment, "indicator": indicator, "item": indicator.response.item, "form": form},
        status=status,
    )


@login_required
@require_POST
def indicator_delete(request, year, code, item, indicator_id):
    assessment = access.get_assessment_for_editor(request.user, year, code)
    indicator = _indicator(assessment, item, indicator_id)
    try:
        indicators.indicator_delete(indicator=indicator, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Indicator “%(name)s” removed.") % {"name": indicator.name})
    return redirect("assessments:results_item", year=year, code=code, item=item)


def _response(assessment, item) -> ResultsResponse:
    return get_object_or_404(
        ResultsResponse.objects.select_related("item", "owner"), assessment=assessment, item__code=item
    )


@login_required
@require_POST
def results_item_status(request, year, code, item):
    assessment = access.get_assessment_for_editor(request.user, year, code)
    form = StatusForm(request.POST)
    if form.is_valid():
        indicators.results_response_status_set(
            response=_response(assessment, item), status=form.cleaned_data["status"], by=request.user
        )
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("assessments:results_item", year=year, code=code, item=item)


@login_required
@require_POST
def results_carry_over(request, year, code, item):
    assessment = access.get_assessment_for_editor(request.user, year, code)
    try:
        count = indicators.indicators_carry_over(response=_response(assessment, item), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(count)s indicators copied from last cycle. Add this year's values.") % {"count": count}
        )
    return redirect("assessments:results_item", year=year, code=code, item=item)


@login_required
@require_POST
def results_owner_set(request, year, code, item):
    assessment = access.get_assessment_for_coordinator(request.user, year, code)
    owner_id = request.POST.get("owner") or None
    owner = get_object_or_404(User, pk=owner_id, memberships__agency=assessment.agency) if owner_id else None
    try:
        answers.owner_set(target=_response(assessment, item), owner=owner, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Owner saved."))
    return redirect("assessments:results_item", year=year, code=code, item=item)
