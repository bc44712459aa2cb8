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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations import policies
from consultations.models import AllianceMembership, Organization
from consultations.selectors.recipients import coordinators_of
from portal.core.errors import StateConflict
from portal.core.events import event_record
from portal.notifications.messages import msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create

S = AllianceMembership.Status


def _lock(membership: AllianceMembership) -> AllianceMembership:
    return (AllianceMembership.objects.select_for_update(of=("self",))
            .select_related("alliance", "organization").get(pk=membership.pk))


def _record(kind: str, membership: AllianceMembership, *, actor, notify_org_id: int,
            subject: dict, summary: dict | str = "") -> None:
    """The domain event and the other side's notifications, in the caller's
    transaction."""
    ev = event_record(kind=kind, target=membership.alliance, actor=actor,
                      payload={"membership": membership.pk,
                               "organization": membership.organization_id,
                               "status": membership.status})
    recipients = [u for u in coordinators_of([notify_org_id]) if u.pk != actor.pk]
    notifications_create(
        recipients=recipients, category=Category.MEMBERSHIP, kind=kind,
        url=reverse("organizations:detail", args=[membership.alliance_id]),
        payload={"subject": subject, "summary": summary}, event=ev)


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


def _open(*, actor, alliance: Organization, organization: Organization, status: str,
          subject: dict, summary: dict) -> AllianceMembership:
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
        told = organization if status == S.INVITED else alliance
        _record(f"alliance_membership.{status}", membership, actor=actor,
                notify_org_id=told.pk, subject=subject, summary=summary)
    return membership


def alliance_membership_invite(*, actor, alliance: Organization,
                               organization: Organization) -> AllianceMembership:
    """The alliance's coordinators invite a verified organization; it becomes a member
    only when its own coordinators accept."""
    if not policies.can_invite_to_alliance(actor, alliance):
        raise PermissionDenied
    return _open(actor=actor, alliance=alliance, organization=organization,
                 status=S.INVITED,
                 subject=msg(gettext_noop("%(alliance)s invites %(name)s to join"),
                             alliance=alliance.name, name=organization.name),
                 summary=msg(gettext_noop("As a coordinator of %(name)s, accept or decline "
                                          "on the alliance's page."), name=organization.name))


def alliance_membership_request(*, actor, alliance: Organization,
                                organization: Organization) -> AllianceMembership:
    """An organization's coordinators ask to join an alliance; its coordinators
    decide."""
    if not policies.can_ask_to_join_alliance(actor, alliance, organization):
        raise PermissionDenied
    return _open(actor=actor, alliance=alliance, organization=organization,
                 status=S.REQUESTED,
                 subject=msg(gettext_noop("%(name)s asks to join %(alliance)s"),
                             alliance=alliance.name, name=organization.name),
                 summary=msg(gettext_noop("Accept or decline on the alliance's page.")))


def _decide(*, actor, membership: AllianceMembership, accept: bool) -> AllianceMembership:
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
        alliance, org = membership.alliance, membership.organization
        names = {"alliance": alliance.name, "name": org.name}
        if accept:
            subject = msg(gettext_noop("%(name)s is now a member of %(alliance)s"), **names)
        elif invited:
            subject = msg(gettext_noop("%(name)s declined the invitation to join "
                                       "%(alliance)s"), **names)
        else:
            subject = msg(gettext_noop("%(alliance)s declined the request of %(name)s to "
                                       "join"), **names)
        _record("alliance_membership.accepted" if accept else "alliance_membership.declined",
                membership, actor=actor,
                notify_org_id=alliance.pk if invited else org.pk, subject=subject)
    return membership


def alliance_membership_accept(*, actor,
                               membership: AllianceMembership) -> AllianceMembership:
    """The side that was asked accepts: the invited organization's coordinators, or the
    alliance's coordinators for a request to join."""
    return _decide(actor=actor, membership=membership, accept=True)


def alliance_membership_decline(*, actor,
                                membership: AllianceMembership) -> AllianceMembership:
    return _decide(actor=actor, membership=membership, accept=False)


def alliance_membership_end(*, actor, membership: AllianceMembership) -> AllianceMembership:
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
        alliance, org = membership.alliance, membership.organization
        by_alliance = alliance.pk in policies.roles_of(actor).coordinator_org_ids
        _record("alliance_membership.ended", membership, actor=actor,
                notify_org_id=org.pk if by_alliance else alliance.pk,
                subject=msg(gettext_noop("%(name)s is no longer a member of %(alliance)s"),
                            alliance=alliance.name, name=org.name))
    return membership
