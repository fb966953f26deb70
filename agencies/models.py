"""Agencies (ส่วนราชการ) and the ministries that group them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from criteria.models import Bilingual


class Ministry(Bilingual):
    """A ministry, or another parent grouping (e.g. independent agencies); executives may see one whole."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Agency(Bilingual):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        PROVINCE = "province", _("Province")
        PUBLIC_ORGANISATION = "public_organisation", _("Public organisation")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.DEPARTMENT)
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("ministry or grouping")
    )
    active = models.BooleanField(_("active"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")
