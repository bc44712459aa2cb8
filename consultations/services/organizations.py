"""Writes for organizations, memberships, invitations and join requests.

Each function is one transaction: it checks the policy, changes rows, records a
domain event and writes the notifications it implies. Business-rule violations raise
``ValidationError`` (with a field dict where it makes sense) before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations import policies
from consultations.models import (
    AllianceMembership,
    Invitation,
    JoinRequest,
    Membership,
    OfficialAssignment,
    Organization,
)
from consultations.roles import roles_forget
from consultations.selectors.recipients import coordinators_of
from portal.core.errors import StateConflict
from portal.core.events import event_record
from portal.notifications.messages import choice_msg, msg, render_message
from portal.notifications.models import Category
from portal.notifications.services import notifications_create

ORGANIZATION_FIELDS = ("name", "acronym", "category", "subtype", "country", "website",
                       "description", "ecosoc_status", "contact_email", "is_alliance",
                       "lead_organization")


def _org_url(organization: Organization) -> str:
    return reverse("organizations:detail", args=[organization.pk])


def _check_unique_name(*, name: str, country, exclude_pk: int | None = None) -> None:
    qs = Organization.objects.filter(name__iexact=name.strip(), country=country)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise StateConflict({"name": _(
            "An organization with this name is already registered in this country. "
            "Ask its coordinators to invite you, or request to join it.")})


def _check_alliance(*, data: dict[str, Any], organization=None) -> None:
    """Member organizations are not declared: an alliance invites them and they accept
    (see alliance_membership_invite)."""
    if not data.get("is_alliance") and data.get("lead_organization"):
        raise ValidationError({"is_alliance": _(
            "Only an alliance or network has a lead organization.")})
    lead = data.get("lead_organization")
    if organization is not None and lead is not None and lead.pk == organization.pk:
        raise ValidationError({"lead_organization": _(
            "An alliance cannot be its own lead organization.")})
    if (organization is not None and organization.is_alliance
            and data.get("is_alliance") is False
            and organization.alliance_members.filter(
                status__in=AllianceMembership.OPEN).exists()):
        raise StateConflict({"is_alliance": _(
            "This alliance still has member organizations or open invitations: end them "
            "first.")})


def organization_register(*, actor, data: dict[str, Any],
                          applicant_joins: bool = True) -> Organization:
    """Anyone signed in registers an organization; it stays pending until UNODC staff
    decide, and the applicant becomes its first coordinator (unless UNODC staff register
    it for others, ``applicant_joins=False``: a list of organizations they keep)."""
    if not policies.can_register_organization(actor) or (
            not applicant_joins and not policies.can_verify_organization(actor)):
        raise PermissionDenied
    _check_unique_name(name=data["name"], country=data.get("country"))
    _check_alliance(data=data)
    with transaction.atomic():
        org = Organization(**{k: v for k, v in data.items() if k in ORGANIZATION_FIELDS},
                           status=Organization.Status.PENDING, created_by=actor)
        org.name = org.name.strip()
        try:
            with transaction.atomic():
                org.save()
        except IntegrityError:
            raise StateConflict({"name": _(
                "An organization with this name is already registered in this country."
            )}) from None
        if applicant_joins:
            Membership.objects.create(user=actor, organization=org,
                                      role=Membership.Role.COORDINATOR)
            roles_forget(actor)
        event_record(kind="organization.registered", target=org, actor=actor,
                     payload={"name": org.name})
    return org


def organization_update(*, actor, organization: Organization,
                        data: dict[str, Any]) -> Organization:
    if not policies.can_change_organization(actor, organization):
        raise PermissionDenied
    _check_unique_name(name=data.get("name", organization.name),
                       country=data.get("country", organization.country),
                       exclude_pk=organization.pk)
    _check_alliance(data={"is_alliance": organization.is_alliance, **data},
                    organization=organization)
    with transaction.atomic():
        changed = []
        for key, value in data.items():
            if key in ORGANIZATION_FIELDS and getattr(organization, key) != value:
                setattr(organization, key, value)
                changed.append(key)
        try:
            with transaction.atomic():
                organization.save()
        except IntegrityError:
            raise StateConflict({"name": _(
                "An organization with this name is already registered in this country."
            )}) from None
        event_record(kind="organization.updated", target=organization, actor=actor,
                     payload={"fields": changed})
    return organization


def organization_verify(*, actor, organization: Organization) -> Organization:
    if not policies.can_verify_organization(actor, organization):
        raise PermissionDenied
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.status == Organization.Status.VERIFIED:
            raise StateConflict(_("This organization is already verified."))
        organization.status = Organization.Status.VERIFIED
        organization.rejection_reason = ""
        organization.decided_at = timezone.now()
        organization.decided_by = actor
        organization.save(update_fields=["status", "rejection_reason", "decided_at",
                                         "decided_by"])
        ev = event_record(kind="organization.verified", target=organization, actor=actor)
        _notify_decision(organization, ev, msg(gettext_noop("%(name)s is verified"),
                                               name=organization.name),
                         msg(gettext_noop("Your organization can now file and endorse "
                                          "recommendations.")))
    return organization


def organization_reject(*, actor, organization: Organization, reason: str) -> Organization:
    if not policies.can_verify_organization(actor, organization):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the applicant will see it.")})
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.status == Organization.Status.VERIFIED:
            raise StateConflict(_("A verified organization cannot be rejected here."))
        organization.status = Organization.Status.REJECTED
        organization.rejection_reason = reason
        organization.decided_at = timezone.now()
        organization.decided_by = actor
        organization.save(update_fields=["status", "rejection_reason", "decided_at",
                                         "decided_by"])
        ev = event_record(kind="organization.rejected", target=organization, actor=actor,
                          note=reason)
        _notify_decision(organization, ev, msg(gettext_noop("%(name)s was not verified"),
                                               name=organization.name), reason)
    return organization


def _notify_decision(organization, ev, subject: dict, summary: dict | str) -> None:
    recipients = coordinators_of([organization.pk])
    if organization.created_by_id:
        recipients.append(organization.created_by)
    notifications_create(recipients=recipients, category=Category.ORGANIZATION,
                         kind=ev.kind, url=_org_url(organization),
                         payload={"subject": subject, "summary": summary}, event=ev)


# --- Invitations -------------------------------------------------------------------------


def invitation_create(*, actor, organization: Organization, email: str,
                      role: str = Membership.Role.MEMBER) -> Invitation:
    if not policies.can_invite_member(actor, organization):
        raise PermissionDenied
    email = email.strip().lower()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise StateConflict({"email": _("This person is already a member.")})
    if organization.invitations.filter(email__iexact=email, accepted_at__isnull=True,
                                       revoked_at__isnull=True,
                                       expires_at__gt=timezone.now()).exists():
        raise StateConflict({"email": _(
            "This person already has an open invitation. Revoke it to send a new one.")})

    with transaction.atomic():
        invitation = Invitation.objects.create(organization=organization, email=email,
                                               role=role, invited_by=actor)
        ev = event_record(kind="invitation.created", target=organization, actor=actor,
                          payload={"email": email, "role": role})
        url = reverse("organizations:invitation", args=[invitation.token])
        subject = msg(gettext_noop("Invitation to join %(name)s"), name=organization.name)
        summary = msg(gettext_noop("%(who)s invites you to join %(name)s on the UNTOC portal."),
                      who=actor.get_full_name(), name=organization.name)
        invitee = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if invitee is not None:
            notifications_create(recipients=[invitee], category=Category.MEMBERSHIP,
                                 kind="invitation.created", url=url,
                                 payload={"subject": subject, "summary": summary}, event=ev)
        else:  # no account, so no known language: the actor's
            subject, summary = render_message(subject), render_message(summary)
            context = {"invitation": invitation, "summary": summary,
                       "url": settings.SITE_URL + url, "SITE_URL": settings.SITE_URL}
            body = render_to_string("consultations/organizations/email/invitation.txt",
                                    context)
            transaction.on_commit(lambda: send_mail(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [email]))
    return invitation


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    if not policies.can_invite_member(actor, invitation.organization):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise StateConflict(_("This invitation is no longer open."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        event_record(kind="invitation.revoked", target=invitation.organization, actor=actor,
                     payload={"email": invitation.email})
    return invitation


def invitation_check(invitation: Invitation) -> None:
    """Why an invitation cannot be used, as a ValidationError (or nothing)."""
    if invitation.accepted_at:
        raise StateConflict(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise StateConflict(_("This invitation was withdrawn by the organization."))
    if invitation.expires_at <= timezone.now():
        raise StateConflict(_("This invitation has expired. Ask the coordinator for a "
                                "new one."))
    if invitation.organization.status == Organization.Status.REJECTED:
        raise StateConflict(_("This organization's registration was rejected; it cannot "
                                "take new members."))


def invitation_accept(*, actor, token: str) -> Membership:
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update().select_related("organization")
                      .filter(token=token).first())
        if invitation is None:
            raise ValidationError(_("This invitation link is not valid."))
        invitation_check(invitation)
        if invitation.email.lower() != actor.email.lower():
            raise ValidationError(_(
                "This invitation was sent to %(email)s. Sign in with that address to accept "
                "it.") % {"email": invitation.email})
        org = invitation.organization
        membership = Membership.objects.filter(user=actor, organization=org).first()
        if membership is None:
            membership = Membership.objects.create(user=actor, organization=org,
                                                   role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        JoinRequest.objects.filter(organization=org, user=actor,
                                   status=JoinRequest.Status.PENDING).update(
            status=JoinRequest.Status.APPROVED, decided_at=timezone.now())
        roles_forget(actor)
        ev = event_record(kind="membership.joined", target=org, actor=actor,
                          payload={"via": "invitation", "role": membership.role})
        _notify_membership(org, ev, [u for u in coordinators_of([org.pk]) if u.pk != actor.pk],
                           msg(gettext_noop("%(who)s joined %(name)s"),
                               who=actor.get_full_name(), name=org.name),
                           msg(gettext_noop("The invitation was accepted.")))
    return membership


# --- Join requests -----------------------------------------------------------------------


def join_request_create(*, actor, organization: Organization, message: str = "") -> JoinRequest:
    if not actor.is_authenticated:
        raise PermissionDenied
    if organization.status == Organization.Status.REJECTED:
        raise StateConflict(_("This organization's registration was rejected; it cannot "
                                "take new members."))
    if organization.status != Organization.Status.VERIFIED:
        raise StateConflict(_("This organization is not verified yet."))
    if organization.is_governmental:
        raise StateConflict(_("Government bodies do not take join requests; UNODC staff "
                                "assign agency contacts."))
    if organization.memberships.filter(user=actor).exists():
        raise StateConflict(_("You are already a member of this organization."))
    if organization.join_requests.filter(user=actor,
                                         status=JoinRequest.Status.PENDING).exists():
        raise StateConflict(_("You have already asked to join; the coordinators will "
                                "answer."))
    with transaction.atomic():
        join_request = JoinRequest.objects.create(organization=organization, user=actor,
                                                  message=message.strip())
        ev = event_record(kind="join_request.created", target=organization, actor=actor)
        notifications_create(
            recipients=coordinators_of([organization.pk]), category=Category.MEMBERSHIP,
            kind="join_request.created",
            url=reverse("organizations:members", args=[organization.pk]),
            payload={"subject": msg(gettext_noop("%(who)s asks to join %(name)s"),
                                    who=actor.get_full_name(), name=organization.name),
                     "summary": message.strip()[:300]},
            event=ev)
    return join_request


def join_request_decide(*, actor, join_request: JoinRequest, approve: bool) -> JoinRequest:
    if not policies.can_decide_join_request(actor, join_request):
        raise PermissionDenied
    with transaction.atomic():
        join_request = (JoinRequest.objects.select_for_update()
                        .select_related("organization", "user").get(pk=join_request.pk))
        if join_request.status != JoinRequest.Status.PENDING:
            raise StateConflict(_("This request has already been answered."))
        org = join_request.organization
        if approve and org.status == Organization.Status.REJECTED:
            raise StateConflict(_("This organization's registration was rejected; it "
                                    "cannot take new members."))
        join_request.status = (JoinRequest.Status.APPROVED if approve
                               else JoinRequest.Status.DECLINED)
        join_request.decided_at = timezone.now()
        join_request.decided_by = actor
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        if approve:
            Membership.objects.get_or_create(user=join_request.user, organization=org,
                                             defaults={"role": Membership.Role.MEMBER})
            roles_forget(join_request.user)
        kind = "join_request.approved" if approve else "join_request.declined"
        ev = event_record(kind=kind, target=org, actor=actor,
                          payload={"user": join_request.user_id})
        subject = msg(gettext_noop("You are now a member of %(name)s") if approve
                      else gettext_noop("Your request to join %(name)s was declined"),
                      name=org.name)
        _notify_membership(org, ev, [join_request.user], subject, "")
    return join_request


# --- Memberships -------------------------------------------------------------------------


def membership_is_last_coordinator(membership: Membership) -> bool:
    """The one rule behind changing a role, removing a member and closing an account: an
    organization always keeps a coordinator (the other coordinators' rows are locked)."""
    return (membership.role == Membership.Role.COORDINATOR
            and not (Membership.objects.select_for_update()
                     .filter(organization_id=membership.organization_id,
                             role=Membership.Role.COORDINATOR)
                     .exclude(pk=membership.pk).exists()))


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    if not policies.can_change_membership(actor, membership):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    with transaction.atomic():
        membership = (Membership.objects.select_for_update()
                      .select_related("organization", "user").get(pk=membership.pk))
        if membership.role == role:
            return membership
        if membership_is_last_coordinator(membership):
            raise StateConflict({"role": _(
                "An organization always keeps at least one coordinator: name another "
                "coordinator first.")})
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        roles_forget(membership.user)
        org = membership.organization
        ev = event_record(kind="membership.role_changed", target=org, actor=actor,
                          payload={"user": membership.user_id, "from": old, "to": role})
        _notify_membership(org, ev, [membership.user],
                           msg(gettext_noop("Your role in %(name)s changed"), name=org.name),
                           msg(gettext_noop("You are now: %(role)s"),
                               role=choice_msg(Membership, "role", membership.role)))
    return membership


def membership_remove(*, actor, membership: Membership) -> None:
    if not policies.can_remove_membership(actor, membership):
        raise PermissionDenied
    with transaction.atomic():
        membership = (Membership.objects.select_for_update()
                      .select_related("organization", "user").get(pk=membership.pk))
        if membership_is_last_coordinator(membership):
            raise StateConflict(_(
                "%(who)s is the last coordinator of %(name)s. An organization always keeps "
                "at least one coordinator: name another coordinator first.") % {
                "who": membership.user.get_full_name(), "name": membership.organization.name})
        org, user = membership.organization, membership.user
        membership.delete()
        roles_forget(user)
        left = user.pk == getattr(actor, "pk", None)
        ev = event_record(kind="membership.left" if left else "membership.removed",
                          target=org, actor=actor, payload={"user": user.pk})
        if not left:
            _notify_membership(org, ev, [user],
                               msg(gettext_noop("You were removed from %(name)s"),
                                   name=org.name), "")
        else:
            _notify_membership(org, ev, coordinators_of([org.pk]),
                               msg(gettext_noop("%(who)s left %(name)s"),
                                   who=user.get_full_name(), name=org.name), "")


def _notify_membership(org, ev, recipients, subject: dict, summary: dict | str) -> None:
    notifications_create(recipients=recipients, category=Category.MEMBERSHIP, kind=ev.kind,
                         url=_org_url(org), payload={"subject": subject, "summary": summary},
                         event=ev)


# --- Official roles (assigned by UNODC staff) ----------------------------------------------


def official_role_assign(*, actor, user, role: str, party=None, agency=None):
    """Make a user a national focal person (of a State), an agency contact (of a
    government body of a State) or UNODC staff."""
    if not policies.can_assign_official_roles(actor):
        raise PermissionDenied
    if role == "unodc_staff":
        if user.is_unodc_staff:
            raise StateConflict({"email": _("This person is already UNODC staff.")})
        with transaction.atomic():
            user.is_unodc_staff = True
            user.save(update_fields=["is_unodc_staff"])
            roles_forget(user)
            ev = event_record(kind="role.assigned", target=user, actor=actor,
                              payload={"role": role})
            _notify_role(user, ev, msg(gettext_noop("You are now UNODC staff on the portal")))
        return None
    if role not in OfficialAssignment.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if role == OfficialAssignment.Role.AGENCY_CONTACT:
        if agency is None:
            raise ValidationError({"agency": _("An agency contact needs a government body.")})
        if not agency.is_governmental:
            raise ValidationError({"agency": _("Choose a governmental body.")})
        party = party or agency.country
        if agency.country_id and party and agency.country_id != party.pk:
            raise ValidationError({"agency": _("This body belongs to another State.")})
    else:
        agency = None
    if party is None:
        raise ValidationError({"party": _("Choose the State party.")})
    if OfficialAssignment.objects.filter(user=user, role=role, party=party).exists():
        raise StateConflict({"email": _("This person already has this role for this "
                                          "State.")})
    with transaction.atomic():
        assignment = OfficialAssignment.objects.create(user=user, role=role, party=party,
                                                       agency=agency)
        roles_forget(user)
        ev = event_record(kind="role.assigned", target=user, actor=actor,
                          payload={"role": role, "party": party.pk,
                                   "agency": agency.pk if agency else None})
        _notify_role(user, ev, msg(gettext_noop("You are now %(role)s for %(party)s"),
                                   role=choice_msg(OfficialAssignment, "role", assignment.role),
                                   party=party.name))
    return assignment


def official_role_revoke(*, actor, assignment=None, user=None) -> None:
    """End an official role (or, with ``user``, a UNODC staff flag)."""
    if not policies.can_assign_official_roles(actor):
        raise PermissionDenied
    with transaction.atomic():
        if assignment is not None:
            user = assignment.user
            payload = {"role": assignment.role, "party": assignment.party_id}
            assignment.delete()
        else:
            if user.pk == actor.pk:
                raise StateConflict(_("You cannot remove your own UNODC staff role."))
            user.is_unodc_staff = False
            user.save(update_fields=["is_unodc_staff"])
            payload = {"role": "unodc_staff"}
        roles_forget(user)
        ev = event_record(kind="role.revoked", target=user, actor=actor, payload=payload)
        _notify_role(user, ev, msg(gettext_noop("One of your roles on the portal has ended")))


def _notify_role(user, ev, subject: dict) -> None:
    notifications_create(recipients=[user], category=Category.MEMBERSHIP, kind=ev.kind,
                         url=reverse("profile"), payload={"subject": subject, "summary": ""},
                         event=ev)
