from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.cycles import cycle_open
from assessments.models import Assessment, Cycle


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
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
