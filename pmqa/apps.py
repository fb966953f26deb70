from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PmqaConfig(AppConfig):
    """The project package as an app: shared template tags, templates and translations."""

    name = "pmqa"
    verbose_name = "PMQA"


class PmqaAdminConfig(admin_apps.AdminConfig):
    """Django's admin with this service's site: administrators only, Buddhist-era dates (pmqa/admin_site.py).
    Named in INSTALLED_APPS in place of django.contrib.admin."""

    default = False  # PmqaConfig is the app "pmqa"
    default_site = "pmqa.admin_site.PmqaAdminSite"
