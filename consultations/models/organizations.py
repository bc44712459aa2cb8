"""Organizations and alliances, memberships, official roles, invitations and requests
to join."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models.reference import Party
from portal.core.changes import ChangeTracked


class Organization(ChangeTracked):
    class Category(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civil society / NGO")
        ACADEMIA = "academia", _("Academia")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        GOVERNMENTAL = "governmental", _("Governmental body")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")

    class Subtype(models.TextChoices):
        COMMUNITY_GROUP = "community_group", _("Community group")
        LABOUR_UNION = "labour_union", _("Labour union")
        FAITH_BASED = "faith_based", _("Faith-based organization")
        PROFESSIONAL = "professional_association", _("Professional association")
        FOUNDATION = "foundation", _("Foundation")
        VICTIM_LED = "victim_led", _("Victim-led organization")
        YOUTH = "youth", _("Youth organization")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    subtype = models.CharField(_("subtype"), max_length=30, choices=Subtype.choices, blank=True)
    country = models.ForeignKey(Party, verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="organizations")
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    ecosoc_status = models.BooleanField(_("ECOSOC consultative status"), default=False)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_alliance = models.BooleanField(
        _("alliance or network"), default=False,
        help_text=_("A national alliance or regional network of member organizations."),
    )
    lead_organization = models.ForeignKey(
        "self", verbose_name=_("lead organization"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_alliances",
    )
    # the directory opt-out (consultations.directory): an organization at risk may stay
    # out of the public directory and lists
    listed_in_directory = models.BooleanField(
        _("listed in the public directory"), default=True,
        help_text=_("Uncheck to keep the organization out of the public directory and "
                    "lists: UNODC, your State's officials and your members still see it."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="organization_unique_name"),
        ]
        indexes = [models.Index(fields=["status", "category"])]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def is_governmental(self) -> bool:
        return self.category == self.Category.GOVERNMENTAL


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class AllianceMembership(models.Model):
    """An organization's membership of an alliance: two-sided. The alliance invites and
    the organization accepts, or the organization asks and the alliance accepts; either
    side may end it. Only an accepted membership of a verified alliance gives the
    alliance's coordinators anything (see recommendations.policies)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited by the alliance")
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", _("Member")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    OPEN = (Status.INVITED, Status.REQUESTED, Status.ACCEPTED)

    alliance = models.ForeignKey(Organization, verbose_name=_("alliance"),
                                 on_delete=models.CASCADE, related_name="alliance_members")
    organization = models.ForeignKey(Organization, verbose_name=_("member organization"),
                                     on_delete=models.CASCADE,
                                     related_name="alliance_memberships")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.INVITED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   help_text=_("Who invited the organization or asked to "
                                               "join."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["alliance__name", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organization"],
                condition=Q(status__in=["invited", "requested", "accepted"]),
                name="alliance_membership_one_open"),
            models.CheckConstraint(condition=~Q(alliance=models.F("organization")),
                                   name="alliance_membership_not_itself"),
        ]
        indexes = [models.Index(fields=["alliance", "status"]),
                   models.Index(fields=["organization", "status"])]
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")

    def __str__(self) -> str:
        return f"{self.organization} @ {self.alliance} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.INVITED, self.Status.REQUESTED)


class OfficialAssignment(models.Model):
    """A government role of a user: national focal person or agency contact of a State."""

    class Role(models.TextChoices):
        FOCAL_PERSON = "focal_person", _("National focal person")
        AGENCY_CONTACT = "agency_contact", _("Agency contact")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="official_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    party = models.ForeignKey(Party, verbose_name=_("State party"), on_delete=models.PROTECT,
                              related_name="officials")
    agency = models.ForeignKey(
        Organization, verbose_name=_("government body"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="contacts",
        limit_choices_to={"category": Organization.Category.GOVERNMENTAL},
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "party"],
                                    name="official_assignment_unique"),
            models.CheckConstraint(
                condition=Q(role="focal_person") | Q(agency__isnull=False),
                name="agency_contact_has_agency",
            ),
        ]
        verbose_name = _("official role")
        verbose_name_plural = _("official roles")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.party})"

    def clean(self) -> None:
        if self.role == self.Role.AGENCY_CONTACT and not self.agency_id:
            raise ValidationError({"agency": _("An agency contact needs a government body.")})


# --- Pilot initiatives and events ------------------------------------------------


# --- Invitations and join requests ---------------------------------------------------


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + dt.timedelta(days=Invitation.VALID_DAYS)


class Invitation(models.Model):
    """A coordinator invites someone by e-mail; the link works before and after sign-up,
    once, until it expires."""

    VALID_DAYS = 14

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices,
                            default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token,
                             editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "accepted_at"])]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:

        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="join_requests")
    message = models.TextField(_("message to the coordinators"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"],
                                    condition=Q(status="pending"),
                                    name="join_request_one_pending"),
        ]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")

    def __str__(self) -> str:
        return f"{self.user} → {self.organization} ({self.get_status_display()})"
