from django.apps import AppConfig


class PmqaConfig(AppConfig):
    """The project package as an app: shared template tags, templates and translations."""

    name = "pmqa"
    verbose_name = "PMQA"
