"""Writes for organizations, memberships, invitations and join requests.

Each function is one transaction: it checks the policy, changes rows, records a
domain event and writes the notifications it implies. Business-rule violations raise
``ValidationError`` (with a field dict where it makes sense) before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import policies
from consultations.events import (
    invitation_created_event,
    invitation_revoked_event,
    join_request_approved_event,
    join_request_created_event,
    join_request_declined_event,
    membership_joined_event,
    membership_left_event,
    membership_removed_event,
    membership_role_changed_event,
    organization_registered_event,
    organization_rejected_event,
    organization_updated_event,
    organization_verified_event,
    role_assigned_event,
    role_revoked_event,
)
from consultations.models import (
    AllianceMembership,
    Invitation,
    JoinRequest,
    Membership,
    OfficialAssignment,
    Organization,
    Party,
)
from consultations.notifications import (
    invitation_created_notify,
    join_request_created_notify,
    join_request_decided_notify,
    membership_joined_notify,
    membership_left_notify,
    membership_removed_notify,
    membership_role_changed_notify,
    official_role_assigned_notify,
    organization_rejected_notify,
    organization_verified_notify,
    role_revoked_notify,
    unodc_staff_assigned_notify,
)
from consultations.roles import roles_forget
from portal.accounts.models import User
from portal.core.errors import StateConflict
from portal.core.unchanged import UNCHANGED, Unchanged, given


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


def organization_register(
    *, actor: User, name: str, category: str, acronym: str = "", subtype: str = "",
    country: Party | None = None, website: str = "", description: str = "",
    ecosoc_status: bool = False, contact_email: str = "", is_alliance: bool = False,
    lead_organization: Organization | None = None, applicant_joins: bool = True,
) -> Organization:
    """Anyone signed in registers an organization; it stays pending until UNODC staff
    decide, and the applicant becomes its first coordinator (unless UNODC staff register
    it for others, ``applicant_joins=False``: a list of organizations they keep)."""
    data: dict[str, Any] = {
        "name": name, "acronym": acronym, "category": category, "subtype": subtype,
        "country": country, "website": website, "description": description,
        "ecosoc_status": ecosoc_status, "contact_email": contact_email,
        "is_alliance": is_alliance, "lead_organization": lead_organization}
    if not policies.can_register_organization(actor) or (
            not applicant_joins and not policies.can_verify_organization(actor)):
        raise PermissionDenied
    _check_unique_name(name=name, country=country)
    _check_alliance(data=data)
    with transaction.atomic():
        org = Organization(**data, status=Organization.Status.PENDING, created_by=actor)
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
        organization_registered_event(organization=org, actor=actor)
    return org


def organization_update(
    *, actor: User, organization: Organization, name: str | Unchanged = UNCHANGED,
    category: str | Unchanged = UNCHANGED, acronym: str | Unchanged = UNCHANGED,
    subtype: str | Unchanged = UNCHANGED, country: Party | None | Unchanged = UNCHANGED,
    website: str | Unchanged = UNCHANGED, description: str | Unchanged = UNCHANGED,
    ecosoc_status: bool | Unchanged = UNCHANGED, contact_email: str | Unchanged = UNCHANGED,
    is_alliance: bool | Unchanged = UNCHANGED,
    lead_organization: Organization | None | Unchanged = UNCHANGED,
) -> Organization:
    """Change the fields given (the others keep their value)."""
    data = given(name=name, category=category, acronym=acronym, subtype=subtype,
                 country=country, website=website, description=description,
                 ecosoc_status=ecosoc_status, contact_email=contact_email,
                 is_alliance=is_alliance, lead_organization=lead_organization)
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
            if getattr(organization, key) != value:
                setattr(organization, key, value)
                changed.append(key)
        try:
            with transaction.atomic():
                organization.save()
        except IntegrityError:
            raise StateConflict({"name": _(
                "An organization with this name is already registered in this country."
            )}) from None
        organization_updated_event(organization=organization, actor=actor, fields=changed)
    return organization


def organization_verify(*, actor: User, organization: Organization) -> Organization:
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
        ev = organization_verified_event(organization=organization, actor=actor)
        organization_verified_notify(organization=organization, event=ev)
    return organization


def organization_reject(*, actor: User, organization: Organization, reason: str) -> Organization:
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
        ev = organization_rejected_event(organization=organization, actor=actor, reason=reason)
        organization_rejected_notify(organization=organization, event=ev)
    return organization


# --- Invitations -------------------------------------------------------------------------


def invitation_create(*, actor: User, organization: Organization, email: str,
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
        ev = invitation_created_event(organization=organization, actor=actor, email=email,
                                      role=role)
        invitation_created_notify(invitation=invitation, actor=actor, event=ev)
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not policies.can_invite_member(actor, invitation.organization):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise StateConflict(_("This invitation is no longer open."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        invitation_revoked_event(organization=invitation.organization, actor=actor,
                                 email=invitation.email)
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


def invitation_accept(*, actor: User, token: str) -> Membership:
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
        ev = membership_joined_event(organization=org, actor=actor, role=membership.role)
        membership_joined_notify(membership=membership, event=ev)
    return membership


# --- Join requests -----------------------------------------------------------------------


def join_request_create(*, actor: User, organization: Organization,
                        message: str = "") -> JoinRequest:
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
        ev = join_request_created_event(organization=organization, actor=actor)
        join_request_created_notify(join_request=join_request, event=ev)
    return join_request


def join_request_decide(*, actor: User, join_request: JoinRequest, approve: bool) -> JoinRequest:
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
        decided_event = join_request_approved_event if approve else join_request_declined_event
        ev = decided_event(organization=org, actor=actor, user_id=join_request.user_id)
        join_request_decided_notify(join_request=join_request, event=ev)
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


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
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
        ev = membership_role_changed_event(organization=org, actor=actor,
                                           user_id=membership.user_id, old_role=old,
                                           new_role=role)
        membership_role_changed_notify(membership=membership, event=ev)
    return membership


def membership_remove(*, actor: User, membership: Membership) -> None:
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
        if left:
            ev = membership_left_event(organization=org, actor=actor)
            membership_left_notify(organization=org, user=user, event=ev)
        else:
            ev = membership_removed_event(organization=org, actor=actor, user_id=user.pk)
            membership_removed_notify(organization=org, user=user, event=ev)


# --- Official roles (assigned by UNODC staff) ----------------------------------------------


def official_role_assign(*, actor: User, user: User, role: str, party: Party | None = None,
                         agency: Organization | None = None) -> OfficialAssignment | None:
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
            ev = role_assigned_event(user=user, actor=actor, role=role)
            unodc_staff_assigned_notify(user=user, event=ev)
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
        ev = role_assigned_event(user=user, actor=actor, role=role, party_id=party.pk,
                                 agency_id=agency.pk if agency else None)
        official_role_assigned_notify(assignment=assignment, event=ev)
    return assignment


def official_role_revoke(*, actor: User, assignment: OfficialAssignment | None = None,
                         user: User | None = None) -> None:
    """End an official role (or, with ``user``, a UNODC staff flag)."""
    if not policies.can_assign_official_roles(actor):
        raise PermissionDenied
    with transaction.atomic():
        if assignment is not None:
            user = assignment.user
            role, party_id = assignment.role, assignment.party_id
            assignment.delete()
        elif user is None:
            raise TypeError("official_role_revoke needs an assignment or a user")
        else:
            if user.pk == actor.pk:
                raise StateConflict(_("You cannot remove your own UNODC staff role."))
            user.is_unodc_staff = False
            user.save(update_fields=["is_unodc_staff"])
            role, party_id = "unodc_staff", None
        roles_forget(user)
        ev = role_revoked_event(user=user, actor=actor, role=role, party_id=party_id)
        role_revoked_notify(user=user, event=ev)
