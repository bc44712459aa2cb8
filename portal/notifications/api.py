"""The inbox over the API: list (cursor-paginated, newest first), mark one read, mark
all read. Always the user's own notifications."""

from __future__ import annotations

import django_filters as df
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.pagination import IdCursor
from portal.api.permissions import SIGNED_IN
from portal.api.routers import IdRouter
from portal.notifications import inbox, selectors, services
from portal.notifications.models import Category, Notification


class NotificationSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "category", "kind", "subject", "summary", "url", "urgent",
                  "created_at", "read_at", "is_read"]

    # Both in the requesting user's active language, whoever wrote the notification.
    def get_subject(self, obj) -> str:
        return services.notification_subject(obj)

    def get_summary(self, obj) -> str:
        return services.notification_summary(obj)

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationFilter(df.FilterSet):
    unread = df.BooleanFilter(field_name="read_at", lookup_expr="isnull",
                              label="Only unread (true) or only read (false)")
    category = df.ChoiceFilter(choices=Category.choices)

    class Meta:
        model = Notification
        fields = ["unread", "category"]


@extend_schema_view(list=extend_schema(summary="Your notifications, newest first"),
                    retrieve=extend_schema(summary="One of your notifications"))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = SIGNED_IN
    filterset_class = NotificationFilter
    pagination_class = IdCursor
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.inbox_of(self.request.user).select_related("recipient")

    @extend_schema(summary="Mark one notification as read", request=None,
                   responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_object_or_404(self.get_queryset(), pk=pk)
        inbox.notification_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Mark all your notifications as read", request=None,
                   responses=MarkedSerializer, filters=False)
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None,
            pagination_class=None)
    def read_all(self, request):
        count = inbox.notifications_mark_all_read(user=request.user)
        return Response({"marked": count})


router = IdRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")
urlpatterns = router.urls
