"""The outbox: one row per notification and recipient is the truth. Written in the
same transaction as the change it reports; delivered after commit by a worker; swept
periodically so that nothing pending is forgotten."""

from __future__ import annotations

from django.conf import settings
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
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        HELD = "held", _("Held for the daily digest")
        SKIPPED = "skipped", _("Not sent (preferences)")

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
    email_attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

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
