from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.treaty_import import TreatyImportError, treaty_actions_import


class Command(BaseCommand):
    help = "Import treaty actions from a CSV in the UN Treaty Collection status layout."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--instrument", required=True, help="Instrument code, e.g. UNTOC.")
        parser.add_argument("path", type=Path, help="The CSV file (UTF-8).")

    def handle(self, *args, instrument: str, path: Path, **options) -> None:
        try:
            result = treaty_actions_import(instrument_code=instrument,
                                           text=path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except TreatyImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}"))
