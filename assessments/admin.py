from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.cycles import cycle_open, dates_check
from assessments.models import Assessment, Cycle


class CycleAdminForm(forms.ModelForm):
    """The admin's date widgets take Christian-era dates: 01/10/2570 typed there is the year 2570 A.D. The fiscal
    year's bounds catch that here; /manage/cycles/ is where dates are typed in the Buddhist era."""

    class Meta:
        model = Cycle
        fields = ["fiscal_year", "edition", "opens_on", "deadline", "status"]

    def clean(self):
        data = super().clean()
        if data.get("fiscal_year"):
            found = dates_check(
                fiscal_year=data["fiscal_year"], opens_on=data.get("opens_on"), deadline=data.get("deadline")
            )
            for name, message in found.items():
                self.add_error(name, message)
        return data


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    form = CycleAdminForm
    list_display = ["fiscal_year", "edition", "opens_on", "deadline", "status"]
    list_filter = ["status"]
    actions = ["open_cycles"]

    @admin.action(description=_("Open the selected cycles (every active agency gets its assessment)"))
    def open_cycles(self, request, queryset):
        for cycle in queryset:
            made = cycle_open(cycle=cycle)
            messages.success(
                request,
                ngettext("%(cycle)s: %(n)s new assessment.", "%(cycle)s: %(n)s new assessments.", made)
                % {"cycle": cycle, "n": made},
            )


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "cycle", "status", "target_score", "submitted_at"]
    list_filter = ["cycle", "status"]
    list_select_related = ["agency", "cycle"]
    readonly_fields = ["cycle", "agency", "status", "submitted_at", "submitted_by"]
    search_fields = ["agency__name_th", "agency__code"]
