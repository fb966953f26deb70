from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.models import User
from assessments import answers, evidence, kept_parts, selectors, submission
from assessments.evidence_types import EvidenceRejected
from assessments.forms import CommentForm, ItemForm, TargetForm
from assessments.models import Evidence, Response
from assessments.quality import ERROR, NOT_READY, WARNING, quality_check
from criteria.models import Category
from reviews import selectors as review_selectors


@login_required
def assessment_list(request):
    assessments = access.assessments_visible_to(request.user).select_related("cycle", "agency")
    return render(request, "assessments/list.html", {"assessments": assessments})


@login_required
def workspace(request, year, code):
    """The workspace; its part is kept under everything it shows (kept_parts.workspace_key)."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    mine = request.GET.get("mine") == "1"
    mine_for = request.user if mine else None
    permissions = access.assessment_permissions(request.user, assessment)
    team = access.team_people(assessment)
    part = kept_parts.part(
        request,
        "assessments/_workspace.html",
        kept_parts.workspace_key(assessment, team=team, permissions=permissions, mine_for=mine_for),
        lambda: {
            "assessment": assessment,
            "mine": mine,
            **selectors.workspace(assessment, mine_for=mine_for),
            **permissions,
            "team": team,
            "target_form": TargetForm(initial={"target_score": assessment.target_score}),
            "latest_return": review_selectors.latest_return(assessment),
        },
        kept_parts.CHANGING_SECONDS,
    )
    return render(request, "assessments/workspace.html", {"assessment": assessment, "part": part})


def _item_form(page, data=None, files=None, initial=None):
    response = page["response"]
    attached = Evidence.objects.filter(pk__in=[e.pk for e in response.evidence.all()])
    library = Evidence.objects.filter(pk__in=[e.pk for e in page["library"]])
    return ItemForm(
        data,
        files,
        initial=initial,
        levels=[a.level for a in response.answers.all()],
        library=library,
        attached=attached,
    )


def _initial(response):
    initial = {"version": response.version, "status": response.status}
    for answer in response.answers.all():
        initial[f"narrative_{answer.level.code}"] = answer.narrative
        initial[f"fraction_{answer.level.code}"] = answer.fraction
    return initial


def _item_page(assessment, item):
    page = selectors.item_page(assessment, item)
    if page is None:
        raise Http404("No such item.")
    return page


@login_required
def item(request, year, code, item):
    """One item; as first shown (no form sent) its part is kept (kept_parts.item_key)."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    permissions = access.assessment_permissions(request.user, assessment)
    if request.method != "POST":
        part = kept_parts.part(
            request,
            "assessments/_item.html",
            kept_parts.item_key(assessment, item, permissions=permissions),
            lambda: _item_context(assessment, _item_page(assessment, item), permissions),
            kept_parts.CHANGING_SECONDS,
        )
        return render(request, "assessments/item.html", {"assessment": assessment, "item_code": item, "part": part})
    page = _item_page(assessment, item)
    status, conflict = 200, None
    assessment = access.get_assessment_for_editor(request.user, year, code)
    form = _item_form(page, request.POST, request.FILES)
    if form.is_valid():
        try:
            _save_item(form, page["response"], request.user)
        except answers.EditConflict as error:
            conflict, status = error.response, 409
            data = request.POST.copy()
            data["version"] = conflict.version  # saving again, knowingly, replaces their version
            form = _item_form(page, data, initial=_initial(conflict))
            form.is_valid()
        except EvidenceRejected as error:
            form.add_error("evidence_file", error)
            status = 400
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Saved %(code)s.") % {"code": item})
            return redirect("assessments:item", year=year, code=code, item=item)
    else:
        status = 400
    if conflict is not None:
        conflict = selectors.item_page(assessment, item)["response"]
    context = _item_context(assessment, page, permissions, form=form, conflict=conflict)
    part = render_to_string("assessments/_item.html", context, request)
    return render(
        request, "assessments/item.html", {"assessment": assessment, "item_code": item, "part": part}, status=status
    )


def _item_context(assessment, page, permissions, *, form=None, conflict=None) -> dict:
    """What the item's part shows: the page's data, the form (as first shown unless given), the comment form."""
    return {
        "assessment": assessment,
        "form": form or _item_form(page, initial=_initial(page["response"])),
        **permissions,
        "conflict": conflict,
        "comment_form": CommentForm(),
        **page,
    }


