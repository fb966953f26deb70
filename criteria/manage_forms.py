"""Forms of the editions' administration pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from criteria.drafts import TextGroup
from criteria.models import Edition
from pmqa.dates import fiscal_year_be


def fiscal_year_check(year: int) -> int:
    """A Buddhist-era fiscal year; a Christian-era one is pointed out as such."""
    if 1900 <= year < 2300:
        raise forms.ValidationError(
            _("%(year)s looks like a Christian-era year: give the Buddhist-era year (%(be)s)."),
            params={"year": year, "be": year + 543},
        )
    if not 2500 <= year <= 2700:
        raise forms.ValidationError(_("Give a Buddhist-era fiscal year such as 2571."))
    return year


class TextsForm(forms.Form):
    """One field per (group, field), built from the model field: its label, length, whether it may be blank."""

    def __init__(self, groups: list[TextGroup], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            for name in group.fields:
                model_field = group.obj._meta.get_field(name)
                form_field = model_field.formfield()
                form_field.initial = getattr(group.obj, name)
                if isinstance(form_field.widget, forms.Textarea):
                    form_field.widget.attrs.update(rows=4, cols=None)
                self.fields[group.key(name)] = form_field

    def clean(self):
        cleaned = super().clean()
        for key, value in list(cleaned.items()):  # add_error removes the field from cleaned_data
            if key.endswith("-first_fiscal_year") and value is not None:
                try:
                    fiscal_year_check(value)
                except forms.ValidationError as error:
                    self.add_error(key, error)
        return cleaned

    def rows(self):
        """(group, its bound fields) for the template."""
        return [(group, [self[group.key(name)] for name in group.fields]) for group in self.groups]


class CopyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and dashes, used in addresses, e.g. pmqa-4-0-2571."),
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    first_fiscal_year = forms.IntegerField(
        label=_("First fiscal year (B.E.)"),
        help_text=_("The Buddhist-era fiscal year the new edition applies from."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if Edition.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An edition with this code already exists: choose another."))
        return code

    def clean_first_fiscal_year(self):
        return fiscal_year_check(self.cleaned_data["first_fiscal_year"])

    @classmethod
    def suggested_for(cls, edition: Edition) -> dict:
        """The next fiscal year (or the year after the edition's first, if later), and a code and names with it."""
        year = max(edition.first_fiscal_year + 1, fiscal_year_be(timezone.localdate()) + 1)
        code = f"{edition.code}-{year}"
        return {
            "code": code if not Edition.objects.filter(code=code).exists() else "",
            "name_th": f"{edition.name_th} ฉบับปีงบประมาณ {year}",
            "name_en": f"{edition.name_en} (fiscal year {year})" if edition.name_en else "",
            "first_fiscal_year": year,
        }
