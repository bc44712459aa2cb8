"""What is asked and what follows: recommendations, responses, follow-up actions and
progress reports."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models import Article, Cluster, Event, Instrument, Organization, Party


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class SdgTarget(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"SDG {self.code}"


class Position(models.TextChoices):
    SUPPORTED = "supported", _("Supported")
    SUPPORTED_IN_PART = "supported_in_part", _("Supported in part")
    NOTED = "noted", _("Noted")


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
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title


class Response(models.Model):
    """The State's official answer to a recommendation (UPR-style positions)."""

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE,
                                          related_name="response")
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    justification = models.TextField(_("justification"), max_length=10000, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_position_display()}"


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


class ProgressReport(models.Model):
    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE,
                               related_name="progress_reports")
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=10000)
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
