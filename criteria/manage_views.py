"""Editions for OPDC administrators (/manage/editions/): list, copy to a draft, edit a draft's texts, see what it
changes against the published edition, publish. A published or retired edition never changes
(criteria/immutability.py): its edit pages answer 403 with a message that says to copy it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from criteria import diff, drafts, editions
from criteria.manage_forms import CopyForm, TextsForm
from criteria.models import Edition

PARTS = {
    "results": (drafts.results_groups, gettext_lazy("Results items (category 7)")),
    "profile": (drafts.profile_groups, gettext_lazy("Organisation profile sections")),
}


def _edition(user, code: str) -> Edition:
    access.require_administrator(user)
    edition = Edition.objects.select_related("copied_from").filter(code=code).first()
    if edition is None:
        raise Http404("No such edition.")
    return edition


def _frozen_refusal(request, edition):
    """A published or retired edition is not edited here: say why and what to do instead."""
    return render(request, "criteria/manage/frozen.html", {"edition": edition}, status=403)


def _draft_or_refusal(request, code: str):
    edition = _edition(request.user, code)
    return edition, (_frozen_refusal(request, edition) if edition.is_frozen else None)


@login_required
def edition_list(request):
    access.require_administrator(request.user)
    rows = Edition.objects.select_related("copied_from").order_by("-first_fiscal_year", "code")
    return render(request, "criteria/manage/list.html", {"editions": rows})


@login_required
def edition_copy(request, code):
    edition = _edition(request.user, code)
    form = CopyForm(request.POST or None, initial=CopyForm.suggested_for(edition))
    if request.method == "POST" and form.is_valid():
        copy = editions.edition_copy(edition=edition, **form.cleaned_data)
        messages.success(request, _("The draft %(name)s was made from %(base)s.") % {"name": copy, "base": edition})
        return redirect("manage_editions:edit", code=copy.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "criteria/manage/copy.html", {"edition": edition, "form": form}, status=status)


def _texts_page(request, edition, groups, *, title, template="criteria/manage/texts.html", extra=None):
    form = TextsForm(groups, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = drafts.draft_texts_save(edition=edition, groups=groups, values=form.cleaned_data)
        messages.success(request, _("Saved: %(n)s changed.") % {"n": changed} if changed else _("Nothing changed."))
        return redirect(request.path)
    context = {"edition": edition, "form": form, "title": title, **(extra or {})}
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@login_required
def edition_edit(request, code):
    edition, refusal = _draft_or_refusal(request, code)
    if refusal:
        return refusal
    extra = {"items": drafts.edition_items(edition), "parts": {key: label for key, (_g, label) in PARTS.items()}}
    return _texts_page(
        request,
        edition,
        drafts.edition_groups(edition),
        title=_("Edit the draft"),
        template="criteria/manage/edit.html",
        extra=extra,
    )


@login_required
def item_edit(request, code, item):
    edition, refusal = _draft_or_refusal(request, code)
    if refusal:
        return refusal
    found = drafts.get_item(edition, item)
    if found is None:
        raise Http404("No such item.")
    title = _("Item %(code)s and its descriptors") % {"code": found.code}
    return _texts_page(request, edition, drafts.item_groups(found), title=title)


@login_required
def part_edit(request, code, part):
    if part not in PARTS:
        raise Http404("No such part.")
    edition, refusal = _draft_or_refusal(request, code)
    if refusal:
        return refusal
    groups, title = PARTS[part]
    return _texts_page(request, edition, groups(edition), title=title)


@login_required
def edition_changes(request, code):
    edition = _edition(request.user, code)
    base = diff.base_of(edition)
    sections = diff.edition_changes(base=base, draft=edition) if base is not None else []
    return render(request, "criteria/manage/changes.html", {"edition": edition, "base": base, "sections": sections})


@login_required
def edition_publish(request, code):
    edition, refusal = _draft_or_refusal(request, code)
    if refusal:
        return refusal
    problems = editions.edition_problems(edition)
    if request.method == "POST" and not problems:
        editions.edition_publish(edition=edition)
        messages.success(request, _("%(name)s is published and can no longer change.") % {"name": edition})
        return redirect("manage_editions:list")
    status = 400 if request.method == "POST" else 200
    context = {"edition": edition, "problems": problems, "base": diff.base_of(edition)}
    return render(request, "criteria/manage/publish.html", context, status=status)
