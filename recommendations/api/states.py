"""A State's profile over the API, as on its page: treaty status per instrument, the
recommendations and follow-up actions the user may see, the events held there and its
pilot initiatives (the same selector as the web page)."""

from __future__ import annotations

from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.api.serializers import PartyDetailSerializer
from recommendations.models import ActionStatus, Recommendation
from recommendations.selectors.states import state_profile


class TreatyStatusSerializer(serializers.Serializer):
    instrument = serializers.CharField(
        source="instrument.code", help_text=_("The instrument's stable code (e.g. untoc, tip).")
    )
    is_party = serializers.BooleanField(
        help_text=_("Whether the State has consented to be bound (ratification, accession…).")
    )


class ActionCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    label = serializers.CharField(help_text=_("The status in the user's language."))
    count = serializers.IntegerField(min_value=0)


class RecommendationRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(
        allow_null=True, help_text=_("Given on submission, e.g. PAK-2026-0001.")
    )
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Recommendation.Status.choices)


class ActionRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    due_on = serializers.DateField(allow_null=True)


class EventRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    starts_at = serializers.DateTimeField()


class PilotRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    launched_on = serializers.DateField(allow_null=True)


class StateProfileSerializer(serializers.Serializer):
    party = PartyDetailSerializer(
        help_text=_("The State party, its treaty actions and reservations.")
    )
    treaty = TreatyStatusSerializer(many=True)
    action_counts = ActionCountSerializer(
        many=True, help_text=_("Follow-up actions you may see, per status.")
    )
    recommendations = RecommendationRowSerializer(many=True)
    actions = ActionRowSerializer(many=True)
    events = EventRowSerializer(
        many=True, help_text=_("Announced and past events held in the State, newest first.")
    )
    pilots = PilotRowSerializer(many=True)


class StateProfileView(APIView):
    @extend_schema(
        summary="A State's profile: treaty status, recommendations, follow-up, events, pilots",
        parameters=[
            OpenApiParameter(
                "iso3",
                str,
                OpenApiParameter.PATH,
                pattern="^[A-Za-z]{3}$",
                description="The State party's ISO3 code",
            )
        ],
        responses=StateProfileSerializer,
        operation_id="states_retrieve",
    )
    def get(self, request, iso3: str):
        profile = state_profile(request.user, iso3)
        return Response(
            StateProfileSerializer(
                {
                    "party": profile.party,
                    "treaty": profile.treaty,
                    "action_counts": [
                        {"status": s, "label": label, "count": n}
                        for s, label, n in profile.action_counts
                    ],
                    "recommendations": profile.recommendations,
                    "actions": profile.actions,
                    "events": profile.events,
                    "pilots": profile.pilots,
                }
            ).data
        )


urlpatterns = [
    re_path(
        r"^states/(?P<iso3>[A-Za-z]{3})/$", StateProfileView.as_view(), name="api-state-profile"
    ),
]
