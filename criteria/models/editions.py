"""The criteria as versioned data.

An Edition (PMQA 4.0, say) holds Levels, Categories, Items and one Descriptor
per item and level, the sections of the organisation profile (profile.py) and
the results items of category 7 with their scoring rule (results.py). Once
published an edition never changes (see criteria/immutability.py); a new
edition starts as a copy of an old one.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from criteria.immutability import GuardedModel, GuardedQuerySet


class Bilingual(models.Model):
    """Thai text is required, English optional; `.name`/`.title` pick the page's language."""

    class Meta:
        abstract = True

    def _pick(self, field: str) -> str:
        thai = getattr(self, f"{field}_th")
        if (get_language() or "th").startswith("th"):
            return thai
        return getattr(self, f"{field}_en") or thai

    def _is_thai_fallback(self, field: str) -> bool:
        """True when an English page has to show the Thai text (no translation yet)."""
        return not (get_language() or "th").startswith("th") and not getattr(self, f"{field}_en")


class Edition(GuardedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("e.g. pmqa-4-0"))
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    first_fiscal_year = models.PositiveIntegerField(
        _("first fiscal year (B.E.)"), help_text=_("The Buddhist-era fiscal year the edition applies from.")
    )
    source = models.TextField(_("source"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile_required = models.BooleanField(
        _("organisation profile required"),
        default=True,
        help_text=_("An assessment with an empty organisation profile cannot be submitted."),
    )

    objects = GuardedQuerySet.as_manager()
    guard_path = "id"
    guard_parents = ()

    class Meta:
        ordering = ["-first_fiscal_year", "code"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self):
        return Bilingual._pick(self, "name")

    @property
    def name(self) -> str:
        return Bilingual._pick(self, "name")

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class Level(GuardedModel, Bilingual):
    """Basic / Advance / Significance, with the points the edition gives each."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="levels", verbose_name=_("edition"))
    code = models.SlugField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"))
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    points = models.PositiveSmallIntegerField(_("points"))

    objects = GuardedQuerySet.as_manager()
    guard_path = "edition_id"
    guard_parents = ("edition",)

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="level_code_unique_in_edition"),
            models.UniqueConstraint(fields=["edition", "order"], name="level_order_unique_in_edition"),
        ]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return f"{self.name} ({self.points})"

    @property
    def name(self) -> str:
        return self._pick("name")


class Category(GuardedModel, Bilingual):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("edition"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        help_text=_("Relative weight of the category in the overall score; equal by default."),
    )

    objects = GuardedQuerySet.as_manager()
    guard_path = "edition_id"
    guard_parents = ("edition",)

    class Meta:
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="category_number_unique_in_edition"),
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        return self._pick("title")


class Item(GuardedModel, Bilingual):
    """A sub-item such as 1.1 (หมวด 1 ข้อ 1)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items", verbose_name=_("category"))
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. 1.1"))
    order = models.PositiveSmallIntegerField(_("order"))
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    objects = GuardedQuerySet.as_manager()
    guard_path = "category__edition_id"
    guard_parents = ("category",)

    class Meta:
        ordering = ["category__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="item_code_unique_in_category"),
        ]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self._pick("title")


class Descriptor(GuardedModel, Bilingual):
    """What an item asks for at one level."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("item"))
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="descriptors", verbose_name=_("level"))
    text_th = models.TextField(_("text (Thai)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    objects = GuardedQuerySet.as_manager()
    guard_path = "item__category__edition_id"
    guard_parents = ("item", "level")

    class Meta:
        ordering = ["item", "level__order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "level"], name="descriptor_unique_per_item_level"),
        ]
        verbose_name = _("descriptor")
        verbose_name_plural = _("descriptors")

    def __str__(self):
        return f"{self.item.code} · {self.level.name}"

    @property
    def text(self) -> str:
        return self._pick("text")

    @property
    def is_thai_fallback(self) -> bool:
        return self._is_thai_fallback("text")
