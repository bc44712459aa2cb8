from django.contrib import admin

from consultations.models import (
    Article,
    Attendance,
    Cluster,
    Event,
    Instrument,
    Membership,
    Milestone,
    OfficialAssignment,
    Organization,
    Party,
    PilotInitiative,
    Reservation,
    TreatyAction,
    WorkingGroup,
)


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
    list_display = ["name", "acronym", "category", "country", "status", "is_alliance"]
    list_filter = ["status", "category", "is_alliance", "ecosoc_status"]
    search_fields = ["name", "acronym"]
    list_select_related = ["country"]
    autocomplete_fields = ["country", "lead_organization"]
    filter_horizontal = ["member_organizations"]
    inlines = [MembershipInline]


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
    list_display = ["title", "kind", "party", "starts_at", "status"]
    list_filter = ["kind", "status", "mode"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]
