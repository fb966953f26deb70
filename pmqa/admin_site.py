"""The Django admin as this service keeps it: for technical support, administrators only, Thai first.

- Only administrators (active superusers, accounts/access.py) get in; pmqa/security.py already answers 404 to
  everyone else, staff included, and `has_permission` says the same inside the admin.
- It follows the person's language like every page (pmqa/middleware.py); Django ships the admin's Thai.
- Dates in every change list, and read-only dates in change forms, read in the Buddhist era on Thai pages (the
  same filters as the pages): each date column a ModelAdmin lists is swapped for one that shows it with
  `be_date`/`be_datetime`, keeping its heading and its sorting. Admin modules stay as they are. Date inputs keep
  Django's widget (ISO dates).
- Every admin page says, at the top, that the cycle is run at /manage/ (templates/admin/base_site.html).
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmqa.templatetags.thai_dates import be_date, be_datetime


def _date_field(model, name):
    if not isinstance(name, str):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.DateField) else None  # DateTimeField is a DateField


def buddhist_era_column(field):
    """A change-list column showing `field` in the page's era; sorted and headed as the field itself."""
    show = be_datetime if isinstance(field, models.DateTimeField) else be_date

    @admin.display(description=field.verbose_name, ordering=field.name, empty_value="-")
    def column(obj):
        return show(getattr(obj, field.name)) or None

    column.__name__ = field.name  # the column's CSS class, as Django would name it
    return column


def buddhist_era_columns(model_admin) -> None:
    """Swap the date columns of one ModelAdmin's list (not those edited in the list), and its read-only dates."""
    names = model_admin.list_display
    if isinstance(names, (list, tuple)):
        editable = set(model_admin.list_editable or ())
        model_admin.list_display = [
            buddhist_era_column(field)
            if (field := _date_field(model_admin.model, name)) and name not in editable
            else name
            for name in names
        ]
    _readonly_dates(model_admin)


def _readonly_dates(model_admin) -> None:
    """Read-only dates of a change form, shown like the list's. Only where Django lays the form out itself (no
    `fields`/`fieldsets` naming them): the date is then left out of the form and shown by its column instead,
    in the same place — after the form's fields, where Django puts read-only ones."""
    if model_admin.fields is not None or model_admin.fieldsets is not None:
        return
    dates = [name for name in model_admin.readonly_fields if _date_field(model_admin.model, name)]
    if not dates:
        return
    model_admin.readonly_fields = [
        buddhist_era_column(_date_field(model_admin.model, name)) if name in dates else name
        for name in model_admin.readonly_fields
    ]
    model_admin.exclude = [*(model_admin.exclude or ()), *dates]


class PmqaAdminSite(admin.AdminSite):
    site_header = _("PMQA 4.0 · technical administration")
    site_title = _("PMQA 4.0 · technical administration")
    index_title = _("Records, for technical support")

    def has_permission(self, request):
        from accounts.access import is_administrator  # the one rule; imported once models are loaded

        return is_administrator(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for model in [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable:
            if model in self._registry:  # a swapped model (auth.User) is not registered
                buddhist_era_columns(self._registry[model])
