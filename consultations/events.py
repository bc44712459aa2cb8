"""The domain events of this app's aggregates (see portal.core.events): the kinds of each
aggregate, whose label is the sentence a timeline or a history shows (with parameters
from the payload), and one function per kind that records it, called by the services in
their transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.events import event_record
from portal.core.models import DomainEvent

if TYPE_CHECKING:
    from consultations.models import (
        ActionItem,
        AllianceMembership,
        Event,
        EventDocument,
        Instrument,
        Milestone,
        Organization,
        PilotInitiative,
        Registration,
    )
    from portal.accounts.models import User


class OrganizationEventKind(models.TextChoices):
    REGISTERED = "organization.registered", _("Organization registered")
    UPDATED = "organization.updated", _("Organization details updated")
    VERIFIED = "organization.verified", _("Organization verified")
    REJECTED = "organization.rejected", _("Organization rejected")
    LISTED = "organization.listed", _("Organization listed in the public directory")
    UNLISTED = "organization.unlisted", _("Organization taken out of the public directory")


class InvitationEventKind(models.TextChoices):
    CREATED = "invitation.created", _("Invitation sent")
    REVOKED = "invitation.revoked", _("Invitation revoked")


class MembershipEventKind(models.TextChoices):
    JOINED = "membership.joined", _("A member joined")
    ROLE_CHANGED = "membership.role_changed", _("A member's role changed")
    LEFT = "membership.left", _("A member left")
    REMOVED = "membership.removed", _("A member was removed")


class JoinRequestEventKind(models.TextChoices):
    CREATED = "join_request.created", _("Request to join received")
    APPROVED = "join_request.approved", _("Request to join approved")
    DECLINED = "join_request.declined", _("Request to join declined")


class AllianceMembershipEventKind(models.TextChoices):
    INVITED = ("alliance_membership.invited",
               _("An organization was invited to join the alliance"))
    REQUESTED = "alliance_membership.requested", _("An organization asked to join the alliance")
    ACCEPTED = "alliance_membership.accepted", _("An organization joined the alliance")
    DECLINED = ("alliance_membership.declined",
                _("An invitation or request to join the alliance was declined"))
    ENDED = "alliance_membership.ended", _("An organization left the alliance")


class RoleEventKind(models.TextChoices):
    ASSIGNED = "role.assigned", _("Official role assigned")
    REVOKED = "role.revoked", _("Official role revoked")


class EventEventKind(models.TextChoices):
    """What happens to an event (a meeting, a workshop): named so beside the domain
    events it records."""

    CREATED = "event.created", _("Event created")
    UPDATED = "event.updated", _("Event details updated")
    UNPUBLISHED = "event.unpublished", _("Event taken back to draft")
    PUBLISHED = "event.published", _("Event published")
    REGISTRATION_OPENED = "event.registration_opened", _("Registration opened")
    HELD = "event.held", _("Event held")
    CANCELLED = "event.cancelled", _("Event cancelled")
    ATTENDANCE_RECORDED = "event.attendance_recorded", _("Attendance recorded (%(total)s)")
    MINUTES_RECORDED = "event.minutes_recorded", _("Minutes recorded")
    DOCUMENT_ADDED = "event.document_added", _("Document “%(name)s” added")
    DOCUMENT_REMOVED = "event.document_removed", _("Document “%(name)s” removed")
    ACTION_ITEM_CREATED = "event.action_item_created", _("Action item “%(title)s” added")
    ACTION_ITEM_UPDATED = "event.action_item_updated", _("Action item updated")
    ACTION_ITEM_FOLLOWED_UP = ("event.action_item_followed_up",
                               _("Action item “%(title)s” became a follow-up action"))


class RegistrationEventKind(models.TextChoices):
    CREATED = "registration.created", _("Registration received")
    PROMOTED = "registration.promoted", _("Registration moved from the waiting list")
    CANCELLED = "registration.cancelled", _("Registration cancelled")


class PilotEventKind(models.TextChoices):
    CREATED = "pilot.created", _("Pilot initiative created")
    UPDATED = "pilot.updated", _("Pilot initiative updated")
    MILESTONE_ADDED = "pilot.milestone_added", _("Milestone “%(title)s” added")
    MILESTONE_UPDATED = "pilot.milestone_updated", _("Milestone updated")


class TreatyActionsEventKind(models.TextChoices):
    IMPORTED = "treaty_actions.imported", _("Treaty actions imported")


EVENT_KINDS: tuple[type[models.TextChoices], ...] = (
    OrganizationEventKind, InvitationEventKind, MembershipEventKind, JoinRequestEventKind,
    AllianceMembershipEventKind, RoleEventKind, EventEventKind, RegistrationEventKind,
    PilotEventKind, TreatyActionsEventKind,
)

#: kind -> sentence, registered in AppConfig.ready
SENTENCES = {kind: kind.label for kinds in EVENT_KINDS for kind in kinds}


# --- Organizations, invitations, memberships, requests to join ---------------------------


def organization_registered_event(*, organization: Organization, actor: User,
                                  ) -> DomainEvent:
    return event_record(kind=OrganizationEventKind.REGISTERED, target=organization,
                        actor=actor, payload={"name": organization.name})


def organization_updated_event(*, organization: Organization, actor: User,
                               fields: list[str]) -> DomainEvent:
    return event_record(kind=OrganizationEventKind.UPDATED, target=organization, actor=actor,
                        payload={"fields": fields})


def organization_verified_event(*, organization: Organization, actor: User) -> DomainEvent:
    return event_record(kind=OrganizationEventKind.VERIFIED, target=organization, actor=actor)


def organization_rejected_event(*, organization: Organization, actor: User,
                                reason: str) -> DomainEvent:
    return event_record(kind=OrganizationEventKind.REJECTED, target=organization, actor=actor,
                        note=reason)


def organization_listing_changed_event(*, organization: Organization, actor: User,
                                      listed: bool) -> DomainEvent:
    kind = OrganizationEventKind.LISTED if listed else OrganizationEventKind.UNLISTED
    return event_record(kind=kind, target=organization, actor=actor)


def invitation_created_event(*, organization: Organization, actor: User, email: str,
                             role: str) -> DomainEvent:
    return event_record(kind=InvitationEventKind.CREATED, target=organization, actor=actor,
                        payload={"email": email, "role": role})


def invitation_revoked_event(*, organization: Organization, actor: User,
                             email: str) -> DomainEvent:
    return event_record(kind=InvitationEventKind.REVOKED, target=organization, actor=actor,
                        payload={"email": email})


def membership_joined_event(*, organization: Organization, actor: User,
                            role: str) -> DomainEvent:
    return event_record(kind=MembershipEventKind.JOINED, target=organization, actor=actor,
                        payload={"via": "invitation", "role": role})


def membership_role_changed_event(*, organization: Organization, actor: User, user_id: int,
                                  old_role: str, new_role: str) -> DomainEvent:
    return event_record(kind=MembershipEventKind.ROLE_CHANGED, target=organization,
                        actor=actor, payload={"user": user_id, "from": old_role,
                                              "to": new_role})


def membership_left_event(*, organization: Organization, actor: User) -> DomainEvent:
    return event_record(kind=MembershipEventKind.LEFT, target=organization, actor=actor,
                        payload={"user": actor.pk})


def membership_removed_event(*, organization: Organization, actor: User,
                             user_id: int) -> DomainEvent:
    return event_record(kind=MembershipEventKind.REMOVED, target=organization, actor=actor,
                        payload={"user": user_id})


def join_request_created_event(*, organization: Organization, actor: User) -> DomainEvent:
    return event_record(kind=JoinRequestEventKind.CREATED, target=organization, actor=actor)


def join_request_approved_event(*, organization: Organization, actor: User,
                                user_id: int) -> DomainEvent:
    return event_record(kind=JoinRequestEventKind.APPROVED, target=organization, actor=actor,
                        payload={"user": user_id})


def join_request_declined_event(*, organization: Organization, actor: User,
                                user_id: int) -> DomainEvent:
    return event_record(kind=JoinRequestEventKind.DECLINED, target=organization, actor=actor,
                        payload={"user": user_id})


# --- Alliance memberships (recorded on the alliance) -------------------------------------


def _alliance_membership_event(kind: AllianceMembershipEventKind,
                               membership: AllianceMembership, actor: User) -> DomainEvent:
    return event_record(kind=kind, target=membership.alliance, actor=actor,
                        payload={"membership": membership.pk,
                                 "organization": membership.organization_id,
                                 "status": membership.status})


def alliance_membership_invited_event(*, membership: AllianceMembership,
                                      actor: User) -> DomainEvent:
    return _alliance_membership_event(AllianceMembershipEventKind.INVITED, membership, actor)


def alliance_membership_requested_event(*, membership: AllianceMembership,
                                        actor: User) -> DomainEvent:
    return _alliance_membership_event(AllianceMembershipEventKind.REQUESTED, membership, actor)


def alliance_membership_accepted_event(*, membership: AllianceMembership,
                                       actor: User) -> DomainEvent:
    return _alliance_membership_event(AllianceMembershipEventKind.ACCEPTED, membership, actor)


def alliance_membership_declined_event(*, membership: AllianceMembership,
                                       actor: User) -> DomainEvent:
    return _alliance_membership_event(AllianceMembershipEventKind.DECLINED, membership, actor)


def alliance_membership_ended_event(*, membership: AllianceMembership,
                                    actor: User) -> DomainEvent:
    return _alliance_membership_event(AllianceMembershipEventKind.ENDED, membership, actor)


# --- Official roles (recorded on the person) ---------------------------------------------


def role_assigned_event(*, user: User, actor: User, role: str, party_id: int | None = None,
                        agency_id: int | None = None) -> DomainEvent:
    payload: dict[str, Any] = {"role": role}
    if party_id is not None:
        payload |= {"party": party_id, "agency": agency_id}
    return event_record(kind=RoleEventKind.ASSIGNED, target=user, actor=actor, payload=payload)


def role_revoked_event(*, user: User, actor: User, role: str,
                       party_id: int | None = None) -> DomainEvent:
    payload: dict[str, Any] = {"role": role}
    if party_id is not None:
        payload["party"] = party_id
    return event_record(kind=RoleEventKind.REVOKED, target=user, actor=actor, payload=payload)


# --- Events and registrations ------------------------------------------------------------


def event_created_event(*, event: Event, actor: User) -> DomainEvent:
    return event_record(kind=EventEventKind.CREATED, target=event, actor=actor,
                        payload={"title": event.title})


def event_updated_event(*, event: Event, actor: User, changed: list[str]) -> DomainEvent:
    return event_record(kind=EventEventKind.UPDATED, target=event, actor=actor,
                        payload={"changed": changed})


def _event_status_event(kind: EventEventKind, event: Event, actor: User, previous: str,
                        reason: str) -> DomainEvent:
    return event_record(kind=kind, target=event, actor=actor, note=reason,
                        payload={"from": previous, "to": event.status})


def event_unpublished_event(*, event: Event, actor: User, previous: str,
                            reason: str = "") -> DomainEvent:
    return _event_status_event(EventEventKind.UNPUBLISHED, event, actor, previous, reason)


def event_published_event(*, event: Event, actor: User, previous: str,
                          reason: str = "") -> DomainEvent:
    return _event_status_event(EventEventKind.PUBLISHED, event, actor, previous, reason)


def event_registration_opened_event(*, event: Event, actor: User, previous: str,
                                    reason: str = "") -> DomainEvent:
    return _event_status_event(EventEventKind.REGISTRATION_OPENED, event, actor, previous,
                               reason)


def event_held_event(*, event: Event, actor: User, previous: str,
                     reason: str = "") -> DomainEvent:
    return _event_status_event(EventEventKind.HELD, event, actor, previous, reason)


def event_cancelled_event(*, event: Event, actor: User, previous: str,
                          reason: str = "") -> DomainEvent:
    return _event_status_event(EventEventKind.CANCELLED, event, actor, previous, reason)


def event_attendance_recorded_event(*, event: Event, actor: User, total: int) -> DomainEvent:
    return event_record(kind=EventEventKind.ATTENDANCE_RECORDED, target=event, actor=actor,
                        payload={"total": total})


def event_minutes_recorded_event(*, event: Event, actor: User) -> DomainEvent:
    return event_record(kind=EventEventKind.MINUTES_RECORDED, target=event, actor=actor)


def event_document_added_event(*, document: EventDocument, actor: User) -> DomainEvent:
    return event_record(kind=EventEventKind.DOCUMENT_ADDED, target=document.event, actor=actor,
                        payload={"document": document.pk, "name": document.filename})


def event_document_removed_event(*, document: EventDocument, actor: User) -> DomainEvent:
    return event_record(kind=EventEventKind.DOCUMENT_REMOVED, target=document.event,
                        actor=actor, payload={"name": document.filename})


def event_action_item_created_event(*, item: ActionItem, actor: User) -> DomainEvent:
    return event_record(kind=EventEventKind.ACTION_ITEM_CREATED, target=item.event,
                        actor=actor, payload={"action_item": item.pk, "title": item.title,
                                              "due_on": str(item.due_on)})


def event_action_item_updated_event(*, item: ActionItem, actor: User) -> DomainEvent:
    return event_record(kind=EventEventKind.ACTION_ITEM_UPDATED, target=item.event,
                        actor=actor, payload={"action_item": item.pk, "status": item.status})


def event_action_item_followed_up_event(*, item: ActionItem, actor: User,
                                        action_id: int) -> DomainEvent:
    return event_record(kind=EventEventKind.ACTION_ITEM_FOLLOWED_UP, target=item.event,
                        actor=actor, payload={"action_item": item.pk, "title": item.title,
                                              "action": action_id})


def registration_created_event(*, registration: Registration, actor: User) -> DomainEvent:
    return event_record(kind=RegistrationEventKind.CREATED, target=registration, actor=actor,
                        payload={"event": registration.event_id,
                                 "status": registration.status})


def registration_promoted_event(*, registration: Registration, actor: User) -> DomainEvent:
    return event_record(kind=RegistrationEventKind.PROMOTED, target=registration, actor=actor,
                        payload={"event": registration.event_id})


def registration_cancelled_event(*, registration: Registration, actor: User,
                                 previous: str) -> DomainEvent:
    return event_record(kind=RegistrationEventKind.CANCELLED, target=registration,
                        actor=actor, payload={"event": registration.event_id,
                                              "previous": previous})


# --- Pilot initiatives -------------------------------------------------------------------


def pilot_created_event(*, pilot: PilotInitiative, actor: User) -> DomainEvent:
    return event_record(kind=PilotEventKind.CREATED, target=pilot, actor=actor,
                        payload={"title": pilot.title, "party": pilot.party_id,
                                 "status": pilot.status})


def pilot_updated_event(*, pilot: PilotInitiative, actor: User,
                        changed: list[str]) -> DomainEvent:
    return event_record(kind=PilotEventKind.UPDATED, target=pilot, actor=actor,
                        payload={"changed": changed, "status": pilot.status})


def pilot_milestone_added_event(*, milestone: Milestone, actor: User) -> DomainEvent:
    return event_record(kind=PilotEventKind.MILESTONE_ADDED, target=milestone.pilot,
                        actor=actor, payload={"milestone": milestone.pk,
                                              "title": milestone.title})


def pilot_milestone_updated_event(*, milestone: Milestone, actor: User) -> DomainEvent:
    return event_record(kind=PilotEventKind.MILESTONE_UPDATED, target=milestone.pilot,
                        actor=actor, payload={"milestone": milestone.pk,
                                              "status": milestone.status})


# --- Reference data ----------------------------------------------------------------------


def treaty_actions_imported_event(*, instrument: Instrument, actor: User | None,
                                  created: int, updated: int,
                                  unchanged: int) -> DomainEvent:
    return event_record(kind=TreatyActionsEventKind.IMPORTED, target=instrument, actor=actor,
                        payload={"created": created, "updated": updated,
                                 "unchanged": unchanged})
