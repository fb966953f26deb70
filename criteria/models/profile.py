"""The organisation profile (ลักษณะสำคัญขององค์การ, OP) an edition asks for, before the categories.

Sections form a small tree: parts (P.1, P.2) hold groups (P.1 ก, P.1 ข …), which hold the sections the agency
writes (P.1 ก (1) …). A section without children is answered; the others are headings. Their order, titles and
guiding questions are edition data, frozen with the edition like the criteria.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from criteria.immutability import GuardedModel, GuardedQuerySet
from criteria.models.editions import Bilingual, Edition


class ProfileSection(GuardedModel, Bilingual):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="profile_sections", verbose_name=_("edition")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("part of")
    )
    code = models.SlugField(_("code"), max_length=20, help_text=_("e.g. p1a1, used in addresses"))
    order = models.PositiveSmallIntegerField(_("order"))
    number_th = models.CharField(_("number (Thai)"), max_length=30, help_text=_("e.g. P.1 ก (1)"))
    number_en = models.CharField(_("number (English)"), max_length=30, blank=True, help_text=_("e.g. P.1a(1)"))
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    questions_th = models.TextField(_("guiding questions (Thai)"), blank=True)
    questions_en = models.TextField(_("guiding questions (English)"), blank=True)

    objects = GuardedQuerySet.as_manager()
    guard_path = "edition_id"
    guard_parents = ("edition",)

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="profile_section_code_unique_in_edition"),
            models.UniqueConstraint(fields=["edition", "order"], name="profile_section_order_unique_in_edition"),
        ]
        verbose_name = _("organisation profile section")
        verbose_name_plural = _("organisation profile sections")

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return self._pick("number")

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def questions(self) -> str:
        return self._pick("questions")
