from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.tokens import EXPIRY_DAYS
from assessments.models import Assessment
from reports.forms import DashboardFilter


class ResultsFilter(DashboardFilter):
    """The exports' filters (ministry, kind, agency), and the assessment's status, a category and a sub-item."""

    status = forms.ChoiceField(required=False, choices=[("", ""), *Assessment.Status.choices])
    category = forms.IntegerField(required=False, min_value=1)
    item = forms.CharField(required=False, max_length=10)
    results_item = forms.CharField(required=False, max_length=10)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the script or the report that uses it."),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        initial=90,
        help_text=_("A year at most. You can revoke it sooner at any time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels made here, in the language of the request.
        self.fields["days"].choices = [
            (d, ngettext("%(days)s day", "%(days)s days", d) % {"days": d}) for d in EXPIRY_DAYS
        ]
