from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from assessments import kept_parts
from assessments import selectors as assessment_selectors
from assessments.indicators import years_of
from assessments.models import ProfileAnswer
from criteria.models import ProfileSection
from reports.charts_context import indicator_chart
from reviews import selectors, workflow
from reviews.forms import ProfileCommentForm, ReopenForm, ResultsReviewForm, ReturnForm, ReviewForm


def _for_reviewer(user, year, code, *, lead=False):
    """(assessment, the person's assignment or None): assigned reviewers; administrators may look at any review
    (read-only)."""
    if access.is_administrator(user) and not lead:
        assessment = access.get_assessment_for_user(user, year, code)
        return assessment, access.assignment_of(user, assessment)
    return access.get_review_for_reviewer(user, year, code, lead=lead)


@login_required
def queue(request):
    """The reviewer's queue; its part is kept under their assignments and their assessments' change counts."""
    if not request.user.is_reviewer:
        raise Http404("Only OPDC reviewers have a queue.")
    part = kept_parts.part(
        request,
        "reviews/_queue.html",
        kept_parts.queue_key(request.user),
        lambda: {"entries": selectors.queue(request.user)},
        kept_parts.CHANGING_SECONDS,
    )
    return render(request, "reviews/queue.html", {"part": part})


@login_required
def assessment_review(request, year, code):
    assessment, assignment = _for_reviewer(request.user, year, code)
    return render(
        request,
        "reviews/assessment.html",
        {
            "assessment": assessment,
            "assignment": assignment,
            **selectors.overview(assessment, request.user),
            "changed": workflow.changed_since_last_submission(assessment),
            "timeline": workflow.timeline(assessment),
            "is_administrator": access.is_administrator(request.user),
        },
    )


