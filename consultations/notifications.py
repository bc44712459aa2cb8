"""Who is told what when something happens to an organization, an alliance, an official
role, an event or a registration: one function per business step, called by the service
in its transaction with the domain event it recorded; each writes outbox rows through
portal.notifications (an invitation to someone without an account is an e-mail sent on
commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_noop

from consultations.models import (
    AllianceMembership,
    Event,
    Invitation,
    JoinRequest,
    Membership,
    OfficialAssignment,
    Organization,
    Registration,
)
from consultations.selectors.recipients import (
    active_user_by_email,
    coordinators_of,
    registrants_of,
)
from portal.accounts.models import User
from portal.core.models import DomainEvent
from portal.notifications.messages import choice_msg, msg, render_message, state_msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create

Message = dict | str


def organization_url(organization: Organization) -> str:
    return reverse("organizations:detail", args=[organization.pk])


def event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


# --- Organizations: verification ---------------------------------------------------------


def _decision_notify(
    organization: Organization, event: DomainEvent, subject: dict, summary: Message
) -> None:
    """The coordinators and whoever registered the organization."""
    recipients = coordinators_of([organization.pk])
    if organization.created_by is not None:
        recipients.append(organization.created_by)
    notifications_create(
        recipients=recipients,
        category=Category.ORGANIZATION,
        kind=event.kind,
        url=organization_url(organization),
        payload={"subject": subject, "summary": summary},
        event=event,
    )


def organization_verified_notify(*, organization: Organization, event: DomainEvent) -> None:
    _decision_notify(
        organization,
        event,
        msg(gettext_noop("%(name)s is verified"), name=organization.name),
        msg(gettext_noop("Your organization can now file and endorse recommendations.")),
    )


def organization_rejected_notify(*, organization: Organization, event: DomainEvent) -> None:
    _decision_notify(
        organization,
        event,
        msg(gettext_noop("%(name)s was not verified"), name=organization.name),
        organization.rejection_reason,
    )


# --- Invitations, requests to join, memberships ------------------------------------------


def invitation_created_notify(*, invitation: Invitation, actor: User, event: DomainEvent) -> None:
    """The invitee, in their inbox when they have an account; else by e-mail, in the
    inviter's language (no other is known), once the invitation is committed."""
    organization, email = invitation.organization, invitation.email
    url = reverse("organizations:invitation", args=[invitation.token])
    subject = msg(gettext_noop("Invitation to join %(name)s"), name=organization.name)
    summary = msg(
        gettext_noop("%(who)s invites you to join %(name)s on the UNTOC portal."),
        who=actor.get_full_name(),
        name=organization.name,
    )
    invitee = active_user_by_email(email)
    if invitee is not None:
        notifications_create(
            recipients=[invitee],
            category=Category.MEMBERSHIP,
            kind=event.kind,
            url=url,
            payload={"subject": subject, "summary": summary},
            event=event,
        )
        return
    subject_text, summary_text = render_message(subject), render_message(summary)
    context = {
        "invitation": invitation,
        "summary": summary_text,
        "url": settings.SITE_URL + url,
        "SITE_URL": settings.SITE_URL,
    }
    body = render_to_string("consultations/organizations/email/invitation.txt", context)
    transaction.on_commit(
        lambda: send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject_text, body, None, [email])
    )


def _membership_notify(
    organization: Organization,
    event: DomainEvent,
    recipients: list,
    subject: dict,
    summary: Message = "",
) -> None:
    notifications_create(
        recipients=recipients,
        category=Category.MEMBERSHIP,
        kind=event.kind,
        url=organization_url(organization),
        payload={"subject": subject, "summary": summary},
        event=event,
    )


def membership_joined_notify(*, membership: Membership, event: DomainEvent) -> None:
    """The other coordinators learn that an invitation was accepted."""
    org, user = membership.organization, membership.user
    _membership_notify(
        org,
        event,
        [u for u in coordinators_of([org.pk]) if u.pk != user.pk],
        msg(gettext_noop("%(who)s joined %(name)s"), who=user.get_full_name(), name=org.name),
        msg(gettext_noop("The invitation was accepted.")),
    )


