"""What is asked and what follows: recommendations, responses, follow-up actions and
progress reports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from portal.core.changes import ChangeTracked
from portal.core.content_language import ContentLanguageField
from portal.core.ordering import NullsLastIndex
from portal.core.translated import Translated, translations_field


class Theme(Translated, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    translations = translations_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.translated("name")


class SdgTarget(Translated, models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=300)
    translations = translations_field()

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return gettext("SDG %(code)s") % {"code": self.code}

    @property
    def local_title(self) -> str:
        return self.translated("title")


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
ATTRIBUTION_ORDER = [Attribution.NAMED, Attribution.IN_STATE, Attribution.UNODC_ONLY]
FIELD_VISIBILITY_ORDER = [FieldVisibility.PUBLIC, FieldVisibility.GOVERNMENT,
                          FieldVisibility.UNODC]


class Recommendation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        RESPONDED = "responded", _("Responded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True,
                                 blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("filed by"),
                                     on_delete=models.PROTECT, related_name="recommendations")
    party = models.ForeignKey(Party, verbose_name=_("addressed to"), on_delete=models.PROTECT,
                              related_name="recommendations")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)
    rationale = models.TextField(_("rationale"), max_length=10000, blank=True)
    language = ContentLanguageField()
    instruments = models.ManyToManyField(Instrument, related_name="recommendations",
                                         verbose_name=_("instruments"))
    articles = models.ManyToManyField(Article, blank=True, related_name="recommendations",
                                      verbose_name=_("articles"))
    cluster = models.ForeignKey(Cluster, verbose_name=_("review cluster"), null=True,
                                blank=True, on_delete=models.SET_NULL,
                                related_name="recommendations")
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations",
                                    verbose_name=_("themes"))
    sdg_targets = models.ManyToManyField(SdgTarget, blank=True, related_name="recommendations",
                                         verbose_name=_("SDG targets"))
    event = models.ForeignKey(Event, verbose_name=_("presented at"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="recommendations")
    status = models.CharField(_("status"), max_length=30, choices=Status.choices,
                              default=Status.DRAFT)
    position = models.CharField(_("position"), max_length=30, choices=Position.choices,
                                blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    response_due_on = models.DateField(_("response due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    attribution = models.CharField(
        _("attribution"), max_length=20, choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_("Who may read the filing organization's name."))
    rationale_visibility = models.CharField(
        _("who may read the rationale"), max_length=20, choices=FieldVisibility.choices,
        default=FieldVisibility.PUBLIC)
    attachments_visibility = models.CharField(
        _("who may read the attachments"), max_length=20, choices=FieldVisibility.choices,
        default=FieldVisibility.PUBLIC)
    shared_with_alliance = models.BooleanField(
        _("shared with our alliances"), default=False,
        help_text=_("A draft shared by the filer with the coordinators of the verified "
                    "alliances the organization is an accepted member of (read only)."))
    consolidated_into = models.ForeignKey(
        "self", verbose_name=_("consolidated into"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="consolidated_from",
    )
    version = models.PositiveIntegerField(
        default=1, help_text=_("Incremented on every change (optimistic concurrency)."))
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # apart from search_vector: searched only by the readers who may read the rationale
    rationale_vector = SearchVectorField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
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
            NullsLastIndex(models.F("submitted_at").desc(nulls_last=True),
                           models.F("created_at").desc(), models.F("id").desc(),
                           name="recommendation_newest"),
            NullsLastIndex("status", models.F("submitted_at").desc(nulls_last=True),
                           models.F("created_at").desc(), models.F("id").desc(),
                           name="recommendation_status_newest"),
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

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE,
                                          related_name="response")
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    justification = models.TextField(_("justification"), max_length=10000, blank=True)
    language = ContentLanguageField()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PUBLISHED)
    commitments = models.JSONField(
        _("commitments"), default=list, blank=True,
        help_text=_("Lead body, action and target date of each commitment; they become "
                    "follow-up actions when the response is published."))
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
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


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    STALLED = "stalled", _("Stalled")


class FollowUpAction(models.Model):
    party = models.ForeignKey(Party, verbose_name=_("State party"), on_delete=models.PROTECT,
                              related_name="actions")
    recommendations = models.ManyToManyField(Recommendation, blank=True,
                                             related_name="actions",
                                             verbose_name=_("recommendations"))
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = ContentLanguageField()
    lead_body = models.ForeignKey(
        Organization, verbose_name=_("lead institution"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="led_actions",
    )
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="responsible_actions")
    start_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0,
                                               validators=[MaxValueValidator(100)])
    report_every_months = models.PositiveSmallIntegerField(
        _("report every (months)"), null=True, blank=True)
    source_event = models.ForeignKey(
        Event, verbose_name=_("agreed at"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="follow_up_actions",
        help_text=_("The event whose action items this follow-up comes from, if any."))
    source_action_item = models.OneToOneField(
        "consultations.ActionItem", verbose_name=_("from action item"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="follow_up_action",
        help_text=_("The event action item this follow-up action carries on, if any."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["party", "status"]), models.Index(fields=["due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="action_percent_max"),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(due_on__isnull=True)
                | Q(due_on__gte=models.F("start_on")),
                name="action_due_after_start",
            ),
        ]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.title


class ProgressReport(ChangeTracked):
    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE,
                               related_name="progress_reports")
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=10000)
    language = ContentLanguageField()
    status = models.CharField(_("status"), max_length=30, choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"),
                                               validators=[MaxValueValidator(100)])
    evidence_url = models.URLField(_("evidence link"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.action}: {self.reported_on}"


# --- Follow-up: assessments, validations, evidence, report history (issue 6) ----------


class Verdict(models.TextChoices):
    AGREE = "agree", _("Agree")
    PARTLY = "partly", _("Partly agree")
    DISAGREE = "disagree", _("Disagree")


class Assessment(models.Model):
    """The alliance's view of the government's self-report on an action: one per action
    and filing organization, updated in place (the timeline keeps earlier verdicts)."""

    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE,
                               related_name="assessments")
    organization = models.ForeignKey(Organization, verbose_name=_("assessed by"),
                                     on_delete=models.CASCADE, related_name="assessments")
    verdict = models.CharField(_("assessment"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    language = ContentLanguageField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["action", "organization"],
                                    name="assessment_unique_per_org"),
        ]
        verbose_name = _("alliance assessment")
        verbose_name_plural = _("alliance assessments")

    def __str__(self) -> str:
        return f"{self.action}: {self.get_verdict_display()} ({self.organization})"


class Validation(models.Model):
    """UNODC's validated status and percent for an action. An action is *closed* when
    both its reported status and its validated status are "implemented": it then
    takes no more progress reports."""

    action = models.OneToOneField(FollowUpAction, on_delete=models.CASCADE,
                                  related_name="validation")
    status = models.CharField(_("validated status"), max_length=30,
                              choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(_("validated progress (%)"),
                                               validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    validated_at = models.DateTimeField(_("validated"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100),
                                   name="validation_percent_max"),
        ]
        verbose_name = _("UNODC validation")
        verbose_name_plural = _("UNODC validations")

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()} {self.percent}%"


def evidence_upload_to(instance, filename: str) -> str:
    return f"evidence/{instance.report.action_id}/{get_valid_filename(filename)}"


class Evidence(models.Model):
    """A file or a link supporting a progress report; public or restricted."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="evidence")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True,
                            max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=500)
    content_type = models.CharField(max_length=100, blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=FieldVisibility.choices,
        default=FieldVisibility.GOVERNMENT,
        help_text=_("Everyone who may see the action; the government, UNODC and the "
                    "filing organizations; or the government that reported it and UNODC "
                    "only."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_xor_link",
            ),
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title or self.url or self.file.name

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def is_public(self) -> bool:
        return self.visibility == FieldVisibility.PUBLIC

    @is_public.setter
    def is_public(self, value: bool) -> None:
        """Shorthand: public, or seen by the government, UNODC and the filers."""
        self.visibility = FieldVisibility.PUBLIC if value else FieldVisibility.GOVERNMENT


class ProgressReportRevision(models.Model):
    """The previous version of a progress report, kept each time it is edited."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="revisions")
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    status = models.CharField(_("status"), max_length=30, choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-id"]
        verbose_name = _("progress report revision")
        verbose_name_plural = _("progress report revisions")

    def __str__(self) -> str:
        return f"{self.report}: revision of {self.edited_at:%Y-%m-%d}"


# --- Filing: co-signatures, endorsements, versions, notes, comments, attachments ----


class CoSignature(models.Model):
    """Another verified organization invited to co-sign; its name appears once it
    confirms."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    #: not stored: how many people may confirm for the organization, set on inviting
    confirmers: int

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="cosignatures")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="cosignatures",
                                     verbose_name=_("organization"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.INVITED)
    attribution = models.CharField(
        _("attribution"), max_length=20, choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_("Who may read the co-signing organization's name (chosen on "
                    "confirming)."))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "organization"],
                                    name="cosignature_unique"),
        ]
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")

    def __str__(self) -> str:
        return f"{self.organization} → {self.recommendation_id} ({self.status})"


