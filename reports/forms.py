from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import agencies_visible_to
from agencies.models import Agency, Ministry


class DashboardFilter(forms.Form):
    """Narrow a cycle's dashboard, portfolio or export to one ministry and one kind of agency."""

    ministry = forms.ChoiceField(
        label=_("Ministry or grouping"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    kind = forms.ChoiceField(
        label=_("Kind of agency"),
        required=False,
        choices=[("", _("All kinds")), *Agency.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    agency = forms.SlugField(label=_("Agency"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        ministries = Ministry.objects.filter(pk__in=agencies_visible_to(user).values("ministry_id")).order_by("name_th")
        self.fields["ministry"].choices = [("", _("All ministries")), *((m.code, m.name) for m in ministries)]

    def clean_agency(self):
        """One agency the person reads (its exports are linked from its page), or the whole scope."""
        code = self.cleaned_data["agency"]
        if code and not agencies_visible_to(self.user).filter(code=code).exists():
            raise forms.ValidationError(_("No such agency."))
        return code

    def describe(self) -> list[str]:
        """The filters in force, for a report's cover: ["Ministry or grouping: กระทรวงสาธารณสุข", …]."""
        if not (self.is_bound and self.is_valid()):
            return []
        return [
            f"{field.label}: {dict(field.choices)[self.cleaned_data[name]] if hasattr(field, 'choices') else value}"
            for name, field in self.fields.items()
            if (value := self.cleaned_data[name])
        ]
