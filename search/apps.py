from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # The team's comments are written by assessments/views.py; the index follows them from here (index.py).
        from search import index

        index.connect_signals()
