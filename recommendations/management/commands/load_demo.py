from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = ("Load the demo data (Pakistan pilot story) and print the demo accounts, with the "
            "authenticator secret and every recovery code of the roles that require "
            "two-factor authentication (random per installation, kept on re-runs).")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is disabled here (DEMO_DATA_ALLOWED is off, as in production).")
        result = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        pad = " " * 38
        for account in result.accounts:
            line = f"  {account.email:<36} {account.role}"
            if account.totp_secret:
                line += (f"\n{pad}authenticator secret: {account.totp_secret}"
                         f"\n{pad}authenticator URI: {account.totp_url}"
                         f"\n{pad}recovery codes: {' '.join(account.recovery_codes)}")
            self.stdout.write(line)
