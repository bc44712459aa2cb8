"""Pilot initiatives and their milestones, events with their registrations,
attendance, documents and action items."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models.organizations import Organization
from consultations.models.reference import Cluster, Party, WorkingGroup
from portal.core.changes import ChangeTracked


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