class Endorsement(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="endorsements")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="endorsements",
                                     verbose_name=_("organization"))
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="endorsements")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "organization"],
                                    name="endorsement_unique"),
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.organization} endorses {self.recommendation_id}"


class RecommendationVersion(models.Model):
    """The frozen text at submission (number 1) and every later correction."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)
    rationale = models.TextField(_("rationale"), max_length=10000, blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "number"],
                                    name="recommendation_version_unique"),
        ]
        verbose_name = _("recommendation version")
        verbose_name_plural = _("recommendation versions")

    def __str__(self) -> str:
        return f"{self.recommendation_id} v{self.number}"


class InternalNote(models.Model):
    """Visible only to the addressee State's officials and UNODC staff."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
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

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(Organization, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"), max_length=3000)
    language = ContentLanguageField()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PUBLISHED)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
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
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
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


class ContentTranslation(models.Model):
    """What a user wrote, in another official language than its own: a reader's aid
    (the original stays the reference), one per language, added again to replace it.
    Read through the thing it translates, so exactly as visible
    (recommendations/services/translations.py)."""

    language = ContentLanguageField(default=None,
                                    help_text=_("The language of the translation."))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RecommendationTranslation(ContentTranslation):
    """The title and text of a recommendation, by the filer or UNODC staff."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="translations")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "language"],
                                    name="recommendation_translation_unique"),
        ]
        verbose_name = _("recommendation translation")
        verbose_name_plural = _("recommendation translations")

    def __str__(self) -> str:
        return f"{self.recommendation_id} ({self.language})"


class ResponseTranslation(ContentTranslation):
    """The justification of a State's response, by its focal persons or UNODC staff."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE,
                                 related_name="translations")
    justification = models.TextField(_("justification"), max_length=10000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["response", "language"],
                                    name="response_translation_unique"),
        ]
        verbose_name = _("response translation")
        verbose_name_plural = _("response translations")

    def __str__(self) -> str:
        return f"{self.response_id} ({self.language})"


class ProgressReportTranslation(ContentTranslation):
    """The text of a progress report, by those who report on the action or UNODC staff."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="translations")
    text = models.TextField(_("progress"), max_length=10000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["report", "language"],
                                    name="progress_report_translation_unique"),
        ]
        verbose_name = _("progress report translation")
        verbose_name_plural = _("progress report translations")

    def __str__(self) -> str:
        return f"{self.report_id} ({self.language})"
