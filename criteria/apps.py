from django.apps import AppConfig
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Criteria")

    def ready(self):
        # Signals are the one hook that loaddata honours too; see criteria/immutability.py.
        from criteria import immutability
        from criteria.models import (
            Category,
            Descriptor,
            Edition,
            Item,
            Level,
            ProfileSection,
            ResultsItem,
            ResultsRule,
        )

        for model in (Edition, Level, Category, Item, Descriptor, ProfileSection, ResultsItem, ResultsRule):
            pre_save.connect(immutability.guard_save, sender=model, dispatch_uid=f"frozen-save-{model.__name__}")
            pre_delete.connect(immutability.guard_delete, sender=model, dispatch_uid=f"frozen-del-{model.__name__}")