@transaction.atomic
def _save_item(form, response, by):
    data = form.cleaned_data
    levels = [
        answers.LevelInput(level.code, data[f"narrative_{level.code}"], data[f"fraction_{level.code}"])
        for level in form.levels
    ]
    answers.response_save(response=response, version=data["version"], status=data["status"], levels=levels, by=by)
    evidence.evidence_changes_apply(response=response, data=data, by=by)


@login_required
@require_POST
def comment_add(request, year, code, item):
    assessment = access.get_assessment_for_user(request.user, year, code)
    if not access.can_edit_assessment(request.user, assessment.agency):
        raise access.PermissionDenied("Comments are for the agency's team.")
    response = get_object_or_404(Response, assessment=assessment, item__code=item)
    form = CommentForm(request.POST)
    if form.is_valid():
        answers.comment_add(response=response, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("assessments:item", year=year, code=code, item=item)


@login_required
@require_POST
def owner_set(request, year, code):
    assessment = access.get_assessment_for_coordinator(request.user, year, code)
    owner_id = request.POST.get("owner") or None
    owner = get_object_or_404(User, pk=owner_id, memberships__agency=assessment.agency) if owner_id else None
    try:
        if request.POST.get("category"):
            category = get_object_or_404(Category, edition=assessment.cycle.edition, number=request.POST["category"])
            answers.category_owner_set(assessment=assessment, category=category, owner=owner, by=request.user)
        else:
            response = get_object_or_404(Response, assessment=assessment, item__code=request.POST.get("item"))
            answers.owner_set(target=response, owner=owner, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Owner saved."))
    return redirect("assessments:workspace", year=year, code=code)


@login_required
@require_POST
def target_set(request, year, code):
    assessment = access.get_assessment_for_coordinator(request.user, year, code)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            answers.target_set(assessment=assessment, target_score=form.cleaned_data["target_score"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Target saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("assessments:workspace", year=year, code=code)


@login_required
@require_POST
def carry_over(request, year, code, item):
    assessment = access.get_assessment_for_editor(request.user, year, code)
    response = get_object_or_404(Response, assessment=assessment, item__code=item)
    try:
        answers.response_carry_over(response=response, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Started from last cycle's answers. Check and update them."))
    return redirect("assessments:item", year=year, code=code, item=item)


@login_required
def check(request, year, code):
    """The quality check: the team may look; the coordinator (or, after the deadline, an administrator) submits."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    team = access.can_edit_assessment(request.user, assessment.agency)
    if not (team or access.can_manage_members(request.user, assessment.agency)):
        raise access.PermissionDenied("The quality check is for the agency's team.")
    findings = quality_check(assessment)
    warnings = [f for f in findings if f.severity == WARNING]
    return render(
        request,
        "assessments/check.html",
        {
            "assessment": assessment,
            "errors": [f for f in findings if f.severity == ERROR],
            "warnings": warnings,
            "not_ready": [f for f in warnings if f.rule == NOT_READY],
            "other_warnings": [f for f in warnings if f.rule != NOT_READY],
            "can_submit": access.can_manage_members(request.user, assessment.agency) and not assessment.is_locked,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, year, code):
    """GET: what submitting does, with the check's errors and warnings to confirm; POST: submit (the coordinator)."""
    assessment = access.get_assessment_for_coordinator(request.user, year, code)
    if request.method == "GET":
        if assessment.is_locked:
            messages.info(request, _("The assessment has already been submitted."))
            return redirect("assessments:workspace", year=year, code=code)
        findings = quality_check(assessment)
        return render(
            request,
            "assessments/submit.html",
            {
                "assessment": assessment,
                "errors": [f for f in findings if f.severity == ERROR],
                "warnings": [f for f in findings if f.severity == WARNING],
                "confirmed": request.GET.get("confirm_warnings") == "1",
            },
        )
    try:
        submission.assessment_submit(
            assessment=assessment,
            by=request.user,
            request=request,
            warnings_confirmed=request.POST.get("confirm_warnings") == "1",
        )
    except submission.SubmissionRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:check", year=year, code=code)
    messages.success(request, _("Submitted. The assessment is locked and the reviewers have been told."))
    return redirect("assessments:workspace", year=year, code=code)
