from django.contrib import admin

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
