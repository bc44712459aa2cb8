"""The domain events of accounts and their API tokens (see portal.core.events): their
kinds, whose label is the sentence, and one function per kind that records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.events import event_record
from portal.core.models import DomainEvent

if TYPE_CHECKING:
    from portal.accounts.models import ApiToken, User


class AccountEventKind(models.TextChoices):
    CLOSED = "account.closed", _("Account closed")


class ApiTokenEventKind(models.TextChoices):
    CREATED = "api_token.created", _("API token created")
    REVOKED = "api_token.revoked", _("API token revoked")


#: kind -> sentence, registered in AppConfig.ready
SENTENCES = {kind: kind.label for kinds in (AccountEventKind, ApiTokenEventKind) for kind in kinds}


def account_closed_event(*, user: User) -> DomainEvent:
    """Recorded on the account by its owner, who closed it."""
    return event_record(kind=AccountEventKind.CLOSED, target=user, actor=user)


def api_token_created_event(*, token: ApiToken, actor: User) -> DomainEvent:
    """Its name and prefix (never the token itself)."""
    return event_record(
        kind=ApiTokenEventKind.CREATED,
        target=token,
        actor=actor,
        payload={"name": token.name, "prefix": token.prefix},
    )


def api_token_revoked_event(*, token: ApiToken, actor: User, by_staff: bool = False) -> DomainEvent:
    """Revoked by its owner, or by UNODC staff (``by_staff``: the payload then names the
    owner too)."""
    payload: dict[str, object] = {"name": token.name, "prefix": token.prefix}
    if by_staff:
        payload |= {"by_staff": True, "user": token.user_id}
    return event_record(kind=ApiTokenEventKind.REVOKED, target=token, actor=actor, payload=payload)
