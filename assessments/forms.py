import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments import richtext
from assessments.models import Indicator, Response

FRACTION_CHOICES = [(n, f"{n} %") for n in range(0, 101, 5)]
NARRATIVE_PROMPT = _(
    "Approach: how do you do it, systematically?  Deployment: where and by whom is it done?  "
    "Learning: how has it been reviewed and improved?  Integration: how does it connect with your goals and "
    "other work?"
)
RICH_TEXT_HELP = _("A blank line starts a new paragraph; lines starting with “-” or “1.” make a list.")


class RichTextField(forms.CharField):
    """Text pasted from anywhere, tidied by richtext.clean (nothing visible is lost)."""

    def to_python(self, value):
        return richtext.clean(super().to_python(value))


class EvidenceFields(forms.Form):
    """Evidence to add (a file or a link), attach from the assessment's library, or detach, with the form it
    belongs to: saved together by evidence.evidence_changes_apply, so a refused file loses nothing typed."""

    evidence_file = forms.FileField(label=_("File"), required=False)
    evidence_url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")
    evidence_title = forms.CharField(label=_("Title"), max_length=300, required=False)
    evidence_description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_produced_on = forms.DateField(
        label=_("Date produced"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, library=None, attached=None, **kwargs):
        super().__init__(*args, **kwargs)
        from assessments.models import Evidence

        self.fields["attach"] = forms.ModelMultipleChoiceField(
            label=_("Also supported by evidence already in the assessment"),
            queryset=library if library is not None else Evidence.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["detach"] = forms.ModelMultipleChoiceField(
            label=_("Remove from this item"),
            queryset=attached if attached is not None else Evidence.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean(self):
        data = super().clean()
        has_file, has_url = bool(data.get("evidence_file")), bool(data.get("evidence_url"))
        if has_file and has_url:
            self.add_error("evidence_url", _("Add a file or a link, not both at once."))
        if (has_file or has_url) and not data.get("evidence_title"):
            self.add_error("evidence_title", _("Give the evidence a title."))
        return data


class ItemForm(EvidenceFields):
    """The answers of one item, and evidence to add, attach or detach, saved together."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=Response.Status.choices)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"narrative_{level.code}"] = RichTextField(
                label=_("How the agency works"),
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 7, "placeholder": NARRATIVE_PROMPT}),
            )
            self.fields[f"fraction_{level.code}"] = forms.TypedChoiceField(
                label=_("How far the level is met"),
                choices=FRACTION_CHOICES,
                coerce=int,
                initial=0,
            )

    def level_fields(self):
        return [(level, self[f"narrative_{level.code}"], self[f"fraction_{level.code}"]) for level in self.levels]


class ProfileSectionForm(EvidenceFields):
    """One section of the organisation profile, and its evidence."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = RichTextField(
        label=_("What the agency writes"),
        required=False,
        strip=False,
        help_text=RICH_TEXT_HELP,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Response.Status.choices)


# --- Indicators ---------------------------------------------------------------------------------

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_number(text: str) -> Decimal:
    """A number as people type it: "85", "85.5", "1,250", "85 %", Thai digits, a typographic minus."""
    cleaned = (text or "").translate(_THAI_DIGITS).replace("\u2212", "-").replace("\u00a0", " ").strip()
    cleaned = cleaned.removesuffix("%").replace(" ", "")
    if not NUMBER.match(cleaned):
        raise ValidationError(
            _("“%(value)s” is not a number. Write it with digits, for example 85 or 1,250.5."),
            params={"value": text.strip()},
            code="not_a_number",
        )
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise ValidationError(_("This is not a number."), code="not_a_number") from None
    if abs(value) >= Decimal(10) ** 14:
        raise ValidationError(_("This number is too large."), code="too_large")
    return value


class NumberField(forms.CharField):
    """A number typed as text (see parse_number), so what was typed comes back with the message."""

    def to_python(self, value):
        value = super().to_python(value)
        return None if value in self.empty_values else parse_number(value)


class IndicatorForm(EvidenceFields):
    """An indicator of a results item: what is measured, its target and its values by fiscal year."""

    ROWS = 5

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Indicator"), max_length=500)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False, help_text=_("e.g. %, persons, days"))
    direction = forms.ChoiceField(
        label=_("Which way is better"), choices=Indicator.Direction.choices, widget=forms.RadioSelect
    )
    target = NumberField(label=_("Target"), required=False)
    data_source = forms.CharField(label=_("Data source"), max_length=500, required=False)
    notes = RichTextField(label=_("Notes"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for row in range(self.ROWS):
            self.fields[f"year_{row}"] = forms.CharField(label=_("Fiscal year (B.E.)"), required=False, max_length=8)
            self.fields[f"value_{row}"] = NumberField(label=_("Value"), required=False)

    def value_rows(self):
        return [(self[f"year_{row}"], self[f"value_{row}"]) for row in range(self.ROWS)]

    def clean_target(self):
        target = self.cleaned_data.get("target")
        if target is not None and target <= 0:
            raise ValidationError(_("A target must be above zero: the score is the share of the target achieved."))
        return target

    def clean(self):
        data = super().clean()
        values = {}
        for row in range(self.ROWS):
            year_text = (data.get(f"year_{row}") or "").translate(_THAI_DIGITS).strip()
            value = data.get(f"value_{row}")
            if not year_text and value is None:
                continue
            if not year_text:
                self.add_error(f"year_{row}", _("Which fiscal year is this value for?"))
                continue
            if not year_text.isdigit():
                self.add_error(
                    f"year_{row}", _("Write the fiscal year in digits, e.g. %(year)s.") % {"year": self.years[-1]}
                )
                continue
            year = int(year_text)
            if year not in self.years:
                hint = (
                    _(" Use the Buddhist era: A.D. %(ad)s is B.E. %(be)s.") % {"ad": year, "be": year + 543}
                    if year + 543 in self.years
                    else ""
                )
                self.add_error(
                    f"year_{row}",
                    _("Fiscal year %(year)s is outside this cycle's range (B.E. %(first)s–%(last)s).")
                    % {"year": year, "first": self.years[0], "last": self.years[-1]}
                    + hint,
                )
                continue
            if year in values:
                self.add_error(f"year_{row}", _("Fiscal year %(year)s is given twice.") % {"year": year})
                continue
            if value is None and f"value_{row}" not in self.errors:
                self.add_error(f"value_{row}", _("Give the value for %(year)s, or clear the year.") % {"year": year})
                continue
            if value is not None:
                values[year] = value
        data["values"] = values
        return data

    @staticmethod
    def initial_for(indicator, years) -> dict:
        """The form's starting values: the indicator's, or the last three fiscal years for a new one."""
        if indicator is None:
            shown = list(years)[-3:]
            return {f"year_{row}": year for row, year in enumerate(shown)} | {"direction": "higher"}
        found = {v.fiscal_year: v.value for v in indicator.values.all()}
        shown = sorted(set(found) | set(list(years)[-3:]))
        initial = {
            "version": indicator.version,
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "target": "" if indicator.target is None else _plain_number(indicator.target),
            "data_source": indicator.data_source,
            "notes": indicator.notes,
        }
        for row, year in enumerate(shown[: IndicatorForm.ROWS]):
            initial[f"year_{row}"] = year
            initial[f"value_{row}"] = "" if year not in found else _plain_number(found[year])
        return initial


def _plain_number(value: Decimal) -> str:
    return format(value.normalize(), "f")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Response.Status.choices)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class TargetForm(forms.Form):
    target_score = forms.IntegerField(
        label=_("Target score"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("300 Basic, 400 Advance, 500 Significance, or a score between."),
    )
