from django.shortcuts import redirect, render

from criteria import selectors


def criteria_current(request):
    edition = selectors.current_edition(request.user)
    if edition is None:
        return render(request, "criteria/no_edition.html", status=404)
    return redirect("criteria:edition", edition=edition.code)


def government_40_current(request):
    edition = selectors.current_edition(request.user)
    if edition is None:
        return render(request, "criteria/no_edition.html", status=404)
    return redirect("criteria:government_40", edition=edition.code)


def edition_detail(request, edition):
    edition = selectors.get_edition_for_user(request.user, edition)
    return render(request, "criteria/edition.html", {"edition": edition, **selectors.edition_grid(edition)})


def item_detail(request, edition, item):
    edition = selectors.get_edition_for_user(request.user, edition)
    item = selectors.get_item(edition, item)
    previous, following = selectors.neighbours(edition, item)
    return render(
        request,
        "criteria/item.html",
        {"edition": edition, "item": item, "previous_code": previous, "next_code": following},
    )


def government_40(request, edition):
    edition = selectors.get_edition_for_user(request.user, edition)
    return render(request, "criteria/government_40.html", {"edition": edition, **selectors.government_40(edition)})
