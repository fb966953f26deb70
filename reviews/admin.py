from django.contrib import admin

from reviews.models import ItemReview, ReturnRequest


@admin.register(ItemReview)
class ItemReviewAdmin(admin.ModelAdmin):
    list_display = ["response", "reviewer", "is_consensus", "updated_at"]
    list_filter = ["is_consensus", "response__assessment__cycle"]
    list_select_related = ["response__assessment__agency", "response__assessment__cycle", "response__item", "reviewer"]


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ["assessment", "by", "at"]
    list_select_related = ["assessment__agency", "assessment__cycle", "by"]
