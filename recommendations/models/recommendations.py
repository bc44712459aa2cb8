"""What is asked: recommendations, their responses, co-signatures, endorsements,
versions, notes, comments, attachments and reference numbers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from portal.core.content_language import ContentLanguageField
from portal.core.ordering import NullsLastIndex
from recommendations.models.taxonomy import SdgTarget, Theme


class Position(models.TextChoices):
    SUPPORTED = "supported", _("Supported")
    SUPPORTED_IN_PART = "supported_in_part", _("Supported in part")
    NOTED = "noted", _("Noted")


class Attribution(models.TextChoices):
    """Who may read the name of the organization that files or co-signs, from the least
    to the most protective (``portal/core/visibility.py``; ``policies.filer_display_for``
    decides what each reader sees)."""

    NAMED = "named", _("Named")
    IN_STATE = "in_state", _("A civil society organization in the State, for the public")
    UNODC_ONLY = "unodc_only", _("Known to UNODC only")


class FieldVisibility(models.TextChoices):
    """Who may read a field of a recommendation or a piece of evidence, from the least to
    the most protective (``policies.field_visible_to``)."""

    PUBLIC = "public", _("Everyone who may read the recommendation")
    GOVERNMENT = "government", _("The government addressed and UNODC")
    UNODC = "unodc", _("UNODC only")


#: From the least to the most protective: a change may only move right without the
#: filer's explicit confirmation.
#: The codes (the rows' values), so that any level stored or posted can be ranked.
ATTRIBUTION_ORDER: list[str] = [Attribution.NAMED, Attribution.IN_STATE, Attribution.UNODC_ONLY]
FIELD_VISIBILITY_ORDER: list[str] = [
    FieldVisibility.PUBLIC,
    FieldVisibility.GOVERNMENT,
    FieldVisibility.UNODC,
]


class Recommendation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        RESPONDED = "responded", _("Responded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)
    rationale = models.TextField(_("rationale"), max_length=10000, blank=True)
    language = ContentLanguageField()
    instruments = models.ManyToManyField(
        Instrument, related_name="recommendations", verbose_name=_("instruments")
    )
    articles = models.ManyToManyField(
        Article, blank=True, related_name="recommendations", verbose_name=_("articles")
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("review cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="recommendations", verbose_name=_("themes")
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="recommendations", verbose_name=_("SDG targets")
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("presented at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    response_due_on = models.DateField(_("response due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    attribution = models.CharField(
        _("attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_("Who may read the filing organization's name."),
    )
    rationale_visibility = models.CharField(
        _("who may read the rationale"),
        max_length=20,
        choices=FieldVisibility.choices,
        default=FieldVisibility.PUBLIC,
    )
    attachments_visibility = models.CharField(
        _("who may read the attachments"),
        max_length=20,
        choices=FieldVisibility.choices,
        default=FieldVisibility.PUBLIC,
    )
    shared_with_alliance = models.BooleanField(
        _("shared with our alliances"),
        default=False,
        help_text=_(
            "A draft shared by the filer with the coordinators of the verified "
            "alliances the organization is an accepted member of (read only)."
        ),
    )
    consolidated_into = models.ForeignKey(
        "self",
        verbose_name=_("consolidated into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consolidated_from",
    )
    version = models.PositiveIntegerField(
        default=1, help_text=_("Incremented on every change (optimistic concurrency).")
    )
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # apart from search_vector: searched only by the readers who may read the rationale
    rationale_vector = SearchVectorField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["party", "status"]),
            models.Index(fields=["is_public", "status"]),
            models.Index(fields=["organization", "status"]),
            # newest first without sorting every visible row (API list; bench/README.md)
            models.Index(fields=["-created_at"], name="recommendation_created_desc"),
            # the list's default order (selectors SORTS["newest"]), unfiltered and by
            # status: a page and its capped count read the index, never sort the table
            NullsLastIndex(
                models.F("submitted_at").desc(nulls_last=True),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="recommendation_newest",
            ),
            NullsLastIndex(
                "status",
                models.F("submitted_at").desc(nulls_last=True),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="recommendation_status_newest",
            ),
            # the API list's order (its cursor), by status
            models.Index(fields=["status", "-created_at"], name="recommendation_status_created"),
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title


class Response(models.Model):
    """The State's official answer to a recommendation (UPR-style positions)."""

    class Status(models.TextChoices):
        PENDING_APPROVAL = "pending_approval", _("Awaiting a second official's approval")
        PUBLISHED = "published", _("Published")

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response"
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    justification = models.TextField(_("justification"), max_length=10000, blank=True)
    language = ContentLanguageField()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    commitments = models.JSONField(
        _("commitments"),
        default=list,
        blank=True,
        help_text=_(
            "Lead body, action and target date of each commitment; they become "
            "follow-up actions when the response is published."
        ),
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_position_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CoSignature(models.Model):
    """Another verified organization invited to co-sign; its name appears once it
    confirms."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    #: not stored: how many people may confirm for the organization, set on inviting
    confirmers: int

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="cosignatures"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="cosignatures",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_("Who may read the co-signing organization's name (chosen on confirming)."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organization"], name="cosignature_unique"
            ),
        ]
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")

    def __str__(self) -> str:
        return f"{self.organization} → {self.recommendation_id} ({self.status})"


class Endorsement(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="endorsements"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("organization"),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endorsements",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organization"], name="endorsement_unique"
            ),
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.organization} endorses {self.recommendation_id}"


class RecommendationVersion(models.Model):
    """The frozen text at submission (number 1) and every later correction."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)
    rationale = models.TextField(_("rationale"), max_length=10000, blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="recommendation_version_unique"
            ),
        ]
        verbose_name = _("recommendation version")
        verbose_name_plural = _("recommendation versions")

    def __str__(self) -> str:
        return f"{self.recommendation_id} v{self.number}"


class InternalNote(models.Model):
    """Visible only to the addressee State's officials and UNODC staff."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=5000)
    language = ContentLanguageField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"Note on {self.recommendation_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=3000)
    language = ContentLanguageField()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["recommendation", "status"])]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"Comment on {self.recommendation_id}"


def attachment_path(instance: RecommendationAttachment, filename: str) -> str:
    return f"recommendations/{instance.recommendation_id}/{filename}"


class RecommendationAttachment(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last reference number given per State and year (PAK-2026-0007), allocated
    under a row lock."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="reference_counter_unique"),
        ]
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.party_id}/{self.year}: {self.last}"