def join_request_created_notify(*, join_request: JoinRequest, event: DomainEvent) -> None:
    organization, user = join_request.organization, join_request.user
    notifications_create(
        recipients=coordinators_of([organization.pk]),
        category=Category.MEMBERSHIP,
        kind=event.kind,
        url=reverse("organizations:members", args=[organization.pk]),
        payload={
            "subject": msg(
                gettext_noop("%(who)s asks to join %(name)s"),
                who=user.get_full_name(),
                name=organization.name,
            ),
            "summary": join_request.message[:300],
        },
        event=event,
    )


def join_request_decided_notify(*, join_request: JoinRequest, event: DomainEvent) -> None:
    org = join_request.organization
    approved = join_request.status == JoinRequest.Status.APPROVED
    _membership_notify(
        org,
        event,
        [join_request.user],
        msg(
            gettext_noop("You are now a member of %(name)s")
            if approved
            else gettext_noop("Your request to join %(name)s was declined"),
            name=org.name,
        ),
    )


def membership_role_changed_notify(*, membership: Membership, event: DomainEvent) -> None:
    org = membership.organization
    _membership_notify(
        org,
        event,
        [membership.user],
        msg(gettext_noop("Your role in %(name)s changed"), name=org.name),
        msg(
            gettext_noop("You are now: %(role)s"),
            role=choice_msg(Membership, "role", membership.role),
        ),
    )


def membership_removed_notify(
    *, organization: Organization, user: User, event: DomainEvent
) -> None:
    _membership_notify(
        organization,
        event,
        [user],
        msg(gettext_noop("You were removed from %(name)s"), name=organization.name),
    )


def membership_left_notify(*, organization: Organization, user: User, event: DomainEvent) -> None:
    _membership_notify(
        organization,
        event,
        coordinators_of([organization.pk]),
        msg(
            gettext_noop("%(who)s left %(name)s"), who=user.get_full_name(), name=organization.name
        ),
    )


# --- Alliance memberships: the other side's coordinators ---------------------------------


def _alliance_notify(
    membership: AllianceMembership,
    event: DomainEvent,
    *,
    actor: User,
    told: Organization,
    subject: dict,
    summary: Message = "",
) -> None:
    recipients = [u for u in coordinators_of([told.pk]) if u.pk != actor.pk]
    notifications_create(
        recipients=recipients,
        category=Category.MEMBERSHIP,
        kind=event.kind,
        url=organization_url(membership.alliance),
        payload={"subject": subject, "summary": summary},
        event=event,
    )


def alliance_membership_opened_notify(
    *, membership: AllianceMembership, actor: User, event: DomainEvent
) -> None:
    """An invitation goes to the organization's coordinators, a request to join to the
    alliance's."""
    alliance, org = membership.alliance, membership.organization
    if membership.status == AllianceMembership.Status.INVITED:
        _alliance_notify(
            membership,
            event,
            actor=actor,
            told=org,
            subject=msg(
                gettext_noop("%(alliance)s invites %(name)s to join"),
                alliance=alliance.name,
                name=org.name,
            ),
            summary=msg(
                gettext_noop(
                    "As a coordinator of %(name)s, accept or decline on the alliance's page."
                ),
                name=org.name,
            ),
        )
    else:
        _alliance_notify(
            membership,
            event,
            actor=actor,
            told=alliance,
            subject=msg(
                gettext_noop("%(name)s asks to join %(alliance)s"),
                alliance=alliance.name,
                name=org.name,
            ),
            summary=msg(gettext_noop("Accept or decline on the alliance's page.")),
        )


def alliance_membership_decided_notify(
    *, membership: AllianceMembership, invited: bool, actor: User, event: DomainEvent
) -> None:
    """The side that asked learns the answer (``invited``: the alliance had invited)."""
    alliance, org = membership.alliance, membership.organization
    names = {"alliance": alliance.name, "name": org.name}
    if membership.status == AllianceMembership.Status.ACCEPTED:
        subject = msg(gettext_noop("%(name)s is now a member of %(alliance)s"), **names)
    elif invited:
        subject = msg(
            gettext_noop("%(name)s declined the invitation to join %(alliance)s"), **names
        )
    else:
        subject = msg(
            gettext_noop("%(alliance)s declined the request of %(name)s to join"), **names
        )
    _alliance_notify(
        membership, event, actor=actor, told=alliance if invited else org, subject=subject
    )


