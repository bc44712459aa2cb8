"""What follows: follow-up actions, progress reports, assessments, validations and
evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from consultations.models import Event, Organization, Party
from portal.core.changes import ChangeTracked
from portal.core.content_language import ContentLanguageField
from recommendations.models.recommendations import FieldVisibility, Recommendation


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    STALLED = "stalled", _("Stalled")


class FollowUpAction(models.Model):
    party = models.ForeignKey(
        Party, verbose_name=_("State party"), on_delete=models.PROTECT, related_name="actions"
    )
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="actions", verbose_name=_("recommendations")
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = ContentLanguageField()
    lead_body = models.ForeignKey(
        Organization,
        verbose_name=_("lead institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_actions",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_actions",
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    report_every_months = models.PositiveSmallIntegerField(
        _("report every (months)"), null=True, blank=True
    )
    source_event = models.ForeignKey(
        Event,
        verbose_name=_("agreed at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_actions",
        help_text=_("The event whose action items this follow-up comes from, if any."),
    )
    source_action_item = models.OneToOneField(
        "consultations.ActionItem",
        verbose_name=_("from action item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_action",
        help_text=_("The event action item this follow-up action carries on, if any."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["party", "status"]), models.Index(fields=["due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="action_percent_max"),
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=models.F("start_on")),
                name="action_due_after_start",
            ),
        ]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.title


class ProgressReport(ChangeTracked):
    action = models.ForeignKey(
        FollowUpAction, on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=10000)
    language = ContentLanguageField()
    status = models.CharField(_("status"), max_length=30, choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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

    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE, related_name="assessments")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("assessed by"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    verdict = models.CharField(_("assessment"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    language = ContentLanguageField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organization"], name="assessment_unique_per_org"
            ),
        ]
        verbose_name = _("alliance assessment")
        verbose_name_plural = _("alliance assessments")

    def __str__(self) -> str:
        return f"{self.action}: {self.get_verdict_display()} ({self.organization})"


class Validation(models.Model):
    """UNODC's validated status and percent for an action. An action is *closed* when
    both its reported status and its validated status are "implemented": it then
    takes no more progress reports."""

    action = models.OneToOneField(
        FollowUpAction, on_delete=models.CASCADE, related_name="validation"
    )
    status = models.CharField(_("validated status"), max_length=30, choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("validated progress (%)"), validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="validation_percent_max"),
        ]
        verbose_name = _("UNODC validation")
        verbose_name_plural = _("UNODC validations")

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()} {self.percent}%"


def evidence_upload_to(instance, filename: str) -> str:
    return f"evidence/{instance.report.action_id}/{get_valid_filename(filename)}"


class Evidence(models.Model):
    """A file or a link supporting a progress report; public or restricted."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=500)
    content_type = models.CharField(max_length=100, blank=True)
    visibility = models.CharField(
        _("who may see it"),
        max_length=20,
        choices=FieldVisibility.choices,
        default=FieldVisibility.GOVERNMENT,
        help_text=_(
            "Everyone who may see the action; the government, UNODC and the "
            "filing organizations; or the government that reported it and UNODC "
            "only."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="revisions")
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    status = models.CharField(_("status"), max_length=30, choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-id"]
        verbose_name = _("progress report revision")
        verbose_name_plural = _("progress report revisions")

    def __str__(self) -> str:
        return f"{self.report}: revision of {self.edited_at:%Y-%m-%d}"


# --- Filing: co-signatures, endorsements, versions, notes, comments, attachments ----
