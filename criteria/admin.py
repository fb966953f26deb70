"""Admin for the criteria. Published and retired editions are shown read-only."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from criteria import editions
from criteria.models import (
    CapabilityArea,
    Category,
    Descriptor,
    Edition,
    Item,
    ItemMapping,
    Level,
    Quality,
    SuccessFactor,
)


def _edition_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Edition):
        return obj
    if isinstance(obj, (Level, Category)):
        return obj.edition
    if isinstance(obj, Item):
        return obj.category.edition
    return obj.item.category.edition


class FrozenReadOnly:
    """No change or delete on rows of a frozen edition; new rows only under draft parents."""

    draft_parent_filters = {}

    def _frozen(self, obj):
        edition = _edition_of(obj)
        return edition is not None and edition.is_frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.draft_parent_filters:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                **{self.draft_parent_filters[db_field.name]: Edition.Status.DRAFT}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LevelInline(FrozenReadOnly, admin.TabularInline):
    model = Level
    extra = 0


class CategoryInline(FrozenReadOnly, admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Edition)
class EditionAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = ["code", "name_th", "first_fiscal_year", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "copied_from"]
    inlines = [LevelInline, CategoryInline]
    actions = ["publish", "retire", "copy"]

    @admin.action(description=_("Publish the selected draft editions"))
    def publish(self, request, queryset):
        self._each(request, queryset, lambda e: editions.edition_publish(edition=e), _("Published %s."))

    @admin.action(description=_("Retire the selected published editions"))
    def retire(self, request, queryset):
        self._each(request, queryset, lambda e: editions.edition_retire(edition=e), _("Retired %s."))

    @admin.action(description=_("Copy the selected editions into new drafts"))
    def copy(self, request, queryset):
        def make_copy(edition):
            return editions.edition_copy(
                edition=edition,
                code=f"{edition.code}-copy-{Edition.objects.count() + 1}",
                name_th=f"{edition.name_th} (สำเนา)",
                name_en=f"{edition.name_en} (copy)" if edition.name_en else "",
                first_fiscal_year=edition.first_fiscal_year + 1,
            )

        self._each(request, queryset, make_copy, _("Copied into a new draft: %s."))

    def _each(self, request, queryset, action, success):
        for edition in queryset:
            try:
                result = action(edition)
            except (ValueError, ValidationError) as error:
                messages.error(request, f"{edition.code}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                messages.success(request, success % result.code)


class DescriptorInline(FrozenReadOnly, admin.StackedInline):
    model = Descriptor
    extra = 0


@admin.register(Category)
class CategoryAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = ["number", "title_th", "edition", "weight"]
    list_filter = ["edition"]
    draft_parent_filters = {"edition": "status"}


@admin.register(Item)
class ItemAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = ["code", "title_th", "category"]
    list_filter = ["category__edition"]
    list_select_related = ["category"]
    inlines = [DescriptorInline]
    draft_parent_filters = {"category": "edition__status"}


@admin.register(Level)
class LevelAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = ["code", "name_th", "points", "edition"]
    list_filter = ["edition"]
    draft_parent_filters = {"edition": "status"}


@admin.register(Descriptor)
class DescriptorAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = ["item", "level", "text_th"]
    list_filter = ["item__category__edition", "level__code"]
    list_select_related = ["item", "level"]
    draft_parent_filters = {"item": "category__edition__status", "level": "edition__status"}


class CapabilityAreaInline(admin.TabularInline):
    model = CapabilityArea
    extra = 0


@admin.register(Quality)
class QualityAdmin(admin.ModelAdmin):
    list_display = ["order", "name_th", "name_en"]
    inlines = [CapabilityAreaInline]


@admin.register(SuccessFactor)
class SuccessFactorAdmin(admin.ModelAdmin):
    list_display = ["order", "name_th", "name_en"]


@admin.register(ItemMapping)
class ItemMappingAdmin(admin.ModelAdmin):
    """Editable even for published editions: the mapping is our interpretation, not the criteria."""

    list_display = ["item", "factors", "quality_names"]
    list_filter = ["item__category__edition", "success_factors", "qualities"]
    filter_horizontal = ["success_factors", "qualities"]
    readonly_fields = ["item"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item").prefetch_related("success_factors", "qualities")

    @admin.display(description=_("success factors"))
    def factors(self, obj):
        return ", ".join(f.name for f in obj.success_factors.all())

    @admin.display(description=_("qualities"))
    def quality_names(self, obj):
        return ", ".join(q.name for q in obj.qualities.all())