def alliance_membership_ended_notify(
    *, membership: AllianceMembership, by_alliance: bool, actor: User, event: DomainEvent
) -> None:
    alliance, org = membership.alliance, membership.organization
    _alliance_notify(
        membership,
        event,
        actor=actor,
        told=org if by_alliance else alliance,
        subject=msg(
            gettext_noop("%(name)s is no longer a member of %(alliance)s"),
            alliance=alliance.name,
            name=org.name,
        ),
    )


# --- Official roles ----------------------------------------------------------------------


def _role_notify(user: User, event: DomainEvent, subject: dict) -> None:
    notifications_create(
        recipients=[user],
        category=Category.MEMBERSHIP,
        kind=event.kind,
        url=reverse("profile"),
        payload={"subject": subject, "summary": ""},
        event=event,
    )


def unodc_staff_assigned_notify(*, user: User, event: DomainEvent) -> None:
    _role_notify(user, event, msg(gettext_noop("You are now UNODC staff on the portal")))


def official_role_assigned_notify(*, assignment: OfficialAssignment, event: DomainEvent) -> None:
    _role_notify(
        assignment.user,
        event,
        msg(
            gettext_noop("You are now %(role)s for %(party)s"),
            role=choice_msg(OfficialAssignment, "role", assignment.role),
            party=state_msg(assignment.party),
        ),
    )


def role_revoked_notify(*, user: User, event: DomainEvent) -> None:
    _role_notify(user, event, msg(gettext_noop("One of your roles on the portal has ended")))


# --- Events and registrations: the registrants -------------------------------------------


def event_changed_notify(*, event: Event, record: DomainEvent) -> None:
    """Registrants are told when the date, time or place of the event changes."""
    notifications_create(
        recipients=registrants_of(event.pk),
        category=Category.EVENT,
        kind=record.kind,
        url=event_url(event),
        event=record,
        payload={
            "subject": msg(gettext_noop("Changed: %(title)s"), title=event.title),
            "summary": msg(
                gettext_noop(
                    "The date, time or place of an event you registered for has changed: %(title)s."
                ),
                title=event.title,
            ),
        },
    )


def event_cancelled_notify(*, event: Event, record: DomainEvent) -> None:
    notifications_create(
        recipients=registrants_of(event.pk),
        category=Category.EVENT,
        kind=record.kind,
        url=event_url(event),
        event=record,
        payload={
            "subject": msg(gettext_noop("Cancelled: %(title)s"), title=event.title),
            "summary": msg(
                gettext_noop("The event %(title)s has been cancelled."), title=event.title
            ),
        },
    )


def registration_promoted_notify(*, registration: Registration, record: DomainEvent) -> None:
    event = registration.event
    notifications_create(
        recipients=[registration.user],
        category=Category.EVENT,
        kind=record.kind,
        url=event_url(event),
        event=record,
        payload={
            "subject": msg(gettext_noop("You have a place: %(title)s"), title=event.title),
            "summary": msg(
                gettext_noop(
                    "A place became free and your registration for %(title)s is now confirmed."
                ),
                title=event.title,
            ),
        },
    )


def registration_created_notify(*, registration: Registration, record: DomainEvent) -> None:
    """The person registered: a place, or a place on the waiting list."""
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        subject = gettext_noop("Registration confirmed: %(title)s")
        summary = gettext_noop("Your place at %(title)s is confirmed.")
    else:
        subject = gettext_noop("Waiting list: %(title)s")
        summary = gettext_noop(
            "%(title)s is full; you are on the waiting list and "
            "will be told if a place becomes free."
        )
    notifications_create(
        recipients=[registration.user],
        category=Category.EVENT,
        kind=record.kind,
        url=event_url(event),
        event=record,
        payload={
            "subject": msg(subject, title=event.title),
            "summary": msg(summary, title=event.title),
            "status": registration.status,
        },
    )


def registration_cancelled_notify(*, registration: Registration, record: DomainEvent) -> None:
    event = registration.event
    notifications_create(
        recipients=[registration.user],
        category=Category.EVENT,
        kind=record.kind,
        url=event_url(event),
        event=record,
        payload={
            "subject": msg(gettext_noop("Registration cancelled: %(title)s"), title=event.title),
            "summary": msg(
                gettext_noop("Your registration for %(title)s has been cancelled."),
                title=event.title,
            ),
        },
    )
