from django.contrib import admin

from recommendations.models import (
    FollowUpAction,
    ProgressReport,
    Recommendation,
    Response,
    SdgTarget,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(SdgTarget)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "party", "organization", "status", "position",
                    "is_public"]
    list_filter = ["status", "position", "is_public", "party"]
    search_fields = ["reference", "title"]
    list_select_related = ["party", "organization"]
    readonly_fields = ["reference", "status", "submitted_at", "responded_at"]


admin.site.register(Response)


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["title", "party", "status", "percent", "due_on"]
    list_filter = ["status", "party"]
    inlines = [ProgressReportInline]
