"""The domain events of spreadsheet imports (see portal.core.events): their kinds, whose
label is the sentence, and one function per kind that records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.events import event_record
from portal.core.models import DomainEvent

if TYPE_CHECKING:
    from portal.accounts.models import User
    from portal.imports.models import ImportJob


class ImportEventKind(models.TextChoices):
    COMPLETED = (
        "import.completed",
        _(
            "Spreadsheet import: %(created)s created, %(updated)s updated, "
            "%(skipped)s unchanged, %(failed)s failed"
        ),
    )
    CANCELLED = (
        "import.cancelled",
        _("Spreadsheet import cancelled before it ran: nothing imported"),
    )


#: kind -> sentence, registered in AppConfig.ready
SENTENCES = {kind: kind.label for kind in ImportEventKind}


def import_completed_event(*, job: ImportJob) -> DomainEvent:
    """Recorded on the job, for its owner, with what its rows did."""
    return event_record(
        kind=ImportEventKind.COMPLETED,
        target=job,
        actor=job.owner,
        payload={
            "created": job.created,
            "updated": job.updated,
            "skipped": job.skipped,
            "failed": job.failed,
        },
    )


def import_cancelled_event(*, job: ImportJob, actor: User) -> DomainEvent:
    """The owner cancelled the import before confirming it."""
    return event_record(kind=ImportEventKind.CANCELLED, target=job, actor=actor, payload={})
