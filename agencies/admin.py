from django.contrib import admin, messages
from django.utils.translation import gettext

from agencies.models import Agency, Ministry


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "kind", "ministry", "active"]
    list_filter = ["kind", "active", "ministry"]
    list_select_related = ["ministry"]
    search_fields = ["code", "name_th", "name_en"]

    def save_model(self, request, obj, form, change):
        """An agency added or re-activated while a cycle is open gets its assessment at once."""
        from assessments.enrolment import agencies_enrol

        super().save_model(request, obj, form, change)
        for cycle in agencies_enrol(codes=[obj.code]):
            messages.info(
                request, gettext("%(agency)s got its assessment in %(cycle)s.") % {"agency": obj, "cycle": cycle}
            )
