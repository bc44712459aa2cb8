from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.models import ApiToken, User
from portal.api.tokens import api_token_revoke_as_staff, can_revoke_any_api_token


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_unodc_staff", "is_staff", "is_active", "last_login"]
    list_filter = ["is_unodc_staff", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "language", "timezone"]}),
        (_("Roles"), {"fields": ["is_unodc_staff", "is_active", "is_staff", "is_superuser",
                                 "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "full_name", "password1", "password2"]})]


# --- Personal API tokens: a read-only view for UNODC staff, who may revoke them ---------


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Who holds which token, when it was last used; never its hash (nor the token, which
    is not stored). Tokens are created by their owners on the profile page; staff can
    only revoke them (e.g. a leaked one)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__email", "user__full_name"]
    list_select_related = ["user"]
    ordering = ["-created_at", "-id"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @staticmethod
    def _unodc_staff(request) -> bool:
        return can_revoke_any_api_token(request.user)

    def has_module_permission(self, request):
        return self._unodc_staff(request)

    def has_view_permission(self, request, obj=None):
        return self._unodc_staff(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return self._unodc_staff(request)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke_as_staff(actor=request.user, token=token)
            revoked += 1
        self.message_user(request, ngettext(
            "%(n)s token revoked: it no longer works.",
            "%(n)s tokens revoked: they no longer work.", revoked) % {"n": revoked},
            messages.SUCCESS)
