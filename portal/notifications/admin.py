from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import Notification, NotificationPreference, Reminder


class PossiblySentTwiceFilter(admin.SimpleListFilter):
    title = _("possibly sent twice")
    parameter_name = "possibly_sent_twice"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(uncertain_attempts__gt=0)
        if self.value() == "no":
            return queryset.filter(uncertain_attempts=0)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "email_status", "email_attempts",
                    "possibly_sent_twice", "urgent", "read_at"]
    list_filter = ["email_status", PossiblySentTwiceFilter, "category", "urgent"]
    readonly_fields = ["email_attempts", "attempt_id", "attempt_started_at",
                       "uncertain_attempts", "email_sent_at", "last_error"]

    @admin.display(boolean=True, description=_("possibly sent twice"),
                   ordering="uncertain_attempts")
    def possibly_sent_twice(self, obj: Notification) -> bool:
        return obj.possibly_sent_twice
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
