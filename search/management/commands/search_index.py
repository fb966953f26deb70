"""Make the search index again from the narratives, comments and evidence (the services keep it current; this is
for a database restored from before search existed, or after changing how text is segmented)."""

from django.core.management.base import BaseCommand

from search import index


class Command(BaseCommand):
    help = "Rebuild the search index from the narratives, team comments and evidence."

    def handle(self, *args, **options):
        self.stdout.write(f"Search index: {index.rebuild()} documents.")
