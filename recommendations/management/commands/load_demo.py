from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo data (Pakistan pilot story) and print the demo accounts."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is disabled here (DEMO_DATA_ALLOWED is off, as in production).")
        result = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in result.accounts:
            line = f"  {account.email:<36} {account.role}"
            if account.totp_secret:
                line += f"\n  {'':<36} authenticator secret: {account.totp_secret}"
                line += f"\n  {'':<36} recovery codes: {' '.join(account.recovery_codes[:3])} ..."
            self.stdout.write(line)
