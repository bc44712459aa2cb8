from django.core.management.base import BaseCommand
from django.db import transaction

from consultations.reference import load_reference
from recommendations.reference import load_taxonomies


class Command(BaseCommand):
    help = "Create missing reference data (instruments, clusters, parties, themes, SDG targets)."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_reference()
            load_taxonomies()
        self.stdout.write(self.style.SUCCESS("Reference data is complete."))
