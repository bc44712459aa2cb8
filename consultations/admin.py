from django.contrib import admin

from consultations.models import (
    ActionItem,
    AllianceMembership,
    Article,
    Attendance,
    Cluster,
    Event,
    Instrument,
    Invitation,
    JoinRequest,
    Membership,
    Milestone,
    OfficialAssignment,
    Organization,
    Party,
    PilotInitiative,
    RegionalNetwork,
    Registration,
    Reservation,
    TreatyAction,
    WorkingGroup,
)
from consultations.policies import is_unodc_staff
from portal.core.forms import HTTPS_BY_DEFAULT


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "short_title", "adopted_on", "in_force_on", "article_count"]
    inlines = [ArticleInline]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    filter_horizontal = ["articles"]


admin.site.register(WorkingGroup)


class TreatyActionInline(admin.TabularInline):
    model = TreatyAction
    extra = 0


class ReservationInline(admin.StackedInline):
    model = Reservation
    extra = 0


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "kind", "regional_group", "response_days",
                    "publish_on_response", "requires_second_approval"]
    list_filter = ["kind", "regional_group"]
    search_fields = ["name", "iso3", "iso2"]
    inlines = [TreatyActionInline, ReservationInline]


@admin.register(TreatyAction)
class TreatyActionAdmin(admin.ModelAdmin):
    list_display = ["party", "instrument", "kind", "date", "date_confirmed"]
    list_filter = ["instrument", "kind", "date_confirmed"]
    search_fields = ["party__name"]
    list_select_related = ["party", "instrument"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["name", "acronym", "category", "country", "status", "is_alliance"]
    list_filter = ["status", "category", "is_alliance", "ecosoc_status"]
    search_fields = ["name", "acronym"]
    list_select_related = ["country"]
    autocomplete_fields = ["country", "lead_organization"]
    inlines = [MembershipInline]


@admin.register(AllianceMembership)
class AllianceMembershipAdmin(admin.ModelAdmin):
    """Read only: memberships of alliances are agreed by both sides on the portal (an
    entry made here would skip the other side's consent)."""

    list_display = ["alliance", "organization", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["alliance__name", "organization__name"]
    list_select_related = ["alliance", "organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OfficialAssignment)
class OfficialAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "party", "agency"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "party", "agency"]
    list_select_related = ["user", "party", "agency"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(PilotInitiative)
class PilotInitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "party", "status", "launched_on"]
    list_filter = ["status"]
    inlines = [MilestoneInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["title", "kind", "party", "starts_at", "status"]
    list_filter = ["kind", "status", "mode"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


# --- Events and pilots: networks, registrations, action items -----------------------------
# (Event documents are uploaded only through the event pages, which check the file.)


@admin.register(RegionalNetwork)
class RegionalNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    filter_horizontal = ["organizations"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "organization", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "user__email"]
    list_select_related = ["event", "user", "organization"]
    raw_id_fields = ["event", "user", "organization", "registered_by"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "owner_organization", "owner_name", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event", "owner_organization"]
    raw_id_fields = ["event", "owner_organization", "created_by"]


# --- Organizations and memberships: invitations and join requests --------------------


class _UnodcStaffOnly:
    """Registry rows are UNODC staff's business (consultations.policies)."""

    def has_module_permission(self, request):
        return is_unodc_staff(request.user) or request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False  # through the portal's services, which notify people


@admin.register(Invitation)
class InvitationAdmin(_UnodcStaffOnly, admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at",
                    "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = ["token", "invited_by", "accepted_by", "accepted_at", "created_at"]


@admin.register(JoinRequest)
class JoinRequestAdmin(_UnodcStaffOnly, admin.ModelAdmin):
    list_display = ["user", "organization", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    readonly_fields = ["user", "organization", "decided_by", "decided_at", "created_at"]
