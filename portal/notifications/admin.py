from django.contrib import admin

from portal.notifications.models import Notification, NotificationPreference, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "email_status", "email_attempts",
                    "urgent", "read_at"]
    list_filter = ["email_status", "category", "urgent"]
    search_fields = ["kind", "recipient__email", "dedupe_key"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "event", "digest"]
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["due_at", "purpose", "step", "recipient", "target_type", "target_id",
                    "notification"]
    list_filter = ["purpose", "target_type"]
    search_fields = ["key", "recipient__email"]
    list_select_related = ["recipient", "target_type", "notification"]
    raw_id_fields = ["recipient", "notification"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "channel", "mode"]
    list_filter = ["category", "channel", "mode"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
