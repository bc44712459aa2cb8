"""factory_boy factories for the portal's models."""

import datetime as dt

import factory
from django.utils import timezone

from consultations.models import (
    Event,
    Membership,
    OfficialAssignment,
    Organization,
    Party,
    PilotInitiative,
)
from portal.accounts.models import User
from recommendations.models import Recommendation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["iso3"]

    name = factory.Sequence(lambda n: f"Testland {n}")
    iso3 = factory.Sequence(lambda n: f"Q{n:02d}"[-3:])
    iso2 = ""
    regional_group = "APG"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Civil Society Organization {n}")
    category = Organization.Category.CIVIL_SOCIETY
    country = factory.SubFactory(PartyFactory)
    status = Organization.Status.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


class FocalPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialAssignment

    user = factory.SubFactory(UserFactory)
    role = OfficialAssignment.Role.FOCAL_PERSON
    party = factory.SubFactory(PartyFactory)


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotInitiative

    party = factory.SubFactory(PartyFactory)
    title = factory.LazyAttribute(lambda o: f"{o.party.name} pilot initiative")
    launched_on = dt.date(2022, 9, 15)
    status = PilotInitiative.Status.LAUNCHED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.PILOT_LAUNCH
    title = factory.Sequence(lambda n: f"Consultation event {n}")
    party = factory.SubFactory(PartyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=6))
    venue = "Vienna International Centre"
    status = Event.Status.PUBLISHED


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    organization = factory.SubFactory(OrganizationFactory)
    party = factory.SelfAttribute("organization.country")
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    text = "Strengthen cooperation between civil society and the government."
    status = Recommendation.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    is_public = True


# --- Events and pilots ------------------------------------------------------------------


class AgencyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialAssignment

    user = factory.SubFactory(UserFactory)
    role = OfficialAssignment.Role.AGENCY_CONTACT
    party = factory.SubFactory(PartyFactory)
    agency = factory.SubFactory(OrganizationFactory, category=Organization.Category.GOVERNMENTAL,
                                country=factory.SelfAttribute("..party"))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.Registration"

    event = factory.SubFactory(EventFactory, status=Event.Status.REGISTRATION_OPEN)
    user = factory.SubFactory(UserFactory)
    status = "confirmed"


# --- Follow-up (issue 6) ------------------------------------------------------------------


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "recommendations.FollowUpAction"
        skip_postgeneration_save = True

    party = factory.SubFactory(PartyFactory)
    title = factory.Sequence(lambda n: f"Follow-up action {n}")
    start_on = dt.date(2023, 1, 1)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
    status = "in_progress"
    percent = 30

    @factory.post_generation
    def recommendations(self, create, extracted, **kwargs):
        if create and extracted:
            self.recommendations.set(extracted)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "recommendations.ProgressReport"

    action = factory.SubFactory(FollowUpActionFactory)
    reported_on = dt.date(2024, 1, 31)
    text = "Progress was made."
    status = "in_progress"
    percent = 30
