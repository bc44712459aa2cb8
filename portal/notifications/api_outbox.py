"""The staff outbox over the API, as on its page: every e-mail the portal sends, with
its delivery status, and retrying a failed one. UNODC staff only."""

from __future__ import annotations

import django_filters as df
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from portal.api.pagination import IdCursor
from portal.api.permissions import SIGNED_IN
from portal.api.routers import IdRouter
from portal.core.errors import StateConflict
from portal.notifications import policies, selectors, services
from portal.notifications.models import Notification


class CanViewOutbox(BasePermission):
    def has_permission(self, request, view):
        return policies.can_view_outbox(request.user)


class OutboxSerializer(serializers.ModelSerializer):
    recipient = serializers.EmailField(
        source="recipient.email", help_text=gettext_lazy("Who the e-mail is for.")
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "recipient",
            "category",
            "kind",
            "created_at",
            "email_status",
            "email_attempts",
            "uncertain_attempts",
            "next_attempt_at",
            "email_sent_at",
            "last_error",
        ]


class OutboxFilter(df.FilterSet):
    status = df.ChoiceFilter(
        field_name="email_status",
        choices=Notification.EmailStatus.choices,
        label="Only e-mails with this delivery status",
    )
    q = df.CharFilter(label="Search the recipient's address and the kind", method="noop")
    twice = df.BooleanFilter(
        label="Only e-mails that may have been sent twice (true)", method="noop"
    )

    class Meta:
        model = Notification
        fields = ["status", "q", "twice"]

    def noop(self, queryset, name, value):
        return queryset  # applied by the selector in filter_queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.outbox_for_staff(
            status=data.get("status") or "",
            search=data.get("q") or "",
            possibly_sent_twice=bool(data.get("twice")),
        )


@extend_schema_view(
    list=extend_schema(summary="The outbox: every e-mail, newest first (UNODC staff)"),
    retrieve=extend_schema(summary="One e-mail of the outbox (UNODC staff)"),
)
class OutboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OutboxSerializer
    permission_classes = [*SIGNED_IN, CanViewOutbox]
    filterset_class = OutboxFilter
    pagination_class = IdCursor
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.outbox_for_staff()

    @extend_schema(
        summary="Send a failed e-mail again (UNODC staff)", request=None, responses=OutboxSerializer
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def retry(self, request, pk=None):
        notification = get_object_or_404(Notification, pk=pk)
        if not policies.can_view_outbox(request.user):
            raise PermissionDenied
        if not policies.can_retry_notification(request.user, notification):
            raise StateConflict(_("Only failed e-mails can be retried."))
        services.notification_retry(notification_id=notification.pk, actor=request.user)
        notification.refresh_from_db()
        return Response(OutboxSerializer(notification).data)


router = IdRouter()
router.register("outbox", OutboxViewSet, basename="api-outbox")
urlpatterns = router.urls