@login_required
def item_review(request, year, code, item):
    """One item for a reviewer; as first shown (no form sent) its part is kept (kept_parts.review_item_key)."""
    assessment, assignment = _for_reviewer(request.user, year, code)
    page = {"assessment": assessment, "item_code": item}
    if request.method != "POST":
        page["part"] = kept_parts.part(
            request,
            "reviews/_item.html",
            kept_parts.review_item_key(assessment, item, reader=request.user, assignment=assignment),
            lambda: _item_context(request.user, assessment, assignment, _item_response(assessment, item)),
            kept_parts.CHANGING_SECONDS,
        )
        return render(request, "reviews/item.html", page)
    response = _item_response(assessment, item)
    if assignment is None:
        raise PermissionDenied("Only the assigned reviewers score.")
    kind = "consensus" if "consensus-strengths" in request.POST else "mine"
    levels = [answer.level for answer in response.answers.all()]
    form = ReviewForm(request.POST, levels=levels, prefix=kind)
    if form.is_valid():
        try:
            workflow.review_save(
                response=response,
                reviewer=request.user,
                fractions=form.fractions(),
                strengths=form.cleaned_data["strengths"],
                improvements=form.cleaned_data["improvements"],
                consensus=kind == "consensus",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review of %(code)s saved.") % {"code": item})
            return redirect("reviews:item", year=year, code=code, item=item)
    context = _item_context(request.user, assessment, assignment, response, sent={kind: form})
    page["part"] = render_to_string("reviews/_item.html", context, request)
    return render(request, "reviews/item.html", page, status=400)


def _item_response(assessment, code):
    response = selectors.item_review(assessment, code)
    if response is None:
        raise Http404("No such item.")
    return response


def _item_context(reader, assessment, assignment, response, *, sent=None) -> dict:
    """What a reviewer's item part shows: the agency's answers and evidence, the reviews, the forms (as first shown,
    or the one sent with its mistakes)."""
    levels = [answer.level for answer in response.answers.all()]
    level_names = {level.code: level.name for level in levels}
    reviews = list(response.reviews.all())
    mine = next((r for r in reviews if r.reviewer_id == reader.pk and not r.is_consensus), None)
    consensus = next((r for r in reviews if r.is_consensus), None)
    forms = {
        "mine": ReviewForm(initial=ReviewForm.initial_from(mine), levels=levels, prefix="mine"),
        # Until there is a consensus, the lead starts from their own review rather than typing it all again.
        "consensus": ReviewForm(initial=ReviewForm.initial_from(consensus or mine), levels=levels, prefix="consensus"),
        **(sent or {}),
    }
    return {
        "assessment": assessment,
        "response": response,
        "assignment": assignment,
        "forms": forms,
        "mine": mine,
        "consensus": consensus,
        "others": [r for r in reviews if not r.is_consensus and r != mine],
        "consensus_from_mine": consensus is None and mine is not None,
        "can_score": assignment is not None and assessment.is_in_review,
        "descriptors": {d.level_id: d for d in response.item.descriptors.all()},
        "level_names": level_names,
        "revision": selectors.item_revision(response, level_names),
    }


# --- Transitions: each a GET page that says what will happen, and the POST that does it ---------


def _not_now(request, assessment, message):
    """The transition cannot happen now (the page was opened from an old tab): say why, back to the review."""
    messages.error(request, message)
    return redirect("reviews:assessment", year=assessment.cycle.fiscal_year, code=assessment.agency.code)


def _return_page(request, assessment, form, notes, status=200):
    return render(
        request,
        "reviews/return.html",
        {
            "assessment": assessment,
            "form": form,
            "notes": notes,
            "items": [r.item for r in assessment.responses.select_related("item__category")],
            "profile_sections": ProfileSection.objects.filter(
                edition=assessment.cycle.edition_id, children__isnull=True
            ).order_by("order"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_assessment(request, year, code):
    """GET: the return form, saying what returning does; POST: return the assessment to the agency."""
    assessment = access.get_assessment_for_reviewer(request.user, year, code)
    if request.method == "GET":
        if not assessment.is_in_review:
            return _not_now(request, assessment, _("Only an assessment in review can be returned."))
        return _return_page(request, assessment, ReturnForm(), {})
    form = ReturnForm(request.POST)
    notes = {key.removeprefix("note_"): value for key, value in request.POST.items() if key.startswith("note_")}
    if not form.is_valid():
        messages.error(request, _("Write a message to the agency."))
        return _return_page(request, assessment, form, notes, status=400)  # nothing typed is lost
    try:
        workflow.assessment_return(
            assessment=assessment, by=request.user, message=form.cleaned_data["message"], request=request, notes=notes
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Returned to the agency for revision."))
    return redirect("reviews:assessment", year=year, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def finalise(request, year, code):
    """GET: what finalising does, and what still lacks a consensus; POST: finalise (the lead reviewer)."""
    assessment = access.get_assessment_for_reviewer(request.user, year, code, lead=True)
    if request.method == "GET":
        if not assessment.is_in_review:
            return _not_now(request, assessment, _("Only an assessment in review can be finalised."))
        return render(
            request,
            "reviews/finalise.html",
            {
                "assessment": assessment,
                "missing_consensus": workflow.missing_consensus(assessment),
                "results_codes": set(assessment.results_responses.values_list("item__code", flat=True)),
            },
        )
    try:
        workflow.assessment_finalise(assessment=assessment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Finalised. The results are now visible to the agency and its executives."))
    return redirect("reviews:assessment", year=year, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, year, code):
    """GET: what reopening does, and the reason to give; POST: reopen finalised results (an administrator)."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    if not access.is_administrator(request.user):
        raise PermissionDenied("Only an administrator reopens finalised results.")
    if request.method == "GET":
        if not assessment.is_final:
            return _not_now(request, assessment, _("Only a finalised assessment can be reopened."))
        return render(request, "reviews/reopen.html", {"assessment": assessment, "form": ReopenForm()})
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening."))
        return render(request, "reviews/reopen.html", {"assessment": assessment, "form": form}, status=400)
    try:
        workflow.assessment_reopen(assessment=assessment, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reopened for review."))
    return redirect("reviews:assessment", year=year, code=code)


@login_required
def results(request, year, code):
    """The result for the agency and executives in scope — once final; reviewers and administrators see it earlier."""
    assessment = access.get_assessment_for_user(request.user, year, code)
    if not access.can_see_results(request.user, assessment):
        return render(request, "reviews/results_pending.html", {"assessment": assessment})
    part = kept_parts.final_part(
        request,
        assessment,
        "reviews/_results.html",
        lambda: {
            **selectors.results(assessment, evidence=False, inputs=False),
            "timeline": workflow.timeline(assessment),
        },
    )
    return render(request, "reviews/results.html", {"assessment": assessment, "part": part})


@login_required
def profile_review(request, year, code):
    """The organisation profile for the reviewers: every section, its evidence, and their comments (POST adds one)."""
    assessment, assignment = _for_reviewer(request.user, year, code)
    status = 200
    form = ProfileCommentForm()
    if request.method == "POST":
        if assignment is None:
            raise PermissionDenied("Only the assigned reviewers comment.")
        answer = ProfileAnswer.objects.filter(assessment=assessment, section__code=request.POST.get("section")).first()
        form = ProfileCommentForm(request.POST)
        if answer is None:
            raise Http404("No such section.")
        if form.is_valid():
            try:
                workflow.profile_comment_add(answer=answer, author=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Comment added to %(section)s.") % {"section": answer.section.number})
                return redirect("reviews:profile", year=year, code=code)
        else:
            messages.error(request, _("Write a comment first."))
        status = 400
    return render(
        request,
        "reviews/profile.html",
        {
            "assessment": assessment,
            "assignment": assignment,
            "can_comment": assignment is not None and assessment.is_in_review,
            "form": form,
            **assessment_selectors.profile(assessment, details=True),
        },
        status=status,
    )


@login_required
def results_item_review(request, year, code, item):
    """One results item of category 7 for the reviewers: the indicators, the rule's score, and their scores."""
    assessment, assignment = _for_reviewer(request.user, year, code)
    row = next(
        (r for r in selectors.results_overview(assessment, request.user) if r.row.response.item.code == item), None
    )
    if row is None:
        raise Http404("No such results item.")
    suggested = row.row.score.scored.score
    forms = {
        "mine": ResultsReviewForm(initial=ResultsReviewForm.initial_from(row.mine, suggested), prefix="mine"),
        "consensus": ResultsReviewForm(
            initial=ResultsReviewForm.initial_from(row.consensus or row.mine, suggested), prefix="consensus"
        ),
    }
    status = 200
    if request.method == "POST":
        kind = "consensus" if "consensus-score" in request.POST else "mine"
        if assignment is None:
            raise PermissionDenied("Only the assigned reviewers score.")
        forms[kind] = form = ResultsReviewForm(request.POST, prefix=kind)
        if form.is_valid():
            try:
                workflow.results_review_save(
                    response=row.row.response,
                    reviewer=request.user,
                    score=form.cleaned_data["score"],
                    strengths=form.cleaned_data["strengths"],
                    improvements=form.cleaned_data["improvements"],
                    consensus=kind == "consensus",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Review of %(code)s saved.") % {"code": item})
                return redirect("reviews:results_item", year=year, code=code, item=item)
        status = 400
    years = years_of(assessment.cycle)
    return render(
        request,
        "reviews/results_item.html",
        {
            "assessment": assessment,
            "assignment": assignment,
            "entry": row,
            "forms": forms,
            "years": years,
            "charts": [(i, values, indicator_chart(i, years)) for i, values in row.row.table],
            "can_score": assignment is not None and assessment.is_in_review,
        },
        status=status,
    )
