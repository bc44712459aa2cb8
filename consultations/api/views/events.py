"""Events, registrations and what follows an event (attendance, minutes, documents,
action items). Thin: reads through the user-scoped selectors (an object the user may not
see is a 404), writes through the services (which check the policies; refused: 403)."""

from __future__ import annotations

import json

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from consultations import policies
from consultations.api import filters, serializers
from consultations.models import (
    ActionItem,
    Attendance,
    Event,
    EventDocument,
    Registration,
)
from consultations.selectors import events as event_selectors
from consultations.services import events as event_services
from portal.api.conditional import ConditionalMixin
from portal.api.parsers import MultiPartParser


@extend_schema_view(
    list=extend_schema(summary="Events (drafts only for their managers)"),
    retrieve=extend_schema(summary="One event with organizers and attendance"),
    create=extend_schema(summary="Create an event as a draft (UNODC staff, focal persons)",
                         request=serializers.EventWriteSerializer,
                         responses={201: serializers.EventDetailSerializer}),
    partial_update=extend_schema(summary="Change an event (its managers)",
                                 request=serializers.EventWriteSerializer,
                                 responses=serializers.EventDetailSerializer),
)
class EventViewSet(ConditionalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    filterset_class = filters.EventFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at", "-id"]
    # PUT only for the attendance and minutes (no update of the event itself: PATCH)
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):

            return Event.objects.none()
        return event_selectors.event_list(self.request.user,
                                          event_selectors.EventFilters(when="all"))

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.EventSerializer
        return serializers.EventDetailSerializer

    def get_object(self):
        event = event_selectors.event_get_for(self.request.user, self.kwargs["pk"], full=True)
        self.check_object_permissions(self.request, event)
        return event

    def _detail(self, event, status_code=status.HTTP_200_OK):
        event = event_selectors.event_get_for(self.request.user, event.pk, full=True)
        return Response(serializers.EventDetailSerializer(
            event, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        s = serializers.EventWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        organizers = data.pop("organizers", [])
        event = event_services.event_create(actor=request.user, organizers=organizers, **data)
        return self._detail(event, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        s = serializers.EventWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        organizers = data.pop("organizers", None)
        event = event_services.event_update(actor=request.user, event=event,
                                            organizers=organizers, **data)
        return self._detail(event)

    @extend_schema(summary="Publish, open registration, mark held or cancel (managers)",
                   request=serializers.EventStatusSerializer,
                   responses=serializers.EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        event = self.get_object()
        s = serializers.EventStatusSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        event = event_services.event_status_change(
            actor=request.user, event=event, status=s.validated_data["status"],
            reason=s.validated_data.get("reason", ""))
        return self._detail(event)

    @extend_schema(methods=["GET"], summary="Registrations of an event (its managers)",
                   responses=serializers.RegistrationSerializer(many=True),
                   filters=False)
    @extend_schema(methods=["POST"],
                   summary="Register for the event (yourself, or somebody else by e-mail "
                           "for managers)",
                   request=serializers.RegistrationCreateSerializer,
                   responses={201: serializers.RegistrationSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None,
            ordering_fields=["created_at"], ordering=["created_at", "id"],
            serializer_class=serializers.RegistrationSerializer)
    def registrations(self, request, pk=None):
        event = self.get_object()
        if request.method == "POST":
            s = serializers.RegistrationCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            org = s.validated_data.get("organization")
            email = s.validated_data.get("email")
            if email:
                reg = event_services.registration_invite(actor=request.user, event=event,
                                                         email=email, organization=org)
            else:
                reg = event_services.registration_create(actor=request.user, event=event,
                                                         organization=org)
            reg = event_selectors.registrations_for_event(event).get(pk=reg.pk)
            return Response(serializers.RegistrationSerializer(
                reg, context=self._read_context(event)).data, status=status.HTTP_201_CREATED)
        if not policies.can_manage_event(request.user, event):
            raise PermissionDenied
        qs = self.filter_queryset(event_selectors.registrations_for_event(event))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(serializers.RegistrationSerializer(
            page, many=True, context=self._read_context(event)).data)

    def _read_context(self, event) -> dict:
        return {**self.get_serializer_context(), "event": event}

    # After the event, as on the web's outcomes page: everybody who sees the event reads
    # the attendance and the minutes; its managers record them.

    def _managed(self, event):
        if not policies.can_manage_event(self.request.user, event):
            raise PermissionDenied
        return event

    @staticmethod
    def _attendance(event) -> dict:
        counts = dict(Attendance.objects.filter(event=event).values_list("category", "count"))
        data = {category: counts.get(category) for category in Attendance.Category.values}
        data["total"] = sum(counts.values())
        return serializers.AttendanceReadSerializer(data).data

    @extend_schema(methods=["GET"], summary="Attendance of an event by stakeholder category",
                   responses=serializers.AttendanceReadSerializer)
    @extend_schema(methods=["PUT"],
                   summary="Record the attendance (managers; replaces every figure)",
                   request=serializers.AttendanceSerializer,
                   responses=serializers.AttendanceReadSerializer)
    @action(detail=True, methods=["get", "put"], filter_backends=[])
    def attendance(self, request, pk=None):
        event = event_selectors.event_get_for(request.user, self.kwargs["pk"])
        if request.method == "PUT":
            self._managed(event)
            s = serializers.AttendanceSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            counts = {category: s.validated_data.get(category)
                      for category in Attendance.Category.values}
            event = event_services.attendance_record(actor=request.user, event=event,
                                                     counts=counts)
        return Response(self._attendance(event))

    @extend_schema(methods=["GET"], summary="Minutes or chair's summary of an event",
                   responses=serializers.MinutesSerializer)
    @extend_schema(methods=["PUT"], summary="Write the minutes (managers)",
                   request=serializers.MinutesSerializer,
                   responses=serializers.MinutesSerializer)
    @action(detail=True, methods=["get", "put"], filter_backends=[])
    def minutes(self, request, pk=None):
        event = event_selectors.event_get_for(request.user, self.kwargs["pk"])
        if request.method == "PUT":
            self._managed(event)
            s = serializers.MinutesSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            event = event_services.minutes_record(actor=request.user, event=event,
                                                  minutes=s.validated_data["minutes"])
        return Response(serializers.MinutesSerializer({"minutes": event.minutes}).data)


@extend_schema_view(
    list=extend_schema(summary="Your own registrations"),
)
class RegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.RegistrationSerializer
    filterset_class = filters.RegistrationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return event_selectors.registrations_of(self.request.user).select_related("user")

    @extend_schema(summary="Cancel a registration (yours, or as the event's manager)",
                   request=None, responses={200: serializers.RegistrationSerializer,
                                            404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reg = get_object_or_404(
            Registration.objects.select_related("event", "user", "organization"),
            pk=pk)
        if not policies.can_cancel_registration(request.user, reg):
            raise Http404
        reg = event_services.registration_cancel(actor=request.user, registration=reg)
        reg = (Registration.objects.select_related("event", "user", "organization")
               .get(pk=reg.pk))
        return Response(serializers.RegistrationSerializer(
            reg, context=self.get_serializer_context()).data)


EVENT_PK = OpenApiParameter("event_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                            description="The event's id.")


class _EventChildMixin:
    """Rows of one event: the event must be visible to the user (else 404, as the web);
    writes need its managers (else 403)."""

    def _event(self):
        if not hasattr(self, "_event_obj"):
            self._event_obj = event_selectors.event_get_for(
                self.request.user, self.kwargs.get("event_pk"))
        return self._event_obj

    def _managed_event(self):
        event = self._event()
        if not policies.can_manage_event(self.request.user, event):
            raise PermissionDenied
        return event


class DownloadRenderer(renderers.BaseRenderer):
    """Lets a download answer whatever the client accepts (the file is returned as is);
    errors are JSON."""

    media_type = "*/*"
    format = "download"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode("utf-8")


@extend_schema(parameters=[EVENT_PK])
@extend_schema_view(
    list=extend_schema(summary="Documents of an event (whoever sees the event)"),
    retrieve=extend_schema(summary="One document's details"),
    create=extend_schema(summary="Upload a document (the event's managers; PDF, Office, "
                                 "OpenDocument, JPEG or PNG)",
                         request={"multipart/form-data":
                                  serializers.EventDocumentUploadSerializer},
                         responses={201: serializers.EventDocumentSerializer}),
    destroy=extend_schema(summary="Remove a document (the event's managers)"),
)
class EventDocumentViewSet(_EventChildMixin, mixins.ListModelMixin,
                           mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.EventDocumentSerializer
    filterset_class = filters.EventDocumentFilter
    ordering_fields = ["kind", "title", "uploaded_at"]
    ordering = ["kind", "title", "id"]
    parser_classes = [MultiPartParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EventDocument.objects.none()
        return EventDocument.objects.filter(event=self._event())

    def get_object(self):
        document = get_object_or_404(self.get_queryset(), pk=self.kwargs.get("pk"))
        document.event = self._event()
        if not policies.can_download_event_document(self.request.user, document):
            raise Http404
        return document

    def create(self, request, *args, **kwargs):
        event = self._managed_event()
        s = serializers.EventDocumentUploadSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        document = event_services.event_document_add(
            actor=request.user, event=event, file=data["file"], title=data.get("title", ""),
            kind=data["kind"])
        return Response(serializers.EventDocumentSerializer(document).data,
                        status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        event = self._managed_event()
        document = get_object_or_404(EventDocument, pk=kwargs.get("pk"), event=event)
        document.event = event
        event_services.event_document_delete(actor=request.user, document=document)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Download a document (always as an attachment, never inline)",
                   parameters=[OpenApiParameter("format", exclude=True)],
                   responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[],
            renderer_classes=[renderers.JSONRenderer, DownloadRenderer])
    def download(self, request, event_pk=None, pk=None):
        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=document.filename)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(
                getattr(response, "accepted_renderer", None), DownloadRenderer):
            response.accepted_renderer = renderers.JSONRenderer()  # errors are JSON
            response.accepted_media_type = "application/json"
        return response


@extend_schema(parameters=[EVENT_PK])
@extend_schema_view(
    list=extend_schema(summary="Action items agreed at an event (whoever sees the event)"),
    retrieve=extend_schema(summary="One action item"),
    create=extend_schema(summary="Add an action item (the event's managers)",
                         request=serializers.ActionItemCreateSerializer,
                         responses={201: serializers.ActionItemSerializer}),
    partial_update=extend_schema(summary="Mark an action item open, done or dropped (the "
                                         "event's managers)",
                                 request=serializers.ActionItemStatusSerializer,
                                 responses=serializers.ActionItemSerializer),
)
class ActionItemViewSet(_EventChildMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = serializers.ActionItemSerializer
    filterset_class = filters.ActionItemFilter
    ordering_fields = ["due_on", "created_at"]
    ordering = ["due_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem.objects.none()
        return (ActionItem.objects.filter(event=self._event())
                .select_related("owner_organization"))

    def create(self, request, *args, **kwargs):
        event = self._managed_event()
        s = serializers.ActionItemCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        item = event_services.action_item_create(
            actor=request.user, event=event, title=data["title"], due_on=data["due_on"],
            owner_organization=data.get("owner_organization"),
            owner_name=data.get("owner_name", ""))
        item = self.get_queryset().get(pk=item.pk)
        return Response(serializers.ActionItemSerializer(item).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self._managed_event()
        item = get_object_or_404(ActionItem, pk=kwargs.get("pk"), event=event)
        item.event = event
        # a PATCH: the status is optional, as the contract says; without it nothing changes
        s = serializers.ActionItemStatusSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        if "status" in s.validated_data:
            event_services.action_item_status_set(actor=request.user, item=item,
                                                  status=s.validated_data["status"])
        item = self.get_queryset().get(pk=item.pk)
        return Response(serializers.ActionItemSerializer(item).data)
