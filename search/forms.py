from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from agencies.models import Ministry
from criteria.models import Category, Item, Level
from search.models import SearchDocument
from search.query import Filters

BELOW_FIRST_LEVEL = "none"  # the stored level of an overall score below the first level is blank


def _select(label, choices=()):
    return forms.ChoiceField(
        label=label, required=False, choices=choices, widget=forms.Select(attrs={"class": "form-select"})
    )


def _first_of_each(rows, key):
    """One row per key (editions repeat their categories, items and levels), in the rows' order."""
    seen = {}
    for row in rows:
        seen.setdefault(key(row), row)
    return list(seen.values())


class SearchForm(forms.Form):
    """What to look for, and where: across agencies and cycles (`across=True`, for OPDC and executives: cycle,
    ministry and level reached too) or in one assessment. Choices come from what the person may read."""

    q = forms.CharField(
        label=_("Words to find"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autofocus": True}),
    )
    kind = _select(_("In"), [("", _("Everything")), *SearchDocument.Kind.choices])
    category = _select(_("Category"))
    item = _select(_("Sub-item"))
    year = _select(_("Cycle"))
    ministry = _select(_("Ministry or grouping"))
    level = _select(_("Level reached"))

    def __init__(self, *args, user, across: bool, **kwargs):
        super().__init__(*args, **kwargs)
        categories = _first_of_each(Category.objects.order_by("number", "-edition_id"), key=lambda c: c.number)
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((c.number, f"{c.number} {c.title}") for c in categories),
        ]
        items = _first_of_each(Item.objects.order_by("code", "-category__edition_id"), key=lambda i: i.code)
        self.fields["item"].choices = [("", _("All sub-items")), *((i.code, f"{i.code} {i.title}") for i in items)]
        self.levels = _first_of_each(Level.objects.order_by("order", "-edition_id"), key=lambda level: level.code)
        if not across:
            for name in ("year", "ministry", "level"):
                del self.fields[name]
            return
        years = (
            access.assessments_visible_to(user)
            .values_list("cycle__fiscal_year", flat=True)
            .order_by("-cycle__fiscal_year")
            .distinct()
        )
        self.fields["year"].choices = [
            ("", _("All cycles")),
            *((y, _("Fiscal year %(year)s") % {"year": y}) for y in years),
        ]
        ministries = (
            Ministry.objects.filter(agencies__in=access.agencies_visible_to(user)).distinct().order_by("name_th")
        )
        self.fields["ministry"].choices = [("", _("All ministries")), *((m.pk, m.name) for m in ministries)]
        self.fields["level"].choices = [
            ("", _("Any level")),
            (BELOW_FIRST_LEVEL, _("Below the first level")),
            *((level.code, level.name) for level in self.levels),
        ]

    def filters(self) -> Filters:
        data = self.cleaned_data
        level = data.get("level") or None
        return Filters(
            year=int(data["year"]) if data.get("year") else None,
            category=int(data["category"]) if data.get("category") else None,
            item=data.get("item") or "",
            ministry=int(data["ministry"]) if data.get("ministry") else None,
            level="" if level == BELOW_FIRST_LEVEL else level,
            kind=data.get("kind") or "",
        )

    def level_names(self) -> dict:
        return {level.code: level.name for level in self.levels}
