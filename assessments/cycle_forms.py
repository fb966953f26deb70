"""Forms of the cycle pages (/manage/cycles/): dates typed in the Buddhist era, checked by assessments/cycles.py."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agencies.models import Agency
from assessments.cycles import dates_check
from assessments.models import Cycle
from criteria.models import Edition
from pmqa.date_fields import CHRISTIAN_YEARS, BuddhistDateField

DEFAULT_DEADLINE_TIME = datetime.time(16, 30)  # the end of office hours


def deadline_combine(day: datetime.date, time: datetime.time | None):
    return timezone.make_aware(datetime.datetime.combine(day, time or DEFAULT_DEADLINE_TIME))


def _time_field(label):
    return forms.TimeField(
        label=label,
        required=False,  # blank: the end of office hours
        initial=DEFAULT_DEADLINE_TIME,
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],  # 16:30, or 16.30 as Thai documents write it
        # Plain text, not a time picker: a browser's picker may show 04:30 PM, which no Thai office writes.
        widget=forms.TimeInput(
            format="%H:%M", attrs={"inputmode": "numeric", "placeholder": "16:30", "autocomplete": "off"}
        ),
        help_text=_("24-hour clock, Thailand time; 16:30 when left blank."),
    )


class CycleForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        help_text=_("e.g. 2570, which runs from 1 October 2569 to 30 September 2570."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    edition = forms.ModelChoiceField(
        label=_("Edition of the criteria"),
        queryset=Edition.objects.filter(status=Edition.Status.PUBLISHED),
        empty_label=None,
        help_text=_("Only published editions can be used."),
    )
    opens_on = BuddhistDateField(label=_("Opening date"), help_text=_("Day/month/Buddhist-era year, e.g. 01/10/2569."))
    deadline_date = BuddhistDateField(
        label=_("Submission deadline"), help_text=_("Day/month/Buddhist-era year, e.g. 31/03/2570.")
    )
    deadline_time = _time_field(_("Deadline time"))

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if year in CHRISTIAN_YEARS:
            raise forms.ValidationError(
                _("%(year)s is a Christian-era year: the fiscal year is in the Buddhist era (พ.ศ.), e.g. %(be)s."),
                params={"year": year, "be": year + 543},
                code="christian",
            )
        if not 2500 <= year <= 2700:
            raise forms.ValidationError(_("Type the Buddhist-era fiscal year, e.g. 2570."), code="year")
        if Cycle.objects.filter(fiscal_year=year).exists():
            raise forms.ValidationError(_("There is already a cycle for fiscal year %(year)s."), params={"year": year})
        return year

    def clean(self):
        data = super().clean()
        year, opens_on, day = data.get("fiscal_year"), data.get("opens_on"), data.get("deadline_date")
        if year is None or "deadline_time" in self.errors:
            return data
        deadline = deadline_combine(day, data.get("deadline_time")) if day else None
        for name, message in dates_check(fiscal_year=year, opens_on=opens_on, deadline=deadline).items():
            self.add_error("deadline_date" if name == "deadline" else name, message)
        edition = data.get("edition")
        if edition is not None and year < edition.first_fiscal_year:
            self.add_error(
                "edition",
                _("This edition applies from fiscal year %(first)s.") % {"first": edition.first_fiscal_year},
            )
        data["deadline"] = deadline
        return data


class DeadlineForm(forms.Form):
    deadline_date = BuddhistDateField(
        label=_("New submission deadline"), help_text=_("Day/month/Buddhist-era year, e.g. 30/04/2570.")
    )
    deadline_time = _time_field(_("Deadline time"))

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["deadline_time"].initial = timezone.localtime(cycle.deadline).time()

    def clean(self):
        data = super().clean()
        day = data.get("deadline_date")
        if day is None or "deadline_time" in self.errors:
            return data
        deadline = deadline_combine(day, data.get("deadline_time"))
        if deadline <= self.cycle.deadline:
            self.add_error("deadline_date", _("The new deadline must be later than the current one."))
        for message in dates_check(fiscal_year=self.cycle.fiscal_year, deadline=deadline).values():
            self.add_error("deadline_date", message)
        data["deadline"] = deadline
        return data


class _ReviewerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class _AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class AssignmentForm(forms.Form):
    agency = _AgencyChoice(label=_("Agency"), queryset=Agency.objects.none(), empty_label=_("Choose an agency"))
    reviewer = _ReviewerChoice(
        label=_("Reviewer"),
        queryset=User.objects.filter(is_reviewer=True, is_active=True).order_by("first_name", "last_name", "email"),
        empty_label=_("Choose a reviewer"),
    )
    lead = forms.BooleanField(
        label=_("Lead reviewer"),
        required=False,
        help_text=_("The lead records the consensus and finalises. An agency has one lead: this replaces the other."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
