"""The signed-in user's own account over the API, as on the profile pages: the profile,
the personal-data download, closing the account, personal API tokens and notification
preferences. Every operation calls the same service as the web page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.services import accounts as account_close_service
from portal.accounts import services as account_services
from portal.api import tokens
from portal.api.fields import RequiredBooleanField, TimeZoneField
from portal.api.permissions import SIGNED_IN
from portal.api.throttling import attempt_or_throttled
from portal.core import ratelimit
from portal.notifications import inbox as notification_inbox
from portal.notifications.models import Category, Channel, Mode
from portal.notifications.preferences import preferences_of


class ProfileSerializer(serializers.Serializer):
    email = serializers.EmailField(
        read_only=True,
        help_text=gettext_lazy(
            "The address you sign in with (changed on the web, with a confirmation e-mail)."
        ),
    )
    full_name = serializers.CharField(
        max_length=200,
        allow_blank=True,
        help_text=gettext_lazy(
            "As colleagues know you: shown to your organizations' members and UNODC staff."
        ),
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("The language of the portal's pages and e-mails for you."),
    )
    timezone = TimeZoneField(
        help_text=gettext_lazy(
            "An IANA time zone, e.g. Europe/Vienna: dates and times are shown in it."
        ),
    )


class ProfileView(APIView):
    """Your profile (name, language, time zone)."""

    permission_classes = SIGNED_IN
    serializer_class = ProfileSerializer

    @extend_schema(summary="Your profile", operation_id="me_profile_retrieve")
    def get(self, request):
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(
        summary="Change your name, language or time zone", operation_id="me_profile_partial_update"
    )
    def patch(self, request):
        s = ProfileSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        current = {
            "full_name": request.user.full_name,
            "language": request.user.language,
            "timezone": request.user.timezone,
            **s.validated_data,
        }
        user = account_services.profile_update(
            actor=request.user,
            full_name=current["full_name"],
            language=current["language"],
            timezone_name=current["timezone"],
        )
        return Response(ProfileSerializer(user).data)


class PersonalDataView(APIView):
    """Everything the portal holds about you, as on the profile page's download."""

    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Download your personal data (JSON, a file to save)",
        responses={200: OpenApiTypes.OBJECT},
        operation_id="me_personal_data",
    )
    def get(self, request):
        data = account_services.personal_data_export(user=request.user)
        stamp = timezone.now().strftime("%Y%m%d")
        return Response(
            data,
            headers={
                "Content-Disposition": f'attachment; filename="untoc-portal-data-{stamp}.json"'
            },
        )


class CloseAccountSerializer(serializers.Serializer):
    password = serializers.CharField(
        write_only=True, help_text=gettext_lazy("Your password, to confirm that it is you.")
    )
    confirm = RequiredBooleanField(
        help_text=gettext_lazy(
            "true: you understand that the account is closed for good; what you filed stays "
            "with your organization."
        )
    )

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Confirm that you want to close the account."))
        return value


class CloseAccountView(APIView):
    """Close your account: it is deactivated and anonymized, its tokens stop working."""

    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Close your account",
        request=CloseAccountSerializer,
        responses={204: None},
        operation_id="me_close",
    )
    def post(self, request):
        s = CloseAccountSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        attempt_or_throttled(request, action="close_account")
        if not request.user.check_password(s.validated_data["password"]):
            raise ValidationError({"password": _("The password is not correct.")})
        ratelimit.attempts_clear(request, action="close_account")
        account_close_service.account_close(actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- personal API tokens ----------------------------------------------------------------


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “monthly report script”."),
    )
    prefix = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The token's first characters, to recognise it.")
    )
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Within a minute.")
    )
    revoked_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=gettext_lazy("null while it works.")
    )


class CreatedTokenSerializer(TokenSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text=gettext_lazy(
            "The token itself: shown this once, never again. Send it as "
            "`Authorization: Bearer <token>`."
        ),
    )


class TokenListView(APIView):
    """Your personal API tokens: active first, newest first."""

    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Your API tokens",
        responses=TokenSerializer(many=True),
        operation_id="me_tokens_list",
    )
    def get(self, request):
        return Response(TokenSerializer(tokens.api_tokens_of(request.user), many=True).data)

    @extend_schema(
        summary="Create an API token (shown once in the answer)",
        request=TokenSerializer,
        responses={201: CreatedTokenSerializer},
        operation_id="me_tokens_create",
    )
    def post(self, request):
        s = TokenSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        attempt_or_throttled(request, action="api_token_create")
        token, raw = tokens.api_token_create(actor=request.user, name=s.validated_data["name"])
        data = {**TokenSerializer(token).data, "token": raw}
        return Response(data, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class TokenRevokeView(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Revoke one of your API tokens (it stops working at once)",
        request=None,
        responses=TokenSerializer,
        operation_id="me_tokens_revoke",
    )
    def post(self, request, pk: int):
        token = get_object_or_404(tokens.api_tokens_of(request.user), pk=pk)
        return Response(
            TokenSerializer(tokens.api_token_revoke(actor=request.user, token=token)).data
        )


# --- notification preferences -------------------------------------------------------------


class PreferenceSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=Category.choices, help_text=gettext_lazy("What the notifications are about.")
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        help_text=gettext_lazy("Where they reach you: e-mail or the portal's inbox."),
    )
    mode = serializers.ChoiceField(
        choices=Mode.choices,
        help_text=gettext_lazy("When: straight away, in a daily digest (e-mail only) or never."),
    )


def _preference_rows(user) -> list[dict]:
    return [
        {"category": category, "channel": channel, "mode": mode}
        for category, modes in preferences_of(user).items()
        for channel, mode in modes.items()
    ]


class PreferencesView(APIView):
    """Your notification preferences: one mode per category and channel (the defaults of
    your roles until you choose)."""

    permission_classes = SIGNED_IN

    @extend_schema(
        summary="Your notification preferences",
        responses=PreferenceSerializer(many=True),
        operation_id="me_notification_preferences_list",
    )
    def get(self, request):
        return Response(_preference_rows(request.user))

    @extend_schema(
        summary="Change some of your notification preferences (the others stay)",
        request=PreferenceSerializer(many=True),
        responses=PreferenceSerializer(many=True),
        operation_id="me_notification_preferences_update",
    )
    def put(self, request):
        s = PreferenceSerializer(data=request.data, many=True)
        s.is_valid(raise_exception=True)
        notification_inbox.preferences_update(
            user=request.user,
            choices={(row["category"], row["channel"]): row["mode"] for row in s.validated_data},
        )
        return Response(_preference_rows(request.user))


urlpatterns = [
    path("me/profile/", ProfileView.as_view(), name="api-me-profile"),
    path("me/personal-data/", PersonalDataView.as_view(), name="api-me-personal-data"),
    path("me/close/", CloseAccountView.as_view(), name="api-me-close"),
    path("me/tokens/", TokenListView.as_view(), name="api-me-tokens"),
    path("me/tokens/<id:pk>/revoke/", TokenRevokeView.as_view(), name="api-me-token-revoke"),
    path(
        "me/notification-preferences/",
        PreferencesView.as_view(),
        name="api-me-notification-preferences",
    ),
]
