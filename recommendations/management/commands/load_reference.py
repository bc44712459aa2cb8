from django.core.management.base import BaseCommand
from django.db import transaction

from consultations.reference import load_reference
from consultations.reference_names import load_reference_names
from recommendations.reference import load_taxonomies
from recommendations.reference_names import load_taxonomy_names


class Command(BaseCommand):
    help = "Create missing reference data (instruments, clusters, parties, themes, SDG targets)."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_reference()
            load_taxonomies()
            load_reference_names()
            load_taxonomy_names()
        self.stdout.write(self.style.SUCCESS("Reference data is complete."))
