from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo


class Command(BaseCommand):
    help = "Load demo agencies and one login per role (local trials only: refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for local trials only and is refused when DEBUG is off.")
        demo.demo_load()
        self.stdout.write("")
        self.stdout.write(f"  Demo logins (DEMO ONLY — every password is {demo.PASSWORD}):")
        for email, what in demo.demo_logins():
            self.stdout.write(f"    {email:<42} {what}")
