from django.contrib import admin

from portal.core.models import DomainEvent, Heartbeat


@admin.register(DomainEvent)
class DomainEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, events are never edited."""

    list_display = ["occurred_at", "kind", "target_type", "target_id", "actor"]
    list_filter = ["kind", "target_type"]
    search_fields = ["kind", "note", "actor__email"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor", "target_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]
