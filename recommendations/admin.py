from django.contrib import admin

from portal.core.forms import HTTPS_BY_DEFAULT
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
    formfield_overrides = HTTPS_BY_DEFAULT
    model = ProgressReport
    extra = 0


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["title", "party", "status", "percent", "due_on"]
    list_filter = ["status", "party"]
    inlines = [ProgressReportInline]


# --- Follow-up (issue 6) ------------------------------------------------------------------

from recommendations.models import (  # noqa: E402
    Assessment,
    Evidence,
    ProgressReportRevision,
    Validation,
)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["action", "organization", "verdict", "updated_at"]
    list_filter = ["verdict"]
    list_select_related = ["action", "organization"]


@admin.register(Validation)
class ValidationAdmin(admin.ModelAdmin):
    list_display = ["action", "status", "percent", "validated_by", "validated_at"]
    list_filter = ["status"]
    list_select_related = ["action", "validated_by"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["__str__", "report", "is_public", "created_at"]
    list_filter = ["visibility"]


@admin.register(ProgressReportRevision)
class ProgressReportRevisionAdmin(admin.ModelAdmin):
    list_display = ["report", "status", "percent", "edited_by", "edited_at"]
    readonly_fields = ["report", "reported_on", "text", "status", "percent", "edited_by"]


# --- Filing and responses (issue 5) ---------------------------------------------------

from recommendations.models import (  # noqa: E402
    Comment,
    CoSignature,
    Endorsement,
    InternalNote,
    RecommendationVersion,
    ReferenceCounter,
)


@admin.register(CoSignature)
class CoSignatureAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "organization", "status", "invited_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["recommendation", "organization"]


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "organization", "created_at"]
    list_select_related = ["recommendation", "organization"]


@admin.register(RecommendationVersion)
class RecommendationVersionAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "number", "note", "created_at"]
    readonly_fields = ["recommendation", "number", "title", "text", "rationale", "note",
                       "created_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Moderation happens on the recommendation's page (recorded as an event); the admin
    lists comments for an overview."""

    list_display = ["recommendation", "author", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["recommendation", "author"]
    readonly_fields = ["recommendation", "author", "organization", "text", "status",
                       "moderated_by", "moderated_at", "moderation_reason"]


@admin.register(InternalNote)
class InternalNoteAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "author", "created_at"]
    list_select_related = ["recommendation", "author"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["party", "year", "last"]
    readonly_fields = ["party", "year", "last"]
