"""Friendly administration pages: bulk imports with a preview, and the list of people."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, imports, services
from accounts import people as people_selectors
from accounts.models import User

PLANNERS = {"agencies": imports.agencies_plan, "people": imports.people_plan}
SESSION_KEY = "import:{kind}"
PEOPLE_PER_PAGE = 50


def _kind_or_404(kind):
    if kind not in PLANNERS:
        raise Http404("No such import.")
    return kind


@login_required
def manage_index(request):
    access.require_administrator(request.user)
    return render(request, "accounts/manage/index.html")


@login_required
def import_upload(request, kind):
    access.require_administrator(request.user)
    _kind_or_404(kind)
    if request.method != "POST":
        return render(request, "accounts/manage/import_upload.html", {"kind": kind})
    upload = request.FILES.get("file")
    if upload is None:
        return render(
            request,
            "accounts/manage/import_upload.html",
            {"kind": kind, "error": _("Choose a CSV or XLSX file.")},
            status=400,
        )
    try:
        rows = imports.read_table(upload.read(), upload.name)
    except imports.ImportFileError as error:
        return render(request, "accounts/manage/import_upload.html", {"kind": kind, "error": str(error)}, status=400)
    plan = PLANNERS[kind](rows)
    request.session[SESSION_KEY.format(kind=kind)] = {"filename": upload.name, "rows": rows}
    return render(request, "accounts/manage/import_preview.html", {"kind": kind, "plan": plan, "filename": upload.name})


@login_required
@require_POST
def import_confirm(request, kind):
    access.require_administrator(request.user)
    _kind_or_404(kind)
    stored = request.session.get(SESSION_KEY.format(kind=kind))
    if not stored:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("manage:import", kind=kind)
    plan = PLANNERS[kind](stored["rows"])
    if not plan.ok:
        return render(
            request,
            "accounts/manage/import_preview.html",
            {"kind": kind, "plan": plan, "filename": stored["filename"]},
            status=400,
        )
    try:
        counts = services.import_apply(
            plan=plan, by=request.user, request=request, invite=kind == "people" and bool(request.POST.get("invite"))
        )
    except imports.ImportRefused as error:
        messages.error(request, str(error))
        return redirect("manage:import", kind=kind)
    del request.session[SESSION_KEY.format(kind=kind)]
    messages.success(
        request,
        _("Imported %(file)s: %(created)s created, %(updated)s changed, %(unchanged)s unchanged.")
        % {
            "file": stored["filename"],
            "created": counts.get("create", 0),
            "updated": counts.get("update", 0),
            "unchanged": counts.get("unchanged", 0),
        },
    )
    return redirect("manage:people" if kind == "people" else "agencies:list")


@login_required
def people_list(request):
    access.require_administrator(request.user)
    query = request.GET.get("q", "").strip()
    role, status = request.GET.get("role", ""), request.GET.get("status", "")
    people = people_selectors.people_for_list(query=query, role=role, status=status)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    filters = {"q": query, "role": role if role in people_selectors.ROLE_FILTERS else ""}
    filters["status"] = status if status in people_selectors.STATUS_FILTERS else ""
    context = {
        "people": page,
        "page": page,
        "query": query,
        "filters": filters,
        "filters_query": urlencode({k: v for k, v in filters.items() if v}),
        "role_choices": [(key, label) for key, (label, _q) in people_selectors.ROLE_FILTERS.items()],
        "status_choices": [(key, label) for key, (label, _q) in people_selectors.STATUS_FILTERS.items()],
    }
    return render(request, "accounts/manage/people.html", context)


@login_required
def person_active_set(request, person_id, active):
    """GET: ask for confirmation, saying what happens. POST: deactivate or reactivate."""
    access.require_administrator(request.user)
    person = get_object_or_404(User, pk=person_id)
    if request.method == "POST":
        try:
            changed = services.person_set_active(person=person, active=active, by=request.user)
        except services.RefusedError as error:
            messages.error(request, str(error))
        else:
            if changed:
                done = _("%(person)s can log in again.") if active else _("%(person)s can no longer log in.")
                messages.success(request, done % {"person": person})
        return redirect(f"{reverse('manage:people')}?{urlencode({'q': person.email})}")
    return render(request, "accounts/manage/person_active.html", {"person": person, "active": active})
