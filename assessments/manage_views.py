"""The administrators' cycle pages (/manage/cycles/): create, open, extend the deadline, close, and assign the
reviewers. Thin views: access.require_administrator, a form, one call into assessments/cycles.py or
accounts/assignments.py, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import access
from accounts import assignments as assignment_services
from accounts.models import ReviewerAssignment
from agencies.models import Agency
from assessments import cycles
from assessments.cycle_forms import AssignmentForm, CycleForm, DeadlineForm
from assessments.models import Cycle
from pmqa.templatetags.thai_dates import be_year

OPENABLE = (Cycle.Status.DRAFT, Cycle.Status.OPEN)


def _cycle_or_404(request, year) -> Cycle:
    access.require_administrator(request.user)
    return get_object_or_404(Cycle.objects.select_related("edition"), fiscal_year=year)


@login_required
def cycle_list(request):
    access.require_administrator(request.user)
    found = (
        Cycle.objects.select_related("edition")
        .annotate(
            assessment_count=Count("assessments", distinct=True),
            lead_count=Count("assignments", filter=Q(assignments__is_lead=True), distinct=True),
        )
        .order_by("-fiscal_year")
    )
    return render(request, "assessments/manage/cycles.html", {"cycles": found, "Status": Cycle.Status})


@login_required
def cycle_create(request):
    access.require_administrator(request.user)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = cycles.cycle_create(
                fiscal_year=data["fiscal_year"],
                edition=data["edition"],
                opens_on=data["opens_on"],
                deadline=data["deadline"],
                by=request.user,
            )
        except cycles.CycleRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The cycle of fiscal year %(year)s is being prepared. Assign the reviewers, then open it.")
                % {"year": be_year(cycle.fiscal_year)},
            )
            return redirect("manage_cycles:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/manage/cycle_form.html", {"form": form}, status=status)


@login_required
def cycle_open(request, year):
    cycle = _cycle_or_404(request, year)
    if cycle.status not in OPENABLE:
        messages.error(request, _("Only a cycle being prepared or open can be opened."))
        return redirect("manage_cycles:list")
    if request.method == "POST":
        made = cycles.cycle_open(cycle=cycle)
        messages.success(
            request,
            ngettext(
                "The cycle of fiscal year %(year)s is open: %(n)s agency got its assessment.",
                "The cycle of fiscal year %(year)s is open: %(n)s agencies got their assessments.",
                made,
            )
            % {"year": be_year(cycle.fiscal_year), "n": made},
        )
        return redirect("manage_cycles:list")
    preview = cycles.cycle_open_preview(cycle)
    return render(request, "assessments/manage/cycle_open.html", {"cycle": cycle, "preview": preview})


@login_required
def cycle_deadline(request, year):
    cycle = _cycle_or_404(request, year)
    if cycle.status == Cycle.Status.CLOSED:
        messages.error(request, _("The cycle is closed: its deadline no longer changes."))
        return redirect("manage_cycles:list")
    form = DeadlineForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            cycles.cycle_deadline_extend(cycle=cycle, deadline=form.cleaned_data["deadline"], by=request.user)
        except cycles.CycleRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The submission deadline of fiscal year %(year)s was extended.")
                % {"year": be_year(cycle.fiscal_year)},
            )
            return redirect("manage_cycles:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/manage/cycle_deadline.html", {"cycle": cycle, "form": form}, status=status)


@login_required
def cycle_close(request, year):
    cycle = _cycle_or_404(request, year)
    if request.method == "POST":
        try:
            cycles.cycle_close(cycle=cycle, by=request.user)
        except cycles.CycleRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The cycle of fiscal year %(year)s is closed.") % {"year": be_year(cycle.fiscal_year)}
            )
        return redirect("manage_cycles:list")
    counts = cycles.cycle_close_preview(cycle)
    return render(request, "assessments/manage/cycle_close.html", {"cycle": cycle, "counts": counts})


def _assignment_agencies(cycle: Cycle):
    """The agencies of the cycle: those with an assessment or an assignment in it, and while it is being prepared
    every active agency (opening will enrol them)."""
    rule = Q(assessments__cycle=cycle) | Q(assignments__cycle=cycle)
    if cycle.status == Cycle.Status.DRAFT:
        rule |= Q(active=True)
    return (
        Agency.objects.filter(pk__in=Agency.objects.filter(rule).values("pk"))
        .select_related("ministry")
        .order_by("ministry__name_th", "name_th")
    )


@login_required
def assignments(request, year):
    cycle = _cycle_or_404(request, year)
    agencies = _assignment_agencies(cycle)
    form = AssignmentForm(request.POST or None, agencies=agencies, initial={"agency": request.GET.get("agency")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment_services.assignment_add(
                cycle=cycle, agency=data["agency"], reviewer=data["reviewer"], lead=data["lead"], by=request.user
            )
        except assignment_services.AssignmentRefused as error:
            form.add_error("reviewer", str(error))
        else:
            message = (
                _("%(person)s reviews %(agency)s.")
                if not data["lead"]
                else _("%(person)s leads the review of %(agency)s.")
            )
            messages.success(request, message % {"person": data["reviewer"], "agency": data["agency"].name})
            return redirect("manage_cycles:assignments", year=year)
    rows = assignment_services.assignments_table(cycle, list(agencies))
    context = {
        "cycle": cycle,
        "form": form,
        "rows": rows,
        "without_reviewer": [row.agency for row in rows if not row.assignments],
        "without_lead": [row.agency for row in rows if row.assignments and row.lead is None],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/manage/assignments.html", context, status=status)


def _assignment_or_404(request, year, assignment_id) -> ReviewerAssignment:
    cycle = _cycle_or_404(request, year)
    return get_object_or_404(
        ReviewerAssignment.objects.select_related("reviewer", "agency", "cycle"), pk=assignment_id, cycle=cycle
    )


@login_required
@require_POST
def assignment_lead(request, year, assignment_id):
    found = _assignment_or_404(request, year, assignment_id)
    lead = request.POST.get("lead") == "1"
    previous = assignment_services.assignment_lead_set(assignment=found, lead=lead, by=request.user)
    names = {"person": found.reviewer, "agency": found.agency.name}
    if lead:
        message = _("%(person)s leads the review of %(agency)s.") % names
        if previous:
            message += " " + _("%(previous)s is no longer the lead.") % {"previous": ", ".join(map(str, previous))}
    else:
        message = _("%(person)s no longer leads the review of %(agency)s: name another lead.") % names
    messages.success(request, message)
    return redirect("manage_cycles:assignments", year=year)


@login_required
@require_POST
def assignment_remove(request, year, assignment_id):
    found = _assignment_or_404(request, year, assignment_id)
    assignment_services.assignment_remove(assignment=found, by=request.user)
    messages.success(
        request,
        _("%(person)s no longer reviews %(agency)s. Scores they recorded stay recorded.")
        % {"person": found.reviewer, "agency": found.agency.name},
    )
    return redirect("manage_cycles:assignments", year=year)
