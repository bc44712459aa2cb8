"""Reads of import jobs, scoped: a user's own, and every one for UNODC staff."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.imports.models import ImportJob


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    if not (user and user.is_authenticated):
        return ImportJob.objects.none()
    qs = ImportJob.objects.select_related("owner")
    if getattr(user, "is_unodc_staff", False):
        return qs
    return qs.filter(owner=user)
