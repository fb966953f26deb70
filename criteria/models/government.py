"""Government 4.0 — its qualities, capability areas and success factors — and how an edition's items map onto
it: our interpretation, kept as editable data on the item."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from criteria.models.editions import Bilingual, Item


class Gov40Entry(Bilingual):
    """What the qualities, capability areas and success factors have in common."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")

    @property
    def description(self) -> str:
        return self._pick("description")


class Quality(Gov40Entry):
    """One of the three qualities of Government 4.0 (Open & Connected, …)."""

    class Meta:
        ordering = ["order"]
        verbose_name = _("Government 4.0 quality")
        verbose_name_plural = _("Government 4.0 qualities")


class CapabilityArea(Gov40Entry):
    """A capability area of a quality (Traceable, Data-driven, Personalized, …)."""

    quality = models.ForeignKey(
        Quality, on_delete=models.CASCADE, related_name="capability_areas", verbose_name=_("quality")
    )

    class Meta:
        ordering = ["quality__order", "order"]
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")


class SuccessFactor(Gov40Entry):
    """Collaboration, Innovation, Digitalization: the drivers of PMQA 4.0."""

    class Meta:
        ordering = ["order"]
        verbose_name = _("Government 4.0 success factor")
        verbose_name_plural = _("Government 4.0 success factors")


class ItemMapping(Bilingual):
    """How one item serves Government 4.0: our interpretation, not OPDC's.

    No official table maps PMQA 4.0 items to the success factors or qualities, so
    the mapping is data that administrators may edit, even in a published edition,
    and every page and report that uses it says it is an interpretation.
    """

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="mapping", verbose_name=_("item"))
    success_factors = models.ManyToManyField(
        SuccessFactor, blank=True, related_name="mappings", verbose_name=_("success factors")
    )
    qualities = models.ManyToManyField(Quality, blank=True, related_name="mappings", verbose_name=_("qualities"))
    note_th = models.TextField(_("reasoning (Thai)"), blank=True)
    note_en = models.TextField(_("reasoning (English)"), blank=True)

    class Meta:
        ordering = ["item__category__edition", "item__category__number", "item__order"]
        verbose_name = _("Government 4.0 mapping")
        verbose_name_plural = _("Government 4.0 mappings")

    def __str__(self):
        return str(self.item)

    @property
    def note(self) -> str:
        return self._pick("note")
