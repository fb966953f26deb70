from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Cycle
from criteria.models import Item


class BrowseForm(forms.Form):
    """Filters of the good practices list; choices from the cycles and their editions' items (two queries)."""

    year = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    item = forms.ChoiceField(label=_("Sub-item"), required=False)
    q = forms.CharField(label=_("Text contains"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = list(Cycle.objects.order_by("-fiscal_year").values_list("fiscal_year", "edition_id"))
        items = Item.objects.filter(category__edition__in={e for _y, e in cycles}).select_related("category")
        categories, codes = {}, {}
        for item in items.order_by("category__number", "order"):
            categories.setdefault(item.category.number, f"{item.category.number} {item.category.title}")
            codes.setdefault(item.code, f"{item.code} {item.title}")
        every = [("", _("All"))]
        self.fields["year"].choices = every + [(y, y) for y, _e in cycles]
        self.fields["category"].choices = every + list(categories.items())
        self.fields["item"].choices = every + list(codes.items())
        self.fields["q"].widget.attrs["class"] = "form-control"
        for name in ("year", "category", "item"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "year": data.get("year"),
            "category": data.get("category"),
            "item": data.get("item") or None,
            "text": data.get("q") or "",
        }
