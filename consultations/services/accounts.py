"""Closing an account: what the user filed stays with their organization; their
memberships and official roles go with them, so the last-coordinator rule applies."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from consultations.models import JoinRequest, Membership, OfficialAssignment
from consultations.roles import roles_forget
from consultations.services.organizations import membership_is_last_coordinator
from portal.accounts.events import account_closed_event
from portal.accounts.models import User
from portal.core.errors import StateConflict
from portal.notifications.models import Notification


def account_close(*, actor: User) -> None:
    """Deactivate and anonymize the account. What the user filed stays with their
    organization; their memberships, official roles, authenticators, e-mail addresses
    and notifications go. Refused while they are the last coordinator of an organization
    that has other members (one that would be left with nobody may go with them)."""
    with transaction.atomic():
        user = apps.get_model(settings.AUTH_USER_MODEL).objects.select_for_update().get(
            pk=actor.pk)
        coordinated = list(Membership.objects.filter(
            user=user, role=Membership.Role.COORDINATOR).select_related("organization"))
        blocking = [
            membership.organization.name for membership in coordinated
            if membership_is_last_coordinator(membership)
            and Membership.objects.filter(organization_id=membership.organization_id)
            .exclude(user=user).exists()]
        if blocking:
            raise StateConflict(_(
                "You are the last coordinator of %(names)s. Name another coordinator "
                "first, so that the organization is not left without one.") % {
                "names": ", ".join(blocking)})
        account_closed_event(user=user)
        Membership.objects.filter(user=user).delete()
        OfficialAssignment.objects.filter(user=user).delete()
        JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).delete()
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        user.email = f"closed-{user.pk}-{secrets.token_hex(6)}@closed.invalid"
        user.full_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.is_unodc_staff = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        roles_forget(actor)
