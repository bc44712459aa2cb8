"""Who may import what, and who sees an import job: its owner, and UNODC staff."""

from __future__ import annotations


def can_import(user, kind, scope) -> bool:
    return bool(user and user.is_authenticated and kind.may_import(user, scope))


def can_view_job(user, job) -> bool:
    if not (user and user.is_authenticated):
        return False
    return job.owner_id == user.pk or bool(getattr(user, "is_unodc_staff", False))


def can_change_job(user, job) -> bool:
    """Mapping and confirming are for the owner alone (staff may look, not act)."""
    return bool(user and user.is_authenticated and job.owner_id == user.pk)
