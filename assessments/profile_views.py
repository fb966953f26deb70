"""The organisation profile pages: the whole profile, and one section to write (like an item page)."""

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
from assessments import answers, evidence, profile, richtext, selectors
from assessments.answers import EditConflict
from assessments.evidence_types import EvidenceRejected
from assessments.forms import ProfileSectionForm
from assessments.models import Evidence, ProfileAnswer


@login_required
def profile_overview(request, year, code):
    assessment = access.get_assessment_for_user(request.user, year, code)
    return render(
        request,
        "assessments/profile.html",
        {
            "assessment": assessment,
            **selectors.profile(assessment),
            **access.assessment_permissions(request.user, assessment),
            "has_previous": bool(profile.previous_answers(assessment)),
        },
    )


def _form(page, data=None, files=None, initial=None):
    answer = page["answer"]
    return ProfileSectionForm(
        data,
        files,
        initial=initial,
        library=Evidence.objects.filter(pk__in=[e.pk for e in page["library"]]),
        attached=Evidence.objects.filter(pk__in=[e.pk for e in answer.evidence.all()]),
    )


def _initial(answer: ProfileAnswer) -> dict:
    return {"version": answer.version, "text": answer.text, "status": answer.status}


@login_required
def profile_section(request, year, code, section):
    assessment = access.get_assessment_for_user(request.user, year, code)
    page = selectors.profile_section_page(assessment, section)
    if page is None:
        raise Http404("No such section.")
    status, conflict = 200, None
    if request.method == "POST":
        assessment = access.get_assessment_for_editor(request.user, year, code)
        form = _form(page, request.POST, request.FILES)
        if form.is_valid():
            try:
                _save(form, page["answer"], request.user)
            except EditConflict as error:
                conflict, status = error.current, 409
                data = request.POST.copy()
                data["version"] = conflict.version  # saving again, knowingly, replaces their version
                form = _form(page, data, initial=_initial(conflict))
                form.is_valid()
            except EvidenceRejected as error:
                form.add_error("evidence_file", error)
                status = 400
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                removed = richtext.removed_count(request.POST.get("text", ""), form.cleaned_data["text"])
                messages.success(request, _("Saved %(section)s.") % {"section": page["section"].number})
                if removed:
                    messages.info(
                        request,
                        _(
                            "%(count)s invisible characters pasted with the text (such as zero-width spaces) "
                            "were removed."
                        )
                        % {"count": removed},
                    )
                return redirect("assessments:profile_section", year=year, code=code, section=section)
        else:
            status = 400
    else:
        form = _form(page, initial=_initial(page["answer"]))
    return render(
        request,
        "assessments/profile_section.html",
        {
            "assessment": assessment,
            "form": form,
            "conflict": conflict,
            **access.assessment_permissions(request.user, assessment),
            **page,
        },
        status=status,
    )


@transaction.atomic
def _save(form, answer, by):
    data = form.cleaned_data
    profile.profile_answer_save(answer=answer, version=data["version"], text=data["text"], status=data["status"], by=by)
    evidence.evidence_changes_apply(response=answer, data=data, by=by)


@login_required
@require_POST
def profile_carry_over(request, year, code):
    """Start the profile (its empty sections, or the one section named) from last cycle's."""
    assessment = access.get_assessment_for_editor(request.user, year, code)
    section = request.POST.get("section") or None
    try:
        count = profile.profile_carry_over(assessment=assessment, by=request.user, section_code=section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)s sections started from last cycle's profile. Check and update them.") % {"count": count},
        )
    if section:
        return redirect("assessments:profile_section", year=year, code=code, section=section)
    return redirect("assessments:profile", year=year, code=code)


@login_required
@require_POST
def profile_owner_set(request, year, code, section):
    assessment = access.get_assessment_for_coordinator(request.user, year, code)
    answer = get_object_or_404(
        ProfileAnswer.objects.select_related("section"), assessment=assessment, section__code=section
    )
    owner_id = request.POST.get("owner") or None
    owner = get_object_or_404(User, pk=owner_id, memberships__agency=assessment.agency) if owner_id else None
    try:
        answers.owner_set(target=answer, owner=owner, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Owner saved."))
    return redirect("assessments:profile_section", year=year, code=code, section=section)
