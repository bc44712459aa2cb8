"""Who is consulted, when: instruments, clusters, parties and treaty actions,
organizations and alliances, pilot initiatives and events."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.changes import ChangeTracked
from portal.core.territories import state_name
from portal.core.translated import Translated, translations_field

# --- Reference data -------------------------------------------------------------


class Instrument(Translated, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    short_title = models.CharField(_("short title"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    adoption_reference = models.CharField(_("adopted by"), max_length=60, blank=True)
    in_force_on = models.DateField(_("entered into force on"))
    article_count = models.PositiveSmallIntegerField(_("number of articles"))
    parent = models.ForeignKey(
        "self", verbose_name=_("supplements"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="protocols",
    )
    order = models.PositiveSmallIntegerField(default=0)
    translations = translations_field()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.translated("short_title")

    @property
    def local_title(self) -> str:
        return self.translated("title")


class Article(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("article"))
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        ordering = ["instrument__order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="article_unique_number")
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        label = f"{self.instrument.code.upper()} art. {self.number}"
        return f"{label}: {self.title}" if self.title else label


class Cluster(Translated, models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    articles = models.ManyToManyField(Article, blank=True, related_name="clusters",
                                      verbose_name=_("articles"))
    translations = translations_field()

    class Meta:
        ordering = ["number"]
        verbose_name = _("review cluster")
        verbose_name_plural = _("review clusters")

    def __str__(self) -> str:
        return f"{self.roman}: {self.translated('title')}"

    @property
    def roman(self) -> str:
        return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.number, str(self.number))


class WorkingGroup(Translated, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    translations = translations_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.translated("name")


class RegionalGroup(models.TextChoices):
    AFRICAN = "AFR", _("African States")
    ASIA_PACIFIC = "APG", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "EEG", _("Eastern European States")
    LATIN_AMERICA = "GRULAC", _("Latin American and Caribbean States")
    WESTERN = "WEOG", _("Western European and other States")
    NONE = "", _("None")


class Party(models.Model):
    """A State or organization that is (or may become) party to the instruments."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member", _("UN member State")
        NON_MEMBER_STATE = "non_member", _("Non-member State")
        ORGANIZATION = "organization", _("Regional economic integration organization")

    name = models.CharField(_("name"), max_length=120, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.MEMBER_STATE)
    regional_group = models.CharField(_("regional group"), max_length=10,
                                      choices=RegionalGroup.choices, blank=True)
    timezone = models.CharField(_("main time zone"), max_length=64, default="UTC")
    response_days = models.PositiveSmallIntegerField(
        _("days to respond"), default=90, validators=[MinValueValidator(1)],
        help_text=_("Default response deadline for recommendations, counted from submission."),
    )
    publish_on_response = models.BooleanField(
        _("publish recommendations with the response"), default=True,
        help_text=_("Submitted recommendations become public when the State's response is "
                    "published (otherwise only when the filer publishes them)."),
    )
    requires_second_approval = models.BooleanField(
        _("responses need a second official's approval"), default=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("State party")
        verbose_name_plural = _("State parties")
        indexes = [models.Index(fields=["regional_group"])]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The State's UN short name in the active language (no query)."""
        return state_name(iso3=self.iso3, iso2=self.iso2, english=self.name)


class TreatyAction(models.Model):
    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("Signature")
        RATIFICATION = "ratification", _("Ratification")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        ACCESSION = "accession", _("Accession")
        SUCCESSION = "succession", _("Succession")
        DOMESTIC_APPROVAL = "domestic_approval", _("Domestic approval")

    CONSENT_KINDS = (
        Kind.RATIFICATION, Kind.ACCEPTANCE, Kind.APPROVAL, Kind.ACCESSION, Kind.SUCCESSION,
    )

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="treaty_actions")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT,
                                   related_name="treaty_actions")
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    date_confirmed = models.BooleanField(
        _("exact date confirmed"), default=True,
        help_text=_("Untick when only the month or year is known; staff should confirm it."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["party__name", "instrument__order", "date"]
        constraints = [
            models.UniqueConstraint(fields=["party", "instrument", "kind"],
                                    name="treaty_action_unique_kind"),
        ]
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")

    def __str__(self) -> str:
        return f"{self.party} / {self.instrument.code}: {self.get_kind_display()} {self.date}"

    @property
    def is_consent(self) -> bool:
        return self.kind in self.CONSENT_KINDS


class Reservation(models.Model):
    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        DECLARATION = "declaration", _("Declaration")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="reservations")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT,
                                   related_name="reservations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    article_reference = models.CharField(_("article"), max_length=60, blank=True)
    text = models.TextField(_("text"))
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["party__name", "instrument__order", "date"]
        verbose_name = _("reservation or declaration")
        verbose_name_plural = _("reservations and declarations")

    def __str__(self) -> str:
        return f"{self.party} / {self.instrument.code}: {self.get_kind_display()}"


# --- Organizations ----------------------------------------------------------------


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


class PilotInitiative(ChangeTracked):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        LAUNCHED = "launched", _("Launched")
        FOLLOW_UP = "follow_up", _("In follow-up")
        CONCLUDED = "concluded", _("Concluded")

    party = models.ForeignKey(Party, verbose_name=_("State party"), on_delete=models.PROTECT,
                              related_name="pilots")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    launched_on = models.DateField(_("launch date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PREPARING)
    alliance = models.ForeignKey(Organization, verbose_name=_("civil society alliance"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="pilots")
    focal_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("focal person"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    unodc_contact = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("UNODC contact"),
                                      null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["launched_on", "party__name"]
        verbose_name = _("pilot initiative")
        verbose_name_plural = _("pilot initiatives")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    pilot = models.ForeignKey(PilotInitiative, on_delete=models.CASCADE,
                              related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    event = models.ForeignKey("Event", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="milestones",
                              help_text=_("A milestone tied to an event is done when the "
                                          "event is held."))

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Event(ChangeTracked):
    class Kind(models.TextChoices):
        PILOT_LAUNCH = "pilot_launch", _("Pilot initiative launch")
        CONSTRUCTIVE_DIALOGUE = "constructive_dialogue", _("Constructive dialogue")
        TRAINING = "training", _("Training")
        FOLLOW_UP_CONFERENCE = "follow_up_conference", _("Follow-up conference")
        SIDE_EVENT = "side_event", _("Side event")
        WORKSHOP = "workshop", _("Workshop")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    party = models.ForeignKey(Party, verbose_name=_("State party"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="events",
                              help_text=_("Leave empty for a regional or global event."))
    pilot = models.ForeignKey(PilotInitiative, verbose_name=_("pilot initiative"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="events")
    working_group = models.ForeignKey(WorkingGroup, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="events")
    network = models.ForeignKey("RegionalNetwork", verbose_name=_("regional network"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="events",
                                help_text=_("For a regional event: the network it brings "
                                            "together."))
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="events")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    mode = models.CharField(_("format"), max_length=20, choices=Mode.choices,
                            default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    organizers = models.ManyToManyField(Organization, blank=True, related_name="organized_events",
                                        verbose_name=_("organizers"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True,
                                                 blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    minutes = models.TextField(_("minutes or chair's summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_start"),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if (self.registration_deadline and self.starts_at
                and self.registration_deadline > self.starts_at):
            errors["registration_deadline"] = _(
                "The registration deadline must be before the event starts.")
        # Where the event happens: the one rule for the web form and the API alike.
        if self.mode in (self.Mode.ONLINE, self.Mode.HYBRID) and not self.online_url:
            errors["online_url"] = _("Give the link of an online or hybrid event.")
        if self.mode in (self.Mode.IN_PERSON, self.Mode.HYBRID) and not self.venue:
            errors["venue"] = _("Give the venue of an in-person or hybrid event.")
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """Participants at a held event, counted by stakeholder category."""

    class Category(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        CIVIL_SOCIETY = "civil_society", _("Civil society / NGO")
        ACADEMIA = "academia", _("Academia")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental / UN")
        MEDIA = "media", _("Media")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "category"], name="attendance_unique"),
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.event}: {self.count} {self.get_category_display()}"


# --- Events and pilots: regional networks, registrations, documents, action items ------


class RegionalNetwork(models.Model):
    """A regional network of civil society organizations across States."""

    class Region(models.TextChoices):
        AMERICAS = "americas", _("Americas")
        AFRICA = "africa", _("Africa")
        ASIA = "asia", _("Asia")

    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    description = models.TextField(_("description"), blank=True)
    organizations = models.ManyToManyField(Organization, blank=True,
                                           related_name="regional_networks",
                                           verbose_name=_("member organizations"))

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("regional network")
        verbose_name_plural = _("regional networks")

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A person's place at an event, on behalf of their organization."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="event_registrations")
    organization = models.ForeignKey(Organization, verbose_name=_("on behalf of"), null=True,
                                     blank=True, on_delete=models.SET_NULL,
                                     related_name="event_registrations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.CONFIRMED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique_user"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user} @ {self.event} ({self.get_status_display()})"


def event_document_path(instance: EventDocument, filename: str) -> str:
    return f"events/{instance.event_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class EventDocument(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes or chair's summary")
        AGENDA = "agenda", _("Agenda")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type of document"), max_length=20, choices=Kind.choices,
                            default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=event_document_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """An action agreed in the minutes, with an owner and a due date; feeds follow-up."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=300)
    owner_organization = models.ForeignKey(Organization, verbose_name=_("owner"), null=True,
                                           blank=True, on_delete=models.SET_NULL,
                                           related_name="event_action_items")
    owner_name = models.CharField(_("owner (person or body)"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        return self.owner_name or (str(self.owner_organization) if self.owner_organization
                                   else "")


# --- Invitations and join requests ---------------------------------------------------


def _invitation_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


def _invitation_expiry():
    import datetime as dt

    from django.utils import timezone

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
        from django.utils import timezone

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
