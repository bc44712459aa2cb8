"""The outbox: one row per notification and recipient is the truth. Written in the
same transaction as the change it reports; delivered after commit by a worker; swept
periodically so that nothing pending is forgotten."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SUBMISSION = "submission", _("Recommendations submitted")
    COSIGN = "cosign", _("Co-signing requests")
    RESPONSE = "response", _("Government responses")
    STATUS = "status", _("Status changes")
    FOLLOW_UP = "follow_up", _("Follow-up actions")
    PROGRESS = "progress", _("Progress reports")
    ASSESSMENT = "assessment", _("Assessments and disagreements")
    EVENT = "event", _("Events and registrations")
    ORGANIZATION = "organization", _("Organization verification")
    MEMBERSHIP = "membership", _("Invitations and membership")
    COMMENT = "comment", _("Comments")
    REMINDER = "reminder", _("Reminders and deadlines")


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        # An attempt is recorded (and committed) before the mail goes out; the result
        # after it. A row left "sending" means the result of that attempt is unknown.
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        HELD = "held", _("Held for the daily digest")
        SKIPPED = "skipped", _("Not sent (preferences)")
        DIGESTED = "digested", _("Sent in a daily digest")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kind = models.CharField(_("what happened"), max_length=60)
    event = models.ForeignKey("core.DomainEvent", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="notifications")
    url = models.CharField(_("link"), max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(_("e-mail"), max_length=10, choices=EmailStatus.choices,
                                    default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    attempt_id = models.UUIDField(null=True, blank=True, editable=False,
                                  help_text=_("The attempt in progress (status: being sent)."))
    attempt_started_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    uncertain_attempts = models.PositiveSmallIntegerField(
        _("attempts with an unknown result"), default=0,
        help_text=_("Attempts whose worker stopped, or could not record the result, after "
                    "the e-mail may have gone out; each one was sent again, so the "
                    "recipient may have it twice."))
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="digested",
                               help_text=_("The daily digest that carried this e-mail."))

    DIGEST_KIND = "notifications.digest"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "next_attempt_at"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.email_status})"

    @property
    def possibly_sent_twice(self) -> bool:
        return self.uncertain_attempts > 0


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    IN_APP = "in_app", _("Portal inbox")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Straight away")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Off")


class NotificationPreference(models.Model):
    """A user's explicit choice for one category and channel. Without a row, the defaults
    of the user's roles apply (portal/notifications/preferences.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category", "channel"],
                                    name="notification_preference_unique"),
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}/{self.channel}: {self.mode}"


class Reminder(models.Model):
    """One reminder about one deadline for one person. The scans of the apps insert these
    rows (skipping keys that exist), the dispatcher turns due rows into notifications.
    The unique key makes reruns, concurrent scans and restarts harmless."""

    # Scans insert hundreds of thousands of rows: each index here costs on every insert.
    # The target type leads the composite index below (no index of its own), and the key
    # is unique through a constraint (no extra pattern index for LIKE).
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+",
                                    db_index=False)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    purpose = models.CharField(_("purpose"), max_length=40)
    step = models.CharField(_("step"), max_length=40)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="reminders")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"))
    key = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices,
                                default=Category.REMINDER)
    kind = models.CharField(max_length=60)
    url = models.CharField(max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    urgent = models.BooleanField(default=False)
    notification = models.ForeignKey(Notification, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["due_at"], condition=models.Q(notification__isnull=True),
                         name="reminder_undispatched"),
            models.Index(fields=["target_type", "target_id", "purpose", "deadline"]),
        ]
        constraints = [models.UniqueConstraint(fields=["key"], name="reminder_key_unique")]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def make_key(*, target_type_id: int, target_id: int, purpose: str, step: str,
                 recipient_id: int) -> str:
        return f"{target_type_id}:{target_id}:{purpose}:{step}:{recipient_id}"
