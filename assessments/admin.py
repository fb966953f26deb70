from django.contrib import admin

from assessments.models import Cycle


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "edition", "opens_on", "deadline", "status"]
    list_filter = ["status"]
