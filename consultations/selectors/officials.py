"""Reads of the government and UNODC roles (the page where UNODC staff assign them, and
the API's list of them)."""

from __future__ import annotations

from django.db.models import QuerySet

from consultations.models import OfficialAssignment
from consultations.selectors.recipients import unodc_staff_accounts


def official_assignments() -> QuerySet[OfficialAssignment]:
    return OfficialAssignment.objects.select_related("user", "party", "agency").order_by(
        "party__name", "role", "user__email", "id"
    )


def unodc_staff() -> QuerySet:
    return unodc_staff_accounts().order_by("email", "id")
