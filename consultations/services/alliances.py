"""Writes for alliance memberships: a two-sided relation between an alliance and a
member organization. The alliance's coordinators invite and the organization's
coordinators accept or decline; or the organization's coordinators ask to join and the
alliance's coordinators accept or decline; either side ends it.

Each function is one transaction: it checks the policy, changes the row, records a
domain event (on the alliance, so both its history and the API show it) and notifies
the coordinators of the other side.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import policies
from consultations.events import (
    alliance_membership_accepted_event,
    alliance_membership_declined_event,
    alliance_membership_ended_event,
    alliance_membership_invited_event,
    alliance_membership_requested_event,
)
from consultations.models import AllianceMembership, Organization
from consultations.notifications import (
    alliance_membership_decided_notify,
    alliance_membership_ended_notify,
    alliance_membership_opened_notify,
)
from portal.accounts.models import User
from portal.core.errors import StateConflict

S = AllianceMembership.Status


def _lock(membership: AllianceMembership) -> AllianceMembership:
    return (AllianceMembership.objects.select_for_update(of=("self",))
            .select_related("alliance", "organization").get(pk=membership.pk))


def _check_pair(*, alliance: Organization, organization: Organization) -> None:
    if not alliance.is_alliance:
        raise StateConflict(_("Only an alliance or network has member organizations."))
    if alliance.pk == organization.pk:
        raise ValidationError({"organization": _("An alliance cannot be a member of "
                                                  "itself.")})
    if organization.status != Organization.Status.VERIFIED:
        raise ValidationError({"organization": _("Only verified organizations can be "
                                                 "members of an alliance.")})
    if organization.is_governmental:
        raise ValidationError({"organization": _("Government bodies are not members of "
                                                 "civil society alliances.")})
    current = (AllianceMembership.objects.filter(alliance=alliance, organization=organization,
                                                 status__in=AllianceMembership.OPEN)
               .values_list("status", flat=True).first())
    if current == S.ACCEPTED:
        raise StateConflict({"organization": _("%(name)s is already a member of the "
                                                 "alliance.") % {"name": organization.name}})
    if current == S.INVITED:
        raise StateConflict({"organization": _(
            "%(name)s is already invited; its coordinators will answer.")
            % {"name": organization.name}})
    if current == S.REQUESTED:
        raise StateConflict({"organization": _(
            "%(name)s has already asked to join; the alliance's coordinators will answer.")
            % {"name": organization.name}})


def _open(*, actor: User, alliance: Organization, organization: Organization,
          status: str) -> AllianceMembership:
    """An invitation (status invited, the organization is told) or a request to join
    (status requested, the alliance is told), after the policy check."""
    _check_pair(alliance=alliance, organization=organization)
    with transaction.atomic():
        try:
            with transaction.atomic():
                membership = AllianceMembership.objects.create(
                    alliance=alliance, organization=organization, status=status,
                    invited_by=actor)
        except IntegrityError:  # a concurrent invitation or request won
            raise StateConflict({"organization": _(
                "%(name)s is already invited or a member.") % {"name": organization.name}}
            ) from None
        opened_event = (alliance_membership_invited_event if status == S.INVITED
                        else alliance_membership_requested_event)
        ev = opened_event(membership=membership, actor=actor)
        alliance_membership_opened_notify(membership=membership, actor=actor, event=ev)
    return membership


def alliance_membership_invite(*, actor: User, alliance: Organization,
                               organization: Organization) -> AllianceMembership:
    """The alliance's coordinators invite a verified organization; it becomes a member
    only when its own coordinators accept."""
    if not policies.can_invite_to_alliance(actor, alliance):
        raise PermissionDenied
    return _open(actor=actor, alliance=alliance, organization=organization,
                 status=S.INVITED)


def alliance_membership_request(*, actor: User, alliance: Organization,
                                organization: Organization) -> AllianceMembership:
    """An organization's coordinators ask to join an alliance; its coordinators
    decide."""
    if not policies.can_ask_to_join_alliance(actor, alliance, organization):
        raise PermissionDenied
    return _open(actor=actor, alliance=alliance, organization=organization,
                 status=S.REQUESTED)


def _decide(*, actor: User, membership: AllianceMembership, accept: bool) -> AllianceMembership:
    with transaction.atomic():
        membership = _lock(membership)
        if not policies.can_decide_alliance_membership(actor, membership):
            if not membership.is_pending:
                raise StateConflict(_("This has already been answered."))
            raise PermissionDenied
        invited = membership.status == S.INVITED
        membership.status = S.ACCEPTED if accept else S.DECLINED
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        if not accept:
            membership.ended_at = membership.decided_at
        membership.save(update_fields=["status", "decided_by", "decided_at", "ended_at"])
        decided_event = (alliance_membership_accepted_event if accept
                         else alliance_membership_declined_event)
        ev = decided_event(membership=membership, actor=actor)
        alliance_membership_decided_notify(membership=membership, invited=invited,
                                           actor=actor, event=ev)
    return membership


def alliance_membership_accept(*, actor: User,
                               membership: AllianceMembership) -> AllianceMembership:
    """The side that was asked accepts: the invited organization's coordinators, or the
    alliance's coordinators for a request to join."""
    return _decide(actor=actor, membership=membership, accept=True)


def alliance_membership_decline(*, actor: User,
                                membership: AllianceMembership) -> AllianceMembership:
    return _decide(actor=actor, membership=membership, accept=False)


def alliance_membership_end(*, actor: User, membership: AllianceMembership) -> AllianceMembership:
    """Either side ends a membership (or withdraws an open invitation or request). The
    alliance's coordinators lose at once whatever the membership gave them."""
    with transaction.atomic():
        membership = _lock(membership)
        if not policies.can_end_alliance_membership(actor, membership):
            if membership.status not in AllianceMembership.OPEN:
                raise StateConflict(_("This membership has already ended."))
            raise PermissionDenied
        membership.status = S.ENDED
        membership.ended_at = timezone.now()
        membership.decided_by = actor
        membership.save(update_fields=["status", "ended_at", "decided_by"])
        by_alliance = membership.alliance_id in policies.roles_of(actor).coordinator_org_ids
        ev = alliance_membership_ended_event(membership=membership, actor=actor)
        alliance_membership_ended_notify(membership=membership, by_alliance=by_alliance,
                                         actor=actor, event=ev)
    return membership
