"""``manage.py catalogs extract`` brings the five catalogs up to date with the code
(makemessages for templates, Python and JavaScript, then compilemessages);
``manage.py catalogs check`` reads only, and names every message of the code missing
from a catalog, every message no longer in the code, and every empty or fuzzy one.
``make messages`` runs both."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands import makemessages

from portal.core import catalogs
from portal.core.po import read_po


class _Extractor(makemessages.Command):
    """makemessages that writes no catalog: it keeps what xgettext found."""

    def handle(self, *args, **options):
        self.extracted: set[tuple[str | None, str]] = set()
        super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        _header, messages = read_po(Path(potfile))
        self.extracted |= {catalogs.key(m) for m in messages}


def extracted_messages(domain: str) -> set[tuple[str | None, str]]:
    """The messages of the code for ``domain``, as makemessages would write them."""
    extractor = _Extractor()
    # One locale is enough for the template: nothing is written for it.
    call_command(extractor, locale=["fr"], **catalogs.makemessages_options(domain))
    return extractor.extracted


class Command(BaseCommand):
    help = "Extract the portal's texts into the catalogs (extract) or check them (check)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["extract", "check"])

    def handle(self, *args, action, **options):
        if not catalogs.gettext_available():
            raise CommandError("GNU gettext is needed (apt-get install gettext).")
        if action == "extract":
            self.extract()
        else:
            self.check_catalogs()

    def extract(self):
        for domain in catalogs.DOMAINS:
            call_command(
                "makemessages",
                locale=list(catalogs.LANGUAGES),
                **catalogs.makemessages_options(domain),
            )
        call_command(
            "compilemessages",
            locale=list(catalogs.LANGUAGES),
            ignore_patterns=list(catalogs.IGNORE),
            verbosity=0,
        )
        self.stdout.write("Catalogs extracted and compiled: locale/<language>/LC_MESSAGES/.")

    def check_catalogs(self):
        failures = 0
        for domain in catalogs.DOMAINS:
            extracted = extracted_messages(domain)
            for language in catalogs.LANGUAGES:
                report = catalogs.compare(catalogs.catalog_path(language, domain), extracted)
                if report.ok:
                    continue
                failures += 1
                self.stdout.write(f"{report.path.relative_to(catalogs.ROOT)}:")
                for title, items in [
                    ("not extracted (run `make messages`)", report.not_extracted),
                    ("no longer in the code (run `make messages`)", report.stale),
                    ("to translate", report.untranslated),
                ]:
                    if items:
                        self.stdout.write(f"  {len(items)} {title}:")
                        for item in items:
                            self.stdout.write(f"    {item}")
        if failures:
            raise CommandError(
                f"{failures} catalogs are not complete: translate the "
                "messages above in the .po files, then run `make messages`."
            )
        self.stdout.write("The five catalogs hold every message of the code, all translated.")
