"""The domain events of accounts (see portal.core.events): their kinds, whose label is
the sentence, and one function per kind that records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.events import event_record
from portal.core.models import DomainEvent

if TYPE_CHECKING:
    from portal.accounts.models import User


class AccountEventKind(models.TextChoices):
    CLOSED = "account.closed", _("Account closed")


#: kind -> sentence, registered in AppConfig.ready
SENTENCES = {kind: kind.label for kind in AccountEventKind}


def account_closed_event(*, user: User) -> DomainEvent:
    """Recorded on the account by its owner, who closed it."""
    return event_record(kind=AccountEventKind.CLOSED, target=user, actor=user)
