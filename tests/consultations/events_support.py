"""Shared set-up of the events and pilots tests: one user per role around one State."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from consultations.models import Event, Membership, Party
from portal.accounts.models import User
from tests.factories import (
    AgencyContactFactory,
    EventFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    UserFactory,
)


def fast_passwords(settings) -> None:
    """Hashing a password the production way takes most of a test's set-up time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def with_totp(user: User) -> User:
    """Officials and staff must have two-factor authentication to use the portal."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


@dataclass
class World:
    party: Party
    other_party: Party
    member: User
    coordinator: User
    focal: User
    other_focal: User
    agency: User
    staff: User
    org: object

    def users(self) -> dict[str, User | None]:
        return {"anonymous": None, "member": self.member, "coordinator": self.coordinator,
                "focal": self.focal, "other_focal": self.other_focal, "agency": self.agency,
                "staff": self.staff}


def make_world() -> World:
    party = PartyFactory(name="Pakistan-like", timezone="Asia/Karachi")
    other = PartyFactory(name="Mexico-like", timezone="America/Mexico_City")
    org = OrganizationFactory(country=party)
    member = MembershipFactory(organization=org).user
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR).user
    focal = with_totp(FocalPersonFactory(party=party).user)
    other_focal = with_totp(FocalPersonFactory(party=other).user)
    agency = with_totp(AgencyContactFactory(party=party).user)
    staff = with_totp(UserFactory(is_unodc_staff=True))
    return World(party, other, member, coordinator, focal, other_focal, agency, staff, org)


def open_event(party, **extra) -> Event:
    starts = timezone.now() + dt.timedelta(days=10)
    defaults = dict(party=party, status=Event.Status.REGISTRATION_OPEN, starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=6),
                    registration_deadline=starts - dt.timedelta(days=1), capacity=2,
                    timezone="Asia/Karachi", venue="Islamabad")
    defaults.update(extra)
    return EventFactory(**defaults)
