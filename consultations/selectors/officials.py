"""Reads of the government and UNODC roles (the page where UNODC staff assign them, and
the API's list of them)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from consultations.models import OfficialAssignment


def official_assignments() -> QuerySet[OfficialAssignment]:
    return OfficialAssignment.objects.select_related("user", "party", "agency").order_by(
        "party__name", "role", "user__email", "id"
    )


def unodc_staff() -> QuerySet:
    return (
        get_user_model().objects.filter(is_unodc_staff=True, is_active=True).order_by("email", "id")
    )


def active_user_by_email(email: str):
    """The active account that uses this address, or None."""
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()
