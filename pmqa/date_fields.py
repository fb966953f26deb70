"""A form field for dates typed in the Buddhist era, as Thai officials write them: 01/10/2569.

It also takes the ISO value a date picker sends (2026-10-01, Christian era), Thai digits (๐๑/๑๐/๒๕๖๙) and a
two-digit year (01/10/69 is 2569). A Christian-era year typed where the Buddhist era is expected (01/10/2026) is
refused with a message saying so, rather than read as the year 2026 B.E. (1483).
"""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from pmqa import dates

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
CHRISTIAN_YEARS = range(1900, 2300)  # a year here is the Christian era: B.E. 1900–2299 is 1357–1756 A.D.
BUDDHIST_YEARS = range(2400, 2800)


class BuddhistDateField(forms.Field):
    default_error_messages = {
        "invalid": _("Type the date as day/month/Buddhist-era year, e.g. 01/10/2569."),
        "christian": _(
            "%(year)s is a Christian-era year: type the Buddhist-era year (พ.ศ.), e.g. %(day)s/%(month)s/%(be)s."
        ),
        "year": _("%(year)s is not a Buddhist-era year we can use: type a year such as 2569."),
        "no_such_day": _("There is no such day as %(value)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": _("dd/mm/yyyy B.E."), "inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """A date is shown as people type it; anything typed (even wrong) is shown back as it was."""
        if isinstance(value, datetime.date):
            return dates.be_numeric(value)
        return value

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        text = (value or "").strip().translate(THAI_DIGITS)
        if not text:
            return None
        iso = ISO.match(text)
        if iso:  # a date picker's value: Christian era
            return self._make(int(iso[1]), int(iso[2]), int(iso[3]), text)
        found = NUMERIC.match(text)
        if not found:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in found.groups())
        if len(found[3]) == 2:
            year += 2500  # 69 is 2569, as Thai documents abbreviate
        if year in CHRISTIAN_YEARS:
            raise forms.ValidationError(
                self.error_messages["christian"],
                code="christian",
                params={
                    "year": year,
                    "be": year + dates.BUDDHIST_ERA_OFFSET,
                    "day": f"{day:02d}",
                    "month": f"{month:02d}",
                },
            )
        if year not in BUDDHIST_YEARS:
            raise forms.ValidationError(self.error_messages["year"], code="year", params={"year": year})
        return self._make(year - dates.BUDDHIST_ERA_OFFSET, month, day, text)

    def _make(self, year, month, day, text):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["no_such_day"], code="no_such_day", params={"value": text}
            ) from None
