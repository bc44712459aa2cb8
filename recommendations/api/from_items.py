"""An event's action item carried on as a follow-up action, as on the web ("Create a
follow-up action" on the item): the item's title, due date and owner are the starting
values; anything in the body replaces them. An item becomes at most one action."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.models import Organization
from consultations.selectors import events as event_selectors
from recommendations import policies
from recommendations.api import serializers
from recommendations.selectors import followup as followup_selectors
from recommendations.selectors import recommendations as rec_selectors
from recommendations.services import followup as followup_services


def _visible(user, recommendations) -> list:
    ids = {r.pk for r in recommendations}
    visible = list(rec_selectors.recommendations_visible_to(user).filter(pk__in=ids))
    if len(visible) != len(ids):
        raise ValidationError({"recommendations": ["Unknown recommendation."]})
    return visible


class ActionFromItemView(APIView):
    @extend_schema(
        summary="Carry an event's action item on as a follow-up action (the State's focal "
        "person, UNODC staff)",
        description="Starts from the item's title, due date and owner (as lead body when "
        "it is a government body); fields in the body replace them. An item "
        "becomes at most one follow-up action: a second time is a 409.",
        request=serializers.ActionUpdateSerializer(partial=True),
        responses={201: serializers.ActionDetailSerializer},
        operation_id="events_action_items_follow_up_action_create",
    )
    def post(self, request, event_pk: int, pk: int):
        event = event_selectors.event_get_for(request.user, event_pk)
        if event.party_id is None:
            raise ValidationError({"event": ["This event is not held in a State party."]})
        item = followup_selectors.action_item_of_party(event.party, pk)
        if item.event_id != event.pk:  # no such item under this event, as for its GET
            raise NotFound
        if not policies.can_create_action(request.user, event.party_id):
            raise PermissionDenied
        s = serializers.ActionUpdateSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = {**followup_selectors.action_initial_from_item(item), **s.validated_data}
        if isinstance(data.get("lead_body"), int):
            data["lead_body"] = Organization.objects.filter(pk=data["lead_body"]).first()
        if data.get("responsible") is not None:
            data["responsible"] = (
                get_user_model().objects.filter(pk=data["responsible"], is_active=True).first()
            )
            if data["responsible"] is None:
                raise ValidationError({"responsible": ["No such user."]})
        data["recommendations"] = _visible(request.user, data.get("recommendations", []))
        action = followup_services.action_create(
            actor=request.user, party=event.party, source_action_item=item, **data
        )
        action = followup_selectors.action_detail(request.user, action.pk)
        return Response(
            serializers.ActionDetailSerializer(action).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api-action-detail", args=[action.pk])
                )
            },
        )


urlpatterns = [
    path(
        "events/<id:event_pk>/action-items/<id:pk>/follow-up-action/",
        ActionFromItemView.as_view(),
        name="api-event-action-item-follow-up-action",
    ),
]
